"""HTML markup inside plain-text input: found once, made invisible to the components, offsets kept.

Scraped corpora often carry bits of markup in their text fields (``<p>``, ``<br/>``, ``&quot;``, a stray
``<script>``). A spaCy Doc keeps its text as given, so the markup cannot be removed from it; instead
:func:`mask_markup` returns a string OF THE SAME LENGTH in which every tag, comment and script/style element is
blank (a block tag such as ``</p>`` or ``<br>`` becomes a line break, since news paragraphs are lines) and every
character reference (``&quot;``, ``&#171;``, ``&laquo;``) is the character it stands for, padded with spaces.
Components read that masked text (``arabnews.extensions.doc_text``), so a quote or a name is found in
``<p>وقال: &quot;...&quot;</p>`` exactly as in the plain text, and every offset they report is an offset of the
input. The tokenizer makes each tag and reference one token (:func:`markup_spans`).

For whole HTML pages use :func:`arabnews.from_html` (trafilatura), which extracts the article first.
Only the names of HTML elements are taken for tags (``<Reuters>`` or ``x < 5`` are text), and every search is
bounded, so the cost stays linear on hostile input (thousands of unclosed ``<script`` or ``<!--``).
"""

from __future__ import annotations

import html
import re

#: HTML element names (WHATWG living standard, plus the obsolete ones still seen in scraped news: font, center).
ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption center cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 h2
h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter
nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select
small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title
tr track tt u ul var video wbr
""".split())

#: Elements that end a paragraph: their tags are masked as a line break.
BLOCK_ELEMENTS = frozenset("""
address article aside blockquote body br center dd details dialog div dl dt fieldset figcaption figure footer form h1
h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol p pre section table tbody td tfoot th thead title tr ul
""".split())

#: Elements whose content is not text at all.
HIDDEN_ELEMENTS = ("script", "style")

#: Comment-like constructs: opener -> closer (a CDATA section is a bogus comment in HTML, hidden like one).
_COMMENTS = {"<!--": "-->", "<![CDATA[": "]]>"}
_CANDIDATE = re.compile(
    r"<!--|<!\[CDATA\["
    r"|<[!?][A-Za-z][^<>]{0,2000}>"  # <!DOCTYPE html>, <?xml ...?>
    r"|<(/?)([A-Za-z][A-Za-z0-9]{0,10})(?=[\s/>])[^<>]{0,2000}>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in HIDDEN_ELEMENTS}
#: Quotation marks: a decoded one that opens (a word right after it, none right before) is put right before the
#: word, so that quote pairing sees ``"word``; any other decoded character is put where the reference starts.
_OPENERS = set("\"'«“„‹‘")


def markup_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every piece of markup in ``text``, in order, not overlapping.

    ``kind``: ``"block"`` (a tag that ends a paragraph), ``"inline"`` (any other tag, a comment, a CDATA section,
    a doctype or processing instruction, a whole script/style element) or ``"char"`` (a character reference)."""
    if "<" not in text and "&" not in text:
        return []
    out: list[tuple[int, int, str]] = []
    no_close: set[str] = set()  # closers known to be absent after some point: later openers are plain tags
    pos, n = 0, len(text)
    while pos < n:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        token = m.group(0)
        closer = _COMMENTS.get(token)
        if closer is not None:
            close = -1 if closer in no_close else text.find(closer, end)
            if close < 0:
                no_close.add(closer)
                pos = end
                continue
            out.append((start, close + len(closer), "inline"))
            pos = close + len(closer)
            continue
        if token[1] in "!?":
            out.append((start, end, "inline"))
            pos = end
            continue
        if token[0] == "&":
            decoded = html.unescape(token)
            if decoded != token and len(decoded) == 1:
                out.append((start, end, "char"))
            pos = end
            continue
        closing, name = m.group(1), m.group(2).lower()
        if name not in ELEMENTS:
            pos = start + 1
            continue
        if not closing and name in HIDDEN_ELEMENTS and name not in no_close:
            close = _find_closing(text, name, end)
            if close is None:
                no_close.add(name)
            else:
                out.append((start, close, "inline"))
                pos = close
                continue
        out.append((start, end, "block" if name in BLOCK_ELEMENTS else "inline"))
        pos = end
    return out


def _find_closing(text: str, name: str, pos: int) -> int | None:
    """End of the ``</name>`` closing tag after ``pos`` (any case), or None."""
    m = _CLOSERS[name].search(text, pos)
    return m.end() if m else None


def mask_markup(text: str, spans: list[tuple[int, int, str]] | None = None) -> str:
    """``text`` with its markup blanked out (same length, same offsets); ``text`` itself when it has none."""
    spans = markup_spans(text) if spans is None else spans
    if not spans:
        return text
    pieces: list[str] = []
    pos = 0
    for start, end, kind in spans:
        pieces.append(text[pos:start])
        width = end - start
        if kind == "block":
            pieces.append("\n" + " " * (width - 1))
        elif kind == "char":
            char = html.unescape(text[start:end])
            if char.isspace():
                pieces.append(" " * width)
            elif (char in _OPENERS and end < len(text) and text[end].isalnum()
                  and not (start and text[start - 1].isalnum())):  # an opening mark: "word
                pieces.append(" " * (width - 1) + char)
            else:
                pieces.append(char + " " * (width - 1))
        elif start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha():
            pieces.append("\u0640" * width)  # a tag inside a word (ستولت<b>نبرغ</b>): tatweel keeps it one word
        else:
            pieces.append(" " * width)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
