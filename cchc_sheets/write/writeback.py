"""Write coverage and findings back into the clerk's own workbook, losing nothing.

What the library owns in a clerk's file (and nothing else): the ``Tổng hợp`` and ``Kiểm tra``
sheets (replaced whole on each run) and the ``(tự động)`` columns of ``Tiêu chí`` and
``Nhiệm vụ`` (added at the right end if missing, rewritten on each run). The package is
patched part by part (:mod:`cchc_sheets.write.xlsx_patch`), never re-saved through openpyxl.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cchc_sheets.check.report import FINDING_FIELDS, FINDING_HEADERS, FindingRow
from cchc_sheets.compute.coverage import (
    CRIT_COVERED,
    CRIT_FULL,
    CRIT_NO_PENALTY,
    CRIT_NOT_APPLICABLE,
    CRIT_REMEDIED,
    CRIT_UNCOVERED,
    TASK_DONE,
    TASK_DUE_SOON,
    TASK_OVERDUE,
    Coverage,
    Tally,
)
from cchc_sheets.core.model import (
    CRITERIA_AUTO_HEADER,
    SHEET_CRITERIA,
    SHEET_FINDINGS,
    SHEET_SUMMARY,
    SHEET_TASKS,
    TASKS_AUTO_HEADER,
    Layout,
    Plan,
)
from cchc_sheets.write.palette import AMBER, BLUE, GREEN, GREY, RED
from cchc_sheets.write.safe_write import Fingerprint, ensure_not_open
from cchc_sheets.write.template import LINE_HEIGHT, wrapped_lines
from cchc_sheets.write.xlsx_patch import Cell, ColumnPatch, NewSheet, Style, patch_workbook, quote_sheet
from cchc_sheets.write.xlsx_patch.edits import MAX_COL

BACKUP_DIR = ".cchc-backup"
HEAD = Style(bold=True, fill=BLUE, wrap=True)
TITLE = Style(bold=True)
PCT = Style(number_format="0.0%")
POINTS = Style(number_format="0.00")
LINK = Style(font_color="0563C1")
STATUS_FILLS = {CRIT_FULL: GREEN, CRIT_NO_PENALTY: GREEN, CRIT_NOT_APPLICABLE: GREY, CRIT_REMEDIED: GREEN, CRIT_COVERED: AMBER, CRIT_UNCOVERED: RED,
                TASK_DONE: GREEN, TASK_OVERDUE: RED, TASK_DUE_SOON: AMBER}


def write_back(source: Path, target: Path, plan: Plan, result: Coverage, finding_rows: Sequence[Sequence[Any]],
               *, unit_label: str | None = None, expect: Fingerprint | None = None) -> None:
    """Patch *source* into *target* (may be the same file) with the library's sheets and columns.

    In place, the clerk's previous version is kept in ``.cchc-backup`` beside the file. With
    *expect* (what *source* was when the plan was read), a changed file is refused.
    """

    in_place = source.resolve() == target.resolve()
    if in_place:
        ensure_not_open(source)
    sheets = [summary_sheet(plan, result, unit_label), findings_sheet(finding_rows)]
    columns = status_columns(plan, result)
    patch_workbook(source, target, sheets=sheets, columns=columns,
                   backup_dir=source.parent / BACKUP_DIR if in_place else None, expect=expect)


def status_columns(plan: Plan, result: Coverage) -> list[ColumnPatch]:
    """The ``(tự động)`` columns: one status per criterion row and per task row."""
    patches = []
    criteria_layout = plan.layouts.get(SHEET_CRITERIA)
    if criteria_layout is not None and _has_room(criteria_layout):
        values = {c.row: _status_cell(result.criterion_status.get(c.code, "")) for c in plan.criteria}
        patches.append(_column(criteria_layout, CRITERIA_AUTO_HEADER, values))
    tasks_layout = plan.layouts.get(SHEET_TASKS)
    if tasks_layout is not None and _has_room(tasks_layout):
        values = {s.task.row: _status_cell(s.status) for s in result.task_states}
        patches.append(_column(tasks_layout, TASKS_AUTO_HEADER, values))
    return patches


def _has_room(layout: Layout) -> bool:
    """A sheet whose last column (XFD) is used has no column left for the status: the summary
    and findings sheets are still written, the clerk's sheet is left as it is."""
    return bool(layout.auto_col) or layout.max_col < MAX_COL


def _column(layout: Layout, header: str, values: dict[int, Any]) -> ColumnPatch:
    """The status column; cells below the table (a signature, a note) are the clerk's and stay."""
    col = layout.auto_col or layout.max_col + 1
    last = max([*layout.data_rows, *values, layout.header_row])
    # every row of the table gets a cell, blank ones too, so the column carries the table's grid
    values = {**{row: _status_cell("") for row in layout.data_rows if row > layout.header_row}, **values}
    return ColumnPatch(sheet=layout.sheet, col=col, header_row=layout.header_row, header=header,
                       values=values, width=24, clear_until=last)


def _status_cell(status: str) -> Cell:
    """A whole look (no bold, no number format, wrapped): the cell takes borders, font and
    alignment from the table's neighbouring column, not the neighbour's date format or colour."""
    return Cell(status or None, Style(fill=STATUS_FILLS.get(status), wrap=True))


def summary_sheet(plan: Plan, result: Coverage, unit_label: str | None = None) -> NewSheet:
    """``Tổng hợp``: headline figures, per field, per index, uncovered, overdue, load per lead."""
    unit = unit_label or plan.info.unit_name or Path(plan.path).name
    rows: list[list[Any]] = [
        [Cell("TỔNG HỢP TÌNH HÌNH KHẮC PHỤC CHỈ SỐ CCHC", TITLE)],
        [f"Đơn vị: {unit}"],
        [f"Tính đến ngày: {result.as_of:%d/%m/%Y}  (trang này do phần mềm tự tạo, mỗi lần chạy sẽ ghi lại)"],
        [],
    ]
    rows += _headline(result)
    rows += _tally_table("THEO LĨNH VỰC", "Lĩnh vực",
                         [(f"{code}. {result.field_names.get(code, '')}", t) for code, t in result.by_field.items()])
    rows += _tally_table("THEO CHỈ SỐ", "Chỉ số", list(result.by_index.items()))
    rows += _uncovered(result)
    rows += _overdue(result)
    rows += _load(result)
    return NewSheet(SHEET_SUMMARY, rows, col_widths={1: 52, 2: 16, 3: 16, 4: 16, 5: 16, 6: 16, 7: 16, 8: 16})


def _headline(result: Coverage) -> list[list[Any]]:
    total, tasks, score = result.total, result.tasks, result.score
    scores: list[list[Any]] = []
    if score is not None:
        # every number under its own header: points in «Số điểm», the rate in «Tỷ lệ»
        percent = Cell(score.percent / 100, PCT) if score.percent is not None else None
        scores = [["Tổng điểm đạt (cơ bản + thưởng − trừ)", None, Cell(score.total, POINTS), percent],
                  ["Điểm tối đa áp dụng", None, Cell(score.applicable_max, POINTS)],
                  ["Điểm thưởng", None, Cell(score.bonus, POINTS)],
                  ["Điểm trừ", None, Cell(-score.penalty, POINTS)]]
    return [
        [Cell("CHỈ TIÊU CHÍNH", TITLE)],
        [Cell("Chỉ tiêu", HEAD), Cell("Số tiêu chí / nhiệm vụ", HEAD), Cell("Số điểm", HEAD), Cell("Tỷ lệ", HEAD)],
        *scores,
        ["Tiêu chí bị mất điểm (không tính điều tra XHH)", total.lost, Cell(total.lost_points, POINTS)],
        ["Đã có nhiệm vụ khắc phục", total.covered, Cell(total.covered_points, POINTS)],
        ["Đã hoàn thành khắc phục", total.remedied, Cell(total.remedied_points, POINTS)],
        ["Tỷ lệ có nhiệm vụ (theo số tiêu chí)", None, None, *_rates(total.lost, total.rate)],
        ["Tỷ lệ có nhiệm vụ (theo điểm)", None, None, *_rates(total.lost, total.rate_points)],
        ["Tỷ lệ hoàn thành khắc phục (theo số tiêu chí)", None, None, *_rates(total.lost, total.remedy_rate)],
        ["Tỷ lệ hoàn thành khắc phục (theo điểm)", None, None, *_rates(total.lost, total.remedy_rate_points)],
        ["Tiêu chí điều tra XHH bị mất điểm (tính riêng)", total.survey_lost],
        ["Tổng số nhiệm vụ", tasks.total],
        ["Hoàn thành", tasks.done],
        ["Đang thực hiện", tasks.in_progress],
        ["Chưa thực hiện", tasks.not_started],
        ["Không thực hiện", tasks.dropped],
        [Cell("Quá hạn", Style(bold=True, fill=RED) if tasks.overdue else None), tasks.overdue],
        [],
    ]


def _tally_table(title: str, label: str, items: list[tuple[str, Tally]]) -> list[list[Any]]:
    head = [label, "Mất điểm", "Có nhiệm vụ", "Đã khắc phục", "Điều tra XHH", "Điểm mất", "Tỷ lệ có NV",
            "Tỷ lệ có NV (theo điểm)"]
    rows: list[list[Any]] = [[Cell(title, TITLE)], [Cell(h, HEAD) for h in head]]
    for name, t in items:
        rows.append([name, t.lost, t.covered, t.remedied, t.survey_lost, Cell(t.lost_points, POINTS),
                     *_rates(t.lost, t.rate, t.rate_points)])
    return rows + [[]]


NO_LOSS = "không mất điểm"


def _rates(lost: int, *rates: float) -> list[Any]:
    """Rate cells, or «không mất điểm» where nothing was lost (a 100% there would claim work done)."""
    return [NO_LOSS if not lost else Cell(rate, PCT) for rate in rates]


def _uncovered(result: Coverage) -> list[list[Any]]:
    rows: list[list[Any]] = [[Cell(f"TIÊU CHÍ MẤT ĐIỂM CHƯA CÓ NHIỆM VỤ ({len(result.uncovered)})", TITLE)],
                             [Cell(h, HEAD) for h in ("Tiêu chí", "Mã", "Chỉ số", "Điểm mất", "Ô")]]
    for crit in result.uncovered:
        pos = crit.pos("achieved_points") or crit.pos("code")
        rows.append([crit.name, crit.code, crit.index, Cell(crit.lost_points, POINTS), _link(pos)])
    return rows + [[]]


def _overdue(result: Coverage) -> list[list[Any]]:
    head = ("Nhiệm vụ", "STT", "Chủ trì", "Thời gian hoàn thành", "Hạn", "Số ngày quá hạn", "Ô")
    rows: list[list[Any]] = [[Cell(f"NHIỆM VỤ QUÁ HẠN ({len(result.overdue)})", TITLE)], [Cell(h, HEAD) for h in head]]
    for state in result.overdue:
        task = state.task
        pos = task.pos("deadline_text") or task.pos("task") or task.pos("seq")
        rows.append([task.task or task.content, task.seq, task.lead, task.deadline_text, state.due,
                     state.days_late, _link(pos)])
    return rows + [[]]


def _load(result: Coverage) -> list[list[Any]]:
    rows: list[list[Any]] = [[Cell("NHIỆM VỤ THEO CƠ QUAN/CÔNG CHỨC CHỦ TRÌ", TITLE)],
                             [Cell(h, HEAD) for h in ("Chủ trì", "Số nhiệm vụ", "Hoàn thành", "Chưa xong",
                                                     "Quá hạn")]]
    for item in result.load:
        rows.append([item.lead, item.tasks, item.done, item.open, item.overdue])
    return rows


def _link(pos: Any) -> Cell | None:
    if pos is None:
        return None
    return Cell(pos.cell, LINK, link=f"{quote_sheet(pos.sheet)}!{pos.cell}")


def findings_sheet(finding_rows: Sequence[Sequence[Any]]) -> NewSheet:
    """``Kiểm tra``: every finding, its cell linked, errors in red and warnings in amber.

    *finding_rows* are :class:`FindingRow` tuples (read by name).
    """
    rows: list[list[Any]] = [[Cell(h, HEAD) for h in FINDING_HEADERS]]
    for row in map(FindingRow._make, finding_rows):
        error = row.severity == "error"
        level = Cell("Lỗi" if error else "Cảnh báo", Style(fill=RED if error else AMBER))
        target = Cell(row.cell, LINK, link=f"{quote_sheet(row.sheet)}!{row.cell}") if row.sheet and row.cell else row.cell
        fields = {**row._asdict(), "severity": level, "cell": target, "value": _text(row.value)}
        rows.append([_wrapped(fields[name]) if name in _WRAPPED else fields[name] for name in FINDING_FIELDS])
    if len(rows) == 1:
        empty: dict[str, Any] = {"severity": Cell("Không có lỗi", Style(fill=GREEN)),
                                 "message": _wrapped("Sổ không có lỗi hay cảnh báo.")}
        rows.append([empty.get(name, "") for name in FINDING_FIELDS])
    widths: dict[int, float] = {i: _FINDING_WIDTHS[name] for i, name in enumerate(FINDING_FIELDS, 1)}
    heights = {r: lines * LINE_HEIGHT for r, lines in enumerate(map(_lines, rows), 1) if lines > 1}
    return NewSheet(SHEET_FINDINGS, rows, col_widths=widths, freeze_rows=1, autofilter_row=1, row_heights=heights)


_FINDING_WIDTHS = {"sheet": 14, "cell": 7, "severity": 10, "message": 60, "hint": 45, "header": 20, "value": 20,
                   "code": 24}
_WRAPPED = ("message", "hint", "header", "value")


def _wrapped(text: Any) -> Any:
    """A sentence wraps inside its column, so it reads on screen and prints whole."""
    return Cell(text, Style(wrap=True)) if text not in (None, "") else text


def _lines(row: Sequence[Any]) -> int:
    """Lines the row's tallest wrapped cell takes (LibreOffice keeps one line unless told)."""
    texts = [(getattr(item, "value", item), _FINDING_WIDTHS[name]) for name, item in zip(FINDING_FIELDS, row, strict=True)
             if name in _WRAPPED]
    return max((wrapped_lines(str(text), width - 2) for text, width in texts if isinstance(text, str)), default=1)


def _text(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return value
