"""``cchc-sheets distribute``: the province's scores table -> one pre-filled workbook per unit."""

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


@click.command("distribute")
@click.argument("scores", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi sổ của các đơn vị (tạo mới nếu chưa có).")
@click.option("--criteria", "criteria_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bộ tiêu chí (.csv hoặc .xlsx: Mã, Nội dung tiêu chí, Chỉ số, Điểm tối đa, Phương thức).")
@click.option("--criteria-set", help="Mã bộ tiêu chí ghi vào sổ (mặc định: tên tệp bộ tiêu chí).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Danh sách đơn vị (.csv hoặc .xlsx) để biết đơn vị nào chưa có điểm.")
@click.option("--assessed-year", type=click.IntRange(2000, 2100),
              help="Năm đánh giá (mặc định: năm ghi ở tiêu đề bảng điểm, nếu không thì năm trước).")
@click.option("--parent", help="Đơn vị cấp trên ghi vào sổ (mặc định: tỉnh ghi ở tiêu đề bảng điểm).")
@click.option("--force", is_flag=True, help="Ghi đè sổ đã có trong thư mục (mặc định: từ chối đơn vị đó).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Số tiến trình ghi song song (mặc định: số nhân CPU).")
@format_option("table", "json")
@click.option("--silent", is_flag=True, help="Không hiện thanh tiến độ.")
@lang_option
@debug_option
@handle_errors
def command(scores: Path, out: Path, criteria_file: Path, criteria_set: str | None, roster: Path | None,
            assessed_year: int | None, parent: str | None, force: bool, jobs: int | None, fmt: str, silent: bool,
            lang: str, debug: bool) -> None:
    """Lập sẵn sổ theo dõi cho từng đơn vị từ bảng điểm thẩm định của tỉnh.

    SCORES (.xlsx hoặc .csv) dạng ngang (mỗi đơn vị một dòng: Mã đơn vị, Tên đơn vị, Cấp,
    rồi mỗi tiêu chí một cột có tiêu đề là mã: 1.1.2, I.2.1, TC 1.1.2) hoặc dạng dọc (Mã đơn
    vị, Mã tiêu chí, Điểm đạt). Mỗi đơn vị: một tệp <mã>_<tên không dấu>.xlsx, đã điền trang
    Thông tin và điểm đạt, đã kiểm tra; hoặc bị từ chối kèm lý do.

    Writes one pre-filled standard workbook per unit of SCORES into OUT.
    Exit 0: every unit written; 1: some unit rejected, or roster units without scores;
    2: usage error (criteria list, scores table or roster unusable); 3: unexpected error.
    """
    from cchc_sheets.cycle.distribute import distribute

    with progress_bar(silent or fmt == "json", lang, "Đang lập sổ", "Writing") as progress:
        result = distribute(scores, out, criteria=criteria_file, criteria_set=criteria_set, roster=roster,
                            assessed_year=assessed_year, parent=parent, force=force, jobs=jobs,
                            progress=progress, debug=debug)
    emit_result(result, fmt, lang, render_table)


def render_table(result: Any, lang: str) -> str:
    """Counts, every rejected unit with its reason, units missing scores, then where the files are."""
    vi = lang == "vi"
    written, rejected = result.count("written"), result.count("rejected")
    shape = {"wide": ("dạng ngang", "wide"), "long": ("dạng dọc", "long")}[result.shape][0 if vi else 1]
    if vi:
        head = (f"Bảng điểm: {result.scores} ({shape}, {len(result.units)} đơn vị); năm đánh giá "
                f"{result.assessed_year}, bộ tiêu chí {result.criteria_set}")
    else:
        head = (f"Scores: {result.scores} ({shape}, {len(result.units)} units); assessed year "
                f"{result.assessed_year}, criteria set {result.criteria_set}")
    lines = [head]
    lines.append(f"{'Đã lập' if vi else 'Written'}: {written}; {'bị từ chối' if vi else 'rejected'}: {rejected}")
    for unit in result.units:
        if unit.outcome != "written":
            who = " ".join(x for x in (unit.code, unit.name) if x) or "—"
            lines.append(f"  [{'từ chối' if vi else 'rejected'}] {'dòng' if vi else 'row'} {unit.row} {who}: "
                         f"{unit.reason.render(lang)}")
    incomplete = [u for u in result.units if u.outcome == "written" and u.missing]
    if incomplete:
        lines.append(f"{'Sổ còn thiếu điểm (ghi ở trang «Kiểm tra»)' if vi else 'Workbooks missing scores'}: "
                     f"{len(incomplete)}")
        for unit in incomplete:
            lines.append(f"  {unit.code} {unit.name or ''}: {', '.join(unit.missing)}")
    if result.roster_missing is not None:
        lines.append(f"{'Đơn vị trong danh sách nhưng không có điểm' if vi else 'Roster units without scores'}: "
                     f"{len(result.roster_missing)}")
        for entry in result.roster_missing:
            lines.append(f"  {' '.join(x for x in (entry.code, entry.name) if x)}")
        if result.unlisted:
            lines.append(f"{'Có điểm nhưng không có trong danh sách' if vi else 'Scored but not on the roster'}: "
                         + ", ".join(u.code or u.name or str(u.row) for u in result.unlisted))
    lines.append(f"{'Thư mục' if vi else 'Folder'}: {result.output}")
    return "\n".join(lines)
