"""One pre-filled standard workbook per unit of a province's scores table (``distribute``).

Every unit of the table is accounted for: written, or rejected with one sentence (no code, a
code given twice, a score the criteria set does not allow, a file that exists without
``--force`` …). Nothing is half-done per unit: its checks run before anything is written, and
its file appears whole or not at all. Units of the roster the table does not name are listed,
so a unit the province forgot to score is not discovered by its absence in next year's merge.

File names: ``<unit code>_<unit name without diacritics>.xlsx`` through
:func:`cchc_sheets.write.safe_write.unit_file_name` (``01234_UBND_xa_Phu_Linh.xlsx``); the name is
one plain component, proven a direct child of the output folder by
:func:`~cchc_sheets.write.safe_write.path_inside` (as rollover and merge feedback do), and a
symbolic link there is refused.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.core.errors import CchcError, ExitCode, FileLocked, UsageError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import Criterion, PlanData
from cchc_sheets.core.text import fold
from cchc_sheets.cycle.build import write_new_workbook
from cchc_sheets.cycle.pool import Progress, parallel_map
from cchc_sheets.cycle.scoring import score_unit
from cchc_sheets.read.lists import RosterEntry, load_criteria_list, read_roster
from cchc_sheets.read.scores import ScoresTable, UnitScores, read_scores, unit_code
from cchc_sheets.write.safe_write import excel_lock_path, path_inside, unit_file_name

register({
    "distribute.no_code": ("dòng {row}: đơn vị «{name}» chưa có mã đơn vị.", "row {row}: unit '{name}' has no code."),
    "distribute.duplicate": ("mã đơn vị {code} có ở nhiều dòng ({rows}); không biết dòng nào đúng.",
                             "unit code {code} is on several rows ({rows}); which one is right is unknown."),
    "distribute.exists": ("đã có tệp {file}; dùng --force để ghi đè.", "{file} already exists; use --force to overwrite."),
    "distribute.name_clash": ("tên tệp {file} trùng với đơn vị ở dòng {row}.",
                              "file name {file} is the same as the unit's on row {row}."),
    "distribute.failed": ("không ghi được sổ ({error}).", "the workbook could not be written ({error})."),
    "distribute.not_folder": ("{folder} không phải là thư mục.", "{folder} is not a folder."),
})

WRITTEN, REJECTED = "written", "rejected"
_LEVELS = (("dac khu", "đặc khu"), ("phuong", "phường"), ("thi tran", "thị trấn"), ("xa", "xã"))


@dataclass(slots=True)
class UnitOutcome:
    """What became of one unit of the scores table."""

    row: int
    code: str | None
    name: str | None
    outcome: str = REJECTED
    file: str | None = None
    reason: Any = None  # a Sentence or a CchcError: anything with render(lang)
    missing: list[str] = field(default_factory=list)
    lost_points: float | None = None
    lost: int | None = None
    findings: dict[str, int] | None = None

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"row": self.row, "unit_code": self.code, "unit_name": self.name, "outcome": self.outcome,
                "file": self.file, "reason": self.reason.render(lang) if self.reason is not None else None,
                "missing_criteria": self.missing, "lost_points": self.lost_points, "lost_criteria": self.lost,
                "findings": self.findings}


@dataclass(slots=True)
class DistributeResult:
    """Every unit's outcome, and how the table compares with the roster."""

    scores: str
    shape: str
    criteria_set: str
    output: str
    assessed_year: int
    units: list[UnitOutcome]
    roster_missing: list[RosterEntry] | None = None
    unlisted: list[UnitOutcome] | None = None

    def count(self, outcome: str) -> int:
        return sum(unit.outcome == outcome for unit in self.units)

    @property
    def exit_code(self) -> ExitCode:
        """0: every unit written and every roster unit scored; 1: some rejected or missing."""
        return ExitCode.FINDINGS if self.count(REJECTED) or self.roster_missing else ExitCode.OK

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "scores": self.scores, "shape": self.shape, "criteria_set": self.criteria_set, "output": self.output,
            "assessed_year": self.assessed_year, "plan_year": self.assessed_year + 1,
            "counts": {WRITTEN: self.count(WRITTEN), REJECTED: self.count(REJECTED)},
            "units": [unit.to_dict(lang) for unit in self.units],
            "roster_missing": None if self.roster_missing is None else [
                {"unit_code": e.code, "unit_name": e.name} for e in self.roster_missing],
            "not_on_roster": None if self.unlisted is None else [
                {"unit_code": u.code, "unit_name": u.name, "row": u.row} for u in self.unlisted],
        }


@dataclass(slots=True)
class _Job:
    """What a worker needs to write one unit (picklable)."""

    at: int
    target: str
    data: PlanData
    as_of: dt.date
    debug: bool


def distribute(scores: Path, out: Path, *, criteria: Path, criteria_set: str | None = None,
               roster: Path | None = None, assessed_year: int | None = None, parent: str | None = None,
               force: bool = False, jobs: int | None = None, progress: Progress | None = None,
               as_of: dt.date | None = None, debug: bool = False) -> DistributeResult:
    """Write one workbook per unit of *scores* into the folder *out*."""

    as_of = as_of or dt.date.today()
    crit_list = load_criteria_list(criteria)
    set_id = criteria_set or criteria.stem
    table = read_scores(scores)
    entries = None
    if roster is not None:  # codes Excel kept as numbers are zero-padded as the table's are
        entries = [RosterEntry(unit_code(e.code), e.name) for e in read_roster(roster)]
    year = assessed_year or table.year or as_of.year - 1
    if out.exists() and not out.is_dir():
        raise UsageError("distribute.not_folder", folder=str(out))
    out.mkdir(parents=True, exist_ok=True)
    info = {"assessed_year": year, "plan_year": year + 1, "criteria_set": set_id,
            "parent_name": parent or table.province}
    outcomes, jobs_list = _prepare(table, crit_list, info, out, entries, force, as_of, debug)
    for job, result in zip(jobs_list, parallel_map(write_unit, jobs_list, jobs=jobs, progress=progress), strict=False):
        _settle(outcomes[job.at], result)
    missing, unlisted = _compare_roster(outcomes, entries)
    return DistributeResult(str(scores), table.shape, set_id, str(out), year, outcomes, missing, unlisted)


def _prepare(table: ScoresTable, crit_list: list[Criterion], info: dict[str, Any], out: Path,
             entries: list[RosterEntry] | None, force: bool, as_of: dt.date,
             debug: bool) -> tuple[list[UnitOutcome], list[_Job]]:
    """Every unit's outcome (rejected ones final) and the writes left to do."""

    by_code = {e.code: e for e in entries or [] if e.code}
    by_name = _unique_names(entries or [])
    _fill_from_roster(table.units, by_code, by_name)
    rows_of = _rows_by_code(table.units)
    outcomes: list[UnitOutcome] = []
    jobs: list[_Job] = []
    names: dict[str, int] = {}
    for unit in table.units:
        outcome = UnitOutcome(unit.row, unit.code, unit.name)
        outcomes.append(outcome)
        if unit.code is None:
            outcome.reason = Sentence("distribute.no_code", row=unit.row, name=unit.name or "—")
            continue
        if len(rows_of[unit.code]) > 1:
            outcome.reason = Sentence("distribute.duplicate", code=unit.code,
                                      rows=", ".join(map(str, rows_of[unit.code])))
            continue
        scored = score_unit(unit, crit_list, info["criteria_set"])
        outcome.missing = scored.missing
        if scored.reason is not None:
            outcome.reason = scored.reason
            continue
        file_name = unit_file_name(unit.code, unit.name)
        target = path_inside(out, file_name)  # the containment proof feedback and rollover use too
        outcome.file = str(target)
        clash = names.setdefault(file_name.casefold(), unit.row)  # Windows folds case
        lock = excel_lock_path(target)
        if clash != unit.row:
            outcome.reason = Sentence("distribute.name_clash", file=file_name, row=clash)
        elif target.is_symlink():
            outcome.reason = FileLocked("write.symlink", path=str(target))
        elif target.exists() and not force:
            outcome.reason = Sentence("distribute.exists", file=file_name)
        elif lock is not None:
            outcome.reason = Sentence("write.file_open", lock=lock.name)
        else:
            unit_info = {**info, "unit_code": unit.code, "unit_name": unit.name,
                         "unit_level": unit.level or guess_level(unit.name),
                         "parent_name": unit.parent or info["parent_name"]}
            data = PlanData(criteria=scored.criteria, info={k: v for k, v in unit_info.items() if v is not None})
            jobs.append(_Job(len(outcomes) - 1, str(target), data, as_of, debug))
    return outcomes, jobs


def write_unit(job: _Job) -> tuple[str, Any]:
    """Write one unit's workbook (in a worker): ``("ok", figures)`` or ``("error", reason)``."""

    try:
        built = write_new_workbook(Path(job.target), job.data, as_of=job.as_of)
    except CchcError as exc:
        return "error", exc
    except OSError as exc:
        return "error", Sentence("distribute.failed", error=exc.strerror or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - one odd unit must not stop the other 149
        if job.debug:
            raise
        return "error", Sentence("distribute.failed", error=f"{type(exc).__name__}: {exc}")
    lost = [c for c in built.plan.leaves() if c.lost_points > 0]
    return "ok", (built.lost_points, len(lost), built.finding_counts())


def _settle(outcome: UnitOutcome, result: tuple[str, Any]) -> None:
    status, value = result
    if status == "ok":
        outcome.outcome = WRITTEN
        outcome.lost_points, outcome.lost, outcome.findings = value
    else:
        outcome.reason = value
        outcome.file = None


def guess_level(name: str | None) -> str | None:
    """``UBND phường Sông Cầu`` -> ``phường``: the level a unit's name says, if it says one."""
    if not name:
        return None
    words = f" {fold(name)} "
    return next((level for key, level in _LEVELS if f" {key} " in words), None)


def _rows_by_code(units: list[UnitScores]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for unit in units:
        if unit.code:
            rows.setdefault(unit.code, []).append(unit.row)
    return rows


def _unique_names(entries: list[RosterEntry]) -> dict[str, RosterEntry]:
    counts = Counter(fold(e.name) for e in entries if e.name)
    return {fold(e.name): e for e in entries if e.name and counts[fold(e.name)] == 1}


def _fill_from_roster(units: list[UnitScores], by_code: dict[str, RosterEntry],
                      by_name: dict[str, RosterEntry]) -> None:
    """A unit without a code gets it from the roster when its name is there exactly once; a unit
    without a name gets the roster's name for its code."""
    for unit in units:
        if unit.code is None and unit.name and fold(unit.name) in by_name:
            unit.code = by_name[fold(unit.name)].code
        if unit.name is None and unit.code is not None and unit.code in by_code:
            unit.name = by_code[unit.code].name


def _compare_roster(outcomes: list[UnitOutcome], entries: list[RosterEntry] | None
                    ) -> tuple[list[RosterEntry] | None, list[UnitOutcome] | None]:
    """Roster units the table does not name, and table units the roster does not list."""
    if entries is None:
        return None, None
    codes = {o.code for o in outcomes if o.code}
    names = {fold(o.name) for o in outcomes if o.name}
    missing = [e for e in entries if not (e.code in codes if e.code else fold(e.name or "") in names)]
    listed_codes = {e.code for e in entries if e.code}
    listed_names = {fold(e.name) for e in entries if e.name}
    unlisted = [o for o in outcomes if not (o.code in listed_codes or (o.name and fold(o.name) in listed_names))]
    return missing, unlisted
