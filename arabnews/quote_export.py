"""Quote exports: one row per quote, with the article's id, url, date and outlet, as JSONL, CSV or Parquet.

    python -m arabnews run corpus.jsonl.gz --out out.jsonl --quotes-out quotes.parquet
    python -m arabnews quotes out.jsonl --out quotes.csv          # from an existing run output

Rows are built from the run records (:func:`quote_rows`), so an export never needs the Docs again. Writers
stream: memory stays flat whatever the corpus size (Parquet is written one row group per batch).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import Errors

#: Columns of the quotes export, in order.
QUOTE_COLUMNS: tuple[str, ...] = (
    "doc_id", "url", "date", "outlet", "quote_id", "type", "text", "start", "end", "fragments", "cue",
    "speaker", "speaker_kb_id", "speaker_name", "anonymous", "negated",
)
FORMATS = ("jsonl", "csv", "parquet")
#: Source-record fields tried, in order, for the url, date and outlet of an article.
URL_FIELDS = ("url", "link", "href")
DATE_FIELDS = ("date", "published", "pub_date", "datetime")
OUTLET_FIELDS = ("outlet", "source", "site", "publisher", "newspaper")


def _first(meta: dict, fields: Iterable[str]) -> str:
    for name in fields:
        value = meta.get(name)
        if value not in (None, ""):
            return str(value)
    return ""


def quote_rows(record: dict) -> list[dict[str, Any]]:
    """The export rows of one run record (``arabnews.records.doc_to_json``); none for an error record."""
    if "error" in record:
        return []
    meta = record.get("source_meta") or {}
    doc = {"doc_id": str(record.get("id", "")), "url": _first(meta, URL_FIELDS), "date": _first(meta, DATE_FIELDS),
           "outlet": _first(meta, OUTLET_FIELDS)}
    rows = []
    for q in record.get("quotes") or []:
        rows.append({
            **doc,
            "quote_id": q.get("id") or "",
            "type": q.get("type") or "",
            "text": q.get("text") or "",
            "start": int(q.get("start", 0)),
            "end": int(q.get("end", 0)),
            "fragments": [[int(s), int(e)] for s, e in q.get("fragments") or []],
            "cue": q.get("cue") or "",
            "speaker": q.get("speaker") or "",
            "speaker_kb_id": q.get("speaker_kb_id") or "",
            "speaker_name": q.get("speaker_name") or "",
            "anonymous": bool(q.get("anonymous")),
            "negated": bool(q.get("negated")),
        })
    return rows


def read_records(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Records of run outputs (``--out`` files, ``.jsonl`` or ``.jsonl.gz``); a broken line raises E045."""
    import gzip

    for path in paths:
        path = Path(path)
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as err:
                    if not line.endswith("\n"):  # last line of a run killed mid-write
                        return
                    raise ValueError(Errors.E045.format(path=path, line=n, err=err)) from err
                if not isinstance(record, dict) or "id" not in record:
                    raise ValueError(Errors.E045.format(path=path, line=n, err="no 'id'"))
                yield record


def format_of(path: str | Path, fmt: str | None = None) -> str:
    name = str(path).lower()
    fmt = fmt or next((f for f in FORMATS if name.endswith((f".{f}", f".{f}.gz"))), None)
    if fmt == "pq":
        fmt = "parquet"
    if fmt not in FORMATS:
        raise ValueError(Errors.E042.format(fmt=fmt or Path(path).suffix, path=path))
    return fmt


class QuoteWriter:
    """Streaming writer of quote rows to ``path`` in ``fmt`` (jsonl, csv, parquet; from the suffix if None)."""

    #: Parquet rows per row group (rows are buffered up to this many).
    row_group = 20_000

    def __init__(self, path: str | Path, fmt: str | None = None) -> None:
        self.path = Path(path)
        self.format = format_of(path, fmt)
        self.rows = 0
        self._fh = None
        self._csv = None
        self._parquet = None
        self._buffer: list[dict] = []
        self._closed = False
        if self.format == "parquet":
            try:
                import pyarrow  # noqa: F401
                import pyarrow.parquet  # noqa: F401
            except ImportError as err:
                raise ImportError(Errors.E043) from err
            self._schema = parquet_schema()
        else:
            self._fh = open(self.path, "w", encoding="utf-8", newline="")
            if self.format == "csv":
                self._csv = csv.DictWriter(self._fh, fieldnames=QUOTE_COLUMNS)
                self._csv.writeheader()

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        self.rows += len(rows)
        if self.format == "jsonl":
            self._fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        elif self.format == "csv":
            self._csv.writerows({**r, "fragments": json.dumps(r["fragments"])} for r in rows)
        else:
            self._buffer.extend(rows)
            if len(self._buffer) >= self.row_group:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        if self._buffer:
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self.format == "parquet" and not self._closed:
            self._flush_parquet()  # also makes a valid, empty file when there was no quote
            self._parquet.close()
        self._closed = True

    def __enter__(self) -> QuoteWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parquet_schema():
    import pyarrow as pa

    types = {"start": pa.int64(), "end": pa.int64(), "fragments": pa.list_(pa.list_(pa.int64())),
             "anonymous": pa.bool_(), "negated": pa.bool_()}
    return pa.schema([(c, types.get(c, pa.string())) for c in QUOTE_COLUMNS])


def export_quotes(outputs: Iterable[str | Path], path: str | Path, fmt: str | None = None,
                  chunk: int = 5000) -> int:
    """Write the quotes of existing run outputs to ``path``; returns the number of rows."""
    with QuoteWriter(path, fmt) as writer:
        rows: list[dict] = []
        for record in read_records(outputs):
            rows.extend(quote_rows(record))
            if len(rows) >= chunk:
                writer.write(rows)
                rows = []
        writer.write(rows)
    return writer.rows
