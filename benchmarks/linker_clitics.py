"""Clitic-attachment robustness of the linker, on many more mentions than the dev gold's ~85 clitic-attached ones.

    python benchmarks/linker_clitics.py [--gold gold/dev.jsonl] [--limit 0]

The dev gold has only ~85 mentions written with a proclitic, too few to tell 0.97 from 0.99. This benchmark takes
every gold mention of a KB entity that is written WITHOUT a proclitic and that the linker links right in its
article, attaches each proclitic in turn (و ف ب ل and the pairs وب ول فب فل; ل before ال gives لل, as Arabic
writes it), re-links the article with only that mention changed, and checks that the name part (without the
clitic) is linked to the same QID. It is a synthetic check of the clitic rule, reported beside the real-text
number of ``benchmarks/linker.py`` (``clitic_recall_proclitics_only``), not instead of it: the words around the
mention stay as they were, so the sentence is not always grammatical.

Prints, per proclitic and overall: the number of variants and the share linked right, and the first misses.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from linker import gold_docs, make_nlp, with_gold_boilerplate  # noqa: E402

from arabnews.kb import name_key  # noqa: E402

PROCLITICS = ["و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"]


def attach(clitic: str, word: str) -> str:
    """The proclitic written onto the word: ل + ال gives لل (the alef of the article is dropped)."""
    if clitic.endswith("ل") and word.startswith("ال"):
        return clitic + word[1:]
    return clitic + word


def linked(nlp, record: dict) -> dict:
    doc = nlp.get_pipe("arabnews_linker")(with_gold_boilerplate(nlp, record))
    return {(e.start_char, e.end_char): e.kb_id_ for e in doc.ents}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, nargs="*", default=[ROOT / "gold" / "dev.jsonl"])
    parser.add_argument("--limit", type=int, default=0, help="at most this many base mentions (0: all)")
    parser.add_argument("--show", type=int, default=20, help="misses to print")
    args = parser.parse_args(argv)
    nlp = make_nlp()
    kb = nlp.get_pipe("arabnews_linker").kb
    kb_qids = {e.qid for e in kb.entities.values() if e.qid}
    total, right, misses = Counter(), Counter(), []
    bases = 0
    for record in gold_docs(args.gold):
        text = record["text"]
        before = linked(nlp, record)
        for g in record["entities"]:
            qid = g.get("qid")
            if not qid or qid not in kb_qids or before.get((g["start"], g["end"])) != qid:
                continue
            entity = kb.get(qid)
            names = {name_key(n) for n in [entity.ar, *entity.aliases_ar]}
            if name_key(g["text"]) not in names or not ("\u0621" <= g["text"][:1] <= "\u064a"):
                continue  # already clitic-attached, or not an Arabic-script mention
            if g["start"] and text[g["start"] - 1].isalnum():
                continue  # the mention is glued to the word before: no room for a clitic
            bases += 1
            if args.limit and bases > args.limit:
                break
            for clitic in PROCLITICS:
                written = attach(clitic, g["text"])
                shift = len(written) - len(g["text"])
                variant = dict(record, text=text[:g["start"]] + written + text[g["end"]:])
                variant["body"] = [_shifted(b, g["start"], shift) for b in record.get("body") or
                                   [{"start": 0, "end": len(text)}]]
                got = linked(nlp, variant)
                # the span ends where the name ends; it starts at the clitic or after it (للناتو has no
                # separable ل: the whole word is the mention)
                ok = any(kb_id == qid and g["start"] <= s <= g["start"] + len(clitic) and e == g["end"] + shift
                         for (s, e), kb_id in got.items())
                total[clitic] += 1
                right[clitic] += ok
                if not ok:
                    misses.append((record["id"], clitic, written, qid))
        if args.limit and bases > args.limit:
            break
    n, ok = sum(total.values()), sum(right.values())
    print(f"base mentions (linked right, written without a proclitic): {min(bases, args.limit or bases)}")
    for clitic in PROCLITICS:
        if total[clitic]:
            print(f"  {clitic}+  {right[clitic]:5d}/{total[clitic]:<5d} {right[clitic] / total[clitic]:.4f}")
    print(f"all variants: {ok}/{n} = {ok / max(1, n):.4f}")
    for miss in misses[:args.show]:
        print("  miss:", *miss)
    return 0


def _shifted(span: dict, at: int, shift: int) -> dict:
    start = span["start"] + (shift if span["start"] > at else 0)
    end = span["end"] + (shift if span["end"] > at else 0)
    return {**span, "start": start, "end": end}


if __name__ == "__main__":
    raise SystemExit(main())
