"""What every arabnews pipeline component shares: ``__call__`` and ``pipe`` around one ``process(doc)``.

Error convention (one for all components): a document on which ``process`` raises goes to the pipeline's error
handler (``nlp.set_error_handler``; spaCy's default re-raises). When the handler returns, as
``spacy.util.ignore_error`` does, the document is kept and passed on without this component's annotation, so
``nlp.pipe(texts)`` still yields one Doc per text, in order — what ``Language.__call__`` does for a failing
component (spaCy's own ``Pipe.pipe`` drops the document instead, which misaligns ``zip(texts, nlp.pipe(texts))``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from .extensions import install_extensions


class ArabnewsComponent(Pipe):
    """Base class of the arabnews components: subclasses implement ``process(doc) -> doc``."""

    name: str

    def process(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        if not (Doc.has_extension("article_meta") and Span.has_extension("arabnews_quote")):
            install_extensions()  # once per process in practice (a test may remove extensions)
        try:
            return self.process(doc)
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol decides
            self.get_error_handler()(self.name, self, [doc], err)
            return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)
