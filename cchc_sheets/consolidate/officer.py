"""Sheets the province officer added to a consolidated workbook, carried into the next one.

The officer writes notes, a cover letter table or their own pivot into the consolidated
workbook; the next ``merge`` (or nightly run) into the same file must not destroy them: they are
not ours. Every sheet of the previous output whose name is not one the library wrote (the marker
sheet lists them; older outputs fall back to :data:`layout.KNOWN_SHEETS`) is read back and
written into the new workbook after the library's sheets: its values (a formula keeps its last
computed value), merged ranges and hidden state. Cell formatting, pictures and formulas
themselves are not carried; the whole previous file is kept in the backup folder beside it
(``.cchc-backup``), so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.consolidate.layout import KNOWN_SHEETS, META_SHEET, OUR_SHEETS_LABEL
from cchc_sheets.consolidate.readback import is_consolidated
from cchc_sheets.core.errors import CchcError
from cchc_sheets.core.text import fold
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.write.xlsx_out import write_value

MAX_CARRIED_CELLS = 200_000  # an officer's notes, not a second data set


@dataclass(slots=True)
class OfficerSheet:
    """One sheet the officer added: its name, cells (0-based) and merged ranges."""

    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False


def officer_sheets(path: Path) -> list[OfficerSheet]:
    """The sheets of the consolidated workbook at *path* that the library did not write; none
    when there is no such file or it cannot be read (then there is nothing of theirs to keep)."""
    if not path.exists():
        return []
    try:
        with Workbook(path) as book:
            if not is_consolidated(book):
                return []
            ours = _our_sheets(book)
            return [_carried(book, ref) for ref in book.sheets if fold(ref.name) not in ours]
    except (CchcError, OSError):
        return []


def _our_sheets(book: Any) -> set[str]:
    """Folded names of the sheets the library wrote, as the marker sheet lists them."""
    meta = next(ref for ref in book.sheets if fold(ref.name) == fold(META_SHEET))
    grid = book.grid(meta)
    listed: set[str] = set()
    for row in range(1, grid.max_row + 1):
        if grid.value(row, 1) == OUR_SHEETS_LABEL and isinstance(grid.value(row, 2), str):
            listed = {fold(name) for name in grid.value(row, 2).split("|")}
    return {fold(META_SHEET), *(listed or {fold(name) for name in KNOWN_SHEETS})}


def _carried(book: Any, ref: Any) -> OfficerSheet:
    grid = book.grid(ref)
    sheet = OfficerSheet(ref.name, hidden=grid.hidden, merged=list(grid.merged))
    for (row, col), cell in list(grid.cells.items())[:MAX_CARRIED_CELLS]:
        if cell.value is not None:
            sheet.cells[(row - 1, col - 1)] = cell.value
    return sheet


def write_officer_sheets(workbook: Any, sheets: list[OfficerSheet], taken: set[str], date_format: Any) -> None:
    """Add the officer's *sheets* to the xlsxwriter *workbook*; a name the library now uses
    (*taken*, folded) gets a suffix rather than being dropped."""
    for sheet in sheets:
        name = sheet.name
        if fold(name) in taken:
            name = f"{name[:27]} (2)"
        taken.add(fold(name))
        ws = workbook.add_worksheet(name)
        for (row, col), value in sorted(sheet.cells.items()):
            write_value(ws, row, col, value, None, date_format)
        for r1, c1, r2, c2 in sheet.merged:
            if (r1, c1) != (r2, c2):
                try:
                    ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, None)
                except Exception:  # noqa: BLE001 - xlsxwriter refuses an overlapping range: keep the values
                    continue
                write_value(ws, r1 - 1, c1 - 1, sheet.cells.get((r1 - 1, c1 - 1)), None, date_format)
        if sheet.hidden:
            ws.hide()
