"""Run ``cchc-sheets check --format json FILE`` over many files, each in a forked child, and
report what each run printed, its exit code, wall time, peak memory and whether the file changed.

Used by tests/test_corpus.py as a separate process (not under pytest): the children inherit a
real stdout, so anything a library prints there (xlrd did) shows up in the JSON check exactly as
a user would see it. The parent imports the CLI once; each child runs the command as a fresh
process would, with stdout and stderr sent to files, an address-space ceiling and an alarm so a
runaway file cannot take the machine down.

    python -m tests.corpus_run RESULTS.json < list-of-paths
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

CEILING_BYTES = 2 * 1024**3  # the child's address space: far above the 512 MiB the test allows
ALARM_SECONDS = 60  # the child is killed after this; the test allows 5 s


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def run_one(path: Path, scratch: Path) -> dict[str, object]:
    """One ``check`` run on *path* in a child process; its outputs, exit code and cost."""
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    before = digest(path)
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            with out_path.open("wb") as out, err_path.open("wb") as err:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
            resource.setrlimit(resource.RLIMIT_AS, (CEILING_BYTES, CEILING_BYTES))
            signal.alarm(ALARM_SECONDS)
            from cchc_sheets.cli import main

            try:
                main(["check", "--format", "json", str(path)], prog_name="cchc-sheets")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - the child reports anything, then exits
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.monotonic() - started
    return {
        "path": str(path),
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(elapsed, 3),
        "max_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "stdout": out_path.read_bytes().decode("utf-8", "replace"),
        "stderr": err_path.read_bytes().decode("utf-8", "replace"),
        "unchanged": digest(path) == before,
    }


def main() -> None:
    import cchc_sheets.check.rules  # noqa: F401
    import cchc_sheets.check.run  # noqa: F401 - warm the imports every child would pay for
    import cchc_sheets.cli  # noqa: F401
    import cchc_sheets.read.plan  # noqa: F401

    paths = [Path(line) for line in sys.stdin.read().splitlines() if line]
    with tempfile.TemporaryDirectory() as scratch:
        results = [run_one(path, Path(scratch)) for path in paths]
    Path(sys.argv[1]).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
