"""arabnews.evaluation: scorers on hand-made gold/prediction pairs (expected numbers worked out by hand in the
comments), the gold reader, nlp.evaluate through the shared scorers, and `python -m arabnews evaluate`.

Texts are sentences of the seed article (seeds/000_f3cf03ad0fd9bf49.txt)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from conftest import SEED_ID, SEEDS
from spacy.language import Language
from spacy.training import Example

from arabnews import evaluation as ev

S1 = 'وقال ستولتنبرغ خلال مؤتمر صحفي في كييف مع الرئيس الأوكراني فولوديمير زيلينسكي، إن "أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى".'  # noqa: E501
C1 = "أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى"  # 54 characters
S2 = 'من جانبه، أكد زيلينسكي أن انضمام كييف إلى الحلف "مسألة وقت".'
C2 = 'انضمام كييف إلى الحلف "مسألة وقت"'  # 33 characters, 8 tokens: انضمام كييف إلى الحلف " مسألة وقت "
S3 = 'وقال زيلينسكي في مؤتمر صحفي مشترك مع ستولتنبرغ "إنها مسألة وقت، قبل أن تصبح أوكرانيا عضوا قانونيا في الحلف".'


def sp(text: str, sub: str, nth: int = 0) -> dict:
    """Span object of the nth occurrence of ``sub`` in ``text`` (test-side helper, not the code under test)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "text": sub}


def quote(text, content, cue, speaker, qtype="direct", qid=None, name="", anonymous=False):
    contents = [content] if isinstance(content, str) else content
    return {"type": qtype, "content": [sp(text, c) for c in contents], "cue": sp(text, cue) if cue else None,
            "speaker": sp(text, speaker) if speaker else None, "speaker_name": name, "speaker_qid": qid,
            "anonymous": anonymous}


def rec(text, quotes=(), entities=(), body=None, boilerplate=(), doc_id="d"):
    r = {"id": doc_id, "text": text, "quotes": list(quotes), "entities": list(entities),
         "boilerplate": list(boilerplate)}
    if body is not None:
        r["body"] = body
    return r


def test_fixture_lengths_used_in_the_hand_computations():
    assert (len(C1), len(C2)) == (54, 33)
    assert C1 in S1 and C2 in S2


# ---------------------------------------------------------------- GGT matching thresholds
# gold content C1 (54 chars); coverage = shared characters / 54; a pair is matched when coverage is MORE than t.
@pytest.mark.parametrize("pred_content, at_30, at_80", [
    (C1, True, True),                                            # 54/54
    ("أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت", True, True),  # 50/54 = 0.93
    ("أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي", True, False),    # 40/54 = 0.74
    ("أوكرانيا حاليا أقرب", True, False),                        # 19/54 = 0.35
    ("أوكرانيا", False, False),                                  # 8/54 = 0.15
    ("وقال ستولتنبرغ", False, False),                            # no shared character
    (S1, True, True),                                            # a too-long prediction still covers all of gold
])
def test_ggt_coverage_thresholds(pred_content, at_30, at_80):
    gold = [quote(S1, C1, "وقال", "ستولتنبرغ")]
    pred = [quote(S1, pred_content, "وقال", "ستولتنبرغ")]
    assert bool(ev.match_quotes(gold, pred, 0.3)) is at_30
    assert bool(ev.match_quotes(gold, pred, 0.8)) is at_80


@pytest.mark.parametrize("pred_content, at_30, at_80", [
    ("إنه", False, False),       # 3/10 = 0.30 exactly: not more than 30%
    ("إنها", True, False),       # 4/10
    ("إنها مسأ", True, False),   # 8/10 = 0.80 exactly: not more than 80%
    ("إنها مسأل", True, True),   # 9/10
])
def test_ggt_thresholds_are_strict(pred_content, at_30, at_80):
    gold = [quote(S3, "إنها مسألة", "وقال", "زيلينسكي")]  # 10 characters
    pred = [quote(S3, pred_content, "وقال", "زيلينسكي")]
    assert bool(ev.match_quotes(gold, pred, 0.3)) is at_30
    assert bool(ev.match_quotes(gold, pred, 0.8)) is at_80


def test_greedy_matching_is_one_to_one():
    # two gold quotes inside one long predicted span: only one of them can be matched
    text = S1 + "\n\n" + S2
    gold = [quote(text, C1, "وقال", "ستولتنبرغ"), quote(text, C2, "أكد", "زيلينسكي", "mixed")]
    pred = [{"type": "direct", "content": [{"start": sp(text, C1)["start"], "end": sp(text, C2)["end"]}],
             "cue": None, "speaker": None, "speaker_name": "", "speaker_qid": None, "anonymous": False}]
    s = ev.score_quotes([rec(text, gold)], [rec(text, pred)])["ggt"]["0.8"]["all"]
    assert (s["p"], s["r"]) == (1.0, 0.5)        # 1 of 1 predicted, 1 of 2 gold
    assert s["f"] == pytest.approx(2 / 3)        # 2 * 1 * 0.5 / 1.5


def test_greedy_prefers_the_higher_coverage_pair():
    # pred A covers 19/54 of C1, pred B all 54/54: B takes C1, A is left unmatched (precision 1/2)
    gold = [quote(S1, C1, "وقال", "ستولتنبرغ")]
    pred = [quote(S1, "أوكرانيا حاليا أقرب", "وقال", "ستولتنبرغ"), quote(S1, C1, "وقال", "ستولتنبرغ")]
    assert ev.match_quotes(gold, pred, 0.3) == [(0, 1)]


# ---------------------------------------------------------------- speakers
TEXT_SP = S1 + "\n\n" + S3
G_STOLT = quote(TEXT_SP, C1, "وقال", "ستولتنبرغ", name="Jens Stoltenberg")  # gold QID null
G_ZEL = quote(TEXT_SP, "إنها مسألة وقت", "وقال", "زيلينسكي", qid="Q3874799", name="Volodymyr Zelensky")


def _pred_speaker(start_text, nth=0, qid=None, name=""):
    q = dict(G_STOLT)
    q.update(speaker=sp(TEXT_SP, start_text, nth), speaker_qid=qid, speaker_name=name)
    return q


@pytest.mark.parametrize("gold, pred, entity_ok, mention_ok", [
    # gold has a QID: only the same QID counts for the entity
    (G_ZEL, {**G_ZEL, "speaker_qid": "Q3874799"}, True, True),
    (G_ZEL, {**G_ZEL, "speaker_qid": None}, False, True),          # right mention, not linked
    (G_ZEL, {**G_ZEL, "speaker_qid": "Q185"}, False, True),        # right mention, wrong QID
    # gold QID null: span overlap, same normalised mention, or same name
    (G_STOLT, _pred_speaker("ستولتنبرغ", 0), True, True),          # the same span
    (G_STOLT, _pred_speaker("ستولتنبرغ", 1), True, True),          # another mention, same text
    (G_STOLT, _pred_speaker("زيلينسكي", 0, name="Jens Stoltenberg"), True, True),  # same English name
    (G_STOLT, _pred_speaker("زيلينسكي", 0, name="Volodymyr Zelensky"), False, False),
    (G_STOLT, _pred_speaker("الرئيس الأوكراني", 0), False, False),
    # the surname alone vs the full mention with title, elsewhere in the text: one ends the other
    ({**G_ZEL, "speaker_qid": None, "speaker": sp(TEXT_SP, "زيلينسكي", 1)},
     {**G_ZEL, "speaker_qid": None, "speaker": sp(TEXT_SP, "الرئيس الأوكراني فولوديمير زيلينسكي")}, True, True),
    (G_STOLT, {**G_STOLT, "speaker": None}, False, False),         # no predicted speaker
])
def test_speaker_match_rules(gold, pred, entity_ok, mention_ok):
    assert ev.speaker_entity_match(gold, pred, TEXT_SP) is entity_ok
    assert ev.speaker_mention_match(gold, pred, TEXT_SP) is mention_ok


def test_end_to_end_needs_match_and_right_speaker():
    gold = [G_STOLT, G_ZEL]
    # both quotes found exactly; Zelensky's linked to a wrong QID -> 1 of 2 end-to-end
    pred = [dict(G_STOLT), {**G_ZEL, "speaker_qid": "Q185"}]
    s = ev.score_quotes([rec(TEXT_SP, gold)], [rec(TEXT_SP, pred)])
    assert s["ggt"]["0.8"]["all"]["f"] == 1.0
    assert s["ggt"]["0.8"]["all"]["speaker_acc"] == 0.5
    assert s["ggt"]["0.8"]["all"]["speaker_mention_acc"] == 1.0
    assert (s["e2e"]["all"]["p"], s["e2e"]["all"]["r"]) == (0.5, 0.5)


# ---------------------------------------------------------------- by type
def test_by_type_recall_over_gold_type_precision_over_predicted_type():
    gold = [quote(S1, C1, "وقال", "ستولتنبرغ", "direct")]
    pred = [quote(S1, C1, "وقال", "ستولتنبرغ", "mixed")]  # found, wrong type
    s = ev.score_quotes([rec(S1, gold)], [rec(S1, pred)])["ggt"]["0.8"]
    assert (s["direct"]["r"], s["direct"]["n_pred"]) == (1.0, 0)  # the gold direct quote is found
    assert (s["mixed"]["p"], s["mixed"]["n_gold"]) == (1.0, 0)    # the predicted mixed quote is right
    assert s["all"]["f"] == 1.0 and s["all"]["type_acc"] == 0.0


# ---------------------------------------------------------------- citron / PARC
def test_citron_exact_and_token_overlap():
    gold = [quote(S2, C2, "أكد", "زيلينسكي", "mixed")]
    # cue right, speaker right, content misses the last 3 tokens (مسألة وقت ") and adds none
    pred = [quote(S2, 'انضمام كييف إلى الحلف "', "أكد", "زيلينسكي", "mixed")]
    s = ev.score_quotes([rec(S2, gold)], [rec(S2, pred)])["citron"]
    assert s["cue"]["exact"]["all"]["f"] == 1.0
    assert s["source"]["exact"]["all"]["f"] == 1.0
    assert s["content"]["exact"]["all"]["f"] == 0.0
    content = s["content"]["overlap"]["all"]
    assert (content["n_gold"], content["n_pred"]) == (8, 5)  # gold 8 tokens, predicted 5
    assert (content["p"], content["r"]) == (1.0, 5 / 8)


def test_citron_needs_overlapping_cues():
    gold = [quote(S2, C2, "أكد", "زيلينسكي", "mixed")]
    pred = [quote(S2, C2, None, "زيلينسكي", "mixed")]  # no cue: not aligned, nothing exact
    s = ev.score_quotes([rec(S2, gold)], [rec(S2, pred)])
    assert s["citron"]["content"]["exact"]["all"]["f"] == 0.0
    assert s["citron"]["content"]["overlap"]["all"]["f"] == 1.0  # token overlap does not need the cue
    assert s["ggt"]["0.8"]["all"]["f"] == 1.0 and s["ggt"]["0.8"]["all"]["cue_acc"] == 0.0


def test_no_predictions_score_zero_not_one():
    s = ev.score_quotes([rec(S2, [quote(S2, C2, "أكد", "زيلينسكي", "mixed")])], [rec(S2)])
    assert s["ggt"]["0.3"]["all"] | {} == {"p": 0.0, "r": 0.0, "f": 0.0, "n_pred": 0, "n_gold": 1, "matched": 0,
                                          "speaker_acc": 0.0, "speaker_mention_acc": 0.0, "cue_acc": 0.0,
                                          "type_acc": 0.0}


def test_missing_prediction_document_counts_as_empty():
    gold = [rec(S2, [quote(S2, C2, "أكد", "زيلينسكي", "mixed")], doc_id="a")]
    assert ev.score_quotes(gold, [])["ggt"]["0.3"]["all"]["r"] == 0.0


# ---------------------------------------------------------------- linking
def _ent(text, sub, label, qid, nth=0, candidates=None):
    e = {**sp(text, sub, nth), "label": label, "name": "", "qid": qid}
    if candidates is not None:
        e["candidates"] = [[q, 1.0] for q in candidates]
    return e


def test_linking_scores():
    t = S1
    gold = [_ent(t, "ستولتنبرغ", "PERSON", "Q57"),            # (QID made up for the test)
            _ent(t, "كييف", "GPE", "Q1899"),
            _ent(t, "فولوديمير زيلينسكي", "PERSON", None)]     # QID unknown to the annotator
    pred = [_ent(t, "ستولتنبرغ", "PERSON", "Q57", candidates=["Q57", "Q1"]),  # right
            _ent(t, "كييف", "LOC", "Q2", candidates=["Q2", "Q3", "Q1899"]),    # span right, label and QID wrong
            _ent(t, "فولوديمير زيلينسكي", "PERSON", "Q3874799"),               # link where gold has none
            _ent(t, "الرئيس", "PERSON", None)]                                  # spurious mention
    s = ev.score_linking([rec(t, entities=gold)], [rec(t, entities=pred)])
    assert (s["mentions"]["p"], s["mentions"]["r"]) == (3 / 4, 3 / 3)
    assert (s["mentions_labelled"]["p"], s["mentions_labelled"]["r"]) == (2 / 4, 2 / 3)
    assert (s["links"]["p"], s["links"]["r"]) == (1 / 3, 1 / 2)        # 3 predicted links, 2 gold links
    assert (s["links_known"]["p"], s["links_known"]["r"]) == (1 / 2, 1 / 2)  # the unknown one is not counted
    assert (s["doc_qids"]["p"], s["doc_qids"]["r"]) == (1 / 3, 1 / 2)
    c = s["candidates"]
    assert (c["recall@1"], c["recall@5"]) == (1 / 2, 2 / 2)  # Q1899 is 3rd of Kyiv's candidates


def test_candidates_absent_when_no_prediction_has_them():
    t = S1
    s = ev.score_linking([rec(t, entities=[_ent(t, "كييف", "GPE", "Q1899")])],
                         [rec(t, entities=[_ent(t, "كييف", "GPE", "Q1899")])])
    assert s["candidates"] is None and s["links"]["f"] == 1.0


# ---------------------------------------------------------------- boilerplate
BP_TEXT = S2 + "\n\nفرانس24/ أ ف ب"  # body S2 = 14 tokens; credit = 6 tokens: فرانس24 / أ ف ب -> 5


def test_boilerplate_token_scores():
    credit = sp(BP_TEXT, "فرانس24/ أ ف ب")
    gold = rec(BP_TEXT, body=[sp(BP_TEXT, S2)], boilerplate=[{**credit, "label": "CREDIT"}])
    # S2 tokens: من جانبه ، أكد زيلينسكي أن انضمام كييف إلى الحلف " مسألة وقت " . = 15; credit: فرانس24 / أ ف ب = 5
    perfect = rec(BP_TEXT, boilerplate=[{**credit, "label": "CREDIT"}])
    nothing = rec(BP_TEXT)
    assert ev.score_boilerplate([gold], [perfect])["body"]["f"] == 1.0
    s = ev.score_boilerplate([gold], [nothing])
    assert (s["body"]["n_gold"], s["body"]["n_pred"], s["body"]["p"]) == (15, 20, 15 / 20)
    assert (s["boilerplate"]["n_gold"], s["boilerplate"]["n_pred"], s["boilerplate"]["f"]) == (5, 0, 0.0)


# ---------------------------------------------------------------- reading gold
def test_seed_gold_reads_and_scores_perfectly_against_itself():
    gold = ev.read_gold(SEEDS / f"{SEED_ID}.gold.jsonl")
    assert len(gold) == 1 and len(gold[0]["quotes"]) == 9
    s = ev.score_all(gold, gold)
    assert s["quotes"]["ggt"]["0.8"]["all"]["f"] == 1.0 and s["quotes"]["e2e"]["all"]["f"] == 1.0
    assert s["quotes"]["citron"]["source"]["exact"]["all"]["f"] == 1.0
    assert s["boilerplate"]["body"]["f"] == 1.0


@pytest.mark.parametrize("mutate, code", [
    (lambda r: r["quotes"][0]["cue"].update(text="قال"), "[E010]"),        # text differs from the offsets
    (lambda r: r["quotes"][0].update(type="quoted"), "[E010]"),            # unknown type
    (lambda r: r["entities"][0].update(end=10**6), "[E010]"),              # outside the text
    (lambda r: r.pop("text"), "[E010]"),
])
def test_broken_gold_is_a_coded_error(tmp_path, seed_gold, mutate, code):
    record = json.loads(json.dumps(seed_gold))
    mutate(record)
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=code.replace("[", r"\[").replace("]", r"\]")):
        ev.read_gold(path)


def test_repeated_id_is_a_coded_error():
    path = SEEDS / f"{SEED_ID}.gold.jsonl"
    with pytest.raises(ValueError, match=r"\[E070\]"):
        ev.read_gold(path, path)


# ---------------------------------------------------------------- spaCy: Examples and nlp.evaluate
@Language.factory("test_oracle_quotes")
def make_oracle(nlp, name):
    """Writes the gold quotes of the seed into the doc (a stand-in for a quote component)."""
    gold = ev.read_gold(SEEDS / f"{SEED_ID}.gold.jsonl")[0]

    class Oracle:
        def __call__(self, doc):
            ref = ev.record_to_doc(nlp, gold)
            doc.spans["quotes"] = [doc.char_span(s.start_char, s.end_char, label=s.label_) for s in
                                   ref.spans["quotes"]]
            for mine, theirs in zip(doc.spans["quotes"], ref.spans["quotes"]):
                mine._.arabnews_quote = dict(theirs._.arabnews_quote)
            return doc

        def score(self, examples, **kwargs):
            return ev.quote_prf(examples)

    return Oracle()


def test_nlp_evaluate_uses_the_shared_quote_scorer():
    nlp = spacy.blank("ar")
    gold = ev.read_gold(SEEDS / f"{SEED_ID}.gold.jsonl")
    examples = ev.examples_from_gold(nlp, gold)
    assert ev.quote_prf(examples)["quotes_f"] == 0.0  # nothing predicted yet
    nlp.add_pipe("test_oracle_quotes")
    scores = nlp.evaluate(examples)
    assert scores["quotes_f"] == 1.0 and scores["quotes_e2e_f"] == 1.0


def test_reference_doc_keeps_the_gold():
    nlp = spacy.blank("ar")
    gold = ev.read_gold(SEEDS / f"{SEED_ID}.gold.jsonl")[0]
    doc = ev.record_to_doc(nlp, gold)
    assert len(doc.spans["quotes"]) == 9
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["CREDIT", "SOURCE", "READ_ALSO", "RELATED"]
    assert ev.doc_to_record(doc)["quotes"][2]["speaker_qid"] == "Q3874799"  # Zelensky
    assert ev.score_all([gold], [ev.doc_to_record(doc, gold["id"])])["quotes"]["citron"]["content"]["exact"][
        "all"]["f"] == 1.0
    assert ev.boilerplate_prf([Example(doc, doc)])["body_f"] == 1.0


def test_registered_scorers():
    from spacy.util import registry

    assert registry.scorers.get("arabnews.eval.quote_prf.v1")() is ev.quote_prf
    assert registry.scorers.get("arabnews.eval.linking_prf.v1")() is ev.linking_prf
    assert registry.scorers.get("arabnews.eval.boilerplate_prf.v1")() is ev.boilerplate_prf


# ---------------------------------------------------------------- command line
def _cli(*args):
    return subprocess.run([sys.executable, "-m", "arabnews", "evaluate", *args], capture_output=True, text=True)


def test_cli_evaluate_pred_file(tmp_path):
    gold = str(SEEDS / f"{SEED_ID}.gold.jsonl")
    out = _cli(gold, "--pred", gold, "--json", str(tmp_path / "s.json"))
    assert out.returncode == 0, out.stderr
    assert "Gender-Gap-Tracker" in out.stdout and "citron" in out.stdout
    scores = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert scores["quotes"]["ggt"]["0.3"]["all"]["f"] == 1.0 and scores["quotes"]["n_gold"] == 9


def test_cli_evaluate_runs_the_pipeline():
    out = _cli(str(SEEDS / f"{SEED_ID}.gold.jsonl"))
    assert out.returncode == 0, out.stderr
    assert "documents: 1, gold quotes: 9" in out.stdout


def test_cli_evaluate_broken_gold(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    out = _cli(str(bad))
    assert out.returncode == 2 and "[E010]" in out.stderr
