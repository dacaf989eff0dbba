"""The checks a careful district reviewer makes on one plan, one module per family.

Each family is a function ``check(ctx) -> list[Finding]`` over an already-read plan; none of
them reads a file or raises on bad data. The reader's own findings (unreadable cells, missing
sheets and columns) are in ``plan.findings``; :func:`check_plan` adds the rules' findings.
Codes, severities and sentences live in :mod:`cchc_sheets.core.catalogue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cchc_sheets.check.rules import coverage, criteria, info, tasks
from cchc_sheets.check.rules.base import Context
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import Plan

FAMILIES: dict[str, Callable[[Context], list[Finding]]] = {
    "info": info.check,
    "criteria": criteria.check,
    "tasks": tasks.check,
    "coverage": coverage.check,
}


def check_plan(plan: Plan, as_of: dt.date) -> list[Finding]:
    """Every rule finding on *plan* as of *as_of* (the reader's findings are not repeated)."""
    ctx = Context(plan, as_of)
    return [finding for family in FAMILIES.values() for finding in family(ctx)]
