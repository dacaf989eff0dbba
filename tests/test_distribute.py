"""``distribute``: every unit of a scores table written or rejected, lost points exactly the table's."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cchc_sheets.check.report import FINDING_HEADERS
from cchc_sheets.cli import main
from cchc_sheets.core.errors import FileLocked
from cchc_sheets.cycle.distribute import REJECTED, WRITTEN, distribute, guess_level
from cchc_sheets.read.plan import read_plan
from cchc_sheets.read.scores import LONG, WIDE, criterion_code, read_scores, unit_code
from cchc_sheets.write.safe_write import unit_file_name
from tests.builders import workbook

CRITERIA = [
    ["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Phương thức đánh giá"],
    ["1", "Chỉ đạo điều hành", "PAR INDEX", 6, ""],
    ["1.1", "Kế hoạch CCHC", "PAR INDEX", 3, ""],
    ["1.1.1", "Ban hành kế hoạch", "PAR INDEX", 1, "Thẩm định"],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", "PAR INDEX", 2, "Thẩm định"],
    ["1.2", "Báo cáo định kỳ", "PAR INDEX", 3, "Tự đánh giá"],
    ["2", "Thủ tục hành chính", "PAR INDEX", 4, ""],
    ["2.1", "Công khai thủ tục hành chính", "PAR INDEX", 2, "Thẩm định"],
    ["2.2", "Giải quyết đúng hạn", "PAR INDEX", 2, "Thẩm định"],
]
MAX = {"1.1.1": 1.0, "1.1.2": 2.0, "1.2": 3.0, "2.1": 2.0, "2.2": 2.0}
LEAVES = list(MAX)
# header spellings a province uses: plain, «TC», Roman field numbers
WIDE_HEADERS = ["1.1.1", "TC 1.1.2", "I.2", "2.1", "II.2"]


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture
def criteria(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "bo_tieu_chi_2025.csv", CRITERIA)


def make_units(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Units with codes Excel would store as numbers (leading zeros lost) and varied scores."""
    rng = random.Random(seed)
    units = []
    for i in range(count):
        code = 100 + i * 37  # 3- and 4-digit numbers: the official codes are 00100, 00137 ...
        points = {c: rng.choice([MAX[c], MAX[c] / 2, 0.0, MAX[c] - 0.25]) for c in LEAVES}
        kind = ("xã", "phường", "đặc khu")[i % 3]
        units.append({"code": code, "name": f"UBND {kind} Thử Nghiệm Số {i}", "level": kind, "points": points})
    return units


def wide_rows(units: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = [["KẾT QUẢ CHỈ SỐ CCHC NĂM 2025 - UBND TỈNH LÂM ĐỒNG"],
                             ["STT", "Mã đơn vị", "Tên đơn vị", "Cấp", *WIDE_HEADERS, "Tổng điểm", "Xếp hạng"]]
    for i, unit in enumerate(units, start=1):
        points = [unit["points"][c] for c in LEAVES]
        rows.append([i, unit["code"], unit["name"], unit["level"], *points, sum(points), i])
    return rows


def long_rows(units: list[dict[str, Any]]) -> list[list[Any]]:
    rows: list[list[Any]] = [["Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Điểm đạt"]]
    for unit in units:
        rows += [[unit["code"], unit["name"], code, unit["points"][code]] for code in LEAVES]
    return rows


def expected_lost(unit: dict[str, Any]) -> dict[str, float]:
    return {code: round(MAX[code] - unit["points"][code], 4) for code in LEAVES}


def lost_by_reader(path: Path) -> dict[str, float]:
    plan = read_plan(path)
    return {c.code: round(c.lost_points, 4) for c in plan.leaves()}


def lost_by_openpyxl(path: Path) -> dict[str, float]:
    """Independently of the library: max − achieved from the cells, and the cached lost value."""
    sheet = openpyxl.load_workbook(path, data_only=True)["Tiêu chí"]
    header = [cell.value for cell in sheet[2]]
    at = {name: header.index(name) for name in ("Mã", "Điểm tối đa", "Điểm đạt", "Điểm bị mất")}
    out = {}
    for row in sheet.iter_rows(min_row=3, values_only=True):
        code = row[at["Mã"]]
        if code in MAX:
            lost = round(row[at["Điểm tối đa"]] - row[at["Điểm đạt"]], 4)
            assert round(row[at["Điểm bị mất"]], 4) == lost
            out[code] = lost
    return out


def test_wide_csv_of_20_units_every_workbook_has_the_tables_lost_points(tmp_path: Path, criteria: Path) -> None:
    units = make_units(20)
    scores = write_csv(tmp_path / "ket_qua.csv", wide_rows(units))
    result = distribute(scores, tmp_path / "out", criteria=criteria, jobs=2, as_of=dt.date(2026, 1, 15))
    assert result.shape == WIDE
    assert result.assessed_year == 2025  # read from the title row
    assert [u.outcome for u in result.units] == [WRITTEN] * 20
    assert result.exit_code == 0
    for unit, outcome in zip(units, result.units, strict=False):
        code = f"{unit['code']:05d}"
        assert outcome.code == code
        path = Path(outcome.file)
        assert path.name == unit_file_name(code, unit["name"])
        assert lost_by_reader(path) == expected_lost(unit)
        assert lost_by_openpyxl(path) == expected_lost(unit)
        assert outcome.lost_points == round(sum(expected_lost(unit).values()), 4)
    info = read_plan(Path(result.units[1].file)).info
    assert (info.unit_code, info.unit_name, info.unit_level) == ("00137", "UBND phường Thử Nghiệm Số 1", "phường")
    assert (info.assessed_year, info.plan_year, info.criteria_set) == (2025, 2026, "bo_tieu_chi_2025")
    assert info.parent_name == "Tỉnh Lâm Đồng"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(Path(u.file).name for u in result.units)


def test_long_xlsx_of_150_units_accounts_for_every_unit(tmp_path: Path, criteria: Path) -> None:
    units = make_units(150, seed=11)
    rows = long_rows(units)

    def set_point(unit: int, code: str, value: Any) -> None:
        for row in rows:
            if row[0] == units[unit]["code"] and row[2] == code:
                row[3] = value

    rows.append([units[3]["code"], units[3]["name"], "9.9", 1])  # unknown criterion code
    set_point(5, "2.1", 2.5)  # over the maximum
    set_point(7, "1.2", -1)  # negative, and not a penalty
    set_point(9, "1.2", "ba điểm")  # not a number
    rows.append([units[11]["code"], units[11]["name"], "I.2", 0.125])  # 1.2 again, different points
    clash_row = len(rows)
    rows.append([None, "UBND xã Không Mã", "1.2", 1])  # no code
    nameless_row = len(rows)
    rows = [r for r in rows if not (r[0] == units[20]["code"] and r[2] == "2.2")]  # a criterion missing
    clash_row, nameless_row = clash_row - 1, nameless_row - 1  # the removed row was above both
    path = workbook(tmp_path, {"Điểm": rows}, name="diem_2025.xlsx")
    result = distribute(path, tmp_path / "out", criteria=criteria, assessed_year=2025, jobs=2,
                        as_of=dt.date(2026, 1, 15))
    assert result.shape == LONG
    assert len(result.units) == 151
    reasons = {u.code or u.name: u.reason.render("en") for u in result.units if u.outcome == REJECTED}
    code = {i: f"{units[i]['code']:05d}" for i in (3, 5, 7, 9, 11)}
    assert reasons == {
        code[3]: "criterion code(s) 9.9 are not in the criteria set bo_tieu_chi_2025.",
        code[5]: "the achieved points 2,5 of criterion 2.1 exceed the maximum 2.",
        code[7]: "the achieved points -1 of criterion 1.2 are negative (only penalties may be).",
        "UBND xã Không Mã": f"row {nameless_row}: unit 'UBND xã Không Mã' has no code.",
        code[9]: "the points 'ba điểm' of criterion 1.2 are not a number.",
        code[11]: f"criterion 1.2 is given twice with different points (row {clash_row}).",
    }
    written = [u for u in result.units if u.outcome == WRITTEN]
    assert len(written) == 145
    assert result.exit_code == 1
    by_code = {f"{u['code']:05d}": u for u in units}
    for outcome in written:
        want = expected_lost(by_code[outcome.code])
        if outcome.code == f"{units[20]['code']:05d}":
            assert outcome.missing == ["2.2"]
            want["2.2"] = 0.0  # no score, nothing lost: a finding in the workbook instead
            plan = read_plan(Path(outcome.file))
            assert [c.achieved_points for c in plan.leaves() if c.code == "2.2"] == [None]
            book = openpyxl.load_workbook(outcome.file, read_only=True)
            rows = [dict(zip(FINDING_HEADERS, r, strict=False)) for r in book["Kiểm tra"].iter_rows(values_only=True)]
            findings = [r for r in rows if r["Mã lỗi"] == "CRIT-ACHIEVED-MISSING"]
            assert [(r["Trang"], r["Nội dung"]) for r in findings] == [("Tiêu chí", "Tiêu chí 2.2 chưa có điểm đạt.")]
            continue
        assert outcome.missing == []
        assert lost_by_reader(Path(outcome.file)) == want
        assert lost_by_openpyxl(Path(outcome.file)) == want
    assert len(list((tmp_path / "out").iterdir())) == 145


def test_duplicate_units_are_all_rejected_and_roster_gaps_listed(tmp_path: Path, criteria: Path) -> None:
    units = make_units(4)
    rows = wide_rows(units)
    rows.append([5, units[1]["code"], units[1]["name"] + " (bản 2)", "xã", 1, 2, 3, 2, 2, 10, 5])
    scores = write_csv(tmp_path / "diem.csv", rows)
    roster = write_csv(tmp_path / "ds.csv", [["Mã ĐVHC", "Tên đơn vị"], *[[u["code"], u["name"]] for u in units],
                                            ["99999", "UBND xã Chưa Chấm"]])
    result = distribute(scores, tmp_path / "out", criteria=criteria, roster=roster, jobs=1)
    assert [(u.row, u.outcome) for u in result.units] == [
        (3, WRITTEN), (4, REJECTED), (5, WRITTEN), (6, WRITTEN), (7, REJECTED)]
    assert result.units[1].reason.render("vi") == "mã đơn vị 00137 có ở nhiều dòng (4, 7); không biết dòng nào đúng."
    assert [(e.code, e.name) for e in result.roster_missing] == [("99999", "UBND xã Chưa Chấm")]
    assert result.unlisted == []
    assert result.exit_code == 1


def test_an_existing_workbook_is_kept_without_force_and_a_symlink_never_followed(tmp_path: Path,
                                                                                 criteria: Path) -> None:
    units = make_units(2)
    scores = write_csv(tmp_path / "diem.csv", wide_rows(units))
    out = tmp_path / "out"
    out.mkdir()
    first = out / unit_file_name("00100", units[0]["name"])
    first.write_bytes(b"the clerk's own file")
    elsewhere = tmp_path / "elsewhere.xlsx"
    elsewhere.write_bytes(b"not to be touched")
    (out / unit_file_name("00137", units[1]["name"])).symlink_to(elsewhere)
    result = distribute(scores, out, criteria=criteria, jobs=1)
    assert [u.outcome for u in result.units] == [REJECTED, REJECTED]
    assert result.units[0].reason.render("en") == f"{first.name} already exists; use --force to overwrite."
    assert result.units[1].reason.render("en") == FileLocked("write.symlink").reason("en")
    assert first.read_bytes() == b"the clerk's own file"
    assert elsewhere.read_bytes() == b"not to be touched"
    again = distribute(scores, out, criteria=criteria, jobs=1, force=True)
    assert [u.outcome for u in again.units] == [WRITTEN, REJECTED]
    assert elsewhere.read_bytes() == b"not to be touched"


def test_merge_of_fresh_workbooks_reports_every_lost_criterion_uncovered(tmp_path: Path, criteria: Path) -> None:
    from cchc_sheets.consolidate.merge import merge
    from cchc_sheets.consolidate.workbook import LOST_UNCOVERED

    units = make_units(6, seed=3)
    scores = write_csv(tmp_path / "diem.csv", wide_rows(units))
    distribute(scores, tmp_path / "out", criteria=criteria, jobs=1)
    merged = merge([tmp_path / "out"], tmp_path / "tong_hop.xlsx", as_of=dt.date(2026, 2, 1), jobs=1)
    assert len(merged.units) == 6
    by_code = {f"{u['code']:05d}": u for u in units}
    for record in merged.units:
        lost = {code: points for code, points in expected_lost(by_code[record.unit_code]).items() if points > 0}
        assert record.lost == {code: (points, LOST_UNCOVERED) for code, points in lost.items()}
        assert (record.coverage["lost"], record.coverage["covered"]) == (len(lost), 0)


def test_cli_json_lists_every_unit_and_only_json_on_stdout(tmp_path: Path, criteria: Path) -> None:
    units = make_units(3)
    rows = wide_rows(units)
    rows.append([4, None, "UBND xã Vô Danh", "xã", 1, 1, 1, 1, 1, 5, 4])
    scores = write_csv(tmp_path / "diem.csv", rows)
    run = CliRunner().invoke(main, ["distribute", str(scores), "-o", str(tmp_path / "out"), "--criteria",
                                    str(criteria), "--format", "json", "--jobs", "1"])
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    assert data["counts"] == {"written": 3, "rejected": 1}
    assert [(u["unit_code"], u["outcome"]) for u in data["units"]] == [
        ("00100", "written"), ("00137", "written"), ("00174", "written"), (None, "rejected")]
    assert data["units"][3]["reason"] == "dòng 6: đơn vị «UBND xã Vô Danh» chưa có mã đơn vị."


def test_cli_table_and_usage_errors(tmp_path: Path, criteria: Path) -> None:
    scores = write_csv(tmp_path / "diem.csv", wide_rows(make_units(2)))
    run = CliRunner().invoke(main, ["distribute", str(scores), "-o", str(tmp_path / "out"), "--criteria",
                                    str(criteria), "--silent", "--jobs", "1"])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[1] == "Đã lập: 2; bị từ chối: 0"
    bad = write_csv(tmp_path / "bad.csv", [["Họ tên", "Điểm"], ["A", 1]])
    run = CliRunner().invoke(main, ["distribute", str(bad), "-o", str(tmp_path / "out2"), "--criteria", str(criteria)])
    assert run.exit_code == 2
    assert "Traceback" not in run.output
    assert run.stderr.strip().startswith(f"{bad}: Không đọc được bảng điểm: cần cột «Mã đơn vị»")
    afile = tmp_path / "a_file"
    afile.write_text("x")
    run = CliRunner().invoke(main, ["distribute", str(scores), "-o", str(afile), "--criteria", str(criteria)])
    assert run.exit_code == 2


def test_scores_reader_codes(tmp_path: Path) -> None:
    assert [unit_code(v) for v in (472, 472.0, "472", "00472", "SNV-01", None, " ")] == [
        "00472", "00472", "00472", "00472", "SNV-01", None, None]
    assert [criterion_code(v) for v in ("1.1.2", "TC 1.1.2", "I.2.1", "II", 2.1, "Tiêu chí 3.2", "2025",
                                        "Tổng điểm", "STT", 1.0, "1.1.2.A", "1.01")] == [
        "1.1.2", "1.1.2", "1.2.1", "2", "2.1", "3.2", None, None, None, "1", "1.1.2.a", "1.1"]
    path = workbook(tmp_path, {"Sheet1": [["Mã đơn vị", "Tên đơn vị", 1.1, "TC 1.2"], [472, "UBND xã A", 1, "1,5"]]})
    table = read_scores(path)
    assert (table.shape, table.codes) == (WIDE, ["1.1", "1.2"])
    assert [(u.code, u.points) for u in table.units] == [("00472", {"1.1": 1, "1.2": "1,5"})]


@pytest.mark.parametrize(("parts", "expected"), [
    (("00472", "UBND xã Phù Linh"), "00472_UBND_xa_Phu_Linh.xlsx"),
    (("26734", "Đặc khu Côn Đảo"), "26734_Dac_khu_Con_Dao.xlsx"),
    (("1", "../../etc/passwd"), "1_etc_passwd.xlsx"),
    (("a/b\\c", 'x:y*z?"<>|'), "a_b_c_x_y_z.xlsx"),
    (("CON",), "_CON.xlsx"),
    (("nul",), "_nul.xlsx"),
    (("",), "so_theo_doi.xlsx"),
    (("12345", "Phường " * 40), ("12345_" + "_".join(["Phuong"] * 40))[:115] + ".xlsx"),
])
def test_file_names_are_safe_everywhere(parts: tuple[str, ...], expected: str) -> None:
    assert unit_file_name(*parts) == expected


def test_level_from_name() -> None:
    assert [guess_level(n) for n in ("UBND xã Phù Linh", "UBND Phường 2", "Đặc khu Côn Đảo", "Thị trấn Tân Lập",
                                     "Sở Nội vụ", None)] == ["xã", "phường", "đặc khu", "thị trấn", None, None]


CRITERIA_2025 = [
    ["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Phương thức đánh giá"],
    ["I", "Công tác chỉ đạo, điều hành CCHC", "PAR INDEX", 10, ""],
    ["I.1", "Kế hoạch CCHC", "PAR INDEX", 6, ""],
    ["I.1.a", "Ban hành kế hoạch", "PAR INDEX", 3, "Thẩm định"],
    ["I.1.b", "Thực hiện kế hoạch", "PAR INDEX", 3, "Thẩm định"],
    ["I.2", "Kiểm tra CCHC", "PAR INDEX", 4, "Thẩm định"],
    ["III", "Điểm thưởng, điểm trừ", "PAR INDEX", None, ""],
    ["III.1", "Điểm thưởng: sáng kiến CCHC được công nhận", "PAR INDEX", 3, "Thẩm định"],
    ["III.2", "Bị trừ điểm do chậm báo cáo định kỳ", "PAR INDEX", 2, "Thẩm định"],
]


def test_criteria_sets_of_2025_bonus_penalty_not_applicable_and_letter_codes(tmp_path: Path) -> None:
    crit = write_csv(tmp_path / "ha_noi_2025.csv", CRITERIA_2025)
    header = ["Mã đơn vị", "Tên đơn vị", "I.1.a", "TC I.1.b", "I.2", "III.1", "III.2"]
    rows = [header,
            ["01001", "UBND phường A", 3, 2, "Không phát sinh", 1, -1.5],
            ["01002", "UBND phường B", 3, 3, 4, 0, 1],  # a penalty above zero
            ["01003", "UBND phường C", 3, 3, 4, 0, -3],  # a deduction beyond its cap
            ["01004", "UBND phường D", 3, 3, -1, 0, 0],  # a base score below zero
            ["01005", "UBND phường E", 3, 3, 4, 4, 0]]  # a bonus above its maximum
    result = distribute(write_csv(tmp_path / "diem.csv", rows), tmp_path / "out", criteria=crit, jobs=1)
    assert [(u.code, u.reason.render("vi") if u.reason else None) for u in result.units] == [
        ("01001", None),
        ("01002", "điểm trừ 1 của tiêu chí 3.2 phải từ −2 đến 0."),
        ("01003", "điểm trừ -3 của tiêu chí 3.2 phải từ −2 đến 0."),
        ("01004", "điểm đạt -1 của tiêu chí 1.2 là số âm (chỉ điểm trừ mới được âm)."),
        ("01005", "điểm đạt 4 của tiêu chí 3.1 lớn hơn điểm tối đa 3."),
    ]
    written = result.units[0]
    assert (written.missing, written.lost_points) == ([], 2.5)  # 1.1.b lost 1, the penalty 1.5
    plan = read_plan(Path(written.file))
    assert {c.code: (c.points_kind, c.not_applicable, c.lost_points) for c in plan.leaves()} == {
        "1.1.a": ("base", False, 0.0), "1.1.b": ("base", False, 1.0), "1.2": ("base", True, 0.0),
        "3.1": ("bonus", False, 0.0), "3.2": ("penalty", False, 1.5)}
    book = openpyxl.load_workbook(written.file, read_only=True)
    codes = [r[FINDING_HEADERS.index("Mã lỗi")] for r in book["Kiểm tra"].iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["COVERAGE-LOST-NO-TASK", "COVERAGE-LOST-NO-TASK"]


def test_parent_scores_must_add_up_and_a_blank_code_is_named(tmp_path: Path, criteria: Path) -> None:
    header = ["Mã đơn vị", "Tên đơn vị", "1.1", "1.1.1", "1.1.2", "1.2", "2.1", "2.2"]
    rows = [header,
            ["00001", "UBND xã Một", 2.5, 1, 1.5, 3, 2, 2],  # 1.1 = 1 + 1.5: fine
            ["00002", "UBND xã Hai", 3, 1, 1.5, 3, 2, 2]]  # 1.1 given as 3, children add up to 2.5
    result = distribute(write_csv(tmp_path / "diem.csv", rows), tmp_path / "out", criteria=criteria, jobs=1)
    assert [u.outcome for u in result.units] == [WRITTEN, REJECTED]
    assert result.units[1].reason.render("vi") == "điểm của 1.1 là 3 nhưng các tiêu chí con cộng lại được 2,5."
    long = [["Mã đơn vị", "Mã tiêu chí", "Điểm đạt"], ["00003", "1.2", 3], ["00003", None, 1]]
    result = distribute(write_csv(tmp_path / "dai.csv", long), tmp_path / "out2", criteria=criteria, jobs=1)
    assert result.units[0].reason.render("vi") == ("mã tiêu chí (trống, dòng 3) không có trong bộ tiêu chí "
                                                   "bo_tieu_chi_2025.")


def test_codes_excel_turned_into_numbers_keep_their_trailing_zero(tmp_path: Path) -> None:
    rows = [["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Phương thức đánh giá"],
            ["1", "Lĩnh vực một", "PAR INDEX", 10, ""],
            *[[f"1.{i}", f"Tiêu chí 1.{i}", "PAR INDEX", 1, "Thẩm định"] for i in range(1, 11)],
            ["2", "Lĩnh vực hai", "PAR INDEX", 2, ""], ["2.10", "Tiêu chí 2.10", "PAR INDEX", 2, "Thẩm định"]]
    crit = write_csv(tmp_path / "bo.csv", rows)
    header = ["Mã đơn vị", "Tên đơn vị", *[float(f"1.{i}") for i in range(1, 11)], 2.1]  # 1.10 and 2.10 as numbers
    path = workbook(tmp_path, {"Điểm": [header, ["00001", "UBND xã A", *[1] * 9, 0, 1.5]]}, name="diem.xlsx")
    assert read_scores(path).codes == [*[f"1.{i}" for i in range(1, 10)], "1.10", "2.1"]
    result = distribute(path, tmp_path / "out", criteria=crit, jobs=1)
    assert result.units[0].outcome == WRITTEN
    assert {c.code: c.lost_points for c in read_plan(Path(result.units[0].file)).leaves() if c.lost_points} == {
        "1.10": 1.0, "2.10": 0.5}
