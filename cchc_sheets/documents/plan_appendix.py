"""``plan-docx``: the plan's appendix as a landscape Word table, laid out like the seed plans.

Columns as the seeds print them: STT, Nội dung thực hiện, Nhiệm vụ/Giải pháp, Chủ trì, Phối hợp,
Thời gian hoàn thành; Hoạt động, Kết quả/Sản phẩm and Kinh phí are added only when the workbook
uses them (seed 004's layout). Section rows are title rows (the Roman label in STT, the title
across the rest; a title without a label across the whole row); a task's continuation activities
follow it with STT, content and task merged down over them, as Word plans do. The header row is
repeated on every page.

When the plan has both kinds of task, maintenance tasks go to «Phụ lục 1» and remedies to
«Phụ lục 2» (a section appears in each appendix that has tasks of it); otherwise one «Phụ lục».
Everything is written from the workbook's own cells, so ``cchc-sheets import`` of the document
gives the same tasks back (tests/test_plan_docx.py checks it on every example).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.compute.kinds import task_kinds
from cchc_sheets.consolidate.readback import is_consolidated
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import KIND_MAINTAIN, KIND_REMEDY, SHEET_TASKS, Activity, Plan, Section, Task, UnitInfo
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import roman_to_int
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.safe_write import atomic_write

register({
    "documents.consolidated_input": (
        "Đây là sổ tổng hợp của nhiều đơn vị, không phải kế hoạch của một đơn vị; hãy chọn sổ theo dõi của xã/phường.",
        "This is a consolidated workbook of many units, not one unit's plan; give a commune's workbook.",
    ),
    "documents.no_tasks": (
        "Sổ chưa có nhiệm vụ nào ở trang «Nhiệm vụ»: không có gì để đưa vào phụ lục.",
        "The workbook has no task in its 'Nhiệm vụ' sheet: nothing to put in the appendix.",
    ),
})

# (field, header, relative width); optional columns only when some task or activity uses them.
COLUMNS = (("seq", "STT", 5), ("content", "Nội dung thực hiện", 24), ("task", "Nhiệm vụ/Giải pháp", 30),
           ("activity", "Hoạt động", 22), ("output", "Kết quả/Sản phẩm", 17), ("lead", "Chủ trì", 15),
           ("support", "Phối hợp", 15), ("deadline_text", "Thời gian hoàn thành", 13), ("budget", "Kinh phí", 11))
SEQ_MM = 12
OPTIONAL = ("activity", "output", "budget")
MERGED_DOWN = ("seq", "content", "task")  # a task's cells spanning its activity rows
TITLES = {
    KIND_MAINTAIN: "NHIỆM VỤ, GIẢI PHÁP DUY TRÌ CÁC TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN ĐẠT ĐIỂM TỐI ĐA {assessed}",
    KIND_REMEDY: "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH {assessed}",
    None: "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ, NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH {plan}",
}


@dataclass(slots=True)
class Appendix:
    """One appendix: its number (None when it is the only one), kind and tasks in workbook order."""

    number: int | None
    kind: str | None
    tasks: list[Task] = field(default_factory=list)


@dataclass(slots=True)
class AppendixResult:
    """What was written, for the command's one-line summary."""

    appendices: list[Appendix]
    sections: int
    activities: int

    @property
    def tasks(self) -> int:
        return sum(len(a.tasks) for a in self.appendices)


def read_workbook_plan(path: Path) -> Plan:
    """The commune plan at *path*, or the sentence saying why it cannot be one."""

    with Workbook(path) as book:
        if is_consolidated(book):
            raise UnreadableFile("documents.consolidated_input", path=str(path))
        return read_plan(path, book)


def split_appendices(plan: Plan) -> list[Appendix]:
    """Phụ lục 1 (duy trì) and Phụ lục 2 (khắc phục) when both kinds exist, else one appendix."""

    kinds = task_kinds(plan)
    if len(set(kinds)) < 2:
        return [Appendix(None, kinds[0] if kinds else None, list(plan.tasks))]
    return [Appendix(number, kind, [t for t, k in zip(plan.tasks, kinds, strict=True) if k == kind])
            for number, kind in ((1, KIND_MAINTAIN), (2, KIND_REMEDY))]


def write_plan_docx(path: Path, out: Path, *, force: bool = False) -> AppendixResult:
    """Write the appendix of the workbook at *path* to *out* (atomically; an existing *out* only
    with *force*)."""
    from cchc_sheets.documents.output import check_output

    check_output(out, force)
    from cchc_sheets.documents import layout

    plan = read_workbook_plan(path)
    if SHEET_TASKS not in plan.layouts or not plan.tasks:
        raise UnreadableFile("documents.no_tasks", path=str(path))
    appendices = split_appendices(plan)
    document = layout.new_document(landscape=True)
    layout.page_numbers_from_page_two(document.sections[0])
    columns = [c for c in COLUMNS if c[0] not in OPTIONAL or _used(plan, c[0])]
    widths = _widths([c[2] for c in columns], layout.usable_width_mm(landscape=True))
    sections = 0
    for at, appendix in enumerate(appendices):
        if at:
            document.add_page_break()
        _heading(document, appendix, plan)
        sections += _table(document, appendix, columns, widths)
    atomic_write(out, lambda tmp: document.save(str(tmp)))
    return AppendixResult(appendices, sections, sum(len(t.activities) for t in plan.tasks))


def _used(plan: Plan, name: str) -> bool:
    return any(getattr(t, name) or any(getattr(a, name) for a in t.activities) for t in plan.tasks)


def _widths(relative: Sequence[float], total_mm: float) -> list[float]:
    """Millimetres per column: STT keeps room for ``III`` and ``12``, the rest share what is left."""
    rest = total_mm - SEQ_MM
    scale = rest / sum(relative[1:])
    return [SEQ_MM, *(round(width * scale, 1) for width in relative[1:])]


def _heading(document: Any, appendix: Appendix, plan: Plan) -> None:
    from cchc_sheets.documents.layout import CENTER, paragraph

    info = plan.info
    label = "PHỤ LỤC" if appendix.number is None else f"PHỤ LỤC {appendix.number}"
    title = TITLES[appendix.kind if appendix.number is not None else None].format(
        assessed=f"NĂM {info.assessed_year}" if info.assessed_year else "",
        plan=f"NĂM {info.year_for_deadlines}" if info.year_for_deadlines else "").strip()
    paragraph(document, label, bold=True, align=CENTER, after=0)
    paragraph(document, title, bold=True, align=CENTER, after=0)
    paragraph(document, attached_to(plan), italic=True, align=CENTER, after=12)


def attached_to(plan: Plan) -> str:
    """«(Kèm theo Kế hoạch số 97/KH-UBND ngày 01/04/2024 của UBND xã Phù Linh)», blanks as «…»."""
    return f"(Kèm theo {plan_reference(plan.info)})"


def plan_reference(info: UnitInfo) -> str:
    """«Kế hoạch số 97/KH-UBND ngày 01/04/2024 của UBND xã Phù Linh», what the workbook does not say as «…»."""
    from cchc_sheets.documents.layout import BLANK

    number = info.plan_number or f"{BLANK}/KH-UBND"
    day = info.issued_on.strftime("%d/%m/%Y") if info.issued_on else BLANK
    return f"Kế hoạch số {number} ngày {day} của {issuer_name(info.unit_name)}"


def issuer_name(unit_name: str | None) -> str:
    """``UBND xã Phù Linh`` as written; a bare ``xã Phù Linh`` gets «UBND» in front."""

    if not unit_name:
        return "UBND …"
    folded = fold(unit_name)
    return unit_name if folded.startswith(("ubnd", "uy ban nhan dan")) else f"UBND {unit_name}"


def _table(document: Any, appendix: Appendix, columns: Sequence[tuple[str, str, float]],
           widths: Sequence[float]) -> int:
    """The appendix table; returns how many section rows it holds."""
    from cchc_sheets.documents.layout import CENTER, LEFT, add_row, table_grid

    table = table_grid(document, [c[1] for c in columns], widths)
    names = [c[0] for c in columns]
    aligns = [CENTER if name in ("seq", "deadline_text") else LEFT for name in names]
    section: Section | None = None
    sections = 0
    for task in appendix.tasks:
        if task.section is not None and task.section is not section:
            section = task.section
            sections += 1
            _section_row(table, section, widths)
        first = add_row(table, [_task_value(task, name) for name in names], widths, aligns=aligns)
        rows = [first] + [add_row(table, [_activity_value(act, name) for name in names], widths, aligns=aligns)
                          for act in task.activities]
        if len(rows) > 1:
            for name in MERGED_DOWN:
                col = names.index(name)
                first.cells[col].merge(rows[-1].cells[col])
    return sections


def _section_row(table: Any, section: Section, widths: Sequence[float]) -> None:
    """``I | CHỈ SỐ PAR INDEX``; a title without a Roman label spans the whole row (STT included)."""
    from cchc_sheets.documents.layout import LEFT, add_row, set_cell

    row = add_row(table, [None] * len(widths), widths)
    label = section.label if section.label and roman_to_int(section.label) else None
    if label and not section.title.startswith(label):
        set_cell(row.cells[0], label, bold=True, align=LEFT)
        merged = row.cells[1].merge(row.cells[-1])
    else:
        merged = row.cells[0].merge(row.cells[-1])
    set_cell(merged, section.title, bold=True)
    for cell in row.cells:  # a title is never left alone at the foot of a page
        cell.paragraphs[0].paragraph_format.keep_with_next = True


def _task_value(task: Task, name: str) -> str | None:
    if name == "deadline_text":
        return shown(task.deadline_text or task.due_date)
    return shown(getattr(task, name))


def _activity_value(activity: Activity, name: str) -> str | None:
    return None if name in MERGED_DOWN else shown(getattr(activity, name, None))


def shown(value: Any) -> str | None:
    """A cell as printed: a date day first, a whole number without ``.0``, text as typed."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
