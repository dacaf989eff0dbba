"""What the merge knows of a unit and of an input file: the records that cross from the worker
processes to the writer (and into the nightly job's cache), and nothing that reads or writes.

Both :mod:`.merge` (which builds them) and :mod:`.workbook` (which lays them out) import from
here, which is what keeps the two from importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cchc_sheets.consolidate.layout import Blob
from cchc_sheets.core.errors import ExitCode
from cchc_sheets.core.i18n import Sentence
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import unit_code_text
from cchc_sheets.read.lists import RosterEntry


class CriterionMeta(NamedTuple):
    """What the matrix shows of a criterion row, the same for every unit of one criteria set."""

    code: str
    name: str
    index: str  # type: ignore[assignment]  # the criteria list calls the column so; shadows tuple.index
    method: str | None
    max_points: float | None
    is_leaf: bool
    points_kind: str = ""  # bonus / penalty rows of a 2025 criteria set (carried in the meta sheet)




MERGED, SUPERSEDED, REJECTED, SKIPPED = "merged", "superseded", "rejected", "skipped"


@dataclass(slots=True)
class UnitRecord:
    """What the consolidated workbook needs of one unit: figures and rendered rows, not the plan."""

    unit_code: str | None
    unit_name: str | None
    level: str | None
    parent_name: str | None
    criteria_set: str | None
    updated_on: dt.date | None
    period: str | None
    file: str
    source: str
    mtime: float
    coverage: dict[str, Any]
    tasks: dict[str, int]
    score: float | None
    max_score: float | None
    lost_points: float
    errors: int
    warnings: int
    lost: dict[str, tuple[float | None, int]]
    criteria: tuple[CriterionMeta, ...]
    task_rows: Blob
    overdue_rows: Blob
    finding_rows: Blob
    carried: bool = False
    rank: int | None = None
    percent: float | None = None  # score over the applicable maximum, in percent
    group: str = ""  # ranking group (compute/ranking.py); "" when there are no groups
    rank_text: str | None = None  # «k/n» within the group
    band: str | None = None  # «Xếp loại» from the ranking file's thresholds
    fate: str = MERGED
    reason: Sentence | None = None
    notes: list[Sentence] = field(default_factory=list)
    snapshot: Any = None  # what a caller's ``snapshot(plan)`` kept of the plan (the nightly job's task list)
    assessed_year: int | None = None
    overdue_days: tuple[int, ...] = ()  # days late of each overdue row, in ``overdue_rows`` order

    @property
    def key(self) -> str | None:
        """Who the unit is: its code, else its folded name (None: nobody knows)."""
        return unit_key(self.unit_code, self.unit_name)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON of one merged unit (coverage and tasks as ``summarize`` gives them)."""
        return {"unit_code": self.unit_code, "unit_name": self.unit_name, "file": self.file,
                "coverage": self.coverage, "tasks": self.tasks, "score": self.score, "rank": self.rank,
                "percent": self.percent, "group": self.group, "rank_text": self.rank_text, "band": self.band,
                "updated_on": self.updated_on.isoformat() if self.updated_on else None,
                "findings": {"errors": self.errors, "warnings": self.warnings}}


def unit_key(code: str | None, name: str | None) -> str | None:
    if code and code.strip():
        return unit_code_key(code)
    return "tên:" + fold(name) if name and name.strip() else None


def unit_order(unit: UnitRecord) -> tuple[Any, ...]:
    """Code order: units with a code first, shorter numeric codes before longer, then by code and
    folded name (the order of every by-unit sheet but «Tổng hợp», and the tie-break of the need order)."""
    code = unit.unit_code or ""
    return (not code, len(code) if code.isdigit() else 0, code, fold(unit.unit_name or ""))


def unit_code_key(code: str) -> str:
    """A unit code as the official list writes it (:func:`cchc_sheets.core.values.unit_code_text`)."""
    return unit_code_text(code)


@dataclass(slots=True)
class InputOutcome:
    """One input file and what became of it."""

    path: str
    outcome: str
    reason: Sentence | None = None
    mtime: float = 0.0
    units_read: list[UnitRecord] = field(default_factory=list)
    consolidated: bool = False
    shown: str = ""  # the path as the workbook shows it: relative to the input it was found in

    def reason_text(self, lang: str = "vi") -> str:
        return self.reason.render(lang) if self.reason else ""

    @property
    def _first(self) -> UnitRecord | None:
        return self.units_read[0] if len(self.units_read) == 1 and not self.consolidated else None

    @property
    def unit_code(self) -> str | None:
        return self._first.unit_code if self._first else None

    @property
    def unit_name(self) -> str | None:
        return self._first.unit_name if self._first else None

    @property
    def updated_on(self) -> dt.date | None:
        return self._first.updated_on if self._first else None

    @property
    def units(self) -> int:
        return len(self.units_read)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"path": self.path, "outcome": self.outcome, "reason": self.reason_text(lang),
                "unit_code": self.unit_code}


@dataclass(slots=True)
class FeedbackOutcome:
    unit_code: str | None
    source: str
    target: str
    error: str | None = None  # a Sentence (re-rendered in the output language) when set


@dataclass(slots=True)
class MergeResult:
    """Everything a merge found, in output order; the CLI only formats it."""

    output: Path | None
    as_of: dt.date
    criteria_set: str | None
    units: list[UnitRecord]
    inputs: list[InputOutcome]
    criteria: list[CriterionMeta]
    assessed_year: int | None = None
    roster: list[RosterEntry] | None = None
    roster_missing: list[RosterEntry] = field(default_factory=list)
    unlisted: list[UnitRecord] = field(default_factory=list)
    feedback: list[FeedbackOutcome] | None = None

    @property
    def exit_code(self) -> ExitCode:
        """0: every input merged (skipped files aside); 1: some rejected or superseded; 3: none read."""
        if not self.units:
            return ExitCode.UNREADABLE
        rejected = any(i.outcome in (REJECTED, SUPERSEDED) for i in self.inputs)
        return ExitCode.FINDINGS if rejected else ExitCode.OK

    def count(self, outcome: str) -> int:
        return sum(i.outcome == outcome for i in self.inputs)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        data: dict[str, Any] = {
            "output": str(self.output) if self.output else None, "as_of": self.as_of.isoformat(),
            "criteria_set": self.criteria_set, "assessed_year": self.assessed_year,
            "units": [u.to_dict() for u in self.units],
            "inputs": [i.to_dict(lang) for i in self.inputs],
        }
        if self.roster is not None:
            data["roster"] = {"missing": [{"unit_code": e.code, "unit_name": e.name} for e in self.roster_missing],
                              "unlisted": [{"unit_code": u.unit_code, "unit_name": u.unit_name, "file": u.file}
                                           for u in self.unlisted]}
        if self.feedback is not None:
            data["feedback"] = [{"unit_code": f.unit_code, "source": f.source, "target": f.target,
                                 "error": f.error} for f in self.feedback]
        return data
