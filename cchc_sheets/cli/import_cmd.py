"""``cchc-sheets import``: bring a Word plan's appendix table into the standard workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from cchc_sheets.cli.common import debug_option, handle_errors, lang_option
from cchc_sheets.core.i18n import register, t

register({
    "import.done": ("Đã nhập {tasks} nhiệm vụ, {activities} hoạt động, {sections} mục từ {source} vào {out}.",
                    "Imported {tasks} tasks, {activities} activities, {sections} sections from {source} into {out}."),
    "import.info_found": ("Thông tin tìm thấy: {fields}.", "Plan information found: {fields}."),
    "import.info_none": ("Không tìm thấy số, ngày, đơn vị hay năm của kế hoạch: hãy điền trang «Thông tin».",
                         "No plan number, date, unit or year found: fill in the 'Thông tin' sheet."),
})


@click.command("import")
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Sổ theo dõi chuẩn sẽ tạo (.xlsx).")
@click.option("--criteria", "criteria_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bộ tiêu chí (.csv hoặc .xlsx) để ghi vào trang Tiêu chí và gợi ý mã tiêu chí cho nhiệm vụ.")
@click.option("--assessed-year", type=click.IntRange(2000, 2100),
              help="Năm đánh giá (mặc định: lấy từ tên kế hoạch; năm kế hoạch = năm sau).")
@click.option("--force", is_flag=True, help="Ghi đè tệp -o nếu đã có (mặc định: từ chối, để không mất sổ đã điền).")
@lang_option
@debug_option
@handle_errors
def command(plan: Path, out: Path, criteria_file: Path | None, assessed_year: int | None, force: bool,
            lang: str, debug: bool) -> None:
    """Nhập bảng phụ lục nhiệm vụ của kế hoạch Word (.docx) vào sổ theo dõi chuẩn.

    Import the task table of the Word plan PLAN into a new standard workbook. Exit 0 on
    success, 3 when PLAN is not a .docx or holds no task table, 2 for a bad criteria list or
    when the output exists (without --force).
    """
    from cchc_sheets.read.docx import import_docx
    from cchc_sheets.read.lists import load_criteria_list
    from cchc_sheets.write.safe_write import refuse_overwrite
    from cchc_sheets.write.template import write_plan_workbook

    refuse_overwrite(out, force)
    criteria = load_criteria_list(criteria_file) if criteria_file else None
    result = import_docx(plan, criteria, assessed_year)
    if criteria_file:
        result.data.info.setdefault("criteria_set", criteria_file.stem)
    write_plan_workbook(out, result.data)
    click.echo(t("import.done", lang, tasks=result.tasks, activities=result.activities,
                 sections=result.sections, source=plan.name, out=out))
    found = _info_text(result.data.info)
    click.echo(t("import.info_found", lang, fields=found) if found else t("import.info_none", lang))
    for key, args in result.notes:
        click.echo(t(key, lang, **args))


def _info_text(info: dict[str, Any]) -> str:
    """``Tên đơn vị: UBND xã Phù Linh; Số kế hoạch: 97/KH-UBND; ...`` with the sheet's own labels."""
    from cchc_sheets.core.columns import INFO_LABELS

    def shown(value: Any) -> str:
        return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)

    return "; ".join(f"{label.header}: {shown(info[label.field])}" for label in INFO_LABELS if label.field in info)
