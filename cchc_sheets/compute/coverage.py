"""Coverage of lost-point criteria, exactly as WORKBOOK_FORMAT.md defines it.

* A lost-point criterion is a leaf with achieved < max. Survey-scored leaves (``Điều tra XHH``)
  are counted apart (``survey_lost``) and left out of the required coverage unless asked.
* Covered: at least one valid task links to it or to one of its ancestors.
* Remedied: covered, and every valid task linked to it (or an ancestor) is ``Hoàn thành``.
* Bonus leaves (điểm thưởng) are never lost; a penalty incurred (điểm trừ, achieved < 0) is a
  lost criterion of that many points, to remedy like any other; a leaf that does not arise
  (không phát sinh) is out of the maximum and of the lost points.
* Overdue (as of a date): not ``Hoàn thành``/``Không thực hiện`` and due before that date
  (the ``Hạn hoàn thành`` cell, else the date read from the deadline text).

Everything here is a pure function of the plan and the as-of date; nothing reads or writes files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from cchc_sheets.compute.agencies import directory_for
from cchc_sheets.compute.deadlines import parse_deadline
from cchc_sheets.core.model import (
    STATUS_DONE,
    STATUS_DROPPED,
    STATUS_IN_PROGRESS,
    Criterion,
    Plan,
    Task,
)

DUE_SOON_DAYS = 30

# Per-criterion statuses written to ``Tình trạng khắc phục (tự động)``.
CRIT_FULL = "Đạt tối đa"
CRIT_COVERED = "Đã có nhiệm vụ"
CRIT_UNCOVERED = "Chưa có nhiệm vụ"
CRIT_REMEDIED = "Đã hoàn thành khắc phục"
CRIT_SURVEY = "Không tính (điều tra XHH)"
CRIT_NOT_APPLICABLE = "Không phát sinh"
CRIT_BONUS = "Điểm thưởng"
CRIT_NO_PENALTY = "Không bị trừ điểm"
# Per-task statuses written to ``Tình trạng (tự động)``.
TASK_DONE = "Hoàn thành"
TASK_ON_TRACK = "Đúng tiến độ"
TASK_DUE_SOON = "Sắp đến hạn"
TASK_OVERDUE = "Quá hạn"
TASK_ONGOING = "Thường xuyên"
TASK_NO_DEADLINE = "Chưa xác định hạn"


@dataclass(slots=True)
class Tally:
    """Counts and points of lost, covered and remedied criteria in one group."""

    lost: int = 0
    covered: int = 0
    remedied: int = 0
    survey_lost: int = 0
    lost_points: float = 0.0
    covered_points: float = 0.0
    remedied_points: float = 0.0

    def add(self, lost_points: float, covered: bool, remedied: bool) -> None:
        self.lost += 1
        self.lost_points += lost_points
        if covered:
            self.covered += 1
            self.covered_points += lost_points
        if remedied:
            self.remedied += 1
            self.remedied_points += lost_points

    @property
    def rate(self) -> float:
        """Share of lost criteria covered by a task (1.0 when nothing was lost)."""
        return _ratio(self.covered, self.lost)

    @property
    def rate_points(self) -> float:
        return _ratio(self.covered_points, self.lost_points)

    @property
    def remedy_rate(self) -> float:
        return _ratio(self.remedied, self.lost)

    @property
    def remedy_rate_points(self) -> float:
        return _ratio(self.remedied_points, self.lost_points)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("lost_points", "covered_points", "remedied_points"):
            data[key] = round(data[key], 4)
        data.update(rate=round(self.rate, 4), rate_points=round(self.rate_points, 4),
                    remedy_rate=round(self.remedy_rate, 4), remedy_rate_points=round(self.remedy_rate_points, 4))
        return data


def _ratio(part: float, whole: float) -> float:
    return 1.0 if whole <= 0 else min(max(part / whole, 0.0), 1.0)


@dataclass(slots=True)
class TaskCounts:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    dropped: int = 0
    overdue: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(slots=True)
class TaskState:
    """One task's computed due date and automatic status."""

    task: Task
    due: dt.date | None
    status: str
    days_late: int = 0


@dataclass(slots=True)
class LeadLoad:
    lead: str
    tasks: int = 0
    done: int = 0
    open: int = 0
    overdue: int = 0


@dataclass(slots=True)
class Coverage:
    """Everything ``summarize`` reports for one plan as of one date."""

    as_of: dt.date
    total: Tally
    by_field: dict[str, Tally]
    by_index: dict[str, Tally]
    criterion_status: dict[str, str]
    uncovered: list[Criterion]
    tasks: TaskCounts
    task_states: list[TaskState]
    load: list[LeadLoad]
    field_names: dict[str, str] = field(default_factory=dict)
    score: Score | None = None

    @property
    def overdue(self) -> list[TaskState]:
        return [s for s in self.task_states if s.status == TASK_OVERDUE]

    def to_dict(self, plan: Plan) -> dict[str, Any]:
        """The stable JSON of ``summarize`` (and of each unit in ``merge``)."""
        return {
            "path": plan.path,
            "unit_code": plan.info.unit_code,
            "unit_name": plan.info.unit_name,
            "as_of": self.as_of.isoformat(),
            "coverage": self.total.to_dict(),
            "score": self.score.to_dict() if self.score else None,
            "tasks": self.tasks.to_dict(),
            "by_field": [{"field": code, "name": self.field_names.get(code, ""), **tally.to_dict()}
                         for code, tally in self.by_field.items()],
            "by_index": [{"index": index, **tally.to_dict()} for index, tally in self.by_index.items()],
            "uncovered": [_criterion_ref(c) for c in self.uncovered],
            "overdue": [_task_ref(s) for s in self.overdue],
            "load": [asdict(item) for item in self.load],
        }


def _criterion_ref(crit: Criterion) -> dict[str, Any]:
    pos = crit.pos("achieved_points") or crit.pos("code")
    return {"code": crit.code, "name": crit.name, "index": crit.index, "lost_points": round(crit.lost_points, 4),
            "sheet": pos.sheet if pos else None, "cell": pos.cell if pos else None}


def _task_ref(state: TaskState) -> dict[str, Any]:
    task = state.task
    pos = task.pos("deadline_text") or task.pos("task") or task.pos("seq")
    return {"row": task.row, "seq": task.seq, "task": task.task or task.content, "lead": task.lead,
            "deadline_text": task.deadline_text, "due": state.due.isoformat() if state.due else None,
            "days_late": state.days_late, "status": task.status,
            "sheet": pos.sheet if pos else None, "cell": pos.cell if pos else None}


def scored_leaves(plan: Plan) -> list[Criterion]:
    """Leaves that arise in the unit and whose max and achieved points are both known."""
    return [c for c in plan.leaves()
            if c.max_points is not None and c.achieved_points is not None and not c.not_applicable]


@dataclass(frozen=True, slots=True)
class Score:
    """A unit's total as provinces count it: base + bonus − penalty, over the applicable maximum.

    ``applicable_max`` is the maximum of the base leaves that arise in the unit (bonus and
    penalty caps are not part of it; not-applicable leaves are taken out), so ``percent`` is
    comparable between units where different criteria arise, and may pass 100 with a bonus.
    """

    total: float
    base: float
    bonus: float
    penalty: float
    applicable_max: float

    @property
    def percent(self) -> float | None:
        return round(100 * self.total / self.applicable_max, 2) if self.applicable_max > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {"total": round(self.total, 4), "base": round(self.base, 4), "bonus": round(self.bonus, 4),
                "penalty": round(self.penalty, 4), "applicable_max": round(self.applicable_max, 4),
                "percent": self.percent}


def score_of(plan: Plan) -> Score | None:
    """The unit's score, or None when no leaf is scored."""
    leaves = scored_leaves(plan)
    if not leaves:
        return None
    base = sum(c.achieved_points or 0.0 for c in leaves if c.counts_in_max)
    bonus = sum(c.achieved_points or 0.0 for c in leaves if c.is_bonus)
    penalty = sum(-(c.achieved_points or 0.0) for c in leaves if c.is_penalty)
    top = sum(c.max_points or 0.0 for c in leaves if c.counts_in_max)
    return Score(base + bonus - penalty, base, bonus, penalty, top)


def lost_leaves(plan: Plan) -> list[Criterion]:
    """Leaves that lost points, an incurred penalty included (survey-scored ones too; callers
    separate them)."""
    return [c for c in scored_leaves(plan) if c.lost_points > 0]


def task_links(plan: Plan) -> dict[str, list[Task]]:
    """Leaf code -> the valid tasks linking that leaf or one of its ancestors."""
    leaves = [c.code for c in plan.leaves()]
    links: dict[str, list[Task]] = {code: [] for code in leaves}
    under: dict[str, list[str]] = {}  # a linked code -> the leaves it covers
    for task in plan.tasks:
        if not task.is_valid:
            continue
        covered: dict[str, None] = {}
        for code in task.criteria_codes:
            if code not in under:
                under[code] = [leaf for leaf in leaves if leaf == code or leaf.startswith(code + ".")]
            covered.update(dict.fromkeys(under[code]))
        for leaf in covered:
            links[leaf].append(task)
    return links


def compute(plan: Plan, as_of: dt.date, *, include_survey: bool = False) -> Coverage:
    """Coverage, task states and lead load of *plan* as of *as_of*."""
    links = task_links(plan)
    total = Tally()
    by_field: dict[str, Tally] = {}
    by_index: dict[str, Tally] = {}
    leaf_status: dict[str, str] = {}
    uncovered: list[Criterion] = []
    for crit in plan.leaves():
        if crit.not_applicable:
            leaf_status[crit.code] = CRIT_NOT_APPLICABLE
    for crit in scored_leaves(plan):
        leaf_status[crit.code] = _leaf(crit, links[crit.code], include_survey, total, by_field, by_index, uncovered)
    states = [task_state(task, plan, as_of) for task in plan.tasks]
    return Coverage(
        as_of=as_of, total=total, by_field=_ordered(by_field), by_index=by_index,
        criterion_status=_with_parents(plan, leaf_status), uncovered=uncovered,
        tasks=_count_tasks(states), task_states=states, load=lead_load(states, plan),
        field_names={c.code: c.name for c in plan.criteria if c.level == 1}, score=score_of(plan),
    )


def _leaf(crit: Criterion, tasks: list[Task], include_survey: bool, total: Tally,
          by_field: dict[str, Tally], by_index: dict[str, Tally], uncovered: list[Criterion]) -> str:
    """Tally one scored leaf and return its automatic status."""
    if crit.is_bonus:
        return CRIT_BONUS
    if crit.lost_points <= 0:
        return CRIT_NO_PENALTY if crit.is_penalty else CRIT_FULL
    groups = (total, by_field.setdefault(crit.field_code, Tally()), by_index.setdefault(crit.index, Tally()))
    if crit.is_survey and not include_survey:
        for tally in groups:
            tally.survey_lost += 1
        return CRIT_SURVEY
    covered = bool(tasks)
    remedied = covered and all(t.is_done for t in tasks)
    for tally in groups:
        tally.add(crit.lost_points, covered, remedied)
    if not covered:
        uncovered.append(crit)
        return CRIT_UNCOVERED
    return CRIT_REMEDIED if remedied else CRIT_COVERED


def _ordered(tallies: dict[str, Tally]) -> dict[str, Tally]:
    return dict(sorted(tallies.items(), key=lambda item: code_key(item[0])))


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a code: numbers by value, a letter level (``1.1.2.a``) after them in order."""
    return tuple(int(p) if p.isdigit() else 10**6 + (ord(p[0]) if p else 0) for p in code.split("."))


_PRIORITY = (CRIT_UNCOVERED, CRIT_COVERED, CRIT_REMEDIED, CRIT_SURVEY, CRIT_FULL, CRIT_NO_PENALTY, CRIT_BONUS,
             CRIT_NOT_APPLICABLE)


def _with_parents(plan: Plan, leaf_status: dict[str, str]) -> dict[str, str]:
    """A parent shows the least advanced status among its scored leaves."""
    statuses = dict(leaf_status)
    for crit in plan.criteria:
        if crit.is_leaf:
            continue
        below = [s for code, s in leaf_status.items() if code.startswith(crit.code + ".")]
        if below:
            statuses[crit.code] = min(below, key=_PRIORITY.index)
    return statuses


def task_due(task: Task, plan_year: int | None) -> tuple[dt.date | None, str]:
    """The due date (typed date wins over text) and the deadline kind read from the text."""

    deadline = parse_deadline(task.deadline_text, plan_year)
    return (task.due_date or deadline.due), deadline.kind


def task_state(task: Task, plan: Plan, as_of: dt.date) -> TaskState:
    """Due date and automatic status of one task as of *as_of*."""
    due, kind = task_due(task, plan.info.year_for_deadlines)
    if task.status == STATUS_DONE:
        return TaskState(task, due, TASK_DONE)
    if task.status == STATUS_DROPPED:
        return TaskState(task, due, "")
    if due is None:
        return TaskState(task, None, TASK_ONGOING if kind in ("ongoing", "recurring") else TASK_NO_DEADLINE)
    if due < as_of:
        return TaskState(task, due, TASK_OVERDUE, (as_of - due).days)
    if (due - as_of).days <= DUE_SOON_DAYS:
        return TaskState(task, due, TASK_DUE_SOON)
    return TaskState(task, due, TASK_ON_TRACK)


def _count_tasks(states: Iterable[TaskState]) -> TaskCounts:
    counts = TaskCounts()
    for state in states:
        counts.total += 1
        status = state.task.status
        if status == STATUS_DONE:
            counts.done += 1
        elif status == STATUS_DROPPED:
            counts.dropped += 1
        elif status == STATUS_IN_PROGRESS:
            counts.in_progress += 1
        else:
            counts.not_started += 1
        counts.overdue += state.status == TASK_OVERDUE
    return counts


def lead_load(states: Iterable[TaskState], plan: Plan) -> list[LeadLoad]:
    """Tasks per canonical lead agency (a task with two leads counts for both)."""

    directory = directory_for(plan.lists.agencies, plan.info.year_for_deadlines, plan.info.unit_level)
    loads: dict[str, LeadLoad] = {}
    for state in states:
        task = state.task
        if task.status == STATUS_DROPPED:
            continue
        names = [m.name for m in directory.resolve_cell(task.lead)] or ["(chưa giao)"]
        for name in dict.fromkeys(names):
            load = loads.setdefault(name, LeadLoad(name))
            load.tasks += 1
            load.done += task.is_done
            load.open += not task.is_done
            load.overdue += state.status == TASK_OVERDUE
    return sorted(loads.values(), key=lambda item: (-item.tasks, item.lead))
