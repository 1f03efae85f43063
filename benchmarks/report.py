"""Write docs/benchmarks.md and its plots (docs/img/*.png) from the latest saved benchmark results.

    python benchmarks/quality.py && python benchmarks/speed.py && python benchmarks/report.py

Reads ``benchmarks/results/quality-latest.json`` and ``speed-latest.json`` (or the files given) and regenerates
the whole of ``docs/benchmarks.md``: edit the text here, not there.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TYPES = ("direct", "indirect", "mixed", "according_to")


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def plot_speed_vs_size(speed: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(s) for s, v in speed["per_char"].items() if v)
    pipe = [speed["per_char"][str(s)]["pipeline_us_per_char"] for s in sizes]
    base = [speed["per_char"][str(s)]["baseline_us_per_char"] for s in sizes]
    fig, ax = plt.subplots(figsize=(8, 3.8), dpi=110)
    ax.plot(sizes, pipe, "o-", label="arabnews.load() (whole pipeline)")
    steps = list(speed["per_char"][str(sizes[0])].get("steps", {})) if sizes else []
    for step in steps:
        if step in ("tokenizer", "arabnews_sentences"):
            continue
        ax.plot(sizes, [speed["per_char"][str(s)]["steps"][step] / s * 1e6 for s in sizes], ".:", lw=1,
                label=step)
    ax.plot(sizes, base, "s--", label="spacy.blank('ar') tokenizer")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("document size (characters)")
    ax.set_ylabel("µs per character")
    ax.set_title("Cost per character vs document size (flat = linear time)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_components(speed: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(speed["words_per_second"])
    values = [speed["words_per_second"][n] for n in names]
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(names) + 1), dpi=110)
    bars = ax.barh(names[::-1], values[::-1], color="tab:blue")
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values[::-1]], fontsize=7, padding=2)
    ax.set_xlim(0, max(values) * 1.2)
    ax.set_xlabel("words per second (each component timed alone)")
    ax.set_title(f"Speed on {speed['data']['articles']:,} articles ({speed['data']['words']:,} words)")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_f1_by_type(quality: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = [s for s in ("arabnews", "regex quotes (baseline)") if s in quality["scores"]]
    fig, ax = plt.subplots(figsize=(7, 3.8), dpi=110)
    groups = ["all", *TYPES]
    width = 0.8 / (2 * len(systems))
    for i, system in enumerate(systems):
        for j, t in enumerate(("0.3", "0.8")):
            vals = [quality["scores"][system]["quotes"]["ggt"][t][g]["f"] for g in groups]
            xs = [k + (2 * i + j) * width - 0.4 + width / 2 for k in range(len(groups))]
            ax.bar(xs, vals, width, label=f"{system}, >{float(t):.0%}", alpha=1.0 if j else 0.55,
                   color="tab:blue" if system == "arabnews" else "tab:orange")
    gold = quality["scores"]["arabnews"]["quotes"]["ggt"]["0.8"]
    ax.set_xticks(range(len(groups)), [f"{g}\n(n={int(gold[g]['n_gold'])})" for g in groups])
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1 (GGT scheme)")
    ax.set_title("Quote F1 by quote type, dev gold (coverage >30% light, >80% dark)")
    ax.legend(fontsize=7, loc="upper right")
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _prf_row(name: str, b: dict, extra: str = "") -> str:
    counts = f"{int(b['n_gold'])} | {int(b['n_pred'])}"
    return f"| {name} | {pct(b['p'])} | {pct(b['r'])} | {pct(b['f'])} | {counts} |{extra}"


def quality_section(q: dict) -> list[str]:
    a = q["scores"]["arabnews"]
    data = ", ".join(f"`{d['path']}` ({d['records']} records, {d['adjudicated']} adjudicated, sha256 "
                     f"{d['sha256'][:12]}, commit {d['last_commit'] or '?'})" for d in q["data"])
    out = [
        "## Quality on the dev gold",
        "",
        f"Measured {q['date']} at commit `{q['commit']}`{' (uncommitted changes in arabnews/)' if q['dirty'] else ''}"
        f", {q['n_docs']} documents: {data}. Pipeline: {', '.join(q['pipeline'])}.",
        "Command: `python benchmarks/quality.py` (same numbers: `python -m arabnews evaluate gold/dev.jsonl "
        "seeds/*.gold.jsonl`). Definitions: [evaluation.md](evaluation.md).",
        "",
        "### Headline, side by side with the peers",
        "",
        "The peers (`benchmarks/peers.py`) only do part of the job: the regex baseline finds quotes (no linking, no "
        "boilerplate), jusText and trafilatura only separate body from boilerplate; what a system does not do "
        "scores 0 (or, for the body, keeps everything).",
        "",
    ]
    cols = list(next(iter(q["headline"].values())))
    out.append("| system | " + " | ".join(cols) + " |")
    out.append("|---|" + "---:|" * len(cols))
    for name, h in q["headline"].items():
        out.append(f"| {name} | " + " | ".join(pct(h[c]) for c in cols) + " |")
    out += ["", "![Quote F1 by quote type](img/f1_by_quote_type.png)", ""]
    for t in ("0.3", "0.8"):
        out += [f"### Quotes, Gender-Gap-Tracker scheme, coverage > {float(t):.0%} (arabnews)", "",
                "| type | P | R | F1 | gold | pred | speaker (entity) | speaker (mention) | cue | type |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for typ in ("all", *TYPES):
            b = a["quotes"]["ggt"][t][typ]
            out.append(_prf_row(typ, b, f" {pct(b['speaker_acc'])} | {pct(b['speaker_mention_acc'])} | "
                                        f"{pct(b['cue_acc'])} | {pct(b['type_acc'])} |"))
        out.append("")
    out += ["### Quotes, citron/PARC scheme (arabnews)", "", "| part | exact P | exact R | exact F1 | token P | "
            "token R | token F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for part in ("cue", "source", "content"):
        e, o = a["quotes"]["citron"][part]["exact"]["all"], a["quotes"]["citron"][part]["overlap"]["all"]
        out.append(f"| {part} | {pct(e['p'])} | {pct(e['r'])} | {pct(e['f'])} | {pct(o['p'])} | {pct(o['r'])} | "
                   f"{pct(o['f'])} |")
    out += ["", "### Quotes, strict end-to-end: > 80% and the right speaker entity (arabnews)", "",
            "| type | P | R | F1 | gold | pred |", "|---|---:|---:|---:|---:|---:|"]
    for typ in ("all", *TYPES):
        out.append(_prf_row(typ, a["quotes"]["e2e"][typ]))
    lk = a["linking"]
    out += ["", "### Linking (arabnews)", "", "| score | P | R | F1 | gold | pred |", "|---|---:|---:|---:|---:|---:|"]
    for key in ("mentions", "mentions_labelled", "links", "links_known", "doc_qids"):
        out.append(_prf_row(key, lk[key]))
    if lk.get("candidates"):
        c = lk["candidates"]
        out += ["", "Candidate recall (gold mentions with a QID; `_found`: those whose span was found): " + ", ".join(
            f"{k} {pct(v)}" for k, v in c.items() if k.startswith("recall")) + "."]
    else:
        out += ["", "Candidate recall: the predicted entities carry no candidates."]
    out += ["", "### Boilerplate, body/boilerplate tokens", "", "| system | body P | body R | body F1 | "
            "boilerplate P | boilerplate R | boilerplate F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, s in q["scores"].items():
        if name == "regex quotes (baseline)":
            continue
        b, bp = s["boilerplate"]["body"], s["boilerplate"]["boilerplate"]
        out.append(f"| {name} | {pct(b['p'])} | {pct(b['r'])} | {pct(b['f'])} | {pct(bp['p'])} | {pct(bp['r'])} | "
                   f"{pct(bp['f'])} |")
    n_bp = int(a["boilerplate"]["boilerplate"]["n_gold"])
    out += ["", f"The dev texts are mostly clean article bodies: only {n_bp} gold tokens are boilerplate, so these "
            "numbers rest on few cases (the seed article carries most of them)."]
    return out


def speed_section(s: dict) -> list[str]:
    d = s["data"]
    base = s["seconds"]["spacy.blank('ar') tokenizer"]
    out = [
        "## Speed and memory",
        "",
        f"Measured {s['date']} at commit `{s['commit']}`{' (uncommitted changes in arabnews/)' if s['dirty'] else ''}"
        f" on {s['cpus']} CPUs (a machine shared with other jobs: compare the ratios, measured in the same run, "
        f"rather than absolute numbers). Data: the first {d['articles']:,} articles of `{d['file']}` "
        f"({d['words']:,} words, {d['characters']:,} characters, sha256 {d['sha256'][:12]}). "
        "Command: `python benchmarks/speed.py`.",
        "",
        "| step | seconds | words/s | time / baseline |",
        "|---|---:|---:|---:|",
    ]
    for name, secs in s["seconds"].items():
        out.append(f"| {name} | {secs:.2f} | {d['words'] / secs:,.0f} | {secs / base:.2f} |")
    out += ["", "Each component is timed alone over the same tokenised documents; the whole pipeline is `nlp.pipe`.",
            "", "![words per second](img/component_speed.png)", ""]
    if s.get("n_process_seconds"):
        m = s["n_process_seconds"]
        out += [f"`nlp.pipe(n_process=1)`: {m['1']:.2f} s ({d['words'] / m['1']:,.0f} words/s); "
                f"`n_process=2`: {m['2']:.2f} s ({d['words'] / m['2']:,.0f} words/s): speed-up "
                f"{m['1'] / m['2']:.2f}× (process start-up included).", ""]
    if s.get("peak_memory_mb"):
        out += ["Peak memory (max resident set size of a fresh process doing only that):", "",
                "| workload | peak RSS |", "|---|---:|"]
        out += [f"| {k} | {v:,.0f} MB |" if v is not None else f"| {k} | not finished in time |"
                for k, v in s["peak_memory_mb"].items()]
        out.append("")
    out += ["Cost per character, one document of each size (the seed article repeated), each in a fresh process:",
            "", "| size (chars) | pipeline s | pipeline µs/char | × the 10 KB cost | baseline µs/char | pipeline / "
            "baseline | slowest step | peak RSS |", "|---:|---:|---:|---:|---:|---:|---|---:|"]
    sizes = sorted(int(x) for x in s["per_char"])
    first = None
    for size in sizes:
        p = s["per_char"][str(size)]
        if not p:
            out.append(f"| {size:,} | not finished within the time limit | | | | | | |")
            continue
        first = first or p["pipeline_us_per_char"]
        steps = p.get("steps") or {}
        slowest = max(steps, key=steps.get) if steps else ""
        out.append(f"| {size:,} | {p['pipeline_seconds']:.2f} | {p['pipeline_us_per_char']:.2f} | "
                   f"{p['pipeline_us_per_char'] / first:.2f} | {p['baseline_us_per_char']:.2f} | "
                   f"{p['pipeline_seconds'] / p['baseline_seconds']:.1f} | "
                   f"{slowest} {steps.get(slowest, 0):.2f} s | {p.get('peak_rss_mb', 0):,.0f} MB |")
    out += ["", "![speed vs document size](img/speed_vs_size.png)", ""]
    out += ["### What these numbers say", ""] + speed_findings(s) + [""]
    return out


def speed_findings(s: dict) -> list[str]:
    """Plain statements derived from the numbers (so that they stay true when the numbers change)."""
    notes = []
    done = [(int(k), v) for k, v in sorted(s["per_char"].items(), key=lambda kv: int(kv[0])) if v]
    if len(done) >= 2:
        (s0, first), (s1, last) = done[0], done[-1]
        growth = last["pipeline_us_per_char"] / first["pipeline_us_per_char"]
        steps = last.get("steps") or {}
        slowest = max(steps, key=steps.get) if steps else "?"
        if growth > 2:
            notes.append(f"- **Not linear**: the cost per character at {s1:,} characters is {growth:.1f}× the cost at "
                         f"{s0:,}; at that size {slowest} takes {steps.get(slowest, 0):.0f} s of the "
                         f"{last['pipeline_seconds']:.0f} s. The baseline stays flat.")
        else:
            notes.append(f"- Cost per character stays within {growth:.1f}× from {s0:,} to {s1:,} characters: linear.")
    missing = [int(k) for k, v in s["per_char"].items() if not v]
    if missing:
        notes.append(f"- Not measured (over the time limit): {', '.join(f'{m:,}' for m in missing)} characters.")
    m = s.get("n_process_seconds") or {}
    if m:
        speedup = m["1"] / m["2"]
        if speedup < 1:
            notes.append(f"- `n_process=2` was **slower** than 1 ({speedup:.2f}×) on this shared machine (load well "
                         "above its core count while measuring). The cause was not isolated: worker start-up, moving "
                         "Docs between processes and CPU contention are the candidates.")
        else:
            notes.append(f"- `n_process=2` gives {speedup:.2f}× the throughput of 1 process.")
    w = s["ratio_to_baseline"]
    comps = {k: v for k, v in w.items() if k in s.get("components", [])}
    if comps:
        worst = max(comps, key=comps.get)
        notes.append(f"- Whole pipeline: {w['arabnews.load() whole pipeline']:.1f}× the time of spaCy's tokenizer "
                     f"alone; the most expensive component is {worst} ({comps[worst]:.1f}× the tokenizer).")
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", type=Path, default=RESULTS / "quality-latest.json")
    parser.add_argument("--speed", type=Path, default=RESULTS / "speed-latest.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    img = args.out.parent / "img"
    img.mkdir(parents=True, exist_ok=True)
    lines = ["# Benchmarks", "",
             "Generated by `python benchmarks/report.py` from `benchmarks/results/*-latest.json` (each result file "
             "records its commit and data version); re-run `benchmarks/quality.py` and `benchmarks/speed.py` first. "
             "Do not edit by hand.", ""]
    if args.quality.exists():
        quality = json.loads(args.quality.read_text(encoding="utf-8"))
        plot_f1_by_type(quality, img / "f1_by_quote_type.png")
        lines += quality_section(quality)
        lines.append("")
    if args.speed.exists():
        speed = json.loads(args.speed.read_text(encoding="utf-8"))
        plot_speed_vs_size(speed, img / "speed_vs_size.png")
        plot_components(speed, img / "component_speed.png")
        lines += speed_section(speed)
    args.out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {args.out} and the plots in {img}")


if __name__ == "__main__":
    main()
