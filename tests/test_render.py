"""arabnews.render (HTML structure, no browser) and the corpus report: on the seed's gold set by hand through the
public records, on arabnews.load() output, on hand-made Arabic cases, and on hostile input."""

from __future__ import annotations

import json
import re

import pytest
from _render_docs import PageReader, blank_nlp, doc_from_gold, gold_quote_id, seed_gold
from spacy.tokens import Doc, DocBin

import arabnews
from arabnews.cli import main
from arabnews.extensions import set_quote_info
from arabnews.report import bar_chart, render_report, summarize

WIKIDATA = "https://www.wikidata.org/wiki/"


@pytest.fixture(scope="module")
def blank():
    return blank_nlp()


@pytest.fixture(scope="module")
def gold():
    return seed_gold()


@pytest.fixture(scope="module")
def gold_page(blank, gold):
    doc = doc_from_gold(blank, gold)
    return doc, PageReader(arabnews.render(doc))


def make_doc(nlp, text: str, *, quotes=(), ents=(), boilerplate=()) -> Doc:
    """``quotes``: (type, content, cue, speaker, qid) with substrings of ``text``; ents: (substring, label, qid)."""
    doc = nlp.make_doc(text)

    def where(sub):
        start = text.index(sub)
        return [start, start + len(sub)]

    doc.spans["boilerplate"] = [doc.char_span(*where(s), label=label, alignment_mode="expand")
                                for s, label in boilerplate]
    doc.ents = [doc.char_span(*where(s), label=label, kb_id=qid, alignment_mode="expand") for s, label, qid in ents]
    spans = []
    for i, (qtype, content, cue, speaker, qid) in enumerate(quotes):
        span = doc.char_span(*where(content), label=qtype, alignment_mode="expand")
        spans.append(span)
        set_quote_info(span, {"id": f"q{i}", "type": qtype, "fragments": [where(content)],
                              "cue": where(cue) if cue else None, "speaker": where(speaker) if speaker else None,
                              "speaker_kb_id": qid, "speaker_name": speaker or "", "anonymous": False})
    doc.spans["quotes"] = spans
    return doc


# ---------------------------------------------------------------- the seed's gold, set by hand
def test_page_is_rtl_arabic_and_self_contained(gold_page):
    doc, page = gold_page
    html_el = page.find(anywhere=True)[0]
    assert html_el.tag == "html" and html_el.attrs["dir"] == "rtl" and html_el.attrs["lang"] == "ar"
    assert page.find(None, anywhere=True, dir="rtl")
    # nothing fetched: no external script, stylesheet, image or font
    for el in page.elements:
        assert "src" not in el.attrs, el
        assert el.tag != "link", el


def test_article_text_is_the_doc_text(gold_page):
    doc, page = gold_page
    assert page.text == doc.text


def test_every_gold_quote_is_highlighted_with_its_type(gold_page, gold):
    doc, page = gold_page
    assert len(page.find("qm")) == len(gold["quotes"]) == 9
    for quote in gold["quotes"]:
        qid = gold_quote_id(quote)
        pieces = page.find("q", data_q=qid)
        start = min(c["start"] for c in quote["content"])
        end = max(c["end"] for c in quote["content"])
        assert page.covered(pieces) == gold["text"][start:end]
        assert f"q-{quote['type'].upper()}" in pieces[0].classes
        assert pieces[0].attrs["id"] == f"q-{qid}"
        frags = [el for el in page.find("frag") if any(p.start <= el.start and el.end <= p.end for p in pieces)]
        assert "".join(page.text[f.start:f.end] for f in frags) == "".join(c["text"] for c in quote["content"])


def test_markers_link_quote_speaker_and_cue(gold_page, gold):
    doc, page = gold_page
    for n, quote in enumerate(sorted(gold["quotes"], key=lambda q: min(c["start"] for c in q["content"])), 1):
        qid = gold_quote_id(quote)
        speaker = page.with_ref("spk", qid)
        cue = page.with_ref("cue", qid)
        assert page.covered(speaker) == quote["speaker"]["text"]
        assert page.covered(cue) == quote["cue"]["text"]
        marker = [m for m in page.find("qm") if m.attrs["data-n"] == str(n)]
        assert len(marker) == 1 and marker[0].attrs["href"] == f"#{speaker[0].attrs['id']}"
        assert marker[0].attrs["data-type"] == quote["type"].upper()
        # and back: the speaker and the cue carry a link to the quote with the same number
        for target in (speaker[0], cue[0]):
            back = [r for r in page.find("ref", href=f"#q-{qid}") if target.start == r.start]
            assert back and back[0].attrs["data-n"] == str(n)


def test_shared_speaker_mention_links_every_quote(gold_page, gold):
    # "وقال ستولتنبرغ: ... وأضاف: ..." — the implied speaker of وأضاف is the earlier ستولتنبرغ
    doc, page = gold_page
    by_speaker: dict[int, list[str]] = {}
    for quote in gold["quotes"]:
        by_speaker.setdefault(quote["speaker"]["start"], []).append(gold_quote_id(quote))
    shared = {s: ids for s, ids in by_speaker.items() if len(ids) > 1}
    assert shared, "the seed has an implied speaker shared by two quotes"
    for ids in shared.values():
        spk = [el for el in page.find("spk") if set(ids) <= set(el.attrs["data-q"].split())]
        assert len(spk) == 1


def test_entities_link_to_wikidata_only_with_a_qid(gold_page, gold):
    doc, page = gold_page
    linked = [e for e in doc.ents if e.kb_id_]
    unlinked = [e for e in doc.ents if not e.kb_id_]
    assert linked and unlinked
    for ent in linked:
        anchors = [a for a in page.find("ent") if a.tag == "a" and a.attrs["href"] == WIKIDATA + ent.kb_id_]
        assert any(page.text[a.start:a.end] in ent.text for a in anchors), ent
    for ent in unlinked:
        els = [el for el in page.find("ent") if el.start >= ent.start_char and el.end <= ent.end_char]
        assert els and all(el.tag == "span" and "href" not in el.attrs for el in els), ent


def test_boilerplate_is_greyed_and_labelled(gold_page, gold):
    doc, page = gold_page
    for bp in gold["boilerplate"]:
        pieces = [el for el in page.find("bp") if f"bp-{bp['label']}" in el.classes]
        assert page.covered(pieces).strip() == bp["text"].strip()
        first = [p for p in pieces if "cont" not in p.classes]
        assert len(first) == 1 and first[0].attrs["data-label"].startswith(bp["label"])
    body_start = gold["body"][0]["start"]
    assert not [el for el in page.find("bp") if el.start <= body_start < el.end]


def test_side_list_groups_quotes_by_speaker(gold_page, gold):
    doc, page = gold_page
    groups = page.find("an-speaker", anywhere=True)
    expected = {}
    for quote in gold["quotes"]:
        key = f"kb:{quote['speaker_qid']}" if quote["speaker_qid"] else f"name:{quote['speaker_name']}"
        expected[key] = expected.get(key, 0) + 1
    assert [g.attrs["data-speaker"] for g in groups] == sorted(expected, key=lambda k: -expected[k])
    page_html = arabnews.render(doc)
    for key, n in expected.items():
        section = re.search(f'data-speaker="{re.escape(key)}">.*?</section>', page_html).group(0)
        assert section.count("<li>") == n


def test_side_list_counts(blank, gold):
    page = arabnews.render(doc_from_gold(blank, gold))
    zelensky = re.search(r'data-speaker="kb:Q3874799">.*?</section>', page).group(0)
    assert zelensky.count("<li>") == 3
    assert f'href="{WIKIDATA}Q3874799"' in zelensky


def test_render_reads_only_serialisable_data(blank, gold):
    doc = doc_from_gold(blank, gold)
    restored = Doc(blank.vocab).from_bytes(doc.to_bytes())
    bin_ = DocBin(store_user_data=True, docs=[doc])
    from_bin = next(iter(DocBin().from_bytes(bin_.to_bytes()).get_docs(blank.vocab)))
    assert arabnews.render(restored) == arabnews.render(doc) == arabnews.render(from_bin)


# ---------------------------------------------------------------- hand-made cases (real sentences of the seed)
S_DIRECT = 'وقال ستولتنبرغ: "اليوم تتقدم قواتكم. إنها تواجه قتالا شرسا".'
S_MIXED = 'من جانبه، أكد زيلينسكي أن انضمام كييف إلى الحلف "مسألة وقت".'
S_NONE = "وتأتي هذه الزيارة قبيل انعقاد منتدى الصناعات الدفاعية الأول في كييف."
S_CREDIT = "تتقدم قواتكم.\n\nفرانس24/ أ ف ب"

CASES = [
    # (text, quotes, ents, boilerplate, expected: {quote text: (type, speaker, cue)}, links {text: href or None})
    (S_DIRECT, [("DIRECT", "اليوم تتقدم قواتكم. إنها تواجه قتالا شرسا", "وقال", "ستولتنبرغ", "Q57665")],
     [("ستولتنبرغ", "PERSON", "Q57665")], [],
     {"اليوم تتقدم قواتكم. إنها تواجه قتالا شرسا": ("DIRECT", "ستولتنبرغ", "وقال")},
     {"ستولتنبرغ": WIKIDATA + "Q57665"}),
    (S_MIXED, [("MIXED", 'انضمام كييف إلى الحلف "مسألة وقت"', "أكد", "زيلينسكي", "Q3874799")],
     [("زيلينسكي", "PERSON", "Q3874799"), ("كييف", "GPE", "")], [],
     {'انضمام كييف إلى الحلف "مسألة وقت"': ("MIXED", "زيلينسكي", "أكد")},
     {"زيلينسكي": WIKIDATA + "Q3874799", "كييف": None}),
    # negative: no quote, no link for an entity without QID
    (S_NONE, [], [("كييف", "GPE", "")], [], {}, {"كييف": None}),
    # negative: a kb_id that is not a QID is never a link
    (S_NONE, [], [("كييف", "GPE", "javascript:alert(1)")], [], {}, {"كييف": None}),
    # a quote with no speaker and no cue: highlighted, marker links to itself
    (S_MIXED, [("INDIRECT", 'انضمام كييف إلى الحلف "مسألة وقت"', None, None, "")], [], [],
     {'انضمام كييف إلى الحلف "مسألة وقت"': ("INDIRECT", None, None)}, {}),
]


@pytest.mark.parametrize("text,quotes,ents,boilerplate,expected,links", CASES)
def test_hand_made_cases(blank, text, quotes, ents, boilerplate, expected, links):
    doc = make_doc(blank, text, quotes=quotes, ents=ents, boilerplate=boilerplate)
    page = PageReader(arabnews.render(doc))
    assert page.text == text
    found = {}
    for i, _ in enumerate(quotes):
        pieces = page.find("q", data_q=f"q{i}")
        spk, cue = page.with_ref("spk", f"q{i}"), page.with_ref("cue", f"q{i}")
        found[page.covered(pieces)] = (pieces[0].attrs["data-type"], page.covered(spk) or None,
                                       page.covered(cue) or None)
    assert found == expected
    assert len(page.find("qm")) == len(expected)
    for ent_text, href in links.items():
        els = [el for el in page.find("ent") if page.text[el.start:el.end] == ent_text]
        assert len(els) == 1
        assert els[0].attrs.get("href") == href


def test_no_quotes_says_so(blank):
    page = arabnews.render(make_doc(blank, S_NONE))
    assert "لا اقتباسات" in page and not PageReader(page).find("q")


def test_crossing_layers_nest_and_keep_the_text(blank):
    # an entity that starts before a quote and ends inside it: split into well-nested pieces
    text = S_MIXED
    doc = make_doc(blank, text, quotes=[("MIXED", 'كييف إلى الحلف "مسألة وقت"', "أكد", "زيلينسكي", "")],
                   ents=[("انضمام كييف", "ORG", "Q1")])
    page = PageReader(arabnews.render(doc))  # raises on bad nesting
    assert page.text == text
    ent = page.find("ent")
    assert [page.text[e.start:e.end] for e in ent] == ["انضمام ", "كييف"]
    assert [("cont" in e.classes) for e in ent] == [False, True]
    assert sum(1 for e in ent if "id" in e.attrs) == 0


def test_boilerplate_label(blank):
    doc = make_doc(blank, S_CREDIT, boilerplate=[("فرانس24/ أ ف ب", "CREDIT")])
    page = PageReader(arabnews.render(doc))
    bp = page.find("bp")
    assert len(bp) == 1 and page.text[bp[0].start:bp[0].end] == "فرانس24/ أ ف ب"
    assert bp[0].attrs["data-label"] == "CREDIT · توقيع الوكالة"


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "NATO chief Jens Stoltenberg visits Kyiv.",
    "<script>alert('x')</script> وقال ستولتنبرغ &amp; \"...",
    "كـــييف \u064e\u064f ﻛﻴﻴﻒ \x00\x01\x1b\x7f\x85 «مفتوح", "\u202e كييف \u200f\u2066 «»",
])
def test_hostile_text(blank, text):
    doc = blank(text)
    page = arabnews.render(doc)
    page.encode("utf-8")
    reader = PageReader(page)
    assert len(reader.text) == len(text)
    assert page.count("<script>") == 1  # ours only: the text's markup is escaped
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
    assert not bad.search(page)


def test_long_document_renders(blank):
    # many quotes and entities over a long text (the 5 MB case is in benchmarks/render_speed.py)
    text = (S_DIRECT + "\n\n" + S_MIXED + "\n\n") * 400
    doc = blank.make_doc(text)
    spans, ents = [], []
    for m in re.finditer("ستولتنبرغ", text):
        ents.append(doc.char_span(m.start(), m.end(), label="PERSON", kb_id="Q57665"))
    for m in re.finditer("اليوم تتقدم قواتكم", text):
        span = doc.char_span(m.start(), m.end(), label="DIRECT")
        spans.append(span)
        set_quote_info(span, {"id": f"q{m.start()}", "type": "DIRECT", "fragments": [[m.start(), m.end()]],
                              "cue": [m.start() - 18, m.start() - 14], "speaker": [m.start() - 13, m.start() - 4]})
    doc.ents, doc.spans["quotes"] = ents, spans
    page = PageReader(arabnews.render(doc))
    assert page.text == text and len(page.find("qm")) == 400 and len(page.find("spk")) == 400


def test_fragment_title_colors_and_errors(blank, gold):
    doc = doc_from_gold(blank, gold)
    fragment = arabnews.render(doc, page=False, title="ستولتنبرغ في كييف", colors={"PERSON": "#123456"})
    assert not fragment.startswith("<!DOCTYPE") and fragment.startswith("<style>")
    assert "ستولتنبرغ في كييف</h1>" in fragment and ".ent-PERSON { background: #123456; }" in fragment
    doc.user_data["title"] = "عنوان"
    assert "<title>عنوان</title>" in arabnews.render(doc)
    with pytest.raises(TypeError, match=r"\[E090\]"):
        arabnews.render(gold["text"])


# ---------------------------------------------------------------- the whole pipeline on the seed
def test_load_output_of_the_seed(nlp, seed_text):
    doc = nlp(seed_text)
    page = PageReader(arabnews.render(doc))
    assert page.text == seed_text
    quotes = list(doc.spans.get("quotes", []))
    assert len(page.find("qm")) == len(quotes)
    for span in quotes:
        pieces = page.find("q", data_q=span._.quote_id)
        assert page.covered(pieces) == span.text
        if span._.speaker is not None:
            assert page.covered(page.with_ref("spk", span._.quote_id)) == span._.speaker.text
    for ent in doc.ents:
        if re.fullmatch(r"Q\d+", ent.kb_id_):
            assert [a for a in page.find("ent") if a.attrs.get("href") == WIKIDATA + ent.kb_id_]


# ---------------------------------------------------------------- command line
def test_cli_render(tmp_path, capsys):
    seed = arabnews_root() / "seeds" / "000_f3cf03ad0fd9bf49.txt"
    out = tmp_path / "page.html"
    assert main(["render", str(seed), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'dir="rtl"' in page
    assert PageReader(page).text == seed.read_text(encoding="utf-8")


def test_cli_render_jsonl_to_folder_and_missing_id(tmp_path, capsys):
    src = tmp_path / "two.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                             for i, t in (("a/1", S_DIRECT), ("b", S_MIXED))) + "\n", encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    assert main(["render", str(src), "--out", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["a_1.html", "b.html"]
    one = tmp_path / "b.html"
    assert main(["render", str(src), "--id", "b", "--out", str(one)]) == 0
    assert PageReader(one.read_text(encoding="utf-8")).text == S_MIXED
    assert main(["render", str(src), "--id", "nope", "--out", str(one)]) == 2
    assert "[E091]" in capsys.readouterr().err


def arabnews_root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- corpus report
def _record(doc_id, outlet, quotes, error=None):
    if error:
        return {"id": doc_id, "error": error}
    return {"id": doc_id, "source_meta": {"source": outlet, "url": f"https://example.org/{doc_id}"},
            "quotes": [{"id": f"{doc_id}-{i}", "type": t, "text": text, "start": 0, "end": len(text),
                        "fragments": [[0, len(text)]], "cue": "قال", "speaker": spk, "speaker_kb_id": qid,
                        "speaker_name": name, "anonymous": anon, "negated": False}
                       for i, (t, text, spk, qid, name, anon) in enumerate(quotes)]}


STOLT = ("Q57665", "Jens Stoltenberg")
ZEL = ("Q3874799", "Volodymyr Zelensky")
RECORDS = [
    _record("d1", "okaz", [("DIRECT", "اليوم تتقدم قواتكم", "ستولتنبرغ", *STOLT, False),
                           ("MIXED", "انضمام كييف إلى الحلف مسألة وقت", "زيلينسكي", *ZEL, False)]),
    _record("d2", "alriyadh", [("DIRECT", "اليوم تتقدم قواتكم", "ستولتنبرغ", *STOLT, False),
                               ("ACCORDING_TO", "سيعقد اجتماعا مشتركا", "مسؤول بارز", "",
                                "senior US administration official", True),
                               ("INDIRECT", "أوكرانيا أقرب إلى الحلف", None, "", "", False)]),
    _record("d3", "okaz", []),
    _record("d4", "okaz", [], error="[E040] broken"),
]


@pytest.fixture
def run_output(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def test_report_counts(run_output):
    s = summarize([run_output])
    assert (s["documents"], s["errors"], s["documents_with_quotes"], s["quotes"]) == (4, 1, 2, 5)
    assert (s["anonymous"], s["unattributed"]) == (1, 1)
    assert s["anonymous_share"] == pytest.approx(0.2)
    assert s["types"] == {"DIRECT": 2, "MIXED": 1, "ACCORDING_TO": 1, "INDIRECT": 1}
    assert s["outlets"]["okaz"] == {"documents": 2, "quotes": 2}
    assert s["outlets"]["alriyadh"] == {"documents": 1, "quotes": 3, "anonymous": 1, "unattributed": 1}
    assert [(r["name"], r["quotes"], r["articles"], r["outlets"]) for r in s["top_speakers"]] == [
        ("Jens Stoltenberg", 2, 2, 2), ("Volodymyr Zelensky", 1, 1, 1)]
    assert s["top_speakers"][0]["distinct_quotes"] == 1  # the same words in two outlets
    anon = [r for r in s["speakers"] if r["anonymous"]]
    assert [r["name"] for r in anon] == ["senior US administration official"]


def test_report_page(run_output, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", str(run_output), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    reader = PageReader(page)
    assert reader.find(anywhere=True)[0].attrs["dir"] == "rtl"
    assert page.count("<svg") == 4 and "<img" not in page and "src=" not in page
    assert '<b>20.0%</b>anonymous sources' in page
    assert f'href="{WIKIDATA}Q57665"' in page
    top = re.search(r'<table id="top-speakers">.*?</table>', page).group(0)
    assert top.index("Jens Stoltenberg") < top.index("Volodymyr Zelensky")
    assert "senior US administration official" not in top  # anonymous sources are not "top speakers"


def test_report_of_empty_output(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    page = render_report(summarize([empty]))
    assert "<b>0</b>quotes" in page and "<b>0.0%</b>anonymous sources" in page


def test_report_rejects_a_non_run_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no id"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[E045\]"):
        summarize([bad])


@pytest.mark.parametrize("items,expected_bars", [([("ستولتنبرغ", 3), ("زيلينسكي", 1)], 2), ([], 0)])
def test_bar_chart(items, expected_bars):
    svg = bar_chart(items, title="المتحدثون")
    assert svg.count("<rect") == expected_bars
    if items:
        widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', svg)]
        assert widths[0] == pytest.approx(3 * widths[1], rel=0.01)
