"""Speaker attribution quality on the dev gold (arabnews_speakers).

Two measurements, printed side by side:

* ``isolated``: the gold quotes (content, cue, type) are given to ``arabnews_speakers`` with their speaker fields
  removed, so only the attribution is measured. ``--ents gold`` also gives the gold entities (an oracle linker;
  gold speakers with a QID need a QID), ``--ents none`` gives no entities (no linker), ``--ents pipeline`` runs the
  real ``arabnews_linker`` when it is installed.
* ``pipeline`` (``--pipeline``): the whole ``arabnews.load()`` pipeline end to end (needs arabnews_quotes).

Scores come from ``arabnews.evaluation.score_quotes``: speaker accuracy on matched quotes (>80% coverage, the rule of
``speaker_entity_match``) and strict end-to-end F1; plus accuracy per attribution case (``case`` of the record) and
per gold quote type.

    python benchmarks/speakers.py gold/dev.jsonl seeds/000_f3cf03ad0fd9bf49.gold.jsonl --ents gold
    python benchmarks/speakers.py gold/dev.jsonl --speed 4     # speed: ratio to the tokenizer, per-quote time
    python benchmarks/speakers.py --long 25 50 100             # one long sentence: the ratio must not grow (H1)
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import arabnews  # noqa: E402
import arabnews.pipeline  # noqa: E402
from arabnews.evaluation import (  # noqa: E402
    doc_to_record,
    match_quotes,
    read_gold,
    record_to_doc,
    score_quotes,
    speaker_entity_match,
)
from arabnews.extensions import QUOTE_ATTR, QUOTES_KEY, set_quote_info  # noqa: E402

SPEAKER_FIELDS = ("speaker", "speaker_title", "via", "speaker_kb_id", "speaker_name", "anonymous", "case")


def _blank():
    import spacy

    import arabnews.sentences  # noqa: F401  (registers the factories without the other components)
    import arabnews.speakers  # noqa: F401

    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
    nlp.max_length = 20_000_000
    return nlp


def isolated_docs(gold: list[dict], ents: str):
    base = _blank()
    base.add_pipe("arabnews_sentences")
    if ents == "pipeline" and "arabnews_linker" in arabnews.pipeline.available_components():
        base.add_pipe("arabnews_linker")
    base.initialize()
    speakers = _blank().add_pipe("arabnews_speakers")
    for rec in gold:
        doc = record_to_doc(base, rec)
        for _, proc in base.pipeline:
            doc = proc(doc)  # sentences (and the real linker with --ents pipeline)
        if ents == "none":
            doc.ents = []
        for span in doc.spans[QUOTES_KEY]:
            info = {k: v for k, v in (span._.get(QUOTE_ATTR) or {}).items() if k not in SPEAKER_FIELDS}
            set_quote_info(span, info)
        yield rec, speakers(doc)


def per_case(gold: list[dict], docs: list) -> dict[str, list[int]]:
    out: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for rec, doc in docs:
        pred = doc_to_record(doc, rec["id"])
        spans = list(doc.spans[QUOTES_KEY])
        for gi, pi in match_quotes(rec["quotes"], pred["quotes"], 0.8):
            ok = speaker_entity_match(rec["quotes"][gi], pred["quotes"][pi], rec["text"])
            case = (spans[pi]._.get(QUOTE_ATTR) or {}).get("case", "?")
            for key in (f"case {case}", f"type {rec['quotes'][gi]['type']}"):
                out[key][0] += ok
                out[key][1] += 1
    return out


def _repeat(rec: dict, n: int) -> dict:
    """One record made of ``n`` copies of ``rec`` (offsets of quotes and entities shifted)."""
    def shift(obj, d):
        if isinstance(obj, dict):
            return {k: (v + d if k in ("start", "end") and isinstance(v, int) else shift(v, d)) for k, v in obj.items()}
        if isinstance(obj, list):
            return [shift(x, d) for x in obj]
        return obj

    text, quotes, ents = "", [], []
    for _ in range(n):
        d = len(text)
        quotes += shift(rec["quotes"], d)
        ents += shift(rec["entities"], d)
        text += rec["text"] + "\n\n"
    return {"id": rec["id"], "text": text, "quotes": quotes, "entities": ents, "body": [], "boilerplate": []}


def speed(gold: list[dict], n: int) -> int:
    """Process CPU time of arabnews_speakers against the tokenizer, per document, interleaved (the machine is shared:
    both see the same load). Gold quotes and gold entities are given, as in the isolated mode."""
    import time

    base = _blank()
    base.add_pipe("arabnews_sentences")
    base.initialize()
    speakers = _blank().add_pipe("arabnews_speakers")
    t_tok = t_spk = 0.0
    n_quotes = n_chars = 0
    for rec in gold:
        rec = _repeat(rec, n)
        t0 = time.process_time()
        base.make_doc(rec["text"])
        t_tok += time.process_time() - t0
        doc = record_to_doc(base, rec)
        for _, proc in base.pipeline:
            doc = proc(doc)
        for span in doc.spans[QUOTES_KEY]:
            set_quote_info(span, {k: v for k, v in (span._.get(QUOTE_ATTR) or {}).items() if k not in SPEAKER_FIELDS})
        t0 = time.process_time()
        speakers(doc)
        t_spk += time.process_time() - t0
        n_quotes += len(doc.spans[QUOTES_KEY])
        n_chars += len(rec["text"])
    print(f"{len(gold)} documents x {n} copies: {n_chars / 1e6:.2f} M chars, {n_quotes} quotes")
    print(f"tokenizer {t_tok:.2f} s, arabnews_speakers {t_spk:.2f} s CPU: ratio {t_spk / t_tok:.2f}x the tokenizer, "
          f"{1000 * t_spk / max(n_quotes, 1):.3f} ms per quote")
    return 0


LONG_SHAPES = ("وأضاف أن ", "وقالت إن ", "بحسب ما قاله مصدر، ", "وقال الوزير إن الحكومة، ")


def long_sentences(sizes: list[int], rounds: int = 3) -> int:
    """Audit H1: one long sentence with no sentence punctuation made of one reporting clause repeated, at each size
    (KB of UTF-8). The whole pipeline up to arabnews_quotes prepares the Doc (not timed); then arabnews_speakers and the
    tokenizer are timed in alternation, ``rounds`` times (process CPU). Linear time = the same ratio at every size."""
    import time

    nlp = arabnews.load()
    speakers = nlp.get_pipe("arabnews_speakers")
    for unit in LONG_SHAPES:
        row = []
        for kb in sizes:
            text = unit * (kb * 1000 // len(unit.encode("utf-8")))
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                if name != "arabnews_speakers":
                    doc = proc(doc)
            t_tok = t_spk = 0.0
            for _ in range(rounds):
                t0 = time.process_time()
                nlp.make_doc(text)
                t_tok += time.process_time() - t0
                t0 = time.process_time()
                speakers(doc)
                t_spk += time.process_time() - t0
            n = len(doc.spans[QUOTES_KEY])
            row.append(f"{kb} KB: {n} quotes, {t_spk / rounds:.2f} s, {t_spk / t_tok:.1f}x the tokenizer, "
                       f"{1000 * t_spk / rounds / max(n, 1):.2f} ms/quote")
        print(f"{unit!r:30} " + " | ".join(row))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", default=[str(ROOT / "gold" / "dev.jsonl")])
    ap.add_argument("--ents", choices=("gold", "none", "pipeline"), default="gold")
    ap.add_argument("--pipeline", action="store_true", help="score the whole load() pipeline instead")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong attributions")
    ap.add_argument("--speed", type=int, default=0, metavar="N",
                    help="instead of quality: time arabnews_speakers on the gold quotes of documents made of N copies "
                         "of each gold article, interleaved per document with the tokenizer as baseline")
    ap.add_argument("--long", type=int, nargs="*", metavar="KB",
                    help="instead of quality: time arabnews_speakers on one long sentence of repeated reporting "
                         "clauses at these sizes (default 25 50 100), as a ratio to the tokenizer (audit H1)")
    args = ap.parse_args(argv)
    if args.long is not None:
        return long_sentences(args.long or [25, 50, 100])
    gold = [r for path in args.gold for r in read_gold(path)]
    if args.speed:
        return speed(gold, args.speed)
    if args.pipeline:
        nlp = arabnews.load()
        docs = [(rec, nlp(rec["text"])) for rec in gold]
    else:
        docs = list(isolated_docs(gold, args.ents))
    pred = [doc_to_record(doc, rec["id"]) for rec, doc in docs]
    scores = score_quotes(gold, pred)
    mode = "pipeline" if args.pipeline else f"isolated, entities={args.ents}"
    m = scores["ggt"]["0.8"]["all"]
    print(f"{mode}: documents {scores['n_docs']}, gold quotes {scores['n_gold']}, predicted {scores['n_pred']}")
    print(f"speaker accuracy on matched quotes (>80%): {m['speaker_acc']:.3f} over {m['matched']} "
          f"(mention {m['speaker_mention_acc']:.3f})")
    e = scores["e2e"]["all"]
    print(f"end-to-end (>80% AND right speaker entity): P {e['p']:.3f} R {e['r']:.3f} F1 {e['f']:.3f}")
    for key, (ok, n) in sorted(per_case(gold, docs).items()):
        print(f"  {key:28} {ok / n:6.3f}  ({ok}/{n})")
    if args.errors:
        shown = 0
        for (rec, doc), p in zip(docs, pred):
            spans = list(doc.spans[QUOTES_KEY])
            for gi, pi in match_quotes(rec["quotes"], p["quotes"], 0.8):
                g, q = rec["quotes"][gi], p["quotes"][pi]
                if speaker_entity_match(g, q, rec["text"]) or shown >= args.errors:
                    continue
                shown += 1
                cue = g.get("cue") or {}
                lo = max(0, min(cue.get("start", g["content"][0]["start"]), g["content"][0]["start"]) - 60)
                case = (spans[pi]._.get(QUOTE_ATTR) or {}).get("case")
                print("----", rec["id"], "case", case, "| cue", cue.get("text"))
                print("  gold:", (g.get("speaker") or {}).get("text"), "|", g.get("speaker_name"), g.get("speaker_qid"))
                print("  pred:", (q.get("speaker") or {}).get("text"), "|", q.get("speaker_name"), q.get("speaker_qid"))
                print("  ", rec["text"][lo:g["content"][0]["start"] + 40].replace("\n", " "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
