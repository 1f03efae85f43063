"""``arabnews.load()``: the whole pipeline in one call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language

from .errors import Errors

#: Components in their default order (../shared/API.md).
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "arabnews_sentences",
    "arabnews_boilerplate",
    "arabnews_linker",
    "arabnews_quotes",
    "arabnews_speakers",
)
#: Documents up to this many characters are processed (spaCy's default of 1,000,000 is for parsers).
MAX_LENGTH = 20_000_000


def available_components() -> list[str]:
    """The arabnews components, in their default order (every one is registered when this returns)."""
    from . import components  # noqa: F401  (registers the factories)

    return [name for name in DEFAULT_COMPONENTS if Language.has_factory(name)]


def load(*, exclude: Iterable[str] = (), **config_overrides: dict[str, Any]) -> Language:
    """A blank Arabic pipeline with the news tokenizer, sentences and every arabnews component.

    ``config_overrides`` maps a component name to its config, e.g.
    ``arabnews.load(arabnews_quotes={"include_boilerplate": True})``. ``exclude`` leaves components out.
    """
    available = available_components()
    for name in list(config_overrides) + list(exclude):
        if name not in DEFAULT_COMPONENTS:
            raise ValueError(Errors.E004.format(name=name, available=", ".join(DEFAULT_COMPONENTS)))
    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
    nlp.max_length = MAX_LENGTH
    excluded = set(exclude)
    for name in available:
        if name not in excluded:
            nlp.add_pipe(name, config=config_overrides.get(name, {}))
    nlp.initialize()
    return nlp
