"""Per-article adjudication decisions for gold/dev.jsonl (applied by gold/tools/adjudicate.py).

Each function receives an Editor over one record AFTER the systematic rules of adjudicate.py have been applied,
and records the decisions taken by reading the Arabic (rules: gold/README.md). Quote indices refer to the order
of the primary annotation (batch file) after the systematic rules; a deleted quote becomes None and is dropped.
"""

from __future__ import annotations

EDITS = {}
REVIEWED: set[str] = set()


def edit(doc_id: str):
    def register(fn):
        EDITS[doc_id] = fn
        REVIEWED.add(doc_id)
        return fn
    return register


def reviewed(*doc_ids: str) -> None:
    """Articles read in full whose annotation needed no change beyond the systematic rules."""
    REVIEWED.update(doc_ids)


reviewed("snn:2015-07-24:27", "snn:2015-07-25:41", "snn:2015-07-31:147")
reviewed("snn:2015-07-24:533")


@edit("snn:2015-07-24:317")
def _(ed):
    # thanks expressed to someone is a speech act with content (same rule as "أعرب/عبر عن شكره")
    ed.q_add("indirect", ["شكره لكافة الحضور على تلبية الدعوة والمشاركة في الإفطار الجماعي للمصورين داخل الجمعية"],
             "وقدم", "أحمد سليمان", "Ahmed Suleiman")
reviewed("snn:2015-07-31:383", "snn:2015-07-21:44")
reviewed("snn:2015-07-23:33", "snn:2015-07-22:56")
reviewed("snn:2015-07-27:95")


@edit("snn:2015-07-22:253")
def _(ed):
    # "الاتحاد الدولي" alone is a definite description of FIFA (like "الحلف" in the seed): not tagged
    ed.ent_del("للاتحاد الدولي")
    # a demand with content and a (named) source is a quote (seed: speech acts carrying content); from D
    ed.q_add("indirect", ['بإجراء تغييرات في "فيفا"'], "مطالبات", 'رعاة مثل "كوكاكولا"',
             "FIFA sponsors such as Coca-Cola")
reviewed("snn:2015-07-23:137", "snn:2015-07-21:703")
reviewed("snn:2015-07-21:847")


@edit("snn:2015-07-23:137")
def _(ed):
    # a report/statement is not a mention that names the source: speaker = the nearest mention naming its authors
    authors = ("منظمة الأغذية العالمية (فاو) وبرنامج الأغذية العالمي", 0)
    for i in (1, 6, 8):
        ed.q_set(i, speaker=authors, speaker_name="Food and Agriculture Organization and World Food Programme")


@edit("snn:2015-07-31:651")
def _(ed):
    for i in (2, 3, 4):  # "وقال البيان" -> the fund that issued the statement
        ed.q_set(i, speaker=('صندوق "سند"', 425))
reviewed("snn:2015-07-22:443", "snn:2015-07-21:1039", "snn:2015-07-24:1002")
reviewed("snn:2015-07-26:410", "snn:2015-07-31:738")
