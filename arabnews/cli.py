"""Command line: ``python -m arabnews run PATH... [--out FILE.jsonl]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import Errors
from .io import expand_paths


def _run(args: argparse.Namespace) -> int:
    from .corpus import run_corpus

    paths = expand_paths(args.paths)
    single_txt = len(paths) == 1 and paths[0].suffix == ".txt" and not args.out
    options = {"exclude": args.exclude} if args.exclude else None
    previous = _stop_on_sigterm()
    try:
        summary = run_corpus(paths, args.out, text_field=args.text_field, id_field=args.id_field,
                             n_process=args.n_process, batch_size=args.batch_size, options=options,
                             quotes_out=args.quotes_out, quotes_format=args.quotes_format,
                             overwrite=args.overwrite, retry_errors=args.retry_errors, progress=args.progress,
                             scheduler=args.scheduler, indent=2 if single_txt else None,
                             doc_timeout=args.doc_timeout or None)
    except KeyboardInterrupt:
        print("arabnews: interrupted; re-run the same command to resume", file=sys.stderr)
        return 130
    except (ValueError, ImportError) as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)
    if not single_txt:
        print(summary.format(), file=sys.stderr)
    if args.summary_json:
        args.summary_json.write_text(json.dumps(summary.as_dict(), indent=2), encoding="utf-8")
    return 0 if not summary.errors else 1


def _stop_on_sigterm():
    """SIGTERM (kill, systemd, Kubernetes) stops a run like Ctrl-C: workers stopped, output resumable, exit 130.
    Also makes a run started in the background (where SIGINT is ignored) stoppable cleanly."""
    import signal
    import threading

    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, stop)  # the previous handler, restored after the run


def _who_said(args: argparse.Namespace) -> int:
    from .whosaid import main as who_said_main

    return who_said_main(args)


def _quotes(args: argparse.Namespace) -> int:
    from .quote_export import export_quotes

    try:
        n = export_quotes(args.outputs, args.out, args.format)
    except (ValueError, ImportError) as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
    print(f"arabnews: {n:,} quotes written to {args.out}", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from . import evaluation

    try:
        gold = evaluation.read_gold(*args.gold)
        pred = evaluation.read_predictions(*args.pred) if args.pred else []
    except ValueError as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
    if args.pred:
        pipeline = None
        ids = {p["id"] for p in pred}
        if any(g["id"] not in ids for g in gold):
            print(f"arabnews: scoring the {sum(g['id'] in ids for g in gold)} of {len(gold)} gold documents "
                  "that have a prediction", file=sys.stderr)
            gold = [g for g in gold if g["id"] in ids]
    else:
        from .pipeline import load

        nlp = load(exclude=args.exclude or ())
        pred, pipeline = evaluation.predict_records(nlp, gold), list(nlp.pipe_names)
    scores = {"gold": [str(p) for p in args.gold], "pred": [str(p) for p in args.pred or []],
              "pipeline": pipeline, "n_docs": len(gold), **evaluation.score_all(gold, pred)}
    print(evaluation.format_report(scores))
    if args.json:
        args.json.write_text(json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def _kb_compile(args: argparse.Namespace) -> int:
    from .kb import compile_sources, source_files, write_artefact

    paths = source_files(args.sources)
    if not paths:
        raise FileNotFoundError(f"no .jsonl KB source files in {args.sources}")
    if args.out is None and not args.in_place:
        raise ValueError(Errors.E015)
    out = args.out or Path(__file__).parent / "data" / "kb.v1.json"
    artefact = compile_sources(paths)
    if not artefact["entities"]:
        raise ValueError(Errors.E016.format(n_files=len(paths), sources=args.sources))
    write_artefact(artefact, out)
    print(f"arabnews: {len(artefact['entities'])} entities from {len(paths)} files written to {out}", file=sys.stderr)
    return 0


def _kb_build(args: argparse.Namespace) -> int:
    from .kb_build import build_from_dump

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        n_read, n_kept = build_from_dump(args.wikidata_json, out)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"arabnews: {n_kept} KB records from {n_read} Wikidata entities", file=sys.stderr)
    return 0


def _render(args: argparse.Namespace) -> int:
    import re

    from .errors import Errors
    from .io import iter_documents
    from .pipeline import load
    from .render import render

    docs = iter_documents(args.input, text_field=args.text_field, id_field=args.id_field)
    docs = (d for d in docs if d.error is None and (args.id is None or d.id == args.id))
    to_dir = args.out is not None and (args.out.is_dir() or str(args.out).endswith(("/", "\\")))
    nlp, n = load(), 0
    for item in docs:
        doc = nlp(item.text)
        doc.user_data.setdefault("title", str(item.meta.get("title") or item.id))
        page = render(doc)
        if to_dir:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / (re.sub(r"[^\w.-]+", "_", item.id) + ".html")).write_text(page, encoding="utf-8")
        elif args.out is not None:
            args.out.write_text(page, encoding="utf-8")
        else:
            sys.stdout.write(page)
        n += 1
        if not to_dir or n >= args.limit:
            break
    if not n:
        which = f" with id {args.id!r}" if args.id else ""
        print(f"arabnews: {Errors.E091.format(paths=', '.join(map(str, args.input)), which=which)}", file=sys.stderr)
        return 2
    if args.out is not None:
        print(f"arabnews: {n} page{'s' if n > 1 else ''} written to {args.out}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import report

    report(args.outputs, args.out, top=args.top)
    print(f"arabnews: report written to {args.out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m arabnews", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="process articles and write one JSON object per document")
    run.add_argument("paths", nargs="+", type=Path, help=".txt, .jsonl, .jsonl.gz files or folders")
    run.add_argument("--out", type=Path, help="output .jsonl (default: stdout)")
    run.add_argument("--text-field", default="text", help="text field of .jsonl records (default: text)")
    run.add_argument("--id-field", default="id", help="id field of .jsonl records (default: id)")
    run.add_argument("--batch-size", type=int, default=32, help="documents per batch sent to a worker (default 32)")
    run.add_argument("--n-process", type=int, default=1, help="worker processes (default 1; use your core count)")
    run.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786): its workers do the processing "
                     "(extra 'dask'); see docs/corpus.md")
    run.add_argument("--quotes-out", type=Path, help="also write one row per quote to this .jsonl/.csv/.parquet")
    run.add_argument("--quotes-format", choices=("jsonl", "csv", "parquet"), help="(default: from the suffix)")
    run.add_argument("--overwrite", action="store_true", help="start --out again instead of resuming it")
    run.add_argument("--doc-timeout", type=float, default=300, metavar="SECONDS",
                     help="a document taking longer is recorded as failed and the run goes on (default 300; 0: none)")
    run.add_argument("--retry-errors", action="store_true", help="when resuming, re-process failed documents")
    run.add_argument("--exclude", nargs="+", help="components to leave out of arabnews.load()")
    run.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="progress bar with docs/s and ETA on stderr (default: when stderr is a terminal)")
    run.add_argument("--summary-json", type=Path, help="also write the final summary to this JSON file")
    run.set_defaults(func=_run)
    kb_parser = sub.add_parser("kb", help="knowledge base of the entity linker")
    kb = kb_parser.add_subparsers(dest="kb_command", required=True)
    kb_compile = kb.add_parser("compile", help="compile kb/sources/*.jsonl into arabnews/data/kb.v1.json")
    kb_compile.add_argument("--sources", type=Path, default=Path("kb/sources"), help="folder of source .jsonl files")
    kb_compile.add_argument("--out", type=Path, help="output .json, or .msgpack for the binary form with built indexes "
                            "(default: the package's data/kb.v1.json)")
    kb_compile.add_argument("--in-place", action="store_true",
                            help="replace the package's data/kb.v1.json (maintainers: after editing kb/sources)")
    kb_compile.set_defaults(func=_kb_compile)
    kb_build = kb.add_parser("build", help="KB source records (.jsonl) from a Wikidata JSON dump")
    kb_build.add_argument("--wikidata-json", type=Path, required=True, help="dump, one entity per line (.json[.gz])")
    kb_build.add_argument("--out", type=Path, help="output .jsonl for the linker's kb_paths (default: stdout)")
    kb_build.set_defaults(func=_kb_build)
    ws = sub.add_parser("who-said", help="a speaker's quotes across run outputs (syndicated copies merged), "
                        "or the top speakers")
    ws.add_argument("outputs", nargs="+", type=Path, help="--out files of `run` (.jsonl or .jsonl.gz)")
    ws.add_argument("--speaker", help="Wikidata QID of the speaker (e.g. Q57)")
    ws.add_argument("--name", help="speaker name (matched on arabnews.normalize keys, Arabic or English)")
    ws.add_argument("--top", type=int, help="show the N most quoted speakers (default 20 with no --speaker/--name)")
    ws.add_argument("--threshold", type=float, default=0.8,
                    help="near-duplicate threshold: share of the shorter quote's word 3-grams (default 0.8)")
    ws.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ws.set_defaults(func=_who_said)
    qo = sub.add_parser("quotes", help="write the quotes of run outputs, one row per quote (.jsonl/.csv/.parquet)")
    qo.add_argument("outputs", nargs="+", type=Path, help="--out files of `run`")
    qo.add_argument("--out", type=Path, required=True, help="quotes file: .jsonl, .csv or .parquet")
    qo.add_argument("--format", choices=("jsonl", "csv", "parquet"), help="(default: from the suffix)")
    qo.set_defaults(func=_quotes)
    ev = sub.add_parser("evaluate", help="score arabnews.load() (or --pred records) against gold JSONL files")
    ev.add_argument("gold", nargs="+", type=Path, help="gold .jsonl files (../shared/ANNOTATION.md format)")
    ev.add_argument("--pred", nargs="+", type=Path, help="score these records (gold format) instead of running")
    ev.add_argument("--exclude", nargs="+", help="components to leave out of arabnews.load()")
    ev.add_argument("--json", type=Path, help="also write every score to this JSON file")
    ev.set_defaults(func=_evaluate)
    rd = sub.add_parser("render", help="HTML page for visual review: quotes, speakers, links, boilerplate")
    rd.add_argument("input", nargs="+", type=Path, help=".txt, .jsonl, .jsonl.gz or .html article(s)")
    rd.add_argument("--out", type=Path, help="page.html, or a folder/ for one page per document (default: stdout)")
    rd.add_argument("--id", help="render the document with this id (.jsonl input)")
    rd.add_argument("--limit", type=int, default=50, help="pages written into a --out folder (default 50)")
    rd.add_argument("--text-field", default="text", help="text field of .jsonl records (default: text)")
    rd.add_argument("--id-field", default="id", help="id field of .jsonl records (default: id)")
    rd.set_defaults(func=_render)
    rp = sub.add_parser("report", help="HTML corpus report over run outputs: speakers, outlets, anonymous, types")
    rp.add_argument("outputs", nargs="+", type=Path, help="--out files of `run` (.jsonl or .jsonl.gz)")
    rp.add_argument("--out", type=Path, required=True, help="report.html")
    rp.add_argument("--top", type=int, default=20, help="speakers in the top-speakers chart (default 20)")
    rp.set_defaults(func=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError, ImportError) as err:
        if not isinstance(err, FileNotFoundError) and not str(err).startswith("[E"):
            raise  # not one of ours: a bug, keep its traceback
        print(f"arabnews: {err}", file=sys.stderr)  # a coded error: the message, not a traceback
        return 2
