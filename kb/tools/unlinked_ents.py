"""Entities the linker emits without a QID on development articles: which names, how often, with what context.

Runs the tokenizer + ``arabnews_linker`` (as ``benchmarks/linker.py`` does) over the first ``--n`` articles of the
development partition (SaudiNewsNet ids before 2015-08-01, then ANT politic/internationalNews/sport/culture/
technology, alternating so both corpora are sampled) and counts ``doc.ents`` whose ``kb_id_`` is empty, by the KB
name they matched. A one-word place or outlet name that is also a common Arabic word (سبق "preceded", آب in
"أغسطس (آب)", صور "pictures") shows up here; such names belong in ``common_word_aliases`` of
``arabnews/data/linker.v1.json`` so they are linked only after a type word, a quote mark or a full mention.

    python kb/tools/unlinked_ents.py [--data ../shared/data] [--n 400] [--show 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEV_ANT = {"politic", "internationalNews", "sport", "culture", "technology"}


def _dev(path: Path, snn: bool):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if snn and d["id"][4:14] >= "2015-08-01":
                continue
            if not snn and d.get("category") not in DEV_ANT:
                continue
            yield d


def dev_articles(data: Path, n: int) -> list[dict]:
    """``n`` development articles, SaudiNewsNet and ANT alternating."""
    out: list[dict] = []
    a, b = _dev(data / "saudinewsnet.jsonl.gz", True), _dev(data / "ant-v1.1.jsonl.gz", False)
    while len(out) < n:
        got = False
        for it in (a, b):
            d = next(it, None)
            if d is not None and len(out) < n:
                out.append(d)
                got = True
        if not got:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--show", type=int, default=2, help="example contexts printed per name")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--json", default="")
    args = ap.parse_args()

    import spacy

    from arabnews.pipeline import MAX_LENGTH

    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("arabnews_linker")
    nlp.initialize()
    arts = dev_articles(Path(args.data), args.n)
    unlinked: collections.Counter = collections.Counter()
    by_type: collections.Counter = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    total = linked = 0
    for d in arts:
        doc = nlp(d.get("text") or "")
        for ent in doc.ents:
            total += 1
            if ent.kb_id_:
                linked += 1
                continue
            name = ent._.kb_name or ent.text
            key = f"{ent.text}\t{name}\t{ent.label_}"
            unlinked[key] += 1
            by_type[ent.label_] += 1
            if len(examples[key]) < args.show:
                s, e = max(0, ent.start - 5), min(len(doc), ent.end + 4)
                examples[key].append(doc[s:e].text.replace("\n", " "))
    print(f"{len(arts)} dev articles: {total} ents, {linked} with a QID, {total - linked} without "
          f"({dict(by_type)})")
    for key, c in unlinked.most_common(args.top):
        print(f"{c:4d}  {key}")
        for ex in examples[key]:
            print(f"        … {ex} …")
    if args.json:
        Path(args.json).write_text(json.dumps({"n": len(arts), "ents": total, "linked": linked,
                                               "unlinked": dict(unlinked)}, ensure_ascii=False, indent=1),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
