"""``report``: the periodic «Báo cáo kết quả thực hiện Kế hoạch khắc phục …» as a Word draft.

Laid out per NĐ 30/2020 (see :mod:`cchc_sheets.documents.layout`): letterhead, «BÁO CÁO» and its
subject, then I. Kết quả thực hiện (tasks by status as «x/y (z%)», coverage and remedy of
lost-point criteria by field and by index with survey-scored criteria apart, overdue tasks,
lost criteria without a task; for a consolidated workbook the units one by one and the units that
have not reported), II. Tồn tại, hạn chế (sentences generated from those figures only: no
praise, nothing the figures do not say), III. Phương hướng (tasks due in the next period, and a
highlighted place for the author's own text), «Nơi nhận» and the signature block, number, date
and signer left blank for the văn thư. Every figure comes from :mod:`cchc_sheets.documents.figures`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_sheets.compute.coverage import code_key
from cchc_sheets.documents import layout as L
from cchc_sheets.documents.figures import ReportFigures, UnitFigures
from cchc_sheets.documents.plan_appendix import issuer_name, plan_reference, shown
from cchc_sheets.documents.wording import body_name, count, level_of, place_name, ratio, vi_number, vi_percent
from cchc_sheets.write.safe_write import atomic_write

AUTHOR_PLACE = ("[Phần do đơn vị bổ sung trước khi trình ký: nhiệm vụ, giải pháp trọng tâm khác; "
                "đề xuất, kiến nghị (nếu có). Xóa dòng này khi hoàn thành.]")
WIDTH = L.usable_width_mm(landscape=False)
TASKS, CRITERIA = "nhiệm vụ", "tiêu chí"
TABLE_PT = 11


@dataclass(slots=True)
class Issuer:
    """Who signs the report, as the letterhead, the opening sentence and the signature name it."""

    lines: list[tuple[str, bool]]
    number: str
    place: str
    name: str
    signature: list[str]
    recipients: list[str]


def issuer(figures: ReportFigures) -> Issuer:
    """A commune's UBND for its own workbook; the home-affairs office above the units for a
    consolidated one (Sở Nội vụ under a province, Phòng Nội vụ under a district before 7/2025)."""
    if not figures.consolidated:
        info = figures.units[0].plan.info
        name = issuer_name(info.unit_name)
        upper = info.parent_name or "cơ quan cấp trên"
        return Issuer([("Ủy ban nhân dân", True), (body_name(name), True)], f"Số: {L.BLANK}/BC-UBND",
                      place_name(info.unit_name) or L.BLANK, name,
                      ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                      [f"{upper} (để b/c);", f"Chủ tịch, các Phó Chủ tịch {name};", "Lưu: VT."])
    parents = Counter(u.record.parent_name for u in figures.units if u.record.parent_name)
    parent = parents.most_common(1)[0][0] if parents else None
    district = level_of(parent) in ("huyện", "quận", "thị xã")
    office = "Phòng Nội vụ" if district else "Sở Nội vụ"
    head = [(parent, False)] if parent else []
    return Issuer([*head, (office, True)], f"Số: {L.BLANK}/BC-{'PNV' if district else 'SNV'}",
                  place_name(parent) or L.BLANK, office, ["TRƯỞNG PHÒNG" if district else "GIÁM ĐỐC"],
                  [f"{parent or 'Ủy ban nhân dân'} (để b/c);", "Các đơn vị có tên tại báo cáo;", "Lưu: VT."])


def write_report(figures: ReportFigures, out: Path) -> None:
    """Build the document for *figures* and write it to *out* atomically."""

    document = build_report(figures)
    atomic_write(out, lambda tmp: document.save(str(tmp)))


def build_report(figures: ReportFigures) -> Any:
    who = issuer(figures)
    document = L.new_document()
    L.page_numbers_from_page_two(document.sections[0])
    L.letterhead(document, who.lines, who.number,
                 f"{who.place}, ngày {L.BLANK} tháng {L.BLANK} năm {figures.as_of.year}")
    L.title(document, "BÁO CÁO", _subject(figures))
    _opening(document, figures, who)
    _results(document, figures)
    _shortcomings(document, figures)
    _next_period(document, figures)
    text(document, f"Trên đây là báo cáo kết quả thực hiện kế hoạch khắc phục kỳ {figures.period.label} "
                   f"của {who.name}./.")
    L.recipients_and_signature(document, who.recipients, who.signature)
    return document


# --------------------------------------------------------------------------- helpers


def text(document: Any, line: str, **style: Any) -> Any:
    """A body paragraph: justified, first line indented, 6 pt after."""
    return L.paragraph(document, line, indent_mm=10, **style)


def heading(document: Any, line: str) -> None:
    """A numbered heading, kept on the page of what follows it."""
    L.paragraph(document, line, bold=True, indent_mm=10, before=6).paragraph_format.keep_with_next = True


def bullets(document: Any, lines: Sequence[str]) -> None:
    for line in lines:
        text(document, f"- {line}")


def table(document: Any, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[Any]],
          centred: Sequence[int] = (), bold_last: bool = False) -> None:
    """A report table; *widths* in millimetres, the wide text column taking what the others leave."""
    assert abs(sum(widths) - WIDTH) < 0.5, (sum(widths), WIDTH)
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # the line announcing the table
    grid = L.table_grid(document, headers, widths, size=TABLE_PT)
    aligns = [L.CENTER if at in centred else L.LEFT for at in range(len(headers))]
    L.add_rows(grid, [[shown(v) if not isinstance(v, str) else v for v in row] for row in rows], widths,
               size=TABLE_PT, aligns=aligns, bold_last=bold_last)
    L.paragraph(document, "", after=6)


def _day(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --------------------------------------------------------------------------- opening


def _subject(figures: ReportFigures) -> str:
    years = Counter(u.plan.info.assessed_year for u in figures.units if u.plan.info.assessed_year)
    year = f" năm {years.most_common(1)[0][0]}" if years else ""
    whose = " của các đơn vị" if figures.consolidated else ""
    return (f"Kết quả thực hiện Kế hoạch khắc phục những tồn tại, hạn chế Chỉ số cải cách hành chính{year}{whose}, "
            f"kỳ báo cáo {figures.period.label}")


def _opening(document: Any, figures: ReportFigures, who: Issuer) -> None:
    period = figures.period
    if figures.consolidated:
        text(document, f"{who.name} tổng hợp kết quả thực hiện kế hoạch khắc phục những tồn tại, hạn chế Chỉ số "
                       f"cải cách hành chính của {count(len(figures.units))} đơn vị kỳ {period.label} như sau:")
        source = f"sổ tổng hợp «{Path(figures.path).name}» ({count(len(figures.units))} đơn vị)"
    else:
        info = figures.units[0].plan.info
        text(document, f"Thực hiện {plan_reference(info)} về khắc phục những tồn tại, hạn chế Chỉ số cải cách hành "
                       f"chính, {who.name} báo cáo kết quả thực hiện kỳ {period.label} như sau:")
        source = f"sổ theo dõi «{Path(figures.path).name}»"
    text(document, f"Kỳ báo cáo {period.label}: số liệu {period.window_text()}. Mọi số liệu dưới đây lấy từ {source}, "
                   f"tính đến ngày {figures.as_of:%d/%m/%Y}.", italic=True)


# --------------------------------------------------------------------------- I


def _results(document: Any, figures: ReportFigures) -> None:
    heading(document, "I. KẾT QUẢ THỰC HIỆN")
    _tasks(document, figures)
    _coverage(document, figures)
    _overdue(document, figures)
    _uncovered(document, figures)
    if figures.consolidated:
        _by_unit(document, figures)
        _not_reported(document, figures)


def _tasks(document: Any, figures: ReportFigures) -> None:
    counts = figures.tasks
    heading(document, "1. Tiến độ thực hiện nhiệm vụ")
    whose = f" của {count(len(figures.units))} đơn vị" if figures.consolidated else ""
    text(document, f"Tổng số nhiệm vụ trong kế hoạch{whose}: {count(counts.total)}; trong đó:")
    lines = [f"Đã hoàn thành: {ratio(counts.done, counts.total, TASKS)};",
             f"Đang thực hiện: {ratio(counts.in_progress, counts.total, TASKS)};",
             f"Chưa thực hiện: {ratio(counts.not_started, counts.total, TASKS)};",
             f"Quá hạn (chưa hoàn thành khi đã hết hạn): {ratio(counts.overdue, counts.total, TASKS)};"]
    if counts.dropped:
        lines.append(f"Không thực hiện: {ratio(counts.dropped, counts.total, TASKS)};")
    lines[-1] = lines[-1][:-1] + "."
    bullets(document, lines)
    notes = []
    if figures.ongoing:
        notes.append(f"{count(figures.ongoing)} nhiệm vụ thực hiện thường xuyên (không có hạn cụ thể)")
    if figures.undated:
        notes.append(f"{count(figures.undated)} nhiệm vụ chưa xác định được thời hạn từ cột «Thời gian hoàn thành»")
    if notes:
        text(document, "Ngoài ra, trong số nhiệm vụ chưa hoàn thành có " + "; ".join(notes) + ".")


def _coverage(document: Any, figures: ReportFigures) -> None:
    total = figures.coverage
    heading(document, "2. Khắc phục các tiêu chí, tiêu chí thành phần bị mất điểm")
    if not total.lost and not total.survey_lost:
        text(document, "Sổ theo dõi không ghi tiêu chí, tiêu chí thành phần nào bị mất điểm.")
        return
    text(document, f"Số tiêu chí, tiêu chí thành phần bị mất điểm (không tính tiêu chí chấm bằng điều tra xã hội "
                   f"học): {count(total.lost)} ({vi_number(total.lost_points)} điểm). Đã có nhiệm vụ khắc phục: "
                   f"{ratio(total.covered, total.lost, CRITERIA)}"
                   f"{_by_points(total.covered_points, total.lost_points)}; "
                   f"đã hoàn thành khắc phục: {ratio(total.remedied, total.lost, CRITERIA)}"
                   f"{_by_points(total.remedied_points, total.lost_points)}.")
    if total.survey_lost:
        text(document, f"Tiêu chí chấm bằng điều tra xã hội học bị mất điểm: {count(total.survey_lost)}; "
                       "được theo dõi riêng, "
                       "không tính vào tỷ lệ khắc phục (đơn vị không tự khắc phục được).")
    headers = ["Tiêu chí mất điểm", "Điểm bị mất", "Đã có nhiệm vụ", "Đã khắc phục", "Điều tra XHH (riêng)"]
    fields = [(f"{code}. {name}".strip(" ."), tally) for code, name, tally in figures.by_group("by_field")]
    text(document, "a) Theo lĩnh vực:")
    table(document, ["Lĩnh vực", *headers], (55, 18, 16, 27, 27, 22), _group_rows(fields, total), (1, 2, 5),
          bold_last=True)
    text(document, "b) Theo chỉ số:")
    indexes = [(code, tally) for code, _, tally in figures.by_group("by_index")]
    table(document, ["Chỉ số", *headers], (55, 18, 16, 27, 27, 22), _group_rows(indexes, total), (1, 2, 5),
          bold_last=True)


def _by_points(part: float, whole: float) -> str:
    return f", tính theo điểm {vi_percent(part, whole)}" if whole > 0 else ""


def _group_rows(groups: Sequence[tuple[str, Any]], total: Any) -> list[list[str]]:
    return [[name, count(t.lost), vi_number(t.lost_points), ratio(t.covered, t.lost), ratio(t.remedied, t.lost),
             count(t.survey_lost)] for name, t in [*groups, ("Tổng cộng", total)]]


def _overdue(document: Any, figures: ReportFigures) -> None:
    items = figures.overdue
    heading(document, "3. Nhiệm vụ quá hạn")
    if not items:
        text(document, f"Không có nhiệm vụ quá hạn tính đến ngày {figures.as_of:%d/%m/%Y}.")
        return
    if figures.consolidated:
        _overdue_by_unit(document, figures, items)
        return
    text(document, f"Có {count(len(items))} nhiệm vụ quá hạn tính đến ngày {figures.as_of:%d/%m/%Y}:")
    rows = [[str(at), s.task.task or s.task.content or "", s.task.lead or "", s.task.deadline_text or "",
             _day(s.due), count(s.days_late)] for at, (_, s) in enumerate(items, 1)]
    table(document, ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành", "Hạn", "Số ngày quá hạn"],
          (12, 69, 24, 22, 22, 16), rows, (0, 4, 5))


def _overdue_by_unit(document: Any, figures: ReportFigures, items: Sequence[tuple[UnitFigures, Any]]) -> None:
    """A province's overdue tasks by unit: how many, how late, and the latest one named (the
    full list is the consolidated workbook's «Quá hạn» sheet: a province has thousands)."""
    groups = _grouped(items)
    text(document, f"Có {count(len(items))} nhiệm vụ quá hạn tính đến ngày {figures.as_of:%d/%m/%Y} "
                   f"ở {count(len(groups))} đơn vị "
                   "(danh sách đầy đủ tại trang «Quá hạn» của sổ tổng hợp):")
    rows = []
    for at, (unit, states) in enumerate(groups, 1):
        worst = max(states, key=lambda state: state.days_late)
        task = worst.task.task or worst.task.content or ""
        rows.append([str(at), unit.name, count(len(states)), count(worst.days_late),
                     f"{task} ({worst.task.lead})" if worst.task.lead else task])
    table(document, ["STT", "Đơn vị", "Số nhiệm vụ quá hạn", "Quá hạn lâu nhất (ngày)", "Nhiệm vụ quá hạn lâu nhất"],
          (12, 38, 20, 20, 75), rows, (0, 2, 3))


def _grouped(items: Sequence[tuple[UnitFigures, Any]]) -> list[tuple[UnitFigures, list[Any]]]:
    """Items by unit, the unit with most first (then in the units' order)."""
    groups: dict[int, tuple[UnitFigures, list[Any]]] = {}
    for unit, item in items:
        groups.setdefault(id(unit), (unit, []))[1].append(item)
    return sorted(groups.values(), key=lambda group: -len(group[1]))


MAX_NAMED = 10  # units named in a sentence; the tables name them all


def _per_unit(figures: ReportFigures, items: Sequence[tuple[UnitFigures, Any]]) -> str:
    if not figures.consolidated:
        return ""
    groups = _grouped(items)
    named = "; ".join(f"{unit.name} ({count(len(group))})" for unit, group in groups[:MAX_NAMED])
    more = f" và {count(len(groups) - MAX_NAMED)} đơn vị khác" if len(groups) > MAX_NAMED else ""
    return f", ở {named}{more}"


def _uncovered(document: Any, figures: ReportFigures) -> None:
    items = figures.uncovered
    heading(document, "4. Tiêu chí mất điểm chưa có nhiệm vụ khắc phục")
    if not items:
        text(document, "Mọi tiêu chí, tiêu chí thành phần bị mất điểm (trừ tiêu chí điều tra xã hội học) đã có nhiệm "
                       "vụ khắc phục.")
        return
    points = sum(c.lost_points for _, c in items)
    text(document, f"Còn {count(len(items))} tiêu chí, tiêu chí thành phần bị mất điểm ({vi_number(points)} điểm) "
                   "chưa có "
                   f"nhiệm vụ khắc phục{_per_unit(figures, items)}:")
    if figures.consolidated:
        _uncovered_by_criterion(document, items)
        return
    rows = [[str(at), c.code, c.name, vi_number(c.lost_points)] for at, (_, c) in enumerate(items, 1)]
    table(document, ["STT", "Mã", "Nội dung tiêu chí", "Điểm bị mất"], (12, 14, 117, 22), rows, (0, 3))


def _uncovered_by_criterion(document: Any, items: Sequence[tuple[UnitFigures, Any]]) -> None:
    """A province's uncovered criteria, one row per criterion with the units that lack a task."""

    by_code: dict[str, list[tuple[UnitFigures, Any]]] = {}
    for unit, crit in items:
        by_code.setdefault(crit.code, []).append((unit, crit))
    rows = []
    for at, code in enumerate(sorted(by_code, key=code_key), 1):
        group = by_code[code]
        names = "; ".join(unit.name for unit, _ in group[:MAX_NAMED])
        more = f" và {count(len(group) - MAX_NAMED)} đơn vị khác" if len(group) > MAX_NAMED else ""
        rows.append([str(at), code, group[0][1].name, count(len(group)),
                     vi_number(sum(crit.lost_points for _, crit in group)), names + more])
    table(document, ["STT", "Mã", "Nội dung tiêu chí", "Số đơn vị", "Điểm bị mất (tổng)", "Đơn vị"],
          (12, 14, 50, 16, 20, 53), rows, (0, 3, 4))


def _by_unit(document: Any, figures: ReportFigures) -> None:
    heading(document, "5. Kết quả theo đơn vị")
    rows = []
    for at, unit in enumerate(figures.units, 1):
        tasks, cov = unit.record.tasks, unit.record.coverage
        rows.append([str(at), unit.name, ratio(tasks["done"], tasks["total"]), count(tasks["overdue"]),
                     ratio(cov["covered"], cov["lost"]), ratio(cov["remedied"], cov["lost"]),
                     _day(unit.record.updated_on)])
    table(document, ["STT", "Đơn vị", "Nhiệm vụ hoàn thành", "Quá hạn", "Tiêu chí mất điểm có nhiệm vụ",
                     "Đã khắc phục", "Ngày cập nhật"], (12, 37, 26, 14, 26, 26, 24), rows, (0, 3, 6))


def _not_reported(document: Any, figures: ReportFigures) -> None:
    heading(document, "6. Đơn vị chưa báo cáo")
    if figures.not_sent is None:
        text(document, "Sổ tổng hợp không kèm danh sách đơn vị (merge --roster): chưa đối chiếu được đơn vị "
                       "chưa nộp sổ.")
    elif figures.not_sent:
        names = "; ".join(name or code or "" for code, name in figures.not_sent)
        text(document, f"Đơn vị chưa nộp sổ theo dõi: {count(len(figures.not_sent))} ({names}).")
    else:
        text(document, "Mọi đơn vị trong danh sách đã nộp sổ theo dõi.")
    stale = figures.not_updated()
    if stale:
        names = "; ".join(f"{u.name} ({_day(u.record.updated_on) or 'không ghi ngày'})" for u in stale)
        text(document, f"Đơn vị chưa cập nhật sổ trong kỳ (ngày cập nhật trước {figures.period.start:%d/%m/%Y} hoặc "
                       f"không ghi): {count(len(stale))} ({names}).")


# --------------------------------------------------------------------------- II and III


def shortcomings(figures: ReportFigures) -> list[str]:
    """II. Tồn tại, hạn chế: one factual sentence per gap the figures show, nothing else."""
    lines = []
    counts, total = figures.tasks, figures.coverage
    if counts.overdue:
        worst = max(s.days_late for _, s in figures.overdue)
        lines.append(f"Còn {ratio(counts.overdue, counts.total, TASKS)} quá hạn chưa hoàn thành "
                     f"(lâu nhất {count(worst)} ngày)"
                     f"{_per_unit(figures, figures.overdue)}.")
    if counts.not_started:
        lines.append(f"Còn {ratio(counts.not_started, counts.total, TASKS)} chưa triển khai thực hiện.")
    if total.lost > total.covered:
        lines.append(f"Còn {ratio(total.lost - total.covered, total.lost, CRITERIA)} bị mất điểm chưa có nhiệm vụ "
                     f"khắc phục{_per_unit(figures, figures.uncovered)}.")
    if total.lost > total.remedied:
        lines.append(f"Mới hoàn thành khắc phục {ratio(total.remedied, total.lost, CRITERIA)} bị mất điểm.")
    if figures.undated:
        lines.append(f"{count(figures.undated)} nhiệm vụ ghi thời gian hoàn thành không xác định được hạn, "
                     "chưa theo dõi "
                     "được tiến độ.")
    if figures.consolidated and figures.not_sent:
        lines.append(f"{count(len(figures.not_sent))} đơn vị chưa nộp sổ theo dõi.")
    if figures.consolidated and figures.not_updated():
        lines.append(f"{count(len(figures.not_updated()))} đơn vị chưa cập nhật sổ theo dõi trong kỳ.")
    if figures.errors:
        lines.append(f"Sổ theo dõi còn {figures.errors} lỗi nhập liệu (trang «Kiểm tra») cần sửa.")
    return lines


def _shortcomings(document: Any, figures: ReportFigures) -> None:
    heading(document, "II. TỒN TẠI, HẠN CHẾ")
    lines = shortcomings(figures)
    if lines:
        bullets(document, lines)
    else:
        text(document, f"Số liệu sổ theo dõi tính đến ngày {figures.as_of:%d/%m/%Y} không cho thấy nhiệm vụ quá hạn, "
                       "tiêu chí mất điểm chưa có nhiệm vụ hay nhiệm vụ chưa triển khai.")


def _next_period(document: Any, figures: ReportFigures) -> None:
    window = figures.period.next_window()
    heading(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    due = figures.due_next()
    heading(document, f"1. Nhiệm vụ đến hạn trong thời gian tới ({window.window_text()}, kỳ báo cáo {window.label})")
    if due and figures.consolidated:
        text(document, f"Có {count(len(due))} nhiệm vụ chưa hoàn thành đến hạn trong thời gian này, "
                       f"ở {count(len(_grouped(due)))} "
                       "đơn vị:")
        rows = [[str(at), unit.name, count(len(states)), _day(min(s.due for s in states))]
                for at, (unit, states) in enumerate(_grouped(due), 1)]
        table(document, ["STT", "Đơn vị", "Số nhiệm vụ đến hạn", "Hạn gần nhất"], (12, 93, 30, 30), rows, (0, 2, 3))
    elif due:
        rows = [[str(at), s.task.task or s.task.content or "", s.task.lead or "", s.task.deadline_text or "",
                 _day(s.due)] for at, (_, s) in enumerate(due, 1)]
        table(document, ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian hoàn thành", "Hạn"], (12, 81, 26, 24, 22), rows,
              (0, 4))
    else:
        text(document, "Không có nhiệm vụ chưa hoàn thành nào có hạn trong khoảng thời gian này.")
    heading(document, "2. Nhiệm vụ, giải pháp")
    lines = []
    if figures.tasks.overdue:
        lines.append(f"Tập trung hoàn thành {count(figures.tasks.overdue)} nhiệm vụ quá hạn nêu tại mục I.3.")
    if figures.uncovered:
        lines.append(f"Bổ sung nhiệm vụ khắc phục cho {count(len(figures.uncovered))} tiêu chí mất điểm "
                     "nêu tại mục I.4.")
    if figures.ongoing:
        lines.append(f"Tiếp tục thực hiện {count(figures.ongoing)} nhiệm vụ thường xuyên.")
    bullets(document, lines)
    text(document, AUTHOR_PLACE, italic=True, highlight=True)
