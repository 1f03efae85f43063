"""Build the boilerplate dev set: composed documents (development-partition bodies + heads/tails from
``boilerplate_templates.json``), the seed, and the hand-labelled real leftovers of the dev gold.

Each record: ``{"id", "kind", "group", "unseen", "text", "boilerplate": [[s, e, label], ...],
"foreign": [[s, e], ...]}`` where ``foreign`` are the lines of *another* article (appended read-also article,
related headlines, teasers).
Composed documents use only development-partition bodies (SaudiNewsNet before 2015-08-01, ANT politic /
internationalNews / sport / culture / technology). Half of them use only phrasings the component's lexicon does
not contain (``*_unseen`` templates), to measure generalisation. A second held-out group (``group`` =
"heldout2", built after the session-1 set from its own bodies, written in session 2 before any rule change) uses
only the ``heldout2`` phrasings and new tail shapes of the templates file; none of it is in the package lexicon.

    python benchmarks/boilerplate_devset.py --n 200 --out /tmp/boilerplate_devset.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from _data import ROOT, data_path, read_articles

TEMPLATES = Path(__file__).with_name("boilerplate_templates.json")
DEV_ANT = {"politic", "internationalNews", "sport", "culture", "technology"}
#: sources whose bodies are mostly clean (the others carry bylines / SMS lines that would count as gold body)
#: folder of the corpora (--data); default ../shared/data beside the repository
DATA_DIR: str | None = None


def corpus_path(name: str) -> Path:
    return data_path(name, str(Path(DATA_DIR) / name) if DATA_DIR else None)


CLEAN_SOURCES = {"jawharafm", "alriyadh", "aljazirah", "alyaum", "aleqtisadiya", "alwatan", "okaz"}


def dev_bodies(limit: int, rng: random.Random) -> list[dict]:
    pool = []
    for name in ("saudinewsnet.jsonl.gz", "ant-v1.1.jsonl.gz"):
        for rec in read_articles(corpus_path(name)):
            if name.startswith("saudi"):
                if rec["id"].split(":")[1] >= "2015-08-01":
                    continue
            elif rec.get("category") not in DEV_ANT:
                continue
            if rec.get("source") not in CLEAN_SOURCES:
                continue
            paras = [p.strip() for p in rec["text"].split("\n") if p.strip()]
            if len(paras) < 3 or not (400 <= len(rec["text"]) <= 6000) or not rec.get("title"):
                continue
            # keep bodies that end with a full sentence and carry no known leftover of their site (their gold
            # would call real furniture body): "مقالات أخرى للكاتب..." lists, author names / bios at the end
            if not re.search(r"[.!?؟…»\"”)]\s*$", paras[-1]) or len(paras[-1].split()) < 6:
                continue
            if "مقالات أخرى للكاتب" in rec["text"]:
                continue
            pool.append({"id": rec["id"], "title": rec["title"].strip(), "paras": paras})
    rng.shuffle(pool)
    return pool[:limit]


class Composer:
    def __init__(self, rng: random.Random, templates: dict, others: list[dict]):
        self.rng, self.t, self.others = rng, templates, others

    def fill(self, s: str) -> str:
        r = self.rng
        other = r.choice(self.others)
        return (s.replace("{name}", r.choice(self.t["names"])).replace("{city}", r.choice(self.t["cities"]))
                .replace("{site}", r.choice(self.t["sites"])).replace("{agency}", r.choice(self.t["agencies"]))
                .replace("{date}", r.choice(self.t["dates"])).replace("{time}", r.choice(self.t["times"]))
                .replace("{email}", r.choice(self.t["emails"])).replace("{title}", other["title"]))

    def pick(self, key: str, unseen: bool):
        return self.rng.choice(self.t[f"{key}_unseen" if unseen else key])


def compose(body: dict, comp: Composer, unseen: bool, n: int) -> dict:
    r = comp.rng
    parts: list[tuple[str, str | None, bool]] = []  # (text, label or None for body, foreign)
    sep = r.choice(["\n", "\n\n"])
    # head
    for _ in range(r.choice([0, 1, 1, 2])):
        label, tmpl = comp.pick("head", unseen and r.random() < 0.7)
        parts.append((comp.fill(tmpl), label, False))
    parts.append((body["title"], None, False)) if r.random() < 0.6 else None
    paras = list(body["paras"])
    if r.random() < 0.3:  # a dateline opening the first sentence is body
        paras[0] = comp.fill(r.choice(comp.t["dateline"])) + paras[0]
    teaser_at = r.randrange(1, len(paras)) if r.random() < 0.25 else None
    for k, p in enumerate(paras):
        if k == teaser_at:
            parts.append((comp.fill(comp.pick("teaser_inline", unseen)), "READ_ALSO", True))
        parts.append((p, None, False))
    # tail
    tail_kinds = r.sample(["line", "line", "read_also", "related", "more"], k=r.choice([1, 2, 3]))
    if "line" in tail_kinds:
        for _ in range(r.choice([1, 2])):
            label, tmpl = comp.pick("tail_line", unseen and r.random() < 0.6)
            parts.append((comp.fill(tmpl), label, False))
    if "read_also" in tail_kinds:
        other = r.choice(comp.others)
        marker = comp.pick("read_also", unseen)
        if r.random() < 0.5:
            parts.append((marker, "READ_ALSO", False))
            parts.append((other["title"], "READ_ALSO", True))
        else:
            parts.append((f"{marker} {other['title']}" if not marker.endswith(":") else f"{marker} {other['title']}",
                          "READ_ALSO", True))
        for p in other["paras"][: r.choice([1, 2, 4])]:
            parts.append((p, "READ_ALSO", True))
    if "related" in tail_kinds:
        parts.append((comp.pick("related", unseen), "RELATED", False))
        bullet = r.choice(comp.t["bullets"])
        for o in r.sample(comp.others, k=r.choice([3, 4, 6])):
            parts.append((bullet + o["title"], "RELATED", True))
    if "more" in tail_kinds and parts[-1][1] is None:
        text, _, _ = parts[-1]
        parts[-1] = (text, None, False)
        parts.append(("...المزيد", "READ_ALSO", False))
    doc = _assemble(parts, sep)
    return {"id": f"composed:{n:03d}:{body['id']}", "kind": "composed",
            "group": "unseen" if unseen else "seen", "unseen": unseen, **doc}


def _assemble(parts: list[tuple[str, str | None, bool]], sep: str) -> dict:
    """Text, gold spans (READ_ALSO / RELATED runs merged) and foreign lines of (chunk, label, foreign) parts."""
    text, spans, foreign = "", [], []
    for k, (chunk, label, is_foreign) in enumerate(parts):
        if k:
            text += sep
        start = len(text)
        text += chunk
        if label:
            if spans and spans[-1][2] == label and label in ("READ_ALSO", "RELATED") and start - spans[-1][1] <= 2:
                spans[-1][1] = len(text)
            else:
                spans.append([start, len(text), label])
        if is_foreign:
            foreign.append([start, len(text)])
    return {"text": text, "boilerplate": spans, "foreign": foreign}


def compose_heldout2(body: dict, comp: Composer, n: int) -> dict:
    """A document of the second held-out group: only ``heldout2`` phrasings, and the new tail shapes
    (appended article opening with a dateline or its own byline, teaser headlines ending with '.', an
    appended article after a credit/source line with no marker, numbered lists, related items with dates)."""
    r = comp.rng
    h = comp.t["heldout2"]
    parts: list[tuple[str, str | None, bool]] = []
    sep = r.choice(["\n", "\n\n"])

    def title_of(other: dict, dot: float = 0.0) -> str:
        t = other["title"].rstrip(" .")
        return t + "." if r.random() < dot else t

    def appended(other: dict, label: str) -> None:
        paras = list(other["paras"][: r.choice([1, 2, 4])])
        opening = r.choice(h["appended_opening"])
        if opening == "dateline":
            paras[0] = comp.fill(r.choice(comp.t["dateline"])) + paras[0]
        elif opening == "byline":
            parts.append((comp.fill("{name} – {city}"), label, True))
        for p in paras:
            parts.append((p, label, True))

    for _ in range(r.choice([0, 1, 1, 2])):
        label, tmpl = r.choice(h["head"])
        parts.append((comp.fill(tmpl), label, False))
    if r.random() < 0.6:
        parts.append((body["title"], None, False))
    paras = list(body["paras"])
    if r.random() < 0.3:
        paras[0] = comp.fill(r.choice(comp.t["dateline"])) + paras[0]
    teaser_at = r.randrange(1, len(paras)) if r.random() < 0.3 else None
    for k, p in enumerate(paras):
        if k == teaser_at:
            other = r.choice(comp.others)
            tmpl = r.choice(h["teaser_inline"]).replace("{title}", title_of(other, 0.4))
            parts.append((comp.fill(tmpl), "READ_ALSO", True))
        parts.append((p, None, False))
    kinds = r.sample(["line", "line", "read_also", "related", "bare_appended"], k=r.choice([1, 2, 3]))
    if "line" in kinds:
        for _ in range(r.choice([1, 2])):
            label, tmpl = r.choice(h["tail_line"])
            parts.append((comp.fill(tmpl), label, False))
    if "bare_appended" in kinds:
        if "line" not in kinds:  # the article ended with a credit or source line, then another article follows
            label, tmpl = r.choice([("CREDIT", "{agency}"), ("SOURCE", "المصدر – {site}"),
                                    ("SOURCE", "بتصرف عن {site}")])
            parts.append((comp.fill(tmpl), label, False))
        other = r.choice(comp.others)
        parts.append((title_of(other), "READ_ALSO", True))
        appended(other, "READ_ALSO")
    if "read_also" in kinds:
        other = r.choice(comp.others)
        marker = r.choice(h["read_also"])
        if r.random() < 0.5:
            parts.append((marker, "READ_ALSO", False))
            parts.append((title_of(other, 0.3), "READ_ALSO", True))
        else:
            parts.append((f"{marker} {title_of(other, 0.3)}", "READ_ALSO", True))
        appended(other, "READ_ALSO")
    if "related" in kinds:
        parts.append((r.choice(h["related"]), "RELATED", False))
        bullet = r.choice(h["bullets"])
        item = r.choice(h["related_item"])
        for k, o in enumerate(r.sample(comp.others, k=r.choice([3, 4, 6])), start=1):
            t = o["title"].rstrip(" .")
            parts.append((bullet.replace("{k}", str(k)) + (t + "..." if item == "title_ellipsis" else t),
                          "RELATED", True))
            if item == "title_date":
                parts.append((r.choice(comp.t["dates"]), "RELATED", False))
    doc = _assemble(parts, sep)
    return {"id": f"heldout2:{n:03d}:{body['id']}", "kind": "composed", "group": "heldout2", "unseen": True,
            **doc}


def gold_records() -> list[dict]:
    out = []
    files = [ROOT / "seeds" / "000_f3cf03ad0fd9bf49.gold.jsonl"]
    dev = ROOT / "gold" / "dev.jsonl"
    files += [dev] if dev.exists() else sorted((ROOT / "gold" / "dev").glob("batch_*.jsonl"))
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            spans = [[b["start"], b["end"], b["label"]] for b in g.get("boilerplate", [])]
            foreign = []
            for s, e, label in spans:
                if label in ("READ_ALSO", "RELATED"):
                    # every line of the block but its marker line belongs to another article
                    chunk = g["text"][s:e]
                    first = chunk.find("\n")
                    marker_only = first > 0 and len(chunk[:first].split()) <= 3
                    if "المزيد" in chunk and len(chunk.split()) <= 2:
                        continue
                    for m in re.finditer(r"[^\n]+", chunk):
                        if marker_only and m.start() == 0:
                            continue
                        if m.group().strip():
                            foreign.append([s + m.start(), s + m.end()])
            kind = "seed" if "seeds" in str(path) else "gold"
            out.append({"id": g["id"], "kind": kind, "group": kind, "unseen": False, "text": g["text"],
                        "boilerplate": spans, "foreign": foreign})
    return out


def build(n: int = 200, seed: int = 13, heldout2: int = 100) -> list[dict]:
    """The session-1 set (``n`` composed docs, half of them with unseen phrasings, + seed + dev gold) and, after
    it, ``heldout2`` documents of the second held-out group (own bodies and random stream: the session-1
    documents are the same whether or not the second group is built)."""
    rng = random.Random(seed)
    templates = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    bodies = dev_bodies(n + 120 + (heldout2 + 120 if heldout2 else 0), rng)  # same shuffle whatever the limit
    main, others = bodies[:n], bodies[n:n + 120]
    comp = Composer(rng, templates, others)
    docs = [compose(b, comp, unseen=(k % 2 == 1), n=k) for k, b in enumerate(main)]
    docs += gold_records()
    if heldout2:
        rest = bodies[n + 120:]
        comp2 = Composer(random.Random(seed + 1000), templates, rest[heldout2:heldout2 + 120])
        docs += [compose_heldout2(b, comp2, n=k) for k, b in enumerate(rest[:heldout2])]
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="composed documents (default 200)")
    ap.add_argument("--heldout2", type=int, default=100, help="documents of the second held-out group (default 100)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default="/tmp/boilerplate_devset.jsonl")
    ap.add_argument("--data", help="folder of saudinewsnet.jsonl.gz and ant-v1.1.jsonl.gz (default ../shared/data)")
    args = ap.parse_args()
    global DATA_DIR
    DATA_DIR = args.data
    docs = build(args.n, args.seed, args.heldout2)
    with open(args.out, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(docs)} documents -> {args.out}")


if __name__ == "__main__":
    main()
