"""Merge commune workbooks (or lower-level consolidated workbooks) into one consolidated workbook.

Every input is accounted for: each file given, or found in a folder given, ends as ``merged``,
``superseded`` (an older submission of a unit that sent a newer one), ``rejected`` (unreadable,
no unit code or name, another criteria set than the majority) or ``skipped`` (Excel lock files,
hidden files, anything that is not a spreadsheet), with a reason in Vietnamese.

Data flows one way: read -> check -> compute in worker processes, one file at a time, each file
reduced there to a :class:`UnitRecord` (figures and pre-rendered rows, not the plan), so memory
stays bounded by the output rather than the inputs; then this process settles duplicates and
criteria sets, ranks the units and writes the workbook (:mod:`.workbook`; the records are in :mod:`.records`).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import typing
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from cchc_sheets.check.run import check_file
from cchc_sheets.compute.coverage import code_key, compute
from cchc_sheets.compute.ranking import RankingRules, load_rules, place
from cchc_sheets.consolidate.feedback import pool_context as _context
from cchc_sheets.consolidate.feedback import write_feedback
from cchc_sheets.consolidate.layout import MARKER
from cchc_sheets.consolidate.readback import is_consolidated, read_units
from cchc_sheets.consolidate.records import (
    MERGED,
    REJECTED,
    SKIPPED,
    SUPERSEDED,
    CriterionMeta,
    InputOutcome,
    MergeResult,
    UnitRecord,
    unit_code_key,
    unit_key,
    unit_order,
)
from cchc_sheets.consolidate.unit_rows import criteria_meta, lost_cells, unit_rows
from cchc_sheets.consolidate.workbook import write_result
from cchc_sheets.core.errors import CchcError, UsageError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import Plan
from cchc_sheets.core.text import fold
from cchc_sheets.read.inputs import iter_inputs, refuse_all_missing
from cchc_sheets.read.lists import RosterEntry, read_roster
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.read.package import inflate
from cchc_sheets.write.safe_write import ensure_not_open

Progress = Callable[[int, int], None]
Snapshot = Callable[[Plan], Any]

register({
    "merge.worker_died": ("Đọc tệp này làm dừng tiến trình đọc (tệp bất thường hoặc quá lớn với máy); đã bỏ qua, "
                          "các tệp khác vẫn được tổng hợp.",
                          "Reading this file stopped the reading process (an abnormal file, or too large for the "
                          "machine); it was skipped and the other files were merged."),
    "merge.merged_units": ("Sổ tổng hợp: {count} đơn vị.", "Consolidated workbook: {count} units."),
    "merge.superseded": ("Đơn vị «{unit}» có bản mới hơn: {winner} (cập nhật {date}).",
                         "Unit «{unit}» sent a newer workbook: {winner} (updated {date})."),
    "merge.other_set": ("Bộ tiêu chí «{found}» khác với bộ của đa số các tệp («{majority}»).",
                        "Criteria set «{found}» differs from the majority's («{majority}»)."),
    "merge.no_unit": ("Trang «Thông tin» không có Mã đơn vị và Tên đơn vị: không biết sổ của đơn vị nào.",
                      "The «Thông tin» sheet has neither unit code nor unit name."),
    "merge.by_name": ("Không có Mã đơn vị: đã ghép theo tên «{name}».", "No unit code: matched by name «{name}»."),
    "merge.no_set": ("Không ghi Bộ tiêu chí; coi như bộ «{majority}».",
                     "No criteria set given; taken as «{majority}»."),
    "merge.other_year": ("Sổ của năm đánh giá {found}; sổ tổng hợp này là của năm {year} "
                         "(mỗi sổ tổng hợp chỉ một năm đánh giá, để xếp hạng không trộn các năm).",
                         "A workbook for assessment year {found}; this consolidated workbook is for {year} "
                         "(one assessment year per consolidated workbook, so that years are never ranked together)."),
    "merge.output_suffix": ("Tệp kết quả {file} phải có đuôi .xlsx (sổ tổng hợp là bảng tính Excel).",
                            "The output {file} must end in .xlsx (the consolidated workbook is an Excel workbook)."),
    "merge.no_year": ("Không ghi Năm đánh giá; coi như năm {year}.", "No assessment year given; taken as {year}."),
    "merge.output_file": ("Đây là tệp kết quả của chính lần tổng hợp này.", "This is the merge's own output file."),
    "merge.feedback_file": ("Tệp trong thư mục phản hồi (--feedback).", "A file in the feedback folder (--feedback)."),
    "merge.output_is_input": ("Tệp kết quả {file} cũng là tệp đầu vào; hãy đặt tên khác cho -o để không ghi đè sổ đó.",
                              "The output {file} is also an input; give -o another name so that it is not overwritten."),
    "merge.output_exists": ("Tệp {file} đã có và không phải sổ tổng hợp do cchc-sheets ghi; "
                            "hãy đặt tên khác cho -o để không ghi đè tệp đó.",
                            "{file} exists and is not a consolidated workbook written by cchc-sheets; "
                            "give -o another name so that it is not overwritten."),
    "merge.units_dropped": ("{count} đơn vị không được tổng hợp: {reasons}", "{count} units not merged: {reasons}"),
})

# --------------------------------------------------------------------------- the whole run


def merge(paths: Sequence[Path], output: Path, *, as_of: dt.date | None = None, roster: Path | None = None,
          feedback: Path | None = None, jobs: int | None = None, progress: Progress | None = None,
          debug: bool = False, ranking: Path | None = None, year: int | None = None) -> MergeResult:
    """Merge *paths* (files and folders) into *output*; the workbook is written only when at
    least one unit could be merged. *debug* lets a bug in reading a file raise. *ranking* is
    the province's groups and bands (compute/ranking.py); without it one group, no bands.
    *year* is the assessment year to consolidate (default: the year most units report)."""
    as_of = as_of or dt.date.today()
    ensure_not_open(output)
    refuse_all_missing(paths)
    check_output(paths, output)
    entries = read_roster(roster) if roster is not None else None
    rules = load_rules(ranking) if ranking is not None else RankingRules()
    skipped, to_read = classify(paths, output, feedback)
    read = read_files(to_read, as_of, jobs=jobs, progress=progress, debug=debug, roots=paths)
    result = settle([*skipped, *read], as_of, entries, rules, year)
    if result.units:
        write_result(output, result)
    if feedback is not None and result.units:
        result.feedback = write_feedback(result.units, feedback, as_of, jobs)
    return result


def check_output(paths: Sequence[Path], output: Path) -> None:
    """A usage error when writing *output* would destroy a workbook: it is one of the *paths*
    given, or it exists and is not a consolidated workbook (a commune's file typed after -o).
    A consolidated workbook is replaced: that is a rerun."""
    if output.suffix.lower() != ".xlsx":
        raise UsageError("merge.output_suffix", file=str(output))
    target = output.resolve()
    if any(Path(path).resolve() == target for path in paths):
        raise UsageError("merge.output_is_input", file=str(output))
    if output.exists() and not _is_consolidated_file(output):
        raise UsageError("merge.output_exists", file=str(output))


def _is_consolidated_file(path: Path) -> bool:
    """Ours to replace? The document property says so without inflating the sheets (a national
    workbook's task sheet is larger than the reader's part limit); else the marker sheet."""
    if _marker_property(path):
        return True
    try:
        with Workbook(path) as book:
            return is_consolidated(book)
    except (CchcError, OSError):
        return False  # unreadable: certainly not ours to replace


def _marker_property(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/custom.xml")
            return info.file_size < 1 << 20 and MARKER.encode() in inflate(archive, info, 1 << 20)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return False


def classify(paths: Sequence[Path], output: Path, feedback: Path | None) -> tuple[list[InputOutcome], list[Path]]:
    """Skipped inputs with their reasons, and the files to read.

    What to read is ``check.iter_inputs``'s answer, so ``check`` and ``merge`` agree; with
    ``every_file`` it also lists what it passes over in a folder, so every file is accounted for. The merge's own output and feedback copies are never inputs (a rerun would merge them).
    A file given twice (by name and in its folder, or a folder named twice) is read once.
    """

    inputs = _unique([(item.path, item.skip) for item in iter_inputs(paths, every_file=True)])
    own_output = output.resolve()
    feedback_dir = feedback.resolve() if feedback is not None else None
    skipped: list[InputOutcome] = []
    to_read: list[Path] = []
    for path, reason in inputs:
        resolved = path.resolve()
        if reason is None and resolved == own_output:
            reason = Sentence("merge.output_file")
        elif reason is None and feedback_dir is not None and feedback_dir in resolved.parents:
            reason = Sentence("merge.feedback_file")
        if reason is None:
            to_read.append(path)
        else:
            fate = REJECTED if reason.key == "input.missing" else SKIPPED  # a mistyped name counts (exit 1)
            skipped.append(InputOutcome(str(path), fate, reason, _mtime(str(path)),
                                        shown=shown_path(str(path), paths)))
    return skipped, to_read


def shown_path(name: str, roots: Sequence[Path]) -> str:
    """*name* as the workbook shows it: relative to the folder given that holds it, starting with
    that folder's own name (``hop_thu/xa_a.xlsx``), or the bare file name of a file given; never
    the server's absolute path (``/srv/…``), which means nothing to a leader."""
    path = Path(name).absolute()
    for root in roots:
        base = Path(root).absolute()
        if path == base:
            return path.name
        if base in path.parents:
            return str(Path(base.name or ".") / path.relative_to(base))
    return path.name


def _unique(inputs: list[tuple[Path, Sentence | None]]) -> list[tuple[Path, Sentence | None]]:
    """The first of the inputs that are one file (by resolved path), in order."""
    seen: set[Path] = set()
    unique = []
    for path, reason in inputs:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append((path, reason))
    return unique


# --------------------------------------------------------------------------- reading (workers)


def read_files(paths: Sequence[Path], as_of: dt.date, *, jobs: int | None = None,
               progress: Progress | None = None, debug: bool = False,
               snapshot: Snapshot | None = None, roots: Sequence[Path] = ()) -> list[InputOutcome]:
    """Read, check and compute every file, in worker processes when it pays; results stream back
    as chunks finish, so memory holds records, never plans. *snapshot* (a module-level function,
    so workers can receive it) keeps something of each plan in its record's ``snapshot``."""
    jobs = jobs or os.cpu_count() or 1
    names = [str(p) for p in paths]
    shown = {name: shown_path(name, roots) for name in names} if roots else None
    total = len(names)
    if progress:
        progress(0, total)
    if jobs <= 1 or total < 4:
        return [_reported(read_one(name, as_of, debug, snapshot, shown), i + 1, total, progress)
                for i, name in enumerate(names)]
    return _read_in_pool(names, as_of, jobs, progress, debug, snapshot, shown)


def _reported(outcome: InputOutcome, done: int, total: int, progress: Progress | None) -> InputOutcome:
    if progress:
        progress(done, total)
    return outcome


def _read_in_pool(names: list[str], as_of: dt.date, jobs: int, progress: Progress | None,
                  debug: bool, snapshot: Snapshot | None, shown: dict[str, str] | None = None
                  ) -> list[InputOutcome]:
    """Chunks of files in a pool of workers. When a worker dies (a file that exhausts memory or
    crashes the parser), the pool breaks and every unfinished chunk fails: those files are read
    again one per process (:func:`_read_isolated`), never in this process, so the file that
    killed a worker is rejected with a sentence instead of killing the merge."""
    size = max(1, min(24, len(names) // (jobs * 6)))
    chunks = [names[i:i + size] for i in range(0, len(names), size)]
    outcomes: list[InputOutcome] = []
    suspects: list[str] = []
    catalog: dict[tuple[CriterionMeta, ...], tuple[CriterionMeta, ...]] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        futures = {pool.submit(read_chunk, chunk, as_of, debug, snapshot, _only(shown, chunk)): chunk
                   for chunk in chunks}
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception:  # noqa: BLE001 - a dead worker (BrokenProcessPool) or a result that did not arrive
                suspects.extend(futures[future])
                continue
            outcomes.extend(_interned(o, catalog) for o in done)
            if progress:
                progress(len(outcomes), len(names))
    for outcome in _read_isolated(suspects, as_of, jobs, debug, snapshot, shown):
        outcomes.append(_interned(outcome, catalog))
        if progress:
            progress(len(outcomes), len(names))
    return outcomes


def _read_isolated(names: list[str], as_of: dt.date, jobs: int, debug: bool,
                   snapshot: Snapshot | None, shown: dict[str, str] | None = None) -> Iterator[InputOutcome]:
    """Each file in a process of its own, *jobs* at a time; a process that dies (or sends
    nothing readable) rejects its one file with a sentence."""
    from multiprocessing.connection import Connection, wait

    context = _context()
    queue: list[str] = list(names)
    running: dict[Connection, tuple[Any, str]] = {}
    while queue or running:
        while queue and len(running) < jobs:
            name = queue.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_read_alone, args=(send, name, as_of, debug, snapshot,
                                                                _only(shown, [name])), daemon=True)
            process.start()
            send.close()
            running[receive] = (process, name)
        for ready in wait(list(running)):
            receive = typing.cast(Connection, ready)  # wait() hands back what it was given
            process, name = running.pop(receive)
            try:
                outcome = receive.recv()
            except Exception:  # noqa: BLE001 - EOF: the process died; anything else: its result is unusable
                outcome = None
            receive.close()
            process.join()
            if not isinstance(outcome, InputOutcome):
                outcome = InputOutcome(name, REJECTED, Sentence("merge.worker_died"), mtime=_mtime(name),
                                       shown=(shown or {}).get(name) or name)
            yield outcome


def _read_alone(send: Any, name: str, as_of: dt.date, debug: bool, snapshot: Snapshot | None,
                shown: dict[str, str] | None = None) -> None:
    try:
        send.send(read_one(name, as_of, debug, snapshot, shown))
    finally:
        send.close()


def _interned(outcome: InputOutcome, catalog: dict[Any, Any]) -> InputOutcome:
    """Share one criteria tuple between the units of one criteria set (3,321 copies otherwise)."""
    for unit in outcome.units_read:
        unit.criteria = catalog.setdefault(unit.criteria, unit.criteria)
    return outcome


def _only(shown: dict[str, str] | None, names: list[str]) -> dict[str, str] | None:
    return {name: shown[name] for name in names} if shown is not None else None


def read_chunk(names: list[str], as_of: dt.date, debug: bool = False,
               snapshot: Snapshot | None = None, shown: dict[str, str] | None = None) -> list[InputOutcome]:
    """Read a few files in a worker with the cycle collector paused (measured: ~8% faster; a
    file's objects hold no cycles worth chasing), collecting once at the end of the chunk."""
    gc.disable()
    try:
        return [read_one(name, as_of, debug, snapshot, shown) for name in names]
    finally:
        gc.enable()
        gc.collect()


def read_one(name: str, as_of: dt.date, debug: bool = False, snapshot: Snapshot | None = None,
             shown: dict[str, str] | None = None) -> InputOutcome:
    """One file -> its outcome with its unit records, or why it cannot be used.

    Never raises unless *debug*: one odd file must not stop a province's merge.
    """

    path = Path(name)
    label = (shown or {}).get(name) or name
    outcome = InputOutcome(name, MERGED, mtime=_mtime(name), shown=label)
    try:
        with Workbook(path) as book:  # opened once: the marker test and the reading share it
            if is_consolidated(book):
                outcome.consolidated = True
                outcome.units_read = [_record(c.plan, c.findings, name, c.source, outcome.mtime, as_of, snapshot,
                                              carried=True) for c in read_units(book, label)]
                return outcome
            plan, report = check_file(path, as_of, raise_unexpected=debug, book=book)
        if plan is None:
            outcome.outcome, outcome.reason = REJECTED, report.error
            return outcome
        outcome.units_read = [_record(plan, report.rows_for_sheet("vi"), name, label, outcome.mtime, as_of,
                                      snapshot)]
    except CchcError as exc:
        outcome.outcome, outcome.reason = REJECTED, Sentence(exc.key, **exc.args_)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        if debug:
            raise
        outcome.outcome = REJECTED
        outcome.reason = Sentence("check.internal", error=f"{type(exc).__name__}: {exc}")
    return outcome


def _record(plan: Plan, findings: Sequence[Sequence[Any]], file: str, source: str, mtime: float, as_of: dt.date,
            snapshot: Snapshot | None = None, *, carried: bool = False) -> UnitRecord:
    """Reduce one plan to what the output needs; the plan itself is dropped after this."""
    result = compute(plan, as_of)
    score = result.score
    tasks, overdue, found = unit_rows(plan, result, findings, source)
    info = plan.info
    return UnitRecord(
        unit_code=unit_code_key(info.unit_code) if info.unit_code else None, unit_name=info.unit_name,
        level=info.unit_level, parent_name=info.parent_name,
        criteria_set=info.criteria_set, updated_on=info.updated_on, period=info.period, file=file, source=source,
        mtime=mtime, coverage=result.total.to_dict(), tasks=result.tasks.to_dict(),
        score=round(score.total, 4) if score else None, max_score=round(score.applicable_max, 4) if score else None,
        percent=score.percent if score else None, lost_points=round(result.total.lost_points, 4),
        errors=sum(row[1] == "error" for row in findings), warnings=sum(row[1] == "warning" for row in findings),
        lost=lost_cells(plan, result), criteria=criteria_meta(plan), task_rows=tasks, overdue_rows=overdue,
        finding_rows=found, carried=carried, snapshot=snapshot(plan) if snapshot else None,
        assessed_year=info.assessed_year, overdue_days=tuple(state.days_late or 0 for state in result.overdue))




def _mtime(name: str) -> float:
    try:
        return os.stat(name).st_mtime
    except OSError:
        return 0.0


# --------------------------------------------------------------------------- settling


def settle(outcomes: Iterable[InputOutcome], as_of: dt.date, roster: list[RosterEntry] | None,
           rules: RankingRules | None = None, year: int | None = None) -> MergeResult:
    """Decide each unit's fate (merged, superseded, rejected), rank the merged units and compare
    them with the roster. One consolidated workbook holds one assessment year (*year*, else the
    year most units report): a unit of another year is rejected with that reason, never ranked
    with the others, and the roster counts it as not sent for this year."""
    inputs = sorted(outcomes, key=lambda o: o.path)
    candidates = [u for o in inputs if o.outcome == MERGED for u in o.units_read]
    for unit in candidates:
        if unit.key is None:
            _reject(unit, Sentence("merge.no_unit"))
        elif not unit.unit_code:
            unit.notes.append(Sentence("merge.by_name", name=unit.unit_name))
    chosen = _settle_years([u for u in candidates if u.fate == MERGED], year)
    majority = _settle_criteria_sets([u for u in candidates if u.fate == MERGED])
    merged = _settle_duplicates([u for u in candidates if u.fate == MERGED])
    for outcome in inputs:
        _file_fate(outcome)
    merged.sort(key=unit_order)
    _rank(merged, rules or RankingRules(), roster)
    result = MergeResult(None, as_of, majority, merged, inputs, _catalog(merged), assessed_year=chosen)
    if roster is not None:
        _compare_roster(result, roster)
    return result


def _reject(unit: UnitRecord, reason: Sentence, fate: str = REJECTED) -> None:
    unit.fate, unit.reason = fate, reason


def _settle_years(units: list[UnitRecord], year: int | None) -> int | None:
    """The assessment year of this workbook: *year*, else the one most units report (the later
    on a tie); units of another year are rejected, units without one are noted."""
    counts = Counter(u.assessed_year for u in units if u.assessed_year)
    if year is None and counts:
        year = max(counts, key=lambda y: (counts[y], y))
    if year is None:
        return None
    for unit in units:
        if not unit.assessed_year:
            unit.notes.append(Sentence("merge.no_year", year=year))
        elif unit.assessed_year != year:
            _reject(unit, Sentence("merge.other_year", found=unit.assessed_year, year=year))
    return year


def _settle_criteria_sets(units: list[UnitRecord]) -> str | None:
    """The criteria set most units use; units on another set are rejected, units without one warned."""
    spelled = {fold(u.criteria_set): u.criteria_set for u in units if u.criteria_set}
    counts = Counter(fold(u.criteria_set) for u in units if u.criteria_set)
    if not counts:
        return None
    top = max(counts.values())
    key = min(k for k, n in counts.items() if n == top)
    majority = spelled[key]
    for unit in units:
        if not unit.criteria_set:
            unit.notes.append(Sentence("merge.no_set", majority=majority))
        elif fold(unit.criteria_set) != key:
            _reject(unit, Sentence("merge.other_set", found=unit.criteria_set, majority=majority))
    return majority


def _settle_duplicates(units: list[UnitRecord]) -> list[UnitRecord]:
    """One record per unit: the newer ``Ngày cập nhật`` wins, then the newer file."""
    groups: dict[str, list[UnitRecord]] = {}
    for unit in units:
        groups.setdefault(unit.key or "", []).append(unit)
    winners = []
    for group in groups.values():
        winner = max(group, key=lambda u: (u.updated_on or dt.date.min, u.mtime, u.source))
        winners.append(winner)
        date = winner.updated_on.strftime("%d/%m/%Y") if winner.updated_on else "—"
        for unit in group:
            if unit is not winner:
                label = unit.unit_name or unit.unit_code or ""
                _reject(unit, Sentence("merge.superseded", unit=label, winner=winner.source, date=date),
                        SUPERSEDED)
    return winners


def _file_fate(outcome: InputOutcome) -> None:
    """A file is merged when one of its units is; else superseded or rejected like its units."""
    units = outcome.units_read
    if outcome.outcome != MERGED or not units:
        return
    fates = [u.fate for u in units]
    dropped = [u for u in units if u.fate != MERGED]
    if MERGED in fates:
        notes = [n for u in units if u.fate == MERGED for n in u.notes]
        if outcome.consolidated:
            outcome.reason = Sentence("merge.merged_units", count=fates.count(MERGED))
        if dropped:
            reasons = "; ".join(u.reason for u in dropped if u.reason)
            outcome.reason = Sentence("merge.units_dropped", count=len(dropped), reasons=reasons)
        elif notes and not outcome.consolidated:
            outcome.reason = notes[0]
        return
    first = dropped[0]
    outcome.outcome, outcome.reason = (SUPERSEDED if SUPERSEDED in fates else REJECTED), first.reason


def _rank(units: list[UnitRecord], rules: RankingRules, roster: list[RosterEntry] | None) -> None:
    """Rank by score over the applicable maximum within each group, ties sharing a rank (1, 2, 2, 4);
    the group from the roster's «Nhóm», else the unit's level; the band from the rules."""
    groups = {key: e.group for e in roster or () if e.group
              for key in (e.code, unit_key(None, e.name)) if key}

    def roster_group(unit: UnitRecord) -> str | None:
        return groups.get(unit.unit_code or "") or groups.get(unit_key(None, unit.unit_name) or "")

    placings = place(units, rules, percent=lambda u: u.percent, level=lambda u: u.level, roster_group=roster_group)
    for unit, placing in zip(units, placings, strict=False):
        unit.group, unit.rank, unit.rank_text, unit.band = placing.group, placing.rank, placing.rank_text, placing.band


def _catalog(units: list[UnitRecord]) -> list[CriterionMeta]:
    """Every criterion row of the merged units, in code order (first unit's wording)."""
    seen: dict[str, CriterionMeta] = {}
    for criteria in {id(u.criteria): u.criteria for u in units}.values():
        for meta in criteria:
            seen.setdefault(meta.code, meta)
    return sorted(seen.values(), key=lambda m: code_key(m.code))


def _compare_roster(result: MergeResult, roster: list[RosterEntry]) -> None:
    result.roster = roster
    by_key: dict[str, UnitRecord] = {}
    for unit in result.units:
        for key in (unit.key, unit_key(None, unit.unit_name)):
            if key:
                by_key.setdefault(key, unit)
    matched: set[int] = set()
    for entry in roster:
        found = by_key.get(unit_key(entry.code, None) or "") or by_key.get(unit_key(None, entry.name) or "")
        if found is None:
            result.roster_missing.append(entry)
        else:
            matched.add(id(found))
    result.unlisted = [u for u in result.units if id(u) not in matched]
