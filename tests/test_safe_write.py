"""Atomic writes, backups and Excel lock detection: the clerk's file is the old one or the new one."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
from pathlib import Path

import pytest

from cchc_sheets.core.errors import FileLocked
from cchc_sheets.write.safe_write import (
    KEEP_BACKUPS,
    atomic_write,
    ensure_not_open,
    excel_lock_path,
    list_backups,
)

OLD = b"PK old workbook " * 64


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "So theo doi.xlsx"
    path.write_bytes(OLD)
    return path


def _writer(data: bytes):
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write


def test_replaces_the_file_and_leaves_no_temporary(target: Path) -> None:
    atomic_write(target, _writer(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_creates_a_missing_file_with_normal_permissions(tmp_path: Path) -> None:
    path = tmp_path / "moi.xlsx"
    atomic_write(path, _writer(b"new"))
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) & 0o044, "not left private like a mkstemp file"


def test_keeps_the_file_permissions(target: Path) -> None:
    os.chmod(target, 0o640)
    atomic_write(target, _writer(b"new"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failing_write_leaves_the_original_and_no_temporary(target: Path) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            handle.write(b"half a workbook")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(target, write)
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def _write_slowly(target: str, started) -> None:  # runs in the child process
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            handle.write(b"PK half")
            handle.flush()
            started.set()
            while True:  # killed here
                handle.write(b"x" * 1024)

    atomic_write(Path(target), write)


def test_a_killed_writer_leaves_the_original(target: Path) -> None:
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    child = context.Process(target=_write_slowly, args=(str(target), started))
    child.start()
    try:
        assert started.wait(60), "the child never started writing"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.join(30)
    assert child.exitcode == -signal.SIGKILL
    assert target.read_bytes() == OLD


def test_a_symlink_is_refused_never_written_through(tmp_path: Path, target: Path) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    with pytest.raises(FileLocked) as caught:
        atomic_write(link, _writer(b"new"))
    assert caught.value.key == "write.symlink"
    assert link.is_symlink() and target.read_bytes() == OLD


def test_backups_keep_the_previous_versions_and_rotate(tmp_path: Path, target: Path) -> None:
    backups = tmp_path / "backups"
    for version in range(KEEP_BACKUPS + 2):
        atomic_write(target, _writer(b"v%d" % version), backup_dir=backups)
    kept = list_backups(target, backups)
    assert len(kept) == KEEP_BACKUPS
    assert [p.read_bytes() for p in kept] == [b"v%d" % v for v in range(1, KEEP_BACKUPS + 1)]
    assert target.read_bytes() == b"v%d" % (KEEP_BACKUPS + 1)
    assert all(p.suffix == ".xlsx" and p.name.startswith("So theo doi.") for p in kept)
    assert not [p for p in backups.iterdir() if p not in kept]


def test_no_backup_of_a_file_that_did_not_exist(tmp_path: Path) -> None:
    atomic_write(tmp_path / "moi.xlsx", _writer(b"new"), backup_dir=tmp_path / "backups")
    assert list_backups(tmp_path / "moi.xlsx", tmp_path / "backups") == []


def test_no_backup_when_the_write_fails(tmp_path: Path, target: Path) -> None:
    def write(tmp: Path) -> None:
        raise OSError("boom")

    with pytest.raises(OSError):
        atomic_write(target, write, backup_dir=tmp_path / "backups")
    assert list_backups(target, tmp_path / "backups") == []


@pytest.mark.parametrize("lock_name", ["~$So theo doi.xlsx", "~$ theo doi.xlsx", ".~lock.So theo doi.xlsx#"])
def test_lock_files_of_excel_and_libreoffice_are_seen(target: Path, lock_name: str) -> None:
    assert excel_lock_path(target) is None
    ensure_not_open(target)
    lock = target.with_name(lock_name)
    lock.write_bytes(b"owner")
    assert excel_lock_path(target) == lock
    with pytest.raises(FileLocked) as caught:
        ensure_not_open(target)
    assert caught.value.key == "write.file_open" and caught.value.exit_code == 4
    assert lock_name in caught.value.message("vi") and "Hãy đóng Excel" in caught.value.message("vi")
    assert lock_name in caught.value.message("en")


def test_a_lock_of_another_workbook_is_not_ours(target: Path) -> None:
    target.with_name("~$Khac.xlsx").write_bytes(b"owner")
    assert excel_lock_path(target) is None


def test_read_only_target_is_replaced_and_keeps_its_mode(tmp_path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o444


def test_missing_output_folder_is_created(tmp_path):
    target = tmp_path / "moi" / "so.xlsx"
    atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"


def test_unwritable_folder_is_one_sentence(tmp_path, monkeypatch):
    import tempfile as tempfile_module

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile_module, "mkstemp", refuse)
    with pytest.raises(FileLocked) as caught:
        atomic_write(tmp_path / "so.xlsx", lambda tmp: tmp.write_bytes(b"new"))
    assert "chỉ cho đọc" in caught.value.message("vi")
