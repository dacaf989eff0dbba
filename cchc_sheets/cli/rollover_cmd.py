"""``cchc-sheets rollover``: next year's workbook from this year's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cchc_sheets.cli.common import (
    debug_option,
    emit_result,
    format_option,
    handle_errors,
    lang_option,
    progress_bar,
)


@click.command("rollover")
@click.argument("olds", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Sổ mới (.xlsx) khi chuyển một sổ; thư mục khi chuyển nhiều sổ hoặc một thư mục.")
@click.option("--plan-year", type=click.IntRange(2000, 2100),
              help="Năm kế hoạch mới (mặc định: năm kế hoạch cũ + 1).")
@click.option("--criteria", "criteria_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bộ tiêu chí mới (mặc định: giữ bộ tiêu chí trong sổ cũ).")
@click.option("--criteria-set", help="Mã bộ tiêu chí mới (mặc định: tên tệp bộ tiêu chí mới).")
@click.option("--scores", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bảng điểm mới (.xlsx/.csv, như lệnh distribute); không có thì để trống điểm đạt.")
@click.option("--force", is_flag=True, help="Ghi đè sổ mới đã có (sổ cũ không bao giờ bị sửa).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Số tiến trình song song (mặc định: số nhân CPU).")
@format_option("table", "json")
@click.option("--silent", is_flag=True, help="Không hiện thanh tiến độ.")
@lang_option
@debug_option
@handle_errors
def command(olds: tuple[Path, ...], out: Path, plan_year: int | None, criteria_file: Path | None,
            criteria_set: str | None, scores: Path | None, force: bool, jobs: int | None, fmt: str, silent: bool,
            lang: str, debug: bool) -> None:
    """Lập sổ năm sau từ sổ năm nay: giữ thông tin đơn vị, danh mục cơ quan và các nhiệm vụ còn tiếp tục.

    Chuyển sang: mọi nhiệm vụ «Duy trì» và mọi nhiệm vụ «Khắc phục» chưa «Hoàn thành» hay «Không
    thực hiện» (ghi chú trạng thái, tiến độ cuối). Nhiệm vụ có mã tiêu chí không còn trong bộ mới
    được liệt kê ở trang «Chuyển năm». Sổ cũ không bị sửa.

    Writes next year's workbook for each old workbook (OLD files or folders).
    Exit 0: all written; 1: some workbook rejected, or carried tasks name criteria the new set
    lacks; 2: usage error; 3: unexpected error.
    """
    from cchc_sheets.cycle.rollover import rollover

    with progress_bar(silent or fmt == "json", lang, "Đang lập sổ năm mới", "Rolling over") as progress:
        result = rollover(list(olds), out, plan_year=plan_year, criteria=criteria_file, criteria_set=criteria_set,
                          scores=scores, force=force, jobs=jobs, progress=progress, debug=debug)
    emit_result(result, fmt, lang, render_table)


def render_table(result: Any, lang: str) -> str:
    """One line per workbook: where it went and what was carried, or why it was not."""
    vi = lang == "vi"
    lines = [f"{'Đã lập' if vi else 'Written'}: {result.count('written')}; "
             f"{'bị từ chối' if vi else 'rejected'}: {result.count('rejected')}"]
    for item in result.files:
        if item.outcome != "written":
            lines.append(f"  [{'từ chối' if vi else 'rejected'}] {item.source}: {item.reason.render(lang)}")
            continue
        c = item.counts
        if vi:
            lines.append(f"  {item.source} -> {item.target} (năm {item.plan_year}): chuyển {c['maintain']} duy trì, "
                         f"{c['remedy']} khắc phục; không chuyển {c['not_carried']}; "
                         f"{c['deadlines_to_revise']} hạn cần ghi lại")
        else:
            lines.append(f"  {item.source} -> {item.target} ({item.plan_year}): carried {c['maintain']} maintenance, "
                         f"{c['remedy']} remedy; left {c['not_carried']}; {c['deadlines_to_revise']} deadlines to revise")
        for task in item.vanished:
            lines.append(f"    {'STT' if vi else 'No.'} {task['seq']}: "
                         + (f"mã {', '.join(task['codes'])} không còn trong bộ tiêu chí mới (xem trang «Chuyển năm»)"
                            if vi else f"code(s) {', '.join(task['codes'])} not in the new criteria set"))
    return "\n".join(lines)
