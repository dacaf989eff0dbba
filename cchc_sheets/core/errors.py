"""Exceptions for files that cannot be used at all.

Everything else is a finding. An error carries a message key so that the CLI can say one
clear sentence in Vietnamese (or English with ``--lang en``) and pick the exit code.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from cchc_sheets.core.i18n import t
from cchc_sheets.core.text import printable


class ExitCode(IntEnum):
    """The documented exit codes of every command (README, ``--help``); cron and scripts read them."""

    OK = 0
    FINDINGS = 1  # error findings, rejected or superseded inputs
    USAGE = 2  # the command asked for something impossible
    UNREADABLE = 3  # no input could be read
    LOCKED = 4  # open in Excel, read-only, or another run holds the lock
    INTERRUPTED = 130  # Ctrl+C, as shells report SIGINT


class CchcError(Exception):
    """Base error: a catalogued sentence plus the exit code the CLI should use."""

    exit_code = ExitCode.UNREADABLE

    def __init__(self, key: str, path: str | None = None, **args: Any) -> None:
        self.key = key
        self.path = path
        self.args_ = args
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        text = self.reason(lang)
        return f"{printable(self.path)}: {text}" if self.path else text

    def reason(self, lang: str = "vi") -> str:
        """The sentence without the path prefix (for tables that already show the file).

        An argument that is itself a sentence (anything with ``render(lang)``, such as
        :class:`cchc_sheets.check.report.Sentence` or another error) is said in the same language.
        """

        args = {k: _in(lang, v) for k, v in self.args_.items()}
        return t(self.key, lang, **args)

    def render(self, lang: str) -> str:
        return self.reason(lang)


def _in(lang: str, value: Any) -> Any:
    if hasattr(value, "render"):
        return value.render(lang)
    return value


class UnreadableFile(CchcError):
    """The file is not a usable workbook (corrupt, encrypted, legacy, hostile, wrong layout)."""

    exit_code = ExitCode.UNREADABLE


class FileLocked(CchcError):
    """The workbook is open in Excel (lock file beside it) or another run holds the lock."""

    exit_code = ExitCode.LOCKED


class UsageError(CchcError):
    """The command was asked for something impossible (bad criteria list, bad config)."""

    exit_code = ExitCode.USAGE
