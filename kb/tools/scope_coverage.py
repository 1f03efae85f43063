"""KB coverage of a hand-written sample of the issue's scope (kb/tools/scope_sample.tsv).

For each sampled name: in the KB or not, with a verified QID or not. The sample lists every G20 head of state or
government since 2010, EU Council/Commission presidents and High Representatives, UN Secretaries-General, NATO,
Arab League, GCC, AU, IMF, World Bank, OPEC, WHO, IAEA and ICC heads since ~2010, foreign ministers, Arab heads of
state, leaders of parties and armed groups of the region, and outlets.

    python kb/tools/scope_coverage.py [--missing] [--sources DIR]
"""

from __future__ import annotations

import collections
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("-", " ").strip()


def main() -> None:
    args = sys.argv[1:]
    sources = Path(args[args.index("--sources") + 1]) if "--sources" in args else ROOT / "kb" / "sources"
    names: dict[str, dict] = {}
    for f in sorted(sources.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                e = json.loads(line)
                for n in [e["en"], *e.get("aliases_en", [])]:
                    names.setdefault(fold(n), e)
    groups: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    missing = []
    for line in (ROOT / "kb" / "tools" / "scope_sample.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group, name = line.split("\t")
        e = next((names[fold(n)] for n in name.split("|") if fold(n) in names), None)
        name = name.split("|")[0]
        g = groups[group]
        g["n"] += 1
        if e is None:
            missing.append(f"absent\t{group}\t{name}")
            continue
        g["in_kb"] += 1
        if e.get("qid") and e.get("verified"):
            g["verified_qid"] += 1
        else:
            missing.append(f"no QID\t{group}\t{name}")
    total: collections.Counter = collections.Counter()
    for group, g in groups.items():
        total.update(g)
        print(f"{group:12s} n={g['n']:3d} in KB {g['in_kb']:3d} verified QID {g['verified_qid']:3d}")
    print(f"{'all':12s} n={total['n']:3d} in KB {total['in_kb']:3d} ({total['in_kb'] / total['n']:.1%}) "
          f"verified QID {total['verified_qid']:3d} ({total['verified_qid'] / total['n']:.1%})")
    if "--missing" in sys.argv:
        print("\n".join(missing))


if __name__ == "__main__":
    main()
