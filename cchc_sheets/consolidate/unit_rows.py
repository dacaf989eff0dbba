"""One unit's rows of the consolidated workbook, rendered in the worker process that read its
file (see :mod:`cchc_sheets.write.row_stream` for why): its tasks, overdue tasks and findings as
compressed row blobs, and what the matrix needs of its criteria.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from cchc_sheets.check.report import FINDING_FIELDS, FindingRow
from cchc_sheets.compute.coverage import Coverage, TaskState
from cchc_sheets.consolidate.layout import (
    FINDING_COLS,
    LOST_NOT_APPLICABLE,
    LOST_STATES,
    LOST_UNSCORED,
    OVERDUE_COLS,
    STYLE,
    TASK_COLS,
    TASK_FILLS,
    Blob,
    styles,
)
from cchc_sheets.consolidate.records import CriterionMeta
from cchc_sheets.core.model import Plan
from cchc_sheets.write.row_stream import Styled, render_rows


def unit_rows(plan: Plan, result: Coverage, findings: Sequence[Sequence[Any]], file: str) -> tuple[Blob, Blob, Blob]:
    """The unit's ``Nhiệm vụ``, ``Quá hạn`` and ``Kiểm tra`` rows, rendered and compressed."""
    unit = (plan.info.unit_code, plan.info.unit_name)
    tasks = render_rows((_task_row(unit, state) for state in result.task_states), styles(TASK_COLS))
    overdue = render_rows((_overdue_row(unit, state) for state in result.overdue), styles(OVERDUE_COLS))
    return tasks, overdue, finding_blob(unit, file, findings)


def finding_blob(unit: tuple[str | None, str | None], file: str, findings: Iterable[Sequence[Any]]) -> Blob:
    """``Kiểm tra`` rows from (code, severity, sheet, cell, header, value, message, hint) tuples."""
    return render_rows((_finding_row(unit, file, row) for row in findings), styles(FINDING_COLS))


def _task_row(unit: tuple[str | None, str | None], state: TaskState) -> list[Any]:
    task = state.task
    fill = TASK_FILLS.get(state.status)
    return [*unit, task.seq, "; ".join(task.criteria_codes), task.task or task.content, task.lead, task.deadline_text,
            state.due, task.status, Styled(state.status, STYLE[fill]) if fill else state.status,
            state.days_late or None, task.kind, task.support, task.progress, task.done_on, task.evidence, task.row]


def _overdue_row(unit: tuple[str | None, str | None], state: TaskState) -> list[Any]:
    task = state.task
    return [*unit, task.seq, task.task or task.content, task.lead, task.deadline_text, state.due,
            Styled(state.days_late, STYLE["red"]), task.status, task.progress, task.row]


def _finding_row(unit: tuple[str | None, str | None], file: str, row: Sequence[Any]) -> list[Any]:
    finding = FindingRow._make(row)
    level = Styled("Lỗi", STYLE["red"]) if finding.severity == "error" else Styled("Cảnh báo", STYLE["amber"])
    value = finding.value.strftime("%d/%m/%Y") if isinstance(finding.value, dt.date) else finding.value
    fields = {**finding._asdict(), "severity": level, "value": value}
    return [*unit, *(fields[name] for name in FINDING_FIELDS), file]


def lost_cells(plan: Plan, result: Coverage) -> dict[str, tuple[float | None, int]]:
    """Leaf code -> (lost points, LOST_* state) for every leaf the matrix colours.

    Full leaves are left out (a blank cell); an unscored leaf has no points, nor one that does
    not arise in the unit (its own state, so the level above reads it back as not applicable).
    """
    cells: dict[str, tuple[float | None, int]] = {}
    for crit in plan.leaves():
        if crit.not_applicable:
            cells[crit.code] = (None, LOST_NOT_APPLICABLE)
        elif crit.max_points is None or crit.achieved_points is None:
            cells[crit.code] = (None, LOST_UNSCORED)
            continue
        state = LOST_STATES.get(result.criterion_status.get(crit.code, ""))
        if state is not None:
            cells[crit.code] = (round(crit.lost_points, 4), state)
    return cells


def criteria_meta(plan: Plan) -> tuple[CriterionMeta, ...]:
    return tuple(CriterionMeta(c.code, c.name, c.index, c.method, c.max_points, c.is_leaf, c.points_kind)
                 for c in plan.criteria)

