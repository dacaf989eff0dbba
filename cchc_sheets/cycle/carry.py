"""Which of this year's tasks go on into next year's plan, and how they read there.

Carried: every «Duy trì» task (maintenance recurs every year), and every «Khắc phục» task that is
neither «Hoàn thành» nor «Không thực hiện» (a remedy not finished). A task whose kind is blank
gets the kind the library derives for it: «Khắc phục» when a criterion it names (or one below)
lost points, «Duy trì» otherwise.

A carried task starts the new year «Chưa thực hiện» with no progress, completion date or
evidence; its last status and progress go in its note, so nothing the clerk reported is lost.
Deadlines: a text without a year (``Quý II``, ``trước 30/6``) or a recurring one (``Thường
xuyên``, ``hằng quý``) is re-read against the new plan year, so a due date typed for it last year
is cleared; a deadline tied to a year (``Quý II/2025``, a typed date) is kept as written and the
note asks for a new one. Tasks naming a criterion the new set lacks are carried too, and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_sheets.compute.deadlines import KIND_ONGOING, KIND_RECURRING, parse_deadline
from cchc_sheets.core.model import (
    KIND_MAINTAIN,
    KIND_REMEDY,
    SHEET_TASKS,
    STATUS_DONE,
    STATUS_DROPPED,
    STATUS_NOT_STARTED,
    Agency,
    Plan,
    Task,
    TaskRow,
)
from cchc_sheets.core.text import fold
from cchc_sheets.write.template import HEADER_ROW
from cchc_sheets.write.xlsx_patch import Cell, NewSheet, Style, quote_sheet

SHEET_CARRIED = "Chuyển năm"
_COPIED = ("content", "task", "activity", "output", "lead", "support", "deadline_text", "budget")
_ACTIVITY = ("activity", "output", "lead", "support", "deadline_text", "budget")
HEAD = Style(bold=True, fill="DDEBF7", wrap=True)
TITLE = Style(bold=True)
WARN = Style(fill="FFEB9C", wrap=True)
LINK = Style(font_color="0563C1")


@dataclass(slots=True)
class Carried:
    """One task taken into the new plan: where it was, where it is, what to look at."""

    task: Task
    kind: str
    new_seq: int
    new_row: int  # 1-based row of the task in the new ``Nhiệm vụ`` sheet
    vanished: list[str] = field(default_factory=list)  # its codes the new criteria set lacks
    deadline: str = "kept"  # "reread" (relative or recurring), "revise" (tied to the old year), "kept"


@dataclass(slots=True)
class CarryPlan:
    """The new ``Nhiệm vụ`` rows and the account of every old task."""

    rows: list[TaskRow]
    carried: list[Carried]
    left: list[tuple[Task, str]]  # tasks not carried, with their kind

    def counts(self) -> dict[str, int]:
        return {"maintain": sum(c.kind == KIND_MAINTAIN for c in self.carried),
                "remedy": sum(c.kind == KIND_REMEDY for c in self.carried),
                "not_carried": len(self.left),
                "vanished_criteria": sum(bool(c.vanished) for c in self.carried),
                "deadlines_reread": sum(c.deadline == "reread" for c in self.carried),
                "deadlines_to_revise": sum(c.deadline == "revise" for c in self.carried)}


def task_kind(task: Task, plan: Plan) -> str:
    """The task's kind as typed, else derived from whether its criteria lost points."""
    if task.kind in (KIND_REMEDY, KIND_MAINTAIN):
        return task.kind
    lost = {crit.code for crit in plan.leaves() if crit.lost_points > 0}
    linked = any(code == c or code.startswith(c + ".") for c in task.criteria_codes for code in lost)
    return KIND_REMEDY if linked or not task.criteria_codes else KIND_MAINTAIN


def is_carried(task: Task, kind: str) -> bool:
    return kind == KIND_MAINTAIN or task.status not in (STATUS_DONE, STATUS_DROPPED)


def carry_tasks(plan: Plan, new_year: int, new_codes: set[str]) -> CarryPlan:
    """The new plan's task rows (sections kept over their tasks), numbered from 1."""
    old_year = plan.info.year_for_deadlines
    rows: list[TaskRow] = []
    carried: list[Carried] = []
    left: list[tuple[Task, str]] = []
    section = None
    for task in plan.tasks:
        kind = task_kind(task, plan)
        if not is_carried(task, kind):
            left.append((task, kind))
            continue
        if task.section is not None and task.section is not section:
            section = task.section
            rows.append(TaskRow({"seq": section.label}, section=section.title))
        item = Carried(task, kind, len(carried) + 1, HEADER_ROW + len(rows) + 1,
                       [code for code in task.criteria_codes if code not in new_codes])
        values: dict[str, Any] = {name: getattr(task, name) for name in _COPIED}
        values.update(seq=item.new_seq, criteria_codes="; ".join(task.criteria_codes), kind=kind,
                      status=STATUS_NOT_STARTED)
        values["due_date"], item.deadline = carried_due(task, old_year, new_year)
        values["note"] = carried_note(task, item, old_year)
        rows.append(TaskRow(values))
        rows.extend(TaskRow({name: getattr(a, name) for name in _ACTIVITY}) for a in task.activities)
        carried.append(item)
    return CarryPlan(rows, carried, left)


def carried_due(task: Task, old_year: int | None, new_year: int) -> tuple[Any, str]:
    """(the due date to write, how the deadline was treated)."""
    text = task.deadline_text
    if text:
        then = parse_deadline(text, old_year or new_year - 1)
        if then.kind in (KIND_RECURRING, KIND_ONGOING):
            return None, "reread"
        if then.due is not None and then.due != parse_deadline(text, new_year).due:
            return None, "reread"
        if then.due is not None or task.due_date is not None:
            return task.due_date, "revise"
        return task.due_date, "kept"
    return task.due_date, ("revise" if task.due_date is not None else "kept")


def carried_note(task: Task, item: Carried, old_year: int | None) -> str:
    """``Chuyển từ kế hoạch năm 2025 (STT 3): trạng thái cuối «Đang thực hiện», tiến độ 40%.``"""
    year = f" năm {old_year}" if old_year else ""
    seq = f" (STT {task.seq})" if task.seq else ""
    status = task.status or "chưa ghi"
    progress = f", tiến độ {_pct(task.progress)}%" if task.progress is not None else ""
    parts = [f"Chuyển từ kế hoạch{year}{seq}: trạng thái cuối «{status}»{progress}."]
    if item.deadline == "revise":
        parts.append("Hạn cũ gắn với năm trước: cần ghi thời gian hoàn thành mới.")
    if item.vanished:
        parts.append(f"Mã tiêu chí {', '.join(item.vanished)} không còn trong bộ tiêu chí mới: cần xem lại.")
    if task.note:
        parts.append(task.note)
    return " ".join(parts)


def _pct(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


def merged_agencies(clerk: list[Agency], builtin: list[Agency]) -> list[Agency]:
    """The built-in agency list with the clerk's own aliases and agencies of ``Danh mục`` added:
    new official names arrive, nothing the clerk taught the workbook is lost."""
    out = [Agency(a.name, list(a.aliases)) for a in builtin]
    by_name = {fold(a.name): a for a in out}
    for agency in clerk:
        known = by_name.get(fold(agency.name))
        if known is None:
            known = by_name[fold(agency.name)] = Agency(agency.name, [])
            out.append(known)
        seen = {fold(alias) for alias in known.aliases}
        for alias in agency.aliases:
            if fold(alias) not in seen:
                known.aliases.append(alias)
                seen.add(fold(alias))
    return out


def carried_sheet(carry: CarryPlan, old_year: int | None, new_year: int) -> NewSheet:
    """``Chuyển năm``: tasks to look at first (their criterion is gone), then every carried task,
    then the tasks left behind, each carried one linked to its row in ``Nhiệm vụ``."""
    vanished = [c for c in carry.carried if c.vanished]
    rows: list[list[Any]] = [
        [Cell(f"NHIỆM VỤ CHUYỂN TỪ KẾ HOẠCH NĂM {old_year or '?'} SANG NĂM {new_year}", TITLE)],
        ["Trang do phần mềm tạo khi lập sổ năm mới; sửa nhiệm vụ ở trang «Nhiệm vụ»."],
        [],
        [Cell(f"NHIỆM VỤ CÓ MÃ TIÊU CHÍ KHÔNG CÒN TRONG BỘ TIÊU CHÍ MỚI ({len(vanished)})", TITLE)],
        [Cell(h, HEAD) for h in ("STT mới", "STT cũ", "Mã tiêu chí", "Mã không còn", "Nhiệm vụ/Giải pháp", "Ô")],
    ]
    rows += [[c.new_seq, c.task.seq, "; ".join(c.task.criteria_codes), Cell(", ".join(c.vanished), WARN),
              c.task.task or c.task.content, _link(c.new_row)] for c in vanished]
    rows += [[], [Cell(f"NHIỆM VỤ ĐÃ CHUYỂN ({len(carry.carried)})", TITLE)],
             [Cell(h, HEAD) for h in ("STT mới", "STT cũ", "Loại", "Mã tiêu chí", "Nhiệm vụ/Giải pháp",
                                      "Trạng thái cuối", "Tiến độ cuối (%)", "Thời gian hoàn thành", "Ô")]]
    rows += [[c.new_seq, c.task.seq, c.kind, "; ".join(c.task.criteria_codes), c.task.task or c.task.content,
              c.task.status, c.task.progress, _deadline_cell(c), _link(c.new_row)] for c in carry.carried]
    rows += [[], [Cell(f"NHIỆM VỤ KHÔNG CHUYỂN (ĐÃ HOÀN THÀNH HOẶC KHÔNG THỰC HIỆN) ({len(carry.left)})", TITLE)],
             [Cell(h, HEAD) for h in ("STT cũ", "Loại", "Mã tiêu chí", "Trạng thái cuối", "Nhiệm vụ/Giải pháp")]]
    rows += [[task.seq, kind, "; ".join(task.criteria_codes), task.status, task.task or task.content]
             for task, kind in carry.left]
    return NewSheet(SHEET_CARRIED, rows, col_widths={1: 9, 2: 9, 3: 12, 4: 16, 5: 60, 6: 18, 7: 12, 8: 24, 9: 8})


def _deadline_cell(item: Carried) -> Any:
    text = item.task.deadline_text
    return Cell(text, WARN) if item.deadline == "revise" else text


def _link(row: int) -> Cell:
    return Cell(f"A{row}", LINK, link=f"{quote_sheet(SHEET_TASKS)}!A{row}")
