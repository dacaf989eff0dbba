"""Rules on ``Thông tin``: required, plausible and consistent unit information.

The test sheet (tests/builders.py INFO_ROWS) has labels in column A and values in column B:
1 Tên đơn vị, 2 Mã đơn vị, 3 Năm đánh giá (2023), 4 Năm kế hoạch (2024), 5 Ngày ban hành
(01/03/2024), 6 Bộ tiêu chí.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_sheets.check.run import check_file
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_TASKS
from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook, workbook

AS_OF = dt.date(2024, 9, 30)
TASKS = [TASK_HEADER, ["1", "1.2", "Tuyên truyền", "Văn phòng – Thống kê", None, "Quý II/2024", None, None, None, None]]


def info(*changes, extra=()):
    """INFO_ROWS with values changed (``(row, value)``; ``(row, DROP)`` removes the row) and rows added."""
    rows = [list(r) for r in INFO_ROWS]
    for row, value in changes:
        rows[row - 1][1] = value
    return [r for r in rows if r[1] is not DROP] + [list(r) for r in extra]


DROP = object()


def findings(tmp_path, rows, as_of=AS_OF):
    path = plan_workbook(tmp_path, TASKS, info=rows)
    _, report = check_file(path, as_of, raise_unexpected=True)
    return report.findings


def found(tmp_path, rows, as_of=AS_OF):
    return [(f.code, f.cell) for f in findings(tmp_path, rows, as_of)]


def test_clean_info_has_no_findings(tmp_path):
    assert found(tmp_path, info()) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ([(1, None)], ("INFO-MISSING", "B1")),
    ([(3, None)], ("INFO-MISSING", "B3")),
    ([(4, None)], ("INFO-MISSING", "B4")),
    ([(2, None)], ("INFO-MISSING-FOR-MERGE", "B2")),
    ([(6, None)], ("INFO-MISSING-FOR-MERGE", "B6")),
    ([(3, 1923), (4, 1924)], ("INFO-YEAR-RANGE", "B3")),
    ([(4, 2026)], ("INFO-PLAN-YEAR", "B4")),
    ([(5, dt.date(2022, 1, 5))], ("INFO-ISSUED-YEAR", "B5")),
    ([(5, dt.date(2024, 12, 1))], ("INFO-DATE-FUTURE", "B5")),
])
def test_fault_found_at_its_cell(tmp_path, changes, expected):
    assert expected in found(tmp_path, info(*changes))


def test_severities_required_versus_needed_for_consolidation(tmp_path):
    result = {f.code: f.severity for f in findings(tmp_path, info((1, None), (2, None)))}
    assert result == {"INFO-MISSING": "error", "INFO-MISSING-FOR-MERGE": "warning"}


def test_missing_label_points_at_the_sheet(tmp_path):
    (finding,) = findings(tmp_path, info((1, DROP)))
    assert (finding.code, finding.sheet, finding.cell) == ("INFO-MISSING", "Thông tin", None)
    assert finding.message("vi") == "Chưa ghi «Tên đơn vị» ở trang «Thông tin»."


def test_unreadable_year_is_reported_once_by_the_reader(tmp_path):
    assert found(tmp_path, info((3, "hai nghìn"))) == [("CELL-NOT-NUMBER", "B3")]


def test_plan_year_message_says_what_was_expected(tmp_path):
    finding = next(f for f in findings(tmp_path, info((4, 2026))) if f.code == "INFO-PLAN-YEAR")
    assert finding.message("vi") == "Năm kế hoạch 2026 khác năm sau năm đánh giá (2024)."
    assert finding.header == "Năm kế hoạch"


@pytest.mark.parametrize(("total", "expected"), [(4.5, []), ("4,5", []), (5, [("INFO-TOTAL-MISMATCH", "B7")])])
def test_total_score_equals_the_sum_of_achieved_points(tmp_path, total, expected):
    assert found(tmp_path, info(extra=[["Tổng điểm năm đánh giá", total]])) == expected


def test_missing_info_sheet_is_one_finding(tmp_path):
    path = workbook(tmp_path, {SHEET_CRITERIA: CRITERIA_ROWS, SHEET_TASKS: TASKS})
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [f.code for f in report.findings] == ["SHEET-MISSING"]
