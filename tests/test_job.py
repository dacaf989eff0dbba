"""The nightly job end to end in a temporary inbox: two rounds of submissions and what changed,
corrupt and still-arriving files, the lock, a crash mid-run, idempotence, bad configurations and
the documented cron line."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.consolidate import merge
from cchc_sheets.consolidate.feedback import feedback_name
from cchc_sheets.core.errors import UsageError
from cchc_sheets.job.changes import match_tasks
from cchc_sheets.job.history import SCHEMA_VERSION, History
from cchc_sheets.job.nightly import RunSummary, load_config, run_job, single_instance, split_pending
from cchc_sheets.read.lists import load_criteria_list
from cchc_sheets.write.template import write_plan_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import make_templates  # noqa: E402  (a script, importable once scripts/ is on the path)
from example_data import PHU_LINH  # noqa: E402

HOUR_AGO = time.time() - 3600
TODAY = dt.date.today()


def _settled(path: Path) -> None:
    """As if the file had been copied in an hour ago and left alone since."""
    os.utime(path, (HOUR_AGO, HOUR_AGO))


def _config(folder: Path, name: str = "job.toml", **keys: Any) -> Path:
    values = {"inbox": "hop_thu", "output": "ket_qua/tong_hop.xlsx", "history": "ket_qua/lich_su.sqlite",
              "log": "ket_qua/nhat_ky.log", "as_of": "2024-12-31", "settle_seconds": 60, "recheck_seconds": 0,
              "jobs": 1, **keys}
    path = folder / name
    path.write_text("".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in values.items()
                            if v is not None), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path) -> Path:
    """A job's folder: the six example communes in ``hop_thu`` and ``job.toml`` beside it."""
    inbox = tmp_path / "hop_thu"
    shutil.copytree(EXAMPLES, inbox)
    for path in inbox.iterdir():
        _settled(path)
    _config(tmp_path)
    return tmp_path


def _run(site: Path) -> tuple[RunSummary, list[str]]:
    lines: list[str] = []
    return run_job(load_config(site / "job.toml"), echo=lines.append), lines


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def _tables(history: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(history)
    try:
        return {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
                for name in ("runs", "submissions", "file_cache")}
    finally:
        conn.close()


def _first(rows: list[dict[str, Any]], seq: int) -> dict[str, Any]:
    return next(row for row in rows if row.get("seq") == seq and not row.get("section"))


def _phu_linh_next_quarter(inbox: Path) -> dict[str, Any]:
    """Phù Linh's Quý IV file, rebuilt from the example data: task STT 5 gone, STT 3's progress
    75 → 40, criterion 1.4 down from 1 to 0.5 points. Returns the changed rows."""
    unit = copy.deepcopy(PHU_LINH)
    unit["info"].update(period="Quý IV/2024", updated_on=dt.date(2024, 12, 20))
    dropped, lowered = _first(unit["rows"], 5), _first(unit["rows"], 3)
    unit["rows"].remove(dropped)
    lowered["progress"] = 40
    unit["losses"]["1.4"] = (0.5, unit["losses"]["1.4"][1])
    target = inbox / PHU_LINH["file"]
    write_plan_workbook(target, make_templates.example_plan(unit, load_criteria_list(make_templates.CRITERIA_FILE)))
    _settled(target)
    return {"dropped": dropped, "lowered": lowered}


# --------------------------------------------------------------------------- two rounds


def test_second_round_lists_exactly_what_got_worse_and_rereads_only_the_replaced_file(site):
    first, _ = _run(site)
    assert first.exit_code == 0 and len(first.result.units) == 6 and len(first.read) == 6
    changed = _phu_linh_next_quarter(site / "hop_thu")

    second, lines = _run(site)

    phu_linh = str(site / "hop_thu" / PHU_LINH["file"])
    assert second.exit_code == 0 and second.read == {phu_linh} and second.new_submissions == 1
    assert any(phu_linh in line and "đọc mới" in line for line in lines)
    sheets = _sheets(site / "ket_qua" / "tong_hop.xlsx")
    rows = {row[2:6]: row for row in sheets["Thay đổi"][1:]}
    dropped, lowered = changed["dropped"], changed["lowered"]
    assert set(rows) == {
        ("Bỏ nhiệm vụ", f"STT 5: {dropped['task']}", "Chưa thực hiện, 0%", "(không còn trong sổ)"),
        ("Giảm tiến độ", f"STT 3: {lowered['task']}", 75, 40),
        ("Giảm điểm đạt", "Tiêu chí 1.4", 1, 0.5),
    }
    for row in rows.values():
        assert row[:2] == ("00472", "UBND xã Phù Linh")
        assert row[6:9] == (dt.datetime(2024, 9, 30), dt.datetime(2024, 12, 20), dt.datetime.combine(TODAY, dt.time()))
        assert row[9] == phu_linh


def test_trend_sheet_has_a_column_per_period_and_a_line_chart(site):
    _run(site)
    _phu_linh_next_quarter(site / "hop_thu")
    _run(site)

    output = site / "ket_qua" / "tong_hop.xlsx"
    table = _sheets(output)["Diễn biến"]
    assert table[0][2] == "Tỷ lệ tiêu chí mất điểm đã có nhiệm vụ"
    assert table[0][2 + 4] == "Tỷ lệ tiêu chí mất điểm đã khắc phục"
    header = table[1]
    assert header[:2] == ("Mã đơn vị", "Tên đơn vị")
    periods = header[2:2 + (len(header) - 2) // 2]
    assert periods == ("Năm 2022", "Năm 2023", "Quý III/2024", "Quý IV/2024")
    rows = {row[0]: row for row in table[2:]}
    # no unit reported in all four periods: the overall line says it pools each period's reporters
    assert table[2][1] == "Chung (đơn vị báo cáo trong từng kỳ)"
    counts = next(row for row in table if row[1] == "Số đơn vị báo cáo trong kỳ")
    assert counts[2:6] == counts[6:10] and all(isinstance(n, int) and n >= 1 for n in counts[2:6])
    phu_linh = rows["00472"][2:6]
    assert [value is not None for value in phu_linh] == [False, False, True, True]
    assert rows["99101"][2:6] == (None, None, 1.0, None)
    book = openpyxl.load_workbook(output)
    charts = book["Diễn biến"]._charts
    assert [chart.tagname for chart in charts] == ["lineChart", "lineChart"]
    assert len(charts[0].series) == 7  # all units together, then each of the six


def test_trend_sheet_with_a_single_period_names_both_groups(tmp_path):
    inbox = tmp_path / "hop_thu"
    inbox.mkdir()
    for name in ("xa_minh_tan.xlsx", "xa_hong_phong.xlsx"):
        shutil.copy(EXAMPLES / name, inbox / name)
        _settled(inbox / name)
    _config(tmp_path)
    _run(tmp_path)
    table = _sheets(tmp_path / "ket_qua" / "tong_hop.xlsx")["Diễn biến"]
    assert table[0][2:] == ("Tỷ lệ tiêu chí mất điểm đã có nhiệm vụ", "Tỷ lệ tiêu chí mất điểm đã khắc phục")
    assert table[1][2:] == ("Quý III/2024", "Quý III/2024")


def test_history_keeps_runs_and_every_submission_with_its_snapshot(site):
    _run(site)
    _phu_linh_next_quarter(site / "hop_thu")
    _run(site)

    with History.open(site / "ket_qua" / "lich_su.sqlite") as history:
        runs = history.runs()
        submissions = [s for s in history.submissions() if s.unit_code == "00472"]
    assert [(r["merged"], r["read"], r["units"], r["exit_code"], r["as_of"]) for r in runs] == [
        (6, 6, 6, 0, "2024-12-31"), (6, 1, 6, 0, "2024-12-31")]
    assert all(r["finished_at"] >= r["started_at"] for r in runs)
    old, new = submissions
    assert (old.period, new.period) == ("Quý III/2024", "Quý IV/2024")
    assert (old.achieved_points["1.4"], new.achieved_points["1.4"]) == (1, 0.5)
    assert len(old.task_snapshot) == len(new.task_snapshot) + 1 == old.tasks_total
    assert {"seq", "row", "task", "lead", "status", "progress"} <= set(old.task_snapshot[0])
    assert len(old.sha256) == 64 and old.size == (EXAMPLES / PHU_LINH["file"]).stat().st_size
    assert old.score == 93.86 and new.score == 93.36


# --------------------------------------------------------------------------- arrivals


def test_corrupt_arrival_is_rejected_with_its_reason_and_the_others_merged(site):
    bad = site / "hop_thu" / "xa_loi.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    _settled(bad)

    summary, lines = _run(site)

    assert summary.exit_code == 1 and len(summary.result.units) == 6
    line = next(line for line in lines if "xa_loi.xlsx" in line)
    assert "[bị từ chối]" in line
    sources = {row[1]: row for row in _sheets(site / "ket_qua" / "tong_hop.xlsx")["Nguồn"][1:]}
    assert sources["hop_thu/xa_loi.xlsx"][2] == "Bị từ chối" and sources["hop_thu/xa_loi.xlsx"][3]  # no server path
    again, _ = _run(site)
    assert again.read == set() and again.exit_code == 1  # the rejection is cached too


def test_file_still_being_copied_is_left_for_the_next_run(site, monkeypatch):
    arriving = site / "hop_thu" / "xa_minh_tan.xlsx"
    arriving.unlink()
    _run(site)
    shutil.copy(EXAMPLES / "xa_minh_tan.xlsx", arriving)  # modified just now
    read: list[str] = []
    real = merge.read_one
    monkeypatch.setattr(merge, "read_one", lambda name, *a: read.append(name) or real(name, *a))

    summary, lines = _run(site)

    assert summary.pending == {str(arriving)} and read == [] and summary.exit_code == 0
    assert any("[đang chép]" in line and "xa_minh_tan.xlsx" in line and "lần chạy sau" in line for line in lines)
    sources = {row[1]: row for row in _sheets(site / "ket_qua" / "tong_hop.xlsx")["Nguồn"][1:]}
    assert sources[str(arriving)][2] == "Bỏ qua"
    assert History.open(site / "ket_qua" / "lich_su.sqlite").runs()[-1]["pending"] == 1
    _settled(arriving)
    later, _ = _run(site)
    assert read == [str(arriving)] and len(later.result.units) == 6 and not later.pending


def test_growing_file_and_file_open_in_excel_wait(tmp_path):
    growing, still, opened = (tmp_path / n for n in ("a.xlsx", "b.xlsx", "c.xlsx"))
    for path in (growing, still, opened):
        path.write_bytes(b"PK")
        _settled(path)
    (tmp_path / "~$c.xlsx").write_bytes(b"")

    def copy_more(seconds: float) -> None:
        with open(growing, "ab") as handle:
            handle.write(b"more")
        _settled(growing)  # same time, new size: only the second look can tell

    ready, pending = split_pending([growing, still, opened], 60, 0.5, sleep=copy_more)

    assert [a.path for a in ready] == [str(still)]
    reasons = {p.path: p.reason for p in pending}
    assert "đang được chép" in reasons[str(growing)]
    assert "Excel" in reasons[str(opened)] and "~$c.xlsx" in reasons[str(opened)]


# --------------------------------------------------------------------------- safety


def test_second_run_while_the_lock_is_held_exits_4_and_writes_nothing(site):
    config = load_config(site / "job.toml")
    with single_instance(config.lock_path):
        result = CliRunner().invoke(main, ["job", str(site / "job.toml")])
    assert result.exit_code == 4
    assert "Một lần chạy khác đang giữ khóa" in result.output
    assert not config.output.exists() and not config.history.exists()
    assert CliRunner().invoke(main, ["job", str(site / "job.toml")]).exit_code == 0  # released


def test_crash_mid_run_commits_nothing_and_the_next_run_succeeds(site, monkeypatch):
    _run(site)
    config = load_config(site / "job.toml")
    output, tables = config.output.read_bytes(), _tables(config.history)
    _phu_linh_next_quarter(site / "hop_thu")
    (site / "hop_thu" / "hong.xlsx").write_bytes(b"garbage")
    _settled(site / "hop_thu" / "hong.xlsx")
    calls: list[str] = []
    real = merge.read_one

    def power_cut_on_second_file(name: str, *args: Any) -> Any:
        calls.append(name)
        if len(calls) == 2:
            raise RuntimeError("mất điện")
        return real(name, *args)

    monkeypatch.setattr(merge, "read_one", power_cut_on_second_file)
    with pytest.raises(RuntimeError):
        _run(site)

    assert len(calls) == 2
    assert config.output.read_bytes() == output
    assert _tables(config.history) == tables
    assert "lần chạy bị hủy" in config.log.read_text(encoding="utf-8").splitlines()[-1]
    monkeypatch.undo()
    summary, _ = _run(site)
    assert summary.read == {str(site / "hop_thu" / n) for n in ("hong.xlsx", PHU_LINH["file"])}
    assert len(_tables(config.history)["runs"]) == 2 and summary.new_submissions == 1


def test_failed_run_exits_3_through_the_cli(site, monkeypatch):
    monkeypatch.setattr("cchc_sheets.job.nightly.settle", lambda *a: (_ for _ in ()).throw(OSError("đĩa đầy")))
    result = CliRunner().invoke(main, ["job", str(site / "job.toml")])
    assert result.exit_code == 3 and "đĩa đầy" in result.output
    assert not (site / "ket_qua" / "tong_hop.xlsx").exists()
    with History.open(site / "ket_qua" / "lich_su.sqlite") as history:
        assert history.runs() == [] and history.submissions() == []


def test_two_runs_without_new_files_give_the_same_data(site):
    first, _ = _run(site)
    output = site / "ket_qua" / "tong_hop.xlsx"
    sheets, tables = _sheets(output), _tables(site / "ket_qua" / "lich_su.sqlite")
    second, _ = _run(site)
    assert second.read == set() and second.new_submissions == 0
    assert _sheets(output) == sheets
    again = _tables(site / "ket_qua" / "lich_su.sqlite")
    assert again["submissions"] == tables["submissions"]
    with History.open(site / "ket_qua" / "lich_su.sqlite") as history:
        runs = [{k: v for k, v in run.items() if k not in ("id", "started_at", "finished_at", "read")}
                for run in history.runs()]
    assert runs[0] == runs[1]
    assert [row[:5] for row in again["file_cache"]] == [row[:5] for row in tables["file_cache"]]


def test_feedback_copies_are_written_for_files_read_this_run(site):
    _config(site, feedback="ket_qua/phan_hoi")
    _run(site)
    folder = site / "ket_qua" / "phan_hoi"
    copies = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    units = merge.read_files(sorted(EXAMPLES.iterdir()), dt.date(2024, 12, 31), jobs=1)
    names = {Path(o.path).name: feedback_name(o.units_read[0]) for o in units}
    assert sorted(copies) == sorted(names.values())
    _phu_linh_next_quarter(site / "hop_thu")
    _run(site)
    changed = {p.name for p in folder.iterdir() if p.stat().st_mtime_ns != copies[p.name]}
    assert changed == {names[PHU_LINH["file"]]}


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("text, sentence", [
    ('inbox = "khong_co"\noutput = "a.xlsx"\nhistory = "h.sqlite"', "Không có thư mục nhận tệp"),
    ('inbox = "hop_thu"\nouput = "a.xlsx"\nhistory = "h.sqlite"', "khóa lạ «ouput»"),
    ('inbox = "hop_thu"\nhistory = "h.sqlite"', "thiếu khóa «output»"),
    ('inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "h.sqlite"\nas_of = "hôm nay"', "Khóa «as_of» phải là"),
    ('inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "h.sqlite"\nsettle_seconds = "2 phút"', "«settle_seconds»"),
    ('inbox = "hop_thu"\noutput = "a.csv"\nhistory = "h.sqlite"', "phải có đuôi .xlsx"),
    ('inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "a.xlsx"', "cùng trỏ tới"),
    ('inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "h.sqlite"\nroster = "ds.csv"', "danh sách đơn vị"),
    ('inbox = ["hop_thu"', "cú pháp TOML"),
])
def test_bad_configuration_exits_2_with_one_sentence(tmp_path, text, sentence):
    (tmp_path / "hop_thu").mkdir()
    config = tmp_path / "job.toml"
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["job", str(config)])
    assert result.exit_code == 2, result.output
    assert sentence in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hop_thu", "job.toml"]  # nothing written


def test_missing_configuration_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["job", str(tmp_path / "khong_co.toml")])
    assert result.exit_code == 2 and "Không thấy tệp cấu hình" in result.output


@pytest.mark.parametrize("rule, today, expected", [
    ('"today"', dt.date(2024, 11, 5), dt.date(2024, 11, 5)),
    ('"end_of_quarter"', dt.date(2024, 11, 5), dt.date(2024, 12, 31)),
    ('"end_of_quarter"', dt.date(2024, 2, 29), dt.date(2024, 3, 31)),
    ("2024-06-30", dt.date(2024, 11, 5), dt.date(2024, 6, 30)),
    ('"30/06/2024"', dt.date(2024, 11, 5), dt.date(2024, 6, 30)),
])
def test_as_of_rules(tmp_path, rule, today, expected):
    (tmp_path / "hop_thu").mkdir()
    path = tmp_path / "job.toml"
    path.write_text(f'inbox = "hop_thu"\noutput = "a.xlsx"\nhistory = "h.sqlite"\nas_of = {rule}\n', encoding="utf-8")
    assert load_config(path).as_of_date(today) == expected


def test_example_config_is_valid_and_its_paths_are_relative_to_its_folder(tmp_path):
    folder = tmp_path / "cchc"
    (folder / "hop_thu").mkdir(parents=True)
    shutil.copy(SCRIPTS / "nightly_merge.example.toml", folder / "tong_hop_dem.toml")
    config = load_config(folder / "tong_hop_dem.toml")
    assert config.inbox == (folder / "hop_thu",)
    assert config.output == folder / "ket_qua" / "tong_hop.xlsx"
    assert config.lock_path == folder / "ket_qua" / "lich_su.sqlite.lock"
    assert (config.as_of, config.settle_seconds, config.recheck_seconds) == ("today", 120, 2)


def test_documented_cron_line_runs_the_job(site):
    doc = (ROOT / "docs" / "job.md").read_text(encoding="utf-8")
    line = re.search(r"^30 1 \* \* \* (.+)$", doc, re.MULTILINE).group(1)
    _config(site, name="tong_hop_dem.toml", jobs=2)  # worker processes take the snapshot function too
    command = line.replace("/opt/cchc-sheets", str(ROOT)).replace("/srv/cchc", str(site))
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (site / "cron_loi.log").read_text(encoding="utf-8")
    assert (site / "ket_qua" / "tong_hop.xlsx").exists()
    assert (site / "cron_loi.log").read_text(encoding="utf-8") == ""
    log = (site / "ket_qua" / "nhat_ky.log").read_text(encoding="utf-8").splitlines()
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d Xong: 6 tệp", log[-1])
    with History.open(site / "ket_qua" / "lich_su.sqlite") as history:
        assert all(s.task_snapshot and s.achieved_points for s in history.submissions())


# --------------------------------------------------------------------------- pieces


def test_history_schema_is_versioned_and_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "lich_su.sqlite"
    with History.open(path) as history:
        assert history.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert history.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(UsageError) as refused:
        History.open(path)
    assert refused.value.exit_code == 2 and "phiên bản mới hơn" in refused.value.message()


def test_a_file_that_is_not_a_history_exits_2(site):
    (site / "ket_qua").mkdir()
    (site / "ket_qua" / "lich_su.sqlite").write_bytes(b"not a database, just bytes " * 100)
    result = CliRunner().invoke(main, ["job", str(site / "job.toml")])
    assert result.exit_code == 2 and "Không mở được tệp lịch sử" in result.output
    assert not (site / "ket_qua" / "tong_hop.xlsx").exists()


def _task(seq: Any, text: str) -> dict[str, Any]:
    return {"seq": seq, "row": 3, "task": text, "lead": "VP-TK", "status": None, "progress": None}


def test_tasks_match_by_folded_text_then_by_stt():
    before = [_task(1, "Tuyên truyền CCHC"), _task(2, "Họp giao ban"), _task(3, "Rà soát TTHC"), _task(4, "Khảo sát")]
    after = [_task(7, "tuyên  truyền cchc"), _task(2, "Họp giao ban hằng tháng"), _task(3, "Khảo sát")]
    pairs, removed = match_tasks(before, after)
    assert [(b["seq"], a["seq"]) for b, a in pairs] == [(1, 7), (4, 3), (2, 2)]
    assert removed == [before[2]]


def test_a_quiet_night_with_an_empty_inbox_exits_0(tmp_path):
    """Cron mails every non-zero exit: an inbox with nothing in it is not a failure."""
    (tmp_path / "hop_thu").mkdir()
    config_file = tmp_path / "job.toml"
    config_file.write_text('inbox = "hop_thu"\noutput = "tong_hop.xlsx"\nhistory = "lich_su.sqlite"\n'
                           "recheck_seconds = 0\n", encoding="utf-8")
    summary = run_job(load_config(config_file), echo=lambda line: None)
    assert summary.exit_code == 0
    assert not (tmp_path / "tong_hop.xlsx").exists()
