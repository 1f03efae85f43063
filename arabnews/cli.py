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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FileNotFoundError as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
