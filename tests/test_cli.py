"""The CLI as a whole: every command is documented, helps in Vietnamese, and starts light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented_in_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### `cchc-sheets {name}\b", readme, re.MULTILINE), f"README lacks a section for {name}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "--lang" in result.output and "--debug" in result.output


def test_group_help_lists_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_unknown_option_is_a_usage_error():
    result = CliRunner().invoke(main, ["template", "--no-such-option"])
    assert result.exit_code == 2


def test_start_up_does_not_import_heavy_libraries():
    code = ("import sys; from cchc_sheets.cli import main; "
            "from cchc_sheets.cli import summarize_cmd, template_cmd; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
