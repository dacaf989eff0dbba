"""Lossless write-back: patch the OOXML package of a clerk's workbook, never re-save it.

An openpyxl load/save silently drops charts, pictures, shapes, Excel 2010 (x14) dropdowns,
cached formula values and more (XLSX_FACTS.md). So this module treats the workbook as the zip of
parts it is. A part the library does not own is copied raw: same compressed bytes, same zip
metadata, same place in the zip. A part it owns is edited as text, by splicing exactly the
elements it writes, so every byte around them stays as the clerk's program wrote it. No XML is
ever re-serialised (ElementTree would rewrite namespace prefixes); the XML parser is only used
to read small bookkeeping parts and to check the result before it replaces anything.

docs/writeback.md lists the parts the library owns and why.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.model import column_letter
from cchc_sheets.read.ooxml import split_ref, xml_unescape
from cchc_sheets.write.safe_write import atomic_write, ensure_not_open
from cchc_sheets.core.text import fold

CellValue = str | int | float | dt.date | None

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
MAX_TEXT = 32_767  # Excel's limit for one cell
MAX_ROW, MAX_COL = 1_048_576, 16_384
MAX_UNPACKED = 512 * 1024 * 1024  # refuse zip bombs before inflating anything
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_BAD_SHEET_CHARS = set("[]:*?/\\")


# --------------------------------------------------------------------------- public API


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


def patch_workbook(
    src: Path,
    dst: Path,
    *,
    sheets: Sequence[NewSheet],
    columns: Sequence[ColumnPatch],
    replace_folded: Callable[[str], str] | None = None,
    backup_dir: Path | None = None,
) -> PatchResult:
    """Write *src* with the library's sheets and columns to *dst* (which may be *src*).

    Library sheets whose folded name matches an existing sheet replace it in place (same part,
    same tab position); others are appended. Raises ``UnreadableFile("write.cannot_patch")``
    rather than write a package that does not re-open, and ``FileLocked`` when *dst* is open
    in Excel. When *dst* is *src* and nothing changed, the file is left alone.
    """
    src, dst = Path(src), Path(dst)
    folder = replace_folded or fold
    _check_arguments(sheets, columns, folder)
    blob = src.read_bytes()
    try:
        package = _Package(blob)
        patcher = _Patcher(package, folder)
        patcher.run(sheets, columns)
        out = package.build()
        package.validate(out)
    except _Refuse as exc:
        raise UnreadableFile("write.cannot_patch", path=str(src), reason=str(exc)) from None
    except (zipfile.BadZipFile, ParseError, DefusedXmlException, UnicodeDecodeError,
            struct.error, ValueError, KeyError, IndexError, zlib.error) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise UnreadableFile("write.cannot_patch", path=str(src), reason=reason) from None
    result = package.result()
    if result.touched or not _same_file(src, dst):
        ensure_not_open(dst)
        atomic_write(dst, lambda tmp: tmp.write_bytes(out), backup_dir=backup_dir)
    return result


def package_digest(path: Path) -> dict[str, str]:
    """Part name -> sha256 of its uncompressed bytes, in zip order (for tests and idempotence)."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: hashlib.sha256(zf.read(info)).hexdigest() for info in zf.infolist()}


class _Refuse(Exception):
    """The package cannot be patched safely; the message is the reason shown to the user."""


def _same_file(a: Path, b: Path) -> bool:
    return b.exists() and a.resolve() == b.resolve()


def _check_arguments(sheets: Sequence[NewSheet], columns: Sequence[ColumnPatch],
                     folder: Callable[[str], str]) -> None:
    """Caller mistakes are programming errors (ValueError, TypeError) raised before the file is
    read, so that every error raised later is about the clerk's file."""
    library: set[str] = set()
    for sheet in sheets:
        _check_sheet_name(sheet.name)
        if folder(sheet.name) in library:
            raise ValueError(f"two library sheets named {sheet.name!r}")
        library.add(folder(sheet.name))
        for row in sheet.rows:
            _check_cells(row)
    targets: set[tuple[str, int]] = set()
    for patch in columns:
        if (patch.sheet, patch.col) in targets or folder(patch.sheet) in library:
            raise ValueError(f"column {patch.col} of {patch.sheet!r} patched twice or in a library sheet")
        targets.add((patch.sheet, patch.col))
        if not (1 <= patch.col <= MAX_COL and 1 <= patch.header_row < MAX_ROW):
            raise ValueError(f"bad column patch position {patch.col}/{patch.header_row}")
        if any(not patch.header_row < row <= MAX_ROW for row in patch.values):
            raise ValueError("column patch values must lie below the header row")
        _check_cells(patch.values.values())


def _check_cells(items: Iterable[Cell | CellValue]) -> None:
    for item in items:
        cell = _as_cell(item)
        if not isinstance(cell.value, (str, int, float, dt.date, type(None))):
            raise TypeError(f"cannot write a {type(cell.value).__name__} into a cell")
        if cell.style is not None:
            _argb(cell.style.fill)
            _argb(cell.style.font_color)


def _check_sheet_name(name: str) -> None:
    """Excel's rules: 1-31 characters, none of ``[]:*?/\\``, no leading or trailing quote."""
    if not 1 <= len(name) <= 31 or _BAD_SHEET_CHARS & set(name) or name[0] == "'" or name[-1] == "'":
        raise ValueError(f"invalid sheet name {name!r}")


# --------------------------------------------------------------------------- XML text helpers

_Q = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""  # inside of a start tag, quoted '>' allowed
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROOT_RE = re.compile(r"<(?![?!])((?:[\w.-]+:)?)([\w.-]+)(?=[\s/>])")
_CHILD_RE = re.compile(rf"<((?:[\w.-]+:)?)([\w.-]+)(?=[\s/>])({_Q})(?:/>|>.*?</\1\2\s*>)", re.S)
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_R_ATTR = re.compile(r"""(?<![\w:.-])r\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag_text: str) -> dict[str, str]:
    """Raw (still escaped) attribute values of one start tag, in document order."""
    return {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTR_RE.finditer(tag_text)}


@functools.lru_cache(maxsize=128)
def _element(prefix: str, name: str) -> re.Pattern[str]:
    """A whole element that does not nest in itself: ``<p:name ...>...</p:name>`` or ``.../>``.

    Group ``attrs`` is the start-tag text after the name, ``body`` the content (None when the
    element is self-closing). Text cannot hold a raw ``<``, so a lazy body match is exact.
    """
    tag = re.escape(prefix + name)
    return re.compile(rf"<{tag}(?=[\s/>])(?P<attrs>{_Q})(?:/>|>(?P<body>.*?)</{tag}\s*>)", re.S)


@functools.lru_cache(maxsize=32)
def _any_prefix(name: str) -> re.Pattern[str]:
    """Like :func:`_element` for an element written with whatever namespace prefix."""
    return re.compile(
        rf"<(?P<p>(?:[\w.-]+:)?){name}(?=[\s/>])(?P<attrs>{_Q})(?:/>|>(?P<body>.*?)</(?P=p){name}\s*>)", re.S)


def _root_prefix(text: str) -> str:
    """The namespace prefix (``""`` or ``"x:"``) of the document element: new elements use it."""
    match = _ROOT_RE.search(text)
    if match is None:
        raise _Refuse("a part has no XML element")
    return match[1]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(text: str) -> str:
    """Escape for a double-quoted attribute; whitespace as references so parsers keep it."""
    return (_esc(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def _insert_before_close(text: str, name: str, fragment: Callable[[str], str]) -> str:
    """Insert ``fragment(prefix)`` just before the last ``</name>`` of *text*."""
    closes = list(re.finditer(rf"</((?:[\w.-]+:)?){name}\s*>", text))
    if not closes:
        raise _Refuse(f"no </{name}> to add to")
    close = closes[-1]
    return text[:close.start()] + fragment(close[1]) + text[close.start():]


def _remove_elements(text: str, name: str, keep: Callable[[dict[str, str]], bool]) -> str:
    """Drop every ``name`` element whose attributes fail *keep*."""
    def drop(match: re.Match[str]) -> str:
        return match[0] if keep(_attrs(match["attrs"])) else ""

    return _any_prefix(name).sub(drop, text)


def _parse_ref(ref: str) -> tuple[int, int, int, int]:
    """``A1:R120`` (or ``A1``) -> (first col, first row, last col, last row)."""
    corners = [split_ref(part.strip()) for part in ref.split(":")]
    if len(corners) > 2:
        raise _Refuse(f"bad cell range {ref!r}")
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return c1, r1, c2, r2


def _format_ref(c1: int, r1: int, c2: int, r2: int) -> str:
    first = f"{column_letter(c1)}{r1}"
    return first if (c1, r1) == (c2, r2) else f"{first}:{column_letter(c2)}{r2}"


# --------------------------------------------------------------------------- cell values


def _as_cell(item: Cell | CellValue) -> Cell:
    return item if isinstance(item, Cell) else Cell(item)


def _clean_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry and cap at Excel's cell limit."""
    return _ILLEGAL_XML.sub("", text)[:MAX_TEXT]


def _serial(value: dt.date, date1904: bool) -> float | int:
    """Excel's day number of *value* (1900 or 1904 date system)."""
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - epoch
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return (value - epoch.date()).days


def cell_markup(p: str, ref: str, value: CellValue, s: str | None, date1904: bool) -> str:
    """One ``<c>``: text always as an inline string (never a formula), numbers as ``<v>``."""
    s_attr = f' s="{s}"' if s not in (None, "", "0") else ""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return f'<{p}c r="{ref}"{s_attr}/>'
    if isinstance(value, str):
        return f'<{p}c r="{ref}"{s_attr} t="inlineStr">{_inline_text(p, value)}</{p}c>'
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s_attr} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if isinstance(value, dt.date):
        value = _serial(value, date1904)
    if isinstance(value, (int, float)):
        return f'<{p}c r="{ref}"{s_attr}><{p}v>{value!r}</{p}v></{p}c>'
    raise TypeError(f"cannot write a {type(value).__name__} into a cell")


@functools.lru_cache(maxsize=1 << 14)
def _inline_text(p: str, value: str) -> str:
    """The ``<is>`` of a text cell, memoised: unit names, leads and statuses repeat in every row."""
    text = _EXCEL_ESCAPE.sub("_x005F_", _clean_text(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    body = _esc(text).replace("\r", "&#13;")
    return f"<{p}is><{p}t{space}>{body}</{p}t></{p}is>"


_Look = tuple[tuple[str, object], ...]  # (field, value) overrides of an xf; hashable for caching


def _look(cell: Cell) -> _Look | None:
    """What a cell's look overrides: a whole Style, or only a date format for a bare date."""
    date_format = None
    if isinstance(cell.value, dt.date):
        date_format = DATETIME_FORMAT if isinstance(cell.value, dt.datetime) else DATE_FORMAT
    style = cell.style
    if style is None:
        return (("numfmt", date_format),) if date_format else None
    return (("font", (style.bold, _argb(style.font_color))), ("fill", _argb(style.fill)),
            ("wrap", style.wrap), ("numfmt", style.number_format or date_format))


def _argb(color: str | None) -> str | None:
    """``"C00000"`` or ``"#c00000"`` -> ``"FFC00000"``."""
    if color is None:
        return None
    color = color.lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}([0-9A-F]{2})?", color):
        raise ValueError(f"bad colour {color!r} (expected RRGGBB)")
    return color if len(color) == 8 else "FF" + color


# --------------------------------------------------------------------------- zip package


@dataclass(slots=True)
class _Record:
    """One zip entry as written: enough to emit its local header and central record."""

    name: bytes
    flags: int
    method: int
    date_time: tuple[int, ...]
    crc: int
    csize: int
    usize: int
    extra: bytes = b""
    comment: bytes = b""
    create_version: int = 20
    create_system: int = 0
    extract_version: int = 20
    internal_attr: int = 0
    external_attr: int = 0
    offset: int = 0


class _ZipWriter:
    """A minimal zip writer that can copy an entry's compressed bytes untouched.

    The standard zipfile module can only re-compress, which changes the bytes of parts we
    promised to leave alone and costs time on large pictures.
    """

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.records: list[_Record] = []

    def copy_raw(self, info: zipfile.ZipInfo, raw: bytes) -> None:
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        self._write(_Record(
            name=info.orig_filename.encode(encoding), flags=info.flag_bits & ~0x08,
            method=info.compress_type, date_time=info.date_time, crc=info.CRC,
            csize=len(raw), usize=info.file_size, extra=_strip_zip64(info.extra),
            comment=info.comment, create_version=info.create_version,
            create_system=info.create_system, extract_version=info.extract_version,
            internal_attr=info.internal_attr, external_attr=info.external_attr), raw)

    def add(self, name: str, data: bytes, like: zipfile.ZipInfo | None) -> None:
        method = zipfile.ZIP_STORED if like and like.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
        raw = data
        if method == zipfile.ZIP_DEFLATED:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = packer.compress(data) + packer.flush()
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        self._write(_Record(
            name=encoded, flags=flags, method=method, date_time=like.date_time if like else FIXED_TIME,
            crc=zlib.crc32(data), csize=len(raw), usize=len(data),
            external_attr=like.external_attr if like else 0), raw)

    def _write(self, rec: _Record, raw: bytes) -> None:
        rec.offset = self.out.tell()
        if max(rec.offset, rec.csize, rec.usize) >= 0xFFFFFFFF:
            raise _Refuse("package too large (zip64)")
        time, date = _dos_time(rec.date_time)
        self.out.write(struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", rec.extract_version, rec.flags, rec.method, time, date,
            rec.crc, rec.csize, rec.usize, len(rec.name), len(rec.extra)))
        self.out.write(rec.name + rec.extra + raw)
        self.records.append(rec)

    def finish(self, comment: bytes) -> bytes:
        start = self.out.tell()
        for rec in self.records:
            time, date = _dos_time(rec.date_time)
            self.out.write(struct.pack(
                "<4sBBHHHHHIIIHHHHHII", b"PK\x01\x02", rec.create_version, rec.create_system,
                rec.extract_version, rec.flags, rec.method, time, date, rec.crc, rec.csize,
                rec.usize, len(rec.name), len(rec.extra), len(rec.comment), 0,
                rec.internal_attr, rec.external_attr, rec.offset))
            self.out.write(rec.name + rec.extra + rec.comment)
        size = self.out.tell() - start
        if len(self.records) > 0xFFFF:
            raise _Refuse("too many parts (zip64)")
        count = len(self.records)
        self.out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, size, start, len(comment)))
        self.out.write(comment)
        return self.out.getvalue()


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    year = min(max(year, 1980), 2107)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _strip_zip64(extra: bytes) -> bytes:
    """Drop the zip64 extra field (id 1): its sizes belong to the old record."""
    kept, pos = b"", 0
    while pos + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[pos:pos + 4])
        if kind != 1:
            kept += extra[pos:pos + 4 + size]
        pos += 4 + size
    return kept


class _Package:
    """The source zip plus the parts replaced, added and removed by this run."""

    def __init__(self, blob: bytes) -> None:
        if blob[:4] not in (b"PK\x03\x04", b"PK\x05\x06"):
            raise _Refuse("not an xlsx (zip) file")
        self.blob = blob
        self.zip = zipfile.ZipFile(io.BytesIO(blob))
        infos = self.zip.infolist()
        if any(info.flag_bits & 0x1 for info in infos):
            raise _Refuse("encrypted zip entries")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise _Refuse("package unpacks to more than 512 MiB")
        self.order = [info.filename for info in infos]
        self.infos = {info.filename: info for info in infos}
        self._by_lower = {name.lower(): name for name in self.order}
        self.new: dict[str, bytes] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()
        self._original: dict[str, bytes] = {}

    def find(self, part: str) -> str | None:
        """The stored name of *part* (OPC part names ignore case), None when absent."""
        name = self._by_lower.get(part.lower())
        return None if name is None or name in self.removed else name

    def read(self, part: str) -> bytes:
        name = self.find(part)
        if name is None:
            raise _Refuse(f"missing part {part}")
        return self.new[name] if name in self.new else self.original(name)

    def text(self, part: str) -> str:
        return self.read(part).decode("utf-8")

    def original(self, name: str) -> bytes:
        if name not in self._original:
            self._original[name] = self.zip.read(name)
        return self._original[name]

    def put(self, part: str, data: str | bytes) -> None:
        """Replace an existing part's bytes, or add a new part at the end of the zip."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        name = self.find(part)
        if name is None:
            name = part
            self.added.append(name)
            self._by_lower[name.lower()] = name
        self.new[name] = payload

    def remove(self, part: str) -> None:
        name = self.find(part)
        if name is not None:
            self.removed.add(name)

    def is_changed(self, name: str) -> bool:
        return name in self.new and (name in self.added or self.new[name] != self.original(name))

    def result(self) -> PatchResult:
        changed = tuple(n for n in self.order if n not in self.removed and n not in self.added and self.is_changed(n))
        return PatchResult(changed=changed, added=tuple(self.added),
                           removed=tuple(n for n in self.order if n in self.removed))

    def names_out(self) -> list[str]:
        return [n for n in self.order if n not in self.removed] + self.added

    def build(self) -> bytes:
        """The new package: untouched entries copied raw, changed ones re-compressed."""
        writer = _ZipWriter()
        for name in self.order:
            if name in self.removed:
                continue
            info = self.infos[name]
            if self.is_changed(name):
                writer.add(name, self.new[name], like=info)
            else:
                writer.copy_raw(info, self._raw(info))
        for name in self.added:
            writer.add(name, self.new[name], like=None)
        return writer.finish(self.zip.comment)

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        """The compressed bytes of an entry, read past its local header."""
        head = self.blob[info.header_offset:info.header_offset + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise _Refuse(f"damaged zip entry {info.filename}")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        raw = self.blob[start:start + info.compress_size]
        if len(raw) != info.compress_size:
            raise _Refuse(f"truncated zip entry {info.filename}")
        return raw

    def validate(self, blob: bytes) -> None:
        """Re-open the result: every CRC checks, the part list is right, changed XML parses."""
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            if zf.namelist() != self.names_out():
                raise _Refuse("the new package lists the wrong parts")
            bad = zf.testzip()
            if bad is not None:
                raise _Refuse(f"the new package has a bad entry {bad}")
            for name in self.new:
                if self.is_changed(name) and name.endswith((".xml", ".rels")):
                    SafeET.fromstring(zf.read(name))


# --------------------------------------------------------------------------- relationships & workbook


@dataclass(slots=True)
class _Rel:
    rid: str
    type: str
    part: str  # resolved part name (no leading slash); "" for external targets


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _read_rels(package: _Package, source_part: str) -> list[_Rel]:
    """Relationships of *source_part* (``""`` for the package itself)."""
    rels_part = _rels_part(source_part) if source_part else "_rels/.rels"
    if package.find(rels_part) is None:
        return []
    rels = []
    for el in SafeET.fromstring(package.read(rels_part)):
        if el.tag != f"{{{NS_PKG_REL}}}Relationship":
            continue
        target = unquote(el.get("Target", ""))
        external = el.get("TargetMode") == "External"
        base = posixpath.dirname(source_part)
        part = "" if external else (target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target)))
        rels.append(_Rel(el.get("Id", ""), el.get("Type", ""), part))
    return rels


@dataclass(slots=True)
class _SheetRef:
    name: str
    sheet_id: int
    rid: str
    part: str | None
    is_worksheet: bool


class _Book:
    """What the workbook part says: its sheets, their parts, the styles part, the date system."""

    def __init__(self, package: _Package) -> None:
        office = [r for r in _read_rels(package, "") if r.type == REL_OFFICE_DOC]
        if not office:
            raise _Refuse("no workbook part (not an xlsx, or Strict OOXML)")
        self.part = office[0].part
        self.app_part = next((r.part for r in _read_rels(package, "") if r.type == REL_APP), None)
        root = SafeET.fromstring(package.read(self.part))
        if root.tag != f"{{{NS_MAIN}}}workbook":
            raise _Refuse("unknown workbook format (Strict OOXML?)")
        self.rels = _read_rels(package, self.part)
        by_id = {rel.rid: rel for rel in self.rels}
        pr = root.find(f"{{{NS_MAIN}}}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
        self.sheets = []
        for el in root.iter(f"{{{NS_MAIN}}}sheet"):
            rel = by_id.get(el.get(f"{{{NS_REL}}}id", ""))
            self.sheets.append(_SheetRef(
                name=el.get("name", ""), sheet_id=int(el.get("sheetId", "0")),
                rid=el.get(f"{{{NS_REL}}}id", ""), part=rel.part if rel else None,
                is_worksheet=bool(rel and rel.type == REL_WORKSHEET)))
        self.styles_part = next((r.part for r in self.rels if r.type == REL_STYLES and package.find(r.part)), None)

    def worksheet_names(self) -> list[str]:
        return [s.name for s in self.sheets if s.is_worksheet]


# --------------------------------------------------------------------------- styles

_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4,
                    "0%": 9, "0.00%": 10, "0.00E+00": 11, "@": 49}
_XF_ORDER = ("numFmtId", "fontId", "fillId", "borderId", "xfId", "quotePrefix", "pivotButton",
             "applyNumberFormat", "applyFont", "applyFill", "applyBorder", "applyAlignment",
             "applyProtection")
_FONT_ORDER = {name: i for i, name in enumerate(
    ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
     "name", "family", "charset", "scheme"))}
_MINIMAL_STYLES = (
    XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


class _Styles:
    """Appends the library's looks to ``xl/styles.xml``; existing entries never move or change.

    Every look is first searched among the existing entries by its exact text, so a second run
    finds what the first appended and leaves the part byte-identical.
    """

    def __init__(self, package: _Package, part: str | None) -> None:
        self.package = package
        self.part = part
        self.text = ""
        self.loaded = False
        self.cache: dict[tuple[str | None, _Look], str] = {}

    def resolve(self, base: str | None, cell: Cell) -> str | None:
        """The ``s`` index for *cell* written over a cell formatted as *base*."""
        look = _look(cell)
        if look is None:
            return base
        key = (base, look)
        if key not in self.cache:
            self.cache[key] = str(self._derive(int(base or 0), look))
        return self.cache[key]

    def changed(self) -> bool:
        return self.loaded and (self.part is None or self.text != self.package.text(self.part))

    def _load(self) -> None:
        if self.loaded:
            return
        self.text = self.package.text(self.part) if self.part else _MINIMAL_STYLES
        self.p = _root_prefix(self.text)
        self.fonts = self._items("fonts", "font")
        self.fills = self._items("fills", "fill")
        self.xfs = self._items("cellXfs", "xf")
        self.numfmts = {xml_unescape(a.get("formatCode", "")): int(a.get("numFmtId", "0"))
                        for a in map(_attrs, self._items("numFmts", "numFmt"))}
        self.loaded = True

    def _block(self, name: str) -> re.Match[str] | None:
        return _element(self.p, name).search(self.text)

    def _items(self, block: str, item: str) -> list[str]:
        match = self._block(block)
        return [m[0] for m in _element(self.p, item).finditer(match["body"] or "")] if match else []

    def _derive(self, base: int, look: _Look) -> int:
        self._load()
        if not self.xfs:
            raise _Refuse("styles.xml has no cell formats")
        xf = _Xf.parse(self.xfs[base] if base < len(self.xfs) else self.xfs[0], self.p)
        for name, value in look:
            if name == "font":
                bold, color = value  # type: ignore[misc]
                xf.set("fontId", self._font(int(xf.attrs.get("fontId", "0")), bold, color), "applyFont")
            elif name == "fill":
                xf.set("fillId", self._fill(value), "applyFill")  # type: ignore[arg-type]
            elif name == "numfmt":
                xf.set("numFmtId", self._numfmt(value), "applyNumberFormat")  # type: ignore[arg-type]
            elif name == "wrap":
                xf.wrap(bool(value))
        return self._find_or_append("cellXfs", self.xfs, xf.render(self.p))

    def _font(self, base: int, bold: bool, color: str | None) -> int:
        source = self.fonts[base] if base < len(self.fonts) else f"<{self.p}font/>"
        match = _element(self.p, "font").match(source)
        p = self.p
        children = [(m[2], m[0]) for m in _CHILD_RE.finditer((match and match["body"]) or "")
                    if m[2] not in ("b", "color")]
        children += ([("b", f"<{p}b/>")] if bold else []) + ([("color", f'<{p}color rgb="{color}"/>')] if color else [])
        children.sort(key=lambda child: _FONT_ORDER.get(child[0], len(_FONT_ORDER)))  # Excel's own order
        return self._find_or_append("fonts", self.fonts, f"<{p}font>{''.join(c for _, c in children)}</{p}font>")

    def _fill(self, color: str | None) -> int:
        if color is None:
            return 0
        p = self.p
        text = (f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{color}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')
        return self._find_or_append("fills", self.fills, text)

    def _numfmt(self, code: str | None) -> int:
        if code is None:
            return 0
        if code in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[code]
        if code not in self.numfmts:
            number = max([163, *self.numfmts.values()]) + 1
            item = f'<{self.p}numFmt numFmtId="{number}" formatCode="{_esc_attr(code)}"/>'
            if self._block("numFmts") is None:
                root_end = _ROOT_RE.search(self.text)
                start_end = self.text.index(">", root_end.end()) + 1 if root_end else 0
                self.text = self.text[:start_end] + f'<{self.p}numFmts count="0"></{self.p}numFmts>' + self.text[start_end:]
            self._append("numFmts", item, len(self.numfmts) + 1)
            self.numfmts[code] = number
        return self.numfmts[code]

    def _find_or_append(self, block: str, items: list[str], text: str) -> int:
        if text in items:
            return items.index(text)
        items.append(text)
        self._append(block, text, len(items))
        return len(items) - 1

    def _append(self, block: str, item: str, count: int) -> None:
        """Put *item* at the end of *block* and set its ``count`` attribute."""
        match = self._block(block)
        if match is None:
            raise _Refuse(f"styles.xml has no {block}")
        attrs = re.sub(r'(?<=\s)count="[^"]*"', f'count="{count}"', match["attrs"])
        if match["body"] is None:
            new = f"<{self.p}{block}{attrs.rstrip()}>{item}</{self.p}{block}>"
            self.text = self.text[:match.start()] + new + self.text[match.end():]
            return
        head = f"<{self.p}{block}{attrs}>"
        self.text = (self.text[:match.start()] + head + match["body"] + item
                     + self.text[match.end("body"):])


@dataclass(slots=True)
class _Xf:
    """A cell format (``<xf>``) taken apart just enough to override a few of its fields."""

    attrs: dict[str, str]
    alignment: dict[str, str] | None
    others: list[str]  # protection, extLst: kept as written

    @classmethod
    def parse(cls, text: str, p: str) -> _Xf:
        match = _element(p, "xf").match(text)
        if match is None:
            raise _Refuse("unreadable cell format in styles.xml")
        alignment, others = None, []
        for child in _CHILD_RE.finditer(match["body"] or ""):
            if child[2] == "alignment":
                alignment = _attrs(child[3])
            else:
                others.append(child[0])
        return cls(_attrs(match["attrs"]), alignment, others)

    def set(self, name: str, value: int, apply: str) -> None:
        self.attrs[name] = str(value)
        self.attrs[apply] = "1"

    def wrap(self, on: bool) -> None:
        alignment = {k: v for k, v in (self.alignment or {}).items() if k != "wrapText"}
        if on:
            alignment["wrapText"] = "1"
        self.alignment = alignment
        self.attrs["applyAlignment"] = "1"

    def render(self, p: str) -> str:
        """Canonical text: the same fields always give the same bytes (idempotent styles)."""
        rank = {name: i for i, name in enumerate(_XF_ORDER)}
        names = sorted(self.attrs, key=lambda n: rank.get(n, len(rank)))
        attrs = "".join(f' {n}="{self.attrs[n]}"' for n in names)
        children = ""
        if self.alignment:
            children = f"<{p}alignment" + "".join(f' {k}="{v}"' for k, v in self.alignment.items()) + "/>"
        children += "".join(self.others)
        return f"<{p}xf{attrs}>{children}</{p}xf>" if children else f"<{p}xf{attrs}/>"


# --------------------------------------------------------------------------- column patches


@dataclass(slots=True)
class _Write:
    cell: Cell
    header: bool = False


@dataclass(slots=True)
class _Plan:
    """All library-owned columns of one sheet: what to write where, and what to clear."""

    writes: dict[int, dict[int, _Write]] = field(default_factory=dict)  # row -> col -> write
    clear_below: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # col -> (header row, last row)
    widths: dict[int, float] = field(default_factory=dict)

    @classmethod
    def of(cls, patches: Iterable[ColumnPatch]) -> _Plan:
        plan = cls()
        for patch in patches:
            plan.writes.setdefault(patch.header_row, {})[patch.col] = _Write(Cell(patch.header), header=True)
            for row, item in patch.values.items():
                plan.writes.setdefault(row, {})[patch.col] = _Write(_as_cell(item))
            plan.clear_below[patch.col] = (patch.header_row, patch.clear_until)
            if patch.width:
                plan.widths[patch.col] = patch.width
        return plan

    def clears(self, row: int) -> set[int]:
        return {col for col, (header, last) in self.clear_below.items()
                if row > header and (last is None or row <= last)}


@dataclass(slots=True)
class _Span:
    """Where one ``<row>`` or ``<c>`` sits in the text, and its number (row or column)."""

    number: int
    start: int
    end: int
    attrs: str
    body: str | None
    body_start: int = 0


_SHEET_DATA_RE = re.compile(rf"<(?P<p>(?:[\w.-]+:)?)sheetData(?=[\s/>])(?P<attrs>{_Q})(?P<close>/?)>", re.S)


class _SheetEditor:
    """Rewrites the library-owned columns of one worksheet's XML, leaving all else as it was."""

    def __init__(self, text: str, styles: _Styles, date1904: bool) -> None:
        self.text = text
        self.styles = styles
        self.date1904 = date1904
        self.formulas_removed = False
        match = _SHEET_DATA_RE.search(text)
        if match is None:
            raise _Refuse("a worksheet has no sheetData")
        self.p = match["p"]
        self.open = match
        if match["close"]:
            self.body, self.body_end = "", match.end()
        else:
            close = re.compile(rf"</{re.escape(self.p)}sheetData\s*>").search(text, match.end())
            if close is None:
                raise _Refuse("unclosed sheetData")
            self.body, self.body_end = text[match.end():close.start()], close.start()
        if "<!" in self.body or "<?" in self.body:
            raise _Refuse("comments or CDATA inside sheet data")
        self.head = text[:match.start()]
        self.col_styles = self._col_styles()

    def apply(self, plan: _Plan) -> str:
        rows = _spans(self.body, _element(self.p, "row"), int)
        existing = {row.number for row in rows}
        pending = sorted(r for r in plan.writes if r not in existing)
        out, pos = [], 0
        for row in rows:
            out.append(self.body[pos:row.start])
            while pending and pending[0] < row.number:
                out.append(self._new_row(pending.pop(0), plan.writes))
            out.append(self._edit_row(row, plan.writes.get(row.number, {}), plan.clears(row.number)))
            pos = row.end
        out.append(self.body[pos:])
        out.extend(self._new_row(r, plan.writes) for r in pending)
        body = "".join(out)
        head = self._grow_dimension(self.head, plan)
        head = self._add_widths(head, plan.widths)
        if self.open["close"] and not body:
            return head + self.text[self.open.start():]
        start = f"<{self.p}sheetData{self.open['attrs'].rstrip()}>" if self.open["close"] else self.open[0]
        tail = f"</{self.p}sheetData>" + self.text[self.body_end:] if self.open["close"] else self.text[self.body_end:]
        return head + start + body + tail

    def _edit_row(self, row: _Span, writes: dict[int, _Write], clears: set[int]) -> str:
        original = self.body[row.start:row.end]
        if not writes and not clears:
            return original
        body = row.body or ""
        cells = _spans(body, _element(self.p, "c"), _col_of_ref, stop_at_other=True)
        tail_at = cells[-1].end if cells else 0
        if body[tail_at:].strip() and not body[tail_at:].lstrip().startswith(f"<{self.p}extLst"):
            raise _Refuse("unexpected content in a row")
        present = {cell.number for cell in cells}
        pending = sorted(c for c in writes if c not in present)
        row_s = self._row_style(row.attrs)
        out, pos = [], 0
        for index, cell in enumerate(cells):
            out.append(body[pos:cell.start])
            while pending and pending[0] < cell.number:
                col = pending.pop(0)
                out.append(self._new_cell(row.number, col, writes[col], cells[:index], row_s))
            out.append(self._edit_cell(row.number, cell, body, writes, clears))
            pos = cell.end
        out.append(body[pos:tail_at])
        out.extend(self._new_cell(row.number, c, writes[c], cells, row_s) for c in pending)
        out.append(body[tail_at:])
        inner = "".join(out)
        if inner == body:
            return original
        attrs = _widen_spans(row.attrs, list(writes))
        start = f"<{self.p}row{attrs.rstrip() if row.body is None else attrs}>"
        close = original[row.body_start + len(body):] if row.body is not None else f"</{self.p}row>"
        return start + inner + close

    def _edit_cell(self, row: int, cell: _Span, body: str, writes: dict[int, _Write], clears: set[int]) -> str:
        text = body[cell.start:cell.end]
        write = writes.get(cell.number)
        if write is None and (cell.number not in clears or not _has_content(cell.body, self.p)):
            return text
        if write is not None and write.header and _has_content(cell.body, self.p):
            return text  # the clerk's header (any spelling the reader accepted); a table needs it as is
        self._check_formula(cell)
        s = _attrs(cell.attrs).get("s")
        ref = f"{column_letter(cell.number)}{row}"
        if write is None:
            return cell_markup(self.p, ref, None, s, self.date1904)
        return cell_markup(self.p, ref, write.cell.value, self.styles.resolve(s, write.cell), self.date1904)

    def _check_formula(self, cell: _Span) -> None:
        """A formula we overwrite may anchor a shared/array formula of other columns: refuse."""
        formula = _element(self.p, "f").search(cell.body or "")
        if formula is None:
            return
        self.formulas_removed = True
        ref = _attrs(formula["attrs"]).get("ref")
        if ref:
            c1, _, c2, _ = _parse_ref(ref)
            if c1 != cell.number or c2 != cell.number:
                raise _Refuse(f"a shared formula spans the library column at {column_letter(cell.number)}")

    def _new_cell(self, row: int, col: int, write: _Write, left: list[_Span], row_s: str | None) -> str:
        """A cell where there was none: formatted like Excel would (row, then column format);
        a new header cell copies the nearest formatted cell of *left* so the header row looks
        uniform."""
        left_s = next((s for s in (_attrs(c.attrs).get("s") for c in reversed(left)) if s), None)
        base = left_s if write.header and left_s else row_s or self._col_style(col)
        ref = f"{column_letter(col)}{row}"
        return cell_markup(self.p, ref, write.cell.value, self.styles.resolve(base, write.cell), self.date1904)

    def _new_row(self, row: int, writes: dict[int, dict[int, _Write]]) -> str:
        cells = "".join(self._new_cell(row, col, w, [], None) for col, w in sorted(writes[row].items()))
        return f'<{self.p}row r="{row}">{cells}</{self.p}row>'

    def _row_style(self, attrs: str) -> str | None:
        values = _attrs(attrs)
        return values.get("s") if values.get("customFormat") in ("1", "true") else None

    def _col_styles(self) -> list[tuple[int, int, dict[str, str]]]:
        cols = _element(self.p, "cols").search(self.head)
        if cols is None:
            return []
        found = []
        for col in _element(self.p, "col").finditer(cols["body"] or ""):
            values = _attrs(col["attrs"])
            found.append((int(values.get("min", "0")), int(values.get("max", "0")), values))
        return found

    def _col_style(self, col: int) -> str | None:
        return next((v.get("style") for lo, hi, v in self.col_styles if lo <= col <= hi), None)

    def _grow_dimension(self, head: str, plan: _Plan) -> str:
        """Widen ``<dimension ref>`` to the written cells; never shrink it."""
        match = _element(self.p, "dimension").search(head)
        written = [(c, r) for r, cols in plan.writes.items() for c in cols]
        if match is None or not written:
            return head
        ref = xml_unescape(_attrs(match["attrs"]).get("ref", "A1"))
        c1, r1, c2, r2 = _parse_ref(ref)
        cols = [c for c, _ in written]
        rows = [r for _, r in written]
        grown = _format_ref(min(c1, *cols), min(r1, *rows), max(c2, *cols), max(r2, *rows))
        if grown == ref:
            return head
        new = re.sub(r'(?<=\s)ref="[^"]*"', f'ref="{grown}"', match[0], count=1)
        return head[:match.start()] + new + head[match.end():]

    def _add_widths(self, head: str, widths: dict[int, float]) -> str:
        """A ``<col>`` width for a library column only when no ``<col>`` covers it already."""
        for col, width in sorted(widths.items()):
            if any(lo <= col <= hi for lo, hi, _ in self.col_styles):
                continue
            item = f'<{self.p}col min="{col}" max="{col}" width="{width:g}" customWidth="1"/>'
            cols = _element(self.p, "cols").search(head)
            if cols is None or cols["body"] is None:
                start = cols.start() if cols else len(head)
                end = cols.end() if cols else len(head)
                head = head[:start] + f"<{self.p}cols>{item}</{self.p}cols>" + head[end:]
            else:
                before = [m for m in _element(self.p, "col").finditer(cols["body"])
                          if int(_attrs(m["attrs"]).get("min", "0")) < col]
                at = cols.start("body") + (before[-1].end() if before else 0)
                head = head[:at] + item + head[at:]
            self.col_styles.append((col, col, {}))
        return head


def _col_of_ref(value: str) -> int:
    return split_ref(value)[1]


def _spans(text: str, pattern: re.Pattern[str], number: Callable[[str], int],
           stop_at_other: bool = False) -> list[_Span]:
    """Consecutive elements of *text* with their numbers from ``r``; a missing ``r`` means
    "the previous one plus one" (some writers leave it out). Anything between them other
    than whitespace is refused for rows, and ends the list for cells (a row's ``extLst``)."""
    spans, pos, last = [], 0, 0
    for match in pattern.finditer(text):
        if text[pos:match.start()].strip():
            if stop_at_other:
                break
            raise _Refuse("unexpected content in sheet data")
        ref = _R_ATTR.search(match["attrs"])
        last = number(ref[1] if ref[1] is not None else ref[2]) if ref else last + 1
        spans.append(_Span(last, match.start(), match.end(), match["attrs"], match["body"],
                           match.start("body") - match.start() if match["body"] is not None else 0))
        pos = match.end()
    if not stop_at_other and text[pos:].strip():
        raise _Refuse("unexpected content in sheet data")
    return spans


def _has_content(body: str | None, p: str) -> bool:
    return bool(body) and any(f"<{p}{name}" in body for name in ("v>", "v ", "is>", "is ", "f>", "f ", "f/"))


def _widen_spans(attrs: str, cols: list[int]) -> str:
    """Keep the row's ``spans`` hint true when a cell lands outside it."""
    match = re.search(r'(?<=\s)spans="([^"]*)"', attrs)
    if match is None or not cols:
        return attrs
    try:
        ranges = [tuple(int(x) for x in part.split(":")) for part in match[1].split()]
    except ValueError:
        return attrs
    if all(any(lo <= c <= hi for lo, hi in ranges) for c in cols):
        return attrs
    lo = min([r[0] for r in ranges] + cols)
    hi = max([r[-1] for r in ranges] + cols)
    return attrs[:match.start()] + f'spans="{lo}:{hi}"' + attrs[match.end():]


# --------------------------------------------------------------------------- new sheets


def _new_sheet_xml(sheet: NewSheet, styles: _Styles, date1904: bool) -> tuple[str, str | None]:
    """The whole XML of a library sheet, and its autofilter range (None without one)."""
    rows, links, last_col, last_row = [], [], 1, 1
    for r, items in enumerate(sheet.rows, start=1):
        cells = []
        for c, item in enumerate(items, start=1):
            cell = _as_cell(item)
            if cell.value is None and cell.style is None and cell.link is None:
                continue
            ref = f"{column_letter(c)}{r}"
            cells.append(cell_markup("", ref, cell.value, styles.resolve(None, cell), date1904))
            if cell.link:
                display = "" if cell.value is None else f' display="{_esc_attr(_clean_text(str(cell.value))[:255])}"'
                links.append(f'<hyperlink ref="{ref}" location="{_esc_attr(cell.link)}"{display}/>')
            last_col, last_row = max(last_col, c), max(last_row, r)
        if cells:
            rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    filter_ref = None
    if sheet.autofilter_row:
        filter_ref = _format_ref(1, sheet.autofilter_row, last_col, max(last_row, sheet.autofilter_row))
    parts = [
        XML_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',  # printed on A4 landscape, one page wide
        f'<dimension ref="{_format_ref(1, 1, last_col, last_row)}"/>',
        f"<sheetViews>{_sheet_view(sheet.freeze_rows)}</sheetViews>",
        '<sheetFormatPr defaultRowHeight="15"/>',
        _cols_xml(sheet.col_widths),
        f"<sheetData>{''.join(rows)}</sheetData>" if rows else "<sheetData/>",
        f'<autoFilter ref="{filter_ref}"/>' if filter_ref else "",
        f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "",
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
        "</worksheet>",
    ]
    return "".join(parts), filter_ref


def _sheet_view(freeze_rows: int) -> str:
    if freeze_rows <= 0:
        return '<sheetView workbookViewId="0"/>'
    top = f"A{freeze_rows + 1}"
    return (f'<sheetView workbookViewId="0"><pane ySplit="{freeze_rows}" topLeftCell="{top}" '
            f'activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView>')


def _cols_xml(widths: dict[int, float]) -> str:
    if not widths:
        return ""
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in sorted(widths.items()))
    return f"<cols>{cols}</cols>"


def quote_sheet(name: str) -> str:
    """A sheet name as formulas and links write it: ``'Nhiệm vụ'`` (quotes doubled)."""
    return "'" + name.replace("'", "''") + "'"


# --------------------------------------------------------------------------- the run


class _Patcher:
    """One patch run: library sheets, library columns, then the bookkeeping parts."""

    def __init__(self, package: _Package, folder: Callable[[str], str]) -> None:
        self.package = package
        self.fold = folder
        self.book = _Book(package)
        self.styles = _Styles(package, self.book.styles_part)
        self.workbook = package.text(self.book.part)
        self.wb_rels_part = _rels_part(self.book.part)
        self.wb_rels = package.text(self.wb_rels_part)
        self.types = package.text(CONTENT_TYPES)
        self.formulas_removed = False
        self.appended: list[str] = []

    def run(self, sheets: Sequence[NewSheet], columns: Sequence[ColumnPatch]) -> None:
        for sheet in sheets:
            self._put_sheet(sheet)
        by_sheet: dict[str, list[ColumnPatch]] = {}
        for patch in columns:
            by_sheet.setdefault(patch.sheet, []).append(patch)
        for name, patches in by_sheet.items():
            self._patch_columns(self._worksheet(name, exact=True), patches)
        self._finish()

    def _worksheet(self, name: str, exact: bool) -> _SheetRef | None:
        """A sheet by its name as written, else by folded name (the clerk may retype it)."""
        found = next((s for s in self.book.sheets if s.name == name), None) if exact else None
        found = found or next((s for s in self.book.sheets if self.fold(s.name) == self.fold(name)), None)
        if found is None:
            if exact:
                raise _Refuse(f"no sheet named {name!r}")
            return None
        if not found.is_worksheet or found.part is None or self.package.find(found.part) is None:
            raise _Refuse(f"sheet {found.name!r} is not a worksheet")
        return found

    def _put_sheet(self, sheet: NewSheet) -> None:
        xml, filter_ref = _new_sheet_xml(sheet, self.styles, self.book.date1904)
        existing = self._worksheet(sheet.name, exact=False)
        if existing is None:
            existing = self._append_sheet(sheet.name)
        else:
            self.package.remove(_rels_part(existing.part))  # its old drawings/comments are not ours
        assert existing.part is not None
        self.package.put(existing.part, xml)
        index = self.book.sheets.index(existing)
        self._set_filter_name(index, existing.name, filter_ref)

    def _append_sheet(self, name: str) -> _SheetRef:
        folder = posixpath.dirname(self.book.part)
        number = 1
        while self.package.find(posixpath.join(folder, f"worksheets/sheet{number}.xml")):
            number += 1
        part = posixpath.join(folder, f"worksheets/sheet{number}.xml")
        rid = self._add_relationship(REL_WORKSHEET, part, CT_WORKSHEET)
        sheet_id = max([0, *(s.sheet_id for s in self.book.sheets)]) + 1
        ns_decl = "" if self._rel_prefix() else f' xmlns:r="{NS_REL}"'
        rel_prefix = self._rel_prefix() or "r"
        self.workbook = _insert_before_close(self.workbook, "sheets", lambda p: (
            f'<{p}sheet{ns_decl} name="{_esc_attr(name)}" sheetId="{sheet_id}" {rel_prefix}:id="{rid}"/>'))
        ref = _SheetRef(name, sheet_id, rid, part, True)
        self.book.sheets.append(ref)
        self.appended.append(name)
        self.package.put(part, b"")  # reserve the name; the caller writes the sheet
        return ref

    def _add_relationship(self, rel_type: str, part: str, content_type: str) -> str:
        """Register a new part of the workbook: its relationship and its content type."""
        used = set(re.findall(r'\sId="([^"]*)"', self.wb_rels))
        numbers = [int(n) for n in re.findall(r'\sId="rId(\d+)"', self.wb_rels)]
        number = max([0, *numbers]) + 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        target = posixpath.relpath(part, posixpath.dirname(self.book.part) or ".")
        self.wb_rels = _insert_before_close(self.wb_rels, "Relationships", lambda p: (
            f'<{p}Relationship Id="{rid}" Type="{rel_type}" Target="{_esc_attr(target)}"/>'))
        self.types = _insert_before_close(self.types, "Types", lambda p: (
            f'<{p}Override PartName="/{_esc_attr(part)}" ContentType="{content_type}"/>'))
        return rid

    def _rel_prefix(self) -> str | None:
        """The prefix the workbook's root declares for relationship ids (usually ``r``)."""
        root = re.search(r"<(?![?!])[^>]*>", self.workbook)
        declared = re.search(rf'xmlns:([\w.-]+)="{re.escape(NS_REL)}"', root[0]) if root else None
        return declared[1] if declared else None

    def _set_filter_name(self, index: int, name: str, ref: str | None) -> None:
        """Excel's hidden ``_xlnm._FilterDatabase`` name that goes with a sheet's autofilter."""
        p = _root_prefix(self.workbook)
        value = None
        if ref:
            c1, r1, c2, r2 = _parse_ref(ref)
            absolute = f"${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"
            value = (f'<{p}definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                     f"{_esc(quote_sheet(name))}!{absolute}</{p}definedName>")
        for match in _element(p, "definedName").finditer(self.workbook):
            values = _attrs(match["attrs"])
            if values.get("name") == "_xlnm._FilterDatabase" and values.get("localSheetId") == str(index):
                self.workbook = self.workbook[:match.start()] + (value or "") + self.workbook[match.end():]
                return
        if value is None:
            return
        names = _element(p, "definedNames").search(self.workbook)
        if names is not None and names["body"] is not None:
            self.workbook = self.workbook[:names.end("body")] + value + self.workbook[names.end("body"):]
            return
        if names is not None:  # <definedNames/>
            self.workbook = self.workbook[:names.start()] + f"<{p}definedNames>{value}</{p}definedNames>" + self.workbook[names.end():]
            return
        anchors = [m.end() for name_ in ("sheets", "functionGroups", "externalReferences")
                   for m in _element(p, name_).finditer(self.workbook)]
        at = max(anchors)
        self.workbook = self.workbook[:at] + f"<{p}definedNames>{value}</{p}definedNames>" + self.workbook[at:]

    def _patch_columns(self, sheet: _SheetRef | None, patches: list[ColumnPatch]) -> None:
        assert sheet is not None and sheet.part is not None
        editor = _SheetEditor(self.package.text(sheet.part), self.styles, self.book.date1904)
        self.package.put(sheet.part, editor.apply(_Plan.of(patches)))
        self.formulas_removed |= editor.formulas_removed

    def _finish(self) -> None:
        """Styles, calcChain, app.xml, then the three bookkeeping parts if they changed."""
        if self.styles.changed():
            if self.styles.part is None:
                part = posixpath.join(posixpath.dirname(self.book.part), "styles.xml")
                self._add_relationship(REL_STYLES, part, CT_STYLES)
                self.styles.part = part
            self.package.put(self.styles.part, self.styles.text)
        if self.formulas_removed:
            self._drop_calc_chain()
        self._update_app()
        for part, text in ((self.book.part, self.workbook), (self.wb_rels_part, self.wb_rels),
                           (CONTENT_TYPES, self.types)):
            if text != self.package.text(part):
                self.package.put(part, text)

    def _drop_calc_chain(self) -> None:
        """Excel's formula order list must not name a cell whose formula we removed; Excel
        rebuilds it when it is absent (openpyxl never writes one)."""
        chain = next((r for r in self.book.rels if r.type == REL_CALC_CHAIN), None)
        if chain is None:
            return
        self.package.remove(chain.part)
        self.wb_rels = _remove_elements(self.wb_rels, "Relationship", lambda a: a.get("Id") != chain.rid)
        self.types = _remove_elements(self.types, "Override", lambda a: (
            unquote(xml_unescape(a.get("PartName", ""))).lower() != "/" + chain.part.lower()))

    def _update_app(self) -> None:
        part = self.book.app_part
        if not self.appended or part is None or self.package.find(part) is None:
            return
        before = [n for n in self.book.worksheet_names() if n not in self.appended]
        try:
            text = self.package.text(part)
            updated = _app_with_sheets(text, before, self.appended)
        except (UnicodeDecodeError, ValueError):
            return
        if updated is not None:
            self.package.put(part, updated)


def _app_with_sheets(text: str, before: list[str], added: list[str]) -> str | None:
    """``docProps/app.xml`` with *added* listed after the worksheet titles; None when the part
    does not look as expected (it is informational only, so it is then left alone)."""
    prefix = re.search(rf'xmlns:([\w.-]+)="{re.escape(NS_VT)}"', text)
    if prefix is None:
        return None
    v = re.escape(prefix[1] + ":")
    vector = rf"(?P<open><{v}vector\b[^>]*>)(?P<body>.*?)</{v}vector>"
    heads = re.search(rf"<(?:[\w.-]+:)?HeadingPairs>\s*{vector}", text, re.S)
    titles = re.search(rf"<(?:[\w.-]+:)?TitlesOfParts>\s*{vector}", text, re.S)
    if heads is None or titles is None or heads.start() > titles.start():
        return None
    pair_re = rf"<{v}variant>\s*<{v}lpstr>(.*?)</{v}lpstr>\s*</{v}variant>\s*<{v}variant>\s*<{v}i4>(\d+)</{v}i4>\s*</{v}variant>"
    items = list(re.finditer(rf"<{v}lpstr>(.*?)</{v}lpstr>", titles["body"], re.S))
    offset = 0
    for pair in re.finditer(pair_re, heads["body"], re.S):
        count = int(pair[2])
        if [xml_unescape(m[1]) for m in items[offset:offset + count]] == before and count:
            vt = prefix[1] + ":"
            insert_at = titles.start("body") + items[offset + count - 1].end()
            new_titles = "".join(f"<{vt}lpstr>{_esc(name)}</{vt}lpstr>" for name in added)
            size_open = re.sub(r'(?<=\s)size="(\d+)"', lambda m: f'size="{int(m[1]) + len(added)}"', titles["open"])
            text = (text[:titles.start("open")] + size_open + text[titles.end("open"):insert_at]
                    + new_titles + text[insert_at:])
            at = heads.start("body") + pair.start(2)
            return text[:at] + str(count + len(added)) + text[heads.start("body") + pair.end(2):]
        offset += count
    return None
