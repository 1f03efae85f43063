"""Reading documents from files and folders: ``.txt``, ``.jsonl``, ``.jsonl.gz`` (and ``.html`` with the extra)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Errors

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".html.gz")


@dataclass
class InputDocument:
    """One article to process: its id, its text, and whatever else the input record carried."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("html", HTML_SUFFIXES), ("txt", TEXT_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the readable files inside folders named (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and _kind(p)))
        elif path.is_file() and _kind(path):
            out.append(path)
        else:
            raise FileNotFoundError(Errors.E005.format(path=path))
    return out


def _open_text(path: Path):
    # utf-8-sig: a byte-order mark (Windows editors write one) is dropped instead of becoming the first character
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")


def read_jsonl(path: Path, text_field: str = "text", id_field: str = "id") -> Iterator[InputDocument]:
    """Records of a JSON-lines file; a broken line becomes a document with ``error`` set (the run goes on), and
    so does a file that ends badly (truncated .gz, bytes that are not UTF-8: E048)."""
    n = 0
    try:
        with _open_text(path) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                yield _jsonl_document(path, n, line, text_field, id_field)
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as err:
        yield InputDocument(f"{path.name}:{n + 1}", "", {"path": str(path)},
                            error=Errors.E048.format(path=path, line=n, err_type=type(err).__name__, err=err))


def _jsonl_document(path: Path, n: int, line: str, text_field: str, id_field: str) -> InputDocument:
    fallback_id = f"{path.name}:{n}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputDocument(fallback_id, "", error=Errors.E006.format(line=n, path=path, err=err))
    if not isinstance(record, dict):
        problem = f"a JSON {type(record).__name__}, not an object with a text field {text_field!r}"
        return InputDocument(fallback_id, "", error=Errors.E007.format(line=n, path=path, problem=problem))
    doc_id = str(record.get(id_field) or fallback_id)
    text = record.get(text_field)
    if not isinstance(text, str):
        problem = (f"no text field {text_field!r}" if text is None
                   else f"the text field {text_field!r} holds a {type(text).__name__}, not a string")
        return InputDocument(doc_id, "", {k: v for k, v in record.items() if k != text_field},
                             error=Errors.E007.format(line=n, path=path, problem=problem))
    meta = {k: v for k, v in record.items() if k != text_field}
    return InputDocument(doc_id, text, meta)


def _read_file(path: Path) -> tuple[str, str | None]:
    try:
        with _open_text(path) as fh:
            return fh.read(), None
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as err:
        return "", Errors.E048.format(path=path, line=0, err_type=type(err).__name__, err=err)


def iter_documents(paths: Iterable[str | Path], *, text_field: str = "text",
                   id_field: str = "id") -> Iterator[InputDocument]:
    """Every document in ``paths`` (files or folders), streamed in order."""
    for path in expand_paths(paths):
        kind = _kind(path)
        meta = {"path": str(path)}
        if kind == "jsonl":
            yield from read_jsonl(path, text_field, id_field)
            continue
        text, error = _read_file(path)
        if kind == "html" and error is None:
            try:
                text = _html_to_text(text)
            except ImportError as err:
                text, error = "", str(err)
        yield InputDocument(path.stem, text, meta, error=error)


def _html_to_text(html: str) -> str:
    """Article text of an HTML page (:func:`arabnews.html.html_to_text`; extra ``html``, else E011)."""
    from .html import html_to_text

    return html_to_text(html)


def count_documents(paths: Iterable[str | Path]) -> int:
    """How many documents ``iter_documents(paths)`` will yield (non-blank lines of JSON-lines files, one per
    other file), counted without parsing JSON: about a second per 100 MB of compressed input."""
    total = 0
    for path in expand_paths(paths):
        if _kind(path) != "jsonl":
            total += 1
            continue
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total
