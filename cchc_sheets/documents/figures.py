"""The numbers of a periodic report, computed by the same library functions as ``summarize`` and
``merge`` so that the report can never disagree with them.

A workbook goes through :func:`cchc_sheets.consolidate.merge.read_one`, the function ``merge``
reads every input with: a commune's workbook is read and checked (``check_file``) and computed
(``coverage.compute``) as ``summarize`` does; a consolidated workbook is read back unit by unit
and each unit recomputed as of the date. A consolidated input is then settled as ``merge``
settles it (duplicates, criteria set, ranks). Each unit's record carries the very dictionaries
``summarize --format json`` and ``merge --format json`` print (``coverage``, ``tasks``); the
report's totals are sums of those counts, and the detail (per field, per index, overdue,
uncovered, due next) comes from ``compute`` on the same plan and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.compute.coverage import (
    TASK_NO_DEADLINE,
    TASK_ONGOING,
    Coverage,
    Tally,
    TaskCounts,
    TaskState,
    code_key,
    compute,
)
from cchc_sheets.consolidate.layout import MISSING_COLS, SHEET_MISSING
from cchc_sheets.consolidate.merge import read_one, settle
from cchc_sheets.core.columns import header_key
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import SHEET_TASKS, STATUS_DONE, STATUS_DROPPED, Criterion, Plan
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import text_value
from cchc_sheets.documents.periods import Period
from cchc_sheets.read.ooxml import Workbook

register({
    "report.no_tasks_sheet": ("Sổ không có trang «Nhiệm vụ» (hoặc không tìm thấy dòng tiêu đề cột): "
                              "không lập được báo cáo.",
                              "The workbook has no 'Nhiệm vụ' sheet (or no header row in it): no report can be made."),
})

NOT_SENT = "Chưa nộp sổ"  # the «Tình trạng» of a roster unit without a file in the «Chưa nộp» sheet
NO_ROSTER = "Không có danh sách đơn vị"  # the sentence «Chưa nộp» holds when merge ran without --roster


@dataclass(slots=True)
class UnitFigures:
    """One unit: merge's record (the JSON figures), its plan, and the coverage computed from it."""

    record: Any  # cchc_sheets.consolidate.records.UnitRecord
    plan: Plan
    coverage: Coverage

    @property
    def name(self) -> str:
        return self.record.unit_name or self.record.unit_code or ""


@dataclass(slots=True)
class ReportFigures:
    """Everything the report states, as of one date, for one period."""

    path: str
    as_of: dt.date
    period: Period
    consolidated: bool
    units: list[UnitFigures]
    not_sent: list[tuple[str | None, str | None]] | None = field(default_factory=list)  # None: no roster
    criteria_set: str | None = None

    @property
    def tasks(self) -> TaskCounts:
        """Task counts summed over the units (each unit's are ``summarize``'s ``tasks``)."""
        total = TaskCounts()
        for unit in self.units:
            for key, value in unit.record.tasks.items():
                setattr(total, key, getattr(total, key) + value)
        return total

    @property
    def coverage(self) -> Tally:
        return _sum_tallies(unit.coverage.total for unit in self.units)

    def by_group(self, attr: str) -> list[tuple[str, str, Tally]]:
        """(code, name, tally) per field (``by_field``) or per index (``by_index``), summed over units."""
        groups: dict[str, list[Tally]] = {}
        names: dict[str, str] = {}
        for unit in self.units:
            for code, tally in getattr(unit.coverage, attr).items():
                groups.setdefault(code, []).append(tally)
                names.setdefault(code, unit.coverage.field_names.get(code, "") if attr == "by_field" else "")
        order = sorted(groups, key=code_key) if attr == "by_field" else list(groups)
        return [(code, names[code], _sum_tallies(groups[code])) for code in order]

    @property
    def overdue(self) -> list[tuple[UnitFigures, TaskState]]:
        """Overdue tasks, the longest late first within each unit."""
        return [(unit, state) for unit in self.units
                for state in sorted(unit.coverage.overdue, key=lambda s: -s.days_late)]

    @property
    def uncovered(self) -> list[tuple[UnitFigures, Criterion]]:
        return [(unit, crit) for unit in self.units for crit in unit.coverage.uncovered]

    def due_next(self) -> list[tuple[UnitFigures, TaskState]]:
        """Open tasks whose due date falls in the next period's window."""
        window = self.period.next_window()
        return [(unit, state) for unit in self.units for state in unit.coverage.task_states
                if _open(state) and state.due is not None and window.start <= state.due <= window.end]

    def count_states(self, status: str) -> int:
        return sum(state.status == status for unit in self.units for state in unit.coverage.task_states)

    @property
    def ongoing(self) -> int:
        return self.count_states(TASK_ONGOING)

    @property
    def undated(self) -> int:
        return self.count_states(TASK_NO_DEADLINE)

    def not_updated(self) -> list[UnitFigures]:
        """Units whose workbook was last updated before the period's window (or says no date)."""
        return [u for u in self.units if u.record.updated_on is None or u.record.updated_on < self.period.start]

    @property
    def errors(self) -> int:
        return sum(unit.record.errors for unit in self.units)

    def to_dict(self) -> dict[str, Any]:
        """The figures in the shape of ``summarize``/``merge`` JSON, for tests and tools."""
        return {
            "as_of": self.as_of.isoformat(),
            "period": {"label": self.period.label, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat()},
            "units": [{"unit_code": u.record.unit_code, "unit_name": u.record.unit_name,
                       "coverage": u.record.coverage, "tasks": u.record.tasks} for u in self.units],
            "coverage": self.coverage.to_dict(),
            "tasks": self.tasks.to_dict(),
            "uncovered": [[u.record.unit_code, c.code] for u, c in self.uncovered],
            "overdue": [[u.record.unit_code, s.task.row, s.days_late] for u, s in self.overdue],
            "not_sent": None if self.not_sent is None else [list(item) for item in self.not_sent],
        }


def _open(state: TaskState) -> bool:
    return state.task.status not in (STATUS_DONE, STATUS_DROPPED)


def _sum_tallies(tallies: Any) -> Tally:
    total = Tally()
    for tally in tallies:
        for key in ("lost", "covered", "remedied", "survey_lost", "lost_points", "covered_points", "remedied_points"):
            setattr(total, key, getattr(total, key) + getattr(tally, key))
    return total


def keep_plan(plan: Plan) -> Plan:
    """``read_one``'s snapshot hook: keep the plan itself (the report reads one file, in-process)."""
    return plan


def report_figures(path: Path, as_of: dt.date, period: Period) -> ReportFigures:
    """Read *path* (a commune's or a consolidated workbook) and compute the report's figures.

    Raises :class:`UnreadableFile` with the reader's own sentence when the file cannot be used.
    """

    outcome = read_one(str(path), as_of, snapshot=keep_plan)
    if outcome.reason is not None and not outcome.units_read:
        raise UnreadableFile(outcome.reason.key, path=str(path), **outcome.reason.params)
    if not outcome.consolidated:
        record = outcome.units_read[0]
        if SHEET_TASKS not in record.snapshot.layouts:
            raise UnreadableFile("report.no_tasks_sheet", path=str(path))
        return ReportFigures(str(path), as_of, period, False, [_unit(record, as_of)],
                             criteria_set=record.criteria_set)
    result = settle([outcome], as_of, None)
    return ReportFigures(str(path), as_of, period, True, [_unit(r, as_of) for r in result.units],
                         not_sent=roster_missing(path), criteria_set=result.criteria_set)


def _unit(record: Any, as_of: dt.date) -> UnitFigures:
    plan = record.snapshot
    return UnitFigures(record, plan, compute(plan, as_of))


def roster_missing(path: Path) -> list[tuple[str | None, str | None]] | None:
    """(code, name) of the roster's units that sent no file, from the «Chưa nộp» sheet ``merge``
    wrote; None when the merge had no roster (the sheet then says so in a sentence)."""

    with Workbook(path) as book:
        ref = next((s for s in book.sheets if fold(s.name) == fold(SHEET_MISSING)), None)
        if ref is None:
            return None
        grid = book.grid(ref)
    wanted = {header_key(c.header): c.header for c in MISSING_COLS}
    columns = {wanted[header_key(value)]: col for (row, col), cell in grid.cells.items()
               if row == 1 and isinstance(value := grid.value(row, col), str) and header_key(value) in wanted}
    if not {"Tình trạng", "Mã đơn vị", "Tên đơn vị"} <= columns.keys():
        return None
    missing = []
    for row in sorted({r for r, _ in grid.cells if r > 1}):
        status = fold(text_value(grid.value(row, columns["Tình trạng"])) or "")
        if status.startswith(fold(NO_ROSTER)):
            return None
        if status == fold(NOT_SENT):
            missing.append((text_value(grid.value(row, columns["Mã đơn vị"])),
                            text_value(grid.value(row, columns["Tên đơn vị"]))))
    return missing
