"""The nightly job's memory: every run and every submission, in one SQLite file.

Why SQLite: the standard library has it, there is no server to run on a district's office PC,
and one file sits beside the output where IT staff can copy or open it. Why one transaction per
run, committed only when the run has finished: a run killed half-way (power cut, reboot, a crash)
must leave the history exactly as the last good run left it, never half a run; WAL mode keeps
the file readable by anyone inspecting it while a run writes.

What is kept:

* ``runs``: start, end, as-of date, outcome counts and exit code of every finished run;
* ``submissions``: every distinct workbook a unit sent (one row per unit and file content, so a
  file seen again on later nights is not a new submission), with its figures, a snapshot of its
  tasks and the achieved points of its criteria, so that later runs can say what changed;
* ``file_cache``: each input file's outcome as the merge read it, keyed by path, content hash and
  as-of date, so an unchanged file is not parsed again. It is a cache, not history: rows the
  current run did not use are dropped at the end of the run. Entries are JSON read back into
  exact shapes (:mod:`cchc_sheets.job.cache`): a history file cannot make the job run code.

The schema carries its version in ``PRAGMA user_version``; :func:`migrate` brings an older file
up to date step by step and refuses a file written by a newer version of the library.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.text import printable
from cchc_sheets.job.cache import dump_outcome, load_outcome

register({
    "history.newer": ("Tệp lịch sử được tạo bởi phiên bản mới hơn của chương trình (lược đồ {found}, "
                      "phiên bản này hiểu đến {known}). Hãy cập nhật chương trình.",
                      "The history file was written by a newer version (schema {found}; this version knows "
                      "up to {known}). Upgrade the program."),
    "history.unreadable": ("Không mở được tệp lịch sử: {reason}", "Cannot open the history file: {reason}"),
})

BUSY_TIMEOUT = 60.0  # seconds to wait for someone browsing the file with a write lock


def _create_v1(conn: sqlite3.Connection) -> None:
    _statements(conn, """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            as_of TEXT NOT NULL,
            merged INTEGER, superseded INTEGER, rejected INTEGER, skipped INTEGER, pending INTEGER,
            read INTEGER, units INTEGER,
            exit_code INTEGER
        );
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            unit_key TEXT NOT NULL,
            unit_code TEXT,
            unit_name TEXT,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            period TEXT,
            received_at TEXT NOT NULL,
            updated_on TEXT,
            score REAL, max_score REAL, lost_points REAL,
            lost INTEGER, covered INTEGER, remedied INTEGER, survey_lost INTEGER,
            coverage_rate REAL, coverage_rate_points REAL, remedy_rate REAL, remedy_rate_points REAL,
            tasks_total INTEGER, tasks_done INTEGER, tasks_in_progress INTEGER, tasks_not_started INTEGER,
            tasks_dropped INTEGER, tasks_overdue INTEGER,
            task_snapshot TEXT NOT NULL,
            achieved_points TEXT NOT NULL,
            UNIQUE (unit_key, sha256)
        );
        CREATE INDEX submissions_by_unit ON submissions (unit_key, updated_on, received_at);
        CREATE TABLE file_cache (
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            as_of TEXT NOT NULL,
            version TEXT NOT NULL,
            outcome BLOB NOT NULL,
            last_run INTEGER NOT NULL,
            PRIMARY KEY (path, sha256, as_of, version)
        );
    """)


def _statements(conn: sqlite3.Connection, script: str) -> None:
    """Run a schema script inside the caller's transaction (``executescript`` would commit first)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# MIGRATIONS[n] takes a file from schema version n to n + 1; the file's version is their count.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1]
SCHEMA_VERSION = len(MIGRATIONS)


TaskFact = dict[str, Any]  # seq, row, task, lead, status, progress of one task row


@dataclass(frozen=True, slots=True)
class Submission:
    """One workbook a unit sent, as the history keeps it (field names are the table's columns)."""

    unit_key: str
    unit_code: str | None
    unit_name: str | None
    file: str
    sha256: str
    size: int
    period: str | None
    received_at: str
    updated_on: dt.date | None
    score: float | None
    max_score: float | None
    lost_points: float | None
    lost: int
    covered: int
    remedied: int
    survey_lost: int
    coverage_rate: float
    coverage_rate_points: float
    remedy_rate: float
    remedy_rate_points: float
    tasks_total: int
    tasks_done: int
    tasks_in_progress: int
    tasks_not_started: int
    tasks_dropped: int
    tasks_overdue: int
    task_snapshot: list[TaskFact] = field(default_factory=list)
    achieved_points: dict[str, float | None] = field(default_factory=dict)
    id: int | None = None

    @classmethod
    def of(cls, unit: Any, sha256: str, size: int, received_at: str) -> Submission:
        """A merged unit record (:class:`cchc_sheets.consolidate.records.UnitRecord`) read from a file with this
        content; its ``snapshot`` holds the tasks and achieved points (see ``changes.snapshot``)."""
        cov, tasks = unit.coverage, unit.tasks
        return cls(
            unit_key=unit.key, unit_code=unit.unit_code, unit_name=unit.unit_name, file=unit.file, sha256=sha256,
            size=size, period=unit.period, received_at=received_at, updated_on=unit.updated_on, score=unit.score,
            max_score=unit.max_score, lost_points=unit.lost_points, lost=cov["lost"], covered=cov["covered"],
            remedied=cov["remedied"], survey_lost=cov["survey_lost"], coverage_rate=cov["rate"],
            coverage_rate_points=cov["rate_points"], remedy_rate=cov["remedy_rate"],
            remedy_rate_points=cov["remedy_rate_points"], tasks_total=tasks["total"], tasks_done=tasks["done"],
            tasks_in_progress=tasks["in_progress"], tasks_not_started=tasks["not_started"],
            tasks_dropped=tasks["dropped"], tasks_overdue=tasks["overdue"],
            task_snapshot=unit.snapshot["tasks"], achieved_points=unit.snapshot["achieved"])

    @property
    def order(self) -> tuple[dt.date, str, int]:
        """Submissions of a unit in the order the clerk made them: ``Ngày cập nhật`` (the rule
        ``merge`` settles duplicates by), then when the job first saw the file."""
        day = self.updated_on or dt.date.fromisoformat(self.received_at[:10])
        return day, self.received_at, self.id or 0


_JSON_FIELDS = ("task_snapshot", "achieved_points")
_COLUMNS = [f.name for f in dataclasses.fields(Submission) if f.name != "id"]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to :data:`SCHEMA_VERSION`, one step per transaction; refuse a newer file."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise UsageError("history.newer", found=version, known=SCHEMA_VERSION)
    for step in range(version, SCHEMA_VERSION):
        with _transaction(conn):
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE (take the write lock now, not half-way) ... COMMIT, or ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class History:
    """The history file of one job; every write happens inside :meth:`transaction`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: Path) -> History:
        """The history at *path*, created or migrated as needed; a file that is not a usable
        history is a :class:`UsageError` (the configuration points at the wrong file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # a committed run survives a power cut
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise UsageError("history.unreadable", path=str(path), reason=str(exc)) from exc
            raise
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return _transaction(self.conn)

    # ----------------------------------------------------------------------- runs

    def start_run(self, started: dt.datetime, as_of: dt.date) -> int:
        cursor = self.conn.execute("INSERT INTO runs (started_at, as_of) VALUES (?, ?)",
                                   (started.isoformat(timespec="seconds"), as_of.isoformat()))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, finished: dt.datetime, counts: dict[str, int], exit_code: int) -> None:
        """Fill in the run's end; *counts* has a value for every count column of ``runs``."""
        names = ("merged", "superseded", "rejected", "skipped", "pending", "read", "units")
        self.conn.execute(
            f"UPDATE runs SET finished_at = ?, exit_code = ?, {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            (finished.isoformat(timespec="seconds"), exit_code, *(counts[n] for n in names), run_id))

    def runs(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM runs ORDER BY id")

    # ----------------------------------------------------------------------- cache of read files

    def cached(self, key: tuple[str, str, str, str], run_id: int) -> Any | None:
        """The outcome stored under *key* (path, sha256, as-of, version), marked as used by this
        run; None when absent or not an entry of the right shape (then the file is read again)."""

        key = _db_key(key)
        row = self.conn.execute("SELECT outcome FROM file_cache WHERE path = ? AND sha256 = ? AND as_of = ? "
                                "AND version = ?", key).fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        try:
            outcome = load_outcome(row[0])
        except Exception:  # noqa: BLE001 - a stale, damaged or crafted entry is a cache miss, nothing more
            return None
        self.conn.execute("UPDATE file_cache SET last_run = ? WHERE path = ? AND sha256 = ? AND as_of = ? "
                          "AND version = ?", (run_id, *key))
        return outcome

    def remember(self, key: tuple[str, str, str, str], outcome: Any, run_id: int) -> None:
        """Cache *outcome*; one holding a value JSON cannot carry is simply not cached."""

        try:
            blob = dump_outcome(outcome)
        except (TypeError, ValueError):
            return
        self.conn.execute("INSERT OR REPLACE INTO file_cache (path, sha256, as_of, version, outcome, last_run) "
                          "VALUES (?, ?, ?, ?, ?, ?)", (*_db_key(key), blob, run_id))

    def forget_unused(self, run_id: int) -> None:
        """Drop cache entries this run did not use: files gone, replaced, or read for another date."""
        self.conn.execute("DELETE FROM file_cache WHERE last_run != ?", (run_id,))

    # ----------------------------------------------------------------------- submissions

    def add_submission(self, submission: Submission, run_id: int) -> bool:
        """Record *submission* unless the same unit already sent the same content; True if new."""
        values = [_column_value(name, getattr(submission, name)) for name in _COLUMNS]
        cursor = self.conn.execute(
            f"INSERT OR IGNORE INTO submissions (run_id, {', '.join(_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(_COLUMNS))})", (run_id, *values))
        return cursor.rowcount > 0

    def submissions(self) -> list[Submission]:
        """Every submission, grouped by unit and in the order each unit made them."""
        rows = self._dicts(f"SELECT id, {', '.join(_COLUMNS)} FROM submissions")
        subs = [Submission(**{k: _field_value(k, v) for k, v in row.items()}) for row in rows]
        return sorted(subs, key=lambda s: (s.unit_key, s.order))

    def _dicts(self, sql: str) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _column_value(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _db_text(value)


def _db_key(key: tuple[str, str, str, str]) -> tuple[str, str, str, str]:
    path, sha256, as_of, version = key
    return _db_text(path), sha256, as_of, version


def _db_text(value: Any) -> Any:
    """Text SQLite can store: a file name that is not UTF-8 (its bytes kept by the file system
    as surrogates) is stored escaped, as it is printed."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return printable(value)
    return value


def _field_value(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return json.loads(value)
    if name == "updated_on" and value:
        return dt.date.fromisoformat(value)
    return value
