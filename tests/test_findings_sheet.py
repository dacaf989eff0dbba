"""The ``Kiểm tra`` table: reading order, the value column's name, and old layouts read back."""

from __future__ import annotations

from cchc_sheets.check.report import FINDING_HEADERS, FindingRow
from cchc_sheets.consolidate.layout import FINDING_COLS
from cchc_sheets.consolidate.readback import _finding
from cchc_sheets.write.writeback import findings_sheet

ROW = FindingRow("TASK-CODE-UNKNOWN", "error", "Kế hoạch", "D12", "Mã tiêu chí", "3.1",
                 "Mã tiêu chí 3.1 không có trong trang «Tiêu chí».", "Sửa mã theo trang «Tiêu chí».")


def test_headers_put_the_cell_and_sentence_first_and_the_code_last() -> None:
    assert FINDING_HEADERS == ["Trang", "Ô", "Mức độ", "Nội dung", "Cách sửa", "Cột", "Giá trị trong ô", "Mã lỗi"]
    assert [c.header for c in FINDING_COLS] == ["Mã đơn vị", "Tên đơn vị", *FINDING_HEADERS, "Tệp"]


def test_commune_sheet_rows_follow_the_headers() -> None:
    sheet = findings_sheet([ROW])
    assert [cell.value for cell in sheet.rows[0]] == FINDING_HEADERS
    row = [getattr(cell, "value", cell) for cell in sheet.rows[1]]
    assert row == ["Kế hoạch", "D12", "Lỗi", "Mã tiêu chí 3.1 không có trong trang «Tiêu chí».",
                   "Sửa mã theo trang «Tiêu chí».", "Mã tiêu chí", "3.1", "TASK-CODE-UNKNOWN"]
    assert sheet.rows[1][1].link == "'Kế hoạch'!D12"


def test_readback_finds_columns_by_header_in_the_new_and_the_old_layout() -> None:
    new = dict(zip(FINDING_HEADERS, ["Kế hoạch", "D12", "Lỗi", ROW.message, ROW.hint, "Mã tiêu chí", "3.1",
                                     "TASK-CODE-UNKNOWN"], strict=True))
    old = dict(zip(["Mức độ", "Trang", "Ô", "Nội dung", "Cách sửa", "Cột", "Giá trị", "Mã lỗi"],
                   ["Lỗi", "Kế hoạch", "D12", ROW.message, ROW.hint, "Mã tiêu chí", "3.1", "TASK-CODE-UNKNOWN"], strict=True))
    assert _finding(new) == ROW
    assert _finding(old) == ROW
    assert _finding({**old, "Mức độ": "Cảnh báo"}) == ROW._replace(severity="warning")
