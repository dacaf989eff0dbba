"""The consolidated workbook of a district or province: layout, rows, writing and reading back.

One module owns the layout both ways: the sheets written here are the sheets read back when a
consolidated workbook is itself an input of the level above (a province merging its districts'
outputs). A hidden sheet ``cchc-sheets`` whose A1 says :data:`MARKER` makes it recognisable.

Writing is split by size. xlsxwriter builds the package: formats, column widths, header rows,
frozen panes, autofilters, print set-up, the charts and the small sheets. The rows of the big
tables are rendered by :mod:`cchc_sheets.write.row_stream` (a unit's tasks and findings in the worker
that read its file) and streamed into that package, because xlsxwriter alone needs ~15 s for
200k task rows. Every text cell is an inline string: clerk text never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cchc_sheets.core import columns as cols
from cchc_sheets.compute.coverage import (
    CRIT_COVERED,
    CRIT_REMEDIED,
    CRIT_SURVEY,
    CRIT_UNCOVERED,
    TASK_DONE,
    TASK_DUE_SOON,
    TASK_OVERDUE,
    Coverage,
    TaskState,
    code_key,
)
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.write.row_stream import Stream, Styled, render_rows, splice
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import SHEET_FINDINGS, SHEET_SUMMARY, SHEET_TASKS, Criterion, Plan, Pos, Task
from cchc_sheets.read.ooxml import Grid, Workbook
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import date_value, number_value, text_value
from cchc_sheets.write.writeback import AMBER, BLUE, FINDING_HEADERS, GREEN, GREY, RED
from cchc_sheets.write.xlsx_out import write_value

if TYPE_CHECKING:
    from cchc_sheets.consolidate.merge import MergeResult, UnitRecord

register({
    "consolidated.missing_column": (
        "Sổ tổng hợp thiếu cột «{column}» ở trang «{sheet}» (có thể đã bị xóa); hãy xin cấp dưới gửi lại sổ tổng hợp.",
        "The consolidated workbook lacks column «{column}» in sheet «{sheet}» (deleted?); ask for it again.",
    ),
})

MARKER = "cchc-sheets consolidated v1"
META_SHEET = "cchc-sheets"
SHEET_CHARTS = "Biểu đồ"
SHEET_MATRIX = "Ma trận"
SHEET_LOST = "Tiêu chí mất điểm"
SHEET_OVERDUE = "Quá hạn"
SHEET_SOURCES = "Nguồn"
SHEET_MISSING = "Chưa nộp"
UNSCORED = "chưa chấm"
CHART_UNITS = 60  # more units than this: the coverage chart shows bands, not one bar per unit

# Matrix cell states, small ints so that 3,321 units x 30 lost criteria stay cheap to hold.
LOST_UNCOVERED, LOST_COVERED, LOST_REMEDIED, LOST_SURVEY, LOST_UNSCORED = range(5)
LOST_STATES = {CRIT_UNCOVERED: LOST_UNCOVERED, CRIT_COVERED: LOST_COVERED, CRIT_REMEDIED: LOST_REMEDIED,
               CRIT_SURVEY: LOST_SURVEY}

_BASE = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
# Every format of the workbook, in a fixed order: the xf index of STYLE_PROPS' n-th entry is n + 1
# (0 is Excel's default), so worker processes can render styled rows before the workbook exists.
STYLE_PROPS: dict[str, dict[str, Any]] = {
    "text": {}, "int": {"num_format": "0"}, "num": {"num_format": "0.00"}, "pct": {"num_format": "0.0%"},
    "date": {"num_format": "dd/mm/yyyy"},
    "red": {"bg_color": RED}, "amber": {"bg_color": AMBER}, "green": {"bg_color": GREEN}, "grey": {"bg_color": GREY},
    "red_num": {"bg_color": RED, "num_format": "0.00"}, "amber_num": {"bg_color": AMBER, "num_format": "0.00"},
    "green_num": {"bg_color": GREEN, "num_format": "0.00"}, "grey_num": {"bg_color": GREY, "num_format": "0.00"},
    "bold": {"bold": True}, "bold_num": {"bold": True, "num_format": "0.00"},
    "head": {"bold": True, "bg_color": BLUE, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"},
    "title": {"bold": True, "font_size": 13}, "note": {"italic": True, "font_color": "#7F7F7F"},
}
STYLE = {name: index for index, name in enumerate(STYLE_PROPS, start=1)}
TASK_FILLS = {TASK_DONE: "green", TASK_OVERDUE: "red", TASK_DUE_SOON: "amber"}
LOST_FILLS = {LOST_UNCOVERED: "red_num", LOST_COVERED: "amber_num", LOST_REMEDIED: "green_num",
              LOST_SURVEY: "grey_num", LOST_UNSCORED: "grey"}


Blob = tuple[bytes, int]  # rendered rows, compressed, and how many (see fast_sheet.render_rows)


class Col(NamedTuple):
    """One column of a consolidated table: header, width and the style of its cells."""

    header: str
    width: float
    style: str = "text"


UNIT_COLS = (Col("Mã đơn vị", 10), Col("Tên đơn vị", 24))
SUMMARY_COLS = (
    Col("STT", 5, "int"), *UNIT_COLS, Col("Cấp", 8), Col("Đơn vị cấp trên", 18), Col("Bộ tiêu chí", 12),
    Col("Điểm đạt", 9, "num"), Col("Điểm tối đa", 9, "num"), Col("Xếp hạng", 8, "int"),
    Col("Điểm bị mất", 9, "num"), Col("Tiêu chí mất điểm", 10, "int"), Col("Có nhiệm vụ", 9, "int"),
    Col("Đã khắc phục", 9, "int"), Col("Chưa có nhiệm vụ", 9, "int"), Col("Tỷ lệ có nhiệm vụ", 9, "pct"),
    Col("Tỷ lệ có nhiệm vụ (theo điểm)", 10, "pct"), Col("Tỷ lệ đã khắc phục", 9, "pct"),
    Col("Tiêu chí điều tra XHH mất điểm", 10, "int"), Col("Số nhiệm vụ", 8, "int"), Col("Hoàn thành", 9, "int"),
    Col("Đang thực hiện", 9, "int"), Col("Chưa thực hiện", 9, "int"), Col("Không thực hiện", 9, "int"),
    Col("Quá hạn", 8, "int"), Col("Ngày cập nhật", 11, "date"), Col("Kỳ báo cáo", 12), Col("Lỗi", 6, "int"),
    Col("Cảnh báo", 8, "int"), Col("Kết quả kiểm tra", 16), Col("Tệp nguồn", 40),
)
TASK_COLS = (
    *UNIT_COLS, Col("STT", 6), Col("Mã tiêu chí", 11), Col("Loại nhiệm vụ", 11), Col("Nhiệm vụ/Giải pháp", 50),
    Col("Chủ trì", 20), Col("Phối hợp", 18), Col("Thời gian hoàn thành", 16), Col("Hạn hoàn thành (tính)", 12, "date"),
    Col("Trạng thái", 14), Col("Tiến độ (%)", 8, "int"), Col("Ngày hoàn thành", 12, "date"),
    Col("Tài liệu kiểm chứng", 22), Col("Tình trạng (tự động)", 16), Col("Số ngày quá hạn", 9, "int"),
    Col("Dòng", 6, "int"),
)
OVERDUE_COLS = (
    *UNIT_COLS, Col("STT", 6), Col("Nhiệm vụ/Giải pháp", 50), Col("Chủ trì", 20), Col("Thời gian hoàn thành", 16),
    Col("Hạn hoàn thành (tính)", 12, "date"), Col("Số ngày quá hạn", 9, "int"), Col("Trạng thái", 14),
    Col("Tiến độ (%)", 8, "int"), Col("Dòng", 6, "int"),
)
FINDING_COLS = (*UNIT_COLS, Col("Tệp", 28), *(Col(h, w) for h, w in zip(FINDING_HEADERS, (16, 9, 12, 6, 18, 20, 60, 40))))
MATRIX_COLS = (Col("Mã", 8), Col("Nội dung tiêu chí", 40), Col("Chỉ số", 10), Col("Phương thức đánh giá", 12),
               Col("Điểm tối đa", 8, "num"), Col("Số đơn vị mất điểm", 9, "int"), Col("Tổng điểm mất", 9, "num"))
LOST_COLS = (Col("Hạng", 6, "int"), Col("Mã", 8), Col("Nội dung tiêu chí", 50), Col("Chỉ số", 10),
             Col("Điểm tối đa", 8, "num"), Col("Số đơn vị mất điểm", 10, "int"), Col("Tỷ lệ đơn vị", 9, "pct"),
             Col("Tổng điểm mất", 10, "num"), Col("Điểm mất bình quân", 10, "num"), Col("Chưa có nhiệm vụ", 10, "int"),
             Col("Có nhiệm vụ", 9, "int"), Col("Đã khắc phục", 9, "int"), Col("Điều tra XHH", 9, "int"))
SOURCE_COLS = (Col("STT", 5, "int"), Col("Tệp", 48), Col("Kết quả", 14), Col("Lý do", 70), *UNIT_COLS,
               Col("Ngày cập nhật", 11, "date"), Col("Số đơn vị", 8, "int"), Col("Sửa lần cuối", 16))
MISSING_COLS = (Col("Tình trạng", 26), *UNIT_COLS, Col("Tệp", 48))
OUTCOME_LABELS = {"merged": ("Đã tổng hợp", "green"), "superseded": ("Bị thay thế", "amber"),
                  "rejected": ("Bị từ chối", "red"), "skipped": ("Bỏ qua", "grey")}


def _styles(columns: Sequence[Col]) -> list[int]:
    return [STYLE[c.style] for c in columns]


# --------------------------------------------------------------------------- rows of one unit
# Rendered in the worker that read the unit's file; see fast_sheet for why.


def unit_rows(plan: Plan, result: Coverage, findings: Sequence[Sequence[Any]], file: str) -> tuple[Blob, Blob, Blob]:
    """The unit's ``Nhiệm vụ``, ``Quá hạn`` and ``Kiểm tra`` rows, rendered and compressed."""
    unit = (plan.info.unit_code, plan.info.unit_name)
    tasks = render_rows((_task_row(unit, state) for state in result.task_states), _styles(TASK_COLS))
    overdue = render_rows((_overdue_row(unit, state) for state in result.overdue), _styles(OVERDUE_COLS))
    return tasks, overdue, finding_blob(unit, file, findings)


def finding_blob(unit: tuple[str | None, str | None], file: str, findings: Iterable[Sequence[Any]]) -> Blob:
    """``Kiểm tra`` rows from (code, severity, sheet, cell, header, value, message, hint) tuples."""
    return render_rows((_finding_row(unit, file, row) for row in findings), _styles(FINDING_COLS))


def _task_row(unit: tuple[str | None, str | None], state: TaskState) -> list[Any]:
    task = state.task
    fill = TASK_FILLS.get(state.status)
    return [*unit, task.seq, "; ".join(task.criteria_codes), task.kind, task.task or task.content, task.lead,
            task.support, task.deadline_text, state.due, task.status, task.progress, task.done_on, task.evidence,
            Styled(state.status, STYLE[fill]) if fill else state.status, state.days_late or None, task.row]


def _overdue_row(unit: tuple[str | None, str | None], state: TaskState) -> list[Any]:
    task = state.task
    return [*unit, task.seq, task.task or task.content, task.lead, task.deadline_text, state.due,
            Styled(state.days_late, STYLE["red"]), task.status, task.progress, task.row]


def _finding_row(unit: tuple[str | None, str | None], file: str, row: Sequence[Any]) -> list[Any]:
    code, severity, sheet, cell, header, value, message, hint = row
    level = Styled("Lỗi", STYLE["red"]) if severity == "error" else Styled("Cảnh báo", STYLE["amber"])
    if isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    return [*unit, file, code, level, sheet, cell, header, value, message, hint]


def lost_cells(plan: Plan, result: Coverage) -> dict[str, tuple[float | None, int]]:
    """Leaf code -> (lost points, LOST_* state) for every leaf the matrix colours.

    Full leaves are left out (a blank cell); an unscored leaf has no points.
    """
    cells: dict[str, tuple[float | None, int]] = {}
    for crit in plan.leaves():
        if crit.max_points is None or crit.achieved_points is None:
            cells[crit.code] = (None, LOST_UNSCORED)
            continue
        state = LOST_STATES.get(result.criterion_status.get(crit.code, ""))
        if state is not None:
            cells[crit.code] = (round(crit.lost_points, 4), state)
    return cells


class CriterionMeta(NamedTuple):
    """What the matrix shows of a criterion row, the same for every unit of one criteria set."""

    code: str
    name: str
    index: str
    method: str | None
    max_points: float | None
    is_leaf: bool


def criteria_meta(plan: Plan) -> tuple[CriterionMeta, ...]:
    return tuple(CriterionMeta(c.code, c.name, c.index, c.method, c.max_points, c.is_leaf) for c in plan.criteria)


# --------------------------------------------------------------------------- writing


def write_workbook(target: Path, result: MergeResult, blobs: Callable[[str], Iterable[Blob]],
                   extra: Callable[[Any], None] | None = None) -> None:
    """Write the consolidated workbook of *result* to *target* (atomically).

    ``blobs(sheet)`` yields the pre-rendered row blobs of the big sheets (``Nhiệm vụ``,
    ``Quá hạn``, ``Kiểm tra``) in output order. ``extra(builder)``, if given, adds sheets after
    the standard ones through the builder's :meth:`_Builder.table` and ``wb`` (the nightly job's
    history sheets), so they share the formats, print set-up and the one atomic write.
    """
    import xlsxwriter

    from cchc_sheets.write.safe_write import atomic_write
    from cchc_sheets.write.xlsx_out import WORKBOOK_OPTIONS

    package = io.BytesIO()
    workbook = xlsxwriter.Workbook(package, dict(WORKBOOK_OPTIONS, in_memory=True))
    builder = _Builder(workbook, result, blobs)
    builder.build(extra)
    workbook.close()
    package.seek(0)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda tmp: splice(package, tmp, builder.streams))


class _Builder:
    """Lays out every sheet with xlsxwriter and collects the row streams to splice in."""

    def __init__(self, workbook: Any, result: MergeResult,
                 blobs: Callable[[str], Iterable[Blob]]) -> None:
        self.wb = workbook
        self.result = result
        self.blobs = blobs
        self.streams: list[Stream] = []
        self.formats = {name: self._format(name, at) for at, name in enumerate(STYLE_PROPS, start=1)}

    def _format(self, name: str, expected: int) -> Any:
        fmt = self.wb.add_format({**_BASE, **STYLE_PROPS[name]})
        if fmt._get_xf_index() != expected:  # xf indices are promised to the workers
            raise RuntimeError(f"style {name!r} got xf index {fmt.xf_index}, expected {expected}")
        return fmt

    def build(self, extra: Callable[[Any], None] | None = None) -> None:
        result = self.result
        self.wb.set_properties({"title": "Tổng hợp kế hoạch khắc phục Chỉ số CCHC", "author": "cchc-sheets",
                                "comments": MARKER})
        self.wb.set_custom_property("cchc-sheets", MARKER)
        summary = self.table(SHEET_SUMMARY, SUMMARY_COLS, _summary_rows(result), freeze_cols=3)
        summary.activate()
        self._charts()
        self._matrix()
        self.table(SHEET_LOST, LOST_COLS, _lost_rows(result), freeze_cols=3)
        self.table(SHEET_TASKS, TASK_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_OVERDUE, OVERDUE_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_FINDINGS, FINDING_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_SOURCES, SOURCE_COLS, _source_rows(result), freeze_cols=2)
        self.table(SHEET_MISSING, MISSING_COLS, _missing_rows(result), freeze_cols=1)
        if extra is not None:
            extra(self)
        self._meta()

    def table(self, name: str, columns: Sequence[Col], rows: Iterable[Sequence[Any]] = (), *,
              streamed: bool = False, freeze_cols: int = 0, header_rows: Sequence[Sequence[Any]] = ()) -> Any:
        """A sheet: header row(s) by xlsxwriter, data rows spliced in; frozen, filtered, printable.

        *rows* are rendered here; a *streamed* sheet takes the rows the workers rendered.
        """
        ws = self.wb.add_worksheet(name)
        for r, values in enumerate(header_rows):
            for c, value in enumerate(values):
                write_value(ws, r, c, value, self.formats["head"])
        head = len(header_rows)
        for c, column in enumerate(columns):
            ws.write_string(head, c, column.header, self.formats["head"])
            ws.set_column(c, c, column.width)
        ws.set_row(head, 42)
        if streamed:
            blobs: Callable[[], Iterable[Blob]] = lambda: self.blobs(name)  # noqa: E731
        else:
            rendered = [render_rows(rows, _styles(columns))]
            blobs = lambda: rendered  # noqa: E731
        count = sum(n for _, n in blobs())
        self.streams.append(Stream(f"xl/worksheets/sheet{ws.index + 1}.xml", blobs, count, head + 1, len(columns)))
        ws.freeze_panes(head + 1, freeze_cols)
        ws.autofilter(head, 0, head + max(count, 1), len(columns) - 1)
        _print_setup(ws, head)
        return ws

    def _matrix(self) -> None:
        """Criteria down, units across; cells are lost points coloured by remedy state."""
        units = self.result.units
        columns = [*MATRIX_COLS, *(Col(u.unit_code or u.unit_name or "", 9, "num") for u in units)]
        names = [None, "Tên đơn vị →", None, None, None, None, None, *(u.unit_name or "" for u in units)]
        ws = self.table(SHEET_MATRIX, columns, _matrix_rows(self.result), freeze_cols=2, header_rows=[names])
        ws.set_row(0, 60)
        ws.write_string(0, 0, "Đỏ: chưa có nhiệm vụ; vàng: đã có nhiệm vụ; xanh: đã khắc phục; xám: điều tra XHH",
                        self.formats["note"])

    def _charts(self) -> None:
        ws = self.wb.add_worksheet(SHEET_CHARTS)
        ws.set_column(0, 0, 34)
        ws.set_column(1, 3, 14)
        _print_setup(ws)
        place = 0
        for title, head, rows, chart in _chart_tables(self.result):
            ws.write_string(place, 0, title, self.formats["title"])
            for c, text in enumerate(head):
                ws.write_string(place + 1, c, text, self.formats["head"])
            for r, values in enumerate(rows, start=place + 2):
                for c, value in enumerate(values):
                    fmt = "pct" if isinstance(value, float) and chart == "bar" else "text"
                    write_value(ws, r, c, value, self.formats[fmt])
            self._chart(ws, chart, title, place, len(rows), len(head))
            place += max(len(rows) + 4, 22)

    def _chart(self, ws: Any, kind: str, title: str, top: int, count: int, series: int) -> None:
        if not count:
            return
        chart = self.wb.add_chart({"type": kind})
        for c in range(1, series):
            options = {"name": [SHEET_CHARTS, top + 1, c],
                       "categories": [SHEET_CHARTS, top + 2, 0, top + 1 + count, 0],
                       "values": [SHEET_CHARTS, top + 2, c, top + 1 + count, c]}
            if kind != "bar" or count <= 30:
                options["data_labels"] = {"value": True, "percentage": kind == "pie"}
            chart.add_series(options)
        chart.set_title({"name": title})
        chart.set_legend({"position": "bottom"})
        if kind == "bar":
            chart.set_x_axis({"num_format": "0%", "max": 1})
        height = min(max(320, 22 * count + 120), 1400) if kind == "bar" else 320
        chart.set_size({"width": 640, "height": height})
        ws.insert_chart(top + 1, series + 1, chart)

    def _meta(self) -> None:
        """The marker that makes this workbook an input the level above recognises."""
        ws = self.wb.add_worksheet(META_SHEET)
        result = self.result
        rows = [(MARKER, None), ("Tính đến ngày", result.as_of), ("Bộ tiêu chí", result.criteria_set),
                ("Số đơn vị", len(result.units)), ("Số tệp đầu vào", len(result.inputs))]
        for r, (label, value) in enumerate(rows):
            ws.write_string(r, 0, label)
            write_value(ws, r, 1, value, None, self.formats["date"])  # the criteria set is clerk text
        ws.hide()


def _print_setup(ws: Any, header_row: int | None = None) -> None:
    """A4 landscape, one page wide, header repeated on every page, page numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer("&CTrang &P/&N")


def _summary_rows(result: MergeResult) -> Iterator[list[Any]]:
    for number, unit in enumerate(result.units, start=1):
        cov, tasks = unit.coverage, unit.tasks
        check = "Không có lỗi" if not (unit.errors or unit.warnings) else f"{unit.errors} lỗi, {unit.warnings} cảnh báo"
        yield [number, unit.unit_code, unit.unit_name, unit.level, unit.parent_name, unit.criteria_set, unit.score,
               unit.max_score, unit.rank, unit.lost_points, cov["lost"], cov["covered"], cov["remedied"],
               cov["lost"] - cov["covered"], cov["rate"], cov["rate_points"], cov["remedy_rate"], cov["survey_lost"],
               tasks["total"], tasks["done"], tasks["in_progress"], tasks["not_started"], tasks["dropped"],
               _flag(tasks["overdue"]), unit.updated_on, unit.period, _flag(unit.errors), unit.warnings,
               Styled(check, STYLE["red" if unit.errors else "amber" if unit.warnings else "green"]), unit.source]


def _flag(count: int) -> Any:
    """A count shown red when above zero (overdue tasks, errors)."""
    return Styled(count, STYLE["red"]) if count else count


def _matrix_rows(result: MergeResult) -> Iterator[list[Any]]:
    units = result.units
    for meta in result.criteria:
        if not meta.is_leaf:
            yield [Styled(meta.code, STYLE["bold"]), Styled(meta.name, STYLE["bold"]), meta.index, meta.method,
                   Styled(meta.max_points, STYLE["bold_num"])]
            continue
        cells = [u.lost.get(meta.code) for u in units]
        lost = [c for c in cells if c is not None and c[0]]
        yield [meta.code, meta.name, meta.index, meta.method, meta.max_points, len(lost),
               round(sum(c[0] for c in lost), 4), *(_matrix_cell(c) for c in cells)]


def _matrix_cell(cell: tuple[float | None, int] | None) -> Any:
    if cell is None:
        return None
    points, state = cell
    return Styled(UNSCORED if points is None else points, STYLE[LOST_FILLS[state]])


@dataclass(slots=True)
class _LostCriterion:
    meta: CriterionMeta
    units: int = 0
    points: float = 0.0
    states: Counter[int] = field(default_factory=Counter)


def lost_criteria(result: MergeResult) -> list[_LostCriterion]:
    """Criteria ranked by how many units lose points on them, then by points lost."""
    table = {m.code: _LostCriterion(m) for m in result.criteria if m.is_leaf}
    for unit in result.units:
        for code, (points, state) in unit.lost.items():
            item = table.get(code)
            if item is None or not points:
                continue
            item.units += 1
            item.points += points
            item.states[state] += 1
    ranked = [item for item in table.values() if item.units]
    return sorted(ranked, key=lambda item: (-item.units, -item.points, code_key(item.meta.code)))


def _lost_rows(result: MergeResult) -> Iterator[list[Any]]:
    total = max(len(result.units), 1)
    for rank, item in enumerate(lost_criteria(result), start=1):
        meta, states = item.meta, item.states
        yield [rank, meta.code, meta.name, meta.index, meta.max_points, item.units, item.units / total,
               round(item.points, 4), round(item.points / item.units, 4), _flag(states[LOST_UNCOVERED]),
               states[LOST_COVERED], states[LOST_REMEDIED], states[LOST_SURVEY]]


def _source_rows(result: MergeResult) -> Iterator[list[Any]]:
    for number, item in enumerate(result.inputs, start=1):
        label, fill = OUTCOME_LABELS[item.outcome]
        modified = dt.datetime.fromtimestamp(item.mtime).strftime("%d/%m/%Y %H:%M") if item.mtime else None
        yield [number, item.path, Styled(label, STYLE[fill]), item.reason_text("vi"), item.unit_code, item.unit_name,
               item.updated_on, item.units or None, modified]


def _missing_rows(result: MergeResult) -> Iterator[list[Any]]:
    if result.roster is None:
        yield ["Không có danh sách đơn vị (tùy chọn --roster): không đối chiếu được đơn vị chưa nộp."]
        return
    for entry in result.roster_missing:
        yield [Styled("Chưa nộp sổ", STYLE["red"]), entry.code, entry.name, None]
    for unit in result.unlisted:
        yield [Styled("Không có trong danh sách", STYLE["amber"]), unit.unit_code, unit.unit_name, unit.file]


def _chart_tables(result: MergeResult) -> list[tuple[str, list[str], list[list[Any]], str]]:
    """(title, header, rows, chart type) of the small tables the charts are drawn from."""
    units = result.units
    if len(units) <= CHART_UNITS:
        coverage = [[u.unit_name or u.unit_code or "", u.coverage["rate"], u.coverage["remedy_rate"]] for u in units]
        cover_head = ["Đơn vị", "Tỷ lệ có nhiệm vụ", "Tỷ lệ đã khắc phục"]
    else:
        coverage = _coverage_bands(units)
        cover_head = ["Tỷ lệ có nhiệm vụ", "Số đơn vị"]
    statuses = [("Hoàn thành", "done"), ("Đang thực hiện", "in_progress"), ("Chưa thực hiện", "not_started"),
                ("Không thực hiện", "dropped")]
    tasks = [[label, sum(u.tasks[key] for u in units)] for label, key in statuses]
    few = len(units) <= CHART_UNITS
    return [
        ("Tỷ lệ tiêu chí mất điểm đã có nhiệm vụ, theo đơn vị" if few else "Số đơn vị theo tỷ lệ tiêu chí mất điểm đã có nhiệm vụ",
         cover_head, coverage, "bar" if few else "column"),
        ("Nhiệm vụ theo trạng thái", ["Trạng thái", "Số nhiệm vụ"], tasks, "pie"),
        ("Điểm bị mất theo lĩnh vực (tổng các đơn vị)", ["Lĩnh vực", "Điểm bị mất"], _field_losses(result), "column"),
    ]


def _coverage_bands(units: Sequence[UnitRecord]) -> list[list[Any]]:
    bands = [("Dưới 25%", 0.0, 0.25), ("25% – dưới 50%", 0.25, 0.5), ("50% – dưới 75%", 0.5, 0.75),
             ("75% – dưới 100%", 0.75, 1.0), ("100%", 1.0, 1.01)]
    return [[label, sum(low <= u.coverage["rate"] < high for u in units)] for label, low, high in bands]


def _field_losses(result: MergeResult) -> list[list[Any]]:
    names = {m.code: m.name for m in result.criteria if "." not in m.code}
    points: Counter[str] = Counter()
    for unit in result.units:
        for code, (lost, _) in unit.lost.items():
            points[code.split(".", 1)[0]] += lost or 0.0
    return [[f"{code}. {names.get(code, '')}".strip(), round(points[code], 4)]
            for code in sorted(points, key=code_key) if points[code]]


# --------------------------------------------------------------------------- reading back


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
    criteria_set = text_value(book.grid(grids[fold(META_SHEET)]).value(3, 2))
    plans: dict[str, CarriedUnit] = {}
    for row in summary.rows():
        unit = _carried_unit(row, path, criteria_set)
        plans[_unit_key(unit.plan)] = unit
    _carry_criteria(table(SHEET_MATRIX, MATRIX_COLS, 2), plans)
    _carry_tasks(table(SHEET_TASKS, TASK_COLS, 1), plans)
    for row in table(SHEET_FINDINGS, FINDING_COLS, 1).rows():
        unit = plans.get(_row_key(row))
        if unit is not None:
            severity = "error" if fold(str(row.get("Mức độ") or "")) == fold("Lỗi") else "warning"
            unit.findings.append(tuple(severity if header == "Mức độ" else row.get(header)
                                       for header in FINDING_HEADERS))
    return list(plans.values())


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
    source = text_value(row.get("Tệp nguồn")) or ""
    return CarriedUnit(plan, [], f"{path} › {source}" if source else path)


def _unit_key(plan: Plan) -> str:
    return plan.info.unit_code or fold(plan.info.unit_name or "")


def _row_key(row: dict[str, Any]) -> str:
    return text_value(row["Mã đơn vị"]) or fold(text_value(row["Tên đơn vị"]) or "")


def _carry_criteria(matrix: _Table, plans: dict[str, CarriedUnit]) -> None:
    """Each unit gets every criterion row; a leaf's achieved points are max minus its cell."""
    from cchc_sheets.read.plan import link_tree

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
            col = unit_cols.get(key)
            cell = matrix.grid.value(row["_row"], col) if col else None
            crit = Criterion(code=code, name=text_value(row.get("Nội dung tiêu chí")) or "",
                             index=text_value(row.get("Chỉ số")) or "", max_points=max_points,
                             method=text_value(row.get("Phương thức đánh giá")), row=row["_row"])
            lost = None if cell == UNSCORED else (_number(cell) or 0.0)
            crit.achieved_points = None if lost is None or max_points is None else round(max_points - lost, 4)
            unit.plan.criteria.append(crit)
    for unit in plans.values():
        link_tree(unit.plan.criteria)


def _carry_tasks(tasks: _Table, plans: dict[str, CarriedUnit]) -> None:
    from cchc_sheets.read.plan import split_codes

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
