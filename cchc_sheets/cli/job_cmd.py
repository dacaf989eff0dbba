"""``cchc-sheets job CONFIG.toml``: one run of the scheduled consolidation (see docs/job.md)."""

from __future__ import annotations

from pathlib import Path

import click

from cchc_sheets.cli.common import debug_option, handle_errors, lang_option


@click.command("job")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@debug_option
@handle_errors
def command(config: Path, lang: str, debug: bool) -> None:
    """Chạy một lần tổng hợp tự động theo tệp cấu hình CONFIG (TOML), để đặt lịch chạy hằng đêm.

    Tổng hợp mọi sổ trong thư mục nhận, ghi lịch sử nộp sổ (SQLite) và sổ tổng hợp có thêm
    trang «Diễn biến» và «Thay đổi». Tệp đang được chép vào được để lần chạy sau. Mỗi tệp đầu vào
    một dòng nhật ký, cuối cùng một dòng tóm tắt (vào tệp nhật ký và màn hình).

    One unattended merge run configured by CONFIG (see docs/job.md).
    Exit 0: every input merged (files still arriving wait for the next run); 1: some input
    rejected or superseded; 2: bad configuration; 3: nothing could be merged, or the run failed
    (history and output left as the previous run left them); 4: another run holds the lock, or
    the output workbook is open in Excel.
    """
    from cchc_sheets.job.nightly import load_config, run_job

    summary = run_job(load_config(config), echo=click.echo)
    raise SystemExit(summary.exit_code)
