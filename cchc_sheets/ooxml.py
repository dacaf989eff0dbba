"""A small, defensive reader of spreadsheet packages (xlsx, and legacy xls through xlrd).

Why our own: clerk files are untrusted. This reader identifies a file by its first bytes,
refuses zip bombs from the zip directory before inflating anything, parses XML only through
defusedxml, keeps memory bounded with iterparse, and never aborts the process (python-calamine
can SIGABRT on a legal file). It is also fast: a commune workbook reads in a few milliseconds,
and importing it costs nothing beyond the standard library and defusedxml.

It returns a :class:`Grid` per sheet: sparse cells with their value, whether they hold a
formula, and merged ranges, so the workbook reader can apply a merged value to every covered
cell and point at the exact cell of every value.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from cchc_sheets.errors import UnreadableFile
from cchc_sheets.i18n import register
from cchc_sheets.values import serial_to_date

register({
    "file.missing": ("Không tìm thấy tệp.", "File not found."),
    "file.empty": ("Tệp rỗng (0 byte).", "The file is empty (0 bytes)."),
    "file.excel_lock": ("Đây là tệp khóa của Excel: sổ gốc đang được mở trong Excel. Hãy đóng Excel rồi gửi lại.",
                        "This is Excel's lock file: the workbook is open in Excel. Close Excel and try again."),
    "file.not_spreadsheet": ("Không phải tệp Excel (.xlsx). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
                             "Not an Excel workbook (.xlsx). Open it in Excel and save it as .xlsx."),
    "file.truncated": ("Tệp Excel bị hỏng hoặc tải về chưa hết. Hãy tải lại hoặc xin gửi lại tệp.",
                       "The workbook is damaged or incompletely downloaded. Download it again."),
    "file.encrypted": ("Tệp Excel có đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại.",
                       "The workbook is password-protected. Remove the password in Excel and save it again."),
    "file.legacy_xls_unreadable": ("Tệp Excel cũ (.xls) không đọc được. Hãy mở bằng Excel và chọn Lưu thành > Sổ làm việc Excel (.xlsx).",
                                   "Legacy .xls file that cannot be read. Save it as .xlsx in Excel."),
    "file.ods": ("Tệp bảng tính OpenDocument (.ods). Hãy lưu lại dạng .xlsx.",
                 "OpenDocument spreadsheet (.ods). Save it as .xlsx."),
    "file.zip_bomb": ("Tệp có nội dung nén bất thường ({size} MB khi giải nén), từ chối đọc để bảo vệ máy.",
                      "The file inflates to an abnormal size ({size} MB); refused to protect the machine."),
    "file.too_many_parts": ("Tệp có quá nhiều thành phần ({count}), từ chối đọc.",
                            "The file has too many parts ({count}); refused."),
    "file.xml_attack": ("Tệp chứa XML nguy hiểm (khai báo thực thể/DTD), từ chối đọc.",
                        "The file contains dangerous XML (entity/DTD declarations); refused."),
    "file.bad_xml": ("Tệp Excel bị hỏng (phần {part} không đọc được).",
                     "The workbook is damaged (part {part} cannot be parsed)."),
    "file.no_sheets": ("Không tìm thấy trang tính nào trong tệp (có thể là định dạng Strict Open XML: hãy lưu lại bằng Excel dạng .xlsx thông thường).",
                       "No worksheets found (maybe Strict Open XML: save it again as a normal .xlsx)."),
    "file.sheet_too_large": ("Trang «{sheet}» quá lớn ({cells} ô trở lên); sổ theo dõi của một đơn vị không lớn như vậy.",
                             "Sheet '{sheet}' is too large ({cells}+ cells) for a plan workbook."),
})

# Limits for one workbook. A commune file is ~20 KiB zipped, well under 1 MiB of XML.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_INFLATED = 200 * 1024 * 1024
MAX_PART_INFLATED = 100 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 2 * 1024 * 1024
MAX_PARTS = 10_000
MAX_CELLS_PER_SHEET = 500_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
LEGACY_FONT = re.compile(r"^(\.vn|vni[ -])", re.IGNORECASE)


def col_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def split_ref(ref: str) -> tuple[int, int]:
    """``F12`` -> (12, 6) as (row, col)."""
    match = _REF.match(ref.replace("$", "").upper())
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), col_number(match.group(1))


@dataclass(slots=True)
class CellData:
    """A cell as stored: its value (str, float, bool, date), formula flag and legacy-font flag."""

    value: Any
    formula: bool = False
    legacy_font: bool = False


@dataclass(slots=True)
class Grid:
    """One sheet's cells, sparse, 1-based, with merged ranges resolved on lookup.

    A merged range's value belongs to every row it covers (a lead merged over three activity
    rows leads all three) but only to its first column: a title merged across the row is one
    title, not a value in every column.
    """

    name: str
    cells: dict[tuple[int, int], CellData] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    max_row: int = 0
    max_col: int = 0
    _merge_origin: dict[tuple[int, int], tuple[int, int] | None] = field(default_factory=dict)

    def finish(self) -> None:
        """Compute the used range and index merged ranges once the cells are in."""
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)
        for r1, c1, r2, c2 in self.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                continue  # a whole-column merge is layout, not data
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._merge_origin[(r, c)] = (r1, c1) if c == c1 else None

    def get(self, row: int, col: int) -> CellData | None:
        """The cell at (row, col), taking a merged range's value down its first column."""
        if (row, col) in self._merge_origin:
            origin = self._merge_origin[(row, col)]
            return None if origin is None else self.cells.get(origin)
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> Any:
        cell = self.get(row, col)
        return None if cell is None else cell.value

    def is_merged_copy(self, row: int, col: int) -> bool:
        """True where a merged range covers this cell without starting there."""
        return (row, col) in self._merge_origin


@dataclass(slots=True)
class SheetRef:
    name: str
    part: str
    hidden: bool


@dataclass(slots=True)
class _Styles:
    date_xf: set[int] = field(default_factory=set)
    legacy_xf: set[int] = field(default_factory=set)


def sniff(path: Path) -> str:
    """What a file is, by name and first bytes: ``xlsx``, ``xls``, ``encrypted``, ``ods``,
    ``excel_lock``, ``empty``, ``missing`` or ``other``. The extension is not trusted."""
    if path.name.startswith("~$") or path.name.startswith(".~lock."):
        return "excel_lock"
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        return "missing"
    if size == 0:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(path)
    if head == OLE_MAGIC:
        return _sniff_ole(path)
    return "other"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "xlsx"  # a damaged workbook: opening it reports "truncated"
    if "mimetype" in names and "content.xml" in names:
        return "ods"
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        return "xlsx"
    return "other"


def _sniff_ole(path: Path) -> str:
    """OLE compound file: an encrypted xlsx holds ``EncryptionInfo``; a legacy xls ``Workbook``."""
    data = path.read_bytes()[:4 * 1024 * 1024]
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return "other"


def check_openable(path: Path) -> str:
    """Raise :class:`UnreadableFile` with the reason unless *path* is a workbook we can read."""
    kind = sniff(path)
    errors = {
        "missing": "file.missing", "empty": "file.empty", "excel_lock": "file.excel_lock",
        "encrypted": "file.encrypted", "ods": "file.ods", "other": "file.not_spreadsheet",
    }
    if kind in errors:
        raise UnreadableFile(errors[kind], path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile("file.zip_bomb", path=str(path), size=path.stat().st_size // 2**20)
    return kind


class Workbook:
    """An opened package: its sheet list and, on demand, each sheet's :class:`Grid`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        kind = check_openable(path)
        if kind == "xls":
            self._impl: _XlsxPackage | _XlsBook = _XlsBook(path)
        else:
            self._impl = _XlsxPackage(path)
        self.sheets: list[SheetRef] = self._impl.sheets

    def grid(self, sheet: SheetRef) -> Grid:
        return self._impl.grid(sheet)

    def close(self) -> None:
        self._impl.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _XlsxPackage:
    """The OOXML side of :class:`Workbook`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableFile("file.truncated", path=str(path)) from exc
        try:
            self._check_sizes()
            self.sheets = self._read_sheet_list()
            self._strings: list[str] | None = None
            self._styles: _Styles | None = None
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def _check_sizes(self) -> None:
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise UnreadableFile("file.too_many_parts", path=str(self.path), count=len(infos))
        total = sum(info.file_size for info in infos)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_INFLATED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise UnreadableFile("file.zip_bomb", path=str(self.path), size=total // 2**20)
        if total > MAX_TOTAL_INFLATED:
            raise UnreadableFile("file.zip_bomb", path=str(self.path), size=total // 2**20)

    def _part(self, name: str) -> bytes | None:
        try:
            return self.zip.read(name)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise UnreadableFile("file.truncated", path=str(self.path)) from exc

    def _events(self, name: str, data: bytes):  # type: ignore[no-untyped-def]
        """iterparse *data* safely; turn XML attacks and damage into :class:`UnreadableFile`."""
        try:
            yield from iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        except DefusedXmlException as exc:
            raise UnreadableFile("file.xml_attack", path=str(self.path)) from exc
        except ParseError as exc:
            raise UnreadableFile("file.bad_xml", path=str(self.path), part=name) from exc

    def _read_sheet_list(self) -> list[SheetRef]:
        data = self._part("xl/workbook.xml")
        if data is None:
            raise UnreadableFile("file.not_spreadsheet", path=str(self.path))
        rels = self._relationships("xl/_rels/workbook.xml.rels", "xl")
        sheets = []
        for event, elem in self._events("xl/workbook.xml", data):
            if event == "end" and _local(elem.tag) == "sheet":
                rid = next((v for k, v in elem.attrib.items() if _local(k) == "id"), None)
                part = rels.get(rid or "")
                if part:
                    hidden = elem.get("state", "visible") != "visible"
                    sheets.append(SheetRef(elem.get("name", ""), part, hidden))
        if not sheets:
            raise UnreadableFile("file.no_sheets", path=str(self.path))
        return sheets

    def _relationships(self, name: str, base: str) -> dict[str, str]:
        data = self._part(name)
        if data is None:
            return {}
        rels = {}
        for event, elem in self._events(name, data):
            if event == "end" and _local(elem.tag) == "Relationship":
                target = elem.get("Target", "")
                if elem.get("TargetMode") == "External":
                    continue
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{base}/{target}")
                rels[elem.get("Id", "")] = path
        return rels

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            data = self._part("xl/sharedStrings.xml")
            if data is not None:
                self._strings = self._parse_strings(data)
        return self._strings

    def _parse_strings(self, data: bytes) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        skip = 0
        for event, elem in self._events("xl/sharedStrings.xml", data):
            tag = _local(elem.tag)
            if tag == "rPh":  # phonetic runs are not part of the text
                skip += 1 if event == "start" else -1
            elif event == "end" and tag == "t" and not skip:
                parts.append(elem.text or "")
            elif event == "end" and tag == "si":
                strings.append("".join(parts))
                parts = []
                elem.clear()
        return strings

    def _style_info(self) -> _Styles:
        if self._styles is None:
            data = self._part("xl/styles.xml")
            self._styles = _Styles() if data is None else self._parse_styles(data)
        return self._styles

    def _parse_styles(self, data: bytes) -> _Styles:
        custom_dates: set[int] = set()
        fonts: list[str] = []
        styles = _Styles()
        xf_index = 0
        section = ""
        font_name = ""
        for event, elem in self._events("xl/styles.xml", data):
            tag = _local(elem.tag)
            if tag in ("cellXfs", "cellStyleXfs", "fonts", "dxfs"):
                section = tag if event == "start" else ""
            if event != "end":
                continue
            if tag == "numFmt":
                code = _FORMAT_NOISE.sub("", elem.get("formatCode", ""))
                if _DATE_TOKENS.search(code) and not re.fullmatch(r"[^dmy]*", code, re.IGNORECASE):
                    custom_dates.add(int(elem.get("numFmtId", "0")))
            elif tag == "name" and section == "fonts":
                font_name = elem.get("val", "")
            elif tag == "font" and section == "fonts":
                fonts.append(font_name)
                font_name = ""
            elif tag == "xf" and section == "cellXfs":
                fmt = int(elem.get("numFmtId", "0"))
                if fmt in _BUILTIN_DATE_FORMATS or fmt in custom_dates:
                    styles.date_xf.add(xf_index)
                font = int(elem.get("fontId", "0"))
                if font < len(fonts) and LEGACY_FONT.match(fonts[font]):
                    styles.legacy_xf.add(xf_index)
                xf_index += 1
        return styles

    def grid(self, sheet: SheetRef) -> Grid:
        data = self._part(sheet.part)
        grid = Grid(sheet.name, hidden=sheet.hidden)
        if data is None:
            return grid
        strings = self._shared_strings()
        styles = self._style_info()
        row_no = 0
        col_no = 0
        for event, elem in self._events(sheet.part, data):
            tag = _local(elem.tag)
            if event == "start":
                if tag == "row":
                    row_no = int(elem.get("r") or row_no + 1)
                    col_no = 0
                continue
            if tag == "c":
                ref = elem.get("r")
                if ref:
                    _, col_no = split_ref(ref)
                else:
                    col_no += 1
                cell = _cell(elem, strings, styles)
                if cell is not None:
                    grid.cells[(row_no, col_no)] = cell
                    if len(grid.cells) > MAX_CELLS_PER_SHEET:
                        raise UnreadableFile("file.sheet_too_large", path=str(self.path),
                                             sheet=sheet.name, cells=MAX_CELLS_PER_SHEET)
                elem.clear()
            elif tag == "row":
                elem.clear()
            elif tag == "mergeCell":
                _add_merge(grid, elem.get("ref", ""))
        grid.finish()
        return grid


def _add_merge(grid: Grid, ref: str) -> None:
    if ":" not in ref:
        return
    try:
        (r1, c1), (r2, c2) = (split_ref(part) for part in ref.split(":", 1))
    except ValueError:
        return
    grid.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def _cell(elem: Any, strings: list[str], styles: _Styles) -> CellData | None:
    """Decode one ``<c>``: shared/inline strings, numbers (dates by style), booleans, errors."""
    kind = elem.get("t", "n")
    raw = None
    formula = False
    inline: list[str] = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "v":
            raw = child.text
        elif tag == "f":
            formula = True
        elif tag == "is":
            inline.extend(t.text or "" for t in child.iter() if _local(t.tag) == "t")
    style = int(elem.get("s", "0") or 0)
    value = _decode(kind, raw, inline, strings, style in styles.date_xf)
    if value is None and not formula:
        return None
    return CellData(value, formula, style in styles.legacy_xf)


def _decode(kind: str, raw: str | None, inline: list[str], strings: list[str], is_date: bool) -> Any:
    if kind == "inlineStr":
        return "".join(inline)
    if raw is None:
        return None
    if kind == "s":
        index = int(raw)
        return strings[index] if 0 <= index < len(strings) else None
    if kind in ("str", "e"):
        return raw if kind == "str" else None
    if kind == "b":
        return raw == "1"
    try:
        number = float(raw)
    except ValueError:
        return raw
    if kind == "d":
        return raw
    if is_date and 0 < number < 2958466:
        return _serial_datetime(number)
    return number


def _serial_datetime(number: float) -> dt.date | dt.datetime:
    day = serial_to_date(number)
    fraction = number - int(number)
    if fraction == 0:
        return day
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=round(fraction * 86400))


def _local(tag: str) -> str:
    """Element name without its namespace (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag.rsplit(":", 1)[-1]


class _XlsBook:
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
