"""Corpus runs (arabnews.corpus), quote exports (arabnews.quote_export), who-said (arabnews.whosaid), on real articles.

Fixtures (tests/fixtures/README.md): six SaudiNewsNet development articles, and a hand-written run output
carrying the seed article's quotes as three outlets would syndicate them.
"""

from __future__ import annotations

import io
import json
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import spacy
from conftest import SEED_ID, SEEDS
from spacy.language import Language

from arabnews import corpus
from arabnews.cli import main
from arabnews.corpus import RunSummary, read_done_ids, run_corpus, run_documents
from arabnews.io import InputDocument, count_documents, iter_documents
from arabnews.quote_export import QUOTE_COLUMNS, QuoteWriter, export_quotes, format_of, quote_rows, read_records
from arabnews.whosaid import merge_duplicates, quote_key, speaker_quotes, top_speakers

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNN = FIXTURES / "snn_dev_sample.jsonl"
SNN_IDS = ["snn:2015-07-21:4", "snn:2015-07-21:636", "snn:2015-07-21:942", "snn:2015-07-21:1109",
           "snn:2015-07-21:1394", "snn:2015-07-21:1426"]
WHOSAID = FIXTURES / "whosaid_out.jsonl"
ZELENSKY = "Q3874799"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- reading
def test_count_documents_matches_what_is_read(tmp_path):
    (tmp_path / "a.txt").write_text((SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(SNN.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert count_documents([tmp_path]) == 7 == len(list(iter_documents([tmp_path])))


def test_a_truncated_gz_keeps_the_documents_before_the_cut(tmp_path):
    import gzip

    data = gzip.compress(SNN.read_bytes())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    docs = list(iter_documents([tmp_path]))
    assert [d.id for d in docs[:-1]] == SNN_IDS[: len(docs) - 1] and len(docs) >= 2
    assert docs[-1].error.startswith("[E048]") and "EOFError" in docs[-1].error


@pytest.mark.parametrize("name, raw", [
    ("latin1.txt", "قال الوزير".encode("cp1256")),  # Windows-1256 Arabic, not UTF-8
    ("bad.jsonl", b'{"id": "a", "text": "\xd9\x82\xd8"}\n\xff\xfe\n'),
])
def test_bytes_that_are_not_utf8_are_a_coded_error(tmp_path, name, raw):
    (tmp_path / name).write_bytes(raw)
    docs = list(iter_documents([tmp_path]))
    assert docs[-1].error is not None and docs[-1].error.startswith("[E048]")


@pytest.mark.parametrize("line, doc_id, problem", [
    ('{"id": "a1", "body": "قال الوزير"}', "a1", "no text field 'text'"),
    ('{"id": "a2", "text": 42}', "a2", "the text field 'text' holds a int, not a string"),
    ('["قال الوزير"]', "in.jsonl:1", "a JSON list, not an object"),
])
def test_a_record_without_usable_text_says_what_is_wrong(tmp_path, line, doc_id, problem):
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    [doc] = list(iter_documents([tmp_path / "in.jsonl"]))
    assert doc.id == doc_id  # the record's own id when it has one, so the error row can be traced
    assert doc.error.startswith("[E007]") and problem in doc.error


def test_html_input_is_read_as_article_text(tmp_path):
    pytest.importorskip("trafilatura")
    seed = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8").split("\n")
    paragraphs = [p for p in seed if p.strip()][:4]
    page = ("<html><head><title>x</title></head><body><nav><a href='/'>الرئيسية</a> | <a href='/s'>رياضة</a></nav>"
            "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    [doc] = list(iter_documents([tmp_path]))
    assert doc.id == "page" and doc.error is None
    assert doc.text.startswith(paragraphs[0][:40])
    assert "الرئيسية" not in doc.text


# ---------------------------------------------------------------- a run
def test_run_keeps_input_order_ids_and_source_meta(tmp_path):
    out = tmp_path / "out.jsonl"
    summary = run_corpus([SNN], out)
    rows = _rows(out)
    assert [r["id"] for r in rows] == SNN_IDS
    assert rows[0]["source_meta"]["source"] == "aawsat"
    assert rows[0]["source_meta"]["date"] == "2015-07-21 02:51:38"
    assert rows[4]["body_text"].startswith("نفى عزام الدخيّل وزير التعليم")  # the leading no-break spaces go
    assert (summary.docs, summary.errors, summary.skipped) == (6, 0, 0)
    assert summary.quotes == sum(len(r["quotes"]) for r in rows)


def test_rerun_skips_ids_already_in_the_output(tmp_path):
    out = tmp_path / "out.jsonl"
    first = SNN.read_text(encoding="utf-8").splitlines()
    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(first[:2]) + "\n", encoding="utf-8")
    assert run_corpus([part], out).docs == 2
    again = run_corpus([SNN], out)
    assert (again.docs, again.skipped) == (4, 2)
    assert [r["id"] for r in _rows(out)] == SNN_IDS  # no id twice
    assert run_corpus([SNN], out).docs == 0  # third run: nothing left


def test_ids_are_unique_in_the_output_and_resume_keeps_them(tmp_path):
    """A repeated record (same id and text, as syndicated or re-scraped feeds have) is written once; an id reused
    for another text (two x.txt in two folders) becomes x#2; a re-run finds every id already done."""
    rows = [{"id": "a", "text": "قال الوزير إن الوضع مستقر."}, {"id": "a", "text": "قال الوزير إن الوضع مستقر."},
            {"id": "a", "text": "وأكد المتحدث أن الحل قريب."}, {"id": "b", "text": "وأضاف أن الحوار مستمر."}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "x.txt").write_text("قال الوزير إن الوضع مستقر.", encoding="utf-8")
    (tmp_path / "two" / "x.txt").write_text("وأكد المتحدث أن الحل قريب.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    inputs = [src, tmp_path / "one" / "x.txt", tmp_path / "two" / "x.txt"]
    summary = run_corpus(inputs, out)
    written = _rows(out)
    assert [r["id"] for r in written] == ["a", "a#2", "b", "x", "x#2"]
    assert written[1]["body_text"] == "وأكد المتحدث أن الحل قريب."
    assert (summary.docs, summary.duplicates, summary.renamed) == (5, 1, 2)
    assert "1 duplicate records skipped" in summary.format()
    again = run_corpus(inputs, out)
    assert (again.docs, again.skipped, again.duplicates) == (0, 5, 1)
    assert len(_rows(out)) == 5


def test_a_line_cut_by_a_killed_run_is_dropped_and_redone(tmp_path):
    out = tmp_path / "out.jsonl"
    run_corpus([SNN], out)
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out.write_text("".join(lines[:3]) + lines[3][:40], encoding="utf-8")  # killed while writing the 4th
    summary = run_corpus([SNN], out)
    assert (summary.docs, summary.skipped) == (3, 3)
    assert [r["id"] for r in _rows(out)] == SNN_IDS


@pytest.mark.parametrize("retry, expected_docs", [(False, 0), (True, 1)])
def test_failed_ids_are_retried_only_on_request(tmp_path, retry, expected_docs):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "x1", "error": "[E040] boom"}) + "\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "قال الوزير إن الوضع مستقر."}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    assert read_done_ids(out, retry_errors=retry) == (set() if retry else {"x1"})
    assert run_corpus([src], out, retry_errors=retry).docs == expected_docs


def test_resume_refuses_a_file_that_is_not_a_run_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="E047"):
        run_corpus([SNN], out)
    assert run_corpus([SNN], out, overwrite=True).docs == 6


# ---------------------------------------------------------------- failures
@Language.component("test_corpus_boom")
def _boom(doc):
    if "الانفجار" in doc.text:
        raise RuntimeError("component failed on this document")
    return doc


def _boom_pipeline(options=None):
    nlp = spacy.blank("ar")
    nlp.add_pipe("test_corpus_boom")
    return nlp


def _docs(texts: dict[str, str]) -> list[InputDocument]:
    return [InputDocument(doc_id, text, {"source": "test"}) for doc_id, text in texts.items()]


DOCS = {"a": "قال الوزير إن الوضع مستقر.", "b": "وقع الانفجار في الساعة العاشرة.", "c": "أكد المتحدث أن الاجتماع تأجل."}


def test_a_failing_document_is_recorded_and_the_run_goes_on(monkeypatch):
    monkeypatch.setattr(corpus, "get_pipeline", _boom_pipeline)
    buf = io.StringIO()
    summary = run_documents(_docs(DOCS), buf, batch_size=8)
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert "error" not in rows[0] and "error" not in rows[2]
    assert rows[1]["error"].startswith("[E040]") and "RuntimeError" in rows[1]["error"]
    assert rows[1]["source_meta"] == {"source": "test"}
    assert (summary.docs, summary.errors) == (2, 1)


@Language.component("test_corpus_hang")
def _hang(doc):
    if "الانفجار" in doc.text:
        time.sleep(30)  # stands for a document that never finishes
    return doc


def _hanging_pipeline(options=None):
    nlp = spacy.blank("ar")
    nlp.add_pipe("test_corpus_hang")
    return nlp


def test_a_document_over_the_time_limit_is_recorded_and_the_run_goes_on(monkeypatch):
    monkeypatch.setattr(corpus, "get_pipeline", _hanging_pipeline)
    buf = io.StringIO()
    began = time.perf_counter()
    summary = run_documents(_docs(DOCS), buf, batch_size=8, doc_timeout=0.5)
    assert time.perf_counter() - began < 20  # the 30 s document was stopped, not waited for
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[1]["error"].startswith("[E049]")
    assert "error" not in rows[0] and "error" not in rows[2]
    assert (summary.docs, summary.errors) == (2, 1)


class _DyingExecutor(ThreadPoolExecutor):
    """Stands for a pool whose worker dies on one document: any batch holding it fails as a whole."""

    def submit(self, fn, items, *args, **kwargs):
        if any("الانفجار" in text for _, text, _ in items):
            fut: Future = Future()
            fut.set_exception(OSError("worker process died"))
            return fut
        return super().submit(fn, items, *args, **kwargs)


def test_a_dead_worker_only_costs_its_culprit_document():
    buf = io.StringIO()
    with _DyingExecutor(max_workers=1) as pool:
        summary = run_documents(_docs(DOCS), buf, batch_size=3, executor=pool, n_workers=1)
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert [("error" in r) for r in rows] == [False, True, False]
    assert rows[1]["error"].startswith("[E041]")
    assert (summary.docs, summary.errors) == (2, 1)


def test_a_batch_leaves_no_strings_behind_and_the_same_records():
    items = [(a["id"], a["text"], {}) for a in map(json.loads, SNN.read_text(encoding="utf-8").splitlines())]
    first = list(corpus.iter_records(items[:3]))
    n_strings = len(corpus.get_pipeline().vocab.strings)
    rest = list(corpus.iter_records(items[3:]))  # new words, freed with the batch (spaCy memory zones)
    assert len(corpus.get_pipeline().vocab.strings) == n_strings
    assert list(corpus.iter_records(items)) == first + rest


def test_two_processes_write_what_one_writes(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_corpus([SNN], one, batch_size=2)
    run_corpus([SNN], two, batch_size=2, n_process=2)
    assert _rows(one) == _rows(two)


# ---------------------------------------------------------------- progress and summary
def test_progress_without_tqdm_prints_rate_and_eta(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    bar = corpus._Progress(total=10, enabled=True, every=0.0)
    bar.update(4)
    bar.close()
    err = capsys.readouterr().err
    assert "4/10 docs" in err and "docs/s" in err and "ETA" in err


def test_summary_line():
    s = RunSummary(docs=30000, skipped=1030, errors=2, quotes=12345, linked_quotes=4567, speakers_linked=890,
                   seconds=500.0, out="out.jsonl")
    line = s.format()
    for part in ("30,000 documents written to out.jsonl", "1,030 skipped", "12,345 quotes", "4,567 with a linked",
                 "890 distinct QIDs", "2 errors", "60.0 docs/s"):
        assert part in line


def test_cli_run_with_quotes_export_summary_and_exit_code(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(SNN.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    out, quotes, summary = tmp_path / "out.jsonl", tmp_path / "quotes.csv", tmp_path / "summary.json"
    code = main(["run", str(src), "--out", str(out), "--quotes-out", str(quotes), "--summary-json", str(summary)])
    err = capsys.readouterr().err
    assert code == 1, err  # one unreadable line
    assert "6 documents written" in err and "1 errors" in err
    assert json.loads(summary.read_text())["docs"] == 6
    assert quotes.read_text(encoding="utf-8").splitlines()[0] == ",".join(QUOTE_COLUMNS)
    code = main(["run", str(SNN), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and "0 documents written" in err and "6 skipped" in err


# ---------------------------------------------------------------- exports
RECORDS = _rows(WHOSAID)


def test_quote_rows_carry_the_article_fields():
    rows = quote_rows(RECORDS[0])
    assert [r["doc_id"] for r in rows] == ["afp-a", "afp-a"]
    first = rows[0]
    assert (first["outlet"], first["date"], first["url"]) == ("aawsat", "2015-07-21 02:51:32",
                                                              "https://example.invalid/aawsat/afp-a")
    assert (first["speaker_kb_id"], first["type"], first["start"]) == (ZELENSKY, "DIRECT", 10)
    assert first["text"].startswith("إنها مسألة وقت")
    assert quote_rows(RECORDS[3]) == []  # an error record has no quote


@pytest.mark.parametrize("name, fmt", [("q.jsonl", "jsonl"), ("q.csv", "csv"), ("q.parquet", "parquet"),
                                       ("q.jsonl.gz", "jsonl")])
def test_format_from_the_file_name(name, fmt):
    assert format_of(name) == fmt


@pytest.mark.parametrize("name", ["q.xlsx", "quotes"])
def test_unknown_format_is_a_coded_error(name):
    with pytest.raises(ValueError, match="E042"):
        format_of(name)


def _read_back(path: Path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return _rows(path)
    if fmt == "csv":
        import csv

        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_round_trip(tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    path = tmp_path / f"quotes.{fmt}"
    assert export_quotes([WHOSAID], path) == 10
    back = _read_back(path, fmt)
    assert len(back) == 10
    assert [r["doc_id"] for r in back][:3] == ["afp-a", "afp-a", "afp-b"]
    assert back[1]["text"] == "أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى"
    assert {r["outlet"] for r in back} == {"aawsat", "alriyadh", "okaz"}


def test_parquet_with_no_quote_is_a_valid_empty_file(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "none.parquet"
    QuoteWriter(path).close()
    assert pq.read_table(path).num_rows == 0
    assert pq.read_table(path).column_names == list(QUOTE_COLUMNS)


def test_read_records_rejects_a_broken_line_but_not_a_cut_last_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(WHOSAID.read_text(encoding="utf-8") + '{"id": "cut', encoding="utf-8")
    assert len(list(read_records([path]))) == 4
    path.write_text("{oops\n" + WHOSAID.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match="E045"):
        list(read_records([path]))


# ---------------------------------------------------------------- who said
@pytest.mark.parametrize("a, b, same", [
    # syndicated copies: trimmed, tatweel / tanween / hamza variants
    ("إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف. نبذل قصارى جهدنا لتقريب هذه اللحظة",
     "إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف", True),
    ("إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف",
     "إنها مسألة وقـت، قبل أن تصبح اوكرانيا عضواً قانونياً في الحلف", True),
    ("أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى",
     "أوكرانيا حالياً أقرب إلى حلف شمال الأطلسي من أيّ وقت مضى", True),
    ("«يحقق تقدما تدريجيا»", "يحقق تقدماً تدريجياً", True),  # short, but equal keys
    # different quotes of the same speaker
    ("انضمام كييف إلى الحلف مسألة وقت",
     "إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف", False),
    ("يحقق تقدما تدريجيا", "يحقق تقدما كبيرا", False),
    ("المزيد من أنظمة الدفاع الجوي للتصدي للهجمات الروسية على البنى التحتية",
     "للتصدي للهجمات الروسية على البنى التحتية للطاقة المرتقبة هذا الشتاء", False),
])
def test_near_duplicates(a, b, same):
    groups = merge_duplicates([{"text": a}, {"text": b}])
    assert (len(groups) == 1) is same


def test_quote_key_ignores_marks_and_diacritics():
    assert quote_key("«مسألةُ وقـتٍ»!") == quote_key("مسالة وقت")


def test_who_said_by_qid_merges_syndicated_copies():
    groups = speaker_quotes([WHOSAID], speaker=ZELENSKY)
    assert [g.count for g in groups] == [3, 1, 1]
    top = groups[0]
    assert top.outlets == ["aawsat", "alriyadh", "okaz"]
    assert top.first_date == "2015-07-21 02:51:32" and top.last_date == "2015-07-23 11:30:00"
    assert top.text == "إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف. نبذل قصارى جهدنا لتقريب هذه اللحظة"


@pytest.mark.parametrize("name, counts", [
    ("ستولتنبرغ", [2, 1, 1]),        # the surname finds the full name and the surname alone
    ("ينس ستولتنبرغ", [1, 1, 1]),    # the full name does not find the surname alone (afp-b)
    ("Volodymyr Zelensky", [3, 1, 1]),
    ("مصدر مطلع", [1]),
    ("بوتين", []),
])
def test_who_said_by_name(name, counts):
    assert [g.count for g in speaker_quotes([WHOSAID], name=name)] == counts


def test_top_speakers_table():
    table = top_speakers([WHOSAID], 5)
    assert table[0] == {"speaker_kb_id": ZELENSKY, "name": "Volodymyr Zelensky", "quotes": 5,
                        "distinct_quotes": 3, "articles": 3, "outlets": 3}
    assert all(row["name"] != "مصدر مطلع" for row in table)  # anonymous sources are not speakers


def test_top_speakers_merges_a_surname_with_the_full_name():
    table = top_speakers([WHOSAID], 5)
    assert table[1]["name"] == "ينس ستولتنبرغ"
    assert (table[1]["quotes"], table[1]["articles"]) == (4, 3)  # afp-b's "ستولتنبرغ" alone counts for him
    assert [row for row in table if row["name"] == "ستولتنبرغ"] == []


def _quote_record(doc_id: str, speaker: str, text: str) -> str:
    quote = {"id": f"{doc_id}-1", "type": "INDIRECT", "text": text, "start": 0, "end": len(text),
             "speaker": speaker, "speaker_name": speaker, "speaker_kb_id": "", "anonymous": False}
    return json.dumps({"id": doc_id, "text": text, "quotes": [quote]}, ensure_ascii=False)


def test_top_speakers_keeps_a_surname_shared_by_two_people_apart(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join([
        _quote_record("a", "خالد الفيصل", "أن المنطقة تشهد تنمية شاملة في كل المحافظات"),
        _quote_record("b", "سعود الفيصل", "أن المملكة ترفض التدخل في شؤونها الداخلية"),
        _quote_record("c", "الفيصل", "أن الاجتماع بحث العلاقات الثنائية بين البلدين"),
    ]) + "\n", encoding="utf-8")
    names = sorted(row["name"] for row in top_speakers([out], 5))
    assert names == ["الفيصل", "خالد الفيصل", "سعود الفيصل"]


def test_cli_who_said(capsys):
    assert main(["who-said", str(WHOSAID), "--speaker", ZELENSKY, "--json"]) == 0
    assert [g["count"] for g in json.loads(capsys.readouterr().out)] == [3, 1, 1]
    assert main(["who-said", str(WHOSAID), "--top", "3"]) == 0
    assert "Volodymyr Zelensky" in capsys.readouterr().out
    assert main(["who-said", str(WHOSAID), "--speaker", "Q1"]) == 1  # nobody quoted
