"""Speed and memory of arabnews.load() against spacy.blank("ar") tokenisation, in one run on the same articles.

    python benchmarks/speed.py [--data ../shared/data/ant-v1.1.jsonl.gz] [--n 1500] [--out benchmarks/results]

Prints, every number next to the baseline measured in the same run (``--timeout`` caps each fresh-process
measurement; what does not finish in time is reported as not measured):

1. words/s of the baseline (spaCy's Arabic tokenizer), of the news tokenizer alone, of each component (its own
   time on the doc the components before it made) and of the whole pipeline (``nlp(text)``), with the ratio
   time / baseline time; all interleaved article by article, so that machine load hits every step alike;
2. ``nlp.pipe(n_process=1)`` vs ``n_process=2`` on the same articles (process start-up included);
3. peak memory (max resident set size) of a fresh process that only loads the pipeline, that tokenises the
   articles with the baseline, and that runs the whole pipeline over them;
4. cost per character for one document of 10 KB, 100 KB, 1 MB and 5 MB, each in a fresh process (whole pipeline,
   each step, baseline, peak memory; a flat µs/char column means linear time).

Results are saved as ``speed-<commit>.json`` and ``speed-latest.json`` in ``--out`` with the commit and the data
version (file name, SHA-256 and the number of articles). The articles are the first ``--n`` of the file; speed
benchmarks may use any partition (../shared/data/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import data_path, git, read_articles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f3cf03ad0fd9bf49.txt"


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sized_text(size: int) -> str:
    """A document of ``size`` characters: the seed's body (the part before its gold boilerplate: nine quotes,
    23 names) repeated as paragraphs. The whole seed repeated would put every later copy inside the first copy's
    read-also article, which the components skip: it would time mostly boilerplate."""
    seed = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED.with_suffix(".gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    body = seed[: min(b["start"] for b in gold["boilerplate"])].rstrip() + "\n\n"
    return (body * (size // len(body) + 1))[:size]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- probes (each in a fresh process)
def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB: VmHWM of /proc/self/status (it starts again at exec, unlike
    ru_maxrss, which a child inherits from the process that forked it), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _probe(kind: str, data: str, n: int, size: int) -> None:
    """Run one workload; print a JSON line with the process's peak RSS in MB and, for
    ``size``, the seconds of the tokenizer, of each component and of the baseline on one ``size``-char document."""
    out: dict = {}
    if kind != "blank":
        import arabnews
    if kind == "blank":
        nlp = spacy.blank("ar")
        for a in read_articles(Path(data), n):
            nlp.make_doc(a["text"])
    elif kind == "pipeline":
        nlp = arabnews.load()
        for _ in nlp.pipe(a["text"] for a in read_articles(Path(data), n)):
            pass
    elif kind == "import":
        nlp = arabnews.load()
    elif kind == "size":
        nlp = arabnews.load()
        nlp(sized_text(2_000))  # warm-up
        text = sized_text(size)
        steps: dict[str, float] = {}
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        steps["tokenizer"] = time.perf_counter() - start
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            steps[name] = time.perf_counter() - t
        out["pipeline_seconds"] = time.perf_counter() - start
        out["steps"] = steps
        blank = spacy.blank("ar")
        blank.max_length = max(blank.max_length, len(text) + 1)  # the baseline tokenizer has no parser either
        blank(sized_text(2_000))
        out["baseline_seconds"] = timed(lambda: blank(text))
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


def probe(kind: str, data: Path, n: int, size: int = 0, timeout: float = 600) -> dict | None:
    """Result of :func:`_probe` in a fresh process, or None when it ran longer than ``timeout`` seconds."""
    try:
        out = subprocess.run([sys.executable, __file__, "--probe", kind, "--data", str(data), "--n", str(n),
                              "--probe-size", str(size)], capture_output=True, text=True, check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="articles .jsonl.gz (default: ../shared/data/ant-v1.1.jsonl.gz)")
    parser.add_argument("--n", type=int, default=1500, help="number of articles (default 1500)")
    parser.add_argument("--sizes", default="10000,100000,1000000,5000000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results",
                        help="folder for speed-<commit>.json and speed-latest.json")
    parser.add_argument("--json", type=Path, help="(also) write the results here")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory probes")
    parser.add_argument("--no-multiprocess", action="store_true", help="skip n_process=2")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds allowed to each fresh-process measurement (default 600)")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--probe-size", type=int, default=5_000_000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import arabnews

    data = data_path("ant-v1.1.jsonl.gz", args.data)
    if args.probe:
        _probe(args.probe, str(data), args.n, args.probe_size)
        return

    commit = git("rev-parse", "--short", "HEAD")  # at the start: others may commit during a long run
    texts = [a["text"] for a in read_articles(data, args.n)]
    words, chars = _words(texts), sum(map(len, texts))
    blank = spacy.blank("ar")
    nlp = arabnews.load()

    for t in texts:  # warm-up: fill both vocabularies' string stores and caches before timing
        blank.make_doc(t)
        nlp(t)
    # Interleaved per article: the baseline, the news tokenizer, each component on that article's doc and the
    # whole pipeline, one after the other, so that a change in machine load hits every step alike.
    components = [name for name, _ in nlp.pipeline]
    steps = ["spacy.blank('ar') tokenizer", "arabnews tokenizer", *components, "arabnews.load() whole pipeline"]
    seconds: dict[str, float] = dict.fromkeys(steps, 0.0)
    clock = time.perf_counter
    for t in texts:
        t0 = clock()
        blank.make_doc(t)
        t1 = clock()
        doc = nlp.make_doc(t)
        t2 = clock()
        seconds["spacy.blank('ar') tokenizer"] += t1 - t0
        seconds["arabnews tokenizer"] += t2 - t1
        for name, proc in nlp.pipeline:
            t1 = clock()
            doc = proc(doc)
            seconds[name] += clock() - t1
        t1 = clock()
        nlp(t)
        seconds["arabnews.load() whole pipeline"] += clock() - t1
    base = seconds["spacy.blank('ar') tokenizer"]

    print(f"{len(texts)} articles, {words:,} words, {chars:,} characters; pipeline: {', '.join(nlp.pipe_names)}")
    print(f"{'step':40} {'seconds':>8} {'words/s':>10} {'time / baseline':>16}")
    for name, secs in seconds.items():
        print(f"{name:40} {secs:8.2f} {words / secs:10,.0f} {secs / base:16.2f}")

    multi: dict[str, float] = {}
    if not args.no_multiprocess:
        for n_process in (1, 2):
            multi[str(n_process)] = timed(lambda n_process=n_process: list(
                nlp.pipe(texts, n_process=n_process, batch_size=64)))
        print(f"\nnlp.pipe n_process=1: {multi['1']:.2f} s ({words / multi['1']:,.0f} words/s); "
              f"n_process=2: {multi['2']:.2f} s ({words / multi['2']:,.0f} words/s); "
              f"speed-up {multi['1'] / multi['2']:.2f}× on {os.cpu_count()} cores")

    memory: dict[str, float | None] = {}
    if not args.no_memory:
        for kind, label in (("import", "arabnews.load() only"), ("blank", "spacy.blank('ar') over the articles"),
                            ("pipeline", "arabnews pipeline over the articles")):
            r = probe(kind, data, args.n, timeout=args.timeout)
            memory[label] = r["peak_rss_mb"] if r else None
        print("\npeak memory (max RSS of a fresh process)")
        for label, mb in memory.items():
            print(f"{label:45} " + (f"{mb:8.0f} MB" if mb is not None else f"> {args.timeout:.0f} s, not measured"))

    print(f"\ncost per character, one document of each size, each in a fresh process (timeout {args.timeout:.0f} s)")
    print(f"{'size':>11} {'pipeline s':>11} {'µs/char':>8} {'× 10 KB':>8} {'baseline µs/char':>17} {'ratio':>6} "
          f"{'peak RSS':>9}  slowest step")
    per_char: dict[int, dict | None] = {}
    first = None
    for size in (int(x) for x in args.sizes.split(",")):
        r = None if per_char and list(per_char.values())[-1] is None else probe("size", data, 0, size, args.timeout)
        if r is None:
            per_char[size] = None
            print(f"{size:>11,} > {args.timeout:.0f} s (or a smaller size did not finish): not measured")
            continue
        secs, base_secs = r["pipeline_seconds"], r["baseline_seconds"]
        pc = per_char[size] = {"pipeline_us_per_char": secs / size * 1e6,
                               "baseline_us_per_char": base_secs / size * 1e6, "pipeline_seconds": secs,
                               "baseline_seconds": base_secs, "steps": r["steps"], "peak_rss_mb": r["peak_rss_mb"]}
        first = first or pc["pipeline_us_per_char"]
        slowest = max(r["steps"], key=r["steps"].get)
        print(f"{size:>11,} {secs:11.2f} {pc['pipeline_us_per_char']:8.2f} {pc['pipeline_us_per_char'] / first:8.2f} "
              f"{pc['baseline_us_per_char']:17.2f} {secs / base_secs:6.1f} {r['peak_rss_mb']:7.0f}MB  "
              f"{slowest} {r['steps'][slowest]:.2f} s")

    result = {
        "benchmark": "speed", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "commit": commit,
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", "arabnews")),
        "arabnews": arabnews.__version__, "spacy": spacy.__version__, "cpus": os.cpu_count(),
        "pipeline": nlp.pipe_names,
        "data": {"file": data.name, "sha256": _sha256(data), "articles": len(texts), "words": words,
                 "characters": chars},
        "seconds": seconds, "words_per_second": {k: words / v for k, v in seconds.items()},
        "ratio_to_baseline": {k: v / base for k, v in seconds.items()}, "components": components,
        "n_process_seconds": multi, "peak_memory_mb": memory, "per_char": per_char,
    }
    targets = [args.json] if args.json else []
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        targets += [args.out / f"speed-{commit or 'nogit'}.json", args.out / "speed-latest.json"]
    for path in targets:
        path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    if targets:
        print(f"\nsaved {', '.join(map(str, targets))}")


if __name__ == "__main__":
    main()
