"""The ``cchc-sheets`` command line: a thin click layer over the library.

Commands live in their own modules and are imported only when run, so ``cchc-sheets check``
never pays for pandas or openpyxl. The library returns data; commands format it and choose
the exit code. Exit codes are shared by every command (see :mod:`cchc_sheets.cli.common`).
"""

from __future__ import annotations

import importlib
import io
import sys
from typing import Any

import click

# command name -> "module:attribute"; every entry is documented in README (a test checks it).
COMMANDS: dict[str, str] = {
    "agency": "cchc_sheets.cli.agency_cmd:command",
    "check": "cchc_sheets.cli.check_cmd:command",
    "deadline": "cchc_sheets.cli.deadline_cmd:command",
    "distribute": "cchc_sheets.cli.distribute_cmd:command",
    "import": "cchc_sheets.cli.import_cmd:command",
    "job": "cchc_sheets.cli.job_cmd:command",
    "merge": "cchc_sheets.cli.merge_cmd:command",
    "plan-docx": "cchc_sheets.cli.plan_docx_cmd:command",
    "report": "cchc_sheets.cli.report_cmd:command",
    "rollover": "cchc_sheets.cli.rollover_cmd:command",
    "summarize": "cchc_sheets.cli.summarize_cmd:command",
    "template": "cchc_sheets.cli.template_cmd:command",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        """click's usage errors in Vietnamese (see :mod:`cchc_sheets.cli.usage`), unless ``--lang en``."""
        english = _wants_english(args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _translated(exc, english) from None
        ctx.meta["cchc.english"] = english
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _translated(exc, ctx.meta.get("cchc.english", False)) from None


def _wants_english(args: list[str]) -> bool:
    from cchc_sheets.cli.usage import wants_english

    return wants_english(args)


def _translated(exc: click.UsageError, english: bool) -> click.UsageError:
    from cchc_sheets.cli.usage import VietnameseUsageError

    keep = (VietnameseUsageError, getattr(click.exceptions, "NoArgsIsHelpError", VietnameseUsageError))
    return exc if english or isinstance(exc, keep) else VietnameseUsageError(exc)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cchc-sheets")
def main() -> None:
    """cchc-sheets: kế hoạch khắc phục Chỉ số CCHC trong một sổ Excel chuẩn.

    Lập mẫu, kiểm tra, tổng hợp và hợp nhất sổ theo dõi của các xã/phường.
    (Remediation plans for the Vietnamese PAR index in one standard Excel workbook.)
    """
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must not crash a print
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
