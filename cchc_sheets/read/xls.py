"""Legacy ``.xls`` (BIFF2-8) through xlrd, imported only for such files.

Held to the same bounds as .xlsx: only the cells the file holds are visited (rows are ragged, so a
used range that claims 65,536 x 256 cells costs nothing), at most
:data:`~cchc_sheets.read.package.MAX_CELLS_PER_SHEET` cells, the same merged-range caps and the
same text clean-up. xlrd's diagnostics go to a log kept in memory, never to stdout (where they
broke ``--format json``), and every xlrd failure, at open or while a sheet is parsed, becomes one
true sentence.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.values import vi_number
from cchc_sheets.read.grid import CellData, CellError, Grid, SheetRef
from cchc_sheets.read.package import MAX_CELLS_PER_SHEET
from cchc_sheets.read.sheet_xml import cell_text

# What xlrd raises on a damaged or odd file: its own XLRDError and CompDocError, and whatever its
# record parser hits (AssertionError, struct.error, IndexError, UnicodeDecodeError ...). xlrd is a
# parser of untrusted bytes: any exception it raises means "this .xls cannot be read".
_XLRD_FAILURES = (Exception,)


class XlsBook:
    """The legacy side of :class:`~cchc_sheets.read.ooxml.Workbook`."""

    def __init__(self, path: Path) -> None:
        import xlrd

        self.path = path
        self.log = io.StringIO()  # xlrd's warnings: kept for --debug, never printed
        try:
            # formatting_info: xlrd reads merged ranges only with it; ragged rows keep blank cells
            # from padding every row to the widest one.
            self.book = xlrd.open_workbook(str(path), logfile=self.log, verbosity=0, on_demand=True,
                                           ragged_rows=True, formatting_info=True)
        except _XLRD_FAILURES as exc:  # noqa: BLE001 - see _XLRD_FAILURES
            raise _failure(path, exc) from exc
        try:
            visibility = getattr(self.book, "_sheet_visibility", [])
            self.sheets = [SheetRef(cell_text(name), str(index), bool(index < len(visibility) and visibility[index]))
                           for index, name in enumerate(self.book.sheet_names())]
        except BaseException:
            self.book.release_resources()
            raise

    def close(self) -> None:
        self.book.release_resources()

    def grid(self, sheet: SheetRef) -> Grid:
        import xlrd

        index = int(sheet.part)
        try:
            source = self.book.sheet_by_index(index)
        except _XLRD_FAILURES as exc:  # noqa: BLE001 - see _XLRD_FAILURES
            raise _failure(self.path, exc) from exc
        grid = Grid(sheet.name, hidden=sheet.hidden)
        types, values = source._cell_types, source._cell_values  # ragged: each row as long as its last cell
        if sum(map(len, types)) > MAX_CELLS_PER_SHEET * 4:
            raise _too_large(self.path, sheet)
        datemode = self.book.datemode
        cells = grid.cells
        for r, row_types in enumerate(types):
            for c, ctype in enumerate(row_types):
                if xlrd.XL_CELL_EMPTY < ctype < xlrd.XL_CELL_BLANK:
                    value = _xls_value(ctype, values[r][c], datemode, xlrd)
                    if value is not None:
                        cells[(r + 1, c + 1)] = CellData(value)
        if len(cells) > MAX_CELLS_PER_SHEET:
            raise _too_large(self.path, sheet)
        grid.merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in source.merged_cells
                       if r1 < r2 and c1 < c2]
        self.book.unload_sheet(index)
        grid.finish(str(self.path))
        return grid


def _failure(path: Path, exc: BaseException) -> UnreadableFile:
    """The sentence for an xlrd failure: password-protected, or a damaged/unsupported .xls."""
    if "encrypted" in str(exc).lower():
        return UnreadableFile("file.encrypted", path=str(path))
    return UnreadableFile("file.legacy_xls_unreadable", path=str(path))


def _too_large(path: Path, sheet: SheetRef) -> UnreadableFile:
    return UnreadableFile("file.sheet_too_large", path=str(path), sheet=sheet.name, cells=vi_number(MAX_CELLS_PER_SHEET))


def _xls_value(ctype: int, value: Any, datemode: int, xlrd: Any) -> Any:
    if ctype == xlrd.XL_CELL_TEXT:
        return cell_text(value) or None
    if ctype == xlrd.XL_CELL_NUMBER:
        return value if value == value and abs(value) != float("inf") else None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode).date()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value  # a serial no calendar has: keep the number, the reader says it is no date
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if ctype == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(value, "#N/A"))
    return None
