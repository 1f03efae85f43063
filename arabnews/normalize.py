"""Matching keys for Arabic text: the one place where arabnews normalises.

``normalize(text)`` returns a key for lookups: presentation forms folded (NFKC), diacritics and tatweel
removed, alef forms, hamza carriers, alef maqsura, ta marbuta and Persian/Urdu letter variants unified,
Arabic-Indic digits turned into ASCII, ASCII lowercased. ``doc.text`` is never altered: use
:func:`normalize_with_offsets` to map a match in the key back to the text.

The work is done by pyarabic (always installed) or by camel-tools (extra ``arabnews[camel]``; used by default
when importable). Both are compiled once into a per-character table, so normalising is one ``str.translate``
and linear in the text length. The few rules neither library has (ligatures NFKC leaves alone,
Persian/Urdu letters, bidi marks) live in ``data/normalize.v1.json``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import cache

from .data import read_json
from .errors import Errors, Warnings, check_text, warn_once

BACKENDS = ("pyarabic", "camel")


def _rules() -> dict:
    return read_json("normalize.v1.json")


def _pyarabic_steps() -> Callable[[str], str]:
    from pyarabic import araby

    def run(s: str) -> str:
        s = unicodedata.normalize("NFKC", s)
        s = araby.strip_tatweel(araby.strip_diacritics(s))
        s = araby.normalize_hamza(s, method="tasheel")
        return araby.normalize_teh(s)

    return run


def _camel_steps() -> Callable[[str], str]:
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import (
            normalize_alef_ar,
            normalize_alef_maksura_ar,
            normalize_teh_marbuta_ar,
            normalize_unicode,
        )
    except ImportError as err:
        raise ImportError(Errors.E003) from err

    def run(s: str) -> str:
        s = dediac_ar(normalize_unicode(s))
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(s)))

    return run


def _finish(s: str, rules: dict) -> str:
    """Rules shared by both backends (data file), digits and ASCII case."""
    out = []
    variants, remove = rules["letter_variants"], set(rules["remove"])
    for ch in s:
        if ch in remove:
            continue
        ch = variants.get(ch, ch)
        if unicodedata.category(ch) == "Nd":
            ch = str(unicodedata.decimal(ch))
        elif "A" <= ch <= "Z":
            ch = ch.lower()
        elif unicodedata.category(ch) == "Mn" and "\u0600" <= ch <= "\u08ff":
            continue
        out.append(ch)
    return "".join(out)


@cache
def _table(backend: str) -> dict[int, str]:
    if backend == "pyarabic":
        steps = _pyarabic_steps()
    elif backend == "camel":
        steps = _camel_steps()
    else:
        raise ValueError(Errors.E002.format(backend=backend))
    rules = _rules()
    codepoints = {cp for lo, hi in rules["ranges"] for cp in range(lo, hi + 1)}
    codepoints.update(ord(ch) for ch in rules["remove"])
    table: dict[int, str] = {}
    ligatures = rules["ligatures"]
    for cp in sorted(codepoints):
        ch = chr(cp)
        key = _finish(steps(ligatures.get(ch, ch)), rules) if ch not in rules["remove"] else ""
        if key != ch:
            table[cp] = key
    return table


@cache
def default_backend() -> str:
    """'camel' when camel-tools is importable, else 'pyarabic'."""
    try:
        _table("camel")
    except ImportError:
        return "pyarabic"
    except Exception as err:  # a broken camel install must not break arabnews
        warn_once(Warnings.W001.format(err=err))
        return "pyarabic"
    return "camel"


def normalize(text: str, *, backend: str | None = None) -> str:
    """Matching key of ``text`` (see the module docstring). ``backend``: 'pyarabic', 'camel' or None (best)."""
    check_text(text, "normalize")
    return text.translate(_table(backend or default_backend()))


@cache
def _changing_length(backend: str) -> re.Pattern[str]:
    chars = "".join(re.escape(chr(cp)) for cp, key in _table(backend).items() if len(key) != 1)
    return re.compile(f"[{chars}]")


def normalize_with_offsets(text: str, *, backend: str | None = None) -> tuple[str, list[int]]:
    """Key of ``text`` and, for every key position i, the text index it comes from.

    ``offsets`` has ``len(key) + 1`` items; the last is ``len(text)``, so a key range ``[i, j)`` maps to the text
    range ``[offsets[i], offsets[j - 1] + 1)``; :func:`key_span_to_text` does this.
    """
    check_text(text, "normalize_with_offsets")
    backend = backend or default_backend()
    table = _table(backend)
    key_parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _changing_length(backend).finditer(text):
        start = m.start()
        if start > pos:
            key_parts.append(text[pos:start].translate(table))
            offsets.extend(range(pos, start))
        repl = table[ord(text[start])]
        key_parts.append(repl)
        offsets.extend([start] * len(repl))
        pos = start + 1
    if pos < len(text):
        key_parts.append(text[pos:].translate(table))
        offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(key_parts), offsets


def key_span_to_text(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Text range of the key range ``[start, end)`` given ``offsets`` from :func:`normalize_with_offsets`."""
    if end <= start:
        return offsets[start], offsets[start]
    return offsets[start], offsets[end - 1] + 1


def text_to_key_index(offsets: list[int], text_index: int) -> int:
    """First key position whose source is at or after ``text_index``."""
    return bisect_right(offsets, text_index - 1)
