"""Files that cannot be checked: one clear sentence each, exit 3, no traceback, fast and small.

The hostile files come from tests/hostile.py (shared with the merge tests).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from cchc_sheets.check.run import check_file  # importing it registers the reader's sentences
from cchc_sheets.cli import main
from cchc_sheets.core.i18n import t
from tests import hostile
from tests.builders import TASK_HEADER, plan_workbook

AS_OF = dt.date(2024, 9, 30)
TASK = ["1", "1.2", "Tuyên truyền CCHC", "Văn phòng – Thống kê", None, "Quý II/2024", "Đang thực hiện", 50, None, None]
NOT_STANDARD = {"expected": "«Thông tin», «Tiêu chí», «Nhiệm vụ»", "found": "«Sheet1», «Biểu đồ»"}

# case -> (how to build it in a folder, the key of the sentence the clerk reads, its arguments)
CASES = {
    "pdf renamed .xlsx": (hostile.renamed_pdf, "file.not_spreadsheet", {}),
    "text renamed .xlsx": (hostile.renamed_text, "file.not_spreadsheet", {}),
    "truncated download": (lambda d: hostile.truncated(plan_workbook(d, [TASK_HEADER, TASK]), d), "file.truncated", {}),
    "password-protected": (hostile.encrypted_xlsx, "file.encrypted", {}),
    "OLE file that is not a workbook": (hostile.ole_not_workbook, "file.not_spreadsheet", {}),
    "entity attack in workbook.xml": (hostile.billion_laughs, "file.xml_attack", {}),
    "entity attack in a sheet": (lambda d: hostile.billion_laughs(d, "sheet_laughs.xlsx", where="sheet"),
                                 "file.xml_attack", {}),
    "Excel lock file named explicitly": (hostile.excel_lock, "file.excel_lock", {}),
    "not the standard workbook": (hostile.not_standard, "file.not_standard", NOT_STANDARD),
}


@pytest.fixture(scope="session")
def bomb(tmp_path_factory):
    """One 300 MB zip bomb for the session (built streaming in about a second, ~300 KB on disk)."""
    return hostile.zip_bomb(tmp_path_factory.mktemp("bomb"))


def assert_one_sentence(result, path, sentence):
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    assert result.output.splitlines()[0] == f"{path} — KHÔNG ĐỌC ĐƯỢC: {sentence}"
    assert result.output.count(sentence) == 1


@pytest.mark.parametrize("case", list(CASES))
def test_unreadable_file_gets_one_sentence_and_exit_3(tmp_path, case):
    build, key, args = CASES[case]
    path = build(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert_one_sentence(result, path, t(key, **args))


def test_zip_bomb_is_refused_before_inflating(bomb):
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["check", str(bomb)])
    assert time.perf_counter() - start < 2
    assert_one_sentence(result, bomb, t("file.zip_bomb", size=300))
    assert bomb.stat().st_size < 2 * 1024 * 1024


def test_unreadable_file_in_json(tmp_path):
    path = hostile.encrypted_xlsx(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 3
    (entry,) = json.loads(result.output)["files"]
    assert entry == {"path": str(path), "unit_code": None, "readable": False, "findings": [],
                     "error": t("file.encrypted", "en")}


def test_one_unreadable_file_does_not_stop_the_others(tmp_path):
    hostile.renamed_pdf(tmp_path, "a.xlsx")
    plan_workbook(tmp_path, [TASK_HEADER, TASK], name="b.xlsx")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 3
    assert f"{tmp_path / 'b.xlsx'} — không có lỗi" in result.output


def test_cells_at_a1_and_xfd1048576_are_read_quickly(tmp_path):
    """The file that makes python-calamine abort the process: read sparsely, in milliseconds."""
    path = hostile.far_cells(tmp_path)
    start = time.perf_counter()
    plan, report = check_file(path, AS_OF, raise_unexpected=True)
    assert time.perf_counter() - start < 2
    assert plan is not None and report.readable


def test_real_process_on_every_hostile_file_is_fast_small_and_quiet(tmp_path, bomb):
    """One real ``cchc-sheets check`` process over all of them: under 10 s and 500 MB."""
    for build, _, _ in CASES.values():
        build(tmp_path)
    shutil.copy(bomb, tmp_path / "bomb.xlsx")
    hostile.far_cells(tmp_path)
    # VmHWM is this process's own peak: ru_maxrss would also count the (large) test worker's
    # pages that Linux carries across fork and exec.
    code = ("import sys\nfrom cchc_sheets.cli import main\n"
            "try:\n    main(['check', *sys.argv[1:]])\nexcept SystemExit as exc:\n    status = exc.code\n"
            "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
            "print('MAXRSS_KB', peak, file=sys.stderr)\n"
            "sys.exit(status)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 3
    assert "Traceback" not in proc.stdout + proc.stderr
    assert elapsed < 10
    assert int(proc.stderr.split("MAXRSS_KB")[1]) < 500 * 1024
    unreadable = len(CASES) - 1 + 1  # every case but the lock file (skipped in a folder), plus the bomb
    assert proc.stdout.count("KHÔNG ĐỌC ĐƯỢC") == unreadable
    assert "bỏ qua: Tệp khóa của Excel" in proc.stdout


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_xls_is_read_like_the_xlsx(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK, ["2", "9.9", "Sai mã", None, None, "Quý II/2024", None, None,
                                                          None, None]])
    xls = hostile.legacy_xls(source, tmp_path / "xls")
    _, from_xlsx = check_file(source, AS_OF, raise_unexpected=True)
    _, from_xls = check_file(xls, AS_OF, raise_unexpected=True)
    assert from_xls.readable
    assert [(f.code, f.cell) for f in from_xls.findings] == [(f.code, f.cell) for f in from_xlsx.findings]
    assert ("TASK-CODE-UNKNOWN", "B3") in [(f.code, f.cell) for f in from_xls.findings]
