"""Build KB source records from a Wikidata JSON dump (``python -m arabnews kb build --wikidata-json DUMP``).

The standard dump is a JSON array with one entity per line (``[``, ``{...},``, ..., ``]``), optionally gzipped.
Each entity with an Arabic label or alias and a type this package handles (from P31 "instance of", or P106
"occupation" / P39 "position held" for people) becomes a record of the ``kb/sources`` format: Arabic/English
labels and aliases, type, country (P27 citizenship, else P17 country), roles from P39 with years (P580/P582
qualifiers) and their Arabic labels when the position is in the dump, occupations (P106) in the description.
QIDs come from Wikidata itself, so records are marked ``verified`` with the dump as evidence.

Memory stays proportional to the number of kept entities (one small dict each); positions' labels need a
second pass over the file, which is only read, never loaded whole.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import Errors

PERSON_CLASSES = {"Q5"}
GPE_CLASSES = {"Q6256", "Q3624078", "Q515", "Q5119", "Q1549591", "Q486972", "Q1637706", "Q7275", "Q3024240",
               "Q10864048", "Q107390", "Q35657", "Q200250", "Q1093829", "Q15284", "Q532", "Q2221906"}
ORG_CLASSES = {"Q43229", "Q484652", "Q7278", "Q4830453", "Q783794", "Q1193236", "Q11032", "Q1002697", "Q15265344",
               "Q476028", "Q847017", "Q163740", "Q2659904", "Q327333", "Q891723", "Q245065", "Q17149090",
               "Q1331793", "Q14350", "Q1110794", "Q7210356", "Q3918", "Q31855", "Q4671277", "Q1616075"}
LOC_CLASSES = {"Q82794", "Q8502", "Q4022", "Q165", "Q23397", "Q5107", "Q23442", "Q39594", "Q34763", "Q46831",
               "Q9430", "Q1322134", "Q1210950", "Q35666", "Q8514"}


def _open(path: Path) -> IO[str]:
    if not path.is_file():
        raise FileNotFoundError(Errors.E014.format(path=path, problem="no such file"))
    return gzip.open(path, "rt", encoding="utf-8") if path.name.endswith(".gz") else open(path, encoding="utf-8")


def iter_dump(path: str | Path) -> Iterator[dict]:
    """Entities of a Wikidata JSON dump, one per line (array brackets and trailing commas handled)."""
    path = Path(path)
    with _open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(Errors.E014.format(path=path, problem=f"line {n} is not JSON ({err})")) from err
            if isinstance(entity, dict) and entity.get("id"):
                yield entity


def _claim_ids(entity: dict, prop: str) -> list[str]:
    out = []
    for claim in entity.get("claims", {}).get(prop, []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            out.append(value["id"])
    return out


def _year(claim: dict, prop: str) -> int | None:
    for q in claim.get("qualifiers", {}).get(prop, []):
        time = q.get("datavalue", {}).get("value", {}).get("time")
        if isinstance(time, str) and len(time) > 5:
            try:
                return int(time[1:5]) if time[0] in "+-" else int(time[:4])
            except ValueError:
                return None
    return None


def entity_type(entity: dict) -> str | None:
    classes = set(_claim_ids(entity, "P31"))
    if classes & PERSON_CLASSES:
        return "PERSON"
    if classes & GPE_CLASSES:
        return "GPE"
    if classes & ORG_CLASSES:
        return "ORG"
    if classes & LOC_CLASSES:
        return "LOC"
    return None


def _label(entity: dict, lang: str) -> str:
    return (entity.get("labels", {}).get(lang) or {}).get("value", "")


def _aliases(entity: dict, lang: str) -> list[str]:
    return [a.get("value", "") for a in entity.get("aliases", {}).get(lang, []) if a.get("value")]


def to_record(entity: dict, position_labels: dict[str, tuple[str, str]], source: str) -> dict | None:
    """A ``kb/sources`` record for one dump entity, or None when it has no Arabic name or no handled type."""
    etype = entity_type(entity)
    ar = _label(entity, "ar")
    aliases_ar = _aliases(entity, "ar")
    if etype is None or not (ar or aliases_ar):
        return None
    if not ar:
        ar, aliases_ar = aliases_ar[0], aliases_ar[1:]
    countries = _claim_ids(entity, "P27") or _claim_ids(entity, "P17")
    roles = []
    for claim in entity.get("claims", {}).get("P39", []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if not (isinstance(value, dict) and value.get("id")):
            continue
        en_pos, ar_pos = position_labels.get(value["id"], ("", ""))
        roles.append({"role": en_pos or value["id"], "title_ar": [ar_pos] if ar_pos else [],
                      "from": _year(claim, "P580"), "to": _year(claim, "P582")})
    occupations = _claim_ids(entity, "P106")
    description = (entity.get("descriptions", {}).get("en") or {}).get("value", "")
    if occupations and not description:
        description = "occupation: " + ", ".join(occupations[:3])
    qid = entity["id"]
    return {"qid": qid, "type": etype, "en": _label(entity, "en") or qid, "ar": ar,
            "aliases_ar": [a for a in aliases_ar if a != ar], "aliases_en": _aliases(entity, "en"),
            "description": description, "country": countries[0] if countries else None, "roles": roles,
            "prominence": 0.5, "verified": True, "evidence": f"Wikidata JSON dump {source} (entity {qid})"}


def build_from_dump(path: str | Path, out: IO[str]) -> tuple[int, int]:
    """Write ``kb/sources`` records for the dump at ``path`` to ``out``; returns (entities read, records kept)."""
    path = Path(path)
    wanted: set[str] = set()
    for entity in iter_dump(path):  # pass 1: which positions are held (their labels give the Arabic titles)
        if entity_type(entity) == "PERSON":
            wanted.update(_claim_ids(entity, "P39"))
    labels: dict[str, tuple[str, str]] = {}
    n_read = n_kept = 0
    if wanted:
        for entity in iter_dump(path):
            if entity["id"] in wanted:
                labels[entity["id"]] = (_label(entity, "en"), _label(entity, "ar"))
    for entity in iter_dump(path):
        n_read += 1
        record: Any = to_record(entity, labels, path.name)
        if record is not None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n_kept += 1
    return n_read, n_kept
