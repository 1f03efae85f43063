"""Quality of arabnews.load() on the dev gold, side by side with the peers, every score printed and saved.

    python benchmarks/quality.py [GOLD.jsonl ...] [--out benchmarks/results] [--no-peers]

Default gold: gold/dev.jsonl (the adjudicated dev set; falls back to gold/dev/batch_[ABC].jsonl when absent) and
the seed gold files. Prints the report of ``python -m arabnews evaluate`` for arabnews, then one line per system
for the headline numbers, and writes ``quality-<commit>.json`` (plus ``quality-latest.json``) in ``--out`` with
the commit, whether the tree was dirty, the data version (SHA-256 and line count of each gold file) and the
installed components.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import spacy  # noqa: E402
from _data import git  # noqa: E402

import arabnews  # noqa: E402
from arabnews.about import __version__  # noqa: E402
from arabnews.evaluation import QUOTE_TYPES, format_report, predict_records, read_gold, score_all  # noqa: E402


def default_gold() -> list[Path]:
    dev = ROOT / "gold" / "dev.jsonl"
    files = [dev] if dev.exists() else sorted((ROOT / "gold" / "dev").glob("batch_*.jsonl"))
    return files + sorted((ROOT / "seeds").glob("*.gold.jsonl"))


def data_version(paths: list[Path]) -> list[dict]:
    out = []
    for p in paths:
        raw = p.read_bytes()
        lines = [json.loads(x) for x in raw.decode("utf-8").splitlines() if x.strip()]
        out.append({"path": str(p.resolve().relative_to(ROOT)) if p.resolve().is_relative_to(ROOT) else str(p),
                    "sha256": hashlib.sha256(raw).hexdigest(), "records": len(lines),
                    "adjudicated": sum(1 for r in lines if r.get("adjudicated")),
                    "last_commit": git("log", "-1", "--format=%h", "--", str(p))})
    return out


def headline(scores: dict) -> dict[str, float]:
    q, lk, bp = scores["quotes"], scores["linking"], scores["boilerplate"]
    out = {"quotes F1>30%": q["ggt"]["0.3"]["all"]["f"], "quotes F1>80%": q["ggt"]["0.8"]["all"]["f"],
           "speaker acc": q["ggt"]["0.3"]["all"]["speaker_acc"], "end-to-end F1": q["e2e"]["all"]["f"],
           "content tok F1": q["citron"]["content"]["overlap"]["all"]["f"],
           "links F1": lk["links"]["f"], "body tok F1": bp["body"]["f"], "boilerpl. tok F1": bp["boilerplate"]["f"]}
    for t in QUOTE_TYPES:
        out[f"{t[:8]} F1>80%"] = q["ggt"]["0.8"][t]["f"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()

    paths = args.gold or default_gold()
    gold = read_gold(*paths)
    nlp = arabnews.load()
    start = time.perf_counter()
    pred = predict_records(nlp, gold)
    seconds = time.perf_counter() - start
    systems = {"arabnews": score_all(gold, pred)}
    print(format_report({**systems["arabnews"], "pipeline": nlp.pipe_names}))
    if not args.no_peers:
        from peers import PEERS, peer_records

        for name in PEERS:
            systems[name] = score_all(gold, peer_records(name, gold))

    heads = {name: headline(s) for name, s in systems.items()}
    cols = list(next(iter(heads.values())))
    print(f"\n{'system':24}" + "".join(f"{c:>17}" for c in cols))
    for name, h in heads.items():
        print(f"{name:24}" + "".join(f"{h[c]:17.1%}" for c in cols))

    commit = git("rev-parse", "--short", "HEAD")
    result = {
        "benchmark": "quality", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": commit, "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", "arabnews")),
        "arabnews": __version__, "spacy": spacy.__version__, "pipeline": nlp.pipe_names,
        "data": data_version(list(paths)), "n_docs": len(gold), "seconds_arabnews": seconds,
        "headline": heads, "scores": systems,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    for name in (f"quality-{commit or 'nogit'}.json", "quality-latest.json"):
        (args.out / name).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsaved {args.out / 'quality-latest.json'} (commit {commit}, {len(gold)} documents)")


if __name__ == "__main__":
    main()
