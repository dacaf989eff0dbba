"""A consolidated workbook read back as units, when it is itself an input of the level above
(a province merging what its districts consolidated). The sheets are found by name and their
columns by header text, per :mod:`.layout`; a hidden sheet whose A1 says ``MARKER`` marks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cchc_sheets.check.report import FINDING_HEADER_OF, FINDING_OLD_HEADERS, FindingRow
from cchc_sheets.consolidate.layout import (
    FINDING_COLS,
    MARKER,
    MATRIX_COLS,
    META_KIND_LABELS,
    META_SHEET,
    NOT_ARISING,
    SHEET_MATRIX,
    SUMMARY_COLS,
    TASK_COLS,
    TOTAL_LABEL,
    UNIT_COLS,
    UNSCORED,
    Col,
)
from cchc_sheets.consolidate.records import unit_code_key
from cchc_sheets.core import columns as cols
from cchc_sheets.core.codes import link_tree, split_codes
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import SHEET_FINDINGS, SHEET_SUMMARY, SHEET_TASKS, Criterion, Plan, Pos, Task
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import date_value, number_value, text_value
from cchc_sheets.read.ooxml import Grid, Workbook

register({
    "consolidated.missing_column": (
        "Sổ tổng hợp thiếu cột «{column}» ở trang «{sheet}» (có thể đã bị xóa); hãy xin cấp dưới gửi lại sổ tổng hợp.",
        "The consolidated workbook lacks column «{column}» in sheet «{sheet}» (deleted?); ask for it again.",
    ),
})


@dataclass(slots=True)
class CarriedUnit:
    """A unit read back from a consolidated workbook: a plan to recompute, and its findings."""

    plan: Plan
    findings: list[tuple[Any, ...]]
    source: str


def is_consolidated(book: Workbook) -> bool:
    """True for a workbook this module wrote (the hidden marker sheet says so)."""
    ref = next((s for s in book.sheets if fold(s.name) == fold(META_SHEET)), None)
    return ref is not None and book.grid(ref).value(1, 1) == MARKER


def read_units(book: Workbook, path: str) -> list[CarriedUnit]:
    """Every unit of a consolidated workbook, rebuilt as a plan that ``coverage.compute`` takes.

    Criteria come from ``Ma trận`` (achieved = max - lost), tasks from ``Nhiệm vụ`` with their
    computed due date as the due date, findings from ``Kiểm tra``: recomputing as of the new
    date gives the same figures the level below reported, with overdue judged anew.
    """
    grids = {fold(s.name): s for s in book.sheets}

    def table(name: str, columns: Sequence[Col], header_row: int) -> _Table:
        ref = grids.get(fold(name))
        return _Table(book.grid(ref) if ref else Grid(name), columns, header_row, REQUIRED_COLS[name])

    summary = table(SHEET_SUMMARY, SUMMARY_COLS, 1)
    meta = book.grid(grids[fold(META_SHEET)])
    criteria_set = text_value(meta.value(3, 2))
    year = _number(meta.value(6, 2)) if meta.value(6, 1) == "Năm đánh giá" else None
    plans: dict[str, CarriedUnit] = {}
    for row in summary.rows():
        if row.get("STT") == TOTAL_LABEL:
            continue  # the totals row
        unit = _carried_unit(row, path, criteria_set)
        unit.plan.info.assessed_year = int(year) if year else None
        plans[_unit_key(unit.plan)] = unit
    _carry_criteria(table(SHEET_MATRIX, MATRIX_COLS, 2), plans, _kinds(meta))
    _carry_tasks(table(SHEET_TASKS, TASK_COLS, 1), plans)
    for row in table(SHEET_FINDINGS, (*FINDING_COLS, *_OLD_FINDING_COLS), 1).rows():
        carried = plans.get(_row_key(row))
        if carried is not None:
            carried.findings.append(_finding(row))
    return list(plans.values())


# Headers a workbook written before the current layout may carry (read when the new one is absent).
_OLD_FINDING_COLS = tuple(Col(header, 10) for header in FINDING_OLD_HEADERS.values())


def _finding(row: dict[str, Any]) -> FindingRow:
    """A ``Kiểm tra`` row as a :class:`FindingRow`, its columns found by header in any order."""
    def field(name: str) -> Any:
        value = row.get(FINDING_HEADER_OF[name])
        old = FINDING_OLD_HEADERS.get(name)
        return row.get(old) if value is None and old else value

    severity = "error" if fold(str(row.get(FINDING_HEADER_OF["severity"]) or "")) == fold("Lỗi") else "warning"
    return FindingRow._make(severity if name == "severity" else field(name) for name in FindingRow._fields)


_UNIT_KEYS = tuple(c.header for c in UNIT_COLS)
# Columns without which a unit's figures would come back wrong (the rest may be deleted).
REQUIRED_COLS = {SHEET_SUMMARY: _UNIT_KEYS, SHEET_MATRIX: ("Mã", "Điểm tối đa"),
                 SHEET_TASKS: (*_UNIT_KEYS, "Mã tiêu chí", "Trạng thái"), SHEET_FINDINGS: _UNIT_KEYS}


class _Table:
    """Rows of one consolidated table as header -> value dicts (columns found by header text).

    A column the level below deleted is absent from the dicts (read with ``.get``); a *required*
    one makes the workbook unreadable with a sentence naming it. Only rows and header cells that
    exist are visited, so a stray cell far away costs nothing.
    """

    def __init__(self, grid: Grid, columns: Sequence[Col], header_row: int, required: Sequence[str] = ()) -> None:
        self.grid = grid
        self.header_row = header_row
        wanted = {cols.header_key(c.header): c.header for c in columns}
        self.columns: dict[str, int] = {}
        self.extra: dict[int, Any] = {}
        for col in sorted(c for r, c in grid.cells if r == header_row):
            value = grid.value(header_row, col)
            header = wanted.get(cols.header_key(value)) if isinstance(value, str) else None
            if header is not None:
                self.columns.setdefault(header, col)
            elif col > len(columns):
                self.extra[col] = value
        missing = [header for header in required if header not in self.columns]
        if missing:
            raise UnreadableFile("consolidated.missing_column", column=missing[0], sheet=grid.name)

    def rows(self) -> Iterator[dict[str, Any]]:
        for row in sorted({r for r, _ in self.grid.cells if r > self.header_row}):
            values = {header: self.grid.value(row, col) for header, col in self.columns.items()}
            if any(v is not None for v in values.values()):
                values["_row"] = row
                yield values


def _carried_unit(row: dict[str, Any], path: str, criteria_set: str | None) -> CarriedUnit:
    plan = Plan(path)
    info = plan.info
    info.unit_code, info.unit_name = text_value(row["Mã đơn vị"]), text_value(row["Tên đơn vị"])
    info.unit_level, info.parent_name = text_value(row.get("Cấp")), text_value(row.get("Đơn vị cấp trên"))
    info.criteria_set = text_value(row.get("Bộ tiêu chí")) or criteria_set
    info.period = text_value(row.get("Kỳ báo cáo"))
    info.updated_on = _date(row.get("Ngày cập nhật"))
    info.total_score = _number(row.get("Điểm đạt"))
    source = text_value(row.get("Tệp nguồn")) or ""
    return CarriedUnit(plan, [], f"{path} › {source}" if source else path)


def _unit_key(plan: Plan) -> str:
    return _code_or_name(plan.info.unit_code, plan.info.unit_name)


def _row_key(row: dict[str, Any]) -> str:
    return _code_or_name(text_value(row["Mã đơn vị"]), text_value(row["Tên đơn vị"]))


def _code_or_name(code: str | None, name: str | None) -> str:
    """Codes as the official list writes them: «Tổng hợp» pads them (00001) where a unit's own
    rows in «Nhiệm vụ» and «Kiểm tra» may keep what the clerk typed (1); both are one unit."""
    return unit_code_key(code) if code else fold(name or "")


def _kinds(meta: Grid) -> dict[str, str]:
    """Code -> bonus / penalty, from the meta sheet's rows (absent in older workbooks: all base)."""
    labels = {label: kind for kind, label in META_KIND_LABELS.items()}
    kinds: dict[str, str] = {}
    for row in range(1, min(meta.max_row, 40) + 1):
        kind = labels.get(text_value(meta.value(row, 1)) or "")
        if kind is None:
            continue
        for code in (text_value(meta.value(row, 2)) or "").split(";"):
            if code.strip():
                kinds[code.strip()] = kind
    return kinds


def _carry_criteria(matrix: _Table, plans: dict[str, CarriedUnit], kinds: dict[str, str]) -> None:
    """Each unit gets every criterion row; a leaf's achieved points are max minus its cell (a
    penalty's are minus its cell; «không phát sinh» marks a criterion that does not arise).
    Bonus leaves are given back from the unit's total (:func:`_spread_bonus`)."""

    unit_cols: dict[str, int] = {}
    for col, header in matrix.extra.items():
        text = text_value(header)
        if text:
            unit_cols.setdefault(text, col)
            unit_cols.setdefault(fold(text), col)
    for row in matrix.rows():
        code = text_value(row["Mã"])
        if not code:
            continue
        max_points = _number(row["Điểm tối đa"])
        for key, unit in plans.items():
            at = unit_cols.get(key)
            cell = matrix.grid.value(row["_row"], at) if at else None
            crit = Criterion(code=code, name=text_value(row.get("Nội dung tiêu chí")) or "",
                             index=text_value(row.get("Chỉ số")) or "", max_points=max_points,
                             method=text_value(row.get("Phương thức đánh giá")), row=row["_row"],
                             points_kind=kinds.get(code, ""))
            crit.not_applicable = cell == NOT_ARISING
            lost = None if cell in (UNSCORED, NOT_ARISING) else (_number(cell) or 0.0)
            crit.achieved_points = None if lost is None or max_points is None else round(max_points - lost, 4)
            unit.plan.criteria.append(crit)
    for unit in plans.values():
        link_tree(unit.plan.criteria)
        for crit in unit.plan.criteria:  # a penalty's lost points are its deduction: achieved = −lost
            if crit.is_penalty and crit.achieved_points is not None and crit.max_points is not None:
                crit.achieved_points = round(crit.achieved_points - crit.max_points, 4)
        _spread_bonus(unit.plan)


def _spread_bonus(plan: Plan) -> None:
    """Bonus points back from the unit's total («Điểm đạt» of ``Tổng hợp``): a bonus loses no
    points, so the matrix has no cell for it. The total less the other leaves is given to the
    bonus leaves in code order, each up to its maximum: the unit's score and rank survive, the
    split between bonus rows is not known here."""
    bonus = [c for c in plan.leaves() if c.is_bonus and c.achieved_points is not None]
    if not bonus or plan.info.total_score is None:
        return
    others = sum(c.achieved_points or 0.0 for c in plan.leaves() if not c.is_bonus and not c.not_applicable)
    left = round(plan.info.total_score - others, 4)
    for crit in bonus:
        crit.achieved_points = max(0.0, min(left, crit.max_points or 0.0))
        left = round(left - crit.achieved_points, 4)


def _carry_tasks(tasks: _Table, plans: dict[str, CarriedUnit]) -> None:
    for row in tasks.rows():
        unit = plans.get(_row_key(row))
        if unit is None:
            continue
        line = _number(row.get("Dòng"))
        task = Task(row=int(line) if line else row["_row"], seq=text_value(row.get("STT")),
                    criteria_codes=split_codes(text_value(row["Mã tiêu chí"])),
                    kind=text_value(row.get("Loại nhiệm vụ")), task=text_value(row.get("Nhiệm vụ/Giải pháp")),
                    lead=text_value(row.get("Chủ trì")), support=text_value(row.get("Phối hợp")),
                    deadline_text=text_value(row.get("Thời gian hoàn thành")),
                    due_date=_date(row.get("Hạn hoàn thành (tính)")), status=text_value(row["Trạng thái"]),
                    progress=_number(row.get("Tiến độ (%)")), done_on=_date(row.get("Ngày hoàn thành")),
                    evidence=text_value(row.get("Tài liệu kiểm chứng")))
        task.source["task"] = Pos(SHEET_TASKS, task.row, 1)
        task.last_row = task.row
        unit.plan.tasks.append(task)


def _number(value: Any) -> float | None:
    number = number_value(value)
    return number if isinstance(number, float) else None


def _date(value: Any) -> dt.date | None:
    day = date_value(value)
    return day if isinstance(day, dt.date) else None
