"""Build the adjudicated dev gold (gold/dev.jsonl) from the primary annotation (gold/dev/batch_A/B/C.jsonl).

The adjudication is written down as data so that it can be re-read and re-run:
- `systematic(...)` applies the unified rules of gold/README.md that can be stated mechanically (speaker span
  without the title, no separate preposition/complementizer at the start of indirect content, "government/army +
  nationality adjective" is not an entity, QIDs filled from the evidence files by exact English name, ...);
- `gold/tools/adjudication_edits.py` holds the per-article decisions taken by reading the Arabic (EDITS), and the
  set of articles that have been reviewed (REVIEWED; others keep "adjudicated": false).
Nothing here proposes annotations from a model; the project's NLP components are never used.

    python3 gold/tools/adjudicate.py            # writes gold/dev.jsonl and prints the changelog counts
    python3 gold/tools/annotate.py validate gold/dev.jsonl
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
DEV = GOLD / "dev"
KB = GOLD.parent / "kb"
TOKEN_CHAR = re.compile(r"[\w\u0600-\u06FF]")

LOG: Counter = Counter()
STRIPPED: list = []


def qid_index() -> dict[str, set[str]]:
    """English name (casefolded) -> QIDs, from the evidence files only."""
    out: dict[str, set[str]] = {}
    with open(KB / "evidence" / "qids.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(row["english_name"].casefold(), set()).add(row["qid"])
    for name in ("people", "organisations", "places"):
        with open(KB / "sources" / f"{name}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec.get("verified") and rec.get("qid"):
                    out.setdefault(rec["en"].casefold(), set()).add(rec["qid"])
    return out


def verified_qids() -> set[str]:
    return {q for qs in qid_index().values() for q in qs}


class Editor:
    """Small helpers to edit one record by reading its text; every change is counted in LOG by kind."""

    def __init__(self, rec: dict) -> None:
        self.rec = rec
        self.text = rec["text"]

    # -- locating ---------------------------------------------------------------------------------------------
    def find(self, needle: str, n: int = 0, after: int = 0) -> tuple[int, int]:
        start = self.text.find(needle, after)
        for _ in range(n):
            start = self.text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{self.rec['id']}: {needle!r} (#{n} after {after}) not found")
        return start, start + len(needle)

    def token(self, needle: str, n: int = 0, after: int = 0) -> tuple[int, int]:
        s, e = self.find(needle, n, after)
        while s > 0 and TOKEN_CHAR.match(self.text[s - 1]):
            s -= 1
        while e < len(self.text) and TOKEN_CHAR.match(self.text[e]):
            e += 1
        return s, e

    def span(self, s: int, e: int) -> dict:
        return {"start": s, "end": e, "text": self.text[s:e]}

    def sp(self, needle: str, n: int = 0, after: int = 0) -> dict:
        return self.span(*self.find(needle, n, after))

    # -- entities ---------------------------------------------------------------------------------------------
    def ent_index(self, needle: str, n: int = 0) -> int:
        hits = [i for i, e in enumerate(self.rec["entities"]) if e["text"] == needle]
        if len(hits) <= n:
            raise ValueError(f"{self.rec['id']}: entity {needle!r} #{n} not found")
        return hits[n]

    def ent_add(self, needle: str, label: str, name: str, qid: str | None = None, n: int = 0, after: int = 0,
                whole_token: bool = True, kind: str = "entity mention added") -> None:
        s, e = self.token(needle, n, after) if whole_token else self.find(needle, n, after)
        for other in self.rec["entities"]:
            if other["start"] < e and s < other["end"]:
                raise ValueError(f"{self.rec['id']}: new entity {self.text[s:e]!r} overlaps {other['text']!r}")
        self.rec["entities"].append({**self.span(s, e), "label": label, "name": name, "qid": qid})
        self.rec["entities"].sort(key=lambda x: x["start"])
        LOG[kind] += 1

    def ent_add_all(self, needle: str, label: str, name: str, qid: str | None = None) -> None:
        """Add every not yet annotated whole-token occurrence of needle."""
        start = self.text.find(needle)
        while start >= 0:
            s, e = self.token(needle, 0, start)
            if not any(o["start"] < e and s < o["end"] for o in self.rec["entities"]):
                self.ent_add(needle, label, name, qid, after=start)
            start = self.text.find(needle, start + 1)

    def ent_del(self, needle: str, n: int = 0, kind: str = "entity mention removed") -> None:
        del self.rec["entities"][self.ent_index(needle, n)]
        LOG[kind] += 1

    def ent_del_all(self, needle: str, kind: str = "entity mention removed") -> None:
        before = len(self.rec["entities"])
        self.rec["entities"] = [e for e in self.rec["entities"] if e["text"] != needle]
        LOG[kind] += before - len(self.rec["entities"])

    def ent_set(self, needle: str, n: int = 0, every: bool = False, **changes) -> None:
        idx = [i for i, e in enumerate(self.rec["entities"]) if e["text"] == needle] if every else [
            self.ent_index(needle, n)]
        for i in idx:
            ent = self.rec["entities"][i]
            for key, value in changes.items():
                if key == "span":
                    s, e = self.find(value, 0, max(0, ent["start"] - len(value)))
                    ent.update(self.span(s, e))
                    LOG["entity span changed"] += 1
                elif ent.get(key) != value:
                    ent[key] = value
                    LOG[{"label": "entity label changed", "name": "entity name changed",
                         "qid": "entity QID changed"}[key]] += 1

    def name_all(self, old: str, new: str) -> None:
        """Rename an entity/speaker name everywhere in the record (one canonical English name)."""
        for e in self.rec["entities"]:
            if e.get("name") == old:
                e["name"] = new
                LOG["entity name changed"] += 1
        for q in self.rec["quotes"]:
            if q.get("speaker_name") == old:
                q["speaker_name"] = new
                LOG["speaker name changed"] += 1

    # -- quotes -----------------------------------------------------------------------------------------------
    def q(self, i: int) -> dict:
        return self.rec["quotes"][i]

    def q_del(self, i: int, kind: str = "quote removed") -> None:
        self.rec["quotes"][i] = None
        LOG[kind] += 1

    def q_add(self, type_: str, content: list[tuple[str, int]] | list[str], cue: tuple[str, int] | str | None,
              speaker: tuple[str, int] | str | None, speaker_name: str | None, speaker_qid: str | None = None,
              anonymous: bool = False, after: int = 0) -> None:
        def one(x):
            if x is None:
                return None
            if isinstance(x, str):
                return self.sp(x, 0, after)
            return self.sp(x[0], 0, x[1])

        self.rec["quotes"].append({"type": type_, "content": [one(c) for c in content], "cue": one(cue),
                                   "speaker": one(speaker), "speaker_name": speaker_name,
                                   "speaker_qid": speaker_qid, "anonymous": anonymous})
        LOG["quote added"] += 1

    def q_copy(self, quote: dict, kind: str = "quote added") -> None:
        """Take a quote over from another annotation of the same text (e.g. D's), checked by reading it."""
        for span in quote["content"] + [quote.get("cue"), quote.get("speaker")]:
            if span and self.text[span["start"]:span["end"]] != span["text"]:
                raise ValueError(f"{self.rec['id']}: copied span {span['text']!r} does not match the text")
        self.rec["quotes"].append(json.loads(json.dumps(quote)))
        LOG[kind] += 1

    def q_set(self, i: int, **changes) -> None:
        """Spans are given as "text" (first occurrence) or ("text", search_from_offset)."""
        q = self.rec["quotes"][i]
        for key, value in changes.items():
            if key == "content":
                q["content"] = [self.sp(c[0], 0, c[1]) if isinstance(c, tuple) else self.sp(c) for c in value]
                LOG["quote content boundaries changed"] += 1
            elif key in ("cue", "speaker"):
                q[key] = None if value is None else (
                    self.sp(value[0], 0, value[1]) if isinstance(value, tuple) else self.sp(value))
                LOG[f"quote {key} span changed"] += 1
            elif key == "type":
                q["type"] = value
                LOG["quote type changed"] += 1
            elif key == "anonymous":
                q["anonymous"] = value
                LOG["quote anonymous flag changed"] += 1
            elif key == "speaker_name":
                q["speaker_name"] = value
                LOG["speaker name changed"] += 1
            elif key == "speaker_qid":
                q["speaker_qid"] = value
                LOG["speaker QID changed"] += 1
            else:
                raise KeyError(key)

    # -- body / boilerplate -----------------------------------------------------------------------------------
    def set_layout(self, body: list[tuple[int, int]], boilerplate: list[tuple[int, int, str]]) -> None:
        self.rec["body"] = [self.span(s, e) for s, e in body]
        self.rec["boilerplate"] = [{**self.span(s, e), "label": lab} for s, e, lab in boilerplate]
        LOG["body/boilerplate layout changed"] += 1


NATIONALITY_INSTITUTION = re.compile(
    r"^(?:[وبل]|وب|ول|فـ)?(?:ال|لل)?(?:حكومة|جيش|قوات|إدارة|سلطات|أمن|شرطة|برلمان|رئاسة|بحرية)"
    r"\s+(?:ال)?\S+(?:ية|ي)$")
NOT_NATIONALITY = {"الشرطة الأوروبية"}  # Europol: a proper name, not "police + nationality"
ADMIN_HEAD = re.compile(r"^(?:[وبل]|وب|ول)?(?:منطقة|محافظة|ولاية|مدينة|ناحية)\s+")
OUTLET_BEFORE = re.compile(r"(?<![\w\u0600-\u06FF])(?:[وبل]|لل)?(?:ال)?(?:صحيفة|صحيفتي|مجلة|وكالة|موقع|قناة|شبكة|إذاعة)"
                           r"\s+(?P<mark>[«\"“(]?)$")
CLOSING = {"«": "»", '"': '"', "“": "”", "(": ")"}
LEADING_LINK = re.compile(r"^(?:على|إلى|الى|عن|أن|إن|بأن|ان)\s+")
TITLE_FREE_LABELS = {"PERSON"}


def systematic(rec: dict) -> None:
    ed = Editor(rec)
    text = rec["text"]
    ents = rec["entities"]
    # 1. speaker span = the name without its title when the speaker is a named person (seed: "ينس ستولتنبرغ")
    for q in rec["quotes"]:
        sp = q.get("speaker")
        if not sp:
            continue
        inside = [e for e in ents if e["label"] in TITLE_FREE_LABELS and sp["start"] <= e["start"]
                  and e["end"] <= sp["end"] and e["end"] - e["start"] < sp["end"] - sp["start"]
                  and e.get("name") == q.get("speaker_name")]
        if inside:
            e = inside[-1]
            q["speaker"] = ed.span(e["start"], e["end"])
            LOG["speaker span: title removed (name only)"] += 1
    # 1b. a speaker that is a news outlet keeps its descriptor noun and marks (seed: "وكالة أسوشيتد برس")
    for q in rec["quotes"]:
        sp = q.get("speaker")
        if not sp:
            continue
        m = OUTLET_BEFORE.search(text, 0, sp["start"])
        if m and m.end() == sp["start"]:
            end = sp["end"]
            opening = m.group("mark")
            if opening and end < len(text) and text[end] in CLOSING.get(opening, ""):
                end += 1
            q["speaker"] = ed.span(m.start(), end)
            LOG["speaker span: outlet descriptor (صحيفة/وكالة/مجلة...) included"] += 1
    # 2. indirect content starts after the separate linking preposition / complementizer
    for q in rec["quotes"]:
        if q["type"] == "direct":
            continue
        for c in q["content"]:
            m = LEADING_LINK.match(c["text"])
            before = text[max(0, c["start"] - 12):c["start"]].split()
            after_complementizer = bool(before) and re.fullmatch(r"[وب]?[أإا]ن\w*", before[-1]) is not None
            if m and not (after_complementizer and m.group(0).strip() in ("على", "إلى", "الى", "عن")):
                c.update(ed.span(c["start"] + m.end(), c["end"]))
                LOG["quote content: leading preposition/complementizer removed"] += 1
                STRIPPED.append((rec["id"], m.group(0), c["text"][:40]))
            while c["text"] and c["text"][-1] in ".،,:؛" and q["type"] != "direct":
                c.update(ed.span(c["start"], c["end"] - 1))
                c.update(ed.span(c["start"], c["start"] + len(c["text"].rstrip())))
                LOG["quote content: final punctuation removed"] += 1
    # 3. one reported clause = one content span ("أن X، وأنه Y" is one clause sequence governed by one cue)
    for q in rec["quotes"]:
        if q["type"] in ("indirect", "mixed", "according_to") and len(q["content"]) > 1:
            gaps = [text[a["end"]:b["start"]] for a, b in zip(q["content"], q["content"][1:])]
            if all(re.fullmatch(r"[\s،,]*و?(?:أن|إن|بأن|ان)\S*\s*", g) for g in gaps):
                q["content"] = [ed.span(q["content"][0]["start"], q["content"][-1]["end"])]
                LOG["quote content: clauses joined by و+أن merged into one span"] += 1
    # 4. institution common noun + nationality adjective is not an entity (seed: "الجيش الروسي" untagged)
    keep = []
    for e in ents:
        if NATIONALITY_INSTITUTION.match(e["text"]) and e["text"] not in NOT_NATIONALITY:
            LOG["entity removed: institution + nationality adjective"] += 1
            continue
        keep.append(e)
    rec["entities"] = keep
    # 4b. administrative head noun ("منطقة عسير", "بمحافظة البدع") is outside the place span: only the name
    for e in rec["entities"]:
        m = ADMIN_HEAD.match(e["text"])
        if m and e["label"] in ("GPE", "LOC"):
            e.update(ed.span(e["start"] + m.end(), e["end"]))
            LOG["entity span: administrative head noun removed (name only)"] += 1


def qid_pass(rec: dict, qids: dict[str, set[str]], verified: set[str]) -> None:
    # 5. QIDs: only verified ones; fill a null QID when the English name matches exactly one verified QID
    for e in rec["entities"]:
        if e.get("qid") and e["qid"] not in verified:
            e["qid"] = None
            LOG["QID removed (not in evidence files)"] += 1
        if not e.get("qid"):
            found = qids.get((e.get("name") or "").casefold())
            if found and len(found) == 1:
                e["qid"] = next(iter(found))
                LOG["entity QID filled from evidence files"] += 1
    for q in rec["quotes"]:
        if q.get("speaker_qid") and q["speaker_qid"] not in verified:
            q["speaker_qid"] = None
            LOG["QID removed (not in evidence files)"] += 1
        if not q.get("speaker_qid") and not q.get("anonymous"):
            found = qids.get((q.get("speaker_name") or "").casefold())
            if found and len(found) == 1:
                q["speaker_qid"] = next(iter(found))
                LOG["speaker QID filled from evidence files"] += 1


def speaker_qid_from_entities(rec: dict) -> None:
    """A named speaker gets the QID its entity mention carries (same English name)."""
    by_name = {e["name"]: e.get("qid") for e in rec["entities"] if e.get("qid")}
    for q in rec["quotes"]:
        if not q.get("speaker_qid") and not q.get("anonymous") and by_name.get(q.get("speaker_name")):
            q["speaker_qid"] = by_name[q["speaker_name"]]
            LOG["speaker QID filled from its entity mention"] += 1


def main() -> int:
    sys.path.insert(0, str(HERE))
    from adjudication_edits import EDITS, REVIEWED  # noqa: PLC0415

    qids = qid_index()
    verified = verified_qids()
    primary: dict[str, dict] = {}
    for name in "ABC":
        with open(DEV / f"batch_{name}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                primary[rec["id"]] = rec
    order = [json.loads(line)["id"] for line in open(DEV / "selection.jsonl", encoding="utf-8")]
    out = []
    for doc_id in order:
        rec = json.loads(json.dumps(primary[doc_id]))
        systematic(rec)
        if doc_id in EDITS:
            EDITS[doc_id](Editor(rec))
            rec["quotes"] = [q for q in rec["quotes"] if q is not None]
        qid_pass(rec, qids, verified)
        speaker_qid_from_entities(rec)
        rec["entities"].sort(key=lambda e: e["start"])
        rec["quotes"].sort(key=lambda q: (q["content"][0]["start"], q["cue"]["start"] if q.get("cue") else 0))
        rec["adjudicated"] = doc_id in REVIEWED
        if rec["adjudicated"]:
            rec["adjudicated_by"] = "gold-adjudicator"
        out.append(rec)
    with open(GOLD / "dev.jsonl", "w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(out)} records, {sum(r['adjudicated'] for r in out)} adjudicated")
    for kind, n in sorted(LOG.items(), key=lambda kv: -kv[1]):
        print(f"{n:5d}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
