"""python -m arabnews run: the seed, corpus files, broken lines."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_ID, SEEDS


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "arabnews", *args], capture_output=True, text=True)


def test_run_on_the_seed_prints_one_json_document():
    out = _run("run", str(SEEDS / f"{SEED_ID}.txt"))
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["id"] == SEED_ID
    assert set(record) >= {"id", "body_text", "boilerplate", "quotes", "entities", "meta"}
    assert record["body_text"].startswith("أعلن الأمين العام لحلف شمال الأطلسي")


def test_run_over_jsonl_gz_with_a_broken_line(tmp_path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "text": "قال الوزير إن الوضع مستقر."}, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "c", "body": "لا نص هنا"}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "d", "text": "أكد المتحدث أن الاجتماع تأجل."}, ensure_ascii=False) + "\n")
    out_path = tmp_path / "out.jsonl"
    out = _run("run", str(src), "--out", str(out_path))
    rows = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows if "error" not in r] == ["a", "d"]
    errors = [r for r in rows if "error" in r]
    assert len(errors) == 2 and "[E006]" in errors[0]["error"] and "[E007]" in errors[1]["error"]
    assert out.returncode == 1  # errors are reported in the exit code


def test_missing_path_is_a_clear_error(tmp_path):
    out = _run("run", str(tmp_path / "nope.txt"))
    assert out.returncode == 2
    assert "[E005]" in out.stderr


def test_kb_compile_never_replaces_the_package_kb_unasked(tmp_path, capsys):
    import hashlib

    import arabnews
    from arabnews.cli import main

    package_kb = Path(arabnews.__file__).parent / "data" / "kb.v1.json"
    before = hashlib.sha256(package_kb.read_bytes()).hexdigest()
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "not_kb.jsonl").write_text('{"id": "a", "text": "قال الوزير إن الوضع مستقر."}\n', encoding="utf-8")
    assert main(["kb", "compile", "--sources", str(sources)]) == 2  # no --out, no --in-place
    assert "[E015]" in capsys.readouterr().err
    with pytest.warns(UserWarning, match="W003"):  # the line is not a KB entity
        assert main(["kb", "compile", "--sources", str(sources), "--out", str(tmp_path / "kb.json")]) == 2
    assert "[E016]" in capsys.readouterr().err  # zero entities: nothing written
    assert not (tmp_path / "kb.json").exists()
    assert hashlib.sha256(package_kb.read_bytes()).hexdigest() == before


def test_a_coded_error_is_a_message_not_a_traceback(tmp_path):
    not_a_run = tmp_path / "articles.jsonl"
    not_a_run.write_text("{not json\n", encoding="utf-8")
    out = _run("report", str(not_a_run), "--out", str(tmp_path / "report.html"))
    assert out.returncode == 2
    assert "[E045]" in out.stderr and "Traceback" not in out.stderr


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path):
    src = tmp_path / "bom.txt"
    src.write_bytes("\ufeffوقال الوزير إن الوضع مستقر في المدينة.".encode("utf-8"))
    out = _run("run", str(src))
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["body_text"].startswith("وقال الوزير")
    assert [q["cue"] for q in record["quotes"]] == ["وقال"]
