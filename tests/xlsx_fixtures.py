"""Builders of test workbooks from every kind of source a clerk's file may come from.

* ``build_excel_like`` — written by XlsxWriter the way Excel writes (shared strings, styles,
  a chart, a picture, cell notes, defined names, conditional formats incl. an x14 data bar,
  a list validation, an autofilter, a merged title, an external hyperlink, a hidden list
  sheet, a sheet the clerk added) plus an injected Excel 2010 ``x14`` dropdown fed from
  another sheet, the kind openpyxl drops.
* ``build_openpyxl`` — the same content written by openpyxl, with an old ``TỔNG HỢP`` sheet
  in the middle of the workbook (to be replaced in place).
* ``build_libreoffice`` — the Excel-like file re-saved by LibreOffice (None without soffice).
* ``build_odd_package`` — hand-written XML the way small writers produce it: ``x:`` namespace
  prefixes, rows and cells without ``r``, inline strings, self-closing ``<row/>`` and
  ``<sheetData/>``, no styles part, a calcChain and a formula in the library column.

Every builder returns a :class:`Built` that says what the clerk typed where, so a test can
check that every one of those cells reads back unchanged. Other modules' tests may reuse them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SHEET_INFO = "Thông tin"
SHEET_CRITERIA = "Tiêu chí"
SHEET_TASKS = "Nhiệm vụ"
SHEET_LISTS = "Danh mục"
SHEET_EXTRA = "Ghi chú riêng"

X14_DROPDOWN = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D1C3FF4DA0A3}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>\'Danh mục\'!$A$2:$A$5</xm:f>'
    "</x14:formula1><xm:sqref>M2:M200</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)

INFO_ROWS = [
    ("Tên đơn vị", "UBND xã Phù Linh"),
    ("Mã đơn vị", "09877"),
    ("Cấp", "xã"),
    ("Đơn vị cấp trên", "UBND huyện Sóc Sơn"),
    ("Năm đánh giá", 2023),
    ("Năm kế hoạch", 2024),
    ("Số kế hoạch", "97/KH-UBND"),
    ("Ngày ban hành", dt.date(2024, 3, 15)),
    ("Bộ tiêu chí", "HN-XA-2023"),
    ("Kỳ báo cáo", "Quý III/2024"),
    ("Người lập / Điện thoại", "Nguyễn Thị Hoa / 0912 345 678"),
]

CRITERIA_HEADER = ["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Điểm đạt", "Điểm bị mất",
                   "Phương thức đánh giá", "Nguyên nhân mất điểm"]
CRITERIA_ROWS = [
    ["1", "Công tác chỉ đạo, điều hành CCHC", "PAR INDEX", 10, 8.5, None, None, None],
    ["1.1", "Kế hoạch CCHC", "PAR INDEX", 3, 3, None, "Tự đánh giá", None],
    ["1.2", "Báo cáo CCHC", "PAR INDEX", 2, 1.5, None, "Thẩm định", "Báo cáo quý II gửi chậm"],
    ["1.3", "Kiểm tra CCHC", "PAR INDEX", 5, 4, None, "Thẩm định", "Chưa kiểm tra đủ 30% bộ phận"],
    ["2", "Cải cách thủ tục hành chính", "PAR INDEX", 12, 10, None, None, None],
    ["2.1", "Công khai TTHC", "PAR INDEX", 6, 6, None, "Tự đánh giá", None],
    ["2.2", "Giải quyết TTHC đúng hạn", "PAR INDEX", 6, 4, None, "Thẩm định", "Còn 3 hồ sơ trễ hạn"],
    ["3", "Mức độ hài lòng", "SIPAS", 8, 6.5, None, None, None],
    ["3.1", "Hài lòng về tiếp cận dịch vụ", "SIPAS", 4, 3.5, None, "Điều tra XHH", "Khảo sát"],
    ["3.2", "Hài lòng về kết quả", "SIPAS", 4, 3, None, "Điều tra XHH", "Khảo sát"],
]
CRITERIA_FORMULA_COL = 6  # F = D - E, with a cached value

TASKS_TITLE = "KẾ HOẠCH KHẮC PHỤC CHỈ SỐ CCHC NĂM 2024"
TASKS_HEADER = ["STT", "Mã tiêu chí", "Loại nhiệm vụ", "Nội dung thực hiện", "Nhiệm vụ/Giải pháp",
                "Hoạt động", "Kết quả/Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian hoàn thành",
                "Hạn hoàn thành", "Kinh phí", "Trạng thái", "Tiến độ (%)", "Ngày hoàn thành",
                "Tài liệu kiểm chứng", "Ghi chú"]
TASKS_HEADER_ROW = 3
TASK_ROWS = [
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None, None, None, None, None, None,
     None, None, None, None, None, None],
    [1, "1.2", "Khắc phục", "Báo cáo đúng hạn", "Lập lịch gửi báo cáo quý", None, "Báo cáo quý",
     "Văn phòng - Thống kê", "Các công chức", "Quý II, III năm 2024", dt.date(2024, 9, 30), None,
     "Hoàn thành", 100, dt.date(2024, 9, 20), "Báo cáo số 45/BC-UBND", None],
    [2, "1.3", "Khắc phục", "Kiểm tra CCHC", "Kiểm tra 30% bộ phận", "Lập đoàn kiểm tra",
     "Thông báo kết luận", "Nội vụ", "Tư pháp - Hộ tịch", "trước 30/11/2024", None, 5_000_000,
     "Đang thực hiện", 40, None, None, "=chưa rõ nguồn"],
    [3, "2.2", "Khắc phục", "Giải quyết đúng hạn", "Nhắc hạn hồ sơ hằng tuần", None, None,
     "Bộ phận một cửa", None, "Thường xuyên", None, None, "Đang thực hiện", 60, None, None, None],
    ["II", "CHỈ SỐ SIPAS", None, None, None, None, None, None, None, None, None, None, None, None,
     None, None, None],
    [4, "3.1; 3.2", "Duy trì", "Nâng mức hài lòng", "Khảo sát ý kiến người dân", None, None,
     "Văn phòng - Thống kê", "Bộ phận một cửa", "9 tháng cuối năm 2024", dt.date(2024, 12, 31),
     "Ngân sách xã", "Chưa thực hiện", 0, None, None, "Phối hợp huyện"],
    [5, "2.1", "Duy trì", "Công khai TTHC", "Cập nhật bảng niêm yết", None, None, "Tư pháp - Hộ tịch",
     None, "Quý I năm 2024", dt.date(2024, 3, 31), None, "Hoàn thành", 100, dt.date(2024, 3, 28),
     "https://dichvucong.gov.vn/p/home/dvc-tthc.html", None],
]
TASKS_AUTO_COL = len(TASKS_HEADER) + 1  # R: the library column, added by the patch
CRITERIA_AUTO_COL = len(CRITERIA_HEADER) + 1  # I
LIST_ROWS = [("Trạng thái", "Loại nhiệm vụ"), ("Chưa thực hiện", "Khắc phục"),
             ("Đang thực hiện", "Duy trì"), ("Hoàn thành", None), ("Không thực hiện", None)]
EXTRA_ROWS = [("Ghi chú của văn phòng",), ("Họp giao ban thứ Hai hằng tuần",), ("+84 912 345 678",)]

Values = dict[str, dict[tuple[int, int], object]]


@dataclass
class Built:
    """A workbook written for a test, with what its clerk typed where (1-based row, col)."""

    path: Path
    kind: str
    values: Values = field(default_factory=dict)
    tasks_rows: list[int] = field(default_factory=list)  # rows holding tasks or sections
    criteria_rows: list[int] = field(default_factory=list)
    library_sheet: str | None = None  # an existing library sheet to be replaced in place


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid PNG made by hand (Pillow is not a dependency)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def typed_values() -> Values:
    """What the clerk typed in every standard sheet (formula cells excluded)."""
    values: Values = {SHEET_INFO: {}, SHEET_CRITERIA: {}, SHEET_TASKS: {}, SHEET_LISTS: {}, SHEET_EXTRA: {}}
    for r, (label, value) in enumerate(INFO_ROWS, start=1):
        values[SHEET_INFO][(r, 1)] = label
        values[SHEET_INFO][(r, 2)] = value
    _table(values[SHEET_CRITERIA], 1, [CRITERIA_HEADER, *CRITERIA_ROWS])
    values[SHEET_TASKS][(1, 1)] = TASKS_TITLE
    _table(values[SHEET_TASKS], TASKS_HEADER_ROW, [TASKS_HEADER, *TASK_ROWS])
    _table(values[SHEET_LISTS], 1, LIST_ROWS)
    _table(values[SHEET_EXTRA], 1, EXTRA_ROWS)
    return values


def _table(into: dict[tuple[int, int], object], first_row: int, rows: list) -> None:
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            if value is not None:
                into[(r, c)] = value


def _built(path: Path, kind: str, library_sheet: str | None = None) -> Built:
    first_task = TASKS_HEADER_ROW + 1
    return Built(path, kind, typed_values(), list(range(first_task, first_task + len(TASK_ROWS))),
                 list(range(2, 2 + len(CRITERIA_ROWS))), library_sheet)


def _lost(row: list) -> float:
    return row[3] - row[4]


# --------------------------------------------------------------------------- XlsxWriter (Excel-like)


def build_excel_like(path: Path) -> Built:
    """A rich workbook the way Excel writes it, plus the x14 dropdown injected into Nhiệm vụ."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    fmt = _xlsxwriter_formats(book)
    info = book.add_worksheet(SHEET_INFO)
    criteria = book.add_worksheet(SHEET_CRITERIA)
    tasks = book.add_worksheet(SHEET_TASKS)
    lists = book.add_worksheet(SHEET_LISTS)
    extra = book.add_worksheet(SHEET_EXTRA)
    for r, (label, value) in enumerate(INFO_ROWS):
        info.write_string(r, 0, label, fmt["bold"])
        _xw_write(info, r, 1, value, fmt)
    info.set_column(0, 0, 28)
    info.set_column(1, 1, 36)
    info.insert_image("D2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    _xw_criteria(book, criteria, fmt)
    _xw_tasks(tasks, fmt)
    for r, row in enumerate(LIST_ROWS):
        for c, value in enumerate(row):
            if value is not None:
                lists.write_string(r, c, value)
    lists.hide()
    for r, (text,) in enumerate(EXTRA_ROWS):
        extra.write_string(r, 0, text)
    book.define_name("DanhSachTrangThai", "='Danh mục'!$A$2:$A$5")
    book.close()
    _inject_x14_dropdown(path, SHEET_TASKS)
    return _built(path, "excel")


def _xlsxwriter_formats(book) -> dict:
    return {
        "bold": book.add_format({"bold": True}),
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "align": "center", "valign": "vcenter"}),
        "cell": book.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "date": book.add_format({"border": 1, "num_format": "dd/mm/yyyy"}),
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "red": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
    }


def _xw_write(sheet, r: int, c: int, value: object, fmt: dict, style: str | None = None) -> None:
    """Dispatch on type: text always as text (never a formula or URL)."""
    if value is None:
        return
    if isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt["date"])
    elif isinstance(value, str):
        sheet.write_string(r, c, value, fmt.get(style) if style else None)
    else:
        sheet.write_number(r, c, value, fmt.get(style) if style else None)


def _xw_criteria(book, sheet, fmt: dict) -> None:
    for c, text in enumerate(CRITERIA_HEADER):
        sheet.write_string(0, c, text, fmt["header"])
    for r, row in enumerate(CRITERIA_ROWS, start=1):
        for c, value in enumerate(row):
            _xw_write(sheet, r, c, value, fmt, "cell")
        sheet.write_formula(r, CRITERIA_FORMULA_COL - 1, f"=D{r + 1}-E{r + 1}", fmt["cell"], _lost(row))
    last = len(CRITERIA_ROWS) + 1
    sheet.conditional_format(f"E2:E{last}", {"type": "data_bar", "bar_solid": True})
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Điểm tối đa", "categories": f"='{SHEET_CRITERIA}'!$A$2:$A${last}",
                      "values": f"='{SHEET_CRITERIA}'!$D$2:$D${last}"})
    chart.add_series({"name": "Điểm đạt", "values": f"='{SHEET_CRITERIA}'!$E$2:$E${last}"})
    sheet.insert_chart("K2", chart)
    sheet.set_column(1, 1, 40)


def _xw_tasks(sheet, fmt: dict) -> None:
    last_col = len(TASKS_HEADER) - 1
    sheet.merge_range(0, 0, 0, last_col, TASKS_TITLE, fmt["title"])
    sheet.set_row(TASKS_HEADER_ROW - 1, 42)
    for c, text in enumerate(TASKS_HEADER):
        sheet.write_string(TASKS_HEADER_ROW - 1, c, text, fmt["header"])
    first = TASKS_HEADER_ROW
    for r, row in enumerate(TASK_ROWS, start=first):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.startswith("https://"):
                sheet.write_url(r, c, value, fmt["cell"], string=value)
            else:
                _xw_write(sheet, r, c, value, fmt, "cell")
    last = first + len(TASK_ROWS)
    sheet.write_comment("E5", "Cần hoàn thành trước đợt kiểm tra của huyện", {"author": "Hoa"})
    sheet.write_comment("M7", "Chờ kinh phí", {"author": "Hoa"})
    sheet.data_validation(f"C{first + 1}:C200", {"validate": "list", "source": ["Khắc phục", "Duy trì"]})
    sheet.conditional_format(f"N{first + 1}:N200", {"type": "cell", "criteria": "<", "value": 50,
                                                     "format": fmt["red"]})
    sheet.autofilter(TASKS_HEADER_ROW - 1, 0, last - 1, last_col)
    sheet.freeze_panes(TASKS_HEADER_ROW, 0)
    sheet.print_area(0, 0, last - 1, last_col)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, last_col, 16)


def _inject_x14_dropdown(path: Path, sheet_name: str) -> None:
    """Add the Excel 2010 dropdown (a list fed from another sheet) as the sheet's last child."""
    part = sheet_part(path, sheet_name)
    rewrite_part(path, part, lambda xml: _add_ext(xml))


def _add_ext(xml: str) -> str:
    if "<extLst>" in xml:
        inner = X14_DROPDOWN[len("<extLst>"):-len("</extLst>")]
        return xml.replace("</extLst>", inner + "</extLst>", 1)
    return xml.replace("</worksheet>", X14_DROPDOWN + "</worksheet>", 1)


def sheet_part(path: Path, sheet_name: str) -> str:
    """The zip part holding *sheet_name* (read through the workbook relationships)."""
    import re

    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    match = re.search(rf'<(?:\w+:)?sheet [^>]*name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', workbook)
    assert match, f"no sheet {sheet_name}"
    target = re.search(rf'<Relationship [^>]*Id="{match[1]}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{match[1]}"', rels)
    assert target
    name = target[1].lstrip("/")
    return name if name.startswith("xl/") else "xl/" + name


def rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a zip (test set-up only: everything is re-compressed)."""
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            zf.writestr(info, data)


# --------------------------------------------------------------------------- openpyxl


def build_openpyxl(path: Path) -> Built:
    """The same content written by openpyxl, with an old ``TỔNG HỢP`` sheet between the others."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Border, Font, PatternFill, Side
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    info = book.active
    info.title = SHEET_INFO
    for r, (label, value) in enumerate(INFO_ROWS, start=1):
        info.cell(r, 1, label).font = Font(bold=True)
        _op_write(info, r, 2, value)
    criteria = book.create_sheet(SHEET_CRITERIA)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin")
    for c, text in enumerate(CRITERIA_HEADER, start=1):
        cell = criteria.cell(1, c, text)
        cell.font, cell.fill, cell.border = header_font, header_fill, Border(thin, thin, thin, thin)
    for r, row in enumerate(CRITERIA_ROWS, start=2):
        for c, value in enumerate(row, start=1):
            _op_write(criteria, r, c, value)
        criteria.cell(r, CRITERIA_FORMULA_COL, f"=D{r}-E{r}")
    tasks = book.create_sheet(SHEET_TASKS)
    tasks.cell(1, 1, TASKS_TITLE).font = Font(bold=True, size=14)
    tasks.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TASKS_HEADER))
    for c, text in enumerate(TASKS_HEADER, start=1):
        cell = tasks.cell(TASKS_HEADER_ROW, c, text)
        cell.font, cell.fill = header_font, header_fill
    for r, row in enumerate(TASK_ROWS, start=TASKS_HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            _op_write(tasks, r, c, value)
    tasks.cell(5, 5).comment = Comment("Cần hoàn thành trước đợt kiểm tra", "Hoa")
    validation = DataValidation(type="list", formula1="'Danh mục'!$A$2:$A$5", allow_blank=True)
    validation.add("M4:M200")
    tasks.add_data_validation(validation)
    tasks.freeze_panes = "A4"
    old = book.create_sheet("TỔNG HỢP")
    old.cell(1, 1, "Bảng tổng hợp cũ")
    old.cell(2, 1, 42)
    lists = book.create_sheet(SHEET_LISTS)
    for r, row in enumerate(LIST_ROWS, start=1):
        for c, value in enumerate(row, start=1):
            _op_write(lists, r, c, value)
    lists.sheet_state = "hidden"
    extra = book.create_sheet(SHEET_EXTRA)
    for r, (text,) in enumerate(EXTRA_ROWS, start=1):
        _op_write(extra, r, 1, text)
    book.defined_names["DanhSachTrangThai"] = DefinedName("DanhSachTrangThai", attr_text="'Danh mục'!$A$2:$A$5")
    book.save(path)
    return _built(path, "openpyxl", library_sheet="TỔNG HỢP")


def _op_write(sheet, r: int, c: int, value: object) -> None:
    """Write text as text: openpyxl would turn a leading '=' into a formula."""
    if value is None:
        return
    cell = sheet.cell(r, c)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice")


def soffice_convert(files: list[Path], outdir: Path, target: str, profile: Path) -> list[Path]:
    """Convert *files* with a private LibreOffice profile (parallel runs must not share one)."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    command = [exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    done = subprocess.run(command, capture_output=True, timeout=300, env={**os.environ, "HOME": str(profile)})
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    extension = target.split(":")[0]
    return [outdir / f"{f.stem}.{extension}" for f in files]


def build_libreoffice(path: Path, workdir: Path) -> Built | None:
    """The Excel-like workbook opened and saved again by LibreOffice; None without soffice."""
    if soffice() is None:
        return None
    source = build_excel_like(workdir / "lo_source.xlsx")
    (converted,) = soffice_convert([source.path], workdir / "lo_out", "xlsx:Calc MS Excel 2007 XML",
                                   workdir / "lo_profile")
    shutil.move(converted, path)
    return _built(path, "libreoffice")


# --------------------------------------------------------------------------- an odd small writer

_ODD_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ODD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ODD_SHEET = "Nhiệm vụ"
ODD_EMPTY_SHEET = "Trống"
ODD_ROWS = [["STT", "Nhiệm vụ", "Trạng thái", "Tự động cũ"],
            [1, "Rà soát TTHC", "Hoàn thành", None],
            [2, "Niêm yết công khai", "Đang thực hiện", None]]


def build_odd_package(path: Path) -> Built:
    """A package in the style of small writers: prefixes, no ``r``, inline strings, no styles.

    Row 1-3 hold ODD_ROWS (rows and cells without ``r``); an empty self-closing row 5 has
    attributes; D3 holds a formula listed in calcChain (D is the library column).
    """
    def inline(text: str) -> str:
        return f'<x:c t="inlineStr"><x:is><x:t>{text}</x:t></x:is></x:c>'

    rows = []
    for row in ODD_ROWS:
        cells = "".join(inline(v) if isinstance(v, str) else f"<x:c><x:v>{v}</x:v></x:c>"
                        for v in row if v is not None)
        rows.append(f"<x:row>{cells}</x:row>")
    rows[2] = rows[2].replace("</x:row>", '<x:c r="D3"><x:f>A3*2</x:f><x:v>4</x:v></x:c></x:row>')
    rows.append('<x:row r="5" ht="30" customHeight="1"/>')
    sheet1 = (f'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="{_ODD_MAIN}" xmlns:r="{_ODD_REL}">'
              f"<x:sheetData>{''.join(rows)}</x:sheetData></x:worksheet>")
    sheet2 = f'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="{_ODD_MAIN}"><x:sheetData/></x:worksheet>'
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?>\n<x:workbook xmlns:x="{_ODD_MAIN}" xmlns:r="{_ODD_REL}">'
                f'<x:sheets><x:sheet name="{ODD_SHEET}" sheetId="1" r:id="rId1"/>'
                f'<x:sheet name="{ODD_EMPTY_SHEET}" sheetId="2" r:id="rId2"/></x:sheets></x:workbook>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb_rels = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
               f'<Relationship Id="rId3" Type="{rel}/calcChain" Target="calcChain.xml"/>'
               "</Relationships>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                 "</Relationships>")
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sml}.worksheet+xml"/>'
             f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{sml}.worksheet+xml"/>'
             f'<Override PartName="/xl/calcChain.xml" ContentType="{sml}.calcChain+xml"/>'
             "</Types>")
    chain = (f'<?xml version="1.0" encoding="UTF-8"?>\n<calcChain xmlns="{_ODD_MAIN}"><c r="D3" i="1"/></calcChain>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (("[Content_Types].xml", types), ("_rels/.rels", root_rels),
                           ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
                           ("xl/worksheets/sheet1.xml", sheet1), ("xl/worksheets/sheet2.xml", sheet2),
                           ("xl/calcChain.xml", chain)):
            zf.writestr(name, text)
    values: Values = {ODD_SHEET: {}, ODD_EMPTY_SHEET: {}}
    _table(values[ODD_SHEET], 1, ODD_ROWS)
    return Built(path, "odd", values, [2, 3], [])
