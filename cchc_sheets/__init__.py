"""cchc-sheets as a library: read, check, summarize and merge remediation-plan workbooks.

    import cchc_sheets
    report = cchc_sheets.check_paths(["inbox/"])    # every workbook of a folder
    plan = cchc_sheets.read_plan("xa_phu_linh.xlsx")
    tables = cchc_sheets.frames(["inbox/"])         # pandas DataFrames (the [pandas] extra)

(``check_paths``, not ``check``: ``cchc_sheets.check`` is the check stage's package.)
The names below are loaded lazily (PEP 562): ``import cchc_sheets`` costs nothing, and the
command line (which imports this package first) still starts without any spreadsheet library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> "module:attribute"
_EXPORTS: dict[str, str] = {
    "read_plan": "cchc_sheets.read.plan:read_plan",
    "check_paths": "cchc_sheets.check.run:check_paths",
    "check_file": "cchc_sheets.check.run:check_file",
    "summarize": "cchc_sheets.summary:summarize",
    "merge": "cchc_sheets.consolidate.merge:merge",
    "frames": "cchc_sheets.consolidate.frames:frames",
    "tables": "cchc_sheets.consolidate.frames:tables",
    "export_tables": "cchc_sheets.consolidate.frames:export",
    "load_criteria_list": "cchc_sheets.read.lists:load_criteria_list",
    "Plan": "cchc_sheets.core.model:Plan",
    "Report": "cchc_sheets.check.report:Report",
    "FileReport": "cchc_sheets.check.report:FileReport",
    "Finding": "cchc_sheets.core.findings:Finding",
    "Severity": "cchc_sheets.core.catalogue:Severity",
    "Code": "cchc_sheets.core.catalogue:Code",
    "Sentence": "cchc_sheets.core.i18n:Sentence",
    "ExitCode": "cchc_sheets.core.errors:ExitCode",
    "CchcError": "cchc_sheets.core.errors:CchcError",
    "UnreadableFile": "cchc_sheets.core.errors:UnreadableFile",
    "FileLocked": "cchc_sheets.core.errors:FileLocked",
    "UsageError": "cchc_sheets.core.errors:UsageError",
    "MergeResult": "cchc_sheets.consolidate.records:MergeResult",
    "Summary": "cchc_sheets.summary:Summary",
}

__all__ = [
    "CchcError",
    "Code",
    "ExitCode",
    "FileLocked",
    "FileReport",
    "Finding",
    "MergeResult",
    "Plan",
    "Report",
    "Sentence",
    "Severity",
    "Summary",
    "UnreadableFile",
    "UsageError",
    "check_file",
    "check_paths",
    "export_tables",
    "frames",
    "load_criteria_list",
    "merge",
    "read_plan",
    "summarize",
    "tables",
]

if TYPE_CHECKING:
    from cchc_sheets.check.report import FileReport, Report
    from cchc_sheets.check.run import check_file, check_paths
    from cchc_sheets.consolidate.frames import export as export_tables
    from cchc_sheets.consolidate.frames import frames, tables
    from cchc_sheets.consolidate.merge import merge
    from cchc_sheets.consolidate.records import MergeResult
    from cchc_sheets.core.catalogue import Code, Severity
    from cchc_sheets.core.errors import CchcError, ExitCode, FileLocked, UnreadableFile, UsageError
    from cchc_sheets.core.findings import Finding
    from cchc_sheets.core.i18n import Sentence
    from cchc_sheets.core.model import Plan
    from cchc_sheets.read.lists import load_criteria_list
    from cchc_sheets.read.plan import read_plan
    from cchc_sheets.summary import Summary, summarize


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'cchc_sheets' has no attribute {name!r}")
    module_name, attr = target.split(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
