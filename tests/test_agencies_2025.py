"""Agencies by era: the commune bodies of 2025 joined across their spellings and kept apart from
each other, legacy titles read as themselves with the body that now does their work, and bare
«Văn phòng» as the office of the plan's era."""

from __future__ import annotations

import json
from itertools import combinations

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.compute.agencies import AgencyDirectory, AgencyMatch, directory_for
from tests.agency_spellings_2025 import SPELLINGS_2025

MODERN = AgencyDirectory(year=2026)
LEGACY = AgencyDirectory(year=2024)


def _pairs() -> tuple[int, int]:
    joined = total = 0
    for spellings in SPELLINGS_2025.values():
        for a, b in combinations([MODERN.resolve(s).canonical for s in spellings], 2):
            total += 1
            joined += a is not None and a == b
    return joined, total


def test_at_least_nine_in_ten_same_body_pairs_are_joined():
    joined, total = _pairs()
    assert (joined, total) == (938, 938)


def test_no_two_bodies_are_merged():
    merged = [(body, s, MODERN.resolve(s).canonical) for body, spellings in SPELLINGS_2025.items()
              for s in spellings if MODERN.resolve(s).canonical not in (body, None)]
    assert merged == []


@pytest.mark.parametrize(("typed", "canonical"), [
    ("Ban Văn hóa – Xã hội HĐND", "Ban Văn hóa – Xã hội HĐND"),
    ("Phòng Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội"),
    ("Ban Kinh tế – Ngân sách", "Ban Kinh tế – Ngân sách HĐND"),
    ("Phòng Kinh tế", "Phòng Kinh tế"),
    ("Văn phòng Đảng ủy", "Văn phòng Đảng ủy"),
    ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"),
])
def test_a_ban_of_the_hdnd_or_a_provincial_body_is_not_the_commune_body_of_the_same_name(typed, canonical):
    assert MODERN.resolve(typed).canonical == canonical


@pytest.mark.parametrize(("typed", "canonical", "now"), [
    ("Văn phòng – Thống kê", "Văn phòng – Thống kê", "Văn phòng HĐND và UBND"),
    ("Công chức VP-TK", "Văn phòng – Thống kê", "Văn phòng HĐND và UBND"),
    ("Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch", "Văn phòng HĐND và UBND"),
    ("Công chức Văn hóa - Xã hội", "Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội"),
    ("Văn hóa – Thông tin", "Văn hóa – Thông tin", "Phòng Văn hóa – Xã hội"),
    ("Địa chính – Xây dựng", "Địa chính – Xây dựng", "Phòng Kinh tế"),
    ("Tài chính – Kế toán", "Tài chính – Kế toán", "Phòng Kinh tế"),
    ("Bộ phận một cửa", "Bộ phận tiếp nhận và trả kết quả", "Trung tâm Phục vụ hành chính công"),
    ("Phòng Nội vụ huyện", "Phòng Nội vụ", "Sở Nội vụ"),
])
def test_a_legacy_title_in_a_2026_plan_is_kept_with_the_body_doing_its_work_now(typed, canonical, now):
    match = MODERN.resolve(typed)
    assert (match.canonical, match.suggestion, match.now) == (canonical, None, now)


def test_in_a_ward_land_and_finance_went_to_the_urban_economy_office():
    ward = directory_for(year=2026, level="Phường")
    assert ward.resolve("Địa chính – Xây dựng").now == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert ward.resolve("Văn phòng – Thống kê").now == "Văn phòng HĐND và UBND"


@pytest.mark.parametrize("typed", ["Phòng Văn hóa - Xã hội", "Phòng Văn hoá Xã hội", "phòng văn hóa – xã hội"])
def test_a_2026_body_is_never_corrected_to_a_legacy_title(typed):
    assert MODERN.resolve(typed) == AgencyMatch(MODERN.resolve(typed).typed, "Phòng Văn hóa – Xã hội", None, 100.0)


def test_a_near_miss_in_2026_suggests_a_body_of_2026():
    match = MODERN.resolve("Văn phòng Thống kêe")
    assert (match.canonical, match.suggestion) == (None, None)
    assert MODERN.resolve("Phòng Văn hóa Xã hộii").suggestion == "Phòng Văn hóa – Xã hội"


@pytest.mark.parametrize(("typed", "legacy", "modern"), [
    ("Văn phòng", "Văn phòng – Thống kê", "Văn phòng HĐND và UBND"),
    ("Văn phòng UBND", "Văn phòng – Thống kê", "Văn phòng HĐND và UBND"),
    ("Văn phòng UBND xã", "Văn phòng – Thống kê", "Văn phòng HĐND và UBND"),
])
def test_bare_office_is_the_office_of_the_plans_era(typed, legacy, modern):
    assert (LEGACY.resolve(typed).canonical, MODERN.resolve(typed).canonical) == (legacy, modern)
    assert (LEGACY.resolve(typed).now, MODERN.resolve(typed).now) == (None, None)


def test_legacy_plans_read_legacy_titles_as_themselves():
    match = LEGACY.resolve("Văn hóa – Xã hội")
    assert (match.canonical, match.suggestion, match.now) == ("Văn hóa – Xã hội", None, None)


def test_a_cell_naming_several_bodies():
    names = [m.name for m in MODERN.resolve_cell("Văn phòng HĐND và UBND; Công an xã\n- UBMTTQVN xã")]
    assert names == ["Văn phòng HĐND và UBND", "Công an xã", "Ủy ban MTTQ Việt Nam"]


def _agency(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["agency", *args])
    return result.exit_code, result.output


def test_agency_command_json_one_body():
    code, out = _agency("Trưởng phòng Văn hóa - Xã hội", "--year", "2026", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "text": "Trưởng phòng Văn hóa - Xã hội", "year": 2026, "canonical": "Phòng Văn hóa – Xã hội",
        "suggestion": None, "now": None,
        "parts": [{"text": "Trưởng phòng Văn hóa - Xã hội", "canonical": "Phòng Văn hóa – Xã hội",
                   "suggestion": None, "now": None}]}


def test_agency_command_json_legacy_and_several():
    code, out = _agency("VP-TK; Phòng Kinh tế", "--year", "2026", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "text": "VP-TK; Phòng Kinh tế", "year": 2026, "canonical": None, "suggestion": None, "now": None,
        "parts": [{"text": "VP-TK", "canonical": "Văn phòng – Thống kê", "suggestion": None,
                   "now": "Văn phòng HĐND và UBND"},
                  {"text": "Phòng Kinh tế", "canonical": "Phòng Kinh tế", "suggestion": None, "now": None}]}


def test_agency_command_table():
    code, out = _agency("Công chức Văn phòng - Thống kê", "--year", "2026")
    assert code == 0
    assert out.splitlines() == [
        "Ô ghi            : Công chức Văn phòng - Thống kê",
        "Năm kế hoạch     : 2026",
        "Cơ quan          : Văn phòng – Thống kê",
        "Nay là           : Văn phòng HĐND và UBND (chức danh trước 7/2025; giữ nguyên như đã ghi)",
    ]


def test_check_names_the_body_doing_a_legacy_titles_work_in_a_2026_plan(tmp_path):
    import datetime as dt

    from cchc_sheets.check.run import check_file
    from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook

    info = [row for row in INFO_ROWS if row[0] not in ("Năm đánh giá", "Năm kế hoạch", "Ngày ban hành")]
    info += [["Năm đánh giá", 2025], ["Năm kế hoạch", 2026], ["Cấp", "phường"]]
    tasks = [TASK_HEADER,
             ["1", "1.2", "Tuyên truyền CCHC", "Công chức Địa chính - Xây dựng", None, "Quý II/2026", "Đang thực hiện",
              50],
             ["2", "2.1", "Khảo sát hài lòng", "Trung tâm PVHCC", None, "Quý III/2026", "Chưa thực hiện", 0]]
    path = plan_workbook(tmp_path, tasks, criteria=CRITERIA_ROWS, info=info)
    _, report = check_file(path, dt.date(2026, 5, 1), raise_unexpected=True)
    found = [(f.code, f.cell, f.args.get("now")) for f in report.findings if f.code.startswith("TASK-LEAD")]
    assert found == [("TASK-LEAD-LEGACY", "D2", "Phòng Kinh tế, Hạ tầng và Đô thị")]
