"""One patch run: check the request, edit the package, validate it, write it atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException

from cchc_sheets.core.cells import parse_range, range_ref
from cchc_sheets.core.errors import FileLocked, UnreadableFile
from cchc_sheets.core.text import fold
from cchc_sheets.read.ooxml import xml_unescape
from cchc_sheets.write.cell_xml import CellValue, _esc, _esc_attr
from cchc_sheets.write.safe_write import Fingerprint, atomic_write, ensure_not_open
from cchc_sheets.write.xlsx_patch.edits import (
    _BAD_SHEET_CHARS,
    CONTENT_TYPES,
    CT_STYLES,
    CT_WORKSHEET,
    MAX_COL,
    MAX_ROW,
    NS_REL,
    NS_VT,
    REL_CALC_CHAIN,
    REL_STYLES,
    REL_WORKSHEET,
    Cell,
    ColumnPatch,
    NewSheet,
    PatchResult,
    _as_cell,
    _Refuse,
    quote_sheet,
)
from cchc_sheets.write.xlsx_patch.sheet_editor import _new_sheet_xml, _Plan, _SheetEditor
from cchc_sheets.write.xlsx_patch.styles import _argb, _Styles
from cchc_sheets.write.xlsx_patch.xml_text import (
    _attrs,
    _element,
    _insert_before_close,
    _remove_elements,
    _root_prefix,
)
from cchc_sheets.write.xlsx_patch.zip_package import _Book, _Package, _rels_part, _SheetRef


def patch_workbook(
    src: Path,
    dst: Path,
    *,
    sheets: Sequence[NewSheet],
    columns: Sequence[ColumnPatch],
    replace_folded: Callable[[str], str] | None = None,
    backup_dir: Path | None = None,
    expect: Fingerprint | None = None,
) -> PatchResult:
    """Write *src* with the library's sheets and columns to *dst* (which may be *src*).

    Library sheets whose folded name matches an existing sheet replace it in place (same part,
    same tab position); others are appended. Raises ``UnreadableFile("write.cannot_patch")``
    rather than write a package that does not re-open, and ``FileLocked`` when *dst* is open
    in Excel. When *dst* is *src* and nothing changed, the file is left alone. With *expect*
    (what *src* was when the caller read it), a *src* that changed since is refused
    (``FileLocked("write.changed")``): the caller's columns were placed by the old layout.
    """
    src, dst = Path(src), Path(dst)
    folder = replace_folded or fold
    _check_arguments(sheets, columns, folder)
    blob = src.read_bytes()
    if expect is not None and hashlib.sha256(blob).hexdigest() != expect.sha256:
        raise FileLocked("write.changed", path=str(src))
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
        atomic_write(dst, lambda tmp: _write_bytes(tmp, out), backup_dir=backup_dir,
                     expect=expect if _same_file(src, dst) else None)
    return result


def package_digest(path: Path) -> dict[str, str]:
    """Part name -> sha256 of its uncompressed bytes, in zip order (for tests and idempotence)."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: hashlib.sha256(zf.read(info)).hexdigest() for info in zf.infolist()}


def _write_bytes(tmp: Path, data: bytes) -> None:
    tmp.write_bytes(data)


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
        elif existing.part is not None:
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
            absolute = range_ref(*parse_range(ref), absolute=True)
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
