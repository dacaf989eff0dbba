"""Rules on ``Tiêu chí``: codes, the tree they form, and the points on it.

Coverage is computed on leaves and their ancestors, so a broken tree silently changes which
tasks cover what: codes must be well-formed and unique, every code's parent must exist, and a
parent's points must be the sum of its children's. Parents may be left blank or hold a SUM
formula (the reader then leaves the value empty): those are summed, not checked.
"""

from __future__ import annotations

from cchc_sheets.check.rules.base import POINTS_TOLERANCE, Context, did_you_mean, differs, known
from cchc_sheets.core.codes import is_valid_code
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import INDEXES, METHODS, NOT_APPLICABLE_WORDS, SHEET_CRITERIA, Criterion
from cchc_sheets.core.values import text_value

SCORE_FIELDS = ("max_points", "achieved_points")


def check(ctx: Context) -> list[Finding]:
    """All ``Tiêu chí`` findings; nothing when the table was not found (reported already)."""
    if SHEET_CRITERIA not in ctx.plan.layouts:
        return []
    return [*_codes(ctx), *_tree(ctx), *_points(ctx), *_lists(ctx)]


def _at(ctx: Context, code: str, crit: Criterion, field: str, /, **args: object) -> list[Finding]:
    """One finding at *field* of *crit* (its cell, or the empty cell where it belongs)."""
    pos = ctx.pos(crit, field, SHEET_CRITERIA, crit.row)
    if pos is None:  # the column is missing: COLUMN-MISSING says so once
        return []
    return [ctx.finding(code, pos, crit.raw.get(field), code=crit.code, **args)]


def _codes(ctx: Context) -> list[Finding]:
    """Missing, malformed, repeated and orphan codes."""
    out: list[Finding] = []
    first_row: dict[str, int] = {}
    codes = {c.code for c in ctx.plan.criteria}
    for crit in ctx.plan.criteria:
        if not crit.code:
            if any(crit.raw.get(field) is not None for field in SCORE_FIELDS):  # a heading has no points
                out += _at(ctx, "CRIT-CODE-MISSING", crit, "code")
        elif not is_valid_code(crit.code):
            out += _at(ctx, "CRIT-CODE-INVALID", crit, "code")
        elif crit.code in first_row:
            out += _at(ctx, "CRIT-CODE-DUPLICATE", crit, "code", first_row=first_row[crit.code])
        else:
            first_row[crit.code] = crit.row
            if crit.parent_code and crit.parent_code not in codes:
                out += _at(ctx, "CRIT-ORPHAN", crit, "code", parent=crit.parent_code)
    return out


def _tree(ctx: Context) -> list[Finding]:
    """A parent's typed points equal the sums of its children's."""
    by_code = ctx.plan.criteria_by_code()
    out: list[Finding] = []
    for crit in ctx.plan.criteria:
        if crit.is_leaf or by_code.get(crit.code) is not crit:
            continue
        for field, code in (("max_points", "CRIT-MAX-SUM"), ("achieved_points", "CRIT-ACHIEVED-SUM")):
            typed = getattr(crit, field)
            expected = _children_sum(crit, field, by_code)
            if typed is not None and expected is not None and differs(typed, expected):
                out += _at(ctx, code, crit, field, expected=round(expected, 2))
    return out


def _children_sum(crit: Criterion, field: str, by_code: dict[str, Criterion]) -> float | None:
    """Sum over the children, each child's own value or else its own children's sum; None if unknown.

    A block holding bonus and penalty rows (``Điểm thưởng, điểm trừ``) states as its maximum what
    can be added: penalty caps are not part of it (a penalty block's own maximum is its caps').
    """
    total = 0.0
    for code in crit.children:
        child = by_code[code]
        if field == "max_points" and child.is_penalty and not crit.is_penalty:
            continue
        value = getattr(child, field)
        if value is None and child.children:
            value = _children_sum(child, field, by_code)
        if value is None:
            return None
        total += value
    return total


def _points(ctx: Context) -> list[Finding]:
    """Scores within range, and present on every coded leaf that arises in the unit.

    A penalty row (điểm trừ) holds its deduction as a number from −cap to 0; its cap may be
    typed as a positive or a negative maximum. A row that does not arise (không phát sinh) may
    leave its achieved points blank.
    """
    out: list[Finding] = []
    for crit in ctx.plan.criteria:
        top, got = crit.max_points, crit.achieved_points
        if crit.is_penalty:
            cap = abs(top) if top is not None else None
            if got is not None and (got > POINTS_TOLERANCE or (cap is not None and got < -cap - POINTS_TOLERANCE)):
                out += _at(ctx, "CRIT-PENALTY-RANGE", crit, "achieved_points", cap=cap if cap is not None else "")
        else:
            if top is not None and top < 0:
                out += _at(ctx, "CRIT-MAX-NEGATIVE", crit, "max_points")
            if got is not None and (got < 0 or (top is not None and top >= 0 and got > top + POINTS_TOLERANCE)):
                out += _at(ctx, "CRIT-ACHIEVED-RANGE", crit, "achieved_points", max=top if top is not None else "")
        if crit.code and crit.is_leaf:
            out += _blank(ctx, crit, "max_points", "CRIT-MAX-MISSING")
            if not crit.not_applicable:
                out += _blank(ctx, crit, "achieved_points", "CRIT-ACHIEVED-MISSING")
    return out


def _blank(ctx: Context, crit: Criterion, field: str, code: str) -> list[Finding]:
    """Nothing in the cell at all (a formula or an unreadable value is not "nothing")."""
    if field in crit.source:
        return []
    return _at(ctx, code, crit, field)


def _lists(ctx: Context) -> list[Finding]:
    """Index and method typed outside their dropdown lists (with a "did you mean")."""
    lists = ctx.plan.lists
    out: list[Finding] = []
    checks = (("index", "CRIT-INDEX-UNKNOWN", [*INDEXES, *lists.indexes]),
              ("method", "CRIT-METHOD-UNKNOWN", [*METHODS, *NOT_APPLICABLE_WORDS, *lists.methods]))
    for crit in ctx.plan.criteria:
        for field, code, allowed in checks:
            typed = text_value(crit.raw.get(field))
            value = getattr(crit, field)
            if typed and value and not known(value, allowed):
                choices = list(dict.fromkeys(allowed))
                out += _at(ctx, code, crit, field, allowed=", ".join(choices), suggestion=did_you_mean(typed, choices))
    return out
