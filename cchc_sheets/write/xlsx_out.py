"""Writing new workbooks with xlsxwriter, safely.

Clerk text is data: every string goes through ``write_string`` (a leading ``=``, ``+``, ``-``
or ``@`` never becomes a formula, ``http:``/``external:`` never a link), values xlsxwriter
cannot store (NaN, bytes, lone surrogates, XML-illegal characters, text over 32,767
characters) are mapped first, and the file appears only when complete (temp + rename).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cchc_sheets.write.safe_write import atomic_write

MAX_CELL_CHARS = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}


def safe_text(text: str) -> str:
    """Text xlsxwriter and Excel accept: no control characters or lone surrogates, capped length."""
    text = _ILLEGAL.sub("", text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def write_value(sheet: Any, row: int, col: int, value: Any, fmt: Any = None, date_fmt: Any = None) -> None:
    """Write *value* (0-based row/col) by its Python type; strings always as text."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "Có" if value else "Không", fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, _as_datetime(value), date_fmt or fmt)
    elif isinstance(value, bytes):
        sheet.write_string(row, col, safe_text(value.decode("utf-8", "replace")), fmt)
    else:
        sheet.write_string(row, col, safe_text(str(value)), fmt)


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def save_workbook(target: Path, build: Callable[[Any], None], *, constant_memory: bool = False) -> None:
    """Create *target* atomically: ``build(workbook)`` fills an xlsxwriter workbook on a temp path."""
    import xlsxwriter


    def write(tmp: Path) -> None:
        # in memory unless streaming: xlsxwriter otherwise writes and deletes a temp file per
        # part, which costs more than building a small workbook (measured: ~40% of a template)
        options = dict(WORKBOOK_OPTIONS, constant_memory=constant_memory, in_memory=not constant_memory,
                       tmpdir=str(tmp.parent))
        workbook = xlsxwriter.Workbook(str(tmp), options)
        try:
            build(workbook)
        finally:
            workbook.close()

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, write)
