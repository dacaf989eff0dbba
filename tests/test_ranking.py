"""Ranking as provinces do it: within groups (phường apart from xã + đặc khu), «k/n», and bands
whose thresholds come from the province's file, never from the code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.compute.ranking import Band, RankingRules, load_rules, place, rules_from
from cchc_sheets.consolidate.merge import merge
from cchc_sheets.core.errors import UsageError
from cchc_sheets.job.nightly import load_config, run_job
from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook

ROOT = Path(__file__).resolve().parents[1]
HAI_PHONG = rules_from({"groups": {"Phường": ["phường"], "Xã, đặc khu": ["xã", "Đặc khu"]},
                        "bands": [{"name": "Tốt", "from": 80}, {"name": "Xuất sắc", "from": 93},
                                  {"name": "Khá", "from": 65}]})


def test_bands_are_sorted_and_levels_folded():
    assert HAI_PHONG == RankingRules((("Phường", ("phuong",)), ("Xã, đặc khu", ("xa", "dac khu"))),
                                     (Band("Xuất sắc", 93.0), Band("Tốt", 80.0), Band("Khá", 65.0)))


def test_ranks_within_groups_with_ties():
    units = [("phường", 90.0), ("xã", 95.0), ("PHƯỜNG", 90.0), ("đặc khu", 99.0), ("phường", 60.0), ("xã", None)]
    placings = place(units, HAI_PHONG, percent=lambda u: u[1], level=lambda u: u[0])
    assert [(p.group, p.rank_text, p.band) for p in placings] == [
        ("Phường", "1/3", "Tốt"), ("Xã, đặc khu", "2/2", "Xuất sắc"), ("Phường", "1/3", "Tốt"),
        ("Xã, đặc khu", "1/2", "Xuất sắc"), ("Phường", "3/3", None), ("Xã, đặc khu", None, None)]


def test_roster_group_wins_and_unknown_levels_stand_apart():
    units = [("phường", 80.0, "Nhóm A"), ("sở", 70.0, None), ("xã", 75.0, None)]
    placings = place(units, HAI_PHONG, percent=lambda u: u[1], level=lambda u: u[0], roster_group=lambda u: u[2])
    assert [(p.group, p.rank_text) for p in placings] == [("Nhóm A", "1/1"), ("sở", "1/1"), ("Xã, đặc khu", "1/1")]


def test_without_rules_one_group_and_no_band():
    placings = place([80.0, 90.0], RankingRules(), percent=lambda u: u, level=lambda u: "xã")
    assert [(p.group, p.rank_text, p.band) for p in placings] == [("", "2/2", None), ("", "1/2", None)]


@pytest.mark.parametrize("text", ["[[bands]]\nname = 'Tốt'\n", "[[bands]]\nname = 'Tốt'\nfrom = 'tám mươi'\n",
                                  "[groups]\nPhường = 'phường'\n", "bands = ["])
def test_a_bad_ranking_file_is_a_usage_error(tmp_path, text):
    path = tmp_path / "xep_hang.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError):
        load_rules(path)


def test_the_example_file_reads():
    rules = load_rules(ROOT / "scripts" / "ranking.example.toml")
    assert [b.name for b in rules.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert rules.group_of("Đặc khu") == "Xã, đặc khu"


def _unit(folder: Path, code: str, level: str, achieved: float) -> None:
    info = [row for row in INFO_ROWS if row[0] not in ("Mã đơn vị", "Tên đơn vị")]
    info += [["Mã đơn vị", code], ["Tên đơn vị", f"UBND {level} {code}"], ["Cấp", level]]
    criteria = [list(row) for row in CRITERIA_ROWS]
    criteria[3][4] = achieved  # 1.2: max 2; the unit scores 2 + achieved + 1.5 of 6
    tasks = [TASK_HEADER, [1, "1.2", "Tuyên truyền", "Văn phòng HĐND và UBND", None, "Quý II/2024", "Đang thực hiện",
                           50]]
    plan_workbook(folder, tasks, criteria=criteria, info=info, name=f"{code}.xlsx")


def _two_phuong_two_xa(tmp_path: Path) -> tuple[Path, Path]:
    """An inbox of two phường and a xã and an đặc khu, and a ranking file grouping them Hải Phòng's way."""
    folder = tmp_path / "hop_thu"
    folder.mkdir()
    for code, level, achieved in (("1", "phường", 2), ("2", "phường", 1), ("3", "xã", 0), ("4", "đặc khu", 2)):
        _unit(folder, code, level, achieved)
    ranking = tmp_path / "xep_hang.toml"
    ranking.write_text("[groups]\n'Phường' = ['phường']\n'Xã, đặc khu' = ['xã', 'đặc khu']\n"
                       "[[bands]]\nname = 'Tốt'\nfrom = 90\n[[bands]]\nname = 'Khá'\nfrom = 70\n", encoding="utf-8")
    return folder, ranking


def _summary_placings(out: Path) -> list[tuple[object, ...]]:
    """Code, group, rank and band of each unit as the «Tổng hợp» sheet shows them."""
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["Tổng hợp"].iter_rows(values_only=True))
    book.close()
    head = list(rows[0])
    return [tuple(row[head.index(h)] for h in ("Mã đơn vị", "Nhóm", "Xếp hạng", "Xếp loại")) for row in rows[1:-1]]


# «Tổng hợp» lists units by need (consolidate/need.py), not by code or rank: every unit has its one
# task on 1.2 overdue and no uncovered criterion, so the remedy rate decides (00002 and 00003 have
# not remedied 1.2; 00001 and 00004 lost nothing there), then the code.
PLACINGS = [("00002", "Phường", "2/2", "Khá"), ("00003", "Xã, đặc khu", "2/2", None),
            ("00001", "Phường", "1/2", "Tốt"), ("00004", "Xã, đặc khu", "1/2", "Tốt")]


def test_merge_shows_group_rank_and_band(tmp_path):
    folder, ranking = _two_phuong_two_xa(tmp_path)
    out = tmp_path / "tong_hop.xlsx"
    result = merge([folder], out, as_of=dt.date(2024, 9, 30), jobs=1, ranking=ranking)
    # percents: 5.5/6 = 91.67, 4.5/6 = 75, 3.5/6 = 58.33, 5.5/6 = 91.67
    got = [(u["unit_code"], u["percent"], u["group"], u["rank_text"], u["band"]) for u in result.to_dict()["units"]]
    # codes are padded to the five digits of the official list (merge.unit_code_key)
    assert got == [("00001", 91.67, "Phường", "1/2", "Tốt"), ("00002", 75.0, "Phường", "2/2", "Khá"),
                   ("00003", 58.33, "Xã, đặc khu", "2/2", None), ("00004", 91.67, "Xã, đặc khu", "1/2", "Tốt")]
    assert _summary_placings(out) == PLACINGS


def test_the_nightly_job_ranks_with_the_configured_ranking_file(tmp_path):
    folder, ranking = _two_phuong_two_xa(tmp_path)
    config = tmp_path / "job.toml"
    config.write_text('inbox = "hop_thu"\noutput = "kq/tong_hop.xlsx"\nhistory = "kq/lich_su.sqlite"\n'
                      'ranking = "xep_hang.toml"\nas_of = 2024-09-30\nsettle_seconds = 0\nrecheck_seconds = 0\n'
                      'jobs = 1\n', encoding="utf-8")
    loaded = load_config(config)
    assert loaded.ranking == ranking and [b.name for b in loaded.rules.bands] == ["Tốt", "Khá"]
    summary = run_job(loaded, echo=lambda line: None)
    assert summary.exit_code == 0 and len(summary.result.units) == 4
    assert _summary_placings(tmp_path / "kq" / "tong_hop.xlsx") == PLACINGS


@pytest.mark.parametrize("target, sentence", [
    ("khong_co.toml", "{config}: Không có tệp xếp hạng {file} (khóa «ranking»)."),
    ("thu_muc", "{config}: Không có tệp xếp hạng {file} (khóa «ranking»)."),
    ("hong.toml", "{file}: Tệp xếp hạng: mỗi mức xếp loại cần «name» (chữ) và «from» (số phần trăm từ 0 đến 200)."),
])
def test_a_bad_ranking_key_stops_the_job_with_exit_2_and_one_sentence(tmp_path, target, sentence):
    (tmp_path / "hop_thu").mkdir()
    (tmp_path / "thu_muc").mkdir()
    (tmp_path / "hong.toml").write_text("[[bands]]\nname = 'Tốt'\nfrom = 'tám mươi'\n", encoding="utf-8")
    config = tmp_path / "job.toml"
    config.write_text(f'inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "h.sqlite"\nranking = "{target}"\n',
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["job", str(config)])
    assert (result.exit_code, result.output) == (2, sentence.format(config=config, file=tmp_path / target) + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hong.toml", "hop_thu", "job.toml", "thu_muc"]


def test_a_province_of_2026_carried_to_the_level_above_keeps_scores_groups_and_bands(tmp_path):
    """Penalties and criteria that do not arise survive the consolidated workbook's read-back."""
    examples = ROOT / "workbook_templates" / "examples_2026"
    ranking = ROOT / "scripts" / "ranking.example.toml"
    first = merge([examples], tmp_path / "tinh.xlsx", as_of=dt.date(2026, 9, 30), jobs=1, ranking=ranking)
    again = merge([tmp_path / "tinh.xlsx"], tmp_path / "lai.xlsx", as_of=dt.date(2026, 9, 30), jobs=1,
                  ranking=ranking)
    keys = ("unit_code", "score", "percent", "group", "rank_text", "band")
    expected = [tuple(u[k] for k in keys) for u in first.to_dict()["units"]]
    assert [tuple(u[k] for k in keys) for u in again.to_dict()["units"]] == expected
    assert expected == [("99201", 91.6, 91.6, "Phường", "2/2", "Xuất sắc"),
                        ("99202", 89.4, 92.16, "Phường", "1/2", "Xuất sắc"),
                        ("99203", 78.9, 78.9, "Xã, đặc khu", "3/3", "Khá"),
                        ("99204", 94.4, 94.4, "Xã, đặc khu", "1/3", "Xuất sắc"),
                        ("99205", 82.4, 84.95, "Xã, đặc khu", "2/3", "Tốt")]


def _need_unit(folder: Path, code: str, achieved_11: float, task: list[object] | None) -> None:
    """A unit losing 1.2 (and 1.1 unless *achieved_11* is its maximum 2), with *task* on 1.2 or none."""
    info = [row for row in INFO_ROWS if row[0] not in ("Mã đơn vị", "Tên đơn vị")]
    info += [["Mã đơn vị", code], ["Tên đơn vị", f"UBND xã {code}"], ["Cấp", "xã"]]
    criteria = [list(row) for row in CRITERIA_ROWS]
    criteria[2][4] = achieved_11
    tasks = [TASK_HEADER, *([[1, "1.2", "Tuyên truyền", "Văn phòng HĐND và UBND", None, *task]] if task else [])]
    plan_workbook(folder, tasks, criteria=criteria, info=info, name=f"{code}.xlsx")


def _rows(out: Path, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def test_summary_lists_units_most_need_first_and_the_brief_agrees(tmp_path):
    """Most lost criteria without a task first, then most overdue tasks; the codes run the other
    way so that code order would fail. «Báo cáo nhanh» names the same units in the same order."""
    folder = tmp_path / "hop_thu"
    folder.mkdir()
    _need_unit(folder, "1", 2, ["Quý II/2024", "Hoàn thành", 100, dt.date(2024, 6, 1), "QĐ 1"])
    _need_unit(folder, "2", 2, ["Quý II/2024", "Đang thực hiện", 50])  # overdue at 30/09/2024
    _need_unit(folder, "3", 2, None)  # 1.2 lost, no task
    _need_unit(folder, "4", 1, None)  # 1.1 and 1.2 lost, no task
    out = tmp_path / "tong_hop.xlsx"
    result = merge([folder], out, as_of=dt.date(2024, 9, 30), jobs=1)
    assert [u.unit_code for u in result.units] == ["00001", "00002", "00003", "00004"]  # the merge keeps code order
    rows = _rows(out, "Tổng hợp")
    head = rows[0]
    shown = [tuple(row[head.index(h)] for h in ("STT", "Mã đơn vị", "Chưa có nhiệm vụ", "Quá hạn", "Xếp hạng"))
             for row in rows[1:]]
    # 00001..00003 score 4,5 of 6 (a three-way tie), 00004 3,5: «Xếp hạng» stays the score rank
    assert shown == [(1, "00004", 2, 0, "4/4"), (2, "00003", 1, 0, "1/4"), (3, "00002", 0, 1, "1/4"),
                     (4, "00001", 0, 0, "1/4"), ("Cộng", None, 3, 1, None)]
    brief = _rows(out, "Báo cáo nhanh")
    top = next(at for at, row in enumerate(brief) if row[2] == "Tiêu chí mất điểm chưa có nhiệm vụ")
    assert [row[:4] for row in brief[top + 1:top + 5]] == [(1, "UBND xã 4", 2, 0), (2, "UBND xã 3", 1, 0),
                                                          (3, "UBND xã 2", 0, 1), (4, "UBND xã 1", 0, 0)]


def test_a_consolidated_workbook_in_need_order_merges_again_to_the_same_figures(tmp_path):
    """Reading back finds units by code, not by row: the level above gets the same figures."""
    folder = tmp_path / "hop_thu"
    folder.mkdir()
    _need_unit(folder, "1", 2, ["Quý II/2024", "Hoàn thành", 100, dt.date(2024, 6, 1), "QĐ 1"])
    _need_unit(folder, "2", 2, ["Quý II/2024", "Đang thực hiện", 50])
    _need_unit(folder, "3", 1, None)
    first = merge([folder], tmp_path / "huyen.xlsx", as_of=dt.date(2024, 9, 30), jobs=1)
    again = merge([tmp_path / "huyen.xlsx"], tmp_path / "tinh.xlsx", as_of=dt.date(2024, 9, 30), jobs=1)
    keys = ("unit_code", "coverage", "tasks", "score", "percent", "rank_text")
    assert [tuple(u[k] for k in keys) for u in again.to_dict()["units"]] == [
        tuple(u[k] for k in keys) for u in first.to_dict()["units"]]
    codes = [row[1] for row in _rows(tmp_path / "tinh.xlsx", "Tổng hợp")[1:]]
    assert codes == ["00003", "00002", "00001", None]
