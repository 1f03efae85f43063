"""``arabnews_sentences``: sentence boundaries for Arabic news text, without a parser.

A line break ends a sentence (news paragraphs are lines). ``. ! ? ؟ …`` end a sentence, except inside a
quotation (``"... الحلف. نبذل ..."`` stays one sentence with its attribution); a closing mark right after the
period stays with its sentence (``مضى".``). Works on any tokenisation, since decisions are made on characters;
HTML markup left in the text counts as white space, a block tag (``</p>``, ``<br>``) as a line break.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text, install_extensions
from .marks import quote_regions

NOT_START = numpy.uint64(-1 & 0xFFFFFFFFFFFFFFFF)  # SENT_START -1 as spaCy's uint64 attribute value
FINAL_PUNCT = set(".!?؟…۔")
CLOSERS = set("\"»”’›)]'")


_IS_FINAL = numpy.zeros(0x10000, dtype=bool)  # lookup tables over the Basic Multilingual Plane
_IS_FINAL[[ord(c) for c in FINAL_PUNCT]] = True
_IS_CLOSER = numpy.zeros(0x10000, dtype=bool)
_IS_CLOSER[[ord(c) for c in CLOSERS]] = True


def sentence_starts(doc: Doc, text: str, regions: list[tuple[int, int]]) -> numpy.ndarray:
    """SENT_START values (1 or -1) of every token, computed on arrays (no Token object is made).

    A token starts a sentence when it is the first non-space token, or when since the previous non-space token
    there was a space token holding a line break, or that previous token ended with final punctuation outside a
    quotation (``regions``), or was a closing mark right after final punctuation (``مضى".``)."""
    n = len(doc)
    attrs = doc.to_array([IDX, LENGTH, IS_SPACE]).astype("int64")
    idx, length, is_space = attrs[:, 0], attrs[:, 1], attrs[:, 2].astype(bool)
    ends = idx + length
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype="uint32")
    if len(codes) and (codes[idx] <= 32).any():  # markup tokens (blank in the masked text) count as space
        is_space = is_space | (codes[idx] == 32) | (codes[idx] == 10)
    newlines = numpy.concatenate(([0], numpy.cumsum(codes == 10)))
    has_newline = newlines[ends] > newlines[idx]
    last = codes[ends - 1] & 0xFFFF  # tokens are never empty; a character beyond the BMP is no punctuation here
    last[codes[ends - 1] > 0xFFFF] = 0
    final = _IS_FINAL[last]
    if regions:
        starts = numpy.array([r[0] for r in regions], dtype="int64")
        stops = numpy.array([r[1] for r in regions], dtype="int64")
        k = numpy.searchsorted(starts, idx, side="right") - 1
        kk = numpy.maximum(k, 0)
        inside = (k >= 0) & (starts[kk] < idx) & (idx < stops[kk])
    else:
        inside = numpy.zeros(n, dtype=bool)
    prev_final = numpy.concatenate(([False], final[:-1]))
    closes_sentence = _IS_CLOSER[last] & prev_final
    closes_sentence[0] = False
    trigger = numpy.where(is_space, has_newline, (final & ~inside) | closes_sentence)
    out = numpy.full(n, NOT_START, dtype="uint64")
    words = numpy.flatnonzero(~is_space)
    if len(words):
        fired = numpy.concatenate(([0], numpy.cumsum(trigger)))
        previous = numpy.concatenate(([0], words[:-1]))
        # a trigger in [previous word, this word) starts a sentence at this word; the first word always does
        new = fired[words] - fired[previous] > 0
        new[0] = True
        out[words[new]] = 1
    out[0] = 1
    return out


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
        doc.from_array([SENT_START], sentence_starts(doc, text, regions).reshape(-1, 1))
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
