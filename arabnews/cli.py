"""Command line: ``python -m arabnews run PATH... [--out FILE.jsonl]``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .io import expand_paths, iter_documents


def _run(args: argparse.Namespace) -> int:
    from .export import doc_to_json
    from .pipeline import load

    paths = expand_paths(args.paths)
    nlp = load()
    single_txt = len(paths) == 1 and paths[0].suffix == ".txt" and not args.out
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    n_docs = 0
    errors: list[str] = []
    try:
        docs = iter_documents(paths, text_field=args.text_field, id_field=args.id_field)

        def as_tuples():
            for d in docs:
                if d.error is None:
                    yield d.text, d
                else:
                    errors.append(d.id)
                    out.write(json.dumps({"id": d.id, "error": d.error}, ensure_ascii=False) + "\n")

        for doc, item in nlp.pipe(as_tuples(), as_tuples=True, batch_size=args.batch_size,
                                  n_process=args.n_process):
            record = doc_to_json(doc, item.id, source_meta=item.meta)
            indent = 2 if single_txt else None
            out.write(json.dumps(record, ensure_ascii=False, indent=indent) + "\n")
            n_docs += 1
    finally:
        if out is not sys.stdout:
            out.close()
    if not single_txt:
        where = f" to {args.out}" if args.out else ""
        print(f"arabnews: {n_docs} documents written{where}, {len(errors)} errors", file=sys.stderr)
    return 0 if not errors else 1


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m arabnews", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="process articles and write one JSON object per document")
    run.add_argument("paths", nargs="+", type=Path, help=".txt, .jsonl, .jsonl.gz files or folders")
    run.add_argument("--out", type=Path, help="output .jsonl (default: stdout)")
    run.add_argument("--text-field", default="text", help="text field of .jsonl records (default: text)")
    run.add_argument("--id-field", default="id", help="id field of .jsonl records (default: id)")
    run.add_argument("--batch-size", type=int, default=32)
    run.add_argument("--n-process", type=int, default=1)
    run.set_defaults(func=_run)
    ev = sub.add_parser("evaluate", help="score arabnews.load() (or --pred records) against gold JSONL files")
    ev.add_argument("gold", nargs="+", type=Path, help="gold .jsonl files (../shared/ANNOTATION.md format)")
    ev.add_argument("--pred", nargs="+", type=Path, help="score these records (gold format) instead of running")
    ev.add_argument("--exclude", nargs="+", help="components to leave out of arabnews.load()")
    ev.add_argument("--json", type=Path, help="also write every score to this JSON file")
    ev.set_defaults(func=_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
