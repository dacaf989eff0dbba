"""What a file is and whether its package may be opened: sniffing by first bytes, and the
limits every workbook is held to before anything is parsed (size, parts, inflated bytes).

Why separate from the sheet parser: these checks run on files that may not be workbooks at all,
and their limits are the province's protection against hostile files (see docs/limits.md).
"""

from __future__ import annotations

import zipfile
import zlib
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
    "file.part_too_large": ("Phần «{part}» của tệp quá lớn khi giải nén (hơn {limit} MB); sổ theo dõi của một đơn vị không lớn như vậy, từ chối đọc.",
                            "Part '{part}' of the file is too large once inflated (over {limit} MB); refused."),
    "file.too_many_parts": ("Tệp có quá nhiều thành phần ({count}), từ chối đọc.",
                            "The file has too many parts ({count}); refused."),
    "file.xml_attack": ("Tệp chứa XML nguy hiểm (khai báo thực thể/DTD), từ chối đọc.",
                        "The file contains dangerous XML (entity/DTD declarations); refused."),
    "file.bad_xml": ("Tệp Excel bị hỏng (phần {part} không đọc được).",
                     "The workbook is damaged (part {part} cannot be parsed)."),
    "file.strict_ooxml": ("Tệp được lưu theo định dạng Strict Open XML, chưa đọc được. Hãy mở bằng Excel và chọn Lưu thành > Sổ làm việc Excel (.xlsx).",
                          "The workbook is saved as Strict Open XML, which is not read. Save it as a normal .xlsx in Excel."),
    "file.no_sheets": ("Không tìm thấy trang tính nào trong tệp (có thể là định dạng Strict Open XML: hãy lưu lại bằng Excel dạng .xlsx thông thường).",
                       "No worksheets found (maybe Strict Open XML: save it again as a normal .xlsx)."),
    "file.xlsb": ("Tệp Excel dạng nhị phân (.xlsb), không đọc được. Hãy mở bằng Excel và chọn Lưu thành > Sổ làm việc Excel (.xlsx).",
                  "Excel binary workbook (.xlsb), which cannot be read. Save it as .xlsx in Excel."),
    "file.too_many_merges": ("Trang «{sheet}» có quá nhiều ô gộp (giới hạn {count} vùng gộp, {cells} ô); sổ theo dõi của một đơn vị không như vậy, từ chối đọc.",
                             "Sheet '{sheet}' has too many merged cells (limit {count} ranges, {cells} cells); refused."),
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
# Parts the reader parses (workbook, sheets, strings, styles), counted as they inflate whatever the
# zip directory declared; pictures and other parts are never inflated by the reader.
MAX_PARSED_PART = 32 * 1024 * 1024
MAX_PARSED_TOTAL = 96 * 1024 * 1024
MAX_CELLS_PER_SHEET = 500_000
MAX_MERGED_RANGES = 10_000  # merged ranges per sheet (a long plan has a few hundred)
MAX_MERGED_CELLS = 250_000  # cells covered by the merged ranges of one sheet, once cut at the last used column
LAYOUT_MERGE_CELLS = 100_000  # a merged range larger than this (whole columns) is layout, not data
MAX_CELL_CHARS = 32_767  # Excel's own limit; longer text is cut there on read



def printable(name: str, limit: int = 120) -> str:
    """A name from inside a file (a part, a sheet) made safe to put in a sentence: no control
    characters (a newline would forge a log line, an escape reaches the terminal), bounded."""
    return "".join(ch if ch.isprintable() else "?" for ch in name[:limit])


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def sniff(path: Path, look_inside: bool = True) -> str:
    """What a file is, by name and first bytes: ``xlsx``, ``xlsb``, ``xls``, ``encrypted``, ``ods``,
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
    if _is_raw_biff(head):
        return "xls"
    return "other"


def _is_raw_biff(head: bytes) -> bool:
    """A BIFF2-4 worksheet or workbook saved without the OLE container (Excel 2.x-4.x, and many
    exporters): the file starts with a BOF record (type 0x0009/0x0209/0x0409, or 0x0809 for BIFF5+
    streams written raw) whose length is the 4-10 bytes those versions use, then a known sheet type.
    """
    if len(head) < 8 or head[0] != 0x09 or head[1] not in (0x00, 0x02, 0x04, 0x08):
        return False
    length = int.from_bytes(head[2:4], "little")
    kind = int.from_bytes(head[6:8], "little")
    return 4 <= length <= 20 and kind in (0x0005, 0x0010, 0x0020, 0x0040, 0x0100)


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "xlsx"  # a damaged workbook: opening it reports "truncated"
    return zip_kind(names)


def zip_kind(names: set[str]) -> str:
    """What a zip package is from its part names: ``ods``, ``xlsb`` (Excel's binary workbook: a
    zip like .xlsx, but with binary parts we do not read), ``xlsx`` or ``other``."""
    if "mimetype" in names and "content.xml" in names:
        return "ods"
    if any(name.endswith(".bin") and name.rsplit("/", 1)[-1].startswith("workbook") for name in names):
        return "xlsb"
    if "[Content_Types].xml" in names or "_rels/.rels" in names or "xl/workbook.xml" in names:
        return "xlsx"
    return "other"


_OLE_NAMES = {kind: [name.lower().encode("utf-16-le") for name in names] for kind, names in (
    ("encrypted", ("EncryptionInfo", "EncryptedPackage")), ("xls", ("Workbook", "Book")))}


def _sniff_ole(path: Path) -> str:
    """OLE compound file: an encrypted xlsx holds ``EncryptionInfo``; a legacy xls a ``Workbook``
    (or, from Excel 5/95, ``Book``) stream. Stream names are compared ignoring case, as Excel and
    xlrd do (``WORKBOOK`` and ``BOOK`` exist in the wild)."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024).lower()
    for kind, names in _OLE_NAMES.items():
        if any(name in data for name in names):
            return kind
    return "other"


def check_openable(path: Path) -> str:
    """Raise :class:`UnreadableFile` with the reason unless *path* may be a workbook we can read
    (a zip is looked into by :class:`~cchc_sheets.read.sheet_xml.XlsxPackage`, which opens it anyway)."""
    kind = sniff(path, look_inside=False)
    errors = {
        "missing": "file.missing", "empty": "file.empty", "excel_lock": "file.excel_lock",
        "encrypted": "file.encrypted", "ods": "file.ods", "xlsb": "file.xlsb", "other": "file.not_spreadsheet",
    }
    if kind in errors:
        raise UnreadableFile(errors[kind], path=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile("file.zip_bomb", path=str(path), size=path.stat().st_size // 2**20)
    return kind


def check_zip_sizes(archive: zipfile.ZipFile, path: Path) -> None:
    """Raise :class:`UnreadableFile` when the zip directory of *archive* (the file at *path*)
    announces a zip bomb: too many parts, a part or a total inflating beyond the limits, or a
    large part compressed beyond :data:`MAX_RATIO`. Nothing is inflated to find out.

    The directory may lie (sizes are written by whoever made the file): :class:`Inflater` holds
    every part to the same limits while it inflates, whatever was declared.
    """
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


INFLATE_STEP = 1 << 20


def inflate(archive: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit: int) -> bytes:
    """One part of *archive*, inflated in 1 MiB steps; :class:`PartTooLarge` once more than
    *limit* bytes have come out, whatever the zip directory declared.

    Why not ``ZipFile.read``: it asks zlib for the whole part in one call, so a part that declares
    1,000 bytes but holds 2 GiB of zeros is inflated in full before its declared size is applied.
    In steps, zipfile stops at the declared size and then checks the CRC (``BadZipFile``): a lying
    directory costs one step. Used by the reader, the patcher and merge's marker test alike.
    """
    chunks: list[bytes] = []
    size = 0
    with archive.open(name) as part:
        while chunk := part.read(INFLATE_STEP):
            size += len(chunk)
            if size > limit:
                raise PartTooLarge(size)
            chunks.append(chunk)
    return b"".join(chunks)


class PartTooLarge(zipfile.BadZipFile):
    """A part inflates past the limit its reader set (a BadZipFile: callers that refuse damaged
    packages refuse it too)."""


class Inflater:
    """Inflates the parts the reader parses with a running cap (:func:`inflate`): at most
    :data:`MAX_PARSED_PART` bytes per part and :data:`MAX_PARSED_TOTAL` for the whole file,
    counted as the bytes come out. A lying directory ends as a damaged file, a part that really is
    too large as ``file.part_too_large``, a file as ``file.zip_bomb``, before the limit is crossed.
    """

    def __init__(self, archive: zipfile.ZipFile, path: Path) -> None:
        self.archive = archive
        self.path = path
        self.total = 0

    def read(self, name: str) -> bytes:
        """The inflated part (KeyError when absent); :class:`UnreadableFile` when it breaks a limit
        or is damaged."""
        try:
            data = inflate(self.archive, name, min(MAX_PARSED_PART, MAX_PARSED_TOTAL - self.total))
        except KeyError:
            raise
        except PartTooLarge as exc:
            if self.total + exc.args[0] > MAX_PARSED_TOTAL and exc.args[0] <= MAX_PARSED_PART:
                raise UnreadableFile("file.zip_bomb", path=str(self.path),
                                     size=(self.total + exc.args[0]) // 2**20) from exc
            raise UnreadableFile("file.part_too_large", path=str(self.path), part=printable(name),
                                 limit=MAX_PARSED_PART // 2**20) from exc
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            key = "file.encrypted" if "encrypted" in str(exc) else "file.truncated"
            raise UnreadableFile(key, path=str(self.path)) from exc
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
                zlib.error) as exc:
            raise UnreadableFile("file.truncated", path=str(self.path)) from exc
        self.total += len(data)
        return data
