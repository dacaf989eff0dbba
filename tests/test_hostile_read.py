"""Issue 12, reader side: each hostile input is built inline (tests/hostile_read.py) and each test
fails on the reader before the fix.

Costs are held by resource ceilings, not by timing: a run that would take the old quadratic or
unbounded path is killed by its CPU or address-space limit and fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_sheets.check.run import check_file
from cchc_sheets.cli import main
from cchc_sheets.compute.deadlines import MAX_DEADLINE_CHARS, parse_deadline
from cchc_sheets.consolidate import merge
from cchc_sheets.consolidate.records import MERGED, REJECTED
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import t
from cchc_sheets.core.model import SHEET_TASKS, TASKS_AUTO_HEADER
from cchc_sheets.core.values import vi_number
from cchc_sheets.read.docx import import_docx
from cchc_sheets.read.grid import CellError
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.read.package import MAX_CELL_CHARS, MAX_MERGED_CELLS, MAX_MERGED_RANGES
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.xlsx_patch import ColumnPatch, patch_workbook
from tests import hostile, hostile_read
from tests.builders import TASK_HEADER, plan_workbook
from tests.docx_seeds import SEEDS, build_docx

AS_OF = dt.date(2024, 9, 30)
TASK = ["1", "1.2", "Tuyên truyền CCHC MARK", "Văn phòng – Thống kê", None, "Quý II/2024", "Đang thực hiện", 50,
        None, None]
NOT_STANDARD_SHEET1 = {"expected": "«Thông tin», «Tiêu chí», «Nhiệm vụ»", "found": "«Sheet1»"}
REPO = Path(__file__).resolve().parents[1]


def check_bounded(*args: str, cpu_seconds: int = 20, memory: int = 1024**3) -> subprocess.CompletedProcess[str]:
    """``cchc-sheets ARGS`` in a real process held to *cpu_seconds* of CPU and *memory* bytes of
    address space: a run past either is killed (or fails to allocate) instead of passing."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "cchc_sheets", *args], capture_output=True, text=True,
                          preexec_fn=limit, cwd=REPO, timeout=10 * cpu_seconds)


def json_error(proc: subprocess.CompletedProcess[str]) -> str | None:
    (entry,) = json.loads(proc.stdout)["files"]
    return entry["error"]


def grid_of(path: Path, sheet: str = SHEET_TASKS):
    with Workbook(path) as book:
        return book.grid(next(ref for ref in book.sheets if ref.name == sheet))


# --------------------------------------------------------------------------- 9: lone surrogate


@pytest.fixture
def surrogate_plan(tmp_path) -> Path:
    folder = tmp_path / "hop_thu"
    folder.mkdir()
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    return hostile_read.replace_text(source, folder / "ke_hoach.xlsx", "MARK", "&#xD800;")


def test_a_lone_surrogate_is_read_as_a_replacement_character(surrogate_plan):
    assert grid_of(surrogate_plan).value(2, 3) == "Tuyên truyền CCHC \ufffd"


def test_a_lone_surrogate_does_not_break_check_summarize_or_merge(surrogate_plan, tmp_path):
    checked = CliRunner().invoke(main, ["check", str(surrogate_plan), "--format", "json", "--as-of", "30/09/2024"])
    assert checked.exit_code in (0, 1), checked.output
    assert json.loads(checked.output)["files"][0]["readable"] is True
    out = tmp_path / "tong_hop_don_vi.xlsx"
    summarized = CliRunner().invoke(main, ["summarize", str(surrogate_plan), "-o", str(out), "--as-of", "30/09/2024"])
    assert summarized.exit_code in (0, 1), summarized.output
    assert grid_of(out).value(2, 3) == "Tuyên truyền CCHC \ufffd"
    merged = CliRunner().invoke(main, ["merge", str(surrogate_plan.parent), "-o", str(tmp_path / "huyen.xlsx"),
                                       "--format", "json", "--jobs", "1", "--as-of", "30/09/2024"])
    assert merged.exit_code in (0, 1), merged.output
    assert [item["outcome"] for item in json.loads(merged.output)["inputs"]] == ["merged"]


def test_a_character_reference_xml_forbids_is_read_alike_by_expat(tmp_path):
    """A sheet off the fast path (a comment in it) once refused the whole file for ``&#xD800;``."""
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>a&#xD800;b&#0;c</t></is></c></row><!-- WPS -->'
    path = hostile.raw_xlsx(tmp_path / "wps.xlsx", {"Nhiệm vụ": hostile_read.sheet_with(cells)})
    assert grid_of(path).value(1, 1) == "a\ufffdb\ufffdc"


# --------------------------------------------------------------------------- 7: error values


def _task_sheet_with_error() -> str:
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{text}</t></is></c>'
                     for i, text in enumerate(TASK_HEADER))
    task = ('<c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="C2" t="inlineStr"><is><t>Rà soát TTHC</t></is></c>'
            '<c r="K2" t="e"><v>#N/A</v></c>')
    return hostile_read.sheet_with(f'<row r="1">{header}</row><row r="2">{task}</row>')


def test_an_error_value_typed_in_xlsx_is_a_value(tmp_path):
    path = hostile.raw_xlsx(tmp_path / "loi.xlsx", {"Nhiệm vụ": _task_sheet_with_error()})
    value = grid_of(path).value(2, 11)
    assert value == "#N/A" and isinstance(value, CellError)
    assert read_plan(path).layouts[SHEET_TASKS].max_col == 11  # the status column goes right of it


def test_an_error_value_typed_in_xls_is_a_value(tmp_path):
    cells = {(0, i): text for i, text in enumerate(TASK_HEADER)} | {(1, 0): "1", (1, 2): "Rà soát", (1, 10): "#N/A"}
    path = hostile_read.biff8_xls(tmp_path / "loi.xls", {"Nhiệm vụ": cells})
    value = grid_of(path).value(2, 11)
    assert value == "#N/A" and isinstance(value, CellError)
    assert read_plan(path).layouts[SHEET_TASKS].max_col == 11


def test_summarize_keeps_the_clerks_error_value(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, [*TASK[:10], 4242]])
    with_error = hostile_read.replace_text(source, tmp_path / "co_loi.xlsx", '<c r="K2"><v>4242</v></c>',
                                           '<c r="K2" t="e"><v>#N/A</v></c>')
    out = tmp_path / "ket_qua.xlsx"
    result = CliRunner().invoke(main, ["summarize", str(with_error), "-o", str(out), "--as-of", "30/09/2024"])
    assert result.exit_code in (0, 1), result.output
    written = grid_of(out)
    assert written.value(2, 11) == "#N/A"
    assert written.value(1, 12) == TASKS_AUTO_HEADER


# --------------------------------------------------------------------------- 12: merged ranges


def test_merged_ranges_past_the_count_cap_are_refused(tmp_path):
    path = hostile_read.merge_flood(tmp_path, ranges=MAX_MERGED_RANGES + 1, rows_each=2)
    with pytest.raises(UnreadableFile) as refused:
        grid_of(path)
    assert refused.value.reason() == t("file.too_many_merges", sheet="Nhiệm vụ", count=vi_number(MAX_MERGED_RANGES),
                                       cells=vi_number(MAX_MERGED_CELLS))


def test_merged_ranges_covering_too_many_cells_are_refused_before_expanding(tmp_path):
    """5,000 ranges of 99,999 cells (an 8 KB file): half a billion cells were once expanded."""
    path = hostile_read.merge_flood(tmp_path, ranges=5_000, rows_each=99_999)
    assert path.stat().st_size < 100_000
    proc = check_bounded("check", "--format", "json", str(path))
    assert proc.returncode == 3, proc.stderr
    assert json_error(proc) == t("file.too_many_merges", sheet="Nhiệm vụ", count=vi_number(MAX_MERGED_RANGES),
                                 cells=vi_number(MAX_MERGED_CELLS))


# --------------------------------------------------------------------------- 13: running inflate cap


def refused_within(limit: int, action) -> str:
    """The sentence key *action* refuses with, having allocated less than *limit* bytes at its peak."""
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile) as refused:
            action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < limit
    return refused.value.key


def test_a_part_lying_about_its_size_is_stopped_without_inflating_it(tmp_path):
    """It declares 1,000 bytes and holds 256 MiB: refused as damaged, with at most a few MiB inflated."""
    path = hostile_read.lying_part(tmp_path, megabytes=256)
    assert path.stat().st_size < 2 * 1024**2
    assert refused_within(32 * 1024**2, lambda: grid_of(path)) == "file.truncated"


def test_the_patcher_inflates_a_lying_part_with_the_same_cap(tmp_path):
    """summarize patches the task sheet: the patcher once read it with ZipFile.read (2 GiB at once)."""
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    part = "xl/worksheets/sheet3.xml"  # Nhiệm vụ, the third sheet written
    with zipfile.ZipFile(source) as archive:
        assert b"<sheetData>" in archive.read(part) and len(archive.read(part)) < 4000
    path = hostile_read.lying_part(tmp_path, source=source, part=part, declared=4000)
    column = ColumnPatch(sheet=SHEET_TASKS, col=11, header_row=1, header=TASKS_AUTO_HEADER, values={2: "x"})
    patch = lambda: patch_workbook(path, tmp_path / "ra.xlsx", sheets=[], columns=[column])  # noqa: E731
    assert refused_within(32 * 1024**2, patch) == "write.cannot_patch"


def test_import_checks_every_part_of_a_docx_before_python_docx_reads_it(tmp_path):
    document = build_docx(SEEDS[next(iter(SEEDS))], tmp_path / "ke_hoach.docx")
    path = hostile_read.lying_part(tmp_path, source=document, part="word/document.xml", name="noi_doi.docx",
                                   declared=len(zipfile.ZipFile(document).read("word/document.xml")), megabytes=128)
    import docx  # noqa: F401 - imported before measuring: python-docx's import is not the file's cost

    assert refused_within(32 * 1024**2, lambda: import_docx(path)) == "import.not_docx"


# --------------------------------------------------------------------------- 14: long cells


def test_long_deadline_cells_cost_linear_time():
    """36 s for a 7 KB workbook once: masking each match rebuilt the text (quadratic)."""
    text = "quý I, tháng 1 " * 130  # just under the parse limit, 260 mentions
    assert len(text) < MAX_DEADLINE_CHARS
    deadline = parse_deadline(text, 2024)
    assert (deadline.kind, deadline.start, deadline.due) == ("period", dt.date(2024, 1, 1), dt.date(2024, 1, 31))


def test_deadline_cells_past_the_limit_are_unknown_and_cheap(tmp_path):
    """Three 32,000-character deadlines: minutes before; now held to a CPU bound in a real process."""
    tasks = [TASK_HEADER] + [[str(i), "1.2", "Việc", "VP", None, f"quý {i} " + "tháng 1 " * 4000, None, None, None,
                              None] for i in range(1, 4)]
    path = plan_workbook(tmp_path, tasks)
    assert parse_deadline("tháng 1 " * 4000, 2024).kind == "unknown"
    proc = check_bounded("check", "--format", "json", "--as-of", "30/09/2024", str(path), cpu_seconds=10)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["files"][0]["readable"] is True


def test_a_cell_is_cut_at_excels_limit(tmp_path):
    path = hostile.raw_xlsx(tmp_path / "dai.xlsx", {"Nhiệm vụ": hostile.sheet_xml({"A1": "x" * 40_000})})
    assert grid_of(path).value(1, 1) == "x" * MAX_CELL_CHARS


# --------------------------------------------------------------------------- 15: .xls used range


def test_an_xls_claiming_the_whole_grid_visits_only_its_cells(tmp_path):
    path = hostile_read.biff8_xls(tmp_path / "rong.xls", {"Sheet1": {(0, 0): "STT", (65_535, 255): "x"}},
                                  merges={"Sheet1": [(0, 65_535, 0, 255)]}, dimensions=(65_536, 256))
    proc = check_bounded("check", "--format", "json", str(path), cpu_seconds=5, memory=512 * 1024**2)
    assert proc.returncode == 3, proc.stderr
    assert json_error(proc) == t("file.not_standard", **NOT_STANDARD_SHEET1)


# --------------------------------------------------------------------------- 17: xlrd's noise


def test_xlrd_warnings_never_reach_stdout(tmp_path):
    path = hostile_read.biff8_xls(tmp_path / "canh_bao.xls", {"Sheet1": {(0, 0): "x"}}, trailing_garbage=True)
    as_json = check_bounded("check", "--format", "json", str(path))
    assert json_error(as_json) == t("file.not_standard", **NOT_STANDARD_SHEET1)
    assert as_json.stderr == ""
    as_table = check_bounded("check", str(path))
    assert as_table.stdout.splitlines()[0] == (f"{path} — KHÔNG ĐỌC ĐƯỢC: "
                                               f"{t('file.not_standard', **NOT_STANDARD_SHEET1)}")
    assert "WARNING" not in as_table.stdout + as_table.stderr


# --------------------------------------------------------------------------- 18: valid files recognised


def _biff8(stream: str):
    return lambda d: hostile_read.biff8_xls(d / f"{stream}.xls", {"Sheet1": {(0, 0): "x"}}, stream=stream)


CASES_18 = {
    "stream named WORKBOOK": (_biff8("WORKBOOK"), "file.not_standard", NOT_STANDARD_SHEET1),
    "stream named BOOK": (_biff8("BOOK"), "file.not_standard", NOT_STANDARD_SHEET1),
    "raw BIFF4 worksheet": (lambda d: hostile_read.biff4_xls(d / "excel4.xls", {(0, 0): "STT"}), "file.not_standard",
                            {"expected": NOT_STANDARD_SHEET1["expected"], "found": "«Sheet 1»"}),
    ".xlsb": (hostile_read.xlsb, "file.xlsb", {}),
    "password-protected .xls": (lambda d: hostile_read.biff8_xls(d / "mat_khau.xls", {"Sheet1": {(0, 0): "x"}},
                                                                 encrypted=True), "file.encrypted", {}),
    "sheet xlrd cannot parse": (lambda d: hostile_read.biff8_xls(d / "hong.xls", {"Sheet1": {(0, 0): 1.5}},
                                                                 broken_sheet=True),
                                "file.legacy_xls_unreadable", {}),
}


@pytest.mark.parametrize("case", list(CASES_18))
def test_excel_files_get_a_true_sentence(tmp_path, case):
    build, key, args = CASES_18[case]
    path = build(tmp_path)
    _, report = check_file(path, AS_OF)
    assert report.error is not None
    assert report.error.render("vi") == t(key, **args)


def test_a_workbook_part_at_another_name_is_found_through_the_package_relationships(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    moved = hostile_read.workbook_part_renamed(source, tmp_path / "so_theo_doi.xlsx")
    plan, report = check_file(moved, AS_OF)
    _, original = check_file(source, AS_OF)
    assert report.readable and plan is not None
    assert [(f.code, f.cell) for f in report.findings] == [(f.code, f.cell) for f in original.findings]


# --------------------------------------------------------------------------- 19: _xHHHH_ escapes


def test_xstring_escapes_are_decoded(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    escaped = hostile_read.replace_text(source, tmp_path / "xuong_dong.xlsx", "MARK",
                                        "dòng 1_x000D_\ndòng 2 _x005F_x000D_ _x0041_")
    assert grid_of(escaped).value(2, 3) == "Tuyên truyền CCHC dòng 1\ndòng 2 _x000D_ A"


# --------------------------------------------------------------------------- 20: check agrees with summarize


def test_strict_ooxml_is_refused_alike_by_check_and_summarize(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    strict = hostile_read.replace_text(source, tmp_path / "strict.xlsx",
                                       "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                       "http://purl.oclc.org/ooxml/spreadsheetml/main")
    sentence = f"{strict} — KHÔNG ĐỌC ĐƯỢC: {t('file.strict_ooxml')}"
    checked = CliRunner().invoke(main, ["check", str(strict)])
    assert (checked.exit_code, checked.output.splitlines()[0]) == (3, sentence)
    summarized = CliRunner().invoke(main, ["summarize", str(strict), "-o", str(tmp_path / "out.xlsx")])
    assert (summarized.exit_code, summarized.output.strip()) == (3, f"{strict}: {t('file.strict_ooxml')}")


def test_a_package_the_patcher_refuses_gets_a_vietnamese_sentence_without_english(tmp_path):
    source = plan_workbook(tmp_path, [TASK_HEADER, TASK])
    odd = hostile_read.replace_text(source, tmp_path / "chu_thich.xlsx", "<sheetData>", "<sheetData><!-- WPS -->")
    result = CliRunner().invoke(main, ["summarize", str(odd), "-o", str(tmp_path / "out.xlsx")])
    assert (result.exit_code, result.output.strip()) == (3, f"{odd}: {t('write.cannot_patch', reason='')}")
    assert "sheet" not in result.output and "(" not in result.output.split(": ", 1)[1]
    english = CliRunner().invoke(main, ["summarize", str(odd), "-o", str(tmp_path / "out.xlsx"), "--lang", "en"])
    assert "comments or CDATA inside sheet data" in english.output


# --------------------------------------------------------------------------- 12: a worker killed by a file

PARENT = os.getpid()
_real_read_one = merge.read_one


def _dies_in_a_worker(name, as_of, debug=False, snapshot=None, shown=None):
    """``read_one`` for a file that kills whatever process reads it (the OOM killer, a reader's abort)."""
    if name.endswith("chet.xlsx"):
        if os.getpid() == PARENT:
            raise AssertionError("the file that killed a worker was read again in the parent")
        os._exit(9)
    return _real_read_one(name, as_of, debug, snapshot, shown)


def test_a_file_that_kills_a_worker_is_rejected_and_never_read_in_the_parent(tmp_path, monkeypatch):
    monkeypatch.setattr(merge, "read_one", _dies_in_a_worker)
    paths = [plan_workbook(tmp_path, [TASK_HEADER, TASK], name=f"xa_{i}.xlsx") for i in range(5)]
    paths.append(plan_workbook(tmp_path, [TASK_HEADER, TASK], name="chet.xlsx"))
    outcomes = {Path(o.path).name: o for o in merge.read_files(paths, AS_OF, jobs=2)}
    assert sorted(outcomes) == sorted(p.name for p in paths)
    assert (outcomes["chet.xlsx"].outcome, outcomes["chet.xlsx"].reason_text()) == (REJECTED, t("merge.worker_died"))
    assert [outcomes[f"xa_{i}.xlsx"].outcome for i in range(5)] == [MERGED] * 5
