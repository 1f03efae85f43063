"""News-grade tokenizer for Arabic: ``arabnews.ArabicNewsTokenizer.v1``.

spaCy's Arabic defaults glue punctuation to letters in news text (on the seed article 13 of 758 tokens):
a quote mark after a proclitic (``لـ«الناتو»``, ``بـ"أقوى``, ``و"حريتهم"``), a period after a closing quote
(``مضى".``) or after an Arabic letter or tanween (``تحدٍ.``), a slash after a name (``فرانس24/``), a dot inside
``أف.أم``. This tokenizer keeps spaCy's rules and adds the Arabic-news ones. It never changes a character and
never splits clitics from words (matching handles clitics); single-letter abbreviations (``أ.ف.ب``), decimals
(``2.5``) and percentages (``2.5٪``) stay whole. HTML markup left in the text (``<p>``, ``&quot;``, a script
element) is one token per tag or reference, and the Doc's analysed text has it masked (:mod:`arabnews.markup`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import spacy
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .extensions import remember_text
from .markup import markup_spans, mask_markup

# Letters include the presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC) that some old sites and PDFs emit.
ARABIC_LETTER = "\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FC\uFB50-\uFDFF\uFE70-\uFEFC"
ARABIC_MARK = "\u064B-\u065F\u0670\u06D6-\u06ED"
OPEN_QUOTES = "\"«“„‹'"
CLOSE_QUOTES = "\"»”“›«‹'"  # « ‹ close the reversed pairs » « and › ‹

# A proclitic (with optional tatweel) glued to an opening quote mark: و" لـ« بـ" ولـ« فـ"
PROCLITIC_BEFORE_QUOTE = rf"(?:[وف]?[بلك]|[وف])ـ?(?=[{OPEN_QUOTES}])"

#: single guillemets, split like « » (spaCy's Arabic punctuation lists do not hold them): ‹الوضع ...› (audit Q6)
SINGLE_GUILLEMETS = "[‹›]"
EXTRA_PREFIXES = [PROCLITIC_BEFORE_QUOTE, SINGLE_GUILLEMETS]
EXTRA_SUFFIXES = [
    SINGLE_GUILLEMETS,
    rf"(?<=[{CLOSE_QUOTES})\]])[.,،؛:!?؟]",  # مضى". / «الناتو». / (أ ف ب).
    rf"(?<=[{ARABIC_LETTER}{ARABIC_MARK}]{{2}})\.",  # تحدٍ. / الإجمالي. (not the dots of أ.ف.ب)
    rf"(?<=[{ARABIC_LETTER}0-9])/",  # فرانس24/
]
EXTRA_INFIXES = [
    rf"(?<=[{ARABIC_LETTER}]{{2}})\.(?=[{ARABIC_LETTER}])",  # أف.أم
    rf"(?<=[{ARABIC_LETTER}])\.(?=[{ARABIC_LETTER}]{{2}})",
    rf"(?<=[{ARABIC_LETTER}])/(?=[{ARABIC_LETTER}0-9])",  # أ.ف.ب/رويترز
    rf"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])[{OPEN_QUOTES}](?=[{ARABIC_LETTER}])",  # ال"تحالف" glued marks
    rf"(?<=[{ARABIC_LETTER}{ARABIC_MARK}])[،؛؟](?=[{ARABIC_LETTER}])",
    rf"(?<=[{ARABIC_LETTER}{ARABIC_MARK}]):(?=[{OPEN_QUOTES}])",  # وقال بوتين:«الوضع
    rf"(?<=:)[{OPEN_QUOTES}](?=[{ARABIC_LETTER}])",
]


# Whole tokens: single-letter abbreviations (أ.ف.ب, أ.ف.ب.) and numbers with a percent sign (2.5٪, 40%).
TOKEN_MATCH = re.compile(
    rf"^(?:(?:[{ARABIC_LETTER}]\.){{1,5}}[{ARABIC_LETTER}]\.?|[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?[%٪])$"
)
# spaCy's URL pattern, but never for a string with Arabic letters (it took أف.أم for a domain name).
URL_MATCH = re.compile(rf"(?u)(?![^\s]*[{ARABIC_LETTER}])" + URL_PATTERN)


#: spaCy's affix loop is quadratic on a long run without spaces («««…, minified markup); such runs are cut
#: into letters/digits runs and single other characters instead.
LONG_RUN = re.compile(r"\S{200,}")
FALLBACK_TOKEN = re.compile(r"\w+|\S")
WHITESPACE_RUN = re.compile(r"(\s+)")


class ArabicNewsTokenizer(Tokenizer):
    """spaCy's Tokenizer with the Arabic-news rules, linear even on hostile input."""

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, str):
            return super().__call__(text)
        spans = markup_spans(text)
        if not spans:
            return remember_text(self._plain(text), text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for start, end, _kind in [*spans, (len(text), len(text), "")]:
            piece = text[pos:start]
            if piece.startswith(" ") and words and not spaces[-1]:
                spaces[-1] = True  # the space after a tag belongs to the tag, as spaCy does for words
                piece = piece[1:]
            if piece:
                plain = self._plain(piece)
                words.extend(t.text for t in plain)
                spaces.extend(bool(t.whitespace_) for t in plain)
            if end > start:
                words.append(text[start:end])
                spaces.append(False)
                self._mark_lexeme(text[start:end], _kind)
            pos = end
        return remember_text(Doc(self.vocab, words=words, spaces=spaces), text, mask_markup(text, spans))

    def _mark_lexeme(self, markup: str, kind: str) -> None:
        """A tag is white space to every component (``token.is_space``), a reference to a quotation mark or other
        punctuation is punctuation (``token.is_punct``): lexeme flags, so token-level rules skip markup as they
        skip spaces."""
        lexeme = self.vocab[markup]
        if kind != "char":
            lexeme.is_space = True
            return
        char = html.unescape(markup)
        if char.isspace():
            lexeme.is_space = True
        elif unicodedata.category(char).startswith("P"):
            lexeme.is_punct = True

    def _plain(self, text: str) -> Doc:
        """The Doc of a text without markup."""
        if not LONG_RUN.search(text):
            return super().__call__(text)
        words: list[str] = []
        spaces: list[bool] = []
        lead = len(text) - len(text.lstrip())
        if lead:
            words.append(text[:lead])
            spaces.append(False)
        pieces = WHITESPACE_RUN.split(text[lead:])
        for i in range(0, len(pieces), 2):
            chunk = pieces[i]
            if not chunk:
                continue
            gap = pieces[i + 1] if i + 1 < len(pieces) else ""
            if len(chunk) >= 200:
                chunk_words = FALLBACK_TOKEN.findall(chunk)
                chunk_spaces = [False] * len(chunk_words)
            else:
                chunk_doc = super().__call__(chunk)
                chunk_words = [t.text for t in chunk_doc]
                chunk_spaces = [bool(t.whitespace_) for t in chunk_doc]
            words.extend(chunk_words)
            spaces.extend(chunk_spaces)
            if gap:
                spaces[-1] = gap.startswith(" ")
                rest = gap[1:] if gap.startswith(" ") else gap
                if rest:
                    words.append(rest)
                    spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def build_tokenizer(nlp: Language) -> Tokenizer:
    """The arabnews tokenizer for ``nlp``'s vocab: spaCy's Arabic rules plus the news rules above."""
    defaults = nlp.Defaults
    prefixes = list(defaults.prefixes or []) + EXTRA_PREFIXES
    suffixes = EXTRA_SUFFIXES + list(defaults.suffixes or [])
    infixes = list(defaults.infixes or []) + EXTRA_INFIXES
    return ArabicNewsTokenizer(
        nlp.vocab,
        rules=dict(defaults.tokenizer_exceptions),
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=TOKEN_MATCH.match,
        url_match=URL_MATCH.match,
    )


@spacy.registry.tokenizers("arabnews.ArabicNewsTokenizer.v1")
def create_arabic_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered tokenizer factory; the default of :func:`arabnews.load`."""
    return build_tokenizer
