"""Fill in a verified QID: set it on one source entry and record the evidence row in kb/evidence/qids.tsv.

    python kb/tools/set_qid.py "Hezbollah" Q41053 "<file> (read_file id ...) <row>" [--by NAME]
    python kb/tools/set_qid.py --add people '{"qid": "Q41563", "type": "PERSON", ...}' [--by NAME]
    python kb/tools/set_qid.py --check                      # consistency of sources and qids.tsv, no change

The entry is found by its English name (``en``) in kb/sources/*.jsonl; it must have ``qid: null`` (or already the
same QID). The QID must not be used by another entry. The entry gets ``qid``, ``verified: true`` and ``evidence``
(the same text as the evidence row). Only write a QID that public text pairs with the name (kb/sources/README.md).
``--add FILE JSON`` appends a new entry (all keys, in the documented order) to kb/sources/FILE.jsonl; if it has a
QID, its ``evidence`` becomes the evidence row. Run ``python -m arabnews kb compile --in-place`` afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "kb" / "sources"
EVIDENCE = ROOT / "kb" / "evidence" / "qids.tsv"
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
KEYS = ["qid", "type", "en", "ar", "aliases_ar", "aliases_en", "description", "country", "roles", "prominence",
        "verified", "evidence"]


def _load() -> dict[Path, list[dict]]:
    return {p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
            for p in sorted(SOURCES.glob("*.jsonl"))}


def _evidence_qids() -> dict[str, str]:
    with EVIDENCE.open(encoding="utf-8") as fh:
        return {row["qid"]: row["english_name"] for row in csv.DictReader(fh, delimiter="\t")}


def check() -> int:
    """Every QID in the sources is unique, verified and has an evidence row with the same English name."""
    problems = []
    seen: dict[str, str] = {}
    ev = _evidence_qids()
    for entries in _load().values():
        for e in entries:
            q = e["qid"]
            if not q:
                continue
            if q in seen:
                problems.append(f"{q} twice: {seen[q]} / {e['en']}")
            seen[q] = e["en"]
            if not e["verified"]:
                problems.append(f"{q} {e['en']}: qid set but verified false")
            if q not in ev:
                problems.append(f"{q} {e['en']}: no evidence row")
            elif ev[q] != e["en"]:
                problems.append(f"{q} {e['en']}: evidence row names {ev[q]!r}")
    for p in problems:
        print(p)
    print(f"{len(seen)} QIDs in the sources, {len(ev)} evidence rows, {len(problems)} problems")
    return 1 if problems else 0


def set_qid(en: str, qid: str, evidence: str, by: str) -> None:
    if not QID_RE.match(qid):
        sys.exit(f"not a QID: {qid}")
    if "\t" in evidence or "\n" in evidence:
        sys.exit("evidence must be one line without tabs")
    data = _load()
    hits = [(p, i) for p, entries in data.items() for i, e in enumerate(entries) if e["en"] == en]
    if len(hits) != 1:
        sys.exit(f"{len(hits)} entries named {en!r}")
    path, idx = hits[0]
    entry = data[path][idx]
    for p, entries in data.items():
        for e in entries:
            if e["qid"] == qid and e is not entry:
                sys.exit(f"{qid} already belongs to {e['en']!r} ({p.name})")
    if entry["qid"] not in (None, qid):
        sys.exit(f"{en!r} already has {entry['qid']}")
    ev = _evidence_qids()
    if qid in ev and ev[qid] != en:
        sys.exit(f"qids.tsv already pairs {qid} with {ev[qid]!r}")
    entry["qid"], entry["verified"], entry["evidence"] = qid, True, evidence
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in data[path]), encoding="utf-8")
    if qid not in ev:
        with EVIDENCE.open("a", encoding="utf-8") as fh:
            fh.write("\t".join([qid, en, entry["ar"], evidence, by]) + "\n")
    print(f"{qid}\t{en}\t{path.name}:{idx + 1}")


def add_entry(file: str, line: str, by: str) -> None:
    entry = json.loads(line)
    if list(entry) != KEYS:
        sys.exit(f"keys must be, in order: {KEYS}")
    data = _load()
    path = SOURCES / f"{file}.jsonl"
    if path not in data:
        sys.exit(f"no source file {path}")
    if any(e["en"] == entry["en"] for entries in data.values() for e in entries):
        sys.exit(f"an entry named {entry['en']!r} exists: use set_qid")
    qid = entry["qid"]
    if qid:
        if not QID_RE.match(qid) or entry["verified"] is not True:
            sys.exit("a QID needs verified: true")
        if any(e["qid"] == qid for entries in data.values() for e in entries):
            sys.exit(f"{qid} is already used")
        ev = _evidence_qids()
        if qid in ev and ev[qid] != entry["en"]:
            sys.exit(f"qids.tsv already pairs {qid} with {ev[qid]!r}")
    elif entry["verified"]:
        sys.exit("no QID: verified must be false")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    if qid and qid not in _evidence_qids():
        with EVIDENCE.open("a", encoding="utf-8") as fh:
            fh.write("\t".join([qid, entry["en"], entry["ar"], entry["evidence"], by]) + "\n")
    print(f"{qid}\t{entry['en']}\t{path.name} (new)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("en", nargs="?")
    ap.add_argument("qid", nargs="?")
    ap.add_argument("evidence", nargs="?")
    ap.add_argument("--by", default="kb-qids")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--add", nargs=2, metavar=("FILE", "JSON"))
    args = ap.parse_args()
    if args.check:
        sys.exit(check())
    if args.add:
        add_entry(args.add[0], args.add[1], args.by)
        return
    if not (args.en and args.qid and args.evidence):
        ap.error("EN QID EVIDENCE are required")
    set_qid(args.en, args.qid, args.evidence, args.by)


if __name__ == "__main__":
    main()
