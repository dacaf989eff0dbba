"""Coverage rules: lost points without a valid task, and maintenance tasks on lost criteria.

Default criteria (tests/builders.py): 1.2 lost 1 point (row 4, achieved in E4); 2.1 lost 0.5
but is survey-scored (never required); 1.1 is at full points.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_sheets.check.run import check_file
from tests.builders import TASK_HEADER, plan_workbook

AS_OF = dt.date(2024, 9, 30)
HEADER = [*TASK_HEADER, "Loại nhiệm vụ"]  # K


def task(code="1.2", lead="Văn phòng – Thống kê", status="Đang thực hiện", kind=None):
    return ["1", code, "Nhiệm vụ", lead, None, "Quý II/2024", status, None, None, None, kind]


def coverage_findings(tmp_path, *rows):
    path = plan_workbook(tmp_path, [HEADER, *rows])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    return [f for f in report.findings if f.code.startswith("COVERAGE-")]


def test_lost_criterion_without_tasks_is_flagged_at_its_achieved_cell(tmp_path):
    (finding,) = coverage_findings(tmp_path)
    assert (finding.code, finding.sheet, finding.cell, finding.severity) == (
        "COVERAGE-LOST-NO-TASK", "Tiêu chí", "E4", "warning")
    assert finding.message("vi") == "Tiêu chí 1.2 bị mất 1 điểm nhưng chưa có nhiệm vụ khắc phục hợp lệ."
    assert finding.header == "Điểm đạt"


@pytest.mark.parametrize("code", ["1.2", "1"])
def test_task_on_the_criterion_or_an_ancestor_covers_it(tmp_path, code):
    assert coverage_findings(tmp_path, task(code=code)) == []


@pytest.mark.parametrize("row", [task(lead=None), task(status="Không thực hiện"), task(code="1.1")])
def test_invalid_dropped_or_unrelated_task_does_not_cover(tmp_path, row):
    assert [f.code for f in coverage_findings(tmp_path, row)] == ["COVERAGE-LOST-NO-TASK"]


def test_maintenance_task_on_a_lost_criterion(tmp_path):
    findings = coverage_findings(tmp_path, task(kind="Duy trì"), task(code="1.1", kind="Duy trì"))
    assert [(f.code, f.cell) for f in findings] == [("COVERAGE-MAINTAIN-LOST", "K2")]
    assert findings[0].message("vi") == "Nhiệm vụ «Duy trì» gắn với tiêu chí 1.2 đang bị mất 1 điểm."
