"""The OOXML (.xlsx) side of the reader: the package's sheet list, shared strings, styles and
each worksheet's cells, streamed with expat (or a C-speed regular expression for plain sheets).

XML is parsed safely (expat with every DTD, entity declaration and external reference refused, as
defusedxml does) and cells are streamed without building a tree.
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from cchc_sheets.core.cells import column_number, split_ref
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.values import from_serial, vi_number
from cchc_sheets.read.grid import CellData, CellError, Grid, SheetRef
from cchc_sheets.read.package import (
    MAX_CELL_CHARS,
    MAX_CELLS_PER_SHEET,
    MAX_MERGED_RANGES,
    Inflater,
    check_zip_sizes,
    zip_kind,
)

_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
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
            self._inflater = Inflater(self.zip, path)
            # Part names as Excel matches them: ignoring case, with a backslash taken for "/"
            # (some writers store ``xl\workbook.xml`` and ``[content_types].xml``).
            self._names = {_part_key(name): name for name in reversed(self.zip.namelist())}
            self._targets: dict[str, str] = {}
            self.date1904 = False
            self.sheets = self._read_sheet_list(self._main_part())
            self._strings: list[str] | None = None
            self._styles: _Styles | None = None
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def _main_part(self) -> str:
        """The workbook part, found as Excel finds it: the ``officeDocument`` relationship of
        ``_rels/.rels`` (any folder and name are legal), else ``xl/workbook.xml``. A zip that is an
        OpenDocument spreadsheet, Excel's binary .xlsb, or no spreadsheet at all is said plainly."""
        names = set(self._names)
        kind = zip_kind(names)
        if kind in ("ods", "xlsb"):
            raise UnreadableFile(f"file.{kind}", path=str(self.path))
        try:
            package_rels = self._relationships("_rels/.rels", "")
        except UnreadableFile:
            package_rels = {}  # a damaged package index: Excel still finds xl/workbook.xml
        main = next((target for kind, target in package_rels.values()
                     if kind == "officeDocument" and _part_key(target) in names), None)
        if main is None and "xl/workbook.xml" in names:
            main = "xl/workbook.xml"
        if main is None:
            raise UnreadableFile("file.not_spreadsheet", path=str(self.path))
        if main.endswith(".bin"):
            raise UnreadableFile("file.xlsb", path=str(self.path))
        return main

    def _check_sizes(self) -> None:
        check_zip_sizes(self.zip, self.path)

    def _part(self, name: str) -> bytes | None:
        """A part inflated with the package's running cap (see :class:`Inflater`); None if absent."""
        stored = self._names.get(_part_key(name))
        return None if stored is None else self._inflater.read(stored)

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
        if b"&#" in data:
            data = _CHAR_REF.sub(_fix_char_ref, data)
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

    def _read_sheet_list(self, main: str) -> list[SheetRef]:
        data = self._part(main)
        if data is None:
            raise UnreadableFile("file.not_spreadsheet", path=str(self.path))
        if _STRICT_NS in data[:4096]:
            raise UnreadableFile("file.strict_ooxml", path=str(self.path))  # the patcher cannot write it either
        folder, _, file_name = main.rpartition("/")
        rels = self._relationships(f"{folder}/_rels/{file_name}.rels" if folder else f"_rels/{file_name}.rels", folder)
        for kind, target in rels.values():
            self._targets.setdefault(kind, target)  # sharedStrings, styles
        sheets = []
        for tag, attrs in self._elements(main, data, {"sheet", "workbookPr"}):
            if tag == "workbookPr":
                # Old Mac workbooks count days from 1904: the same serial is four years later.
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
                continue
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            part = rels.get(rid or "", ("", ""))[1]
            if part:
                hidden = attrs.get("state", "visible") != "visible"
                sheets.append(SheetRef(cell_text(attrs.get("name", "")), part, hidden))
        if not sheets:
            raise UnreadableFile("file.no_sheets", path=str(self.path))
        return sheets

    def _relationships(self, name: str, base: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type's last word, e.g. ``worksheet``; target part in the package)."""
        data = self._part(name)
        if data is None:
            return {}
        rels = {}
        for _, attrs in self._elements(name, data, {"Relationship"}):
            target = attrs.get("Target", "").replace("\\", "/")
            if attrs.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{base}/{target}")
            rels[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], path.lstrip("/"))
        return rels

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            data = self._part(self._targets.get("sharedStrings", "xl/sharedStrings.xml"))
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
                strings.append(cell_text("".join(parts)))
                parts.clear()

        def text(chunk: str) -> None:
            if state["in_t"]:
                parts.append(chunk)

        self._parse("xl/sharedStrings.xml", data, start, end, text)
        return strings

    def _style_info(self) -> _Styles:
        if self._styles is None:
            data = self._part(self._targets.get("styles", "xl/styles.xml"))
            self._styles = _Styles() if data is None else self._parse_styles(data)
        return self._styles

    def _parse_styles(self, data: bytes) -> _Styles:
        custom_dates: set[int] = set()
        fonts: list[str] = []
        styles = _Styles()
        state: dict[str, Any] = {"section": "", "font": "", "xf": 0}

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
        grid.finish(str(self.path))
        return grid

    def too_large(self, sheet: SheetRef) -> UnreadableFile:
        return UnreadableFile("file.sheet_too_large", path=str(self.path), sheet=sheet.name,
                              cells=vi_number(MAX_CELLS_PER_SHEET))


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
_UNCLOSED_CELL = re.compile(r"<c\b[^>]*(?<!/)>")
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
    if body.count("<c") > MAX_CELLS_PER_SHEET * 4:  # an upper bound of the cells, before any is parsed
        raise package.too_large(sheet)
    if _UNCLOSED_CELL.search(body, body.rfind("</c>") + 1):
        return False  # a cell left open after the last </c> would make the lazy match scan to the end, per cell
    found = _PLAIN_CELL.findall(body)
    if len(found) != len(_CELL_TAG.findall(body)):
        return False
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
        raise package.too_large(sheet)
    for match in _PLAIN_MERGE.finditer(tail):
        _add_merge(grid, match.group(1), str(package.path))
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
    if "<si " in text or "<si>" in text[text.rfind("</si>") + 1:]:
        return None  # an <si> left open at the end would make the lazy match scan to the end, per string
    found = _PLAIN_SI.findall(text)
    if len(found) != text.count("<si>") + text.count("<si/>"):
        return None
    out = []
    for inner in found:
        if "<rPh" in inner:
            inner = _PLAIN_RPH.sub("", inner)
        out.append(cell_text("".join(xml_unescape(part) for part in _PLAIN_T.findall(inner))))
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


_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_REF = re.compile(rb"&#(x[0-9A-Fa-f]{1,8}|[0-9]{1,10});")


def cell_text(text: str) -> str:
    """A cell's text as the clerk typed it, safe to show and to write again.

    * ``_xHHHH_`` escapes decoded (Excel writes a typed line break from Windows text as
      ``_x000D_``; ``_x005F_`` escapes a literal underscore, so ``_x005F_x000D_`` stays text);
    * line breaks as ``\n``;
    * a lone surrogate (``&#xD800;``, ``_xD800_``) or a character XML cannot hold becomes U+FFFD,
      so no writer, terminal or JSON encoder downstream fails on it; a valid pair is joined;
    * at most :data:`MAX_CELL_CHARS` characters (Excel's own limit), so later parsing is bounded.
    """
    if "_x" in text:
        text = _XSTRING_ESCAPE.sub(_xstring_char, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if _NOT_XML_CHAR.search(text):
        text = _NOT_XML_CHAR.sub("\ufffd", text)
    return text[:MAX_CELL_CHARS] if len(text) > MAX_CELL_CHARS else text


def _xstring_char(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


def _fix_char_ref(match: re.Match[bytes]) -> bytes:
    """A character reference XML forbids (``&#xD800;``, ``&#0;``) as U+FFFD, so expat reads the
    sheet as the fast path does instead of refusing the whole file."""
    name = match.group(1)
    code = int(name[1:], 16) if name[:1] == b"x" else int(name)
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if allowed else b"&#xFFFD;"


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
            _add_merge(grid, attrs.get("ref", ""), str(package.path))

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
                raise package.too_large(sheet)
        elif tag == "rPh":
            phonetic -= 1

    def text(chunk: str) -> None:
        if target is not None:
            target.append(chunk)

    package._parse(sheet.part, data, start, end, text)


def _part_key(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def _refuse_dtd(name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _refuse_entity(name: str, *args: Any) -> None:
    raise EntitiesForbidden(name, None, None, None, None, None)


def _refuse_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> NoReturn:
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


def _add_merge(grid: Grid, ref: str, path: str) -> None:
    """Record one merged range; refused past :data:`MAX_MERGED_RANGES`, as the ranges are read."""
    if ":" not in ref:
        return
    if len(grid.merged) >= MAX_MERGED_RANGES:
        grid.merged.append((1, 1, 1, 1))
        grid.finish(path)  # raises the sentence
    try:
        (r1, c1), (r2, c2) = (split_ref(part) for part in ref.split(":", 1))
    except ValueError:
        return
    grid.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def _decode(kind: str, raw: str | None, inline: list[str], strings: list[str], is_date: bool,
            date1904: bool) -> Any:
    """A cell's value from its type ``t`` and raw text. Shared strings are already clean; every
    other text goes through :func:`cell_text`. An error (``t="e"``) is a value: see :class:`CellError`."""
    if kind == "inlineStr":
        return cell_text("".join(inline))
    if raw is None:
        return None
    if kind == "s":
        try:
            index = int(raw)
        except ValueError:
            return None
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "str":
        return cell_text(raw)
    if kind == "e":
        return CellError(cell_text(raw.strip()) or "#N/A")
    if kind == "b":
        return raw.strip() in ("1", "true")
    try:
        number = float(raw)
    except ValueError:
        return cell_text(raw)
    if kind == "d" or not math.isfinite(number):
        return cell_text(raw)  # an ISO date typed as such, or "inf"/"nan", which no writer can store
    if is_date and 0 < number < 2958466:
        return from_serial(number, date1904=date1904)
    return number


def _local(tag: str) -> str:
    """Element name without its namespace prefix (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag.rsplit(":", 1)[-1]


# The worksheet tags the sheet parser looks at, by qualified name, so the hot path skips _local.
_LOCALS = {tag: tag for tag in ("c", "v", "t", "f", "row", "rPh", "mergeCell", "is", "sheetData")}
