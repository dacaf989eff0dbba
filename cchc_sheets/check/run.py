"""Check files and folders of workbooks: the library behind ``cchc-sheets check`` (no click here).

:func:`iter_inputs` turns the paths a user typed into the files to read (folders expanded,
Excel lock files set aside with a note, hidden files ignored); :func:`check_file` reads one
file and runs every rule, never raising for a bad file; :func:`check_paths` does both for a
whole run. ``merge`` reuses the first two, so every command agrees on what an input is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cchc_sheets.check.report import FileReport, Report
from cchc_sheets.check.rules import check_plan
from cchc_sheets.core.errors import CchcError
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import STANDARD_SHEETS, Plan
from cchc_sheets.read.inputs import iter_inputs, refuse_all_missing
from cchc_sheets.read.plan import read_plan

register({
    "check.internal": (
        "Lỗi không mong đợi khi kiểm tra tệp ({error}). Chạy lại với --debug để xem chi tiết.",
        "Unexpected error while checking the file ({error}). Run again with --debug for details.",
    ),
})


def check_file(path: str | Path, as_of: dt.date, *, raise_unexpected: bool = False,
               book: Any = None) -> tuple[Plan | None, FileReport]:
    """Read *path* (or *book*, the same file already opened) and run every rule; an unreadable
    file gives ``(None, report)`` with its sentence.

    Unexpected exceptions (bugs) also become a sentence, so one odd file cannot stop a folder
    of three thousand; *raise_unexpected* lets ``--debug`` see the traceback instead.
    """
    try:
        plan = read_plan(path, book)
        findings = _ordered(plan, [*plan.findings, *check_plan(plan, as_of)])
    except CchcError as exc:
        return None, FileReport(str(path), None, False, Sentence(exc.key, **exc.args_))
    except Exception as exc:  # noqa: BLE001 - see the docstring
        if raise_unexpected:
            raise
        return None, FileReport(str(path), None, False, Sentence("check.internal", error=f"{type(exc).__name__}: {exc}"))
    return plan, FileReport(str(path), plan.info.unit_code, True, None, findings)


def _ordered(plan: Plan, findings: list[Finding]) -> list[Finding]:
    """Workbook-level findings first, then by sheet (standard order), row and column."""
    rank = {name: STANDARD_SHEETS.index(role) for role, name in plan.sheet_names.items() if role in STANDARD_SHEETS}

    def key(finding: Finding) -> tuple[int, str, int, int]:
        if finding.sheet is None:
            return -1, "", 0, 0
        return rank.get(finding.sheet, len(STANDARD_SHEETS)), finding.sheet, finding.row or 0, finding.col or 0

    return sorted(findings, key=key)


def check_paths(paths: Iterable[str | Path], as_of: dt.date | None = None, *,
                raise_unexpected: bool = False) -> Report:
    """Check every input of *paths* as of *as_of* (default today); plans are dropped as soon as
    checked (memory stays flat)."""
    as_of = as_of or dt.date.today()
    paths = list(paths)
    refuse_all_missing(paths)
    files = []
    for item in iter_inputs(paths):
        if item.skip is not None:
            files.append(FileReport(str(item.path), None, False, None, skipped_reason=item.skip))
        else:
            files.append(check_file(item.path, as_of, raise_unexpected=raise_unexpected)[1])
    return Report(files)
