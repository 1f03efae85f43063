"""Annotation helper for the gold set (format and rules: gold/README.md, ../shared/ANNOTATION.md).

It never proposes annotations; it only shows texts, finds character offsets and validates files.

    python gold/tools/annotate.py show ID                # the text, one line per paragraph, with offsets
    python gold/tools/annotate.py find ID STRING          # every occurrence, widened to whole tokens
    python gold/tools/annotate.py validate FILE.jsonl ... # format, offsets, labels, coverage
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SELECTION = HERE.parent / "dev" / "selection.jsonl"
QUOTE_TYPES = {"direct", "indirect", "mixed", "according_to"}
BOILERPLATE_LABELS = {"CREDIT", "SOURCE", "READ_ALSO", "RELATED", "SHARE", "SOCIAL", "COPYRIGHT", "META", "AD"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC"}
QID = re.compile(r"^Q[1-9][0-9]*$")
TOKEN_CHAR = re.compile(r"[\w\u0600-\u06FF\u0640ـ]")


def texts() -> dict[str, str]:
    out = {}
    with open(SELECTION, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out[rec["id"]] = rec["text"]
    return out


def show(doc_id: str) -> None:
    text = texts()[doc_id]
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            print(f"[{pos}-{pos + len(line)}] {line}")
        pos += len(line) + 1
    print(f"(length {len(text)})")


def find(doc_id: str, needle: str) -> None:
    text = texts()[doc_id]
    start = text.find(needle)
    while start != -1:
        s, e = start, start + len(needle)
        while s > 0 and TOKEN_CHAR.match(text[s - 1]):
            s -= 1
        while e < len(text) and TOKEN_CHAR.match(text[e]):
            e += 1
        ctx = text[max(0, s - 30):e + 30].replace("\n", " ")
        print(f"exact {start}-{start + len(needle)} | token {s}-{e} {text[s:e]!r} | ...{ctx}...")
        start = text.find(needle, start + 1)


def _check_span(errors: list[str], where: str, text: str, span: dict | None, *, required: bool = True) -> None:
    if span is None:
        if required:
            errors.append(f"{where}: missing span")
        return
    s, e = span.get("start"), span.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        errors.append(f"{where}: bad offsets {s}-{e}")
        return
    if text[s:e] != span.get("text"):
        errors.append(f"{where}: text {span.get('text')!r} != text[{s}:{e}] {text[s:e]!r}")
    if text[s:e] != text[s:e].strip():
        errors.append(f"{where}: span {s}-{e} starts or ends with whitespace")


def validate_record(rec: dict) -> list[str]:
    errors: list[str] = []
    text = rec.get("text")
    if not isinstance(text, str) or not rec.get("id"):
        return ["record needs id and text"]
    for i, span in enumerate(rec.get("body", [])):
        _check_span(errors, f"body[{i}]", text, span)
    for i, span in enumerate(rec.get("boilerplate", [])):
        _check_span(errors, f"boilerplate[{i}]", text, span)
        if span.get("label") not in BOILERPLATE_LABELS:
            errors.append(f"boilerplate[{i}]: label {span.get('label')!r}")
    covered = sorted((s["start"], s["end"]) for s in rec.get("body", []) + rec.get("boilerplate", []))
    for (s1, e1), (s2, e2) in zip(covered, covered[1:]):
        if s2 < e1:
            errors.append(f"body/boilerplate overlap at {s2}")
        elif text[e1:s2].strip():
            errors.append(f"text {e1}-{s2} {text[e1:s2][:40]!r} is neither body nor boilerplate")
    if covered and text[: covered[0][0]].strip():
        errors.append("text before the first body/boilerplate span is not covered")
    if covered and text[covered[-1][1]:].strip():
        errors.append("text after the last body/boilerplate span is not covered")
    for i, q in enumerate(rec.get("quotes", [])):
        where = f"quotes[{i}]"
        if q.get("type") not in QUOTE_TYPES:
            errors.append(f"{where}: type {q.get('type')!r}")
        if not q.get("content"):
            errors.append(f"{where}: no content")
        for j, span in enumerate(q.get("content", [])):
            _check_span(errors, f"{where}.content[{j}]", text, span)
        _check_span(errors, f"{where}.cue", text, q.get("cue"), required=False)
        _check_span(errors, f"{where}.speaker", text, q.get("speaker"), required=False)
        qid = q.get("speaker_qid")
        if qid is not None and not QID.match(str(qid)):
            errors.append(f"{where}: speaker_qid {qid!r}")
        if not isinstance(q.get("anonymous"), bool):
            errors.append(f"{where}: anonymous must be true/false")
        if "speaker_name" not in q:
            errors.append(f"{where}: speaker_name missing (null allowed)")
    ents = rec.get("entities", [])
    for i, ent in enumerate(ents):
        _check_span(errors, f"entities[{i}]", text, ent)
        if ent.get("label") not in ENTITY_LABELS:
            errors.append(f"entities[{i}]: label {ent.get('label')!r}")
        if ent.get("qid") is not None and not QID.match(str(ent.get("qid"))):
            errors.append(f"entities[{i}]: qid {ent.get('qid')!r}")
    spans = sorted((e["start"], e["end"]) for e in ents if isinstance(e.get("start"), int))
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        if s2 < e1:
            errors.append(f"entities overlap at {s1}-{e1} / {s2}-{e2}")
    return errors


def validate(paths: list[str]) -> int:
    bad = 0
    known = texts() if SELECTION.exists() else {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                errors = validate_record(rec)
                if rec.get("id") in known and known[rec["id"]] != rec.get("text"):
                    errors.append("text differs from the corpus text in selection.jsonl")
                for err in errors:
                    bad += 1
                    print(f"{path}:{n} {rec.get('id')}: {err}")
    print("ok" if not bad else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "show":
        show(args[0])
    elif cmd == "find":
        find(args[0], args[1])
    elif cmd == "validate":
        sys.exit(validate(args))
    else:
        print(__doc__)
