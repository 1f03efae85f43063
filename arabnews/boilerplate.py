"""``arabnews_boilerplate``: label page furniture in scraped Arabic articles, never delete it.

The text is read as lines (news paragraphs are lines). Each line gets features (length in words, final
punctuation, bullet, position) and, when it is short, a lexicon class (``data/boilerplate.v1.json``: read-also
and related markers, source/credit/social/copyright/meta/ad phrases, agency and site names). Then one pass
decides:

- the **head** (lines before the first real paragraph): bylines ("عين اليوم – جدة", "أحمد – الباحة"), dates,
  breadcrumbs, captions, share buttons are labelled; the headline stays body;
- the **body**: a line that ends an article (agency credit, "المصدر: ...", copyright, contact lines) opens the
  **tail**; a read-also or related marker opens a region that runs on (the whole appended article is
  READ_ALSO); a *structural* marker needs no phrase: a short line followed by a headline-like line and then
  paragraphs (READ_ALSO) or by a run of headline-like lines (RELATED); a run of headline-like / bullet lines
  that lasts to the end is RELATED;
- **inline** leftovers at the very end ("... سمات الباحة", "...المزيد", "رابط الخبر بصحيفة الوئام: ...",
  "(أ ف ب)") are labelled as sub-line spans.

A byline or dateline glued to the first sentence ("الرياض - واس:", "بدر الجبل- سبق- تبوك:") is body (gold
rule 2). Everything not labelled is body, so body + boilerplate is the whole text. Downstream components skip
boilerplate with :func:`in_boilerplate`.
"""

from __future__ import annotations

import copy
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, SpanGroup
from spacy.training import Example

from .component_base import ArabnewsComponent
from .data import read_json
from .errors import Errors, check_text
from .extensions import BOILERPLATE_KEY, META_KEY, doc_text, install_extensions
from .normalize import normalize

LABELS = ("CREDIT", "SOURCE", "READ_ALSO", "RELATED", "SOCIAL", "COPYRIGHT", "META", "AD")
DATA_FILE = "boilerplate.v1.json"
#: labels after which the article is over (what follows is furniture or another article)
END_LABELS = frozenset({"CREDIT", "SOURCE", "COPYRIGHT", "SOCIAL"})

_FINAL = ".!?؟…۔"
_CLOSERS = "\"»”’›)]'}"
_BULLET = re.compile(r"^\s*(?:[•·▪►◄●○■□◆◇➤➢✓✔\-–—*]|\d{1,2}[.)-]\s)\s*")
_BULLET_START = frozenset("•·▪►◄●○■□◆◇➤➢✓✔-–—*")  # the first characters _BULLET can match (or a digit)
_SPACE = re.compile(r"\s+")
_COLON = re.compile(r"\s*:\s*")
_PUNCT = re.compile(r"[^\w\s]|_")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_PHONE_OPERATOR = re.compile(r"^[\d\s+-]{3,}[-–]\s*\S+$")
_DASH = "-–—ـ"
#: a separator dash; tatweel (ـ) counts only next to a space, since it also stretches letters ("التطويـر")
_SEP = r"(?:\s*[-–—]+\s*|\s+ـ+\s*|\s*ـ+\s+)"
_BYLINE = re.compile(rf"^\s*([^-–—:\n]+?){_SEP}([^-–—:\n]+?)\s*:?\s*$")
_DATELINE = re.compile(rf"^[^-–—:\n]{{2,40}}?[\s،,]*(?:{_SEP}|\()\s*([^-–—:()\n]{{2,30}}?)\s*(?::|\)|{_SEP})")
_WORD = re.compile(r"[^\W\d_]{3,}")
#: content words with their proclitics stripped (the clitics come from the data file: ``patterns.clitics``)
_STEM = [re.compile(r"(?<!\w)([^\W\d_]{3,})")]
_BREADCRUMB_SEPS = re.compile(r"\s(?:>|›|»|/|\|)\s")
_PAREN_TAIL = re.compile(r"(\([^()\n]{1,40}\))\s*$")
#: a teaser line: a lead-in of a few words, then ':' or '|' and a headline
_TEASER = re.compile(r"^([^:|\n]{1,40}?)\s*([:|])\s*(\S.*)$")
_INNER_SENTENCE = re.compile(r"(?<!\.)[.!?؟](?!\.)\s+\S")  # a sentence end followed by more text ('..' is not)
_LABEL = re.compile(r"^([^:.\n]+?)\s*(?::|\.\.)")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


@lru_cache(maxsize=1)
def _full_table() -> dict[int, str]:
    """arabnews.normalize as a table that also maps unchanged characters to themselves (str.translate is much
    faster when a lookup never misses); built from normalize() itself, one character at a time."""
    ranges = [(0x0000, 0x08FF), (0x2000, 0x206F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]
    return {cp: normalize(chr(cp)) for lo, hi in ranges for cp in range(lo, hi + 1)}


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Matching key of a short piece of text: normalised, spaces collapsed, ' : ' written ': '."""
    return _COLON.sub(": ", _SPACE.sub(" ", text.translate(_full_table()))).strip()


def _bare(key: str) -> str:
    """A key without punctuation (for name lists: 'أ. ف. ب' and 'أ ف ب' are the same)."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", key)).strip()


def _alternation(names: Iterable[str]) -> str:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


# ---------------------------------------------------------------- lexicon
class Lexicon:
    """The compiled phrase lists of ``data/boilerplate.v1.json`` (plus any extra file merged in)."""

    def __init__(self, data: dict):
        # sections added after a lexicon was saved (nlp.to_disk of an older version) come from the package file
        for section in ("patterns", "continuation_openers"):
            if section not in data:
                data = {**data, section: copy.deepcopy(read_json(DATA_FILE).get(section, {}))}
        self.data = data
        _FUNCTION_WORDS.update(data.get("function_words", ()))
        _words.cache_clear()
        th = {**read_json(DATA_FILE).get("thresholds", {}), **data.get("thresholds", {})}  # new ones default
        self.th = {k: int(v) for k, v in th.items()}
        self.markers = {lab: sorted({_key(p).rstrip(": ") for p in ps} - {""}, key=len, reverse=True)
                        for lab, ps in data.get("markers", {}).items()}
        self.marker_set = {p for ps in self.markers.values() for p in ps}
        self._compile_patterns(data.get("patterns", {}))
        self.line_cache: dict[str, tuple[str, str | None, bool]] = {}  # Classifier.classify
        self.prefixes = {lab: sorted({_key(p) for p in ps}, key=len, reverse=True)
                         for lab, ps in data.get("prefixes", {}).items()}
        self.exact = {lab: {_bare(_key(p)) for p in ps} for lab, ps in data.get("exact", {}).items()}
        cont = data.get("continuation_openers", {})
        self.cont_words = {_key(w) for w in cont.get("words", [])}
        self.cont_prefixes = "".join(_key(p) for p in cont.get("prefixes", []))
        self.captions = sorted({_key(p) for p in data.get("captions", [])}, key=len, reverse=True)
        self.agency_of: dict[str, str] = {}
        for code, names in data.get("agencies", {}).items():
            for name in names:
                self.agency_of[_bare(_key(name))] = code
        self.site_of: dict[str, str] = {}
        for canonical, names in data.get("sites", {}).items():
            for name in [canonical, *names]:
                self.site_of[_bare(_key(name))] = canonical
        names = list(self.agency_of) + list(self.site_of)
        self.names_re = re.compile(rf"(?:^|\s)({_alternation(names)})(?=\s|$)")
        self.only_names_re = re.compile(rf"^(?:(?:{_alternation(names)})(?:\s+|$))+$")
        sites = _alternation(_bare(_key(n)) for n in self.site_of)
        self.sites_re = re.compile(rf"(?:^|\s)(?:{sites})(?=\s|$)")
        # one regex per list (a phrase ends at a word boundary unless it ends with punctuation itself)
        self.marker_re = {lab: re.compile(rf"^(?:{_alternation(ps)})(?:(?<=\W)|(?!\w))\s*[:.\-–|»]*\s*(.*)$")
                          for lab, ps in self.markers.items() if ps}
        # one regex for every prefix list: the named group that matched is the label (dict order wins)
        self.prefix_any = re.compile("^(?:" + "|".join(
            rf"(?P<{lab}>{_alternation(ps)})" for lab, ps in self.prefixes.items() if ps) + r")(?:(?<=\W)|(?!\w))")

    def _compile_patterns(self, pat: dict) -> None:
        """Regexes built from the ``patterns`` section: dates, weekdays, the inline tail leftovers, source words,
        copyright marks, proclitics."""
        def alt(key: str) -> str:  # an empty list matches nothing
            return "|".join(re.escape(w) for w in pat.get(key, [])) or "(?!)"
        self.date_re = re.compile(
            r"(?:\b\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}\b)|(?:\b\d{1,2}:\d{2}\b)|"
            rf"(?:\b\d{{1,2}}\s+(?:{alt('months')})\b)|(?:{alt('ago')}\s+\d+\s+(?:{alt('ago_units')}))")
        self.weekday_re = re.compile(rf"^(?:ال)?(?:{alt('weekdays')})\b")
        tags, follows, more = (re.escape(pat.get(k, "")) for k in ("tags_word", "follows_word", "more_word"))
        link = re.escape(pat.get("link_word", ""))
        self.tail_res = [  # (regex, label, a word the regex needs: the search is skipped without it)
            (re.compile(rf"(\.{{2,}}\s*{more})\s*$"), "READ_ALSO", pat.get("more_word", "")),
            (re.compile(rf"({link}\s+(?:{alt('link_objects')})\s+ب?(?:{alt('link_publications')})?\s*[^:\n]{{0,40}}:"
                        r"[^\n]*?)\s*$"), "SOURCE", pat.get("link_word", "")),
            (re.compile(r"(?:^|(?<=[.!?؟…»\"”)\]])|(?<=\s))\s*("
                        rf"(?://\s*{follows}\s*//\s*)?{tags}\s+[^\n.!?؟:«»\"]{{1,150}}?)\s*$"), "META",
             pat.get("tags_word", "")),
            (re.compile(rf"(//\s*{follows}\s*//)\s*$"), "META", pat.get("follows_word", "")),
        ]
        self.source_re = re.compile(rf"(?:{alt('source_words')})\s*:?\s*([^:\n]{{2,40}}?)\s*(?::|$)")
        self.copyright_marks = tuple(pat.get("copyright_marks", ()))
        self.photo_word = pat.get("photo_credit_word", "")
        _STEM[0] = re.compile(rf"(?<!\w)(?:{alt('clitics')})?([^\W\d_]{{3,}})")
        _words.cache_clear()

    def names_in(self, bare: str) -> tuple[list[str], list[str]]:
        """(agency codes, site names) mentioned in a bare key, in order, without repeats."""
        agencies: list[str] = []
        sites: list[str] = []
        for m in self.names_re.finditer(bare):
            name = m.group(1)
            if name in self.agency_of and self.agency_of[name] not in agencies:
                agencies.append(self.agency_of[name])
            elif name in self.site_of and self.site_of[name] not in sites:
                sites.append(self.site_of[name])
        return agencies, sites


def merge_lexicon(base: dict, extra: dict) -> dict:
    """``base`` with the lists of ``extra`` appended (same layout as data/boilerplate.v1.json)."""
    out = copy.deepcopy(base)
    for section, value in extra.items():
        if isinstance(value, dict):
            target = out.setdefault(section, {})
            for key, items in value.items():
                if isinstance(items, list):
                    target[key] = list(target.get(key, [])) + [i for i in items if i not in target.get(key, [])]
                else:
                    target[key] = items
        elif isinstance(value, list):
            out[section] = list(out.get(section, [])) + [i for i in value if i not in out.get(section, [])]
        else:
            out[section] = value
    return out


# ---------------------------------------------------------------- lines
@dataclass(slots=True)
class Line:
    start: int  # stripped line, offsets into the text
    end: int
    text: str
    words: int
    final: bool  # ends with sentence punctuation
    bullet: bool
    key: str = ""  # normalised (short lines only)
    own: str | None = None  # lexicon class
    marker: bool = False  # the line is only a marker (READ_ALSO / RELATED)

    @property
    def paragraph(self) -> bool:
        return self.words >= PARAGRAPH_WORDS[0] or (self.final and self.words >= 6)


PARAGRAPH_WORDS = [12]


_TRAILING = _CLOSERS + " "


def _ends_sentence(text: str) -> bool:
    s = text.rstrip(_TRAILING)
    return bool(s) and s[-1] in _FINAL and not s.endswith("..")  # "..." / ".." end headlines, not sentences


def split_lines(text: str) -> list[Line]:
    """Non-empty lines of ``text`` with their stripped offsets (linear in the text)."""
    out: list[Line] = []
    append = out.append
    bullet = _BULLET.match
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            c = stripped[0]
            s = pos + raw.find(c)  # everything before the first non-space character is space
            words = stripped.count(" ") + 1
            if "\t" in stripped or "\u00a0" in stripped:
                words = len(stripped.split())
            append(Line(s, s + len(stripped), stripped, words, _ends_sentence(stripped),
                        (c in _BULLET_START or c.isdigit()) and bool(bullet(stripped))
                        and not stripped.startswith("--")))
        pos += len(raw) + 1
    return out


def _first_lines(chunk: str, k: int) -> list[str]:
    """The first ``k`` non-empty lines of ``chunk``, stripped (without splitting the rest)."""
    out: list[str] = []
    pos, n = 0, len(chunk)
    while len(out) < k and pos <= n:
        end = chunk.find("\n", pos)
        end = n if end < 0 else end
        line = chunk[pos:end].strip()
        if line:
            out.append(line)
        pos = end + 1
    return out


# ---------------------------------------------------------------- classification of one line
class Classifier:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.th = th = lex.th
        self.limits = {"SOURCE": th["source_max_words"], "CREDIT": th["credit_max_words"],
                       "SOCIAL": 10**9, "COPYRIGHT": 10**9}

    def marker(self, key: str) -> tuple[str | None, bool]:
        """(label, marker_only) when the line starts with a read-also / related marker."""
        body = _BULLET.sub("", key) if key[:1] in "•·▪►●■◆➤*-–—" else key
        for label in ("READ_ALSO", "RELATED"):
            regex = self.lex.marker_re.get(label)
            m = regex.match(body) if regex else None
            if m:
                return label, not m.group(1).strip(" .:-–")
        return None, False

    def classify(self, line: Line) -> None:
        """Lexicon class of a line (cached per lexicon for lines up to 200 characters: a site's furniture lines
        come back in every article)."""
        text = line.text
        if len(text) > 200:
            self._classify(line)
            return
        cache = self.lex.line_cache
        hit = cache.get(text)
        if hit is None:
            self._classify(line)
            if len(cache) >= 20_000:  # bounded (a few MB)
                cache.clear()
            cache[text] = (line.key, line.own, line.marker)
        else:
            line.key, line.own, line.marker = hit

    def _classify(self, line: Line) -> None:
        """Phrases are matched at the line's start (its first 60 characters are normalised); name lists and
        exact words only on short lines."""
        th = self.th
        words = line.words
        text = line.text
        key = line.key = _key(text[:60])
        if words <= th["marker_max_words"] + th["headline_max_words"]:
            label, only = self.marker(key)
            if label and (only or words <= th["headline_max_words"] + 3):
                line.own, line.marker = label, bool(only)
                return
        m = self.lex.prefix_any.match(key)
        if m and words <= self.limits.get(m.lastgroup, th["meta_max_words"]):
            line.own = m.lastgroup
            return
        if any(mark in text for mark in self.lex.copyright_marks):
            line.own = "COPYRIGHT"
            return
        if not line.final and text.count("|") >= 3:
            line.own = "META"  # a menu: "الصفحة الرئيسية | فيديو | ..."
            return
        if words > th["meta_max_words"]:
            return
        if words <= 8:
            bare = _bare(key)
            if not bare:
                return
            if words <= th["credit_max_words"] and self.lex.only_names_re.match(bare):
                line.own = "CREDIT"
                return
            if words <= 3 and (_EMAIL.match(text) or _URL.match(text)):
                line.own = "SOCIAL"
                return
            if words <= 4 and _PHONE_OPERATOR.match(text):
                line.own = "SOCIAL"
                return
            tokens = bare.split()
            for label, names in self.lex.exact.items():
                if bare in names or (len(tokens) > 1 and all(t in names for t in tokens)):
                    line.own = label
                    return
        if not line.final and (text.count("|") >= 3 or (
                "«" not in text and _breadcrumb_seps(text) >= 2)):
            line.own = "META"

    def header(self, line: Line) -> str | None:
        """Furniture that is only recognised above the first paragraph (bylines, dates, captions)."""
        th = self.th
        if line.own:
            return line.own
        if line.final or line.words > th["meta_max_words"]:
            return None
        key = line.key or _key(line.text)
        lex = self.lex
        if lex.date_re.search(line.text) and (line.words <= 10 or lex.weekday_re.match(line.text)) and not re.search(
                r"\)\s*[-–—]", line.text):
            return "META"
        if self.lex.weekday_re.match(key) and line.words <= 8 and any(c.isdigit() for c in key):
            return "META"
        head, colon, value = line.text.partition(":")
        value_words = value.split()
        if (colon and len(head.split()) <= 3 and line.words <= 8 and value_words
                and len(value_words) <= th["meta_value_max_words"] and any(c.isdigit() for c in value_words[0])):
            return "META"  # "key: value" ("ملعب سوسة الأولمبي : 2500 متفرج"), not a headline ("ناسا : اكتشاف 7 ...")
        for phrase in self.lex.captions:
            if key.startswith(phrase) and line.words <= 8:
                return "META"
        if line.words <= th["byline_max_words"]:
            m = _BYLINE.match(line.text)
            if m:
                a, b = m.group(1).split(), m.group(2).split()
                side = th["byline_side_max_words"]
                if 1 <= len(a) <= side and 1 <= len(b) <= side:
                    return "CREDIT"
            if self.lex.sites_re.search(_bare(key)) and line.words <= 5:
                return "CREDIT"
        return None


# ---------------------------------------------------------------- the decision over a document
def _breadcrumb_seps(text: str) -> int:
    """Separators of a breadcrumb or menu ("الرئيسية > أخبار > سياسة"); a '/' between digits is a date's."""
    return sum(1 for m in _BREADCRUMB_SEPS.finditer(text)
               if not (text[m.start() - 1:m.start()].isdigit() and text[m.end():m.end() + 1].isdigit()))


def _headlike(line: Line, lex: Lexicon) -> bool:
    th = lex.th
    text = _BULLET.sub("", line.text) if line.bullet else line.text
    n = text.count(" ") + 1
    return (th["headline_min_words"] <= n <= th["headline_max_words"] and not _ends_sentence(text)) or (
        line.bullet and n <= th["headline_max_words"]) or _date_only(line, lex)


def _date_only(line: Line, lex: Lexicon) -> bool:
    """A date line of a list ('23/07/2015', 'منذ 3 ساعات') under a related headline."""
    return line.words <= 5 and not line.final and bool(lex.date_re.search(line.text))


_FUNCTION_WORDS: set[str] = set()


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """Content words of a line (clitic ال/و/ب... stripped, function words dropped), for the topic tests (cached:
    the same body paragraphs are compared several times)."""
    return frozenset(_STEM[0].findall(text)) - _FUNCTION_WORDS


def _sim(a: set[str], b: set[str]) -> float:
    return len(a & b) / ((len(a) * len(b)) ** 0.5) if a and b else 0.0


def _topic_shift(lines: list[Line], title: str, nxt: int, body_before: list[int]) -> bool:
    """True when the paragraph at ``nxt`` continues ``title`` (another article) rather than the body so far."""
    if nxt >= len(lines) or not lines[nxt].paragraph:
        return False
    para = _words(lines[nxt].text)
    head = _words(title)
    if len(head) < 4:
        return False
    before: set[str] = set()
    for k in body_before[-3:]:
        before |= _words(lines[k].text)
    return _sim(para, head) > 1.2 * _sim(para, before) + 0.02


def _teaser_title(line: Line, lex: Lexicon) -> str | None:
    """'لا تفوت: عنوان مقال آخر' — a short lead-in (1-3 words) and a colon or '|' before a headline (no final
    punctuation: "قالت: «...».", "ثانيا: خلق فرص عمل للشباب." are text)."""
    th = lex.th
    if line.final or line.words > th["headline_max_words"] + 3 or not (":" in line.text or "|" in line.text):
        return None
    m = _TEASER.match(line.text)
    if not m:
        return None
    head, sep, title = m.groups()
    if not (1 <= len(head.split()) <= 3) or not (3 <= len(title.split()) <= th["headline_max_words"]):
        return None
    if _INNER_SENTENCE.search(title):
        return None  # "قد يسألني أحدهم: لماذا ...؟ سأقول ..." — sentences, not a headline
    if len(_ARABIC_WORD.findall(title)) < 2 or sep == "|" and not _ARABIC_WORD.search(head):
        return None  # "الرقم: أ / 267", "The Godfather | Francis Ford Coppola": not an Arabic headline
    return title.strip()


def _labelled(line: Line) -> bool:
    """A 'label: value' line: one to three words before a colon or '..' ("مارين لوبان : زعيمة حزب ...",
    "السعودية.. هبط المؤشر 0.8 في المئة")."""
    m = _LABEL.match(line.text[:60])
    return bool(m) and 1 <= len(m.group(1).split()) <= 3


def _off_topic_teaser(lines: list[Line], i: int, body: list[int], lex: Lexicon) -> bool:
    """An unknown 'X: headline' line between paragraphs whose headline shares little with the text around
    it (a subheading "المرحلة الأولى: التدريب" shares the words of its section); not a line of a list of
    'X: Y' lines (a teaser stands alone)."""
    title = _teaser_title(lines[i], lex)
    if not title or any(0 <= k < len(lines) and not lines[k].final and _labelled(lines[k]) for k in (i - 1, i + 1)):
        return False
    around: set[str] = set()
    for k in body[-2:] + [k for k in (i + 1, i + 2) if k < len(lines) and lines[k].paragraph][:1]:
        around |= _words(lines[k].text)
    head = _words(title)
    return bool(head) and len(head & around) / len(head) < 0.34


def _title_like(line: Line, th: dict) -> bool:
    """A line that can be an article's title: 2-25 words and not a full paragraph (a final '.', '?' or '!' is
    allowed: titles end with them too); a title with a lead-in ('X: headline') counts."""
    return not line.bullet and th["headline_min_words"] <= line.words <= th["headline_max_words"] and not (
        line.final and line.words >= th["paragraph_min_words"]) and not line.text.endswith(":")


def _byline_line(line: Line, th: dict) -> bool:
    """An own-line byline 'name – city' (each side 1-4 words)."""
    if line.final or line.words > th["byline_max_words"]:
        return False
    m = _BYLINE.match(line.text)
    side = th["byline_side_max_words"]
    return bool(m) and 1 <= len(m.group(1).split()) <= side and 1 <= len(m.group(2).split()) <= side and bool(
        _WORD.search(m.group(1)) and _WORD.search(m.group(2)))  # a name and a place, not "1- item", "X ـ 2015"


def _dateline_opening(line: Line, lex: Lexicon) -> bool:
    """A paragraph that opens a news article with a dateline naming an agency or a site ('الرياض - واس: ...',
    'باريس، 12 رمضان 1436 (رويترز - أ ف ب) - ...')."""
    if not line.paragraph:
        return False
    m = _DATELINE.match(line.text[:120])
    if not m:
        return False
    agencies, sites = lex.names_in(_bare(_key(m.group(1))))
    return bool(agencies or sites)


def _article_start(lines: list[Line], t: int, lex: Lexicon, th: dict) -> bool:
    """Line ``t`` is the title of a news article that starts there: a title-like line followed by the article's
    own byline line and a paragraph, or by a paragraph that opens with an agency/site dateline."""
    n = len(lines)
    if t + 1 >= n or not _title_like(lines[t], th):
        return False
    nxt = lines[t + 1]
    if _byline_line(nxt, th):  # its byline, maybe a photo caption, then its first paragraph
        return t + 2 < n and (lines[t + 2].paragraph or t + 3 < n and lines[t + 3].paragraph
                              and lines[t + 2].words <= th["meta_max_words"] and not lines[t + 2].final)
    return _dateline_opening(nxt, lex)


def _another_article(lines: list[Line], i: int, body: list[int], lex: Lexicon, th: dict) -> int | None:
    """After the body: where another article starts at or shortly after line ``i`` (the index of its title), or
    None. Structural evidence, no phrase: (a) a title followed by its own byline or by a dateline paragraph,
    after 1 to ``marker_run`` short lines (an unknown marker, furniture) or in a teaser line 'X: title' (a bare
    title + dateline right after a paragraph is how news digests list their items: body); (b) a title and a
    paragraph that does not continue a text (no connective opener) after short lines, the first of which is
    furniture (a credit/source/contact/tag line right after the last paragraph: the article had ended)."""
    n = len(lines)
    if not i or not (lines[i - 1].paragraph or lines[i - 1].own == "READ_ALSO" or _teaser_title(lines[i - 1], lex)):
        return None  # the run starts right after a paragraph (or a teaser line)
    cue = _furniture(lines[i], lex, th)  # the article ended with a furniture line
    for t in range(i, min(n, i + th["marker_run"] + 1)):
        ln = lines[t]
        teaser = ln.own == "READ_ALSO" or bool(_teaser_title(ln, lex))
        if ln.words >= th["paragraph_min_words"] and not teaser or ln.bullet:
            return None
        if (t > i and not any(lines[k].final for k in range(i, t)) or teaser) and _article_start(lines, t, lex, th):
            return t  # (lines ending with '.' before it are text: a column's answer, not a marker)
        if cue and t > i and _title_like(ln, th) and _lead_after(lines, t + 1, lex, th) and not (
                _labelled(ln) and _labelled(lines[t + 1])):  # "X : Y" lines in a row are a list, not an article
            return t
    return None


def _continues(line: Line, lex: Lexicon) -> bool:
    """The paragraph opens with a connective that continues a text (و/ف + word, كما, فيما, ثم, مؤكدا ...:
    ``continuation_openers`` in the data file): news paragraphs after the lead do, an article's lead does not."""
    first = _key(line.text[:30]).split(" ", 1)[0].strip("«\"“'(")
    return first in lex.cont_words or (len(first) >= 3 and first[0] in lex.cont_prefixes)


def _lead_after(lines: list[Line], k: int, lex: Lexicon, th: dict) -> bool:
    """Line ``k`` is a paragraph (not a teaser) that can open an article."""
    return k < len(lines) and lines[k].paragraph and not lines[k].bullet and not _teaser_title(
        lines[k], lex) and not _continues(lines[k], lex)


def _new_lead(lines: list[Line], k: int, body: list[int], title: str, lex: Lexicon) -> bool:
    """The paragraph at ``k`` reads as the lead of the article ``title`` announces, not as the body's next
    paragraph: it does not open with a connective that continues a text (و/ف + word, كما, فيما, ثم, مؤكدا ...:
    ``continuation_openers`` in the data file), its content words (with the next paragraph's) overlap little with
    the body so far (< ``lead_max_overlap_pct``), and it takes up words of the title (>=
    ``lead_min_title_overlap_pct`` of them). Calibrated on development articles: a paragraph boundary inside one
    article passes 0.2% of the time, the first paragraphs of another article about 80%."""
    if k >= len(lines) or not lines[k].paragraph or lines[k].bullet or not body or _continues(lines[k], lex):
        return False  # (a bullet point is not an article's lead)
    after: set[str] = set()
    for j in (k, k + 1):
        if j < len(lines) and lines[j].paragraph:
            after |= _words(lines[j].text)
    th = lex.th
    before: set[str] = set()
    for j in body[-th["lead_context_paragraphs"]:]:  # bounded: linear on long texts full of teaser-like lines
        before |= _words(lines[j].text)
    head = _words(title)
    return bool(after) and bool(head) and 100 * len(after & before) < th["lead_max_overlap_pct"] * len(after) \
        and 100 * len(after & head) >= th["lead_min_title_overlap_pct"] * len(head)


def _furniture(line: Line, lex: Lexicon, th: dict) -> bool:
    """A line that is page furniture rather than text: a lexicon class, or a short unpunctuated line that is
    'label: value' (a 1-2 word label), a contact, a date, or names a site/agency."""
    if line.own in END_LABELS or line.own in ("META", "AD"):
        return True
    if line.final or line.words > th["trailing_max_words"] or line.own in ("READ_ALSO", "RELATED"):
        return False
    text = line.text
    head, colon, value = text.partition(":")
    if colon and len(head.split()) <= 2 and len(value.split()) <= 4:  # "إشراف: name"; not a teaser "X: title"
        return True
    if text.endswith(":"):
        return False  # "وفيما يلي إغلاق مؤشرات أسواق الأسهم في الشرق الأوسط:" introduces what follows
    if "@" in text or "http" in text or "www." in text or lex.date_re.search(text):  # a contact, a dated line
        return True
    bare = _bare(line.key or _key(text))
    if line.words <= 6 and any(w in lex.exact.get("SOCIAL", ()) for w in bare.split()):
        return True  # "انضم إلى قناتنا على تيليجرام"
    return bool(lex.names_re.search(bare))


def find_boilerplate(text: str, lex: Lexicon, *, use_structure: bool = True,
                     label_header: bool = True) -> list[tuple[int, int, str]]:
    """``[(start_char, end_char, label), ...]`` of the furniture in ``text`` (sorted, not overlapping)."""
    lines = split_lines(text)
    if not lines:
        return []
    th = lex.th
    PARAGRAPH_WORDS[0] = th["paragraph_min_words"]
    clf = Classifier(lex)
    n = len(lines)
    for k, line in enumerate(lines):
        # a full paragraph in the middle of the text is body whatever it starts with: not looked up
        if not (line.final and line.words >= th["paragraph_min_words"]) or k < 3 or k >= n - 5:
            clf.classify(line)
    labels: list[str | None] = [None] * n
    inline: list[tuple[int, int, str]] = []

    # head: lines above the first paragraph
    first_para = next((i for i, ln in enumerate(lines) if ln.paragraph and not ln.own), n)
    if label_header:
        for i in range(first_para):
            labels[i] = clf.header(lines[i])

    # runs of headline-like lines that last to the end of the text (suffix scan, linear)
    head_to_end = [False] * (n + 1)
    head_to_end[n] = True
    for i in range(n - 1, -1, -1):
        head_to_end[i] = head_to_end[i + 1] and _headlike(lines[i], lex) and lines[i].own is None
    # ... made of headlines, not of sentences: a bullet list whose items often end with '.' (an interview's
    # answers, a report's points, a recipe's steps) is text; headlines end without it (or with '?', '!', '...')
    dots = 0
    for i in range(n - 1, -1, -1):
        if not head_to_end[i]:
            break
        end = lines[i].text.rstrip(_CLOSERS + " ")
        dots += end.endswith(".") and not end.endswith("..")
        if 3 * dots >= n - i and n - i >= th["related_min_run"]:
            head_to_end[i] = False

    body: list[int] = []  # body paragraphs so far
    tail = False
    region: str | None = None
    skip = 0
    for i in range(first_para, n):
        if i < skip:
            continue
        ln = lines[i]
        own = ln.own
        if not tail:
            seen = len(body)
            if own and ln.marker and seen >= th["tail_min_body_paragraphs"]:
                tail, region, labels[i] = True, own, own
            elif use_structure and seen >= th["structural_min_body_paragraphs"] and not ln.paragraph and (
                    (t := _another_article(lines, i, body, lex, th)) is not None):
                for k in range(i, t):  # furniture and an unknown marker before the other article's title
                    labels[k] = lines[k].own or ("READ_ALSO" if k == t - 1 and lines[k].text.endswith(":")
                                                 else _guess(lines[k], lex))
                tail, region, labels[t], skip = True, "READ_ALSO", "READ_ALSO", t + 1
            elif use_structure and own is None and seen >= th["structural_min_body_paragraphs"] and (
                    title := _teaser_title(ln, lex)) and _new_lead(lines, i + 1, body, title, lex):
                tail, region, labels[i] = True, "READ_ALSO", "READ_ALSO"  # an unknown teaser and its article
            elif own == "READ_ALSO" or (use_structure and seen >= 1 and own is None
                                        and _off_topic_teaser(lines, i, body, lex)):
                labels[i] = "READ_ALSO"  # a teaser line between paragraphs ...
                title = _teaser_title(ln, lex) or ln.text
                if use_structure and (_topic_shift(lines, title, i + 1, body) or (
                        seen >= th["structural_min_body_paragraphs"] and _new_lead(lines, i + 1, body, title, lex))):
                    tail, region = True, "READ_ALSO"  # ... unless another article follows it
            elif own in END_LABELS and seen >= th["tail_min_body_paragraphs"] and not _byline(ln, lex):
                tail, labels[i] = True, own
            elif own:
                labels[i] = own
            elif use_structure and seen >= th["structural_min_body_paragraphs"] and (
                    found := _structural(lines, i, head_to_end, body, lex)):
                tail, region, labels[i] = True, found, found
            elif ln.paragraph:
                body.append(i)
        else:
            if own and ln.marker:
                region = own
                labels[i] = own
            elif own:
                labels[i] = own
            elif region == "READ_ALSO" and use_structure and _structural(lines, i, head_to_end, body, lex) == "RELATED":
                region = labels[i] = "RELATED"  # a related list after the appended article, marker unknown
            elif region:
                labels[i] = region
            else:
                found = _structural(lines, i, head_to_end, body, lex) if use_structure else None
                if found:
                    region = found
                elif head_to_end[i] and i + 1 < n:
                    region = "RELATED"
                elif ln.paragraph or _teaser_title(ln, lex):
                    region = "READ_ALSO"
                labels[i] = region or _guess(ln, lex)

    # short lines after the last body paragraph that carry a furniture cue ("X: ...", e-mail, a site or
    # agency name, a share-button word) are furniture even when no phrase names them
    if use_structure and body:
        for k in range(n - 1, body[-1], -1):
            ln = lines[k]
            if labels[k] is None:
                if ln.paragraph or ln.final or ln.words > th["trailing_max_words"] or not _cue(ln, lex):
                    break
                labels[k] = _guess(ln, lex)

    # inline leftovers at the end of the last body line
    last_body = next((k for k in range(n - 1, -1, -1) if labels[k] is None), None)
    if last_body is not None and last_body >= first_para:
        inline.extend(_tail_inline(text, lines[last_body], lex))
    spans = _merge(lines, labels)
    spans.extend(inline)
    spans.sort()
    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, lab))
    return out


def _guess(line: Line, lex: Lexicon) -> str:
    """Label of a furniture line no lexicon entry names: contact, tags/dates, or a name (credit)."""
    if "@" in line.text or "http" in line.text or "www." in line.text:
        return "SOCIAL"
    bare = _bare(line.key or _key(line.text))
    if any(w in lex.exact.get("SOCIAL", ()) for w in bare.split()):
        return "SOCIAL"
    if ":" in line.text or lex.date_re.search(line.text):
        return "META"
    return "CREDIT"


def _cue(line: Line, lex: Lexicon) -> bool:
    """A short line looks like furniture: 'label: ...', contact, date, site/agency name, share-button word."""
    head, colon, _ = line.text.partition(":")
    if colon and len(head.split()) <= 2:
        return True
    if "@" in line.text or "http" in line.text or "www." in line.text or lex.date_re.search(line.text):
        return True
    bare = _bare(line.key or _key(line.text))
    if lex.names_re.search(bare):
        return True
    words = bare.split()
    return any(w in names for names in lex.exact.values() for w in words)


def _byline(line: Line, lex: Lexicon) -> bool:
    """A credit that opens an article rather than ending it: "حوار: ...", "كتب: ...", photo credits."""
    return bool(lex.photo_word) and lex.photo_word in line.key or bool(
        re.match(r"^\S+\s?:", line.text)) and line.own == "CREDIT"


def _structural(lines: list[Line], i: int, head_to_end: list[bool], body: list[int], lex: Lexicon) -> str | None:
    """A marker the lexicon does not know: a short line, then a headline-like line, then paragraphs of
    another topic (READ_ALSO) or headline-like lines to the end (RELATED); or a bullet run to the end."""
    ln = lines[i]
    n = len(lines)
    th = lex.th
    if ln.final and not ln.text.endswith(":"):
        return None
    if ln.bullet and head_to_end[i] and sum(1 for k in range(i, min(n, i + 3))
                                            if lines[k].bullet) >= th["related_min_run"]:
        return "RELATED"
    if ln.words > th["marker_max_words"] or ln.paragraph or i + 1 >= n or not _WORD.search(ln.text):
        return None
    nxt = lines[i + 1]
    if nxt.own or not _headlike(nxt, lex):
        return None
    if head_to_end[i + 1] and n - (i + 1) >= th["related_min_run"]:
        run = [r for r in lines[i + 1:] if not _date_only(r, lex)]
        if run and sum(r.words for r in run) >= th["related_min_avg_words"] * len(run):
            return "RELATED"
    if i + 2 < n and lines[i + 2].paragraph and not nxt.bullet and (ln.text.endswith(":") or (
            ln.words <= 4 and nxt.words >= 5 and (_topic_shift(lines, nxt.text, i + 2, body)
                                                  or _new_lead(lines, i + 2, body, nxt.text, lex)))):
        return "READ_ALSO"
    return None


def _merge(lines: list[Line], labels: list[str | None]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    prev = None
    for k, (ln, lab) in enumerate(zip(lines, labels)):
        if lab is None:
            prev = None
            continue
        if prev == lab and lab in ("READ_ALSO", "RELATED", "SOCIAL", "META") and out and not lines[k].marker:
            out[-1] = (out[-1][0], ln.end, lab)
        else:
            out.append((ln.start, ln.end, lab))
        prev = lab
    return out


def _tail_inline(text: str, line: Line, lex: Lexicon) -> list[tuple[int, int, str]]:
    out = []
    s = line.text
    end = len(s)
    for regex, label, word in lex.tail_res:
        if not word or word not in s:  # each pattern needs its word: skip the search on most lines
            continue
        m = regex.search(s, 0, end)
        if m and m.start(1) > 0:
            out.append((line.start + m.start(1), line.start + m.end(1), label))
            end = m.start(1)
            s = s[:end].rstrip()
            end = len(s)
    m = _PAREN_TAIL.search(s) if s.rstrip().endswith(")") else None
    if m and m.start(1) > 0:
        bare = _bare(_key(m.group(1)))
        if bare and lex.only_names_re.match(bare):
            out.append((line.start + m.start(1), line.start + m.end(1), "CREDIT"))
    return out


# ---------------------------------------------------------------- metadata
def article_meta(text: str, spans: list[tuple[int, int, str]], lex: Lexicon) -> dict[str, Any]:
    """Plain-data metadata from what was labelled (and a leading dateline): agencies, source, titles."""
    agencies: list[str] = []
    sources: list[str] = []
    stated_sources: list[str] = []  # from SOURCE lines: preferred over a site named in a credit
    related: list[str] = []
    read_also: list[str] = []
    authors: list[str] = []

    def add(seq: list[str], items: Iterable[str]) -> None:
        for x in items:
            if x and x not in seq:
                seq.append(x)

    for s, e, lab in spans:
        chunk = text[s:e]
        if lab in ("CREDIT", "SOURCE"):
            bare = _bare(_key(chunk))
            ag, si = lex.names_in(bare)
            add(agencies, [a for a in ag if a != "agencies"])
            if lab == "SOURCE":
                m = lex.source_re.search(chunk)
                add(stated_sources, si or ([m.group(1).strip()] if m and not ag else []))
            else:
                add(sources, si)
                m = _BYLINE.match(chunk) if not ag and not si else None
                if m:
                    add(authors, [m.group(1).strip()])
        elif lab in ("RELATED", "READ_ALSO"):
            # a related block: every line; an appended article: its marker and title lines only
            clf_lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()] if lab == "RELATED" else \
                _first_lines(chunk, 2)
            titles = []
            if lab == "RELATED":
                for ln in clf_lines:
                    t = _BULLET.sub("", ln).strip()
                    if t and len(t.split()) >= 2 and not _is_marker(t, lex) and not (
                            len(t.split()) <= 5 and lex.date_re.search(t)):  # a date line under a headline
                        titles.append(t)
                # an unknown header: a first line (no bullet) shorter than every headline under it
                if len(titles) >= 2 and titles[0] == clf_lines[0].strip() and len(titles[0].split()) <= \
                        lex.th["marker_max_words"] and len(titles[0].split()) < min(len(x.split()) for x in titles[1:]):
                    titles = titles[1:]
                add(related, titles)
            else:
                if not clf_lines:
                    continue
                first = clf_lines[0]
                if _is_marker(first, lex):
                    if len(clf_lines) > 1:
                        titles.append(_BULLET.sub("", clf_lines[1]).strip())
                else:
                    m = re.match(r"^[^:]{2,30}:\s*(.+)$", first)
                    if m and _is_marker(first.split(":")[0], lex):
                        titles.append(m.group(1).strip())
                    elif not first.endswith("المزيد") and len(first.split()) <= lex.th["headline_max_words"]:
                        titles.append(_BULLET.sub("", first).strip())
                add(read_also, titles)
    first = next((raw.strip() for raw in text[:400].split("\n") if raw.strip()), "")
    if first:
        m = _DATELINE.match(first)
        if m:
            ag, _ = lex.names_in(_bare(_key(m.group(1))))
            add(agencies, [a for a in ag if a != "agencies"])
    sources = stated_sources + sources
    meta: dict[str, Any] = {"agencies": agencies, "source": sources[0] if sources else None,
                            "related_titles": related, "read_also_titles": read_also}
    if authors:
        meta["authors"] = authors
    return meta


def _is_marker(text: str, lex: Lexicon) -> bool:
    key = _key(text).rstrip(": .-–")
    key = _BULLET.sub("", key).strip()
    return key in lex.marker_set


# ---------------------------------------------------------------- helpers for downstream components
_RANGES_CACHE: dict[int, tuple[tuple, list[tuple[int, int]]]] = {}


def boilerplate_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Sorted, merged ``(start_char, end_char)`` ranges of ``doc.spans["boilerplate"]``.

    Cached per doc (checked against the group's size and first/last spans), so that callers that check one
    range at a time stay linear on long documents."""
    group = doc.spans.get(BOILERPLATE_KEY)
    if not group:
        return []
    first, last = group[0], group[-1]
    stamp = (len(doc), len(group), first.start_char, first.end_char, last.start_char, last.end_char)
    hit = _RANGES_CACHE.get(id(doc))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    spans = sorted((s.start_char, s.end_char) for s in group)
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    if len(_RANGES_CACHE) > 256:
        _RANGES_CACHE.clear()
    _RANGES_CACHE[id(doc)] = (stamp, out)
    return out


def in_boilerplate(doc: Doc, start: int, end: int | None = None, *,
                   ranges: list[tuple[int, int]] | None = None) -> bool:
    """True when the character range ``[start, end)`` lies mostly (more than half) inside boilerplate.

    With ``end`` omitted, whether the character at ``start`` is boilerplate. Pass ``ranges`` (from
    :func:`boilerplate_ranges`) when checking many ranges of one doc: each check is then a bisect.
    """
    if ranges is None:
        ranges = boilerplate_ranges(doc)
    if not ranges:
        return False
    if end is None or end <= start + 1:
        k = bisect_right(ranges, (start, float("inf"))) - 1
        return k >= 0 and ranges[k][0] <= start < ranges[k][1]
    covered = 0
    k = max(0, bisect_right(ranges, (start, float("inf"))) - 1)
    while k < len(ranges) and ranges[k][0] < end:
        s, e = ranges[k]
        covered += max(0, min(e, end) - max(s, start))
        k += 1
    return covered * 2 > (end - start)


# ---------------------------------------------------------------- the component
class BoilerplateLabeller(ArabnewsComponent):
    """Labels page furniture in ``doc.spans["boilerplate"]`` and fills ``doc._.article_meta``."""

    def __init__(self, nlp: Language, name: str = "arabnews_boilerplate", *, use_structure: bool = True,
                 label_header: bool = True, lexicon_path: str = "", spans_key: str = BOILERPLATE_KEY,
                 scorer: Callable | None = None):
        self.name = name
        self.use_structure = bool(use_structure)
        self.label_header = bool(label_header)
        self.lexicon_path = str(lexicon_path or "")
        self.spans_key = spans_key
        self.scorer = scorer
        self._set_data(copy.deepcopy(read_json(DATA_FILE)))  # a copy: editing it must not change other pipelines
        # ``lexicon_path`` is merged by initialize() (arabnews.load) or on first use, not here: spacy.load()
        # restores the merged lexicon saved by to_disk, and must work where the extra file is gone
        self._pending_path = self.lexicon_path
        install_extensions()

    def _set_data(self, data: dict) -> None:
        self.data = data
        self.lexicon = Lexicon(data)

    def _merge_pending(self) -> None:
        """Merge the ``lexicon_path`` file into the lexicon (once)."""
        if not self._pending_path:
            return
        path = Path(self._pending_path)
        if not path.is_file():
            raise ValueError(Errors.E009.format(key="lexicon_path", value=self._pending_path, component=self.name,
                                                why="no such file (a JSON file laid out like "
                                                    "arabnews/data/boilerplate.v1.json)"))
        self._set_data(merge_lexicon(self.data, json.loads(path.read_text(encoding="utf-8"))))
        self._pending_path = ""

    def add_phrases(self, section: str, label: str, phrases: Iterable[str]) -> None:
        """Extend a lexicon list, e.g. ``add_phrases("markers", "READ_ALSO", ["طالع كذلك"])``."""
        self._merge_pending()
        self._set_data(merge_lexicon(self.data, {section: {label: list(phrases)}}))

    def predict(self, doc: Doc) -> tuple[list[tuple[int, int, str]], dict]:
        if self._pending_path:
            self._merge_pending()
        text = doc_text(doc)  # the text stored by the tokenizer (Doc.text would rebuild it from the tokens)
        spans = find_boilerplate(text, self.lexicon, use_structure=self.use_structure,
                                 label_header=self.label_header)
        return spans, article_meta(text, spans, self.lexicon)

    def set_annotations(self, doc: Doc, found: tuple[list[tuple[int, int, str]], dict]) -> None:
        spans, meta = found
        group = []
        for s, e, label in spans:
            span = doc.char_span(s, e, label=label, alignment_mode="contract")
            if span is not None and len(span):
                group.append(span)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=group)
        merged = dict(doc.user_data.get(META_KEY) or {})  # doc._.article_meta without its JSON copy
        merged.update(meta)
        doc.user_data[META_KEY] = merged

    def process(self, doc: Doc) -> Doc:
        """Label the boilerplate of ``doc`` (``__call__``/``pipe`` and errors: ArabnewsComponent)."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        self._merge_pending()  # a missing lexicon_path file is reported here (E009) by arabnews.load()

    # serialisation: the effective lexicon travels with the pipeline
    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        self._merge_pending()
        return srsly.msgpack_dumps({"lexicon": self.data, "cfg": self._cfg()})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> BoilerplateLabeller:
        msg = srsly.msgpack_loads(bytes_data)
        self._load_cfg(msg.get("cfg", {}))
        self._set_data(msg["lexicon"])
        self._pending_path = ""  # the saved lexicon already holds the merged file
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        self._merge_pending()
        path = util.ensure_path(path)
        serializers = {
            "lexicon": lambda p: srsly.write_json(p.with_suffix(".json"), self.data),
            "cfg": lambda p: srsly.write_json(p, self._cfg()),
        }
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> BoilerplateLabeller:
        path = util.ensure_path(path)
        deserializers = {
            "cfg": lambda p: self._load_cfg(srsly.read_json(p)) if p.exists() else None,
            "lexicon": lambda p: self._restore(srsly.read_json(p.with_suffix(".json")))
            if p.with_suffix(".json").exists() else None,
        }
        util.from_disk(path, deserializers, exclude)
        return self

    def _restore(self, data: dict) -> None:
        self._set_data(data)
        self._pending_path = ""  # the saved lexicon already holds the merged file

    def _cfg(self) -> dict:
        return {"use_structure": self.use_structure, "label_header": self.label_header,
                "spans_key": self.spans_key}

    def _load_cfg(self, cfg: dict) -> None:
        self.use_structure = bool(cfg.get("use_structure", self.use_structure))
        self.label_header = bool(cfg.get("label_header", self.label_header))
        self.spans_key = cfg.get("spans_key", self.spans_key)


# ---------------------------------------------------------------- scoring
def _gold_boilerplate(example: Example, key: str) -> list[tuple[int, int]]:
    ref = example.reference
    return sorted((s.start_char, s.end_char) for s in ref.spans.get(key, []))


def score_boilerplate(examples: Iterable[Example], *, spans_key: str = BOILERPLATE_KEY,
                      **_: Any) -> dict[str, float]:
    """Body-token precision/recall/F over the predicted tokens (whitespace tokens ignored).

    A token is gold body when its first character is outside the reference's ``doc.spans["boilerplate"]``.
    """
    tp = fp = fn = 0
    for eg in examples:
        gold = _gold_boilerplate(eg, spans_key)
        pred = boilerplate_ranges(eg.predicted)
        for tok in eg.predicted:
            if tok.is_space:
                continue
            g = not _inside(gold, tok.idx)
            p = not _inside(pred, tok.idx)
            tp += g and p
            fp += p and not g
            fn += g and not p
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"boilerplate_body_p": prec, "boilerplate_body_r": rec, "boilerplate_body_f": f}


def _inside(ranges: list[tuple[int, int]], i: int) -> bool:
    k = bisect_right(ranges, (i, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= i < ranges[k][1]


@util.registry.scorers("arabnews.boilerplate_scorer.v1")
def make_boilerplate_scorer() -> Callable:
    return score_boilerplate


@Language.factory(
    "arabnews_boilerplate",
    assigns=["doc.spans", "doc._.article_meta"],
    requires=[],
    default_config={"use_structure": True, "label_header": True, "lexicon_path": "",
                    "scorer": {"@scorers": "arabnews.boilerplate_scorer.v1"}},
    default_score_weights={"boilerplate_body_f": 1.0, "boilerplate_body_p": 0.0, "boilerplate_body_r": 0.0},
)
def make_boilerplate(nlp: Language, name: str, use_structure: bool, label_header: bool, lexicon_path: str,
                     scorer: Callable | None) -> BoilerplateLabeller:
    return BoilerplateLabeller(nlp, name, use_structure=use_structure, label_header=label_header,
                               lexicon_path=lexicon_path, scorer=scorer)


# ---------------------------------------------------------------- plain-text helper
_STRIP_NLP: list[Language] = []


def strip_boilerplate(text: str) -> str:
    """The article body of ``text`` without its furniture (paragraphs kept), e.g. before another tool."""
    check_text(text, "strip_boilerplate")
    if not _STRIP_NLP:
        from .pipeline import load

        _STRIP_NLP.append(load(exclude=[n for n in ("arabnews_linker", "arabnews_quotes", "arabnews_speakers")]))
    nlp = _STRIP_NLP[0]
    with nlp.select_pipes(enable=[p for p in ("arabnews_boilerplate",) if p in nlp.pipe_names]):
        doc = nlp(text)
    return doc._.body_text
