"""``rollover``: next year's workbook carries exactly the tasks that go on, and nothing is lost."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cchc_sheets.check.report import FINDING_HEADERS
from cchc_sheets.cli import main
from cchc_sheets.core.codes import link_tree
from cchc_sheets.core.model import Agency, Criterion, PlanData, TaskRow
from cchc_sheets.cycle.rollover import REJECTED, WRITTEN, rollover
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.template import write_plan_workbook
from tests.test_distribute import CRITERIA, write_csv

# (seq, codes, kind, status, progress, deadline text, due date, carried?)
TASKS: list[tuple[Any, ...]] = [
    (1, "1.1.1", "Duy trì", "Hoàn thành", 100, "Thường xuyên", None, True),
    (2, "1.1.2", "Duy trì", "Đang thực hiện", 50, "Quý II", dt.date(2025, 6, 30), True),
    (3, "1.2", "Khắc phục", "Hoàn thành", 100, "Quý I/2025", None, False),
    (4, "1.2", "Khắc phục", "Không thực hiện", None, "Quý III/2025", None, False),
    (5, "2.1", "Khắc phục", "Đang thực hiện", 40, "Quý III/2025", None, True),
    (6, "2.1", "Khắc phục", "Chưa thực hiện", None, "trước 30/6", None, True),
    (7, "2.2", None, None, None, "Tháng 9", None, True),  # blank kind, 2.2 lost points: a remedy
    (8, "1.1.1", None, "Hoàn thành", 100, "Hằng quý", None, True),  # blank kind, 1.1.1 full: maintenance
    (9, "1.1", None, "Hoàn thành", 100, "Năm 2025", None, False),  # blank kind, 1.1.2 below lost: a remedy, done
    (10, "3.1", "Khắc phục", "Đang thực hiện", 10, "Quý IV/2025", None, True),  # 3.1 is not in the new set
]
ACHIEVED = {"1.1.1": 1, "1.1.2": 1.5, "1.2": 2, "2.1": 1, "2.2": 0, "3.1": 0}


def criteria(rows: list[list[Any]]) -> list[Criterion]:
    crits = [Criterion(code=str(r[0]), name=r[1], index=r[2], max_points=float(r[3]), method=r[4] or None)
             for r in rows[1:]]
    for crit in crits:
        crit.achieved_points = ACHIEVED.get(crit.code)
    link_tree(crits)
    return crits


def old_workbook(path: Path) -> Path:
    rows = [*CRITERIA, ["3", "Chuyển đổi số", "PAR INDEX", 2, ""], ["3.1", "Ứng dụng CNTT", "PAR INDEX", 2, "Thẩm định"]]
    tasks = [TaskRow({"seq": t[0], "criteria_codes": t[1], "kind": t[2], "status": t[3], "progress": t[4],
                      "deadline_text": t[5], "due_date": t[6], "task": f"Nhiệm vụ số {t[0]}",
                      "lead": "Văn phòng HĐND và UBND", "note": "ghi chú của xã" if t[0] == 5 else None})
             for t in TASKS]
    tasks.insert(2, TaskRow({"activity": "Hoạt động thêm của nhiệm vụ 2", "lead": "Công an xã"}))
    agencies = [Agency("Văn phòng HĐND và UBND", ["VP xã", "Chánh VP"]), Agency("Tổ công nghệ số xã Thử", ["Tổ CNS"])]
    info = {"unit_name": "UBND xã Thử Nghiệm", "unit_code": "00472", "unit_level": "xã",
            "parent_name": "Tỉnh Lâm Đồng", "assessed_year": 2024, "plan_year": 2025, "criteria_set": "LD-2024",
            "plan_number": "97/KH-UBND", "preparer": "Nguyễn Văn A"}
    write_plan_workbook(path, PlanData(criteria(rows), info, tasks, agencies))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rollover_carries_exactly_the_tasks_that_go_on(tmp_path: Path) -> None:
    old = old_workbook(tmp_path / "so_2025.xlsx")
    before = digest(old)
    new_set = write_csv(tmp_path / "bo_2026.csv", CRITERIA)
    target = tmp_path / "nam_2026" / "so_2026.xlsx"  # its folder does not exist yet
    result = rollover([old], target, criteria=new_set, as_of=dt.date(2026, 1, 10), jobs=1)
    assert digest(old) == before
    [item] = result.files
    assert (item.outcome, item.plan_year, item.scores) == (WRITTEN, 2026, "blank")
    assert item.counts == {"maintain": 3, "remedy": 4, "not_carried": 3, "vanished_criteria": 1,
                           "deadlines_reread": 5, "deadlines_to_revise": 2}
    assert item.vanished == [{"seq": 7, "old_seq": "10", "codes": ["3.1"]}]
    assert result.exit_code == 1  # a carried task names a criterion the new set lacks

    plan = read_plan(target)
    assert (plan.info.assessed_year, plan.info.plan_year, plan.info.criteria_set) == (2025, 2026, "bo_2026")
    assert (plan.info.unit_code, plan.info.unit_name, plan.info.preparer) == ("00472", "UBND xã Thử Nghiệm",
                                                                             "Nguyễn Văn A")
    assert plan.info.plan_number is None
    carried = {1, 2, 5, 6, 7, 8, 10}
    assert [(t.seq, t.task, t.kind, t.status, t.progress, t.done_on) for t in plan.tasks] == [
        (str(i + 1), f"Nhiệm vụ số {old}", kind, "Chưa thực hiện", None, None)
        for i, (old, kind) in enumerate([(1, "Duy trì"), (2, "Duy trì"), (5, "Khắc phục"), (6, "Khắc phục"),
                                         (7, "Khắc phục"), (8, "Duy trì"), (10, "Khắc phục")])]
    assert {int(t.task.rsplit(" ", 1)[1]) for t in plan.tasks} == carried
    assert [a.activity for a in plan.tasks[1].activities] == ["Hoạt động thêm của nhiệm vụ 2"]
    notes = {t.seq: t.note for t in plan.tasks}
    assert notes["3"] == ("Chuyển từ kế hoạch năm 2025 (STT 5): trạng thái cuối «Đang thực hiện», tiến độ 40%. "
                          "Hạn cũ gắn với năm trước: cần ghi thời gian hoàn thành mới. ghi chú của xã")
    assert notes["1"] == "Chuyển từ kế hoạch năm 2025 (STT 1): trạng thái cuối «Hoàn thành», tiến độ 100%."
    assert notes["5"] == "Chuyển từ kế hoạch năm 2025 (STT 7): trạng thái cuối «chưa ghi»."
    assert notes["7"] == ("Chuyển từ kế hoạch năm 2025 (STT 10): trạng thái cuối «Đang thực hiện», tiến độ 10%. "
                          "Hạn cũ gắn với năm trước: cần ghi thời gian hoàn thành mới. Mã tiêu chí 3.1 không còn "
                          "trong bộ tiêu chí mới: cần xem lại.")
    # «Quý II» with last year's typed due date: the date is cleared, the text read against 2026
    assert [(t.deadline_text, t.due_date) for t in plan.tasks[:2]] == [("Thường xuyên", None), ("Quý II", None)]
    assert all(c.achieved_points is None for c in plan.leaves())
    aliases = {a.name: a.aliases for a in plan.lists.agencies}
    assert aliases["Tổ công nghệ số xã Thử"] == ["Tổ CNS"]
    assert {"VP xã", "Chánh VP"} <= set(aliases["Văn phòng HĐND và UBND"])

    book = openpyxl.load_workbook(target, read_only=True)
    sheet = list(book["Chuyển năm"].iter_rows(values_only=True))
    assert sheet[3][0] == "NHIỆM VỤ CÓ MÃ TIÊU CHÍ KHÔNG CÒN TRONG BỘ TIÊU CHÍ MỚI (1)"
    assert sheet[5][:5] == (7, "10", "3.1", "3.1", "Nhiệm vụ số 10")
    assert sheet[7][0] == "NHIỆM VỤ ĐÃ CHUYỂN (7)"
    left = next(i for i, row in enumerate(sheet) if row[0] and str(row[0]).startswith("NHIỆM VỤ KHÔNG CHUYỂN"))
    assert [row[:5] for row in sheet[left + 2:]] == [
        ("3", "Khắc phục", "1.2", "Hoàn thành", "Nhiệm vụ số 3"),
        ("4", "Khắc phục", "1.2", "Không thực hiện", "Nhiệm vụ số 4"),
        ("9", "Khắc phục", "1.1", "Hoàn thành", "Nhiệm vụ số 9")]
    rows = [dict(zip(FINDING_HEADERS, r, strict=False)) for r in book["Kiểm tra"].iter_rows(values_only=True)]
    findings = [(r["Mã lỗi"], r["Nội dung"]) for r in rows if r["Mã lỗi"] == "TASK-CODE-UNKNOWN"]
    assert findings == [("TASK-CODE-UNKNOWN", "Mã tiêu chí 3.1 không có trong trang «Tiêu chí».")]


def test_rollover_of_a_folder_with_new_scores_keeps_the_old_set(tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    folder.mkdir()
    old = old_workbook(folder / "so_xa.xlsx")
    before = digest(old)
    scores = write_csv(tmp_path / "diem_2025.csv", [["Mã đơn vị", "Tên đơn vị", "1.1.1", "1.1.2", "1.2", "2.1",
                                                      "2.2", "3.1"], [472, "UBND xã Thử Nghiệm", 1, 2, 3, 2, 1, 2]])
    result = rollover([folder], tmp_path / "2026", scores=scores, plan_year=2026, jobs=1)
    [item] = result.files
    assert (item.outcome, item.scores, Path(item.target).name) == (WRITTEN, "filled", "00472_UBND_xa_Thu_Nghiem.xlsx")
    assert item.vanished == []
    plan = read_plan(item.target)
    assert {c.code: c.lost_points for c in plan.leaves()} == {"1.1.1": 0, "1.1.2": 0, "1.2": 0, "2.1": 0, "2.2": 1,
                                                             "3.1": 0}
    assert plan.info.criteria_set == "LD-2024"
    assert digest(old) == before
    again = rollover([folder], tmp_path / "2026", jobs=1)
    assert again.files[0].outcome == REJECTED
    assert again.files[0].reason.render("en") == f"{item.target} already exists; use --force to overwrite."


def test_rollover_never_replaces_its_input(tmp_path: Path) -> None:
    old = old_workbook(tmp_path / "00472_UBND_xa_Thu_Nghiem.xlsx")
    before = digest(old)
    result = rollover([tmp_path], tmp_path, force=True, jobs=1)
    assert result.files[0].outcome == REJECTED
    assert result.files[0].reason.render("vi").startswith("tệp mới sẽ trùng với một sổ đầu vào")
    single = rollover([old], old, force=True, jobs=1)
    assert single.files[0].outcome == REJECTED
    assert digest(old) == before


def test_rollover_cli_json_and_a_bad_input(tmp_path: Path) -> None:
    old = old_workbook(tmp_path / "so.xlsx")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    run = CliRunner().invoke(main, ["rollover", str(old), str(broken), "-o", str(tmp_path / "moi"), "--format",
                                    "json", "--jobs", "1"])
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert data["counts"] == {"written": 1, "rejected": 1}
    assert [f["outcome"] for f in data["files"]] == ["written", "rejected"]
    assert data["files"][0]["tasks"]["maintain"] == 3
    run = CliRunner().invoke(main, ["rollover", str(old), str(broken), "-o", str(old)])
    assert run.exit_code == 2


@pytest.mark.parametrize(("text", "due", "treated"), [
    ("Quý II", dt.date(2025, 6, 30), "reread"), ("Thường xuyên", None, "reread"), ("trước 30/6", None, "reread"),
    ("Hằng quý", dt.date(2025, 3, 31), "reread"), ("Quý II/2025", None, "revise"), ("Năm 2025", None, "revise"),
    (None, dt.date(2025, 9, 30), "revise"), ("Khi có chỉ đạo", None, "kept"), (None, None, "kept"),
])
def test_deadlines_reread_or_flagged(text: str | None, due: dt.date | None, treated: str) -> None:
    from cchc_sheets.core.model import Task
    from cchc_sheets.cycle.carry import carried_due

    cleared = treated == "reread"
    assert carried_due(Task(deadline_text=text, due_date=due), 2025, 2026) == (None if cleared else due, treated)
