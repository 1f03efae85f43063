"""``arabnews_quotes``: direct, indirect, mixed and according-to quotes in Arabic news, without a parser.

Detection is character-level (independent of how the tokenizer split punctuation):

1. quotation marks are paired per paragraph by :mod:`arabnews.marks`;
2. reporting cues are found with one compiled pattern over the text (every form of the lexicon
   ``data/quotes.v1.json``: verbs in perfect / imperfect / participle, gender and number forms, و/ف proclitics,
   speech-act nouns, according-to phrases; diacritics and tatweel are allowed inside the words);
3. from each cue a rule looks forward for what introduces the content (a complementiser أن/إن/بأن/أنه..., a
   colon, an opening quotation mark, the verb's object preposition) and the speaker slot lies between the cue
   and that introducer (VSO) or before the cue (SVO); an according-to cue attributes its sentence;
4. the content runs to the end of the reported clause (a sentence end outside quotation marks, a line break,
   or a comma followed by a new cue / a writer's gloss).

Marked text is a quotation only when it is a clause (at least ``marks.min_words`` words) or a cue with a
colon introduces it: names and terms in marks («الناتو», «قمة الناتو») are never quotes.

Token alignment policy: the quote's character ``fragments`` are exact (marks excluded for direct quotes, a
complementiser carrying a pronoun suffix such as إنه left out as a whole word); the span in
``doc.spans["quotes"]`` is ``doc.char_span(first_start, last_end, alignment_mode="expand")``, i.e. it covers
every token the content touches — a clitic-bearing token (بالأوهام, لـ«الناتو») is never cut.
"""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import ensure_path, registry

from .component_base import ArabnewsComponent
from .data import read_json
from .errors import Errors
from .extensions import BOILERPLATE_KEY, QUOTES_KEY, doc_text, install_extensions, set_quote_infos
from .marks import OPEN_TO_CLOSE, QuotePair, char_offsets, find_quote_pairs

DATA_FILE = "quotes.v1.json"
LABELS = ("DIRECT", "INDIRECT", "MIXED", "ACCORDING_TO")

_DIAC = "\u064b-\u065f\u0670\u0640"
_STRIP = re.compile(f"[{_DIAC}]")
_DIAC_SET = frozenset(map(chr, (*range(0x064B, 0x0660), 0x0670, 0x0640)))  # the characters of _DIAC
#: bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates; ~450 in 5,000 dev articles): invisible, so spaces
#: at the edges of slots and contents and around marks, and dropped when a word is folded (audit H3)
_BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SP = " \t\u00a0" + _BIDI
_SPN = _SP + "\n"
_FOLD_DROP = re.compile(f"[{_DIAC}{_BIDI}]")
_WORD = re.compile(rf"[\w{_DIAC}]+")
_SPACE_WORD = re.compile(rf"[{_SP}]*+([\w{_DIAC}]+)")  # _skip_space, then _WORD.match
_NEWLINE = re.compile("\n")
#: Nesting of QuoteFinder._builds past which later participles are worked out first (see there).
_BUILDS_DEPTH = 40
_POLL = re.compile(r"[ \t\u00a0]*[\d٠-٩]+(?:[.,][\d٠-٩]+)?[ \t\u00a0]*(?:[%٪]|في المائة|بالمئة|بالمائة)")
_WORD_END = re.compile(rf"[\w{_DIAC}]+$")
_TOKEN = re.compile(rf"[\w{_DIAC}]+|\S")
_OPENING = set(OPEN_TO_CLOSE) | {'"', "»", "›"}
_COLON_OR_MARK = re.compile("[:" + re.escape("".join(sorted(_OPENING))) + "]")
# a "." next to another "." (ellipsis) is left out by the pattern, one inside a number by _in_number
# (one character class first, so that the regex engine skips to candidates in C)
_SENT_END_SINGLE = re.compile(r"[\n!?؟….](?:(?<=[\n!?؟…])|(?<!\.\.)(?!\.))")
_COMMA_CHARS = "،,؛;"
_COMMA = re.compile(f"[{_COMMA_CHARS}]")
_sha1 = hashlib.sha1
_AT_LEAST: dict[int, re.Pattern] = {}  # has_words: "k words" patterns by k
_OBJECT_SETS: dict[tuple[str, ...], frozenset[str]] = {}  # QuoteFinder._scan: a cue entry's objects as a set
_BULLET_CHARS = "•●▪◦·*-–"  # a bullet, then one of _BULLET_SPACES, after the line's leading spaces
_BULLET_SPACES = (" ", "\t", "\u00a0")


def fold(text: str) -> str:
    """Matching key of a word: diacritics and tatweel removed, alef/hamza carriers, ى and ة unified.
    Words are cached (a bounded dict: news vocabulary repeats, the finder folds the same words again and again)."""
    out = _FOLD_CACHE.get(text)
    if out is None:
        if len(text) <= 40:  # a word: one translate (the chain below is faster on long text only)
            out = text.translate(_FOLD_TABLE)
            if len(_FOLD_CACHE) >= 100_000:
                _FOLD_CACHE.clear()
            _FOLD_CACHE[text] = out
        else:
            out = _FOLD_DROP.sub("", text) if _FOLD_DROP.search(text) else text
            out = _fold_same_length(out)
    return out


_FOLD_CACHE: dict[str, str] = {}


_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ؤ", "و"), ("ئ", "ي"), ("ة", "ه"))
_DIAC_CHAR = re.compile(f"[{_DIAC}]")


def _presentation_table() -> dict[int, str]:
    """Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC) to their letters, one character for one: the
    lam-alef ligatures keep their lam (offsets must not move)."""
    table = {}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFD)):
        base = unicodedata.normalize("NFKC", chr(cp)).strip()
        if base and base != chr(cp):
            table[cp] = base[0]
    return table


_PRESENTATION = _presentation_table()


def _fold_table() -> dict[int, str | None]:
    """:func:`fold` as one ``str.translate`` table: diacritics, tatweel and bidi controls dropped, presentation
    forms to their letters, then alef/hamza carriers, ى and ة unified (no replacement feeds another, so one pass
    gives what the drop, the translation and the chained replacements give)."""
    same = dict(_FOLD_PAIRS)
    table: dict[int, str | None] = {ord(ch): None for ch in _DIAC_SET}
    table.update({ord(ch): None for ch in _BIDI})
    table.update({cp: same.get(base, base) for cp, base in _PRESENTATION.items()})
    table.update({ord(a): b for a, b in _FOLD_PAIRS})
    return table


_FOLD_TABLE = _fold_table()
_PRESENTATION_CHAR = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _has_presentation(text: str) -> bool:
    """Whether ``text`` holds an Arabic presentation form (U+FB50-U+FEFC; a long text is first tested on its UTF-16
    bytes, C-level: an eighth of the class scan)."""
    if len(text) >= 64:  # (in UTF-16 a presentation form has the high byte FB-FE: one memchr each)
        data = text.encode("utf-16-le", "surrogatepass")
        if not (b"\xfb" in data or b"\xfc" in data or b"\xfd" in data or b"\xfe" in data):
            return False
    return bool(_PRESENTATION_CHAR.search(text))


def _fold_same_length(text: str, presentation: bool | None = None) -> str:
    """Alef/hamza carriers, ى and ة unified, presentation forms to letters, one character for one (chained
    str.replace is faster than str.translate on long Arabic text; the rare presentation forms are translated).
    ``presentation``: the caller's :func:`_has_presentation` of ``text``."""
    if presentation if presentation is not None else _has_presentation(text):
        text = text.translate(_PRESENTATION)
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


# --------------------------------------------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class CueEntry:
    """One reporting cue of the lexicon: what it is and how its content is introduced."""

    lemma: str
    kind: str  # verb | participle | noun | according
    objects: tuple[str, ...] = ()
    thought: bool = False
    negative: bool = False
    passive: bool = False
    complementiser_only: bool = False
    colon_or_mark_only: bool = False
    max_slot_words: int = 0
    prefixed: bool = False  # the form carries و/ف (a new clause: ends the previous content)
    phrase: tuple[str, ...] = ()  # following words that must be present (folded)
    by_saying: tuple[str, ...] = ()  # a colon-or-mark-only verb also takes أن/إن after one of these (ختم بالقول)
    source_preposition: str = ""  # a verb that reports only with its source after this word (نقل عن)


@dataclass(frozen=True)
class _BucketKinds:
    """Which kinds of entries a bucket of cue entries (one form) holds."""

    according: bool  # an according-to word (not a phrase)
    verb: bool  # a verb (not a phrase)
    new_participle: bool  # a participle without و
    new_act: bool  # a participle, or و/ف + verb (not a phrase)
    speech: bool  # a verb or participle


@dataclass
class Lexicon:
    """The compiled rules of ``quotes.v1.json``."""

    data: dict
    forms: dict[str, list[CueEntry]] = field(default_factory=dict)
    pattern: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        d = self.data
        infl = d["inflection"]
        for verb in d["verbs"]:
            base = dict(lemma=verb["lemma"], objects=_fold_objects(verb.get("objects", ())),
                        thought=bool(verb.get("thought")), negative=bool(verb.get("negative")),
                        complementiser_only=bool(verb.get("complementiser_only")),
                        colon_or_mark_only=bool(verb.get("colon_or_mark_only")),
                        max_slot_words=int(verb.get("max_slot_words", 0)),
                        by_saying=tuple(fold(w) for w in verb.get("by_saying", ())),
                        source_preposition=fold(verb.get("source_preposition", "")))
            for form in self._verb_forms(verb, infl):
                self._add(form, CueEntry(kind="verb", **base), prefixes=("", "و", "ف"))
            part = verb.get("participle")
            if part:
                for suffix in infl["participle_suffixes"]:
                    self._add(part + suffix, CueEntry(kind="participle", **base), prefixes=("", "و"))
        nouns = d["speech_nouns"]
        for form in nouns["forms"]:
            objects = _fold_objects(nouns.get("with_object", {}).get(form, ()))
            self._add(form, CueEntry(lemma=form, kind="noun", objects=objects,
                                     max_slot_words=int(nouns["max_slot_words"])), prefixes=("", "و", "ب", "وب"))
        for entry in d["phrase_cues"]["entries"]:
            words = [fold(w) for w in entry["words"]]
            cue = CueEntry(lemma=entry["lemma"], kind=entry.get("kind", "verb"),
                           objects=_fold_objects(entry.get("objects", ())), passive=bool(entry.get("passive")),
                           complementiser_only=bool(entry.get("complementiser_only")), phrase=tuple(words[1:]))
            self._add(words[0], cue, prefixes=("", "و", "ف"))
        acc = d["according_to"]
        for word in acc["single"]:
            self._add(word, CueEntry(lemma=fold(word), kind="according"), prefixes=tuple(acc["proclitics"]))
        for words in acc["phrases"]:
            f = [fold(w) for w in words]
            self._add(f[0], CueEntry(lemma=" ".join(words), kind="according", phrase=tuple(f[1:])),
                      prefixes=tuple(acc["proclitics"]))
        self.pattern = _trie_pattern(self.forms)
        #: what each bucket of entries holds, for the clause-end test of every cue inside a clause (kinds checked
        #: once per bucket, not by four generator expressions per cue)
        self.bucket_kinds = {id(b): _bucket_kinds(b) for b in self.forms.values()}
        self.cue_at_start, self.cue_scan = _trie_scanner(self.forms)
        #: forms that are only the first word of multi-word cues (كما, على): a pattern matching one of the next
        #: words they need, after spaces (one C-level match instead of a space loop and a startswith per word)
        self.phrase_next = {id(bucket): re.compile("[ \t\u00a0]*(?:" + "|".join(
            map(re.escape, sorted({e.phrase[0] for e in bucket}))) + ")")
            for bucket in self.forms.values() if all(e.phrase for e in bucket)}
        comp = d["complementisers"]
        self.complementisers = {fold(w) for w in comp["bare"]}
        self.suffixed = {fold(s) + fold(x) for s in comp["with_suffix_stems"] for x in comp["suffixes"]}
        # each alternative starts with its first letter (the lookbehind after it), so that a search skips to
        # candidate letters in C instead of trying the lookbehind at every position
        self.comp_re = re.compile("(?:" + "|".join(
            re.escape(w[0]) + rf"(?<![\w{_DIAC}].)" + "".join(f"[{_DIAC}]*" + re.escape(ch) for ch in w[1:])
            for w in sorted(self.complementisers | self.suffixed, key=len, reverse=True))
            + rf")[{_DIAC}]*(?![\w{_DIAC}])")
        self.blocked_before = {fold(w) for w in comp["blocked_before"]}
        self.blocked_sequences = {tuple(fold(w) for w in seq) for seq in comp["blocked_sequences"]}
        self.blocked_first = {seq[0] for seq in self.blocked_sequences}
        self.negators = {fold(w) for w in d["negation"]["before_cue"]}
        stops = d["content_stops"]
        self.stops_after_comma = [tuple(fold(stop).split()) for stop in stops["after_comma"]]
        self.stop_first = {stop[0] for stop in self.stops_after_comma}
        self.tail_pattern = re.compile(rf"(?<![\w{_DIAC}])(?:" + "|".join(
            rf"[{_DIAC}]*\s+".join(f"[{_DIAC}]*".join(re.escape(ch) for ch in word) for word in fold(stop).split())
            for stop in stops["anywhere"]) + rf")(?![\w{_DIAC}])")
        #: where the last word of an attribution tail can start (first letter, then the rest in a lookahead: every
        #: start is found, overlapping or not); clause_end searches tail_pattern only where one lies in its window
        finals = sorted({fold(stop).split()[-1] for stop in stops["anywhere"]})
        self.tail_final_words = finals
        self.tail_finals = re.compile("|".join(re.escape(w[0]) + "(?=" + "".join(
            f"[{_DIAC}]*" + re.escape(ch) for ch in w[1:]) + ")" for w in finals) or "(?!)")
        self.max_content = int(stops["max_content_chars"])
        self.max_slot = int(stops["max_slot_words"])
        self.participle_slot = int(stops.get("max_participle_slot_words", 6))
        self.not_cues = {fold(w) for w in comp.get("not_cues", [])}
        self.name_particles = {fold(w) for w in comp.get("name_particles", [])}
        openers = d.get("clause_openers", {})
        self.clause_openers = {fold(w) for w in openers.get("words", [])}
        self.comma_openers = {fold(w) for w in openers.get("after_comma", [])}
        self.topic_openers = {fold(w) for w in openers.get("topics", [])}
        self.no_comma_openers = {fold(w) for w in openers.get("without_comma", [])}
        #: the last words of those openers: QuoteFinder._opener_before finds an opener only after one of them (its
        #: word search reads at most 30 characters and counts "_" as a letter, t.word_before neither: the
        #: precheck holds while no opener word is longer or has one)
        self.opener_last_words = {o.rsplit(" ", 1)[-1] for o in self.no_comma_openers} if all(
            len(w) < 30 and "_" not in w for o in self.no_comma_openers for w in o.split(" ")) else None
        self.pronoun_subjects = {fold(w) for w in openers.get("pronoun_subjects", [])}
        #: the first words after a comma that can end a clause without being a cue (QuoteFinder._stops_after)
        self.comma_stop_words = self.stop_first | self.topic_openers | self.comma_openers
        heads = d.get("object_heads", {})
        self.time_words = {fold(w) for w in heads.get("time_words", [])}
        adverbials = sorted((fold(w) for w in heads.get("adverbials", [])), key=len, reverse=True)
        self.adverbial_first = {a.split()[0] for a in adverbials}
        self.adverbials = re.compile("|".join(r"[\s\u00a0]+".join(map(re.escape, a.split())) + rf"(?![\w{_DIAC}])"
                                              for a in adverbials)) if adverbials else None
        self.after_relative = {fold(w) for w in comp.get("after_relative", [])}
        self.not_noun_start = {fold(w) for w in d.get("object_heads", {}).get("not_noun_start", [])}
        self.not_objects = {fold(w) for w in d.get("object_heads", {}).get("not_objects", [])}
        self.object_heads = {fold(w) for w in d.get("object_heads", {}).get("words", [])}
        self.not_content_start = {fold(w) for w in d.get("object_heads", {}).get("not_content_start", [])} | \
            {fold(w) for w in comp.get("after_relative", [])}
        marks = d["marks"]
        self.min_words = int(marks["min_words"])
        self.fragment_min_words = int(marks["fragment_min_words"])
        self.max_gloss_words = int(marks.get("max_gloss_words", 0))
        self.formulas = {" ".join(fold(w) for w in f.split()) for f in marks.get("formulas", [])}
        self.formula_chars = 2 * max((len(f) for f in self.formulas), default=0) + 2  # diacritics, spaces
        self.naming = {fold(w) for w in marks["naming_nouns"]}
        self.not_sources = [tuple(fold(w).split()) for w in acc["not_sources"]]
        self.not_source_set = set(self.not_sources)
        self.not_source_lengths = sorted({len(x) for x in self.not_sources})
        self.what_verbs = {fold(w) for w in acc["what_verbs"]}
        self.relay_glue = {fold(w) for w in acc.get("relay_glue", [])}
        self.what_glue = {fold(w) for w in acc.get("what_glue", [])}
        self.not_relays = set(acc.get("not_relays", []))  # (lemmas as written in according_to.phrases)
        slot_rules = d.get("speaker_slot", {})
        self.slot_leading = {fold(k): set(v) for k, v in slot_rules.get("leading", {}).items()}
        self.slot_trailing = {fold(k): set(v) for k, v in slot_rules.get("trailing", {}).items() if k != "*"}
        self.slot_any_trailing = set(slot_rules.get("trailing", {}).get("*", ()))  # after any cue (بالقول)
        self.relative_what = {fold(w) for w in comp.get("relative_what", [])}
        self.resumptive = {fold(w) for w in comp.get("resumptive", [])}
        self.relative_slot = int(comp.get("max_relative_slot_words", 8))
        #: a preposition and its pronoun-suffixed forms (عن, عنه, عنها ...), for verbs' source_preposition
        self.pronoun_forms = {p: {p} | {p + fold(x) for x in comp["suffixes"]} for p in
                              {fold(v.get("source_preposition", "")) for v in d["verbs"]} - {""}}
        self.qaila = fold(d["inflection"].get("same_act_participle", "قائل"))
        q = d.get("quran")
        self.quran = None
        self.quran_open, self.quran_close = "", ""
        self.quran_keys: set[str] = set()
        self.quran_offsets: dict[str, list[int]] = {}
        if q:
            sp = r"[\s\u00a0]+"
            cues = "|".join(re.escape(fold(w)) for w in q["cue_words"])
            after = "|".join(sp.join(map(re.escape, fold(w).split())) for w in q["after"])
            self.quran_open, self.quran_close = q["open"], q["close"]
            words = sorted({fold(w) for w in q["cue_words"]}, key=len)
            # substrings one of which a citation must contain (a C-level test before the regex)
            self.quran_keys = {words[0]} if all(words[0] in w for w in words) else set(words)
            #: where a citation can start relative to each occurrence of a key (the key's offsets in the cue words)
            self.quran_offsets = {key: sorted({i for w in words for i in range(len(w)) if w.startswith(key, i)})
                                  for key in self.quran_keys}
            self.quran = re.compile(rf"(?<![\w{_DIAC}])(?:{cues}){sp}(?:{after})[\s\u00a0]*:?[\s\u00a0]*"
                                    rf"[{re.escape(q['open'])}]")
        fa = sorted({fold(w) for w in acc.get("fa_inna", [])}, key=len, reverse=True)
        self.fa_inna = re.compile(rf"(?<![\w{_DIAC}])(?:{'|'.join(map(re.escape, fa)) or '(?!)'})(?![\w{_DIAC}])")

    @staticmethod
    def _verb_forms(verb: dict, infl: dict) -> Iterator[str]:
        perf = verb.get("perfect")
        if perf:
            if perf[-1] in "ىا":
                yield perf
                for suffix in infl["defective_perfect_suffixes"]:
                    yield perf[:-1] + suffix
            else:
                for suffix in infl["perfect_suffixes"]:
                    yield perf + suffix
        yield from verb.get("forms", ())
        imp = verb.get("imperfect")
        if imp:
            stem = imp[1:]
            for prefix in infl["imperfect_prefixes"]:
                for suffix in infl["imperfect_suffixes"]:
                    if suffix and stem[-1] in "يوى":
                        yield prefix + stem[:-1] + suffix
                    yield prefix + stem + suffix

    def _add(self, form: str, entry: CueEntry, prefixes: Iterable[str]) -> None:
        for prefix in prefixes:
            key = fold(prefix + form)
            e = entry if not prefix.startswith(("و", "ف")) else _with(
                entry, prefixed=True, complementiser_only=entry.complementiser_only or entry.kind == "participle")
            bucket = self.forms.setdefault(key, [])
            if e not in bucket:
                bucket.append(e)

    def entries(self, word: str) -> list[CueEntry]:
        return self.forms.get(fold(word), [])


def _bucket_kinds(bucket: list[CueEntry]) -> _BucketKinds:
    """The kinds of a bucket that is not one of the lexicon's (computed on the spot)."""
    return _BucketKinds(
        according=any(x.kind == "according" and not x.phrase for x in bucket),
        verb=any(x.kind == "verb" and not x.phrase for x in bucket),
        new_participle=any(x.kind == "participle" and not x.prefixed for x in bucket),
        new_act=any(x.kind == "participle" for x in bucket) or any(x.kind == "verb" and x.prefixed and not x.phrase
                                                                   for x in bucket),
        speech=any(x.kind in ("verb", "participle") for x in bucket))


def _fold_objects(objects: Iterable[str]) -> tuple[str, ...]:
    return tuple(o if o.isupper() or "+" in o else fold(o) for o in objects)


def _with(entry: CueEntry, **changes: Any) -> CueEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def _trie_pattern(words: Iterable[str]) -> re.Pattern:
    """One regex matching any of ``words`` as a whole word (a trie, so matching is fast). A word that carries
    diacritics or tatweel never matches (the lookahead refuses them); those words are looked up separately."""
    return re.compile(rf"(?<![\w{_DIAC}])(?:{_trie_body(words)})(?![\w{_DIAC}])")


#: letters, digits and marks that are word characters or diacritics (every one of them: tested); a character
#: outside them may stand before a word (a set of ranges is tested in C much faster than the \w category)
_WORDISH = "\u0621-\u063a\u0640-\u065f\u0660-\u0669\u0670-\u06d3a-zA-Z0-9_"
#: the same without the diacritics and tatweel (_DIAC)
_LETTERS = "\u0621-\u063a\u0641-\u064a\u0660-\u0669\u0671-\u06d3a-zA-Z0-9_"


def _trie_scanner(words: Iterable[str]) -> tuple[re.Pattern, re.Pattern]:
    """The trie of :func:`_trie_pattern` as two patterns that find the same words faster: one for the text start
    (``match`` at 0) and one that starts with the character before a word (group 1 is the word), so the regex
    engine skips to candidate characters in C instead of trying the lookbehind at every position. The second
    also matches, without group 1, each diacritic or tatweel that starts a run of them in a word, up to the
    word's end (one match per word with diacritics: they are looked up by _Text)."""
    body = _trie_body(words)
    return (re.compile(rf"(?:{body})(?![\w{_DIAC}])"),
            re.compile(rf"[^{_LETTERS}](?:(?<=[{_DIAC}])[\w{_DIAC}]*|(?<![\w{_DIAC}])({body})(?![\w{_DIAC}]))"))


def _trie_body(words: Iterable[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    diac = ""  # words written with diacritics or tatweel are looked up one by one (_Text.cues)

    def build(node: dict) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + diac + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


# --------------------------------------------------------------------------------------------------- finder
@dataclass
class Quote:
    """A found quote (plain data, character offsets)."""

    type: str
    fragments: list[list[int]]
    cue: list[int] | None
    cue_lemma: str
    speaker_slot: list[int] | None
    negated: bool
    thought: bool

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def record(self, text: str) -> dict:
        frags = self.fragments
        start = frags[0][0]
        content = text[start:frags[0][1]] if len(frags) == 1 else "\u2026".join(text[s:e] for s, e in frags)
        digest = _sha1(content.encode("utf-8")).hexdigest()[:6]
        relay = "-a" if self.type == "ACCORDING_TO" else ""  # a relay may cover the quote it relays: ids differ
        return {"id": f"q{start:07d}-{digest}{relay}", "type": self.type,
                "fragments": [list(f) for f in frags],
                "cue": self.cue, "cue_lemma": self.cue_lemma, "speaker_slot": self.speaker_slot,
                "negated": self.negated, "thought": self.thought}


class _Text:
    """Per-document helpers: folded text, sentence ends outside quotations, quotation pairs."""

    def __init__(self, text: str, lexicon: Lexicon):
        self.text = text
        presentation = _has_presentation(text)
        self.folded = _fold_same_length(text, presentation)
        self.lex = lexicon
        self.pairs = find_quote_pairs(text)
        self.pair_at = {p.open: p for p in self.pairs}
        regions: list[tuple[int, int]] = []
        for p in self.pairs:  # outermost quotations (a multi-paragraph one: each paragraph's part)
            if regions and p.open < regions[-1][1]:
                continue
            if len(p.fragments) == 1:
                regions.append((p.open, p.close))
            else:
                regions.extend((a - 1, b) for a, b in p.fragments)
        self.regions = regions
        self.region_starts = [r[0] for r in regions]
        self.pair_closes = {p.close for p in self.pairs}
        self.memo: dict[int, bool] = {}
        self.formulas: dict[tuple[int, int], bool] = {}  # QuoteFinder.formula by pair (open, close)
        self.depth = 0  # nested QuoteFinder._builds calls
        self._before: dict[int, str] = {}
        self._n_words: dict[tuple[int, int], int] = {}
        self._finals: list[int] | None = None
        self._diac_words: list[tuple[int, int]] = []
        self._newlines: list[int] | None = None
        self.commas: list[int] | None = None  # offsets of _COMMA's characters (find_commas)
        self.ends = _sentence_ends(text, regions)
        #: every cue of the text, by start offset: (end, entries)
        forms, folded, finals = lexicon.forms, self.folded, lexicon.tail_final_words
        # one scan finds the cue words (group 1) and the first diacritic / tatweel of each word that has one
        # (their positions are those of the text unless presentation forms were folded: then a second scan)
        cues = self.cues = {}
        diacritics = []
        for m in lexicon.cue_scan.finditer(folded):
            a, b = m.span(1)
            if a >= 0:
                cues[a] = (b, forms[folded[a:b]])
            else:
                diacritics.append(m.start())
        first = lexicon.cue_at_start.match(folded)
        if first is not None:  # (the scan finds a word after the character before it)
            self.cues = {0: (first.end(), forms[first.group()]), **cues}
        if presentation:
            diacritics = _first_diacritics(text)
        last = -1
        for a in diacritics:  # words with diacritics / tatweel: strip, fold, look up
            while a > 0 and (text[a - 1].isalnum() or _DIAC_CHAR.match(text[a - 1])):
                a -= 1
            w = _WORD.match(text, a)
            if w is None:
                continue
            last = pos = w.end()
            key = fold(w.group())
            entries = forms.get(key)
            if any(f in key for f in finals):  # a tail's last word written with diacritics: see tail_possible
                self._diac_words.append((a, pos))
            if entries:
                self.cues[a] = (w.end(), entries)
        if last >= 0:
            self.cues = dict(sorted(self.cues.items()))
        self.cue_starts = list(self.cues)

    def find_commas(self) -> list[int]:
        """Offsets of the commas and semicolons (``_COMMA``), sorted, found once per text by ``str.find`` (the
        clause ends of all quotes bisect into them instead of scanning their clauses with the class)."""
        out = char_offsets(self.text, _COMMA_CHARS)
        self.commas = out
        return out

    def in_region(self, i: int) -> bool:
        k = bisect_right(self.region_starts, i) - 1
        return k >= 0 and self.regions[k][0] < i < self.regions[k][1]

    def tail_possible(self, s: int, e: int) -> bool:
        """Whether the last word of an attribution tail starts in ``[s, e)`` (its starts found once per text)."""
        if self._finals is None:
            # a last word without diacritics inside is found by str.find; one with diacritics lies in a word
            # with diacritics (self._diac_words), where the pattern is run
            folded, finals = self.folded, []
            for w in self.lex.tail_final_words:
                i = folded.find(w)
                while i >= 0:
                    finals.append(i)
                    i = folded.find(w, i + 1)
            for a, b in self._diac_words:
                finals.extend(m.start() for m in self.lex.tail_finals.finditer(folded, a, b))
            self._finals = sorted(set(finals))
        k = bisect_left(self._finals, s)
        return k < len(self._finals) and self._finals[k] < e

    def next_end(self, i: int) -> int:
        k = bisect_left(self.ends, i)
        return self.ends[k] if k < len(self.ends) else len(self.text)

    def prev_end(self, i: int) -> int:
        k = bisect_left(self.ends, i) - 1
        return self.ends[k] + 1 if k >= 0 else 0

    def para_end(self, i: int) -> int:
        """The next line break at or after ``i`` (or the text end), by bisection: a text without line breaks
        would make each str.find scan to its end."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        k = bisect_left(self._newlines, i)
        return self._newlines[k] if k < len(self._newlines) else len(self.text)

    def words_after(self, i: int, limit: int) -> Iterator[re.Match]:
        return _TOKEN.finditer(self.text, i, limit)

    def word_before(self, i: int) -> str:
        """The folded word ending right before ``i`` (spaces skipped), memoised per offset."""
        out = self._before.get(i)
        if out is None:
            out = self._before[i] = self._word_before(i)
        return out

    def _word_before(self, i: int) -> str:
        j = i
        while j > 0 and self.text[j - 1] in _SP:
            j -= 1
        k = j
        while k > 0 and (self.text[k - 1].isalnum() or _STRIP.match(self.text[k - 1])):
            k -= 1
        return fold(self.text[k:j]) if k < j else ""

    def next_words(self, i: int, n: int) -> list[str]:
        out = []
        for m in _WORD.finditer(self.text, i, min(len(self.text), i + 200)):
            out.append(fold(m.group()))
            if len(out) >= n:
                break
        return out

    def cue_at(self, i: int) -> tuple[int, list[CueEntry]] | None:
        return self.cues.get(i)

    def has_words(self, s: int, e: int, k: int) -> bool:
        """``n_words(s, e) >= k`` without listing the words: one match of k possessive word runs."""
        if k <= 0:
            return True
        pattern = _AT_LEAST.get(k)
        if pattern is None:
            pattern = _AT_LEAST[k] = re.compile(rf"(?:[^\w{_DIAC}]*+[\w{_DIAC}]++){{{k}}}")
        return pattern.match(self.text, s, e) is not None

    def n_words(self, s: int, e: int) -> int:
        """Number of words in ``text[s:e]`` (memoised: the same quotation is counted by several rules)."""
        out = self._n_words.get((s, e))
        if out is None:
            out = self._n_words[(s, e)] = len(_WORD.findall(self.text, s, e))
        return out


def _first_diacritics(text: str) -> list[int]:
    """The first diacritic / tatweel of each word that has one (one search per word)."""
    out, pos = [], 0
    search = _DIAC_CHAR.search
    while (m := search(text, pos)) is not None:
        out.append(m.start())
        w = _WORD.match(text, m.start())
        pos = w.end()
    return out


def _list_item_starts(text: str) -> list[int]:
    """Starts of bulleted lines (a bullet and a space after the line's leading spaces): each bullet character
    the text holds is found by ``str.find`` (C-level), then only its line start is checked (a ^-anchored
    multiline pattern is tried at every position; a character-class scan costs ~10x a find)."""
    hits = []
    for ch in _BULLET_CHARS:
        if ch in text:
            i = text.find(ch)
            while i >= 0:
                if text[i + 1:i + 2] in _BULLET_SPACES:
                    hits.append(i)
                i = text.find(ch, i + 1)
    hits.sort()
    out = []
    for j in hits:
        while j > 0 and text[j - 1] in " \t\u00a0":
            j -= 1
        if j == 0 or text[j - 1] == "\n":
            out.append(j)
    return out


#: a period that is not next to another period (an ellipsis): the literal first, so that the regex engine skips
#: to periods in C (a class of several characters is tested at every position: ~5x slower on Arabic text)
_SINGLE_PERIOD = re.compile(r"\.(?<!\.\.)(?!\.)")
_END_CHARS = "\n!?؟…"  # the other sentence-end characters, each found by str.find


def _end_candidates(text: str) -> list[int]:
    """Offsets of the sentence-end candidates of :data:`_SENT_END_SINGLE`, in text order: single periods by one
    literal-first regex scan, the other characters by ``str.find`` (C-level, one character each)."""
    out = [m.start() for m in _SINGLE_PERIOD.finditer(text)] if "." in text else []
    for ch in _END_CHARS:
        i = text.find(ch)
        if i < 0:
            continue
        found = []
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
        out += found
    out.sort()
    return out


def _sentence_ends(text: str, regions: list[tuple[int, int]]) -> list[int]:
    """Offsets of the sentence ends: line breaks, ! ? ؟ …, and single periods that are not inside a number,
    outside the quotations ``regions`` (sorted, not overlapping ``(open, close)``) except line breaks; a quotation
    closed right after its final period ("... الصراع." ويعاني) ends the sentence at its closing mark. The
    candidates come in text order (:func:`_end_candidates`; periods next to another period are left out); the
    regions are walked along with them."""
    cands = _end_candidates(text)
    if not regions:  # no quotation: every candidate but the periods inside numbers
        return [i for i in cands if not (text[i] == "." and text[i - 1:i].isdigit() and _in_number(text, i))]
    out = []
    k, n_regions = 0, len(regions)
    for i in cands:
        ch = text[i]
        if ch == "\n":
            out.append(i)
            continue
        if ch == "." and text[i - 1:i].isdigit() and _in_number(text, i):
            continue
        while k < n_regions and regions[k][1] <= i:
            k += 1  # regions that close before i
        if k < n_regions and regions[k][0] < i < regions[k][1]:  # inside (the marks themselves are outside)
            if i + 1 == regions[k][1]:
                out.append(i + 1)
        else:
            out.append(i)
    return out


def _in_number(text: str, i: int) -> bool:
    """A period between digits (4.95; a direction mark may follow it: 4.\u200f95) is not a sentence end."""
    if text[i] != "." or not 0 < i < len(text) - 1 or not text[i - 1].isdigit():
        return False
    j = i + 1
    while j < len(text) - 1 and text[j] in "\u200e\u200f\u200b\u061c":
        j += 1
    return text[j].isdigit()


def _strip(text: str, s: int, e: int, chars: str = _SPN + "،,؛;:-–—") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


class QuoteFinder:
    """Pure finding code: ``find(text) -> list[Quote]`` (no Doc needed)."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._slot_rules: dict[str, tuple] = {}  # _slot_edges: (leading, trailing, last characters) by lemma

    # ---------------------------------------------------------------- clause end
    def clause_end(self, t: _Text, s: int, stop_at_quote_cue: bool = True) -> int:
        """End of the reported clause that starts at ``s`` (exclusive, trailing punctuation stripped)."""
        text = t.text
        ends = t.ends  # (t.next_end, t.in_region inlined: this runs for every quote)
        k = bisect_left(ends, s)
        limit = min(ends[k] if k < len(ends) else len(text), s + self.lex.max_content, len(text))
        end = limit
        regions, region_starts = t.regions, t.region_starts
        commas = t.commas if t.commas is not None else t.find_commas()
        for ci in range(bisect_left(commas, s), bisect_left(commas, limit)):  # (_COMMA.finditer(text, s, limit))
            c = commas[ci]
            if regions:
                r = bisect_right(region_starts, c) - 1
                if r >= 0 and regions[r][0] < c < regions[r][1]:
                    continue
            if self._stops_after(t, c + 1):
                end = c
                break
        cue_starts, cues = t.cue_starts, t.cues
        k = bisect_left(cue_starts, s + 1)  # a new act without a comma: "... قريبا مشيرا إلى أن ..."
        n_cues = len(cue_starts)
        bucket_kinds = self.lex.bucket_kinds
        while k < n_cues and cue_starts[k] < end:
            c = cue_starts[k]
            k += 1
            if regions:
                r = bisect_right(region_starts, c) - 1
                if r >= 0 and regions[r][0] < c < regions[r][1]:
                    continue
            entries = cues[c][1]
            kinds = bucket_kinds.get(id(entries)) or _bucket_kinds(entries)
            if kinds.according and t.text[c - 1:c] in " -–(" and any(
                    # "... النرجسية حسب موقع X" : the relaying source is not said
                    x.kind == "according" and not x.phrase and self.according_source_ok(t, x, t.cues[c][0])
                    for x in entries):
                end = c
                break
            if kinds.verb:
                o = self._opener_before(t, c)
                if o is not None and o > s:
                    end = o
                    break
            if kinds.new_participle and self._builds(t, c):
                end = c  # "... والمقيمين مؤكدين التعاون ...": a participle with its own content is a new act
                break
            if kinds.new_act:
                nxt = t.next_words(t.cues[c][0], 1)
                j = _skip_space(t.text, t.cues[c][0])
                if nxt and (nxt[0] in self.lex.complementisers or nxt[0] in self.lex.suffixed
                            or nxt[0] in ("الي", "علي")) or j in t.pair_at or t.text[j:j + 1] == ":":
                    end = c
                    break
        # attribution tails (حسب تعبيره) are not said
        tail = self.lex.tail_pattern.search(t.folded, s, end + 40) if t.tail_possible(s, end + 40) else None
        if tail is not None and tail.start() < end:
            end = tail.start()
        s2, e2 = _strip(text, s, end)
        return e2 if e2 > s2 else end

    def _opener_before(self, t: _Text, c: int) -> int | None:
        """Start of a contrastive opener right before the verb at ``c`` (إلا أنه / لكنه / غير أنه نوه ...), which
        starts the writer's new clause even without a comma."""
        last_words = self.lex.opener_last_words
        if last_words is not None and t.word_before(c) not in last_words:
            return None  # (the word before the verb ends no opener: the search below would find none)
        text = t.text
        a = c
        for _ in (1, 2):
            k = a
            while k > 0 and text[k - 1] in " \t\u00a0":
                k -= 1
            w = _WORD_END.search(text, max(0, k - 30), k)
            if w is None or w.end() != k:
                return None
            a = w.start()
            if " ".join(fold(x) for x in _WORD.findall(text, a, c)) in self.lex.no_comma_openers:
                return a
        return None

    def _builds(self, t: _Text, c: int) -> bool:
        """The participle cue at ``c`` introduces content of its own (memoised per text: linear).

        Its content ends at the next participle that has content of its own, so the answer for ``c`` needs the
        answers for later participles only. A run of such participles in one sentence with no full stop
        ("مشيرا إلى أن " × n) would nest one call per participle (RecursionError); past ``_BUILDS_DEPTH`` the later
        ones are worked out first, from the last backwards, so the nesting stays shallow and the answers are the
        same (checked with the depth forced to 0 on 300 dev articles and the hostile shapes)."""
        memo = t.memo
        if c not in memo:
            k = bisect_right(t.cue_starts, c)
            if t.depth > _BUILDS_DEPTH and k < len(t.cue_starts) and t.cue_starts[k] not in memo:
                for p in reversed(t.cue_starts[k:]):
                    if p not in memo:
                        self._builds(t, p)
            memo[c] = False  # a participle inside its own scan does not recurse
            ce, entries = t.cues[c]
            t.depth += 1
            try:
                memo[c] = any(x.kind == "participle" and not x.prefixed and self.build(t, x, c, ce, set()) is not None
                              for x in entries)
            finally:
                t.depth -= 1
        return memo[c]

    def _stops_after(self, t: _Text, i: int) -> bool:
        first = _SPACE_WORD.match(t.text, i)  # (spaces skipped as by _skip_space, then the word)
        if first is None:
            return False
        j = first.start(1)
        w0 = first.group(1)
        w0 = _FOLD_CACHE.get(w0) or fold(w0)
        if j not in t.cues and w0 not in self.lex.comma_stop_words:
            return False  # (no cue and no stop/topic/opener word: none of the tests below can hold)
        if w0 in self.lex.stop_first:  # the multi-word stops (مما, على حد قوله ...) only when one can start here
            words = t.next_words(i, 3)
            for stop in self.lex.stops_after_comma:
                if tuple(words[: len(stop)]) == stop:
                    return True
        entries = self.live_entries(t, j)
        if not entries and w0 in self.lex.topic_openers:
            # "...، وعن انخفاض مستوى المحترف قال المدرب: ..." : a fronted topic, then a reporting verb
            stop = min(t.next_end(j), j + 200)
            for m in _WORD.finditer(t.text, j, stop):
                if any(e.kind == "verb" and not e.phrase for e in self.live_entries(t, m.start())):
                    return True
            return False
        if not entries and w0 in self.lex.comma_openers:
            # "...، لكنه أشار إلى ..." / "...، فيما قال ...": an opener word, then a reporting verb: a new act
            entries = [e for e in self.live_entries(t, _skip_space(t.text, first.end(1))) if e.kind == "verb"]
            return bool(entries)
        for e in entries:
            if (e.kind == "participle" and not e.prefixed or e.kind == "according"
                    or e.kind == "verb" and e.prefixed and not e.phrase) and self._introducer_near(t, e, j):
                return True
        return False

    def _introducer_near(self, t: _Text, e: CueEntry, j: int) -> bool:
        """A restricted cue (وكتبت: colon or mark only; وبين: complementiser only) ends a clause only when its
        introducer follows closely."""
        if not (e.complementiser_only or e.colon_or_mark_only):
            return True
        found = t.cue_at(j)
        ce = found[0] if found else j
        limit = min(t.next_end(ce), ce + 80)
        if e.colon_or_mark_only:
            return _COLON_OR_MARK.search(t.text, ce, limit) is not None
        return self.lex.comp_re.search(t.folded, ce, limit) is not None

    def live_entries(self, t: _Text, i: int) -> list[CueEntry]:
        """The cue entries at ``i`` whose multi-word phrase (كما ذكر, على لسان) is really there."""
        found = t.cues.get(i)
        if not found:
            return []
        nxt = self.lex.phrase_next.get(id(found[1]))
        if nxt is not None and nxt.match(t.folded, found[0]) is None:
            return []  # كما / على (10 phrase entries): no phrase's next word there, nothing live
        return [e for e in found[1] if not e.phrase or self._phrase_there(t, e, found[0])]

    @staticmethod
    def _phrase_there(t: _Text, e: CueEntry, ce: int) -> bool:
        j = _skip_space(t.folded, ce)
        return t.folded.startswith(e.phrase[0], j) and tuple(t.next_words(ce, len(e.phrase))) == e.phrase

    # ---------------------------------------------------------------- marks
    def is_quotation(self, t: _Text, pair: QuotePair) -> bool:
        return t.has_words(pair.open + 1, pair.close, self.lex.min_words) and not self.formula(t, pair)

    def formula(self, t: _Text, pair: QuotePair) -> bool:
        """Marks around a religious formula («صلى الله عليه وسلم», «عليه السلام»): never a quotation (rule 14)."""
        if pair.close - pair.open > self.lex.formula_chars:
            return False
        key = (pair.open, pair.close)
        out = t.formulas.get(key)  # (memoised: several rules ask about the same short pair)
        if out is None:
            out = t.formulas[key] = " ".join(
                fold(w) for w in _WORD.findall(t.text, pair.open + 1, pair.close)) in self.lex.formulas
        return out

    def is_fragment(self, t: _Text, pair: QuotePair, entity_ranges: set[tuple[int, int]]) -> bool:
        if self.formula(t, pair):
            return False
        if t.has_words(pair.open + 1, pair.close, self.lex.min_words):
            return True
        if not t.has_words(pair.open + 1, pair.close, self.lex.fragment_min_words):
            return False
        if (pair.open + 1, pair.close) in entity_ranges:
            return False
        before = t.word_before(pair.open)
        return not (before in self.lex.naming or before[1:] in self.lex.naming or before.removeprefix("ال") in
                    self.lex.naming)

    def continuation(self, t: _Text, pair: QuotePair) -> list[list[int]]:
        """Fragments of the same act after a closing mark: «...» و«...»، و«...»."""
        frags = [list(f) for f in pair.fragments]
        text = t.text
        pos = pair.close + 1
        while True:
            j = pos
            while j < len(text) and text[j] in " \t\u00a0،,":
                j += 1
            if j < len(text) and text[j] == "و" and j + 1 < len(text) and (j + 1) in t.pair_at:
                nxt = t.pair_at[j + 1]
                frags.extend(list(f) for f in nxt.fragments)
                pos = nxt.close + 1
                continue
            return frags

    def _direct_or_mixed(self, t: _Text, pair: QuotePair, s: int) -> tuple[str, list[list[int]]]:
        """A quotation opening the content: DIRECT when it ends the clause, else MIXED over the clause. What
        follows the closing mark does not make it MIXED when it is the writer's: a relative clause on the quoted
        words («...» الذي يطلب ...) or, after a quoted clause (not a fragment: "بالأوهام الإمبريالية" لموسكو), a
        gloss of at most ``marks.max_gloss_words`` words («...» تشرين الأول)."""
        text = t.text
        after = pair.close + 1
        end = self.clause_end(t, after) if after < len(text) else after
        rest = text[after:max(after, end)]
        inner = text[pair.open + 1:pair.close].rstrip()
        rest_words = _WORD.findall(rest)
        if (inner[-1:] in (".", "!", "?", "؟", "…") or not rest_words
                or _only_continuations(t, pair, end, self) or self._cue_follows(t, after)
                or fold(rest_words[0]) in self.lex.after_relative
                or len(rest_words) <= self.lex.max_gloss_words and rest.lstrip()[:1] not in "،,"
                and self.is_quotation(t, pair)):
            return "DIRECT", self.continuation(t, pair)
        return "MIXED", [[s, max(end, pair.close + 1)]]

    def unclosed(self, t: _Text, j: int) -> tuple[int, int]:
        """Content of a quotation whose opening mark at ``j`` is not closed in its paragraph: up to the same
        mark when a reversed mark opens it (»...»); up to a closing mark left unpaired in the next paragraph (a
        quotation over two paragraphs without reopening); else to the paragraph end, stopping before a
        narrator's cue (a participle or و+verb: "... المبادرة مطالبا ...") or the next quotation."""
        text = t.text
        mark = text[j]
        pe = t.para_end(j)
        strip = _SPN + "."
        if mark in "»›":
            k = text.find(mark, j + 1, pe)
            if k > 0:
                return _strip(text, j + 1, k, _SPN)
        closer = OPEN_TO_CLOSE.get(mark, mark)
        if pe < len(text):
            k = text.find(closer, pe, min(len(text), pe + self.lex.max_content))
            r = bisect_left(t.region_starts, pe)
            if k > 0 and k not in t.pair_closes and (mark == closer or text.find(mark, pe, k) < 0) and \
                    (r >= len(t.region_starts) or t.region_starts[r] >= k):
                return _strip(text, j + 1, k, _SPN)
        end = min(pe, j + 1 + self.lex.max_content)
        k = bisect_right(t.region_starts, j)
        while k < len(t.region_starts) and t.region_starts[k] < end:
            pair = t.pair_at.get(t.region_starts[k])
            k += 1
            if pair is not None and self.is_quotation(t, pair):  # a term in marks («يقطون») does not stop it
                end = pair.open
                break
        c = bisect_right(t.cue_starts, j)
        while c < len(t.cue_starts) and t.cue_starts[c] < end:
            i = t.cue_starts[c]
            c += 1
            if any(x.kind == "participle" or (x.kind == "verb" and x.prefixed and not x.phrase)
                   for x in self.live_entries(t, i)):
                end = i
                break
        if end < pe:  # stopped by the narrator: in a later sentence, the quotation ends with the sentence before
            sent = t.prev_end(end)
            if sent > j + 1:
                end = sent
        return _strip(text, j + 1, end, strip)

    def _cue_follows(self, t: _Text, i: int) -> bool:
        """A new cue right after a closing mark ("..." مشيرا إلى ...) ends the quotation's clause."""
        j = _skip_space(t.text, i, _SP + "،,.")
        return any(e.kind in ("participle", "according") or (e.kind == "verb" and e.prefixed)
                   for e in self.live_entries(t, j))

    # ---------------------------------------------------------------- main
    def find(self, text: str, *, skip: Callable[[int], bool] | None = None,
             entity_ranges: Iterable[tuple[int, int]] = ()) -> list[Quote]:
        t = _Text(text, self.lex)
        entity_set = set(entity_ranges)
        list_items = [(a, t.para_end(a)) for a in _list_item_starts(text)]
        list_starts = [a for a, _ in list_items]

        def skipped(i: int) -> bool:
            k = bisect_right(list_starts, i) - 1
            if k >= 0 and list_items[k][0] <= i < list_items[k][1]:
                return True
            return bool(skip and skip(i))

        can_skip = bool(list_items) or bool(skip)  # (skipped(i) is False for every i otherwise)
        quotes: list[Quote] = self.quran(t, skipped)
        quran_cues = {q.cue[0] for q in quotes if q.cue}
        blocked_until = blocked_from = -1
        phrase_next, folded = self.lex.phrase_next, t.folded
        regions, region_starts = t.regions, t.region_starts
        for cs, (ce, entries) in t.cues.items():
            nxt = phrase_next.get(id(entries))
            if nxt is not None and nxt.match(folded, ce) is None:
                continue  # كما / على without ذكر / لسان after them: no cue (the cheapest test first)
            if cs in quran_cues:
                continue
            if cs < blocked_until and not (cs < blocked_from and (any(x.kind == "according" for x in entries)
                                                                  or t.word_before(cs) in self.lex.after_relative)):
                continue  # (a relay or a relative clause in the slot of the quote before: a quote of its own)
            if cs < blocked_from and self.lex.not_relays and any(x.lemma in self.lex.not_relays for x in entries):
                continue  # "وقالت الحكومة، على لسان المتحدث باسمها، إن ...": the mouthpiece of that act
            if regions:  # (t.in_region inlined)
                r = bisect_right(region_starts, cs) - 1
                if r >= 0 and regions[r][0] < cs < regions[r][1]:
                    continue
            if can_skip and skipped(cs):
                continue
            q = None
            for entry in entries:
                q = self.build(t, entry, cs, ce, entity_set)
                if q is not None:
                    break
            if q is None:
                continue
            quotes.append(q)
            if q.type != "ACCORDING_TO":
                if q.end > blocked_until:
                    blocked_from = q.start
                blocked_until = max(blocked_until, q.end)
        quotes.extend(self.quote_first(t, quotes, skipped))
        return _resolve(self.relays(t, self.qaila(t, quotes)))

    def qaila(self, t: _Text, quotes: list[Quote]) -> list[Quote]:
        """قائلا right after a reporting verb's clause, without a comma ("وغرّد على حسابه قائلا: ...", "وأشاد X
        بقرار ... قائلا: ..."), continues that act: one quote, with the verb as cue (the verb's own object, if
        it made a quote, is only the topic). After a comma (", قائلا إن") it stays a quote of its own."""
        text, drop = t.text, set()
        by_end: dict[int, Quote] = {}
        by_cue: dict[int, Quote] = {}
        for p in quotes:
            if p.cue and p.type != "ACCORDING_TO":
                by_end.setdefault(p.end, p)
                by_cue.setdefault(p.cue[0], p)
        for q in quotes:
            if not q.cue or not fold(text[q.cue[0]:q.cue[1]]).lstrip("و").startswith(self.lex.qaila):
                continue
            j = q.cue[0]
            while j > 0 and text[j - 1] in " \t\u00a0":
                j -= 1
            p = by_end.get(j)
            if p is not None and p is not q:  # the verb's clause ends right before قائلا (commas may be the subject's)
                drop.add(id(p))
                q.cue, q.cue_lemma, q.speaker_slot = p.cue, p.cue_lemma, p.speaker_slot
                continue
            sent = max(t.prev_end(q.cue[0]), q.cue[0] - 400)
            k = bisect_left(t.cue_starts, q.cue[0]) - 1
            while k >= 0 and t.cue_starts[k] >= sent:
                c = t.cue_starts[k]
                k -= 1
                if t.in_region(c) or _COMMA.search(text, c, q.cue[0]) and not self._marked_commas_only(t, c, q.cue[0]):
                    break
                verbs = [x for x in self.live_entries(t, c) if x.kind == "verb"]
                if not verbs:
                    continue
                p = by_cue.get(c)
                if p is not None and p is not q:
                    drop.add(id(p))
                    q.speaker_slot = p.speaker_slot
                q.cue, q.cue_lemma = [c, t.cues[c][0]], verbs[0].lemma
                if p is None:  # "واستطرد الوزير قائلا إن ...": the verb's subject is the source
                    a, b = _strip(text, t.cues[c][0], j)
                    if b > a and not _COMMA.search(text, a, b):
                        q.speaker_slot = [a, b]
                break
        return [q for q in quotes if id(q) not in drop]

    @staticmethod
    def _marked_commas_only(t: _Text, a: int, b: int) -> bool:
        return all(t.in_region(m.start()) for m in _COMMA.finditer(t.text, a, b))

    def quran(self, t: _Text, skipped: Callable[[int], bool]) -> list[Quote]:
        """Verses cited with a cue (قوله تعالى (...), لقوله تعالى: ﴿...﴾): parentheses serve as quotation marks
        (annotation rule 11); verses joined by و( are one quote; the speaker slot is تعالى."""
        rules = self.lex.quran
        if rules is None or not any(w in t.folded for w in self.lex.quran_keys):
            return []
        text, out = t.text, []
        for m in self._quran_matches(t.folded):
            if skipped(m.start()):
                continue
            frags, o = [], m.end() - 1
            while True:
                close = -1
                for k in range(o + 1, min(t.para_end(o), o + self.lex.max_content)):
                    if text[k] in self.lex.quran_close:
                        close = k
                        break
                if close < 0:
                    break
                frags.append([o + 1, close])
                j = _skip_space(text, close + 1, " \t\u00a0،,")
                if text[j:j + 1] == "و" and text[j + 1:j + 2] in self.lex.quran_open:
                    o = j + 1
                    continue
                break
            if not frags:
                continue
            cue = _WORD.search(text, m.start())
            god = _WORD.search(text, cue.end())
            out.append(Quote("DIRECT", frags, [cue.start(), cue.end()], "قوله تعالى", [god.start(), god.end()],
                             False, False))
        return out

    def _quran_matches(self, folded: str) -> Iterator[re.Match]:
        """``lex.quran.finditer(folded)``, tried only where a cue word can start (around each occurrence of a
        key word, found by ``str.find``): the same matches, without running the pattern over the whole text."""
        starts = set()
        for key, offsets in self.lex.quran_offsets.items():
            i = folded.find(key)
            while i >= 0:
                starts.update(i - o for o in offsets if i >= o)
                i = folded.find(key, i + 1)
        pos = 0
        for a in sorted(starts):
            if a < pos:
                continue
            m = self.lex.quran.match(folded, a)
            if m is not None:
                yield m
                pos = m.end()

    def relays(self, t: _Text, quotes: list[Quote]) -> list[Quote]:
        """An according-to cue that relays a speech quote of its sentence attributes that quote's content
        (annotation rule 9: two quotes over the same content): "وبحسب موقع X فقد قال Y: ..." (the speech cue in
        the source slot), "وشدد Y - وفقا لما نقلته X - على ..." (the according-to cue in the speech quote's slot),
        "وأكد Y أن ...، مؤكدا أن ...، وفق ما أوردته X" (the speech quotes of the sentence end right before it).
        Candidates are looked up by position (bisection, bounded windows): linear on long documents."""
        speech = sorted((q for q in quotes if q.type != "ACCORDING_TO" and q.cue), key=lambda q: q.cue[0])
        if not speech:
            return quotes
        cue_starts = [q.cue[0] for q in speech]
        window = self.lex.max_content
        for a in quotes:
            if a.type != "ACCORDING_TO" or not a.cue:
                continue
            cs, ce = a.cue
            lo, hi = bisect_left(cue_starts, ce), bisect_left(cue_starts, a.start)
            inside = speech[lo:hi] if a.start > ce else []
            if not inside:
                near = speech[bisect_left(cue_starts, cs - 400):bisect_left(cue_starts, cs)]
                slot = [q for q in near if q.cue[1] <= cs and ce <= q.start]
                inside = [q for q in slot if not _WORD.search(t.text, q.cue[1], cs)] or \
                         [q for q in slot if not t.has_words(q.cue[1], cs, 9)]
            if not inside and a.end <= cs:
                sent_start = max(t.prev_end(cs), cs - window)
                near = speech[bisect_left(cue_starts, sent_start - 400):bisect_left(cue_starts, cs)]
                before = [q for q in near if q.start >= sent_start and q.end <= cs]
                if before:
                    gap = [fold(w) for w in _WORD.findall(t.text, max(q.end for q in before), cs)]
                    if all(w in self.lex.relay_glue for w in gap):
                        inside = before
            if inside:
                a.fragments = [list(f) for q in inside for f in q.fragments]
        return quotes

    def build(self, t: _Text, e: CueEntry, cs: int, ce: int, ents: set[tuple[int, int]]) -> Quote | None:
        if e.phrase:
            j = _skip_space(t.folded, ce)
            if not t.folded.startswith(e.phrase[0], j):  # cheap reject (كما / على not followed by ذكر / لسان)
                return None
            words = t.next_words(ce, len(e.phrase))
            if tuple(words) != e.phrase:
                return None
            # the cue covers the phrase
            for _ in e.phrase:
                m = _WORD.search(t.text, ce)
                ce = m.end()
        if e.kind == "according":
            return self.according(t, e, cs, ce)
        before = t.word_before(cs)
        folded_cue = fold(t.text[cs:ce])
        if folded_cue in self.lex.not_cues or before in self.lex.name_particles:
            return None  # مقرات / علي بن أبي طالب
        relative = before in self.lex.after_relative  # "... ميلنر الذي أعلن أمس أنه ...": its own content only
        what = before in self.lex.relative_what  # "ما أكد عليه X أن ...": only with a resumptive pronoun
        if what and (e.kind != "verb" or t.next_words(ce, 1)[:1] not in ([r] for r in self.lex.resumptive)):
            return None  # هذا ما يشير إلى جهوزية ...: no content of the verb's own
        if self._in_according_phrase(t, cs, before):
            return None  # بحسب ما نقلت X / حسبما أفاد: the verb of the according-to phrase
        if folded_cue in self.lex.blocked_first:
            nxt = t.next_words(ce, 1)
            if nxt and (folded_cue, nxt[0]) in self.lex.blocked_sequences:
                return None
        if (before, folded_cue) in self.lex.blocked_sequences:
            return None
        if _POLL.match(t.text, ce):
            return None  # "أجاب 12% ممن شملهم الاستطلاع": survey answers are not quotes (rule 7)
        negated = e.negative or before in self.lex.negators
        limit = t.next_end(ce)
        if e.by_saying and e.colon_or_mark_only and self._by_saying(t, e, ce, limit):
            e = _with(e, colon_or_mark_only=False, complementiser_only=True)  # وختم X كلمته بالقول إن ...
        max_words = e.max_slot_words or self.lex.max_slot
        svo = self._svo(t, cs)
        restricted = e.complementiser_only or e.colon_or_mark_only
        if e.kind == "participle":
            max_words = min(max_words, self.lex.participle_slot)
        # a cue that only takes a complementiser (بيّن / بين) or only a colon / mark: nothing to scan without one
        if e.complementiser_only and not self.lex.comp_re.search(t.folded, ce, limit):
            return None
        if e.colon_or_mark_only and not _COLON_OR_MARK.search(t.text, ce, limit):
            return None
        result = self._scan(t, e, cs, ce, limit, max_words, negated, svo, restricted, ents)
        if result is None or result[0] is None:
            return None
        q = result[0]
        if what and not (":" in t.text[ce:q.start] or self.lex.comp_re.search(t.folded, ce, q.start)):
            return None  # "ما أكد عليه X" needs "أن ..." or ": «...»" after it
        if e.source_preposition and q.cue == [cs, ce] and not self._reports(t, e, ce, q.start):
            return None  # "ونقل برودكين إلى قسم شرطة", "ناقلات نفط": نقل = to carry, unless it reports
        if relative:
            return self._relative_clause_quote(t, e, ce, q)
        return q

    def _relative_clause_quote(self, t: _Text, e: CueEntry, ce: int, q: Quote) -> Quote | None:
        """A cue inside a relative clause (الذي قال إن ..., التي اعتبرها X أنها ..., والتي قال فيها "...", قرار
        الأمم المتحدة الذي يطلب من X ...) is a quote when a complementiser, a colon, an opening mark or the
        addressee of a request introduces its content — not with a nominal object (الذين أعلنوا انشقاقهم: background).
        Its content ends before "، أن" (a bare complementiser after a comma is the main verb's: "وأكد الوزير،
        الذي قال إن القرار نهائي، أن الحكومة ...")."""
        gap = t.text[ce:q.start]
        if _COMMA.search(gap) or len(_WORD.findall(gap)) > self.lex.relative_slot:
            return None  # the introducer follows the relative verb closely (التي يبلغ طول ...، كثيرا ما ...)
        if not (":" in gap or any(ch in _OPENING for ch in gap) or self.lex.comp_re.search(t.folded, ce, q.start)
                or "من+NOUN" in e.objects and "من" in _WORD.findall(gap)):
            return None
        if t.n_words(q.fragments[0][0], q.fragments[-1][1]) < self.lex.fragment_min_words:
            return None  # "بالتهمة التي اعتبر أنها ملفقة": a word characterising the antecedent, not a statement
        if q.type != "DIRECT":
            s, end = q.fragments[0][0], q.fragments[-1][1]
            for m in _COMMA.finditer(t.text, s, end):
                j = _skip_space(t.text, m.end())
                w = _WORD.match(t.text, j)
                if w is not None and fold(w.group()) in self.lex.complementisers and not t.in_region(m.start()):
                    q.fragments = [[s, _strip(t.text, s, m.start())[1]]]
                    break
        return q

    def _scan(self, t: _Text, e: CueEntry, cs: int, ce: int, limit: int, max_words: int, negated: bool,
              svo: bool, restricted: bool, ents: set[tuple[int, int]]) -> tuple[Quote | None] | None:
        text = t.text
        n_words = 0
        fallback: int | None = None  # a participle's object starts right after it (مؤكدا عدم ...)

        def give_up() -> tuple[Quote | None] | None:
            if fallback is None:
                return None
            return (self._from_complementiser(t, e, cs, ce, fallback, fallback, negated, svo, ents),)

        lex = self.lex
        adverbial_first, complementisers, suffixed = lex.adverbial_first, lex.complementisers, lex.suffixed
        time_words, not_noun_start, objects = lex.time_words, lex.not_noun_start, e.objects
        not_objects, object_heads = lex.not_objects, lex.object_heads
        cues, pair_at, fold_get, bucket_kinds = t.cues, t.pair_at, _FOLD_CACHE.get, lex.bucket_kinds
        adverbial_match = lex.adverbials.match if lex.adverbials is not None else None
        folded = t.folded
        # the entry's constants, read once per scan (not once per word)
        comp_only, is_participle = e.complementiser_only, e.kind == "participle"
        object_set = _OBJECT_SETS.get(objects)
        if object_set is None:
            object_set = _OBJECT_SETS[objects] = frozenset(objects)
        obj_b, obj_l, obj_from, obj_noun = "ب" in objects, "ل" in objects, "من+NOUN" in objects, "NOUN" in objects
        skip_until = -1
        after_time = False
        in_relative = False  # past a relative clause without content of its own
        subject_only = True  # no pronoun object (أعلنت عنها أمس جامعة ...) before a time adverb
        for m in _TOKEN.finditer(text, ce, limit):
            w = m.group()
            i = m.start()
            if i < skip_until:
                continue
            if w in adverbial_first:
                adv = adverbial_match(folded, i)
                if adv is not None:  # في هذا السياق, في الوقت نفسه: not part of the slot
                    skip_until = adv.end()
                    continue
            if w == ":":
                if comp_only:
                    return give_up()
                return (self._after_colon(t, e, cs, ce, i, negated),)
            if i in pair_at and w in _OPENING:
                pair = pair_at[i]
                after = _skip_space(text, pair.close + 1)  # (text[after:][:1] copied the whole rest: quadratic)
                named = t.word_before(i) in self.lex.naming or text[after:after + 1] == ":" \
                    or self.formula(t, pair)
                if not comp_only and not named and (
                        t.has_words(pair.open + 1, pair.close, self.lex.min_words) or n_words == 0
                        and t.has_words(pair.open + 1, pair.close, self.lex.fragment_min_words)):
                    kind, frags = self._direct_or_mixed(t, pair, i)
                    return (self._quote(t, e, kind, frags, cs, ce, i, negated, svo),)
                continue
            if not (w[0].isalnum() or _STRIP.match(w[0])):
                if is_participle and w in "،,؛;":
                    return give_up()  # a participle's slot does not cross a comma (عوائد مرتفعة متوقعة، كما أنه)
                continue
            fw = fold_get(w) or fold(w)
            if n_words and i in cues and fw not in complementisers and fw not in suffixed:
                found = cues[i]
                if (bucket_kinds.get(id(found[1])) or _bucket_kinds(found[1])).speech:
                    if t.word_before(i) not in lex.after_relative:
                        return give_up()
                    # "وأكد الوزير الذي أعلن استقالته أمس أن ...": the relative clause is part of the subject; its
                    # own quote (الذي قال إن ...، أن ...) is skipped whole, else the scan goes on
                    own = next((q for x in found[1] if x.kind == "verb" and not x.phrase
                                for q in (self.build(t, x, i, found[0], ents),) if q is not None), None)
                    if own is not None:
                        skip_until = own.end
                        if own.type == "DIRECT":
                            skip_until = min(len(text), skip_until + 1)
                    else:  # its object may follow (المسؤول الذي طلب عدم نشر اسمه "..."): only a complementiser,
                        in_relative = True  # a colon or a mark introduces the main verb's content now
                    n_words += 1
                    continue
            if fw in complementisers or fw in suffixed:
                if t.word_before(i) in self.lex.blocked_before:
                    return give_up()
                if e.colon_or_mark_only and n_words > 0:
                    return give_up()
                start = m.end() if fw in suffixed or fw in complementisers else i
                return (self._from_complementiser(t, e, cs, ce, i, start, negated, svo, ents),)
            if restricted or in_relative:
                pass
            elif fw in object_set:  # separate preposition: content after it
                nxt_words = t.next_words(m.end(), 1)
                if nxt_words and (nxt_words[0] in self.lex.complementisers or nxt_words[0] in self.lex.suffixed):
                    n_words += 1
                    continue
                s = _skip_space(text, m.end())
                return (self._from_complementiser(t, e, cs, ce, i, s, negated, svo, ents),)
            elif fw == "من" and obj_from:  # طلب X من الحلف المزيد: the addressee is left out
                addressee = _WORD.search(text, m.end(), limit)
                if addressee is None:
                    return give_up()
                s = _skip_space(text, addressee.end())
                nxt = _WORD.match(text, s)  # construct state: مجلس الأمن, وزير الخارجية
                if nxt is not None and not fold(addressee.group()).startswith("ال") and \
                        fold(nxt.group()).startswith("ال") and fold(nxt.group()) not in self.lex.object_heads:
                    s = _skip_space(text, nxt.end())
                return (self._from_complementiser(t, e, cs, ce, i, s, negated, svo, ents),)
            elif len(fw) > 3 and fw not in not_objects and (
                    (obj_b and fw[0] == "ب") or (obj_l and fw[0] == "ل" and fw[:2] != "لل")):
                return (self._from_complementiser(t, e, cs, ce, i, i, negated, svo, ents),)
            elif not restricted and fw in object_heads:
                return (self._from_complementiser(t, e, cs, ce, i, i, negated, svo, ents),)
            elif (n_words == 0 and (svo or is_participle) or after_time) and obj_noun and \
                    fw not in not_noun_start and fw not in time_words and not fw.isdigit():
                # the object right after the verb (SVO / participle), or right after the time adverb that ends a
                # VSO subject ("أعلنت اللجان الشعبية اليوم السبت سيطرتها على ...")
                return (self._from_complementiser(t, e, cs, ce, i, i, negated, svo, ents),)
            after_time = n_words > 0 and fw in time_words and not comp_only and subject_only
            subject_only = subject_only and (fw not in not_noun_start or fw in time_words)
            if n_words == 0 and is_participle and not restricted and fw not in not_noun_start:
                fallback = i
            n_words += 1
            if n_words > max_words:
                return give_up()
        return give_up()

    def _reports(self, t: _Text, e: CueEntry, ce: int, s: int) -> bool:
        """A verb with a ``source_preposition`` reports speech when that preposition (or its pronoun form: عنه)
        names a source (نقلت X عن Y, نُقل عنه) or a complementiser, colon or mark introduces the content (نقل شهود
        عيان أن ...)."""
        gap = t.text[ce:s]
        if ":" in gap or any(ch in _OPENING for ch in gap) or self.lex.comp_re.search(t.folded, ce, s):
            return True
        forms = self.lex.pronoun_forms.get(e.source_preposition, ())
        return any(fold(w) in forms for w in _WORD.findall(gap))

    def _by_saying(self, t: _Text, e: CueEntry, ce: int, limit: int) -> bool:
        """One of the verb's ``by_saying`` words (بالقول) stands before a complementiser within its slot."""
        for m in _WORD.finditer(t.text, ce, min(limit, ce + 200)):
            if fold(m.group()) in e.by_saying:
                nxt = t.next_words(m.end(), 1)
                return bool(nxt) and (nxt[0] in self.lex.complementisers or nxt[0] in self.lex.suffixed)
        return False

    def _in_according_phrase(self, t: _Text, cs: int, before: str) -> bool:
        """The cue at ``cs`` follows an according-to form ending in ما (حسبما أفاد) or an according-to word and
        ``what_glue`` (وفقا لما ذكرته, بحسب ما نقلت): it is the verb of that phrase."""
        if not before.endswith("ما"):
            return False
        p = _word_start_before(t.text, cs)
        if before not in self.lex.what_glue:  # حسبما, وفقما (not كما: the phrase كما أكد is its own cue)
            return any(x.kind == "according" and not x.phrase for x in t.cues.get(p, (0, ()))[1])
        p = _word_start_before(t.text, p)
        return any(x.kind == "according" and not x.phrase for x in t.cues.get(p, (0, ()))[1])

    def _svo(self, t: _Text, cs: int) -> bool:
        """The cue follows its subject in the same clause (لكن الجيش التركي أعلن ...)."""
        text = t.text
        j = cs
        while j > 0 and text[j - 1] in " \t\u00a0":
            j -= 1
        if j == 0 or not (text[j - 1].isalnum() or _STRIP.match(text[j - 1])):
            return False
        before = t.word_before(cs)
        if before in self.lex.pronoun_subjects:
            return True  # "لكنه نفى هذه التهم": the attached pronoun is the subject, the object follows the verb
        return before not in self.lex.clause_openers and before not in self.lex.negators

    def _after_colon(self, t: _Text, e: CueEntry, cs: int, ce: int, colon: int, negated: bool) -> Quote | None:
        text = t.text
        j = _skip_space(text, colon + 1)
        if text[j:j + 1] == "\n":  # "وقال في بيان:" ending its line, the quotation marked on the next one
            k = _skip_space(text, j, " \t\u00a0\n\r")
            if k in t.pair_at or text[k:k + 1] in OPEN_TO_CLOSE:
                j = k
        svo = self._svo(t, cs)
        if j < len(text) and j in t.pair_at:
            pair = t.pair_at[j]
            kind, frags = self._direct_or_mixed(t, pair, j)
            return self._quote(t, e, kind, frags, cs, ce, colon, negated, svo)
        if j < len(text) and text[j] in _OPENING:  # opening mark never closed
            s, end = self.unclosed(t, j)
            if end - s > 0:
                return self._quote(t, e, "DIRECT", [[s, end]], cs, ce, colon, negated, svo)
            return None
        words = t.next_words(j, 1)
        if words and (words[0] in self.lex.complementisers or words[0] in self.lex.suffixed):  # قال: إنه ...
            j = _skip_space(text, _WORD.search(text, j).end())
        end = self._indirect_end(t, j)
        if end - j < 2:
            return None
        return self._quote(t, e, "INDIRECT", [[j, end]], cs, ce, colon, negated, svo)

    def _indirect_end(self, t: _Text, s: int) -> int:
        return self.clause_end(t, s)

    def _from_complementiser(self, t: _Text, e: CueEntry, cs: int, ce: int, intro: int, s: int, negated: bool,
                             svo: bool, ents: set[tuple[int, int]]) -> Quote | None:
        text = t.text
        s = _skip_space(text, s)
        if s >= len(text):
            return None
        if s in t.pair_at:
            pair = t.pair_at[s]
            kind, frags = self._direct_or_mixed(t, pair, s)
            if kind == "DIRECT" or self.is_fragment(t, pair, ents):
                return self._quote(t, e, kind, frags, cs, ce, intro, negated, svo)
        elif text[s] in _OPENING and text[s] not in "»›" and not t.in_region(s):
            # an opening mark never closed in its paragraph (the quotation goes on in the next paragraph without
            # being reopened, or the closing mark is missing)
            a, b = self.unclosed(t, s)
            if b - a > 0 and t.has_words(a, b, self.lex.min_words):
                return self._quote(t, e, "DIRECT", [[a, b]], cs, ce, intro, negated, svo)
        end = self.clause_end(t, s)
        first = _WORD.match(text, s)
        if end - s < 2 or first is None and not _WORD.search(text, s, end):
            return None
        if first is not None and fold(first.group()) in self.lex.not_content_start:
            return None  # "طلب رسمي من النادي الذي ...", "أعلنت عن جملة من إجراءات": no content
        kind = "INDIRECT"
        k = bisect_left(t.region_starts, s)
        while k < len(t.regions) and t.regions[k][0] < end:
            pair = t.pair_at.get(t.regions[k][0])
            if pair is not None and self.is_fragment(t, pair, ents):
                kind = "MIXED"
                end = max(end, pair.close + 1)
                break
            k += 1
        return self._quote(t, e, kind, [[s, end]], cs, ce, intro, negated, svo)

    def _quote(self, t: _Text, e: CueEntry, kind: str, frags: list[list[int]], cs: int, ce: int, intro: int,
               negated: bool, svo: bool) -> Quote | None:
        text = t.text
        frags = [list(_strip(text, a, b, _SPN)) for a, b in frags]
        frags = [f for f in frags if f[1] > f[0]]
        if not frags:
            return None
        slot = None
        if e.kind in ("verb", "noun"):
            a, b = self._slot_edges(t, e.lemma, *_strip(text, ce, intro))
            if b > a:
                slot = [a, b]
            elif e.kind == "verb" and not e.passive:  # (a passive cue's source is only what follows it)
                lo = max(t.prev_end(cs), cs - 400)
                a, b = _strip(text, max(lo, _last_comma(text, lo, cs)), cs)
                if b > a:
                    slot = [a, b]
        return Quote(kind, frags, [cs, ce], e.lemma, slot, negated, e.thought)

    def _slot_edges(self, t: _Text, lemma: str, a: int, b: int) -> tuple[int, int]:
        """The slot ``[a, b)`` without the preposition linking the cue to its source (نُقل عن, استنادا إلى) and
        without the speech noun the cue governs at its end (قوله, كلمته بالقول): ``speaker_slot`` rules."""
        rules = self._slot_rules.get(lemma)
        if rules is None:
            key = fold(lemma)
            leading = self.lex.slot_leading.get(key)
            trailing = self.lex.slot_trailing.get(key, self.lex.slot_any_trailing)
            if trailing is not self.lex.slot_any_trailing:
                trailing = trailing | self.lex.slot_any_trailing
            # the characters a trailing word can end with (diacritics may follow its last letter)
            rules = self._slot_rules[lemma] = (leading, trailing, {w[-1] for w in trailing if w} | _DIAC_SET)
        leading, trailing, last_chars = rules
        text = t.text
        first = _WORD.match(text, a, b) if leading else None
        if first is not None and _STRIP.sub("", first.group()) in leading and _WORD.search(text, first.end(), b):
            a = _skip_space(text, first.end(), " \t\u00a0\n")  # (a slot of only إلى stays: the verb's object)
        while trailing and b > a and text[b - 1] in last_chars:
            last = _WORD_END.search(text, max(a, b - 30), b)
            if last is None or last.end() != b or _STRIP.sub("", last.group()) not in trailing:
                break
            b = _strip(text, a, last.start())[1]
        return a, b

    # ---------------------------------------------------------------- according to
    def according_source_ok(self, t: _Text, e: CueEntry, ce: int) -> bool:
        """The words after an according-to cue name a source (not وفقا للأنظمة, حسب تعبيره, حسب نوعية ...)."""
        words = t.next_words(ce, 3)
        if not words:
            return False
        first = words[0]
        if any(x.kind == "according" and not x.phrase for x in self.lex.forms.get(first, ())):
            return False  # "بحسب بحسب ...": another according-to word is not a source
        if first.startswith("لل") and len(first) > 3:  # للمدة -> المدة
            first = "ا" + first[1:]
        elif first.startswith("ل") and first not in ("لسان",) and len(first) > 2:
            first = first[1:]
        words = [first, *words[1:]]
        if e.lemma.endswith("ما") or first == "ما":
            idx = 0 if e.lemma.endswith("ما") else 1
            if len(words) <= idx or words[idx] not in self.lex.what_verbs:
                return False
        return not any(tuple(words[:n]) in self.lex.not_source_set for n in self.lex.not_source_lengths)

    def according(self, t: _Text, e: CueEntry, cs: int, ce: int) -> Quote | None:
        text = t.text
        if not self.according_source_ok(t, e, ce):
            return None
        sent_start = _skip_space(text, max(t.prev_end(cs), cs - self.lex.max_content), " \t\u00a0\n")
        sent_end = min(t.next_end(ce), ce + self.lex.max_content)  # forward searches bounded: linear (audit H1)
        lead = text[sent_start:cs].strip()
        comma = _COMMA.search(text, ce, sent_end)
        opens_clause = not lead or lead in ("و", "ف") or (lead[-1] in "،,؛;" and comma is not None)
        if opens_clause and e.lemma.startswith("كما"):
            return None  # "كما أكد ..." opening a sentence is "he also stressed", not "as X stated"
        fa = self.lex.fa_inna.search(t.folded, ce, comma.start() if comma else sent_end)
        if opens_clause or (fa is not None and not lead):
            # بحسب X، <content>  /  ...، وبحسب X، <content>  /  ووفقا للمعلومات الواردة فإن <content>
            if fa is not None:
                s, slot_end = _skip_space(text, fa.end()), fa.start()
            elif comma is not None:
                s, slot_end = _skip_space(text, comma.end()), comma.start()
                after = self.lex.fa_inna.match(t.folded, s)
                if after is not None:  # "، فإن" is left out like a complementiser
                    s = _skip_space(text, after.end())
            else:
                return None
            end = self.clause_end(t, s)
            slot = list(self._slot_edges(t, e.lemma, *_strip(text, ce, slot_end)))
            if end - s < 2:
                return None
            if s in t.pair_at and t.pair_at[s].close == end - 1 and len(t.pair_at[s].fragments) == 1:
                s, end = s + 1, end - 1  # a whole clause in marks (فإن «...»): the text between them (rule 12)
            return Quote("ACCORDING_TO", [[s, end]], [cs, ce], e.lemma, slot if slot[1] > slot[0] else None,
                         False, False)
        s, end = _strip(text, sent_start, cs, _SPN + "،,؛;:-–—(")
        for tail in ("وذلك", "و"):
            if text[s:end].endswith(" " + tail):
                s, end = _strip(text, s, end - len(tail))
        if end - s < 2 or not t.has_words(s, end, 3):
            return None
        stop = _COMMA.search(text, ce, sent_end)
        slot = list(_strip(text, ce, stop.start() if stop else sent_end, _SPN + "،,؛;:.-–—)"))
        return Quote("ACCORDING_TO", [[s, end]], [cs, ce], e.lemma, slot if slot[1] > slot[0] else None,
                     False, False)

    # ---------------------------------------------------------------- "..."، قال X
    def quote_first(self, t: _Text, quotes: list[Quote], skipped: Callable[[int], bool]) -> list[Quote]:
        covered = sorted((q.start, q.end) for q in quotes)
        starts = [c[0] for c in covered]
        out = []
        text = t.text
        cues = t.cues
        for pair in t.pairs:
            # (the filters have no side effects: the cheapest and most selective first, a cue after the mark)
            j = _skip_space(text, pair.close + 1, " \t\u00a0،,")
            found = cues.get(j)
            if not found or len(pair.fragments) != 1 or skipped(pair.open) or not self.is_quotation(t, pair):
                continue
            if text[pair.open + 1:pair.open + 2] == "#" or t.word_before(pair.open) in self.lex.naming:
                continue  # a hashtag or a named title in marks
            k = bisect_right(starts, pair.open + 1) - 1
            if k >= 0 and covered[k][0] <= pair.open + 1 < covered[k][1]:
                continue
            ce, entries = found
            verbs = [x for x in entries if x.kind == "verb" and not x.phrase]
            if not verbs or _POLL.match(text, ce):
                continue
            e = verbs[0]
            end = self.clause_end(t, ce)
            a, b = _strip(text, ce, end)
            out.append(Quote("DIRECT", [list(pair.content)], [j, ce], e.lemma, [a, b] if b > a else None,
                             t.word_before(j) in self.lex.negators or e.negative, e.thought))
        return out


def _only_continuations(t: _Text, pair: QuotePair, end: int, finder: QuoteFinder) -> bool:
    frags = finder.continuation(t, pair)
    last = frags[-1][1] + 1
    return not _WORD.search(t.text, last, max(last, end))


def _word_start_before(text: str, i: int) -> int:
    """Start of the word that ends right before ``i`` (spaces skipped); ``i`` itself when there is none."""
    j = i
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalnum() or _STRIP.match(text[k - 1])):
        k -= 1
    return k if k < j else i


def _skip_space(text: str, i: int, chars: str = _SP) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _last_comma(text: str, s: int, e: int) -> int:
    k = max(text.rfind("،", s, e), text.rfind(",", s, e))
    return k + 1 if k >= 0 else s


def _resolve(quotes: list[Quote]) -> list[Quote]:
    """One quote per content: when two cues claim the same content start, the cue nearest to it wins."""
    best: dict[tuple[str, int], Quote] = {}
    for q in quotes:
        key = (q.type == "ACCORDING_TO" and "A" or "Q", q.start)
        old = best.get(key)
        if old is None or (q.cue and old.cue and q.cue[0] > old.cue[0] and q.cue[0] < q.start):
            best[key] = q
    out = sorted(best.values(), key=lambda q: (q.start, q.end))
    return out


# --------------------------------------------------------------------------------------------------- component
_BOILERPLATE_API: list = []  # (boilerplate_ranges, in_boilerplate) once imported (an import per doc costs)


def _boilerplate_test(doc: Doc) -> Callable[[int], bool] | None:
    if not _BOILERPLATE_API:
        try:
            from .boilerplate import boilerplate_ranges, in_boilerplate  # type: ignore[attr-defined]
        except ImportError:
            boilerplate_ranges = in_boilerplate = None
        _BOILERPLATE_API[:] = [boilerplate_ranges, in_boilerplate]
    if BOILERPLATE_KEY not in doc.spans:
        return None  # (no boilerplate group: both tests below give None; SpanGroups.get raises a KeyError inside)
    boilerplate_ranges, in_boilerplate = _BOILERPLATE_API
    if in_boilerplate is not None:
        ranges = boilerplate_ranges(doc)
        return (lambda i: bool(in_boilerplate(doc, i, ranges=ranges))) if ranges else None
    spans = sorted((s.start_char, s.end_char) for s in doc.spans.get(BOILERPLATE_KEY, []))
    if not spans:
        return None
    starts = [s for s, _ in spans]

    def inside(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and spans[k][0] <= i < spans[k][1]

    return inside


class QuoteDetector(ArabnewsComponent):
    """Finds quotes and writes ``doc.spans["quotes"]`` with their plain-data records."""

    def __init__(self, nlp: Language, name: str = "arabnews_quotes", *, include_boilerplate: bool = False,
                 use_entities: bool = True, scorer: Callable | None = None):
        self.nlp = nlp
        self.name = name
        self.include_boilerplate = include_boilerplate
        self.use_entities = use_entities
        self.scorer = scorer
        self.cfg = {"include_boilerplate": include_boilerplate, "use_entities": use_entities}
        self.set_rules(read_json(DATA_FILE))
        install_extensions()

    def set_rules(self, data: dict) -> None:
        if not isinstance(data, dict) or "verbs" not in data:
            raise ValueError(Errors.E009.format(key="rules", value=type(data).__name__, component=self.name,
                                                why="the quote rules must be a dict in the format of "
                                                    f"arabnews/data/{DATA_FILE}"))
        self.rules = copy.deepcopy(data)  # read_json caches one dict for every pipeline: never share it
        self.finder = QuoteFinder(Lexicon(self.rules))

    def predict(self, doc: Doc, text: str | None = None) -> list[Quote]:
        skip = None if self.include_boilerplate else _boilerplate_test(doc)
        ents = [(e.start_char, e.end_char) for e in doc.ents] if self.use_entities and doc.ents else []
        return self.finder.find(doc_text(doc) if text is None else text, skip=skip, entity_ranges=ents)

    def set_annotations(self, doc: Doc, quotes: list[Quote], text: str | None = None) -> None:
        spans, infos = [], []
        text = doc_text(doc) if text is None else text
        char_span = doc.char_span
        for q in quotes:
            frags = q.fragments
            if len(frags) == 1 and type(frags[0]) is list and len(frags[0]) == 2 and frags[0][0] < frags[0][1]:
                pass  # one non-empty [start, end] list: already what the sort below makes
            else:
                fragments = sorted([s, e] for s, e in frags if s < e)  # in text order, none empty
                if not fragments:
                    continue
                if fragments != frags:
                    q = replace(q, fragments=fragments)
            span = char_span(q.start, q.end, label=q.type, alignment_mode="expand")
            if span is None or not len(span):
                continue
            spans.append(span)
            infos.append(q.record(text))
        doc.spans[QUOTES_KEY] = spans
        set_quote_infos(doc, spans, infos)

    def process(self, doc: Doc) -> Doc:
        """Find the quotes of ``doc`` (``__call__``/``pipe`` and errors: ArabnewsComponent)."""
        text = doc_text(doc)
        self.set_annotations(doc, self.predict(doc, text), text)
        return doc

    def initialize(self, get_examples: Callable[[], Iterable[Example]] | None = None, *,
                   nlp: Language | None = None, rules: dict | None = None) -> None:
        """Load the rules: ``rules`` (a dict in the format of ``quotes.v1.json``) or the packaged file."""
        self.set_rules(rules if rules is not None else read_json(DATA_FILE))

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        return (self.scorer or quotes_scorer)(examples, **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if "cfg" not in exclude:
            srsly.write_json(path / "cfg", self.cfg)
        if "rules" not in exclude:
            srsly.write_json(path / DATA_FILE, self.rules)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> QuoteDetector:
        path = ensure_path(path)
        if "cfg" not in exclude and (path / "cfg").exists():
            self.cfg.update(srsly.read_json(path / "cfg"))
            self.include_boilerplate = bool(self.cfg.get("include_boilerplate"))
            self.use_entities = bool(self.cfg.get("use_entities", True))
        if "rules" not in exclude and (path / DATA_FILE).exists():
            self.set_rules(srsly.read_json(path / DATA_FILE))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg, "rules": self.rules})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> QuoteDetector:
        msg = srsly.msgpack_loads(data)
        self.cfg.update(msg.get("cfg", {}))
        self.include_boilerplate = bool(self.cfg.get("include_boilerplate"))
        self.set_rules(msg["rules"])
        return self


def quotes_scorer(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """``quotes_p/r/f`` (GGT >80% coverage, one-to-one greedy) and the other quote scores of
    :func:`arabnews.evaluation.quote_prf`, for examples whose reference has ``doc.spans["quotes"]``."""
    from .evaluation import quote_prf

    return quote_prf(examples, **kwargs)


@registry.scorers("arabnews.quotes_scorer.v1")
def make_quotes_scorer() -> Callable:
    return quotes_scorer


@Language.factory(
    "arabnews_quotes",
    assigns=["doc.spans", "span._.arabnews_quote"],
    requires=[],
    default_config={"include_boilerplate": False, "use_entities": True,
                    "scorer": {"@scorers": "arabnews.quotes_scorer.v1"}},
    default_score_weights={"quotes_f": 1.0, "quotes_p": 0.0, "quotes_r": 0.0},
)
def make_quote_detector(nlp: Language, name: str, include_boilerplate: bool, use_entities: bool,
                        scorer: Callable | None) -> QuoteDetector:
    return QuoteDetector(nlp, name, include_boilerplate=include_boilerplate, use_entities=use_entities,
                         scorer=scorer)
