"""core.values: Excel serial days in the 1900 and 1904 date systems."""

import datetime as dt

import pytest

from cchc_sheets.core.values import from_serial, to_serial


@pytest.mark.parametrize(("serial", "date1904", "expected"), [
    (45352, False, dt.date(2024, 3, 1)),
    (43890, True, dt.date(2024, 3, 1)),
    (43890, False, dt.date(2020, 2, 29)),
    (45352.5, False, dt.datetime(2024, 3, 1, 12, 0)),
    (0, True, dt.date(1904, 1, 1)),
])
def test_serials_in_both_date_systems(serial, date1904, expected):
    assert from_serial(serial, date1904=date1904) == expected
    assert to_serial(expected, date1904=date1904) == serial
