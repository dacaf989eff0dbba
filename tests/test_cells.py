"""core.cells: one tuple order for cells (row, col) and ranges (r1, c1, r2, c2)."""

import pytest

from cchc_sheets.core.cells import cell_ref, column_letter, column_number, parse_range, range_ref, split_ref


@pytest.mark.parametrize(("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA"),
                                              (16_384, "XFD")])
def test_column_letters_both_ways(col, letters):
    assert column_letter(col) == letters
    assert column_number(letters) == col


def test_cells_are_row_then_column():
    assert split_ref("F12") == (12, 6)
    assert split_ref("$f$12") == (12, 6)
    assert cell_ref(12, 6) == "F12"


@pytest.mark.parametrize("bad", ["", "12", "F", "F0x", "ABCD1", "A1:B2:C3"])
def test_bad_names_are_value_errors(bad):
    with pytest.raises(ValueError):
        parse_range(bad)


def test_ranges_are_first_row_first_col_last_row_last_col():
    assert parse_range("A1:R120") == (1, 1, 120, 18)
    assert parse_range("C7") == (7, 3, 7, 3)
    assert range_ref(1, 1, 120, 18) == "A1:R120"
    assert range_ref(7, 3, 7, 3) == "C7"
    assert range_ref(2, 1, 9, 4, absolute=True) == "$A$2:$D$9"
    assert range_ref(*parse_range("B3:D9")) == "B3:D9"
