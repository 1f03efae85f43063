"""Docs built by hand for the renderer's tests: the seed's gold annotation set on a tokenized Doc through the public
records of docs/api.md (so the renderer is tested apart from the components that normally fill them), and a small
HTML reader that maps every element to the article text it covers."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.util import filter_spans

from arabnews.extensions import set_link_info, set_quote_info

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "seeds" / "000_f3cf03ad0fd9bf49.gold.jsonl"
WIKIDATA = "https://www.wikidata.org/wiki/"


def blank_nlp():
    return spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})


def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])


def gold_quote_id(quote: dict) -> str:
    start = min(c["start"] for c in quote["content"])
    return f"q{start:06d}-gold"


def doc_from_gold(nlp, gold: dict) -> Doc:
    """``gold`` (../shared/ANNOTATION.md format) as a Doc with boilerplate, entities and quote records."""
    doc = nlp.make_doc(gold["text"])
    boilerplate = [doc.char_span(b["start"], b["end"], label=b.get("label") or "BOILERPLATE",
                                 alignment_mode="expand") for b in gold.get("boilerplate", [])]
    doc.spans["boilerplate"] = [b for b in boilerplate if b is not None]
    ents = [doc.char_span(e["start"], e["end"], label=e["label"], kb_id=e.get("qid") or "", alignment_mode="expand")
            for e in gold.get("entities", [])]
    doc.ents = filter_spans([e for e in ents if e is not None])
    names = {e["start"]: e.get("name") or "" for e in gold.get("entities", [])}
    for ent in doc.ents:
        set_link_info(ent, names.get(ent.start_char, ""), [(ent.kb_id_, 1.0)] if ent.kb_id_ else [])
    quotes = []
    for quote in gold.get("quotes", []):
        start = min(c["start"] for c in quote["content"])
        end = max(c["end"] for c in quote["content"])
        quotes.append((doc.char_span(start, end, label=quote["type"].upper(), alignment_mode="expand"), quote))
    doc.spans["quotes"] = [span for span, _ in quotes]
    for span, quote in quotes:
        set_quote_info(span, {
            "id": gold_quote_id(quote),
            "type": quote["type"].upper(),
            "fragments": [[c["start"], c["end"]] for c in quote["content"]],
            "cue": [quote["cue"]["start"], quote["cue"]["end"]] if quote.get("cue") else None,
            "speaker": [quote["speaker"]["start"], quote["speaker"]["end"]] if quote.get("speaker") else None,
            "speaker_kb_id": quote.get("speaker_qid") or "",
            "speaker_name": quote.get("speaker_name") or "",
            "anonymous": bool(quote.get("anonymous")),
            "negated": False,
        })
    return doc


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], start: int):
        self.tag, self.attrs, self.start, self.end = tag, attrs, start, start
        self.classes = set((attrs.get("class") or "").split())

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs} [{self.start}:{self.end}]>"


class PageReader(HTMLParser):
    """Every element of a page with the range of the article text (``<article>``'s text content) it covers.

    Raises AssertionError on a closing tag that does not match the open element (badly nested markup)."""

    VOID = {"meta", "br", "img", "link", "input", "hr"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.article_text: list[str] = []
        self.in_article = 0
        self.pos = 0
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed elements: {self.stack}"
        self.text = "".join(self.article_text)

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs}, self.pos)
        el.in_article = self.in_article > 0
        self.elements.append(el)
        if tag in self.VOID:
            return
        self.stack.append(el)
        if tag == "article":
            self.in_article += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        el = self.stack.pop()
        assert el.tag == tag, f"</{tag}> closes {el!r}"
        el.end = self.pos
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article:
            self.article_text.append(data)
            self.pos += len(data)

    def find(self, css_class: str | None = None, *, anywhere: bool = False, **attrs: str) -> list[Element]:
        """Elements with ``css_class`` and ``attrs`` (``data_q`` for data-q) inside the article (or ``anywhere``)."""
        out = []
        for el in self.elements:
            if not (anywhere or el.in_article):
                continue
            if css_class is not None and css_class not in el.classes:
                continue
            if all(el.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(el)
        return out

    def covered(self, elements: list[Element]) -> str:
        """Article text under ``elements`` (the pieces of one split element, in order)."""
        return "".join(self.text[el.start:el.end] for el in sorted(elements, key=lambda e: e.start))

    def with_ref(self, css_class: str, quote_id: str) -> list[Element]:
        return [el for el in self.elements if el.in_article and css_class in el.classes
                and quote_id in (el.attrs.get("data-q") or "").split()]
