"""python -m arabnews run: the seed, corpus files, broken lines."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

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
