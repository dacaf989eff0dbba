"""Coverage and findings written back into clerk workbooks of every source, losing nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cchc_sheets.compute import coverage as cov
from cchc_sheets.core.errors import FileLocked
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_FINDINGS, SHEET_SUMMARY, SHEET_TASKS
from cchc_sheets.core.text import fold
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.writeback import BACKUP_DIR, write_back
from cchc_sheets.write.xlsx_patch import package_digest
from tests import xlsx_fixtures as fx

AS_OF = dt.date(2024, 10, 15)
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
               "docProps/app.xml"}


def _rows(plan):
    return [(f.code, f.severity, f.sheet, f.cell, f.header, f.value, f.message(), f.hint()) for f in plan.findings]


def _summarize(path: Path, target: Path | None = None):
    plan = read_plan(path)
    result = cov.compute(plan, AS_OF)
    write_back(path, target or path, plan, result, _rows(plan))
    return plan, result


def _sheet_parts(path: Path) -> dict[str, str]:
    """Standard sheet name (matched ignoring case and accents) -> part name, from the package."""
    from cchc_sheets.read.ooxml import Workbook

    standard = {fold(name): name for name in (SHEET_CRITERIA, SHEET_TASKS, SHEET_SUMMARY, SHEET_FINDINGS)}
    with Workbook(path) as book:
        return {standard.get(fold(ref.name), ref.name): ref.part for ref in book.sheets}


def _clerk_values(path: Path, auto_cols: dict[str, int]) -> dict[str, dict]:
    book = openpyxl.load_workbook(path, data_only=False)
    values = {}
    for ws in book.worksheets:
        if fold(ws.title) in (fold(SHEET_SUMMARY), fold(SHEET_FINDINGS)):
            continue
        skip = auto_cols.get(ws.title)
        values[ws.title] = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                            if c.value is not None and c.column != skip}
    return values


@pytest.fixture(params=["excel", "openpyxl", "libreoffice"])
def built(request, tmp_path):
    if request.param == "libreoffice" and not fx.soffice():
        pytest.skip("LibreOffice (soffice) not installed")
    builder = {"excel": lambda: fx.build_excel_like(tmp_path / "excel.xlsx"),
               "openpyxl": lambda: fx.build_openpyxl(tmp_path / "openpyxl.xlsx"),
               "libreoffice": lambda: fx.build_libreoffice(tmp_path / "libreoffice.xlsx", _mkdir(tmp_path / "lo"))}
    return builder[request.param]()


def _owned_parts(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """What the library may change: bookkeeping, the two patched sheets, its own sheets."""
    owned = set(BOOKKEEPING)
    for parts in (before, after):
        owned |= {parts[name] for name in (SHEET_CRITERIA, SHEET_TASKS, SHEET_SUMMARY, SHEET_FINDINGS)
                  if name in parts}
    library = {after.get(SHEET_SUMMARY), after.get(SHEET_FINDINGS), before.get(SHEET_SUMMARY)} - {None}
    owned |= {part.replace("worksheets/", "worksheets/_rels/") + ".rels" for part in library}
    return owned


def test_only_owned_parts_change_and_clerk_cells_stay(built):
    path = built.path
    before, parts_before = package_digest(path), _sheet_parts(path)
    auto = {fx.SHEET_TASKS: fx.TASKS_AUTO_COL, fx.SHEET_CRITERIA: fx.CRITERIA_AUTO_COL}
    values_before = _clerk_values(path, auto)
    _summarize(path)
    after = package_digest(path)
    owned = _owned_parts(parts_before, _sheet_parts(path))
    changed = {part for part, digest in before.items() if after.get(part) != digest}
    assert changed <= owned | {"xl/calcChain.xml"}, changed - owned
    assert _clerk_values(path, auto) == values_before


def test_status_columns_and_library_sheets_are_written(built):
    plan, result = _summarize(built.path)
    book = openpyxl.load_workbook(built.path)
    names = {fold(name): name for name in book.sheetnames}
    assert fold(SHEET_SUMMARY) in names and fold(SHEET_FINDINGS) in names
    tasks = book[SHEET_TASKS]
    col = fx.TASKS_AUTO_COL
    assert tasks.cell(fx.TASKS_HEADER_ROW, col).value == "Tình trạng (tự động)"
    for state in result.task_states:
        assert (tasks.cell(state.task.row, col).value or "") == state.status
    criteria = book[SHEET_CRITERIA]
    for crit in plan.criteria:
        assert (criteria.cell(crit.row, fx.CRITERIA_AUTO_COL).value or "") == result.criterion_status.get(crit.code, "")
    summary = list(book[names[fold(SHEET_SUMMARY)]].iter_rows(values_only=True))
    lost_row = next(r for r in summary if r[0] and str(r[0]).startswith("Tiêu chí bị mất điểm"))
    assert lost_row[1] == result.total.lost
    assert any(r[0] == "Quá hạn" and r[1] == result.tasks.overdue for r in summary)


def test_second_run_changes_nothing_and_backup_is_kept(built):
    _summarize(built.path)
    first = package_digest(built.path)
    _summarize(built.path)
    assert package_digest(built.path) == first
    assert list((built.path.parent / BACKUP_DIR).iterdir())


def test_the_result_reads_back_as_the_same_plan(built):
    before = read_plan(built.path)
    _summarize(built.path)
    after = read_plan(built.path)
    assert [(t.row, t.task, t.lead, t.status) for t in after.tasks] == [
        (t.row, t.task, t.lead, t.status) for t in before.tasks]
    assert [(c.code, c.achieved_points) for c in after.criteria] == [
        (c.code, c.achieved_points) for c in before.criteria]
    assert after.layouts[SHEET_TASKS].auto_col is not None


def test_clerk_text_stays_text_in_written_sheets(tmp_path):
    built = fx.build_excel_like(tmp_path / "excel.xlsx")
    _summarize(built.path)
    book = openpyxl.load_workbook(built.path)
    notes = [c.value for row in book[SHEET_TASKS].iter_rows() for c in row if isinstance(c.value, str)]
    assert "=chưa rõ nguồn" in notes


def test_refuses_in_place_while_excel_has_the_file_open(tmp_path):
    built = fx.build_excel_like(tmp_path / "excel.xlsx")
    (tmp_path / "~$excel.xlsx").write_bytes(b"lock")
    before = built.path.read_bytes()
    with pytest.raises(FileLocked) as caught:
        _summarize(built.path)
    assert "Excel" in caught.value.message("vi")
    assert built.path.read_bytes() == before


def test_output_elsewhere_leaves_source_untouched(tmp_path):
    built = fx.build_excel_like(tmp_path / "excel.xlsx")
    before = built.path.read_bytes()
    _summarize(built.path, tmp_path / "out.xlsx")
    assert built.path.read_bytes() == before
    assert SHEET_SUMMARY in openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames


@pytest.mark.libreoffice
def test_result_opens_in_libreoffice(tmp_path):
    if not fx.soffice():
        pytest.skip("LibreOffice (soffice) not installed")
    built = fx.build_excel_like(tmp_path / "excel.xlsx")
    _summarize(built.path)
    out = tmp_path / "pdf"
    subprocess.run([fx.soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(built.path)],
                   check=True, capture_output=True, timeout=180)
    assert (out / "excel.pdf").stat().st_size > 1000


def test_example_workbooks_write_back(tmp_path):
    examples = sorted(Path("workbook_templates/examples").glob("*.xlsx"))
    if not examples:
        pytest.skip("examples not generated yet")
    for example in examples:
        target = tmp_path / example.name
        shutil.copy(example, target)
        plan, result = _summarize(target)
        again = read_plan(target)
        assert len(again.tasks) == len(plan.tasks)
        assert SHEET_SUMMARY in again.sheet_names


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_clerk_text_below_the_table_in_the_status_column_stays(tmp_path):
    """A signature typed under the table, in the column the library owns, is the clerk's."""
    from tests.builders import TASK_HEADER, plan_workbook

    header = TASK_HEADER + ["Tình trạng (tự động)"]
    rows = [header, ["1", "1.2", "Tuyên truyền", "VP-TK", None, "Quý II/2024", "Đang thực hiện", 50, None, None,
                     "cũ"], [], [], [None] * 10 + ["TM. UBND XÃ - CHỦ TỊCH"]]
    path = plan_workbook(tmp_path, rows)
    _summarize(path)
    tasks = openpyxl.load_workbook(path)[SHEET_TASKS]
    assert tasks.cell(2, 11).value == "Quá hạn"
    assert tasks.cell(5, 11).value == "TM. UBND XÃ - CHỦ TỊCH"
