"""Peers run on the same inputs as arabnews, producing records in the gold format (``../shared/ANNOTATION.md``).

* ``regex_quotes(text)`` — the baseline quote extractor of issue 7: a plain regular-expression extractor with no
  spaCy, no lexicon file, no speaker resolution beyond "the word after the verb". Direct quotes: text between a
  pair of quotation marks in a sentence that has a reporting verb. Indirect quotes: "<verb> ... أن|إن|بأن <clause>"
  up to the end of the sentence. According-to: "بحسب|حسب|وفقا لـ|نقلا عن X" — the sentence is the content.
* ``justext_body(text)`` / ``trafilatura_body(text)`` — the boilerplate peers. Both expect HTML, so the plain
  text is given to them as one ``<p>`` per line (what a plain-text user of these tools would do); the body is the
  lines they keep.

    python benchmarks/peers.py gold/dev.jsonl           # scores of the peers alone (quality.py runs them too)
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabnews.evaluation import format_report, read_gold, score_all  # noqa: E402

_VERBS = ("قال", "أكد", "أضاف", "أوضح", "أشار", "أعلن", "ذكر", "صرح", "لفت", "شدد", "تابع", "اعتبر", "رأى",
          "أفاد", "كشف", "نفى", "أعرب", "قالت", "أكدت", "أضافت", "أوضحت", "أشارت", "أعلنت", "ذكرت", "صرحت",
          "لفتت", "شددت", "تابعت", "اعتبرت", "أفادت", "كشفت", "نفت", "يقول", "تقول", "يرى", "ترى")
_VERB = r"(?:[وف]?(?:" + "|".join(_VERBS) + r"))"
_SENT = re.compile(r"[^.!?؟\n]+[.!?؟]?")
_MARKS = re.compile(r"«([^«»\n]{2,}?)»|\"([^\"\n]{2,}?)\"|“([^“”\n]{2,}?)”")
_INDIRECT = re.compile(r"(?<!\w)(" + _VERB + r")\s+((?:\S+\s+){0,8}?)(?:أن|إن|بأن|بان|ان)\s+(.+)")
_ACCORDING = re.compile(r"(?<!\w)(بحسب|حسب|وفقا ل|وفقاً ل|نقلا عن|نقلاً عن)\s*(\S+)")
_VERB_ANYWHERE = re.compile(r"(?<!\w)" + _VERB + r"(?!\w)")


def _span(text: str, s: int, e: int) -> dict:
    return {"start": s, "end": e, "text": text[s:e]}


def regex_quotes(text: str) -> list[dict]:
    """Quotes found by the regular expressions above (gold-format quote objects)."""
    quotes = []
    for sent in _SENT.finditer(text):
        s0, body = sent.start(), sent.group()
        verb = _VERB_ANYWHERE.search(body)
        found = False
        if verb:
            cue = _span(text, s0 + verb.start(), s0 + verb.end())
            after = body[verb.end():].split()
            spk = None
            if after:
                i = body.index(after[0], verb.end())
                spk = _span(text, s0 + i, s0 + i + len(after[0]))
            marks = [m for m in _MARKS.finditer(body)]
            if marks:
                content = []
                for m in marks:
                    g = next(i for i in (1, 2, 3) if m.group(i) is not None)
                    content.append(_span(text, s0 + m.start(g), s0 + m.end(g)))
                quotes.append({"type": "direct", "content": content, "cue": cue, "speaker": spk,
                               "speaker_name": "", "speaker_qid": None, "anonymous": False})
                found = True
            else:
                m = _INDIRECT.search(body)
                if m:
                    end = len(body.rstrip(" .!?؟"))
                    if m.start(3) < end:
                        quotes.append({"type": "indirect", "content": [_span(text, s0 + m.start(3), s0 + end)],
                                       "cue": _span(text, s0 + m.start(1), s0 + m.end(1)), "speaker": spk,
                                       "speaker_name": "", "speaker_qid": None, "anonymous": False})
                        found = True
        if not found:
            m = _ACCORDING.search(body)
            if m:
                end = len(body.rstrip(" .!?؟"))
                lead = len(body) - len(body.lstrip())
                quotes.append({"type": "according_to", "content": [_span(text, s0 + lead, s0 + end)],
                               "cue": _span(text, s0 + m.start(1), s0 + m.end(1)),
                               "speaker": _span(text, s0 + m.start(2), s0 + m.end(2)), "speaker_name": "",
                               "speaker_qid": None, "anonymous": False})
    return quotes


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _as_html(text: str, lines: list[tuple[int, int]]) -> str:
    paras = "".join(f"<p>{html.escape(text[s:e])}</p>\n" for s, e in lines)
    return f"<html><head><meta charset='utf-8'></head><body><article>{paras}</article></body></html>"


def justext_body(text: str) -> list[dict]:
    """Body ranges kept by jusText (Arabic stoplist) when each line is a paragraph."""
    import justext

    lines = _lines(text)
    if not lines:
        return []
    paragraphs = justext.justext(_as_html(text, lines).encode("utf-8"), justext.get_stoplist("Arabic"),
                                 encoding="utf-8")
    kept = {" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate}
    return [_span(text, s, e) for s, e in lines if " ".join(text[s:e].split()) in kept]


def trafilatura_body(text: str) -> list[dict]:
    """Body ranges kept by trafilatura (precision-oriented defaults, no comments) when each line is a paragraph."""
    import trafilatura

    lines = _lines(text)
    if not lines:
        return []
    out = trafilatura.extract(_as_html(text, lines), include_comments=False, include_tables=False,
                              favor_precision=False, deduplicate=False) or ""
    kept = {" ".join(x.split()) for x in out.split("\n") if x.strip()}
    return [_span(text, s, e) for s, e in lines if " ".join(text[s:e].split()) in kept]


def whole_text_body(text: str) -> list[dict]:
    """The trivial peer: everything is body."""
    return [_span(text, 0, len(text))] if text else []


PEERS = {
    "regex quotes (baseline)": {"quotes": regex_quotes},
    "jusText": {"body": justext_body},
    "trafilatura": {"body": trafilatura_body},
    "no boilerplate removal": {"body": whole_text_body},
}


def peer_records(name: str, gold: list[dict]) -> list[dict]:
    """Records of peer ``name`` on the gold texts (fields it does not produce are left empty)."""
    fns = PEERS[name]
    out = []
    for g in gold:
        text = g["text"]
        body = fns["body"](text) if "body" in fns else [_span(text, 0, len(text))]
        out.append({"id": g["id"], "text": text, "body": body, "boilerplate": [],
                    "quotes": fns["quotes"](text) if "quotes" in fns else [], "entities": []})
    return out


def main() -> None:
    paths = sys.argv[1:] or [str(ROOT / "gold" / "dev.jsonl")]
    gold = read_gold(*paths)
    for name in PEERS:
        print(f"\n=================== {name}")
        scores = score_all(gold, peer_records(name, gold))
        print(format_report({**scores, "pipeline": None}))


if __name__ == "__main__":
    main()
