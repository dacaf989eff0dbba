"""``cchc-sheets deadline TEXT --year YEAR``: how the library reads one deadline cell.

For clerks and reviewers who want to know why a task counts as overdue (or has no due date),
and for developers checking a new phrase. The reading itself is :mod:`cchc_sheets.compute.deadlines`.
"""

from __future__ import annotations

import datetime as dt
import re

import click

from cchc_sheets.cli.common import debug_option, echo_json, format_option, handle_errors, lang_option
from cchc_sheets.compute.deadlines import Clause, Deadline, parse_deadline
from cchc_sheets.core.i18n import register, t

register({
    "deadline.kind": ("Loại", "Kind"),
    "deadline.start": ("Bắt đầu", "Start"),
    "deadline.due": ("Hạn", "Due"),
    "deadline.recurrence": ("Lặp lại", "Repeats"),
    "deadline.clause": ("Vế {number}", "Clause {number}"),
    "deadline.none": ("—", "—"),
    "deadline.kind.date": ("Ngày cụ thể", "exact date"),
    "deadline.kind.period": ("Khoảng thời gian", "period"),
    "deadline.kind.recurring": ("Định kỳ", "recurring"),
    "deadline.kind.ongoing": ("Thường xuyên (không có hạn)", "ongoing (no due date)"),
    "deadline.kind.unknown": ("Chưa xác định được hạn", "due date not understood"),
    "deadline.rec.yearly": ("hằng năm", "yearly"),
    "deadline.rec.quarterly": ("hằng quý", "quarterly"),
    "deadline.rec.monthly": ("hằng tháng", "monthly"),
    "deadline.rec.weekly": ("hằng tuần", "weekly"),
    "deadline.rec.daily": ("hằng ngày", "daily"),
    "deadline.rec.periodic": ("định kỳ", "periodic"),
})


@click.command("deadline")
@click.argument("text")
@click.option("--year", "year", type=int, default=None, metavar="YEAR",
              help="Năm kế hoạch, dùng cho ngày/tháng/quý không ghi năm (ví dụ 2024).")
@format_option("table", "json")
@lang_option
@debug_option
@handle_errors
def command(text: str, year: int | None, fmt: str, lang: str, debug: bool) -> None:
    """Cho biết thư viện hiểu một ô "Thời gian hoàn thành" thế nào (loại, bắt đầu, hạn, lặp lại).

    Ví dụ: cchc-sheets deadline "Quý II, III năm 2024" --year 2024
    """
    deadline = parse_deadline(text, year)
    if fmt == "json":
        echo_json(deadline.to_dict())
        return
    click.echo(render_table(deadline, lang))


def render_table(deadline: Deadline, lang: str = "vi") -> str:
    """A few aligned lines: kind, start, due, recurrence, then each clause when there are several."""
    rows = [
        (t("deadline.kind", lang), t(f"deadline.kind.{deadline.kind}", lang)),
        (t("deadline.start", lang), _day(deadline.start, lang)),
        (t("deadline.due", lang), _day(deadline.due, lang)),
        (t("deadline.recurrence", lang), _recurrence(deadline.recurrence, lang)),
    ]
    if len(deadline.clauses) > 1:
        rows += [(t("deadline.clause", lang, number=number), _clause(clause, lang))
                 for number, clause in enumerate(deadline.clauses, start=1)]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)} : {value}" for label, value in rows)


def _clause(clause: Clause, lang: str) -> str:
    """``Tháng 12/2022 → Khoảng thời gian, 01/12/2022 – 31/12/2022``."""
    span = " – ".join(_day(day, lang) for day in (clause.start, clause.due) if day)
    kind = t(f"deadline.kind.{clause.kind}", lang)
    return f"{clause.text} → {kind}" + (f", {span}" if span else "")


def _day(day: dt.date | None, lang: str) -> str:
    """Dates the way Vietnamese write them: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y") if day else t("deadline.none", lang)


_UNITS_VI = {"months": "tháng", "year": "năm", "quarter": "quý", "month": "tháng", "week": "tuần", "day": "ngày"}
_EVERY = re.compile(r"every (\d+) (months)$")
_TIMES = re.compile(r"(\d+) times per (year|quarter|month|week|day)$")


def _recurrence(recurrence: str | None, lang: str) -> str:
    """``yearly`` -> ``hằng năm``; ``every 6 months`` -> ``6 tháng/lần``; ``2 times per year`` -> ``2 lần/năm``."""
    if recurrence is None:
        return t("deadline.none", lang)
    if lang == "en":
        return recurrence
    if match := _EVERY.match(recurrence):
        return f"{match.group(1)} {_UNITS_VI[match.group(2)]}/lần"
    if match := _TIMES.match(recurrence):
        return f"{match.group(1)} lần/{_UNITS_VI[match.group(2)]}"
    return t(f"deadline.rec.{recurrence}", lang)
