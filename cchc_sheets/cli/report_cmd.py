"""``cchc-sheets report``: the periodic progress report of a plan as a Word draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cchc_sheets.cli.common import as_of_option, debug_option, docx_output, handle_errors, lang_option
from cchc_sheets.core.i18n import register, t

register({
    "report.done": ("Đã ghi {out}: báo cáo kỳ {period} ({start}–{end}), số liệu tính đến ngày {as_of}, {units} đơn vị.",
                    "Wrote {out}: report for {period} ({start}–{end}), figures as of {as_of}, {units} unit(s)."),
})


@click.command("report")
@click.argument("input_file", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@docx_output
@click.option("--period", help="Kỳ báo cáo: «Quý III/2026», «6 tháng 2026», «9 tháng 2026», «Năm 2026» "
                                "(mặc định: kỳ có ngày --as-of trong khoảng số liệu 15–14).")
@as_of_option
@lang_option
@debug_option
@handle_errors
def command(input_file: Path, out: Path, force: bool, period: str | None, as_of: dt.date | None, lang: str,
            debug: bool) -> None:
    """Lập dự thảo báo cáo kết quả thực hiện kế hoạch khắc phục (Word, thể thức Nghị định 30/2020).

    INPUT là sổ theo dõi của một xã/phường hoặc sổ tổng hợp do lệnh merge ghi. Số liệu tính đến
    ngày --as-of (mặc định: hôm nay, hoặc ngày cuối kỳ số liệu khi kỳ đã qua) và bằng đúng số liệu
    của summarize/merge --format json.

    Writes the draft periodic report of INPUT (a commune or a consolidated workbook). Exit 0:
    written; 2: bad --period, OUT exists (without --force) or is not .docx; 3: INPUT unreadable or
    not our workbook; 4: OUT is open in Word.
    """
    from cchc_sheets.documents.output import check_output
    from cchc_sheets.documents.periods import parse_period, period_of

    check_output(out, force)
    today = dt.date.today()
    chosen = parse_period(period) if period else period_of(as_of or today)
    day = as_of or min(today, chosen.end)
    from cchc_sheets.documents.figures import report_figures
    from cchc_sheets.documents.report import write_report

    figures = report_figures(input_file, day, chosen)
    write_report(figures, out)
    click.echo(t("report.done", lang, out=out, period=chosen.label, start=f"{chosen.start:%d/%m/%Y}",
                 end=f"{chosen.end:%d/%m/%Y}", as_of=f"{day:%d/%m/%Y}", units=len(figures.units)))
