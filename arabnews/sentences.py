"""``arabnews_sentences``: sentence boundaries for Arabic news text, without a parser.

A line break ends a sentence (news paragraphs are lines). ``. ! ? ؟ …`` end a sentence, except inside a
quotation (``"... الحلف. نبذل ..."`` stays one sentence with its attribution); a closing mark right after the
period stays with its sentence (``مضى".``). Works on any tokenisation, since decisions are made on characters.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text, install_extensions
from .marks import quote_regions

NOT_START = numpy.uint64(-1 & 0xFFFFFFFFFFFFFFFF)  # SENT_START -1 as spaCy's uint64 attribute value
FINAL_PUNCT = set(".!?؟…۔")
CLOSERS = set("\"»”’›)]'")


class NewsSentencizer:
    """Sets ``token.is_sent_start`` on every token."""

    def __init__(self, nlp: Language, name: str, *, split_inside_quotes: bool = False):
        self.name = name
        self.split_inside_quotes = split_inside_quotes
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        install_extensions()
        if not len(doc):
            return doc
        text = doc_text(doc)
        regions = [] if self.split_inside_quotes else quote_regions(text)
        starts = [r[0] for r in regions]

        def inside_quote(i: int) -> bool:
            k = bisect_right(starts, i) - 1
            return k >= 0 and regions[k][0] < i < regions[k][1]

        # Token.is_sent_start's setter checks the whole doc for a parse on every call (quadratic), so the
        # decisions go into one array written with Doc.from_array.
        starts_array = numpy.full((len(doc), 1), NOT_START, dtype="uint64")
        new_sentence = True
        for token in doc:
            if token.is_space:
                if token.i == 0:
                    starts_array[0, 0] = 1
                if "\n" in token.text or "\n" in token.whitespace_:
                    new_sentence = True
                continue
            if new_sentence or token.i == 0:
                starts_array[token.i, 0] = 1
            new_sentence = False
            last = token.text[-1]
            if "\n" in token.whitespace_:
                new_sentence = True
            elif last in FINAL_PUNCT and not inside_quote(token.idx):
                new_sentence = True
            elif last in CLOSERS and token.i > 0 and doc[token.i - 1].text[-1:] in FINAL_PUNCT:
                new_sentence = True
        doc.from_array([SENT_START], starts_array)
        return doc

    def pipe(self, stream, batch_size: int = 128):
        install_extensions()
        for doc in stream:
            yield self(doc)


@Language.factory(
    "arabnews_sentences",
    assigns=["token.is_sent_start"],
    default_config={"split_inside_quotes": False},
)
def make_news_sentencizer(nlp: Language, name: str, split_inside_quotes: bool) -> NewsSentencizer:
    return NewsSentencizer(nlp, name, split_inside_quotes=split_inside_quotes)
