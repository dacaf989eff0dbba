"""Inline test workbooks: write small tables as xlsx files, pyxform-style.

``workbook(tmp_path, {"Nhiệm vụ": [[...header...], [...row...]]}, merges={"Nhiệm vụ": ["A3:A5"]})``
writes the sheets exactly as given (strings as text, numbers as numbers, dates as dates,
``"=..."`` strings as formulas only when ``formulas=True``) and returns the path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_TASKS

INFO_ROWS: list[list[Any]] = [
    ["Tên đơn vị", "UBND xã Thử Nghiệm"],
    ["Mã đơn vị", "99999"],
    ["Năm đánh giá", 2023],
    ["Năm kế hoạch", 2024],
    ["Ngày ban hành", dt.date(2024, 3, 1)],
    ["Bộ tiêu chí", "VD-XA"],
]
CRITERIA_ROWS: list[list[Any]] = [
    ["Mã", "Nội dung tiêu chí", "Chỉ số", "Điểm tối đa", "Điểm đạt", "Phương thức đánh giá"],
    ["1", "Chỉ đạo điều hành", "PAR INDEX", 4, None, None],
    ["1.1", "Kế hoạch CCHC", "PAR INDEX", 2, 2, "Thẩm định"],
    ["1.2", "Tuyên truyền", "PAR INDEX", 2, 1, "Tự đánh giá"],
    ["2", "Hài lòng", "SIPAS", 2, None, None],
    ["2.1", "Hài lòng về TTHC", "SIPAS", 2, 1.5, "Điều tra XHH"],
]
TASK_HEADER = ["STT", "Mã tiêu chí", "Nhiệm vụ/Giải pháp", "Chủ trì", "Phối hợp", "Thời gian hoàn thành",
               "Trạng thái", "Tiến độ (%)", "Ngày hoàn thành", "Tài liệu kiểm chứng"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], *, merges: dict[str, list[str]] | None = None,
             name: str = "plan.xlsx", formulas: bool = False, date1904: bool = False) -> Path:
    """Write *sheets* (name -> rows from A1) to ``tmp_path/name`` and return the path.

    *date1904* saves it in the 1904 date system, as old Mac Excel did.
    """
    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "date_1904": date1904})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for sheet_name, rows in sheets.items():
        sheet = book.add_worksheet(sheet_name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write(sheet, r, c, value, date_fmt, formulas)
        for ref in (merges or {}).get(sheet_name, []):
            first, last = ref.split(":")
            sheet.merge_range(f"{first}:{last}", None)
            top_left = _cell_value(rows, first)
            if top_left is not None:
                _write(sheet, *_rc(first), top_left, date_fmt, formulas)
    book.close()
    return path


def plan_workbook(tmp_path: Path, tasks: list[list[Any]], *, criteria: list[list[Any]] | None = None,
                  info: list[list[Any]] | None = None, merges: list[str] | None = None,
                  name: str = "plan.xlsx", date1904: bool = False) -> Path:
    """A standard workbook with default info and criteria and the given ``Nhiệm vụ`` rows."""
    sheets = {SHEET_INFO: info if info is not None else INFO_ROWS,
              SHEET_CRITERIA: criteria if criteria is not None else CRITERIA_ROWS,
              SHEET_TASKS: tasks}
    return workbook(tmp_path, sheets, merges={SHEET_TASKS: merges or []}, name=name, date1904=date1904)


def _write(sheet: Any, r: int, c: int, value: Any, date_fmt: Any, formulas: bool) -> None:
    if value is None:
        return
    if isinstance(value, str) and value.startswith("=") and formulas:
        sheet.write_formula(r, c, value)
    elif isinstance(value, str):
        sheet.write_string(r, c, value)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(r, c, value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time()),
                             date_fmt)
    else:
        sheet.write_number(r, c, value)


def _rc(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    return int(digits) - 1, col - 1


def _cell_value(rows: list[list[Any]], ref: str) -> Any:
    r, c = _rc(ref)
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None
