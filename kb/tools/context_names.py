"""Which single-word PERSON names of the KB are also common words: they need context to be linked.

For every one-word Arabic name of a person (a surname or alias such as "حرب", "صالح", "بايدن"), count in the
development partition (SaudiNewsNet before 2015-08-01, ANT politic/internationalNews/sport/culture/technology)
how often the bare word occurs (clitics allowed) and how often it occurs right after another word of one of the
person's multi-word names. A word seen mostly without the rest of the name ("حرب" 4,000 times, "بطرس حرب"
3 times) is a common word: it goes to ``needs_context`` in arabnews/data/linker.v1.json, and the linker links it
only after a full mention in the same document or after a title.

Usage: python kb/tools/context_names.py [../shared/data] [--write]
"""

from __future__ import annotations

import collections
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from arabnews.kb import KnowledgeBase, strip_clitics  # noqa: E402
from arabnews.normalize import normalize  # noqa: E402

DEV_ANT = {"politic", "internationalNews", "sport", "culture", "technology"}
MIN_RATIO = 0.2  # full-name share below which the bare word counts as a common word
MIN_BARE = 30


def dev_texts(data: Path):
    for name in ("saudinewsnet.jsonl.gz", "ant-v1.1.jsonl.gz"):
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d["id"].startswith("snn:") and d["id"][4:14] >= "2015-08-01":
                    continue
                if d["id"].startswith("ant:") and d.get("category") not in DEV_ANT:
                    continue
                yield d.get("text") or ""


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = Path(args[0]) if args else ROOT.parent / "shared" / "data"
    kb = KnowledgeBase.default()
    single: dict[str, set[str]] = collections.defaultdict(set)  # word -> entity ids
    prev_words: dict[str, set[str]] = collections.defaultdict(set)  # word -> words before it in full names
    for e in kb.entities.values():
        if e.type != "PERSON":
            continue
        for key in e.keys:
            if len(key) == 1:
                single[key[0]].add(e.id)
        for key in e.keys:
            for a, b in zip(key, key[1:]):
                if b in single or len(key) > 1:
                    prev_words[b].add(a)
    bare = collections.Counter()
    full = collections.Counter()
    word_re = re.compile(r"\w+")
    for text in dev_texts(data):
        words = [normalize(w) for w in word_re.findall(text)]
        for i, w in enumerate(words):
            forms = [w] + [r for r, _ in strip_clitics(w)]
            hit = next((f for f in forms if f in single), None)
            if hit is None:
                continue
            bare[hit] += 1
            if i and words[i - 1] in prev_words.get(hit, ()):
                full[hit] += 1
    needs = sorted(w for w in single if bare[w] >= MIN_BARE and full[w] / bare[w] < MIN_RATIO)
    if "--all" in sys.argv:
        for w in sorted(single, key=lambda w: -bare[w])[:150]:
            print(f"# {w}\t{bare[w]}\t{full[w]}", file=sys.stderr)
    for w in needs:
        print(f"{w}\t{bare[w]}\t{full[w]}\t{','.join(sorted(single[w]))}")
    print(f"{len(needs)} of {len(single)} one-word person names need context", file=sys.stderr)
    if "--write" in sys.argv:
        path = ROOT / "arabnews" / "data" / "linker.v1.json"
        rules = json.loads(path.read_text(encoding="utf-8"))
        rules["needs_context"]["names"] = needs
        path.write_text(json.dumps(rules, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
