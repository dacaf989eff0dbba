"""Rules on ``Tiêu chí``: codes, the tree and the points, each fault at its exact cell.

Columns of the test sheet (tests/builders.py CRITERIA_ROWS): A Mã, B Nội dung tiêu chí, C Chỉ số,
D Điểm tối đa, E Điểm đạt, F Phương thức đánh giá. Rows: 2 field 1 (max 4, achieved blank),
3 criterion 1.1 (2/2), 4 criterion 1.2 (2/1), 5 field 2 (SIPAS), 6 criterion 2.1 (survey, 2/1.5).
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_sheets.check.run import check_file
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_TASKS
from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook, workbook

AS_OF = dt.date(2024, 9, 30)
TASKS = [TASK_HEADER, ["1", "1", "Khắc phục lĩnh vực 1", "Văn phòng – Thống kê", None, "Quý II/2024", "Đang thực hiện",
                       50, None, None]]


def criteria(*changes, extra=()):
    """CRITERIA_ROWS with cells changed (``(row, column letter, value)``) and rows appended."""
    rows = [list(r) for r in CRITERIA_ROWS]
    for row, letter, value in changes:
        rows[row - 1][ord(letter) - 65] = value
    return rows + [list(r) for r in extra]


def found(tmp_path, rows):
    """(code, cell) of every finding of a plan with these criteria rows (tasks cover field 1)."""
    path = plan_workbook(tmp_path, TASKS, criteria=rows)
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    return [(f.code, f.cell) for f in report.findings]


def test_clean_criteria_have_no_findings(tmp_path):
    assert found(tmp_path, criteria()) == []


@pytest.mark.parametrize(("changes", "extra", "expected"), [
    ([(3, "A", "1.a")], (), ("CRIT-CODE-INVALID", "A3")),
    ([], [["1.2", "Lặp lại", "PAR INDEX", 2, 2, "Tự đánh giá"]], ("CRIT-CODE-DUPLICATE", "A7")),
    ([], [["3.1", "Không có lĩnh vực 3", "PAR INDEX", 1, 1, "Tự đánh giá"]], ("CRIT-ORPHAN", "A7")),
    ([], [[None, "Dòng có điểm không có mã", "PAR INDEX", 1, 1, "Tự đánh giá"]], ("CRIT-CODE-MISSING", "A7")),
    ([(2, "D", 5)], (), ("CRIT-MAX-SUM", "D2")),
    ([(2, "E", 2)], (), ("CRIT-ACHIEVED-SUM", "E2")),
    ([(3, "E", 3)], (), ("CRIT-ACHIEVED-RANGE", "E3")),
    ([(3, "E", -1)], (), ("CRIT-ACHIEVED-RANGE", "E3")),
    ([(3, "D", None)], (), ("CRIT-MAX-MISSING", "D3")),
    ([(3, "E", None)], (), ("CRIT-ACHIEVED-MISSING", "E3")),
    ([(3, "C", "PAR INDX")], (), ("CRIT-INDEX-UNKNOWN", "C3")),
    ([(3, "F", "Thẩm định lại")], (), ("CRIT-METHOD-UNKNOWN", "F3")),
])
def test_fault_found_at_its_cell(tmp_path, changes, extra, expected):
    assert found(tmp_path, criteria(*changes, extra=extra)) == [expected]


def test_parent_sums_match_when_typed(tmp_path):
    assert found(tmp_path, criteria((2, "E", 3), (5, "E", 1.5))) == []


def test_parent_formula_is_summed_not_checked_against_its_cached_value(tmp_path):
    rows = criteria((2, "E", "=SUM(E3:E4)"), (2, "D", "=SUM(D3:D4)"))  # xlsxwriter caches 0 for both
    path = workbook(tmp_path, {SHEET_INFO: INFO_ROWS, SHEET_CRITERIA: rows, SHEET_TASKS: TASKS}, formulas=True)
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert report.findings == []


def test_negative_max(tmp_path):
    assert ("CRIT-MAX-NEGATIVE", "D3") in found(tmp_path, criteria((3, "D", -2)))


def test_heading_without_code_or_points_is_not_a_finding(tmp_path):
    assert found(tmp_path, criteria(extra=[[None, "A. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", None, None, None, None]])) == []


def test_roman_field_codes_are_accepted(tmp_path):
    assert found(tmp_path, criteria((2, "A", "I"))) == []


def test_messages_name_the_codes_and_sums(tmp_path):
    path = plan_workbook(tmp_path, TASKS, criteria=criteria((2, "D", 5), (3, "C", "PAR INDX"),
                                                            extra=[["3.1", "x", "PAR INDEX", 1, 1, "Tự đánh giá"]]))
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    messages = {f.code: f.message("vi") for f in report.findings}
    assert messages["CRIT-MAX-SUM"] == "Điểm tối đa của 1 là 5 nhưng cộng các tiêu chí con được 4."
    assert messages["CRIT-INDEX-UNKNOWN"] == (
        "Chỉ số «PAR INDX» không có trong danh mục (PAR INDEX, SIPAS, PAPI, PCI). Có phải «PAR INDEX»?")
    assert messages["CRIT-ORPHAN"] == "Tiêu chí 3.1 không có dòng tiêu chí cha 3."
    orphan_row = next(row for row in report.rows_for_sheet("vi") if row.code == "CRIT-ORPHAN")
    assert (orphan_row.sheet, orphan_row.cell, orphan_row.header) == ("Tiêu chí", "A7", "Mã")
    assert orphan_row[-1] == "Thêm dòng 3 phía trên, hoặc sửa lại mã 3.1."
