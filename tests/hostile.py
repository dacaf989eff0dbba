"""Builders of hostile and broken inputs, shared by the check and merge tests.

Every builder writes one small file into a folder and returns its path. They stay fast and
small on purpose: the zip bomb is streamed (300 MB of zeros never sit in memory), the OLE
containers are built sector by sector, and the XML attack is a few hundred bytes.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
BILLION_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


# --------------------------------------------------------------------------- raw xlsx packages


def workbook_xml(names: list[str], prolog: str = "", title_entity: bool = False) -> str:
    """``xl/workbook.xml`` listing *names*; with *prolog* (a DTD) and an entity in the first name."""
    sheets = "".join(
        f'<sheet name="{"&lol9;" if title_entity and i == 0 else name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
        for i, name in enumerate(names))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>{sheets}</sheets></workbook>')


def sheet_xml(cells: dict[str, str]) -> str:
    """A worksheet with inline-string cells, e.g. ``{"A1": "STT", "XFD1048576": "x"}``."""
    rows: dict[int, list[str]] = {}
    for ref, text in cells.items():
        row = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    body = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items()))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{_MAIN_NS}"><sheetData>{body}</sheetData></worksheet>')


def raw_xlsx(path: Path, sheets: dict[str, str], workbook: str | None = None) -> Path:
    """A minimal but legal xlsx package: sheet name -> worksheet XML, written as given."""
    names = list(sheets)
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{_SHEET_REL}" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(names)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook or workbook_xml(names))
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'<Relationships xmlns="{_PKG_REL_NS}">{rels}</Relationships>')
        for i, xml in enumerate(sheets.values()):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
    return path


def far_cells(folder: Path, name: str = "far_cells.xlsx") -> Path:
    """Cells at A1 and XFD1048576 in the task sheet: python-calamine aborts the process on this."""
    tasks = sheet_xml({"A1": "STT", "B1": "Nhiệm vụ/Giải pháp", "C1": "Chủ trì", "D1": "Thời gian hoàn thành",
                       "XFD1048576": "x"})
    return raw_xlsx(folder / name, {"Thông tin": sheet_xml({"A1": "Tên đơn vị", "XFD1048576": "x"}),
                                    "Tiêu chí": sheet_xml({"A1": "Mã", "B1": "Điểm tối đa", "C1": "Điểm đạt"}),
                                    "Nhiệm vụ": tasks})


def billion_laughs(folder: Path, name: str = "laughs.xlsx", where: str = "workbook") -> Path:
    """An entity-expansion attack in ``xl/workbook.xml`` (*where* = ``workbook``) or in a sheet."""
    if where == "workbook":
        return raw_xlsx(folder / name, {"Nhiệm vụ": sheet_xml({"A1": "STT"})},
                        workbook=workbook_xml(["Nhiệm vụ"], BILLION_LAUGHS_DTD, title_entity=True))
    attack = sheet_xml({"A1": "&lol9;"}).replace("?><worksheet", f"?>{BILLION_LAUGHS_DTD}<worksheet", 1)
    return raw_xlsx(folder / name, {"Nhiệm vụ": attack})


def not_standard(folder: Path, name: str = "bao_cao.xlsx") -> Path:
    """A real workbook, but some other report: no plan sheets, no task header."""
    return raw_xlsx(folder / name, {"Sheet1": sheet_xml({"A1": "Báo cáo tháng", "B2": "Doanh thu"}),
                                    "Biểu đồ": sheet_xml({"A1": "x"})})


def zip_bomb(folder: Path, name: str = "bomb.xlsx", megabytes: int = 300) -> Path:
    """A ~300 KB xlsx whose sheet inflates to *megabytes* of zeros, written streaming."""
    path = folder / name
    raw_xlsx(path, {"Nhiệm vụ": sheet_xml({"A1": "STT"})})
    chunk = bytes(1 << 20)
    info = zipfile.ZipInfo("xl/worksheets/sheet2.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w", force_zip64=True) as part:
        for _ in range(megabytes):
            part.write(chunk)
    return path


# --------------------------------------------------------------------------- other kinds of file


def renamed_pdf(folder: Path, name: str = "ke_hoach.xlsx") -> Path:
    """A PDF saved with an .xlsx name (mail clients and clerks do this)."""
    path = folder / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    return path


def renamed_text(folder: Path, name: str = "ghi_chu.xlsx") -> Path:
    path = folder / name
    path.write_text("STT;Nhiệm vụ;Chủ trì\n1;Rà soát TTHC;VP-TK\n", encoding="utf-8")
    return path


def truncated(source: Path, folder: Path, name: str = "tai_ve_do_dang.xlsx") -> Path:
    """The first half of a real workbook: an interrupted download."""
    data = source.read_bytes()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def excel_lock(folder: Path, workbook_name: str = "plan.xlsx") -> Path:
    """The ``~$`` file Excel writes beside a workbook it has open (165 bytes: the user's name)."""
    path = folder / f"~${workbook_name}"
    owner = "Nguyen Van A".encode("ascii")
    path.write_bytes(bytes([len(owner)]) + owner.ljust(53, b" ") + b"\x00" * 111)
    return path


# --------------------------------------------------------------------------- OLE compound files

_SECTOR = 512
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal, well-formed OLE compound file (CFB v3) holding *streams* in the root storage.

    Streams are padded to 4096 bytes so they live in regular sectors (no mini stream needed).
    Encrypted xlsx files are this container with ``EncryptionInfo`` and ``EncryptedPackage``;
    legacy .xls files hold a ``Workbook`` stream; Word .doc files a ``WordDocument`` stream.
    """
    payloads = [data.ljust(4096, b"\x00") for data in streams.values()]
    fat = [_FATSECT, _END]  # sector 0: the FAT itself, sector 1: the directory
    starts = []
    for data in payloads:
        count = len(data) // _SECTOR
        starts.append(len(fat))
        fat.extend(range(len(fat) + 1, len(fat) + count))
        fat.append(_END)
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *(fat + [_FREE] * (_SECTOR // 4 - len(fat))))
    entries = [_dir_entry("Root Entry", 5, child=1 if streams else _NOSTREAM)]
    for i, name in enumerate(streams):
        right = i + 2 if i + 1 < len(streams) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[i], size=len(payloads[i])))
    directory = b"".join(entries).ljust(_SECTOR, b"\x00")
    path.write_bytes(_ole_header() + fat_sector + directory + b"".join(payloads))
    return path


def _ole_header() -> bytes:
    difat = struct.pack("<109I", 0, *([_FREE] * 108))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0) + difat)
    assert len(header) == _SECTOR
    return header


def _dir_entry(name: str, kind: int, *, child: int = _NOSTREAM, right: int = _NOSTREAM,
               start: int = _END, size: int = 0) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + bytes(16) + bytes(4) + bytes(16)
            + struct.pack("<IQ", start, size))


def encrypted_xlsx(folder: Path, name: str = "co_mat_khau.xlsx") -> Path:
    """A password-protected workbook as Excel saves it: an OLE container, not a zip."""
    return ole_file(folder / name, {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                    "EncryptedPackage": b"\x00" * 64})


def ole_not_workbook(folder: Path, name: str = "van_ban.xls") -> Path:
    """A Word 97 document (OLE with a ``WordDocument`` stream) renamed .xls."""
    return ole_file(folder / name, {"WordDocument": b"\xec\xa5" + b"\x00" * 30})


def legacy_xls(source: Path, folder: Path) -> Path | None:
    """*source* converted to a real Excel 97 .xls by LibreOffice; None when soffice is absent."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = folder / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=120)
    return folder / f"{source.stem}.xls"
