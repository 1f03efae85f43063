"""Speed of arabnews.load() against spacy.blank("ar") tokenisation, in one run on the same articles.

    python benchmarks/speed.py [--data ../shared/data/ant-v1.1.jsonl.gz] [--n 1500]

Prints words/s of the baseline (spaCy's Arabic tokenizer), of the news tokenizer alone, of each component (its
own time, measured by running the pipeline component by component) and of the whole pipeline, with ratios
against the baseline; then the cost per character for one document of 10 KB, 100 KB, 1 MB and 5 MB (flat means
linear).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import data_path, read_articles  # noqa: E402

import arabnews  # noqa: E402


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="articles .jsonl.gz (default: ../shared/data/ant-v1.1.jsonl.gz)")
    parser.add_argument("--n", type=int, default=1500, help="number of articles (default 1500)")
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000")
    parser.add_argument("--json", help="write the results as JSON here")
    args = parser.parse_args()

    texts = [a["text"] for a in read_articles(data_path("ant-v1.1.jsonl.gz", args.data), args.n)]
    words = _words(texts)
    blank = spacy.blank("ar")
    nlp = arabnews.load()
    results: dict[str, float] = {}

    for t in texts:  # warm-up: fill both vocabularies' string stores and caches before timing
        blank.make_doc(t)
        nlp(t)
    base = timed(lambda: [blank.make_doc(t) for t in texts])
    results["spacy.blank('ar') tokenizer"] = base
    docs: list = []
    results["arabnews tokenizer"] = timed(lambda: docs.extend(nlp.make_doc(t) for t in texts))
    for name, proc in nlp.pipeline:
        results[name] = timed(lambda proc=proc: [proc(d) for d in docs])
    results["arabnews.load() whole pipeline"] = timed(lambda: list(nlp.pipe(texts)))

    print(f"{len(texts)} articles, {words:,} words")
    print(f"{'step':40} {'seconds':>8} {'words/s':>10} {'time / baseline':>16}")
    for name, secs in results.items():
        print(f"{name:40} {secs:8.2f} {words / secs:10,.0f} {secs / base:16.2f}")

    print("\ncost per character, one document of each size (whole pipeline)")
    seed = (Path(__file__).resolve().parent.parent / "seeds" / "000_f3cf03ad0fd9bf49.txt").read_text("utf-8")
    per_char = {}
    for size in (int(s) for s in args.sizes.split(",")):
        text = ((seed + "\n\n") * (size // len(seed) + 1))[:size]
        secs = timed(lambda text=text: nlp(text))
        per_char[size] = secs / size * 1e6
        print(f"{size:>9,} chars {secs:8.2f} s {per_char[size]:8.2f} µs/char "
              f"{per_char[size] / next(iter(per_char.values())):6.2f}× the 10 KB cost")
    if args.json:
        Path(args.json).write_text(json.dumps({"articles": len(texts), "words": words, "seconds": results,
                                               "us_per_char": per_char}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
