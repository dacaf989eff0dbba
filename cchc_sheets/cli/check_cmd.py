"""``cchc-sheets check``: check workbooks like a careful district reviewer, changing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cchc_sheets.cli.common import as_of_option, debug_option, echo_json, format_option, handle_errors, lang_option


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("table", "json")
@lang_option
@as_of_option
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi khi tính mã thoát (exit 1).")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Bảng: chỉ in N phát hiện đầu tiên của mỗi tệp (JSON luôn đầy đủ).")
@debug_option
@handle_errors
def command(paths: tuple[Path, ...], fmt: str, lang: str, as_of: dt.date | None, strict: bool, limit: int | None,
            debug: bool) -> None:
    """Kiểm tra sổ theo dõi (tệp hoặc thư mục), chỉ ra từng lỗi tại đúng ô, không sửa gì trong tệp.

    Thư mục được quét cả thư mục con (.xlsx, .xlsm, .xls); tệp ẩn được bỏ qua, tệp khóa ~$ của
    Excel được ghi là «bỏ qua» (sổ gốc đang mở trong Excel). Mỗi tệp không đọc được nhận một câu
    giải thích.

    Check workbooks (files or folders); JSON with --format json (see README, "cchc-sheets check").

    \b
    Mã thoát / exit codes:
      0  không có lỗi (có thể có cảnh báo; với --strict: không có cả cảnh báo)
      1  có ít nhất một lỗi (với --strict: hoặc một cảnh báo)
      2  dùng sai lệnh (tùy chọn, tham số, ngày không hợp lệ)
      3  có tệp không đọc được (không phải Excel, hỏng, có mật khẩu, không phải sổ chuẩn...)
    """
    from cchc_sheets.check.run import check_paths

    report = check_paths(paths, as_of or dt.date.today(), raise_unexpected=debug)
    if fmt == "json":
        echo_json(report.to_dict(lang))
    else:
        click.echo(report.render_table(lang, limit))
    raise SystemExit(report.exit_code(strict))
