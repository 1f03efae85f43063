"""arabnews.normalize: matching keys, never the text itself."""

from __future__ import annotations

import importlib.util

import pytest

from arabnews import normalize, normalize_with_offsets
from arabnews.normalize import key_span_to_text

CASES = [
    ("ستولتنبرغ", "ستولتنبرغ"),
    ("أَحْمَد", "احمد"),  # diacritics, hamza on alef
    ("إبراهيم", "ابراهيم"),
    ("آل سعود", "ال سعود"),
    ("ٱلله", "الله"),  # wasla
    ("الـــرئـيس", "الرييس"),  # tatweel, hamza on ya
    ("مؤتمر", "موتمر"),
    ("مستشفى", "مستشفي"),  # alef maqsura
    ("مدرسة", "مدرسه"),  # ta marbuta
    ("ﺍﻟﻨﺎﺗﻮ", "الناتو"),  # presentation forms B
    ("ﻻ", "لا"),  # lam-alef ligature
    ("﷽", "بسم الله الرحمن الرحيم"),  # not decomposed by NFKC: data file rule
    ("کیف", "كيف"),  # Persian kaf and yeh
    ("٢٠١٥", "2015"),  # Arabic-Indic digits
    ("۱۲۳", "123"),  # Extended Arabic-Indic
    ("NATO", "nato"),
    ("تحدٍ", "تحد"),
    ("\u200fالرياض\u200e", "الرياض"),  # bidi marks
]


@pytest.mark.parametrize("text,key", CASES)
def test_keys(text, key):
    assert normalize(text, backend="pyarabic") == key


@pytest.mark.parametrize("text,key", CASES)
def test_offsets_map_back(text, key):
    got, offsets = normalize_with_offsets(text, backend="pyarabic")
    assert got == key
    assert len(offsets) == len(got) + 1
    assert offsets == sorted(offsets)
    start, end = key_span_to_text(offsets, 0, len(got))
    assert text[start:end].strip("\u200e\u200f") and end <= len(text)


def test_match_in_key_maps_to_original_text():
    text = "قال الأمينُ العامُّ لحلف شمال الأطلسي ينس ستولتنبـرغ أمس"
    key, offsets = normalize_with_offsets(text, backend="pyarabic")
    i = key.find("ستولتنبرغ")
    start, end = key_span_to_text(offsets, i, i + len("ستولتنبرغ"))
    assert text[start:end] == "ستولتنبـرغ"


def test_same_key_for_spelling_variants():
    assert normalize("أردوغان") == normalize("اردوغان")
    assert normalize("زيلينسكى") == normalize("زيلينسكي")
    assert normalize("ستولتنبرغ") != normalize("ستولتنبرج")  # transliteration variants are the linker's job


def test_rejects_non_str():
    with pytest.raises(TypeError, match=r"\[E001\]"):
        normalize(b"\xd9\x82")  # type: ignore[arg-type]


@pytest.mark.camel
@pytest.mark.skipif(importlib.util.find_spec("camel_tools") is None, reason="camel extra not installed")
def test_camel_and_pyarabic_backends_agree(seed_text):
    from arabnews.normalize import _table

    assert _table("camel") == _table("pyarabic")
    sample = seed_text + " ".join(t for t, _ in CASES)
    assert normalize(sample, backend="camel") == normalize(sample, backend="pyarabic")
