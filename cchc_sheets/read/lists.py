"""The roster of a merge: the units that should have sent a workbook.

A province (a district before 7/2025) keeps it as a sheet or a CSV with at least ``Mã đơn vị``
or ``Tên đơn vị`` columns (any alias the ``Thông tin`` labels accept, e.g. ``Mã ĐVHC``, ``Đơn vị``),
and optionally ``Nhóm``: the ranking group of each unit (see compute/ranking.py). It lets the
consolidated workbook say who has not sent anything, and which files came from units nobody
expected (a typo in a unit code shows up there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_sheets.core import columns as cols
from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.values import text_value

if TYPE_CHECKING:
    from cchc_sheets.write.template import Rows

register({
    "roster.unreadable": ("Không đọc được danh sách đơn vị: {reason}", "Cannot read the roster: {reason}"),
    "roster.no_columns": ("cần cột «Mã đơn vị» hoặc «Tên đơn vị» ở một trong 10 dòng đầu.",
                          "a «Mã đơn vị» or «Tên đơn vị» column is needed in the first 10 rows."),
})

_FIELDS = (*(c for c in cols.INFO_LABELS if c.field in ("unit_code", "unit_name")),
           cols.Column("group", "Nhóm", ("Nhóm xếp hạng", "Nhóm đơn vị")))


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One unit expected to send a workbook."""

    code: str | None
    name: str | None
    group: str | None = None  # «Nhóm»: the ranking group, when the province lists it


def read_roster(path: Path) -> list[RosterEntry]:
    """The units listed in *path* (.csv or .xlsx), read like a criteria list (the same encodings
    and limits); a bad roster is a usage error (exit 2)."""
    from cchc_sheets.write.template import list_rows

    return _entries(path, list_rows(path, "roster.unreadable"))


def _entries(path: Path, rows: Rows) -> list[RosterEntry]:
    from cchc_sheets.write.template import top_rows

    index = cols.alias_index(_FIELDS)
    for at, row in top_rows(rows):
        found = {cols.match_header(v, index): c for c, v in enumerate(row) if isinstance(v, str)}
        found.pop(None, None)
        if found.keys() - {"group"}:
            return [entry for entry in (_entry(r, found) for _, r in rows[at + 1:]) if entry.code or entry.name]
    raise UsageError("roster.unreadable", path=str(path), reason=_no_columns())


def _entry(row: list[Any], found: dict[Any, int]) -> RosterEntry:
    def cell(field: str) -> str | None:
        col = found.get(field)
        return text_value(row[col]) if col is not None and col < len(row) else None

    return RosterEntry(cell("unit_code"), cell("unit_name"), cell("group"))


def _no_columns() -> str:
    from cchc_sheets.core.i18n import t

    return t("roster.no_columns")
