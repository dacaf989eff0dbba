"""What every rule family needs: the plan, the as-of date, and a way to point at a cell.

A finding must always name the cell a clerk has to fix, including when the value is missing:
then it points at the empty cell where the value belongs (the column of the table's layout, on
the row of the task or criterion), and carries the header text as typed in that file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import Plan, Pos, Sourced
from cchc_sheets.core.text import fold

SUGGEST_CUTOFF = 70.0  # rapidfuzz ratio on folded text; below this a suggestion misleads more than it helps
POINTS_TOLERANCE = 0.005  # scores are typed with two decimals at most


@dataclass(slots=True)
class Context:
    """One plan under check, as of one day."""

    plan: Plan
    as_of: dt.date

    def column_pos(self, role: str, field: str, row: int) -> Pos | None:
        """The cell of *field* on *row* of the table *role*, or None when the column is absent."""
        layout = self.plan.layouts.get(role)
        col = layout.columns.get(field) if layout else None
        return Pos(layout.sheet, row, col) if layout and col else None

    def pos(self, item: Sourced, field: str, role: str, row: int) -> Pos | None:
        """Where *field* of *item* was read, else where it belongs."""
        return item.pos(field) or self.column_pos(role, field, row)

    def finding(self, code: str, pos: Pos, value: Any = None, header: str | None = None, /, **args: Any) -> Finding:
        """A finding at *pos*, with the header typed above that column unless *header* is given."""
        return Finding(code, pos.sheet, pos.row, pos.col, value, args, header or self.header_at(pos))

    def header_at(self, pos: Pos) -> str | None:
        for layout in self.plan.layouts.values():
            if layout.sheet == pos.sheet:
                return layout.header_of(pos.col) or None
        return None


def did_you_mean(text: str, choices: Iterable[str]) -> str | None:
    """The choice closest to *text* ignoring case and diacritics, when it is close enough.

    rapidfuzz is imported here, not at module load: most files never need a suggestion, and
    ``check`` must start fast.
    """
    from rapidfuzz import fuzz, process

    by_key = {fold(choice): choice for choice in choices}
    found = process.extractOne(fold(text), list(by_key), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    return by_key[found[0]] if found else None


def known(text: str, choices: Iterable[str]) -> bool:
    """True when *text* equals one of *choices* ignoring case, diacritics and spacing."""
    key = fold(text)
    return any(fold(choice) == key for choice in choices)


def differs(a: float, b: float) -> bool:
    """Two scores differ by more than typing precision (float sums of 0.1s are not exact)."""
    return abs(a - b) > POINTS_TOLERANCE

