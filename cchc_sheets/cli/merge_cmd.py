"""``cchc-sheets merge``: many commune workbooks -> one consolidated workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from cchc_sheets.cli.common import (
    as_of_option,
    debug_option,
    emit_result,
    format_option,
    handle_errors,
    lang_option,
    progress_bar,
)


@click.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp tổng hợp sẽ ghi ra, ví dụ out/tong_hop.xlsx.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Danh sách đơn vị (.csv hoặc .xlsx, cột Mã đơn vị, Tên đơn vị) để biết đơn vị nào chưa nộp.")
@click.option("--ranking", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp TOML nhóm xếp hạng và mức xếp loại của tỉnh (xem scripts/ranking.example.toml); "
                   "không có thì xếp hạng chung, không xếp loại.")
@click.option("--year", type=click.IntRange(min=2000, max=2100), default=None,
              help="Năm đánh giá cần tổng hợp (mặc định: năm của đa số các sổ); sổ của năm khác được liệt kê, "
                   "không xếp hạng chung.")
@as_of_option
@click.option("--feedback", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi bản sao sổ của từng đơn vị kèm kết quả kiểm tra, để gửi lại cho xã.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Số tiến trình đọc tệp song song (mặc định: số nhân CPU).")
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi bốn bảng units, criteria, tasks, findings dạng CSV (UTF-8 có BOM, mở được bằng "
                   "Excel) và Parquet nếu có pyarrow; cần gói cchc-sheets[pandas].")
@format_option("table", "json")
@click.option("--silent", is_flag=True, help="Không hiện thanh tiến độ.")
@lang_option
@debug_option
@handle_errors
def command(inputs: tuple[Path, ...], out: Path, roster: Path | None, ranking: Path | None, year: int | None,
            as_of: dt.date | None, feedback: Path | None, jobs: int | None, export_dir: Path | None, fmt: str,
            silent: bool, lang: str, debug: bool) -> None:
    """Tổng hợp sổ theo dõi của các xã, phường, đặc khu thành một sổ tổng hợp của tỉnh (Sở Nội vụ).

    INPUTS là các tệp hoặc thư mục (đọc cả thư mục con). Mọi tệp đều được liệt kê ở trang
    «Nguồn»: đã tổng hợp, bị thay thế (đơn vị gửi bản mới hơn), bị từ chối (kèm lý do) hoặc bỏ
    qua (tệp khóa ~$, tệp ẩn, không phải bảng tính). Mỗi sổ tổng hợp chỉ một năm đánh giá
    (--year, mặc định năm của đa số): sổ của năm khác bị từ chối kèm lý do. Sổ tổng hợp cũng có
    thể là đầu vào của cấp trên.

    Merges commune workbooks (files or folders) into one consolidated workbook.
    Exit 0: every input merged; 1: some rejected or superseded; 2: usage error (also when OUT
    is one of the inputs, or an existing file that is not a consolidated workbook: it is never
    overwritten); 3: no input could be read (nothing written).
    """
    from cchc_sheets.consolidate.merge import merge

    with progress_bar(silent or fmt == "json", lang, "Đang đọc", "Reading") as progress:
        result = merge(list(inputs), out, as_of=as_of or dt.date.today(), roster=roster, feedback=feedback,
                       jobs=jobs, progress=progress, debug=debug, ranking=ranking, year=year)
    if export_dir is not None:  # pandas is imported here only: merge without --export never loads it
        from cchc_sheets.consolidate.frames import export, frames

        export(frames(list(inputs), as_of=as_of, lang=lang), export_dir)
    emit_result(result, fmt, lang, render_table)


def render_table(result: Any, lang: str) -> str:
    """Counts, then every input that was not merged with its reason, then where the files are."""
    vi = lang == "vi"
    labels = {"merged": ("đã tổng hợp", "merged"), "superseded": ("bị thay thế", "superseded"),
              "rejected": ("bị từ chối", "rejected"), "skipped": ("bỏ qua", "skipped")}
    counts = ", ".join(f"{result.count(key)} {vi_en[0] if vi else vi_en[1]}" for key, vi_en in labels.items())
    lines = [f"{'Tệp đầu vào' if vi else 'Inputs'}: {len(result.inputs)} ({counts})",
             f"{'Đơn vị' if vi else 'Units'}: {len(result.units)}"
             + (f"; {'bộ tiêu chí' if vi else 'criteria set'} {result.criteria_set}" if result.criteria_set else "")]
    for item in result.inputs:
        if item.outcome != "merged" or item.reason:
            label = labels[item.outcome][0 if vi else 1]
            lines.append(f"  [{label}] {item.path}: {item.reason_text(lang)}")
    if result.roster is not None:
        lines.append(f"{'Chưa nộp' if vi else 'Not sent'}: {len(result.roster_missing)}; "
                     f"{'không có trong danh sách' if vi else 'not on the roster'}: {len(result.unlisted)}")
    if result.output:
        lines.append(f"{'Đã ghi' if vi else 'Written'}: {result.output}")
    else:
        lines.append("Không có tệp nào tổng hợp được; không ghi tệp kết quả." if vi
                     else "No input could be merged; nothing written.")
    for item in result.feedback or []:
        if item.error:
            error = item.error.render(lang) if hasattr(item.error, "render") else item.error
            lines.append(f"  {'Không ghi được phản hồi' if vi else 'Feedback failed'} {item.source}: {error}")
    if result.feedback:
        folder = Path(result.feedback[0].target).parent
        lines.append(f"{'Phản hồi' if vi else 'Feedback'}: {sum(not f.error for f in result.feedback)} "
                     f"{'tệp trong' if vi else 'files in'} {folder}")
    return "\n".join(lines)
