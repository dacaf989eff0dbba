"""Rules on ``Thông tin``: who, which year, which plan.

The unit name and the two years are required (without them no deadline can be dated and no
report titled); the unit code and criteria set only matter when files are consolidated, so
their absence is a warning. Years and dates are checked for plausibility, and a total score,
when typed, must match the criteria.
"""

from __future__ import annotations

from typing import TypeGuard

from cchc_sheets.check.rules.base import Context, differs
from cchc_sheets.core import columns as cols
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import SHEET_INFO, Pos

REQUIRED = ("unit_name", "assessed_year", "plan_year")
FOR_CONSOLIDATION = ("unit_code", "criteria_set")
YEAR_MIN, YEAR_MAX = 2000, 2100
LABELS = {column.field: column.header for column in cols.INFO_LABELS}


def check(ctx: Context) -> list[Finding]:
    """All ``Thông tin`` findings; nothing when the sheet itself is missing (reported once already)."""
    sheet = ctx.plan.sheet_names.get(SHEET_INFO)
    if not sheet:
        return []
    return [*_missing(ctx, sheet), *_years(ctx), *_dates(ctx), *_total(ctx)]


def _at(ctx: Context, code: str, field: str, pos: Pos, /, **args: object) -> Finding:
    return ctx.finding(code, pos, ctx.plan.info.raw.get(field), LABELS[field], label=LABELS[field], **args)


def _missing(ctx: Context, sheet: str) -> list[Finding]:
    """Required values never typed (a value typed but unreadable was reported by the reader)."""
    info = ctx.plan.info
    out = []
    for code, fields in (("INFO-MISSING", REQUIRED), ("INFO-MISSING-FOR-MERGE", FOR_CONSOLIDATION)):
        for field in fields:
            if getattr(info, field) is not None or info.raw.get(field) is not None:
                continue
            pos = info.pos(field)
            if pos is None:  # the label row itself is gone: point at the sheet
                out.append(Finding(code, sheet, args={"label": LABELS[field]}, header=LABELS[field]))
            else:
                out.append(_at(ctx, code, field, pos))
    return out


def _years(ctx: Context) -> list[Finding]:
    info = ctx.plan.info
    out = []
    for field in ("assessed_year", "plan_year"):
        year, pos = getattr(info, field), info.pos(field)
        if year is not None and pos is not None and not YEAR_MIN <= year <= YEAR_MAX:
            out.append(_at(ctx, "INFO-YEAR-RANGE", field, pos))
    assessed, planned, pos = info.assessed_year, info.plan_year, info.pos("plan_year")
    if _plausible(assessed) and _plausible(planned) and pos is not None and planned != assessed + 1:
        out.append(_at(ctx, "INFO-PLAN-YEAR", "plan_year", pos, expected=assessed + 1))
    return out


def _plausible(year: int | None) -> TypeGuard[int]:
    return year is not None and YEAR_MIN <= year <= YEAR_MAX


def _dates(ctx: Context) -> list[Finding]:
    """Issue date in the assessed or plan year; no date after the as-of day."""
    info = ctx.plan.info
    out = []
    years = {y for y in (info.assessed_year, info.plan_year) if _plausible(y)}
    issued, pos = info.issued_on, info.pos("issued_on")
    if issued is not None and pos is not None and years and issued.year not in years:
        out.append(_at(ctx, "INFO-ISSUED-YEAR", "issued_on", pos, years=", ".join(map(str, sorted(years)))))
    for field in ("issued_on", "updated_on"):
        day, pos = getattr(info, field), info.pos(field)
        if day is not None and pos is not None and day > ctx.as_of:
            out.append(_at(ctx, "INFO-DATE-FUTURE", field, pos, as_of=ctx.as_of))
    return out


def _total(ctx: Context) -> list[Finding]:
    """A typed total must equal base + bonus − penalty over the leaves that arise (skipped if any
    is blank); a penalty's achieved points are negative, so this is the plain sum."""
    info = ctx.plan.info
    pos = info.pos("total_score")
    if info.total_score is None or pos is None:
        return []
    leaves = [c for c in ctx.plan.leaves() if c.code and c.max_points is not None and not c.not_applicable]
    if not leaves or any(c.achieved_points is None for c in leaves):
        return []
    expected = round(sum(c.achieved_points or 0.0 for c in leaves), 2)
    if not differs(info.total_score, expected):
        return []
    return [_at(ctx, "INFO-TOTAL-MISMATCH", "total_score", pos, expected=expected)]
