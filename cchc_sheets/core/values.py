"""Turning what clerks type into numbers, dates and text.

Each parser returns the value, or None when the cell is blank; text that cannot be read is
signalled with :class:`Unreadable` so the reader can record a finding at that cell instead
of guessing. Dates are always day first (``05/03/2024`` is 5 March), never month first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

from cchc_sheets.core.text import clean, tidy

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 system (Lotus's leap-year bug folded in)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)  # day 0 of the 1904 system (old Mac workbooks)
# Serials between these are taken as dates in a date column (1990-01-01 .. 2100-12-31).
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A typed value that does not parse; ``why`` is a finding code suffix."""

    why: str


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?([.,]\d+)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_WORDS = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$", re.IGNORECASE)


def text_value(value: object) -> str | None:
    """Cell content as cleaned NFC text (line breaks kept as single spaces), None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = tidy(str(value))
    return text or None


def number_value(value: object) -> float | None | Unreadable:
    """A number from a number cell or from text such as ``1,5``, ``2.0``, ``10 điểm``, ``50%``."""
    if value is None or isinstance(value, bool):
        return None if value is None else Unreadable("number")
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = clean(str(value)).lower()
    if not text:
        return None
    text = re.sub(r"\s*(điểm|đ|%)$", "", text).replace(" ", "")
    if not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return Unreadable("number")
    return float(_normalise_decimal(text))


def _normalise_decimal(text: str) -> str:
    """``1,5`` -> ``1.5``; ``1.000.000`` -> ``1000000``; ``1.000,5`` -> ``1000.5``.

    A single dot is a decimal point (``0.500`` is half a point, scores are small numbers).
    """
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if text.count(".") > 1:
        return text.replace(".", "")
    return text


def int_value(value: object) -> int | None | Unreadable:
    """A whole number such as a year (``2024``, ``2024.0``, ``"2024"``)."""
    number = number_value(value)
    if number is None or isinstance(number, Unreadable):
        return number
    if not number.is_integer():
        return Unreadable("integer")
    return int(number)


def from_serial(serial: float, *, date1904: bool = False) -> dt.date | dt.datetime:
    """Excel's day number to a date, or a datetime when it has a time of day.

    *date1904* is the workbook's ``<workbookPr date1904="1"/>``: the same number is then four
    years and a day later. Reader and writers share this so the two systems never drift.
    """
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH
    day = epoch + dt.timedelta(days=int(serial))
    seconds = round((serial - int(serial)) * 86400)
    if seconds == 0:
        return day
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def to_serial(value: dt.date, *, date1904: bool = False) -> float | int:
    """Excel's day number of *value* (a whole number for a date, a fraction for a datetime)."""
    epoch = dt.datetime.combine(EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH, dt.time())
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - epoch
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return (value - epoch.date()).days


def serial_to_date(serial: float, *, date1904: bool = False) -> dt.date:
    """Excel's day number to a date, the time of day dropped."""
    day = from_serial(serial, date1904=date1904)
    return day.date() if isinstance(day, dt.datetime) else day


def parse_date_text(text: str) -> dt.date | None:
    """``31/12/2024``, ``31-12-24``, ``31.12.2024``, ``2024-12-31``, ``ngày 31 tháng 12 năm 2024``.

    Returns None for anything else, including impossible dates such as ``31/02/2024``.
    """
    text = clean(text)
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        return safe_date(year, month, day)
    match = _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return safe_date(year, month, day)
    match = _DATE_WORDS.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return safe_date(year, month, day)
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A valid date or None (31/02 and year 0 are not dates; never raise)."""
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError, TypeError):
        return None


def month_end(year: int, month: int) -> dt.date | None:
    """Last day of a month, or None when the month or year is impossible."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return safe_date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, first: int, last: int) -> tuple[dt.date | None, dt.date | None]:
    """The period from the first day of month *first* to the last day of month *last*."""
    if not 1 <= first <= last <= 12:
        return None, None
    return safe_date(year, first, 1), month_end(year, last)


def date_value(value: object) -> dt.date | None | Unreadable:
    """A date from a date cell, an Excel serial, or day-first text."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_MIN <= value <= _SERIAL_MAX:
            return serial_to_date(value)
        return Unreadable("date")
    text = clean(str(value))
    if not text:
        return None
    parsed = parse_date_text(text)
    if parsed is not None:
        return parsed
    return Unreadable("impossible_date" if _looks_like_date(text) else "date")


def _looks_like_date(text: str) -> bool:
    """True for well-formed but impossible dates such as ``31/02/2024``."""
    return bool(_DATE_DMY.match(text) or _DATE_ISO.match(text) or _DATE_WORDS.match(text))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(text: str) -> int | None:
    """``IV`` -> 4 for field numerals and section labels (I..XXXIX); None if not Roman."""
    text = text.strip().rstrip(".").upper()
    if not text or not _ROMAN_RE.match(text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " ", strict=True):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total


def vi_number(value: float | int, digits: int = 2) -> str:
    """A number as Vietnamese text writes it: decimal comma, dot for thousands, no trailing
    zeros (0,5; 97,75; 12; 1.234,25).

    Every sentence and rendered text that shows a number goes through here (or
    :func:`vi_percent`; ``i18n.t`` and the finding catalogue use it for floats), so none says
    «0.5 điểm»."""
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    text = text if text not in ("-0", "") else "0"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vi_percent(rate: float, digits: int = 1) -> str:
    """A rate in [0, 1] as a Vietnamese percentage: 0.714 -> «71,4%», 1.0 -> «100%»."""
    return vi_number(rate * 100, digits) + "%"


UNIT_CODE_DIGITS = 5  # commune codes of the official list of administrative units: 00472, 26734


def unit_code_text(code: str) -> str:
    """A unit code as the official list writes it: a number Excel kept as 472 is 00472.

    A roster, a scores table or a ``Mã đơn vị`` cell typed into Excel as a number loses its
    leading zeros; every side is padded the same way so that they still meet."""
    code = code.strip()
    return code.zfill(UNIT_CODE_DIGITS) if code.isdigit() and len(code) < UNIT_CODE_DIGITS else code
