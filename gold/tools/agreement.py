"""Inter-annotator agreement between two annotations of the same articles (format: gold/README.md).

By default it compares annotator D's independent second annotation (gold/dev/second_D.jsonl) with the primary
annotation of the same articles in gold/dev/batch_A/B/C.jsonl, i.e. BEFORE adjudication:

    python3 gold/tools/agreement.py                       # D vs primary (A/B/C), the numbers in gold/README.md
    python3 gold/tools/agreement.py --primary gold/dev.jsonl --second gold/dev/second_D.jsonl   # D vs adjudicated
    python3 gold/tools/agreement.py --json                # machine-readable

Measures (over the articles present in both files):
- quote detection F1: quotes matched one-to-one, greedily by decreasing content overlap, where the overlap of two
  quotes is |chars(a) & chars(b)| / max(|chars(a)|, |chars(b)|) over the union of their content spans (so a pair
  matches at threshold t only if each covers more than t of the other); reported at t = 0.3 and t = 0.8;
- quote type agreement on the quotes matched at t = 0.3: observed agreement and Cohen's kappa;
- speaker agreement on the matched quotes: identical speaker span, overlapping speaker span, same speaker_name
  (case-insensitive), same anonymous flag;
- entity span F1: exact (same start and end) and overlap (one-to-one greedy by overlap, any shared char);
- entity label agreement on the exact-matched entities: observed agreement and Cohen's kappa;
- QID agreement on the exact-matched entities: both the same (null = null counts), and among pairs where at least
  one side has a QID;
- boilerplate agreement per non-space character: body vs boilerplate (observed and kappa), and the boilerplate
  label on characters both call boilerplate.
Standard library only; no project code is used.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = HERE.parent / "dev"


def load(paths: list[Path]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    out[rec["id"]] = rec
    return out


def chars(spans: list[dict]) -> set[int]:
    out: set[int] = set()
    for span in spans:
        out.update(range(span["start"], span["end"]))
    return out


def greedy(pairs: list[tuple[float, int, int]], threshold: float) -> list[tuple[int, int]]:
    """One-to-one matching, best score first; a pair counts only if its score is > threshold."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if score > threshold and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def quote_pairs(qa: list[dict], qb: list[dict]) -> list[tuple[float, int, int]]:
    ca = [chars(q["content"]) for q in qa]
    cb = [chars(q["content"]) for q in qb]
    pairs = []
    for i, a in enumerate(ca):
        for j, b in enumerate(cb):
            inter = len(a & b)
            if inter:
                pairs.append((inter / max(len(a), len(b)), i, j))
    return pairs


def kappa(labels: list[tuple[str, str]]) -> float | None:
    if not labels:
        return None
    n = len(labels)
    po = sum(a == b for a, b in labels) / n
    ca = Counter(a for a, _ in labels)
    cb = Counter(b for _, b in labels)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def prf(tp: int, n_primary: int, n_second: int) -> dict:
    p = tp / n_second if n_second else 0.0
    r = tp / n_primary if n_primary else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "primary": n_primary, "second": n_second, "precision": p, "recall": r, "f1": f}


def span_key(span: dict | None) -> tuple[int, int] | None:
    return None if span is None else (span["start"], span["end"])


def overlaps(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a["start"] < b["end"] and b["start"] < a["end"]


def body_labels(rec: dict) -> list[str]:
    labels = [""] * len(rec["text"])
    for span in rec.get("body", []):
        for k in range(span["start"], span["end"]):
            labels[k] = "BODY"
    for span in rec.get("boilerplate", []):
        for k in range(span["start"], span["end"]):
            labels[k] = span.get("label", "BOILERPLATE")
    return labels


def agreement(primary: dict[str, dict], second: dict[str, dict]) -> dict:
    ids = [i for i in second if i in primary]
    q_tp = {0.3: 0, 0.8: 0}
    nq_a = nq_b = 0
    types: list[tuple[str, str]] = []
    spk = Counter()
    e_exact = e_overlap = ne_a = ne_b = 0
    labels: list[tuple[str, str]] = []
    qid_all = qid_same = qid_any = qid_any_same = 0
    bp_pairs: list[tuple[str, str]] = []
    bp_label_pairs: list[tuple[str, str]] = []
    for doc_id in ids:
        a, b = primary[doc_id], second[doc_id]
        qa, qb = a.get("quotes", []), b.get("quotes", [])
        nq_a += len(qa)
        nq_b += len(qb)
        pairs = quote_pairs(qa, qb)
        for t in q_tp:
            q_tp[t] += len(greedy(pairs, t))
        for i, j in greedy(pairs, 0.3):
            x, y = qa[i], qb[j]
            types.append((x["type"], y["type"]))
            spk["n"] += 1
            spk["exact"] += span_key(x.get("speaker")) == span_key(y.get("speaker"))
            spk["overlap"] += overlaps(x.get("speaker"), y.get("speaker"))
            spk["name"] += (x.get("speaker_name") or "").casefold() == (y.get("speaker_name") or "").casefold()
            spk["anonymous"] += bool(x.get("anonymous")) == bool(y.get("anonymous"))
        ea, eb = a.get("entities", []), b.get("entities", [])
        ne_a += len(ea)
        ne_b += len(eb)
        by_span = {span_key(e): e for e in eb}
        for e in ea:
            f = by_span.get(span_key(e))
            if f is None:
                continue
            e_exact += 1
            labels.append((e["label"], f["label"]))
            qid_all += 1
            qid_same += e.get("qid") == f.get("qid")
            if e.get("qid") or f.get("qid"):
                qid_any += 1
                qid_any_same += e.get("qid") == f.get("qid")
        epairs = []
        for i, e in enumerate(ea):
            for j, f in enumerate(eb):
                inter = min(e["end"], f["end"]) - max(e["start"], f["start"])
                if inter > 0:
                    epairs.append((inter / max(e["end"] - e["start"], f["end"] - f["start"]), i, j))
        e_overlap += len(greedy(epairs, 0.0))
        la, lb = body_labels(a), body_labels(b)
        for k, ch in enumerate(a["text"]):
            if ch.isspace() or not la[k] or not lb[k]:
                continue
            bp_pairs.append(("BODY" if la[k] == "BODY" else "BP", "BODY" if lb[k] == "BODY" else "BP"))
            if la[k] != "BODY" and lb[k] != "BODY":
                bp_label_pairs.append((la[k], lb[k]))
    n = spk["n"] or 1
    return {
        "articles": len(ids),
        "quotes": {f"f1@{t}": prf(q_tp[t], nq_a, nq_b) for t in q_tp},
        "quote_type": {"matched": len(types), "agreement": sum(x == y for x, y in types) / (len(types) or 1),
                       "kappa": kappa(types), "confusions": Counter(f"{x}/{y}" for x, y in types if x != y)},
        "speaker": {"matched": spk["n"], "exact_span": spk["exact"] / n, "overlapping_span": spk["overlap"] / n,
                    "same_name": spk["name"] / n, "same_anonymous": spk["anonymous"] / n},
        "entities": {"exact": prf(e_exact, ne_a, ne_b), "overlap": prf(e_overlap, ne_a, ne_b)},
        "entity_label": {"matched": len(labels), "agreement": sum(x == y for x, y in labels) / (len(labels) or 1),
                         "kappa": kappa(labels)},
        "qid": {"matched": qid_all, "same": qid_same / (qid_all or 1), "with_a_qid": qid_any,
                "same_when_any": qid_any_same / (qid_any or 1)},
        "boilerplate": {"chars": len(bp_pairs), "agreement": sum(x == y for x, y in bp_pairs) / (len(bp_pairs) or 1),
                        "kappa": kappa(bp_pairs), "boilerplate_chars_both": len(bp_label_pairs),
                        "label_agreement": sum(x == y for x, y in bp_label_pairs) / (len(bp_label_pairs) or 1)},
    }


def report(res: dict) -> str:
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.1f}%"

    def k(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    lines = [f"articles compared: {res['articles']}"]
    for name, r in res["quotes"].items():
        lines.append(f"quote detection {name} (coverage >{name[3:]}): F1 {pct(r['f1'])} "
                     f"(P {pct(r['precision'])}, R {pct(r['recall'])}; matched {r['tp']}, "
                     f"primary {r['primary']}, second {r['second']})")
    t = res["quote_type"]
    lines.append(f"quote type on {t['matched']} matched quotes: agreement {pct(t['agreement'])}, "
                 f"kappa {k(t['kappa'])}; confusions {dict(t['confusions'])}")
    s = res["speaker"]
    lines.append(f"speaker on {s['matched']} matched quotes: same span {pct(s['exact_span'])}, overlapping span "
                 f"{pct(s['overlapping_span'])}, same speaker_name {pct(s['same_name'])}, "
                 f"same anonymous flag {pct(s['same_anonymous'])}")
    for name, r in res["entities"].items():
        lines.append(f"entity spans {name}: F1 {pct(r['f1'])} (P {pct(r['precision'])}, R {pct(r['recall'])}; "
                     f"matched {r['tp']}, primary {r['primary']}, second {r['second']})")
    lab = res["entity_label"]
    lines.append(f"entity label on {lab['matched']} exact matches: agreement {pct(lab['agreement'])}, "
                 f"kappa {k(lab['kappa'])}")
    q = res["qid"]
    lines.append(f"QID on {q['matched']} exact matches: same {pct(q['same'])}; among {q['with_a_qid']} with a QID "
                 f"on either side: same {pct(q['same_when_any'])}")
    b = res["boilerplate"]
    lines.append(f"body/boilerplate per non-space char ({b['chars']}): agreement {pct(b['agreement'])}, "
                 f"kappa {k(b['kappa'])}; boilerplate label agreement on {b['boilerplate_chars_both']} chars "
                 f"{pct(b['label_agreement'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--primary", nargs="+", type=Path,
                    default=[DEV / "batch_A.jsonl", DEV / "batch_B.jsonl", DEV / "batch_C.jsonl"])
    ap.add_argument("--second", nargs="+", type=Path, default=[DEV / "second_D.jsonl"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = agreement(load(args.primary), load(args.second))
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.json else report(res))


if __name__ == "__main__":
    main()
