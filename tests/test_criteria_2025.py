"""Criteria sets issued for 2025 on: bonus and penalty points, not-applicable leaves, and the
codes provinces write (``I.2.1``, ``II.1``, ``1.1.2.a``). Every figure below is worked by hand
in the comments next to it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_sheets.check.run import check_file
from cchc_sheets.compute.coverage import (
    CRIT_BONUS,
    CRIT_COVERED,
    CRIT_NO_PENALTY,
    CRIT_NOT_APPLICABLE,
    CRIT_UNCOVERED,
    compute,
)
from cchc_sheets.core.codes import normalise_code
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_TASKS
from cchc_sheets.read.plan import read_plan
from tests.builders import INFO_ROWS, TASK_HEADER, workbook

AS_OF = dt.date(2026, 5, 1)
HEADER = ["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Điểm đạt", "Phương thức đánh giá", "Loại điểm",
          "Không phát sinh"]
# Base: I (max 10) = I.1 (6, got 4: lost 2) + I.2 (4, not applicable: out of max and lost);
#       II (max 15) = II.1 (10, got 10) + II.2 (5, not applicable: «Không phát sinh» as its method).
# Bonus block III: III.1 bonus 3 got 1 (never lost); penalty III.2 cap 2, got −1.5 (lost 1.5).
ROWS = [
    HEADER,
    ["I", "Công tác chỉ đạo, điều hành CCHC", "PAR INDEX", 10, None, None, None, None],
    ["I.1", "Kế hoạch CCHC", "PAR INDEX", 6, 4, "Thẩm định", None, None],
    ["I.2", "Kiểm tra CCHC", "PAR INDEX", 4, None, "Thẩm định", None, "x"],
    ["II", "Cải cách thể chế", "PAR INDEX", 15, None, None, None, None],
    ["II.1", "Ban hành văn bản", "PAR INDEX", 10, 10, "Thẩm định", None, None],
    ["II.2", "Rà soát văn bản", "PAR INDEX", 5, None, "Không phát sinh", None, None],
    ["III", "Điểm thưởng, điểm trừ", "PAR INDEX", None, None, None, None, None],
    ["III.1", "Sáng kiến CCHC được công nhận", "PAR INDEX", 3, 1, "Thẩm định", "Điểm thưởng", None],
    ["III.2", "Bị trừ điểm do chậm báo cáo định kỳ", "PAR INDEX", 2, -1.5, "Thẩm định", None, None],
]
INFO = [*INFO_ROWS[:2], ["Năm đánh giá", 2025], ["Năm kế hoạch", 2026], ["Ngày ban hành", dt.date(2026, 2, 2)],
        ["Bộ tiêu chí", "Hà Nội 2025 – QĐ 5666/QĐ-UBND"]]
TASKS = [TASK_HEADER,
         ["1", "I.1", "Ban hành kế hoạch đúng hạn", "Phòng Văn hóa – Xã hội", None, "Quý I/2026", "Đang thực hiện",
          20, None, None]]


def _plan(tmp_path, rows=ROWS, info=INFO, tasks=TASKS):
    path = workbook(tmp_path, {SHEET_INFO: info, SHEET_CRITERIA: rows, SHEET_TASKS: tasks})
    return path, read_plan(path)


def test_kinds_codes_and_not_applicable_are_read(tmp_path):
    _, plan = _plan(tmp_path)
    got = {c.code: (c.points_kind, c.not_applicable) for c in plan.criteria}
    assert got == {"1": ("base", False), "1.1": ("base", False), "1.2": ("base", True), "2": ("base", False),
                   "2.1": ("base", False), "2.2": ("base", True), "3": ("base", False),
                   "3.1": ("bonus", False), "3.2": ("penalty", False)}


def test_score_is_base_plus_bonus_minus_penalty_over_applicable_max(tmp_path):
    _, plan = _plan(tmp_path)
    score = compute(plan, AS_OF).score
    # base 4 + 10 = 14; bonus 1; penalty 1.5 -> 13.5; applicable max 6 + 10 = 16 -> 84.38%
    assert score is not None
    assert score.to_dict() == {"total": 13.5, "base": 14.0, "bonus": 1.0, "penalty": 1.5, "applicable_max": 16.0,
                               "percent": 84.38}


def test_lost_points_and_coverage(tmp_path):
    _, plan = _plan(tmp_path)
    result = compute(plan, AS_OF)
    # lost: I.1 (2 points, covered by task 1) and the incurred penalty III.2 (1.5 points, no task)
    assert (result.total.lost, result.total.covered, result.total.lost_points, result.total.covered_points) == (
        2, 1, 3.5, 2.0)
    assert [c.code for c in result.uncovered] == ["3.2"]
    assert result.criterion_status == {
        "1.1": CRIT_COVERED, "1.2": CRIT_NOT_APPLICABLE, "2.1": "Đạt tối đa", "2.2": CRIT_NOT_APPLICABLE,
        "3.1": CRIT_BONUS, "3.2": CRIT_UNCOVERED, "1": CRIT_COVERED, "2": "Đạt tối đa", "3": CRIT_UNCOVERED}


def test_no_penalty_incurred_is_not_lost(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[9][4] = 0
    _, plan = _plan(tmp_path, rows)
    result = compute(plan, AS_OF)
    assert (result.total.lost, result.criterion_status["3.2"]) == (1, CRIT_NO_PENALTY)
    assert result.score is not None and result.score.total == 15.0


def test_a_clean_2025_set_has_no_findings_but_the_uncovered_penalty(tmp_path):
    path, _ = _plan(tmp_path, info=[*INFO, ["Tổng điểm năm đánh giá", 13.5]])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [(f.code, f.cell) for f in report.findings] == [("COVERAGE-LOST-NO-TASK", "E10")]


@pytest.mark.parametrize(("points", "expected"), [(0.5, [("CRIT-PENALTY-RANGE", "E10")]),
                                                  (-3, [("CRIT-PENALTY-RANGE", "E10")]), (-2, [])])
def test_penalty_range(tmp_path, points, expected):
    rows = [list(r) for r in ROWS]
    rows[9][4] = points
    tasks = [*TASKS, ["2", "III.2", "Báo cáo đúng hạn", "Văn phòng HĐND và UBND", None, "Quý II/2026",
                      "Chưa thực hiện", 0, None, None]]
    path, _ = _plan(tmp_path, rows, tasks=tasks)
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [(f.code, f.cell) for f in report.findings if f.code.startswith("CRIT")] == expected


def test_total_mismatch_counts_penalty(tmp_path):
    path, _ = _plan(tmp_path, info=[*INFO, ["Tổng điểm năm đánh giá", 15]])
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [(f.code, f.args.get("expected")) for f in report.findings if f.code.startswith("INFO")] == [
        ("INFO-TOTAL-MISMATCH", 13.5)]


@pytest.mark.parametrize(("typed", "code"), [("I.2.1", "1.2.1"), ("II.1", "2.1"), ("ii.1.3", "2.1.3"),
                                             ("1.1.2.a", "1.1.2.a"), ("1.1.2.B", "1.1.2.b"), ("IV", "4")])
def test_codes_as_provinces_write_them(typed, code):
    assert normalise_code(typed) == code


def test_letter_level_is_a_child(tmp_path):
    rows = [HEADER, ["1", "Chỉ đạo", "PAR INDEX", 2, None, None, None, None],
            ["1.1", "Kế hoạch", "PAR INDEX", 2, None, None, None, None],
            ["1.1.a", "Ban hành đúng hạn", "PAR INDEX", 1, 1, "Thẩm định", None, None],
            ["1.1.b", "Đủ nội dung", "PAR INDEX", 1, 0.5, "Thẩm định", None, None]]
    _, plan = _plan(tmp_path, rows)
    assert plan.criteria_by_code()["1.1"].children == ["1.1.a", "1.1.b"]
    assert compute(plan, AS_OF).total.lost_points == 0.5


def test_summarize_says_the_score_over_the_applicable_maximum():
    from pathlib import Path

    from click.testing import CliRunner

    from cchc_sheets.cli import main

    path = Path(__file__).resolve().parents[1] / "workbook_templates" / "examples_2026" / "phuong_le_loi.xlsx"
    result = CliRunner().invoke(main, ["summarize", str(path), "--as-of", "30/09/2026", "--dry-run"])
    # base 97 (6.2 does not arise) − 4 lost − 2.6 survey = 90.4; + 0 bonus − 1 penalty = 89.4: 92,16%
    assert result.output.splitlines()[2] == "Điểm: 89,4/97 (92,16%) — thưởng 0, trừ 1"


@pytest.mark.parametrize(("block_max", "expected"), [(3, []), (5, [("CRIT-MAX-SUM", "D8")]), (None, [])])
def test_a_bonus_and_penalty_block_states_what_can_be_added(tmp_path, block_max, expected):
    rows = [list(r) for r in ROWS]
    rows[7][3] = block_max  # III: bonus III.1 (max 3) + penalty III.2 (cap 2) -> the block's max is 3
    path, _ = _plan(tmp_path, rows)
    _, report = check_file(path, AS_OF, raise_unexpected=True)
    assert [(f.code, f.cell) for f in report.findings if f.code.startswith("CRIT")] == expected
