"""read/lists: criteria lists and rosters kept as CSV or a sheet (encodings, stray cells, usage errors)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
import xlsxwriter

from cchc_sheets.core.errors import UsageError
from cchc_sheets.read.lists import load_criteria_list, read_roster
from tests import hostile
from tests.cli_support import _cli, _one_sentence, _subprocess

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)
LAST_ROW, LAST_COL = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks Windows-1258 keeps apart


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


