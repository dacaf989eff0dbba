"""What the history says: each unit's rates period by period, and what got worse between submissions.

Why: a consolidated workbook shows where every unit stands tonight; the province also wants to
see who improved, and to notice the unit whose new file quietly lost three tasks or marked a
finished task as unfinished. Both come from the submissions :mod:`cchc_sheets.job.history` keeps,
so they are pure functions of that list (no file is read here).

A submission's tasks are matched to the previous submission's by their normalised text, then by
STT for the rest (a clerk who rewords a task keeps its number). Every pair of consecutive
submissions of a unit is compared, not only the last two, so a drop stays listed after the unit
sends yet another file.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cchc_sheets.compute.deadlines import due_date_of
from cchc_sheets.consolidate.layout import STYLE, UNIT_COLS, Col
from cchc_sheets.core.model import STATUS_DONE, Plan
from cchc_sheets.core.text import fold
from cchc_sheets.job.history import Submission, TaskFact
from cchc_sheets.write.row_stream import Styled

REMOVED = "Bỏ nhiệm vụ"
UNDONE = "Bỏ trạng thái Hoàn thành"
PROGRESS = "Giảm tiến độ"
POINTS = "Giảm điểm đạt"
ROMAN_QUARTERS = ("I", "II", "III", "IV")


def snapshot(plan: Plan) -> dict[str, Any]:
    """What later runs compare a plan with: its task rows and the achieved points of its leaves.

    Runs in the merge's worker process, next to the plan, because the plan is not kept.
    """
    tasks = [{"seq": t.seq, "row": t.row, "task": t.task or t.content, "lead": t.lead, "status": t.status,
              "progress": t.progress} for t in plan.tasks]
    return {"tasks": tasks, "achieved": {c.code: c.achieved_points for c in plan.leaves()}}


# --------------------------------------------------------------------------- Thay đổi


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that got worse from one submission of a unit to its next one."""

    what: str
    subject: str
    before: Any
    after: Any
    old: Submission
    new: Submission


def changes(submissions: Iterable[Submission]) -> list[Change]:
    """Every regression between consecutive submissions of each unit, unit by unit, oldest first.

    *submissions* must be ordered as :meth:`History.submissions` returns them.
    """
    found: list[Change] = []
    for _, group in itertools.groupby(submissions, key=lambda s: s.unit_key):
        for old, new in itertools.pairwise(group):
            found.extend(_task_changes(old, new))
            found.extend(_point_changes(old, new))
    return found


def match_tasks(before: Sequence[TaskFact], after: Sequence[TaskFact],
                ) -> tuple[list[tuple[TaskFact, TaskFact]], list[TaskFact]]:
    """Pairs of (earlier, later) task and the earlier tasks that have no later counterpart.

    Text first (folded: case, accents and spacing do not matter), then STT among the rest.
    """
    by_text, unmatched, rest = _pair_by(before, after, lambda task: fold(task["task"] or ""))
    by_seq, removed, _ = _pair_by(unmatched, rest, lambda task: str(task["seq"] or ""))
    return by_text + by_seq, removed


def _pair_by(before: Sequence[TaskFact], after: Sequence[TaskFact], key: Callable[[TaskFact], str],
             ) -> tuple[list[tuple[TaskFact, TaskFact]], list[TaskFact], list[TaskFact]]:
    """Tasks paired on an equal, non-empty *key* in order of appearance; then the unpaired
    tasks of each side."""
    waiting: dict[str, list[TaskFact]] = {}
    for task in after:
        waiting.setdefault(key(task), []).append(task)
    pairs: list[tuple[TaskFact, TaskFact]] = []
    unpaired: list[TaskFact] = []
    for task in before:
        queue = waiting.get(key(task)) if key(task) else None
        if queue:
            pairs.append((task, queue.pop(0)))
        else:
            unpaired.append(task)
    taken = {id(later) for _, later in pairs}
    return pairs, unpaired, [task for task in after if id(task) not in taken]


def _task_changes(old: Submission, new: Submission) -> Iterator[Change]:
    pairs, removed = match_tasks(old.task_snapshot, new.task_snapshot)
    for task in removed:
        yield Change(REMOVED, _task_label(task), _task_state(task), None, old, new)
    for before, after in pairs:
        if before["status"] == STATUS_DONE and after["status"] != STATUS_DONE:
            yield Change(UNDONE, _regressed_label(before, after), before["status"], after["status"], old, new)
        if before["progress"] is not None and (after["progress"] is None or after["progress"] < before["progress"]):
            yield Change(PROGRESS, _regressed_label(before, after), before["progress"], after["progress"], old, new)


def _point_changes(old: Submission, new: Submission) -> Iterator[Change]:
    for code, before in old.achieved_points.items():
        after = new.achieved_points.get(code)
        if before is not None and (after is None or after < before):
            yield Change(POINTS, f"Tiêu chí {code}", before, after, old, new)


def _task_label(task: TaskFact) -> str:
    """How a reader finds the task in the clerk's file: STT, then its text."""
    seq = f"STT {task['seq']}: " if task["seq"] else f"Dòng {task['row']}: "
    return seq + (task["task"] or "(không có nội dung)")


def _regressed_label(before: TaskFact, after: TaskFact) -> str:
    """A task that went back, named by what it was (its text may now be blank or reworded),
    with the STT where it is found now, and its new wording when that changed."""
    label = _task_label({**before, "seq": after["seq"] or before["seq"], "row": after["row"]})
    now = after["task"]
    if now and before["task"] and fold(now) != fold(before["task"]):
        label += f" (nay: {now})"
    return label


def _task_state(task: TaskFact) -> str:
    progress = task["progress"]
    parts = [task["status"] or "chưa ghi trạng thái"]
    if progress is not None:
        parts.append(f"{progress:g}%")
    return ", ".join(parts)


# --------------------------------------------------------------------------- Diễn biến


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One unit's rates, one value per period (None: no submission for that period)."""

    unit_code: str | None
    unit_name: str | None
    coverage: list[float | None]
    remedy: list[float | None]


@dataclass(frozen=True, slots=True)
class Trend:
    periods: list[str]
    overall: TrendRow
    units: list[TrendRow]
    counts: list[int] = field(default_factory=list)  # units that reported in each period


def trend(submissions: Iterable[Submission]) -> Trend:
    """Coverage and remedy rates of every unit in every period it reported, plus all units together.

    A unit's latest submission for a period stands for that period. Periods are ordered by the
    day they end (``Quý III/2024`` → 30/09/2024), so differently spelled labels of one period
    share a column; a blank ``Kỳ báo cáo`` counts as the quarter of ``Ngày cập nhật``.
    """
    latest: dict[tuple[str, Any], Submission] = {}
    labels: dict[Any, tuple[dt.date, str]] = {}
    for sub in submissions:
        key, end, label = _period_of(sub)
        labels.setdefault(key, (end, label))
        latest[(sub.unit_key, key)] = sub
    columns = sorted(labels, key=lambda k: (labels[k][0], str(k)))
    units = list(dict.fromkeys(unit for unit, _ in latest))
    rows = [_trend_row([latest.get((unit, key)) for key in columns]) for unit in units]
    # like with like: the overall line pools the units that reported in every period, so it does
    # not "drop" because four units reported one quarter and one the next
    panel = [u for u in units if all((u, key) in latest for key in columns)]
    name = f"Chung ({len(panel)} đơn vị có số liệu mọi kỳ)" if panel else "Chung (đơn vị báo cáo trong từng kỳ)"
    pooled = panel or units
    overall = TrendRow(None, name,
                       [_pooled([latest.get((u, key)) for u in pooled], "covered") for key in columns],
                       [_pooled([latest.get((u, key)) for u in pooled], "remedied") for key in columns])
    counts = [sum((u, key) in latest for u in units) for key in columns]
    return Trend([labels[key][1] for key in columns], overall, sorted(rows, key=_unit_order), counts)


def _period_of(sub: Submission) -> tuple[Any, dt.date, str]:
    """(column key, end day, label) of the period a submission reports on."""
    day = sub.order[0]
    if not sub.period:
        end = quarter_end(day)
        return end, end, f"Quý {ROMAN_QUARTERS[(end.month - 1) // 3]}/{end.year}"
    due = due_date_of(None, sub.period, None)
    return (due, due, sub.period) if due else (fold(sub.period), day, sub.period)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter *day* falls in."""
    month = ((day.month - 1) // 3 + 1) * 3
    return (dt.date(day.year, month, 1) + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)


def _trend_row(cells: list[Submission | None]) -> TrendRow:
    named = next(s for s in reversed(cells) if s is not None)
    return TrendRow(named.unit_code, named.unit_name, [s.coverage_rate if s else None for s in cells],
                    [s.remedy_rate if s else None for s in cells])


def _pooled(cells: list[Submission | None], part: str) -> float | None:
    """All units' criteria counted together (a unit that lost more weighs more), like coverage."""
    present = [s for s in cells if s is not None]
    if not present:
        return None
    lost = sum(s.lost for s in present)
    return 1.0 if lost == 0 else round(sum(getattr(s, part) for s in present) / lost, 4)


def _unit_order(row: TrendRow) -> tuple[Any, ...]:
    code = row.unit_code or ""
    return not code, code, fold(row.unit_name or "")


# --------------------------------------------------------------------------- the two sheets

SHEET_TREND = "Diễn biến"
SHEET_CHANGES = "Thay đổi"
CHART_UNITS = 12  # more units than this: the charts draw all units together only, not one line each
CHANGE_COLS = (
    *UNIT_COLS, Col("Thay đổi", 18), Col("Nhiệm vụ / tiêu chí", 56), Col("Trước", 18), Col("Sau", 18),
    Col("Bản trước: ngày cập nhật", 12, "date"), Col("Bản sau: ngày cập nhật", 12, "date"),
    Col("Bản sau: ngày nhận", 12, "date"), Col("Tệp bản sau", 40),
)
TREND_GROUPS = (("Tỷ lệ tiêu chí mất điểm đã có nhiệm vụ", "Tỷ lệ có nhiệm vụ theo kỳ"),
                ("Tỷ lệ tiêu chí mất điểm đã khắc phục", "Tỷ lệ đã khắc phục theo kỳ"))
NO_CHANGES = "Không có đơn vị nào bỏ nhiệm vụ, giảm tiến độ hay giảm điểm đạt so với bản gửi trước."


def add_sheets(builder: Any, history: Trend, found: Sequence[Change]) -> None:
    """``Diễn biến`` and ``Thay đổi``, added to the consolidated workbook by its own builder
    (``write_workbook``'s *extra* hook), so they look and print like the other sheets."""
    _trend_sheet(builder, history)
    builder.table(SHEET_CHANGES, CHANGE_COLS, _change_rows(found), freeze_cols=2)


def _trend_sheet(builder: Any, history: Trend) -> None:
    """Units down, periods across, coverage rates then remedy rates; one line chart for each."""
    count = len(history.periods)
    columns = [*UNIT_COLS, *(Col(p, 11, "pct") for p in history.periods * 2)]
    lines = [history.overall, *history.units]
    rows: list[list[Any]] = [[line.unit_code, line.unit_name, *line.coverage, *line.remedy] for line in lines]
    if history.counts:  # how many units each period's figures rest on
        counted = [Styled(n, STYLE["int"]) for n in history.counts]
        rows.append([None, "Số đơn vị báo cáo trong kỳ", *counted, *counted])  # after the charted lines
    ws = builder.table(SHEET_TREND, columns, rows, freeze_cols=2, header_rows=[[None] * len(columns)])
    ws.set_row(0, 30)
    shown = len(lines) if len(history.units) <= CHART_UNITS else 1
    for at, (group, title) in enumerate(TREND_GROUPS):
        first = 2 + at * count
        if count > 1:
            ws.merge_range(0, first, 0, first + count - 1, group, builder.formats["head"])
        else:  # Excel cannot merge one cell
            ws.write_string(0, first, group, builder.formats["head"])
        chart = _line_chart(builder.wb, title, first_col=first, periods=count, lines=shown)
        ws.insert_chart(2 + at * 20, 2 * count + 3, chart)


def _line_chart(book: Any, title: str, *, first_col: int, periods: int, lines: int) -> Any:
    """A native line chart over ``Diễn biến``: one series per table row, periods as categories."""
    chart = book.add_chart({"type": "line"})
    last_col = first_col + periods - 1
    for row in range(2, 2 + lines):
        chart.add_series({"name": [SHEET_TREND, row, 1], "categories": [SHEET_TREND, 1, first_col, 1, last_col],
                          "values": [SHEET_TREND, row, first_col, row, last_col], "marker": {"type": "circle"}})
    chart.set_title({"name": title})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 360})
    return chart


def _change_rows(found: Sequence[Change]) -> Iterator[list[Any]]:
    if not found:
        yield [None, NO_CHANGES]
    for change in found:
        old, new = change.old, change.new
        yield [new.unit_code, new.unit_name, Styled(change.what, STYLE["red"]), change.subject,
               _shown(change.before), _shown(change.after, removed=change.what == REMOVED), old.updated_on,
               new.updated_on, dt.date.fromisoformat(new.received_at[:10]), new.file]


def _shown(value: Any, *, removed: bool = False) -> Any:
    if removed:
        return "(không còn trong sổ)"
    return "(để trống)" if value is None else value
