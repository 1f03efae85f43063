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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc as _Doc
from spacy.tokens import Span
from spacy.training import Example
from spacy.util import ensure_path, raise_error, registry
from spacy.util import from_disk as util_from_disk
from spacy.util import to_disk as util_to_disk

from .errors import Errors
from .extensions import BOILERPLATE_KEY, install_extensions, set_link_info
from .kb import TYPES, Candidate, KBEntity, KnowledgeBase, rules, strip_clitics
from .normalize import normalize

_NOTHING: tuple = ()
_CACHE_LIMIT = 300_000


@dataclass
class Mention:
    """A found mention (token range) with its candidates; plain data, decided by :meth:`EntityLinker.decide`."""

    start: int
    end: int
    candidates: list[Candidate]
    clitic: bool = False
    existing_label: str = ""


def _split_paths(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [p for p in str(value).split(os.pathsep) if p.strip()]


class EntityLinker:
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
        self._type_cues = {normalize(w): t for t, words in r["type_cues"].items() if t in TYPES for w in words}
        self._needs_context = {normalize(w) for w in r["needs_context"]["names"]}
        self._shrink = {normalize(w) for w in r["shrink"]["words"]}
        self._shrink_if_name = {normalize(w) for w in r["shrink"]["if_name"]}
        nm = r["not_mentions"]
        self._not_names = {tuple(normalize(w) for w in n.split()) for n in nm["names"]}
        self._adjectival = {normalize(w) for w in nm["adjectival_names"]}
        self._place_inside = {normalize(w) for w in nm["place_inside_after"]}
        heads = [normalize(w) for w in r["titles"]["heads"]]
        self._title_heads = {h.split()[0] for h in heads}
        self._title_modifiers = {normalize(w) for w in r["titles"]["modifiers"]}
        self._separators = set(r["titles"]["separators"])
        self._title_max = int(r["titles"]["max_tokens"])
        self._cache: dict[str, tuple[str, tuple]] = {}
        self.kb = self._build_kb()

    # ------------------------------------------------------------ KB
    def _build_kb(self) -> KnowledgeBase:
        kb = KnowledgeBase.default() if self.use_default_kb else KnowledgeBase()
        kb.add_paths(self.kb_paths)
        return kb

    def set_kb(self, kb: KnowledgeBase) -> None:
        """Replace the knowledge base (e.g. one built with ``python -m arabnews kb build``)."""
        self.kb = kb
        self._cache.clear()

    # ------------------------------------------------------------ token analysis
    def _analyse(self, text: str) -> tuple[str, tuple]:
        """(key, starts) of a token text: starts = ((first word, clitic chars), ...) that may begin a name."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        key = normalize(text)
        starts: list[tuple[str, int]] = []
        kb = self.kb
        if len(key) >= 2:
            if kb.is_first_word(key) or kb.is_first_skeleton(key):
                starts.append((key, 0))
            for rest, n in strip_clitics(key):
                if kb.is_first_word(rest) or kb.is_first_skeleton(rest):
                    starts.append((rest, n))
        result = (key, tuple(starts) if starts else _NOTHING)
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = result
        return result

    def _keys(self, doc: _Doc) -> tuple[list[str], list[tuple]]:
        analyse = self._analyse
        strings = doc.vocab.strings
        pairs = [analyse(strings[int(orth)]) for orth in doc.to_array("ORTH")]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    # ------------------------------------------------------------ finding (pure: no Doc writes)
    def find_mentions(self, doc: _Doc, keys: list[str], starts: list[tuple]) -> list[Mention]:
        """Longest KB-name matches, left to right, without overlap."""
        out: list[Mention] = []
        n_tokens = len(keys)
        max_len = self.kb.max_len
        i = 0
        while i < n_tokens:
            options = starts[i]
            if not options:
                i += 1
                continue
            best: Mention | None = None
            following = keys[i + 1] if i + 1 < n_tokens else None
            for first, n_clitic in options:
                for n in range(min(max_len, n_tokens - i, self.kb.longest_from(first, following)), 0, -1):
                    if best is not None and n <= best.end - best.start:
                        break
                    words = (first, *keys[i + 1:i + n])
                    cands = self.kb.lookup(words)
                    if cands:
                        best = Mention(i, i + n, cands, clitic=n_clitic > 0)
                        break
            if best is None:
                i += 1
                continue
            i = best.end
            if not self._not_a_mention(best, keys):
                out.append(self._shrunk(best, keys))
        return out

    def _not_a_mention(self, m: Mention, keys: list[str]) -> bool:
        """Definite descriptions (المملكة), adjectival uses (الجامعات السعودية), places inside other names."""
        aliases = {c.alias for c in m.candidates}
        if aliases <= self._not_names:
            return True
        if m.start == 0:
            return False
        prev = keys[m.start - 1]
        prev_forms = (prev, *(r for r, _ in strip_clitics(prev)))
        if len(aliases) == 1 and m.end - m.start == 1 and keys[m.start] in self._adjectival:
            if any(f.startswith("ال") and len(f) > 3 for f in prev_forms):
                return True
        if all(c.entity.type in ("GPE", "LOC") for c in m.candidates):
            return any(f in self._place_inside for f in prev_forms)
        return False

    def _shrunk(self, m: Mention, keys: list[str]) -> Mention:
        """``الملك سلمان`` -> ``سلمان``, ``لتنظيم داعش`` -> ``داعش`` (same candidates)."""
        if m.end - m.start < 2:
            return m
        first = keys[m.start]
        forms = (first, *(r for r, _ in strip_clitics(first)))
        if any(f in self._shrink for f in forms):
            return Mention(m.start + 1, m.end, m.candidates, clitic=False)
        if any(f in self._shrink_if_name for f in forms):
            ids = {c.entity.id for c in m.candidates}
            rest = [c for c in self.kb.lookup(tuple(keys[m.start + 1:m.end]), variants=False)
                    if c.entity.id in ids and c.kind == "name"]
            if rest:
                return Mention(m.start + 1, m.end, rest, clitic=False)
        return m

    def _strip_first(self, words: tuple[str, ...]) -> list[tuple[str, ...]]:
        forms = [words]
        if words:
            forms += [(rest, *words[1:]) for rest, _ in strip_clitics(words[0])]
        return forms

    def title_span(self, doc: _Doc, start: int, keys: list[str] | None = None) -> tuple[int, int] | None:
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

    def _is_title_word(self, key: str) -> bool:
        if self.kb.is_title_word(key) or key in self._title_heads or key in self._title_modifiers:
            return True
        return any(self.kb.is_title_word(rest) or rest in self._title_heads for rest, _ in strip_clitics(key))

    def _is_title_head(self, key: str) -> bool:
        if key in self._title_heads:
            return True
        return any(rest in self._title_heads for rest, _ in strip_clitics(key))

    def title_entities(self, title_keys: Iterable[str]) -> set[str]:
        """Ids of the KB entities one of whose titles is ``title_keys`` (modifiers such as السابق ignored)."""
        words = tuple(w for w in title_keys if w not in self._title_modifiers)
        found: set[str] = set()
        for form in self._strip_first(words):
            found.update(self.kb.title_entities(form))
            # a title may start after generic words ("نائب الرئيس" does not match "الرئيس": whole titles only)
        return found

    # ------------------------------------------------------------ deciding (pure)
    def decide(self, doc: _Doc, keys: list[str], mentions: list[Mention]) -> list[tuple[Mention, str, str, list]]:
        """For each mention: (mention, label, chosen id or "", [(id, score), ...]); unlinkable mentions dropped."""
        s = self.scores
        full: dict[str, int] = {}
        for m in mentions:  # entities named in full (a multi-word name, or the only candidate of its name)
            names = [c for c in m.candidates if c.kind != "partial" and not self._weak(c)]
            if len({c.entity.id for c in names}) == 1 and (len(names[0].alias) > 1 or not self._is_common(m, keys)):
                full[names[0].entity.id] = full.get(names[0].entity.id, 0) + 1
        out = []
        for m in mentions:
            title = self.title_span(doc, m.start, keys)
            titled = self.title_entities(keys[title[0]:title[1]]) if title else set()
            scored: dict[str, float] = {}
            entities: dict[str, KBEntity] = {}
            seen_here = [c.entity.id for c in m.candidates if c.entity.id in full]
            coref_ok = len(set(seen_here)) == 1
            common = self._is_common(m, keys)
            cue = self._cue_type(doc, keys, m)
            types = {c.entity.type for c in m.candidates}
            countries = {c.entity.qid for c in m.candidates if c.entity.qid and c.entity.country == c.entity.qid}
            for c in m.candidates:
                e = c.entity
                bonus_title = s["title"] if e.id in titled else 0.0
                bonus_coref = s["coref"] if coref_ok and e.id in full else 0.0
                if (c.kind == "partial" or self._weak(c)) and not (bonus_title or bonus_coref):
                    continue
                if common and not (bonus_title or e.id in full or cue):
                    continue
                score = s[c.kind] + bonus_title + bonus_coref + s["prior_weight"] * e.prominence
                if cue and e.type == cue:
                    score += s["type_cue"]
                elif not cue:
                    if e.type in ("GPE", "LOC") and "ORG" in types:
                        score += s["place_over_org"]
                    if e.qid in countries:
                        score += s["country_over_city"]
                if score > scored.get(e.id, -1.0):
                    scored[e.id] = score
                    entities[e.id] = e
            if not scored:
                continue
            ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
            best_id, best = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else -1.0
            chosen = best_id if best >= s["threshold"] and best - second >= s["margin"] else ""
            label = m.existing_label or entities[best_id].type
            out.append((m, label, chosen, [(i, round(v, 4)) for i, v in ranked[:5]]))
        return out

    def _is_common(self, m: Mention, keys: list[str]) -> bool:
        return all(c.alias in self._common for c in m.candidates if c.kind != "partial")

    def _weak(self, c: Candidate) -> bool:
        """A one-word person name that is also a common word (حرب, شرف): needs a title or a full mention."""
        return c.entity.type == "PERSON" and len(c.alias) == 1 and c.alias[0] in self._needs_context

    def _cue_type(self, doc: _Doc, keys: list[str], m: Mention) -> str:
        """The type said by the word before the mention (نادي الهلال -> ORG), "QUOTED" for «...», or ""."""
        if m.start > 0:
            prev = keys[m.start - 1]
            for form in (prev, *(r for r, _ in strip_clitics(prev))):
                if form in self._type_cues:
                    return self._type_cues[form]
            if doc[m.start - 1].is_quote or doc[m.start - 1].text in ("«", "\"", "“"):
                return "QUOTED"
        return ""

    # ------------------------------------------------------------ existing entities
    def _existing_mentions(self, doc: _Doc, keys: list[str]) -> list[Mention]:
        out = []
        for ent in doc.ents:
            words = tuple(k for k in keys[ent.start:ent.end] if k and any(ch.isalnum() for ch in k))
            cands: list[Candidate] = []
            for form in self._strip_first(words):
                cands = self.kb.lookup(form)
                if cands:
                    break
            out.append(Mention(ent.start, ent.end, cands, existing_label=ent.label_))
        return out

    # ------------------------------------------------------------ boilerplate
    def _boilerplate_filter(self, doc: _Doc) -> Callable[[int, int], bool]:
        try:
            from .boilerplate import in_boilerplate  # type: ignore[attr-defined]
        except ImportError:
            in_boilerplate = None
        if in_boilerplate is not None:
            return lambda s, e: bool(in_boilerplate(doc, s, e))
        spans = sorted((sp.start_char, sp.end_char) for sp in doc.spans.get(BOILERPLATE_KEY, []))
        if not spans:
            return lambda s, e: False
        starts = [a for a, _ in spans]

        def inside(s: int, e: int) -> bool:
            k = bisect_right(starts, s) - 1
            return k >= 0 and spans[k][0] <= s and e <= spans[k][1]

        return inside

    # ------------------------------------------------------------ spaCy API
    def __call__(self, doc: _Doc) -> _Doc:
        install_extensions()
        error_handler = self.get_error_handler()
        try:
            return self.set_annotations(doc, self.predict(doc))
        except Exception as e:  # noqa: BLE001  (spaCy's error-handler protocol)
            return error_handler(self.name, self, [doc], e)

    def pipe(self, stream: Iterable[_Doc], *, batch_size: int = 128) -> Iterator[_Doc]:
        install_extensions()
        error_handler = self.get_error_handler()
        for doc in stream:
            try:
                yield self.set_annotations(doc, self.predict(doc))
            except Exception as e:  # noqa: BLE001
                error_handler(self.name, self, [doc], e)

    def get_error_handler(self) -> Callable:
        return getattr(self, "_error_handler", None) or raise_error

    def set_error_handler(self, error_handler: Callable) -> None:
        self._error_handler = error_handler

    def predict(self, doc: _Doc) -> list[tuple[Mention, str, str, list]]:
        if not len(doc):
            return []
        keys, starts = self._keys(doc)
        existing = self._existing_mentions(doc, keys) if (self.link_existing_ents and doc.ents) else []
        taken = [False] * len(doc)
        for m in existing:
            for k in range(m.start, m.end):
                taken[k] = True
        found = [m for m in self.find_mentions(doc, keys, starts) if not any(taken[m.start:m.end])]
        if not self.include_boilerplate and found:
            inside = self._boilerplate_filter(doc)
            found = [m for m in found if not inside(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))]
        decided = self.decide(doc, keys, sorted(existing + found, key=lambda m: m.start))
        if existing:  # an NER span is kept even when the KB has no candidate for it
            kept = {(m.start, m.end) for m, *_ in decided}
            decided += [(m, m.existing_label, "", []) for m in existing if (m.start, m.end) not in kept]
        return sorted(decided, key=lambda d: d[0].start)

    def set_annotations(self, doc: _Doc, decided: list[tuple[Mention, str, str, list]]) -> _Doc:
        if not decided and not doc.ents:
            return doc
        spans = []
        for m, label, chosen, ranked in decided:
            entity = self.kb.get(chosen) if chosen else None
            qid = entity.qid if entity else ""
            span = Span(doc, m.start, m.end, label=label, kb_id=qid)
            spans.append(span)
            set_link_info(span, entity.en if entity else "", ranked)
        if not self.link_existing_ents:
            spans = [s for s in spans if not any(s.start < e.end and e.start < s.end for e in doc.ents)]
            spans += list(doc.ents)
        doc.ents = sorted(spans, key=lambda sp: sp.start)
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Scores for ``nlp.evaluate`` (see :func:`score_links`)."""
        return (self.scorer or score_links)(examples, **kwargs)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        """Nothing to train; the KB is loaded at construction (package data + ``kb_paths``)."""

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        serializers = {
            "cfg": lambda p: srsly.write_json(p, {"kb_paths": self.kb_paths, "use_default_kb": self.use_default_kb}),
            "kb": lambda p: srsly.write_json(p, self.kb.to_artefact()),
        }
        util_to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityLinker:
        path = ensure_path(path)

        def load_kb(p: Path) -> None:
            self.set_kb(KnowledgeBase.from_artefact(srsly.read_json(p)))

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
