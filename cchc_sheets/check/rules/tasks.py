"""Rules on ``Nhiệm vụ``: what a district reviewer checks on every task row.

A task only counts for coverage when it has a text, a lead and a deadline, and links to codes
that exist; its status, progress, completion date and evidence must tell one story; numbering
must not repeat within a section; and agency names and deadline phrases must be ones the
consolidation can read (a lead spelled three ways is three agencies in the load table, a
deadline nobody can date is never overdue).
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_sheets.check.rules.base import Context, did_you_mean
from cchc_sheets.compute.agencies import AgencyDirectory, directory_for
from cchc_sheets.compute.deadlines import KIND_UNKNOWN, parse_deadline
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.model import (
    KINDS,
    SHEET_CRITERIA,
    SHEET_TASKS,
    STATUS_DONE,
    STATUS_DROPPED,
    STATUS_IN_PROGRESS,
    STATUS_NOT_STARTED,
    STATUSES,
    Pos,
    Task,
)
from cchc_sheets.core.text import fold


def check(ctx: Context) -> list[Finding]:
    """All ``Nhiệm vụ`` findings; nothing when the table was not found (reported already)."""
    if SHEET_TASKS not in ctx.plan.layouts:
        return []
    codes = {c.code for c in ctx.plan.criteria} if SHEET_CRITERIA in ctx.plan.layouts else None
    info = ctx.plan.info
    directory = directory_for(ctx.plan.lists.agencies, info.year_for_deadlines, info.unit_level)
    out: list[Finding] = []
    for task in ctx.plan.tasks:
        out += _links(ctx, task, codes)
        out += _required(ctx, task)
        out += _choices(ctx, task)
        out += _progress(ctx, task)
        out += _completion(ctx, task)
        out += _leads(ctx, task, directory)
        out += _deadlines(ctx, task)
    return out + _repeated_numbers(ctx)


def _at(ctx: Context, code: str, task: Task, field: str, /, **args: object) -> list[Finding]:
    """One finding at *field* of *task*; none when the column is missing (COLUMN-MISSING said so)."""
    pos = ctx.pos(task, field, SHEET_TASKS, task.row)
    return [] if pos is None else [ctx.finding(code, pos, task.raw.get(field), **args)]


def _links(ctx: Context, task: Task, codes: set[str] | None) -> list[Finding]:
    """Every linked code exists in ``Tiêu chí``; a task with no code covers nothing."""
    if "criteria_codes" not in ctx.plan.layouts[SHEET_TASKS].columns:
        return []
    if not task.criteria_codes:
        return _at(ctx, "TASK-NO-CODE", task, "criteria_codes")
    unknown = [code for code in dict.fromkeys(task.criteria_codes) if codes is not None and code not in codes]
    return [f for code in unknown for f in _at(ctx, "TASK-CODE-UNKNOWN", task, "criteria_codes", code=code)]


def _required(ctx: Context, task: Task) -> list[Finding]:
    """Task text, lead and deadline on the task row: what makes a task count (``Task.is_valid``)."""
    columns = ctx.plan.layouts[SHEET_TASKS].columns
    out = []
    if not (task.task or task.content):
        out += _at(ctx, "TASK-NO-TEXT", task, "task" if "task" in columns else "content")
    if task.status == STATUS_DROPPED:
        return out  # a dropped task needs no lead or deadline
    if not task.lead:
        out += _at(ctx, "TASK-NO-LEAD", task, "lead")
    if task.raw.get("deadline_text") is None and task.raw.get("due_date") is None:
        out += _at(ctx, "TASK-NO-DEADLINE", task, "deadline_text" if "deadline_text" in columns else "due_date")
    return out


def _choices(ctx: Context, task: Task) -> list[Finding]:
    """Status and kind typed outside their dropdowns (known spellings were mapped by the reader)."""
    out = []
    if task.status and task.status not in STATUSES:
        out += _at(ctx, "TASK-STATUS-UNKNOWN", task, "status", allowed=", ".join(STATUSES),
                   suggestion=did_you_mean(task.status, STATUSES))
    if task.kind and task.kind not in KINDS:
        out += _at(ctx, "TASK-KIND-UNKNOWN", task, "kind", allowed=" / ".join(KINDS),
                   suggestion=did_you_mean(task.kind, KINDS))
    return out


def _progress(ctx: Context, task: Task) -> list[Finding]:
    """0–100, and consistent with the status."""
    progress = task.progress
    if progress is None:
        return []
    shown = round(progress, 1)
    if not 0 <= progress <= 100:
        return _at(ctx, "TASK-PROGRESS-RANGE", task, "progress", progress=shown)
    if task.status == STATUS_DONE and progress < 100:
        return _at(ctx, "TASK-PROGRESS-DONE", task, "progress", progress=shown)
    if task.status == STATUS_NOT_STARTED and progress > 0:
        return _at(ctx, "TASK-PROGRESS-NOT-STARTED", task, "progress", progress=shown)
    return []


def _completion(ctx: Context, task: Task) -> list[Finding]:
    """A done task has evidence and a date; a completion date is neither future nor before the plan."""
    out = []
    if task.status == STATUS_DONE:
        if task.raw.get("evidence") is None:
            out += _at(ctx, "TASK-DONE-NO-EVIDENCE", task, "evidence")
        if task.raw.get("done_on") is None:
            out += _at(ctx, "TASK-DONE-NO-DATE", task, "done_on")
    done_on, issued = task.done_on, ctx.plan.info.issued_on
    if done_on is None:
        return out
    if done_on > ctx.as_of:
        out += _at(ctx, "TASK-DONE-FUTURE", task, "done_on", as_of=ctx.as_of)
    elif issued is not None and done_on < issued:
        out += _at(ctx, "TASK-DONE-BEFORE-ISSUED", task, "done_on", issued_on=issued)
    if task.status in (STATUS_NOT_STARTED, STATUS_IN_PROGRESS):
        out += _at(ctx, "TASK-DATE-NOT-DONE", task, "done_on", status=task.status)
    return out


def _cells(task: Task, field: str) -> Iterator[tuple[str, Pos]]:
    """Distinct texts of *field* on the task row and its activity rows, each at its first cell.

    A lead merged over three activity rows is one cell typed once, so it is checked once.
    """
    seen: set[str] = set()
    for item in (task, *task.activities):
        text, pos = getattr(item, field), item.pos(field)
        if text and pos is not None and fold(text) not in seen:
            seen.add(fold(text))
            yield text, pos


def _leads(ctx: Context, task: Task, directory: AgencyDirectory) -> list[Finding]:
    """A lead spelled close to a known agency but not as it: say which one was probably meant.
    In a plan from 2025 on, a title from before 7/2025: say which body does that work now."""
    out = []
    for text, pos in _cells(task, "lead"):
        for match in directory.resolve_cell(text):
            if match.suggestion:
                out.append(ctx.finding("TASK-LEAD-SPELLING", pos, text, typed=match.typed,
                                       suggestion=match.suggestion))
            elif match.now:
                out.append(ctx.finding("TASK-LEAD-LEGACY", pos, text, typed=match.typed, now=match.now))
    return out


def _deadlines(ctx: Context, task: Task) -> list[Finding]:
    """Deadline phrases that cannot be dated (unless a real due date is typed beside them)."""
    year = ctx.plan.info.year_for_deadlines
    out = []
    for text, pos in _cells(task, "deadline_text"):
        if pos.row == task.row and task.due_date is not None:
            continue
        if parse_deadline(text, year).kind == KIND_UNKNOWN:
            out.append(ctx.finding("TASK-DEADLINE-UNKNOWN", pos, text))
    return out


def _first_task_row(ctx: Context, task: Task) -> int:
    """The row of the first task of *task*'s section (a table without numbers at all is fine)."""
    return next(t.row for t in ctx.plan.tasks if t.section is task.section)


def _repeated_numbers(ctx: Context) -> list[Finding]:
    """The same STT twice within one section (numbering restarts in each section), or none at all."""
    first: dict[tuple[int, str], int] = {}
    out: list[Finding] = []
    numbered = "seq" in ctx.plan.layouts[SHEET_TASKS].columns
    for task in ctx.plan.tasks:
        if not task.seq:
            if numbered and task.row != _first_task_row(ctx, task):
                out += _at(ctx, "TASK-SEQ-MISSING", task, "seq")
            continue
        key = (id(task.section), task.seq)
        if key in first:
            out += _at(ctx, "TASK-SEQ-DUPLICATE", task, "seq", first_row=first[key])
        else:
            first[key] = task.row
    return out
