"""Where attention is needed first: the one order of units that «Tổng hợp» prints and that
«Báo cáo nhanh» takes its «communes needing most attention» from.

One key, shared, so the two sheets can never disagree about who comes first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cchc_sheets.consolidate.records import UnitRecord, unit_order


def need_order(unit: UnitRecord) -> tuple[Any, ...]:
    """Sort key, most need first: more lost criteria without a task, then more overdue tasks,
    then the lower coverage rate, then the lower remedy rate; ties in code order
    (:func:`.records.unit_order`), so the order is total and the same on every run."""
    cov = unit.coverage
    return (-(cov["lost"] - cov["covered"]), -unit.tasks["overdue"], cov["rate"], cov["remedy_rate"],
            *unit_order(unit))


def by_need(units: Iterable[UnitRecord]) -> list[UnitRecord]:
    """*units* most need first (:func:`need_order`)."""
    return sorted(units, key=need_order)
