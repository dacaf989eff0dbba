"""Reporting periods and their data windows (BNV CV 581; NĐ 09/2019/NĐ-CP).

Reports are quarterly, six-monthly and yearly. Data are cut off on the 14th of the period's last
month and start on the 15th of the previous period's last month: Quý I 15/12–14/3, 6 tháng
15/12–14/6, Quý III 15/6–14/9, Năm 15/12–14/12 (design/REFORM_2025.md, § Reporting rhythm).
Quý II and Quý IV (15/3–14/6, 15/9–14/12) and 9 tháng (15/12–14/9) follow the same rule.

The *next* period of a report (its section III: tasks due in the time ahead) is the quarter whose
window starts the day after this window ends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.text import fold

register({
    "report.bad_period": ("Kỳ báo cáo «{value}» không hợp lệ; ví dụ đúng: «Quý III/2026», «6 tháng 2026», "
                          "«9 tháng 2026», «Năm 2026».",
                          "Invalid reporting period «{value}»; expected e.g. «Quý III/2026», «6 tháng 2026», "
                          "«9 tháng 2026», «Năm 2026»."),
})

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER = re.compile(r"^quy\s*(iv|iii|ii|i|[1-4])\s*(?:/|-|\s)\s*(?:nam\s*)?(\d{4})$")
_MONTHS = re.compile(r"^(6|9)\s*thang(?:\s*dau)?(?:\s*nam)?\s*(?:/|-)?\s*(\d{4})$")
_YEAR = re.compile(r"^(?:ca\s*)?nam\s*(\d{4})$")
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: its label as reports write it, and its data window (both days included)."""

    label: str
    year: int
    last_quarter: int  # the quarter the period ends with (6 tháng: 2, Năm: 4)
    start: dt.date
    end: dt.date

    def next_window(self) -> Period:
        """The quarter after this period (for «nhiệm vụ thời gian tới»): its own three months of
        data, labelled with the report they go into (after Quý III: Năm, 15/9–14/12)."""
        number, year = (1, self.year + 1) if self.last_quarter == 4 else (self.last_quarter + 1, self.year)
        return dataclasses.replace(quarter(number, year), label=reporting_period(number, year).label)

    def window_text(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"


def _cut(year: int, month: int) -> dt.date:
    """The 14th of *month*: the last day of a window (month 0 is December of the year before)."""
    return dt.date(year - 1, 12, 14) if month == 0 else dt.date(year, month, 14)


def quarter(number: int, year: int) -> Period:
    """Quý I–IV as a window of one quarter."""
    end = _cut(year, 3 * number)
    return Period(f"Quý {ROMAN[number]}/{year}", year, number, _cut(year, 3 * number - 3) + dt.timedelta(days=1), end)


def cumulative(months: int, year: int) -> Period:
    """6 tháng, 9 tháng, Năm: from 15/12 of the year before to the 14th of the last month."""
    label = f"Năm {year}" if months == 12 else f"{months} tháng {year}"
    return Period(label, year, months // 3, dt.date(year - 1, 12, 15), _cut(year, months))


def reporting_period(number: int, year: int) -> Period:
    """The report a quarter's data go into: Quý I, 6 tháng, Quý III, Năm."""
    return quarter(number, year) if number in (1, 3) else cumulative(3 * number, year)


def parse_period(text: str) -> Period:
    """``Quý III/2026``, ``quý 3 năm 2026``, ``6 tháng 2026``, ``6 tháng đầu năm 2026``, ``Năm 2026``."""
    folded = fold(text).strip(" .")
    match = _QUARTER.match(folded)
    if match:
        value = match.group(1)
        return quarter(int(value) if value.isdigit() else _ROMAN_VALUE[value], int(match.group(2)))
    match = _MONTHS.match(folded)
    if match:
        return cumulative(int(match.group(1)), int(match.group(2)))
    match = _YEAR.match(folded)
    if match:
        return cumulative(12, int(match.group(1)))
    raise UsageError("report.bad_period", value=text)


def period_of(day: dt.date) -> Period:
    """The reporting period whose data window holds *day* (15/12/2026 opens Quý I/2027)."""
    if (day.month, day.day) >= (12, 15):
        return reporting_period(1, day.year + 1)
    number = next(q for q in (1, 2, 3, 4) if day <= _cut(day.year, 3 * q))
    return reporting_period(number, day.year)
