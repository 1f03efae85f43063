"""Package data: every rule file of arabnews lives here and is read through :func:`read_text` / :func:`read_json`.

File names carry a version (``*.v1.json``) so that a changed format gets a new name.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import Errors


def _files():
    return resources.files(__name__)


def available() -> list[str]:
    """Names of the data files shipped with the package."""
    return sorted(p.name for p in _files().iterdir() if p.is_file() and not p.name.startswith(("_", ".")))


def read_text(name: str) -> str:
    """Text of the package data file ``name`` (UTF-8)."""
    path = _files() / name
    if not path.is_file():
        raise FileNotFoundError(Errors.E008.format(name=name, available=", ".join(available())))
    return path.read_text(encoding="utf-8")


@cache
def read_json(name: str) -> Any:
    """Parsed JSON of the package data file ``name`` (cached; treat the result as read-only)."""
    return json.loads(read_text(name))


def read_jsonl(name: str) -> list[dict]:
    """Records of the JSON-lines package data file ``name`` (blank lines and ``#`` comments skipped)."""
    return [json.loads(line) for line in read_text(name).splitlines() if line.strip() and not line.startswith("#")]
