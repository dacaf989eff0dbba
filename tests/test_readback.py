"""consolidate/readback: a consolidated workbook read back as units (stray cells, missing columns)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl

from cchc_sheets.consolidate.layout import UNIT_COLS
from cchc_sheets.consolidate.merge import merge
from cchc_sheets.consolidate.readback import _Table
from cchc_sheets.read.ooxml import CellData, Grid
from tests.cli_support import _subprocess

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)
LAST_ROW, LAST_COL = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks Windows-1258 keeps apart


def _codes(folder: Path) -> list[str]:
    from cchc_sheets.read.plan import read_plan

    return sorted(read_plan(p).info.unit_code or "" for p in folder.glob("*.xlsx"))


def test_consolidated_table_visits_only_the_rows_that_hold_cells(monkeypatch):
    grid = Grid("Tổng hợp")
    for (r, c), value in {(1, 1): "Mã đơn vị", (1, 2): "Tên đơn vị", (2, 1): "10001", (2, 2): "UBND xã Một",
                          (4, 2): "UBND xã Hai", (LAST_ROW + 1, LAST_COL + 1): "x"}.items():
        grid.cells[(r, c)] = CellData(value)
    grid.finish()
    calls = []
    real_value = Grid.value
    monkeypatch.setattr(Grid, "value", lambda self, r, c: calls.append((r, c)) or real_value(self, r, c))
    rows = list(_Table(grid, UNIT_COLS, 1).rows())
    assert [(row["_row"], row["Mã đơn vị"], row["Tên đơn vị"]) for row in rows] == [
        (2, "10001", "UBND xã Một"), (4, None, "UBND xã Hai")]
    assert len(calls) < 100


def _consolidated(examples: Path, tmp_path: Path) -> Path:
    out = tmp_path / "huyen_tong_hop.xlsx"
    merge([examples], out, as_of=AS_OF, jobs=1)
    return out


def _edit_sheet(path: Path, sheet: str, edit) -> Path:
    book = openpyxl.load_workbook(path)
    edit(book[sheet])
    target = path.with_name("tinh_" + path.name)
    book.save(target)
    return target


def test_a_consolidated_input_with_a_stray_cell_reads_back(examples, tmp_path):
    source = _consolidated(examples, tmp_path)
    stray = _edit_sheet(source, "Tổng hợp", lambda ws: ws.cell(LAST_ROW + 1, LAST_COL + 1, "x"))
    done = _subprocess("merge", stray, "-o", tmp_path / "tinh.xlsx", "--as-of", "30/09/2024", "--jobs", "1",
                       "--format", "json")
    assert done.returncode == 0, done.stderr
    assert sorted(u["unit_code"] for u in json.loads(done.stdout)["units"]) == _codes(examples)


def _delete_column(header: str):
    def edit(ws) -> None:
        col = next(cell.column for cell in ws[1] if cell.value == header)
        ws.delete_cols(col)

    return edit


def test_a_consolidated_input_without_an_optional_column_is_merged(examples, tmp_path):
    edited = _edit_sheet(_consolidated(examples, tmp_path), "Tổng hợp", _delete_column("Cấp"))
    result = merge([edited], tmp_path / "tinh.xlsx", as_of=AS_OF, jobs=1)
    assert result.exit_code == 0, [item.reason_text() for item in result.inputs]
    assert sorted(u.unit_code or "" for u in result.units) == _codes(examples)


def test_a_consolidated_input_without_a_required_column_is_rejected_with_its_name(examples, tmp_path):
    edited = _edit_sheet(_consolidated(examples, tmp_path), "Tổng hợp", _delete_column("Mã đơn vị"))
    result = merge([edited, examples / "xa_minh_tan.xlsx"], tmp_path / "tinh.xlsx", as_of=AS_OF, jobs=1)
    rejected = [item for item in result.inputs if item.path == str(edited)]
    assert [item.outcome for item in rejected] == ["rejected"]
    assert rejected[0].reason_text() == ("Sổ tổng hợp thiếu cột «Mã đơn vị» ở trang «Tổng hợp» (có thể đã bị xóa); "
                                         "hãy xin cấp dưới gửi lại sổ tổng hợp.")


