"""Corpus runs: stream documents through the pipeline, in one process, several, or on a Dask cluster.

    from arabnews.corpus import run_corpus
    summary = run_corpus(["articles.jsonl.gz"], "out.jsonl", n_process=2, quotes_out="quotes.csv")

* **Streaming, constant memory**: documents are read lazily and at most ``2 × workers + 1`` batches are in flight;
  each processed batch is written at once, in input order.
* **Workers return JSON lines**, not Docs: a worker loads the pipeline once (:func:`get_pipeline`, cached per
  process), turns each Doc into its record with :func:`arabnews.records.doc_to_json` and sends back strings, so
  the parent only writes. This is what makes two processes close to twice as fast as one.
* **Resumable**: when ``out`` exists, the ids already in it are skipped and new records are appended (a last line
  cut by a killed run is dropped first). Ids are unique in the output: a record repeating an earlier one (same id,
  same text) is skipped, one reusing an id for another text is written as ``id#2`` (then ``#3``, ...).
  ``overwrite=True`` starts again; ``retry_errors=True`` re-processes ids
  whose only record is an error.
* **A failing document does not stop the run**: it is written as ``{"id", "error", "source_meta"}`` and counted;
  a worker that dies is replaced and its batch re-run document by document, so only the culprit is marked.
* **Summary**: :class:`RunSummary` (documents, quotes, quotes with a linked speaker, distinct speaker QIDs,
  errors, seconds); the CLI prints it and exits 1 when some document failed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .errors import Errors
from .io import InputDocument, count_documents, iter_documents

#: What a batch sent to a worker holds: (id, text, source meta) per document.
Item = tuple[str, str, dict]

# ---------------------------------------------------------------- one pipeline per process
_PIPELINES: dict[str, Any] = {}
_PIPELINE_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()
_LOADS = 0


def pipeline_key(options: dict | None = None) -> str:
    """Canonical JSON of ``load()`` options (``{"exclude": [...], "config": {component: {...}}}``)."""
    return json.dumps(options or {}, sort_keys=True, ensure_ascii=False)


def get_pipeline(options: dict | str | None = None):
    """``arabnews.load(**options)``, loaded once per process and per options (thread-safe)."""
    global _LOADS
    key = options if isinstance(options, str) else pipeline_key(options)
    nlp = _PIPELINES.get(key)
    if nlp is None:
        with _PIPELINE_LOCK:
            nlp = _PIPELINES.get(key)
            if nlp is None:
                from .pipeline import load

                opts = json.loads(key)
                nlp = load(exclude=opts.get("exclude", ()), **opts.get("config", {}))
                _PIPELINES[key] = nlp
                _LOADS += 1
    return nlp


def pipeline_loads() -> int:
    """How many times this process has loaded a pipeline (tests check it is once per worker)."""
    return _LOADS


# ---------------------------------------------------------------- processing a batch (runs in a worker)
@dataclass
class BatchResult:
    """What a worker sends back: one JSON line per document, the quote export rows, and counts."""

    lines: list[str] = field(default_factory=list)
    quote_rows: list[dict] = field(default_factory=list)
    docs: int = 0
    errors: int = 0
    quotes: int = 0
    linked_quotes: int = 0
    speaker_qids: list[str] = field(default_factory=list)


def error_record(doc_id: str, message: str, meta: dict | None = None) -> dict:
    """The output record of a document that failed: its id, the coded error, and its source metadata."""
    record: dict[str, Any] = {"id": doc_id, "error": message}
    if meta:
        record["source_meta"] = meta
    return record


def _dumps(record: dict, indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def _add_record(result: BatchResult, record: dict, with_quotes: bool, indent: int | None = None) -> None:
    from .quote_export import quote_rows

    result.lines.append(_dumps(record, indent))
    if "error" in record:
        result.errors += 1
        return
    result.docs += 1
    quotes = record.get("quotes") or []
    result.quotes += len(quotes)
    for q in quotes:
        if q.get("speaker_kb_id"):
            result.linked_quotes += 1
            result.speaker_qids.append(q["speaker_kb_id"])
    if with_quotes:
        result.quote_rows.extend(quote_rows(record))


class DocumentTimeout(TimeoutError):
    """A document took longer than the run's per-document time limit."""


@contextmanager
def _time_limit(seconds: float | None):
    """Raise :class:`DocumentTimeout` in this thread after ``seconds`` (SIGALRM timer). Only the main thread of a
    process can take signals: elsewhere (Dask workers run tasks in threads) and for None/0 there is no limit."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _stop(signum, frame):
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def iter_records(items: Iterable[Item], options: dict | str | None = None, *,
                 batch_size: int = 32, doc_timeout: float | None = None) -> Iterator[dict]:
    """The run record of each ``(id, text, meta)``; a document that raises becomes an error record (E040) and
    the others are kept. One thread at a time per process runs the pipeline (spaCy pipelines are not
    thread-safe; Dask workers may run several tasks at once).

    ``doc_timeout`` (seconds): a batch that takes longer than that is run again one document at a time, each
    under that limit; a document that exceeds it becomes an error record (E049) instead of stalling the run."""
    from .records import doc_to_json

    items = list(items)
    key = options if isinstance(options, str) else pipeline_key(options)
    nlp = get_pipeline(key)
    # spaCy >= 3.8: strings added while processing the batch are freed after it (the records are plain data),
    # so a worker's memory stays flat over millions of documents instead of growing with the vocabulary.
    zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else nullcontext()
    with _RUN_LOCK, zone:
        try:
            with _time_limit(doc_timeout):
                docs = list(nlp.pipe((text for _, text, _ in items), batch_size=batch_size))
        except Exception:  # noqa: BLE001 - find the culprit document by document below
            docs = None
        records = []
        for n, (doc_id, text, meta) in enumerate(items):
            try:
                if docs is not None:
                    doc = docs[n]
                else:
                    with _time_limit(doc_timeout):
                        doc = nlp(text)
                records.append(doc_to_json(doc, doc_id, source_meta=meta))
            except DocumentTimeout:
                records.append(error_record(doc_id, Errors.E049.format(doc_id=doc_id, seconds=doc_timeout), meta))
            except Exception as err:  # noqa: BLE001 - recorded, the run goes on
                message = Errors.E040.format(doc_id=doc_id, err_type=type(err).__name__, err=str(err)[:500])
                records.append(error_record(doc_id, message, meta))
    yield from records


def process_batch(items: list[Item], options: dict | str | None = None, *, batch_size: int = 32,
                  with_quotes: bool = False, indent: int | None = None,
                  doc_timeout: float | None = None) -> BatchResult:
    """Run the pipeline over ``items`` and return their JSON lines, quote rows and counts (see
    :func:`iter_records`). Used in-process, in worker processes and on Dask workers."""
    result = BatchResult()
    for record in iter_records(items, options, batch_size=batch_size, doc_timeout=doc_timeout):
        _add_record(result, record, with_quotes, indent)
    return result


def _init_worker(options: str) -> None:
    """Process-pool initializer: load the pipeline before the first batch arrives."""
    get_pipeline(options)


# ---------------------------------------------------------------- resume
def read_done_ids(path: Path, *, retry_errors: bool = False,
                  on_record: Callable[[dict], None] | None = None) -> set[str]:
    """Ids already in the run output ``path`` (with ``retry_errors``, those with a non-error record only).

    A last line without its newline (a run killed mid-write) is cut off the file so that appending is safe.
    ``on_record`` receives every complete record (used to rebuild the quotes export of a resumed run)."""
    done: set[str] = set()
    failed: set[str] = set()
    if not path.exists():
        return done
    good_end = 0
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                break  # cut by a killed run: dropped below
            good_end += len(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                doc_id = str(record["id"])
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(Errors.E047.format(path=path, err=f"line {n}: {err}")) from err
            if "error" in record:
                failed.add(doc_id)
            else:
                done.add(doc_id)
                if on_record is not None:
                    on_record(record)
    if good_end < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
    return done if retry_errors else done | failed


# ---------------------------------------------------------------- progress
class _Progress:
    """tqdm when installed (docs/s and ETA), else a line on stderr every ``every`` seconds; or nothing."""

    def __init__(self, total: int | None, enabled: bool, every: float = 10.0) -> None:
        self.total, self.enabled, self.every = total, enabled, every
        self.n, self.start, self.last = 0, time.perf_counter(), 0.0
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                pass
            else:
                self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.05,
                                desc="arabnews")

    def update(self, n: int) -> None:
        self.n += n
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            rate = self.n / max(now - self.start, 1e-9)
            eta = f", ETA {(self.total - self.n) / rate:,.0f} s" if self.total and rate else ""
            print(f"arabnews: {self.n:,}/{self.total or '?'} docs, {rate:,.1f} docs/s{eta}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------- the run
@dataclass
class RunSummary:
    """Counts of one run. ``docs`` = documents processed now; ``skipped`` = already in the output;
    ``duplicates`` = input records with the id AND text of an earlier one (not written again); ``renamed`` =
    records whose id an earlier record with another text already had (written as ``id#2``, ``id#3``, ...)."""

    docs: int = 0
    skipped: int = 0
    duplicates: int = 0
    renamed: int = 0
    errors: int = 0
    quotes: int = 0
    linked_quotes: int = 0
    speakers_linked: int = 0
    seconds: float = 0.0
    out: str | None = None

    @property
    def docs_per_second(self) -> float:
        return (self.docs + self.errors) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "docs_per_second": round(self.docs_per_second, 2)}

    def format(self) -> str:
        where = f" to {self.out}" if self.out else ""
        skipped = f", {self.skipped:,} skipped (already in the output)" if self.skipped else ""
        if self.duplicates:
            skipped += f", {self.duplicates:,} duplicate records skipped (same id and text)"
        if self.renamed:
            skipped += f", {self.renamed:,} renamed id#N (an id reused for another text)"
        return (f"arabnews: {self.docs:,} documents written{where}{skipped}; {self.quotes:,} quotes, "
                f"{self.linked_quotes:,} with a linked speaker ({self.speakers_linked:,} distinct QIDs); "
                f"{self.errors:,} errors; {self.seconds:,.1f} s ({self.docs_per_second:,.1f} docs/s)")


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while True:
        batch = list(islice(items, size))
        if not batch:
            return
        yield batch


def _make_pool(n_process: int, options: str) -> Executor:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # "spawn" is slower to start than fork but safe with threads (tqdm, dask) and the same on every OS.
    return ProcessPoolExecutor(max_workers=n_process, mp_context=mp.get_context("spawn"),
                               initializer=_init_worker, initargs=(options,))


def _terminate(pool: Executor) -> None:
    """Stop a process pool at once: its workers are killed, queued batches dropped (a re-run resumes)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def run_documents(documents: Iterable[InputDocument], out: IO[str], *, n_process: int = 1, batch_size: int = 32,
                  options: dict | None = None, executor: Executor | None = None, n_workers: int | None = None,
                  skip_ids: set[str] | frozenset[str] = frozenset(), quotes_writer: Any = None,
                  progress: bool = False, total: int | None = None, indent: int | None = None,
                  doc_timeout: float | None = None) -> RunSummary:
    """Process ``documents`` and write one JSON line per document to ``out``.

    ``executor``: any ``concurrent.futures.Executor`` (e.g. ``distributed.Client.get_executor()``); else a
    process pool of ``n_process`` workers, or this process when ``n_process`` is 1. ``doc_timeout``: seconds one
    document may take before it is recorded as failed (E049); enforced in this process and in process-pool
    workers, not on Dask workers (their tasks run in threads, which cannot be interrupted)."""
    key = pipeline_key(options)
    summary = RunSummary()
    qids: set[str] = set()
    start = time.perf_counter()
    with_quotes = quotes_writer is not None
    bar = _Progress(total, progress)

    first_text: dict[str, int] = {}  # id -> hash of the text of the first record with that id, in this run
    texts_of: dict[str, list[int]] = {}  # id -> hashes of its distinct texts, for ids met more than once

    def unique_id(d: InputDocument) -> str | None:
        """The id the record is written under: its own, ``id#N`` for the N-th distinct text under a reused id
        (two ``x.txt`` in two folders), or None for an exact repeat (same id, same text). The same input gives
        the same ids in every run, so resuming keeps working."""
        h = hash(d.text)
        first = first_text.get(d.id)
        if first is None:
            first_text[d.id] = h
            return d.id
        seen = texts_of.setdefault(d.id, [first])
        if h in seen:
            summary.duplicates += 1
            return None
        seen.append(h)
        summary.renamed += 1
        new_id, k = f"{d.id}#{len(seen)}", len(seen)
        while new_id in first_text:  # the input also has a record called id#N
            k += 1
            new_id = f"{d.id}#{k}"
        first_text[new_id] = h
        return new_id

    def pending() -> Iterator[Item]:
        for d in documents:
            doc_id = unique_id(d)
            if doc_id is None:
                bar.update(1)
                continue
            if doc_id != d.id:
                d = InputDocument(doc_id, d.text, d.meta, error=d.error)
            if d.id in skip_ids:
                summary.skipped += 1
                bar.update(1)
                continue
            if d.error is not None:  # unreadable input line: recorded as it is met
                write(BatchResult(lines=[_dumps(error_record(d.id, d.error, d.meta))], errors=1))
                continue
            yield d.id, d.text, d.meta

    def write(result: BatchResult) -> None:
        for line in result.lines:
            out.write(line + "\n")
        out.flush()
        if with_quotes and result.quote_rows:
            quotes_writer.write(result.quote_rows)
        summary.docs += result.docs
        summary.errors += result.errors
        summary.quotes += result.quotes
        summary.linked_quotes += result.linked_quotes
        qids.update(result.speaker_qids)
        bar.update(len(result.lines))

    kwargs = {"batch_size": batch_size, "with_quotes": with_quotes, "indent": indent, "doc_timeout": doc_timeout}
    own_pool = executor is None and n_process > 1
    if executor is None and n_process <= 1:
        get_pipeline(key)
        for batch in _batches(pending(), batch_size):
            write(process_batch(batch, key, **kwargs))
    else:
        pool = executor or _make_pool(n_process, key)
        window = 2 * (n_workers or n_process or 1) + 1
        inflight: deque[tuple[list[Item], Future]] = deque()

        def settle() -> None:
            nonlocal pool
            batch, fut = inflight.popleft()
            try:
                write(fut.result())
                return
            except Exception as err:  # noqa: BLE001 - a worker died (or the cluster lost it): isolate the culprit
                broken = err
            if own_pool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _make_pool(n_process, key)
                retry = [b for b, _ in inflight]
                inflight.clear()
            else:
                retry = []
            for item in batch:
                try:
                    write(pool.submit(process_batch, [item], key, **kwargs).result())
                except Exception:  # noqa: BLE001
                    if own_pool:
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = _make_pool(n_process, key)
                    message = Errors.E041.format(doc_id=item[0], err=f"{type(broken).__name__}: {broken}")
                    write(BatchResult(lines=[_dumps(error_record(item[0], message, item[2]))], errors=1))
            for b in retry:
                inflight.append((b, pool.submit(process_batch, b, key, **kwargs)))

        try:
            for batch in _batches(pending(), batch_size):
                inflight.append((batch, pool.submit(process_batch, batch, key, **kwargs)))
                while len(inflight) >= window:
                    settle()
            while inflight:
                settle()
        except BaseException:  # Ctrl-C, or the output cannot be written: stop the workers now, do not wait
            if own_pool:
                _terminate(pool)
            raise
        else:
            if own_pool:
                pool.shutdown(wait=True)
    bar.close()
    summary.speakers_linked = len(qids)
    summary.seconds = time.perf_counter() - start
    return summary


def run_corpus(paths: Iterable[str | Path], out: str | Path | None = None, *, text_field: str = "text",
               id_field: str = "id", n_process: int = 1, batch_size: int = 32, options: dict | None = None,
               quotes_out: str | Path | None = None, quotes_format: str | None = None, overwrite: bool = False,
               retry_errors: bool = False, progress: bool | None = None, scheduler: str | None = None,
               indent: int | None = None, doc_timeout: float | None = None) -> RunSummary:
    """Process files and folders (``.txt``, ``.jsonl[.gz]``, ``.html``) into the JSON-lines file ``out``
    (stdout when None), resuming when ``out`` exists. See the module docstring; ``scheduler`` is the address of
    a Dask scheduler (``tcp://host:8786``) whose workers do the processing."""
    from .quote_export import QuoteWriter, quote_rows

    paths = list(paths)
    skip: set[str] = set()
    quotes_writer = QuoteWriter(quotes_out, quotes_format) if quotes_out else None
    try:
        if out is not None:
            out = Path(out)
            if overwrite and out.exists():
                out.unlink()
            on_record = (lambda r: quotes_writer.write(quote_rows(r))) if quotes_writer is not None else None
            skip = read_done_ids(out, retry_errors=retry_errors, on_record=on_record)
        if progress is None:
            progress = sys.stderr.isatty()
        total = max(count_documents(paths) - len(skip), 0) if progress else None
        documents = iter_documents(paths, text_field=text_field, id_field=id_field)
        fh = open(out, "a", encoding="utf-8") if out is not None else sys.stdout
        try:
            if scheduler:
                from .dask import client_executor

                with client_executor(scheduler, options) as (executor, n_workers):
                    summary = run_documents(documents, fh, batch_size=batch_size, options=options,
                                            executor=executor, n_workers=n_workers, skip_ids=skip,
                                            quotes_writer=quotes_writer, progress=progress, total=total,
                                            indent=indent, doc_timeout=doc_timeout)
            else:
                summary = run_documents(documents, fh, n_process=n_process, batch_size=batch_size,
                                        options=options, skip_ids=skip, quotes_writer=quotes_writer,
                                        progress=progress, total=total, indent=indent,
                                        doc_timeout=doc_timeout)
        finally:
            if fh is not sys.stdout:
                fh.close()
    finally:
        if quotes_writer is not None:
            quotes_writer.close()
    summary.out = os.fspath(out) if out is not None else None
    return summary
