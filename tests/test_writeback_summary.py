"""The commune's own ``Tổng hợp`` written back: every number under its header, and a field or
index with no lost criterion says «không mất điểm» instead of a 100% rate."""

from __future__ import annotations

import datetime as dt

import openpyxl

from cchc_sheets.summary import summarize
from tests.builders import CRITERIA_ROWS, TASK_HEADER, plan_workbook


def test_no_lost_criterion_reads_khong_mat_diem_and_headers_sit_over_their_numbers(tmp_path):
    criteria = [row[:] for row in CRITERIA_ROWS]
    for row in criteria[1:]:  # field 1 loses nothing; only the survey field 2 loses points
        if row[0] == "1.2":
            row[4] = 2
    tasks = [TASK_HEADER, [1, "1.1", "Duy trì kế hoạch CCHC", "VP-TK", "Các ban", "Quý IV/2024", "Đang thực hiện", 50]]
    path = plan_workbook(tmp_path, tasks, criteria=criteria)
    out = tmp_path / "ket_qua.xlsx"
    summarize(path, as_of=dt.date(2024, 9, 30), out=out)
    rows = [list(r) for r in openpyxl.load_workbook(out, read_only=True)["Tổng hợp"].iter_rows(values_only=True)]
    head = next(r for r in rows if r[:1] == ["Chỉ tiêu"])
    assert head[:4] == ["Chỉ tiêu", "Số tiêu chí / nhiệm vụ", "Số điểm", "Tỷ lệ"]
    rate = next(r for r in rows if r[0] == "Tỷ lệ có nhiệm vụ (theo số tiêu chí)")
    assert rate[1:4] == [None, None, "không mất điểm"]
    score = next(r for r in rows if r[0] == "Tổng điểm đạt (cơ bản + thưởng − trừ)")
    assert [score[1], score[2], round(score[3], 4)] == [None, 5.5, 0.9167]
    tally = [r for r in rows if isinstance(r[1], int) and r[1] == 0 and r[6] is not None]
    assert tally and all(r[6:8] == ["không mất điểm", "không mất điểm"] for r in tally)
