"""Review fixes: no clerk workbook is overwritten by mistake; a stray far-off cell costs nothing;
no zip bomb through ``import``; a criteria list or roster that cannot be used is a usage error
whatever its encoding; every merge input is accounted for once; a consolidated workbook with a
deleted column still reads back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner, Result

import cchc_sheets.consolidate.merge as merge_module
from cchc_sheets.cli import main
from cchc_sheets.consolidate.layout import UNIT_COLS
from cchc_sheets.consolidate.merge import merge
from cchc_sheets.consolidate.readback import _Table
from cchc_sheets.core.errors import UnreadableFile, UsageError
from cchc_sheets.read.lists import load_criteria_list, read_roster
from cchc_sheets.read.ooxml import CellData, Grid
from tests import hostile
from tests.docx_seeds import SEEDS, build_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)
LAST_ROW, LAST_COL = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks Windows-1258 keeps apart


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "huyen"
    shutil.copytree(EXAMPLES, folder)
    return folder


def _cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _merge_cli(*args: object) -> Result:
    return _cli("merge", *args, "--as-of", "30/09/2024", "--jobs", "1")


def _subprocess(*args: object) -> subprocess.CompletedProcess[str]:
    """The command in its own process, killed if it hangs."""
    return subprocess.run([sys.executable, "-m", "cchc_sheets", *map(str, args)], capture_output=True,
                          text=True, timeout=HANG_GUARD, cwd=ROOT)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_sentence(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


# --------------------------------------------------------------------------- 1. no overwrite by mistake


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


@pytest.fixture
def word_plan(tmp_path: Path) -> Path:
    return build_docx(SEEDS["001"], tmp_path / "ke_hoach.docx")


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


# --------------------------------------------------------------------------- 2. a stray far-off cell


def _xlsx(path: Path, sheet: str, rows: list[list[object]], *, stray: bool,
          merges: tuple[tuple[int, int, int, int, str], ...] = ()) -> Path:
    """A one-sheet workbook from *rows* (A1 down), optionally with a cell at XFD1048576."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    for first_row, first_col, last_row, last_col, value in merges:
        ws.merge_range(first_row, first_col, last_row, last_col, value)
    if stray:
        ws.write_string(LAST_ROW, LAST_COL, "x")
    book.close()
    return path


def _criteria_rows() -> list[list[object]]:
    lines = CRITERIA_CSV.read_text(encoding="utf-8-sig").splitlines()
    return [line.split(",") for line in lines]


def test_template_with_a_stray_cell_in_the_criteria_list(tmp_path):
    rows = _criteria_rows()
    criteria = _xlsx(tmp_path / "tieu_chi.xlsx", "Tiêu chí", rows, stray=True)
    done = _subprocess("template", tmp_path / "mau.xlsx", "--criteria", criteria)
    assert done.returncode == 0, done.stderr
    assert f"({len(rows) - 1} tiêu chí)" in done.stdout


def test_a_merged_index_cell_still_reaches_every_criterion_row(tmp_path):
    rows = [["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa"], ["1", "Chỉ đạo", None, 2],
            ["1.1", "Kế hoạch", None, 1], ["1.2", "Tuyên truyền", None, 1]]
    path = _xlsx(tmp_path / "tieu_chi.xlsx", "Tiêu chí", rows, stray=False, merges=((1, 2, 3, 2, "PAR INDEX"),))
    assert [(c.code, c.index) for c in load_criteria_list(path)] == [
        ("1", "PAR INDEX"), ("1.1", "PAR INDEX"), ("1.2", "PAR INDEX")]


def _codes(folder: Path) -> list[str]:
    from cchc_sheets.read.plan import read_plan

    return sorted(read_plan(p).info.unit_code or "" for p in folder.glob("*.xlsx"))


def test_merge_with_a_stray_cell_in_the_roster(examples, tmp_path):
    rows = [["Mã đơn vị", "Tên đơn vị"], *([code, None] for code in _codes(examples)), ["99999", "UBND xã Chưa Nộp"]]
    roster = _xlsx(tmp_path / "danh_sach.xlsx", "Danh sách", rows, stray=True)
    done = _subprocess("merge", examples, "-o", tmp_path / "out.xlsx", "--roster", roster, "--as-of", "30/09/2024",
                       "--jobs", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["roster"] == {"missing": [{"unit_code": "99999", "unit_name": "UBND xã Chưa Nộp"}], "unlisted": []}


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


# --------------------------------------------------------------------------- 3. zip bomb through import


def _docx_bomb(path: Path, megabytes: int = 64) -> Path:
    """A .docx whose word/document.xml inflates to *megabytes* of zeros (a few KiB on disk),
    written in chunks so that the test itself stays small."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = bytes(2**20)
            for _ in range(megabytes):
                part.write(chunk)
    return path


def test_import_refuses_a_docx_zip_bomb_before_inflating_it(tmp_path):
    import docx  # noqa: F401 - imported before measuring: its own memory is not the bomb's

    bomb = _docx_bomb(tmp_path / "ke_hoach.docx")
    assert bomb.stat().st_size < 2**20
    tracemalloc.start()
    try:
        result = _cli("import", bomb, "-o", tmp_path / "out.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 3
    assert "nội dung nén bất thường" in _one_sentence(result)
    assert peak < 16 * 2**20
    assert not (tmp_path / "out.xlsx").exists()


def test_workbook_zip_bombs_are_still_refused(tmp_path):
    from cchc_sheets.read.ooxml import Workbook

    bomb = _docx_bomb(tmp_path / "so.xlsx", megabytes=4)
    with pytest.raises(UnreadableFile) as raised:
        Workbook(bomb)
    assert raised.value.key == "file.zip_bomb"


# --------------------------------------------------------------------------- 4. criteria lists and rosters


@pytest.mark.parametrize("command", ["template", "import"])
def test_a_criteria_list_that_is_not_a_spreadsheet_is_a_usage_error(tmp_path, word_plan, command):
    criteria = hostile.renamed_pdf(tmp_path)
    out = tmp_path / "out.xlsx"
    args = ["template", out] if command == "template" else ["import", word_plan, "-o", out]
    result = _cli(*args, "--criteria", criteria)
    assert result.exit_code == 2
    assert "Không đọc được danh sách tiêu chí: Không phải tệp Excel" in _one_sentence(result)
    assert not out.exists()


def _cp1258(text: str) -> bytes:
    """*text* as Excel saves "CSV" on a Vietnamese Windows: each letter precomposed with its
    shape mark (ă, â, ê, ô, ơ, ư) where the code page has it, its tone mark after it."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


ENCODINGS = {"utf-8": lambda text: text.encode("utf-8"), "utf-8 BOM": lambda text: text.encode("utf-8-sig"),
             "utf-16 BOM": lambda text: text.encode("utf-16"), "cp1258": _cp1258}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_criteria_csv_in_every_encoding_excel_saves(tmp_path, encoding):
    text = CRITERIA_CSV.read_text(encoding="utf-8-sig")
    path = tmp_path / "tieu_chi.csv"
    path.write_bytes(ENCODINGS[encoding](text))
    expected = [(c.code, c.name, c.index, c.max_points) for c in load_criteria_list(CRITERIA_CSV)]
    assert [(c.code, c.name, c.index, c.max_points) for c in load_criteria_list(path)] == expected


def test_a_csv_in_no_known_encoding_says_to_save_as_csv_utf8(tmp_path):
    criteria = tmp_path / "tieu_chi.csv"
    criteria.write_bytes(b"M\x81,N\x8a\n1,\x9d\n")  # bytes Windows-1258 leaves undefined
    result = _cli("template", tmp_path / "out.xlsx", "--criteria", criteria)
    assert result.exit_code == 2
    sentence = _one_sentence(result)
    assert "Không đọc được danh sách tiêu chí" in sentence and "«CSV UTF-8»" in sentence
    assert "codec" not in sentence and "decode" not in sentence


def test_the_roster_is_read_like_the_criteria_list(tmp_path):
    roster = tmp_path / "danh_sach.csv"
    roster.write_bytes(_cp1258("Mã đơn vị;Tên đơn vị\n10001;UBND xã Phù Linh\n10002;UBND phường Sông Cầu\n"))
    assert [(e.code, e.name) for e in read_roster(roster)] == [("10001", "UBND xã Phù Linh"),
                                                               ("10002", "UBND phường Sông Cầu")]
    one_column = tmp_path / "ma.csv"
    one_column.write_text("Mã đơn vị\n10001\n10002\n", encoding="utf-8")
    assert [e.code for e in read_roster(one_column)] == ["10001", "10002"]
    with pytest.raises(UsageError) as raised:
        read_roster(hostile.renamed_pdf(tmp_path))
    assert raised.value.exit_code == 2 and "Không phải tệp Excel" in raised.value.reason()


# --------------------------------------------------------------------------- 5. merge accounting


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


# --------------------------------------------------------------------------- 6. consolidated read-back


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


# --------------------------------------------------------------------------- 7. tidiness


def test_the_criteria_set_in_the_marker_sheet_is_written_as_safe_text(examples, tmp_path, monkeypatch):
    import cchc_sheets.consolidate.workbook as consolidated

    written = []
    real = consolidated.write_value
    monkeypatch.setattr(consolidated, "write_value", lambda ws, r, c, value, *rest: written.append(
        (ws.name, value)) or real(ws, r, c, value, *rest))
    result = merge([examples], tmp_path / "out.xlsx", as_of=AS_OF, jobs=1)
    assert (consolidated.META_SHEET, result.criteria_set) in written
