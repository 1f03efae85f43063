"""Visual review page: ``arabnews.render(doc) -> str`` and ``python -m arabnews render INPUT --out page.html``.

The page shows the article right to left with its boilerplate greyed and labelled, every quote highlighted with
its type and a numbered marker linking it to its speaker and cue (and back), entities in displaCy's label colours
linking to their Wikidata pages, and a side list of the speakers with their quotes. It is one self-contained HTML
file: the CSS and the few lines of script are inlined, nothing is fetched.

From displaCy it takes the entity label colours (``DEFAULT_LABEL_COLORS`` and any colours registered in
``spacy.registry.displacy_colors``, so a user's displaCy palette applies here too) and the ``doc.user_data["title"]``
convention. displaCy's own renderers are not used for the article: the entity renderer cannot nest (quotes contain
speakers, speakers contain entities, boilerplate contains all of them) and the span renderer wraps every token in
an inline-block and compares every token with every span, which is quadratic on long inputs (measured by
benchmarks/render_speed.py, see docs/render.md). What it lacks is written here: a linear sweep over the character
offsets of all layers that emits well-nested HTML, splitting an element where two layers cross.

Only the public attributes of docs/api.md are read, so the renderer works on any Doc that carries them, including
Docs built by hand.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.displacy.render import DEFAULT_LABEL_COLORS
from spacy.tokens import Doc
from spacy.util import registry

from .data import read_json, read_text
from .errors import Errors
from .extensions import BOILERPLATE_KEY, QUOTES_KEY, input_text, install_extensions

#: Layer ranks: a lower rank is the outer element when two layers cover the same text.
RANK_BOILERPLATE, RANK_QUOTE, RANK_FRAGMENT, RANK_CUE, RANK_SPEAKER, RANK_ENTITY = range(6)
QUOTE_TYPES = ("DIRECT", "INDIRECT", "MIXED", "ACCORDING_TO")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
# C0/C1 control characters (HTML forbids most of them) and lone surrogates (not encodable): shown as one visible
# character each, so that the article's text keeps the length and offsets of doc.text.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ ...
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def _text(value: str) -> str:
    return html.escape(_BAD_CHARS.sub(_visible, value), quote=False)


def _attr(value: Any) -> str:
    return html.escape(_BAD_CHARS.sub(_visible, str(value)), quote=True)


def labels() -> dict:
    """The page's labels and links (arabnews/data/render.v1.json)."""
    return read_json("render.v1.json")


def wikidata_url(qid: str) -> str | None:
    """Wikidata page of ``qid``, or None when it is not a well-formed QID (never a link to anything else)."""
    qid = (qid or "").strip()
    return labels()["wikidata_url"].format(qid) if _QID.match(qid) else None


def entity_colors(extra: dict[str, str] | None = None) -> dict[str, str]:
    """displaCy's entity colours, with the colours users registered in ``registry.displacy_colors`` and ``extra``."""
    colors = dict(DEFAULT_LABEL_COLORS)
    for user in registry.displacy_colors.get_all().values():
        user = user() if callable(user) else user
        if isinstance(user, dict):
            colors.update(user)
    colors.update(extra or {})
    return {str(k).upper(): str(v) for k, v in colors.items()}


# ---------------------------------------------------------------- the layers
@dataclass
class _Layer:
    start: int
    end: int
    rank: int
    tag: str
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)
    first: str = ""  # markup right after the first opening tag (markers), never repeated on a split
    id: str = ""  # element id, on the first piece only
    seq: int = 0

    def open(self, first_piece: bool) -> str:
        classes = self.classes + ("" if first_piece else " cont")
        parts = [f'<{self.tag} class="{_attr(classes.strip())}"']
        if first_piece and self.id:
            parts.append(f' id="{_attr(self.id)}"')
        for key, value in self.attrs.items():
            parts.append(f' {key}="{_attr(value)}"')
        parts.append(">")
        return "".join(parts) + (self.first if first_piece else "")

    def close(self) -> str:
        return f"</{self.tag}>"


def _safe_id(value: str) -> str:
    return _UNSAFE_ID.sub("_", value)


def _quote_rows(doc: Doc) -> list[dict[str, Any]]:
    """Plain description of each quote of ``doc.spans["quotes"]`` (public attributes only), numbered from 1."""
    rows = []
    for n, span in enumerate(sorted(doc.spans.get(QUOTES_KEY, []), key=lambda s: (s.start_char, s.end_char)), 1):
        qid = _safe_id(span._.quote_id or f"q{n}")
        cue, speaker = span._.cue, span._.speaker
        title, via = span._.speaker_title, span._.via
        label = span.label_ or span._.quote_type or ""
        rows.append({
            "n": n,
            "id": qid,
            "dom_id": f"q-{qid}",
            "type": label if label in QUOTE_TYPES else "OTHER",
            "label": label,
            "start": span.start_char,
            "end": span.end_char,
            "text": span.text,
            "fragments": [(int(s), int(e)) for s, e in span._.fragments] or [(span.start_char, span.end_char)],
            "cue": (cue.start_char, cue.end_char) if cue is not None else None,
            "cue_text": cue.text if cue is not None else "",
            "speaker": (speaker.start_char, speaker.end_char) if speaker is not None else None,
            "speaker_text": speaker.text if speaker is not None else "",
            "speaker_title": (title.start_char, title.end_char) if title is not None else None,
            "via": (via.start_char, via.end_char) if via is not None else None,
            "speaker_name": span._.speaker_name or "",
            "speaker_kb_id": span._.speaker_kb_id or "",
            "anonymous": bool(span._.anonymous),
            "negated": bool(span._.negated),
        })
    return rows


def _mention_id(kind: str, offsets: tuple[int, int]) -> str:
    return f"{kind}-{offsets[0]}-{offsets[1]}"


def _layers(doc: Doc, n_chars: int, quotes: list[dict[str, Any]], ents: list, texts: dict) -> list[_Layer]:
    layers: list[_Layer] = []

    def add(start: int, end: int, rank: int, tag: str, classes: str, **kw: Any) -> None:
        start, end = max(0, int(start)), min(n_chars, int(end))
        if end > start:
            layers.append(_Layer(start, end, rank, tag, classes, seq=len(layers), **kw))

    bp_names = texts["boilerplate_labels"]
    for span in doc.spans.get(BOILERPLATE_KEY, []):
        label = span.label_ or "BOILERPLATE"
        shown = f"{label} · {bp_names[label]}" if label in bp_names else label
        add(span.start_char, span.end_char, RANK_BOILERPLATE, "span", f"bp bp-{_safe_id(label)} bp-start",
            attrs={"data-label": shown})

    # speakers and cues may be shared by several quotes (implied speakers point at one earlier mention)
    refs: dict[tuple[str, tuple[int, int]], list[dict]] = {}
    for row in quotes:
        for kind in ("speaker", "cue"):
            if row[kind] is not None:
                refs.setdefault((kind, row[kind]), []).append(row)
    for row in quotes:
        target = row["speaker"] or row["cue"]
        href = f"#{_mention_id('spk' if row['speaker'] else 'cue', target)}" if target else f"#{row['dom_id']}"
        who = row["speaker_name"] or row["speaker_text"] or texts["text"]["no_speaker"]
        tip = f"{row['label'] or 'quote'} — {who}" + (f" ({row['speaker_kb_id']})" if row["speaker_kb_id"] else "")
        neg = " neg" if row["negated"] else ""
        marker = (f'<a class="qm{neg}" href="{_attr(href)}" data-n="{row["n"]}" data-type="{_attr(row["label"])}" '
                  f'title="{_attr(tip)}"></a>')
        add(row["start"], row["end"], RANK_QUOTE, "span", f"q q-{row['type']}", id=row["dom_id"], first=marker,
            attrs={"data-q": row["id"], "data-type": row["label"]})
        for s, e in row["fragments"]:
            add(s, e, RANK_FRAGMENT, "span", "frag")
        for kind, rank in (("speaker_title", RANK_SPEAKER), ("via", RANK_SPEAKER)):
            if row[kind] is not None and row[kind] != row["speaker"]:
                add(*row[kind], rank, "span", "title" if kind == "speaker_title" else "via",
                    attrs={"data-q": row["id"]})
    for (kind, offsets), rows in refs.items():
        back = "".join(f'<a class="ref" href="#{_attr(r["dom_id"])}" data-n="{r["n"]}" '
                       f'title="{_attr(r["label"])} {r["n"]}"></a>' for r in rows)
        ids = " ".join(r["id"] for r in rows)
        if kind == "speaker":
            anon = " anon" if any(r["anonymous"] for r in rows) else ""
            add(*offsets, RANK_SPEAKER, "span", f"spk{anon}", id=_mention_id("spk", offsets), first=back,
                attrs={"data-q": ids})
        else:
            add(*offsets, RANK_CUE, "span", "cue", id=_mention_id("cue", offsets), first=back, attrs={"data-q": ids})

    ent_names = texts["entity_labels"]
    for span in ents:
        label, kb_id = span.label_, span.kb_id_ or ""
        url = wikidata_url(kb_id)
        name = span._.kb_name or ""
        tip = " · ".join(x for x in (f"{label} ({ent_names[label]})" if label in ent_names else label, name,
                                      kb_id) if x)
        attrs = {"title": tip, "data-label": label}
        if url:
            attrs = {"href": url, "data-kb": kb_id, **attrs}
        add(span.start_char, span.end_char, RANK_ENTITY, "a" if url else "span", f"ent ent-{_safe_id(label)}",
            attrs=attrs)
    return layers


def _sweep(text: str, layers: list[_Layer]) -> str:
    """Well-nested HTML of ``text`` with every layer; an element is closed and reopened where layers cross.

    Linear in the text plus (boundaries x nesting depth): the depth is the number of layers over one character
    (a handful), so a 5 MB document with thousands of quotes renders in time proportional to its length.
    """
    starts: dict[int, list[_Layer]] = {}
    ends: dict[int, list[_Layer]] = {}
    for layer in layers:
        starts.setdefault(layer.start, []).append(layer)
        ends.setdefault(layer.end, []).append(layer)
    points = sorted(set(starts) | set(ends) | {0, len(text)})
    key = lambda la: (la.rank, la.start, -la.end, la.seq)  # noqa: E731
    active: set[int] = set()
    by_seq = {la.seq: la for la in layers}
    stack: list[_Layer] = []
    opened: set[int] = set()
    out: list[str] = []
    for i, pos in enumerate(points):
        for layer in ends.get(pos, ()):
            active.discard(layer.seq)
        for layer in starts.get(pos, ()):
            active.add(layer.seq)
        wanted = sorted((by_seq[s] for s in active), key=key)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        for layer in reversed(stack[keep:]):
            out.append(layer.close())
        stack = stack[:keep]
        for layer in wanted[keep:]:
            out.append(layer.open(layer.seq not in opened))
            opened.add(layer.seq)
            stack.append(layer)
        if i + 1 < len(points):
            out.append(_text(text[pos:points[i + 1]]))
    for layer in reversed(stack):
        out.append(layer.close())
    return "".join(out)


# ---------------------------------------------------------------- the side list
def _speaker_groups(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for row in quotes:
        if row["speaker_kb_id"]:
            key = "kb:" + row["speaker_kb_id"]
        elif row["speaker_name"] or row["speaker_text"]:
            key = "name:" + (row["speaker_name"] or row["speaker_text"])
        else:
            key = ""
        group = groups.setdefault(key, {"key": key, "kb_id": row["speaker_kb_id"], "name": row["speaker_name"],
                                        "mentions": [], "anonymous": False, "quotes": []})
        group["anonymous"] = group["anonymous"] or row["anonymous"]
        if row["speaker_text"] and row["speaker_text"] not in group["mentions"]:
            group["mentions"].append(row["speaker_text"])
        group["quotes"].append(row)
    return sorted(groups.values(), key=lambda g: (g["key"] == "", -len(g["quotes"]), g["quotes"][0]["n"]))


def _side(quotes: list[dict[str, Any]], texts: dict) -> str:
    t = texts["text"]
    out = [f'<aside class="an-side"><h2>{_text(t["speakers"])}</h2>']
    if not quotes:
        out.append(f'<p class="an-empty">{_text(t["no_quotes"])}</p>')
    type_names = texts["quote_types"]
    for group in _speaker_groups(quotes):
        kind = "none" if not group["key"] else ("anon" if group["anonymous"] else "named")
        name = group["name"] or (group["mentions"][0] if group["mentions"] else t["no_speaker"])
        url = wikidata_url(group["kb_id"])
        head = f'<a href="{_attr(url)}">{_text(name)}</a>' if url else _text(name)
        qid = f' <span class="qid">{_text(group["kb_id"])}</span>' if url else ""
        anon = f' <span class="qid">({_text(t["anonymous"])})</span>' if group["anonymous"] else ""
        out.append(f'<section class="an-speaker {kind}" data-speaker="{_attr(group["key"])}">'
                   f'<h3>{head}{qid}{anon} <span class="count">×{len(group["quotes"])}</span></h3>')
        mentions = [m for m in group["mentions"] if m != name]
        if mentions:
            out.append(f'<div class="mentions">{_text(" / ".join(mentions))}</div>')
        out.append("<ol>")
        for row in group["quotes"]:
            snippet = row["text"] if len(row["text"]) <= 140 else row["text"][:140] + "…"
            tname = type_names.get(row["label"], row["label"])
            out.append(f'<li><a href="#{_attr(row["dom_id"])}" data-q="{_attr(row["id"])}">'
                       f'<span class="n">{row["n"]}</span><span class="t">{_text(row["label"])} · {_text(tname)}'
                       f'</span>{_text(snippet)}</a></li>')
        out.append("</ol></section>")
    out.append("</aside>")
    return "".join(out)


# ---------------------------------------------------------------- the page
def _entity_css(colors: dict[str, str]) -> str:
    rules = []
    for label, color in sorted(colors.items()):
        if re.fullmatch(r"[A-Za-z0-9_-]+", label) and re.fullmatch(r"[#A-Za-z0-9(),.% -]+", color):
            rules.append(f".ent-{label} {{ background: {color}; }}")
    return "\n".join(rules)


def _legend(texts: dict, colors: dict[str, str]) -> str:
    t = texts["text"]
    items = [f'<span class="q q-{k}"><span class="frag">{_text(k)} · {_text(v)}</span></span>'
             for k, v in texts["quote_types"].items()]
    items.append(f'<span class="spk">{_text(t["legend_speaker"])}</span>')
    items.append(f'<span class="cue">{_text(t["legend_cue"])}</span>')
    items += [f'<span class="ent ent-{k}">{_text(k)} · {_text(v)}</span>' for k, v in texts["entity_labels"].items()
              if k in colors]
    items.append(f'<span class="bp">{_text(t["boilerplate"])}</span>')
    return '<p class="an-legend">' + "".join(items) + "</p>"


def render(doc: Doc, *, page: bool = True, title: str | None = None, colors: dict[str, str] | None = None) -> str:
    """HTML of ``doc`` for visual review: the article right to left with quotes, speakers, cues, entities and
    boilerplate marked, and a side list of speakers with their quotes.

    ``page=False`` returns a ``<div>`` (with its ``<style>``) to embed, e.g. in a notebook; ``title`` defaults to
    ``doc.user_data["title"]`` (displaCy's convention); ``colors`` overrides entity label colours.
    """
    if not isinstance(doc, Doc):
        raise TypeError(Errors.E090.format(type_name=type(doc).__name__))
    install_extensions()
    texts = labels()
    t = texts["text"]
    quotes = _quote_rows(doc)
    palette = entity_colors(colors)
    # doc.ents is rebuilt from every token at each access: once
    text, ents = input_text(doc), list(doc.ents)  # markup shown as written
    body = _sweep(text, _layers(doc, len(text), quotes, ents, texts))
    title = title if title is not None else str(doc.user_data.get("title") or "")
    n_linked = sum(1 for e in ents if wikidata_url(e.kb_id_))
    bp_chars = sum(s.end_char - s.start_char for s in doc.spans.get(BOILERPLATE_KEY, []))
    speakers = {(r["speaker_kb_id"] or r["speaker_name"] or r["speaker_text"]) for r in quotes} - {""}
    stats = (f'{len(quotes)} {_text(t["quotes"])} · {len(speakers)} {_text(t["speakers"])} · {len(ents)} '
             f'{_text(t["entities"])} ({n_linked} {_text(t["linked"])}) · {_text(t["boilerplate"])}: '
             f'{len(doc.spans.get(BOILERPLATE_KEY, []))} ({bp_chars} / {len(text)})')
    css = read_text("render.v1.css") + "\n" + _entity_css(palette)
    script = read_text("render.v1.js").replace("</", "<\\/")
    lang = _attr(doc.lang_ or "ar")
    content = (f'<div class="arabnews-render" lang="{lang}" dir="rtl">'
               f'<header class="an-head"><h1 dir="auto">{_text(title or t["page_title"])}</h1>'
               f'<p class="an-stats">{stats}</p>{_legend(texts, palette)}</header>'
               f'<div class="an-layout"><article class="an-doc" dir="rtl" lang="{lang}">{body}</article>'
               f'{_side(quotes, texts)}</div></div>')
    if not page:
        return f"<style>{css}</style>{content}<script>{script}</script>"
    return (f'<!DOCTYPE html>\n<html lang="{lang}" dir="rtl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="arabnews.render">'
            f'<title>{_text(title or t["page_title"])}</title><style>{css}</style></head>'
            f'<body>{content}<script>{script}</script></body></html>\n')


def render_docs(docs: Iterable[Doc], **kwargs: Any) -> list[str]:
    """One page per Doc (convenience for ``nlp.pipe`` output)."""
    return [render(doc, **kwargs) for doc in docs]
