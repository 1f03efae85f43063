"""arabnews: who said what in Arabic news — spaCy components for boilerplate, quotes, speakers and linking."""

from __future__ import annotations

from .about import __version__
from .extensions import install_extensions
from .normalize import normalize, normalize_with_offsets
from .pipeline import DEFAULT_COMPONENTS, load
from .render import render  # eager: a lazy name equal to its module would be shadowed by the module
from .tokenizer import ArabicNewsTokenizer, build_tokenizer, create_arabic_news_tokenizer

install_extensions()

__all__ = [
    "DEFAULT_COMPONENTS",
    "ArabicNewsTokenizer",
    "__version__",
    "build_tokenizer",
    "create_arabic_news_tokenizer",
    "doc_to_json",
    "from_html",
    "install_extensions",
    "load",
    "normalize",
    "normalize_with_offsets",
    "render",
    "strip_boilerplate",
]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def __getattr__(name: str):
    """Helpers imported on first use, to keep ``import arabnews`` light (trafilatura is an extra)."""
    lazy = {
        "strip_boilerplate": ("boilerplate", "strip_boilerplate"),
        "from_html": ("html", "from_html"),
        "doc_to_json": ("records", "doc_to_json"),
    }
    if name in lazy:
        import importlib

        module, attr = lazy[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    raise AttributeError(f"module 'arabnews' has no attribute {name!r}")
