"""Next year's workbook from this year's (``rollover``), for one workbook or a folder of them.

The new workbook keeps who the unit is, the clerk's agency aliases and the tasks that go on
(:mod:`cchc_sheets.cycle.carry`); it takes the new criteria set and the new scores when given,
otherwise the old set with its achieved points blank for the clerk. The clerk's old file is only
read: the new one never replaces an input, and never lands on a symbolic link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cchc_sheets.compute.agencies import BUILTIN_AGENCIES
from cchc_sheets.core.errors import CchcError, ExitCode, FileLocked, UsageError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import Criterion, Plan, PlanData
from cchc_sheets.cycle.build import write_new_workbook
from cchc_sheets.cycle.carry import carried_sheet, carry_tasks, merged_agencies
from cchc_sheets.cycle.pool import Progress, parallel_map
from cchc_sheets.cycle.scoring import score_unit
from cchc_sheets.read.inputs import iter_inputs
from cchc_sheets.read.lists import load_criteria_list
from cchc_sheets.read.plan import read_plan
from cchc_sheets.read.scores import UnitScores, read_scores
from cchc_sheets.write.safe_write import path_inside, unit_file_name

register({
    "rollover.no_year": ("sổ không ghi năm kế hoạch hay năm đánh giá; dùng --plan-year để chỉ năm mới.",
                         "the workbook names no plan or assessed year; give the new year with --plan-year."),
    "rollover.same_file": ("tệp mới sẽ trùng với một sổ đầu vào ({file}); chọn thư mục khác cho -o.",
                           "the new file would replace an input ({file}); choose another -o folder."),
    "rollover.exists": ("đã có tệp {file}; dùng --force để ghi đè.", "{file} already exists; use --force to overwrite."),
    "rollover.name_clash": ("tên tệp {file} trùng với sổ {other}.", "file name {file} is the same as {other}'s."),
    "rollover.failed": ("không lập được sổ mới ({error}).", "the new workbook could not be written ({error})."),
    "rollover.no_inputs": ("Không tìm thấy sổ .xlsx nào trong {paths}.", "No .xlsx workbook found in {paths}."),
    "rollover.many_to_file": ("Nhiều sổ đầu vào thì -o phải là một thư mục.",
                              "With several input workbooks, -o must be a folder."),
})

WRITTEN, REJECTED = "written", "rejected"
SCORES_FILLED, SCORES_BLANK, SCORES_NOT_IN_TABLE = "filled", "blank", "not_in_table"


@dataclass(slots=True)
class NewSet:
    """The criteria of the new year (None: each old workbook's own set) and the new scores."""

    criteria: list[Criterion] | None = None
    criteria_set: str | None = None
    scores: dict[str, UnitScores] | None = None


@dataclass(slots=True)
class FileOutcome:
    """What became of one old workbook."""

    source: str
    target: str | None = None
    outcome: str = REJECTED
    reason: Any = None
    unit_code: str | None = None
    unit_name: str | None = None
    plan_year: int | None = None
    scores: str = SCORES_BLANK
    counts: dict[str, int] = field(default_factory=dict)
    vanished: list[dict[str, Any]] = field(default_factory=list)  # tasks whose criterion is gone
    findings: dict[str, int] | None = None

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "outcome": self.outcome,
                "reason": self.reason.render(lang) if self.reason is not None else None,
                "unit_code": self.unit_code, "unit_name": self.unit_name, "plan_year": self.plan_year,
                "scores": self.scores, "tasks": self.counts, "tasks_with_vanished_criteria": self.vanished,
                "findings": self.findings}


@dataclass(slots=True)
class RolloverResult:
    files: list[FileOutcome]

    def count(self, outcome: str) -> int:
        return sum(f.outcome == outcome for f in self.files)

    @property
    def exit_code(self) -> ExitCode:
        """0: every workbook rolled over cleanly; 1: some rejected, or tasks whose criterion is gone."""
        return ExitCode.FINDINGS if any(f.outcome == REJECTED or f.vanished for f in self.files) else ExitCode.OK

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"counts": {WRITTEN: self.count(WRITTEN), REJECTED: self.count(REJECTED)},
                "files": [f.to_dict(lang) for f in self.files]}


@dataclass(slots=True)
class _Job:
    outcome: FileOutcome
    plan_year: int | None
    new: NewSet
    as_of: dt.date
    debug: bool


def rollover(olds: Sequence[Path], out: Path, *, plan_year: int | None = None, criteria: Path | None = None,
             criteria_set: str | None = None, scores: Path | None = None, force: bool = False,
             jobs: int | None = None, progress: Progress | None = None, as_of: dt.date | None = None,
             debug: bool = False) -> RolloverResult:
    """Write next year's workbook for every workbook in *olds* (files or folders)."""

    sources = [item.path for item in iter_inputs(olds) if item.skip is None and item.path.suffix.lower() != ".xls"]
    if not sources:
        raise UsageError("rollover.no_inputs", paths=", ".join(map(str, olds)))
    to_file = len(olds) == 1 and not olds[0].is_dir() and not out.is_dir() and out.suffix.lower() in (".xlsx", ".xlsm")
    if not to_file and ((out.exists() and not out.is_dir()) or out.suffix.lower() in (".xlsx", ".xlsm")):
        raise UsageError("rollover.many_to_file")
    new = NewSet()
    if criteria is not None:
        new.criteria, new.criteria_set = load_criteria_list(criteria), criteria_set or criteria.stem
    elif criteria_set:
        new.criteria_set = criteria_set
    if scores is not None:
        new.scores = {unit.code: unit for unit in read_scores(scores).units if unit.code}
    as_of = as_of or dt.date.today()
    inputs = {p.resolve() for p in sources}
    work = [_Job(FileOutcome(str(source)), plan_year, new, as_of, debug) for source in sources]
    if to_file:  # in a folder, files are named after their unit, known once each workbook is read
        work[0].outcome.target = str(out)
        _refuse(work[0].outcome, out, inputs, force)
    return RolloverResult(_run(work, out, to_file, inputs, force, jobs, progress))


def _refuse(outcome: FileOutcome, target: Path | None, inputs: set[Path], force: bool) -> None:
    """Reject *outcome* when its target is an input, a symbolic link, or exists (without *force*)."""
    if target is None or outcome.reason is not None:
        return
    if target.is_symlink():
        outcome.reason = FileLocked("write.symlink", path=str(target))
    elif target.resolve() in inputs:
        outcome.reason = Sentence("rollover.same_file", file=str(target))
    elif target.exists() and not force:
        outcome.reason = Sentence("rollover.exists", file=str(target))


def _run(work: list[_Job], out: Path, to_file: bool, inputs: set[Path], force: bool, jobs: int | None,
         progress: Progress | None) -> list[FileOutcome]:
    """Read every old workbook (in workers), name the new files, then write them (in workers)."""

    (out.parent if to_file else out).mkdir(parents=True, exist_ok=True)
    read = parallel_map(identify, [job.outcome.source for job in work], jobs=jobs)
    taken: dict[str, str] = {}
    for job, (code, name, error) in zip(work, read, strict=False):
        outcome = job.outcome
        outcome.unit_code, outcome.unit_name = code, name
        if error is not None and outcome.reason is None:
            outcome.reason = error
        if outcome.reason is not None or to_file:
            continue
        file_name = unit_file_name(code, name) if code or name else unit_file_name(Path(outcome.source).stem)
        other = taken.setdefault(file_name.casefold(), outcome.source)
        outcome.target = str(path_inside(out, file_name))
        if other != outcome.source:
            outcome.reason = Sentence("rollover.name_clash", file=file_name, other=other)
        else:
            _refuse(outcome, Path(outcome.target), inputs, force)
    todo = [job for job in work if job.outcome.reason is None]
    for job, done in zip(todo, parallel_map(roll_one, todo, jobs=jobs, progress=progress), strict=False):
        _copy(done, job.outcome)  # workers send back a copy of the outcome
    return [job.outcome for job in work]


def _copy(done: FileOutcome, into: FileOutcome) -> None:
    for name in FileOutcome.__slots__:
        setattr(into, name, getattr(done, name))


def identify(source: str) -> tuple[str | None, str | None, Any]:
    """(unit code, unit name, None) of a workbook, or (None, None, why it cannot be read)."""

    try:
        plan = read_plan(source)
    except CchcError as exc:
        return None, None, exc
    return plan.info.unit_code, plan.info.unit_name, None


def roll_one(job: _Job) -> FileOutcome:
    """Read one old workbook and write its successor (in a worker)."""

    outcome = job.outcome
    try:
        plan = read_plan(outcome.source)
        _write(plan, job, outcome)
    except CchcError as exc:
        outcome.reason = exc
    except OSError as exc:
        outcome.reason = Sentence("rollover.failed", error=exc.strerror or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - one odd workbook must not stop the folder
        if job.debug:
            raise
        outcome.reason = Sentence("rollover.failed", error=f"{type(exc).__name__}: {exc}")
    return outcome


def _write(plan: Plan, job: _Job, outcome: FileOutcome) -> None:
    old_year = plan.info.year_for_deadlines
    new_year = job.plan_year or (old_year + 1 if old_year else None)
    if new_year is None:
        outcome.reason = Sentence("rollover.no_year")
        return
    criteria, set_id = _criteria(plan, job.new)
    if criteria is None:
        outcome.reason = set_id
        return
    carry = carry_tasks(plan, new_year, {crit.code for crit in criteria})
    info = plan.info
    fields = {"unit_name": info.unit_name, "unit_code": info.unit_code, "unit_level": info.unit_level,
              "parent_name": info.parent_name, "preparer": info.preparer, "phone": info.phone,
              "assessed_year": new_year - 1, "plan_year": new_year, "criteria_set": set_id}
    agencies = merged_agencies(plan.lists.agencies, list(BUILTIN_AGENCIES)) if plan.lists.agencies else None
    data = PlanData(criteria=criteria, info={k: v for k, v in fields.items() if v is not None}, tasks=carry.rows,
                    agencies=agencies)
    built = write_new_workbook(Path(outcome.target or ""), data, as_of=job.as_of,
                               extra_sheets=[carried_sheet(carry, old_year, new_year)])
    outcome.outcome, outcome.plan_year, outcome.counts = WRITTEN, new_year, carry.counts()
    outcome.scores = _scores_state(plan, job.new)
    outcome.findings = built.finding_counts()
    outcome.vanished = [{"seq": c.new_seq, "old_seq": c.task.seq, "codes": c.vanished} for c in carry.carried
                        if c.vanished]


def _criteria(plan: Plan, new: NewSet) -> tuple[list[Criterion] | None, Any]:
    """(criteria with the new scores, set id), or (None, why the scores do not fit)."""

    if new.criteria is not None:
        base, set_id = new.criteria, new.criteria_set or ""
    else:
        base, set_id = plan.criteria, new.criteria_set or plan.info.criteria_set or ""
    unit = (new.scores or {}).get(plan.info.unit_code or "")
    if unit is not None:
        scored = score_unit(unit, base, set_id)
        return (scored.criteria, set_id) if scored.reason is None else (None, scored.reason)
    blank = [replace(c, achieved_points=None, loss_reason=None, children=list(c.children), source={}, raw={})
             for c in base]
    return blank, set_id


def _scores_state(plan: Plan, new: NewSet) -> str:
    if new.scores is None:
        return SCORES_BLANK
    return SCORES_FILLED if (plan.info.unit_code or "") in new.scores else SCORES_NOT_IN_TABLE
