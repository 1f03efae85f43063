"""Where the benchmarks find their data: an explicit path, else ../shared/data beside the repository."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def data_path(name: str, given: str | None = None) -> Path:
    path = Path(given) if given else DEFAULT_DATA / name
    if not path.exists():
        raise SystemExit(f"benchmark data {path} not found: pass its path (see --help)")
    return path


def read_articles(path: Path, limit: int | None = None) -> Iterator[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def git(*args: str) -> str:
    """Output of a git command in the repository ("" outside a checkout)."""
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
