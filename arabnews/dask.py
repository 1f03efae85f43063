"""Run arabnews on a Dask cluster (extra ``dask``): over a ``dask.bag`` or a dask dataframe of documents, or
as the engine of ``python -m arabnews run --scheduler tcp://host:8786``.

    from distributed import Client
    import dask.bag as db
    import arabnews.dask as ad

    client = Client("tcp://scheduler:8786")        # or Client(LocalCluster(n_workers=2, threads_per_worker=1))
    ad.register(client)                            # optional: load the pipeline on every worker now
    bag = db.read_text("s3://bucket/articles-*.jsonl.gz").map(json.loads)
    records = ad.annotate_bag(bag)                 # one run record per document (as `run --out` writes)
    quotes = ad.quotes_dataframe(ddf)              # one row per quote (arabnews.quote_export.QUOTE_COLUMNS)

Each worker process loads the pipeline once (:func:`arabnews.corpus.get_pipeline` caches it per process and
per options); :class:`ArabnewsPlugin` does it when the worker starts, so the first task does not wait. A
document that fails becomes an error record; the partition goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .corpus import Item, get_pipeline, iter_records, pipeline_key
from .errors import Errors
from .quote_export import QUOTE_COLUMNS, quote_rows

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the extra is not installed: the functions below raise E044
    WorkerPlugin = object  # type: ignore[misc,assignment]

#: Columns of :func:`annotate_dataframe`'s result.
RECORD_COLUMNS = ("id", "n_quotes", "n_entities", "error", "record")


def _require() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise ImportError(Errors.E044) from err


class ArabnewsPlugin(WorkerPlugin):
    """Loads the arabnews pipeline when a worker starts (``client.register_plugin(ArabnewsPlugin())``)."""

    name = "arabnews"

    def __init__(self, options: dict | None = None) -> None:
        self.options = pipeline_key(options)

    def setup(self, worker: Any) -> None:
        get_pipeline(self.options)


def register(client: Any, options: dict | None = None) -> None:
    """Load the pipeline on every worker of ``client`` now, and on workers that join later."""
    _require()
    client.register_plugin(ArabnewsPlugin(options))


def _items(rows: Any, text_field: str, id_field: str) -> Iterator[Item]:
    for n, row in enumerate(rows):
        if isinstance(row, str):
            yield str(n), row, {}
            continue
        row = dict(row)
        text = row.pop(text_field, None)
        doc_id = str(row.get(id_field) or n)
        yield doc_id, text if isinstance(text, str) else "", row


def _bag_partition(rows: Any, text_field: str, id_field: str, options: str, batch_size: int) -> list[dict]:
    return list(iter_records(_items(rows, text_field, id_field), options, batch_size=batch_size))


def annotate_bag(bag: Any, *, text_field: str = "text", id_field: str = "id", options: dict | None = None,
                 batch_size: int = 32) -> Any:
    """A bag of run records (``arabnews.records.doc_to_json`` + ``source_meta``) from a bag of documents
    (dicts with ``text_field``/``id_field``, or plain strings)."""
    _require()
    return bag.map_partitions(_bag_partition, text_field, id_field, pipeline_key(options), batch_size)


def quotes_bag(bag: Any, **kwargs: Any) -> Any:
    """A bag of quote rows (``arabnews.quote_export.quote_rows``): one per quote of the documents of ``bag``."""
    return annotate_bag(bag, **kwargs).map(quote_rows).flatten()


def _df_records(df: Any, text_field: str, id_field: str, options: str, batch_size: int) -> list[dict]:
    return list(iter_records(_items(df.to_dict("records"), text_field, id_field), options,
                             batch_size=batch_size))


def _df_partition(df: Any, text_field: str, id_field: str, options: str, batch_size: int) -> Any:
    import pandas as pd

    rows = []
    for r in _df_records(df, text_field, id_field, options, batch_size):
        rows.append({"id": r["id"], "n_quotes": len(r.get("quotes") or []), "n_entities": len(r.get("entities") or []),
                     "error": r.get("error") or "", "record": json.dumps(r, ensure_ascii=False, default=str)})
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS), index=df.index[: len(rows)])


def _df_quotes(df: Any, text_field: str, id_field: str, options: str, batch_size: int) -> Any:
    import pandas as pd

    rows = []
    for r in _df_records(df, text_field, id_field, options, batch_size):
        for q in quote_rows(r):
            q["fragments"] = json.dumps(q["fragments"])
            rows.append(q)
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))


def _empty_records_meta():
    import pandas as pd

    return pd.DataFrame({"id": pd.Series(dtype=object), "n_quotes": pd.Series(dtype="int64"),
                         "n_entities": pd.Series(dtype="int64"), "error": pd.Series(dtype=object),
                         "record": pd.Series(dtype=object)})


def _empty_quotes_meta():
    import pandas as pd

    types = {"start": "int64", "end": "int64", "anonymous": "bool", "negated": "bool"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, object)) for c in QUOTE_COLUMNS})


def annotate_dataframe(ddf: Any, *, text_field: str = "text", id_field: str = "id", options: dict | None = None,
                       batch_size: int = 32) -> Any:
    """One row per document of ``ddf``: id, n_quotes, n_entities, error ("" when none) and the run record as
    JSON (``json.loads`` it, or use :func:`quotes_dataframe` for the quotes). The other columns of ``ddf``
    (url, date, source ...) are the record's ``source_meta``."""
    _require()
    return ddf.map_partitions(_df_partition, text_field, id_field, pipeline_key(options), batch_size,
                              meta=_empty_records_meta())


def quotes_dataframe(ddf: Any, *, text_field: str = "text", id_field: str = "id", options: dict | None = None,
                     batch_size: int = 32) -> Any:
    """One row per quote of the documents of ``ddf`` (``arabnews.quote_export.QUOTE_COLUMNS``; fragments as JSON)."""
    _require()
    return ddf.map_partitions(_df_quotes, text_field, id_field, pipeline_key(options), batch_size,
                              meta=_empty_quotes_meta(), align_dataframes=False).clear_divisions()


@contextmanager
def client_executor(scheduler: str, options: dict | None = None):
    """``(executor, n_workers)`` for a Dask scheduler address: what ``run --scheduler`` processes batches with."""
    _require()
    from distributed import Client

    client = Client(scheduler)
    try:
        register(client, options)
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        with client.get_executor(pure=False) as executor:
            yield executor, n_workers
    finally:
        client.close()


def loads_per_worker(client: Any) -> dict[str, int]:
    """How many times each worker process has loaded a pipeline (1 each when the cache works)."""
    from .corpus import pipeline_loads

    return client.run(pipeline_loads)
