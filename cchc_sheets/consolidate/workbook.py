"""Writing the consolidated workbook of a district or province (layout in :mod:`.layout`).

Writing is split by size. xlsxwriter builds the package: formats, column widths, header rows,
frozen panes, autofilters, print set-up, the charts and the small sheets. The rows of the big
tables are rendered by :mod:`cchc_sheets.write.row_stream` (a unit's tasks and findings in the
worker that read its file, :mod:`.unit_rows`) and streamed into that package, because xlsxwriter
alone needs ~15 s for 200k task rows. Every text cell is an inline string: clerk text never
becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cchc_sheets.compute.coverage import code_key
from cchc_sheets.consolidate.brief import lost_criteria, write_brief
from cchc_sheets.consolidate.layout import (
    _BASE,
    CHART_UNITS,
    FINDING_COLS,
    LOST_COLS,
    LOST_COVERED,
    LOST_FILLS,
    LOST_NOT_APPLICABLE,
    LOST_PRINT,
    LOST_REMEDIED,
    LOST_SURVEY,
    LOST_UNCOVERED,
    MARKER,
    MATRIX_COLS,
    META_KIND_LABELS,
    META_SHEET,
    MISSING_COLS,
    NOT_ARISING,
    OUR_SHEETS_LABEL,
    OUTCOME_LABELS,
    OVERDUE_COLS,
    SHEET_CHARTS,
    SHEET_LOST,
    SHEET_MATRIX,
    SHEET_MISSING,
    SHEET_OVERDUE,
    SHEET_SOURCES,
    SOURCE_COLS,
    SOURCE_PRINT,
    STYLE,
    STYLE_PROPS,
    SUMMARY_COLS,
    SUMMARY_PRINT,
    TASK_COLS,
    TOTAL_LABEL,
    UNSCORED,
    Blob,
    Col,
    styles,
)
from cchc_sheets.consolidate.need import by_need
from cchc_sheets.consolidate.officer import OfficerSheet, officer_sheets, write_officer_sheets
from cchc_sheets.consolidate.printing import PAGE_HEIGHT_PX, print_setup, report_title
from cchc_sheets.consolidate.records import MergeResult, UnitRecord, unit_code_key
from cchc_sheets.consolidate.unit_rows import finding_blob
from cchc_sheets.core.model import SHEET_FINDINGS, SHEET_SUMMARY, SHEET_TASKS
from cchc_sheets.core.text import fold
from cchc_sheets.write.row_stream import ROW_SEP, Stream, Styled, render_rows, splice
from cchc_sheets.write.xlsx_out import write_value

NOTE_NO_CODE, NOTE_NO_SET = "MERGE-NO-CODE", "MERGE-NO-SET"


def write_result(output: Path, result: MergeResult, extra: Callable[[Any], None] | None = None) -> None:
    """Write the consolidated workbook of a settled *result*; *extra* adds sheets (see
    :func:`write_workbook`)."""
    result.output = output
    write_workbook(output, result, _blobs(result), extra)


def _blobs(result: MergeResult) -> Callable[[str], Iterator[Blob]]:
    """Row blobs of the big sheets in output order: tasks by unit, findings by input file."""
    def rows(sheet: str) -> Iterator[Blob]:
        if sheet == SHEET_TASKS:
            yield from (u.task_rows for u in result.units)
        elif sheet == SHEET_OVERDUE:
            yield overdue_by_days(result.units)
        elif sheet == SHEET_FINDINGS:
            for outcome in result.inputs:
                for unit in outcome.units_read:
                    yield unit.finding_rows
                    if unit.notes:
                        yield _note_blob(unit)

    return rows


def overdue_by_days(units: Sequence[UnitRecord]) -> Blob:
    """Every unit's overdue rows in one blob, the most days late first (units in their order on
    a tie): what leadership chases first. A record without its days (an older cache) keeps its
    rows in unit order, after the others."""
    rows: list[tuple[int, int, bytes]] = []
    for at, unit in enumerate(units):
        blob, count = unit.overdue_rows
        if not count:
            continue
        split = zlib.decompress(blob).split(ROW_SEP)
        days = unit.overdue_days if len(unit.overdue_days) == len(split) else (-1,) * len(split)
        rows.extend((-day, at, row) for day, row in zip(days, split, strict=True))
    rows.sort(key=lambda item: (item[0], item[1]))
    return zlib.compress(ROW_SEP.join(row for _, _, row in rows), 1), len(rows)


def _note_blob(unit: UnitRecord) -> Blob:
    """The merge's own warnings about a unit, as ``Kiểm tra`` rows."""
    codes = {"merge.by_name": NOTE_NO_CODE, "merge.no_set": NOTE_NO_SET}
    rows = [(codes.get(n.key, n.key), "warning", "Thông tin", None, None, None, str(n), "") for n in unit.notes]
    return finding_blob((unit.unit_code, unit.unit_name), unit.source, rows)



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
    from cchc_sheets.write.writeback import BACKUP_DIR
    from cchc_sheets.write.xlsx_out import WORKBOOK_OPTIONS

    kept = officer_sheets(target)  # read before anything is written: they are carried, not lost
    package = io.BytesIO()
    workbook = xlsxwriter.Workbook(package, dict(WORKBOOK_OPTIONS, in_memory=True))
    builder = _Builder(workbook, result, blobs)
    builder.build(extra, kept)
    workbook.close()
    package.seek(0)
    target.parent.mkdir(parents=True, exist_ok=True)
    # the previous output is kept like a clerk's file: what an officer added to it is not lost
    atomic_write(target, lambda tmp: splice(package, tmp, builder.streams), backup_dir=target.parent / BACKUP_DIR)


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

    def build(self, extra: Callable[[Any], None] | None = None, kept: list[OfficerSheet] | None = None) -> None:
        result = self.result
        self.wb.set_properties({"title": "Tổng hợp kế hoạch khắc phục Chỉ số CCHC", "author": "cchc-sheets",
                                "comments": MARKER})
        self.wb.set_custom_property("cchc-sheets", MARKER)
        write_brief(self.wb, self.formats, result)
        self.table(SHEET_SUMMARY, SUMMARY_COLS, _summary_rows(result), freeze_cols=3, first=SUMMARY_PRINT,
                   trailer=_totals_row(result))
        self._charts()
        self._matrix()
        self.table(SHEET_LOST, LOST_COLS, _lost_rows(result), freeze_cols=3, first=LOST_PRINT)
        self.table(SHEET_TASKS, TASK_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_OVERDUE, OVERDUE_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_FINDINGS, FINDING_COLS, streamed=True, freeze_cols=2)
        self.table(SHEET_SOURCES, SOURCE_COLS, _source_rows(result), freeze_cols=2, first=SOURCE_PRINT)
        self.table(SHEET_MISSING, MISSING_COLS, _missing_rows(result), freeze_cols=1)
        if extra is not None:
            extra(self)
        ours = [ws.name for ws in self.wb.worksheets()]
        write_officer_sheets(self.wb, kept or [], {fold(name) for name in ours}, self.formats["date"])
        self._meta(ours)

    @property
    def title(self) -> str:
        """What every printed page says this workbook is (the province when the units agree on it)."""
        return report_title(self.result)

    def table(self, name: str, columns: Sequence[Col], rows: Iterable[Sequence[Any]] = (), *,
              streamed: bool = False, freeze_cols: int = 0, header_rows: Sequence[Sequence[Any]] = (),
              first: Sequence[str] = (), trailer: Sequence[Any] | None = None, repeat_cols: int = 0) -> Any:
        """A sheet: header row(s) by xlsxwriter, data rows spliced in; frozen, filtered, printable.

        *rows* are rendered here; a *streamed* sheet takes the rows the workers rendered. The
        columns headed *first* are moved to the front (in that order): they are the printed view.
        A *trailer* row (the totals) follows the rows, outside the filter range.
        """
        order = _column_order(columns, first)
        if first:
            columns = [columns[i] for i in order]
            rows = ([row[i] if i < len(row) else None for i in order] for row in rows)
            trailer = [trailer[i] for i in order] if trailer is not None else None
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
            rendered = [render_rows(rows, styles(columns))]
            blobs = lambda: rendered  # noqa: E731
        count = sum(n for _, n in blobs())
        if trailer is not None:
            rendered.append(render_rows([trailer], styles(columns)))
        total = count + (trailer is not None)
        self.streams.append(Stream(f"xl/worksheets/sheet{ws.index + 1}.xml", blobs, total, head + 1, len(columns)))
        ws.freeze_panes(head + 1, freeze_cols)
        ws.autofilter(head, 0, head + max(count, 1), len(columns) - 1)
        print_setup(ws, self.title, self.result.as_of, widths=[c.width for c in columns], header_row=head,
                    last_row=head + total, repeat_cols=repeat_cols)
        return ws

    def _matrix(self) -> None:
        """Criteria down, units across; cells are lost points coloured by remedy state.

        Printed by field: each field starts a page, the criterion columns and the unit names
        are repeated on every page, and the units run on across as many pages as they need."""
        units = self.result.units
        columns = [*MATRIX_COLS, *(Col(u.unit_code or u.unit_name or "", 9, "num") for u in units)]
        names = [None, None, None, None, None, None, "Tên đơn vị →", *(u.unit_name or "" for u in units)]
        ws = self.table(SHEET_MATRIX, columns, _matrix_rows(self.result), freeze_cols=2, header_rows=[names],
                        repeat_cols=2)
        ws.set_row(0, 66)
        ws.merge_range(0, 0, 0, 5, MATRIX_LEGEND, self.formats["legend"])
        fields = [at for at, meta in enumerate(self.result.criteria) if not meta.is_leaf and "." not in meta.code]
        ws.set_h_pagebreaks([2 + at for at in fields if at])

    def _charts(self) -> None:
        """One chart and its table per printed page (a page break before each), so no chart is
        cut across two pages."""
        ws = self.wb.add_worksheet(SHEET_CHARTS)
        ws.set_column(0, 0, 30)
        ws.set_column(1, 2, 12)
        print_setup(ws, self.title, self.result.as_of, scale=CHART_SCALE)
        place, breaks = 0, []
        for title, head, rows, chart in _chart_tables(self.result):
            if place:
                breaks.append(place)
            ws.write_string(place, 0, title, self.formats["title"])
            for c, text in enumerate(head):
                ws.write_string(place + 1, c, text, self.formats["head"])
            for r, values in enumerate(rows, start=place + 2):
                for c, value in enumerate(values):
                    fmt = "pct" if isinstance(value, float) and chart == "bar" else "text"
                    write_value(ws, r, c, value, self.formats[fmt])
            height = self._chart(ws, chart, title, place, len(rows), len(head))
            place += max(len(rows) + 4, height // 20 + 4)
        ws.set_h_pagebreaks(breaks)

    def _chart(self, ws: Any, kind: str, title: str, top: int, count: int, series: int) -> int:
        if not count:
            return 0
        chart = self.wb.add_chart({"type": kind})
        for c in range(1, series):
            options: dict[str, object] = {"name": [SHEET_CHARTS, top + 1, c],
                       "categories": [SHEET_CHARTS, top + 2, 0, top + 1 + count, 0],
                       "values": [SHEET_CHARTS, top + 2, c, top + 1 + count, c]}
            if kind != "bar" or count <= 30:
                options["data_labels"] = {"value": True, "percentage": kind == "pie"}
            chart.add_series(options)
        chart.set_title({"name": title})
        chart.set_legend({"position": "bottom"})
        if kind == "bar":
            chart.set_x_axis({"num_format": "0%", "max": 1})
        height = min(max(320, 22 * count + 120), CHART_MAX_PX) if kind == "bar" else 320
        chart.set_size({"width": 500, "height": height})
        ws.insert_chart(top + 1, series, chart)  # beside its table, within one page width
        return height

    def _meta(self, ours: list[str]) -> None:
        """The marker that makes this workbook an input the level above recognises."""
        ws = self.wb.add_worksheet(META_SHEET)
        result = self.result
        rows = [(MARKER, None), ("Tính đến ngày", result.as_of), ("Bộ tiêu chí", result.criteria_set),
                ("Số đơn vị", len(result.units)), ("Số tệp đầu vào", len(result.inputs)),
                ("Năm đánh giá", result.assessed_year), (OUR_SHEETS_LABEL, "|".join(ours))]
        rows += [(label, "; ".join(m.code for m in result.criteria if m.points_kind == kind))
                 for kind, label in META_KIND_LABELS.items()]
        for r, (label, value) in enumerate(rows):
            ws.write_string(r, 0, label)
            write_value(ws, r, 1, value, None, self.formats["date"])  # the criteria set is clerk text
        ws.hide()


CHART_SCALE = 90
CHART_MAX_PX = int(PAGE_HEIGHT_PX * 100 / CHART_SCALE) - 60  # a chart and its title on one printed page
MATRIX_LEGEND = ("Ô là số điểm bị mất. Màu: đỏ = chưa có nhiệm vụ; vàng = đã có nhiệm vụ; xanh = đã khắc phục; "
                 "xám = điều tra XHH (không tính).")


def _column_order(columns: Sequence[Col], first: Sequence[str]) -> list[int]:
    index = {c.header: at for at, c in enumerate(columns)}
    front = [index[h] for h in first if h in index]
    return [*front, *(at for at in range(len(columns)) if at not in front)]


def _totals_row(result: MergeResult) -> list[Any]:
    """«Cộng» below the units (outside the filter range), in SUMMARY_COLS order: counts summed,
    rates recomputed from the sums."""
    units = result.units
    lost = sum(u.coverage["lost"] for u in units)
    covered = sum(u.coverage["covered"] for u in units)
    remedied = sum(u.coverage["remedied"] for u in units)
    sums: dict[str, Any] = {
        "STT": TOTAL_LABEL, "Tên đơn vị": f"Toàn bộ {len(units)} đơn vị",
        "Điểm bị mất": round(sum(u.lost_points for u in units), 4), "Tiêu chí mất điểm": lost,
        "Có nhiệm vụ": covered, "Đã khắc phục": remedied, "Chưa có nhiệm vụ": lost - covered,
        "Tỷ lệ có nhiệm vụ": covered / lost if lost else None, "Tỷ lệ đã khắc phục": remedied / lost if lost else None,
        "Tiêu chí điều tra XHH mất điểm": sum(u.coverage["survey_lost"] for u in units),
        "Số nhiệm vụ": sum(u.tasks["total"] for u in units), "Hoàn thành": sum(u.tasks["done"] for u in units),
        "Đang thực hiện": sum(u.tasks["in_progress"] for u in units),
        "Chưa thực hiện": sum(u.tasks["not_started"] for u in units),
        "Không thực hiện": sum(u.tasks["dropped"] for u in units), "Quá hạn": sum(u.tasks["overdue"] for u in units),
        "Lỗi": sum(u.errors for u in units), "Cảnh báo": sum(u.warnings for u in units)}
    bold = {"pct": "pct_bold", "num": "bold_num"}
    return [None if sums.get(c.header) is None else Styled(sums[c.header], STYLE[bold.get(c.style, "bold")])
            for c in SUMMARY_COLS]


def _summary_rows(result: MergeResult) -> Iterator[list[Any]]:
    """One row per unit, most need first (:func:`.need.need_order`, the order «Báo cáo nhanh»
    takes its communes needing attention from); STT is that printed order, «Xếp hạng» stays the
    score rank within the group. Reading back finds units by code, so the order costs nothing there."""
    for number, unit in enumerate(by_need(result.units), start=1):
        cov, tasks = unit.coverage, unit.tasks
        check = "Không có lỗi" if not (unit.errors or unit.warnings) else f"{unit.errors} lỗi, {unit.warnings} cảnh báo"
        percent = round(unit.percent / 100, 4) if unit.percent is not None else None
        yield [number, unit.unit_code, unit.unit_name, unit.level, unit.parent_name, unit.criteria_set, unit.score,
               unit.max_score, percent, unit.group or None, unit.rank_text, unit.band, unit.lost_points, cov["lost"],
               cov["covered"], cov["remedied"],
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
               round(sum(c[0] or 0.0 for c in lost), 4), *(_matrix_cell(c) for c in cells)]


def _matrix_cell(cell: tuple[float | None, int] | None) -> Any:
    if cell is None:
        return None
    points, state = cell
    shown: float | str = points if points is not None else NOT_ARISING if state == LOST_NOT_APPLICABLE else UNSCORED
    return Styled(shown, STYLE[LOST_FILLS[state]])


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
        yield [number, item.shown or item.path, Styled(label, STYLE[fill]), item.reason_text("vi"), item.unit_code,
               item.unit_name,
               item.updated_on, item.units or None, modified]


def _missing_rows(result: MergeResult) -> Iterator[list[Any]]:
    if result.roster is None:
        yield ["Không có danh sách đơn vị (tùy chọn --roster): không đối chiếu được đơn vị chưa nộp."]
        return
    for entry in result.roster_missing:
        yield [Styled("Chưa nộp sổ", STYLE["red"]), unit_code_key(entry.code) if entry.code else None, entry.name,
               None]
    for unit in result.unlisted:
        yield [Styled("Không có trong danh sách", STYLE["amber"]), unit.unit_code, unit.unit_name, unit.source]


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
    points: dict[str, float] = defaultdict(float)
    for unit in result.units:
        for code, (lost, _) in unit.lost.items():
            points[code.split(".", 1)[0]] += lost or 0.0
    return [[f"{code}. {names.get(code, '')}".strip(), round(points[code], 4)]
            for code in sorted(points, key=code_key) if points[code]]


