"""Packaging promises of the brief, checked on the source tree (no build, no network, no ../shared):

- every file the package needs at run time is matched by pyproject's package-data patterns (else the wheel
  silently lacks it);
- no SaudiNewsNet text (CC BY-NC-SA 4.0) is inside the package: no run of 12 Arabic words of an SNN article of
  the dev gold or of tests/fixtures/snn_dev_sample.jsonl appears in a file under arabnews/ (12: a clause of an
  article; shorter runs are names with their titles, e.g. a spokesman's title and name quoted as a rule example,
  and the KB's organisation names, which are facts);
- the spacy_factories / spacy_tokenizers entry points name the functions registered under those names;
- the README names exactly the extras pyproject declares.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from pathlib import Path

import pytest
from spacy.util import registry

import arabnews

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "arabnews"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SHINGLE = 12
ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def _shingles(text: str, n: int = SHINGLE) -> set[str]:
    words = ARABIC_WORD.findall(text)
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def _snn_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in
             (ROOT / "tests" / "fixtures" / "snn_dev_sample.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    gold = ROOT / "gold" / "dev.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if str(record.get("id", "")).startswith("snn:"):
                texts.append(record["text"])
    return texts


def _package_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


# ---------------------------------------------------------------- package data
def test_package_data_patterns_cover_every_runtime_file():
    # the C extension (setup.py ext_modules: its source and the built module) is packaged by setuptools itself
    patterns = [*PYPROJECT["tool"]["setuptools"]["package-data"]["arabnews"], "_linkscan.c", "_linkscan*.so",
                "_linkscan*.pyd"]
    missing = [str(p.relative_to(PACKAGE)) for p in _package_files()
               if p.suffix != ".py" and not any(fnmatch.fnmatch(str(p.relative_to(PACKAGE)), pat) for pat in patterns)]
    assert missing == [], f"add a pattern to [tool.setuptools.package-data] for {missing}"


# ---------------------------------------------------------------- SaudiNewsNet stays out of the package
FIXTURE_WORDS = ARABIC_WORD.findall(_snn_texts()[0])[:40]  # the first SNN article of tests/fixtures


@pytest.mark.parametrize("candidate,expected", [
    # 12 words of the article, inside other text or a JSON string: found
    ("قال إن " + " ".join(FIXTURE_WORDS[5:17]) + " أمس", True),
    ('{"example": "' + " ".join(FIXTURE_WORDS[20:32]) + '"}', True),
    # 11 words are not a run of 12; a sentence of another article shares nothing
    (" ".join(FIXTURE_WORDS[5:16]), False),
    ("وقال ستولتنبرغ خلال مؤتمر صحفي في كييف إن أوكرانيا حاليا أقرب إلى حلف شمال الأطلسي من أي وقت مضى", False),
])
def test_shingle_check_finds_a_copied_run(candidate, expected):
    assert bool(_shingles(candidate) & _shingles(" ".join(FIXTURE_WORDS))) is expected


def test_no_saudinewsnet_text_inside_the_package():
    snn: set[str] = set()
    for text in _snn_texts():
        snn |= _shingles(text)
    assert len(snn) > 10_000  # the fixture alone has six whole articles
    found = {}
    for path in _package_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        hits = _shingles(text) & snn
        if hits:
            found[str(path.relative_to(ROOT))] = sorted(hits)[:3]
    assert found == {}, "SaudiNewsNet (CC BY-NC-SA) text must stay in tests/ and gold/"


# ---------------------------------------------------------------- entry points
def _target(spec: str):
    module, func = spec.split(":")
    return getattr(__import__(module, fromlist=[func]), func)


def test_factory_entry_points_are_the_registered_factories():
    entries = PYPROJECT["project"]["entry-points"]["spacy_factories"]
    assert sorted(entries) == sorted(arabnews.DEFAULT_COMPONENTS)
    for name, spec in entries.items():
        target = _target(spec)  # importing the module registers its factory
        assert registry.factories.get(name) is target, name


def test_tokenizer_entry_point_is_the_registered_tokenizer():
    entries = PYPROJECT["project"]["entry-points"]["spacy_tokenizers"]
    assert list(entries) == ["arabnews.ArabicNewsTokenizer.v1"]
    name = "arabnews.ArabicNewsTokenizer.v1"
    assert registry.tokenizers.get(name) is _target(entries[name])


# ---------------------------------------------------------------- README
def test_readme_extras_and_files_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {e for group in re.findall(r'pip install -e "\.\[([a-z,]+)\]"', readme) for e in group.split(",")}
    assert named == set(PYPROJECT["project"]["optional-dependencies"])  # each extra is explained, none invented
    for path in re.findall(r"\b(seeds/[\w.]+\.txt)\b", readme):
        assert (ROOT / path).is_file(), path


# ---------------------------------------------------------------- the documented public names exist
def _documented(pattern: str) -> set[str]:
    text = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "docs/api.md"))
    return set(re.findall(pattern, text))


def test_documented_extension_attributes_exist():
    from spacy.tokens import Doc, Span

    names = _documented(r"\b(doc|span|ent)\._\.([a-z_]+)")
    assert ("span", "speaker_kb_id") in names and ("doc", "body_text") in names  # the pattern reads the docs
    missing = [f"{obj}._.{attr}" for obj, attr in sorted(names)
               if not (Doc if obj == "doc" else Span).has_extension(attr)]
    assert missing == []


# the top-level names README.md, docs/api.md and ../shared/API.md give users
@pytest.mark.parametrize("name", ["load", "normalize", "normalize_with_offsets", "strip_boilerplate", "from_html",
                                  "render", "doc_to_json", "DEFAULT_COMPONENTS"])
def test_documented_top_level_names_exist(name):
    assert getattr(arabnews, name, None) is not None
