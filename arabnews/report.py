"""Corpus report: ``python -m arabnews report OUTPUT.jsonl --out report.html``.

One self-contained HTML page (right to left, charts as inline SVG, nothing fetched) over the run outputs of
``python -m arabnews run``: the top speakers (syndicated copies merged, via :mod:`arabnews.whosaid`), quotes per
speaker and per outlet, the share of anonymous and of unattributed quotes, and the quote types. It reads the run
records only (:func:`arabnews.quote_export.read_records` / :func:`~arabnews.quote_export.quote_rows`), never the texts.

Charts are inline SVG rather than matplotlib images: the labels are Arabic names, which matplotlib draws unshaped
and left to right without extra packages, while the browser shapes and orders them; the page also stays text
(searchable, copyable) and needs no optional dependency.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .data import read_json
from .quote_export import quote_rows, read_records
from .render import QUOTE_TYPES, wikidata_url
from .whosaid import speaker_key, top_speakers

#: Bars per chart (the tables below the charts list everything).
CHART_ROWS = 15
#: Rows of the "quotes per speaker" table.
TABLE_ROWS = 200


def _t(value: Any) -> str:
    return html.escape(str(value), quote=False)


def _a(value: Any) -> str:
    return html.escape(str(value), quote=True)


def summarize(paths: Iterable[str | Path], *, top: int = 20, threshold: float = 0.8) -> dict[str, Any]:
    """Counts over run outputs: documents, quotes, types, outlets, speakers, anonymous and unattributed quotes."""
    paths = [Path(p) for p in paths]
    n_docs = n_errors = n_with_quotes = 0
    types: Counter[str] = Counter()
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    speakers: dict[str, dict[str, Any]] = {}
    n_quotes = n_anonymous = n_unattributed = 0
    for record in read_records(paths):
        n_docs += 1
        if "error" in record:
            n_errors += 1
            continue
        rows = quote_rows(record)
        outlet = rows[0]["outlet"] if rows else ""
        if not rows:
            meta = record.get("source_meta") or {}
            outlet = str(meta.get("outlet") or meta.get("source") or meta.get("site") or "")
        outlet = outlet or str((record.get("meta") or {}).get("source") or "") or "?"
        outlets[outlet]["documents"] += 1
        n_with_quotes += bool(rows)
        for row in rows:
            n_quotes += 1
            qtype = row["type"] if row["type"] in QUOTE_TYPES else (row["type"] or "?")
            types[qtype] += 1
            key = speaker_key(row)
            outlets[outlet]["quotes"] += 1
            if row["anonymous"]:
                n_anonymous += 1
                outlets[outlet]["anonymous"] += 1
            elif not key:
                n_unattributed += 1
                outlets[outlet]["unattributed"] += 1
            if not key:
                continue
            entry = speakers.setdefault(key, {"key": key, "kb_id": row["speaker_kb_id"], "names": Counter(),
                                              "anonymous": 0, "quotes": 0, "types": Counter(), "outlets": set(),
                                              "documents": set()})
            entry["names"][row["speaker_name"] or row["speaker"]] += 1
            entry["quotes"] += 1
            entry["anonymous"] += bool(row["anonymous"])
            entry["types"][qtype] += 1
            entry["outlets"].add(outlet)
            entry["documents"].add(row["doc_id"])
    speaker_rows = []
    for entry in speakers.values():
        speaker_rows.append({
            "key": entry["key"], "kb_id": entry["kb_id"], "name": entry["names"].most_common(1)[0][0],
            "anonymous": entry["anonymous"] * 2 > entry["quotes"], "quotes": entry["quotes"],
            "types": dict(entry["types"]), "outlets": len(entry["outlets"]), "documents": len(entry["documents"]),
        })
    speaker_rows.sort(key=lambda r: (-r["quotes"], r["name"]))
    return {
        "inputs": [str(p) for p in paths],
        "documents": n_docs, "errors": n_errors, "documents_with_quotes": n_with_quotes,
        "quotes": n_quotes, "anonymous": n_anonymous, "unattributed": n_unattributed,
        "anonymous_share": n_anonymous / n_quotes if n_quotes else 0.0,
        "unattributed_share": n_unattributed / n_quotes if n_quotes else 0.0,
        "types": dict(types.most_common()),
        "outlets": {k: dict(v) for k, v in sorted(outlets.items(), key=lambda kv: (-kv[1]["quotes"], kv[0]))},
        "speakers": speaker_rows,
        "top_speakers": top_speakers(paths, n=top, threshold=threshold) if n_quotes else [],
    }


def bar_chart(items: list[tuple[str, float]], *, title: str, width: int = 640, unit: str = "") -> str:
    """Horizontal bar chart as inline SVG, labels on the right (right-to-left reading), values at the bar ends."""
    items = items[:CHART_ROWS]
    row_h, label_w, top_pad = 26, 230, 8
    height = top_pad * 2 + row_h * max(1, len(items))
    biggest = max((v for _, v in items), default=0) or 1
    bar_room = width - label_w - 60
    out = [f'<figure class="chart"><figcaption>{_t(title)}</figcaption>'
           f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_a(title)}" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" direction="ltr" style="direction: ltr">']
    if not items:
        out.append(f'<text x="{width - 8}" y="{top_pad + 17}" text-anchor="end" class="empty">—</text>')
    for i, (label, value) in enumerate(items):
        y = top_pad + i * row_h
        length = max(1.0, bar_room * value / biggest)
        x_right = width - label_w
        shown = label if len(label) <= 32 else label[:31] + "…"
        value_text = f"{value:.0%}" if unit == "%" else f"{value:,.0f}"
        out.append(f'<g class="bar"><title>{_t(label)}: {_t(value_text)}</title>'
                   f'<text x="{width - 6}" y="{y + 17}" text-anchor="end" class="label">{_t(shown)}</text>'
                   f'<rect x="{x_right - length:.1f}" y="{y + 4}" width="{length:.1f}" height="{row_h - 8}" '
                   f'rx="3"></rect>'
                   f'<text x="{x_right - length - 6:.1f}" y="{y + 17}" text-anchor="end" class="value">'
                   f'{_t(value_text)}</text></g>')
    out.append("</svg></figure>")
    return "".join(out)


_CSS = """
body { margin: 0; padding: 1rem 2rem; font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Tahoma,
  Arial, sans-serif; color: #1f2328; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
.kpis { display: flex; flex-wrap: wrap; gap: 1rem; }
.kpi { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 0.4rem; padding: 0.5rem 1rem; }
.kpi b { display: block; font-size: 1.4rem; font-family: "DejaVu Sans", Arial, sans-serif; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure.chart { margin: 0; } figcaption { font-weight: bold; margin-bottom: 0.3rem; }
svg rect { fill: #0b57d0; } svg text { font-size: 13px; fill: #1f2328; }
svg text.value { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12px; fill: #57606a; }
table { border-collapse: collapse; font-size: 0.9rem; margin-top: 0.5rem; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.6rem; text-align: start; }
td.num { font-family: "DejaVu Sans", Arial, sans-serif; text-align: end; }
th { background: #f6f8fa; } .muted { color: #57606a; font-size: 0.85rem; }
"""


def _speaker_cell(name: str, kb_id: str) -> str:
    url = wikidata_url(kb_id)
    if url:
        return f'<a href="{_a(url)}">{_t(name)}</a> <span class="muted">{_t(kb_id)}</span>'
    return _t(name)


def render_report(summary: dict[str, Any]) -> str:
    """The report page of :func:`summarize`'s counts."""
    texts = read_json("render.v1.json")
    type_names = texts["quote_types"]
    n = summary["quotes"]
    kpis = [("documents", summary["documents"]), ("with quotes", summary["documents_with_quotes"]),
            ("quotes", n), ("anonymous sources", f'{summary["anonymous_share"]:.1%}'),
            ("unattributed", f'{summary["unattributed_share"]:.1%}'), ("errors", summary["errors"])]
    out = ['<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
           f'<meta name="generator" content="arabnews.report"><title>{_t(texts["text"]["report_title"])}</title>'
           f'<style>{_CSS}</style></head><body>',
           f'<h1>{_t(texts["text"]["report_title"])}</h1>',
           f'<p class="muted" dir="ltr">{_t(", ".join(summary["inputs"]))}</p>',
           '<div class="kpis">' + "".join(f'<div class="kpi" data-kpi="{_a(k)}"><b>{_t(v)}</b>{_t(k)}</div>'
                                          for k, v in kpis) + "</div>"]
    top = summary["top_speakers"]
    outlets = summary["outlets"]
    out.append('<h2>Charts</h2><div class="charts">')
    out.append(bar_chart([(r["name"], r["quotes"]) for r in top], title="Top speakers (quotes)"))
    out.append(bar_chart([(f"{k} · {type_names.get(k, k)}", v) for k, v in summary["types"].items()],
                         title="Quote types"))
    out.append(bar_chart([(k, v.get("quotes", 0)) for k, v in outlets.items()], title="Quotes per outlet"))
    out.append(bar_chart([(k, v.get("anonymous", 0) / v["quotes"]) for k, v in outlets.items() if v.get("quotes")],
                         title="Share of anonymous sources per outlet", unit="%"))
    out.append("</div>")

    out.append('<h2>Top speakers</h2><table id="top-speakers"><tr><th>#</th><th>speaker</th><th>quotes</th>'
               '<th>distinct quotes</th><th>articles</th><th>outlets</th></tr>')
    for i, r in enumerate(top, 1):
        out.append(f'<tr><td class="num">{i}</td><td>{_speaker_cell(r["name"], r["speaker_kb_id"])}</td>'
                   f'<td class="num">{r["quotes"]}</td><td class="num">{r["distinct_quotes"]}</td>'
                   f'<td class="num">{r["articles"]}</td><td class="num">{r["outlets"]}</td></tr>')
    out.append("</table><p class=\"muted\">Named speakers only; distinct quotes merge syndicated copies "
               "(arabnews.whosaid).</p>")

    types = list(QUOTE_TYPES)
    out.append('<h2>Quotes per speaker</h2><table id="speakers"><tr><th>speaker</th><th>quotes</th>'
               + "".join(f"<th>{_t(t)}</th>" for t in types) + "<th>articles</th><th>outlets</th></tr>")
    for r in summary["speakers"][:TABLE_ROWS]:
        anon = ' <span class="muted">(anonymous)</span>' if r["anonymous"] else ""
        out.append(f'<tr><td>{_speaker_cell(r["name"], r["kb_id"])}{anon}</td><td class="num">{r["quotes"]}</td>'
                   + "".join(f'<td class="num">{r["types"].get(t, 0)}</td>' for t in types)
                   + f'<td class="num">{r["documents"]}</td><td class="num">{r["outlets"]}</td></tr>')
    out.append("</table>")
    if len(summary["speakers"]) > TABLE_ROWS:
        out.append(f'<p class="muted">… and {len(summary["speakers"]) - TABLE_ROWS} more speakers.</p>')

    out.append('<h2>Quotes per outlet</h2><table id="outlets"><tr><th>outlet</th><th>documents</th><th>quotes</th>'
               '<th>anonymous</th><th>unattributed</th><th>anonymous share</th></tr>')
    for k, v in outlets.items():
        q = v.get("quotes", 0)
        share = f'{v.get("anonymous", 0) / q:.1%}' if q else "—"
        out.append(f'<tr><td>{_t(k)}</td><td class="num">{v.get("documents", 0)}</td><td class="num">{q}</td>'
                   f'<td class="num">{v.get("anonymous", 0)}</td><td class="num">{v.get("unattributed", 0)}</td>'
                   f'<td class="num">{share}</td></tr>')
    out.append("</table>")
    out.append('<h2>Quote types</h2><table id="types"><tr><th>type</th><th>quotes</th><th>share</th></tr>')
    for k, v in summary["types"].items():
        out.append(f'<tr><td>{_t(k)} · {_t(type_names.get(k, ""))}</td><td class="num">{v}</td>'
                   f'<td class="num">{v / n:.1%}</td></tr>')
    out.append("</table></body></html>\n")
    return "".join(out)


def report(paths: Iterable[str | Path], out: str | Path | None = None, **kwargs: Any) -> str:
    """HTML report over run outputs; written to ``out`` when given."""
    page = render_report(summarize(paths, **kwargs))
    if out is not None:
        Path(out).write_text(page, encoding="utf-8")
    return page


__all__ = ["bar_chart", "render_report", "report", "summarize"]
