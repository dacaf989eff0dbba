"""Builders of hostile inputs for the write side: what a commune's file or an inbox can hold
that tries to make the library write where it must not, or hang, or crash.

Beside :mod:`tests.hostile` (hostile files for the readers). Every builder is small and fast.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
INFO_SHEET = "Thông tin"


def commune(dst: Path, *, code: str | None = None, name: str | None = None,
            source: str = "xa_minh_tan.xlsx") -> Path:
    """A copy of an example commune's workbook whose ``Mã đơn vị`` / ``Tên đơn vị`` are *code* /
    *name* as a clerk (or an attacker) typed them."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.load_workbook(EXAMPLES / source)
    sheet = book[INFO_SHEET]
    for row in sheet.iter_rows(min_col=1, max_col=2):
        label, value = row
        if label.value == "Mã đơn vị" and code is not None:
            value.value = code
        elif label.value == "Tên đơn vị" and name is not None:
            value.value = name
    book.save(dst)
    return dst


def fifo(folder: Path, name: str = "treo.xlsx") -> Path:
    """A named pipe with a workbook's name: opening it for reading blocks until a writer comes."""
    path = folder / name
    os.mkfifo(path)
    return path


def link_to_dev_zero(folder: Path, name: str = "vo_tan.xlsx") -> Path:
    """A symlink with a workbook's name to ``/dev/zero``: reading it never ends."""
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


def planted_link(at: Path, victim: Path) -> Path:
    """A symlink placed where the library is about to write, pointing at someone else's file."""
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(victim)
    return at


def long_name(folder: Path, total_bytes: int, source: str = "xa_phu_linh.xlsx") -> Path:
    """A copy of an example under a legal name of *total_bytes* bytes (Vietnamese, 2-3 bytes a
    letter, as a clerk would type it), ``.xlsx`` included."""
    stem = ""
    while len((stem + "ệ").encode()) + len(".xlsx") <= total_bytes:
        stem += "ệ"
    stem += "a" * (total_bytes - len(stem.encode()) - len(".xlsx"))
    path = folder / f"{stem}.xlsx"
    shutil.copyfile(EXAMPLES / source, path)
    assert len(path.name.encode()) == total_bytes
    return path


def non_utf8_name(folder: Path, source: str = "xa_hong_phong.xlsx") -> Path:
    """A copy of an example whose name is Windows-1258 bytes, not UTF-8 (a zip from an old PC),
    with a newline and an escape sequence that would forge a log line or colour a terminal."""
    raw = os.fsencode(folder) + b"/x\xe3 \xd0\xf4ng\n[merged] gia\x1b[31m.xlsx"
    with open(raw, "wb") as handle:
        handle.write((EXAMPLES / source).read_bytes())
    return Path(os.fsdecode(raw))


def sheet_xml(path: Path, sheet_name: str) -> tuple[str, str]:
    """(part name, XML text) of the worksheet called *sheet_name*."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', workbook)[1]
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
        if target is None:
            target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        part = "xl/" + target[1].lstrip("/").removeprefix("xl/")
        return part, archive.read(part).decode()


def replace_part(path: Path, part: str, text: str) -> None:
    """Rewrite one part of the package, every other part copied as it was."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, text if info.filename == part else src.read(info))
    tmp.replace(path)


def add_cell(path: Path, sheet_name: str, ref: str, cell_xml: str) -> Path:
    """Put one raw ``<c>`` (e.g. an error value ``t="e"``) at *ref* of *sheet_name*: in an
    existing row after its last cell, or in a new row at the end of the sheet data."""
    part, xml = sheet_xml(path, sheet_name)
    row = int(re.sub(r"^[A-Z]+", "", ref))
    found = re.search(rf'<row [^>]*r="{row}"[^>]*>(.*?)</row>', xml, re.S)
    if found:
        xml = xml[:found.end(1)] + cell_xml + xml[found.end(1):]
    else:
        xml = xml.replace("</sheetData>", f'<row r="{row}">{cell_xml}</row></sheetData>')
    replace_part(path, part, xml)
    return path


WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
               "</Types>")
_DOCX_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="word/document.xml"/></Relationships>')


def docx_with_body(path: Path, document_xml: str) -> Path:
    """A minimal .docx whose ``word/document.xml`` is *document_xml*, as given."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document_xml)
    return path


def entity_bomb_docx(path: Path) -> Path:
    """Billion laughs in the Word document part."""
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return docx_with_body(path, f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{entities}]>'
                                f'<w:document xmlns:w="{WORD_MAIN}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>'
                                "</w:body></w:document>")


def damaged_docx(path: Path) -> Path:
    """A .docx whose document part stops half-way through an element."""
    return docx_with_body(path, f'<w:document xmlns:w="{WORD_MAIN}"><w:body><w:tbl><w:tr>')
