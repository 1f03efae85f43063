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


# JS helpers evaluated in the page
HIGHLIGHT = """el => {
  const s = getComputedStyle(el);
  const bg = s.backgroundColor;
  return {bg: bg, border: s.borderBottomStyle + ' ' + s.borderBottomWidth, visible: el.getClientRects().length > 0,
          transparent: bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent'};
}"""


def pieces_text(page, selector: str) -> str:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent).join('')")


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


def check_quote(page, quote_id: str, text: str, speaker_text: str | None, cue_text: str | None) -> None:
    sel = f'article .q[data-q="{quote_id}"]'
    assert re.sub(r"\s+", " ", pieces_text(page, sel)) == re.sub(r"\s+", " ", text)
    style = page.eval_on_selector(f"#q-{quote_id}", HIGHLIGHT)
    assert style["visible"] and not style["transparent"], style
    marker = page.locator(f"#q-{quote_id} > a.qm").first
    assert marker.is_visible()
    href = marker.get_attribute("href")
    if speaker_text is not None:
        target = page.locator(href)
        assert target.count() == 1 and "spk" in target.get_attribute("class")
        assert quote_id in target.get_attribute("data-q").split()
        spk_sel = f'article .spk[data-q~="{quote_id}"]'
        assert pieces_text(page, spk_sel) == speaker_text
        spk_style = page.eval_on_selector(spk_sel, HIGHLIGHT)
        assert spk_style["visible"] and spk_style["border"].startswith(("solid", "dashed")), spk_style
        back = page.locator(f'{spk_sel} > a.ref[href="#q-{quote_id}"]')
        assert back.count() == 1 and back.first.is_visible()
    if cue_text is not None:
        assert pieces_text(page, f'article .cue[data-q~="{quote_id}"]') == cue_text
        assert page.locator(f'article .cue[data-q~="{quote_id}"] > a.ref[href="#q-{quote_id}"]').count() == 1


def test_seed_gold_page(open_page):
    gold = seed_gold()
    doc = doc_from_gold(blank_nlp(), gold)
    loaded = open_page(arabnews.render(doc), "seed_gold")
    page = loaded.page
    check_rtl(page)
    assert page.locator("article a.qm").count() == len(gold["quotes"]) == 9
    for quote in gold["quotes"]:
        start = min(c["start"] for c in quote["content"])
        end = max(c["end"] for c in quote["content"])
        check_quote(page, gold_quote_id(quote), gold["text"][start:end], quote["speaker"]["text"],
                    quote["cue"]["text"])
    for ent in gold["entities"]:
        if ent.get("qid"):
            assert page.locator(f'article a.ent[href="{WIKIDATA}{ent["qid"]}"]').count() >= 1, ent
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
    for span in quotes:
        speaker, cue = span._.speaker, span._.cue
        check_quote(page, span._.quote_id, span.text, speaker.text if speaker is not None else None,
                    cue.text if cue is not None else None)
    for ent in doc.ents:
        if re.fullmatch(r"Q\d+", ent.kb_id_):
            assert page.locator(f'article a.ent[href="{WIKIDATA}{ent.kb_id_}"]').count() >= 1, ent.text
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
