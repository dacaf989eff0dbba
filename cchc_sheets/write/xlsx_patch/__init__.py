"""Lossless write-back: patch the OOXML package of a clerk's workbook, never re-save it.

An openpyxl load/save silently drops charts, pictures, shapes, Excel 2010 (x14) dropdowns,
cached formula values and more (XLSX_FACTS.md). So this module treats the workbook as the zip of
parts it is. A part the library does not own is copied raw: same compressed bytes, same zip
metadata, same place in the zip. A part it owns is edited as text, by splicing exactly the
elements it writes, so every byte around them stays as the clerk's program wrote it. No XML is
ever re-serialised (ElementTree would rewrite namespace prefixes); the XML parser is only used
to read small bookkeeping parts and to check the result before it replaces anything.

Modules: ``edits`` (what a caller asks for), ``patch`` (one run), ``sheet_editor`` (columns
spliced into a clerk's sheet, library sheets written whole), ``styles``, ``zip_package``,
``xml_text``; cell markup is :mod:`cchc_sheets.write.cell_xml`. docs/writeback.md lists the parts the library owns and why.
"""

from cchc_sheets.write.cell_xml import CellValue, cell_markup
from cchc_sheets.write.xlsx_patch.edits import Cell, ColumnPatch, NewSheet, PatchResult, Style, quote_sheet
from cchc_sheets.write.xlsx_patch.patch import package_digest, patch_workbook

__all__ = ["Cell", "CellValue", "ColumnPatch", "NewSheet", "PatchResult", "Style", "cell_markup",
           "package_digest", "patch_workbook", "quote_sheet"]
