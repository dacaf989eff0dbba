"""Check files and folders of workbooks: the library behind ``cchc-sheets check`` (no click here).

:func:`iter_inputs` turns the paths a user typed into the files to read (folders expanded,
Excel lock files set aside with a note, hidden files ignored); :func:`check_file` reads one
file and runs every rule, never raising for a bad file; :func:`check_paths` does both for a
whole run. ``merge`` reuses the first two, so every command agrees on what an input is.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_sheets.core.errors import CchcError
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import STANDARD_SHEETS, Plan
from cchc_sheets.check.report import FileReport, Report, Sentence

register({
    "input.hidden_file": ("Tệp ẩn (tên bắt đầu bằng dấu chấm): bỏ qua.", "Hidden file (name starts with a dot): skipped."),
    "input.hidden_folder": ("Thư mục ẩn ({count} tệp): bỏ qua.", "Hidden folder ({count} files): skipped."),
    "input.fifo": ("Không phải tệp thường mà là một đường ống (FIFO): bỏ qua, không đọc.",
                   "Not a regular file but a pipe (FIFO): skipped, not read."),
    "input.device": ("Không phải tệp thường mà là một thiết bị (như /dev/zero): bỏ qua, không đọc.",
                     "Not a regular file but a device (such as /dev/zero): skipped, not read."),
    "input.socket": ("Không phải tệp thường mà là một socket: bỏ qua, không đọc.",
                     "Not a regular file but a socket: skipped, not read."),
    "input.dangling": ("Liên kết (symlink) trỏ tới tệp không tồn tại: bỏ qua.",
                       "A symbolic link to nothing: skipped."),
    "input.not_spreadsheet": ("Không phải tệp Excel (.xlsx, .xlsm, .xls): bỏ qua.",
                              "Not an Excel file (.xlsx, .xlsm, .xls): skipped."),
    "check.lock_skipped": (
        "Tệp khóa của Excel: sổ «{workbook}» đang được mở trong Excel. Đã bỏ qua tệp khóa; hãy đóng Excel trước khi gửi sổ.",
        "Excel lock file: workbook '{workbook}' is open in Excel. The lock file was skipped; close Excel before sending.",
    ),
    "check.folder_unreadable": (
        "Không mở được thư mục ({error}): các tệp trong đó chưa được đọc. Hãy cấp quyền đọc rồi chạy lại.",
        "The folder cannot be opened ({error}): its files were not read. Grant read access and run again.",
    ),
    "check.internal": (
        "Lỗi không mong đợi khi kiểm tra tệp ({error}). Chạy lại với --debug để xem chi tiết.",
        "Unexpected error while checking the file ({error}). Run again with --debug for details.",
    ),
})

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})
_SPECIAL = frozenset({"input.fifo", "input.device", "input.socket", "input.dangling"})


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read, or to list as skipped (``skip`` says why)."""

    path: Path
    skip: Sentence | None = None


def iter_inputs(paths: Iterable[str | Path], *, every_file: bool = False) -> Iterator[Input]:
    """Files named on the command line as given; folders walked for ``.xlsx``/``.xlsm``/``.xls``.

    A file named explicitly is always read (so a PDF renamed ``.xlsx`` gets its sentence). In a
    folder, hidden files and folders (``.git``, ``.~lock.*#``, ``.cchc-backup``) are ignored and
    ``~$`` lock files are listed as skipped: the workbook they lock sits beside them. With
    *every_file* (``merge``, which accounts for every file it was given) the ignored files are
    listed as skipped too, a hidden folder as one line.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk(path, every_file)
        else:
            yield Input(path, special_file(path))


def special_file(path: Path) -> Sentence | None:
    """Why *path* (a symlink followed) is not a regular file, or None when it is one.

    Only regular files are ever opened: a FIFO or a link to ``/dev/zero`` would hang or fill
    memory while the job holds its lock. A path that does not exist is left to the reader.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Sentence("input.dangling") if os.path.islink(path) else None
    except OSError:
        return None  # the reader says why it cannot be opened
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return Sentence("input.fifo")
    if stat.S_ISSOCK(mode):
        return Sentence("input.socket")
    return Sentence("input.device")


def _walk(folder: Path, every_file: bool) -> Iterator[Input]:
    """A folder's inputs; a subfolder that cannot be listed is an input skipped with its reason."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _unlisted(errors)
        hidden = sorted(d for d in dirs if d.startswith("."))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if every_file:
            yield from (Input(Path(root, d), Sentence("input.hidden_folder", count=_file_count(Path(root, d))))
                        for d in hidden)
        for name in sorted(files):
            item = _file_input(Path(root, name))
            if item.skip is None or every_file or name.startswith("~$") or item.skip.key in _SPECIAL:
                yield item
    yield from _unlisted(errors)


def _file_input(path: Path) -> Input:
    name = path.name
    if name.startswith("~$") and path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return Input(path, Sentence("check.lock_skipped", workbook=name[2:]))
    if name.startswith("."):
        return Input(path, Sentence("input.hidden_file"))
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return Input(path, Sentence("input.not_spreadsheet"))
    return Input(path, special_file(path))


def _file_count(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def _unlisted(errors: list[OSError]) -> Iterator[Input]:
    """The folders ``os.walk`` could not list since last asked, as skipped inputs."""
    while errors:
        error = errors.pop(0)
        yield Input(Path(error.filename or "?"), Sentence("check.folder_unreadable",
                                                          error=error.strerror or type(error).__name__))


def check_file(path: str | Path, as_of: dt.date, *, raise_unexpected: bool = False,
               book: Any = None) -> tuple[Plan | None, FileReport]:
    """Read *path* (or *book*, the same file already opened) and run every rule; an unreadable
    file gives ``(None, report)`` with its sentence.

    Unexpected exceptions (bugs) also become a sentence, so one odd file cannot stop a folder
    of three thousand; *raise_unexpected* lets ``--debug`` see the traceback instead.
    """
    from cchc_sheets.read.plan import read_plan
    from cchc_sheets.check.rules import check_plan

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


def check_paths(paths: Iterable[str | Path], as_of: dt.date, *, raise_unexpected: bool = False) -> Report:
    """Check every input of *paths*; plans are dropped as soon as checked (memory stays flat)."""
    files = []
    for item in iter_inputs(paths):
        if item.skip is not None:
            files.append(FileReport(str(item.path), None, False, None, skipped_reason=item.skip))
        else:
            files.append(check_file(item.path, as_of, raise_unexpected=raise_unexpected)[1])
    return Report(files)
