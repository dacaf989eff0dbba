"""Tidy tables of many workbooks, for analysts: units, criteria, tasks and findings.

One row per thing, each with the unit's code, the source file and the sheet and cell it was
read from, so a figure in a notebook can always be traced back to a clerk's cell. The rows are
built without pandas (:func:`tables`); :func:`frames` turns them into DataFrames and
:func:`export` writes them as CSV (UTF-8 with BOM, so Excel opens the Vietnamese text right) and
as Parquet when pyarrow is installed. pandas is imported only here, only when asked for: it is
the optional extra ``cchc-sheets[pandas]`` and stays off every other command's path.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cchc_sheets.check.run import check_file
from cchc_sheets.core.cells import column_letter
from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import Plan, Sourced
from cchc_sheets.read.inputs import iter_inputs
from cchc_sheets.write.safe_write import atomic_write, path_inside

if TYPE_CHECKING:
    import pandas as pd

register({
    "frames.no_pandas": ("Cần cài pandas để xuất bảng: pip install 'cchc-sheets[pandas]'.",
                         "Exporting tables needs pandas: pip install 'cchc-sheets[pandas]'."),
})

WHERE = ("unit_code", "source_file", "sheet", "cell")
UNIT_COLUMNS = (*WHERE, "unit_name", "unit_level", "parent_name", "assessed_year", "plan_year", "criteria_set",
                "total_score", "issued_on", "updated_on", "readable", "error")
CRITERION_COLUMNS = (*WHERE, "code", "name", "index", "method", "points_kind", "max_points", "achieved_points",
                     "lost_points", "not_applicable", "is_leaf")
TASK_COLUMNS = (*WHERE, "row", "seq", "criteria_codes", "kind", "task", "lead", "support", "deadline_text",
                "due_date", "status", "progress", "done_on", "evidence")
FINDING_COLUMNS = (*WHERE, "code", "severity", "column", "value", "message")
TABLE_NAMES = ("units", "criteria", "tasks", "findings")


class Tables(NamedTuple):
    """The four tables as lists of rows (dicts keyed by the column names above)."""

    units: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    findings: list[dict[str, Any]]


class Frames(NamedTuple):
    """The four tables as pandas DataFrames (``frames.tasks.groupby("unit_code")``)."""

    units: pd.DataFrame
    criteria: pd.DataFrame
    tasks: pd.DataFrame
    findings: pd.DataFrame


COLUMNS = Tables(UNIT_COLUMNS, CRITERION_COLUMNS, TASK_COLUMNS, FINDING_COLUMNS)  # type: ignore[arg-type]


def tables(paths: Iterable[str | Path], *, as_of: dt.date | None = None, lang: str = "vi") -> Tables:
    """Read every workbook of *paths* (folders walked as ``check`` does) into the four tables.

    A file that cannot be read is one ``units`` row with ``readable`` False and its sentence.
    """
    as_of = as_of or dt.date.today()
    out = Tables([], [], [], [])
    for item in iter_inputs(paths):
        if item.skip is not None:
            continue
        plan, report = check_file(item.path, as_of)
        source = str(item.path)
        if plan is None:
            error = report.error.render(lang) if report.error else None
            out.units.append(_row(UNIT_COLUMNS, source_file=source, readable=False, error=error))
            continue
        code = plan.info.unit_code
        out.units.append(_unit_row(plan, source))
        out.criteria.extend(_criterion_row(code, source, crit) for crit in plan.criteria)
        out.tasks.extend(_task_row(code, source, task) for task in plan.tasks)
        out.findings.extend(_row(FINDING_COLUMNS, unit_code=code, source_file=source, sheet=f.sheet, cell=f.cell,
                                 code=str(f.code), severity=str(f.severity), column=f.header, value=_text(f.value),
                                 message=f.message(lang))
                            for f in report.findings)
    return out


def frames(paths: Iterable[str | Path], *, as_of: dt.date | None = None, lang: str = "vi") -> Frames:
    """:func:`tables` as four DataFrames (needs the ``pandas`` extra)."""
    pd = _pandas()
    found = tables(paths, as_of=as_of, lang=lang)
    return Frames(*(pd.DataFrame(rows, columns=list(columns)) for rows, columns in zip(found, COLUMNS, strict=True)))


def export(found: Frames, folder: Path) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8 with BOM) and, with pyarrow, ``<name>.parquet``.

    Files are written atomically inside *folder* (created if missing), never through a link.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parquet = importlib.util.find_spec("pyarrow") is not None
    written = []
    for name, frame in zip(TABLE_NAMES, found, strict=True):
        target = path_inside(folder, f"{name}.csv")
        atomic_write(target, _csv_writer(frame))
        written.append(target)
        if parquet:
            target = path_inside(folder, f"{name}.parquet")
            atomic_write(target, _parquet_writer(frame))
            written.append(target)
    return written


def _csv_writer(frame: Any) -> Callable[[Path], object]:
    return lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig")


def _parquet_writer(frame: Any) -> Callable[[Path], object]:
    return lambda tmp: frame.to_parquet(tmp, index=False)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise UsageError("frames.no_pandas") from None
    return pandas


def _text(value: Any) -> str | None:
    """A finding's typed value as text: a column mixing numbers and words cannot go to Parquet."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _row(columns: tuple[str, ...], **values: Any) -> dict[str, Any]:
    return {column: values.get(column) for column in columns}


def _where(item: Sourced, *fields: str) -> tuple[str | None, str | None]:
    """(sheet, cell) of the first of *fields* that was read from a cell."""
    pos = next((item.source[f] for f in fields if f in item.source), None)
    if pos is None:
        return None, None
    return pos.sheet, f"{column_letter(pos.col)}{pos.row}"


def _unit_row(plan: Plan, source: str) -> dict[str, Any]:
    info = plan.info
    sheet, cell = _where(info, "unit_code", "unit_name")
    return _row(UNIT_COLUMNS, unit_code=info.unit_code, source_file=source, sheet=sheet, cell=cell,
                unit_name=info.unit_name, unit_level=info.unit_level, parent_name=info.parent_name,
                assessed_year=info.assessed_year, plan_year=info.plan_year, criteria_set=info.criteria_set,
                total_score=info.total_score, issued_on=info.issued_on, updated_on=info.updated_on,
                readable=True, error=None)


def _criterion_row(code: str | None, source: str, crit: Any) -> dict[str, Any]:
    sheet, cell = _where(crit, "code", "name")
    return _row(CRITERION_COLUMNS, unit_code=code, source_file=source, sheet=sheet, cell=cell, code=crit.code,
                name=crit.name, index=crit.index, method=crit.method, points_kind=crit.points_kind or None,
                max_points=crit.max_points, achieved_points=crit.achieved_points, lost_points=crit.lost_points,
                not_applicable=crit.not_applicable, is_leaf=crit.is_leaf)


def _task_row(code: str | None, source: str, task: Any) -> dict[str, Any]:
    sheet, cell = _where(task, "seq", "task", "content", "criteria_codes")
    return _row(TASK_COLUMNS, unit_code=code, source_file=source, sheet=sheet, cell=cell, row=task.row,
                seq=task.seq, criteria_codes="; ".join(task.criteria_codes), kind=task.kind, task=task.task,
                lead=task.lead, support=task.support, deadline_text=task.deadline_text, due_date=task.due_date,
                status=task.status, progress=task.progress, done_on=task.done_on, evidence=task.evidence)
