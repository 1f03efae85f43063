"""HTML input (extra ``html``): trafilatura extracts the text, one paragraph per line; then the pipeline's
``arabnews_boilerplate`` labels what trafilatura left (dates, comment policies, menus, copyright lines ...).

    doc = arabnews.from_html(page_html)          # the default pipeline (arabnews.load())
    doc = arabnews.from_html(page_html, nlp=my_nlp)
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .errors import Errors, check_text

_NLP: list[Language] = []


def html_to_text(html: str) -> str:
    """The article text of an HTML page, one paragraph per line ("" when the page has none)."""
    check_text(html, "html_to_text")
    try:
        import trafilatura
    except ImportError as err:
        raise ImportError(Errors.E011) from err
    if not html.strip():
        return ""
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               favor_recall=True, deduplicate=False, with_metadata=False)
    return text or ""


def from_html(html: str, nlp: Language | None = None) -> Doc:
    """A processed Doc of the article in ``html``: trafilatura's text, labelled by ``nlp`` (default
    :func:`arabnews.load`). The page's furniture trafilatura keeps is in ``doc.spans["boilerplate"]``."""
    text = html_to_text(html)
    if nlp is None:
        if not _NLP:
            from .pipeline import load

            _NLP.append(load())
        nlp = _NLP[0]
    return nlp(text)
