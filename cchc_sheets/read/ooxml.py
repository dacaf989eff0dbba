"""A small, defensive reader of spreadsheet packages (xlsx, and legacy xls through xlrd).

Why our own: clerk files are untrusted. This reader identifies a file by its first bytes,
refuses zip bombs from the zip directory before inflating anything, parses XML safely (expat
with every DTD, entity declaration and external reference refused, as defusedxml does),
streams cells without building a tree, and never aborts the process (python-calamine
can SIGABRT on a legal file). It is also fast: a commune workbook reads in a few milliseconds,
and importing it costs nothing beyond the standard library and defusedxml.

It returns a :class:`Grid` per sheet: sparse cells with their value, whether they hold a
formula, and merged ranges, so the workbook reader can apply a merged value to every covered
cell and point at the exact cell of every value.

The work is split by concern: :mod:`.package` (what a file is, package limits), :mod:`.sheet_xml`
(xlsx parts), :mod:`.xls` (legacy .xls) and :mod:`.grid` (the cells handed on). This module is the
door: :class:`Workbook` picks the side, and the shared names are re-exported from here.
"""

from __future__ import annotations

from pathlib import Path

from cchc_sheets.read.grid import CellData, Grid, SheetRef
from cchc_sheets.read.package import check_openable, check_zip_sizes, sniff
from cchc_sheets.read.sheet_xml import XlsxPackage, xml_unescape
from cchc_sheets.read.xls import XlsBook

__all__ = ["CellData", "Grid", "SheetRef", "Workbook", "check_openable", "check_zip_sizes",
           "sniff", "xml_unescape"]


class Workbook:
    """An opened package: its sheet list and, on demand, each sheet's :class:`Grid`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        kind = check_openable(path)
        if kind == "xls":
            self._impl: XlsxPackage | XlsBook = XlsBook(path)
        else:
            self._impl = XlsxPackage(path)
        self.sheets: list[SheetRef] = self._impl.sheets

    def grid(self, sheet: SheetRef) -> Grid:
        return self._impl.grid(sheet)

    def close(self) -> None:
        self._impl.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

