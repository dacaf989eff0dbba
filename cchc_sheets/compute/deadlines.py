"""Vietnamese deadline text ("Thời gian hoàn thành") turned into a structured deadline.

Plans never type a date column: they write ``Quý II, III năm 2024``, ``9 tháng cuối năm 2024``,
``Thường xuyên`` or ``Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023``.
Overdue and "due soon" need a real date, so this module reads those phrases the way a district
reviewer would, and says ``unknown`` rather than guess (see ``docs/deadlines.md``).

How it works: the text is cleaned (HTML tags, Unicode form, spacing), split into ``;`` clauses,
and each clause is folded (no case, no diacritics) and scanned by an ordered list of patterns.
Every pattern that matches claims its span (so ``hàng năm`` is never read again as ``năm``) and
yields a *mention* (a day, month, quarter, span of months, year ...). A clause's start/due are the
earliest start and the latest due of its mentions; the deadline's due is the last dated clause.
The pattern table and the scan live in :mod:`cchc_sheets.compute.deadline_scan`; this module
ties mentions to years and combines them into clauses and the deadline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cchc_sheets.compute.deadline_scan import INVALID, MASK, Ctx, Mention, Scan, scan_clause
from cchc_sheets.core.text import clean, fold, memo_text

KIND_DATE = "date"
KIND_PERIOD = "period"
KIND_RECURRING = "recurring"
KIND_ONGOING = "ongoing"
KIND_UNKNOWN = "unknown"
KINDS = (KIND_DATE, KIND_PERIOD, KIND_RECURRING, KIND_ONGOING, KIND_UNKNOWN)


@dataclass(frozen=True, slots=True)
class Clause:
    """One ``;``-separated piece of a deadline cell and what it says on its own."""

    text: str
    kind: str
    start: dt.date | None
    due: dt.date | None
    recurrence: str | None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline cell read as data: kind, first day, last day, recurrence and its clauses."""

    kind: str
    start: dt.date | None
    due: dt.date | None
    recurrence: str | None
    text: str
    clauses: tuple[Clause, ...] = ()

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready form (ISO dates) used by the CLI and the workbook summaries."""
        return {
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "due": self.due.isoformat() if self.due else None,
            "recurrence": self.recurrence,
            "text": self.text,
        }


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True, slots=True)
class _Dated:
    """A mention tied to its year."""

    mention: Mention
    start: dt.date | None
    due: dt.date | None

    @property
    def year(self) -> int | None:
        day = self.due or self.start
        return day.year if day else None


def _resolve(scan: Scan, plan_year: int | None) -> list[_Dated] | None:
    """Tie each mention to a year (its own, else the clause's last typed year, else the plan year).

    None when a mention cannot be tied to any year (``tháng 10`` with no plan year): the clause
    then has no dates rather than half of them. A whole-year mention qualifying a finer one of
    the same year (``tháng 4 của năm tiếp theo``) is dropped.
    """
    typed_years = [mention.year for mention in scan.mentions if mention.year is not None]
    context_year = typed_years[-1] if typed_years else plan_year
    dated = []
    for mention in scan.mentions:
        year = mention.year if mention.year is not None else context_year
        if year is None or mention.resolve is INVALID:
            return None
        dated.append(_Dated(mention, *mention.resolve(year)))
    fine_years = {item.year for item in dated if not item.mention.coarse}
    kept = [item for item in dated if not (item.mention.coarse and item.year in fine_years)]
    month_dues = sorted(other.due for other in kept if other.mention.unit == "month" and other.due is not None)
    return [item for item in kept if not _refined(item, month_dues)]


def _refined(item: _Dated, month_dues: list[dt.date]) -> bool:
    """A quarter named with a month inside it (``tháng 8, quý III/2026``): the month is meant.

    *month_dues* are the clause's month mentions' due days, sorted: one bisection per quarter
    keeps a clause of thousands of mentions linear."""
    if item.mention.unit != "quarter" or item.start is None or item.due is None:
        return False
    index = bisect.bisect_left(month_dues, item.start)
    return index < len(month_dues) and month_dues[index] <= item.due


def _clause(text: str, plan_year: int | None) -> Clause:
    """Read one clause on its own (its kind, first day, due day and recurrence)."""
    scan = scan_clause(fold(text), Ctx(plan_year))
    if scan.poisoned or any(mention.invalid for mention in scan.mentions):
        return Clause(text, KIND_UNKNOWN, None, None, None)
    if scan.undated:  # a year typed with a season only says which season: no year end is guessed
        scan.mentions = [mention for mention in scan.mentions if not (mention.coarse or mention.unit == "years")]
    dated = _resolve(scan, plan_year) or []
    due_item = max((item for item in dated if item.due), key=lambda item: item.due or dt.date.min, default=None)
    due = due_item.due if due_item else None
    start = min((item.start for item in dated if item.start and (due is None or item.start <= due)), default=None)
    return Clause(text, _clause_kind(scan, dated, due_item, start), start, due, scan.recurrence)


def _clause_kind(scan: Scan, dated: list[_Dated], due_item: _Dated | None, start: dt.date | None) -> str:
    """Precedence: recurring word, then an exact day, then a period, then ongoing words."""
    if scan.recurrence:
        return KIND_RECURRING
    if due_item:
        return KIND_DATE if due_item.mention.exact else KIND_PERIOD
    if start:
        return KIND_DATE if all(item.mention.exact for item in dated) else KIND_PERIOD
    return KIND_ONGOING if scan.ongoing else KIND_UNKNOWN


_TAG = re.compile(r"<[^<>]{0,200}>")


def _display(text: str) -> str:
    """Text without HTML remnants (``<i>...</i>``, ``&nbsp;``), NFC, single-spaced."""
    text = html.unescape(_TAG.sub(" ", text.replace(MASK, " ")))
    return clean(text)


# --------------------------------------------------------------------------- public API


# A deadline cell longer than this is not read as dates (kind unknown): real ones are under 200
# characters, and parsing is linear but not free (about 15 ms per 1,000 characters).
MAX_DEADLINE_CHARS = 2_000


@memo_text(1 << 13)  # the same phrases recur in every row and every file
def parse_deadline(text: str | None, plan_year: int | None) -> Deadline:
    """Read a ``Thời gian hoàn thành`` cell; a year missing from the text is *plan_year*.

    Never raises. Anything not understood is kind ``unknown`` with no due date: a wrong due date
    would make a task look overdue (or safe) when nobody said so.
    """
    original = text if isinstance(text, str) else ("" if text is None else str(text))
    if isinstance(text, dt.date):
        day = text.date() if isinstance(text, dt.datetime) else text
        return Deadline(KIND_DATE, None, day, None, original, (Clause(original, KIND_DATE, None, day, None),))
    if len(original) > MAX_DEADLINE_CHARS:
        return Deadline(KIND_UNKNOWN, None, None, None, original)  # a paragraph, not a deadline
    year = plan_year if isinstance(plan_year, int) and 1 <= plan_year < 9999 else None
    clauses = tuple(_clause(piece, year) for piece in _pieces(original))
    return _combine(clauses, original)


def _pieces(text: str) -> Iterator[str]:
    for piece in _display(text).split(";"):
        piece = piece.strip(" .,")
        if piece:
            yield piece


def _combine(clauses: tuple[Clause, ...], original: str) -> Deadline:
    """Due of the last dated clause; earliest start not after it; kind by precedence."""
    dated = [clause for clause in clauses if clause.due]
    due_clause = dated[-1] if dated else None
    due = due_clause.due if due_clause else None
    start = min((c.start for c in clauses if c.start and (due is None or c.start <= due)), default=None)
    recurrence = next((c.recurrence for c in clauses if c.recurrence), None)
    kinds = {clause.kind for clause in clauses}
    if recurrence:
        kind = KIND_RECURRING
    elif due_clause:
        kind = due_clause.kind
    elif start:
        kind = next(c.kind for c in clauses if c.start)
    elif KIND_ONGOING in kinds:
        kind = KIND_ONGOING
    else:
        kind = KIND_UNKNOWN
    return Deadline(kind, start, due, recurrence, original, clauses)


def due_date_of(due_cell: dt.date | None, deadline_text: str | None, plan_year: int | None) -> dt.date | None:
    """The date a task is due: a real date typed in ``Hạn hoàn thành`` wins over the text."""
    if isinstance(due_cell, dt.datetime):
        return due_cell.date()
    if isinstance(due_cell, dt.date):
        return due_cell
    return parse_deadline(deadline_text, plan_year).due
