"""arabnews.load(), entry points, serialisation and multiprocessing of the whole pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import arabnews
from arabnews.pipeline import available_components
from arabnews.records import doc_to_json


def _annotations(doc: Doc) -> dict:
    record = doc_to_json(doc, "x")
    record["sents"] = [(s.start_char, s.end_char) for s in doc.sents]
    record["paragraphs"] = [(p.start_char, p.end_char) for p in doc._.paragraphs]
    record["span_groups"] = {k: [(s.start_char, s.end_char, s.label_) for s in v] for k, v in doc.spans.items()}
    return record


def test_load_builds_the_default_order(nlp):
    assert nlp.pipe_names == ["arabnews_sentences", "arabnews_boilerplate", "arabnews_linker", "arabnews_quotes",
                              "arabnews_speakers"]
    assert available_components() == nlp.pipe_names
    assert nlp.analyze_pipes(pretty=False)["problems"] == {name: [] for name in nlp.pipe_names}


def test_load_rejects_unknown_component():
    with pytest.raises(ValueError, match=r"\[E004\]"):
        arabnews.load(arabnews_nonsense={})


def test_entry_points_work_without_importing_arabnews():
    """A fresh interpreter adds every component by name; spaCy imports arabnews through the entry points."""
    code = (
        "import spacy, sys\n"
        "assert 'arabnews' not in sys.modules\n"
        "nlp = spacy.blank('ar', config={'nlp': {'tokenizer': {'@tokenizers': 'arabnews.ArabicNewsTokenizer.v1'}}})\n"
        f"for name in {list(arabnews.DEFAULT_COMPONENTS)!r}:\n"
        "    nlp.add_pipe(name)\n"
        "nlp.initialize()\n"
        "doc = nlp('قال الوزير. وأضاف المتحدث أن الاجتماع تأجل.')\n"
        "print(len(list(doc.sents)), len(doc.spans['quotes']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "1"]


def test_to_disk_and_spacy_load_give_identical_annotations(nlp, seed_text, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    assert _annotations(again(seed_text)) == _annotations(nlp(seed_text))


def test_doc_to_bytes_and_docbin_keep_annotations(nlp, seed_text):
    doc = nlp(seed_text)
    expected = _annotations(doc)
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _annotations(restored) == expected
    docbin = DocBin(store_user_data=True)
    docbin.add(doc)
    (from_bin,) = DocBin().from_bytes(docbin.to_bytes()).get_docs(nlp.vocab)
    assert _annotations(from_bin) == expected


@pytest.mark.slow
def test_pipe_with_two_processes_matches_one(nlp, seed_text):
    texts = [seed_text, seed_text[:1300], "نص قصير بلا اقتباس.", ""]
    one = [_annotations(d) for d in nlp.pipe(texts)]
    two = [_annotations(d) for d in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert one == two


def test_public_names_resolve(nlp):
    assert isinstance(nlp.tokenizer, arabnews.ArabicNewsTokenizer)
    for name in arabnews.__all__:
        assert name in dir(arabnews) and getattr(arabnews, name) is not None, name
    assert arabnews.strip_boilerplate("قال الوزير إن الوضع مستقر.\nالمصدر: واس") == "قال الوزير إن الوضع مستقر."


@pytest.mark.parametrize("failing", ["arabnews_boilerplate", "arabnews_linker", "arabnews_quotes", "arabnews_speakers"])
def test_a_handled_error_keeps_the_document_in_place(failing, monkeypatch):
    """One convention for every component: with an error handler that returns, the failing document is kept,
    without that component's annotation, and nlp.pipe still yields one Doc per text, in order."""
    from spacy.util import ignore_error

    nlp = arabnews.load()
    texts = ["وقال الوزير إن الوضع مستقر في المدينة.", "وأكد المتحدث أن الاجتماع تأجل إلى الأسبوع المقبل.",
             "وقال الرئيس إن الحل قريب جدا."]
    component = nlp.get_pipe(failing)
    real = component.process

    def process(doc):
        if "المتحدث" in doc.text:
            raise RuntimeError("component failed on this document")
        return real(doc)

    monkeypatch.setattr(component, "process", process)
    with pytest.raises(RuntimeError):  # spaCy's default handler re-raises
        nlp(texts[1])
    nlp.set_error_handler(ignore_error)
    docs = list(nlp.pipe(texts))
    assert [d.text for d in docs] == texts
    quotes = [len(d.spans.get("quotes", [])) for d in docs]
    assert quotes[0] == quotes[2] == 1
    assert quotes[1] == (0 if failing == "arabnews_quotes" else 1)


def test_a_quote_and_its_relay_over_the_same_words_keep_a_record_each(nlp):
    """Rule 9 of the gold: "بحسب ما نقلت وكالة رويترز" relays Lavrov's statement: two quotes over the same
    characters, one record each (spaCy keys span attributes by offsets only: the second used to overwrite the
    first), also after DocBin."""
    from spacy.tokens import DocBin

    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده لن تتراجع عن موقفها، بحسب ما نقلت وكالة رويترز."
    for doc in (nlp(text), list(DocBin(docs=[nlp(text)], store_user_data=True).get_docs(nlp.vocab))[0]):
        quotes = sorted(doc.spans["quotes"], key=lambda q: q.label_)
        assert [(q.label_, q.text, q._.speaker_name) for q in quotes] == [
            ("ACCORDING_TO", "بلاده لن تتراجع عن موقفها", "Reuters"),
            ("INDIRECT", "بلاده لن تتراجع عن موقفها", "Sergey Lavrov")]
        assert quotes[0]._.quote_id != quotes[1]._.quote_id


def test_each_pipeline_keeps_its_own_rules():
    """Editing one pipeline's rules in place must not edit another's (read_json caches the package data)."""
    a, b = arabnews.load(), arabnews.load()
    for name, attr in (("arabnews_quotes", "rules"), ("arabnews_boilerplate", "data")):
        assert getattr(a.get_pipe(name), attr) is not getattr(b.get_pipe(name), attr), name
    a.get_pipe("arabnews_quotes").rules["verbs"].clear()
    assert b.get_pipe("arabnews_quotes").rules["verbs"], "the other pipeline's verbs were emptied"
