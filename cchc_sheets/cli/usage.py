"""click's own usage errors (unknown option, missing argument, missing file, bad value) in Vietnamese.

click speaks English; a clerk who mistypes a name must read one Vietnamese sentence, with the
usage line, and get exit 2 like any usage error. ``--lang en`` keeps click's English wording for
developers. The sentence is built from the exception's own fields (``option_name``, ``param``)
and, for a bad value, from click's message, whose wording is fixed by the pinned click version
(``click==8.5.1``): an unknown wording is still shown, after a Vietnamese lead-in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from cchc_sheets.core.i18n import register, t

register({
    "cli.usage_line": ("Cách dùng: {usage}", "Usage: {usage}"),
    "cli.usage_help": ("Xem «{command} --help» để biết các tùy chọn.", "Try '{command} --help' for help."),
    "cli.usage_error": ("Lỗi: {message}", "Error: {message}"),
    "cli.no_such_option": ("Không có tùy chọn {option}.", "No such option {option}."),
    "cli.no_such_command": ("Không có lệnh «{name}».", "No such command '{name}'."),
    "cli.did_you_mean": ("Có phải ý bạn là {names}?", "Did you mean {names}?"),
    "cli.missing_argument": ("Thiếu tham số {name}.", "Missing argument {name}."),
    "cli.missing_option": ("Thiếu tùy chọn {name}.", "Missing option {name}."),
    "cli.missing_command": ("Thiếu tên lệnh.", "Missing command."),
    "cli.option_needs_value": ("Tùy chọn {option} cần một giá trị.", "Option {option} requires a value."),
    "cli.option_takes_no_value": ("Tùy chọn {option} không nhận giá trị.", "Option {option} does not take a value."),
    "cli.extra_arguments": ("Thừa tham số: {args}.", "Unexpected extra arguments: {args}."),
    "cli.bad_value": ("Giá trị không hợp lệ cho {param}: {reason}", "Invalid value for {param}: {reason}"),
    "cli.path_missing": ("không có tệp hay thư mục «{value}» (kiểm tra lại tên và đường dẫn).",
                         "no file or folder '{value}' (check the name and path)."),
    "cli.path_is_folder": ("«{value}» là một thư mục, cần một tệp.", "'{value}' is a folder, a file is needed."),
    "cli.path_is_file": ("«{value}» là một tệp, cần một thư mục.", "'{value}' is a file, a folder is needed."),
    "cli.path_unreadable": ("không đọc được «{value}» (không có quyền đọc).", "'{value}' cannot be read (no permission)."),
    "cli.not_a_choice": ("«{value}» không phải một trong các giá trị {choices}.",
                         "'{value}' is not one of {choices}."),
    "cli.not_in_range": ("{value} nằm ngoài khoảng cho phép ({range}).", "{value} is outside the range ({range})."),
    "cli.not_a_number": ("«{value}» không phải là số.", "'{value}' is not a number."),
})

# click 8.5.1's wordings of a bad value -> our sentence key (the groups fill its fields)
_VALUE_REASONS: Sequence[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:File|Directory|Path) '(?P<value>.*)' does not exist\.$", re.S), "cli.path_missing"),
    (re.compile(r"^(?:File|Path) '(?P<value>.*)' is a directory\.$", re.S), "cli.path_is_folder"),
    (re.compile(r"^(?:Directory|Path) '(?P<value>.*)' is a file\.$", re.S), "cli.path_is_file"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<value>.*)' is not readable\.$", re.S), "cli.path_unreadable"),
    (re.compile(r"^'(?P<value>.*)' is not(?: one of)? (?P<choices>'.*)\.$", re.S), "cli.not_a_choice"),
    (re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S), "cli.not_in_range"),
    (re.compile(r"^'(?P<value>.*)' is not a valid (?:integer|float)(?: range)?\.$", re.S), "cli.not_a_number"),
]
_NEEDS_VALUE = re.compile(r"^Option '(?P<option>.*)' requires (?:an argument|\d+ arguments)\.$")
_TAKES_NO_VALUE = re.compile(r"^Option '(?P<option>.*)' does not take a value\.$")
_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.S)


def wants_english(args: Sequence[str]) -> bool:
    """``--lang en`` (or ``--lang=en``) anywhere on the command line: the error may strike before
    the option is parsed, so the words are looked at directly."""
    args = list(args)
    return "--lang=en" in args or any(a == "--lang" and b == "en" for a, b in zip(args, args[1:], strict=False))


class VietnameseUsageError(click.UsageError):
    """A usage error that shows itself in Vietnamese: usage line, help hint, one sentence."""

    def __init__(self, original: click.UsageError) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.sentence = sentence(original)

    def show(self, file: object = None) -> None:
        lines = []
        ctx = self.ctx
        if ctx is not None:
            pieces = " ".join(ctx.command.collect_usage_pieces(ctx)).replace("[OPTIONS]", "[TÙY CHỌN]")
            lines.append(t("cli.usage_line", "vi", usage=f"{ctx.command_path} {pieces}".rstrip()))
            lines.append(t("cli.usage_help", "vi", command=ctx.command_path) + "\n")
        lines.append(t("cli.usage_error", "vi", message=self.sentence))
        click.echo("\n".join(lines), err=True)


def sentence(error: click.UsageError) -> str:
    """The Vietnamese sentence for one of click's usage errors."""
    if isinstance(error, click.NoSuchOption) or isinstance(error, getattr(click.exceptions, "NoSuchCommand", ())):
        name = getattr(error, "option_name", None)
        text = (t("cli.no_such_option", "vi", option=name) if name is not None
                else t("cli.no_such_command", "vi", name=error.command_name))  # type: ignore[attr-defined]
        if error.possibilities:  # type: ignore[attr-defined]
            text += " " + t("cli.did_you_mean", "vi", names=", ".join(error.possibilities))  # type: ignore[attr-defined]
        return text
    if isinstance(error, click.MissingParameter) and error.param is not None:
        key = "cli.missing_argument" if isinstance(error.param, click.Argument) else "cli.missing_option"
        return t(key, "vi", name=_name(error.param))
    if isinstance(error, click.BadParameter):
        param = _name(error.param) if error.param is not None else error.param_hint or ""
        if not isinstance(param, str):
            param = " / ".join(param)
        return t("cli.bad_value", "vi", param=param, reason=_value_reason(error.message))
    message = error.message
    for pattern, key in ((_NEEDS_VALUE, "cli.option_needs_value"), (_TAKES_NO_VALUE, "cli.option_takes_no_value"),
                         (_EXTRA, "cli.extra_arguments")):
        match = pattern.match(message)
        if match:
            return t(key, "vi", **match.groupdict())
    if message == "Missing command.":
        return t("cli.missing_command", "vi")
    return message


def _value_reason(message: str) -> str:
    for pattern, key in _VALUE_REASONS:
        match = pattern.match(message)
        if match:
            return t(key, "vi", **match.groupdict())
    return message  # our own types (a date) already speak Vietnamese


def _name(param: click.Parameter) -> str:
    """``FILE`` for an argument, ``-o / --output`` for an option, as the usage line writes them."""
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return " / ".join(param.opts)
