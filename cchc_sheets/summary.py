"""Summarize one workbook: read, check, compute coverage, write status back (unless dry run).

Data flows one way: read -> check -> compute -> write. The CLI only prints what this returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_sheets.check.report import Report
from cchc_sheets.check.run import check_file
from cchc_sheets.compute.coverage import Coverage, compute
from cchc_sheets.core.model import Plan
from cchc_sheets.write.safe_write import Fingerprint, refuse_overwrite
from cchc_sheets.write.writeback import write_back


@dataclass(slots=True)
class Summary:
    """What one ``summarize`` run found and where it wrote (``written`` is None on a dry run)."""

    plan: Plan
    coverage: Coverage
    report: Any  # cchc_sheets.check.report.FileReport
    written: Path | None

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        data = self.coverage.to_dict(self.plan)
        data["written"] = str(self.written) if self.written else None
        data["findings"] = {"errors": sum(f.severity == "error" for f in self.report.findings),
                            "warnings": sum(f.severity == "warning" for f in self.report.findings)}
        return data


def summarize(path: Path, *, as_of: dt.date | None = None, out: Path | None = None, dry_run: bool = False,
              include_survey: bool = False, force: bool = False) -> Summary:
    """Summarize *path*; write into *out* (default: *path* itself) unless *dry_run*.

    An existing *out* other than *path* is replaced only with *force* (``-o`` must not silently
    destroy a workbook). What was read is fingerprinted before reading, and the write refuses
    if the file is no longer that one: the status column is placed by the layout that was read,
    and a clerk's newer file may have another layout.
    """
    as_of = as_of or dt.date.today()
    if out is not None and not dry_run and not _same_file(path, out):
        refuse_overwrite(out, force or False)
    fingerprint = None if dry_run else Fingerprint.of(path)
    plan, report = check_file(path, as_of)
    if plan is None:  # the reader's own sentence, still renderable in English
        raise report.read_error()
    result = compute(plan, as_of, include_survey=include_survey)
    written = None
    if not dry_run:
        written = out or path
        write_back(path, written, plan, result, Report([report]).rows_for_sheet("vi"), expect=fingerprint)
    return Summary(plan, result, report, written)


def _same_file(a: Path, b: Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()

