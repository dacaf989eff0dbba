"""What a file is and whether its package may be opened: sniffing by first bytes, and the
limits every workbook is held to before anything is parsed (size, parts, inflated bytes).

Why separate from the sheet parser: these checks run on files that may not be workbooks at all,
and their limits are the province's protection against hostile files (see docs/limits.md).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import register

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


def sniff(path: Path, look_inside: bool = True) -> str:
    """What a file is, by name and first bytes: ``xlsx``, ``xls``, ``encrypted``, ``ods``,
    ``excel_lock``, ``empty``, ``missing`` or ``other``. The extension is not trusted.

    *look_inside* False takes any zip for ``xlsx`` without opening it (the caller opens it anyway).
    """
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
        return _sniff_zip(path) if look_inside else "xlsx"
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
    """Raise :class:`UnreadableFile` with the reason unless *path* may be a workbook we can read
    (a zip is looked into by :class:`_XlsxPackage`, which opens it anyway)."""
    kind = sniff(path, look_inside=False)
    errors = {
        "missing": "file.missing", "empty": "file.empty", "excel_lock": "file.excel_lock",
        "encrypted": "file.encrypted", "ods": "file.ods", "other": "file.not_spreadsheet",
    }
    if kind in errors:
        raise UnreadableFile(errors[kind], path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile("file.zip_bomb", path=str(path), size=path.stat().st_size // 2**20)
    return kind


def check_zip_sizes(archive: zipfile.ZipFile, path: Path) -> None:
    """Raise :class:`UnreadableFile` when the zip directory of *archive* (the file at *path*)
    announces a zip bomb: too many parts, a part or a total inflating beyond the limits, or a
    large part compressed beyond :data:`MAX_RATIO`. Nothing is inflated to find out."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise UnreadableFile("file.too_many_parts", path=str(path), count=len(infos))
    total = sum(info.file_size for info in infos)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_INFLATED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise UnreadableFile("file.zip_bomb", path=str(path), size=total // 2**20)
    if total > MAX_TOTAL_INFLATED:
        raise UnreadableFile("file.zip_bomb", path=str(path), size=total // 2**20)
