"""Writing a clerk's workbook without ever leaving it half-written.

A save killed part-way (power cut, Ctrl+C, a crashed run) leaves a stub file from any writer,
and the clerk's work is gone (XLSX_FACTS.md, "Writing"). So every write goes to a temporary file
in the same folder, is flushed to disk, and only then atomically replaces the target. Before
replacing, the previous version can be copied to a backup folder (the last few are kept), and a
workbook that Excel or LibreOffice has open is refused: the clerk's next save in Excel would
silently overwrite our result (or, on Windows, the replace would fail).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from cchc_sheets.core.errors import FileLocked, UsageError
from cchc_sheets.core.i18n import register

register({
    "write.file_open": (
        "Tệp đang mở trong Excel (có tệp khóa {lock}). Hãy đóng Excel rồi chạy lại.",
        "The workbook is open in Excel (lock file {lock}). Close Excel first.",
    ),
    "write.permission": (
        "Không ghi được tệp: tệp hoặc thư mục chỉ cho đọc, hoặc tệp đang mở trong một chương trình khác.",
        "Cannot write the file: it or its folder is read-only, or another program has it open.",
    ),
    "write.unsafe_target": (
        "Không ghi vào {file}: đó là liên kết tượng trưng (symlink) hoặc nằm ngoài thư mục {folder}.",
        "Not writing {file}: it is a symbolic link or lies outside the folder {folder}.",
    ),
    "write.cannot_patch": (
        "Không thể ghi kết quả vào bảng tính này ({reason}); tệp không bị thay đổi.",
        "Cannot write the results into this workbook ({reason}); the file was not changed.",
    ),
})

KEEP_BACKUPS = 5
NAME_LIMIT = 120  # characters of a generated file name: far below Windows' 255, room for the folder path
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9]+")
_WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                               *(f"LPT{i}" for i in range(10))})
_STAMP = "%Y%m%d-%H%M%S-%f"
_STAMP_RE = r"\d{8}-\d{6}-\d{6}(?:-\d+)?"


def atomic_write(target: Path, write: Callable[[Path], None], *, backup_dir: Path | None = None) -> None:
    """Produce *target* through ``write(tmp)`` so that it is either the old file or the new one.

    The temporary file sits beside the target (``os.replace`` is atomic only within one file
    system) and keeps the target's permissions. File and folder are fsynced so that the rename
    survives a power cut. On any failure the temporary file is removed and the target is
    untouched. With *backup_dir*, the previous version is copied there first.
    """
    target = _real_path(Path(target))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise FileLocked("write.permission", path=str(target)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        _fsync_file(tmp)  # before the mode is copied: a read-only target makes the copy read-only
        _copy_mode(target, tmp)
        if backup_dir is not None and target.exists():
            backup(target, Path(backup_dir))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, PermissionError):
            raise FileLocked("write.permission", path=str(target)) from exc
        raise
    _fsync_dir(folder)


def backup(target: Path, backup_dir: Path, keep: int = KEEP_BACKUPS) -> Path:
    """Copy *target* to ``backup_dir/STEM.YYYYmmdd-HHMMSS-ffffff.EXT``; keep the newest *keep*.

    The copy is itself written through a temporary name so that a half-copied backup never
    looks like a good one. Names sort by time, so rotation needs no metadata.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    dest = _backup_name(target, backup_dir)
    partial = dest.with_name(dest.name + ".partial")
    shutil.copy2(target, partial)
    _fsync_file(partial)
    os.replace(partial, dest)
    for old in list_backups(target, backup_dir)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return dest


def list_backups(target: Path, backup_dir: Path) -> list[Path]:
    """Backups of *target* in *backup_dir*, oldest first."""
    pattern = re.compile(re.escape(target.stem) + r"\." + _STAMP_RE + re.escape(target.suffix) + r"\Z")
    if not backup_dir.is_dir():
        return []
    return sorted(p for p in backup_dir.iterdir() if pattern.match(p.name))


def excel_lock_path(path: Path) -> Path | None:
    """The lock file that says *path* is open in an office program, or None.

    Excel writes ``~$NAME`` beside the workbook (for long names it drops the first two
    characters of NAME); LibreOffice writes ``.~lock.NAME#``.
    """
    path = Path(path)
    name = path.name
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    for candidate in dict.fromkeys(candidates):
        lock = path.with_name(candidate)
        if lock.exists():
            return lock
    return None


def ensure_not_open(path: Path) -> None:
    """Refuse to write a workbook that Excel or LibreOffice has open (its next save would win)."""
    lock = excel_lock_path(path)
    if lock is not None:
        raise FileLocked("write.file_open", path=str(path), lock=lock.name)


def _backup_name(target: Path, backup_dir: Path) -> Path:
    """A fresh, time-sortable backup name (a counter only when two backups share a microsecond)."""
    stamp = dt.datetime.now().strftime(_STAMP)
    dest = backup_dir / f"{target.stem}.{stamp}{target.suffix}"
    counter = 1
    while dest.exists():
        dest = backup_dir / f"{target.stem}.{stamp}-{counter}{target.suffix}"
        counter += 1
    return dest


def _real_path(target: Path) -> Path:
    """Follow a symlink so that the linked file is replaced, not the link."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _copy_mode(target: Path, tmp: Path) -> None:
    """Give the new file the old file's permissions (mkstemp creates it private, 0600)."""
    if target.exists():
        shutil.copymode(target, tmp)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; folders cannot be opened for fsync on Windows, so skip there."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_file_name(*parts: str | None, suffix: str = ".xlsx", limit: int = NAME_LIMIT) -> str:
    """A file name every system accepts, made of *parts* joined by ``_``.

    Diacritics are removed (``đ`` -> ``d``), every run of anything but ASCII letters and digits
    becomes one ``_`` (so no separator, dot, colon, quote or control character survives), the
    stem is cut at *limit* characters, and a Windows device name (``CON``, ``NUL``, ``COM1``)
    gets a trailing ``_``. ``safe_file_name("01234", "UBND xã Phù Linh")`` ->
    ``01234_UBND_xa_Phu_Linh.xlsx``.
    """
    from cchc_sheets.core.text import strip_accents

    pieces = [_UNSAFE_NAME.sub("_", strip_accents(part.replace("Đ", "D"))).strip("_") for part in parts if part]
    stem = "_".join(piece for piece in pieces if piece)[:limit].rstrip("_") or "so_theo_doi"
    if stem.split("_", 1)[0].upper() in _WINDOWS_RESERVED and "_" not in stem:
        stem += "_"
    return stem + suffix


def safe_target(folder: Path, name: str) -> Path:
    """``folder/name`` when writing there cannot land elsewhere: *name* is one plain component
    and the path is not a symbolic link (:func:`atomic_write` would follow one). Raises
    :class:`UsageError` otherwise."""
    target = Path(folder) / name
    plain = name not in ("", ".", "..") and Path(name).name == name and "\\" not in name
    if not plain or target.is_symlink() or target.resolve().parent != Path(folder).resolve():
        raise UsageError("write.unsafe_target", file=str(target), folder=str(folder))
    return target
