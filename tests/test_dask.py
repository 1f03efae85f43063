"""arabnews.dask on a LocalCluster with two worker processes (skipped when the 'dask' extra is not installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import arabnews.dask as ad  # noqa: E402
from arabnews.corpus import iter_records, run_corpus  # noqa: E402
from arabnews.quote_export import QUOTE_COLUMNS, quote_rows  # noqa: E402

pytestmark = [
    pytest.mark.dask,
    # the cluster's own chatter (ports, scratch space, closing comms) is not what these tests check
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning:distributed"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

SNN = Path(__file__).resolve().parent / "fixtures" / "snn_dev_sample.jsonl"
ARTICLES = [json.loads(line) for line in SNN.read_text(encoding="utf-8").splitlines()]
IDS = [a["id"] for a in ARTICLES]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
            distributed.Client(c) as cl:
        ad.register(cl)
        yield cl


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    """The records this process writes for the same articles (the reference for every Dask path)."""
    items = [(a["id"], a["text"], {k: v for k, v in a.items() if k != "text"}) for a in ARTICLES]
    return list(iter_records(items))


def test_bag_gives_the_records_of_a_local_run(client, expected):
    bag = db.from_sequence(ARTICLES, npartitions=3)
    records = ad.annotate_bag(bag).compute()
    assert [r["id"] for r in records] == IDS
    assert records == expected


def test_quotes_bag(client, expected):
    rows = ad.quotes_bag(db.from_sequence(ARTICLES, npartitions=2)).compute()
    assert rows == [row for r in expected for row in quote_rows(r)]


def test_each_worker_loads_the_pipeline_once(client):
    ad.annotate_bag(db.from_sequence(ARTICLES, npartitions=6)).compute()
    ad.annotate_bag(db.from_sequence(ARTICLES, npartitions=6)).compute()
    loads = ad.loads_per_worker(client)
    assert len(loads) == 2 and set(loads.values()) == {1}


def test_dataframe_one_row_per_document(client, expected):
    ddf = dd.from_pandas(pd.DataFrame(ARTICLES), npartitions=2)
    df = ad.annotate_dataframe(ddf).compute()
    assert list(df.columns) == list(ad.RECORD_COLUMNS)
    assert list(df["id"]) == IDS
    assert list(df["n_quotes"]) == [len(r["quotes"]) for r in expected]
    assert (df["error"] == "").all()
    first = json.loads(df["record"].iloc[0])
    assert first["source_meta"]["url"] == ARTICLES[0]["url"]


def test_quotes_dataframe_columns_and_rows(client, expected):
    ddf = dd.from_pandas(pd.DataFrame(ARTICLES), npartitions=2)
    df = ad.quotes_dataframe(ddf).compute()
    assert list(df.columns) == list(QUOTE_COLUMNS)
    assert len(df) == sum(len(r["quotes"]) for r in expected)


def test_plain_strings_and_a_missing_text_are_handled(client):
    bag = db.from_sequence(["قال الوزير إن الوضع مستقر.", {"id": "no-text", "body": "x"}], npartitions=1)
    records = ad.annotate_bag(bag).compute()
    assert [r["id"] for r in records] == ["0", "no-text"]
    assert records[1]["body_text"] == ""


def test_cli_engine_with_a_scheduler_address(client, tmp_path, expected):
    out = tmp_path / "out.jsonl"
    summary = run_corpus([SNN], out, scheduler=client.scheduler.address, batch_size=2)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == expected
    assert (summary.docs, summary.errors) == (6, 0)
