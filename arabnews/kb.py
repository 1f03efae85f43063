"""The offline knowledge base of the entity linker: records, loading, compiling and candidate generation.

Sources are the reviewable JSONL files of ``kb/sources/`` (format: ``kb/sources/README.md``). They are compiled by
``python -m arabnews kb compile`` into ``arabnews/data/kb.v1.json``: the same records without the evidence text,
plus every Arabic name and title already tokenised and normalised, so that loading is one ``json.loads`` and a
few dict insertions.

Candidate generation (:meth:`KnowledgeBase.lookup`) works on normalised token keys:

* exact: the token keys of an Arabic label or alias (``kind="name"``);
* partial: the last word (surname) and first word of a person's label, used only with context (a title before
  the mention, or an earlier full mention in the same document — the linker decides) (``kind="partial"``);
* variant: the transliteration skeleton (g written غ/ج/ق, long vowels ا و ي added or dropped) proposes
  candidates that :func:`variant_ok` then re-scores strictly, so that native names (محمد/محمود, حسن/حسين,
  سعيد/سعد) never merge (``kind="variant"``).

Proclitics (و ف ب ل ك, ال, لل and combinations) are stripped from the first word only when the rest is a known
name (rules in ``data/linker.v1.json``); the unstripped form always wins (وليد stays وليد).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .data import read_json, read_text
from .errors import Errors, Warnings, warn_once
from .normalize import normalize

KB_DATA_FILE = "kb.v1.json"
RULES_FILE = "linker.v1.json"
KB_FORMAT = "arabnews-kb"
KB_VERSION = 1
TYPES = ("PERSON", "ORG", "GPE", "LOC")
SOURCE_KEYS = ("qid", "type", "en", "ar", "aliases_ar", "aliases_en", "description", "country", "roles",
               "prominence", "verified", "evidence")


def rules() -> dict:
    """The linker rules of ``data/linker.v1.json`` (clitics, variants, titles, thresholds)."""
    return read_json(RULES_FILE)


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class KBEntity:
    """One knowledge-base entity. ``id`` is the QID, or ``"NOQID:" + en`` for an entity whose QID is unverified."""

    id: str
    qid: str
    type: str
    en: str
    ar: str
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    description: str = ""
    country: str = ""
    roles: tuple[dict, ...] = ()
    prominence: float = 0.5
    verified: bool = False
    #: tokenised normalised keys of ``ar`` and ``aliases_ar`` (compiled)
    keys: tuple[tuple[str, ...], ...] = field(default=(), repr=False)
    #: tokenised normalised keys of every ``roles[].title_ar`` (compiled)
    title_keys: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def title_ar(self) -> list[str]:
        """Every Arabic title of the entity's roles, most recent role first."""
        return [t for role in self.roles for t in role.get("title_ar", [])]

    def to_dict(self) -> dict:
        # field by field: dataclasses.asdict deep-copies recursively and was 40% of compiling a large KB
        return {
            "id": self.id, "qid": self.qid, "type": self.type, "en": self.en, "ar": self.ar,
            "aliases_ar": list(self.aliases_ar), "aliases_en": list(self.aliases_en),
            "description": self.description, "country": self.country, "roles": [dict(r) for r in self.roles],
            "prominence": self.prominence, "verified": self.verified, "keys": [list(k) for k in self.keys],
            "title_keys": [list(k) for k in self.title_keys],
        }

    @classmethod
    def from_dict(cls, d: dict) -> KBEntity:
        return cls(
            id=d["id"], qid=d.get("qid") or "", type=d["type"], en=d.get("en") or "", ar=d.get("ar") or "",
            aliases_ar=tuple(d.get("aliases_ar") or ()), aliases_en=tuple(d.get("aliases_en") or ()),
            description=d.get("description") or "", country=d.get("country") or "",
            roles=tuple(d.get("roles") or ()), prominence=float(d.get("prominence", 0.5)),
            verified=bool(d.get("verified")),
            keys=tuple(tuple(k) for k in d.get("keys") or ()),
            title_keys=tuple(tuple(k) for k in d.get("title_keys") or ()),
        )


@cache
def _alias_tokenizer():
    from types import SimpleNamespace

    from spacy.lang.ar import Arabic
    from spacy.vocab import Vocab

    from .tokenizer import build_tokenizer

    # no Language object: building one loads every spacy_factories entry point, not needed to split names
    return build_tokenizer(SimpleNamespace(Defaults=Arabic.Defaults, vocab=Vocab()))  # type: ignore[arg-type]


def name_key(text: str) -> tuple[str, ...]:
    """Token keys of a name as the news tokenizer splits it (normalised, punctuation-only tokens dropped)."""
    keys = []
    for token in _alias_tokenizer()(text):
        key = normalize(token.text).strip()
        if key and any(ch.isalnum() for ch in key):
            keys.append(key)
    return tuple(keys)


def _abd_forms(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Both spellings of compound names: عبدالعزيز <-> عبد العزيز (media write both; tokens differ)."""
    abd = normalize("عبد")
    if not any(w.startswith(abd) for w in key):
        return []
    joined: list[str] = []
    i = 0
    while i < len(key):
        if key[i] == abd and i + 1 < len(key):
            joined.append(abd + key[i + 1])
            i += 2
        else:
            joined.append(key[i])
            i += 1
    split: list[str] = []
    for w in key:
        if w.startswith(abd) and len(w) > len(abd) + 2:
            split.extend([abd, w[len(abd):]])
        else:
            split.append(w)
    return [f for f in (tuple(joined), tuple(split)) if f != key]


def entity_id(record: dict) -> str:
    qid = record.get("qid")
    return str(qid) if qid else "NOQID:" + str(record.get("en") or record.get("ar") or "")


def compile_record(record: dict) -> KBEntity:
    """A source record (``kb/sources`` format) -> compiled :class:`KBEntity` (names tokenised and normalised)."""
    ar = record.get("ar") or ""
    aliases = [a for a in record.get("aliases_ar") or [] if a]
    keys: list[tuple[str, ...]] = []
    for name in [ar, *aliases]:
        key = name_key(name) if name else ()
        for form in (key, *_abd_forms(key)):
            if form and form not in keys:
                keys.append(form)
    roles = []
    title_keys: list[tuple[str, ...]] = []
    for role in record.get("roles") or []:
        roles.append({k: role.get(k) for k in ("role", "title_ar", "from", "to")})
        for title in role.get("title_ar") or []:
            key = name_key(title)
            if key and key not in title_keys:
                title_keys.append(key)
    return KBEntity(
        id=entity_id(record), qid=record.get("qid") or "", type=record["type"], en=record.get("en") or "",
        ar=ar, aliases_ar=tuple(aliases), aliases_en=tuple(record.get("aliases_en") or ()),
        description=record.get("description") or "", country=record.get("country") or "", roles=tuple(roles),
        prominence=float(record.get("prominence") if record.get("prominence") is not None else 0.5),
        verified=bool(record.get("verified")), keys=tuple(keys), title_keys=tuple(title_keys),
    )


def check_record(record: Any) -> str | None:
    """Why a source record cannot be used, or None when it can."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if record.get("type") not in TYPES:
        return f"type must be one of {', '.join(TYPES)}, got {record.get('type')!r}"
    if not (record.get("ar") or record.get("aliases_ar")):
        return "no Arabic name (ar or aliases_ar)"
    if not (record.get("qid") or record.get("en")):
        return "neither qid nor en"
    qid = record.get("qid")
    if qid and not (isinstance(qid, str) and qid[:1] == "Q" and qid[1:].isdigit()):
        return f"qid {qid!r} is not a Wikidata QID"
    return None


def read_source_records(path: str | Path) -> Iterator[dict]:
    """Records of a KB source file (``.jsonl`` or ``.jsonl.gz``); bad lines are skipped with warning W003."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(Errors.E012.format(path=path))
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                warn_once(Warnings.W003.format(path=path, line=n, problem=f"invalid JSON ({err})"))
                continue
            problem = check_record(record)
            if problem:
                warn_once(Warnings.W003.format(path=path, line=n, problem=problem))
                continue
            yield record


def source_files(sources_dir: str | Path) -> list[Path]:
    return sorted(Path(sources_dir).glob("*.jsonl"))


def compile_sources(paths: Iterable[str | Path]) -> dict:
    """The compiled artefact (a JSON-ready dict) of the KB source files ``paths``, in a deterministic order."""
    paths = sorted(Path(p) for p in paths)
    digest = hashlib.sha256()
    entities: dict[str, KBEntity] = {}
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
        for record in read_source_records(path):
            entity = compile_record(record)
            if entity.id in entities:  # the first file (alphabetical) wins; duplicates are reported by tests
                continue
            entities[entity.id] = entity
    return {
        "format": KB_FORMAT,
        "version": KB_VERSION,
        "sources": [p.name for p in paths],
        "sources_sha256": digest.hexdigest(),
        "entities": [e.to_dict() for e in entities.values()],
    }


def write_artefact(artefact: dict, path: str | Path) -> None:
    """Write a compiled KB: one entity per line inside a JSON object, so that diffs stay reviewable; a path
    ending in ``.msgpack`` gets the binary form with the built indexes instead (:meth:`KnowledgeBase.to_bytes`:
    about 1.5x faster to load for large KBs, not reviewable)."""
    if Path(path).suffix == ".msgpack":
        Path(path).write_bytes(KnowledgeBase.from_artefact(artefact).to_bytes())
        return
    head = {k: v for k, v in artefact.items() if k != "entities"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "entities": [']
    ents = artefact["entities"]
    for i, e in enumerate(ents):
        lines.append(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(ents) - 1 else ""))
    lines.append("]}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- variants
@cache
def _variant_tables() -> tuple[dict[int, str], dict[int, str]]:
    r = rules()["variants"]
    g = {ord(ch): "G" for ch in r["g_letters"]}
    vowels = {ord(ch): "" for ch in r["long_vowels"]}
    return g, {**g, **vowels}


@lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """Transliteration skeleton: g letters (غ ج ق) unified, long vowels after the first letter dropped."""
    if len(word) < 2:
        return word
    g, both = _variant_tables()
    return word[0].translate(g) + word[1:].translate(both)


def variant_ok(mention: str, alias: str) -> bool:
    """Strict re-scoring of a skeleton match between two words: only spelling variants of a foreign name.

    Allowed: the same skeleton, at most one long vowel added/dropped and at most one g-letter swap, both words
    long enough (native short names such as محمد/محمود, حسن/حسين, سعيد/سعد differ by one long vowel but are
    too short), and neither word a protected native name of ``linker.v1.json``.
    """
    if mention == alias:
        return True
    r = rules()["variants"]
    if mention in _protected() or alias in _protected():
        return False
    if skeleton(mention) != skeleton(alias):
        return False
    g = r["g_letters"]
    short, long_ = sorted((mention, alias), key=len)
    if len(long_) - len(short) > r["max_vowel_edits"]:
        return False
    if len(short) == len(long_):
        pairs = list(zip(short, long_))
    else:  # the shorter word must be the longer one with one long vowel removed
        cut = next((i for i in range(len(short)) if short[i] != long_[i] and not (short[i] in g and long_[i] in g)),
                   len(short))
        if cut >= len(short) or long_[cut] not in r["long_vowels"]:
            return False
        pairs = list(zip(short, long_[:cut] + long_[cut + 1:]))
    if any(a != b and not (a in g and b in g) for a, b in pairs):
        return False
    g_swaps = sum(1 for a, b in pairs if a != b)
    if g_swaps > 1:
        return False
    if g_swaps and len(short) < r["min_len_g_swap"]:
        return False
    return len(short) == len(long_) or len(short) >= r["min_len_vowel_edit"]


@cache
def _min_variant_len() -> int:
    r = rules()["variants"]
    return min(r["min_len_vowel_edit"], r["min_len_g_swap"])


@cache
def _protected() -> frozenset[str]:
    return frozenset(normalize(w) for w in rules()["variants"]["protected_names"])


@cache
def clitic_rules() -> tuple[tuple[str, str], ...]:
    """(prefix, replacement) pairs, longest prefix first: ``("لل", "ال")`` turns للناتو into الناتو."""
    out = [(normalize(p), normalize(rep)) for p, rep in rules()["clitics"]["prefixes"]]
    return tuple(sorted(out, key=lambda pr: -len(pr[0])))


@cache
def _clitics_by_letter() -> tuple[dict[str, tuple[tuple[str, str], ...]], int]:
    """:func:`clitic_rules` grouped by the prefix's first letter (order kept), and the minimum rest length."""
    rules_ = clitic_rules()
    if any(not prefix for prefix, _ in rules_):  # an empty prefix matches every word: no grouping
        return {}, -1
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for prefix, rep in rules_:
        by_letter.setdefault(prefix[0], []).append((prefix, rep))
    return {k: tuple(v) for k, v in by_letter.items()}, rules()["clitics"]["min_rest_len"]


@lru_cache(maxsize=100_000)
def strip_clitics(word: str) -> tuple[tuple[str, int], ...]:
    """Every ``(rest, n_prefix_chars)`` obtained by removing proclitics from ``word`` (unstripped not included)."""
    by_letter, min_rest = _clitics_by_letter()
    if min_rest < 0:
        candidates = clitic_rules()
        min_rest = rules()["clitics"]["min_rest_len"]
    else:  # only the prefixes that begin with the word's first letter can match
        candidates = by_letter.get(word[:1], ())
        if not candidates:
            return ()
    out = []
    for prefix, rep in candidates:
        if word.startswith(prefix) and len(word) - len(prefix) + len(rep) >= min_rest:
            out.append((rep + word[len(prefix):], len(prefix)))
    return tuple(out)


# ---------------------------------------------------------------- the knowledge base
@dataclass(frozen=True)
class Candidate:
    """A candidate entity for a mention, before the linker's decision."""

    entity: KBEntity
    kind: str  # "name", "variant" or "partial"
    alias: tuple[str, ...]


class KnowledgeBase:
    """Entities by id, and the indexes used for candidate generation."""

    def __init__(self, entities: Iterable[KBEntity] = ()):
        self.entities: dict[str, KBEntity] = {}
        self._by_qid: dict[str, KBEntity] = {}
        self._names: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self._skeletons: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        self._titles: dict[tuple[str, ...], list[str]] = {}
        self._first: set[str] = set()  # first words of names and partials
        self._first_skeletons: set[str] = set()  # skeletons of the first words of variant-able names
        self._len_first: dict[str, int] = {}  # first word -> longest name starting with it (tokens)
        self._len_skel: dict[str, int] = {}  # first-word skeleton -> longest variant-able name
        self._pairs: set[tuple[str, str]] = set()  # first two words of multi-word names (and their skeletons)
        self._next: dict[str, set[str]] = {}  # the same pairs as first word -> second words
        self._title_words: set[str] = set()
        self.max_len = 1
        self.max_title_len = 1
        self.add(entities)

    # ------------------------------------------------------------ building
    def add(self, entities: Iterable[KBEntity]) -> None:
        """Add entities; an entity whose id is already present replaces it (user KBs override the default)."""
        entities = list(entities)
        replaced = any(e.id in self.entities for e in entities)
        for entity in entities:
            self.entities[entity.id] = entity
            if entity.qid:
                self._by_qid[entity.qid] = entity
        if replaced:
            self._names.clear()
            self._skeletons.clear()
            self._titles.clear()
            self._first.clear()
            self._first_skeletons.clear()
            self._len_first.clear()
            self._len_skel.clear()
            self._pairs.clear()
            self._next.clear()
            self._title_words.clear()
            self._index(list(self.entities.values()))
        else:
            self._index(entities)

    def _index(self, entities: list[KBEntity]) -> None:
        partial_min = rules()["partial"]["min_len"]
        r = rules()
        stop = frozenset(normalize(w) for w in [*r["partial"]["not_partials"], *r["titles"]["heads"],
                                                *r["shrink"]["words"]])
        variant_types = rules()["variants"]["types"]
        patronymic = frozenset(normalize(w) for w in rules()["partial"]["patronymic_markers"])
        for e in entities:
            for key in e.keys:
                self._put(self._names, key, (e.id, "name"))
                self._first.add(key[0])
                self._len_first[key[0]] = max(self._len_first.get(key[0], 0), len(key))
                if len(key) > 1:
                    self._add_pair(key[0], key[1])
                if e.type in variant_types:
                    skel = skeleton(key[0])
                    self._put(self._skeletons, tuple(skeleton(w) for w in key), (e.id, key))
                    self._first_skeletons.add(skel)
                    self._len_skel[skel] = max(self._len_skel.get(skel, 0), len(key))
                    if len(key) > 1:
                        self._add_pair(skel, skeleton(key[1]))
                self.max_len = max(self.max_len, len(key))
            if e.type == "PERSON":
                for key in e.keys:
                    if len(key) < 2:
                        continue
                    words = {key[0]} if key[-2] in patronymic else {key[-1], key[0]}
                    for word in words:
                        if len(word) >= partial_min and word not in stop and (word,) not in e.keys:
                            self._put(self._names, (word,), (e.id, "partial"))
                            self._first.add(word)
                            self._len_first.setdefault(word, 1)
            for key in e.title_keys:
                self._put(self._titles, key, e.id)
                self._title_words.update(key)
                self.max_title_len = max(self.max_title_len, len(key))

    def _add_pair(self, first: str, second: str) -> None:
        self._pairs.add((first, second))
        self._next.setdefault(first, set()).add(second)

    @staticmethod
    def _put(index: dict, key: Any, value: Any) -> None:
        bucket = index.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)

    # ------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> KnowledgeBase:
        """The KB shipped with the package (``arabnews/data/kb.v1.json``); a copy, safe to extend."""
        return _default_kb().copy()

    def copy(self) -> KnowledgeBase:
        """A KB with the same entities whose indexes can be extended without touching this one."""
        kb = KnowledgeBase()
        kb.entities = dict(self.entities)
        kb._by_qid = dict(self._by_qid)
        kb._names = {k: list(v) for k, v in self._names.items()}
        kb._skeletons = {k: list(v) for k, v in self._skeletons.items()}
        kb._titles = {k: list(v) for k, v in self._titles.items()}
        kb._first = set(self._first)
        kb._first_skeletons = set(self._first_skeletons)
        kb._len_first = dict(self._len_first)
        kb._len_skel = dict(self._len_skel)
        kb._pairs = set(self._pairs)
        kb._next = {k: set(v) for k, v in self._next.items()}
        kb._title_words = set(self._title_words)
        kb.max_len, kb.max_title_len = self.max_len, self.max_title_len
        return kb

    @classmethod
    def from_artefact(cls, artefact: dict) -> KnowledgeBase:
        """A KB from a compiled artefact (the parsed ``kb.v1.json``)."""
        if artefact.get("format") != KB_FORMAT or artefact.get("version") != KB_VERSION:
            raise ValueError(Errors.E013.format(found=f"{artefact.get('format')} v{artefact.get('version')}"))
        return cls([KBEntity.from_dict(d) for d in artefact["entities"]])

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> KnowledgeBase:
        """A KB from source files (``kb/sources`` format, ``.jsonl`` or ``.jsonl.gz``) or compiled ``.json`` /
        ``.msgpack`` files."""
        kb = cls()
        kb.add_paths(paths)
        return kb

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        for path in paths:
            path = Path(path)
            if path.suffix in (".json", ".msgpack") and not path.is_file():
                raise FileNotFoundError(Errors.E012.format(path=path))
            if path.suffix == ".json":
                self.add(KnowledgeBase.from_artefact(json.loads(path.read_text(encoding="utf-8"))).entities.values())
            elif path.suffix == ".msgpack":
                loaded = KnowledgeBase.from_bytes(path.read_bytes())
                if self.entities:
                    self.add(loaded.entities.values())
                else:  # nothing to merge with: take the stored indexes as they are
                    self.__dict__.update(loaded.__dict__)
            else:
                self.add([compile_record(r) for r in read_source_records(path)])

    # ------------------------------------------------------------ binary form
    def to_bytes(self) -> bytes:
        """The KB with its built indexes as msgpack (``from_bytes`` loads it without re-indexing)."""
        import srsly

        index = {
            "names": [[list(k), [list(x) for x in v]] for k, v in self._names.items()],
            "skeletons": [[list(k), [[i, list(a)] for i, a in v]] for k, v in self._skeletons.items()],
            "titles": [[list(k), v] for k, v in self._titles.items()],
            "first": sorted(self._first), "first_skeletons": sorted(self._first_skeletons),
            "len_first": self._len_first, "len_skel": self._len_skel, "pairs": sorted(self._pairs),
            "title_words": sorted(self._title_words), "max_len": self.max_len, "max_title_len": self.max_title_len,
        }
        rows = [[e.id, e.qid, e.type, e.en, e.ar, list(e.aliases_ar), list(e.aliases_en), e.description, e.country,
                 [dict(r) for r in e.roles], e.prominence, e.verified, [list(k) for k in e.keys],
                 [list(k) for k in e.title_keys]] for e in self.entities.values()]
        return srsly.msgpack_dumps({"format": KB_FORMAT, "version": KB_VERSION, "binary": 1,
                                    "rules_sha256": _rules_digest(), "entities": rows, "index": index})

    @classmethod
    def from_bytes(cls, data: bytes) -> KnowledgeBase:
        """A KB from :meth:`to_bytes`; the indexes are rebuilt only when the linker rules changed since."""
        import srsly

        msg = srsly.msgpack_loads(data, use_list=True)
        if msg.get("format") != KB_FORMAT or msg.get("version") != KB_VERSION or msg.get("binary") != 1:
            raise ValueError(Errors.E013.format(found=f"{msg.get('format')} v{msg.get('version')} (binary)"))
        new = KBEntity
        entities = [new(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), tuple(r[6]), r[7], r[8], tuple(r[9]), r[10],
                        r[11], tuple(map(tuple, r[12])), tuple(map(tuple, r[13]))) for r in msg["entities"]]
        if msg.get("rules_sha256") != _rules_digest():
            return cls(entities)
        kb = cls()
        kb.entities = {e.id: e for e in entities}
        kb._by_qid = {e.qid: e for e in entities if e.qid}
        ix = msg["index"]
        kb._names = {tuple(k): [tuple(x) for x in v] for k, v in ix["names"]}
        kb._skeletons = {tuple(k): [(i, tuple(a)) for i, a in v] for k, v in ix["skeletons"]}
        kb._titles = {tuple(k): v for k, v in ix["titles"]}
        kb._first = set(ix["first"])
        kb._first_skeletons = set(ix["first_skeletons"])
        kb._len_first = ix["len_first"]
        kb._len_skel = ix["len_skel"]
        for a, b in ix["pairs"]:
            kb._add_pair(a, b)
        kb._title_words = set(ix["title_words"])
        kb.max_len, kb.max_title_len = ix["max_len"], ix["max_title_len"]
        return kb

    def to_artefact(self) -> dict:
        return {"format": KB_FORMAT, "version": KB_VERSION, "sources": [], "sources_sha256": "",
                "entities": [e.to_dict() for e in self.entities.values()]}

    # ------------------------------------------------------------ access
    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, key: str) -> bool:
        return key in self.entities or key in self._by_qid

    def get(self, key: str) -> KBEntity | None:
        """The entity with QID (or id) ``key``, or None."""
        return self._by_qid.get(key) or self.entities.get(key)

    def is_first_word(self, word: str) -> bool:
        """Whether a name (or a partial name) starts with the token key ``word``."""
        return word in self._first

    def longest_from(self, word: str, following: str | None = None) -> int:
        """Length (tokens) of the longest name, or spelling variant of one, that may start with ``word``
        (followed by the token key ``following``, when given)."""
        skel = skeleton(word)
        n = max(self._len_first.get(word, 0), self._len_skel.get(skel, 0))
        if n > 1 and following is not None and following not in self._next.get(word, ()) and (
                skeleton(following) not in self._next.get(skel, ())):
            return 1
        return n

    def second_words(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """Second words of the multi-word names starting with ``word``, and the skeletons of the second words
        of the names starting with a spelling variant of it (what :meth:`longest_from` checks ``following`` in)."""
        empty: frozenset[str] = frozenset()
        return frozenset(self._next.get(word, empty)), frozenset(self._next.get(skeleton(word), empty))

    def all_second_words(self) -> frozenset[str]:
        """Every second word of a multi-word name and every skeleton of one (the union of what
        :meth:`second_words` returns for all words): a token whose key and skeleton are not in it continues no
        name."""
        return frozenset().union(*self._next.values())

    def is_first_skeleton(self, word: str) -> bool:
        """Whether a spelling variant of ``word`` may start a name (cheap filter before :meth:`lookup`):
        words too short for :func:`variant_ok` or starting with the article never are variants."""
        if len(word) < _min_variant_len() or word.startswith("ال"):
            return False
        return skeleton(word) in self._first_skeletons

    def is_title_word(self, word: str) -> bool:
        return word in self._title_words

    def title_entities(self, key: tuple[str, ...]) -> list[str]:
        """Ids of the entities with the title ``key`` (token keys)."""
        return self._titles.get(key, [])

    def lookup(self, words: tuple[str, ...], *, variants: bool = True) -> list[Candidate]:
        """Candidates whose name is exactly ``words`` (token keys), else spelling variants re-scored strictly."""
        out = [Candidate(self.entities[i], kind, words) for i, kind in self._names.get(words, ())]
        if out or not variants or skeleton(words[0]) not in self._first_skeletons:
            return out
        types = rules()["variants"]["types"]
        for i, alias in self._skeletons.get(tuple(skeleton(w) for w in words), ()):
            if self.entities[i].type not in types:
                continue
            if all(variant_ok(m, a) and not (m != a and m.startswith("ال")) for m, a in zip(words, alias)):
                out.append(Candidate(self.entities[i], "variant", alias))
        return out

    def ambiguous_names(self) -> dict[tuple[str, ...], list[str]]:
        """Names (exact keys) shared by several entities — for review."""
        return {k: [i for i, kind in v if kind == "name"] for k, v in self._names.items()
                if sum(kind == "name" for _, kind in v) > 1}


@cache
def _rules_digest() -> str:
    """Digest of the linker rules the KB indexes depend on (a binary KB built under other rules is re-indexed)."""
    return hashlib.sha256(read_text(RULES_FILE).encode("utf-8")).hexdigest()


@cache
def _default_kb() -> KnowledgeBase:
    import srsly

    return KnowledgeBase.from_artefact(srsly.json_loads(read_text(KB_DATA_FILE)))
