from __future__ import annotations

from pathlib import Path

import pytest

import arabnews

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_f3cf03ad0fd9bf49"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import json

    return json.loads((SEEDS / f"{SEED_ID}.gold.jsonl").read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def nlp():
    return arabnews.load()


@pytest.fixture(scope="module")
def linker_nlp():
    """Tokenizer + linker only (no boilerplate component: the tests set doc.spans themselves); one per module."""
    import spacy

    from arabnews.pipeline import MAX_LENGTH

    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "arabnews.ArabicNewsTokenizer.v1"}}})
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("arabnews_linker")
    nlp.initialize()
    return nlp
