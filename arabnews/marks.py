"""Quotation marks: find which marks open and close a quotation, paragraph by paragraph.

Shared by sentence splitting (no sentence break inside a quotation) and the quote detector. Pairing is
character-level, so it does not depend on how the tokenizer split punctuation. Rules:

- typographic pairs « », “ ”, „ “, ‹ › and the reversed » «, › ‹ and ” “ (as some sites write them) nest with a
  stack; a reversed pair opens only where an opening mark stands (before a word, after a space, the start, an
  opening context or a proclitic) and closes after a word, so a stray closing mark opens nothing;
- an ASCII ``"`` opens after the start, a space, an opening bracket, a colon or a proclitic (و ف ب ل ك,
  with or without tatweel) and closes before the end, a space or punctuation; a mark that could be either
  takes the role that balances the pair;
- a quotation never crosses a paragraph (a line break) unless the next paragraph reopens the same mark and
  the earlier one was never closed (multi-paragraph quotation: the mark is repeated at each paragraph);
- a broken pair (an opening never closed, a closing never opened) is skipped; the rest are kept; nothing
  raises.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

OPEN_TO_CLOSE = {"«": "»", "“": "”", "„": "“", "‹": "›"}
REVERSED = {"»": "«", "›": "‹"}
REVERSED_OPENERS = {**REVERSED, "”": "“"}
ASCII = '"'
PROCLITICS = set("وفبلكـ")
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # invisible: context like a space
OPEN_CONTEXT = set(" \t\u00a0([{:،,؛-—–/" + BIDI)
CLOSE_CONTEXT = set(" \t\u00a0)]}.,،؛:;!?؟…-—–/" + BIDI)
MAX_QUOTE_CHARS = 5000
MULTI_PARAGRAPH_MARKS = ("«", ASCII, "“")  # the marks that a multi-paragraph quotation reopens
MAX_DEPTH = 8  # deeper nesting is broken markup: the oldest openings are dropped
CLOSING_MARKS = set(OPEN_TO_CLOSE.values()) | set(REVERSED)
_SPACES = re.compile(r"\s*")  # \s is str.isspace (what str.lstrip strips)
_MARK_CHARS = "".join(sorted(set(OPEN_TO_CLOSE) | CLOSING_MARKS | {ASCII}))
_MARK = re.compile("[" + re.escape(_MARK_CHARS) + "]")


def char_offsets(text: str, chars: Iterable[str]) -> list[int]:
    """Offsets of every occurrence of any of ``chars`` in ``text``, sorted: each character by ``str.find`` (C-level;
    a regex class of a few characters is tested at every position, ~3x slower on Arabic text)."""
    out: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


@dataclass(frozen=True)
class QuotePair:
    """A quotation: ``open`` and ``close`` are the indices of the marks; the content is ``(open + 1, close)``.

    ``fragments`` lists the content ranges; a multi-paragraph quotation has one per paragraph.
    """

    open: int
    close: int
    mark: str
    fragments: tuple[tuple[int, int], ...]

    @property
    def content(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _ascii_role(text: str, i: int) -> str:
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    can_open = prev in OPEN_CONTEXT or prev == "\n" or (
        prev in PROCLITICS and (i < 2 or not text[i - 2].isalpha() or text[i - 2] in "لب")
    )
    can_close = nxt in CLOSE_CONTEXT or nxt == "\n" or nxt in "\"'»”"
    if nxt.isspace() and not prev.isspace() and prev != "\n":
        can_open = can_open and prev in PROCLITICS
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _opens(text: str, i: int, start: int, end: int) -> bool:
    if i + 1 >= end or text[i + 1].isspace():
        return False
    if i == start:
        return True
    prev = text[i - 1]
    return prev in OPEN_CONTEXT or (prev in PROCLITICS and (i - 1 == start or not text[i - 2].isalpha()))


def _closes(text: str, i: int, start: int) -> bool:
    """A closing mark stands after a word and before a space, punctuation or the end, never before a letter."""
    return i > start and not text[i - 1].isspace() and (i + 1 >= len(text) or not text[i + 1].isalnum())


def _pair_paragraph(text: str, start: int, end: int, unclosed: list[int] | None = None,
                    positions: list[int] | None = None) -> list[tuple[int, int, str]]:
    """The pairs of one paragraph; the opening marks left open at its end are appended to ``unclosed``.
    ``positions``: the offsets of the paragraph's marks when the caller has them (else found here)."""
    pairs: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, index)
    ascii_open: int | None = None
    if positions is None:
        positions = [m.start() for m in _MARK.finditer(text, start, end)]
    for i in positions:
        ch = text[i]
        if ch == ASCII:
            role = _ascii_role(text, i)
            if ascii_open is None:
                if role != "close":
                    ascii_open = i
            elif role != "open":
                pairs.append((ascii_open, i, ASCII))
                ascii_open = None
            else:  # two openings: the first was broken
                ascii_open = i
        elif ch not in CLOSING_MARKS and ch not in OPEN_TO_CLOSE:
            continue
        elif stack and stack[-1][0] == ch and (
                text[stack[-1][1]] not in REVERSED_OPENERS or _closes(text, i, start)):
            # the closer the innermost quotation waits for: „ … “, or a reversed » … « / ” … “ closing after a word
            pairs.append((stack[-1][1], i, text[stack[-1][1]]))
            stack.pop()
        elif ch in REVERSED_OPENERS and not any(c == ch for c, _ in stack):
            # a reversed opening (» … «, › … ‹, ” … “) only where an opening mark stands: before a word, after a
            # space, the start, an opening context or a proclitic; a stray closer after a word opens nothing
            if _opens(text, i, start, end):
                stack.append((REVERSED_OPENERS[ch], i))
                if len(stack) > MAX_DEPTH:
                    del stack[0]
        elif ch in OPEN_TO_CLOSE:
            stack.append((OPEN_TO_CLOSE[ch], i))
            if len(stack) > MAX_DEPTH:
                del stack[0]
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i, text[stack[depth][1]]))
                    del stack[depth:]
                    break
    if unclosed is not None:
        unclosed.extend(sorted([i for _, i in stack] + ([] if ascii_open is None else [ascii_open])))
    return pairs


def find_quote_pairs(text: str) -> list[QuotePair]:
    """Every balanced quotation in ``text``, in order of the opening mark.

    Only the paragraphs that hold a mark are paired (one C-level scan finds them); a paragraph without marks
    between two others only ends a pending multi-paragraph quotation, as a full paragraph-by-paragraph pass
    would. A multi-paragraph quotation (journalistic convention: the mark left open at the end of a paragraph is
    reopened at the start of each next one and closed only in the last) is one pair with one fragment per
    paragraph; the last paragraph's own pair (its reopening mark to the closing one) is not kept apart."""
    result: list[QuotePair] = []
    pending: QuotePair | None = None  # an unclosed multi-paragraph opening
    last_end = 0
    marks = char_offsets(text, _MARK_CHARS)  # every quotation mark, in text order
    k, n_marks = 0, len(marks)
    while k < n_marks:  # the first mark of each paragraph that holds one
        i = marks[k]
        start = text.rfind("\n", 0, i) + 1
        nl = text.find("\n", i)
        end = len(text) if nl == -1 else nl
        k_end = bisect_left(marks, end, k)  # the paragraph's marks: marks[k:k_end]
        if pending is not None and text[last_end:start].strip():
            pending = None  # a paragraph without marks came in between
        unclosed: list[int] = []
        pairs = _pair_paragraph(text, start, end, unclosed, marks[k:k_end])
        if pending is not None:
            pending, pairs = _continue_multiparagraph(text, start, end, pending, pairs, unclosed, result)
        for o, c, mark in pairs:
            if c - o <= MAX_QUOTE_CHARS:
                result.append(QuotePair(o, c, mark, ((o + 1, c),)))
        if pending is None and unclosed and text[unclosed[0]] in MULTI_PARAGRAPH_MARKS:
            o = unclosed[0]  # the outermost mark left open: the quotation may go on in the next paragraph
            pending = QuotePair(o, end, text[o], ((o + 1, end),))
        last_end = end + 1
        k = k_end
    result.sort(key=lambda p: p.open)
    return result


def _continue_multiparagraph(text: str, start: int, end: int, pending: QuotePair, pairs: list[tuple[int, int, str]],
                             unclosed: list[int], result: list[QuotePair]
                             ) -> tuple[QuotePair | None, list[tuple[int, int, str]]]:
    """A paragraph after one that left ``pending`` open: when it starts with the same mark, the quotation goes
    on (that mark left open too) or ends (the mark closed in this paragraph: the joined pair goes to ``result``
    and the paragraph's own pair is dropped). Returns the new pending quotation and the paragraph's pairs."""
    lead = _skip_space(text, start, end)
    if lead >= end or text[lead] != pending.mark:
        return None, pairs
    for o, c, _ in pairs:
        if o == lead:
            result.append(QuotePair(pending.open, c, pending.mark, pending.fragments + ((lead + 1, c),)))
            return None, [p for p in pairs if p[0] != lead]
    if unclosed and unclosed[0] == lead:
        unclosed.clear()
        return QuotePair(pending.open, end, pending.mark, pending.fragments + ((lead + 1, end),)), pairs
    return None, pairs


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i] in " \t\u00a0\r":
        i += 1
    return i


def quote_regions(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` index pairs of the outermost quotations (for 'no break inside a quotation')."""
    regions: list[tuple[int, int]] = []
    for pair in find_quote_pairs(text):
        if regions and pair.open < regions[-1][1]:
            continue
        if len(pair.fragments) == 1:
            regions.append((pair.open, pair.close))
        else:  # a multi-paragraph quotation: each paragraph's part, from its (re)opening mark
            regions.extend((s - 1, e) for s, e in pair.fragments)
    return regions
