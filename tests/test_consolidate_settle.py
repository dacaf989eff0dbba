"""consolidate.merge settling: one assessment year per consolidated workbook, roster codes that
Excel turned into numbers still match."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from cchc_sheets.consolidate.merge import merge
from tests.builders import INFO_ROWS, TASK_HEADER, plan_workbook

AS_OF = dt.date(2024, 9, 30)
TASKS = [TASK_HEADER, [1, "1.2", "Tuyên truyền CCHC", "VP-TK", "Các ban, ngành", "Quý II/2024", "Đang thực hiện", 50]]


def _unit(folder: Path, code: object, name: str, year: int | None = 2023) -> Path:
    info = [row for row in INFO_ROWS if row[0] not in ("Mã đơn vị", "Tên đơn vị", "Năm đánh giá")]
    info += [["Mã đơn vị", code], ["Tên đơn vị", name]]
    if year is not None:
        info.append(["Năm đánh giá", year])
    return plan_workbook(folder, TASKS, info=info, name=f"{name}.xlsx")


def _two_years(tmp_path: Path) -> Path:
    """Two units of the 2023 index and one of 2022."""
    inputs = tmp_path / "hop_thu"
    inputs.mkdir()
    _unit(inputs, "00101", "xa_a")
    _unit(inputs, "00102", "xa_b")
    _unit(inputs, "00103", "xa_c", year=2022)
    return inputs


def test_plans_of_two_assessment_years_are_never_ranked_together(tmp_path):
    inputs = _two_years(tmp_path)
    result = merge([inputs], tmp_path / "tong_hop.xlsx", as_of=AS_OF, jobs=1)
    assert result.assessed_year == 2023
    assert [(u.unit_code, u.rank) for u in result.units] == [("00101", 1), ("00102", 1)]
    rejected = {Path(i.path).name: (i.outcome, i.reason_text("vi")) for i in result.inputs if i.outcome != "merged"}
    assert rejected == {"xa_c.xlsx": (
        "rejected", "Sổ của năm đánh giá 2022; sổ tổng hợp này là của năm 2023 (mỗi sổ tổng hợp chỉ một năm "
                    "đánh giá, để xếp hạng không trộn các năm).")}
    assert result.exit_code == 1


def test_the_year_asked_for_wins_and_the_roster_counts_only_that_year(tmp_path):
    inputs = _two_years(tmp_path)
    roster = tmp_path / "danh_sach.csv"
    roster.write_text("Mã đơn vị,Tên đơn vị\n00101,xa_a\n00102,xa_b\n00103,xa_c\n", encoding="utf-8")
    result = merge([inputs], tmp_path / "tong_hop.xlsx", as_of=AS_OF, jobs=1, year=2022, roster=roster)
    assert [u.unit_code for u in result.units] == ["00103"]
    assert [e.code for e in result.roster_missing] == ["00101", "00102"]
    assert result.to_dict()["assessed_year"] == 2022


def test_a_unit_without_a_year_is_merged_with_a_note(tmp_path):
    inputs = tmp_path / "hop_thu"
    inputs.mkdir()
    _unit(inputs, "00101", "xa_a")
    _unit(inputs, "00102", "xa_b", year=None)
    result = merge([inputs], tmp_path / "tong_hop.xlsx", as_of=AS_OF, jobs=1)
    assert [u.unit_code for u in result.units] == ["00101", "00102"]
    assert [str(n) for n in result.units[1].notes] == ["Không ghi Năm đánh giá; coi như năm 2023."]


def test_roster_codes_saved_as_numbers_by_excel_match_five_digit_codes(tmp_path):
    inputs = tmp_path / "hop_thu"
    inputs.mkdir()
    _unit(inputs, "00472", "xa_phu_linh")
    _unit(inputs, 1843, "phuong_song_cau")  # typed as a number in the commune's own file
    roster = tmp_path / "danh_sach.xlsx"
    book = openpyxl.Workbook()
    for row in (["Mã đơn vị", "Tên đơn vị"], [472, "UBND xã Phù Linh"], [1843, "UBND phường Sông Cầu"],
                [26734, "UBND xã Chưa Nộp"]):
        book.active.append(row)
    book.save(roster)
    result = merge([inputs], tmp_path / "tong_hop.xlsx", as_of=AS_OF, jobs=1, roster=roster)
    assert [(e.code, e.name) for e in result.roster_missing] == [("26734", "UBND xã Chưa Nộp")]
    assert result.unlisted == []
    sheet = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx", read_only=True)["Chưa nộp"]
    assert [row[:3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]] == [
        ("Chưa nộp sổ", "26734", "UBND xã Chưa Nộp")]


def test_a_sheet_the_officer_added_survives_the_next_merge_and_the_old_file_is_backed_up(tmp_path):
    inputs = tmp_path / "hop_thu"
    inputs.mkdir()
    _unit(inputs, "00101", "xa_a")
    out = tmp_path / "tong_hop.xlsx"
    merge([inputs], out, as_of=AS_OF, jobs=1)
    book = openpyxl.load_workbook(out)  # the officer, in a spreadsheet program
    notes = book.create_sheet("Ghi chú của Sở")
    notes["A1"] = "Ý kiến lãnh đạo"
    notes["A2"] = "Đôn đốc xã A hoàn thành trước 15/10"
    notes["B2"] = dt.date(2024, 10, 15)
    notes["C3"] = 12.5
    notes.merge_cells("A1:C1")
    book["Tổng hợp"]["AZ1"] = "ghi chú trong trang của thư viện (không giữ)"
    book.save(out)
    _unit(inputs, "00102", "xa_b")
    merge([inputs], out, as_of=AS_OF, jobs=1)
    again = openpyxl.load_workbook(out)
    assert again.sheetnames[-2:] == ["Ghi chú của Sở", "cchc-sheets"]
    kept = again["Ghi chú của Sở"]
    assert [[c.value for c in row] for row in kept.iter_rows(min_row=1, max_row=3, max_col=3)] == [
        ["Ý kiến lãnh đạo", None, None], ["Đôn đốc xã A hoàn thành trước 15/10", dt.datetime(2024, 10, 15), None],
        [None, None, 12.5]]
    assert [str(r) for r in kept.merged_cells.ranges] == ["A1:C1"]
    assert len([r for r in again["Tổng hợp"].iter_rows(min_row=2, values_only=True)]) == 3  # 2 units + Cộng
    backups = sorted((tmp_path / ".cchc-backup").iterdir())
    assert len(backups) == 1 and "Ghi chú của Sở" in openpyxl.load_workbook(backups[0]).sheetnames
    merge([inputs], out, as_of=AS_OF, jobs=1)  # a third run keeps it again (the marker lists our sheets)
    assert openpyxl.load_workbook(out, read_only=True).sheetnames.count("Ghi chú của Sở") == 1


def test_an_output_that_is_not_xlsx_is_refused_before_anything_is_read(tmp_path):
    from cchc_sheets.core.errors import UsageError

    inputs = _two_years(tmp_path)
    try:
        merge([inputs], tmp_path / "out.csv", as_of=AS_OF, jobs=1)
    except UsageError as exc:
        assert exc.reason("vi") == ("Tệp kết quả " + str(tmp_path / "out.csv") + " phải có đuôi .xlsx "
                                    "(sổ tổng hợp là bảng tính Excel).")
        assert exc.exit_code == 2
    else:
        raise AssertionError("out.csv was accepted")
    assert not (tmp_path / "out.csv").exists()
