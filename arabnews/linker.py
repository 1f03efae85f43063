"""``arabnews_linker``: finds mentions of knowledge-base entities in Arabic news and links them to Wikidata QIDs.

No statistical NER is needed: mentions are found from the KB's Arabic names over normalised token keys (clitics
stripped only when the rest is a known name, transliteration variants re-scored strictly, see :mod:`arabnews.kb`).
Candidates are then scored with the title before the mention (``الرئيس الأوكراني``), document-level
coreference (a surname after the full name), and the entity's prominence; below the threshold the linker
abstains (``kb_id_ == ""``). Spans already in ``doc.ents`` (from an NER model) are linked, and KB mentions are
added where they do not overlap.

Output: ``doc.ents`` (``label_`` PERSON/ORG/GPE/LOC, ``kb_id_`` QID or ""), ``ent._.kb_name`` (English label,
also for KB entities without a verified QID), ``ent._.kb_candidates`` (``[(id, score), ...]``; an entity without
a QID has the id ``"NOQID:<English name>"``).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, LENGTH, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc as _Doc
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import ensure_path, registry
from spacy.util import from_disk as util_from_disk
from spacy.util import to_disk as util_to_disk

from .component_base import ArabnewsComponent
from .errors import Errors
from .extensions import BOILERPLATE_KEY, install_extensions, link_key, set_link_info
from .kb import TYPES, Candidate, KBEntity, KnowledgeBase, clitic_rules, rules, skeleton, strip_clitics, variant_ok
from .normalize import normalize

_LINKSCAN_ABI = 3  # the interface of arabnews/_linkscan.c this module uses (its LINKSCAN_ABI)
try:  # the compiled first pass (arabnews/_linkscan.c), built by `pip install` when a C compiler is there
    from . import _linkscan
except ImportError:  # pragma: no cover - an install without a compiler: the pure-Python path, same output
    _linkscan = None
if _linkscan is not None and getattr(_linkscan, "ABI", None) != _LINKSCAN_ABI:  # pragma: no cover
    # a module built from an older _linkscan.c (e.g. an in-tree .so of an earlier editable install; rebuild with
    # `pip install -e .`): the pure-Python path, which gives the same output
    _linkscan = None

_NOTHING: tuple = ()
_EMPTY: frozenset = frozenset()
_ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID]
_TABLE_BITS = 19  # slots of the table of token strings already analysed (4.5 MB, allocated on first use)
_MASK = np.uint64((1 << _TABLE_BITS) - 1)
_SEEN, _STARTS, _NOT_ALONE, _CONTINUES = 1, 2, 4, 8  # flags of a token string in the table (0: not there)
_PERSON_WORD, _PERSON_WORD_ONLY, _GENERIC_BODY = 1, 2, 4  # EntityLinker._rule_flags
_CACHE_LIMIT = 100_000  # entries per linker cache (cleared beyond this): bounds a long run's memory
_SCAN_ATTRS = [ORTH, IDX, LENGTH, ENT_KB_ID]  # what the compiled first pass reads (one to_array per document)
PURE_PYTHON_ENV = "ARABNEWS_PURE_PYTHON"  # set to 1: the pure-Python first pass even when the compiled one is built


def compiled_available() -> bool:
    """Whether the compiled first pass (``arabnews._linkscan``) is built and not switched off by the environment
    variable ``ARABNEWS_PURE_PYTHON=1``."""
    return _linkscan is not None and os.environ.get(PURE_PYTHON_ENV, "") in ("", "0")


@dataclass(frozen=True)
class _Profile:
    """What :meth:`EntityLinker.decide` needs of a candidate list, computed once per list."""

    ids: frozenset[str]  # every candidate's entity id
    full_id: str  # the entity this name names in full ("" when partial, weak, common or ambiguous)
    common: bool  # every non-partial alias is a common word
    not_name: bool  # every alias is a not-mention (definite description)
    one_alias: bool
    places: bool  # every candidate is a GPE/LOC
    # per candidate: (entity, needs context (partial or weak), base score, score with no type cue)
    scored: tuple[tuple[KBEntity, bool, float, float], ...]


@dataclass(slots=True)
class Mention:
    """A found mention (token range) with its candidates; plain data, decided by :meth:`EntityLinker.decide`."""

    start: int
    end: int
    candidates: list[Candidate]
    clitic: bool = False
    existing_label: str = ""


class _Keys(dict):
    """Normalised keys of a document's tokens, by token index, read from the linker's cache on first access (a dict
    subclass: a repeated access is a C-level look-up; only the tokens around possible names are ever looked at).
    Index with ints only; use :func:`_words` for a range."""

    __slots__ = ("_orths", "_key_of")

    def __init__(self, orths: list[int], key_of: dict[int, str]):
        super().__init__()
        self._orths = orths
        self._key_of = key_of

    def __missing__(self, i: int) -> str:
        key = self[i] = self._key_of[self._orths[i]]
        return key


def _words(keys: Any, start: int, end: int) -> tuple[str, ...]:
    """``tuple(keys[start:end])`` for a list of keys or :class:`_Keys`."""
    return tuple(map(keys.__getitem__, range(start, end)))


def _char_range(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    span = doc[start:end]
    return span.start_char, span.end_char


def _split_paths(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [p for p in str(value).split(os.pathsep) if p.strip()]


def _new_component(cls: type) -> EntityLinker:
    """An empty instance for unpickling (``EntityLinker.__reduce__``)."""
    return cls.__new__(cls)


class EntityLinker(ArabnewsComponent):
    """Links mentions of KB entities; see the module docstring."""

    def __init__(
        self,
        nlp: Language,
        name: str = "arabnews_linker",
        *,
        kb_paths: str = "",
        use_default_kb: bool = True,
        include_boilerplate: bool = False,
        link_existing_ents: bool = True,
        threshold: float = -1.0,
        scorer: Callable | None = None,
    ):
        install_extensions()
        self.name = name
        self.kb_paths = _split_paths(kb_paths)
        self.use_default_kb = use_default_kb
        self.include_boilerplate = include_boilerplate
        self.link_existing_ents = link_existing_ents
        self.cfg_threshold = threshold
        self.scorer = scorer
        r = rules()
        self.scores = dict(r["scores"])
        if threshold >= 0:
            self.scores["threshold"] = float(threshold)
        elif threshold != -1.0:
            raise ValueError(Errors.E009.format(key="threshold", value=threshold, component=name,
                                                why="use a number >= 0, or -1 for the default of linker.v1.json"))
        self._common = {tuple(normalize(w) for w in n.split()) for n in r["common_word_aliases"]["names"]}
        self._dashes = frozenset(r["common_word_aliases"].get("dateline_dashes", []))
        self._dash_orths = frozenset(get_string_id(d) for d in self._dashes)
        self._dateline_names = {(normalize(w),) for w in r["common_word_aliases"].get("dateline_names", [])}
        self._type_cues = {normalize(w): t for t, words in r["type_cues"].items() if t in TYPES for w in words}
        self._needs_context = {normalize(w) for w in r["needs_context"]["names"]}
        self._shrink = {normalize(w) for w in r["shrink"]["words"]}
        self._shrink_if_name = {normalize(w) for w in r["shrink"]["if_name"]}
        self._trailing = {normalize(w) for w in r["shrink"].get("trailing_adjectives", [])}
        self._patronymic = {normalize(w) for w in r["partial"]["patronymic_markers"]}
        self._family = {normalize(w) for w in r.get("chains", {}).get("family", [])}
        self._sons = {normalize(w) for w in r.get("chains", {}).get("son_of", [])}
        self._chain_gap = int(r.get("chains", {}).get("max_gap", 0))
        self._state_heads = {normalize(w) for w in r.get("extend", {}).get("state_heads", [])}
        nm = r["not_mentions"]
        self._not_names = {tuple(normalize(w) for w in n.split()) for n in nm["names"]}
        self._adjectival = {normalize(w) for w in nm["adjectival_names"]}
        self._place_inside = {normalize(w) for w in nm["place_inside_after"]}
        heads = [normalize(w) for w in r["titles"]["heads"]]
        self._title_heads = {h.split()[0] for h in heads}
        self._title_modifiers = {normalize(w) for w in r["titles"]["modifiers"]}
        self._separators = set(r["titles"]["separators"])
        self._title_max = int(r["titles"]["max_tokens"])
        co = r.get("coreference", {})
        fn = co.get("first_name", {})
        self._coref_verb_list = list(fn.get("verbs_before", []))
        self._coref_verbs = {normalize(w) for w in self._coref_verb_list}
        self._verb_orths: frozenset[int] | None = None  # see _reporting_verb_orths
        self._coref_after = {normalize(w) for w in fn.get("after", [])}
        self._not_first_names = {normalize(w) for w in fn.get("not_first_names", [])} | self._patronymic
        self._given_list = {normalize(w) for w in co.get("given_names", [])}
        self._not_given = {normalize(w) for w in co.get("not_given_names", [])}
        self._min_given_len = int(co.get("min_given_len", 3))
        self._given: frozenset[str] | None = None  # see _given_names (needs the KB)
        gb = r.get("generic_bodies", {})
        self._generic = {tuple(normalize(w) for w in n.split()) for n in gb.get("names", [])}
        self._generic_suffix = normalize(gb.get("adjective_suffix", "")) if gb.get("adjective_suffix") else ""
        self._generic_min_len = int(gb.get("adjective_min_len", 6))
        self._name_words: dict[str, frozenset[str]] = {}  # entity id -> every word of its names
        self._forms: dict[str, frozenset[str]] = {}  # first name -> its forms with a proclitic
        self._flags_of: dict[int, tuple[list, int]] = {}  # id(candidate list) -> (the list, _rule_flags)
        self._given_of: dict[str, str | None] = {}  # key before a one-word person name -> the given name in it
        self._info: dict[int, tuple] = {}  # token ORTH hash -> name starts (live tokens only)
        self._key_of: dict[int, str] = {}  # token ORTH hash -> normalised key (every token analysed)
        self._title_word: dict[str, tuple[bool, bool]] = {}  # key -> (title word, title head)
        self._cues: dict[int, str] = {}  # ORTH hash of the token before a mention -> type cue
        self._profiles: dict[int, tuple[list, _Profile]] = {}  # id(candidate list) -> (the list, its profile)
        self._prev_flags: dict[str, tuple[bool, bool, bool]] = {}  # key before a mention -> _prev_kind
        # (id(candidates), title ids, coreference ids, type cue, NER label) -> (candidates, decision)
        self._decisions: dict[tuple, tuple[list, tuple | None]] = {}
        self._lookups: dict[tuple[str, ...], list[Candidate]] = {}  # multi-word KB look-ups
        self._titles: dict[tuple[str, ...], frozenset[str]] = {}  # title keys -> ids of the entities with it
        self._table_orth: np.ndarray | None = None  # see _keys
        self._flag_of: dict[int, int] = {}  # token ORTH hash -> flags (see _flags)
        self._shrink_kinds: dict[str, tuple[bool, bool]] = {}  # first key of a mention -> _shrink_kind
        self._seconds_all: frozenset[str] | None = None  # every word that may continue a name
        self._table_state: np.ndarray | None = None
        # the compiled first pass: token strings analysed (flags, key, skeleton, name starts) by ORTH hash
        self._fast = _linkscan.Table() if compiled_available() else None
        # The KB is read on first use or in initialize(), not here: spacy.load() constructs the component and then
        # restores the saved KB with from_disk, so the kb_paths files need not exist where a pipeline is loaded.
        self._kb: KnowledgeBase | None = None

    # ------------------------------------------------------------ KB
    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = self._build_kb()
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def _build_kb(self) -> KnowledgeBase:
        kb = KnowledgeBase.default() if self.use_default_kb else KnowledgeBase()
        kb.add_paths(self.kb_paths)
        return kb

    def set_kb(self, kb: KnowledgeBase) -> None:
        """Replace the knowledge base (e.g. one built with ``python -m arabnews kb build``)."""
        self.kb = kb
        self._clear_caches()

    def _clear_caches(self) -> None:
        self._info.clear()
        self._key_of.clear()
        self._title_word.clear()
        self._cues.clear()
        self._profiles.clear()
        self._prev_flags.clear()
        self._decisions.clear()
        self._lookups.clear()
        self._titles.clear()
        self._flag_of.clear()
        self._shrink_kinds.clear()
        self._seconds_all = None
        self._given = None
        self._name_words.clear()
        self._forms.clear()
        self._flags_of.clear()
        self._given_of.clear()
        if self._fast is not None:
            self._fast.clear()
        if self._table_orth is not None:
            self._table_orth.fill(0)
            self._table_state.fill(0)

    def __reduce__(self):
        """Pickling (``pickle``, ``copy.deepcopy``, workers started with spawn): the caches are left behind and the
        compiled table, which cannot be pickled, is recreated empty; the output does not depend on the caches."""
        state = {key: value for key, value in self.__dict__.items() if key != "_fast"}
        return (_new_component, (type(self),), (self.name, self._fast is not None, state))

    def __setstate__(self, state: tuple) -> None:
        name, compiled, attributes = state
        self.__dict__.update(attributes)
        self.name = name
        self._fast = _linkscan.Table() if compiled and compiled_available() else None
        self._clear_caches()

    @property
    def compiled(self) -> bool:
        """Whether this linker runs the compiled first pass (``arabnews._linkscan``); the output is the same."""
        return self._fast is not None

    # ------------------------------------------------------------ token analysis
    def _analyse(self, text: str) -> tuple[str, tuple]:
        """(key, starts) of a token text: starts = ((first word, clitic chars, longest name from it in tokens,
        candidates of the first word alone, second words of its longer names, their skeletons), ...) for each
        reading of the token that may begin a name."""
        key = normalize(text)
        starts: list[tuple] = []
        kb = self.kb
        if len(key) >= 2 or kb.longest_from(key) > 1:  # one letter only as the start of a longer name (د ب أ)
            for first, n in ((key, 0), *strip_clitics(key)):
                if kb.is_first_word(first) or kb.is_first_skeleton(first):
                    longest = kb.longest_from(first)
                    seconds, skeletons = kb.second_words(first) if longest > 1 else (_NOTHING, _NOTHING)
                    starts.append((first, n, longest, kb.lookup((first,)), seconds, skeletons))
        return key, (tuple(starts) if starts else _NOTHING)

    def _lookup(self, words: tuple[str, ...]) -> list[Candidate]:
        """Cached ``kb.lookup`` (the candidates are shared: never modified)."""
        found = self._lookups.get(words)
        if found is None:
            if len(self._lookups) >= _CACHE_LIMIT:
                self._lookups.clear()
            found = self._lookups[words] = self.kb.lookup(words)
        return found

    def _keys(self, doc: _Doc) -> tuple[_Keys, list[int], list[int]]:
        """Normalised keys of the tokens (:class:`_Keys`, read on access), the indices of the tokens that may begin a
        name, and the ORTH hashes.

        Each token string is analysed once per process (:meth:`_analyse`, cached by ORTH hash). The first pass is
        in C: the ORTH hashes index a direct-mapped table (``hash & mask``) holding, for the string that owns the
        slot, whether it may start a name; a token whose string is not in its slot (never seen, or sharing the slot
        with another string) is looked up in the caches in Python.
        """
        arr = doc.to_array(ORTH)
        orths = arr.tolist()
        if self._table_orth is None:
            self._table_orth = np.zeros(1 << _TABLE_BITS, dtype=np.uint64)
            self._table_state = np.zeros(1 << _TABLE_BITS, dtype=np.uint8)
        slots = arr & _MASK
        state = self._table_state[slots]
        state[self._table_orth[slots] != arr] = 0
        if not state.all():
            self._resolve(orths, state, doc.vocab.strings)
        # a token that may start a name only as the first word of a longer one (علي, أن, لا ...) is kept only
        # when the next token may continue some name
        next_continues = np.zeros(len(orths), dtype=np.uint8)
        next_continues[:-1] = state[1:] & _CONTINUES
        live = (state & _STARTS) != 0
        live &= ((state & _NOT_ALONE) == 0) | (next_continues != 0)
        lives = np.flatnonzero(live).tolist()
        return _Keys(orths, self._key_of), lives, orths

    def _resolve(self, orths: list[int], state: Any, strings: Any) -> None:
        """The tokens not found in the table: analyse the new strings, give each string a free slot, and set
        their ``state`` (flags, see :meth:`_flags`)."""
        unknown = np.flatnonzero(state == 0).tolist()
        key_of = self._key_of
        if any(orths[i] not in key_of for i in unknown):
            self._analyse_new(orths, [orths[i] for i in unknown], strings)
        flag_of = self._flag_of
        table_orth, table_state = self._table_orth, self._table_state
        mask = int(_MASK)
        for i in unknown:
            orth = orths[i]
            flag = flag_of[orth]
            state[i] = flag
            slot = orth & mask
            if not table_state[slot]:
                table_orth[slot] = orth
                table_state[slot] = flag

    def _analyse_new(self, orths: list[int], unknown: list[int], strings: Any) -> None:
        """Analyse the token strings of a document not seen before (``unknown``: the hashes that may be new; the
        caches are cleared beforehand when they would outgrow their bound, never in the middle of a document, and
        then every string of the document is analysed again)."""
        key_of = self._key_of
        new = [o for o in dict.fromkeys(unknown) if o not in key_of]
        if len(key_of) + len(new) > _CACHE_LIMIT:
            self._clear_caches()
            new = list(dict.fromkeys(orths))
        info = self._info
        flag_of = self._flag_of
        analyse = self._analyse
        for orth in new:
            key, starts = analyse(strings[orth])
            key_of[orth] = key
            flag_of[orth] = self._flags(key, starts)
            if starts:
                info[orth] = starts

    def _scan(self, doc: _Doc) -> tuple[list[str], list[int], bool, list[tuple], bytes]:
        """The compiled first pass (a non-empty ``doc``): (token keys, ORTH hashes, whether a token has a KB id,
        [(start, n tokens, candidates, clitic), ...] as :meth:`_matches` finds them, the tokens' character offsets
        for ``_linkscan.char_range``). Strings not seen before are analysed here (:meth:`_analyse`), as
        :meth:`_analyse_new` does on the Python path."""
        arr = doc.to_array(_SCAN_ATTRS)
        fast = self._fast
        max_len = self.kb.max_len
        found = fast.scan(arr, self._lookups, self._lookup, max_len)
        if isinstance(found, list):  # strings not in the table
            if len(fast) + len(found) > _CACHE_LIMIT:
                self._clear_caches()
                found = list(dict.fromkeys(arr[:, 0].tolist()))
            strings = doc.vocab.strings
            analyse = self._analyse
            for orth in found:
                key, starts = analyse(strings[orth])
                skel = skeleton(key)
                fast.add(orth, self._flags(key, starts, skel), key, skel, starts)
            found = fast.scan(arr, self._lookups, self._lookup, max_len)
        return found

    def _flags(self, key: str, starts: tuple, skel: str | None = None) -> int:
        """A token string's flags for the first pass: seen (always), may start a name, may start one only as the
        first word of a longer name (no reading of it is a name alone), may be a later word of a name."""
        flags = _SEEN
        if starts:
            flags |= _STARTS
            if not any(single for _, _, _, single, _, _ in starts):
                flags |= _NOT_ALONE
        if self._seconds_all is None:
            self._seconds_all = self.kb.all_second_words()
        if key in self._seconds_all or (skeleton(key) if skel is None else skel) in self._seconds_all:
            flags |= _CONTINUES
        return flags

    # ------------------------------------------------------------ finding (pure: no Doc writes)
    def find_mentions(self, doc: _Doc, keys: Sequence[str], lives: Sequence[int] | None, orths: Sequence[int],
                      matches: Iterable[tuple[int, int, list[Candidate], bool]] | None = None) -> list[Mention]:
        """Longest KB-name matches, left to right, without overlap (``keys``, ``lives``, ``orths``: see
        :meth:`_keys`; ``matches``: the compiled first pass's, else :meth:`_matches` finds them)."""
        out: list[Mention] = []
        n_tokens = len(orths)
        free = 0  # first token not covered by the previous mention
        for i, n, cands, clitic in (self._matches(keys, lives, orths) if matches is None else matches):
            if i < free:
                continue
            best = Mention(i, i + n, cands, clitic)
            if (self._family and best.end + 1 < n_tokens and keys[best.end] in self._family
                    and keys[best.end + 1].isalpha() and all(c.entity.type == "PERSON" for c in best.candidates)):
                best = Mention(best.start, best.end + 2, best.candidates, clitic=best.clitic)  # ... آل سعود
            free = best.end
            if not self._not_a_mention(best, keys):
                m = self._extended(self._shrunk(best, keys), keys)
                if out and m.start < out[-1].end:  # extended over the previous mention: keep it as found
                    m = self._shrunk(best, keys)
                out.append(m)
        return self._chained(out, keys) if self._chain_gap else out

    def _matches(self, keys: Sequence[str], lives: Sequence[int], orths: Sequence[int]
                 ) -> list[tuple[int, int, list[Candidate], bool]]:
        """The first pass in Python: for each token that may begin a name (``lives``), the longest KB name (or
        spelling variant) starting there, as (start, n tokens, candidates, clitic); ``Table.scan`` of
        arabnews/_linkscan.c finds the same."""
        out = []
        n_tokens = len(orths)
        last = n_tokens - 1
        max_len = self.kb.max_len
        info = self._info
        lookup = self._lookup
        for i in lives:
            following = keys[i + 1] if i < last else None
            best = None
            best_n = 0
            clitic = False
            for first, n_clitic, longest, single, seconds, skeletons in info[orths[i]]:
                if longest > 1 and following is not None and (
                        following in seconds or (skeletons and skeleton(following) in skeletons)):
                    for n in range(min(max_len, n_tokens - i, longest), best_n, -1):
                        cands = (single if n == 1 else lookup((first, following)) if n == 2
                                 else lookup((first, *_words(keys, i + 1, i + n))))
                        if cands:
                            best, best_n, clitic = cands, n, n_clitic > 0
                            break
                elif single and not best_n:
                    best, best_n, clitic = single, 1, n_clitic > 0
            if best is not None:
                out.append((i, best_n, best, clitic))
        return out

    def _chained(self, mentions: list[Mention], keys: Sequence[str]) -> list[Mention]:
        """One mention for a name and its patronymic chain when both ends name the same person:
        ``عادل`` + ``بن أحمد`` + ``الجبير`` -> ``عادل بن أحمد الجبير`` (the words in between start no mention:
        a name right after بن is the father's, see :meth:`_not_a_mention`)."""
        out: list[Mention] = []
        k = 0
        while k < len(mentions):
            m = mentions[k]
            if k + 1 < len(mentions):
                n = mentions[k + 1]
                gap = n.start - m.end
                if 2 <= gap <= self._chain_gap and keys[m.end] in self._sons:
                    ids = {c.entity.id for c in m.candidates if c.entity.type == "PERSON"}
                    both = {c.entity.id: c.entity for c in n.candidates if c.entity.id in ids}
                    if len(both) == 1:
                        entity = next(iter(both.values()))
                        words = _words(keys, m.start, n.end)
                        out.append(Mention(m.start, n.end, [Candidate(entity, "name", words)], clitic=m.clitic))
                        k += 2
                        continue
            out.append(m)
            k += 1
        return out

    def _extended(self, m: Mention, keys: Sequence[str]) -> Mention:
        """``مملكة`` + a sovereign state is the state's name (gold rule 21): the mention starts at the head noun."""
        if m.start == 0 or not self._state_heads:
            return m
        prev = keys[m.start - 1]
        if not self._prev_kind(prev)[2]:
            return m
        if all(c.entity.type == "GPE" and c.entity.qid and c.entity.country == c.entity.qid for c in m.candidates):
            return Mention(m.start - 1, m.end, m.candidates, clitic=prev not in self._state_heads)
        return m

    def _not_a_mention(self, m: Mention, keys: Sequence[str]) -> bool:
        """Definite descriptions (المملكة), adjectival uses (الجامعات السعودية), places inside other names."""
        p = self._profile(m.candidates)
        if p.not_name:
            return True
        if m.start and keys[m.start - 1] in self._patronymic:  # بن سلمان, آل سعود: a father's or family name
            return True
        if m.start == 0 or not ((p.one_alias and m.end - m.start == 1) or p.places):
            return False
        flags = self._prev_kind(keys[m.start - 1])
        if p.one_alias and m.end - m.start == 1 and flags[0] and keys[m.start] in self._adjectival:
            return True
        return p.places and flags[1]

    def _prev_kind(self, prev: str) -> tuple[bool, bool, bool]:
        """(definite noun, place-inside head, state head) of the key before a mention (clitics allowed), cached."""
        flags = self._prev_flags.get(prev)
        if flags is None:
            forms = (prev, *(r for r, _ in strip_clitics(prev)))
            flags = (any(f.startswith("ال") and len(f) > 3 for f in forms),
                     any(f in self._place_inside for f in forms), any(f in self._state_heads for f in forms))
            if len(self._prev_flags) >= _CACHE_LIMIT:
                self._prev_flags.clear()
            self._prev_flags[prev] = flags
        return flags

    def _profile(self, cands: list[Candidate]) -> _Profile:
        hit = self._profiles.get(id(cands))
        if hit is not None and hit[0] is cands:
            return hit[1]
        s = self.scores
        names = [c for c in cands if c.kind != "partial" and not self._weak(c)]
        common = all(c.alias in self._common for c in cands if c.kind != "partial")
        name_ids = {c.entity.id for c in names}
        full_id = names[0].entity.id if len(name_ids) == 1 and (len(names[0].alias) > 1 or not common) else ""
        aliases = {c.alias for c in cands}
        types = {c.entity.type for c in cands}
        countries = {c.entity.qid for c in cands if c.entity.qid and c.entity.country == c.entity.qid}
        scored = []
        for c in cands:
            e = c.entity
            base = s[c.kind] + s["prior_weight"] * e.prominence
            no_cue = base
            if e.type in ("GPE", "LOC") and "ORG" in types:
                no_cue += s["place_over_org"]
            if e.qid in countries:
                no_cue += s["country_over_city"]
            scored.append((e, c.kind == "partial" or self._weak(c), base, no_cue))
        profile = _Profile(ids=frozenset(c.entity.id for c in cands), full_id=full_id, common=common,
                           not_name=aliases <= self._not_names, one_alias=len(aliases) == 1,
                           places=all(c.entity.type in ("GPE", "LOC") for c in cands), scored=tuple(scored))
        if len(self._profiles) >= _CACHE_LIMIT:
            self._profiles.clear()
        self._profiles[id(cands)] = (cands, profile)
        return profile

    def _shrunk(self, m: Mention, keys: Sequence[str]) -> Mention:
        """``الملك سلمان`` -> ``سلمان``, ``لتنظيم داعش`` -> ``داعش`` (same candidates)."""
        if m.end - m.start < 2:
            return m
        shrink, shrink_if_name = self._shrink_kind(keys[m.start])
        if shrink:
            return Mention(m.start + 1, m.end, m.candidates, clitic=False)
        if shrink_if_name:
            ids = {c.entity.id for c in m.candidates}
            rest = [c for c in self.kb.lookup(_words(keys, m.start + 1, m.end), variants=False)
                    if c.entity.id in ids and c.kind == "name"]
            if rest:
                return Mention(m.start + 1, m.end, rest, clitic=False)
        if keys[m.end - 1] in self._trailing:  # برشلونة الإسباني -> برشلونة (the same entity)
            ids = {c.entity.id for c in m.candidates}
            for form in self._strip_first(_words(keys, m.start, m.end - 1)):
                rest = [c for c in self.kb.lookup(form, variants=False) if c.entity.id in ids and c.kind == "name"]
                if rest:
                    return Mention(m.start, m.end - 1, rest, clitic=m.clitic)
        return m

    def _shrink_kind(self, first: str) -> tuple[bool, bool]:
        """Whether the first word of a mention (clitics allowed) is dropped, or dropped when the rest is a name of
        the same entity, cached."""
        found = self._shrink_kinds.get(first)
        if found is None:
            forms = (first, *(r for r, _ in strip_clitics(first)))
            if len(self._shrink_kinds) >= _CACHE_LIMIT:
                self._shrink_kinds.clear()
            found = self._shrink_kinds[first] = (any(f in self._shrink for f in forms),
                                                  any(f in self._shrink_if_name for f in forms))
        return found

    def _strip_first(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        forms = [words]
        if words:
            forms += [(rest, *words[1:]) for rest, _ in strip_clitics(words[0])]
        return forms

    def title_span(self, doc: _Doc, start: int, keys: Sequence[str] | None = None) -> tuple[int, int] | None:
        """Token range ``(s, e)`` of the title right before token ``start`` (``الرئيس الأوكراني``), or None.

        The title is the longest run of title words (every word of the KB's Arabic titles and the title heads of
        ``linker.v1.json``) that ends right before the mention, possibly followed by one comma, and starts with
        a title head (clitics allowed: ``وقال الرئيس`` gives ``الرئيس``; ``والرئيس`` is kept whole).
        """
        if keys is None:
            keys = [normalize(t.text) for t in doc[max(0, start - self._title_max - 1):start]]
            offset = max(0, start - self._title_max - 1)
        else:
            offset = 0
        j = start - offset
        if j > 0 and keys[j - 1] in self._separators:
            j -= 1
        end = j
        low = max(0, end - self._title_max)
        k = end
        while k > low and self._is_title_word(keys[k - 1]):
            k -= 1
        for p in range(k, end):
            if self._is_title_head(keys[p]):
                return p + offset, end + offset
        return None

    def _title_kind(self, key: str) -> tuple[bool, bool]:
        """(title word, title head) of a token key, cached."""
        found = self._title_word.get(key)
        if found is None:
            if len(self._title_word) >= _CACHE_LIMIT:
                self._title_word.clear()
            forms = [rest for rest, _ in strip_clitics(key)]
            word = (self.kb.is_title_word(key) or key in self._title_heads or key in self._title_modifiers
                    or any(self.kb.is_title_word(f) or f in self._title_heads for f in forms))
            head = key in self._title_heads or any(f in self._title_heads for f in forms)
            found = self._title_word[key] = (word, head)
        return found

    def _is_title_word(self, key: str) -> bool:
        return self._title_kind(key)[0]

    def _is_title_head(self, key: str) -> bool:
        return self._title_kind(key)[1]

    def title_entities(self, title_keys: Iterable[str]) -> set[str]:
        """Ids of the KB entities one of whose titles is ``title_keys`` (modifiers such as السابق ignored)."""
        words = tuple(w for w in title_keys if w not in self._title_modifiers)
        found: set[str] = set()
        for form in self._strip_first(words):
            found.update(self.kb.title_entities(form))
            # a title may start after generic words ("نائب الرئيس" does not match "الرئيس": whole titles only)
        return found

    def _title_ids(self, title_keys: tuple[str, ...]) -> frozenset[str]:
        """Cached :meth:`title_entities`."""
        found = self._titles.get(title_keys)
        if found is None:
            if len(self._titles) >= _CACHE_LIMIT:
                self._titles.clear()
            found = self._titles[title_keys] = frozenset(self.title_entities(title_keys))
        return found

    # ------------------------------------------------------------ deciding (pure)
    def decide(self, doc: _Doc, keys: Sequence[str], mentions: list[Mention],
               orths: list[int] | None = None) -> list[tuple[Mention, str, str, list]]:
        """For each mention: (mention, label, chosen id or "", [(id, score), ...]); unlinkable mentions dropped."""
        s = self.scores
        profiles = [self._profile(m.candidates) for m in mentions]
        full: dict[str, int] = {}
        named_long: set[str] = set()  # entities named in full by a name of two words or more
        for m, p in zip(mentions, profiles):  # entities named in full (a multi-word name, or the only candidate)
            if p.full_id:
                full[p.full_id] = full.get(p.full_id, 0) + 1
                if m.end - m.start > 1:
                    named_long.add(p.full_id)
        out = []
        title_bonus, coref_bonus, cue_bonus = s["title"], s["coref"], s["type_cue"]
        separators = self._separators
        decisions = self._decisions
        n_tokens = len(doc)
        titled_ends: set[int] = set()  # ends of the mentions with a title that names one of their candidates
        flags_of = self._flags_of
        given_of = self._given_of
        for k, (m, p) in enumerate(zip(mentions, profiles)):
            title = None
            if m.start:  # a title ends with a title word (or a separator after one) right before the mention
                prev = keys[m.start - 1]
                if prev in separators or self._title_kind(prev)[0]:
                    title = self.title_span(doc, m.start, keys)
            titled = p.ids.intersection(self._title_ids(_words(keys, *title))) if title else _EMPTY
            hit = flags_of.get(id(m.candidates))  # which person/body rules apply (_rule_flags, inlined hit)
            rf = hit[1] if hit is not None and hit[0] is m.candidates else self._rule_flags(m.candidates)
            if rf and m.existing_label:
                rf = 0
            if rf & _PERSON_WORD_ONLY and not titled and m.end < n_tokens and keys[m.end] in separators:
                titled = self._title_after(keys, m, p, n_tokens, orths)
            if titled:
                titled_ends.add(m.end)
            seen_here = p.ids.intersection(full) if full else _EMPTY
            coref_ok = len(seen_here) == 1
            cue = self._cue_type(doc, keys, m, orths)
            if (not cue and p.common and self._dateline_names and m.candidates
                    and m.candidates[0].alias in self._dateline_names):
                cue = self._dateline(doc, m, n_tokens, orths)
            other_person = False
            surname = ""
            generic = 0
            if rf:
                if (rf & _PERSON_WORD_ONLY and m.end - m.start == 1 and m.start
                        and given_of.get(keys[m.start - 1], 0) is not None):  # None: the word is no given name
                    before = mentions[k - 1] if k else None
                    if before is not None and before.end in titled_ends and out and out[-1][0] is before and out[-1][2]:
                        before = Mention(before.start, before.end, [])  # linked by its title: not a given name here
                    other_person = self._other_given_name(doc, keys, m, p, before)
                    if other_person:  # حسين روحاني: the mention is another person's full name (abstains below)
                        if out and out[-1][0].start == m.start - 1:  # the given name was a mention (a first-name)
                            out.pop()
                        m = Mention(m.start - 1, m.end, m.candidates)
                elif rf & _GENERIC_BODY:
                    generic = self._generic_body(keys, m, n_tokens, mentions[k + 1].start if k + 1 < len(mentions)
                                                 else n_tokens)
                    if generic > 1:  # وزارة الخارجية الإيطالية: one ORG, not the KB's ministry (3: its own state's)
                        m = Mention(m.start, m.end + 1, m.candidates, clitic=m.clitic)
                if rf & _PERSON_WORD and named_long and not titled and len(p.ids) > 1:
                    named = p.ids.intersection(named_long)
                    if named:
                        surname = self._surname_reading(m, p, named, titled)
            # the decision depends on the candidates and on these facts of the context alone
            context = ((id(m.candidates), titled, seen_here, cue, m.existing_label, other_person, surname, generic)
                       if other_person or surname or generic else (id(m.candidates), titled, seen_here, cue,
                                                                    m.existing_label))
            hit = decisions.get(context)
            if hit is not None and hit[0] is m.candidates:
                if hit[1] is not None:
                    out.append((m, *hit[1]))
                continue
            scored: dict[str, float] = {}
            entities: dict[str, KBEntity] = {}
            for e, needs_context, base, no_cue in p.scored:
                bonus_title = title_bonus if titled and e.id in titled else 0.0
                bonus_coref = coref_bonus if coref_ok and e.id in seen_here else 0.0
                if needs_context and not (bonus_title or bonus_coref):
                    continue
                if p.common and not (bonus_title or e.id in full or (cue and (cue != "DATELINE" or e.type == "ORG"))):
                    continue
                if cue:
                    score = base + bonus_title + bonus_coref + (cue_bonus if e.type == cue else 0.0)
                else:
                    score = no_cue + bonus_title + bonus_coref
                if score > scored.get(e.id, -1.0):
                    scored[e.id] = score
                    entities[e.id] = e
            if surname == "?" and scored:  # two people named in full: both shown, neither chosen
                for e, _, base, _ in p.scored:
                    if e.id in seen_here and e.id not in scored:
                        scored[e.id] = base
                        entities[e.id] = e
            elif surname and surname != "?":  # the one person named in full: the other people are dropped
                e, _, _, no_cue = next(sc for sc in p.scored if sc[0].id == surname)
                scored = {i: v for i, v in scored.items() if entities[i].type != "PERSON"}
                scored[surname] = max(scored.get(surname, 0.0), no_cue + coref_bonus)
                entities[surname] = e
            if not scored:
                self._remember(context, m.candidates, None)
                continue
            if len(scored) == 1:
                ranked = list(scored.items())
                best_id, best = ranked[0]
                second = -1.0
            else:
                ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
                best_id, best = ranked[0]
                second = ranked[1][1]
            chosen = best_id if best >= s["threshold"] and best - second >= s["margin"] else ""
            if other_person or surname == "?" or generic in (1, 2):
                chosen = ""
            label = m.existing_label or entities[best_id].type
            decision = (label, chosen, [] if generic == 2 else [(i, round(v, 4)) for i, v in ranked[:5]])
            self._remember(context, m.candidates, decision)
            out.append((m, *decision))
        return out

    def _remember(self, context: tuple, cands: list[Candidate], decision: tuple | None) -> None:
        if len(self._decisions) >= _CACHE_LIMIT:
            self._decisions.clear()
        self._decisions[context] = (cands, decision)  # the list is kept so that its id is not reused

    def _is_common(self, m: Mention, keys: Sequence[str]) -> bool:
        return all(c.alias in self._common for c in m.candidates if c.kind != "partial")

    def _weak(self, c: Candidate) -> bool:
        """A one-word person name that is also a common word (حرب, شرف): needs a title or a full mention."""
        return c.entity.type == "PERSON" and len(c.alias) == 1 and c.alias[0] in self._needs_context

    def _cue_type(self, doc: _Doc, keys: Sequence[str], m: Mention, orths: list[int] | None = None) -> str:
        """The type said by the word before the mention (نادي الهلال -> ORG), "QUOTED" for «...», or ""."""
        if m.start == 0:
            return ""
        orth = orths[m.start - 1] if orths is not None else doc[m.start - 1].orth
        cue = self._cues.get(orth)
        if cue is None:
            cue = ""
            prev = keys[m.start - 1]
            for form in (prev, *(r for r, _ in strip_clitics(prev))):
                if form in self._type_cues:
                    cue = self._type_cues[form]
                    break
            else:
                token = doc[m.start - 1]
                if token.is_quote or token.text in ("«", "\"", "“"):
                    cue = "QUOTED"
            if len(self._cues) >= _CACHE_LIMIT:
                self._cues.clear()
            self._cues[orth] = cue
        return cue

    # ------------------------------------------------------------ person rules (linker.v1.json "coreference")
    def _title_after(self, keys: Sequence[str], m: Mention, p: _Profile, n_tokens: int,
                     orths: Sequence[int] | None) -> frozenset[str]:
        """Ids of the candidates named by an apposition title after the mention, the same title tables as before a
        name: ``المالكي، رئيس الوزراء العراقي السابق، إن`` (a comma, then a title head without a proclitic: ``،
        ورئيس`` is a coordination). A title run followed by a possible name is that name's title, not this one's."""
        k = m.end + 1
        if k >= n_tokens or keys[k] not in self._title_heads:
            return _EMPTY
        end = k
        limit = min(n_tokens, k + self._title_max)
        while end < limit and self._title_kind(keys[end])[0]:
            end += 1
        if end < n_tokens and keys[end] not in self._separators and orths is not None and orths[end] in self._info:
            return _EMPTY  # وقال الجبير، وزير الخارجية الأمريكي جون كيري
        for e in range(end, k, -1):
            found = p.ids.intersection(self._title_ids(_words(keys, k, e)))
            if found:
                return found
        return _EMPTY

    def _surname_reading(self, m: Mention, p: _Profile, named: frozenset[str], titled: frozenset[str]) -> str:
        """Document coreference of a one-word name (an exact alias such as الأسد or رودريغيز, or a partial) with
        the people named in full by a longer name in the document (``named``), unless a title decides: "?" when
        two of them share it (بشار الأسد ... حافظ الأسد ... الأسد: abstain), the id of the one person named in
        full when the name has other readings (برونو رودريغيز ... رودريغيز is not Delcy Rodríguez, whose exact
        alias it is; جيمي كارتر ... كارتر is not Ash Carter), else ""."""
        if titled or not named or m.existing_label or any(len(c.alias) != 1 for c in m.candidates):
            return ""
        word = m.candidates[0].alias[0]
        people = {e.id for e, *_ in p.scored if e.type == "PERSON" and e.id in named
                  and any(len(k) > 1 and k[-1] == word for k in e.keys)}  # his surname, not his first name
        if len(people) > 1:
            return "?"
        return next(iter(people)) if people and len(p.ids) > 1 else ""

    def _dateline(self, doc: _Doc, m: Mention, n_tokens: int, orths: Sequence[int] | None = None) -> str:
        """"DATELINE" when a dash stands right before or after the mention (an outlet of ``dateline_names`` in a
        byline: ``سبق – وكالات:``, ``البرقاوي - سبق - جدة:``); it makes the name linkable as an ORG only."""
        if orths is None:
            orths = [t.orth for t in doc]
        dashes = self._dash_orths
        if (m.start and orths[m.start - 1] in dashes) or (m.end < n_tokens and orths[m.end] in dashes):
            return "DATELINE"
        return ""

    def _rule_flags(self, cands: list[Candidate]) -> int:
        """Which of the person/body rules may apply to a candidate list (cached by list, like the profile):
        _PERSON_WORD (one-word name with a person reading), _PERSON_WORD_ONLY (one-word name, people only),
        _GENERIC_BODY (a name of ``generic_bodies``)."""
        hit = self._flags_of.get(id(cands))
        if hit is not None and hit[0] is cands:
            return hit[1]
        flags = 0
        if cands and all(len(c.alias) == 1 for c in cands):
            if any(c.entity.type == "PERSON" for c in cands):
                flags |= _PERSON_WORD
                if all(c.entity.type == "PERSON" for c in cands):
                    flags |= _PERSON_WORD_ONLY
        elif cands and self._generic and all(c.alias in self._generic for c in cands):
            flags |= _GENERIC_BODY
        if len(self._flags_of) >= _CACHE_LIMIT:
            self._flags_of.clear()
        self._flags_of[id(cands)] = (cands, flags)
        return flags

    def _generic_body(self, keys: Sequence[str], m: Mention, n_tokens: int, next_start: int) -> int:
        """0, or 1 for the name of a body every state has (``generic_bodies``: وزارة الخارجية) standing alone, 2 when
        a definite feminine nisba adjective follows it (وزارة الخارجية الإيطالية: the span takes it), 3 when that
        adjective is the KB body's own state, written as the state's KB name (وزارة التعليم السعودية: linked)."""
        if m.end - m.start < 2 or m.existing_label or not m.candidates or any(
                c.alias not in self._generic for c in m.candidates):
            return 0
        if m.end < n_tokens and m.end < next_start and self._generic_suffix:
            after = keys[m.end]
            if (after.startswith("ال") and after.endswith(self._generic_suffix)
                    and len(after) >= self._generic_min_len):
                own = {c.entity.country for c in m.candidates}
                if any(g.entity.type == "GPE" and g.entity.qid in own for g in self._lookup((after,)) if g.entity.qid):
                    return 3
                return 2
        return 1

    def _given_names(self) -> frozenset[str]:
        """Given names (``coreference.given_names`` and the first words of the KB's multi-word person names, less
        ``not_given_names``, titles and short words), built on first use."""
        if self._given is None:
            stop = self._not_given | self._not_first_names | self._title_heads | self._shrink | self._title_modifiers
            words = set(self._given_list)
            for e in self.kb.entities.values():
                if e.type == "PERSON":
                    words.update(k[0] for k in e.keys if len(k) >= 2 and len(k[0]) >= self._min_given_len
                                 and not k[0].startswith("ال"))
            self._given = frozenset(w for w in words if w not in stop)
        return self._given

    def _entity_words(self, e: KBEntity) -> frozenset[str]:
        found = self._name_words.get(e.id)
        if found is None:
            found = self._name_words[e.id] = frozenset(w for k in e.keys for w in k)
        return found

    def _other_given_name(self, doc: _Doc, keys: Sequence[str], m: Mention, p: _Profile,
                          prev_m: Mention | None) -> bool:
        """A given name right before a one-word person name that is none of the person's own name words (nor a
        spelling variant or a short form of one: جو/جون, جيم/جيمس): ``حسين روحاني`` is not Hassan Rouhani,
        ``ماهر الأسد`` is not Bashar al-Assad. Not when the word before the given name is the person's (a middle
        name: عادل أحمد الجبير) or a title of the person's (``وزير الدفاع الأمريكي جيم ماتيس``), when the name
        carries a proclitic (``حسين وروحاني``), when the given name belongs to the previous mention (unless that
        mention is the given name alone as a first-name partial: سيلفيو رودريغيز), or when the word is على (a
        final ى: the preposition, not علي)."""
        if m.start == 0 or m.end - m.start != 1 or m.clitic or m.existing_label:
            return False
        prev = keys[m.start - 1]
        name = self._given_of.get(prev, 0)
        if name == 0:
            given = self._given if self._given is not None else self._given_names()
            name = prev if prev in given else next((r for r, _ in strip_clitics(prev) if r in given), None)
            if len(self._given_of) >= _CACHE_LIMIT:
                self._given_of.clear()
            self._given_of[prev] = name
        if name is None or (name.endswith("ي") and doc[m.start - 1].text.endswith("ى")):
            return False
        given_alone = prev_m is not None and prev_m.start == m.start - 1 and bool(prev_m.candidates) and all(
            c.kind == "partial" for c in prev_m.candidates)
        if prev_m is not None and prev_m.end >= m.start and not given_alone:
            return False
        if not p.scored or any(e.type != "PERSON" for e, *_ in p.scored):
            return False
        before = keys[m.start - 2] if m.start >= 2 else ""
        for e, *_ in p.scored:
            words = self._entity_words(e)
            if before in words or any(variant_ok(name, w) or self._short_form(name, w) for w in words):
                return False
        title = self.title_span(doc, m.start - 1, keys) if m.start >= 2 else None
        if title and p.ids.intersection(self._title_ids(_words(keys, *title))):
            return False
        return True

    @staticmethod
    def _short_form(a: str, b: str) -> bool:
        """One name is the other less its last letter (جو/جون, جيم/جيمس, بيل/بيلي)."""
        short, long_ = sorted((a, b), key=len)
        return len(short) >= 2 and len(long_) == len(short) + 1 and long_.startswith(short)

    def _first_name_mentions(self, doc: _Doc, keys: Sequence[str], orths: list[int], mentions: list[Mention],
                             decided: list[tuple[Mention, str, str, list]]) -> list[tuple[Mention, str, str, list]]:
        """Lone first names of people named in full (linker.v1.json ``coreference.first_name``): ``وقال جون كيري
        إن …، وأضاف جون أن …`` -> the second ``جون`` is John Kerry. Only a first name that is no name of its own
        (partials are decided as any mention), used in the document for that one person only, after the full name,
        in a subject slot (a reporting verb before, a complementiser/preposition/punctuation after)."""
        firsts: dict[str, set[str]] = {}  # first name -> ids of the people named in full with it
        starts: dict[int, str] = {}  # token index of a full name's first word -> the person's id
        first_end: dict[str, int] = {}  # person id -> end of its first full mention
        for m, label, chosen, _ in decided:
            if label != "PERSON" or m.end - m.start < 2 or m.existing_label:
                continue
            for c in m.candidates:
                if len(c.alias) < 2 or c.kind == "partial" or (chosen and c.entity.id != chosen):
                    continue
                first = c.alias[0]
                if first in self._not_first_names or len(first) < 2:
                    continue
                firsts.setdefault(first, set()).add(chosen or "?")  # an abstained full name blocks its first name
                if chosen:
                    starts[m.start] = chosen
                    first_end.setdefault(chosen, m.end)
        if not firsts:
            return []
        # a subject slot first (cheap: reporting verbs found by their ORTH hashes); the whole document is read
        # for the other uses of a first name only when there is one
        verb_orths = self._verb_orths if self._verb_orths is not None else self._reporting_verb_orths()
        if not self._first_after_verb(doc, keys, orths, verb_orths, firsts, starts):
            return []
        wanted: dict[str, str] = {}  # a first name, also with a proclitic -> the first name
        for first in firsts:
            for form in self._clitic_forms(first):
                wanted[form] = first
        # every token that is a first name (maybe with a proclitic): read through ``keys`` only (the compiled
        # first pass has its own key table), once per document that has a subject slot
        positions = [i for i in range(len(orths)) if keys[i] in wanted]
        mention_starts = [m.start for m in mentions]
        slots: dict[str, list[int]] = {}
        other_use: set[str] = set()
        for i in positions:
            first = wanted[keys[i]]
            k = bisect_right(mention_starts, i) - 1
            if k >= 0 and mentions[k].end > i:  # inside a mention
                if starts.get(i) is None:  # another name
                    other_use.add(first)
                continue
            if self._subject_slot(doc, keys, i, first):
                slots.setdefault(first, []).append(i)
            else:
                other_use.add(first)
        out = []
        s = self.scores
        for first, positions in slots.items():
            ids = firsts[first]
            if first in other_use or len(ids) != 1 or "?" in ids:
                continue
            eid = next(iter(ids))
            entity = self.kb.get(eid)
            if entity is None:
                continue
            score = round(s["partial"] + s["coref"] + s["prior_weight"] * entity.prominence, 4)
            cands = [Candidate(entity, "partial", (first,))]
            for i in positions:
                if i >= first_end[eid]:
                    out.append((Mention(i, i + 1, cands), entity.type, eid, [(eid, score)]))
        return out

    def _first_after_verb(self, doc: _Doc, keys: Sequence[str], orths: Sequence[int], verbs: frozenset[int],
                          firsts: dict, starts: dict) -> bool:
        """Whether one of the first names stands alone right after one of the reporting verbs (ORTH hashes), before
        one of ``first_name.after`` (not as the first word of the full name: وقال جون كيري)."""
        last = len(orths) - 2
        after = self._coref_after
        if not isinstance(orths, list):  # a view of the compiled first pass: read once
            orths = list(orths)
        for i in [i for i, o in enumerate(orths) if o in verbs]:
            if i < last and i + 1 not in starts and keys[i + 1] in firsts and keys[i + 2] in after:
                return True
        return False

    def _reporting_verb_orths(self) -> frozenset[int]:
        """ORTH hashes of the written forms of ``coreference.first_name.verbs_before`` (with و/ف, hamza or not)."""
        forms = set()
        for verb in self._coref_verb_list:
            for v in {verb, normalize(verb), verb.replace("ى", "ي")}:
                for prefix in ("", "و", "ف"):
                    forms.add(prefix + v)
        self._verb_orths = frozenset(get_string_id(f) for f in forms)
        return self._verb_orths

    def _clitic_forms(self, first: str) -> frozenset[str]:
        """A first name and its forms with a proclitic (وجون, لمحمد), cached."""
        found = self._forms.get(first)
        if found is None:
            forms = {first}
            for prefix, replacement in clitic_rules():
                if first.startswith(replacement):
                    forms.add(prefix + first[len(replacement):])
            if len(self._forms) >= _CACHE_LIMIT:
                self._forms.clear()
            found = self._forms[first] = frozenset(forms)
        return found

    def _first_names_outside_boilerplate(self, doc: _Doc, keys: Sequence[str], orths: list[int],
                                         mentions: list[Mention], decided: list) -> list:
        extra = self._first_name_mentions(doc, keys, orths, mentions, decided) if decided else []
        if extra and not self.include_boilerplate:
            inside = self._boilerplate_filter(doc)
            if inside is not None:
                extra = [d for d in extra if not inside(*_char_range(doc, d[0].start, d[0].end))]
        return extra

    def _subject_slot(self, doc: _Doc, keys: Sequence[str], i: int, first: str) -> bool:
        """Whether token ``i`` (a lone first name) stands where a person is the subject of a reporting verb:
        ``وأضاف جون أن``; ``على`` (a final ى) is never the name ``علي``."""
        if i == 0 or i + 1 >= len(doc) or keys[i] != first:  # keys may be a lazy _Keys: no len()
            return False
        if first.endswith("ي") and doc[i].text.endswith("ى"):
            return False
        verb = keys[i - 1]
        if verb not in self._coref_verbs and not any(r in self._coref_verbs for r, _ in strip_clitics(verb)):
            return False
        return keys[i + 1] in self._coref_after

    # ------------------------------------------------------------ existing entities
    def _existing_mentions(self, doc: _Doc, keys: Sequence[str]) -> list[Mention]:
        out = []
        for ent in doc.ents:
            words = tuple(k for k in _words(keys, ent.start, ent.end) if k and any(ch.isalnum() for ch in k))
            cands: list[Candidate] = []
            for form in self._strip_first(words) if words else ():  # no word (punctuation only): no candidate
                cands = self.kb.lookup(form)
                if cands:
                    break
            out.append(Mention(ent.start, ent.end, cands, existing_label=ent.label_))
        return out

    # ------------------------------------------------------------ boilerplate
    def _boilerplate_filter(self, doc: _Doc) -> Callable[[int, int], bool] | None:
        """Whether a character range is boilerplate, or None when the doc has no boilerplate."""
        if BOILERPLATE_KEY not in doc.spans or not doc.spans[BOILERPLATE_KEY]:  # (SpanGroups.get raises inside)
            return None
        try:
            from .boilerplate import boilerplate_ranges, in_boilerplate  # type: ignore[attr-defined]
        except ImportError:
            in_boilerplate = None
        if in_boilerplate is not None:
            ranges = boilerplate_ranges(doc)
            if not ranges:
                return None
            return lambda s, e: bool(in_boilerplate(doc, s, e, ranges=ranges))
        spans = sorted((sp.start_char, sp.end_char) for sp in doc.spans.get(BOILERPLATE_KEY, []))
        starts = [a for a, _ in spans]

        def inside(s: int, e: int) -> bool:
            k = bisect_right(starts, s) - 1
            return k >= 0 and spans[k][0] <= s and e <= spans[k][1]

        return inside

    # ------------------------------------------------------------ spaCy API
    def process(self, doc: _Doc) -> _Doc:
        """Find and link the mentions of ``doc`` (``__call__``/``pipe`` and errors: ArabnewsComponent)."""
        if self._fast is None or not len(doc):
            return self.set_annotations(doc, self.predict(doc))
        scan = self._scan(doc)  # read once, for predict and set_annotations (the doc does not change between)
        return self._set_annotations(doc, self._predict(doc, scan), scan)

    def predict(self, doc: _Doc) -> list[tuple[Mention, str, str, list]]:
        return self._predict(doc, self._scan(doc) if self._fast is not None and len(doc) else None)

    def _predict(self, doc: _Doc, scan: tuple | None) -> list[tuple[Mention, str, str, list]]:
        if not len(doc):
            return []
        if scan is None:
            keys, lives, orths = self._keys(doc)
            matches = None
        else:
            keys, orths, _, matches, offsets = scan
            lives = None
        existing = self._existing_mentions(doc, keys) if (self.link_existing_ents and doc.ents) else []
        found = self.find_mentions(doc, keys, lives, orths, matches)
        if existing:
            taken = [False] * len(doc)
            for m in existing:
                for k in range(m.start, m.end):
                    taken[k] = True
            found = [m for m in found if not any(taken[m.start:m.end])]
        if not self.include_boilerplate and found:
            inside = self._boilerplate_filter(doc)
            if inside is not None:
                if scan is None:
                    found = [m for m in found if not inside(*_char_range(doc, m.start, m.end))]
                else:
                    char_range = _linkscan.char_range
                    found = [m for m in found if not inside(*char_range(offsets, m.start, m.end))]
        mentions = sorted(existing + found, key=lambda m: m.start) if existing else found
        decided = self.decide(doc, keys, mentions, orths)
        decided += self._first_names_outside_boilerplate(doc, keys, orths, mentions, decided)
        if existing:  # an NER span is kept even when the KB has no candidate for it
            kept = {(m.start, m.end) for m, *_ in decided}
            decided += [(m, m.existing_label, "", []) for m in existing if (m.start, m.end) not in kept]
        return sorted(decided, key=lambda d: d[0].start)

    def set_annotations(self, doc: _Doc, decided: list[tuple[Mention, str, str, list]]) -> _Doc:
        return self._set_annotations(doc, decided, None)

    def _set_annotations(self, doc: _Doc, decided: list[tuple[Mention, str, str, list]], scan: tuple | None
                         ) -> _Doc:
        """``scan``: the compiled first pass's result for this doc (token offsets, KB ids), or None."""
        if not decided and not doc.ents:
            return doc
        if not self.link_existing_ents:
            return self._set_annotations_spans(doc, decided)
        # The same annotation as Span objects + set_link_info + doc.set_ents(spans, default="outside"), written
        # without a Span or an Underscore object per entity: the link record goes to the user_data key that
        # span._.arabnews_link reads, the entity tokens are written with one Doc.from_array.
        kb = self.kb
        add = doc.vocab.strings.add
        data = doc.user_data
        key_head = link_key(0, 0)[:2]  # link_key(s, e) == key_head + (s, e)
        offsets = scan[4] if scan is not None else None
        if offsets is not None:  # the loop of the else branch, in C (add once per string)
            ents = _linkscan.link_records(decided, offsets, key_head, data, kb.get, add)
        else:
            ents = []
            for m, label, chosen, ranked in decided:
                entity = kb.get(chosen) if chosen else None
                start, end = m.start, m.end
                last = doc[end - 1]
                key = link_key(doc[start].idx, last.idx + len(last))
                data[key] = {"name": entity.en if entity else "", "candidates": list(map(list, ranked))}  # floats
                label_id = add(label)
                if label_id:  # set_ents ignores a span without label
                    ents.append((start, end, label_id, add(entity.qid) if entity else 0))
        ents.sort()
        if offsets is not None:
            if scan[2] or any(ents[k][0] < ents[k - 1][1] for k in range(1, len(ents))):
                return self._set_ents(doc, ents)  # a KB id outside the entities, or overlapping spans: see below
            n = len(doc)
            doc.from_array(_ENT_ATTRS, np.frombuffer(_linkscan.ent_columns(ents, n), dtype=np.uint64).reshape(3, n).T)
            return doc
        # runs of tokens: the gap before each entity (O), its first token (B), the rest (I)
        lengths: list[int] = []
        iob: list[int] = []
        types: list[int] = []
        kb_ids: list[int] = []
        pos = 0
        for start, end, label_id, kb_id in ents:
            if start < pos:  # overlapping spans: set_ents raises E1010
                return self._set_ents(doc, ents)
            lengths += (start - pos, 1, end - start - 1)
            iob += (2, 3, 1)
            types += (0, label_id, label_id)
            kb_ids += (0, kb_id, kb_id)
            pos = end
        lengths.append(len(doc) - pos)
        iob.append(2)
        types.append(0)
        kb_ids.append(0)
        if doc.to_array(ENT_KB_ID).any():  # set_ents keeps a KB id left on a token outside the entities
            return self._set_ents(doc, ents)
        arr = np.array([np.repeat(np.array(column, dtype=np.uint64), lengths) for column in (iob, types, kb_ids)])
        doc.from_array(_ENT_ATTRS, arr.T)
        return doc

    @staticmethod
    def _set_ents(doc: _Doc, ents: list[tuple[int, int, int, int]]) -> _Doc:
        doc.set_ents([Span(doc, s, e, label=lab, kb_id=kb_id) for s, e, lab, kb_id in ents], default="outside")
        return doc

    def _set_annotations_spans(self, doc: _Doc, decided: list[tuple[Mention, str, str, list]]) -> _Doc:
        spans = []
        for m, label, chosen, ranked in decided:
            entity = self.kb.get(chosen) if chosen else None
            qid = entity.qid if entity else ""
            span = Span(doc, m.start, m.end, label=label, kb_id=qid)
            spans.append(span)
            set_link_info(span, entity.en if entity else "", ranked)
        spans = [s for s in spans if not any(s.start < e.end and e.start < s.end for e in doc.ents)]
        spans += list(doc.ents)
        # set_ents with the Span objects (the doc.ents setter would rebuild every Span)
        doc.set_ents(sorted(spans, key=lambda sp: sp.start), default="outside")
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Scores for ``nlp.evaluate`` (see :func:`score_links`)."""
        return (self.scorer or score_links)(examples, **kwargs)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        """Nothing to train; the KB (package data + ``kb_paths``) is read here, so that ``arabnews.load()`` reports
        a missing ``kb_paths`` file (E012) at once."""
        self.kb  # noqa: B018 - reading the property builds the KB

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        serializers = {
            "cfg": lambda p: srsly.write_json(p, {"kb_paths": self.kb_paths, "use_default_kb": self.use_default_kb}),
            "kb": lambda p: Path(p).write_bytes(self.kb.to_bytes()),
        }
        util_to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityLinker:
        path = ensure_path(path)

        def load_kb(p: Path) -> None:
            data = Path(p).read_bytes()
            if data[:1] == b"{":  # written by arabnews 0.x before the binary form
                self.set_kb(KnowledgeBase.from_artefact(srsly.json_loads(data.decode("utf-8"))))
            else:
                self.set_kb(KnowledgeBase.from_bytes(data))

        util_from_disk(path, {"cfg": lambda p: None, "kb": load_kb}, exclude)
        return self


# ---------------------------------------------------------------- title helper for other components
def title_before(doc: _Doc, start: int, nlp: Language | None = None) -> tuple[int, int] | None:
    """Character offsets of the title before the mention starting at token ``start`` (or None).

    Uses the pipeline's ``arabnews_linker`` when ``nlp`` has one, else a linker over the default KB.
    """
    linker = nlp.get_pipe("arabnews_linker") if nlp is not None and "arabnews_linker" in nlp.pipe_names else None
    linker = linker or _default_linker()
    found = linker.title_span(doc, start)
    if found is None:
        return None
    s, e = found
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1])


_DEFAULT: list[EntityLinker] = []


def _default_linker() -> EntityLinker:
    if not _DEFAULT:
        import spacy

        _DEFAULT.append(EntityLinker(spacy.blank("ar")))
    return _DEFAULT[0]


# ---------------------------------------------------------------- scorer
def score_links(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """Entity spans (``ents_p/r/f``) and linked mentions (``nel_micro_p/r/f``): a predicted (start, end, QID)
    counts when the reference has the same span with the same non-empty ``kb_id_``; only mentions whose
    reference QID is set, and predictions with a QID, are counted for ``nel_*``."""
    tp = fp = fn = 0
    etp = efp = efn = 0
    for eg in examples:
        pred = {(e.start_char, e.end_char, e.label_) for e in eg.predicted.ents}
        gold = {(e.start_char, e.end_char, e.label_) for e in eg.reference.ents}
        etp += len(pred & gold)
        efp += len(pred - gold)
        efn += len(gold - pred)
        plink = {(e.start_char, e.end_char): e.kb_id_ for e in eg.predicted.ents if e.kb_id_}
        glink = {(e.start_char, e.end_char): e.kb_id_ for e in eg.reference.ents if e.kb_id_}
        for span, qid in plink.items():
            if span in glink:
                if glink[span] == qid:
                    tp += 1
                else:
                    fp += 1
                    fn += 1
            elif span in {(s, e) for s, e, _ in gold}:
                continue  # the reference has this mention without a QID: not counted
            else:
                fp += 1
        fn += sum(1 for span in glink if span not in plink)

    def prf(t: int, f_p: int, f_n: int) -> tuple[float, float, float]:
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    ep, er, ef = prf(etp, efp, efn)
    p, r, f = prf(tp, fp, fn)
    return {"ents_p": ep, "ents_r": er, "ents_f": ef, "nel_micro_p": p, "nel_micro_r": r, "nel_micro_f": f}


@registry.scorers("arabnews.linker_scorer.v1")
def make_linker_scorer() -> Callable:
    return score_links


@Language.factory(
    "arabnews_linker",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "token.ent_kb_id", "span._.arabnews_link"],
    requires=[],
    default_config={
        "kb_paths": "",
        "use_default_kb": True,
        "include_boilerplate": False,
        "link_existing_ents": True,
        "threshold": -1.0,
        "scorer": {"@scorers": "arabnews.linker_scorer.v1"},
    },
    default_score_weights={"nel_micro_f": 1.0, "nel_micro_p": 0.0, "nel_micro_r": 0.0, "ents_f": 0.0,
                           "ents_p": 0.0, "ents_r": 0.0},
)
def make_linker(nlp: Language, name: str, kb_paths: str, use_default_kb: bool, include_boilerplate: bool,
                link_existing_ents: bool, threshold: float, scorer: Callable | None) -> EntityLinker:
    return EntityLinker(nlp, name, kb_paths=kb_paths, use_default_kb=use_default_kb,
                        include_boilerplate=include_boilerplate, link_existing_ents=link_existing_ents,
                        threshold=threshold, scorer=scorer)
