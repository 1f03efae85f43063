"""Speed of arabnews.render against displaCy's renderers, in one run on the same Docs.

    python benchmarks/render_speed.py [--sizes 10000 100000 1000000 5000000] [--span-limit 200000]

The seed article is processed once with arabnews.load(); longer Docs are that Doc repeated (``Doc.from_docs``, which
keeps the quotes, speakers, entities and boilerplate with their records). For each size it prints the time of
``arabnews.render(doc)`` and, as baselines measured in the same run on the same Doc, displaCy's entity renderer
(``displacy.render(doc, style="ent")``: linear, entities only) and its span renderer (``style="span"`` over the
quotes: per-token markup, compared with every span) up to ``--span-limit`` characters. A flat ``render µs/char``
column and a flat ``render / ent`` ratio mean linear time.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

from spacy import displacy
from spacy.tokens import Doc

import arabnews

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f3cf03ad0fd9bf49.txt"


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 5_000_000])
    parser.add_argument("--span-limit", type=int, default=200_000,
                        help="largest document given to displaCy's span renderer (it is quadratic)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message=r".*\[W102\]")  # Doc.from_docs skips the article metadata
    nlp = arabnews.load()
    seed = nlp(SEED.read_text(encoding="utf-8"))
    print(f"pipeline: {nlp.pipe_names}; seed: {len(seed.text):,} chars, {len(seed.spans.get('quotes', []))} "
          f"quotes, {len(seed.ents)} entities, {len(seed.spans.get('boilerplate', []))} boilerplate spans")
    header = (f"{'chars':>10} {'quotes':>7} {'render s':>9} {'µs/char':>8} {'ent s':>8} {'render/ent':>10} "
              f"{'span s':>8} {'span/render':>11} {'HTML MB':>8}")
    print(header)
    for size in args.sizes:
        copies = max(1, round(size / len(seed.text)))
        doc = Doc.from_docs([seed] * copies) if copies > 1 else seed
        t_render, page = timed(lambda d=doc: arabnews.render(d))
        t_ent, _ = timed(lambda d=doc: displacy.render(d, style="ent")) if doc.ents else (float("nan"), None)
        if len(doc.text) <= args.span_limit:
            t_span, _ = timed(lambda d=doc: displacy.render(d, style="span", options={"spans_key": "quotes"}))
            span_cols = f"{t_span:8.3f} {t_span / t_render:11.1f}"
        else:
            span_cols = f"{'-':>8} {'-':>11}"
        print(f"{len(doc.text):>10,} {len(doc.spans.get('quotes', [])):>7,} {t_render:9.3f} "
              f"{t_render / len(doc.text) * 1e6:8.2f} {t_ent:8.3f} {t_render / t_ent:10.1f} {span_cols} "
              f"{len(page.encode('utf-8')) / 1e6:8.1f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
