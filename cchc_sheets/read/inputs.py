"""Which paths are inputs: files named as given, folders walked, lock, hidden and special files set aside.

Every command that reads workbooks (check, summarize, merge, the nightly job) asks this module,
so they agree on what an input is. An input that is not read carries the sentence saying why.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.text import printable

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
    "input.missing": ("Không có tệp hay thư mục này (kiểm tra lại tên và đường dẫn): bỏ qua, các tệp khác vẫn được xử lý.",
                      "No such file or folder (check the name and path): skipped, the other inputs are still processed."),
    "input.all_missing": ("Không có tệp hay thư mục nào trong số đã nêu ({paths}): kiểm tra lại tên và đường dẫn.",
                          "None of the files or folders given exists ({paths}): check the names and paths."),
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
        if missing(path):
            yield Input(path, Sentence("input.missing"))
        elif path.is_dir():
            yield from _walk(path, every_file)
        else:
            yield Input(path, special_file(path))


def missing(path: Path) -> bool:
    """A path typed on the command line that names nothing (a symlink to nothing is not missing:
    :func:`special_file` says it is dangling). One mistyped name must not stop the others."""
    return not os.path.lexists(path)


def refuse_all_missing(paths: Sequence[str | Path]) -> None:
    """A usage error (exit 2, one sentence) when every path given names nothing: then there is
    nothing to process, unlike one mistyped name among others (listed, the rest processed)."""
    if paths and all(missing(Path(path)) for path in paths):
        raise UsageError("input.all_missing", paths=", ".join(printable(str(path)) for path in paths))


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
