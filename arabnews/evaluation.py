"""Scoring arabnews against hand-annotated gold (``../shared/ANNOTATION.md``).

Everything here works on **plain records**: one dict per document in the gold format (``id``, ``text``, ``body``,
``boilerplate``, ``quotes``, ``entities``), for the gold *and* for the predictions (:func:`doc_to_record` turns a
processed ``Doc`` into one). So component engineers can score their own output without spaCy objects::

    from arabnews.evaluation import read_gold, doc_to_record, score_quotes
    gold = read_gold("gold/dev.jsonl")
    pred = [doc_to_record(nlp(g["text"]), g["id"]) for g in gold]
    score_quotes(gold, pred)["ggt"]["0.8"]["all"]["f"]

Scores (all micro-averaged over documents; P/R/F1 are fractions in [0, 1]; the definitions are in
``docs/evaluation.md`` and in each function's docstring):

* :func:`score_quotes` — Gender-Gap-Tracker scheme (greedy one-to-one matching at >30% and >80% coverage of the
  gold quote's characters; speaker, cue and type accuracy on matched quotes), citron/PARC scheme (exact and
  token-overlap P/R/F1 for cue, source and content), strict end-to-end (>80% AND right speaker entity); every
  block also by quote type.
* :func:`score_linking` — mention and link (span + QID) P/R/F1, per-document QID sets, candidate recall@k.
* :func:`score_boilerplate` — body-token and boilerplate-token P/R/F1.
* :func:`evaluate_pipeline` — runs ``nlp`` over gold files and returns all of the above.
* :func:`quote_prf`, :func:`linking_prf`, :func:`boilerplate_prf` — spaCy scorers over ``Example`` objects
  (flat ``{name: float}`` dicts) for ``nlp.evaluate``; registered as ``arabnews.eval.quote_prf.v1`` etc.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import filter_spans, registry

from .errors import Errors
from .extensions import (
    BOILERPLATE_KEY,
    LINK_ATTR,
    QUOTE_ATTR,
    QUOTES_KEY,
    input_text,
    install_extensions,
    set_quote_info,
)

QUOTE_TYPES = ("direct", "indirect", "mixed", "according_to")
THRESHOLDS = (0.3, 0.8)
RECALL_AT = (1, 5, 10)
#: Key under which the gold record is kept in the reference Doc's user_data (lossless scoring in nlp.evaluate).
GOLD_KEY = "arabnews.gold"

# Tokens for the token-overlap and body scores: a run of letters/digits (Arabic marks and tatweel included), or
# any other single non-space character. Independent of spaCy so that the scores do not move with the tokenizer.
_TOKEN = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+|[^\s]")


# ------------------------------------------------------------------------------------------------ reading
def _check_span(span: Any, text: str, where: str, path: Any, line: int, error: str = Errors.E010) -> None:
    if not isinstance(span, dict) or not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
        raise ValueError(error.format(path=path, line=line, problem=f"{where} is not a span object"))
    s, e = span["start"], span["end"]
    if not 0 <= s <= e <= len(text):
        raise ValueError(error.format(path=path, line=line, problem=f"{where} [{s}, {e}) is outside the text"))
    if "text" in span and span["text"] != text[s:e]:
        raise ValueError(error.format(
            path=path, line=line, problem=f"{where} text {span['text']!r} differs from text[{s}:{e}]={text[s:e]!r}"))


def validate_record(record: Any, path: Any = "<record>", line: int = 0, error: str = Errors.E010) -> dict:
    """Check one gold record against ANNOTATION.md; raise ``ValueError`` [E010] saying what is wrong
    (``error``: the coded message to use, E010 for gold, E071 for predictions)."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError(error.format(path=path, line=line, problem="no 'text' string"))
    text = record["text"]
    for i, span in enumerate(record.get("body") or []):
        _check_span(span, text, f"body[{i}]", path, line, error)
    for i, span in enumerate(record.get("boilerplate") or []):
        _check_span(span, text, f"boilerplate[{i}]", path, line, error)
    for i, quote in enumerate(record.get("quotes") or []):
        if not isinstance(quote, dict):
            raise ValueError(error.format(path=path, line=line, problem=f"quotes[{i}] is not an object"))
        qtype = str(quote.get("type", "")).lower()
        if qtype not in QUOTE_TYPES:
            raise ValueError(error.format(path=path, line=line,
                                                problem=f"quotes[{i}].type {quote.get('type')!r} not in {QUOTE_TYPES}"))
        if not quote.get("content"):
            raise ValueError(error.format(path=path, line=line, problem=f"quotes[{i}] has no content span"))
        for j, span in enumerate(quote["content"]):
            _check_span(span, text, f"quotes[{i}].content[{j}]", path, line, error)
        for key in ("cue", "speaker"):
            if quote.get(key) is not None:
                _check_span(quote[key], text, f"quotes[{i}].{key}", path, line, error)
    for i, ent in enumerate(record.get("entities") or []):
        _check_span(ent, text, f"entities[{i}]", path, line, error)
    return record


def read_gold(*paths: str | Path) -> list[dict]:
    """Gold records of one or more JSONL files, validated; [E010] on a broken line, [E070] on a repeated id."""
    return _read_records(paths, Errors.E010)


def read_predictions(*paths: str | Path) -> list[dict]:
    """Predicted records (gold format) of JSONL files, validated; [E071] on a broken line, [E070] on a repeated id."""
    return _read_records(paths, Errors.E071)


def _read_records(paths: Sequence[str | Path], error: str) -> list[dict]:
    records: list[dict] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(Errors.E005.format(path=path))
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(error.format(path=path, line=n, problem=f"invalid JSON ({err})")) from None
                validate_record(record, path, n, error)
                doc_id = str(record.get("id") or f"{path.name}:{n}")
                if doc_id in seen:
                    raise ValueError(Errors.E070.format(doc_id=doc_id, first=seen[doc_id], second=f"{path}:{n}"))
                seen[doc_id] = f"{path}:{n}"
                records.append({**record, "id": doc_id})
    return records


# ------------------------------------------------------------------------------------------------ Doc <-> record
def _span_obj(text: str, offsets: Any) -> dict | None:
    if not offsets:
        return None
    s, e = int(offsets[0]), int(offsets[1])
    return {"start": s, "end": e, "text": text[s:e]}


def doc_to_record(doc: Doc, doc_id: str | None = None) -> dict:
    """The predictions in ``doc`` as a record in the gold format (plus ``candidates`` on entities)."""
    install_extensions()
    text = input_text(doc)
    boilerplate = [{"start": s.start_char, "end": s.end_char, "text": s.text, "label": s.label_}
                   for s in doc.spans.get(BOILERPLATE_KEY, [])]
    quotes = []
    for span in doc.spans.get(QUOTES_KEY, []):
        info = span._.get(QUOTE_ATTR) or {}
        fragments = info.get("fragments") or [[span.start_char, span.end_char]]
        quotes.append({
            "type": str(info.get("type") or span.label_).lower(),
            "content": [_span_obj(text, f) for f in fragments],
            "cue": _span_obj(text, info.get("cue")),
            "speaker": _span_obj(text, info.get("speaker")),
            "speaker_name": info.get("speaker_name") or "",
            "speaker_qid": info.get("speaker_kb_id") or None,
            "anonymous": bool(info.get("anonymous")),
        })
    entities = []
    for ent in doc.ents:
        link = ent._.get(LINK_ATTR) or {}
        entities.append({"start": ent.start_char, "end": ent.end_char, "text": ent.text, "label": ent.label_,
                         "name": link.get("name") or "", "qid": ent.kb_id_ or None,
                         "candidates": [[str(q), float(s)] for q, s in link.get("candidates", [])]})
    if doc_id is None:
        doc_id = doc.user_data.get("arabnews.id", "")
    return {"id": doc_id, "text": text, "body": [_span_obj(text, r) for r in _complement(boilerplate, len(text))],
            "boilerplate": boilerplate, "quotes": quotes, "entities": entities}


def record_to_doc(nlp: Language, record: dict) -> Doc:
    """A reference Doc for ``record``: ``doc.ents`` (overlaps dropped), ``spans["quotes"]`` with their records,
    ``spans["boilerplate"]``; the record itself in ``doc.user_data["arabnews.gold"]`` for lossless scoring."""
    install_extensions()
    doc = nlp.make_doc(record["text"])
    text = record["text"]

    def span(s: int, e: int, label: str = ""):
        return doc.char_span(s, e, label=label, alignment_mode="expand") if e > s else None

    ents = []
    for ent in record.get("entities") or []:
        sp = span(ent["start"], ent["end"], ent.get("label") or "")
        if sp is not None and len(sp):
            sp.kb_id_ = ent.get("qid") or ""
            ents.append(sp)
    doc.ents = filter_spans(ents)
    doc.spans[BOILERPLATE_KEY] = [sp for b in record.get("boilerplate") or []
                                  if (sp := span(b["start"], b["end"], b.get("label") or "")) is not None]
    quote_spans = []
    for quote in record.get("quotes") or []:
        content = sorted((c["start"], c["end"]) for c in quote["content"])
        sp = span(content[0][0], max(e for _, e in content), quote["type"].upper())
        if sp is None:
            continue
        quote_spans.append((sp, quote, content))
    doc.spans[QUOTES_KEY] = [sp for sp, _, _ in quote_spans]
    for sp, quote, content in quote_spans:
        cue, speaker = quote.get("cue"), quote.get("speaker")
        set_quote_info(sp, {
            "type": quote["type"].upper(), "fragments": [list(c) for c in content],
            "cue": [cue["start"], cue["end"]] if cue else None,
            "speaker": [speaker["start"], speaker["end"]] if speaker else None,
            "speaker_kb_id": quote.get("speaker_qid") or "", "speaker_name": quote.get("speaker_name") or "",
            "anonymous": bool(quote.get("anonymous")),
        })
    doc.user_data[GOLD_KEY] = json.loads(json.dumps({**record, "text": text}))
    return doc


def examples_from_gold(nlp: Language, records: Iterable[dict]) -> list[Example]:
    """spaCy Examples (predicted = untagged ``nlp.make_doc``) for ``nlp.evaluate(examples)``."""
    return [Example(nlp.make_doc(r["text"]), record_to_doc(nlp, r)) for r in records]


def _example_records(examples: Iterable[Example]) -> tuple[list[dict], list[dict]]:
    gold, pred = [], []
    for i, eg in enumerate(examples):
        ref = eg.reference.user_data.get(GOLD_KEY) or doc_to_record(eg.reference, str(i))
        gold.append({**ref, "id": str(i)})
        pred.append(doc_to_record(eg.predicted, str(i)))
    return gold, pred


# ------------------------------------------------------------------------------------------------ helpers
def prf(tp_p: float, n_pred: float, n_gold: float, tp_r: float | None = None) -> dict[str, float]:
    """Precision = tp_p / n_pred, recall = tp_r / n_gold (tp_r defaults to tp_p), F1 their harmonic mean.

    An empty denominator gives 0.0 (not 1.0): "nothing predicted" scores nothing, as in citron and spaCy."""
    tp_r = tp_p if tp_r is None else tp_r
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "n_pred": n_pred, "n_gold": n_gold}


def _chars(ranges: Iterable[dict | None]) -> set[int]:
    out: set[int] = set()
    for r in ranges:
        if r:
            out.update(range(r["start"], r["end"]))
    return out


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _token_ids(tokens: list[tuple[int, int]], ranges: Iterable[dict | None]) -> set[int]:
    """Indices of the tokens that share at least one character with ``ranges``."""
    from bisect import bisect_left, bisect_right

    ends = [e for _, e in tokens]
    starts = [s for s, _ in tokens]
    out: set[int] = set()
    for r in ranges:
        if not r or r["end"] <= r["start"]:
            continue
        lo = bisect_right(ends, r["start"])  # first token ending after the range start
        hi = bisect_left(starts, r["end"])  # first token starting at/after the range end
        out.update(range(lo, hi))
    return out


def _complement(spans: Iterable[dict], length: int) -> list[list[int]]:
    ranges, pos = [], 0
    for s, e in sorted((x["start"], x["end"]) for x in spans):
        if s > pos:
            ranges.append([pos, s])
        pos = max(pos, e)
    if pos < length:
        ranges.append([pos, length])
    return ranges


def _overlaps(a: dict | None, b: dict | None) -> bool:
    return bool(a and b and a["start"] < b["end"] and b["start"] < a["end"])


def _same_span(a: dict | None, b: dict | None) -> bool:
    return bool(a and b and a["start"] == b["start"] and a["end"] == b["end"])


def _norm_name(name: Any) -> str:
    return " ".join(str(name or "").casefold().split())


def _norm_mention(text: str) -> str:
    from .normalize import normalize

    return " ".join(normalize(text).split())


def speaker_mention_match(gold: dict, pred: dict, text: str = "") -> bool:
    """The predicted speaker names the same source as the gold one, ignoring QIDs: the speaker spans share a
    character; or, after ``arabnews.normalize``, the words of one mention end the other (same text, or
    "زيلينسكي" vs "الرئيس الأوكراني فولوديمير زيلينسكي" elsewhere; the last word has at least 3 letters); or the
    (casefolded) speaker names are equal.
    A gold quote without a speaker matches only a prediction without one."""
    g, p = gold.get("speaker"), pred.get("speaker")
    if g is None or p is None:
        return g is None and p is None
    if _overlaps(g, p):
        return True
    g_words = _norm_mention(g.get("text") or text[g["start"]:g["end"]]).split()
    p_words = _norm_mention(p.get("text") or text[p["start"]:p["end"]]).split()
    short, long_ = sorted((g_words, p_words), key=len)
    if short and len(short[-1]) >= 3 and long_[len(long_) - len(short):] == short:
        return True
    g_name, p_name = _norm_name(gold.get("speaker_name")), _norm_name(pred.get("speaker_name"))
    return bool(g_name) and g_name == p_name


def speaker_entity_match(gold: dict, pred: dict, text: str = "") -> bool:
    """The "right speaker entity" of the strict end-to-end score.

    * gold ``speaker_qid`` set: the predicted ``speaker_qid`` is that same QID (nothing else counts);
    * gold ``speaker_qid`` null: :func:`speaker_mention_match` (span overlap, same normalised mention, or same
      speaker name)."""
    if gold.get("speaker_qid"):
        return pred.get("speaker_qid") == gold["speaker_qid"]
    return speaker_mention_match(gold, pred, text)


def _greedy(pairs: list[tuple[tuple, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching: best key first, each gold and each prediction used once."""
    pairs.sort(key=lambda x: x[0], reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def match_quotes(gold_quotes: Sequence[dict], pred_quotes: Sequence[dict], threshold: float) -> list[tuple[int, int]]:
    """Gender-Gap-Tracker matching: a (gold, pred) pair is eligible when the predicted content covers MORE than
    ``threshold`` of the gold content's characters; pairs are taken greedily, highest coverage first (ties: the
    larger share of the prediction inside the gold, then text order), each quote used at most once."""
    g_chars = [_chars(q["content"]) for q in gold_quotes]
    p_chars = [_chars(q["content"]) for q in pred_quotes]
    pairs = []
    for gi, gc in enumerate(g_chars):
        if not gc:
            continue
        for pi, pc in enumerate(p_chars):
            inter = len(gc & pc)
            coverage = inter / len(gc)
            if inter and coverage > threshold:
                pairs.append(((coverage, inter / len(pc), -gi, -pi), gi, pi))
    return _greedy(pairs)


def _align_by_cue(gold_quotes: Sequence[dict], pred_quotes: Sequence[dict]) -> list[tuple[int, int]]:
    """citron alignment: quotes whose cues share characters, one-to-one, most shared characters first (ties:
    the most shared content characters)."""
    pairs = []
    g_content = [_chars(q["content"]) for q in gold_quotes]
    p_content = [_chars(q["content"]) for q in pred_quotes]
    for gi, g in enumerate(gold_quotes):
        for pi, p in enumerate(pred_quotes):
            if _overlaps(g.get("cue"), p.get("cue")):
                cue_inter = len(_chars([g["cue"]]) & _chars([p["cue"]]))
                pairs.append(((cue_inter, len(g_content[gi] & p_content[pi]), -gi, -pi), gi, pi))
    return _greedy(pairs)


def _qtype(quote: dict) -> str:
    return str(quote.get("type", "")).lower()


def _by_type(counts: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {t: prf(c["tp_p"], c["n_pred"], c["n_gold"], c["tp_r"]) for t, c in counts.items()}


def _pair_docs(gold: Sequence[dict], pred: Sequence[dict]) -> list[tuple[dict, dict]]:
    """Gold and predicted records paired by ``id`` (a gold document without prediction scores as empty)."""
    by_id = {str(p.get("id")): p for p in pred}
    out = []
    for g in gold:
        p = by_id.get(str(g.get("id")))
        if p is None:
            p = {"id": g.get("id"), "text": g["text"], "quotes": [], "entities": [], "boilerplate": []}
        out.append((g, p))
    return out


# ------------------------------------------------------------------------------------------------ quotes
def _new_counts() -> dict[str, dict[str, float]]:
    return {t: {"tp_p": 0, "tp_r": 0, "n_pred": 0, "n_gold": 0} for t in ("all", *QUOTE_TYPES)}


def score_quotes(gold: Sequence[dict], pred: Sequence[dict]) -> dict[str, Any]:
    """Quote scores of ``pred`` against ``gold`` (records paired by ``id``).

    Returns ``{"n_docs", "n_gold", "n_pred", "ggt": {"0.3": {type: block}, "0.8": {...}}, "citron": {"cue" |
    "source" | "content": {"exact" | "overlap": {type: block}}}, "e2e": {type: block}}`` where ``type`` is
    ``all`` or a quote type and a block has ``p``, ``r``, ``f``, ``n_pred``, ``n_gold`` (+ accuracies for GGT).

    By type: recall over the gold quotes of that type, precision over the predicted quotes of that type; the
    matching itself ignores types (a direct quote predicted as mixed is matched, and counted in ``type_acc``).
    """
    ggt = {t: _new_counts() for t in THRESHOLDS}
    acc = {t: {typ: {"speaker": 0, "speaker_mention": 0, "cue": 0, "type": 0, "matched": 0}
               for typ in ("all", *QUOTE_TYPES)} for t in THRESHOLDS}
    e2e = _new_counts()
    citron_exact = {k: _new_counts() for k in ("cue", "source", "content")}
    citron_overlap = {k: _new_counts() for k in ("cue", "source", "content")}
    n_docs = n_gold = n_pred = 0

    for g_rec, p_rec in _pair_docs(gold, pred):
        n_docs += 1
        text = g_rec["text"]
        gq, pq = list(g_rec.get("quotes") or []), list(p_rec.get("quotes") or [])
        n_gold += len(gq)
        n_pred += len(pq)
        g_types, p_types = [_qtype(q) for q in gq], [_qtype(q) for q in pq]
        for counts in [*ggt.values(), e2e, *citron_exact.values()]:
            for typ in ("all", *QUOTE_TYPES):
                counts[typ]["n_gold"] += sum(1 for t in g_types if typ in ("all", t))
                counts[typ]["n_pred"] += sum(1 for t in p_types if typ in ("all", t))

        def credit(counts, gi, pi, g_types=g_types, p_types=p_types):
            for typ in {"all", g_types[gi]} & counts.keys():
                counts[typ]["tp_r"] += 1
            for typ in {"all", p_types[pi]} & counts.keys():
                counts[typ]["tp_p"] += 1

        for threshold in THRESHOLDS:
            for gi, pi in match_quotes(gq, pq, threshold):
                credit(ggt[threshold], gi, pi)
                entity_ok = speaker_entity_match(gq[gi], pq[pi], text)
                for typ in {"all", g_types[gi]}:
                    if typ not in acc[threshold]:
                        continue
                    a = acc[threshold][typ]
                    a["matched"] += 1
                    a["speaker"] += entity_ok
                    a["speaker_mention"] += speaker_mention_match(gq[gi], pq[pi], text)
                    a["cue"] += _overlaps(gq[gi].get("cue"), pq[pi].get("cue"))
                    a["type"] += g_types[gi] == p_types[pi]
                if threshold == 0.8 and entity_ok:
                    credit(e2e, gi, pi)

        # citron/PARC: exact spans on quotes aligned by their cues; token overlap of each part.
        for gi, pi in _align_by_cue(gq, pq):
            g, p = gq[gi], pq[pi]
            if _same_span(g.get("cue"), p.get("cue")):
                credit(citron_exact["cue"], gi, pi)
            no_speakers = g.get("speaker") is None and p.get("speaker") is None
            if no_speakers or _same_span(g.get("speaker"), p.get("speaker")):
                credit(citron_exact["source"], gi, pi)
            if sorted((c["start"], c["end"]) for c in g["content"]) == sorted(
                    (c["start"], c["end"]) for c in p["content"]):
                credit(citron_exact["content"], gi, pi)
        tokens = _tokens(text)
        for part, key in (("cue", "cue"), ("source", "speaker"), ("content", "content")):
            def parts(quotes, key=key):
                return [q[key] if key == "content" else [q.get(key)] for q in quotes]

            g_sets = [_token_ids(tokens, x) for x in parts(gq)]
            p_sets = [_token_ids(tokens, x) for x in parts(pq)]
            g_all, p_all = set().union(*g_sets), set().union(*p_sets)
            counts = citron_overlap[part]
            for typ in ("all", *QUOTE_TYPES):
                g_t = set().union(*(s for s, t in zip(g_sets, g_types) if typ in ("all", t)))
                p_t = set().union(*(s for s, t in zip(p_sets, p_types) if typ in ("all", t)))
                counts[typ]["tp_r"] += len(g_t & p_all)
                counts[typ]["tp_p"] += len(p_t & g_all)
                counts[typ]["n_gold"] += len(g_t)
                counts[typ]["n_pred"] += len(p_t)

    def with_acc(threshold):
        out = _by_type(ggt[threshold])
        for typ, a in acc[threshold].items():
            m = a["matched"]
            out[typ].update({"matched": m, "speaker_acc": a["speaker"] / m if m else 0.0,
                             "speaker_mention_acc": a["speaker_mention"] / m if m else 0.0,
                             "cue_acc": a["cue"] / m if m else 0.0, "type_acc": a["type"] / m if m else 0.0})
        return out

    return {
        "n_docs": n_docs, "n_gold": n_gold, "n_pred": n_pred,
        "ggt": {str(t): with_acc(t) for t in THRESHOLDS},
        "citron": {part: {"exact": _by_type(citron_exact[part]), "overlap": _by_type(citron_overlap[part])}
                   for part in ("cue", "source", "content")},
        "e2e": _by_type(e2e),
    }


# ------------------------------------------------------------------------------------------------ linking
def score_linking(gold: Sequence[dict], pred: Sequence[dict], ks: Sequence[int] = RECALL_AT) -> dict[str, Any]:
    """Entity scores of ``pred`` against ``gold`` (records paired by ``id``).

    * ``mentions``: exact (start, end) match; ``mentions_labelled``: and the same label;
    * ``links``: (start, end, QID) over the gold mentions that have a QID and the predicted mentions that have one;
    * ``links_known``: the same, not counting predicted links on mentions whose gold QID is null (unknown to the
      annotators) as errors;
    * ``doc_qids``: the set of QIDs of each document (position ignored — "is X mentioned in this article");
    * ``candidates``: recall@k of ``candidates`` over the gold mentions with a QID (``recall@k``), and over those
      whose span the prediction found (``recall@k_found``); absent (None) when no prediction has candidates.
    """
    c = {k: {"tp": 0, "n_pred": 0, "n_gold": 0} for k in ("mentions", "mentions_labelled", "links", "links_known",
                                                           "doc_qids")}
    hits = {k: 0 for k in ks}
    n_found = 0
    any_candidates = False
    for g_rec, p_rec in _pair_docs(gold, pred):
        g_ents, p_ents = g_rec.get("entities") or [], p_rec.get("entities") or []
        g_spans = {(e["start"], e["end"]) for e in g_ents}
        p_spans = {(e["start"], e["end"]) for e in p_ents}
        g_lab = {(e["start"], e["end"], e.get("label")) for e in g_ents}
        p_lab = {(e["start"], e["end"], e.get("label")) for e in p_ents}
        g_links = {(e["start"], e["end"], e["qid"]) for e in g_ents if e.get("qid")}
        p_links = {(e["start"], e["end"], e["qid"]) for e in p_ents if e.get("qid")}
        unknown = {(e["start"], e["end"]) for e in g_ents if not e.get("qid")}
        p_known = {x for x in p_links if (x[0], x[1]) not in unknown}
        g_qids = {e["qid"] for e in g_ents if e.get("qid")}
        p_qids = {e["qid"] for e in p_ents if e.get("qid")}
        for key, gs, ps in (("mentions", g_spans, p_spans), ("mentions_labelled", g_lab, p_lab),
                            ("links", g_links, p_links), ("links_known", g_links, p_known),
                            ("doc_qids", g_qids, p_qids)):
            c[key]["tp"] += len(gs & ps)
            c[key]["n_pred"] += len(ps)
            c[key]["n_gold"] += len(gs)
        p_by_span = {(e["start"], e["end"]): e for e in p_ents}
        for e in g_ents:
            if not e.get("qid"):
                continue
            p = p_by_span.get((e["start"], e["end"]))
            if p is None:
                continue
            n_found += 1
            cands = [str(q) for q, _ in (p.get("candidates") or [])]
            any_candidates = any_candidates or bool(cands)
            for k in ks:
                hits[k] += e["qid"] in cands[:k]
    out: dict[str, Any] = {k: prf(v["tp"], v["n_pred"], v["n_gold"]) for k, v in c.items()}
    n_gold_links = c["links"]["n_gold"]
    out["candidates"] = None if not any_candidates else {
        **{f"recall@{k}": hits[k] / n_gold_links if n_gold_links else 0.0 for k in ks},
        **{f"recall@{k}_found": hits[k] / n_found if n_found else 0.0 for k in ks},
        "n_gold": n_gold_links, "n_found": n_found,
    }
    return out


# ------------------------------------------------------------------------------------------------ boilerplate
def _body_tokens(rec: dict, tokens: list[tuple[int, int]]) -> set[int]:
    ranges = rec.get("body")
    if ranges is None:
        ranges = [{"start": s, "end": e} for s, e in _complement(rec.get("boilerplate") or [], len(rec["text"]))]
    return _token_ids(tokens, ranges)


def score_boilerplate(gold: Sequence[dict], pred: Sequence[dict]) -> dict[str, Any]:
    """Token P/R/F1 of the body (``body``) and of the boilerplate (``boilerplate``), micro over documents.

    A token (see ``_TOKEN``) is body when it shares a character with a ``body`` range of the record; records
    without ``body`` take the text minus their ``boilerplate`` spans."""
    c = {k: {"tp": 0, "n_pred": 0, "n_gold": 0} for k in ("body", "boilerplate")}
    for g_rec, p_rec in _pair_docs(gold, pred):
        tokens = _tokens(g_rec["text"])
        everything = set(range(len(tokens)))

        g_body, p_body = _body_tokens(g_rec, tokens), _body_tokens(p_rec, tokens)
        for key, gs, ps in (("body", g_body, p_body), ("boilerplate", everything - g_body, everything - p_body)):
            c[key]["tp"] += len(gs & ps)
            c[key]["n_pred"] += len(ps)
            c[key]["n_gold"] += len(gs)
    return {k: prf(v["tp"], v["n_pred"], v["n_gold"]) for k, v in c.items()}


def score_all(gold: Sequence[dict], pred: Sequence[dict]) -> dict[str, Any]:
    """:func:`score_quotes`, :func:`score_linking` and :func:`score_boilerplate` in one dict."""
    return {"quotes": score_quotes(gold, pred), "linking": score_linking(gold, pred),
            "boilerplate": score_boilerplate(gold, pred)}


# ------------------------------------------------------------------------------------------------ pipeline
def predict_records(nlp: Language, gold: Sequence[dict], *, batch_size: int = 16) -> list[dict]:
    """Run ``nlp`` over the gold texts and return the predicted records (same ids)."""
    texts = ((g["text"], g["id"]) for g in gold)
    return [doc_to_record(doc, doc_id) for doc, doc_id in nlp.pipe(texts, as_tuples=True, batch_size=batch_size)]


def evaluate_pipeline(nlp: Language, paths: Sequence[str | Path]) -> dict[str, Any]:
    """Every score of ``nlp`` on the gold files ``paths`` (read with :func:`read_gold`)."""
    gold = read_gold(*paths)
    pred = predict_records(nlp, gold)
    return {"gold": [str(p) for p in paths], "pipeline": list(nlp.pipe_names), "n_docs": len(gold),
            **score_all(gold, pred)}


# ------------------------------------------------------------------------------------------------ spaCy scorers
def flatten(scores: dict[str, Any], prefix: str) -> dict[str, float]:
    """``{"a": {"b": 0.5}}`` -> ``{"prefix_a_b": 0.5}`` (numbers only; for nlp.evaluate)."""
    out: dict[str, float] = {}
    for key, value in scores.items():
        name = f"{prefix}_{key}".replace(".", "")
        if isinstance(value, dict):
            out.update(flatten(value, name))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def quote_prf(examples: Iterable[Example], **_: Any) -> dict[str, float]:
    """spaCy scorer: the headline quote scores, ``quotes_f`` (GGT >80% F1) first; reusable by components."""
    gold, pred = _example_records(examples)
    s = score_quotes(gold, pred)
    out = {"quotes_f": s["ggt"]["0.8"]["all"]["f"], "quotes_p": s["ggt"]["0.8"]["all"]["p"],
           "quotes_r": s["ggt"]["0.8"]["all"]["r"], "quotes_f_30": s["ggt"]["0.3"]["all"]["f"],
           "quotes_speaker_acc": s["ggt"]["0.3"]["all"]["speaker_acc"],
           "quotes_cue_acc": s["ggt"]["0.3"]["all"]["cue_acc"], "quotes_e2e_f": s["e2e"]["all"]["f"]}
    for part in ("cue", "source", "content"):
        out[f"quotes_{part}_exact_f"] = s["citron"][part]["exact"]["all"]["f"]
        out[f"quotes_{part}_overlap_f"] = s["citron"][part]["overlap"]["all"]["f"]
    for typ in QUOTE_TYPES:
        out[f"quotes_{typ}_f"] = s["ggt"]["0.8"][typ]["f"]
    return out


def linking_prf(examples: Iterable[Example], **_: Any) -> dict[str, float]:
    """spaCy scorer: ``links_f`` (span + QID), mentions and recall@k."""
    gold, pred = _example_records(examples)
    s = score_linking(gold, pred)
    out = {"links_p": s["links"]["p"], "links_r": s["links"]["r"], "links_f": s["links"]["f"],
           "links_known_f": s["links_known"]["f"], "mentions_f": s["mentions"]["f"],
           "doc_qids_f": s["doc_qids"]["f"]}
    if s["candidates"]:
        out.update({f"candidates_{k.replace('@', '_at_')}": v for k, v in s["candidates"].items()
                    if k.startswith("recall")})
    return out


def boilerplate_prf(examples: Iterable[Example], **_: Any) -> dict[str, float]:
    """spaCy scorer: ``body_f`` (body tokens) and ``boilerplate_f`` (boilerplate tokens)."""
    gold, pred = _example_records(examples)
    s = score_boilerplate(gold, pred)
    return {"body_p": s["body"]["p"], "body_r": s["body"]["r"], "body_f": s["body"]["f"],
            "boilerplate_p": s["boilerplate"]["p"], "boilerplate_r": s["boilerplate"]["r"],
            "boilerplate_f": s["boilerplate"]["f"]}


@registry.scorers("arabnews.eval.quote_prf.v1")
def make_quote_scorer():
    return quote_prf


@registry.scorers("arabnews.eval.linking_prf.v1")
def make_linking_scorer():
    return linking_prf


@registry.scorers("arabnews.eval.boilerplate_prf.v1")
def make_boilerplate_scorer():
    return boilerplate_prf


# ------------------------------------------------------------------------------------------------ printing
def _row(name: str, block: dict | None, extra: Sequence[str] = ()) -> str:
    if not block:
        return f"{name:24} {'—':>6}"
    cells = [f"{name:24}", f"{block['p']:6.1%}", f"{block['r']:6.1%}", f"{block['f']:6.1%}",
             f"{int(block['n_gold']):>6}", f"{int(block['n_pred']):>6}"]
    cells += [f"{block[k]:8.1%}" if k in block else f"{'':8}" for k in extra]
    return " ".join(cells)


def format_report(scores: dict[str, Any]) -> str:
    """The scores as plain-text tables (what ``python -m arabnews evaluate`` prints)."""
    lines: list[str] = []
    head = f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"
    q = scores["quotes"]
    lines.append(f"documents: {q['n_docs']}, gold quotes: {q['n_gold']}, predicted quotes: {q['n_pred']}")
    if scores.get("pipeline") is not None:
        lines.append(f"pipeline: {', '.join(scores['pipeline'])}")
    accs = ("speaker_acc", "speaker_mention_acc", "cue_acc", "type_acc")
    for t in ("0.3", "0.8"):
        lines.append(f"\nQUOTES, Gender-Gap-Tracker scheme (coverage of gold characters > {float(t):.0%})")
        lines.append(head + " " + " ".join(f"{a.replace('_acc', '').replace('speaker_', 'spk_')[:8]:>8}"
                                           for a in accs))
        for typ in ("all", *QUOTE_TYPES):
            lines.append(_row(typ, q["ggt"][t][typ], accs))
    lines.append("\nQUOTES, citron/PARC scheme (exact: spans identical, on quotes aligned by cue; "
                 "overlap: tokens)")
    lines.append(head)
    for part in ("cue", "source", "content"):
        for kind in ("exact", "overlap"):
            lines.append(_row(f"{part} {kind}", q["citron"][part][kind]["all"]))
            for typ in QUOTE_TYPES:
                lines.append(_row(f"  {typ}", q["citron"][part][kind][typ]))
    lines.append("\nQUOTES, strict end-to-end (coverage > 80% AND right speaker entity)")
    lines.append(head)
    for typ in ("all", *QUOTE_TYPES):
        lines.append(_row(typ, q["e2e"][typ]))
    lk = scores["linking"]
    lines.append("\nLINKING")
    lines.append(head)
    for key in ("mentions", "mentions_labelled", "links", "links_known", "doc_qids"):
        lines.append(_row(key, lk[key]))
    if lk.get("candidates"):
        lines.append("candidate recall: " + ", ".join(f"{k} {v:.1%}" for k, v in lk["candidates"].items()
                                                      if k.startswith("recall")))
    else:
        lines.append("candidate recall: no predicted entity has candidates")
    bp = scores["boilerplate"]
    lines.append("\nBOILERPLATE (tokens)")
    lines.append(head)
    for key in ("body", "boilerplate"):
        lines.append(_row(key, bp[key]))
    return "\n".join(lines)
