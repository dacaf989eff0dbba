"""Helpers the CLI-level test modules share: the examples copied to a temporary folder, the
command line in-process and in its own process, and the one-sentence assertion."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from cchc_sheets.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)


def _cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _merge_cli(*args: object) -> Result:
    return _cli("merge", *args, "--as-of", "30/09/2024", "--jobs", "1")


def _subprocess(*args: object) -> subprocess.CompletedProcess[str]:
    """The command in its own process, killed if it hangs."""
    return subprocess.run([sys.executable, "-m", "cchc_sheets", *map(str, args)], capture_output=True,
                          text=True, timeout=HANG_GUARD, cwd=ROOT)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_sentence(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]
