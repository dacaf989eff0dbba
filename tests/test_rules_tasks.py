"""Rules on ``Nhiệm vụ``: each fault injected into a clean plan is found at its exact cell.

Columns of the test sheet (tests/builders.py TASK_HEADER): A STT, B Mã tiêu chí, C Nhiệm vụ/Giải
pháp, D Chủ trì, E Phối hợp, F Thời gian hoàn thành, G Trạng thái, H Tiến độ (%), I Ngày hoàn
thành, J Tài liệu kiểm chứng. The header is row 1, so the first task is row 2.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_sheets.check.run import check_file
from tests.builders import TASK_HEADER, plan_workbook

AS_OF = dt.date(2024, 9, 30)
GOOD = ["1", "1.2", "Tuyên truyền CCHC", "Văn phòng – Thống kê", "Các ban, ngành", "Quý II/2024",
        "Đang thực hiện", 50, None, None]
DONE = ["2", "1.2", "Niêm yết TTHC", "Bộ phận một cửa", None, "Quý II/2024", "Hoàn thành", 100,
        dt.date(2024, 6, 20), "Báo cáo 12/BC-UBND"]


def row(**changes):
    """GOOD with some cells changed, by column letter: ``row(D=None, G="Xong")``."""
    values = list(GOOD)
    for letter, value in changes.items():
        values[ord(letter) - 65] = value
    return values


def found(tmp_path, *rows, merges=None):
    """(code, cell) of every task finding on a plan whose tasks are *rows*.

    Coverage findings are left out: an invalid task also leaves criterion 1.2 uncovered, which
    tests/test_rules_coverage.py checks on its own.
    """
    path = plan_workbook(tmp_path, [TASK_HEADER, *rows], merges=merges)
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    return [(f.code, f.cell) for f in report.findings if not f.code.startswith("COVERAGE-")]


def test_clean_plan_has_no_findings(tmp_path):
    assert found(tmp_path, GOOD, DONE) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"C": None}, ("TASK-NO-TEXT", "C2")),
    ({"D": None}, ("TASK-NO-LEAD", "D2")),
    ({"F": None}, ("TASK-NO-DEADLINE", "F2")),
    ({"B": None}, ("TASK-NO-CODE", "B2")),
    ({"B": "1.2; 9.9"}, ("TASK-CODE-UNKNOWN", "B2")),
    ({"H": 120}, ("TASK-PROGRESS-RANGE", "H2")),
    ({"H": -5}, ("TASK-PROGRESS-RANGE", "H2")),
    ({"G": "Chưa thực hiện", "H": 30}, ("TASK-PROGRESS-NOT-STARTED", "H2")),
    ({"F": "khi có kinh phí"}, ("TASK-DEADLINE-UNKNOWN", "F2")),
    ({"D": "Văn phòng Thông kê"}, ("TASK-LEAD-SPELLING", "D2")),
    ({"I": dt.date(2024, 5, 2)}, ("TASK-DATE-NOT-DONE", "I2")),
])
def test_fault_found_at_its_cell(tmp_path, changes, expected):
    assert found(tmp_path, row(**changes)) == [expected]


def test_missing_values_point_at_the_empty_cell_with_its_header(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, row(D=None), DONE])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    (finding,) = report.findings
    assert (finding.sheet, finding.cell, finding.header, finding.value) == ("Nhiệm vụ", "D2", "Chủ trì", None)
    assert finding.severity == "error"
    assert finding.message("vi") == "Nhiệm vụ chưa có cơ quan/công chức chủ trì."


def test_unknown_code_names_the_code(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, row(B="1.2; 9.9")])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert report.findings[0].message("vi") == "Mã tiêu chí 9.9 không có trong trang «Tiêu chí»."


def test_status_outside_the_list_suggests_the_closest(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, row(G="Hoàn thàng", H=100)])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    (finding,) = report.findings
    assert (finding.code, finding.cell, finding.severity) == ("TASK-STATUS-UNKNOWN", "G2", "error")
    assert finding.message("vi").endswith("Có phải «Hoàn thành»?")
    assert finding.message("en").endswith("Did you mean 'Hoàn thành'?")


def test_status_far_from_every_choice_has_no_suggestion(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, row(G="???")])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [f.code for f in report.findings] == ["TASK-STATUS-UNKNOWN"]
    assert "Có phải" not in report.findings[0].message("vi")


def test_status_aliases_and_unaccented_spellings_are_accepted(tmp_path):
    assert found(tmp_path, row(G="dang thuc hien"), row(A="2", G="Đang triển khai")) == []


def test_done_task_needs_evidence_and_date_and_full_progress(tmp_path):
    done = list(DONE)
    done[7], done[8], done[9] = 80, None, None
    assert found(tmp_path, done) == [("TASK-PROGRESS-DONE", "H2"), ("TASK-DONE-NO-DATE", "I2"),
                                     ("TASK-DONE-NO-EVIDENCE", "J2")]


def test_completion_date_after_as_of_is_an_error(tmp_path):
    done = list(DONE)
    done[8] = dt.date(2024, 12, 1)
    path = plan_workbook(tmp_path, [TASK_HEADER, done])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [(f.code, f.cell, f.severity) for f in report.findings] == [("TASK-DONE-FUTURE", "I2", "error")]
    assert report.findings[0].message("vi") == "Ngày hoàn thành 01/12/2024 sau ngày xét 30/09/2024."


def test_completion_before_the_plan_was_issued(tmp_path):
    done = list(DONE)
    done[8] = dt.date(2024, 1, 15)  # the default plan is issued on 01/03/2024
    assert found(tmp_path, done) == [("TASK-DONE-BEFORE-ISSUED", "I2")]


def test_impossible_date_is_reported_by_the_reader_at_its_cell(tmp_path):
    done = list(DONE)
    done[8] = "31/02/2024"
    assert ("CELL-IMPOSSIBLE-DATE", "I2") in found(tmp_path, done)


def test_duplicate_number_within_a_section(tmp_path):
    assert found(tmp_path, GOOD, row(A="2"), row(A="2")) == [("TASK-SEQ-DUPLICATE", "A4")]


def test_numbering_restarts_in_each_section(tmp_path):
    section = ["II", None, "CHỈ SỐ SIPAS", None, None, None, None, None, None, None]
    assert found(tmp_path, GOOD, section, row(B="2.1")) == []


def test_merged_number_over_activity_rows_is_not_a_duplicate(tmp_path):
    activity = [None, None, None, "Tư pháp – Hộ tịch", None, "Quý III/2024", None, None, None, None]
    assert found(tmp_path, GOOD, activity, merges=["A2:A3"]) == []


def test_merged_lead_misspelling_is_reported_once(tmp_path):
    activity = [None, None, None, None, None, "Quý III/2024", None, None, None, None]
    findings = found(tmp_path, row(D="Văn phòng Thông kê"), activity, merges=["D2:D3"])
    assert findings == [("TASK-LEAD-SPELLING", "D2")]


def test_lead_must_be_on_the_task_row_as_coverage_requires(tmp_path):
    activity = [None, None, None, "Tư pháp – Hộ tịch", None, "Quý III/2024", None, None, None, None]
    assert found(tmp_path, row(D=None), activity) == [("TASK-NO-LEAD", "D2")]


def test_unknown_deadline_is_fine_when_a_due_date_is_given(tmp_path):
    header = [*TASK_HEADER, "Hạn hoàn thành"]
    path = plan_workbook(tmp_path, [header, [*row(F="khi có kinh phí"), dt.date(2024, 12, 31)]])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert report.findings == []


def test_dropped_task_needs_no_lead_or_deadline(tmp_path):
    assert found(tmp_path, row(D=None, F=None, G="Không thực hiện", H=None)) == []


def test_lead_spelling_message_suggests_the_directory_name(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, row(D="Văn phòng Thông kê")])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert report.findings[0].message("vi") == (
        "Chủ trì «Văn phòng Thông kê» không khớp danh mục cơ quan. Có phải «Văn phòng – Thống kê»?")


def test_kind_outside_the_list_suggests_the_closest(tmp_path):
    path = plan_workbook(tmp_path, [[*TASK_HEADER, "Loại nhiệm vụ"], [*GOOD, "Khắc phụ"]])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    (finding,) = report.findings
    assert (finding.code, finding.cell, finding.severity) == ("TASK-KIND-UNKNOWN", "K2", "warning")
    assert finding.message("vi") == "Loại nhiệm vụ «Khắc phụ» không phải Khắc phục / Duy trì. Có phải «Khắc phục»?"


def test_task_whose_stt_was_lost_is_flagged_at_the_stt_cell(tmp_path):
    header = ["TT", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Chỉ đạo, đôn đốc", "Ban hành văn bản", "VP-TK", "Quý III/2024"],
            [None, "Xây dựng sáng kiến", "Đôn đốc CBCC", "VP-TK", "Quý IV/2024"]]
    _, report = check_file(plan_workbook(tmp_path, rows), AS_OF)
    assert [(f.code, f.cell) for f in report.findings if f.code == "TASK-SEQ-MISSING"] == [("TASK-SEQ-MISSING", "A3")]
