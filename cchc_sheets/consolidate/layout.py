"""The consolidated workbook's sheets, columns and styles: the one description both the writer
(:mod:`.workbook`, :mod:`.unit_rows`) and the reader (:mod:`.readback`) follow, so a workbook
written here reads back the same when it is the input of the level above.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from cchc_sheets.check.report import FINDING_FIELDS, FINDING_HEADER_OF
from cchc_sheets.compute.coverage import (
    CRIT_COVERED,
    CRIT_REMEDIED,
    CRIT_SURVEY,
    CRIT_UNCOVERED,
    TASK_DONE,
    TASK_DUE_SOON,
    TASK_OVERDUE,
)
from cchc_sheets.write.palette import AMBER, BLUE, GREEN, GREY, RED

MARKER = "cchc-sheets consolidated v1"
META_SHEET = "cchc-sheets"
SHEET_CHARTS = "Biểu đồ"
SHEET_MATRIX = "Ma trận"
SHEET_LOST = "Tiêu chí mất điểm"
SHEET_OVERDUE = "Quá hạn"
SHEET_SOURCES = "Nguồn"
SHEET_MISSING = "Chưa nộp"
SHEET_BRIEF = "Báo cáo nhanh"
OUR_SHEETS_LABEL = "Trang của cchc-sheets"  # a marker-sheet row: the sheets the library wrote, joined by |
# Every sheet a consolidated workbook of ours has held (the nightly job's two included): what is
# not one of these in an older output is the officer's own (see officer.py).
KNOWN_SHEETS = ("Báo cáo nhanh", "Tổng hợp", "Biểu đồ", "Ma trận", "Tiêu chí mất điểm", "Nhiệm vụ", "Quá hạn",
                "Kiểm tra", "Nguồn", "Chưa nộp", "Diễn biến", "Thay đổi")
UNSCORED = "chưa chấm"
# Labels of the meta sheet's rows listing the bonus and penalty criteria (the matrix shows lost
# points only, so the level above learns there which rows add and which deduct).
META_KIND_LABELS = {"bonus": "Tiêu chí điểm thưởng", "penalty": "Tiêu chí điểm trừ"}
NOT_ARISING = "không phát sinh"  # a matrix cell of a criterion that does not arise in the unit
CHART_UNITS = 20  # more units than this: the coverage chart shows bands, not one bar per unit

# Matrix cell states, small ints so that 3,321 units x 30 lost criteria stay cheap to hold.
LOST_UNCOVERED, LOST_COVERED, LOST_REMEDIED, LOST_SURVEY, LOST_UNSCORED, LOST_NOT_APPLICABLE = range(6)
LOST_STATES = {CRIT_UNCOVERED: LOST_UNCOVERED, CRIT_COVERED: LOST_COVERED, CRIT_REMEDIED: LOST_REMEDIED,
               CRIT_SURVEY: LOST_SURVEY}

_BASE = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
# Every format of the workbook, in a fixed order: the xf index of STYLE_PROPS' n-th entry is n + 1
# (0 is Excel's default), so worker processes can render styled rows before the workbook exists.
STYLE_PROPS: dict[str, dict[str, Any]] = {
    "text": {}, "int": {"num_format": "0"}, "num": {"num_format": "0.00"}, "pct": {"num_format": "0.0%"},
    "date": {"num_format": "dd/mm/yyyy"},
    "red": {"bg_color": RED}, "amber": {"bg_color": AMBER}, "green": {"bg_color": GREEN}, "grey": {"bg_color": GREY},
    "red_num": {"bg_color": RED, "num_format": "0.00"}, "amber_num": {"bg_color": AMBER, "num_format": "0.00"},
    "green_num": {"bg_color": GREEN, "num_format": "0.00"}, "grey_num": {"bg_color": GREY, "num_format": "0.00"},
    "bold": {"bold": True}, "bold_num": {"bold": True, "num_format": "0.00"},
    "head": {"bold": True, "bg_color": BLUE, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"},
    "title": {"bold": True, "font_size": 13}, "note": {"italic": True, "font_color": "#7F7F7F"},
    "wrap": {"text_wrap": True}, "pct_bold": {"bold": True, "num_format": "0.0%"},
    "big": {"bold": True, "font_size": 14, "align": "center"}, "sub": {"italic": True, "align": "center"},
    "legend": {"italic": True, "text_wrap": True, "valign": "vcenter"},
}
STYLE = {name: index for index, name in enumerate(STYLE_PROPS, start=1)}
TASK_FILLS = {TASK_DONE: "green", TASK_OVERDUE: "red", TASK_DUE_SOON: "amber"}
LOST_FILLS = {LOST_UNCOVERED: "red_num", LOST_COVERED: "amber_num", LOST_REMEDIED: "green_num",
              LOST_SURVEY: "grey_num", LOST_UNSCORED: "grey", LOST_NOT_APPLICABLE: "grey"}


Blob = tuple[bytes, int]  # rendered rows, compressed, and how many (see fast_sheet.render_rows)


class Col(NamedTuple):
    """One column of a consolidated table: header, width and the style of its cells."""

    header: str
    width: float
    style: str = "text"


UNIT_COLS = (Col("Mã đơn vị", 9), Col("Tên đơn vị", 20, "wrap"))
SUMMARY_COLS = (
    Col("STT", 5, "int"), *UNIT_COLS, Col("Cấp", 8), Col("Đơn vị cấp trên", 18), Col("Bộ tiêu chí", 12),
    Col("Điểm đạt", 9, "num"), Col("Điểm tối đa", 9, "num"), Col("Tỷ lệ điểm", 8, "pct"), Col("Nhóm", 12),
    Col("Xếp hạng", 8), Col("Xếp loại", 10),
    Col("Điểm bị mất", 9, "num"), Col("Tiêu chí mất điểm", 10, "int"), Col("Có nhiệm vụ", 9, "int"),
    Col("Đã khắc phục", 9, "int"), Col("Chưa có nhiệm vụ", 9, "int"), Col("Tỷ lệ có nhiệm vụ", 9, "pct"),
    Col("Tỷ lệ có nhiệm vụ (theo điểm)", 10, "pct"), Col("Tỷ lệ đã khắc phục", 9, "pct"),
    Col("Tiêu chí điều tra XHH mất điểm", 10, "int"), Col("Số nhiệm vụ", 8, "int"), Col("Hoàn thành", 9, "int"),
    Col("Đang thực hiện", 9, "int"), Col("Chưa thực hiện", 9, "int"), Col("Không thực hiện", 9, "int"),
    Col("Quá hạn", 8, "int"), Col("Ngày cập nhật", 11, "date"), Col("Kỳ báo cáo", 12), Col("Lỗi", 6, "int"),
    Col("Cảnh báo", 8, "int"), Col("Kết quả kiểm tra", 16), Col("Tệp nguồn", 40),
)
TASK_COLS = (  # the columns leadership reads first come first: the printed view is their prefix
    *UNIT_COLS, Col("STT", 5), Col("Mã tiêu chí", 9, "wrap"), Col("Nhiệm vụ/Giải pháp", 38, "wrap"),
    Col("Chủ trì", 16, "wrap"), Col("Thời gian hoàn thành", 14, "wrap"), Col("Hạn hoàn thành (tính)", 11, "date"),
    Col("Trạng thái", 12, "wrap"),
    Col("Tình trạng (tự động)", 13), Col("Số ngày quá hạn", 8, "int"), Col("Loại nhiệm vụ", 11),
    Col("Phối hợp", 18), Col("Tiến độ (%)", 8, "int"), Col("Ngày hoàn thành", 12, "date"),
    Col("Tài liệu kiểm chứng", 22), Col("Dòng", 6, "int"),
)
OVERDUE_COLS = (
    *UNIT_COLS, Col("STT", 5), Col("Nhiệm vụ/Giải pháp", 40, "wrap"), Col("Chủ trì", 18, "wrap"),
    Col("Thời gian hoàn thành", 16, "wrap"), Col("Hạn hoàn thành (tính)", 12, "date"), Col("Số ngày quá hạn", 9, "int"),
    Col("Trạng thái", 14, "wrap"),
    Col("Tiến độ (%)", 8, "int"), Col("Dòng", 6, "int"),
)
# ``Kiểm tra``: the commune sheet's columns in its order (where and what first: the printed view),
# after the unit, with the file last.
_FINDING_LOOK = {"sheet": (10, "text"), "cell": (6, "text"), "severity": (9, "text"), "message": (48, "wrap"),
                 "hint": (34, "wrap"), "header": (18, "wrap"), "value": (18, "wrap"), "code": (16, "text")}
FINDING_COLS = (*UNIT_COLS, *(Col(FINDING_HEADER_OF[name], *_FINDING_LOOK[name]) for name in FINDING_FIELDS),
                Col("Tệp", 28))
MATRIX_COLS = (Col("Mã", 8), Col("Nội dung tiêu chí", 40), Col("Chỉ số", 10), Col("Phương thức đánh giá", 12),
               Col("Điểm tối đa", 8, "num"), Col("Số đơn vị mất điểm", 9, "int"), Col("Tổng điểm mất", 9, "num"))
LOST_COLS = (Col("Hạng", 6, "int"), Col("Mã", 8), Col("Nội dung tiêu chí", 50), Col("Chỉ số", 10),
             Col("Điểm tối đa", 8, "num"), Col("Số đơn vị mất điểm", 10, "int"), Col("Tỷ lệ đơn vị", 9, "pct"),
             Col("Tổng điểm mất", 10, "num"), Col("Điểm mất bình quân", 10, "num"), Col("Chưa có nhiệm vụ", 10, "int"),
             Col("Có nhiệm vụ", 9, "int"), Col("Đã khắc phục", 9, "int"), Col("Điều tra XHH", 9, "int"))
SOURCE_COLS = (Col("STT", 5, "int"), Col("Tệp", 48), Col("Kết quả", 14), Col("Lý do", 70), *UNIT_COLS,
               Col("Ngày cập nhật", 11, "date"), Col("Số đơn vị", 8, "int"), Col("Sửa lần cuối", 16))
MISSING_COLS = (Col("Tình trạng", 26), *UNIT_COLS, Col("Tệp", 48))
# Printed views: a wide table prints the columns leadership reads first, in this order (the rest
# follow them in the sheet, for filtering); see workbook.print_setup.
SUMMARY_PRINT = ("STT", "Mã đơn vị", "Tên đơn vị", "Điểm đạt", "Tỷ lệ điểm", "Nhóm", "Xếp hạng", "Xếp loại",
                 "Tiêu chí mất điểm", "Chưa có nhiệm vụ", "Tỷ lệ có nhiệm vụ", "Tỷ lệ đã khắc phục", "Số nhiệm vụ",
                 "Quá hạn", "Kết quả kiểm tra", "Hoàn thành")
LOST_PRINT = ("Hạng", "Mã", "Nội dung tiêu chí", "Số đơn vị mất điểm", "Tỷ lệ đơn vị", "Tổng điểm mất",
              "Chưa có nhiệm vụ", "Có nhiệm vụ", "Đã khắc phục")
SOURCE_PRINT = ("STT", "Tệp", "Kết quả", "Lý do", "Mã đơn vị", "Tên đơn vị")
TOTAL_LABEL = "Cộng"  # the STT cell of Tổng hợp's totals row (read back: not a unit)

OUTCOME_LABELS = {"merged": ("Đã tổng hợp", "green"), "superseded": ("Bị thay thế", "amber"),
                  "rejected": ("Bị từ chối", "red"), "skipped": ("Bỏ qua", "grey")}


def styles(columns: Sequence[Col]) -> list[int]:
    return [STYLE[c.style] for c in columns]

