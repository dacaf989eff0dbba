"""What a caller asks the patcher to write, and the OOXML names the patcher uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_sheets.write.cell_xml import CellValue

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
REL_OFFICE_DOC = NS_REL + "/officeDocument"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_CALC_CHAIN = NS_REL + "/calcChain"
REL_APP = NS_REL + "/extended-properties"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CONTENT_TYPES = "[Content_Types].xml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip time of new parts: two runs give identical bytes
MAX_ROW, MAX_COL = 1_048_576, 16_384
MAX_UNPACKED = 512 * 1024 * 1024  # refuse zip bombs before inflating anything
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_BAD_SHEET_CHARS = set("[]:*?/\\")


@dataclass(frozen=True, slots=True)
class Style:
    """One of the few looks the library needs; becomes an xf appended to ``xl/styles.xml``.

    A style describes the whole look it controls (``fill=None`` means no fill, ``bold=False``
    not bold); borders, font face and size, vertical alignment and protection are kept from the
    cell's previous format, so a table keeps its grid lines.
    """

    bold: bool = False
    fill: str | None = None
    wrap: bool = False
    number_format: str | None = None
    font_color: str | None = None


@dataclass(slots=True)
class Cell:
    """A value to write, with an optional look and an internal hyperlink (``'Nhiệm vụ'!F12``)."""

    value: CellValue
    style: Style | None = None
    link: str | None = None


@dataclass(slots=True)
class NewSheet:
    """A library-owned sheet (``Tổng hợp``, ``Kiểm tra``), written whole on every run."""

    name: str
    rows: list[list[Cell | CellValue]]
    col_widths: dict[int, float] = field(default_factory=dict)
    freeze_rows: int = 0
    autofilter_row: int | None = None
    row_heights: dict[int, float] = field(default_factory=dict)  # points; LibreOffice does not fit wrapped rows


@dataclass(slots=True)
class ColumnPatch:
    """A library-owned column of a clerk's sheet: header, values, every other cell of the column
    from below the header down to *clear_until* (default: the end of the sheet) cleared.

    *clear_until* is the table's last row: what a clerk typed further down in that column (a
    signature, "Người lập biểu") is not the library's and stays.
    """

    sheet: str
    col: int
    header_row: int
    header: str
    values: dict[int, Cell | CellValue]
    width: float | None = None
    clear_until: int | None = None


@dataclass(frozen=True, slots=True)
class PatchResult:
    """Part names whose bytes changed, that were added, and that were dropped."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def touched(self) -> bool:
        """True when the new package differs from the old one in any part."""
        return bool(self.changed or self.added or self.removed)


class _Refuse(Exception):
    """The package cannot be patched safely; the message is the reason shown to the user."""


def _as_cell(item: Cell | CellValue) -> Cell:
    return item if isinstance(item, Cell) else Cell(item)


def quote_sheet(name: str) -> str:
    """A sheet name as formulas and links write it: ``'Nhiệm vụ'`` (quotes doubled)."""
    return "'" + name.replace("'", "''") + "'"
