"""Quality and speed of ``arabnews_quotes`` against a plain regex quote extractor, in one run.

    python benchmarks/quotes.py [--gold gold/dev.jsonl ...] [--boilerplate gold|none|pipeline]
                                [--speed-data ../shared/data/saudinewsnet.jsonl.gz] [--n 2000]
                                [--errors N] [--errors-kind fn,boundary,fp,exact] [--errors-type indirect]
    python benchmarks/quotes.py --long [25 50 100]

Quality (Gender-Gap-Tracker scheme, ``arabnews.evaluation.score_quotes``): a predicted quote matches a gold quote
when its content covers more than 30% (resp. 80%) of the gold content's characters, greedy one-to-one; P/R/F1
at both thresholds, recall and precision per quote type, and exact content F1 (citron scheme: content spans
identical, quotes aligned by their cues). Gold: the adjudicated ``gold/dev.jsonl`` when it exists (else
``gold/dev/batch_*.jsonl``) plus ``seeds/*.gold.jsonl``. ``--boilerplate gold`` (default) gives the component the
gold boilerplate spans, so that the quote detector is measured alone; ``pipeline`` runs ``arabnews.load()``'s
boilerplate component first; ``none`` gives it none.

Baseline (same run, same documents): a plain regex extractor — text of at least 3 words between quotation marks
is a direct quote, and "<reporting verb> ... أن/إن <clause>" (قال أكد أضاف أوضح أشار ذكر) an indirect one up to
the next sentence end.

Errors (``--errors N``): up to N items of each kind, in document order, to group them by construction:
``fn`` gold quotes no prediction covers by more than 30%, ``boundary`` gold quotes matched at >30% but not at
>80% (gold and predicted content side by side), ``fp`` predictions matching no gold quote at >30%, ``exact``
cue-aligned pairs whose content spans differ (the exact-content score). Each item shows the document id, the
types, the cue and the content (``[...]`` marks the content inside its sentence).

Linearity (``--long KB ...``): one sentence without a full stop or line break, repeated to each size (``"بحسب " * n``,
``"وأضاف أن " * n``, a mixed shape); CPU time of the tokenizer and of the component on the same text, interleaved,
and their ratio per size — flat when the component is linear (the tokenizer is).

Speed: on ``--n`` articles (any partition may be used for speed), the time of ``arabnews_quotes`` over docs that
are already tokenised, as a ratio of the news tokenizer's time on the same texts (target: <= 0.30).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from bisect import bisect_right
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import DEFAULT_DATA, read_articles  # noqa: E402

import arabnews  # noqa: E402
from arabnews.evaluation import score_quotes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("direct", "indirect", "mixed", "according_to")


def default_gold() -> list[Path]:
    adjudicated = ROOT / "gold" / "dev.jsonl"
    files = [adjudicated] if adjudicated.exists() else sorted((ROOT / "gold" / "dev").glob("batch_*.jsonl"))
    return files + sorted((ROOT / "seeds").glob("*.gold.jsonl"))


def read_records(paths: list[Path]) -> list[dict]:
    out = []
    for path in paths:
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


# ---------------------------------------------------------------- baseline
MARKS = re.compile(r'"([^"\n]+)"|«([^»\n]+)»|“([^”\n]+)”')
INDIRECT = re.compile(r"(?:^|\s)[وف]?(?:قال|قالت|أكد|أكدت|أضاف|أضافت|أوضح|أوضحت|أشار|أشارت|ذكر|ذكرت)"
                      r"\s[^.\n]{0,120}?\s(?:أن|إن|بأن)[هاميكن]*\s([^.\n؟!]+)")


def regex_baseline(text: str) -> list[dict]:
    quotes = []
    for m in MARKS.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        if len(m.group(g).split()) >= 3:
            quotes.append(("direct", m.start(g), m.end(g)))
    for m in INDIRECT.finditer(text):
        quotes.append(("indirect", m.start(1), m.end(1)))
    return [{"type": t, "content": [{"start": s, "end": e, "text": text[s:e]}], "cue": None} for t, s, e in quotes]


# ---------------------------------------------------------------- arabnews
def component_records(nlp, gold: list[dict], boilerplate: str) -> list[dict]:
    quotes = nlp.get_pipe("arabnews_quotes")
    preds = []
    for rec in gold:
        text = rec["text"]
        if boilerplate == "pipeline":
            doc = nlp(text)
        else:
            doc = nlp.make_doc(text)
            if boilerplate == "gold":
                doc.spans["boilerplate"] = [sp for b in rec.get("boilerplate") or []
                                            if (sp := doc.char_span(b["start"], b["end"],
                                                                    alignment_mode="expand")) is not None]
            doc = quotes(doc)
        out = []
        for q in doc.spans["quotes"]:
            info = q._.arabnews_quote
            cue = info.get("cue")
            out.append({"type": info["type"].lower(),
                        "content": [{"start": s, "end": e, "text": text[s:e]} for s, e in info["fragments"]],
                        "cue": {"start": cue[0], "end": cue[1], "text": text[cue[0]:cue[1]]} if cue else None})
        preds.append({"id": rec["id"], "text": text, "quotes": out})
    return preds


def report(name: str, scores: dict) -> None:
    print(f"\n== {name}: {scores['n_docs']} documents, {scores['n_gold']} gold quotes, {scores['n_pred']} predicted")
    print(f"{'':16}{'P':>7}{'R':>7}{'F1':>7}   (GGT coverage)")
    for th in ("0.3", "0.8"):
        b = scores["ggt"][th]["all"]
        print(f"  >{float(th):.0%} all    {b['p']:7.3f}{b['r']:7.3f}{b['f']:7.3f}")
    for typ in TYPES:
        cells = []
        for th in ("0.3", "0.8"):
            b = scores["ggt"][th][typ]
            cells.append(f"P {b['p']:.3f} R {b['r']:.3f} F {b['f']:.3f}")
        print(f"  {typ:13} n_gold {int(scores['ggt']['0.3'][typ]['n_gold']):4}  >30%: {cells[0]}  >80%: {cells[1]}")
    exact = scores["citron"]["content"]["exact"]
    print("  exact content F1: " + "  ".join(f"{t} {exact[t]['f']:.3f}" for t in ("all", *TYPES)))


# ---------------------------------------------------------------- error lister
def _in_context(text: str, spans: list[tuple[int, int]], width: int = 60) -> str:
    """The content marked with [ ] inside the text around it (one line)."""
    if not spans:
        return ""
    s0, e0 = spans[0][0], spans[-1][1]
    a, b = max(0, s0 - width), min(len(text), e0 + width)
    out, pos = [], a
    for s, e in spans:
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    out.append(text[pos:b])
    return ("…" if a else "") + "".join(out).replace("\n", " ⏎ ") + ("…" if b < len(text) else "")


def _spans(q: dict) -> list[tuple[int, int]]:
    return sorted((c["start"], c["end"]) for c in q["content"])


def _cue(q: dict, text: str) -> str:
    c = q.get("cue")
    return text[c["start"]:c["end"]] if c else "-"


def list_errors(gold: list[dict], pred: list[dict], n: int, kinds: set[str], types: set[str] | None) -> None:
    from arabnews.evaluation import _align_by_cue, match_quotes

    by_id = {p["id"]: p for p in pred}
    found: dict[str, list[str]] = {k: [] for k in ("fn", "boundary", "fp", "exact")}
    for g_rec in gold:
        text = g_rec["text"]
        gq = g_rec.get("quotes") or []
        pq = by_id.get(g_rec["id"], {}).get("quotes") or []
        m30 = dict(match_quotes(gq, pq, 0.3))
        m80 = dict(match_quotes(gq, pq, 0.8))
        used30 = set(m30.values())
        for gi, g in enumerate(gq):
            if types and g["type"] not in types:
                continue
            if gi not in m30:
                found["fn"].append(f"{g_rec['id']} gold {g['type']} cue {_cue(g, text)}\n"
                                   f"    gold: {_in_context(text, _spans(g))}")
            elif gi not in m80:
                p = pq[m30[gi]]
                found["boundary"].append(
                    f"{g_rec['id']} gold {g['type']} / pred {p['type']} cue {_cue(g, text)} / {_cue(p, text)}\n"
                    f"    gold: {_in_context(text, _spans(g))}\n    pred: {_in_context(text, _spans(p))}")
        for pi, p in enumerate(pq):
            if pi not in used30 and (not types or p["type"] in types):
                found["fp"].append(f"{g_rec['id']} pred {p['type']} cue {_cue(p, text)}\n"
                                   f"    pred: {_in_context(text, _spans(p))}")
        for gi, pi in _align_by_cue(gq, pq):
            g, p = gq[gi], pq[pi]
            if (types and g["type"] not in types) or _spans(g) == _spans(p):
                continue
            found["exact"].append(
                f"{g_rec['id']} gold {g['type']} / pred {p['type']} cue {_cue(g, text)}\n"
                f"    gold: {_in_context(text, _spans(g), 25)}\n    pred: {_in_context(text, _spans(p), 25)}")
    for kind in ("fn", "boundary", "fp", "exact"):
        if kind not in kinds:
            continue
        items = found[kind]
        print(f"\n== errors: {kind} ({len(items)}; showing {min(n, len(items))})")
        for item in items[:n]:
            print("  " + item)


def speed(nlp, texts: list[str]) -> None:
    quotes = nlp.get_pipe("arabnews_quotes")
    for text in texts[:20]:  # warm-up (regex compilation, caches)
        quotes(nlp.make_doc(text))
    # interleaved per article, so that a load change on the machine hits both timings alike
    t_tok = t_quotes = c_tok = c_quotes = 0.0
    clock, cpu = time.perf_counter, time.process_time
    for text in texts:
        t0, c0 = clock(), cpu()
        doc = nlp.make_doc(text)
        t1, c1 = clock(), cpu()
        quotes(doc)
        t_tok += t1 - t0
        c_tok += c1 - c0
        t_quotes += clock() - t1
        c_quotes += cpu() - c1
    t0 = time.perf_counter()
    for t in texts:
        regex_baseline(t)
    t_regex = time.perf_counter() - t0
    n_chars = sum(map(len, texts))
    print(f"\n== speed on {len(texts)} articles ({n_chars:,} characters)")
    print(f"  news tokenizer       {t_tok:7.3f} s   1.00       (CPU time {c_tok:.3f} s)")
    print(f"  arabnews_quotes      {t_quotes:7.3f} s   {t_quotes / t_tok:.2f} x tokenisation (target <= 0.30); "
          f"CPU time {c_quotes:.3f} s = {c_quotes / max(c_tok, 1e-9):.2f} x (wall time on a loaded machine also "
          "counts waiting)")
    print(f"  regex baseline       {t_regex:7.3f} s   {t_regex / t_tok:.2f} x tokenisation")


#: one long sentence with no full stop and no line break (scraped lists, social posts): every cue's forward
#: search must stop at the content limit, or the time grows with the square of the size (audit H1)
LONG_SENTENCES = ("بحسب ", "بحسب مصدر ", "وأضاف أن ", "وقال مصدر إن الوضع، بحسب ")


def long_sentences(nlp, sizes_kb: list[int], repeat: int = 3) -> None:
    """Time of ``arabnews_quotes`` on each shape at each size, tokenizer and component interleaved (``repeat``
    alternations, CPU time); the ratio component/tokenizer and the component's ms/KB stay flat across sizes when
    the time is linear (the tokenizer's time on a repeated unit is small and cached: its ratio is noisy)."""
    quotes = nlp.get_pipe("arabnews_quotes")
    quotes(nlp.make_doc(LONG_SENTENCES[0] * 10))
    print("\n== long sentences without a full stop (CPU time, tokenizer and component interleaved)")
    for unit in LONG_SENTENCES:
        for kb in sizes_kb:
            text = unit * (kb * 1000 // len(unit.encode("utf-8")))
            c_tok = c_q = 0.0
            for _ in range(repeat):
                c0 = time.process_time()
                doc = nlp.make_doc(text)
                c1 = time.process_time()
                quotes(doc)
                c_tok += c1 - c0
                c_q += time.process_time() - c1
            print(f"  {unit.strip()!r:28} {kb:4d} KB  tokenizer {c_tok / repeat:6.3f} s  quotes {c_q / repeat:6.3f} s"
                  f"  ratio {c_q / max(c_tok, 1e-9):6.2f}  quotes {1000 * c_q / repeat / kb:5.1f} ms/KB"
                  f"  ({len(doc.spans['quotes'])} quotes)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="*", type=Path, default=None)
    ap.add_argument("--boilerplate", choices=("gold", "none", "pipeline"), default="gold")
    ap.add_argument("--speed-data", type=Path, default=DEFAULT_DATA / "saudinewsnet.jsonl.gz")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="list up to N errors of each kind (false negatives, boundaries, false positives, exact)")
    ap.add_argument("--errors-kind", default="fn,boundary,fp,exact")
    ap.add_argument("--errors-type", default="", help="only gold/pred quotes of these types (comma-separated)")
    ap.add_argument("--long", nargs="*", type=int, default=None, metavar="KB",
                    help="only time one long sentence without a full stop at these sizes (default 25 50 100)")
    args = ap.parse_args(argv)
    if args.long is not None:
        nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
        nlp.add_pipe("arabnews_quotes")
        long_sentences(nlp, args.long or [25, 50, 100])
        return

    gold = read_records(args.gold or default_gold())
    if args.boilerplate == "pipeline":
        nlp = arabnews.load()
    else:
        nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
        nlp.add_pipe("arabnews_quotes")
    print(f"gold: {', '.join(str(p) for p in (args.gold or default_gold()))}; boilerplate: {args.boilerplate}")
    preds = component_records(nlp, gold, args.boilerplate)
    report("arabnews_quotes", score_quotes(gold, preds))
    if args.errors:
        list_errors(gold, preds, args.errors, set(args.errors_kind.split(",")),
                    set(args.errors_type.split(",")) - {""} or None)
    baseline = []
    for rec in gold:
        bp = sorted((b["start"], b["end"]) for b in rec.get("boilerplate") or []) if args.boilerplate != "none" else []
        starts = [b[0] for b in bp]

        def body(q, bp=bp, starts=starts):
            k = bisect_right(starts, q["content"][0]["start"]) - 1
            return not (k >= 0 and bp[k][0] <= q["content"][0]["start"] < bp[k][1])

        baseline.append({"id": rec["id"], "text": rec["text"],
                         "quotes": [q for q in regex_baseline(rec["text"]) if body(q)]})
    report("regex baseline", score_quotes(gold, baseline))

    if args.n <= 0:
        print("\n(speed skipped: --n 0)")
    elif args.speed_data.exists():
        texts = [a.get("text") or a.get("content") or "" for a in read_articles(args.speed_data, args.n)]
        speed(nlp, [t for t in texts if t])
    else:
        print(f"\n(speed skipped: {args.speed_data} not found)")


if __name__ == "__main__":
    main()
