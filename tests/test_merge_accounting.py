"""consolidate/merge: what a merge accepts, replaces and accounts for (outputs never overwritten by mistake,
files given twice, unreadable folders, dead workers, feedback copies)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

import cchc_sheets.consolidate.merge as merge_module
from cchc_sheets.consolidate.merge import merge
from tests.cli_support import _cli, _merge_cli, _one_sentence, _sha

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)
LAST_ROW, LAST_COL = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks Windows-1258 keeps apart


def test_merge_refuses_an_output_that_is_one_of_its_inputs(examples):
    first, second = examples / "xa_minh_tan.xlsx", examples / "xa_phu_linh.xlsx"
    before = _sha(first)
    result = _merge_cli(first, second, "-o", first)
    assert result.exit_code == 2
    assert "cũng là tệp đầu vào" in _one_sentence(result)
    assert _sha(first) == before


@pytest.mark.parametrize("inside", [False, True], ids=["elsewhere", "in-the-input-folder"])
def test_merge_refuses_to_replace_a_workbook_that_is_not_consolidated(examples, tmp_path, inside):
    out = examples / "xa_phu_linh.xlsx" if inside else shutil.copy(examples / "xa_phu_linh.xlsx", tmp_path / "so.xlsx")
    before = _sha(Path(out))
    result = _merge_cli(examples, "-o", out)
    assert result.exit_code == 2
    assert "không phải sổ tổng hợp" in _one_sentence(result)
    assert _sha(Path(out)) == before


def test_merge_replaces_its_own_consolidated_output(examples, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    assert _merge_cli(examples, "-o", out).exit_code == 0
    again = _merge_cli(examples, "-o", out)
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("command", ["template", "import"])
def test_template_and_import_refuse_an_existing_output_unless_forced(examples, word_plan, command):
    out = examples / "xa_minh_tan.xlsx"
    before = _sha(out)
    args = (["template", out, "--criteria", CRITERIA_CSV] if command == "template"
            else ["import", word_plan, "-o", out])
    refused = _cli(*args)
    assert refused.exit_code == 2
    assert _one_sentence(refused) == f"Tệp {out} đã có; dùng --force để ghi đè."
    assert _sha(out) == before
    forced = _cli(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert _sha(out) != before


def test_readme_documents_force_for_template_and_import():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("template", "import"):
        section = readme.split(f"### `cchc-sheets {command}`", 1)[1].split("\n### ", 1)[0]
        assert "--force" in section, command


def test_a_file_given_twice_is_merged_once(examples, tmp_path):
    result = _merge_cli(examples, examples / "xa_minh_tan.xlsx", "-o", tmp_path / "out.xlsx", "--format", "json")
    assert result.exit_code == 0, result.output
    inputs = json.loads(result.output)["inputs"]
    assert len(inputs) == len(list(EXAMPLES.glob("*.xlsx")))
    assert {item["outcome"] for item in inputs} == {"merged"}


def test_an_unreadable_subfolder_is_listed_as_skipped(examples, tmp_path, monkeypatch):
    locked = examples / "xa_khoa"
    locked.mkdir()
    shutil.copy(examples / "xa_minh_tan.xlsx", locked / "xa_minh_tan_2.xlsx")
    real_scandir = os.scandir

    def scandir(path=None):
        if path is not None and Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path) if path is not None else real_scandir()

    monkeypatch.setattr(os, "scandir", scandir)
    result = merge([examples], tmp_path / "out.xlsx", as_of=AS_OF, jobs=1)
    skipped = [item for item in result.inputs if item.path == str(locked)]
    assert [item.outcome for item in skipped] == ["skipped"]
    assert skipped[0].reason_text().startswith("Không mở được thư mục (Permission denied)")


_PARENT = os.getpid()
_REAL_READ_CHUNK = merge_module.read_chunk


def _dying_chunk(names, *args):
    """A worker that dies on one file, as a worker killed by the system would."""
    if os.getpid() != _PARENT and any(name.endswith("xa_minh_tan.xlsx") for name in names):
        os._exit(70)
    return _REAL_READ_CHUNK(names, *args)


def test_files_of_a_dead_worker_are_read_again_before_any_is_rejected(examples, tmp_path, monkeypatch):
    monkeypatch.setattr(merge_module, "read_chunk", _dying_chunk)
    result = merge([examples], tmp_path / "out.xlsx", as_of=AS_OF, jobs=2)
    assert [item.outcome for item in result.inputs] == ["merged"] * len(list(EXAMPLES.glob("*.xlsx")))
    assert result.exit_code == 0


def test_a_feedback_copy_that_cannot_be_written_is_listed_not_fatal(examples, tmp_path):
    from cchc_sheets.consolidate.feedback import feedback_name

    folder = tmp_path / "phan_hoi"
    minh_tan = merge_module.read_files([examples / "xa_minh_tan.xlsx"], AS_OF, jobs=1)[0].units_read[0]
    (folder / feedback_name(minh_tan)).mkdir(parents=True)
    out = tmp_path / "out.xlsx"
    result = merge([examples], out, as_of=AS_OF, feedback=folder, jobs=1)
    errors = {Path(item.source).name: item.error for item in result.feedback or []}
    targets = {Path(item.source).name: Path(item.target) for item in result.feedback or []}
    assert errors.pop("xa_minh_tan.xlsx", "").startswith("không ghi được tệp")
    assert set(errors.values()) == {None}
    assert out.exists() and all(targets[name].is_file() for name in errors)


def test_the_criteria_set_in_the_marker_sheet_is_written_as_safe_text(examples, tmp_path, monkeypatch):
    import cchc_sheets.consolidate.workbook as consolidated

    written = []
    real = consolidated.write_value
    monkeypatch.setattr(consolidated, "write_value", lambda ws, r, c, value, *rest: written.append(
        (ws.name, value)) or real(ws, r, c, value, *rest))
    result = merge([examples], tmp_path / "out.xlsx", as_of=AS_OF, jobs=1)
    assert (consolidated.META_SHEET, result.criteria_set) in written
