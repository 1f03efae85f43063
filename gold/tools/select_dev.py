"""Choose the development-partition articles for the dev gold set.

Deterministic (seeded): draws from the development partition only (see ../shared/data/README.md),
stratified by outlet, keeping articles of annotatable length that contain a reporting cue or quote marks,
so that the set is rich in quotes and named sources.

    python gold/tools/select_dev.py ../shared/data > gold/dev/selection.jsonl
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

DEV_ANT_CATEGORIES = {"politic", "internationalNews", "sport", "culture", "technology"}
SNN_DEV_BEFORE = "2015-08-01"
CUE = re.compile(r"(?:^|\s)[وف]?(?:قال|قالت|أكد|أكدت|أضاف|أضافت|أوضح|أوضحت|أشار|أشارت|صرح|أعلن|أعلنت|بحسب|وفقا)\b")
PER_SNN_OUTLET = 5
PER_ANT_CATEGORY = {"politic": 9, "internationalNews": 9, "sport": 3, "culture": 2, "technology": 1}


def is_dev(record: dict) -> bool:
    rid = record["id"]
    if rid.startswith("snn:"):
        return rid.split(":")[1] < SNN_DEV_BEFORE
    return record.get("category") in DEV_ANT_CATEGORIES


def eligible(text: str) -> bool:
    return 500 <= len(text) <= 3000 and len(CUE.findall(text)) >= 2


def main(data_dir: str) -> None:
    pools: dict[str, list[dict]] = defaultdict(list)
    for name in ("saudinewsnet.jsonl.gz", "ant-v1.1.jsonl.gz"):
        with gzip.open(Path(data_dir) / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if is_dev(rec) and eligible(rec["text"]):
                    key = rec["source"] if rec["id"].startswith("snn:") else f"ant:{rec['category']}"
                    pools[key].append(rec)
    rng = random.Random(20261129)
    chosen = []
    for key in sorted(pools):
        n = PER_ANT_CATEGORY.get(key.removeprefix("ant:"), 0) if key.startswith("ant:") else PER_SNN_OUTLET
        chosen.extend(rng.sample(pools[key], min(n, len(pools[key]))))
    for rec in chosen:
        print(json.dumps({k: rec[k] for k in ("id", "source", "category", "url", "date", "title", "text")},
                         ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
