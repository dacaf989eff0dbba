"""merge: every input accounted for, figures equal to an independent computation, the consolidated
workbook's sheets, text kept as text, hierarchy, feedback copies, roster."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cchc_sheets.compute.coverage import compute, scored_leaves
from cchc_sheets.consolidate.feedback import feedback_name
from cchc_sheets.consolidate.layout import MARKER, META_SHEET
from cchc_sheets.consolidate.merge import merge
from cchc_sheets.read.plan import read_plan
from tests import hostile
from tests import xlsx_fixtures as fx
from tests.builders import INFO_ROWS, TASK_HEADER, plan_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
AS_OF = dt.date(2024, 9, 30)
SHEETS = ["Báo cáo nhanh", "Tổng hợp", "Biểu đồ", "Ma trận", "Tiêu chí mất điểm", "Nhiệm vụ", "Quá hạn", "Kiểm tra",
          "Nguồn",
          "Chưa nộp"]
HOSTILE_TEXT = ["=HYPERLINK(\"http://x.vn\",\"bấm\")", "+84 912 345 678", "-Rà soát", "@ghi chú", "=1+1"]


def _info(code: str | None, name: str | None, updated: dt.date | None = None, criteria_set: str = "VD-XA") -> list:
    rows = [row for row in INFO_ROWS if row[0] not in ("Mã đơn vị", "Tên đơn vị", "Bộ tiêu chí")]
    rows += [["Mã đơn vị", code], ["Tên đơn vị", name], ["Bộ tiêu chí", criteria_set]]
    if updated:
        rows.append(["Ngày cập nhật", updated])
    return [row for row in rows if row[1] is not None]


def _tiny(folder: Path, name: str, code: str | None = "99001", unit: str | None = "UBND xã Một",
          updated: dt.date | None = None, criteria_set: str = "VD-XA", tasks: list | None = None) -> Path:
    """A unit small enough to compute by hand: 1.2 lost 1 point, survey 2.1 lost 0.5."""
    rows = tasks if tasks is not None else [[1, "1.2", "Tuyên truyền CCHC", "VP-TK", "Các ban, ngành", "Quý II/2024",
                                             "Đang thực hiện", 50]]
    return plan_workbook(folder, [TASK_HEADER, *rows], info=_info(code, unit, updated, criteria_set), name=name)


def _by_code(result) -> dict:
    return {u["unit_code"]: u for u in result.to_dict()["units"]}


def _run(inputs, out: Path, **options):
    options.setdefault("jobs", 1)
    return merge([Path(p) for p in inputs], out, as_of=AS_OF, **options)


@pytest.fixture
def examples(tmp_path) -> Path:
    folder = tmp_path / "huyen"
    shutil.copytree(EXAMPLES, folder)
    return folder


# --------------------------------------------------------------------------- figures


def test_each_unit_equals_an_independent_computation(examples, tmp_path):
    result = _run([examples], tmp_path / "out.xlsx")
    units = _by_code(result)
    assert len(units) == len(list(EXAMPLES.glob("*.xlsx")))
    for path in sorted(examples.glob("*.xlsx")):
        plan = read_plan(path)
        expected = compute(plan, AS_OF)
        unit = units[plan.info.unit_code]
        assert unit["coverage"] == expected.total.to_dict(), path.name
        assert unit["tasks"] == expected.tasks.to_dict(), path.name
        assert unit["score"] == round(sum(c.achieved_points for c in scored_leaves(plan)), 4)
        assert unit["file"] == str(path)


def test_a_tiny_unit_by_hand(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _tiny(folder, "mot.xlsx")
    [unit] = _run([folder], tmp_path / "out.xlsx").to_dict()["units"]
    assert unit["coverage"]["lost"] == 1 and unit["coverage"]["covered"] == 1
    assert unit["coverage"]["remedied"] == 0 and unit["coverage"]["survey_lost"] == 1
    assert unit["coverage"]["lost_points"] == 1.0 and unit["coverage"]["rate"] == 1.0
    assert unit["tasks"] == {"total": 1, "done": 0, "in_progress": 1, "not_started": 0, "dropped": 0, "overdue": 1}
    assert unit["score"] == 4.5 and unit["rank"] == 1


def test_parallel_workers_give_the_same_result(examples, tmp_path):
    one = _run([examples], tmp_path / "a.xlsx", jobs=1).to_dict()
    two = _run([examples], tmp_path / "b.xlsx", jobs=2).to_dict()
    assert one["units"] == two["units"] and one["inputs"] == two["inputs"]


def test_equal_scores_share_a_rank(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _tiny(folder, "a.xlsx", "99001", "UBND xã A")
    _tiny(folder, "b.xlsx", "99002", "UBND xã B")
    units = _by_code(_run([folder], tmp_path / "out.xlsx"))
    assert units["99001"]["rank"] == units["99002"]["rank"] == 1


# --------------------------------------------------------------------------- every input accounted for


def _messy_folder(examples: Path) -> dict[str, str]:
    """The examples plus every kind of file a district receives; file name -> expected outcome."""
    expected = {p.name: "merged" for p in examples.glob("*.xlsx")}
    newest = examples / "xa_phu_linh.xlsx"
    older = examples / "xa_phu_linh_ban_cu.xlsx"
    shutil.copy(newest, older)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    expected[older.name] = "superseded"
    hostile.excel_lock(examples, "xa_minh_tan.xlsx")
    expected["~$xa_minh_tan.xlsx"] = "skipped"
    (examples / ".ds_store.xlsx").write_bytes(newest.read_bytes())
    expected[".ds_store.xlsx"] = "skipped"
    (examples / "ghi_chu.txt").write_text("gửi kèm", encoding="utf-8")
    expected["ghi_chu.txt"] = "skipped"
    for build in (hostile.renamed_pdf, hostile.encrypted_xlsx, hostile.not_standard):
        expected[build(examples).name] = "rejected"
    expected[hostile.truncated(newest, examples).name] = "rejected"
    expected[_tiny(examples, "bo_khac.xlsx", "99001").name] = "rejected"  # criteria set VD-XA, not VD-XA-2024
    expected[_tiny(examples, "khong_ten.xlsx", None, None, criteria_set="VD-XA-2024").name] = "rejected"
    return expected


def test_every_input_is_listed_with_its_outcome_and_reason(examples, tmp_path):
    expected = _messy_folder(examples)
    result = _run([examples], tmp_path / "out.xlsx")
    given = [p for p in examples.rglob("*") if p.is_file()]
    assert len(result.inputs) == len(given)
    outcomes = {Path(i.path).name: i.outcome for i in result.inputs}
    assert outcomes == expected
    for item in result.inputs:
        if item.outcome != "merged":
            assert item.reason_text("vi"), item.path
    reasons = {Path(i.path).name: i.reason_text("vi") for i in result.inputs}
    assert "VD-XA" in reasons["bo_khac.xlsx"] and "đa số" in reasons["bo_khac.xlsx"]
    assert "Mã đơn vị" in reasons["khong_ten.xlsx"]
    assert "xa_phu_linh.xlsx" in reasons["xa_phu_linh_ban_cu.xlsx"]
    sources = _sheet_rows(tmp_path / "out.xlsx", "Nguồn")
    assert len(sources) == len(given) + 1


def test_newer_update_date_wins_over_newer_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    old = _tiny(folder, "moi_sua.xlsx", updated=dt.date(2024, 3, 1))
    new = _tiny(folder, "cap_nhat_moi.xlsx", updated=dt.date(2024, 9, 1),
                tasks=[[1, "1.2", "Tuyên truyền", "VP-TK", "", "Quý II/2024", "Hoàn thành", 100,
                        dt.date(2024, 6, 1), "Báo cáo 1/BC"]])
    os.utime(new, (1_600_000_000, 1_600_000_000))  # the newer plan is the older file
    result = _run([folder], tmp_path / "out.xlsx")
    assert {Path(i.path).name: i.outcome for i in result.inputs} == {old.name: "superseded", new.name: "merged"}
    assert result.to_dict()["units"][0]["coverage"]["remedied"] == 1


def test_same_update_date_newer_file_wins(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    first = _tiny(folder, "a.xlsx", updated=dt.date(2024, 9, 1))
    second = _tiny(folder, "b.xlsx", updated=dt.date(2024, 9, 1))
    os.utime(second, (1_600_000_000, 1_600_000_000))
    outcomes = {Path(i.path).name: i.outcome for i in _run([folder], tmp_path / "out.xlsx").inputs}
    assert outcomes == {first.name: "merged", second.name: "superseded"}


def test_unit_without_code_is_matched_by_name_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _tiny(folder, "a.xlsx", None, "UBND xã  Một", updated=dt.date(2024, 1, 1))
    _tiny(folder, "b.xlsx", None, "ubnd xã một", updated=dt.date(2024, 2, 1))
    result = _run([folder], tmp_path / "out.xlsx")
    assert [i.outcome for i in result.inputs] == ["superseded", "merged"]
    assert "tên" in result.inputs[1].reason_text("vi")
    findings = _sheet_rows(tmp_path / "out.xlsx", "Kiểm tra")
    assert any(row[9] == "MERGE-NO-CODE" for row in findings)  # the code is the last column but the file


def test_output_and_feedback_files_are_never_inputs(examples, tmp_path):
    out = examples / "tong_hop.xlsx"
    _run([examples], out, feedback=examples / "phan_hoi")
    again = _run([examples], out, feedback=examples / "phan_hoi")
    skipped = {Path(i.path).name for i in again.inputs if i.outcome == "skipped"}
    assert "tong_hop.xlsx" in skipped
    assert {p.name for p in (examples / "phan_hoi").glob("*.xlsx")} <= skipped
    assert again.exit_code == 0


def test_nothing_readable_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.renamed_pdf(folder)
    result = _run([folder], tmp_path / "out.xlsx")
    assert result.exit_code == 3 and result.units == []
    assert not (tmp_path / "out.xlsx").exists()


# --------------------------------------------------------------------------- the workbook


def _sheet_rows(path: Path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()


def test_workbook_has_every_sheet_and_the_marker(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    result = _run([examples], out)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == [*SHEETS, META_SHEET]
    assert book[META_SHEET].sheet_state == "hidden"
    assert next(book[META_SHEET].iter_rows(values_only=True))[0] == MARKER
    summary = [row for row in book["Tổng hợp"].iter_rows(values_only=True)]
    book.close()
    assert len(summary) == 1 + len(result.units) + 1  # header, units, the totals row
    codes = [row[1] for row in summary[1:-1]]
    # most need first, as «Báo cáo nhanh» (lost criteria without a task 3, 3, 2, 1, 0, 0; then overdue 12 before 3)
    assert codes == ["01843", "99102", "00472", "19513", "99101", "99103"]
    assert [row[0] for row in summary[1:-1]] == list(range(1, len(result.units) + 1))
    head, total = summary[0], summary[-1]
    assert (total[0], total[2]) == ("Cộng", "Toàn bộ 6 đơn vị")
    for column in ("Tiêu chí mất điểm", "Chưa có nhiệm vụ", "Số nhiệm vụ", "Quá hạn"):
        at = head.index(column)
        assert total[at] == sum(row[at] for row in summary[1:-1]), column
    tasks = _sheet_rows(out, "Nhiệm vụ")
    assert len(tasks) - 1 == sum(u.tasks["total"] for u in result.units)
    overdue = _sheet_rows(out, "Quá hạn")
    assert len(overdue) - 1 == sum(u.tasks["overdue"] for u in result.units)


def test_matrix_and_lost_criteria_agree_with_the_units(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    result = _run([examples], out)
    matrix = _sheet_rows(out, "Ma trận")
    codes = matrix[1][7:]
    assert list(codes) == [u.unit_code for u in result.units]
    lost_rows = {row[0]: row for row in matrix[2:] if row[5]}
    ranked = _sheet_rows(out, "Tiêu chí mất điểm")[1:]  # Số đơn vị mất điểm is column 3, Điều tra XHH the last
    order = [(bool(row[12]), -row[3]) for row in ranked]
    assert order == sorted(order)  # most units first; survey-scored criteria (no task can fix them) after
    for row in ranked:
        assert lost_rows[row[1]][5] == row[3]
    for unit in result.units:
        plan = read_plan(unit.file)
        lost = {c.code: round(c.lost_points, 4) for c in scored_leaves(plan) if c.lost_points}
        column = 7 + codes.index(unit.unit_code)
        shown = {row[0]: row[column] for row in matrix[2:] if row[column] is not None}
        assert shown == lost


def test_clerk_text_stays_text_in_the_output_xml(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    rows = [[n, "1.2", text, text, text, "Quý II/2024", "Đang thực hiện", 10, None, text]
            for n, text in enumerate(HOSTILE_TEXT, start=1)]
    _tiny(folder, "hiem.xlsx", unit="=HYPERLINK(\"http://x.vn\")", tasks=rows)
    out = tmp_path / "out.xlsx"
    _run([folder], out)
    with zipfile.ZipFile(out) as package:
        for sheet in ("Tổng hợp", "Ma trận", "Nhiệm vụ", "Quá hạn", "Nguồn"):
            xml = package.read(fx.sheet_part(out, sheet)).decode()
            assert "<f>" not in xml and "<f " not in xml, sheet
        assert not [n for n in package.namelist() if "externalLink" in n]
    tasks = _sheet_rows(out, "Nhiệm vụ")[1:]
    assert [row[4] for row in tasks] == HOSTILE_TEXT
    assert [row[5] for row in tasks] == HOSTILE_TEXT
    assert _sheet_rows(out, "Tổng hợp")[1][2] == "=HYPERLINK(\"http://x.vn\")"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_output(examples, tmp_path):
    if fx.soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    out = tmp_path / "tong_hop.xlsx"
    _run([examples], out)
    [pdf] = fx.soffice_convert([out], tmp_path / "pdf", "pdf", tmp_path / "profile")
    assert pdf.stat().st_size > 10_000


# --------------------------------------------------------------------------- hierarchy


def test_a_province_merges_district_workbooks(examples, tmp_path):
    names = sorted(p.name for p in examples.glob("*.xlsx"))
    district_a, district_b = tmp_path / "huyen_a", tmp_path / "huyen_b"
    for folder, part in ((district_a, names[:3]), (district_b, names[3:])):
        folder.mkdir()
        for name in part:
            shutil.copy(examples / name, folder / name)
    _run([district_a], tmp_path / "tinh" / "huyen_a.xlsx")
    _run([district_b], tmp_path / "tinh" / "huyen_b.xlsx")
    later = dt.date(2024, 12, 31)
    province = merge([tmp_path / "tinh"], tmp_path / "tinh_tong_hop.xlsx", as_of=later, jobs=1)
    direct = merge([examples], tmp_path / "truc_tiep.xlsx", as_of=later, jobs=1)
    assert [i.outcome for i in province.inputs] == ["merged", "merged"]
    carried = {u["unit_code"]: u for u in province.to_dict()["units"]}
    for code, unit in _by_code(direct).items():
        for key in ("unit_name", "coverage", "tasks", "score", "rank", "updated_on"):
            assert carried[code][key] == unit[key], (code, key)
    assert len(_sheet_rows(tmp_path / "tinh_tong_hop.xlsx", "Nhiệm vụ")) == len(
        _sheet_rows(tmp_path / "truc_tiep.xlsx", "Nhiệm vụ"))


# --------------------------------------------------------------------------- feedback and roster


def _task_values(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book["Nhiệm vụ"]
        width = max(c for c, h in enumerate(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)), 1)
                    if h and "(tự động)" not in str(h))
        return [tuple(row[:width]) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def test_feedback_copies_keep_every_clerk_cell(examples, tmp_path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in examples.glob("*.xlsx")}
    result = _run([examples], tmp_path / "out.xlsx", feedback=tmp_path / "phan_hoi")
    assert [f.error for f in result.feedback] == [None] * len(result.units)
    expected = {u.file: feedback_name(u) for u in result.units}
    for item in result.feedback:
        source, copy = Path(item.source), Path(item.target)
        assert copy.parent == tmp_path / "phan_hoi" and copy.name == expected[item.source]
        assert _task_values(copy) == _task_values(source)
        names = openpyxl.load_workbook(copy, read_only=True).sheetnames
        assert "Tổng hợp" in names and "Kiểm tra" in names
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in examples.glob("*.xlsx")} == before


def test_roster_lists_units_without_a_file_and_files_without_an_entry(examples, tmp_path):
    plans = {read_plan(p).info.unit_code: read_plan(p).info.unit_name for p in examples.glob("*.xlsx")}
    listed = sorted(plans)[1:]
    roster = tmp_path / "danh_sach.csv"
    lines = ["STT;Mã ĐVHC;Tên đơn vị", *(f"{n};{code};{plans[code]}" for n, code in enumerate(listed, 1)),
             "99;99999;UBND xã Chưa Nộp"]
    roster.write_text("\n".join(lines), encoding="utf-8-sig")
    out = tmp_path / "out.xlsx"
    result = _run([examples], out, roster=roster).to_dict()
    assert result["roster"]["missing"] == [{"unit_code": "99999", "unit_name": "UBND xã Chưa Nộp"}]
    assert [u["unit_code"] for u in result["roster"]["unlisted"]] == [sorted(plans)[0]]
    rows = _sheet_rows(out, "Chưa nộp")[1:]
    assert [(row[0], row[1]) for row in rows] == [("Chưa nộp sổ", "99999"),
                                                   ("Không có trong danh sách", sorted(plans)[0])]


def test_a_roster_without_unit_columns_is_a_usage_error(examples, tmp_path):
    from cchc_sheets.core.errors import UsageError

    roster = tmp_path / "danh_sach.csv"
    roster.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(UsageError):
        _run([examples], tmp_path / "out.xlsx", roster=roster)
    assert not (tmp_path / "out.xlsx").exists()


def test_criteria_rows_match_the_output_criteria(examples, tmp_path):
    result = _run([examples], tmp_path / "out.xlsx")
    plan = read_plan(next(examples.glob("*.xlsx")))
    assert [m.code for m in result.criteria] == [c.code for c in plan.criteria]
    assert re.fullmatch(r"VD-XA-\d{4}", result.criteria_set or "")


def test_roster_as_a_workbook_with_title_rows_and_aliases(examples, tmp_path):
    from tests.builders import workbook

    codes = sorted(read_plan(p).info.unit_code for p in examples.glob("*.xlsx"))
    rows = [["DANH SÁCH ĐƠN VỊ CẤP XÃ"], ["TT", "Mã ĐVHC", "Đơn vị"], *([n, code, None] for n, code in enumerate(codes))]
    roster = workbook(tmp_path, {"Danh sách": rows}, name="danh_sach.xlsx")
    result = _run([examples], tmp_path / "out.xlsx", roster=roster)
    assert result.roster_missing == [] and result.unlisted == []


def test_rerun_recognises_its_own_output_from_the_document_property(tmp_path):
    """A national workbook's task sheet is larger than the reader's part limit; the rerun guard
    must still see that the output is ours to replace."""
    from cchc_sheets.consolidate.merge import _marker_property

    examples = sorted((ROOT / "workbook_templates" / "examples").glob("*.xlsx"))
    out = tmp_path / "tong_hop.xlsx"
    merge([examples[0]], out, as_of=dt.date(2024, 9, 30), jobs=1)
    assert _marker_property(out) is True
    assert _marker_property(examples[0]) is False


def test_overdue_tasks_come_most_days_late_first_and_paths_are_relative_to_the_inputs(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    result = _run([examples], out)
    overdue = _sheet_rows(out, "Quá hạn")
    days = [row[overdue[0].index("Số ngày quá hạn")] for row in overdue[1:]]
    assert len(days) == sum(u.tasks["overdue"] for u in result.units) > 1
    assert days == sorted(days, reverse=True)
    names = sorted(p.name for p in examples.glob("*.xlsx"))
    summary = _sheet_rows(out, "Tổng hợp")
    sources = [row[summary[0].index("Tệp nguồn")] for row in summary[1:-1]]
    assert sorted(sources) == [f"huyen/{name}" for name in names]
    shown = [row[1] for row in _sheet_rows(out, "Nguồn")[1:]]
    assert sorted(shown) == [f"huyen/{name}" for name in names]
    findings = _sheet_rows(out, "Kiểm tra")
    files = {row[findings[0].index("Tệp")] for row in findings[1:]}
    assert files <= {f"huyen/{name}" for name in names} and files
    assert str(tmp_path) not in "".join(map(str, [*sources, *shown, *files]))
