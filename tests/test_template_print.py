"""The blank template prints cleanly (issue 14 item 9).

Rows printed at the default height while their text wrapped to two or three lines: the notes at
the foot of ``Thông tin`` printed on top of each other and ``Danh mục``'s alias lists ran into
the next row. A clerk only has Excel, so no cell may tell them to run a shell command.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

from cchc_sheets.core import columns as cols
from cchc_sheets.core.model import SHEET_INFO, SHEET_LISTS
from cchc_sheets.write.template import INFO_WIDTHS, fitted_height, wrapped_lines

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import make_templates  # noqa: E402

TEMPLATE = make_templates.TEMPLATES_DIR / make_templates.TEMPLATE_NAME
SHELL_WORDS = ("cchc-sheets", "--criteria", "python", "make ", "<tệp")


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATE)


def test_no_cell_shows_a_shell_command(book: openpyxl.Workbook) -> None:
    found = [(ws.title, cell.coordinate, cell.value) for ws in book.worksheets for row in ws.iter_rows()
             for cell in row if isinstance(cell.value, str)
             and any(word in cell.value.lower() for word in SHELL_WORDS)]
    assert found == []


def test_info_notes_sit_in_rows_of_their_own_wide_and_tall_enough(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_INFO]
    first = 2 + len(cols.INFO_LABELS) + 2  # 1-based: one blank row after the labels
    notes = make_templates.TEMPLATE_NOTES
    assert [ws.cell(first + i, 1).value for i in range(len(notes))] == notes
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    assert merged == sorted(f"A{first + i}:C{first + i}" for i in range(len(notes)))
    for i, note in enumerate(notes):
        lines = wrapped_lines(note, sum(INFO_WIDTHS) * 1.1 * 12 / 10)
        height = ws.row_dimensions[first + i].height
        assert (lines, height) == (lines, fitted_height(lines, 10) if lines > 1 else None)
    # The long criteria-set value wraps to two lines in its 40-wide cell: its row is two lines tall.
    at = 3 + [c.field for c in cols.INFO_LABELS].index("criteria_set")
    assert ws.cell(at, 2).value == make_templates.CRITERIA_SET_2025
    assert ws.row_dimensions[at].height == fitted_height(2)


def test_lists_rows_are_as_tall_as_their_longest_alias_list(book: openpyxl.Workbook) -> None:
    ws = book[SHEET_LISTS]
    width = dict(zip("ABCDEF", (c.width for c in cols.LIST_COLUMNS), strict=True))
    tall = 0
    for r in range(2, ws.max_row + 1):
        lines = max(wrapped_lines(ws[f"{col}{r}"].value or "", width[col] * 1.1) for col in width)
        expected = fitted_height(lines) if lines > 1 else None
        assert (r, ws.row_dimensions[r].height) == (r, expected)
        tall += lines > 1
    assert tall > 10  # the built-in agencies carry long alias lists: the check is not vacuous
    assert ws.print_title_rows == "$1:$1"  # the header row repeats on each printed page


@pytest.mark.parametrize(("text", "chars", "lines"), [
    ("", 10, 1),
    ("a b c", 3, 2),            # "a b" / "c"
    ("abcdefghij", 4, 3),       # a word longer than a line breaks inside it
    ("ab cd\nx", 5, 2),         # a line break starts a new line
    ("xx abcdefghij", 4, 4),    # "xx" / "abcd" / "efgh" / "ij"
])
def test_wrapped_lines(text: str, chars: int, lines: int) -> None:
    assert wrapped_lines(text, chars) == lines
