"""Build the standard workbook (blank template, or filled for examples and Word imports).

The template is what a clerk opens: Vietnamese headers with a note saying what to type,
frozen header rows, column widths, dropdowns for status / kind / index / method / lead fed
from ``Danh mục`` through defined names (range references, so lists may exceed Excel's 255
character limit), lost-point formulas written together with their values (no cached 0), the
library-owned ``(tự động)`` columns at the right, and A4 landscape printing that repeats the
header row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_sheets.compute.agencies import BUILTIN_AGENCIES, MODERN_AGENCIES
from cchc_sheets.core import columns as cols
from cchc_sheets.core.cells import column_letter
from cchc_sheets.core.model import (
    CRITERIA_AUTO_HEADER,
    INDEX_PAR,
    INDEXES,
    KINDS,
    LEGACY_UNIT_LEVELS,
    METHODS,
    POINTS_BONUS,
    POINTS_KIND_LABELS,
    POINTS_PENALTY,
    SHEET_CRITERIA,
    SHEET_INFO,
    SHEET_LISTS,
    SHEET_TASKS,
    STATUSES,
    TASKS_AUTO_HEADER,
    UNIT_LEVELS,
    Agency,
    Criterion,
    PlanData,
)
from cchc_sheets.write.xlsx_out import save_workbook, write_value

if TYPE_CHECKING:
    pass

TITLE = "SỔ THEO DÕI KẾ HOẠCH KHẮC PHỤC CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"
HEADER_ROW = 2  # 1-based: a title row above the header, as printed plans have
DEFINED_NAMES = {"statuses": "DS_TrangThai", "kinds": "DS_LoaiNhiemVu", "indexes": "DS_ChiSo",
                 "methods": "DS_PhuongThuc", "agency": "DS_CoQuan"}
_LIST_ROWS = 200  # dropdown ranges leave room for the province to add agencies
SUGGESTION_HEADER = "Gợi ý mã tiêu chí (tự động)"  # written by imports; a guess the clerk confirms


def write_plan_workbook(target: Path, data: PlanData) -> None:
    """Write the standard workbook for *data* to *target* (atomically)."""
    save_workbook(target, lambda workbook: _Builder(workbook, data).build())


class _Builder:
    """Fills one xlsxwriter workbook; a class only to share the formats between sheets."""

    def __init__(self, workbook: Any, data: PlanData) -> None:
        self.wb = workbook
        self.data = data
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top", "text_wrap": True}
        self.f_title = workbook.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False})
        self.f_head = workbook.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                           "bg_color": "#DDEBF7", "border": 1})
        self.f_auto_head = workbook.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                                "bg_color": "#E7E6E6", "font_color": "#595959", "border": 1})
        self.f_cell = workbook.add_format({**base, "border": 1})
        self.f_center = workbook.add_format({**base, "border": 1, "align": "center"})
        self.f_text = workbook.add_format({**base, "border": 1, "num_format": "@"})
        self.f_num = workbook.add_format({**base, "border": 1, "num_format": "0.00"})
        self.f_date = workbook.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy"})
        self.f_bold = workbook.add_format({**base, "border": 1, "bold": True})
        self.f_bold_num = workbook.add_format({**base, "border": 1, "bold": True, "num_format": "0.00"})
        self.f_section = workbook.add_format({**base, "border": 1, "bold": True, "bg_color": "#F2F2F2"})
        self.f_label = workbook.add_format({**base, "bold": True})
        self.f_note = workbook.add_format({**base, "italic": True, "font_color": "#7F7F7F",
                                           "font_size": NOTE_FONT_SIZE})
        self.f_value = workbook.add_format({**base, "bg_color": "#FFF2CC", "border": 1, "num_format": "@"})
        self.f_value_date = workbook.add_format({**base, "bg_color": "#FFF2CC", "border": 1,
                                                 "num_format": "dd/mm/yyyy"})
        self.f_value_num = workbook.add_format({**base, "bg_color": "#FFF2CC", "border": 1})

    def build(self) -> None:
        properties: dict[str, Any] = {"title": TITLE, "subject": "Kế hoạch khắc phục Chỉ số CCHC",
                      "author": "cchc-sheets", "comments": "Tạo bởi cchc-sheets"}
        if self.data.created is not None:
            properties["created"] = self.data.created
        self.wb.set_properties(properties)
        self._info()
        self._criteria()
        self._tasks()
        self._lists()

    # --- Thông tin -----------------------------------------------------------------------------
    def _info(self) -> None:
        ws = self.wb.add_worksheet(SHEET_INFO)
        ws.write_string(0, 0, "THÔNG TIN KẾ HOẠCH", self.f_title)
        for col, width in enumerate(INFO_WIDTHS):
            ws.set_column(col, col, width)
        for at, label in enumerate(cols.INFO_LABELS, start=2):
            ws.write_string(at, 0, label.header, self.f_label)
            value = self.data.info.get(label.field)
            fmt = {cols.DATE: self.f_value_date, cols.NUMBER: self.f_value_num,
                   cols.INTEGER: self.f_value_num}.get(label.kind, self.f_value)
            write_value(ws, at, 1, value, fmt, self.f_value_date)
            if label.note:
                ws.write_string(at, 2, label.note, self.f_note)
            _fit_cells(ws, at, [(label.header, INFO_WIDTHS[0], 12), (value, INFO_WIDTHS[1], 12),
                                (label.note, INFO_WIDTHS[2], NOTE_FONT_SIZE)])
            if label.field == "unit_level":  # a list to pick from, other words still allowed (sở …)
                ws.data_validation(at, 1, at, 1, {"validate": "list", "source": [*UNIT_LEVELS, *LEGACY_UNIT_LEVELS],
                                                  "error_type": "information"})
        # Each note in a row of its own, merged across the three columns and as tall as its
        # wrapped text: in one narrow column the lines of neighbouring notes printed on each other.
        last = 2 + len(cols.INFO_LABELS) + 1
        for offset, line in enumerate(self.data.notes):
            ws.merge_range(last + offset, 0, last + offset, len(INFO_WIDTHS) - 1, line, self.f_note)
            _fit_cells(ws, last + offset, [(line, sum(INFO_WIDTHS), NOTE_FONT_SIZE)])
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.activate()

    # --- Tiêu chí ------------------------------------------------------------------------------
    def _criteria(self) -> None:
        ws = self.wb.add_worksheet(SHEET_CRITERIA)
        columns = cols.CRITERIA_COLUMNS
        self._header(ws, "DANH SÁCH TIÊU CHÍ VÀ ĐIỂM ĐÁNH GIÁ", columns, CRITERIA_AUTO_HEADER)
        place = {c.field: i for i, c in enumerate(columns)}
        rows = {crit.code: HEADER_ROW + at for at, crit in enumerate(self.data.criteria)}
        by_code = {c.code: c for c in self.data.criteria}
        for at, crit in enumerate(self.data.criteria):
            r = HEADER_ROW + at  # 0-based row index of this criterion
            parent = bool(crit.children)
            text_fmt = self.f_bold if parent else self.f_cell
            ws.write_string(r, place["code"], crit.code, self.f_bold if parent else self.f_text)
            write_value(ws, r, place["name"], crit.name, text_fmt)
            write_value(ws, r, place["index"], crit.index or INDEX_PAR, text_fmt)
            write_value(ws, r, place["max_points"], crit.max_points, self.f_bold_num if parent else self.f_num)
            self._achieved(ws, r, place, crit, rows, by_code)
            self._lost_formula(ws, r, place, crit, by_code)
            write_value(ws, r, place["method"], crit.method, text_fmt)
            write_value(ws, r, place["loss_reason"], crit.loss_reason, text_fmt)
            if crit.points_kind in (POINTS_BONUS, POINTS_PENALTY):  # base is the blank default
                write_value(ws, r, place["points_kind"], POINTS_KIND_LABELS[crit.points_kind], text_fmt)
            if crit.not_applicable:
                write_value(ws, r, place["not_applicable"], "x", self.f_center)
            ws.write_blank(r, len(columns), None, self.f_cell)
            _fit_height(ws, r, columns, {"name": crit.name, "loss_reason": crit.loss_reason})
        last = HEADER_ROW + max(len(self.data.criteria), 1) - 1
        self._dropdown(ws, last, place["index"], "indexes")
        self._dropdown(ws, last, place["method"], "methods")
        ws.data_validation(HEADER_ROW, place["achieved_points"], last, place["achieved_points"], {
            "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
            "input_title": "Điểm đạt", "input_message": "Số từ 0 đến điểm tối đa.",
        })
        ws.autofilter(HEADER_ROW - 1, 0, last, len(columns))

    def _achieved(self, ws: Any, r: int, place: dict[str, int], crit: Criterion, rows: dict[str, int],
                  by_code: dict[str, Criterion]) -> None:
        """A leaf gets the clerk's value; a parent gets a SUM of its children with its value cached."""
        col = place["achieved_points"]
        if not crit.children:
            write_value(ws, r, col, crit.achieved_points, self.f_num)
            return
        letter = column_letter(col + 1)
        cells = ",".join(f"{letter}{rows[c] + 1}" for c in crit.children if c in rows)
        total = _sum_achieved(crit, by_code)
        ws.write_formula(r, col, f"=SUM({cells})", self.f_bold_num, "" if total is None else total)

    def _lost_formula(self, ws: Any, r: int, place: dict[str, int], crit: Criterion,
                      by_code: dict[str, Criterion]) -> None:
        max_ref = f"{column_letter(place['max_points'] + 1)}{r + 1}"
        got_ref = f"{column_letter(place['achieved_points'] + 1)}{r + 1}"
        achieved = _sum_achieved(crit, by_code)
        value: float | str = ""
        if crit.max_points is not None and achieved is not None:
            value = round(crit.max_points - achieved, 4)
        formula = f'=IF(AND(ISNUMBER({max_ref}),ISNUMBER({got_ref})),{max_ref}-{got_ref},"")'
        fmt = self.f_bold_num if crit.children else self.f_num
        ws.write_formula(r, place["lost_points"], formula, fmt, value)

    # --- Nhiệm vụ ------------------------------------------------------------------------------
    def _tasks(self) -> None:
        ws = self.wb.add_worksheet(SHEET_TASKS)
        columns = cols.TASK_COLUMNS
        self._header(ws, "KẾ HOẠCH NHIỆM VỤ KHẮC PHỤC VÀ THEO DÕI TIẾN ĐỘ", columns, TASKS_AUTO_HEADER)
        place = {c.field: i for i, c in enumerate(columns)}
        kinds = {c.field: c.kind for c in columns}
        for at, row in enumerate(self.data.tasks):
            r = HEADER_ROW + at
            if row.section is not None:
                write_value(ws, r, 0, row.values.get("seq"), self.f_section)
                ws.merge_range(r, 1, r, len(columns) - 1, "", self.f_section)
                ws.write_string(r, 1, row.section, self.f_section)
                continue
            for name, col in place.items():
                fmt = self.f_center if name in ("seq", "criteria_codes", "progress") else (
                    self.f_date if kinds[name] == cols.DATE else self.f_cell)
                write_value(ws, r, col, row.values.get(name), fmt, self.f_date)
            _fit_height(ws, r, columns, row.values)
            if self.data.suggestions:
                write_value(ws, r, len(columns) + 1, row.values.get("suggestion"), self.f_cell)
        if self.data.suggestions:
            self._suggestion_header(ws, len(columns) + 1)
        last = HEADER_ROW + max(len(self.data.tasks) + 200, 300) - 1
        self._dropdown(ws, last, place["status"], "statuses")
        self._dropdown(ws, last, place["kind"], "kinds")
        self._dropdown(ws, last, place["lead"], "agency", strict=False)
        ws.data_validation(HEADER_ROW, place["progress"], last, place["progress"], {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
            "error_title": "Tiến độ", "error_message": "Nhập số từ 0 đến 100."})
        for name in ("due_date", "done_on"):
            ws.data_validation(HEADER_ROW, place[name], last, place[name], {
                "validate": "date", "criteria": ">", "value": _date(2000, 1, 1), "error_type": "warning",
                "error_message": "Nhập ngày dạng dd/mm/yyyy."})
        ws.autofilter(HEADER_ROW - 1, 0, HEADER_ROW + max(len(self.data.tasks), 1) - 1,
                      len(columns) + int(self.data.suggestions))

    def _suggestion_header(self, ws: Any, col: int) -> None:
        """A second library-owned column, after ``Tình trạng (tự động)``, so the reader's first
        ``(tự động)`` column stays the status one."""
        ws.write_string(HEADER_ROW - 1, col, SUGGESTION_HEADER, self.f_auto_head)
        ws.write_comment(HEADER_ROW - 1, col, "Mã tiêu chí gần nhất theo nội dung, kèm độ giống (%). "
                         "Chỉ là gợi ý: kiểm tra rồi nhập vào cột «Mã tiêu chí».")
        ws.set_column(col, col, 18)

    # --- Danh mục ------------------------------------------------------------------------------
    def _lists(self) -> None:
        ws = self.wb.add_worksheet(SHEET_LISTS)
        lists = {"statuses": STATUSES, "kinds": KINDS, "indexes": INDEXES, "methods": METHODS}
        agencies = self.data.agencies if self.data.agencies is not None else _builtin_agencies(
            self.data.info.get("plan_year"))
        for col, column in enumerate(cols.LIST_COLUMNS):
            ws.write_string(0, col, column.header, self.f_head)
            ws.set_column(col, col, column.width)
        texts: dict[int, list[tuple[Any, float, float]]] = {}
        for col, name in enumerate(("statuses", "kinds", "indexes", "methods")):
            for r, value in enumerate(lists[name], start=1):
                ws.write_string(r, col, value, self.f_cell)
                texts.setdefault(r, []).append((value, cols.LIST_COLUMNS[col].width, 12))
            self._define(name, col, len(lists[name]))
        for r, agency in enumerate(agencies, start=1):
            aliases = "; ".join(agency.aliases)
            ws.write_string(r, 4, agency.name, self.f_cell)
            ws.write_string(r, 5, aliases, self.f_cell)
            texts.setdefault(r, []).extend([(agency.name, cols.LIST_COLUMNS[4].width, 12),
                                            (aliases, cols.LIST_COLUMNS[5].width, 12)])
        for r, cells in texts.items():  # long alias lists wrap: rows of default height overlapped
            _fit_cells(ws, r, cells)
        self._define("agency", 4, _LIST_ROWS)
        ws.write_comment(0, 4, "Sở Nội vụ có thể bổ sung cơ quan và tên gọi khác (cách nhau bởi dấu ;).")
        ws.freeze_panes(1, 0)
        ws.set_paper(9)
        ws.set_landscape()
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)

    def _define(self, name: str, col: int, count: int) -> None:
        letter = column_letter(col + 1)
        self.wb.define_name(DEFINED_NAMES[name], f"='{SHEET_LISTS}'!${letter}$2:${letter}${count + 1}")

    # --- shared --------------------------------------------------------------------------------
    def _header(self, ws: Any, title: str, columns: Sequence[cols.Column], auto_header: str) -> None:
        ws.write_string(0, 0, title, self.f_title)
        h = HEADER_ROW - 1
        ws.set_row(h, 48)
        for col, column in enumerate(columns):
            ws.write_string(h, col, column.header, self.f_head)
            ws.set_column(col, col, column.width, self.f_text if column.field == "code" else None)
            if column.note:
                ws.write_comment(h, col, column.note, {"x_scale": 2, "y_scale": 1.2})
        ws.write_string(h, len(columns), auto_header, self.f_auto_head)
        ws.write_comment(h, len(columns), "Cột do phần mềm tự điền mỗi lần chạy; không cần nhập.")
        ws.set_column(len(columns), len(columns), 22)
        ws.freeze_panes(HEADER_ROW, 2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.repeat_rows(h)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.set_footer("&CTrang &P/&N")

    def _dropdown(self, ws: Any, last: int, col: int, name: str, strict: bool = True) -> None:
        ws.data_validation(HEADER_ROW, col, last, col, {
            "validate": "list", "source": f"={DEFINED_NAMES[name]}",
            "error_type": "stop" if strict else "information",
            "error_title": "Giá trị ngoài danh sách",
            "error_message": "Chọn một giá trị trong danh sách (trang Danh mục).",
        })


LINE_HEIGHT = 15.75  # points, one line of 12 pt Times New Roman
NOTE_FONT_SIZE = 10
INFO_WIDTHS = (30, 40, 60)  # Thông tin: label, value, note


def wrapped_lines(text: str, chars: float) -> int:
    """Lines *text* takes when wrapped at word boundaries into *chars* characters a line.

    Counting words, not characters, matters: a long word moved to the next line leaves the
    previous one short, and a plain character count under-estimated the height."""
    per_line = max(int(chars), 4)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= per_line:
                used = need
                continue
            if used:
                lines += 1
            broken = (len(word) - 1) // per_line  # a word longer than a line breaks inside it
            lines += broken
            used = len(word) - broken * per_line
    return max(lines, 1)


def fitted_height(lines: int, font_size: float = 12) -> float:
    """Row height in points for *lines* lines of Times New Roman at *font_size*."""
    return min(LINE_HEIGHT * font_size / 12 * lines + 3, 409)


def _fit_cells(ws: Any, r: int, cells: Sequence[tuple[Any, float, float]]) -> None:
    """Give row *r* the height its tallest wrapped cell needs; *cells* are (text, column width,
    font size). A width of 1 holds about 1.1 characters of 12 pt Times New Roman; a smaller
    font holds proportionally more. One-line rows keep the default height."""
    lines = 1
    height = LINE_HEIGHT
    for text, width, size in cells:
        if isinstance(text, str) and text:
            count = wrapped_lines(text, width * 1.1 * 12 / size)
            if count > 1 and fitted_height(count, size) > height:
                lines, height = count, fitted_height(count, size)
    if lines > 1:
        ws.set_row(r, height)


def _fit_height(ws: Any, r: int, columns: Sequence[cols.Column], values: dict[str, Any]) -> None:
    """Give a table row the height its longest wrapped text needs (xlsxwriter cannot autofit, and
    LibreOffice and Excel do not grow rows on open), so nothing prints cut off."""
    _fit_cells(ws, r, [(values.get(column.field), column.width, 12) for column in columns])


def _sum_achieved(crit: Criterion, by_code: dict[str, Criterion]) -> float | None:
    """Achieved points of a row: its own for a leaf, the sum of its children's for a parent."""
    if not crit.children:
        return crit.achieved_points
    parts = [_sum_achieved(by_code[c], by_code) for c in crit.children if c in by_code]
    if any(p is None for p in parts):
        return None
    return round(sum(p for p in parts if p is not None), 4)


def _date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _builtin_agencies(plan_year: Any = None) -> list[Agency]:
    """The dropdown of the plan's era: the commune bodies of 2025 unless the plan is older
    (a template made now, with no year yet, is for a plan of the two-tier government)."""

    old = isinstance(plan_year, int) and plan_year < 2025
    return list(BUILTIN_AGENCIES if old else MODERN_AGENCIES)


def blank_plan(criteria: Iterable[Criterion], **info: Any) -> PlanData:
    """A template pre-filled with the province's criteria and whatever unit info is known."""
    criteria = list(criteria)
    if info.get("assessed_year") and not info.get("plan_year"):
        info["plan_year"] = int(info["assessed_year"]) + 1
    return PlanData(criteria=criteria, info={k: v for k, v in info.items() if v is not None})
