"""The nightly consolidation job: one unattended merge of an inbox folder per invocation.

Why a job and not ``merge`` in a crontab line: a scheduler starts runs whether or not the last
one finished, files arrive while the run looks at the folder, and the province wants to know what
changed since last week. So a run

1. reads its TOML configuration (:func:`load_config`; a bad one is one Vietnamese sentence, exit 2);
2. takes a single-instance lock (another run holding it: exit 4 at once, nothing written);
3. leaves files still being copied for the next run (``pending``: size or time changing between
   two looks, modified within the settle time, or an Excel/LibreOffice lock file beside them);
4. reads only files it has not read for this as-of date (the outcome is cached by content hash
   in the history file), settles everything with :func:`cchc_sheets.consolidate.merge.settle`;
5. records new submissions in the history and writes the consolidated workbook with two more
   sheets, ``Diễn biến`` and ``Thay đổi`` (:mod:`cchc_sheets.job.changes`), atomically;
6. commits the history only then: a run that dies leaves the previous output and history intact.

It logs one line per input and one summary line (ISO timestamps) to the log file and stdout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cchc_sheets.compute.ranking import RankingRules, load_rules
from cchc_sheets.consolidate.feedback import feedback_path, write_feedback
from cchc_sheets.consolidate.layout import OUTCOME_LABELS
from cchc_sheets.consolidate.merge import classify, read_files, settle
from cchc_sheets.consolidate.records import MERGED, REJECTED, SKIPPED, SUPERSEDED, InputOutcome, MergeResult, UnitRecord
from cchc_sheets.consolidate.workbook import write_result
from cchc_sheets.core.errors import CchcError, ExitCode, FileLocked, UsageError
from cchc_sheets.core.i18n import Sentence, register, t
from cchc_sheets.core.text import printable
from cchc_sheets.core.values import parse_date_text
from cchc_sheets.job.cache import FORMAT
from cchc_sheets.job.changes import add_sheets, changes, quarter_end, snapshot, trend
from cchc_sheets.job.history import History, Submission
from cchc_sheets.read.lists import read_roster
from cchc_sheets.write.safe_write import ensure_not_open, excel_lock_path

register({
    "job.config_missing": ("Không thấy tệp cấu hình (hoặc không đọc được): {reason}",
                           "Configuration file not found or unreadable: {reason}"),
    "job.config_syntax": ("Tệp cấu hình sai cú pháp TOML: {reason}", "The configuration is not valid TOML: {reason}"),
    "job.config_unknown": ("Tệp cấu hình có khóa lạ «{name}»; các khóa dùng được: {known}.",
                           "Unknown key «{name}» in the configuration; known keys: {known}."),
    "job.config_required": ("Tệp cấu hình thiếu khóa «{name}» ({hint}).",
                            "The configuration lacks the key «{name}» ({hint})."),
    "job.config_type": ("Khóa «{name}» trong tệp cấu hình phải là {expected}, không phải {value}.",
                        "Key «{name}» must be {expected}, not {value}."),
    "job.config_as_of": ("Khóa «as_of» phải là \"today\" (hôm nay), \"end_of_quarter\" (ngày cuối quý hiện tại) "
                         "hoặc một ngày như 2024-12-31, không phải {value}.",
                         "Key «as_of» must be \"today\", \"end_of_quarter\" or a date like 2024-12-31, not {value}."),
    "job.config_no_folder": ("Không có thư mục nhận tệp {folder} (khóa «inbox»).",
                             "The inbox folder {folder} (key «inbox») does not exist."),
    "job.config_no_roster": ("Không có tệp danh sách đơn vị {file} (khóa «roster»).",
                             "The roster file {file} (key «roster») does not exist."),
    "job.config_no_ranking": ("Không có tệp xếp hạng {file} (khóa «ranking»).",
                              "The ranking file {file} (key «ranking») does not exist."),
    "job.config_suffix": ("Tệp kết quả (khóa «output») phải có đuôi .xlsx: {file}.",
                          "The output (key «output») must end in .xlsx: {file}."),
    "job.config_clash": ("Khóa «{first}» và «{second}» cùng trỏ tới {file}; mỗi khóa cần một tệp riêng.",
                         "Keys «{first}» and «{second}» both name {file}; each needs its own file."),
    "job.config_feedback_inbox": ("Thư mục phản hồi (khóa «feedback») {folder} là thư mục nhận tệp {inbox} hoặc chứa "
                                  "nó: mọi sổ gửi đến sẽ bị coi là bản phản hồi và bỏ qua. Hãy chọn một thư mục khác.",
                                  "The feedback folder {folder} is the inbox {inbox} or contains it: every submission "
                                  "would be taken for a feedback copy and skipped. Choose another folder."),
    "job.locked": ("Một lần chạy khác đang giữ khóa {lock}; lần này dừng ngay, không ghi gì.",
                   "Another run holds the lock {lock}; this run stops at once and writes nothing."),
    "job.pending_open": ("Tệp đang mở trong Excel/LibreOffice (có tệp khóa {lock}); để lần chạy sau.",
                         "Open in Excel/LibreOffice (lock file {lock}); left for the next run."),
    "job.pending_changing": ("Tệp còn đang được chép (kích thước hoặc thời điểm sửa đổi thay đổi trong {seconds:g} "
                             "giây); để lần chạy sau.",
                             "Still being copied (size or modification time changed within {seconds:g} s); "
                             "left for the next run."),
    "job.pending_young": ("Tệp vừa được sửa {age:.0f} giây trước, chưa đủ {settle:g} giây ổn định; để lần chạy sau.",
                          "Modified {age:.0f} s ago, less than the {settle:g} s settle time; left for the next run."),
    "job.crashed": ("Lỗi không mong đợi ({error}); lần chạy bị hủy, lịch sử và sổ tổng hợp giữ nguyên như lần chạy trước.",
                    "Unexpected error ({error}); the run was abandoned, history and output are as the last run left them."),
    "job.start": ("Bắt đầu: tính đến ngày {as_of}; thư mục nhận: {inbox}.", "Start: as of {as_of}; inbox: {inbox}."),
    "job.pending": ("đang chép", "pending"),
    "job.read": ("đọc mới", "read"),
    "job.reused": ("không đổi, dùng kết quả đã đọc", "unchanged, cached result"),
    "job.written": ("đã ghi {file}", "wrote {file}"),
    "job.not_written": ("không ghi sổ tổng hợp (không có đơn vị nào tổng hợp được)",
                        "no consolidated workbook written (no unit could be merged)"),
    "job.feedback_failed": ("Không ghi được bản phản hồi của {file}: {reason}", "Feedback for {file} failed: {reason}"),
    "job.summary": ("Xong: {files} tệp ({merged} đã tổng hợp, {superseded} bị thay thế, {rejected} bị từ chối, "
                    "{skipped} bỏ qua, {pending} đang chép; {read} tệp đọc mới); {units} đơn vị; {new} bản nộp mới; "
                    "{changes} thay đổi cần xem; {written}; mã thoát {code}.",
                    "Done: {files} files ({merged} merged, {superseded} superseded, {rejected} rejected, "
                    "{skipped} skipped, {pending} pending; {read} read); {units} units; {new} new submissions; "
                    "{changes} changes to review; {written}; exit code {code}."),
    "job.pending_gone": ("Tệp biến mất khi đang xem (đang được chuyển đi?); để lần chạy sau.",
                         "The file vanished while being looked at (being moved?); left for the next run."),
})

CONFIG_KEYS = ("inbox", "output", "history", "log", "roster", "ranking", "feedback", "lock", "as_of",
               "settle_seconds", "recheck_seconds", "jobs")
AS_OF_TODAY, AS_OF_QUARTER = "today", "end_of_quarter"
PENDING = "pending"
HASH_CHUNK = 1 << 20


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True, slots=True)
class JobConfig:
    """A validated configuration; paths are absolute (relative ones are taken from the config's folder,
    because cron and Task Scheduler start programs in a folder nobody chose)."""

    source: Path
    inbox: tuple[Path, ...]
    output: Path
    history: Path
    log: Path | None = None
    roster: Path | None = None
    ranking: Path | None = None
    rules: RankingRules = RankingRules()  # the ranking file's groups and bands, read with the config
    feedback: Path | None = None
    lock: Path | None = None
    as_of: str | dt.date = AS_OF_TODAY
    settle_seconds: float = 120.0
    recheck_seconds: float = 2.0
    jobs: int | None = None

    @property
    def lock_path(self) -> Path:
        return self.lock or self.history.with_name(self.history.name + ".lock")

    def as_of_date(self, today: dt.date) -> dt.date:
        """The day overdue is judged on: today, the last day of today's quarter, or a fixed day."""

        if isinstance(self.as_of, dt.date):
            return self.as_of
        return quarter_end(today) if self.as_of == AS_OF_QUARTER else today


def load_config(path: Path) -> JobConfig:
    """Read and validate *path*; every problem is a :class:`UsageError` naming the key at fault."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("job.config_missing", path=str(path), reason=str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError("job.config_syntax", path=str(path), reason=str(exc)) from exc
    return _ConfigReader(Path(path), data).config()


class _ConfigReader:
    """Turns the TOML table into a :class:`JobConfig`, one checked key at a time."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.base = path.resolve().parent
        self.data = data

    def fail(self, message: str, **args: Any) -> UsageError:
        return UsageError(message, path=str(self.path), **args)

    def config(self) -> JobConfig:
        for key in self.data:
            if key not in CONFIG_KEYS:
                raise self.fail("job.config_unknown", name=key, known=", ".join(CONFIG_KEYS))
        output = self.required("output", "tệp sổ tổng hợp sẽ ghi ra, ví dụ \"ket_qua/tong_hop.xlsx\"")
        if output.suffix.lower() != ".xlsx":
            raise self.fail("job.config_suffix", file=str(output))
        config = JobConfig(
            source=self.path, inbox=self.inbox(), output=output,
            history=self.required("history", "tệp lịch sử SQLite, ví dụ \"ket_qua/lich_su.sqlite\""),
            log=self.file("log"), roster=self.roster(), **self.ranking(), feedback=self.file("feedback"), lock=self.file("lock"),
            as_of=self.as_of(), settle_seconds=self.number("settle_seconds", 120.0),
            recheck_seconds=self.number("recheck_seconds", 2.0, upper=600.0), jobs=self.jobs())
        self.distinct(config)
        return config

    def file(self, key: str) -> Path | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail("job.config_type", name=key, expected="một đường dẫn trong dấu ngoặc kép", value=repr(value))
        return self.resolve(value)

    def required(self, key: str, hint: str) -> Path:
        path = self.file(key)
        if path is None:
            raise self.fail("job.config_required", name=key, hint=hint)
        return path

    def resolve(self, value: str) -> Path:
        path = Path(os.path.expandvars(os.path.expanduser(value)))
        return path if path.is_absolute() else self.base / path

    def inbox(self) -> tuple[Path, ...]:
        value = self.data.get("inbox")
        if value is None:
            raise self.fail("job.config_required", name="inbox", hint="thư mục các xã gửi sổ vào, ví dụ \"hop_thu\"")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail("job.config_type", name="inbox", expected="một thư mục hoặc danh sách thư mục",
                            value=repr(value))
        folders = tuple(self.resolve(v) for v in values)
        for folder in folders:
            if not folder.is_dir():
                raise self.fail("job.config_no_folder", folder=str(folder))
        return folders

    def roster(self) -> Path | None:
        roster = self.file("roster")
        if roster is not None and not roster.is_file():
            raise self.fail("job.config_no_roster", file=str(roster))
        return roster

    def ranking(self) -> dict[str, Any]:
        """The ranking file and its rules, read now: a bad file stops the run before it starts (exit 2)."""
        ranking = self.file("ranking")
        if ranking is not None and not ranking.is_file():
            raise self.fail("job.config_no_ranking", file=str(ranking))
        return {"ranking": ranking, "rules": load_rules(ranking) if ranking else RankingRules()}

    def as_of(self) -> str | dt.date:
        value = self.data.get("as_of", AS_OF_TODAY)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if value in (AS_OF_TODAY, AS_OF_QUARTER):
            return str(value)

        parsed = parse_date_text(value) if isinstance(value, str) else None
        if parsed is None:
            raise self.fail("job.config_as_of", value=repr(value))
        return parsed

    def number(self, key: str, default: float, upper: float = 7 * 86_400.0) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= upper:
            raise self.fail("job.config_type", name=key, expected=f"một số giây từ 0 đến {upper:g}", value=repr(value))
        return float(value)

    def jobs(self) -> int | None:
        value = self.data.get("jobs")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise self.fail("job.config_type", name="jobs", expected="một số nguyên từ 1 trở lên", value=repr(value))
        return value

    def distinct(self, config: JobConfig) -> None:
        """Output, history, log and lock must be four files: one would overwrite another."""
        seen: dict[Path, str] = {}
        for key in ("output", "history", "log", "lock"):
            path = config.lock_path if key == "lock" else getattr(config, key)
            if path is None:
                continue
            first = seen.setdefault(path.resolve(), key)
            if first != key:
                raise self.fail("job.config_clash", first=first, second=key, file=str(path))
        if config.feedback is not None:
            feedback = config.feedback.resolve()
            for inbox in config.inbox:
                if feedback == inbox.resolve() or feedback in inbox.resolve().parents:
                    raise self.fail("job.config_feedback_inbox", folder=str(config.feedback), inbox=str(inbox))


# --------------------------------------------------------------------------- single instance


@contextlib.contextmanager
def single_instance(lock: Path) -> Iterator[None]:
    """Hold an OS lock on *lock* for the run; raise :class:`FileLocked` (exit 4) if another run has it.

    The lock belongs to the open file, so the OS releases it when a run dies, however it dies: a
    stale lock file left behind never blocks the next night. The file itself is never deleted
    (deleting a locked file lets two runs lock two different files).
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as handle:
        if not _try_lock(handle):
            raise FileLocked("job.locked", lock=str(lock))
        try:
            yield
        finally:
            _unlock(handle)


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    """POSIX releases the flock when the file closes; Windows wants the byte unlocked first."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


# --------------------------------------------------------------------------- the log


class RunLog:
    """Plain-text lines with an ISO timestamp, to the log file (appended) and to stdout.

    Each line is written and flushed as it happens, so a run that dies still leaves what it did.
    """

    def __init__(self, path: Path | None, echo: Callable[[str], None], now: Callable[[], dt.datetime]) -> None:
        self.path = path
        self.echo = echo
        self.now = now

    def line(self, text: str, *, to_screen: bool = True) -> None:
        """One line: control characters and undecodable bytes of file names escaped, so that a
        name cannot forge a line of the log or send escape sequences to a terminal."""
        stamped = f"{self.now().isoformat(timespec='seconds')} {printable(text)}"
        if to_screen:
            self.echo(stamped)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(stamped + "\n")


def local_now() -> dt.datetime:
    """Now, with the machine's UTC offset (log lines from two servers stay comparable)."""
    return dt.datetime.now().astimezone()


# --------------------------------------------------------------------------- arrivals


@dataclass(frozen=True, slots=True)
class Arrival:
    """A file in the inbox that has stopped changing, with what identifies its content."""

    path: str
    size: int
    mtime: float
    sha256: str


def split_pending(paths: Sequence[Path], settle_seconds: float, recheck_seconds: float, *,
                  sleep: Callable[[float], None] = time.sleep) -> tuple[list[Arrival], list[InputOutcome]]:
    """Files ready to read, and the ones still arriving as skipped outcomes saying why.

    Two looks *recheck_seconds* apart (one wait for the whole folder, not one per file): a copy
    in progress changes size or time between them. A file modified less than *settle_seconds*
    ago or with an office lock file beside it also waits.
    """

    first = {path: _look(path) for path in paths}
    if recheck_seconds and paths:
        sleep(recheck_seconds)
    ready: list[Arrival] = []
    pending: list[InputOutcome] = []
    now = time.time()
    for path in paths:
        second = _look(path)
        reason = _pending_reason(path, first[path], second, settle_seconds, recheck_seconds, now)
        mtime = second[1] / 1e9 if second else 0.0
        if reason is None:
            ready.append(Arrival(str(path), second[0], mtime, file_sha256(path)))  # type: ignore[index]
        else:
            key, args = reason
            pending.append(InputOutcome(str(path), SKIPPED, Sentence(key, **args), mtime))
    return ready, pending


def _look(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _pending_reason(path: Path, first: tuple[int, int] | None, second: tuple[int, int] | None,
                    settle_seconds: float, recheck_seconds: float, now: float) -> tuple[str, dict[str, Any]] | None:
    if first is None or second is None:
        return "job.pending_gone", {}
    lock = excel_lock_path(path)
    if lock is not None:
        return "job.pending_open", {"lock": lock.name}
    if first != second:
        return "job.pending_changing", {"seconds": recheck_seconds}
    age = now - second[1] / 1e9
    if age < settle_seconds:
        return "job.pending_young", {"age": max(age, 0.0), "settle": settle_seconds}
    return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- the run


@dataclass(slots=True)
class RunSummary:
    """What one run did: the merge result plus what only the job knows."""

    result: MergeResult
    arrivals: list[Arrival]
    pending: set[str]
    read: set[str]
    new_submissions: int
    changes: int
    exit_code: ExitCode

    def counts(self) -> dict[str, int]:
        """The ``runs`` row's counts; pending files are counted apart from other skipped ones."""

        result = self.result
        return {"merged": result.count(MERGED), "superseded": result.count(SUPERSEDED),
                "rejected": result.count(REJECTED), "skipped": result.count(SKIPPED) - len(self.pending),
                "pending": len(self.pending), "read": len(self.read), "units": len(result.units)}


def run_job(config: JobConfig, *, echo: Callable[[str], None], now: Callable[[], dt.datetime] = local_now,
            sleep: Callable[[float], None] = time.sleep) -> RunSummary:
    """One run under the single-instance lock. Errors are written to the log file, then raised
    (the CLI prints them and picks the exit code): a run that fails commits nothing."""
    log = RunLog(config.log, echo, now)
    try:
        with single_instance(config.lock_path):
            return _run(config, log, now, sleep)
    except CchcError as exc:
        log.line(exc.message("vi"), to_screen=False)
        raise
    except Exception as exc:
        log.line(t("job.crashed", error=f"{type(exc).__name__}: {exc}"), to_screen=False)
        raise


def _run(config: JobConfig, log: RunLog, now: Callable[[], dt.datetime], sleep: Callable[[float], None]) -> RunSummary:
    started = now()
    as_of = config.as_of_date(started.date())
    ensure_not_open(config.output)
    log.line(t("job.start", as_of=f"{as_of:%d/%m/%Y}", inbox=", ".join(map(str, config.inbox))))
    with History.open(config.history) as history, history.transaction():
        run_id = history.start_run(started, as_of)
        summary = _merge_inbox(config, history, run_id, as_of, sleep)
        _log_inputs(log, summary)
        summary.new_submissions = _record_submissions(history, summary, run_id, started)
        _write_outputs(config, log, history, summary)
        history.finish_run(run_id, now(), summary.counts(), summary.exit_code)
        history.forget_unused(run_id)
    log.line(_summary_line(summary))
    return summary


def _merge_inbox(config: JobConfig, history: History, run_id: int, as_of: dt.date,
                 sleep: Callable[[float], None]) -> RunSummary:
    """The inbox listed, still-arriving files set aside, the rest read or taken from the cache,
    and everything settled exactly as ``merge`` settles it."""

    roster = read_roster(config.roster) if config.roster else None
    skipped, candidates = classify(list(config.inbox), config.output, config.feedback)
    arrivals, pending = split_pending(candidates, config.settle_seconds, config.recheck_seconds, sleep=sleep)
    outcomes, read = _collect(arrivals, as_of, history, run_id, config.jobs, list(config.inbox))
    result = settle([*skipped, *pending, *outcomes], as_of, roster, config.rules)
    # A quiet night (an empty inbox, or only files still arriving) is not a failure for cron.
    code = result.exit_code if arrivals else ExitCode.OK
    return RunSummary(result, arrivals, {p.path for p in pending}, read, 0, 0, code)


def _write_outputs(config: JobConfig, log: RunLog, history: History, summary: RunSummary) -> None:
    """The workbook with the history sheets (only when some unit was merged, like ``merge``),
    then the feedback copies."""

    submissions = history.submissions()
    found = changes(submissions)
    summary.changes = len(found)
    if summary.result.units:
        write_result(config.output, summary.result, extra=lambda book: add_sheets(book, trend(submissions), found))
        _feedback(log, config, summary)


def cache_version() -> str:
    """Cached outcomes are merge records as JSON: a new library version, records with other
    fields, or another cache format (the pickles of earlier versions) must not load them."""
    from importlib.metadata import version

    names = ",".join(f.name for cls in (InputOutcome, UnitRecord) for f in dataclasses.fields(cls))
    return f"{version('cchc-sheets')}:{FORMAT}:{hashlib.sha256(names.encode()).hexdigest()[:12]}"


def _collect(arrivals: Sequence[Arrival], as_of: dt.date, history: History, run_id: int,
             jobs: int | None, roots: Sequence[Path] = ()) -> tuple[list[InputOutcome], set[str]]:
    """Outcomes of the ready files, and the paths read this run.

    A file whose path, content and as-of date match a cached outcome is not read again (the
    figures depend on the as-of date: overdue is judged on it). The rest go to the merge's own
    readers, in parallel, and are cached before ``settle`` marks them up.
    """
    import cchc_sheets.read.plan  # noqa: F401 - registers the sentences a cached rejection may carry

    version = cache_version()
    keys = {a.path: (a.path, a.sha256, as_of.isoformat(), version) for a in arrivals}
    outcomes = []
    to_read = []
    for arrival in arrivals:
        hit = history.cached(keys[arrival.path], run_id)
        if hit is None:
            to_read.append(Path(arrival.path))
        else:
            outcomes.append(_with_mtime(hit, arrival.mtime))
    fresh = read_files(to_read, as_of, jobs=jobs, snapshot=snapshot, roots=roots)
    for outcome in fresh:
        history.remember(keys[outcome.path], outcome, run_id)
    return [*outcomes, *fresh], {o.path for o in fresh}


def _with_mtime(outcome: InputOutcome, mtime: float) -> InputOutcome:
    """A cached outcome with the file's current modification time (touched, not changed)."""
    outcome.mtime = mtime
    for unit in outcome.units_read:
        unit.mtime = mtime
    return outcome


def _record_submissions(history: History, summary: RunSummary, run_id: int, received: dt.datetime) -> int:
    """Every accepted unit of every file is a submission (a superseded older file too: it is
    part of the unit's story); units rejected by ``settle`` are not."""

    by_path = {a.path: a for a in summary.arrivals}
    stamp = received.isoformat(timespec="seconds")
    new = 0
    for outcome in summary.result.inputs:
        arrival = by_path.get(outcome.path)
        if arrival is None:
            continue
        for unit in outcome.units_read:
            if unit.fate in (MERGED, SUPERSEDED) and unit.key:
                new += history.add_submission(Submission.of(unit, arrival.sha256, arrival.size, stamp), run_id)
    return new


def _feedback(log: RunLog, config: JobConfig, summary: RunSummary) -> None:
    """Feedback copies for files read this run, or whose copy is missing: an unchanged file's
    copy from an earlier night is still right, and re-writing it would mean reading it again."""

    if config.feedback is None:
        return
    result, folder = summary.result, config.feedback
    todo = [u for u in result.units if u.file in summary.read or not feedback_path(folder, u).exists()]
    done = write_feedback(todo, folder, result.as_of, config.jobs)
    for item in done:
        if item.error:
            log.line(t("job.feedback_failed", file=item.source, reason=item.error))
    result.feedback = done


def _log_inputs(log: RunLog, summary: RunSummary) -> None:
    """One line per input: what became of it, whose it is or why not, read or reused."""

    for item in summary.result.inputs:
        pending = item.path in summary.pending
        label = t("job.pending") if pending else OUTCOME_LABELS[item.outcome][0].lower()
        details = [" ".join(filter(None, (item.unit_code, item.unit_name))), item.reason_text("vi")]
        if item.outcome != SKIPPED:
            details.append(t("job.read" if item.path in summary.read else "job.reused"))
        log.line(f"[{label}] {item.path}" + "".join(f" — {d}" for d in details if d))


def _summary_line(summary: RunSummary) -> str:
    result = summary.result
    written = t("job.written", file=str(result.output)) if result.output else t("job.not_written")
    return t("job.summary", "vi", files=len(result.inputs), **summary.counts(), new=summary.new_submissions,
             changes=summary.changes, written=written, code=summary.exit_code)
