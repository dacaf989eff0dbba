"""Rules on coverage: lost points nobody is working on, and tasks of the wrong kind.

A lost-point criterion that no valid task links (directly or through an ancestor) is the gap a
district reviewer looks for first. Survey-scored criteria are left out: the unit cannot fix
them alone (WORKBOOK_FORMAT.md). The definitions are :mod:`cchc_sheets.compute.coverage`'s, so
``check`` and ``summarize`` never disagree on what is covered.
"""

from __future__ import annotations

from cchc_sheets.check.rules.base import Context
from cchc_sheets.compute.coverage import lost_leaves, task_links
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import KIND_MAINTAIN, SHEET_CRITERIA, SHEET_TASKS


def check(ctx: Context) -> list[Finding]:
    """Coverage findings; nothing unless both tables were found."""
    if SHEET_CRITERIA not in ctx.plan.layouts or SHEET_TASKS not in ctx.plan.layouts:
        return []
    return [*_uncovered(ctx), *_maintenance_on_lost(ctx)]


def _uncovered(ctx: Context) -> list[Finding]:
    """Each lost, non-survey leaf without a valid task, at its achieved-points cell."""
    links = task_links(ctx.plan)
    out = []
    for crit in lost_leaves(ctx.plan):
        if crit.is_survey or links.get(crit.code):
            continue
        pos = ctx.pos(crit, "achieved_points", SHEET_CRITERIA, crit.row)
        if pos is not None:
            out.append(ctx.finding("COVERAGE-LOST-NO-TASK", pos, crit.achieved_points, code=crit.code,
                                   lost=round(crit.lost_points, 2)))
    return out


def _maintenance_on_lost(ctx: Context) -> list[Finding]:
    """A ``Duy trì`` task linked to a leaf that lost points: it should be ``Khắc phục``."""
    lost = {crit.code: crit for crit in lost_leaves(ctx.plan)}
    out = []
    for task in ctx.plan.tasks:
        if task.kind != KIND_MAINTAIN:
            continue
        pos = ctx.pos(task, "kind", SHEET_TASKS, task.row)
        for code in dict.fromkeys(task.criteria_codes):
            if code in lost and pos is not None:
                out.append(ctx.finding("COVERAGE-MAINTAIN-LOST", pos, task.raw.get("kind"), code=code,
                                       lost=round(lost[code].lost_points, 2)))
    return out
