"""Writing a clerk's workbook without ever leaving it half-written.

A save killed part-way (power cut, Ctrl+C, a crashed run) leaves a stub file from any writer,
and the clerk's work is gone (XLSX_FACTS.md, "Writing"). So every write goes to a temporary file
in the same folder, is flushed to disk, and only then atomically replaces the target. Before
replacing, the previous version can be copied to a backup folder (the last few are kept), and a
workbook that Excel or LibreOffice has open is refused: the clerk's next save in Excel would
silently overwrite our result (or, on Windows, the replace would fail).

Nothing here follows a symlink when writing: a link planted where a file is about to be written
(in a feedback folder, in ``.cchc-backup``) would otherwise replace whatever it points at. File
names built from what a file says (a unit code) or from an input's name go through
:func:`safe_name` and :func:`path_inside`, so a write cannot leave the folder meant for it.
docs/limits.md states the bounds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cchc_sheets.core.errors import CchcError, FileLocked, UnreadableFile, UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.text import printable as display_name  # noqa: F401 - re-exported for writers
from cchc_sheets.core.text import strip_accents

register({
    "template.output_exists": ("Tệp {file} đã có; dùng --force để ghi đè.",
                               "{file} already exists; use --force to overwrite it."),
    "write.file_open": (
        "Tệp đang mở trong Excel (có tệp khóa {lock}). Hãy đóng Excel rồi chạy lại.",
        "The workbook is open in Excel (lock file {lock}). Close Excel first.",
    ),
    "write.permission": (
        "Không ghi được tệp: tệp hoặc thư mục chỉ cho đọc, hoặc tệp đang mở trong một chương trình khác.",
        "Cannot write the file: it or its folder is read-only, or another program has it open.",
    ),
    "write.cannot_patch": (
        "Không thể ghi kết quả vào bảng tính này: cấu trúc tệp khác với tệp Excel lưu thông thường; tệp không bị "
        "thay đổi. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi chạy lại.",
        "Cannot write the results into this workbook ({reason}); the file was not changed.",
    ),
    "write.symlink": (
        "Không ghi vào đây vì đó là một liên kết (symlink), không phải tệp thật; không tệp nào bị thay đổi.",
        "Not written: this is a symbolic link, not a regular file; nothing was changed.",
    ),
    "write.changed": (
        "Tệp đã bị thay đổi trong lúc chương trình đang đọc nên không ghi gì vào tệp; hãy chạy lại.",
        "The file changed while it was being read, so nothing was written into it; run again.",
    ),
    "write.not_regular": (
        "Không phải tệp thường (một đường ống, thiết bị hay socket): không đọc và không ghi.",
        "Not a regular file (a pipe, device or socket): neither read nor written.",
    ),
    "write.no_space": (
        "Không ghi được tệp: ổ đĩa đã đầy; tệp cũ vẫn giữ nguyên.",
        "Cannot write the file: the disk is full; the old file is unchanged.",
    ),
    "write.read_only_fs": (
        "Không ghi được tệp: ổ đĩa hoặc thư mục chỉ cho đọc; tệp cũ vẫn giữ nguyên.",
        "Cannot write the file: the disk or folder is read-only; the old file is unchanged.",
    ),
})

KEEP_BACKUPS = 5
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9]+")
MAX_NAME_BYTES = 120  # a name the library makes up (feedback copy, backup stem): room for any prefix
STALE_SECONDS = 600  # a temporary file this old belongs to a killed run, not to a running one
_STAMP = "%Y%m%d-%H%M%S-%f"
_STAMP_RE = r"\d{8}-\d{6}-\d{6}(?:-\d+)?"
_UNSAFE = re.compile('[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|\ud800-\udfff]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{kind}{n}" for kind in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"])}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file was when it was read: a write that replaces it checks it is still that file."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        """Size, time and hash of *path*; a FIFO or device is refused before it is opened."""
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("write.not_regular", path=str(path))
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(info.st_size, info.st_mtime_ns, digest.hexdigest())

    def matches_stat(self, path: Path) -> bool:
        try:
            info = os.lstat(path)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns) == (self.size, self.mtime_ns)


def safe_name(text: str, suffix: str = "", limit: int = MAX_NAME_BYTES) -> str:
    """*text* as one file name that is legal and harmless on Linux, macOS and Windows.

    Path separators, ``: * ? " < > |``, control characters and undecodable bytes become ``_``;
    leading and trailing dots and spaces go (so ``..`` cannot climb); a Windows device name
    (``CON``, ``NUL``, ``COM1`` ...) gets a ``_`` in front; the result, *suffix* included, is at
    most *limit* bytes of UTF-8, cut on a character boundary. Never empty, never ``.``/``..``.
    """
    clean = _UNSAFE.sub("_", unicodedata.normalize("NFC", _UNSAFE.sub("_", text)))
    clean = " ".join(clean.split()).strip(" .")
    budget = max(1, limit - len(suffix.encode("utf-8")))
    clean = _cut(clean, budget)
    if clean.split(".")[0].strip().upper() in _RESERVED:
        clean = _cut("_" + clean, budget)
    return (clean or "_") + suffix


def _cut(text: str, budget: int) -> str:
    """The longest start of *text* within *budget* bytes, never half a character; a byte that
    was not UTF-8 (kept by the file system as a surrogate) is counted generously."""
    used = 0
    for at, ch in enumerate(text):
        used += len(ch.encode("utf-8", "surrogatepass"))
        if used > budget:
            return text[:at].rstrip(" .")
    return text.rstrip(" .")


def path_inside(folder: Path, name: str) -> Path:
    """``folder / name``, proven to be a direct child of *folder* (after resolving both).

    Callers pass names from :func:`safe_name`; this is the check that nothing else slipped in.
    """
    if name in ("", ".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"not a single file name: {name!r}")
    base = Path(folder).resolve()
    if (base / name).resolve(strict=False).parent != base and not (base / name).is_symlink():
        raise ValueError(f"{name!r} would leave {folder}")
    return Path(folder) / name


def write_error(exc: OSError, path: Path | str | None) -> CchcError | None:
    """The sentence for a write that the machine refused (full disk, read-only disk, no
    permission), or None for any other failure."""
    where = None if path is None else str(path)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return FileLocked("write.permission", path=where)
    if exc.errno == errno.EROFS:
        return FileLocked("write.read_only_fs", path=where)
    if exc.errno in _FULL:
        return FileLocked("write.no_space", path=where)
    return None


def refuse_symlink(path: Path) -> None:
    """A write never goes through a symbolic link: it would replace what the link points at."""
    if Path(path).is_symlink():
        raise FileLocked("write.symlink", path=str(path))


def atomic_write(target: Path, write: Callable[[Path], object], *, backup_dir: Path | None = None,
                 expect: Fingerprint | None = None) -> None:
    """Produce *target* through ``write(tmp)`` so that it is either the old file or the new one.

    The temporary file sits beside the target (``os.replace`` is atomic only within one file
    system) and keeps the target's permissions. File and folder are fsynced so that the rename
    survives a power cut. On any failure the temporary file is removed and the target is
    untouched. With *backup_dir*, the previous version is copied there first. A symlink at
    *target* is refused, never followed. With *expect*, the target must still be the file that
    was read (same size and modification time) when it is replaced. Temporary files that a
    killed run left beside the target are removed.
    """
    target = Path(target)
    refuse_symlink(target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clean_stale(folder, _tmp_prefix(target), ".tmp")
        fd, name = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise (write_error(exc, target) or exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        _fsync_file(tmp)  # before the mode is copied: a read-only target makes the copy read-only
        _copy_mode(target, tmp)
        if expect is not None and not expect.matches_stat(target):
            raise FileLocked("write.changed", path=str(target))
        if backup_dir is not None and target.exists():
            backup(target, Path(backup_dir))
        refuse_symlink(target)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        mapped = write_error(exc, target) if isinstance(exc, OSError) else None
        if mapped is not None:
            raise mapped from exc
        raise
    _fsync_dir(folder)


def backup(target: Path, backup_dir: Path, keep: int = KEEP_BACKUPS) -> Path:
    """Copy *target* to ``backup_dir/STEM.YYYYmmdd-HHMMSS-ffffff.EXT``; keep the newest *keep*.

    The copy is itself written through a temporary name so that a half-copied backup never
    looks like a good one, and half-copied backups of killed runs are removed. Names sort by
    time, so rotation needs no metadata. A backup folder that is a symlink is refused, and the
    copy is made in a file created exclusively (a planted link is never written through).
    """
    refuse_symlink(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    refuse_symlink(backup_dir)
    stem = _backup_stem(target)
    _clean_stale(backup_dir, f".{stem}.", ".partial")
    dest = _backup_name(target, backup_dir)
    fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".partial", dir=backup_dir)
    partial = Path(name)
    try:
        with open(target, "rb") as source, os.fdopen(fd, "wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
            copy.flush()
            os.fsync(copy.fileno())
        shutil.copystat(target, partial)
        os.replace(partial, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    for old in list_backups(target, backup_dir)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return dest


def list_backups(target: Path, backup_dir: Path) -> list[Path]:
    """Backups of *target* in *backup_dir*, oldest first."""
    pattern = re.compile(re.escape(_backup_stem(target)) + r"\." + _STAMP_RE + re.escape(target.suffix) + r"\Z")
    if not backup_dir.is_dir():
        return []
    return sorted(p for p in backup_dir.iterdir() if pattern.match(p.name))


def _backup_stem(target: Path) -> str:
    """The stem backups are named by, short enough that stamp and suffix still fit in 255 bytes."""
    return _cut(target.stem, MAX_NAME_BYTES) or "_"


def _tmp_prefix(target: Path) -> str:
    return f".{_cut(target.name, MAX_NAME_BYTES) or '_'}."


def _clean_stale(folder: Path, prefix: str, suffix: str) -> None:
    """Remove what a killed run left: temporary files older than :data:`STALE_SECONDS`."""
    limit = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(prefix) and entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)


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
        try:
            if os.path.lexists(lock):
                return lock
        except (OSError, ValueError):  # "~$" + a 254-byte name is longer than a name may be
            continue
    return None


def ensure_not_open(path: Path) -> None:
    """Refuse to write a workbook that Excel or LibreOffice has open (its next save would win)."""
    lock = excel_lock_path(path)
    if lock is not None:
        raise FileLocked("write.file_open", path=str(path), lock=lock.name)


def _backup_name(target: Path, backup_dir: Path) -> Path:
    """A fresh, time-sortable backup name (a counter only when two backups share a microsecond)."""
    stamp = dt.datetime.now().strftime(_STAMP)
    stem = _backup_stem(target)
    dest = backup_dir / f"{stem}.{stamp}{target.suffix}"
    counter = 1
    while dest.exists() or dest.is_symlink():
        dest = backup_dir / f"{stem}.{stamp}-{counter}{target.suffix}"
        counter += 1
    return dest


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


def unit_file_name(*parts: str | None, suffix: str = ".xlsx") -> str:
    """``<code>_<unit name without diacritics>.xlsx``, a name a clerk recognises and every
    system accepts: *parts* with diacritics removed (``Đ`` -> ``D``), every run of anything but
    ASCII letters and digits made one ``_``, joined by ``_``, then :func:`safe_name` (device names,
    length). ``unit_file_name("01234", "UBND xã Phù Linh")`` -> ``01234_UBND_xa_Phu_Linh.xlsx``.
    """

    pieces = [_NOT_ASCII_WORD.sub("_", strip_accents(part.replace("Đ", "D"))).strip("_") for part in parts if part]
    return safe_name("_".join(piece for piece in pieces if piece) or "so_theo_doi", suffix)


def refuse_overwrite(out: Path, force: bool) -> None:
    """A usage error when *out* exists and *force* is not given: a filled workbook is never
    replaced by a new one by mistake."""
    if out.exists() and not force:
        raise UsageError("template.output_exists", file=str(out))
