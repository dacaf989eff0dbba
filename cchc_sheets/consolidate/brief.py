"""«Báo cáo nhanh»: the consolidated workbook's first sheet, one A4 landscape page for a leader.

What a leader asks first, in that order: what this is and as of when (the title block), how far
the province has got (coverage and remedy rates, tasks by status and overdue), which communes need
attention (most lost criteria without a task, then most overdue tasks, then the lowest coverage),
and which criteria the units lose most among those a task can fix (survey-scored criteria are
left out: no plan can fix them). Numbers in sentences use the Vietnamese decimal comma.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cchc_sheets.compute.coverage import code_key
from cchc_sheets.consolidate.layout import LOST_SURVEY, LOST_UNCOVERED, SHEET_BRIEF
from cchc_sheets.consolidate.need import by_need
from cchc_sheets.consolidate.printing import print_setup, province_name, report_title
from cchc_sheets.consolidate.records import CriterionMeta, MergeResult
from cchc_sheets.core.values import vi_percent
from cchc_sheets.write.xlsx_out import write_value

TOP_UNITS = 8
TOP_CRITERIA = 6
WIDTHS = (5, 34, 10, 10, 10, 10, 10)  # A..G; the charts sit to the right, in H..L
_STATUSES = (("Hoàn thành", "done"), ("Đang thực hiện", "in_progress"), ("Chưa thực hiện", "not_started"),
             ("Không thực hiện", "dropped"))


@dataclass(slots=True)
class _LostCriterion:
    meta: CriterionMeta
    units: int = 0
    points: float = 0.0
    states: Counter[int] = field(default_factory=Counter)


def lost_criteria(result: MergeResult) -> list[_LostCriterion]:
    """Criteria ranked by how many units lose points on them, then by points lost; survey-scored last."""
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
    # survey-scored criteria after the ones a task can fix: every unit loses them and no plan can fix them
    return sorted(ranked, key=lambda item: (bool(item.states[LOST_SURVEY]), -item.units, -item.points,
                                            code_key(item.meta.code)))


def province_figures(result: MergeResult) -> dict[str, Any]:
    """The province's totals (counts summed over units; rates recomputed from the sums)."""
    units = result.units
    lost = sum(u.coverage["lost"] for u in units)
    covered = sum(u.coverage["covered"] for u in units)
    remedied = sum(u.coverage["remedied"] for u in units)
    tasks = {key: sum(u.tasks[key] for u in units) for key in ("total", "done", "in_progress", "not_started",
                                                               "dropped", "overdue")}
    return {"lost": lost, "covered": covered, "remedied": remedied,
            "rate": covered / lost if lost else None, "remedy_rate": remedied / lost if lost else None,
            "survey_lost": sum(u.coverage["survey_lost"] for u in units), "tasks": tasks}


def units_line(result: MergeResult) -> str:
    """«Đơn vị đã tổng hợp: 6/8; chưa nộp: 2» (expected = the roster when there is one)."""
    merged = len(result.units)
    if result.roster is None:
        return f"Đơn vị đã tổng hợp: {merged} (không có danh sách đơn vị để đối chiếu số chưa nộp)"
    expected = len(result.roster)
    return f"Đơn vị đã tổng hợp: {merged}/{expected}; chưa nộp: {len(result.roster_missing)}"


def write_brief(wb: Any, fmt: dict[str, Any], result: MergeResult) -> None:
    """The first sheet of xlsxwriter workbook *wb*: title block, province figures, communes
    needing attention, criteria lost most, and two charts; it prints on one A4 landscape page.
    It takes the workbook and its shared formats (not the builder) so that it needs nothing from
    the module that lays out the other sheets."""
    ws = wb.add_worksheet(SHEET_BRIEF)
    ws.activate()
    last = 12
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.set_column(len(WIDTHS), last, 8)
    province = province_name(result)
    ws.merge_range(0, 0, 0, last, (province or "").upper(), fmt["sub"])
    year = f" NĂM {result.assessed_year}" if result.assessed_year else ""
    ws.merge_range(1, 0, 1, last, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH KHẮC PHỤC CHỈ SỐ CCHC{year}", fmt["big"])
    ws.merge_range(2, 0, 2, last, f"Tính đến ngày {result.as_of:%d/%m/%Y}", fmt["sub"])
    ws.merge_range(3, 0, 3, last, units_line(result), fmt["sub"])
    row = _figures(ws, fmt, result, 5)
    row = _attention(ws, fmt, result, row + 1)
    _criteria(ws, fmt, result, lost_criteria(result), row + 1)
    _charts(wb, ws, result)
    print_setup(ws, report_title(result), result.as_of, one_page=True)
    ws.print_area(0, 0, row + 2 + TOP_CRITERIA, last)


def _figures(ws: Any, fmt: dict[str, Any], result: MergeResult, top: int) -> int:
    figures = province_figures(result)
    tasks = figures["tasks"]
    ws.write_string(top, 0, "1. Số liệu chung", fmt["title"])
    rate = vi_percent(figures["rate"]) if figures["rate"] is not None else "—"
    remedy = vi_percent(figures["remedy_rate"]) if figures["remedy_rate"] is not None else "—"
    share = (lambda n: f"{n} ({vi_percent(n / tasks['total'])})") if tasks["total"] else str
    lines = [
        ("Tiêu chí mất điểm (không kể điều tra XHH)", str(figures["lost"])),
        ("Đã có nhiệm vụ khắc phục", f"{figures['covered']} ({rate})"),
        ("Đã khắc phục xong", f"{figures['remedied']} ({remedy})"),
        ("Tiêu chí điều tra XHH mất điểm (tính riêng)", str(figures["survey_lost"])),
        ("Số nhiệm vụ", str(tasks["total"])),
        ("Hoàn thành", share(tasks["done"])),
        ("Đang thực hiện", share(tasks["in_progress"])),
        ("Chưa thực hiện", share(tasks["not_started"])),
        ("Quá hạn", share(tasks["overdue"])),
    ]
    for at, (label, value) in enumerate(lines, start=top + 1):
        ws.write_string(at, 1, label, fmt["text"])
        ws.write_string(at, 2, value, fmt["red" if label == "Quá hạn" and tasks["overdue"] else "bold"])
    return top + len(lines) + 1


def _table(ws: Any, fmt: dict[str, Any], top: int, title: str, head: Sequence[str], rows: list[list[Any]],
           rates: Sequence[int] = ()) -> int:
    ws.write_string(top, 0, title, fmt["title"])
    for c, text in enumerate(head):
        ws.write_string(top + 1, c, text, fmt["head"])
    ws.set_row(top + 1, 44)
    for r, values in enumerate(rows, start=top + 2):
        name = str(values[1] or "")
        lines = -(-len(name) // int(WIDTHS[1] * 1.15)) if name else 1  # LibreOffice keeps a stored height
        ws.set_row(r, 15 * max(lines, 1))
        for c, value in enumerate(values):
            style = "pct" if c in rates else "num" if isinstance(value, float) else "wrap" if c == 1 else "text"
            write_value(ws, r, c, value, fmt[style])
    if not rows:
        ws.write_string(top + 2, 1, "Không có.", fmt["note"])
    return top + 2 + max(len(rows), 1)


def _attention(ws: Any, fmt: dict[str, Any], result: MergeResult, top: int) -> int:
    units = by_need(result.units)[:TOP_UNITS]  # the head of «Tổng hợp», row for row
    rows = [[at, u.unit_name or u.unit_code, u.coverage["lost"] - u.coverage["covered"], u.tasks["overdue"],
             u.coverage["rate"], u.coverage["remedy_rate"], u.rank_text if hasattr(u, "rank_text") else u.rank]
            for at, u in enumerate(units, start=1)]
    head = ("STT", "Đơn vị", "Tiêu chí mất điểm chưa có nhiệm vụ", "Nhiệm vụ quá hạn", "Tỷ lệ có nhiệm vụ",
            "Tỷ lệ đã khắc phục", "Xếp hạng")
    return _table(ws, fmt, top, f"2. Đơn vị cần quan tâm nhất ({len(units)}/{len(result.units)})", head, rows,
                  rates=(4, 5))


def _criteria(ws: Any, fmt: dict[str, Any], result: MergeResult, ranked: list[Any], top: int) -> int:
    fixable = [item for item in ranked if not item.states[LOST_SURVEY]][:TOP_CRITERIA]
    total = max(len(result.units), 1)
    rows = [[item.meta.code, item.meta.name, item.units, item.units / total, item.states[LOST_UNCOVERED],
             round(item.points, 2)] for item in fixable]
    head = ("Mã", "Tiêu chí", "Số đơn vị mất điểm", "Tỷ lệ đơn vị", "Chưa có nhiệm vụ", "Tổng điểm mất")
    return _table(ws, fmt, top, "3. Tiêu chí mất điểm nhiều nhất (khắc phục được; không kể điều tra XHH)",
                  head, rows, rates=(3,))


def _charts(wb: Any, ws: Any, result: MergeResult) -> None:
    """Tasks by status (pie) and units by coverage (columns), from small tables kept beside the
    printed area (columns N, O) so the charts stay live."""
    tasks = province_figures(result)["tasks"]
    data = [(label, tasks[key]) for label, key in _STATUSES]
    bands = [("< 50%", 0.0, 0.5), ("50–<75%", 0.5, 0.75), ("75–<100%", 0.75, 1.0), ("100%", 1.0, 1.01)]
    coverage = [(label, sum(low <= u.coverage["rate"] < high for u in result.units)) for label, low, high in bands]
    col = 15
    for r, (label, value) in enumerate([("Trạng thái", "Số nhiệm vụ"), *data]):
        write_value(ws, r, col, label, None)
        write_value(ws, r, col + 1, value, None)
    for r, (label, value) in enumerate([("Tỷ lệ có nhiệm vụ", "Số đơn vị"), *coverage], start=8):
        write_value(ws, r, col, label, None)
        write_value(ws, r, col + 1, value, None)
    pie = wb.add_chart({"type": "pie"})
    pie.add_series({"name": "Nhiệm vụ theo trạng thái", "categories": [SHEET_BRIEF, 1, col, 4, col],
                    "values": [SHEET_BRIEF, 1, col + 1, 4, col + 1],
                    "data_labels": {"value": True, "font": {"size": 11}}})
    pie.set_title({"name": "Nhiệm vụ theo trạng thái", "name_font": {"size": 12}})
    pie.set_legend({"position": "bottom", "font": {"size": 11}})
    pie.set_size({"width": 390, "height": 220})
    ws.insert_chart(5, 7, pie)
    bars = wb.add_chart({"type": "column"})
    bars.add_series({"name": "Số đơn vị", "categories": [SHEET_BRIEF, 9, col, 12, col],
                     "values": [SHEET_BRIEF, 9, col + 1, 12, col + 1],
                     "data_labels": {"value": True, "font": {"size": 11}}})
    bars.set_title({"name": "Đơn vị theo tỷ lệ tiêu chí đã có nhiệm vụ", "name_font": {"size": 12}})
    bars.set_legend({"none": True})
    bars.set_x_axis({"num_font": {"size": 11}})
    bars.set_y_axis({"num_font": {"size": 11}})
    bars.set_size({"width": 390, "height": 240})
    ws.insert_chart(17, 7, bars)
