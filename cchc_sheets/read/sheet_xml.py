"""The OOXML (.xlsx) side of the reader: the package's sheet list, shared strings, styles and
each worksheet's cells, streamed with expat (or a C-speed regular expression for plain sheets).

XML is parsed safely (expat with every DTD, entity declaration and external reference refused, as
defusedxml does) and cells are streamed without building a tree.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.cells import column_number, split_ref
from cchc_sheets.core.values import from_serial
from cchc_sheets.read.grid import CellData, Grid, SheetRef
from cchc_sheets.read.package import MAX_CELLS_PER_SHEET, check_zip_sizes

_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
LEGACY_FONT = re.compile(r"^(\.vn|vni[ -])", re.IGNORECASE)


@dataclass(slots=True)
class _Styles:
    date_xf: set[int] = field(default_factory=set)
    legacy_xf: set[int] = field(default_factory=set)


class XlsxPackage:
    """The OOXML side of :class:`Workbook`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnreadableFile("file.truncated", path=str(path)) from exc
        try:
            self._check_sizes()
            self._check_kind()
            self.date1904 = False
            self.sheets = self._read_sheet_list()
            self._strings: list[str] | None = None
            self._styles: _Styles | None = None
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def _check_kind(self) -> None:
        """A zip that is an OpenDocument spreadsheet or no spreadsheet at all, said plainly."""
        names = set(self.zip.namelist())
        if "mimetype" in names and "content.xml" in names:
            raise UnreadableFile("file.ods", path=str(self.path))
        if "xl/workbook.xml" not in names:
            raise UnreadableFile("file.not_spreadsheet", path=str(self.path))

    def _check_sizes(self) -> None:
        check_zip_sizes(self.zip, self.path)

    def _part(self, name: str) -> bytes | None:
        try:
            return self.zip.read(name)
        except KeyError:
            return None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise UnreadableFile("file.truncated", path=str(self.path)) from exc

    def _parse(self, name: str, data: bytes, start: Any = None, end: Any = None, text: Any = None) -> None:
        """Run *data* through a safe expat parser with the given handlers.

        Why not defusedxml's iterparse: building an element per cell made parsing most of the
        cost of reading a file (measured: 16 ms -> 4 ms for a 60-task commune sheet). The same
        protections stay: any DTD, entity declaration or external reference is refused with
        defusedxml's own exceptions, and damage becomes :class:`UnreadableFile`.
        """
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_entity
        parser.UnparsedEntityDeclHandler = _refuse_entity
        parser.ExternalEntityRefHandler = _refuse_external
        if start is not None:
            parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            parser.Parse(data, True)
        except DefusedXmlException as exc:
            raise UnreadableFile("file.xml_attack", path=str(self.path)) from exc
        except (expat.ExpatError, ValueError) as exc:
            raise UnreadableFile("file.bad_xml", path=str(self.path), part=name) from exc

    def _elements(self, name: str, data: bytes, wanted: set[str]) -> list[tuple[str, dict[str, str]]]:
        """(local tag, attributes) of every *wanted* element, in document order (small parts)."""
        found: list[tuple[str, dict[str, str]]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag in wanted:
                found.append((tag, attrs))

        self._parse(name, data, start)
        return found

    def _read_sheet_list(self) -> list[SheetRef]:
        data = self._part("xl/workbook.xml")
        if data is None:
            raise UnreadableFile("file.not_spreadsheet", path=str(self.path))
        rels = self._relationships("xl/_rels/workbook.xml.rels", "xl")
        sheets = []
        for tag, attrs in self._elements("xl/workbook.xml", data, {"sheet", "workbookPr"}):
            if tag == "workbookPr":
                # Old Mac workbooks count days from 1904: the same serial is four years later.
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
                continue
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            part = rels.get(rid or "")
            if part:
                hidden = attrs.get("state", "visible") != "visible"
                sheets.append(SheetRef(attrs.get("name", ""), part, hidden))
        if not sheets:
            raise UnreadableFile("file.no_sheets", path=str(self.path))
        return sheets

    def _relationships(self, name: str, base: str) -> dict[str, str]:
        data = self._part(name)
        if data is None:
            return {}
        rels = {}
        for _, attrs in self._elements(name, data, {"Relationship"}):
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{base}/{target}")
            rels[attrs.get("Id", "")] = path
        return rels

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            data = self._part("xl/sharedStrings.xml")
            if data is not None:
                self._strings = _plain_strings(data)
                if self._strings is None:
                    self._strings = self._parse_strings(data)
        return self._strings

    def _parse_strings(self, data: bytes) -> list[str]:
        """One string per ``<si>``: the text of its ``<t>`` runs, phonetic runs (``rPh``) left out."""
        strings: list[str] = []
        parts: list[str] = []
        state = {"in_t": False, "skip": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag == "t":
                state["in_t"] = not state["skip"]
            elif tag == "rPh":
                state["skip"] += 1

        def end(tag: str) -> None:
            tag = _local(tag)
            if tag == "t":
                state["in_t"] = False
            elif tag == "rPh":
                state["skip"] -= 1
            elif tag == "si":
                strings.append("".join(parts))
                parts.clear()

        def text(chunk: str) -> None:
            if state["in_t"]:
                parts.append(chunk)

        self._parse("xl/sharedStrings.xml", data, start, end, text)
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
        state = {"section": "", "font": "", "xf": 0}

        def start(tag: str, attrs: dict[str, str]) -> None:
            tag = _local(tag)
            if tag in ("cellXfs", "cellStyleXfs", "fonts", "dxfs"):
                state["section"] = tag
            elif tag == "numFmt":
                code = _FORMAT_NOISE.sub("", attrs.get("formatCode", ""))
                if _DATE_TOKENS.search(code) and not re.fullmatch(r"[^dmy]*", code, re.IGNORECASE):
                    custom_dates.add(_int(attrs.get("numFmtId")))
            elif tag == "name" and state["section"] == "fonts":
                state["font"] = attrs.get("val", "")
            elif tag == "xf" and state["section"] == "cellXfs":
                fmt = _int(attrs.get("numFmtId"))
                if fmt in _BUILTIN_DATE_FORMATS or fmt in custom_dates:
                    styles.date_xf.add(state["xf"])
                font = _int(attrs.get("fontId"))
                if font < len(fonts) and LEGACY_FONT.match(fonts[font]):
                    styles.legacy_xf.add(state["xf"])
                state["xf"] += 1

        def end(tag: str) -> None:
            tag = _local(tag)
            if tag in ("cellXfs", "cellStyleXfs", "fonts", "dxfs"):
                state["section"] = ""
            elif tag == "font" and state["section"] == "fonts":
                fonts.append(state["font"])
                state["font"] = ""

        self._parse("xl/styles.xml", data, start, end)
        return styles

    def grid(self, sheet: SheetRef) -> Grid:
        data = self._part(sheet.part)
        grid = Grid(sheet.name, hidden=sheet.hidden)
        if data is not None and not _fill_grid_plain(self, sheet, grid, data):
            _fill_grid(self, sheet, grid, data)
        grid.finish()
        return grid


# The plain-worksheet fast path: every writer seen (Excel, LibreOffice, openpyxl, xlsxwriter,
# WPS) writes ``<c r="B7" s="3" t="s">`` with attributes in that order. A sheet whose every cell
# looks like that, with no ``<!`` anywhere (no DTD, comment or CDATA), is read with one C-speed
# regular expression, several times faster than expat callbacks. Anything else goes through
# expat; a count of ``<c`` tags makes sure no cell is ever skipped by the fast path.
_PLAIN_CELL = re.compile(r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?\s*(?:/>|>(.*?)</c>)',
                         re.S)
_CELL_TAG = re.compile(r"<c[\s/>]")
_PLAIN_V = re.compile(r"<v>([^<]*)</v>")
_PLAIN_T = re.compile(r"<t\b[^>]*>([^<]*)</t>")
_PLAIN_RPH = re.compile(r"<rPh\b.*?</rPh>", re.S)
_PLAIN_MERGE = re.compile(r'<mergeCell\b[^>]*?\bref="([^"]*)"')
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _fill_grid_plain(package: XlsxPackage, sheet: SheetRef, grid: Grid, data: bytes) -> bool:
    """Fill *grid* by the fast path; False (grid untouched) when the sheet is not plain."""
    if b"<!" in data or b"<sheetData" not in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    _, _, rest = text.partition("<sheetData")
    body, _, tail = rest.partition("</sheetData>")
    found = _PLAIN_CELL.findall(body)
    if len(found) != len(_CELL_TAG.findall(body)):
        return False
    if len(found) > MAX_CELLS_PER_SHEET * 4:
        raise UnreadableFile("file.sheet_too_large", path=str(package.path), sheet=sheet.name,
                             cells=MAX_CELLS_PER_SHEET)
    strings = package._shared_strings()
    date_xf, legacy_xf = package._style_info().date_xf, package._style_info().legacy_xf
    date1904 = package.date1904
    cells = grid.cells
    for letters, digits, style_text, kind, inner in found:
        if not inner:
            continue  # a styled blank cell
        style = int(style_text) if style_text else 0
        value = _plain_value(kind or "n", inner, strings, style in date_xf, date1904)
        if value is not None or "<f" in inner:
            cells[(int(digits), _letters_col(letters))] = CellData(value, "<f" in inner, style in legacy_xf)
    if len(cells) > MAX_CELLS_PER_SHEET:
        raise UnreadableFile("file.sheet_too_large", path=str(package.path), sheet=sheet.name,
                             cells=MAX_CELLS_PER_SHEET)
    for ref in _PLAIN_MERGE.findall(tail):
        _add_merge(grid, ref)
    return True


_PLAIN_SI = re.compile(r"<si>(.*?)</si>|<si/>", re.S)


def _plain_strings(data: bytes) -> list[str] | None:
    """The shared strings by the fast path, or None when the part is not plain (see above)."""
    if b"<!" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _PLAIN_SI.findall(text)
    if len(found) != text.count("<si>") + text.count("<si/>") or "<si " in text:
        return None
    out = []
    for inner in found:
        if "<rPh" in inner:
            inner = _PLAIN_RPH.sub("", inner)
        out.append("".join(xml_unescape(part) for part in _PLAIN_T.findall(inner)))
    return out


_LETTER_COLS: dict[str, int] = {}


def _letters_col(letters: str) -> int:
    """``AB`` -> 28, cached (the fast path sees the same few letters in every row)."""
    col = _LETTER_COLS.get(letters)
    if col is None:
        col = _LETTER_COLS[letters] = column_number(letters)
    return col


def _plain_value(kind: str, inner: str, strings: list[str], is_date: bool, date1904: bool) -> Any:
    if kind == "inlineStr":
        content = _PLAIN_RPH.sub("", inner) if "<rPh" in inner else inner
        inline = [xml_unescape(part) for part in _PLAIN_T.findall(content)]
        return _decode(kind, None, inline, strings, is_date, date1904)
    raw = _PLAIN_V.search(inner)
    return _decode(kind, xml_unescape(raw.group(1)) if raw else None, [], strings, is_date, date1904)


def xml_unescape(text: str) -> str:
    """XML character references and the five predefined entities (nothing else exists here);
    shared with the patcher, which reads attribute values the same way."""
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text.replace("\r\n", "\n") if "\r" in text else text


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code < 0x110000 else ""
    return _NAMED[name]


def _fill_grid(package: XlsxPackage, sheet: SheetRef, grid: Grid, data: bytes) -> None:
    """Fill *grid* from a worksheet part with expat callbacks.

    Closures over local variables rather than an element tree or a handler object: this is the
    hot loop of every read (a cell is three callbacks), and attribute lookups showed up first.
    """
    strings = package._shared_strings()
    styles = package._style_info()
    date_xf, legacy_xf = styles.date_xf, styles.legacy_xf
    date1904 = package.date1904
    cells = grid.cells
    row = col = style = phonetic = 0
    kind = "n"
    formula = False
    raw: list[str] = []
    inline: list[str] = []
    target: list[str] | None = None

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, kind, style, formula, raw, inline, target, phonetic
        tag = _LOCALS.get(tag) or _local(tag)
        if tag == "c":
            ref = attrs.get("r")
            col = _ref_col(ref) if ref else col + 1
            kind = attrs.get("t", "n")
            style = _int(attrs.get("s"))
            formula = False
            raw, inline = [], []
        elif tag == "v":
            target = raw
        elif tag == "t":
            target = None if phonetic else inline
        elif tag == "f":
            formula = True
        elif tag == "row":
            row = _int(attrs.get("r")) or row + 1
            col = 0
        elif tag == "rPh":
            phonetic += 1
        elif tag == "mergeCell":
            _add_merge(grid, attrs.get("ref", ""))

    def end(tag: str) -> None:
        nonlocal target, phonetic
        tag = _LOCALS.get(tag) or _local(tag)
        if tag == "v" or tag == "t":
            target = None
        elif tag == "c":
            if not raw and not inline and not formula and kind != "inlineStr":
                return  # a styled blank cell
            value = _decode(kind, "".join(raw) if raw else None, inline, strings, style in date_xf, date1904)
            if value is None and not formula:
                return
            cells[(row, col)] = CellData(value, formula, style in legacy_xf)
            if len(cells) > MAX_CELLS_PER_SHEET:
                raise UnreadableFile("file.sheet_too_large", path=str(package.path),
                                     sheet=sheet.name, cells=MAX_CELLS_PER_SHEET)
        elif tag == "rPh":
            phonetic -= 1

    def text(chunk: str) -> None:
        if target is not None:
            target.append(chunk)

    package._parse(sheet.part, data, start, end, text)


def _refuse_dtd(name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _refuse_entity(name: str, *args: Any) -> None:
    raise EntitiesForbidden(name, None, None, None, None, None)


def _refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> None:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _int(text: str | None) -> int:
    """An integer attribute (``s``, ``r``, ``numFmtId``); 0 when absent or not a number."""
    try:
        return int(text) if text else 0
    except ValueError:
        return 0


_REF_COLS: dict[str, int] = {}


def _ref_col(ref: str) -> int:
    """Column number of a cell reference (``AB12`` -> 28), cached by its letters."""
    letters = ref.rstrip("0123456789")
    col = _REF_COLS.get(letters)
    if col is None:
        col = split_ref(ref)[1] if ref[len(letters):] else 0
        if len(_REF_COLS) < 20_000:
            _REF_COLS[letters] = col
    return col


def _add_merge(grid: Grid, ref: str) -> None:
    if ":" not in ref:
        return
    try:
        (r1, c1), (r2, c2) = (split_ref(part) for part in ref.split(":", 1))
    except ValueError:
        return
    grid.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def _decode(kind: str, raw: str | None, inline: list[str], strings: list[str], is_date: bool,
            date1904: bool) -> Any:
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
        return from_serial(number, date1904=date1904)
    return number


def _local(tag: str) -> str:
    """Element name without its namespace prefix (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag.rsplit(":", 1)[-1]


# The worksheet tags the sheet parser looks at, by qualified name, so the hot path skips _local.
_LOCALS = {tag: tag for tag in ("c", "v", "t", "f", "row", "rPh", "mergeCell", "is", "sheetData")}
