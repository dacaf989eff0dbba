"""``cchc-sheets template``: build the standard workbook for a province's criteria set."""

from __future__ import annotations

from pathlib import Path

import click

from cchc_sheets.cli.common import debug_option, handle_errors, lang_option


@click.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--criteria", "criteria_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Danh sách tiêu chí (.csv hoặc .xlsx: Mã, Nội dung tiêu chí, Chỉ số, Điểm tối đa, Phương thức).")
@click.option("--unit-name", help="Tên đơn vị, ví dụ «UBND xã Phù Linh».")
@click.option("--unit-code", help="Mã đơn vị hành chính.")
@click.option("--assessed-year", type=click.IntRange(2000, 2100), help="Năm đánh giá (năm kế hoạch = năm sau).")
@click.option("--criteria-set", help="Mã bộ tiêu chí (mặc định: tên tệp danh sách tiêu chí).")
@click.option("--force", is_flag=True, help="Ghi đè OUT nếu tệp đã có (mặc định: từ chối, để không mất sổ đã điền).")
@lang_option
@debug_option
@handle_errors
def command(out: Path, criteria_file: Path, unit_name: str | None, unit_code: str | None,
            assessed_year: int | None, criteria_set: str | None, force: bool, lang: str, debug: bool) -> None:
    """Lập sổ theo dõi chuẩn (trang Thông tin, Tiêu chí, Nhiệm vụ, Danh mục) từ bộ tiêu chí.

    Build the standard workbook OUT from a criteria list. Exit 0 on success, 2 when the
    criteria list cannot be used or OUT exists (without --force).
    """
    from cchc_sheets.read.lists import load_criteria_list
    from cchc_sheets.write.safe_write import refuse_overwrite
    from cchc_sheets.write.template import blank_plan, write_plan_workbook

    refuse_overwrite(out, force)
    criteria = load_criteria_list(criteria_file)
    data = blank_plan(criteria, unit_name=unit_name, unit_code=unit_code, assessed_year=assessed_year,
                      criteria_set=criteria_set or criteria_file.stem)
    write_plan_workbook(out, data)
    click.echo(f"Đã tạo {out} ({len(criteria)} tiêu chí)." if lang == "vi"
               else f"Wrote {out} ({len(criteria)} criteria).")
