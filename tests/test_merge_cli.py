"""``cchc-sheets merge``: exit codes, JSON shape, the table a person reads, no progress bar in pipes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from tests import hostile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
UNIT_KEYS = {"unit_code", "unit_name", "file", "coverage", "tasks"}
COVERAGE_KEYS = {"lost", "covered", "remedied", "survey_lost", "lost_points", "covered_points", "remedied_points",
                 "rate", "rate_points", "remedy_rate", "remedy_rate_points"}
TASK_KEYS = {"total", "done", "in_progress", "not_started", "dropped", "overdue"}


@pytest.fixture
def examples(tmp_path) -> Path:
    folder = tmp_path / "huyen"
    shutil.copytree(EXAMPLES, folder)
    return folder


def _merge(*args: str):
    return CliRunner().invoke(main, ["merge", *args, "--as-of", "30/09/2024", "--jobs", "1"])


def test_every_input_merged_exits_0_with_stable_json(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    result = _merge(str(examples), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"output", "units", "inputs"} <= set(data) and data["output"] == str(out)
    assert len(data["units"]) == len(list(EXAMPLES.glob("*.xlsx")))
    for unit in data["units"]:
        assert UNIT_KEYS <= set(unit)
        assert set(unit["coverage"]) == COVERAGE_KEYS and set(unit["tasks"]) == TASK_KEYS
    for item in data["inputs"]:
        assert {"path", "outcome", "reason"} <= set(item) and item["outcome"] == "merged"
    assert out.exists()


def test_a_rejected_input_exits_1_and_is_explained(examples, tmp_path):
    bad = hostile.renamed_pdf(examples)
    result = _merge(str(examples), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 1, result.output
    assert "bị từ chối" in result.output and bad.name in result.output
    assert f"Đã ghi: {tmp_path / 'out.xlsx'}" in result.output


def test_a_superseded_input_exits_1(examples, tmp_path):
    shutil.copy(examples / "xa_minh_tan.xlsx", examples / "xa_minh_tan_ban_sao.xlsx")
    result = _merge(str(examples), "-o", str(tmp_path / "out.xlsx"), "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    outcomes = [i["outcome"] for i in json.loads(result.output)["inputs"]]
    assert outcomes.count("superseded") == 1


def test_nothing_readable_exits_3_and_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.renamed_text(folder)
    result = _merge(str(folder), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 3
    assert "không ghi tệp kết quả" in result.output
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("args", [[], ["--output", "x.xlsx"], ["{examples}"], ["{examples}", "-o", "x.xlsx",
                                                                              "--jobs", "0"]])
def test_usage_errors_exit_2(examples, args):
    result = CliRunner().invoke(main, ["merge", *(a.format(examples=examples) for a in args)])
    assert result.exit_code == 2


def test_files_and_folders_mix_and_skipped_files_keep_exit_0(examples, tmp_path):
    hostile.excel_lock(examples, "xa_minh_tan.xlsx")
    single = tmp_path / "le" / "xa_le.xlsx"
    single.parent.mkdir()
    shutil.move(examples / "xa_phu_linh.xlsx", single)
    result = _merge(str(examples), str(single), "-o", str(tmp_path / "out.xlsx"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["inputs"]) == len(list(examples.iterdir())) + 1
    assert [i["outcome"] for i in data["inputs"]].count("skipped") == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(examples, tmp_path):
    command = [sys.executable, "-c", "import sys; from cchc_sheets.cli import main; sys.exit(main())", "merge",
               str(examples), "-o", str(tmp_path / "out.xlsx"), "--as-of", "2024-09-30"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def _stderr_on_a_terminal(args: list[str]) -> str:
    """Run the CLI with stderr on a pseudo-terminal, as when a person runs it; what it drew there."""
    import os
    import pty

    master, slave = pty.openpty()
    command = [sys.executable, "-c", "import sys; from cchc_sheets.cli import main; sys.exit(main())", *args]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closes with the process
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_unless_silent(examples, tmp_path):
    args = ["merge", str(examples), "-o", str(tmp_path / "out.xlsx"), "--as-of", "30/09/2024"]
    assert "Đang đọc" in _stderr_on_a_terminal(args)
    assert "Đang đọc" not in _stderr_on_a_terminal([*args, "--silent"])


def test_output_open_in_excel_exits_4_and_reads_nothing(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    out.write_bytes(b"last week's")
    hostile.excel_lock(tmp_path, out.name)
    result = _merge(str(examples), "-o", str(out))
    assert result.exit_code == 4
    assert out.read_bytes() == b"last week's"


def test_a_feedback_copy_that_cannot_be_written_is_said_in_english_with_lang_en(tmp_path):
    """The reason is a sentence kept in both languages, not Vietnamese text inside English."""
    from cchc_sheets.consolidate.feedback import feedback_name
    from cchc_sheets.consolidate.merge import merge

    source = Path(__file__).resolve().parents[1] / "workbook_templates" / "examples" / "xa_phu_linh.xlsx"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(source, inbox / source.name)
    probe = merge([inbox], tmp_path / "probe.xlsx")
    feedback = tmp_path / "phan_hoi"
    feedback.mkdir()
    (feedback / feedback_name(probe.units[0])).symlink_to(tmp_path / "elsewhere.xlsx")
    result = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(tmp_path / "out.xlsx"), "--feedback",
                                       str(feedback), "--silent", "--lang", "en"])
    failed = [line for line in result.output.splitlines() if "Feedback failed" in line]
    assert failed == [f"  Feedback failed {inbox / source.name}: "
                      "Not written: this is a symbolic link, not a regular file; nothing was changed."]
    assert not (tmp_path / "elsewhere.xlsx").exists()
