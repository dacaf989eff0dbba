"""The data model of one remediation-plan workbook.

Every value read from a clerk's file remembers the cell it came from (:class:`Pos`), so rules,
coverage and write-back can point a clerk at the exact cell in Vietnamese. Objects here are
plain data: reading fills them, rules and coverage only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cchc_sheets.core.cells import column_letter
from cchc_sheets.core.text import fold

# Roles of the standard sheets, in workbook order; values are the canonical Vietnamese names.
SHEET_INFO = "Thông tin"
SHEET_CRITERIA = "Tiêu chí"
SHEET_TASKS = "Nhiệm vụ"
SHEET_LISTS = "Danh mục"
SHEET_SUMMARY = "Tổng hợp"
SHEET_FINDINGS = "Kiểm tra"
STANDARD_SHEETS = (SHEET_INFO, SHEET_CRITERIA, SHEET_TASKS, SHEET_LISTS, SHEET_SUMMARY, SHEET_FINDINGS)
LIBRARY_SHEETS = (SHEET_SUMMARY, SHEET_FINDINGS)

STATUS_NOT_STARTED = "Chưa thực hiện"
STATUS_IN_PROGRESS = "Đang thực hiện"
STATUS_DONE = "Hoàn thành"
STATUS_DROPPED = "Không thực hiện"
STATUSES = (STATUS_NOT_STARTED, STATUS_IN_PROGRESS, STATUS_DONE, STATUS_DROPPED)

KIND_REMEDY = "Khắc phục"
KIND_MAINTAIN = "Duy trì"
KINDS = (KIND_REMEDY, KIND_MAINTAIN)

INDEX_PAR = "PAR INDEX"
INDEXES = (INDEX_PAR, "SIPAS", "PAPI", "PCI")

METHOD_SELF = "Tự đánh giá"
METHOD_APPRAISAL = "Thẩm định"
METHOD_SURVEY = "Điều tra XHH"
METHODS = (METHOD_SELF, METHOD_APPRAISAL, METHOD_SURVEY)

# Unit levels since 1 July 2025 (Luật 72/2025/QH15: provinces and communes only), and the levels
# plans before then also name (the district consolidated them).
UNIT_LEVELS = ("xã", "phường", "đặc khu")
LEGACY_UNIT_LEVELS = ("thị trấn", "huyện")

# Kinds of points on a criterion row (criteria sets issued for 2025 on carry bonus and penalty
# points beside the base points; see design/REFORM_2025.md).
POINTS_BASE = "base"
POINTS_BONUS = "bonus"
POINTS_PENALTY = "penalty"
POINTS_KIND_LABELS = {POINTS_BASE: "Điểm cơ bản", POINTS_BONUS: "Điểm thưởng", POINTS_PENALTY: "Điểm trừ"}
NOT_APPLICABLE_WORDS = ("Không phát sinh", "Không đánh giá", "Không áp dụng")

AUTO_SUFFIX = "(tự động)"
CRITERIA_AUTO_HEADER = "Tình trạng khắc phục (tự động)"
TASKS_AUTO_HEADER = "Tình trạng (tự động)"


class Pos(NamedTuple):
    """Where a value sits: the sheet's name as written in the file, 1-based row and column.

    A named tuple rather than a dataclass: one is made for every cell read, and tuples are
    several times cheaper to create.
    """

    sheet: str
    row: int
    col: int

    @property
    def cell(self) -> str:
        """Excel coordinate such as ``F12``."""
        return f"{column_letter(self.col)}{self.row}"


@dataclass(slots=True)
class Sourced:
    """Mixin data: the cell of every field that was read, and the raw value typed there."""

    source: dict[str, Pos] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def pos(self, name: str) -> Pos | None:
        """Position of field *name*, or None when the field was not in the file."""
        return self.source.get(name)


@dataclass(slots=True)
class UnitInfo(Sourced):
    """The ``Thông tin`` sheet: who, which year, which plan."""

    unit_name: str | None = None
    unit_code: str | None = None
    unit_level: str | None = None
    parent_name: str | None = None
    assessed_year: int | None = None
    plan_year: int | None = None
    plan_number: str | None = None
    issued_on: dt.date | None = None
    criteria_set: str | None = None
    total_score: float | None = None
    rank_text: str | None = None
    period: str | None = None
    updated_on: dt.date | None = None
    preparer: str | None = None
    phone: str | None = None

    @property
    def year_for_deadlines(self) -> int | None:
        """The year a deadline without a year refers to: the plan year, else assessed + 1."""
        if self.plan_year:
            return self.plan_year
        return self.assessed_year + 1 if self.assessed_year else None


@dataclass(slots=True)
class Criterion(Sourced):
    """One row of ``Tiêu chí``: a field (``1``), criterion (``1.1``) or sub-criterion (``1.1.2``)."""

    code: str = ""
    name: str = ""
    index: str = INDEX_PAR
    max_points: float | None = None
    achieved_points: float | None = None
    method: str | None = None
    loss_reason: str | None = None
    row: int = 0
    children: list[str] = field(default_factory=list)
    points_kind: str = ""  # base, bonus (adds up to its max), penalty (achieved <= 0); "" = base, not yet read
    not_applicable: bool = False  # «Không phát sinh» / «Không đánh giá»: out of the max and of lost points

    @property
    def is_bonus(self) -> bool:
        return self.points_kind == POINTS_BONUS

    @property
    def is_penalty(self) -> bool:
        return self.points_kind == POINTS_PENALTY

    @property
    def counts_in_max(self) -> bool:
        """Part of the applicable maximum: a base criterion that arises in this unit."""
        return self.points_kind not in (POINTS_BONUS, POINTS_PENALTY) and not self.not_applicable

    @property
    def level(self) -> int:
        """1 for a field, 2 for a criterion, 3 for a sub-criterion (deeper codes allowed)."""
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        """``1.1.2`` -> ``1.1``; a field has no parent."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def field_code(self) -> str:
        """The field (top-level) code this row belongs to."""
        return self.code.split(".", 1)[0]

    @property
    def is_leaf(self) -> bool:
        """Scores are entered on leaves; parents are summed."""
        return not self.children

    @property
    def is_survey(self) -> bool:
        """Scored by sociological survey: the unit cannot fix it alone."""
        return self.method is not None and fold(self.method) in _SURVEY_FOLDED

    @property
    def lost_points(self) -> float:
        """max - achieved, computed here (a cached formula value is never trusted).

        A bonus never loses points (it only adds); a penalty loses what it deducts (achieved is
        ``-2`` for a two-point deduction); a criterion that does not arise loses nothing.
        """
        if self.not_applicable or self.is_bonus or self.achieved_points is None:
            return 0.0
        if self.is_penalty:
            return max(-self.achieved_points, 0.0)
        if self.max_points is None:
            return 0.0
        return max(self.max_points - self.achieved_points, 0.0)


_SURVEY_FOLDED = {fold(METHOD_SURVEY), fold("Điều tra xã hội học"), fold("XHH"), fold("Điều tra")}
NOT_APPLICABLE_FOLDED = {fold(word) for word in NOT_APPLICABLE_WORDS}


@dataclass(slots=True)
class Activity(Sourced):
    """A continuation row under a task: one more activity with its own lead, output or deadline."""

    row: int = 0
    activity: str | None = None
    output: str | None = None
    lead: str | None = None
    support: str | None = None
    deadline_text: str | None = None
    budget: str | None = None


@dataclass(slots=True)
class Section(Sourced):
    """A title row inside ``Nhiệm vụ`` (``I``, ``CHỈ SỐ SIPAS``, ``II. CẢI CÁCH THỦ TỤC ...``)."""

    row: int = 0
    label: str | None = None
    title: str = ""
    index: str | None = None


@dataclass(slots=True)
class Task(Sourced):
    """One task row of ``Nhiệm vụ`` with the activities of its continuation rows."""

    row: int = 0
    seq: str | None = None
    criteria_codes: list[str] = field(default_factory=list)
    kind: str | None = None
    content: str | None = None
    task: str | None = None
    activity: str | None = None
    output: str | None = None
    lead: str | None = None
    support: str | None = None
    deadline_text: str | None = None
    due_date: dt.date | None = None
    budget: str | None = None
    status: str | None = None
    progress: float | None = None
    done_on: dt.date | None = None
    evidence: str | None = None
    note: str | None = None
    section: Section | None = None
    activities: list[Activity] = field(default_factory=list)
    last_row: int = 0

    @property
    def is_valid(self) -> bool:
        """Counts for coverage: task text, a lead, a deadline, and not dropped."""
        has_deadline = bool(self.deadline_text) or self.due_date is not None
        return bool(self.task or self.content) and bool(self.lead) and has_deadline and (
            self.status != STATUS_DROPPED
        )

    @property
    def is_done(self) -> bool:
        return self.status == STATUS_DONE


@dataclass(slots=True)
class Agency:
    """A canonical agency and the other names it goes by (from ``Danh mục`` or built in)."""

    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Lists:
    """The ``Danh mục`` sheet: dropdown values and agency aliases typed by the province."""

    statuses: list[str] = field(default_factory=lambda: list(STATUSES))
    kinds: list[str] = field(default_factory=lambda: list(KINDS))
    indexes: list[str] = field(default_factory=lambda: list(INDEXES))
    methods: list[str] = field(default_factory=lambda: list(METHODS))
    agencies: list[Agency] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """Where a table sits in its sheet, so write-back can add its column next to the clerk's."""

    sheet: str
    header_row: int
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    auto_col: int | None = None
    max_col: int = 0
    max_row: int = 0
    data_rows: list[int] = field(default_factory=list)

    def header_of(self, col: int) -> str:
        """The header text as typed above *col* (for messages)."""
        return self.headers.get(col, "")


@dataclass(slots=True)
class Plan:
    """Everything read from one workbook, plus the reader's own findings."""

    path: str
    info: UnitInfo = field(default_factory=UnitInfo)
    criteria: list[Criterion] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    lists: Lists = field(default_factory=Lists)
    layouts: dict[str, Layout] = field(default_factory=dict)
    sheet_names: dict[str, str] = field(default_factory=dict)
    other_sheets: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)

    def criteria_by_code(self) -> dict[str, Criterion]:
        """Code -> criterion (first occurrence wins; duplicates are a rule finding)."""
        out: dict[str, Criterion] = {}
        for crit in self.criteria:
            out.setdefault(crit.code, crit)
        return out

    def leaves(self) -> list[Criterion]:
        return [c for c in self.criteria if c.is_leaf]


@dataclass(slots=True)
class TaskRow:
    """A row to write in ``Nhiệm vụ``: a task, a continuation activity, or a section title."""

    values: dict[str, Any] = field(default_factory=dict)
    section: str | None = None  # when set, the row is a section title (values["seq"] = label)


@dataclass(slots=True)
class PlanData:
    """What to put in a new workbook. A blank template has only criteria and info."""

    criteria: list[Criterion]
    info: dict[str, Any] = field(default_factory=dict)
    tasks: list[TaskRow] = field(default_factory=list)
    agencies: list[Agency] | None = None
    notes: list[str] = field(default_factory=list)  # lines shown under Thông tin (e.g. "illustrative")
    created: dt.datetime | None = None  # fixed for committed files, so regenerating them is byte-stable
    suggestions: bool = False  # add the SUGGESTION_HEADER column, filled from TaskRow.values["suggestion"]
