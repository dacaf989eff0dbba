"""Write a new, pre-filled standard workbook the way ``summarize`` would leave it.

The year cycle hands a clerk a workbook that has already been checked: the standard sheets from
:mod:`cchc_sheets.write.template`, then the library's own ``Tổng hợp`` and ``Kiểm tra`` sheets and
``(tự động)`` columns, so that a missing score or a lost criterion without a task is a finding
the clerk sees on opening, not something learnt at the province's next merge. A sheet of the
cycle's own (what was carried from last year) can be added beside them.

The workbook is built in a private temporary file inside the target folder and patched into the
target atomically; the target is never a symbolic link and never outside its folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_sheets.check.report import FileReport
from cchc_sheets.check.run import check_file
from cchc_sheets.compute.coverage import Coverage, compute
from cchc_sheets.core.model import Plan, PlanData
from cchc_sheets.write.template import write_plan_workbook
from cchc_sheets.write.writeback import findings_sheet, status_columns, summary_sheet
from cchc_sheets.write.xlsx_patch import NewSheet, patch_workbook


@dataclass(slots=True)
class Built:
    """The workbook as the library reads it back, its findings and its coverage."""

    plan: Plan
    report: FileReport
    coverage: Coverage

    @property
    def lost_points(self) -> float:
        return round(sum(crit.lost_points for crit in self.plan.leaves()), 4)

    def finding_counts(self) -> dict[str, int]:
        return {"errors": self.report.count("error"), "warnings": self.report.count("warning")}


def write_new_workbook(target: Path, data: PlanData, *, as_of: dt.date,
                       extra_sheets: Sequence[NewSheet] = ()) -> Built:
    """Build *data* into *target* with its check results and *extra_sheets* written in."""

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".build.xlsx", dir=target.parent)
    os.close(fd)
    draft = Path(name)
    try:
        write_plan_workbook(draft, data)
        plan, report = check_file(draft, as_of)
        if plan is None:  # a workbook of our own that does not read back is a bug, said plainly
            raise report.read_error(str(target))
        coverage = compute(plan, as_of)
        sheets = [summary_sheet(plan, coverage, _label(data.info)), findings_sheet(report.rows_for_sheet("vi")), *extra_sheets]
        patch_workbook(draft, target, sheets=sheets, columns=status_columns(plan, coverage))
    finally:
        with contextlib.suppress(OSError):
            draft.unlink()
    plan.path = str(target)
    return Built(plan, report, coverage)


def _label(info: dict[str, Any]) -> str | None:
    name, code = info.get("unit_name"), info.get("unit_code")
    if name and code:
        return f"{name} ({code})"
    return name or code
