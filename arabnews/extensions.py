"""All custom attributes of arabnews, installed once and idempotently.

Values that must survive ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(n_process=2)`` are plain data (dicts,
lists, str, int) kept in ``doc.user_data`` or in span attributes keyed by character offsets; every
Span-valued attribute is a getter that rebuilds the Span from offsets. No Span object is ever stored in ``._``.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from spacy.tokens import Doc, Span

from .markup import mask_markup

BOILERPLATE_KEY = "boilerplate"
QUOTES_KEY = "quotes"
META_KEY = "arabnews.article_meta"
QUOTE_ATTR = "arabnews_quote"
LINK_ATTR = "arabnews_link"

_BLANK_LINES = re.compile(r"\n(?:[ \t\u00a0]*\n)+")


#: The text of each live Doc, filled by the arabnews tokenizer or on first use; weak keys, so an entry goes with
#: its Doc and nothing is serialised.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()
#: Docs whose text holds HTML markup (their ``doc_text`` is the masked text) -> their input text.
_MASKED: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()
_SPACE_RUNS = re.compile(r"[^\S\n]{2,}")


def text_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    """The text the components analyse: ``doc.text`` with any HTML markup masked, built once per Doc.

    It has the length and offsets of ``doc.text``; tags, comments and script/style elements are blank and
    character references (``&quot;``) are their character (:mod:`arabnews.markup`), so it equals ``doc.text``
    for text without markup. spaCy's ``Doc.text`` joins every token's text on each access, which costs a large
    share of tokenisation time; components read the text through this function instead. The arabnews tokenizer
    stores it when it makes the Doc; for any other Doc it is built on first use. A Doc's text cannot change
    (retokenising keeps it), and an entry whose length no longer matches the Doc is rebuilt."""
    text = _TEXTS.get(doc)
    if text is None or len(text) != text_length(doc):
        text = doc.text
        remember_text(doc, text, mask_markup(text))
        text = _TEXTS[doc]
    return text


def input_text(doc: Doc) -> str:
    """``doc.text`` exactly, markup included (what a review page shows, what gold-format records slice), built
    once per Doc like :func:`doc_text`."""
    text = doc_text(doc)
    return _MASKED.get(doc, text) if _MASKED else text


def remember_text(doc: Doc, text: str, masked: str | None = None) -> Doc:
    """Store ``doc.text`` (``text``), or its ``masked`` form from :func:`arabnews.markup.mask_markup`, for
    :func:`doc_text`."""
    _TEXTS[doc] = text if masked is None else masked
    if masked is not None and masked is not text:
        _MASKED[doc] = text
    return doc


def char_span(doc: Doc, offsets: Any) -> Span | None:
    """Span over ``(start_char, end_char)`` widened to token boundaries, or None for None/empty offsets."""
    if not offsets:
        return None
    start, end = int(offsets[0]), int(offsets[1])
    if end <= start:
        return None
    return doc.char_span(start, end, alignment_mode="expand")


# ---------------------------------------------------------------- Doc
def _body_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges not covered by ``doc.spans["boilerplate"]`` (the whole text without boilerplate)."""
    covered = sorted((s.start_char, s.end_char) for s in doc.spans.get(BOILERPLATE_KEY, []))
    ranges, pos = [], 0
    for start, end in covered:
        if start > pos:
            ranges.append((pos, start))
        pos = max(pos, end)
    n_chars = text_length(doc)
    if pos < n_chars:
        ranges.append((pos, n_chars))
    return ranges


def _get_body_text(doc: Doc) -> str:
    full = doc_text(doc)
    text = "".join(full[s:e] for s, e in _body_ranges(doc))
    if doc in _MASKED:  # masked markup left runs of spaces: one space, no space at a line's ends
        text = _SPACE_RUNS.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n")
    return _BLANK_LINES.sub("\n\n", text).strip()


def _as_json(value: Any) -> Any:
    """Tuples back to lists: msgpack (Doc.to_bytes, DocBin) returns the lists it stored as tuples."""
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value


def _get_article_meta(doc: Doc) -> dict:
    return _as_json(doc.user_data.get(META_KEY) or {})


def _set_article_meta(doc: Doc, value: dict) -> None:
    doc.user_data[META_KEY] = dict(value)


def _get_paragraphs(doc: Doc) -> list[Span]:
    """Spans of the non-empty lines of the text (news paragraphs are lines); whitespace trimmed."""
    out = []
    pos = 0
    text = doc_text(doc)
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        span = doc.char_span(start + lead, start + lead + len(stripped), alignment_mode="expand")
        if span is not None and len(span):
            out.append(span)
    return out


def _get_speakers(doc: Doc) -> list[dict]:
    """Per-document summary of who is quoted: one dict per source, most quoted first."""
    summary: dict[str, dict] = {}
    for quote in doc.spans.get(QUOTES_KEY, []):
        info = quote._.get(QUOTE_ATTR) or {}
        name = info.get("speaker_name") or ""
        kb_id = info.get("speaker_kb_id") or ""
        if not (name or kb_id):
            continue
        key = kb_id or name
        entry = summary.setdefault(
            key, {"kb_id": kb_id, "name": name, "anonymous": bool(info.get("anonymous")), "quotes": 0,
                  "quote_ids": []}
        )
        entry["quotes"] += 1
        entry["quote_ids"].append(info.get("id", ""))
    return sorted(summary.values(), key=lambda e: (-e["quotes"], e["name"]))


# ---------------------------------------------------------------- quote spans
def _quote_getter(field: str, default: Any):
    def get(span: Span) -> Any:
        info = span._.get(QUOTE_ATTR)
        if not info:
            return default() if callable(default) else default
        return info.get(field, default() if callable(default) else default)

    return get


def _quote_span_getter(field: str):
    def get(span: Span) -> Span | None:
        info = span._.get(QUOTE_ATTR)
        return char_span(span.doc, info.get(field)) if info else None

    return get


def _get_fragments(span: Span) -> list[tuple[int, int]]:
    info = span._.get(QUOTE_ATTR)
    if not info:
        return []
    return [(int(s), int(e)) for s, e in info.get("fragments", [])]


# ---------------------------------------------------------------- entity spans
def _link_getter(field: str, default: Any):
    def get(span: Span) -> Any:
        info = span._.get(LINK_ATTR)
        if not info:
            return default() if callable(default) else default
        value = info.get(field, default)
        if field == "candidates":
            return [(str(q), float(s)) for q, s in value]
        return value

    return get


_DOC_EXTENSIONS = {
    "body_text": {"getter": _get_body_text},
    "article_meta": {"getter": _get_article_meta, "setter": _set_article_meta},
    "paragraphs": {"getter": _get_paragraphs},
    "speakers": {"getter": _get_speakers},
}
def _quote_record_key(span: Span) -> tuple:
    return ("arabnews.quote", span.start_char, span.end_char, span.label_)


def _get_quote_record(span: Span) -> dict | None:
    data = span.doc.user_data
    value = data.get(_quote_record_key(span))
    if value is None:  # stored by arabnews 0.1 under spaCy's own key (offsets only)
        value = data.get(("._.", QUOTE_ATTR, span.start_char, span.end_char))
    return value


def _set_quote_record(span: Span, value: dict | None) -> None:
    span.doc.user_data[_quote_record_key(span)] = value


_SPAN_EXTENSIONS = {
    # The quote record is keyed by the span's offsets AND label: a quote and the according-to quote relaying the
    # same statement ("بحسب X" after «...») cover the same characters and keep a record each (spaCy's own storage
    # keys a span attribute by offsets only, so the second record overwrote the first).
    QUOTE_ATTR: {"getter": _get_quote_record, "setter": _set_quote_record},
    LINK_ATTR: {"default": None},
    "fragments": {"getter": _get_fragments},
    "quote_id": {"getter": _quote_getter("id", "")},
    "quote_type": {"getter": _quote_getter("type", "")},
    "cue": {"getter": _quote_span_getter("cue")},
    "speaker": {"getter": _quote_span_getter("speaker")},
    "speaker_title": {"getter": _quote_span_getter("speaker_title")},
    "via": {"getter": _quote_span_getter("via")},
    "speaker_kb_id": {"getter": _quote_getter("speaker_kb_id", "")},
    "speaker_name": {"getter": _quote_getter("speaker_name", "")},
    "anonymous": {"getter": _quote_getter("anonymous", False)},
    "negated": {"getter": _quote_getter("negated", False)},
    "thought": {"getter": _quote_getter("thought", False)},
    "kb_name": {"getter": _link_getter("name", "")},
    "kb_candidates": {"getter": _link_getter("candidates", list)},
}


def install_extensions() -> None:
    """Register every arabnews extension (safe to call any number of times, in any process)."""
    for name, kwargs in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)


def set_quote_info(span: Span, info: dict) -> None:
    """Store the plain-data record of a quote span (fragments, cue/speaker offsets, names, flags)."""
    span._.set(QUOTE_ATTR, info)


def set_quote_infos(doc: Doc, spans: list[Span], infos: list[dict]) -> None:
    """:func:`set_quote_info` for many spans of ``doc`` at once: the same storage, without the per-span
    ``span._`` dispatch (the quote detector writes thousands per corpus)."""
    data = doc.user_data
    for span, info in zip(spans, infos):
        data[_quote_record_key(span)] = info


def update_quote_info(span: Span, **fields: Any) -> None:
    info = dict(span._.get(QUOTE_ATTR) or {})
    info.update(fields)
    span._.set(QUOTE_ATTR, info)


def set_link_info(span: Span, name: str, candidates: list[tuple[str, float]]) -> None:
    """Store the plain-data linking record of an entity span."""
    span._.set(LINK_ATTR, {"name": name, "candidates": [[q, float(s)] for q, s in candidates]})


def link_key(start_char: int, end_char: int) -> tuple:
    """The ``doc.user_data`` key of the link record of the entity span at these offsets: the key spaCy gives
    ``span._.arabnews_link`` (a default-valued extension), so a component can store records without making a
    Span and its Underscore object per entity; ``ent._.arabnews_link``, ``kb_name`` and ``kb_candidates`` read
    them as before."""
    return ("._.", LINK_ATTR, start_char, end_char)


install_extensions()
