"""The ``Kiểm tra`` table: reading order, the value column's name, and old layouts read back."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from cchc_sheets.check.report import FINDING_HEADERS, FindingRow
from cchc_sheets.cli import main
from cchc_sheets.consolidate.layout import FINDING_COLS
from cchc_sheets.consolidate.readback import _finding
from cchc_sheets.write.writeback import findings_sheet

EXAMPLES = Path(__file__).resolve().parent.parent / "workbook_templates" / "examples_2026"
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


def _look(cell: Any) -> tuple[Any, ...]:
    border = cell.border
    return (cell.font.name, cell.font.sz, border.left.style, border.right.style, border.top.style, border.bottom.style,
            cell.alignment.vertical, cell.alignment.horizontal)


def test_auto_columns_take_the_tables_borders_font_and_alignment(tmp_path: Path) -> None:
    book = tmp_path / "xa_minh_tan.xlsx"
    shutil.copyfile(EXAMPLES / "xa_minh_tan.xlsx", book)
    before = openpyxl.load_workbook(book)
    result = CliRunner().invoke(main, ["summarize", str(book), "--as-of", "2026-12-01"])
    assert result.exit_code in (0, 1), result.output
    after = openpyxl.load_workbook(book)
    sheet = after["Nhiệm vụ"]
    col = [c.column for c in sheet[2] if c.value == "Tình trạng (tự động)"][0]
    statuses = {row: sheet.cell(row, col).value for row in range(4, 9)}
    assert statuses == {4: "Sắp đến hạn", 5: "Quá hạn", 6: None, 7: "Hoàn thành", 8: "Chưa xác định hạn"}
    for row in range(4, 9):
        cell = sheet.cell(row, col)
        assert _look(cell) == ("Times New Roman", 12.0, "thin", "thin", "thin", "thin", "top", None)
        assert _look(cell) == _look(sheet.cell(row, col - 1))
        assert (cell.font.b, cell.alignment.wrap_text, cell.number_format) == (False, True, "General")
    assert [sheet.cell(row, col).fill.fgColor.rgb for row in (4, 5, 6, 7)] == ["FFFFEB9C", "FFFFC7CE", "00000000",
                                                                                 "FFC6EFCE"]
    # the clerk's neighbouring cells keep their look and value
    old = before["Nhiệm vụ"]
    assert [(_look(sheet.cell(r, col - 1)), sheet.cell(r, col - 1).value) for r in range(4, 9)] == [
        (_look(old.cell(r, col - 1)), old.cell(r, col - 1).value) for r in range(4, 9)]
    criteria = after["Tiêu chí"]
    auto = [c.column for c in criteria[2] if c.value == "Tình trạng khắc phục (tự động)"][0]
    assert _look(criteria.cell(4, auto)) == _look(criteria.cell(4, auto - 1))


def test_a_long_sentence_gets_a_row_tall_enough_for_its_wrapped_lines() -> None:
    long = ROW._replace(message="Tiêu chí 3.2.1 bị mất 2 điểm nhưng chưa có nhiệm vụ khắc phục hợp lệ. " * 2)
    sheet = findings_sheet([ROW, long])
    assert sheet.row_heights == {3: 3 * 15.75}
