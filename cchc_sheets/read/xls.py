"""Legacy ``.xls`` (BIFF) through xlrd, imported only for such files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.read.grid import CellData, Grid, SheetRef


class XlsBook:
    """Legacy ``.xls`` through xlrd (imported only for such files)."""

    def __init__(self, path: Path) -> None:
        try:
            import xlrd

            self.book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
        except Exception as exc:  # noqa: BLE001 - any xlrd failure means "cannot read this xls"
            raise UnreadableFile("file.legacy_xls_unreadable", path=str(path)) from exc
        self.sheets = [SheetRef(name, name, self.book.sheet_by_name(name).visibility != 0)
                       for name in self.book.sheet_names()]

    def close(self) -> None:
        self.book.release_resources()

    def grid(self, sheet: SheetRef) -> Grid:
        import xlrd

        source = self.book.sheet_by_name(sheet.part)
        grid = Grid(sheet.name, hidden=sheet.hidden)
        for r in range(source.nrows):
            for c in range(source.ncols):
                cell = source.cell(r, c)
                value = _xls_value(cell, self.book.datemode, xlrd)
                if value is not None:
                    grid.cells[(r + 1, c + 1)] = CellData(value)
        grid.merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in source.merged_cells]
        grid.finish()
        return grid


def _xls_value(cell: Any, datemode: int, xlrd: Any) -> Any:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, datemode).date()
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value
