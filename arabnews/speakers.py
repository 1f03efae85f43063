"""``arabnews_speakers``: who said each quote, resolved to the entity.

Runs after ``arabnews_linker`` and ``arabnews_quotes``. For every span of ``doc.spans["quotes"]`` it reads the quote
record (``cue``, ``cue_lemma``, ``fragments``, ``speaker_slot``) and writes ``speaker``, ``speaker_title``, ``via``,
``speaker_kb_id``, ``speaker_name``, ``anonymous`` and ``case`` (docs/api.md, "The quote record").

The rules are Arabic word lists in ``arabnews/data/speakers.v1.json`` (titles, honorifics, organisation and media
nouns, anonymous-source nouns, continuation verbs, fronted pronoun phrases, participles, chain verbs). The decision
order for one quote, nearest evidence first:

1. according-to cues (بحسب، وفقا لـ، نقلا عن): the noun phrase after the cue; ``... ما نقلت X عن Y`` is a chain;
2. participles (منددا، قائلة إن، مشيرا إلى): the subject of the sentence (the speaker of an earlier quote of the
   same sentence, else the noun phrase after the sentence's first verb);
3. chains (نقلت وكالة X عن مسؤول Y): speaker Y, ``via`` X;
4. verb-subject (وقال X ... إن / وقال X: «...» / «...»، قال X): the noun phrase after the cue;
5. subject-verb (وكان «ستارمر»، قال إنه): the noun phrase that ends right before the cue;
6. ``أما X ف...`` / fronted pronouns (من جانبه، بدوره) with no subject: the last named source before the sentence;
7. subjectless verbs (وأضاف، وتابع) and anaphoric descriptions (وقال الوزير): the previous speaker.
Verb gender (قالت، أكدت، قائلة) is used as evidence when choosing among earlier candidates.

Entities: a mention inside a ``doc.ents`` entity takes its ``kb_id_`` / ``kb_name``; surname-only and later mentions
resolve to the earlier full mention, so every quote of one person carries one id and one name. Without a linker the
name is the normalised mention text.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import ensure_path, registry

from .component_base import ArabnewsComponent
from .data import read_json
from .errors import Errors
from .extensions import LINK_ATTR, QUOTE_ATTR, QUOTES_KEY, doc_text, install_extensions, text_length, update_quote_info
from .normalize import normalize

DATA_FILE = "speakers.v1.json"
CASES = ("vso", "svo", "colon", "quote_first", "continuation", "fronted_pronoun", "participle", "noun_cue",
         "according_to", "chain", "anonymous", "anaphor", "unresolved")
QUOTE_MARKS = set("\"«»“”„‹›'`()")
STOP_PUNCT = set(".!?؟:؛;…") | {"-", "–", "—", "/", "|"}
COMMAS = {"،", ","}
#: How many earlier speakers / entities an implied speaker is looked for among (keeps long documents linear).
LOOKBACK = 60
_LETTERS = re.compile(r"^[\u0621-\u064aA-Za-z\u00c0-\u024f]+$")
_COMMA = re.compile("[،,]")


_KEYS: dict[str, str] = {}


def _key(text: str) -> str:
    """``normalize(text).strip()``, memoised by text (the same words recur in every article; bounded)."""
    k = _KEYS.get(text)
    if k is None:
        k = normalize(text).strip()
        if len(_KEYS) >= 100_000:
            _KEYS.clear()
        _KEYS[text] = k
    return k


class Rules:
    """The word lists of ``speakers.v1.json`` as sets of normalised keys."""

    def __init__(self, data: dict):
        self.data = copy.deepcopy(data)  # read_json caches one dict for every pipeline: never share it
        self.proclitics = tuple(_key(p) for p in data.get("proclitics", ["و", "ف"]))

        def keys(name: str) -> frozenset[str]:
            return frozenset(_key(w) for w in data.get(name, []) if w.strip())

        self.titles = keys("titles")
        self.honorifics = keys("honorifics")
        self.particles = keys("name_particles")
        self.places = keys("places")
        self.orgs = keys("organisations")
        self.media_parts = keys("media_parts")
        self.anonymous = keys("anonymous_heads")
        self.continuation = keys("continuation_cues")
        self.pronoun_subjects = keys("pronoun_subjects")
        self.fronted = [tuple(_key(w) for w in phrase.split()) for phrase in data.get("fronted", [])]
        self.topic = _key(data.get("fronted_topic", "أما"))
        self.participles = keys("participles")
        self.according = keys("according_to")
        self.chain_verbs = keys("chain_verbs")
        self.chain_prep = _key(data.get("chain_preposition", "عن"))
        self.speech_reports = keys("speech_reports")
        self.adjuncts = keys("adjunct_starts")
        self.time_words = keys("time_words")
        self.complementisers = keys("complementisers")
        self.clause_starts = keys("clause_starts")
        self.feminine_heads = keys("feminine_heads")
        self.female_names = keys("female_first_names")
        self.person_words = self.titles | self.honorifics | self.feminine_heads
        self.relatives = keys("relative_pronouns")
        self.documents = keys("anaphoric_documents")
        self.leading_skip = [tuple(_key(w) for w in phrase.split()) for phrase in data.get("leading_skip", [])]
        self.noun_cues = keys("noun_cues")
        self.slot_stops = keys("slot_stops")
        self.svo_bounds = keys("svo_bounds")
        self.verb_particles = keys("verb_particles")
        self.divine = keys("divine_names")
        self.relay_verbs = keys("relay_verbs")
        self.same = keys("same_determiners")
        self.owner_words = keys("owner_words")
        self.patronymics = keys("patronymics")
        self.relation_words = keys("relation_words")
        self.person_titles = keys("person_titles")
        self.person_core = self.person_titles | frozenset(k + "ه" for k in self.person_titles) | self.feminine_heads
        self.t_final_verbs = keys("t_final_verbs")
        self.guest_titles = keys("guest_titles")
        self.reporting_verbs = keys("reporting_verbs")
        self.naming_words = keys("naming_words")
        self.one_of = keys("one_of")
        self.resumptive = keys("resumptive_pronouns")
        self.what_verbs = keys("what_verbs")
        self.generic_fields = keys("generic_institution_fields")
        self.what_suffixes = tuple(_key(w) for w in data.get("what_verb_suffixes", []))
        self.complement_preps = keys("complement_prepositions")
        self.demonstratives = keys("demonstratives")
        self.kingdom_words = keys("kingdom_words")
        self.kingdoms = frozenset(data.get("kingdoms", []))
        self.fronted_adjuncts: dict[str, list[tuple[str, ...]]] = {}  # by first word
        for phrase in data.get("fronted_adjuncts", []):
            words = tuple(_key(w) for w in phrase.split())
            if words:
                self.fronted_adjuncts.setdefault(words[0], []).append(words)
        self.participle_shape = {k: (_key(v) if isinstance(v, str) else v)
                                 for k, v in data.get("participle_shape", {}).items()}
        self.all_words = frozenset().union(*(keys(k) for k, v in data.items() if isinstance(v, list)))
        self.lexical = (self.titles | self.honorifics | self.places | self.orgs | self.anonymous | self.adjuncts
                        | self.complementisers | self.clause_starts | self.pronoun_subjects | self.according
                        | self.participles | self.continuation | self.time_words)

    def looks_participle(self, word: str) -> bool:
        """The shape of an unlisted active participle in the accusative (مفعلا: منددا، مشيرا، مؤكدا), from
        ``participle_shape`` in the data file."""
        shape = self.participle_shape
        return (len(word) >= shape.get("min_length", 5) and word.startswith(shape.get("prefix", "م"))
                and word.endswith(shape.get("suffix", "ا")) and not word.endswith(shape.get("not_suffix", "وا")))

    def bare(self, key: str) -> str:
        """``key`` without one proclitic (و / ف) when the rest is a listed word and ``key`` itself is not
        (وكالة stays وكالة, وأضاف becomes أضاف, وزيرا stays)."""
        if len(key) > 2 and key[0] in self.proclitics and key not in self.all_words and key[1:] in self.all_words:
            return key[1:]
        return key

    def what_verb(self, key: str) -> bool:
        """A verb of "بحسب ما قاله / وفقا لما أعلنه / وفق ما ذكرته X": a listed what-verb, with or without its pronoun
        suffix (audit S3)."""
        key = self.bare(key)
        return key in self.what_verbs or any(
            key.endswith(s) and key[:-len(s)] in self.what_verbs for s in self.what_suffixes if len(key) > len(s) + 1)

    def is_in(self, key: str, words: frozenset[str]) -> bool:
        return key in words or self.bare(key) in words


class SpeakerAttributor(ArabnewsComponent):
    """Sets the speaker fields of every quote record in ``doc.spans["quotes"]``."""

    def __init__(self, nlp: Language, name: str = "arabnews_speakers", *, use_entities: bool = True,
                 max_np_tokens: int = 12, max_lookback_tokens: int = 10,
                 scorer: Callable | None = None):
        for key, value in (("max_np_tokens", max_np_tokens), ("max_lookback_tokens", max_lookback_tokens)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(Errors.E009.format(key=key, value=value, component=name,
                                                    why="it must be a positive integer"))
        self.name = name
        self.use_entities = use_entities
        self.max_np_tokens = max_np_tokens
        self.max_lookback_tokens = max_lookback_tokens
        self.scorer = scorer
        self.rules = Rules(read_json(DATA_FILE))
        install_extensions()

    # ------------------------------------------------------------------ spaCy API
    def process(self, doc: Doc) -> Doc:
        """Attribute every quote of ``doc`` (``__call__``/``pipe`` and errors: ArabnewsComponent)."""
        self.set_annotations(doc, self.predict(doc))
        return doc

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None) -> None:
        pass

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, float]:
        return (self.scorer or speaker_accuracy)(examples, **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if "rules" not in exclude:
            srsly.write_json(path / "rules.json", self.rules.data)
        srsly.write_json(path / "cfg", {"use_entities": self.use_entities, "max_np_tokens": self.max_np_tokens,
                                        "max_lookback_tokens": self.max_lookback_tokens})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpeakerAttributor:
        path = ensure_path(path)
        if "rules" not in exclude and (path / "rules.json").exists():
            self.rules = Rules(srsly.read_json(path / "rules.json"))
        if (path / "cfg").exists():
            cfg = srsly.read_json(path / "cfg")
            self.use_entities = bool(cfg.get("use_entities", self.use_entities))
            self.max_np_tokens = int(cfg.get("max_np_tokens", self.max_np_tokens))
            self.max_lookback_tokens = int(cfg.get("max_lookback_tokens", self.max_lookback_tokens))
        return self

    # ------------------------------------------------------------------ finding (no writes to the Doc)
    def predict(self, doc: Doc) -> list[tuple[Span, dict]]:
        quotes = list(doc.spans.get(QUOTES_KEY, []))
        if not quotes:
            return []
        state = _DocState(doc, self.rules, self.use_entities)
        ordered = sorted(quotes, key=lambda q: _anchor(q))
        out = []
        for quote in ordered:
            fields = self._attribute(state, quote)
            state.remember(quote, fields)
            out.append((quote, fields))
        return out

    def set_annotations(self, doc: Doc, predictions: list[tuple[Span, dict]]) -> None:
        for quote, fields in predictions:
            update_quote_info(quote, **fields)

    # ------------------------------------------------------------------ one quote
    def _attribute(self, st: _DocState, quote: Span) -> dict:
        info = quote._.get(QUOTE_ATTR) or {}
        doc, rules = st.doc, self.rules
        cue = _tok_range(doc, info.get("cue"))
        frags = [f for f in info.get("fragments") or [] if f and f[1] > f[0]] or [[quote.start_char, quote.end_char]]
        c_start, c_end = min(f[0] for f in frags), max(f[1] for f in frags)
        if cue is None:
            return st.fallback_previous(None, "continuation", quote.start)
        c0, c1 = cue
        s0, s1 = st.sentence(c0)
        cue_key = rules.bare(_key(doc[c0:c1].text.replace(" ", " ")))
        cue_words = [rules.bare(st.key(i)) for i in range(c0, c1)]
        lemma = _key(str(info.get("cue_lemma") or ""))
        gender = self._cue_gender(st, c0, c1, lemma)
        qtype = str(info.get("type") or quote.label_ or "").upper()
        # the content as token range, to keep noun phrases out of the quote itself
        content_tok = _tok_range(doc, [c_start, c_end]) or (quote.start, quote.end)
        after_limit = s1
        if content_tok[0] >= c1:
            after_limit = min(after_limit, content_tok[0])

        if len(cue_words) == 1 and cue_key in rules.naming_words:
            # "وقالت المواطنة وتدعى “أم فؤاد”، إنها": a cue found on the naming verb; the name after it is the speaker
            # (gold rule 18: an unnamed source the text names)
            named = st.name_after(c0)
            if named is not None:
                return _with_cue_gender(st.resolve(named, "vso", gender), gender)
        # 1. according to
        if any(w in rules.according for w in cue_words) or lemma in rules.according or (
                qtype == "ACCORDING_TO" and len(cue_words) > 1 and cue_words[0] in rules.according):
            return self._according_to(st, c1, after_limit, gender, quote.start)
        # 2. participles
        if cue_key in rules.participles or lemma in rules.participles or (
                len(cue_words) == 1 and rules.looks_participle(cue_words[0])):
            return self._participle(st, c0, s0, gender)
        # a speech noun with a ب/ل preposition: "بتأكيد الوزارة", "لقوله تعالى"
        noun_key = cue_key[1:] if len(cue_words) == 1 and cue_key[:1] in "بل" and len(cue_key) > 4 else cue_key
        if cue_key in rules.speech_reports or noun_key in rules.speech_reports:
            # "في قوله تعالى: (...)" (gold rule 11) and "وجاء عن عكرمة مولى ابن عباس قوله:"
            if c1 < len(doc) and rules.bare(st.key(c1)) in rules.divine:
                # a cited text is never the subject of the narrator's next verb ("عن قوله تعالى (...) فقال")
                return st.resolve(_NP(c1, c1 + 1, c1, c1 + 1, "cited", "m"), "noun_cue", gender)
            relayed = st.relayed_source(s0, c0, self.max_np_tokens)
            if relayed is not None:
                return st.resolve(relayed, "noun_cue", gender)
        if cue_key in rules.noun_cues or lemma in rules.noun_cues or noun_key in rules.noun_cues or (
                len(cue_words) == 1 and (cue_key.endswith("ات") and len(cue_key) > 4
                                         or cue_key.startswith(("ال", "بال", "لل")))):
            if c1 + 1 < after_limit and st.key(c1) == "من":
                # "وفي ظل مطالبات من رعاة مثل «كوكاكولا»": the source after من
                source = st.noun_phrase(c1 + 1, after_limit, self.max_np_tokens)
                if source is not None and source.kind not in ("anaphor", "description"):
                    return st.resolve(source, "noun_cue", gender)
            agent = st.genitive_agent(c1, after_limit, self.max_np_tokens)
            if agent is not None:
                # "بتأكيد الوزارة استمرار ...", "تصريح الوزير": the noun's genitive is who spoke
                if agent.kind in ("anaphor", "description"):
                    fields = st.anaphor(agent, gender, c0)
                    fields["case"] = "noun_cue"
                    return fields
                return st.resolve(agent, "noun_cue", gender)
            fields = self._participle(st, c0, s0, gender, noun=True)
            if fields.get("case") == "participle":
                fields["case"] = "noun_cue"
            return fields
        # 3. chain verbs followed by "X عن Y"
        if cue_key in rules.chain_verbs or lemma in rules.chain_verbs:
            chain = self._chain(st, c1, after_limit, gender)
            if chain is not None:
                return chain
        if len(cue_words) == 1 and cue_key in rules.relay_verbs and c1 + 1 < after_limit and (
                st.key(c1) == rules.chain_prep):
            # "ونُقل عن ستولتنبرغ قوله إن": a passive relay verb; the source is the phrase after عن (audit Q4)
            source = st.noun_phrase(c1 + 1, after_limit, self.max_np_tokens)
            if source is not None and source.kind in ("anaphor", "description"):
                return st.anaphor(source, None, c0)
            if source is not None:
                return st.resolve(source, "vso", None)
        clitic = st.key(c0)[:1] in rules.proclitics and rules.bare(st.key(c0)) != st.key(c0)
        kana = None if clitic else st.kana_subject(c0, s0, self.max_np_tokens)
        if kana is not None:
            kana = st.named_by(kana)
            if kana.kind in ("anaphor", "description"):
                return st.anaphor(kana, gender, c0)
            return _with_cue_gender(st.resolve(kana, "svo", gender), gender)
        svo = None if clitic else self._svo(st, c0, s0, content_tok)
        if svo is not None:
            svo = st.named_by(svo)
        if svo is not None and (c0 - 1 >= s0 and st.key(c0 - 1) in rules.verb_particles or (
                svo.start > s0 and st.key(svo.start - 1) in rules.svo_bounds)) and svo.kind != "anaphor":
            # "كان وزير سوري أبلغ رويترز": the subject before the verb, not the object after it
            if svo.kind == "description":
                return st.anaphor(svo, gender, c0)
            return _with_cue_gender(st.resolve(svo, "svo", gender), gender)
        # 4. verb-subject (also colon form and quote first)
        j = c1
        pronoun = False
        while j < after_limit and (rules.is_in(st.key(j), rules.time_words)
                                   or rules.is_in(st.key(j), rules.pronoun_subjects)
                                   or j == c1 and rules.bare(st.key(j)) in rules.participles):
            # "وتابعت قائلة:" — the participle only introduces the words, the subject is implied
            pronoun = pronoun or rules.is_in(st.key(j), rules.pronoun_subjects)
            j += 1
        j = st.skip_leading(j, after_limit)
        masdar = c0 > s0 and st.is_adjunct(c0 - 1) and st.key(c0 - 1) in ("الي", "علي", "من", "عن", "ل", "لـ")
        # "دفع متابعو الفيديو إلى وصف ما فعله بـ...": وصف is a noun there, what follows is its object
        np = None if pronoun or masdar else st.noun_phrase(j, after_limit, self.max_np_tokens)
        if np is not None:
            np = st.named_by(np)
        if np is not None and any(f[0] <= doc[np.start].idx < f[1] for f in frags):
            np = None  # "أجاب:»يتم اختيار ...": the phrase after the cue is the quote itself, the subject is implied
        first_ent = st.ent_of.get(c1) if c1 < len(doc) else None
        if np is None and not pronoun and content_tok[0] <= c1 and first_ent is not None and (
                first_ent.label_ == "PERSON" and first_ent.start == c1) and not (
                c0 > s0 and st.is_adjunct(c0 - 1)):  # "إلى وصف إردوغان بأنه": وصف is a noun there
            # "انتقد أردوغان رئيس الوزراء ...", the content found from the subject on: a person right after a verb
            # is its subject
            np = _NP(first_ent.start, first_ent.end, first_ent.start, first_ent.end, "person", None, first_ent)
        if np is None and not pronoun and content_tok[0] <= c1 + 1 <= content_tok[1] and qtype != "DIRECT":
            # the content was found starting at the subject ("أكد | الإعلامي محمود بوناب أن ..."): the phrase
            # before the first complementiser of the sentence
            k = next((m for m in range(c1, min(s1, c1 + self.max_np_tokens + 1))
                      if rules.is_in(st.key(m), rules.complementisers) or st.doc[m].text in STOP_PUNCT), None)
            if k is not None and k > c1 and rules.is_in(st.key(k), rules.complementisers):
                cand = st.noun_phrase(c1, k, self.max_np_tokens)
                head = rules.bare(st.key(cand.start)) if cand is not None else ""
                if cand is not None and cand.end == k and (head in rules.titles or head in rules.honorifics
                                                           or head in rules.anonymous or head in rules.orgs):
                    np = cand
        if np is not None and np.kind == "org" and np.gender == "f" and gender == "m" and np.start == c1 and not (
                st.key(c1 - 1).lstrip("وف").startswith("ت")):  # وتطالب: a feminine imperfect
            # "كما حث النرويج على ...": a verb agrees with the subject that follows it, so a feminine noun right after
            # a masculine verb is its object and the subject is implied
            np = None
        if np is not None and rules.bare(st.key(np.start)) in rules.documents | rules.media_parts:
            issuer = st.owner(np, after_limit) or st.issuer(np.end, after_limit, self.max_np_tokens)
            if issuer is not None:
                return st.resolve(issuer, "vso", gender)
        head0 = rules.bare(st.key(np.start)) if np is not None else ""
        if np is not None and (head0 in rules.titles or head0 in rules.honorifics or np.kind == "anonymous" and (
                not st.key(np.start).endswith(("ون", "ين")))):
            named = st.slot_person(np, after_limit, self.max_np_tokens * 3)
            if named is not None:
                np = named
            nxt = st.ent_of.get(np.end) if np.end == after_limit else None
            if named is None and np.kind in ("anaphor", "description") and nxt is not None and (
                    nxt.label_ == "PERSON" and nxt.start == np.end):
                # "تعهد الرئيس السوري | بشار الاسد ...": the name right after the title, where the detected
                # content starts
                np = _NP(np.start, nxt.end, nxt.start, nxt.end, "person", np.gender, nxt)
        if np is not None and np.kind in ("anaphor", "description"):
            return st.anaphor(np, gender, c0)
        if np is not None:
            if c_end <= doc[c0].idx:
                case = "quote_first"
            elif np.end < len(doc) and doc[np.end].text.strip() == ":" or (
                    np.end + 1 < len(doc) and doc[np.end + 1].text.strip() == ":" and doc[np.end].text in COMMAS):
                case = "colon"
            else:
                case = "vso"
            return _with_cue_gender(st.resolve(np, case, gender), gender)
        # 5. subject-verb
        if svo is None and not clitic:
            svo = st.person_before(c0, s0)
        if svo is not None:
            if svo.kind in ("anaphor", "description"):
                fields = st.anaphor(svo, gender, c0)
                fields["case"] = "svo" if fields["case"] == "anaphor" else fields["case"]
                return fields
            return _with_cue_gender(st.resolve(svo, "svo", gender), gender)
        # 6. fronted topic / pronoun
        front = st.fronted(s0, c0)
        if front == "topic":
            topic = st.noun_phrase(s0 + 1, c0, self.max_np_tokens, stop_at_fa=True)
            if topic is not None:
                return st.resolve(topic, "fronted_pronoun", gender)
        if front == "pronoun":
            # "من جهته، دعا X إلى ...، وأعلن عن زيارة": a later verb of the sentence keeps the sentence's speaker
            earlier = st.last_in_sentence(s0, c0)
            if earlier is not None:
                out = dict(earlier)
                out.update(case="continuation", via=None, speaker_title=None)
                return out
            return st.fallback_fronted(gender, st.doc[s0].idx)
        # 7. continuation (subjectless verb, pronoun): inside a sentence, its subject ("وقد تحدث كارتر للمراسلين ...
        # فقال:", "دوّن مدرب الاتحاد بولوني ملاحظاته ...، وطالب"); at a sentence start, the previous speaker
        if st.key(c1 - 1).endswith("وا") and len(st.key(c1 - 1)) > 4:
            # a plural verb ("وأطلق مغرّدون هاشتاج ...، أشادوا فيه"): the plural subject of the sentence's first verb
            group = st.plural_subject(s0, c0)
            if group is not None:
                return st.resolve(group, "continuation", gender)
        inner = st.sentence_subject(s0, c0, gender)
        if inner is not None:
            return inner
        return st.fallback_previous(gender, "continuation", c0)

    def _cue_gender(self, st: _DocState, c0: int, c1: int, lemma: str) -> str | None:
        word = self.rules.bare(st.key(c1 - 1))
        if word.endswith("ه") and (word in self.rules.participles or self.rules.looks_participle(word[:-1] + "ا")):
            return "f"
        # a final ت is the feminine ending, except in verbs whose root ends with it (لفت، أثبت): the quotes lexicon
        # lists feminine forms too (أكدت، كما أفادت), so its entry cannot tell
        if len(word) >= 3 and word.endswith("ت") and word not in self.rules.t_final_verbs:
            return "f"
        return "m" if word else None

    def _according_to(self, st: _DocState, i: int, limit: int, gender: str | None, anchor: int) -> dict:
        rules, doc = self.rules, st.doc
        sent_end = st.sentence(max(i - 1, 0))[1]
        end = limit if limit < sent_end else sent_end
        j = i
        while j < end and (st.key(j) in {"ل", "لـ", "ما", "عن", "لما", "مع", "الي"} or doc[j].is_punct
                           and doc[j].text not in QUOTE_MARKS):
            j += 1
        if j < end and (rules.bare(st.key(j)) in rules.chain_verbs or st.key(j).endswith("ته")
                        or rules.what_verb(st.key(j))):
            chain = self._chain(st, j + 1, end, gender, verb_seen=True)
            if chain is not None:
                return chain
            j += 1
            if j < end and st.key(j) in rules.resumptive:
                j += 1  # "وفق ما أعلنت عنه هيئة المهرجان": the pronoun of ما, then the source
        np = st.noun_phrase(j, end, self.max_np_tokens, according=True)
        if np is None:
            return st.fallback_previous(gender, "according_to", anchor)
        if np.kind == "anaphor" and np.start > 0 and rules.bare(st.key(np.start - 1)) in rules.same:
            fields = st.anaphor(np, gender, np.start)  # "وفق نفس المتحدث"
            fields["case"] = "according_to"
            return fields
        if np.end < end and st.key(np.end) == rules.chain_prep:
            target = st.noun_phrase(np.end + 1, end, self.max_np_tokens)
            if target is not None:
                fields = st.resolve(target, "chain", gender)
                fields["via"] = np.offsets(doc)
                return fields
        return st.resolve(np, "according_to", gender)

    def _chain(self, st: _DocState, i: int, limit: int, gender: str | None, verb_seen: bool = False) -> dict | None:
        via = st.noun_phrase(i, limit, self.max_np_tokens, according=True)
        if via is None or via.end >= limit or st.key(via.end) != self.rules.chain_prep:
            return None
        target = st.noun_phrase(via.end + 1, limit, self.max_np_tokens)
        if target is None:
            return None
        fields = st.resolve(target, "chain", None)
        fields["via"] = via.offsets(st.doc)
        return fields

    def _participle(self, st: _DocState, c0: int, s0: int, gender: str | None, noun: bool = False) -> dict:
        if noun:
            # "..، واختتم الحمد حديثه بقوله": the subject of the nearest clause verb before the noun
            for m in range(c0 - 1, s0, -1):
                if st.doc[m - 1].text in COMMAS and st.key(m)[:1] == "و" and len(st.key(m)) > 3 and (
                        m not in st.ent_of):
                    np = st.noun_phrase(m + 1, c0, self.max_np_tokens)
                    if np is not None and not st.plausible(np):
                        break
                    if np is not None and np.kind not in ("anaphor", "description"):
                        return st.resolve(np, "noun_cue", gender)
                    if np is not None:
                        return st.anaphor(np, gender, c0)
                    break
        earlier = st.last_in_sentence(s0, c0, relayed=False)  # "... وفقا لإحصاءات X، مشيرا": not X
        if earlier is not None:
            fields = dict(earlier)
            fields["case"] = "participle"
            return fields
        j = s0
        front = st.fronted(s0, c0)
        if front == "pronoun":
            j = st.fronted_end
        while j < c0 and (st.doc[j].is_punct or st.doc[j].is_space):
            j += 1
        j = st.skip_front_adjunct(j, c0)
        # skip the main verb (and light words after it) then read its subject
        j += 1
        while j < c0 and (self.rules.is_in(st.key(j), self.rules.time_words) or st.doc[j].is_punct):
            j += 1
        np = st.noun_phrase(j, c0, self.max_np_tokens)
        if np is not None and self.rules.bare(st.key(np.start)) in self.rules.documents:
            # "وتضمن التقرير معلومات ...، مشيرا": a document as the subject speaks for its issuer
            fields = st.anaphor(_NP(np.start, np.start + 1, np.start, np.start + 1, "anaphor", None), gender, c0)
            if fields.get("speaker") and fields["speaker"][0] != st.doc[np.start].idx:  # an issuer, not itself
                if fields.get("case") == "anaphor":
                    fields["case"] = "participle"
                return fields
        if np is not None and np.kind == "description" and st.plausible(np):
            # "تحدث رئيس حركة النهضة عن ... مشيرا": the description, resolved to the person it names (rule 16)
            fields = st.anaphor(np, gender, c0)
            if fields.get("case") == "anaphor":
                fields["case"] = "participle"
            return fields
        if np is not None and np.kind != "anaphor" and st.plausible(np):
            if np.kind == "org" and np.ent is not None and np.ent.start >= np.start and np.ent.end < np.end:
                np.end = np.name_end = np.ent.end  # "أصدرت غرفة الشرقية ... تقريرها": the name ends the phrase
            if gender in ("m", "f") and np.kind == "person" and np.ent is not None and np.ent.label_ == "PERSON" and (
                    st.person_gender(np.ent) not in (None, gender)):
                # "والتقى ترامب بالمستشارة ميركل ...، قائلة": the participle agrees with its owner (audit S1)
                other = st.gendered_person(np.end, c0, gender)
                if other is not None:
                    np = _NP(other.start, other.end, other.start, other.end, "person", None, other)
            return st.resolve(np, "participle", gender)
        return st.fallback_previous(gender, "participle", c0)

    def _svo(self, st: _DocState, c0: int, s0: int, content_tok: tuple[int, int]) -> _NP | None:
        doc, rules = st.doc, self.rules
        j = c0 - 1
        while j >= s0 and (doc[j].text in COMMAS or st.key(j) in {"قد", "لقد"} or doc[j].is_space):
            j -= 1
        relative = j >= s0 and st.key(j) in rules.relatives
        if relative:
            j -= 1
        end = j + 1
        lo = max(s0, c0 - self.max_lookback_tokens)
        start = end
        while start - 1 >= lo:
            t = doc[start - 1]
            k = st.key(start - 1)
            if t.text in STOP_PUNCT or t.text in COMMAS or t.is_space or k in rules.clause_starts:
                break
            if content_tok[0] <= start - 1 < content_tok[1]:
                break
            if rules.is_in(k, rules.complementisers) or rules.bare(k) in rules.adjuncts and start - 1 > lo:
                break
            start -= 1
        if start >= end:
            return None
        bounded = start == s0 or st.key(start - 1) in rules.clause_starts or doc[start - 1].text in STOP_PUNCT
        if not (bounded or relative):
            return None
        first = st.key(start)
        if start == s0 and first[:1] in rules.proclitics and len(first) > 3 and start not in st.ent_of and (
                rules.bare(first) == first):
            return None  # "وأطلق مغرّدون هاشتاج ...، أشادوا": a sentence starting with a و-verb is not a subject
        np = st.noun_phrase(start, end, self.max_np_tokens, allow_adjunct=False)
        if np is None or np.end != end:
            return None
        return np


class _NP:
    """A noun phrase found by the rules: token range, where the name starts, kind and grammatical gender."""

    __slots__ = ("start", "end", "name_start", "name_end", "kind", "gender", "ent")

    def __init__(self, start: int, end: int, name_start: int, name_end: int, kind: str, gender: str | None,
                 ent: Span | None = None):
        self.start, self.end, self.name_start, self.name_end = start, end, name_start, name_end
        self.kind, self.gender, self.ent = kind, gender, ent

    def offsets(self, doc: Doc) -> list[int]:
        return _offsets(doc, self.start, self.end)


class _DocState:
    """Per-document memory: sentences, entity index, earlier speakers and known entities (linear in the doc)."""

    def __init__(self, doc: Doc, rules: Rules, use_entities: bool):
        self.doc, self.rules = doc, rules
        self._text: str | None = None
        self._keys: dict[int, str] = {}
        self._clauses: dict[int, tuple[int, list[int]]] = {}  # sentence start -> (first word, clause starts)
        self._verbs: dict[int, str] = {}  # token -> its clitic-free key (reporting verbs looked for)
        self._idx: numpy.ndarray | None = None  # token start offsets, built on first use
        self._subjects: dict[int, _NP | None] = {}  # reporting verb token -> the subject after it
        self.genders: dict[str, str] = {}  # QID / name key of a person who spoke -> the gender of their verb
        self._spoke: list[tuple[list[int], str, str]] = []  # (speaker offsets, QID, gender) not yet in ``genders``
        if doc.has_annotation("SENT_START"):
            # from the array, not doc.sents: building one Span per sentence costs seconds on a 5 MB document
            flags = doc.to_array("SENT_START")
            self.sent_starts = [0] + [int(i) for i in numpy.flatnonzero(flags == 1) if i > 0]
        else:
            self.sent_starts = [0] + [t.i + 1 for t in doc if "\n" in t.text or "\n" in t.whitespace_]
        self.ent_of: dict[int, Span] = {}
        if use_entities:
            for ent in doc.ents:
                for i in range(ent.start, ent.end):
                    self.ent_of[i] = ent
        self.ents = list(doc.ents)
        # the QIDs the linker gave to people in the whole document, by name key (whole name, surname): a full
        # mention the linker left unlinked takes the QID of its linked surname mention ("الجبير") when that key
        # has one QID only
        linked: dict[str, set] = {}
        for ent in self.ents:
            if ent.label_ == "PERSON" and ent.kb_id_:
                for k in _name_keys(rules, _mention_name(ent.text)):
                    linked.setdefault(k, set()).add(ent.kb_id_)
        self.linked_people = {k: next(iter(v)) for k, v in linked.items() if len(v) == 1}
        self.ent_ends = [e.end_char for e in self.ents]
        # the quotes' own text (merged character ranges): a verb inside a quote is not the narrator's
        merged: list[list[int]] = []
        for q in sorted((q.start_char, q.end_char) for q in doc.spans.get(QUOTES_KEY, [])):
            if merged and q[0] <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], q[1])
            else:
                merged.append([q[0], q[1]])
        self.content_starts = [r[0] for r in merged]
        self.content_ends = [r[1] for r in merged]
        self.history: list[dict] = []  # resolved quote fields, in document order
        self.history_pos: list[int] = []  # anchor token of each
        self.entities: dict[str, dict] = {}  # surname / full key -> {"kb_id", "name", "gender"}
        self.fronted_end = 0

    @property
    def text(self) -> str:
        """The Doc's text through ``doc_text`` (stored by the tokenizer; ``Doc.text`` rebuilds it per access)."""
        if self._text is None:
            self._text = doc_text(self.doc)
        return self._text

    def ents_before(self, char: int, labels: tuple[str, ...], window: int = LOOKBACK) -> Iterator[Span]:
        """Entities ending at or before ``char`` with one of ``labels``, nearest first (a bounded window, so
        that long documents stay linear)."""
        k = bisect_right(self.ent_ends, char)
        for ent in reversed(self.ents[max(0, k - window):k]):
            if ent.label_ in labels:
                yield ent

    def recent(self) -> list[dict]:
        return self.history[-LOOKBACK:]

    def key(self, i: int) -> str:
        k = self._keys.get(i)
        if k is None:
            k = _key(self.doc[i].text)
            self._keys[i] = k
        return k

    def sentence(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.sent_starts, i) - 1
        start = self.sent_starts[k] if k >= 0 else 0
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return start, end

    # -------------------------------------------------------------- noun phrases
    def is_ali(self, i: int) -> bool:
        """The name علي (written with ي), not the preposition على, which normalises to the same key."""
        return self.doc[i].text in ("علي", "وعلي") and i + 1 < len(self.doc) and (
            self.name_like(i + 1) or self.family_name(i + 1))

    def family_name(self, i: int) -> bool:
        """A family name with the article, written with a final ي (الجابري، الشهري، العتيبي): a nisba that is not
        a listed word ("على المستوى" keeps its ى)."""
        if i >= len(self.doc) or (i in self.ent_of and self.ent_of[i].label_ != "PERSON"):
            return False
        text, k = self.doc[i].text, self.key(i)
        if not (text.startswith("ال") and len(k) > 4 and k not in self.rules.lexical
                and self.rules.bare(k) not in self.rules.titles):
            return False
        if text.endswith("ي"):
            return True
        # otherwise only as the last word before the content, a comma or a prepositional phrase ("النجار إن")
        nxt = i + 1
        return nxt >= len(self.doc) or self.doc[nxt].text in STOP_PUNCT or self.doc[nxt].text in COMMAS or (
            self.rules.is_in(self.key(nxt), self.rules.complementisers) or self.is_adjunct(nxt)
            or self.doc[nxt].text in QUOTE_MARKS)

    def is_adjunct(self, i: int) -> bool:
        k = self.key(i)
        return self.rules.is_in(k, self.rules.adjuncts) and not self.is_ali(i)

    def name_like(self, i: int) -> bool:
        rules = self.rules
        ent = self.ent_of.get(i)
        if ent is not None:
            return ent.label_ == "PERSON"
        text = self.doc[i].text.strip("«»\"“”")
        if text == "علي":
            return i + 1 < len(self.doc) and _key(self.doc[i + 1].text) not in rules.lexical
        k = _key(text)
        if k in rules.divine:
            return True
        if len(text) > 4 and text.endswith(("ته", "تها", "تهم")):
            return False  # "المنتهية ولايته": a noun with a possessive pronoun, not a name
        if k[-1:] in "اهم" and any(k == r + p for r in rules.relation_words for p in ("ه", "ها", "هم", "هما")):
            return False  # "المتحدث باسمها": a relation word with its pronoun
        if not k or not _LETTERS.match(k) or len(k) < 2:
            return False
        b = rules.bare(k)
        if k in rules.lexical or b in rules.lexical:
            return False
        if k.startswith(("ال", "وال", "فال", "بال", "لل", "كال")) and not k.startswith("الل") or k.startswith("الل"):
            return False
        if k[0] in "لب" and (k[1:] in rules.lexical or k[1:].startswith("ال")):
            return False
        return True

    def noun_phrase(self, i: int, limit: int, max_tokens: int, *, according: bool = False,
                    allow_adjunct: bool = False, stop_at_fa: bool = False) -> _NP | None:
        doc, rules = self.doc, self.rules
        limit = min(limit, len(doc))
        while i < limit and (doc[i].is_space or doc[i].text in COMMAS):
            i += 1
        if i >= limit:
            return None
        if self.rules.bare(self.key(i)) in rules.same and i + 1 < limit and self.key(i + 1).startswith("ال"):
            # "ذات التقارير" / "وفق نفس المتحدث": the same source as before, a description
            head = rules.bare(self.key(i + 1))
            return _NP(i + 1, i + 2, i + 1, i + 2, "anaphor", "f" if head.endswith(("ه", "ات")) else None)
        first = self.key(i)
        if according and len(first) > 2 and first[0] == "ل" and (first[1:] in rules.orgs or first.startswith("لل")):
            pass
        elif (self.is_adjunct(i) and first not in rules.orgs) or rules.is_in(
                first, rules.complementisers) or doc[i].text in STOP_PUNCT:
            return None
        ent = self.ent_of.get(i)
        toks: list[int] = []
        seen_name = False
        in_marks = False
        anonymous_head = False
        pp_used = False
        last_comma: int | None = None
        j = i
        while j < limit and len(toks) < max_tokens:
            t = doc[j]
            k = self.key(j)
            if t.is_space:
                break
            if t.text in QUOTE_MARKS:
                if in_marks:
                    in_marks = False
                    toks.append(j)
                    j += 1
                    continue
                closer = next((m for m in range(j + 1, min(j + 6, limit)) if doc[m].text in QUOTE_MARKS), None)
                if closer is None or closer - j > 5:
                    break
                in_marks = True
                toks.append(j)
                j += 1
                continue
            if t.text in STOP_PUNCT or rules.is_in(k, rules.complementisers) or k in rules.speech_reports:
                break
            if t.text in COMMAS:
                nxt = j + 1
                if nxt < limit and doc[nxt].text in QUOTE_MARKS and nxt + 1 < limit:
                    nxt_name = self.name_like(nxt + 1)
                else:
                    nxt_name = nxt < limit and self.name_like(nxt)
                head0 = rules.bare(self.key(toks[0])) if toks else ""
                titled = head0 in rules.titles or head0 in rules.honorifics
                if toks and nxt_name and not anonymous_head and head0 not in rules.orgs and (
                        not seen_name or (titled and last_comma is None)):
                    last_comma = j
                    toks.append(j)
                    j += 1
                    continue
                break
            if stop_at_fa and k.startswith("ف") and toks:
                break
            if toks and not in_marks and rules.bare(k) in rules.time_words and j not in self.ent_of and not (
                    k.startswith("ال")):
                break  # "المسؤول الروسي حاليا تهمه ...": an adverb ends the subject
            if toks:
                if not in_marks and k[:1] in "بل" and k not in rules.person_words and self.title_gender(j):
                    break  # "وزيرة الخارجية الألمانية للرئيس الأوكراني", "بالرئيس": an addressee or object (audit S2)
                b = rules.bare(k)
                if (k in rules.adjuncts or (b in rules.adjuncts and k != b)) and not self.is_ali(j):
                    if anonymous_head and not pp_used and k in {"في", "من", "ب", "داخل"}:  # not ل: an addressee
                        pp_used = True
                    elif (not seen_name and k in {"في", "ب", "لدى", "الي", "لـ"} and j + 1 < limit
                          and rules.bare(self.key(j + 1)) in (rules.orgs | rules.places | rules.titles)):
                        pass
                    elif not (according and not seen_name and not anonymous_head and k in {"ل", "لـ"}):
                        break
                if seen_name and not in_marks and k[:1] == "ل" and not self.name_like(j):
                    break
                if not seen_name and not in_marks and k[:1] == "ل" and len(k) > 3 and j not in self.ent_of and (
                        not self.is_adjunct(j - 1)) and (
                        j + 1 >= limit or self.is_adjunct(j + 1) or doc[j + 1].text in STOP_PUNCT
                        or doc[j + 1].text in COMMAS):
                    break  # "وقال اللاعب لبرنامج في المرمى": a prepositional phrase, not a name
                if seen_name and (rules.is_in(k, rules.titles) and k not in rules.particles) and not in_marks:
                    if not any(rules.bare(self.key(m)) in rules.honorifics for m in range(j, min(j + 3, limit))):
                        break
                    seen_name = False
                if k.startswith("ف") and stop_at_fa:
                    break
            if not toks:
                anonymous_head = (rules.bare(k) in rules.anonymous)
            toks.append(j)
            if self.name_like(j) and not (anonymous_head and not in_marks) and not (
                    toks[0] != j and k[:1] == "و" and len(k) > 4):
                seen_name = True
            j += 1
        while toks and (doc[toks[-1]].text in COMMAS or doc[toks[-1]].is_space):
            toks.pop()
        if toks and doc[toks[-1]].text in QUOTE_MARKS and in_marks:
            toks.pop()
        if not toks:
            return None
        start, end = toks[0], toks[-1] + 1
        head = rules.bare(self.key(start))
        head_raw = self.key(start)
        if according and head_raw.startswith("لل"):
            head = head_raw = "ال" + head_raw[2:]
        elif according and head_raw[:1] == "ل" and head_raw[1:] in rules.orgs:
            head = head_raw = head_raw[1:]
        gender = "f" if (head.endswith("ه") and (head in rules.titles or head in rules.honorifics
                                                 or head in rules.anonymous or head in rules.orgs)) else None
        if head in rules.feminine_heads or head == "مصادر" or head.endswith("ات"):
            gender = "f"
        # a linked entity inside the phrase
        ents = [self.ent_of[m] for m in range(start, end) if m in self.ent_of]
        person = next((e for e in ents if e.label_ == "PERSON"), None)
        first_ent = self.ent_of.get(start)
        if first_ent is not None and first_ent.label_ == "GPE" and first_ent.start == start and not (
                head in rules.titles or head in rules.honorifics):
            # a country or city as the source ("وأكدت تونس في بيان أصدرته ..."): the name alone
            return _NP(start, first_ent.end, start, first_ent.end, "org", "f", first_ent)
        if head in rules.anonymous and not head_raw.startswith("ال") and person is None:
            return _NP(start, end, start, end, "anonymous", gender or ("m" if not head.endswith("ه") else "f"))
        if end - start == 1 and head_raw.startswith("ال") and head in rules.orgs and not self.ent_of.get(start):
            return _NP(start, end, start, end, "anaphor", "f" if head.endswith("ه") else "m")
        if head in rules.orgs or head in rules.media_parts:
            org = next((e for e in ents if e.label_ in ("ORG", "PERSON", "GPE")), None)
            if head.endswith("ه") or head in {"الحكومه", "المملكه"}:
                gender = "f"
            return _NP(start, end, start, end, "org", gender or "m", org)
        if head in rules.guest_titles and person is None:
            # "ضيف بوليتيكا": the programme's guest; the word after ضيف names the programme, not the person
            return _NP(start, end, start, end, "description", gender)
        if person is not None and self.inner_title(start, person.start):
            return _NP(start, end, start, end, "description", gender)
        if person is not None:
            return _NP(start, end, person.start, min(person.end, end), "person", gender, person)
        org_ent = next((e for e in ents if e.label_ == "ORG"), None)
        titled = head in rules.titles or head in rules.honorifics
        if org_ent is not None and not titled and not any(self.name_like(m) for m in range(start, org_ent.start)):
            return _NP(start, end, start, end, "org", gender or ("f" if head.endswith("ه") else "m"), org_ent)
        name_start = next((m for m in range(start, end) if (self.name_like(m) and not (
            m > start and self.key(m)[:1] == "و" and len(self.key(m)) > 4 and m + 1 < end) and not (
            m > start and self.key(m)[:1] == "ل" and m not in self.ent_of and not (
                m + 1 < end and self.name_like(m + 1))))
            or (doc[m].text in QUOTE_MARKS and m + 1 < end and self.name_like(m + 1))), None)
        if name_start is not None and name_start > start and self.key(name_start)[:1] == "ل" and (
                name_start not in self.ent_of):
            # "المتحدث الإعلامي لصحة مكة المكرمة عبدالوهاب شلبي": a ل-genitive; the name is a later run
            later = next((m for m in range(name_start + 2, end) if self.name_like(m) and not self.name_like(m - 1)
                          and self.key(m)[:1] != "ل"), None)
            if later is not None:
                name_start = later
        if name_start is None:
            listed = head in rules.titles or head in rules.honorifics or head in rules.documents or (
                head in rules.anonymous or head in rules.orgs or head in rules.lexical)
            if end - start == 1 and head_raw.startswith("ال") and not listed and len(head_raw) > 4:
                return _NP(start, end, start, end, "person", None)  # a family name alone: السوكلي، الجبير
            if end - start == 1 and (head_raw.startswith("ال") or listed):
                return _NP(start, end, start, end, "anaphor", gender)
            if head in rules.titles or head in rules.honorifics:
                return _NP(start, end, start, end, "description", gender)
            if head_raw.startswith("ال") or head in rules.places:
                return _NP(start, end, start, end, "org", gender or ("f" if head.endswith("ه") else "m"))
            return None
        # a title, then the name between commas: "رئيس مجلس شورى حركة النهضة، عبد الكريم الهاروني،"
        real_name_first = (name_start in self.ent_of and self.ent_of[name_start].label_ == "PERSON") or (
            self.is_ali(name_start) or self.family_name(name_start + 1) and name_start + 1 < last_comma
            if last_comma is not None else False)
        if last_comma is not None and last_comma + 1 < end and last_comma >= name_start and not real_name_first:
            # "title، NAME،": the name after the comma; not for "NAME، title" ("علي الحسيني، رئيس بلدية ...")
            after = next((m for m in range(last_comma + 1, end) if self.name_like(m)), None)
            if after is not None:
                name_start = after
        # after an honorific (الدكتور، العقيد، الشيخ) the name follows it
        last_hon = max((m for m in range(start, end - 1) if rules.bare(self.key(m)) in rules.honorifics),
                       default=None)
        if last_hon is not None and last_hon + 1 > name_start and self.name_like(last_hon + 1):
            name_start = last_hon + 1
        # the name runs to the end of the phrase (family names may carry ال: عادل بن أحمد الجبير)
        name_end = end
        while doc[name_start].text in QUOTE_MARKS and name_start + 1 < name_end:
            name_start += 1
        while name_end - 1 > name_start and doc[name_end - 1].text in QUOTE_MARKS:
            name_end -= 1
        if ent is not None and ent.label_ == "PERSON":
            name_start = max(start, ent.start)
        if self.inner_title(start, name_start):
            return _NP(start, end, start, end, "description", gender)
        return _NP(start, end, name_start, name_end, "person", gender, None)

    def inner_title(self, start: int, name_start: int) -> bool:
        """The name after "المتحدث باسم الرئيس الأوكراني" belongs to الرئيس, not to the spokesperson: a title word
        (with its adjectives) right before the name, after a relation word (باسم، من، عن) of the phrase."""
        rules = self.rules
        p = name_start - 1
        while p > start and self.key(p).startswith("ال") and self.key(p).endswith(("ي", "يه")) and (
                rules.bare(self.key(p)) not in rules.titles):
            p -= 1
        if p <= start or rules.bare(self.key(p)) not in rules.person_titles or self.doc[p].text in COMMAS:
            return False
        return any(self.key(m) in rules.relation_words for m in range(start + 1, p))

    def slot_person(self, np: _NP, limit: int, window: int) -> _NP | None:
        """The name that a long title leads to, further in the speaker slot: "مدير فرع الهيئة العامة للسياحة ...
        بمنطقة تبوك ناصر بن أحمد الخريصي", "المتحدث باسم الدفاع المدني بمنطقة مكة المكرمة، العقيد سعيد سرحان،".
        A PERSON entity, or an honorific followed by a name, reached before a slot stop (مع، خلال، أمام ...), a
        complementiser or the content. Not the name of an inner title ("المتحدث باسم الرئيس التركي رجب طيب
        أردوغان": the name belongs to الرئيس). ``None`` when the phrase already ends in a linked person."""
        rules, doc = self.rules, self.doc
        if np.ent is not None and np.ent.label_ == "PERSON" or any(
                self.ent_of[m].label_ == "PERSON" for m in range(np.start, np.end) if m in self.ent_of):
            return None
        end = min(limit, np.start + window, len(doc))
        last_pair = None
        for m in range(np.start + 1, end):
            t, k = doc[m], self.key(m)
            if t.text in STOP_PUNCT or "\n" in t.text or rules.is_in(k, rules.complementisers) or (
                    k in rules.speech_reports or rules.bare(k) in rules.slot_stops):
                break
            if doc[m - 1].text in COMMAS and self.is_adjunct(m) and not self.is_ali(m):
                break  # "وأكد الوزير الأصبحي، في رسالة بعثها لمفوض ...": the subject ended at the comma
            if k[:1] == "ل" and k[1:] in rules.person_titles and not k.startswith("لل") or (
                    k[:1] in "بل" and k not in rules.person_words and self.title_gender(m)):
                break  # "لمفوض الأمم المتحدة", "للرئيس الأوكراني": an addressee, whose name is not the speaker's
            ent = self.ent_of.get(m)
            if ent is not None and ent.label_ == "PERSON" and ent.start == m:
                name_start, name_end, lead = m, min(ent.end, end), m
            elif (rules.bare(k) in rules.honorifics or self.key(m + 1 if m + 1 < end else m) in rules.patronymics
                  ) and m + 1 < end and self.name_like(m + 1 if rules.bare(k) in rules.honorifics else m) and not (
                    rules.bare(k) in rules.honorifics and self.key(m + 1)[:1] == "ل" and m + 1 not in self.ent_of):
                # "العقيد سعيد سرحان", or a name with a patronymic: "ناصر بن أحمد الخريصي"
                lead = m
                name_start = m + 1 if rules.bare(k) in rules.honorifics else m
                name_end = name_start + 1
                while name_end < end and (self.name_like(name_end) or self.key(name_end) in rules.particles):
                    name_end += 1
            elif (m > np.start + 2 and m + 2 < len(doc) and self.name_like(m) and self.family_name(m + 1)
                  and doc[m + 1].text.endswith("ي") and not self.key(m).endswith(("ها", "هم", "ه"))
                  and m not in self.ent_of and not self.is_adjunct(m)
                  and rules.bare(self.key(np.start)) not in rules.orgs):
                # a name and a family name; the last such pair of the slot is the name (below)
                last_pair = m
                continue
            elif m > np.start + 1 and doc[m - 1].text in COMMAS and self.name_like(m) and m + 1 < end and (
                    self.name_like(m + 1) or self.family_name(m + 1)) and m not in self.ent_of:
                # an apposition between commas: "المتحدث باسم العشائر المتصدية للتنظيم، محمد الشعباني"
                name_start, lead = m, m
                name_end = m + 1
                while name_end < end and self.name_like(name_end):
                    name_end += 1
            else:
                continue
            if name_end < end and ent is None and name_end - name_start < 4 and self.family_name(name_end):
                name_end += 1  # "ناصر بن أحمد الخريصي"
            # the name of an inner title: walk back over adjectives (الأوكراني، التركي) to a title word
            p = lead - 1
            while p > np.start and self.key(p).startswith("ال") and self.key(p).endswith(("ي", "يه")) and (
                    rules.bare(self.key(p)) not in rules.titles):
                p -= 1
            if p > np.start and doc[p].text not in COMMAS and rules.bare(self.key(p)) in rules.titles or (
                    self.inner_title(np.start, name_start)):
                return None
            return _NP(np.start, name_end, name_start, name_end, "person", np.gender, ent)
        # "مدير الإدارة العامة لشؤون حجاج الداخل في وزارة الحج فايز البركاتي لـ«الرياض» أن": the last name and
        # family name before the content
        if last_pair is not None and not self.inner_title(np.start, last_pair):
            return _NP(np.start, last_pair + 2, last_pair, last_pair + 2, "person", np.gender, None)
        return None

    def skip_leading(self, j: int, limit: int) -> int:
        """Skip "كل من" and a fronted prepositional phrase before a subject ("قال لـ"الاقتصادية" مسؤول ...",
        "وقال في وقت سابق، مكتب ..."); returns ``j`` unchanged when no subject follows."""
        rules, doc = self.rules, self.doc
        for phrase in rules.leading_skip:
            n = len(phrase)
            if j + n <= limit and all(self.key(j + m) == phrase[m] for m in range(n)):
                return j + n
        if j >= limit or not rules.is_in(self.key(j), rules.adjuncts) or self.key(j) in rules.time_words or (
                self.is_ali(j)):
            return j
        for m in range(j + 1, min(limit, j + 7)):
            k = self.key(m)
            if doc[m].text in STOP_PUNCT or rules.is_in(k, rules.complementisers):
                return j
            if doc[m].text in COMMAS:
                return m + 1
            bare = rules.bare(k)
            if m > j + 1 and doc[m - 1].text not in QUOTE_MARKS and (
                    bare in rules.anonymous or bare in rules.honorifics):
                return m
            if doc[m - 1].text in QUOTE_MARKS and m - 1 > j + 1 and (bare in rules.anonymous or bare in rules.titles
                                                                     or bare in rules.honorifics):
                return m
        return j

    def plausible(self, np: _NP) -> bool:
        """A phrase found only by position (a sentence subject) names a source: a listed head word, or a linked
        person / organisation inside it; without any entities in the doc, any name-like phrase."""
        head = self.rules.bare(self.key(np.start))
        rules = self.rules
        if head in rules.titles or head in rules.honorifics or head in rules.orgs or head in rules.anonymous:
            return True
        if any(self.ent_of[m].label_ in ("PERSON", "ORG") for m in range(np.start, np.end) if m in self.ent_of):
            return True
        return not self.ents and np.kind == "person" and np.end - np.name_start <= 4

    def owner(self, np: _NP, limit: int) -> _NP | None:
        """The owner of a document: "قائمة الدخل والإيرادات الخاصة بغرفة الشرقية" → بغرفة الشرقية."""
        for m in range(np.start + 1, min(np.end + 1, limit - 1)):
            if self.rules.bare(self.key(m)) in self.rules.owner_words and self.key(m + 1)[:1] in "بل":
                end = m + 2
                while end < min(limit, np.end + 4) and self.key(end).startswith("ال") and not (
                        self.rules.is_in(self.key(end), self.rules.adjuncts)):
                    end += 1
                return _NP(m + 1, end, m + 1, end, "org", None, self.ent_of.get(m + 1))
        return None

    def issuer(self, i: int, limit: int, max_tokens: int) -> _NP | None:
        """The source after "الذي أصدره" / "اصدرته" following a document noun."""
        j = i
        if j < limit and self.key(j) in self.rules.relatives:
            j += 1
        if j < limit and self.key(j).endswith(("ه", "ته")) and self.key(j)[:2] in ("اص", "نش", "وز", "بث"):
            return self.noun_phrase(j + 1, limit, max_tokens)
        return None

    def anaphor(self, np: _NP, gender: str | None, c0: int) -> dict:
        """A definite description with no name: "وقال البيان" / "وقالت الجامعة" / "وأضاف المتحدث" /
        "وأضاف رئيس الجالية اليمنية". Gold rule 16: when the source is named earlier in the article, the speaker is
        the nearest earlier mention that names it; a source never named keeps its own description.

        * documents: the issuer of the nearest earlier mention of the same document (the speaker of its sentence,
          "بيان لـ X", "X في بيان"), else the previous speaker;
        * any description: an earlier speaker described with the same words ("السفير اليمني" → "وأضاف السفير");
        * organisation nouns: the last earlier speaker or entity that names it with the same head noun, or the head
          noun written out ("بشركة بست باي" → "وقالت الشركة");
        * person roles: a linked person introduced with the same words nearby ("وزير الخارجية النرويجي بورج براند"
          → "ووعد وزير الخارجية النرويجي"; "نيك كار أحد مسؤولي الشركة" → "وأوضح المسؤول"), else the previous
          named speaker (one-word roles only)."""
        rules, doc = self.rules, self.doc
        head = rules.bare(self.key(np.start))
        stem = head[2:] if head.startswith("ال") else head
        before = doc[c0].idx
        if np.end - np.start == 1 and head in rules.kingdom_words:
            # "وقد أكدت المملكة" (not a name, gold rule 21): the kingdom the article named last (``kingdoms``)
            for ent in self.ents_before(min(before, doc[np.start].idx), ("GPE",)):
                if ent.kb_id_ in rules.kingdoms:
                    fields = self.resolve(_NP(np.start, np.end, np.start, np.end, "org", "f", ent), "anaphor", gender)
                    return fields
        if head in rules.documents:
            fields = self.document_issuer(stem, np, gender)
            if fields is None:
                fields = self.fallback_previous(gender, "anaphor", c0)
            if fields.get("speaker"):
                return self.nearest_mention(fields, c0)
        desc_words = {_stem(w) for w in _mention_name(doc[np.start:np.end].text).split()}
        # "ذات التقارير" / "نفس المتحدث": the same source as an earlier mention, named or not
        same = np.start > 0 and rules.bare(self.key(np.start - 1)) in rules.same
        for item in reversed(self.recent()):
            if item["speaker"][0] >= before:
                continue
            s_, e_ = item["speaker"]
            named_person = item.get("_named") and item.get("_kind") == "person"
            described = item.get("_title_key", "") + (
                " " + _mention_name(self.text[s_:e_]) if same or named_person else "")
            title_words = {_stem(w) for w in described.replace("|", " ").split()}
            if desc_words <= title_words:
                out = dict(self.latest_same(item, before))
                out.update(case="anaphor", via=None, speaker_title=np.offsets(doc))
                return out
        if same:
            fields = self.fallback_previous(gender, "anaphor", c0)
            if fields.get("speaker"):
                return fields
        if head in rules.orgs and len(stem) > 2:
            # the source: the last named speaker with the head noun, else the last linked entity with it; the
            # speaker span is the nearest earlier mention of that source (gold rule 16)
            known = None
            for item in reversed(self.recent()):
                s, e = item["speaker"]
                if s < before and item.get("_named") and stem in _mention_name(self.text[s:e]):
                    known = item
                    break
            for ent in self.ents_before(before, ("ORG", "GPE")):
                if stem not in _mention_name(ent.text):
                    continue
                if known is not None and not (
                        (known["speaker_kb_id"] and known["speaker_kb_id"] == ent.kb_id_)
                        or _bare_name(_mention_name(ent.text)) == _bare_name(
                            _mention_name(self.text[known["speaker"][0]:known["speaker"][1]]))):
                    continue
                if known is not None and ent.start_char <= known["speaker"][0]:
                    break
                return self.resolve(_NP(ent.start, ent.end, ent.start, ent.end, "org", np.gender, ent),
                                    "anaphor", gender)
            if known is not None:
                out = dict(known)
                out.update(case="anaphor", via=None, speaker_title=None)
                return self.nearest_mention(out, c0)
            # the last "جامعة X" / "لصحيفة «X»" written out before: the head noun without the article
            forms = {stem, "ل" + stem, "ب" + stem, "و" + stem, "ول" + stem, "وب" + stem}
            for m in range(np.start - 1, max(-1, np.start - 400), -1):
                if self.key(m) in forms:
                    full = self.noun_phrase(m, min(len(doc), m + 8), 8, according=True)
                    if full is not None and full.end - full.start > 1:
                        full.kind = "org"
                        full.name_start, full.name_end = full.start, full.end
                        return self.resolve(full, "anaphor", gender)
                    break
        elif head in rules.titles or head in rules.honorifics:
            found = self.role_antecedent(np, min(before, doc[np.start].idx), gender)
            if found is not None:
                return found
        epithet = np.end - np.start == 2 and (head in rules.titles or head in rules.honorifics) and (
            self.key(np.start + 1).startswith("ال") and self.key(np.start + 1).endswith("ي"))
        if epithet and np.end - np.start > 1:
            # "وأكد أنه ...، وبيّن المهاجم السوري": the named person quoted earlier in the same sentence
            s0 = self.sentence(c0)[0]
            item = self.last_in_sentence(s0, c0)
            if item is not None and item.get("_named") and item.get("_kind") == "person":
                out = dict(item)
                out.update(case="anaphor", via=None, speaker_title=np.offsets(doc))
                return out
        if (epithet or head in rules.guest_titles) and np.end - np.start > 1 and self.fronted(s0 := self.sentence(
                c0)[0], c0) is None:
            # "واكتفى المبعوث الدولي", "وقال ضيف بوليتيكا": the previous named person, when nobody else was named
            # since that person's quote (a fronted من جانبه / أما marks a new speaker instead)
            item = self._pick(gender, before, relayed=False)
            if item is not None and item.get("_named") and item.get("_kind") == "person" and not any(
                    e.start_char > item["speaker"][1] and _name_keys(rules, _mention_name(e.text))[-1:] != _name_keys(
                        rules, _mention_name(self.text[item["speaker"][0]:item["speaker"][1]]))[-1:]
                    for e in self.ents_before(before, ("PERSON",), window=12)):
                out = dict(item)
                out.update(case="anaphor", via=None, speaker_title=np.offsets(doc))
                return out
        elif np.end - np.start == 1 and head not in rules.orgs and head not in rules.documents:
            # "وقال الإعلامي": the previous named person
            item = self._pick(gender, before, relayed=False)
            if item is not None and not item.get("anonymous") and item.get("_kind") == "person":
                out = dict(item)
                out.update(case="anaphor", via=None, speaker_title=np.offsets(doc))
                return out
        return self.resolve(np, "anaphor", gender)

    def nickname_of(self, word: str) -> dict | None:
        """A one-word name that shortens a surname already known in the document ("ريجي" after "ريجيكامب",
        ``nickname_min`` letters at least and two letters shorter): the same person."""
        n = int(self.rules.data.get("nickname_min", 4))
        if len(word) < n or word.startswith("ال"):
            return None
        found = [rec for k, rec in self.entities.items() if " " not in k and len(k) >= len(word) + 2
                 and k.startswith(word)]
        names = {rec["kb_id"] or rec["name"] for rec in found}
        return found[0] if len(names) == 1 else None

    def latest_same(self, item: dict, before: int) -> dict:
        """Gold rule 16: the nearest earlier mention of the source ``item`` resolved to: a later earlier speaker with
        the same QID or name ("وقال ريجي" after "المدرب الروماني ريجيكامب", for "قال المدرب الروماني")."""
        ident = item.get("speaker_kb_id") or item.get("speaker_name")
        if not ident or item.get("anonymous"):
            return item
        for other in reversed(self.recent()):
            if other["speaker"][0] >= before:
                continue
            if other is item or other["speaker"][0] <= item["speaker"][0]:
                break
            if (other.get("speaker_kb_id") or other.get("speaker_name")) == ident and not other.get("anonymous"):
                return other
        return item

    def nearest_mention(self, fields: dict, c0: int) -> dict:
        """Gold rule 16: an implied source is spanned at its nearest earlier mention. An organisation's speaker found
        further back ("يذكر أن جامعة تبوك قد أوضحت ...") moves to a later mention with the same words, clitics
        aside ("... إحدى المتقدمات لجامعة تبوك" before "وأضافت الجامعة")."""
        sp = fields.get("speaker")
        if not sp or fields.get("_kind") == "person":
            return fields
        rng = _tok_range(self.doc, sp)
        if rng is None or rng[1] - rng[0] > 8 or any(self.doc[i].text in QUOTE_MARKS for i in range(*rng)):
            return fields
        words = [self.key(i) for i in range(*rng)]
        words[0] = _clitic_free(words[0])
        n = len(words)
        for m in range(c0 - n, max(rng[1] - 1, c0 - 400), -1):
            if _clitic_free(self.key(m)) == words[0] and all(self.key(m + i) == words[i] for i in range(1, n)):
                out = dict(fields)
                out["speaker"] = _offsets(self.doc, m, m + n)
                return out
        return fields

    def role_antecedent(self, np: _NP, before: int, gender: str | None) -> dict | None:
        """The linked person an earlier sentence introduced with the words of the description, within
        ``role_context`` tokens of the name: all words first ("وزير الخارجية النرويجي"), then the head alone."""
        doc = self.doc
        words = [_stem(self.key(m)) for m in range(np.start, np.end) if len(self.key(m)) > 1]
        words = [w for w in words if len(w) > 2]
        if not words:
            return None
        span = int(self.rules.data.get("role_context", 8))
        for need in (words, words[:1]):
            for ent in self.ents_before(before, ("PERSON",)):
                lo, hi = max(0, ent.start - span), min(len(doc), ent.end + span)
                ctx = [_stem(self.key(m)) for m in range(lo, hi) if not (ent.start <= m < ent.end)]
                if all(any(c.startswith(w) for c in ctx) for w in need):
                    fields = self.resolve(_NP(ent.start, ent.end, ent.start, ent.end, "person", np.gender, ent),
                                          "anaphor", gender)
                    fields["speaker_title"] = np.offsets(doc)
                    return fields
            if need is words:
                named = self.described_name(np, words)
                if named is not None:
                    fields = self.resolve(named, "anaphor", gender)
                    fields["speaker_title"] = np.offsets(doc)
                    return fields
        return None

    def described_name(self, np: _NP, words: list[str]) -> _NP | None:
        """A name the linker left untagged, written next to the same words earlier: "مهدي حاتم النهاري رئيس الجالية
        اليمنية" → "وأضاف رئيس الجالية اليمنية", "نيك كار أحد مسؤولي الشركة" → "وأوضح المسؤول" (an apposition: the
        name right before the description, or before "أحد" + it). Two name-like words at least. (A name after the
        words is not taken: "اللاعب السوري يعد أمرا" reads a clause as a name.)"""
        rules = self.rules
        n = len(words)
        for p in range(np.start - n, max(-1, np.start - 400), -1):
            if not all(_stem(self.key(p + i)).startswith(words[i]) for i in range(n)) or p in self.ent_of:
                continue
            q = p - 1
            if q >= 0 and rules.bare(self.key(q)) in rules.one_of:
                q -= 1
            end = q + 1
            k = self.key(q) if q >= 0 else ""
            if q > 0 and k.startswith("ال") and len(k) > 4 and k not in rules.lexical and self.name_like(q - 1) and (
                    rules.bare(k) not in rules.titles and q not in self.ent_of):
                q -= 1  # the family name next to the description: "أحمد بن محمد الجروان رئيس البرلمان العربي"
            while q >= 0 and end - q <= 5 and q not in self.ent_of and self.name_word(q):
                q -= 1
            if end - (q + 1) >= 2:
                return _NP(q + 1, end, q + 1, end, "person", np.gender)
        return None

    def document_issuer(self, stem: str, np: _NP, gender: str | None) -> dict | None:
        """"وقال البيان" / "وأشار التقرير": who issued the nearest earlier mention of the same document ("بيان",
        "بيانها", "تقريرا"): the speaker of a quote in that sentence, "بيان لـ X" / "بيان أصدرته X", else the
        subject after the sentence's first verb."""
        doc, rules = self.doc, self.rules
        forms = {stem, stem + "ا", stem + "ه", stem + "ها", stem + "هم"}
        for m in range(np.start - 1, max(-1, np.start - 400), -1):
            k = _stem(self.key(m))
            if k not in forms and not (k[:1] in "بل" and k[1:] in forms):
                continue
            s0, s1 = self.sentence(m)
            lo, hi = doc[s0].idx, doc[m].idx + 1
            for item, pos in zip(reversed(self.recent()), reversed(self.history_pos[-LOOKBACK:])):
                if lo <= pos < doc[min(s1, len(doc) - 1)].idx and item["speaker"][0] < hi + 200:
                    out = dict(item)
                    out.update(case="anaphor", via=None, speaker_title=None)
                    return out
                if pos < lo:
                    break
            nxt = m + 1
            if nxt < len(doc) and self.key(nxt)[:1] == "ل" and self.key(nxt) not in rules.adjuncts:
                issuer = self.noun_phrase(nxt, min(s1, nxt + 8), 8, according=True)
            else:
                issuer = self.issuer(nxt, min(s1, nxt + 8), 8)
            if issuer is None:
                j = s0
                while j < m and (doc[j].is_punct or doc[j].is_space):
                    j += 1
                cand = self.noun_phrase(j + 1, m, 8) if j + 1 < m else None
                issuer = cand if cand is not None and cand.kind != "anaphor" and self.plausible(cand) else None
            if issuer is not None:
                return self.resolve(issuer, "anaphor", gender)
            return None
        return None

    # -------------------------------------------------------------- entities and fields
    def resolve(self, np: _NP, case: str, gender: str | None) -> dict:
        doc = self.doc
        anonymous = np.kind == "anonymous"
        speaker = _offsets(doc, np.name_start, np.name_end)
        t0, t1 = np.start, np.name_start
        while t1 > t0 and (doc[t1 - 1].text in COMMAS or doc[t1 - 1].text in QUOTE_MARKS
                           or self.rules.bare(self.key(t1 - 1)) in self.rules.naming_words):
            t1 -= 1
        while t0 < t1 and doc[t0].text in QUOTE_MARKS:
            t0 += 1
        title = _offsets(doc, t0, t1)
        mention = doc[np.name_start:np.name_end]
        kb_id, name = "", ""
        ent = np.ent
        if ent is None and not anonymous and np.kind != "description":
            ent = next((self.ent_of[m] for m in range(np.name_start, np.name_end) if m in self.ent_of), None)
        if ent is not None and not anonymous:
            kb_id = ent.kb_id_ or ""
            link = ent._.get(LINK_ATTR) or {}
            name = link.get("name") or ""
            if not kb_id and ent.label_ == "ORG" and self.generic_institution(ent):
                name = ""  # "وزارة الصحة" with no country word: not one country's ministry (audit S5)
        surface = _mention_name(mention.text)
        shown = _display_name(mention.text)
        first = self.key(np.name_start) if np.name_end > np.name_start else ""
        if first.startswith("لل") and "ال" + first[2:] in self.rules.orgs:
            shown = "ال" + shown[2:]  # "للشركة" → "الشركة": the name without the preposition of its phrase
        elif first[:1] in "لب" and len(first) > 3 and first[1:] in self.rules.orgs:
            shown = shown[1:]  # "لوزارة الصحة" → "وزارة الصحة"
        keys = _name_keys(self.rules, surface)
        if not anonymous:
            known = None
            for k in keys:
                known = self.entities.get(k)
                if known is not None:
                    break
            if known is None and np.kind == "person" and len(keys) and " " not in keys[0] and ent is None:
                known = self.nickname_of(keys[0])
            if known is not None and (not kb_id or known["kb_id"] == kb_id):
                kb_id = kb_id or known["kb_id"]
                name = name or known["name"]
            if not kb_id and np.kind == "person":
                kb_id = next((self.linked_people[k] for k in keys if k in self.linked_people), "")
            if not name:
                name = shown
            record = {"kb_id": kb_id, "name": name}
            for k in keys:
                existing = self.entities.get(k)
                if existing is None or (not existing["kb_id"] and kb_id):
                    self.entities[k] = record
        else:
            name = shown
        title_key = _mention_name(doc[t0:t1].text) if title else ""
        if not title_key and np.kind in ("description", "anaphor"):
            title_key = _mention_name(mention.text)
        # a title right after the name ("مهدي حاتم النهاري رئيس الجالية اليمنية") is remembered for
        # later descriptions ("وأضاف رئيس الجالية اليمنية")
        p = np.end
        if p < len(doc) and self.rules.bare(self.key(p)) in self.rules.titles:
            q = p + 1
            while q < min(len(doc), p + 5) and (self.key(q).startswith("ال") or self.key(q) in self.rules.titles):
                q += 1
            title_key = (title_key + " | " if title_key else "") + _mention_name(doc[p:q].text)
        return {"speaker": speaker, "speaker_title": title, "via": None, "speaker_kb_id": kb_id,
                "speaker_name": name, "anonymous": anonymous, "case": "anonymous" if anonymous and case in (
                    "vso", "svo", "colon", "quote_first") else case, "_gender": np.gender, "_title_key": title_key,
                "_kind": np.kind, "_named": not anonymous and (np.kind == "person" or ent is not None or (
                    # "جامعة برمنغهام": an indefinite organisation head with its name (a construct), not "الحكومة"
                    np.kind == "org" and np.end - np.start > 1 and not self.key(np.start).startswith("ال")))}

    def remember(self, quote: Span, fields: dict) -> None:
        gender = fields.pop("_gender", None)
        title_key = fields.pop("_title_key", "")
        kind = fields.pop("_kind", None)
        named = fields.pop("_named", False)
        if fields.get("speaker"):
            self.history.append({**fields, "_gender": gender, "_title_key": title_key, "_kind": kind,
                                 "_named": named})
            if kind == "person" and gender in ("m", "f"):
                self._spoke.append((fields["speaker"], fields.get("speaker_kb_id"), gender))  # keyed when asked
            self.history_pos.append(_anchor(quote))

    def _pick(self, gender: str | None, before_char: int, exclude: str | None = None,
              relayed: bool = True, strict: bool = False) -> dict | None:
        for item in reversed(self.recent()):
            if item["speaker"][0] >= before_char or item.get("_kind") == "cited":
                continue
            if not relayed and item.get("case") in ("according_to", "chain"):
                continue
            if gender and item.get("_gender") and item["_gender"] != gender:
                continue
            if strict and gender == "f" and item.get("_gender") != "f":
                continue
            if exclude and (item["speaker_kb_id"] or item["speaker_name"]) == exclude:
                continue
            return item
        return None

    def in_content(self, char: int) -> bool:
        k = bisect_right(self.content_starts, char) - 1
        return k >= 0 and char < self.content_ends[k]

    def genitive_agent(self, i: int, limit: int, max_tokens: int) -> _NP | None:
        """The source right after a speech noun, its genitive ("بتأكيد الوزارة", "بيان الخارجية الأمريكية"): a
        definite source noun (organisation, title, honorific) or a linked person / organisation; not an object
        ("بتأكيد أهمية")."""
        if i >= limit or self.doc[i].text in QUOTE_MARKS or self.doc[i].text in STOP_PUNCT:
            return None
        rules, k = self.rules, self.key(i)
        ent = self.ent_of.get(i)
        source_head = k.startswith("ال") and (rules.bare(k) in rules.orgs or rules.bare(k) in rules.titles
                                              or rules.bare(k) in rules.honorifics)
        if not (source_head or ent is not None and ent.start == i and ent.label_ in ("PERSON", "ORG")):
            return None
        np = self.noun_phrase(i, limit, max_tokens)
        return np if np is not None and np.kind != "anonymous" else None

    def name_word(self, i: int) -> bool:
        """A word of an unlinked name: name-like, a particle (بن، أبو) or a family name, and not a reporting verb
        ("أشاد أحمد بن محمد الجروان": أشاد is the verb)."""
        k = self.key(i)
        if self.rules.bare(k) in self.rules.reporting_verbs or self.rules.bare(k) in self.rules.continuation:
            return False
        if i > 0 and self.key(i - 1) in self.rules.particles and k.startswith("ال") and k not in self.rules.lexical:
            return True  # "عبد الناصر", "أبو الغيط"
        return self.name_like(i) or k in self.rules.particles or self.family_name(i)

    def name_after(self, m: int) -> _NP | None:
        """The name right after the naming word at ``m`` ("ويدعى آبا أباجانا", "وتدعى “أم فؤاد”"): a run of
        name-like words, in quotation marks or not."""
        doc = self.doc
        j = m + 1
        marked = j < len(doc) and doc[j].text in QUOTE_MARKS
        if marked:
            j += 1
        end = j
        while end < min(len(doc), j + 5) and self.name_word(end):
            end += 1
        if end == j or marked and (end >= len(doc) or doc[end].text not in QUOTE_MARKS):
            return None
        return _NP(j, end, j, end, "person", None, self.ent_of.get(j))

    def named_by(self, np: _NP) -> _NP:
        """A description the text names right after it (gold rule 18): "وقال أحد السكان، ويدعى آبا أباجانا،"
        → آبا أباجانا; ``np`` itself otherwise."""
        doc = self.doc
        j = np.end
        while j < len(doc) and doc[j].text in COMMAS:
            j += 1
        if np.kind == "person" and np.name_start > np.start and any(
                self.rules.bare(self.key(m)) in self.rules.naming_words for m in range(np.start, np.name_start)):
            j = next(m for m in range(np.start, np.name_start)
                     if self.rules.bare(self.key(m)) in self.rules.naming_words)
        elif j >= len(doc) or self.rules.bare(self.key(j)) not in self.rules.naming_words:
            return np
        name = self.name_after(j)
        if name is None:
            return np
        return _NP(np.start, name.end, name.start, name.end, "person", np.gender, name.ent)

    def subject_after(self, m: int, limit: int, single: bool = False) -> _NP | None:
        """The subject right after the verb at ``m``: a linked person, a title or honorific leading to a name
        ("انتقد إمام وخطيب المسجد الحرام الشيخ الدكتور سعود بن إبراهيم الشريم،"; not past the verb's complement
        preposition: "تحدث رئيس حركة النهضة عن جريمة اغتيال المهندس محمد الزواري"), a title without a name (a
        description, for the caller to resolve), or an unlinked name of two name words at least ("وقال صديق شهيد
        _عامل_ ..."; not "رغبة"، "زيارة المعايدة"; one name word is enough with ``single``)."""
        rules, doc = self.rules, self.doc
        j = m + 1
        while j < limit and (rules.is_in(self.key(j), rules.time_words) or doc[j].text in COMMAS):
            j += 1
        if j < limit and self.key(j) in rules.demonstratives:
            return None  # "الذي قال هذا البيت، لكني": an object, not a fronted phrase before the subject
        j = self.skip_leading(j, limit)
        if j >= limit or self.is_adjunct(j) and rules.bare(self.key(j)) not in rules.honorifics:
            return None
        np = self.noun_phrase(j, limit, 12)
        head = rules.bare(self.key(j))
        titled = head in rules.titles or head in rules.honorifics
        ent = self.ent_of.get(np.name_start) if np is not None else None
        if ent is not None:
            return np if ent.label_ == "PERSON" and np.kind == "person" else None
        if np is None or np.kind != "person" or titled:
            # (slot_person reads 36 tokens from j - 1: no need to look for the preposition further, audit H1)
            stop = next((k for k in range(j + 1, min(limit, j + 36))
                         if rules.bare(self.key(k)) in rules.complement_preps and not self.is_ali(k)), limit)
            named = self.slot_person(_NP(j - 1, j, j - 1, j, "description", None), stop, 36)
            if named is not None and (named.ent is None or named.ent.label_ == "PERSON"):
                return named
            if np is not None and titled and np.kind == "person" and np.name_start > np.start and np.end <= stop:
                return self.trim_name(np)
            if np is not None and titled and np.kind in ("description", "anaphor"):
                return np
            return None
        trimmed = self.trim_name(np)
        if trimmed is None or trimmed.name_end - trimmed.name_start < (1 if single else 2):
            return None
        first = self.key(trimmed.name_start)
        if first.startswith("ال") or first.endswith("ه"):
            return None
        return trimmed

    def trim_name(self, np: _NP) -> _NP | None:
        """An unlinked person's name is the run of name-like words from its start ("صديق شهيد _عامل_ سعر" → صديق
        شهيد); ``None`` when there is none. A linked or anonymous phrase is returned as it is."""
        if np.kind != "person" or np.ent is not None or np.name_start in self.ent_of:
            return np
        end = np.name_start
        while end < np.name_end and self.name_word(end):
            end += 1
        if end == np.name_start:
            return None
        np.end = np.name_end = end
        return np

    def kana_subject(self, c0: int, s0: int, max_tokens: int) -> _NP | None:
        """"وكان X قد كشف" / "يذكر أن X قد أوضحت": the subject between كان (or a complementiser) and قد before the
        verb, appositions and titles included ("وكان هيمنت كوتالوار؛ القائم بأعمال السفارة الهندية في المملكة، قد
        كشف"): the name at its start, or the name a title leads to."""
        doc, rules = self.doc, self.rules
        j = c0 - 1
        while j > s0 and doc[j].text in COMMAS:
            j -= 1
        if j <= s0 or self.key(j) not in rules.verb_particles:
            return None
        for k in range(j - 1, max(s0 - 1, j - 3 * max_tokens), -1):
            kk = self.key(k)
            if doc[k].text in {".", "!", "?", "؟", ":"} or "\n" in doc[k].text:
                return None
            if kk in rules.svo_bounds or rules.is_in(kk, rules.complementisers) and not kk.endswith(("ه", "ها")):
                if k + 1 >= j:
                    return None
                np = self.noun_phrase(k + 1, j, max_tokens)
                if np is None:
                    return None
                head = rules.bare(self.key(np.start))
                if head in rules.titles or head in rules.honorifics or np.kind in ("anaphor", "description"):
                    named = self.slot_person(np, j, 3 * max_tokens)
                    if named is not None:
                        return named
                whole = np.end - np.start
                trimmed = self.trim_name(_NP(np.start, np.end, np.name_start, np.name_end, np.kind, np.gender, np.ent))
                # "وكانت إحدى الصحف الإماراتية ، “إرم” ، قد": not one word cut from a longer phrase
                return trimmed if trimmed is not None and (trimmed.end - trimmed.start >= 2 or whole == 1) else np
        return None

    def reported_subject(self, token_i: int, gender: str | None) -> _NP | None:
        """The subject of the nearest earlier reporting clause that is not a quote ("وقال صديق شهيد سعر الاستراحة
        ...، وأشار إلى أنه" when the first clause was not found as a quote): a named person right after a reporting
        verb (``reporting_verbs``), after the last quote's cue and outside any quote's text."""
        rules, doc = self.rules, self.doc
        stop = self.history_pos[-1] if self.history_pos else -1
        lo = max(0, token_i - int(rules.data.get("reported_window", 250)))
        lo = max(lo, int(numpy.searchsorted(self.token_idx(), stop, side="right")))  # after the last quote's cue
        pending = None  # a one-word name ("قال صديق"): the nearest mention of a name written out further back
        for m in range(min(token_i, len(doc)) - 1, lo - 1, -1):
            k = self._verbs.get(m)
            if k is None:  # memoised per token: quotes close together re-read the same window (audit H1)
                k = self._verbs[m] = rules.bare(self.key(m))
            if k not in rules.reporting_verbs or self.in_content(int(self._idx[m])):
                continue
            if m not in self._subjects:  # once per verb: the windows of quotes close together overlap
                self._subjects[m] = self.subject_after(m, self.sentence(m)[1], single=True)
            np = copy.copy(self._subjects[m])
            if np is None:
                continue
            verb_gender = "f" if k.endswith("ت") and k not in rules.t_final_verbs else "m"
            if gender and verb_gender != gender:
                continue
            np.gender = np.gender or verb_gender
            if np.kind == "person" and np.ent is None and np.name_end - np.name_start == 1 and (
                    np.name_start not in self.ent_of):
                pending = pending or np
                continue
            if pending is not None and self.key(pending.name_start) in {
                    self.key(i) for i in range(np.name_start, np.name_end)}:
                return pending
            return np
        return None

    def fallback_previous(self, gender: str | None, case: str, token_i: int) -> dict:
        before = self.doc[token_i].idx if token_i < len(self.doc) else text_length(self.doc)
        if case in ("continuation", "participle"):
            reported = self.reported_subject(token_i, gender)
            if reported is not None and reported.kind in ("description", "anaphor"):
                # "تحدث رئيس حركة النهضة عن ...": the description, resolved as one
                fields = self.anaphor(reported, gender, token_i)
                if fields.get("speaker"):
                    fields["case"] = case
                    return fields
            elif reported is not None:
                return _with_cue_gender(self.resolve(reported, case, gender), gender)
        item = (self._pick(gender, before, relayed=False, strict=True) or self._pick(gender, before, relayed=False)
                or self._pick(None, before, relayed=False) or self._pick(gender, before) or self._pick(None, before))
        if item is None:
            ent = next(self.ents_before(before, ("PERSON",)), None)
            if ent is not None:
                return self.resolve(_NP(ent.start, ent.end, ent.start, ent.end, "person", None, ent), case, gender)
            return _empty(case="unresolved")
        out = dict(item)
        out.update(case=case, via=None, speaker_title=None)
        return out

    def fallback_fronted(self, gender: str | None, sent_char: int) -> dict:
        """من جانبه / بدوره with no subject: the last named source before the sentence (entities first)."""
        best = next(self.ents_before(sent_char, ("PERSON", "ORG")), None)
        item = self._pick(gender, sent_char)
        if best is not None and (item is None or best.start_char > item["speaker"][0]):
            np = _NP(best.start, best.end, best.start, best.end, "person", None, best)
            fields = self.resolve(np, "fronted_pronoun", gender)
            return fields
        if item is None:
            return _empty(case="unresolved")
        out = dict(item)
        out.update(case="fronted_pronoun", via=None, speaker_title=None)
        return out

    def last_in_sentence(self, s0: int, c0: int, relayed: bool = True) -> dict | None:
        """The speaker of the last earlier quote of the sentence (not a cited text; not a relaying according-to
        source when ``relayed`` is false)."""
        lo = self.doc[s0].idx
        hi = self.doc[c0].idx
        for item, pos in zip(reversed(self.recent()), reversed(self.history_pos[-LOOKBACK:])):
            if pos < lo:
                break
            if not relayed and item.get("case") in ("according_to", "chain"):
                continue
            if lo <= pos < hi and item.get("_kind") != "cited":
                out = {k: v for k, v in item.items()}
                return out
        return None

    def relayed_source(self, s0: int, c0: int, max_tokens: int) -> _NP | None:
        """"جاء عن X ... قوله" / "روي عن X قوله": X, the source after the first relay verb + عن of the clause."""
        for m in range(s0, c0 - 2):
            if self.rules.bare(self.key(m)) in self.rules.relay_verbs and self.key(m + 1) == self.rules.chain_prep:
                np = self.noun_phrase(m + 2, c0, max_tokens)
                if np is not None and np.kind not in ("anaphor", "description"):
                    return np
                return None
        return None

    def person_before(self, c0: int, s0: int) -> _NP | None:
        """A linked person right before a verb without a proclitic ("... انذاك جورج تينيت هدد بالاستقالة"), or the
        nearest one before a relative pronoun ("الأمير أحمد بن سلطان ... حالياً والذي أكد")."""
        j = c0 - 1
        while j > s0 and (self.doc[j].text in COMMAS or self.key(j) in self.rules.verb_particles):
            j -= 1
        k = self.key(j)
        if j > s0 and (k in self.rules.relatives or k[:1] in self.rules.proclitics and k[1:] in self.rules.relatives):
            for m in range(j - 1, max(s0 - 1, j - 12), -1):
                ent = self.ent_of.get(m)
                if ent is not None and ent.label_ == "PERSON":
                    return _NP(ent.start, ent.end, ent.start, ent.end, "person", None, ent)
            return self.speech_owner(j, s0)
        ent = self.ent_of.get(j)
        if j >= s0 and ent is not None and ent.label_ == "PERSON" and ent.end == j + 1 and ent.start >= s0:
            return _NP(ent.start, ent.end, ent.start, ent.end, "person", None, ent)
        return None

    def speech_owner(self, j: int, s0: int) -> _NP | None:
        """The unlinked owner of a speech noun that a relative clause refers to ("نقلت تصريحات رودولفو ، رئيس
        النادي الأرجنتيني الذي قال", "شنت هجوما على بير جراتاكوس بعد تصريحات يوم أمس والتي قال فيها"): the name
        right after the noun (its genitive), else a name of two words at least right before it (one preposition
        between)."""
        rules = self.rules
        p = next((m for m in range(j - 1, max(s0 - 1, j - 8), -1)
                  if _clitic_free(self.key(m)) in rules.noun_cues), None)
        if p is None:
            return None
        a = p + 1
        b = a
        while b < j and b - a < 4 and self.name_word(b) and b not in self.ent_of:
            b += 1
        if b > a and not self.key(a).startswith("ال") and not self.is_adjunct(a) and (
                self.key(a) not in rules.time_words):
            return _NP(a, b, a, b, "person", None)
        end = p
        if end - 1 > s0 and self.is_adjunct(end - 1):
            end -= 1
        q = end - 1
        while q >= s0 and end - q <= 4 and self.name_word(q) and q not in self.ent_of:
            q -= 1
        if end - (q + 1) >= 2 and not self.key(q + 1).startswith("ال"):
            return _NP(q + 1, end, q + 1, end, "person", None)
        return None

    def plural_subject(self, s0: int, c0: int) -> _NP | None:
        """A sound plural noun (…ون) right after the sentence's first word, its verb: "وأطلق مغرّدون"."""
        j = s0
        while j < c0 and (self.doc[j].is_punct or self.doc[j].is_space):
            j += 1
        j = self.skip_front_adjunct(j, c0)
        m = j + 1
        if m < c0 and self.key(m).endswith("ون") and len(self.key(m)) > 4 and not self.key(m).startswith("ال") and (
                m not in self.ent_of):
            kind = "anonymous" if self.rules.bare(self.key(m)) in self.rules.anonymous else "description"
            return _NP(m, m + 1, m, m + 1, kind, None)
        return None

    def sentence_subject(self, s0: int, c0: int, gender: str | None) -> dict | None:
        """The source of a subjectless verb inside a sentence: the speaker of an earlier quote of the sentence, else
        a linked person among the first words of the clause before the verb's own clause (its subject: "وقد تحدث
        كارتر ... فقال"، "دوّن مدرب الاتحاد بولوني ملاحظاته ...، وطالب"). ``None`` at a sentence start."""
        j, starts = self.clause_starts(s0)
        if c0 - j < 2:
            return None
        earlier = self.last_in_sentence(s0, c0)
        if earlier is not None and not (gender and earlier.get("_gender") not in (None, gender)):
            out = dict(earlier)
            out.update(case="continuation", via=None, speaker_title=None)
            return out
        # clause starts: the sentence start and every و-word after a comma; take the last one before the verb (from
        # a per-sentence list: many quotes in one long sentence stay linear, audit H1)
        k = bisect_right(starts, c0 - 2) - 1
        if k >= 0 and starts[k] > j:
            j = starts[k]
        j = self.skip_front_adjunct(j, c0)
        window = range(j, min(c0, j + self.rules.data.get("subject_window", 10)))
        reach = self.rules.data.get("gender_window", 30) if gender == "f" else len(window)
        ent = self.gendered_person(j, min(c0, j + reach), gender)
        if ent is not None:
            np = _NP(ent.start, ent.end, ent.start, ent.end, "person", None, ent)
            return _with_cue_gender(self.resolve(np, "continuation", gender), gender)
        if gender == "f" and j + 1 < c0:
            # "والتقت وزيرة الخارجية الألمانية بالرئيس ...، وقالت": the feminine description after the clause's verb
            np = self.noun_phrase(j + 1, c0, 6)
            if np is not None and np.kind in ("description", "anaphor") and self.title_gender(np.start) == "f":
                fields = self.anaphor(np, gender, c0)
                if fields.get("speaker"):
                    fields["case"] = "continuation"
                    return fields
            # "واكتشفت دانييل موريل، الرئيسة التنفيذية لـ...، وقالت": an unlinked name after the feminine verb, a woman
            # by her first name or the title after it
            verb = self.rules.bare(self.key(j))
            if np is not None and np.kind == "person" and np.ent is None and np.name_start == j + 1 and (
                    verb.endswith("ت") and verb not in self.rules.t_final_verbs) and (
                    _clitic_free(self.key(np.name_start)) in self.rules.female_names or np.end + 1 < c0 and (
                        self.doc[np.end].text in COMMAS and self.title_gender(np.end + 1) == "f")):
                return _with_cue_gender(self.resolve(self.trim_name(np) or np, "continuation", gender), gender)
        # no linked person: a title and a name after the clause's first word, its verb ("دوّن مدرب الاتحاد بولوني")
        if j + 1 < c0 and self.rules.bare(self.key(j + 1)) in self.rules.titles:
            np = self.noun_phrase(j + 1, c0, 6)
            if np is not None and np.kind == "person" and np.name_start > np.start:
                return _with_cue_gender(self.resolve(np, "continuation", gender), gender)
        # an anonymous source right after the clause's verb ("ونفى مسؤول ما تردد ...، وقال:")
        if j + 1 < c0 and self.rules.bare(self.key(j + 1)) in self.rules.anonymous and not self.key(j + 1).startswith(
                "ال") and not self.is_adjunct(j):
            np = self.noun_phrase(j + 1, c0, 6)
            if np is not None and np.kind == "anonymous" and (gender is None or np.gender in (None, gender)):
                return self.resolve(np, "continuation", gender)
        # no person: an organisation or outlet right after a verb ("نشرت مجلة التايم تقريرا ... قالت فيه")
        for m in window:
            if m > j and self.rules.bare(self.key(m)) in self.rules.orgs and not self.is_adjunct(m - 1):
                np = self.noun_phrase(m, c0, 6)
                if np is not None and np.kind == "org" and np.ent is not None and (
                        gender is None or np.gender in (None, gender)):
                    if np.ent.end < np.end:  # "نشرت مجلة التايم تقريرا": the name ends the phrase
                        np.end = np.name_end = np.ent.end
                    return self.resolve(np, "continuation", gender)
        return None

    def title_gender(self, i: int) -> str | None:
        """The gender of a person title at ``i``, clitics (و/ف, then ب/ل/لل) removed: "f" for a feminine head
        (السيدة) or a listed feminine title whose masculine form is listed too (المستشارة، وزيرة، بالرئيسة), "m" for
        a listed title with a listed feminine form (الرئيس، للرئيس، وزير); None for any other word (الخارجية،
        للمؤسسة)."""
        words = self.rules.person_words
        k = self.key(i)
        if len(k) > 3 and k[0] in "وف" and k not in words:
            k = k[1:]
        if k.startswith("لل") or len(k) > 3 and k[0] in "بلك" and (k[1:].startswith("ال") or k[1:] in words):
            # after a preposition only a person title proper (بالمحافظة, بالرياض are places)
            k = "ال" + k[2:] if k.startswith("لل") else k[1:]
            words = self.rules.person_core
        if k in self.rules.feminine_heads or k.endswith("ه") and k in words and k[:-1] in words:
            return "f"
        return "m" if k in words and k + "ه" in words else None

    def person_gender(self, ent: Span) -> str | None:
        """What the text says of a linked person's gender: a woman's first name (``female_first_names``), the gender
        the person already spoke with (قالت X), a person title before the name, adjectives and genitives between
        ("وزيرة الخارجية الألمانية أنالينا بيربوك", "بالرئيس الأوكراني زيلينسكي"), or the clause's verb right before
        it, which agrees with its subject ("والتقى ترامب"). None when nothing says."""
        rules, doc = self.rules, self.doc
        first = _clitic_free(self.key(ent.start))
        if first in rules.female_names or self.key(ent.start) in rules.female_names:
            return "f"
        for (s, e), kb_id, gender in self._spoke:
            for k in [kb_id] + _name_keys(rules, _mention_name(self.text[s:e])):
                if k:
                    self.genders.setdefault(k, gender)
        self._spoke.clear()
        for k in [ent.kb_id_] + _name_keys(rules, _mention_name(ent.text)):
            if k and k in self.genders:
                return self.genders[k]
        p = ent.start - 1
        while p >= max(0, ent.start - 5) and not (doc[p].is_punct or doc[p].is_space or p in self.ent_of):
            gender = self.title_gender(p)
            if gender is not None:
                return gender
            k = self.key(p)
            s0 = self.sentence(p)[0]
            if p == ent.start - 1 and (p == s0 or doc[p - 1].text in COMMAS) and not k.startswith("ال") and (
                    k not in rules.lexical and rules.bare(k) not in rules.lexical):
                # the clause's verb right before the name ("والتقى ترامب", "والتقت ميركل")
                return "f" if k.endswith("ت") and rules.bare(k) not in rules.t_final_verbs else "m"
            if not k.startswith(("ال", "وال", "بال", "لل", "فال")):
                break
            p -= 1
        return None

    def gendered_person(self, lo: int, hi: int, gender: str | None) -> Span | None:
        """The first PERSON entity starting in ``[lo, hi)`` whose known gender does not disagree with the verb's; for
        a feminine verb, a person known to be a woman first (audit S1)."""
        fallback = None
        for m in range(lo, hi):
            ent = self.ent_of.get(m)
            if ent is None or ent.label_ != "PERSON" or ent.start != m:
                continue
            known = self.person_gender(ent) if gender in ("m", "f") else None
            if known == gender or known is None and gender != "f":
                return ent
            if known is None and fallback is None:
                fallback = ent
        return fallback

    def generic_institution(self, ent: Span) -> bool:
        """An organisation named by its head and field only ("وزارة الصحة", "لوزارة الداخلية", "الشرطة"): every country
        has one, so an unverified KB name of one country's is not given to it (``generic_institution_fields``)."""
        words = [self.key(i) for i in range(ent.start, ent.end) if not self.doc[i].is_punct]
        if not words:
            return False
        head = words[0]
        if head.startswith("لل"):
            head = "ال" + head[2:]
        elif head[:1] in "لبو" and len(head) > 3 and head[1:] in self.rules.orgs | self.rules.generic_fields:
            head = head[1:]
        rest = " ".join(words[1:])
        if not rest:
            return head in self.rules.generic_fields
        return head in self.rules.orgs and rest in self.rules.generic_fields

    def clause_starts(self, s0: int) -> tuple[int, list[int]]:
        """The first word of the sentence at ``s0`` and its clause starts (every و-word after a comma), computed once
        per sentence."""
        found = self._clauses.get(s0)
        if found is None:
            doc, end = self.doc, self.sentence(s0)[1]
            j = s0
            while j < end and (doc[j].is_punct or doc[j].is_space):
                j += 1
            starts = []
            if j + 1 < end:
                # the commas found in the text (C-level), not by reading every token of the sentence
                idx = self.token_idx()
                last = doc[end - 1]
                for comma in _COMMA.finditer(self.text, int(idx[j]), int(idx[end - 1]) + len(last.text)):
                    t = int(numpy.searchsorted(idx, comma.start(), side="right")) - 1
                    m = t + 1
                    if j < m < end and doc[t].text in COMMAS and self.key(m)[:1] == "و" and (
                            not starts or starts[-1] != m):
                        starts.append(m)
            found = (j, starts)
            self._clauses[s0] = found
        return found

    def token_idx(self) -> numpy.ndarray:
        """The start offset of every token (one array per Doc, built on first use). int64, not to_array's uint64:
        numpy.searchsorted of a Python int in a uint64 array converts the whole array at every call (O(n) per
        look-up, quadratic over a long document: 21 s of speakers on 5 MB)."""
        if self._idx is None:
            self._idx = self.doc.to_array("IDX").astype(numpy.int64)
        return self._idx

    def skip_front_adjunct(self, j: int, c0: int) -> int:
        """After a fronted adjunct and its comma at a clause start ("إلى ذلك،", "على صعيد آخر،"); a listed adjunct
        phrase (``fronted_adjuncts``) needs no comma ("على صعيد آخر دوّن مدرب الاتحاد بولوني")."""
        for phrase in self.rules.fronted_adjuncts.get(self.key(j), ()) if j < c0 else ():
            n = len(phrase)
            if j + n < c0 and all(self.key(j + m) == phrase[m] for m in range(n)):
                j += n
                while j < c0 and self.doc[j].text in COMMAS:
                    j += 1
                return j
        if j < c0 and self.rules.is_in(self.key(j), self.rules.adjuncts):
            for m in range(j + 1, min(c0, j + 5)):
                if self.doc[m].text in COMMAS:
                    return m + 1
        return j

    def fronted(self, s0: int, c0: int) -> str | None:
        doc, rules = self.doc, self.rules
        j = s0
        while j < c0 and (doc[j].is_space or doc[j].is_punct):
            j += 1
        if j >= c0:
            return None
        if rules.bare(self.key(j)) == rules.topic or self.key(j) == rules.topic:
            return "topic"
        for phrase in rules.fronted:
            n = len(phrase)
            if j + n <= c0 and all(rules.bare(self.key(j + m)) == phrase[m] or self.key(j + m) == phrase[m]
                                   for m in range(n)):
                self.fronted_end = j + n
                return "pronoun"
        return None


# ---------------------------------------------------------------------- helpers
def _anchor(quote: Span) -> int:
    info = quote._.get(QUOTE_ATTR) or {}
    cue = info.get("cue")
    return int(cue[0]) if cue else quote.start_char


def _tok_range(doc: Doc, offsets: Any) -> tuple[int, int] | None:
    if not offsets or len(doc) == 0:
        return None
    s, e = int(offsets[0]), int(offsets[1])
    if e <= s or s < 0 or e > text_length(doc):
        return None
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.start, span.end


def _offsets(doc: Doc, start: int, end: int) -> list[int] | None:
    if end <= start:
        return None
    return [doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)]


def _mention_name(text: str) -> str:
    return " ".join(normalize(text).replace("«", " ").replace("»", " ").replace('"', " ")
                    .replace("“", " ").replace("”", " ").replace("ـ", "").split())


_MARKS_AND_ORNAMENTS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e"
                                  "\u2066-\u2069\ufeff«»\"“”„‹›]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def _display_name(text: str) -> str:
    """The readable name of an unlinked speaker (audit S4): the mention as written, letters kept (hamza forms, ة, ى),
    without diacritics, tatweel, bidi controls and quotation marks; presentation forms as plain letters. Grouping
    keys stay folded (``_mention_name``, ``doc._.speakers``, who-said)."""
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(_MARKS_AND_ORNAMENTS.sub(lambda m: "" if m.group() not in "«»\"“”„‹›" else " ", text).split())


def _name_keys(rules: Rules, name: str) -> list[str]:
    """Keys under which a name is remembered: the whole name, then its last word (surname), clitic-free."""
    words = [w for w in name.split() if w not in {"،", ","}]
    if not words:
        return []
    keys = [" ".join(words)]
    last = words[-1]
    keys.append(last)
    if len(last) > 3 and last[0] in rules.proclitics:
        keys.append(last[1:])
    if len(words) == 1 and len(words[0]) > 3 and words[0][0] in rules.proclitics:
        keys.insert(0, words[0][1:])
    return keys


def _bare_name(name: str) -> str:
    """A mention without the clitic of its first word (لجامعة تبوك, بجامعة تبوك → جامعه تبوك)."""
    words = name.split()
    if words and len(words[0]) > 3 and words[0][0] in "لبوف":
        words[0] = words[0][1:]
    return " ".join(words)


def _clitic_free(word: str) -> str:
    """A normalised word without و/ف and then ل/ب (ولجامعه → جامعه), for comparing two mentions of one name."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 3 and word[0] in "لب":
        word = word[1:]
    return word


def _stem(word: str) -> str:
    """A normalised word without a و/ف proclitic and the article (والمسؤول → مسوول, بالجامعة → جامعه)."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    for prefix in ("بال", "لل", "ال", "كال"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix):]
    return word


def _with_cue_gender(fields: dict, gender: str | None) -> dict:
    """A person named as the subject of a verb takes the verb's gender ("وقالت سوزان ورال" → f), so that a later
    "وأضافت" finds her among the candidates."""
    if fields.get("_kind") == "person" and not fields.get("_gender") and gender in ("m", "f"):
        fields["_gender"] = gender
    return fields


def _empty(case: str) -> dict:
    return {"speaker": None, "speaker_title": None, "via": None, "speaker_kb_id": "", "speaker_name": "",
            "anonymous": False, "case": case}


def speaker_accuracy(examples: Iterable[Example], **_: Any) -> dict[str, float]:
    """spaCy scorer with the definitions of ``python -m arabnews evaluate`` (``arabnews.evaluation.score_quotes``):
    ``speaker_acc`` = share of gold quotes matched at >80% coverage (one-to-one, Gender-Gap-Tracker scheme) whose
    predicted speaker is the right entity (``speaker_entity_match``: the QID when the gold has one, else the mention
    or the name); ``speaker_matched`` = how many were matched; ``speaker_e2e_f`` = strict end-to-end F1."""
    from .evaluation import _example_records, score_quotes

    gold, pred = _example_records(examples)
    scores = score_quotes(gold, pred)
    block = scores["ggt"]["0.8"]["all"]
    return {"speaker_acc": float(block["speaker_acc"]), "speaker_matched": float(block["matched"]),
            "speaker_e2e_f": float(scores["e2e"]["all"]["f"])}


@registry.scorers("arabnews.speaker_scorer.v1")
def make_speaker_scorer() -> Callable:
    return speaker_accuracy


@Language.factory(
    "arabnews_speakers",
    assigns=["span._.arabnews_quote"],
    requires=["doc.spans", "token.is_sent_start"],
    default_config={"use_entities": True, "max_np_tokens": 12, "max_lookback_tokens": 10,
                    "scorer": {"@scorers": "arabnews.speaker_scorer.v1"}},
    default_score_weights={"speaker_acc": 1.0, "speaker_matched": None, "speaker_e2e_f": None},
)
def make_speakers(nlp: Language, name: str, use_entities: bool, max_np_tokens: int, max_lookback_tokens: int,
                  scorer: Callable | None) -> SpeakerAttributor:
    return SpeakerAttributor(nlp, name, use_entities=use_entities, max_np_tokens=max_np_tokens,
                             max_lookback_tokens=max_lookback_tokens, scorer=scorer)
