"""Corpus runs at scale: docs/s for 1 and 2 processes and Dask with 2 workers, and RSS over a whole corpus.

    python benchmarks/corpus.py speed [--data ../shared/data/saudinewsnet.jsonl.gz] [--n 5000] [--modes 1,2,dask]
    python benchmarks/corpus.py rss   [--data ../shared/data/saudinewsnet.jsonl.gz] [--n-process 2]
    python benchmarks/corpus.py caches [--n 5000] [--step 1000]

``speed`` takes the first ``--n`` articles of the reserved SaudiNewsNet partition (ids dated 2015-08-01 and
later: using them for speed is allowed), writes them to a temporary .jsonl and processes the same file with
``arabnews.corpus.run_documents`` in each mode, printing docs/s and the ratio against one process (the baseline,
measured in the same run), over the whole run (process-pool times include starting the workers: spawn + loading
the pipeline, as a user's run does) and in the steady state (from the first batch written to the last). The Dask
cluster is started (and its workers' pipelines loaded) before timing, as a standing cluster would be.
The load average is printed: on a shared machine other work takes cores from the run.

``rss`` runs ``python -m arabnews run DATA --out TMP`` as a user would and samples the resident memory of the
whole process tree (parent + workers, psutil) every second: peak, and RSS at each tenth of the documents —
flat means streaming with constant memory.

``caches`` explains a worker's growth: one process runs ``arabnews.load()`` over ``--n`` development-partition
SaudiNewsNet articles (each step inside ``nlp.memory_zone()``, as a worker does) and prints, after every
``--step`` documents, the RSS, the vocab's string count and the size of every cache of the package (functools
caches of its modules, and dict attributes of the pipeline components holding over 1,000 entries).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import data_path, read_articles  # noqa: E402

RESERVED_FROM = "snn:2015-08-01"


def _reserved(path: Path, n: int) -> list[dict]:
    out = []
    for art in read_articles(path):
        if art["id"].startswith("snn:") and art["id"] >= RESERVED_FROM:
            out.append(art)
            if len(out) >= n:
                break
    return out


def _cpu() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class _Clocked:
    """The output file, noting when each batch is flushed: the steady rate leaves out the workers' start-up."""

    def __init__(self, fh) -> None:
        self.fh, self.lines, self.flushes = fh, 0, []

    def write(self, text: str) -> None:
        self.lines += text.count("\n")
        self.fh.write(text)

    def flush(self) -> None:
        self.fh.flush()
        self.flushes.append((time.perf_counter(), self.lines))


def speed(args: argparse.Namespace) -> dict:
    from arabnews.corpus import run_documents
    from arabnews.io import iter_documents

    articles = _reserved(data_path("saudinewsnet.jsonl.gz", args.data), args.n)
    tmp = Path(tempfile.mkdtemp(prefix="arabnews-bench-"))
    src = tmp / "articles.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for art in articles:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    results: dict[str, dict] = {}
    for mode in args.modes.split(","):
        cluster = client = executor = None
        n_process, n_workers = 1, None
        if mode == "dask":
            from distributed import Client, LocalCluster

            import arabnews.dask as ad

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
            ad.register(client)  # pipelines loaded on the workers before timing: a standing cluster
            executor, n_workers = client.get_executor(pure=False), 2
        else:
            n_process = int(mode)
        load = os.getloadavg()[0]
        cpu0 = _cpu()
        with open(tmp / f"out-{mode}.jsonl", "w", encoding="utf-8") as fh:
            out = _Clocked(fh)
            start = time.perf_counter()
            summary = run_documents(iter_documents([src]), out, n_process=n_process, batch_size=args.batch_size,
                                    executor=executor, n_workers=n_workers)
            secs = time.perf_counter() - start
        cpu = _cpu() - cpu0  # this process + worker processes that have exited (not Dask's)
        if client is not None:
            client.close()
            cluster.close()
        (t_first, n_first), (t_last, n_last) = out.flushes[0], out.flushes[-1]
        steady = (n_last - n_first) / (t_last - t_first) if t_last > t_first else 0.0
        results[mode] = {"docs": summary.docs, "errors": summary.errors, "quotes": summary.quotes,
                         "seconds": round(secs, 1), "docs_per_s": round(len(articles) / secs, 2),
                         "first_batch_s": round(t_first - start, 1), "steady_docs_per_s": round(steady, 2),
                         "load_avg_before": round(load, 2), "load_avg_after": round(os.getloadavg()[0], 2)}
        if mode != "dask":
            # On an idle machine the run takes about (CPU seconds of every process) / min(processes, cores):
            # a projection that a loaded, shared machine cannot distort.
            results[mode]["cpu_s"] = round(cpu, 1)
            results[mode]["projected_idle_docs_per_s"] = round(
                len(articles) / (cpu / min(n_process, os.cpu_count() or 1)), 2)
        print(f"mode {mode:>5}: {len(articles)} docs in {secs:7.1f} s = {len(articles) / secs:7.2f} docs/s; "
              f"first batch after {t_first - start:5.1f} s, then {steady:7.2f} docs/s "
              f"({summary.quotes} quotes, {summary.errors} errors; load average {load:.1f})", flush=True)
    base = results.get("1")
    if base and "cpu_s" in base:
        for mode, r in results.items():
            if "cpu_s" in r:
                r["projected_ratio"] = round(r["projected_idle_docs_per_s"] / base["projected_idle_docs_per_s"], 2)
                print(f"mode {mode:>5}: {r['cpu_s']:7.1f} CPU s for the run (parent + workers): projected on an idle "
                      f"machine {r['projected_idle_docs_per_s']:7.2f} docs/s = {r['projected_ratio']:.2f}× 1 process")
    if base:
        print(f"\n{'mode':>6} {'docs/s':>8} {'× 1 process':>12} {'steady docs/s':>14} {'× 1 process':>12}")
        for mode, r in results.items():
            r["ratio"] = round(r["docs_per_s"] / base["docs_per_s"], 2)
            r["steady_ratio"] = round(r["steady_docs_per_s"] / base["steady_docs_per_s"], 2)
            print(f"{mode:>6} {r['docs_per_s']:8.2f} {r['ratio']:12.2f} {r['steady_docs_per_s']:14.2f} "
                  f"{r['steady_ratio']:12.2f}")
    return {"articles": len(articles), "cpus": os.cpu_count(), "results": results}


def rss(args: argparse.Namespace) -> dict:
    import psutil

    data = data_path("saudinewsnet.jsonl.gz", args.data)
    opener = gzip.open if data.name.endswith(".gz") else open
    with opener(data, "rb") as fh:
        total = sum(1 for line in fh if line.strip())
    out = Path(args.out or tempfile.mktemp(prefix="arabnews-rss-", suffix=".jsonl"))
    cmd = [sys.executable, "-m", "arabnews", "run", str(data), "--out", str(out), "--overwrite",
           "--n-process", str(args.n_process), "--batch-size", str(args.batch_size), "--no-progress"]
    print(" ".join(cmd), flush=True)
    out.unlink(missing_ok=True)  # the line count below starts from an empty file
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    samples: list[tuple[float, int, float, float]] = []  # seconds, docs written, tree MB, parent MB
    pos = docs = 0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            mb = sum(p.memory_info().rss for p in tree) / 2**20
            parent_mb = parent.memory_info().rss / 2**20
        except psutil.Error:
            break
        if out.exists():  # count only the lines written since the last sample
            with open(out, "rb") as fh:
                fh.seek(pos)
                chunk = fh.read()
                pos += len(chunk)
                docs += chunk.count(b"\n")
        samples.append((time.perf_counter() - start, docs, mb, parent_mb))
        if len(samples) % max(int(60 / args.every), 1) == 1:  # a line a minute: a cut-short run still tells
            print(f"  {samples[-1][0]:6.0f} s {docs:>6} docs: tree {mb:7,.0f} MB, parent {parent_mb:6,.0f} MB",
                  flush=True)
        time.sleep(args.every)
    stderr = proc.communicate()[1]
    secs = time.perf_counter() - start
    print(stderr.strip().splitlines()[-1] if stderr.strip() else "(no summary)")
    peak = max(s[2] for s in samples)
    print(f"{total} documents in {secs:,.0f} s; peak RSS of the process tree {peak:,.0f} MB "
          f"(parent peak {max(s[3] for s in samples):,.0f} MB)")
    marks = []
    for tenth in range(1, 11):
        want = total * tenth / 10
        s = next((s for s in samples if s[1] >= want), None)
        if s is None:  # the run stopped before this tenth
            break
        marks.append({"docs": s[1], "rss_mb": round(s[2]), "parent_mb": round(s[3])})
        print(f"  {s[1]:>6} docs written: tree {s[2]:7,.0f} MB, parent {s[3]:6,.0f} MB")
    return {"documents": total, "seconds": round(secs), "peak_tree_mb": round(peak), "n_process": args.n_process,
            "by_tenth": marks, "returncode": proc.returncode}


def _cache_sizes(nlp) -> dict[str, int]:
    import importlib
    import pkgutil

    import arabnews

    sizes: dict[str, int] = {}
    for info in pkgutil.iter_modules(arabnews.__path__):
        if info.name.startswith("_"):  # __main__ would run the command line
            continue
        try:
            module = importlib.import_module(f"arabnews.{info.name}")
        except ImportError:  # an optional extra that is not installed
            continue
        for name, obj in vars(module).items():
            if callable(getattr(obj, "cache_info", None)) and getattr(obj, "__module__", "") == module.__name__:
                sizes[f"{info.name}.{name}"] = obj.cache_info().currsize
    for pipe_name, pipe in nlp.pipeline:
        for name, value in vars(pipe).items():
            if isinstance(value, dict) and len(value) > 1000:
                sizes[f"{pipe_name}.{name}"] = len(value)
    return {k: v for k, v in sizes.items() if v > 1}


def caches(args: argparse.Namespace) -> dict:
    import gc

    import psutil

    import arabnews

    texts = [a["text"] for a in read_articles(data_path("saudinewsnet.jsonl.gz", args.data))
             if a["id"] < RESERVED_FROM][: args.n]
    nlp = arabnews.load()
    proc = psutil.Process()
    start_mb = proc.memory_info().rss / 2**20
    print(f"pipeline loaded: {start_mb:,.0f} MB", flush=True)
    steps = []
    for i in range(0, len(texts), args.step):
        with nlp.memory_zone():
            for _ in nlp.pipe(texts[i:i + args.step], batch_size=32):
                pass
        gc.collect()
        mb = proc.memory_info().rss / 2**20
        sizes = _cache_sizes(nlp)
        steps.append({"docs": i + len(texts[i:i + args.step]), "rss_mb": round(mb),
                      "strings": len(nlp.vocab.strings), "caches": sizes})
        print(f"{steps[-1]['docs']:>6} docs: RSS {mb:6,.0f} MB (+{mb - start_mb:,.0f}), strings "
              f"{len(nlp.vocab.strings):,}, cache entries {sum(sizes.values()):,} {sizes}", flush=True)
    return {"start_mb": round(start_mb), "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--data", help="SaudiNewsNet .jsonl.gz (default ../shared/data/saudinewsnet.jsonl.gz)")
    sp.add_argument("--n", type=int, default=5000)
    sp.add_argument("--modes", default="1,2,dask", help="comma-separated: a process count, or dask")
    sp.add_argument("--batch-size", type=int, default=32)
    sp.add_argument("--json", help="write the results here")
    rs = sub.add_parser("rss")
    rs.add_argument("--data", help="corpus .jsonl.gz (default ../shared/data/saudinewsnet.jsonl.gz)")
    rs.add_argument("--n-process", type=int, default=2)
    rs.add_argument("--batch-size", type=int, default=32)
    rs.add_argument("--every", type=float, default=1.0, help="seconds between samples")
    rs.add_argument("--out", help="output .jsonl (default: a temporary file)")
    rs.add_argument("--json", help="write the results here")
    cs = sub.add_parser("caches")
    cs.add_argument("--data", help="SaudiNewsNet .jsonl.gz (default ../shared/data/saudinewsnet.jsonl.gz)")
    cs.add_argument("--n", type=int, default=5000)
    cs.add_argument("--step", type=int, default=1000)
    cs.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    results = {"speed": speed, "rss": rss, "caches": caches}[args.what](args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
