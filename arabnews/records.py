"""The JSON document of one processed article (../shared/API.md, "Command line")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .extensions import BOILERPLATE_KEY, QUOTES_KEY


def _text(span: Any) -> str | None:
    return span.text if span is not None else None


def doc_to_json(doc: Doc, doc_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """Plain-data record of ``doc``: body, boilerplate, quotes with speakers, linked entities, metadata."""
    quotes = []
    for span in doc.spans.get(QUOTES_KEY, []):
        cue, speaker = span._.cue, span._.speaker
        quotes.append({
            "id": span._.quote_id,
            "text": span.text,
            "type": span.label_,
            "start": span.start_char,
            "end": span.end_char,
            "fragments": [list(f) for f in span._.fragments],
            "cue": cue.text if cue is not None else None,
            "speaker": speaker.text if speaker is not None else None,
            "speaker_kb_id": span._.speaker_kb_id,
            "speaker_name": span._.speaker_name,
            "speaker_title": _text(span._.speaker_title),
            "via": _text(span._.via),
            "anonymous": span._.anonymous,
            "negated": span._.negated,
        })
    record: dict[str, Any] = {
        "id": doc_id if doc_id is not None else doc.user_data.get("arabnews.id", ""),
        "body_text": doc._.body_text,
        "boilerplate": [
            {"text": s.text, "label": s.label_, "start": s.start_char, "end": s.end_char}
            for s in doc.spans.get(BOILERPLATE_KEY, [])
        ],
        "quotes": quotes,
        "entities": [
            {"text": e.text, "start": e.start_char, "end": e.end_char, "label": e.label_, "kb_id": e.kb_id_,
             "kb_name": e._.kb_name}
            for e in doc.ents
        ],
        "meta": doc._.article_meta,
    }
    record.update(extra)
    return record
