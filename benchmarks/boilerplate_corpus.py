"""Real articles have almost no furniture: how the boilerplate rules of two versions differ on them.

Runs ``find_boilerplate`` of the working tree and of a git revision (``--base``, default the session-1 code
c426a02) over the development partition (SaudiNewsNet before 2015-08-01, ANT politic / internationalNews / sport /
culture / technology) and lists the articles whose spans differ: MORE (the current code labels more characters)
or LESS. A new span on a clean article is almost always a body loss, so MORE rows are the ones to read.

    python benchmarks/boilerplate_corpus.py                    # whole development partition (~18,500 articles)
    python benchmarks/boilerplate_corpus.py --limit 3000 --base HEAD~3
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import types

from _data import ROOT, data_path, read_articles

import arabnews.boilerplate as current
from arabnews.data import read_json

DEV_ANT = {"politic", "internationalNews", "sport", "culture", "technology"}


def module_at(rev: str) -> types.ModuleType:
    """``arabnews/boilerplate.py`` as it was at ``rev`` (its functions only, not the registered component)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:arabnews/boilerplate.py"], capture_output=True,
                         text=True, check=True).stdout
    mod = types.ModuleType(f"arabnews._boilerplate_{rev}")
    mod.__package__ = "arabnews"
    sys.modules[mod.__name__] = mod
    exec(compile(src.split("class BoilerplateLabeller")[0], f"boilerplate@{rev}", "exec"), mod.__dict__)
    return mod


def dev_articles(data: str | None, limit: int | None):
    n = 0
    for name in ("saudinewsnet.jsonl.gz", "ant-v1.1.jsonl.gz"):
        for rec in read_articles(data_path(name, f"{data}/{name}" if data else None)):
            if name.startswith("saudi") and rec["id"].split(":")[1] >= "2015-08-01":
                continue
            if name.startswith("ant") and rec.get("category") not in DEV_ANT:
                continue
            yield rec
            n += 1
            if limit and n >= limit:
                return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="c426a02", help="git revision to compare with (default: session-1 code)")
    ap.add_argument("--data", help="folder of saudinewsnet.jsonl.gz and ant-v1.1.jsonl.gz (default ../shared/data)")
    ap.add_argument("--limit", type=int, default=0, help="stop after this many articles (default: all)")
    args = ap.parse_args()
    base = module_at(args.base)
    data = read_json(current.DATA_FILE)
    # the base version reads the current data file (a key it does not know is ignored)
    lex_base, lex_now = base.Lexicon(copy.deepcopy(data)), current.Lexicon(copy.deepcopy(data))
    rows, n = [], 0
    for rec in dev_articles(args.data, args.limit or None):
        n += 1
        text = rec["text"]
        old = set(base.find_boilerplate(text, lex_base))
        new = set(current.find_boilerplate(text, lex_now))
        if old != new:
            more = sum(e - s for s, e, _ in new) > sum(e - s for s, e, _ in old)
            rows.append((rec["id"], "MORE" if more else "LESS",
                         [(text[s:e][:70], lab) for s, e, lab in sorted(new - old)][:3],
                         [(text[s:e][:70], lab) for s, e, lab in sorted(old - new)][:3]))
    print(f"{n} development articles; {len(rows)} differ from {args.base}: "
          f"{sum(r[1] == 'MORE' for r in rows)} with more boilerplate, {sum(r[1] == 'LESS' for r in rows)} with less")
    for rid, kind, added, removed in sorted(rows, key=lambda r: r[1] != "MORE"):
        print(f"{kind} {rid}\n  now:    {added}\n  before: {removed}")


if __name__ == "__main__":
    main()
