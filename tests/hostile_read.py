"""Builders of hostile and odd inputs for the reader (issue 12), beside tests/hostile.py.

Each writes one small file and returns its path: legacy .xls files built record by record
(BIFF8 in an OLE container, or a raw BIFF4 stream), packages patched part by part (a lying zip
directory, a workbook part at another name, a lone surrogate, error cells), merged-range floods.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from cchc_sheets.core.cells import column_letter
from tests.hostile import ole_file, raw_xlsx, workbook_xml

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# --------------------------------------------------------------------------- legacy .xls (BIFF)

ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24,
               "#N/A": 0x2A}


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _unicode(text: str, length_bytes: int = 2) -> bytes:
    """A BIFF8 unicode string: length, flags (1: UTF-16), characters."""
    encoded = text.encode("utf-16-le")
    return struct.pack("<H" if length_bytes == 2 else "<B", len(text)) + b"\x01" + encoded


def _cell(row: int, col: int, value: object) -> bytes:
    if isinstance(value, str) and value in ERROR_CODES:
        return _record(0x0205, struct.pack("<HHHBB", row, col, 15, ERROR_CODES[value], 1))  # BOOLERR: error
    if isinstance(value, str):
        return _record(0x0204, struct.pack("<HHH", row, col, 15) + _unicode(value))  # LABEL
    return _record(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))  # NUMBER  # type: ignore[arg-type]


def _xf_records() -> bytes:
    """One font and the 16 style XFs plus one cell XF (index 15) every BIFF8 reader expects."""
    font = _record(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("Arial", 1))
    style_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    cell_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    return font * 5 + _record(0x00E0, style_xf) * 15 + _record(0x00E0, cell_xf)


def biff8_xls(path: Path, sheets: dict[str, dict[tuple[int, int], object]], *,
              merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
              dimensions: tuple[int, int] | None = None, stream: str = "Workbook", encrypted: bool = False,
              broken_sheet: bool = False, trailing_garbage: bool = False) -> Path:
    """A BIFF8 .xls: *sheets* maps a name to ``{(row, col): value}`` (0-based; str, number, or an
    error literal such as ``#N/A`` stored as an error cell). *merges* are (first row, last row,
    first col, last col), 0-based inclusive. *dimensions* is the used range the DIMENSIONS record
    claims (rows, cols). *stream* names the OLE stream; *encrypted* adds a FILEPASS record;
    *broken_sheet* cuts the first sheet's first number record short; *trailing_garbage* makes the
    file size no multiple of 512 (xlrd warns about it).
    """
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 0x0006))
    globals_head = bof_globals
    if encrypted:
        globals_head += _record(0x002F, struct.pack("<HHH", 0, 0x1234, 0x5678))  # XOR obfuscation
    globals_head += _record(0x0042, struct.pack("<H", 1200)) + _xf_records()
    sheet_streams = []
    for index, (name, cells) in enumerate(sheets.items()):
        body = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 0x0006))
        rows, cols = dimensions or (max((r for r, _ in cells), default=0) + 1, max((c for _, c in cells), default=0) + 1)
        body += _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
        for (r, c), value in sorted(cells.items()):
            record = _cell(r, c, value)
            if broken_sheet and index == 0 and record[:2] == b"\x03\x02":
                record = struct.pack("<HH", 0x0203, 4) + record[4:8]
            body += record
        ranges = (merges or {}).get(name, [])
        for start in range(0, len(ranges), 1000):
            chunk = ranges[start:start + 1000]
            body += _record(0x00E5, struct.pack("<H", len(chunk)) + b"".join(struct.pack("<HHHH", *m) for m in chunk))
        body += _record(0x000A, b"")
        sheet_streams.append(body)
    bound_sizes = [len(_record(0x0085, struct.pack("<IBB", 0, 0, 0) + _unicode(name, 1))) for name in sheets]
    offset = len(globals_head) + sum(bound_sizes) + len(_record(0x000A, b""))
    bound = b""
    for name, body in zip(sheets, sheet_streams, strict=False):
        bound += _record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, 1))
        offset += len(body)
    data = globals_head + bound + _record(0x000A, b"") + b"".join(sheet_streams)
    data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\x00")
    ole_file(path, {stream: data})
    if trailing_garbage:
        with path.open("ab") as handle:
            handle.write(b"\x00" * 100)
    return path


def biff4_xls(path: Path, cells: dict[tuple[int, int], str]) -> Path:
    """A BIFF4 worksheet as Excel 4.0 saved it: a raw record stream, no OLE container."""
    data = _record(0x0409, struct.pack("<HHH", 0, 0x0010, 0))
    data += _record(0x0042, struct.pack("<H", 1252))
    for (r, c), text in sorted(cells.items()):
        encoded = text.encode("cp1252")
        data += _record(0x0204, struct.pack("<HHHH", r, c, 0, len(encoded)) + encoded)
    path.write_bytes(data + _record(0x000A, b""))
    return path


# --------------------------------------------------------------------------- xlsx packages


def rewrite_parts(source: Path, target: Path, change: dict[str, bytes | None],
                  rename: dict[str, str] | None = None) -> Path:
    """Copy the package *source* to *target*, with parts replaced (``None`` drops one) or renamed."""
    rename = rename or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change.get(info.filename, old.read(info))
            if data is not None:
                new.writestr(rename.get(info.filename, info.filename), data)
        for name, data in change.items():
            if name not in old.namelist() and data is not None:
                new.writestr(name, data)
    return target


def replace_text(source: Path, target: Path, old: str, new: str) -> Path:
    """*source* with *old* replaced by *new* in every XML part that holds it (raw bytes, so *new*
    may be markup such as ``&#xD800;``)."""
    with zipfile.ZipFile(source) as archive:
        change = {info.filename: archive.read(info).replace(old.encode(), new.encode())
                  for info in archive.infolist() if old.encode() in archive.read(info)}
    assert change, f"{old!r} is in no part of {source}"
    return rewrite_parts(source, target, change)


def workbook_part_renamed(source: Path, target: Path, new_name: str = "xl/so_theo_doi.xml") -> Path:
    """*source* with its workbook part stored under another legal name, found through _rels/.rels
    (as Excel finds it) and the content types; ``xl/workbook.xml`` no longer exists."""
    folder, _, file_name = new_name.rpartition("/")
    with zipfile.ZipFile(source) as archive:
        rels = archive.read("_rels/.rels").replace(b"xl/workbook.xml", new_name.encode())
        types = archive.read("[Content_Types].xml").replace(b"/xl/workbook.xml", b"/" + new_name.encode())
    return rewrite_parts(source, target, {"_rels/.rels": rels, "[Content_Types].xml": types},
                         rename={"xl/workbook.xml": new_name,
                                 "xl/_rels/workbook.xml.rels": f"{folder}/_rels/{file_name}.rels"})


def xlsb(folder: Path, name: str = "ke_hoach.xlsb") -> Path:
    """Excel's binary workbook: a zip like .xlsx, but its workbook part is ``xl/workbook.bin``."""
    path = folder / name
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="bin" ContentType="application/'
                         'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00")
    return path


def lying_part(folder: Path, megabytes: int = 256, declared: int = 1000, name: str = "noi_doi.xlsx",
               source: Path | None = None, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A workbook (*source*, else a one-sheet package) whose *part* declares *declared* bytes in
    the zip directory but inflates to its own bytes plus *megabytes* of spaces (a quarter of a
    megabyte on disk per 256 MiB)."""
    path = folder / name
    if source is None:
        raw_xlsx(path, {"Nhiệm vụ": "x"})
    else:
        path.write_bytes(source.read_bytes())
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path) as archive:
        keep = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name_, data in keep.items():
            if name_ != part:
                archive.writestr(name_, data)
        with archive.open(part, "w") as out:
            out.write(keep[part])
            for _ in range(megabytes):
                out.write(chunk)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")
    while True:  # the central directory entry of the part: set its inflated size
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if bytes(data[entry + 46:entry + 46 + name_length]) == part.encode():
            break
        entry = data.rindex(b"PK\x01\x02", 0, entry)
    struct.pack_into("<I", data, entry + 24, declared)
    path.write_bytes(bytes(data))
    return path


def sheet_with(cells_xml: str, merges: list[str] | None = None, merge_count: int | None = None) -> str:
    """A worksheet whose ``sheetData`` is *cells_xml* (rows and cells as written), with merged ranges."""
    merge_refs = merges or []
    merge_xml = "".join(f'<mergeCell ref="{ref}"/>' for ref in merge_refs)
    count = merge_count if merge_count is not None else len(merge_refs)
    tail = f'<mergeCells count="{count}">{merge_xml}</mergeCells>' if merge_refs else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{_MAIN_NS}"><sheetData>{cells_xml}</sheetData>{tail}</worksheet>')


def merge_flood(folder: Path, ranges: int, rows_each: int, name: str = "gop_o.xlsx") -> Path:
    """A tiny workbook whose task sheet holds *ranges* overlapping merged ranges of *rows_each*
    rows each (A1:A{rows_each}, B1:B{rows_each}, ... cycling over 200 columns)."""
    refs = [f"{column_letter(i % 200 + 1)}{1 + i // 200}:{column_letter(i % 200 + 1)}{rows_each + i // 200}"
            for i in range(ranges)]
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c></row>'
    return raw_xlsx(folder / name, {"Nhiệm vụ": sheet_with(cells, refs)}, workbook=workbook_xml(["Nhiệm vụ"]))

