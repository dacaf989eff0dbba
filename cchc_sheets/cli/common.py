"""Options, output and exit codes shared by every command.

Exit codes (the same for every command, documented in README and ``--help``):

* 0 — done, no error finding (warnings allowed);
* 1 — done, but at least one error finding (or, for ``merge``, an input rejected/superseded);
* 2 — usage error (bad option, missing argument) — click's own code;
* 3 — an input could not be read at all (corrupt, encrypted, not a workbook ...);
* 4 — another run holds the lock (scheduled job), or the file is open in Excel.

Unexpected errors print one sentence and exit 3; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from cchc_sheets.core.errors import CchcError, ExitCode
from cchc_sheets.core.i18n import t

F = TypeVar("F", bound=Callable[..., Any])


class AsOfDate(click.ParamType):
    """A date typed as ``2024-12-31`` or ``31/12/2024`` (day first, as Vietnamese write it)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from cchc_sheets.core.values import parse_date_text

        parsed = parse_date_text(str(value))
        if parsed is None:
            self.fail(t("cli.bad_date", _lang(ctx), value=value), param, ctx)
        return parsed


def _lang(ctx: click.Context | None) -> str:
    return (ctx.params.get("lang") if ctx else None) or "vi"


def lang_option(func: F) -> F:
    """``--lang vi|en``: messages for clerks (default) or for developers."""
    return click.option(
        "--lang",
        type=click.Choice(["vi", "en"]),
        default="vi",
        show_default=True,
        is_eager=True,
        help="Ngôn ngữ thông báo (vi: tiếng Việt; en: English for developers).",
    )(func)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format``: how results are printed (``table`` for people, ``json`` for programs)."""

    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=choices[0],
            show_default=True,
            help="Định dạng kết quả in ra.",
        )(func)

    return decorate


def as_of_option(func: F) -> F:
    """``--as-of DATE``: the day overdue and "due soon" are judged on (default: today)."""
    return click.option(
        "--as-of",
        "as_of",
        type=AsOfDate(),
        default=None,
        help="Ngày dùng để xét quá hạn (mặc định: hôm nay), ví dụ 31/12/2024.",
    )(func)


def debug_option(func: F) -> F:
    """``--debug``: show tracebacks instead of one sentence (for developers)."""
    return click.option("--debug", is_flag=True, help="Hiện traceback khi có lỗi (cho lập trình viên).")(func)


def handle_errors(func: F) -> F:
    """Turn library errors into one sentence on stderr and an exit code; never a traceback.

    The wrapped command must accept ``lang`` and ``debug`` keyword arguments.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", "vi")
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CchcError as exc:
            if debug:
                raise
            click.echo(exc.message(lang), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(t("cli.interrupted", lang), err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the promise is: no traceback without --debug
            if debug:
                raise
            known = _machine_refused(exc)
            if known is not None:
                click.echo(known.message(lang), err=True)
                sys.exit(known.exit_code)
            click.echo(t("cli.unexpected", lang, error=f"{type(exc).__name__}: {exc}"), err=True)
            sys.exit(ExitCode.UNREADABLE)

    return wrapper  # type: ignore[return-value]


def emit_result(result: Any, fmt: str, lang: str, render: Callable[[Any, str], str]) -> None:
    """Print *result* (JSON, or the table *render* makes) and exit with its ``exit_code``: the
    end of every command that returns a result object (``merge``, ``distribute``, ``rollover``)."""
    if fmt == "json":
        echo_json(result.to_dict(lang))
    else:
        click.echo(render(result, lang))
    raise SystemExit(result.exit_code)


def _machine_refused(exc: BaseException) -> CchcError | None:
    """A full disk, a read-only disk or a missing permission, wherever it struck (a log line,
    the history file), as its one sentence rather than "unexpected error"."""
    import errno
    import sqlite3

    from cchc_sheets.write.safe_write import write_error

    if isinstance(exc, OSError):
        return write_error(exc, exc.filename)
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "disk is full" in text:
            return write_error(OSError(errno.ENOSPC, text), None)
        if "readonly" in text or "read-only" in text:
            return write_error(OSError(errno.EROFS, text), None)
    return None


def echo_json(data: Any) -> None:
    """Print *data* as UTF-8 JSON (Vietnamese kept readable, dates as ISO strings)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def docx_output(func: F) -> F:
    """``-o OUT.docx`` and ``--force``: the Word document a command writes, never replaced unasked."""
    func = click.option("--force", is_flag=True,
                        help="Ghi đè tệp -o nếu đã có (mặc định: từ chối, để không mất bản đã sửa).")(func)
    return click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                        help="Tệp Word sẽ ghi ra (.docx).")(func)


@contextlib.contextmanager
def progress_bar(quiet: bool, lang: str, label_vi: str, label_en: str) -> Iterator[Any]:
    """A progress bar on stderr for a person watching; nothing for a job, a pipe or JSON.

    Yields ``update(done, total)`` (or None when quiet); the bar opens on the first report,
    once the caller knows how many items there are.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def update(done: int, total: int) -> None:
            if not bars:
                label = label_vi if lang == "vi" else label_en
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr)))
            bars[0].update(done - bars[0].pos)

        yield update
