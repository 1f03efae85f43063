"""The review page in a real headless Chromium (Debian's ``chromium``, driven by Playwright's Python client; no
browser download): it loads without console errors, is right to left, every quote and speaker is highlighted and
linked, boilerplate is greyed, hovering links a quote to its speaker and cue; a screenshot PNG is written under the
test's tmp dir (its path is printed; set ARABNEWS_SCREENSHOTS=DIR to keep copies there)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from _render_docs import blank_nlp, doc_from_gold, gold_quote_id, seed_gold

import arabnews

CHROMIUM = os.environ.get("ARABNEWS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIKIDATA = "https://www.wikidata.org/wiki/"

if not Path(CHROMIUM).exists():
    pytest.skip("chromium is not installed (Debian: `apt-get install -y chromium`; .ci/run does it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python client is not installed "
                               "(`pip install -e \".[browser]\"`; no `playwright install` needed)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Loaded:
    def __init__(self, page, messages, path):
        self.page, self.messages, self.path = page, messages, path


@pytest.fixture
def open_page(browser, tmp_path):
    pages = []

    def _open(html: str, name: str) -> Loaded:
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        messages: list[str] = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        page.on("request", lambda r: messages.append(f"request: {r.url}") if not r.url.startswith("file:")
                else None)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        pages.append(page)
        return Loaded(page, messages, path)

    yield _open
    for page in pages:
        page.close()


def screenshot(loaded: Loaded, name: str) -> Path:
    png = loaded.path.with_name(f"{name}.png")
    loaded.page.screenshot(path=str(png), full_page=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    keep = os.environ.get("ARABNEWS_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
    print(f"screenshot: {png}")
    return png


def check_rtl(page) -> None:
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.eval_on_selector("article.an-doc", "el => getComputedStyle(el).direction") == "rtl"
    # the first line starts on the right: its first character is in the right half of the article
    x = page.evaluate("""() => {
        const art = document.querySelector('article.an-doc');
        const walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (node && !node.textContent.trim()) node = walker.nextNode();
        const r = document.createRange(); r.setStart(node, 0); r.setEnd(node, 1);
        const a = art.getBoundingClientRect(), c = r.getBoundingClientRect();
        return (c.left - a.left) / a.width;
    }""")
    assert x > 0.8


COLLECT = """ids => ids.map(id => {
  const text = sel => Array.from(document.querySelectorAll(sel)).map(e => e.textContent).join('');
  const shown = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const quote = document.getElementById('q-' + id);
  const marker = quote && quote.querySelector(':scope > a.qm');
  const href = marker ? marker.getAttribute('href') : null;
  const target = href ? document.querySelector(href) : null;
  const spk = document.querySelector('article .spk[data-q~="' + id + '"]');
  const cue = document.querySelector('article .cue[data-q~="' + id + '"]');
  const back = el => el ? Array.from(el.querySelectorAll(':scope > a.ref')).filter(
      a => a.getAttribute('href') === '#q-' + id && shown(a)).length : 0;
  const bg = quote ? getComputedStyle(quote).backgroundColor : '';
  return {
    text: text('article .q[data-q="' + id + '"]'), quoteShown: shown(quote),
    highlighted: bg !== '' && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent',
    markerShown: shown(marker), targetClass: target ? target.className : null,
    targetRefs: target ? (target.getAttribute('data-q') || '').split(' ') : [],
    speaker: text('article .spk[data-q~="' + id + '"]'),
    speakerBorder: spk ? getComputedStyle(spk).borderBottomStyle : null, speakerBack: back(spk),
    cue: text('article .cue[data-q~="' + id + '"]'), cueBack: back(cue),
  };
})"""


def check_quotes(page, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    """``expected``: (quote id, text, speaker text or None, cue text or None); one round trip for all quotes."""
    found = page.evaluate(COLLECT, [e[0] for e in expected])
    for (quote_id, text, speaker_text, cue_text), got in zip(expected, found):
        assert re.sub(r"\s+", " ", got["text"]) == re.sub(r"\s+", " ", text), quote_id
        assert got["quoteShown"] and got["highlighted"] and got["markerShown"], (quote_id, got)
        if speaker_text is not None:
            assert got["targetClass"].split()[0] == "spk" and quote_id in got["targetRefs"], (quote_id, got)
            assert got["speaker"] == speaker_text, (quote_id, got)
            assert got["speakerBorder"] in ("solid", "dashed") and got["speakerBack"] == 1, (quote_id, got)
        if cue_text is not None:
            assert got["cue"] == cue_text and got["cueBack"] == 1, (quote_id, got)


def test_seed_gold_page(open_page):
    gold = seed_gold()
    doc = doc_from_gold(blank_nlp(), gold)
    loaded = open_page(arabnews.render(doc), "seed_gold")
    page = loaded.page
    check_rtl(page)
    assert page.locator("article a.qm").count() == len(gold["quotes"]) == 9
    expected = []
    for quote in gold["quotes"]:
        start = min(c["start"] for c in quote["content"])
        end = max(c["end"] for c in quote["content"])
        expected.append((gold_quote_id(quote), gold["text"][start:end], quote["speaker"]["text"],
                         quote["cue"]["text"]))
    check_quotes(page, expected)
    links = set(page.eval_on_selector_all("article a.ent", "els => els.map(a => a.href)"))
    for ent in gold["entities"]:
        if ent.get("qid"):
            assert WIKIDATA + ent["qid"] in links, ent
    # boilerplate greyed and labelled; the body is not
    grey = page.eval_on_selector("article .bp-CREDIT", "el => getComputedStyle(el).color")
    body = page.eval_on_selector("article.an-doc", "el => getComputedStyle(el).color")
    assert grey != body
    label = page.eval_on_selector("article .bp-CREDIT", "el => getComputedStyle(el, '::before').content")
    assert "CREDIT" in label
    # the side list links every quote
    assert page.locator("aside.an-side li a[href^='#q-']").count() == 9
    screenshot(loaded, "seed_gold")
    assert loaded.messages == []


def test_seed_through_load(open_page, nlp, seed_text):
    doc = nlp(seed_text)
    loaded = open_page(arabnews.render(doc), "seed_load")
    page = loaded.page
    check_rtl(page)
    quotes = list(doc.spans.get("quotes", []))
    assert page.locator("article a.qm").count() == len(quotes)
    check_quotes(page, [(span._.quote_id, span.text, span._.speaker.text if span._.speaker is not None else None,
                         span._.cue.text if span._.cue is not None else None) for span in quotes])
    links = set(page.eval_on_selector_all("article a.ent", "els => els.map(a => a.href)"))
    for ent in doc.ents:
        if re.fullmatch(r"Q\d+", ent.kb_id_):
            assert WIKIDATA + ent.kb_id_ in links, ent.text
    screenshot(loaded, "seed_load")
    assert loaded.messages == []


def test_hover_outlines_quote_speaker_and_cue(open_page):
    gold = seed_gold()
    loaded = open_page(arabnews.render(doc_from_gold(blank_nlp(), gold)), "hover")
    page = loaded.page
    quote = gold["quotes"][2]  # من جانبه، أكد زيلينسكي أن ...
    qid = gold_quote_id(quote)
    page.hover(f'#q-{qid} .frag >> nth=0')
    outlined = page.eval_on_selector_all(".hl", "els => els.map(e => e.className)")
    assert any(c.startswith("spk") for c in outlined) and any(c.startswith("cue") for c in outlined)
    page.mouse.move(0, 0)
    assert page.locator(".hl").count() == 0
    assert loaded.messages == []


@pytest.mark.parametrize("text", ["", "NATO chief visits Kyiv.", "<b>x</b> «كييف \x00\x1b"])
def test_hostile_pages_load_cleanly(open_page, text):
    loaded = open_page(arabnews.render(blank_nlp()(text)), "hostile")
    assert loaded.page.evaluate("document.querySelector('article.an-doc').textContent").replace(
        "\u2400", "\x00").replace("\u241b", "\x1b") == text
    assert loaded.messages == []


def test_report_page_renders_charts(open_page, tmp_path):
    import json

    from arabnews.report import report

    src = tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "d1", "source_meta": {"source": "okaz"}, "quotes": [
        {"type": "DIRECT", "text": "اليوم تتقدم قواتكم", "speaker": "ستولتنبرغ", "speaker_kb_id": "Q57665",
         "speaker_name": "Jens Stoltenberg", "anonymous": False}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    loaded = open_page(report([src]), "report")
    page = loaded.page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("svg rect").count() >= 3
    box = page.locator("svg").first.bounding_box()
    assert box and box["width"] > 100
    screenshot(loaded, "report")
    assert loaded.messages == []
