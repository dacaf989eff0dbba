"""``cchc-sheets plan-docx``: the plan's appendix as a Word document, from the workbook."""

from __future__ import annotations

from pathlib import Path

import click

from cchc_sheets.cli.common import debug_option, docx_output, handle_errors, lang_option
from cchc_sheets.core.i18n import register, t

register({
    "plan_docx.done": ("Đã ghi {out}: {appendices} phụ lục, {tasks} nhiệm vụ, {activities} hoạt động, {sections} mục.",
                       "Wrote {out}: {appendices} appendix table(s), {tasks} tasks, {activities} activities, "
                       "{sections} sections."),
})


@click.command("plan-docx")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@docx_output
@lang_option
@debug_option
@handle_errors
def command(workbook: Path, out: Path, force: bool, lang: str, debug: bool) -> None:
    """Xuất phụ lục nhiệm vụ của kế hoạch ra tệp Word (.docx) theo thể thức Nghị định 30/2020.

    Bảng ngang khổ A4: STT, Nội dung thực hiện, Nhiệm vụ/Giải pháp, Chủ trì, Phối hợp, Thời gian
    hoàn thành; Phụ lục 1 (duy trì) và Phụ lục 2 (khắc phục) khi kế hoạch có cả hai loại.

    Writes the plan's appendix of WORKBOOK as a landscape Word table. Exit 0: written;
    2: OUT exists (without --force) or is not .docx; 3: WORKBOOK unreadable, not a commune's
    workbook, or without tasks; 4: OUT is open in Word.
    """
    from cchc_sheets.documents.plan_appendix import write_plan_docx

    result = write_plan_docx(workbook, out, force=force)
    click.echo(t("plan_docx.done", lang, out=out, appendices=len(result.appendices), tasks=result.tasks,
                 activities=result.activities, sections=result.sections))
