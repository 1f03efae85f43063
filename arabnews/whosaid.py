"""Who said what across a corpus: a speaker's quotes with syndicated copies merged, and the top speakers.

    python -m arabnews who-said out.jsonl --speaker Q57            # by Wikidata QID
    python -m arabnews who-said out.jsonl --name "ستولتنبرغ"       # by name (Arabic or the English KB label)
    python -m arabnews who-said out.jsonl --top 20                 # the most quoted speakers

The same agency copy (AFP, Reuters, SPA ...) is carried by many outlets, often trimmed or lightly edited. Quotes
are compared on :func:`arabnews.normalize` keys reduced to words: two quotes are one when at least
``threshold`` of the word 3-grams of the shorter one are in the longer one (containment, so a trimmed copy
merges with the full one); quotes of fewer than five words merge only when their keys are equal. Candidate
pairs come from an inverted index of 3-grams, so the cost grows with the number of shared 3-grams, not with
the square of the number of quotes.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors
from .normalize import normalize
from .quote_export import quote_rows, read_records

_WORD = re.compile(r"\w+")
_QID = re.compile(r"Q\d+")  # speaker keys: a QID when linked, else the normalised name
#: A 3-gram met in more quotes than this is too common to tell copies apart (and would make the index quadratic).
MAX_POSTINGS = 200
#: Quotes shorter than this many 3-grams (5 words) merge only when equal: a few words prove nothing.
MIN_SHINGLES = 3


def quote_key(text: str) -> tuple[str, ...]:
    """The words of ``text`` as matching keys (diacritics, hamza forms, digits ... unified; punctuation gone)."""
    return tuple(_WORD.findall(normalize(text)))


def speaker_key(row: dict) -> str:
    """One speaker: the QID when linked, else the normalised name."""
    if row.get("speaker_kb_id"):
        return row["speaker_kb_id"]
    return " ".join(quote_key(row.get("speaker_name") or row.get("speaker") or ""))


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) < 3:
        return {words}
    return {words[i:i + 3] for i in range(len(words) - 2)}


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class QuoteGroup:
    """One quote and its syndicated copies."""

    text: str
    count: int
    outlets: list[str]
    doc_ids: list[str]
    first_date: str
    last_date: str
    speaker_names: list[str]
    rows: list[dict] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {"text": self.text, "count": self.count, "outlets": self.outlets, "doc_ids": self.doc_ids,
                "first_date": self.first_date, "last_date": self.last_date, "speaker_names": self.speaker_names}


def merge_duplicates(rows: list[dict], threshold: float = 0.8) -> list[QuoteGroup]:
    """Group quote rows (``arabnews.quote_export.quote_rows``) whose texts are near-duplicates; largest groups first."""
    keys = [quote_key(r.get("text") or "") for r in rows]
    shingles = [_shingles(k) for k in keys]
    uf = _UnionFind(len(rows))
    exact: dict[tuple[str, ...], int] = {}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (key, sh) in enumerate(zip(keys, shingles)):
        if key in exact:
            uf.union(exact[key], i)
            continue
        exact[key] = i
        if len(key) >= 3:
            shared: Counter[int] = Counter()
            for g in sh:
                postings = index[g]
                if len(postings) < MAX_POSTINGS:
                    shared.update(postings)
                postings.append(i)
            for j, n in shared.items():
                shorter = min(len(sh), len(shingles[j]))
                if shorter >= MIN_SHINGLES and n >= threshold * shorter:
                    uf.union(j, i)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        members[uf.find(i)].append(i)
    groups = []
    for idx in members.values():
        grp = [rows[i] for i in idx]
        dates = sorted(r.get("date") or "" for r in grp if r.get("date"))
        # the copy with the most words, the earliest among equals (tatweel and tanween do not make it longer)
        by_date = sorted(grp, key=lambda r: r.get("date") or "~")
        text = max(by_date, key=lambda r: len(quote_key(r.get("text") or ""))).get("text") or ""
        groups.append(QuoteGroup(
            text=text, count=len(grp),
            outlets=sorted({r.get("outlet") or "" for r in grp} - {""}),
            doc_ids=sorted({r.get("doc_id") or "" for r in grp}),
            first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
            speaker_names=[n for n, _ in Counter(r.get("speaker_name") or "" for r in grp).most_common() if n],
            rows=grp,
        ))
    groups.sort(key=lambda g: (-g.count, g.first_date, g.text))
    return groups


def _name_matches(wanted: tuple[str, ...], row: dict) -> bool:
    if not wanted:
        return False
    for value in (row.get("speaker_name"), row.get("speaker")):
        words = quote_key(value or "")
        n = len(wanted)
        if any(words[i:i + n] == wanted for i in range(len(words) - n + 1)):
            return True
    return False


def iter_quote_rows(outputs: Iterable[str | Path]) -> Iterator[dict]:
    for record in read_records(outputs):
        yield from quote_rows(record)


def speaker_quotes(outputs: Iterable[str | Path], *, speaker: str | None = None, name: str | None = None,
                   threshold: float = 0.8) -> list[QuoteGroup]:
    """The quotes of one speaker (QID ``speaker`` and/or ``name``) in run outputs, near-duplicates merged."""
    wanted = quote_key(name) if name else ()
    rows = [r for r in iter_quote_rows(outputs)
            if (speaker and r["speaker_kb_id"] == speaker) or (wanted and _name_matches(wanted, r))]
    return merge_duplicates(rows, threshold)


def _surname_merges(surnames: dict[str, set[str]], keys: Iterable[str]) -> dict[str, str]:
    """Unlinked one-word speaker keys (a surname used alone, "ستولتنبرغ") mapped to the one speaker whose
    multi-word names end with that word ("ينس ستولتنبرغ", or a linked speaker named so). A surname shared by two
    speakers stays its own row: guessing would mix two people."""
    owners: dict[str, list[str]] = defaultdict(list)
    for key, last_words in surnames.items():
        for word in last_words:
            owners[word].append(key)
    merges = {}
    for key in keys:
        if _QID.fullmatch(key) or " " in key:
            continue
        found = [k for k in owners.get(key, []) if k != key]
        if len(found) == 1:
            merges[key] = found[0]
    return merges


def top_speakers(outputs: list[str | Path], n: int = 20, threshold: float = 0.8) -> list[dict]:
    """The ``n`` most quoted named speakers: quotes, distinct quotes (syndicated copies merged), articles,
    outlets. An unlinked surname used alone counts for the one speaker whose full name ends with it.
    Two passes over the outputs; memory holds counts plus the quotes of the top ``n`` only."""
    quotes: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    surnames: dict[str, set[str]] = defaultdict(set)
    for r in iter_quote_rows(outputs):
        key = speaker_key(r)
        if not key or r["anonymous"]:
            continue
        quotes[key] += 1
        docs[key].add(r["doc_id"])
        if r["outlet"]:
            outlets[key].add(r["outlet"])
        names[key][r["speaker_name"] or r["speaker"]] += 1
        for value in (r.get("speaker_name"), r.get("speaker")):
            words = quote_key(value or "")
            if len(words) > 1:
                surnames[key].add(words[-1])
    merges = _surname_merges(surnames, list(quotes))
    for alone, full in merges.items():
        quotes[full] += quotes.pop(alone)
        docs[full] |= docs.pop(alone)
        outlets[full] |= outlets.pop(alone, set())
        names[full].update(names.pop(alone))
    top = [key for key, _ in quotes.most_common(n)]
    rows: dict[str, list[dict]] = {key: [] for key in top}
    for r in iter_quote_rows(outputs):
        key = speaker_key(r)
        key = merges.get(key, key)
        if key in rows and not r["anonymous"]:
            rows[key].append(r)
    table = []
    for key in top:
        table.append({
            "speaker_kb_id": key if _QID.fullmatch(key) else "",
            "name": names[key].most_common(1)[0][0],
            "quotes": quotes[key],
            "distinct_quotes": len(merge_duplicates(rows[key], threshold)),
            "articles": len(docs[key]),
            "outlets": len(outlets[key]),
        })
    return table


def _shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def main(args) -> int:
    """``python -m arabnews who-said`` (arguments parsed in :mod:`arabnews.cli`)."""
    try:
        if args.speaker or args.name:
            groups = speaker_quotes(args.outputs, speaker=args.speaker, name=args.name, threshold=args.threshold)
            if args.json:
                print(json.dumps([g.as_dict() for g in groups], ensure_ascii=False, indent=2))
            else:
                total = sum(g.count for g in groups)
                who = " / ".join(x for x in (args.speaker, args.name) if x)
                print(f"{who}: {total} quotes, {len(groups)} distinct (syndicated copies merged)")
                print(f"{'copies':>6}  {'outlets':<28} {'first date':<19}  quote")
                for g in groups:
                    print(f"{g.count:>6}  {_shorten(', '.join(g.outlets), 28):<28} {g.first_date[:19]:<19}  "
                          f"{_shorten(g.text)}")
            if not args.top:
                return 0 if groups else 1
        if not (args.speaker or args.name or args.top is not None):
            args.top = 20
        if args.top is None:
            raise ValueError(Errors.E046)
        table = top_speakers(args.outputs, args.top, args.threshold)
        if args.json:
            print(json.dumps(table, ensure_ascii=False, indent=2))
        else:
            print(f"{'rank':>4}  {'QID':<11} {'speaker':<32} {'quotes':>7} {'distinct':>8} {'articles':>8} "
                  f"{'outlets':>7}")
            for rank, row in enumerate(table, 1):
                print(f"{rank:>4}  {row['speaker_kb_id']:<11} {_shorten(row['name'], 32):<32} {row['quotes']:>7} "
                      f"{row['distinct_quotes']:>8} {row['articles']:>8} {row['outlets']:>7}")
        return 0
    except (ValueError, OSError) as err:
        print(f"arabnews: {err}", file=sys.stderr)
        return 2
