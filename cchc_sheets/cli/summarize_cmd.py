"""``cchc-sheets summarize``: coverage of one workbook, written back into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from cchc_sheets.cli.common import (
    as_of_option,
    debug_option,
    echo_json,
    format_option,
    handle_errors,
    lang_option,
)
from cchc_sheets.core.errors import ExitCode
from cchc_sheets.core.text import printable
from cchc_sheets.core.values import vi_number, vi_percent


@click.command("summarize")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi ra tệp khác thay vì ghi vào chính FILE.")
@as_of_option
@format_option("table", "json")
@click.option("--dry-run", is_flag=True, help="Chỉ tính và in kết quả, không ghi tệp nào.")
@click.option("--force", is_flag=True, help="Cho phép ghi đè tệp -o đã có.")
@click.option("--include-survey", is_flag=True, help="Tính cả tiêu chí điều tra XHH vào tỷ lệ khắc phục.")
@lang_option
@debug_option
@handle_errors
def command(file: Path, out: Path | None, as_of: dt.date | None, fmt: str, dry_run: bool, force: bool,
            include_survey: bool, lang: str, debug: bool) -> None:
    """Tổng hợp tình hình khắc phục của một sổ và ghi lại vào sổ.

    Ghi trang «Tổng hợp», «Kiểm tra» và các cột «(tự động)»; không thay đổi ô nào do cán bộ
    nhập. Bản cũ được lưu trong thư mục .cchc-backup cạnh tệp. Khi Excel đang mở tệp, lệnh
    dừng và yêu cầu đóng Excel.

    Writes the summary and findings sheets and the "(tự động)" columns into FILE (or -o OUT).
    An existing -o OUT is replaced only with --force. Exit 0: written, no error finding;
    1: written, with error findings; 2: -o OUT exists without --force; 3: unreadable;
    4: the file is open in Excel, changed while it was read, or cannot be written.
    """
    from cchc_sheets.summary import summarize

    summary = summarize(file, as_of=as_of or dt.date.today(), out=out, dry_run=dry_run,
                        include_survey=include_survey, force=force)
    data = summary.to_dict(lang)
    if fmt == "json":
        echo_json(data)
    else:
        click.echo(render_table(data, summary.coverage.as_of, lang))
    raise SystemExit(ExitCode.FINDINGS if data["findings"]["errors"] else ExitCode.OK)


def _score_line(score: dict[str, Any] | None, vi: bool) -> list[str]:
    """``Điểm: 89,4/97 (92,16%) — thưởng 0, trừ 1``: base + bonus − penalty over the applicable max."""
    if not score:
        return []
    number = vi_number if vi else (lambda value: f"{value:g}")
    percent = f" ({number(score['percent'])}%)" if score["percent"] is not None else ""
    return [f"{'Điểm' if vi else 'Score'}: {number(score['total'])}/{number(score['applicable_max'])}{percent} — "
            f"{'thưởng' if vi else 'bonus'} {number(score['bonus'])}, {'trừ' if vi else 'penalty'} "
            f"{number(score['penalty'])}"]


def render_table(data: dict[str, Any], as_of: dt.date, lang: str) -> str:
    """A few aligned lines for a person, from the JSON shape of ``summarize``."""
    cov, tasks = data["coverage"], data["tasks"]
    vi = lang == "vi"
    pct = vi_percent if vi else (lambda rate: f"{rate:.1%}")
    lost_points = vi_number(cov["lost_points"]) if vi else f"{cov['lost_points']:g}"
    lines = [
        f"{'Đơn vị' if vi else 'Unit'}: {data['unit_name'] or '—'} ({data['unit_code'] or '—'})",
        f"{'Tính đến' if vi else 'As of'}: {as_of:%d/%m/%Y}",
        *_score_line(data.get("score"), vi),
        f"{'Tiêu chí mất điểm' if vi else 'Lost criteria'}: {cov['lost']} ({lost_points} "
        f"{'điểm' if vi else 'points'}); {'điều tra XHH' if vi else 'survey'}: {cov['survey_lost']}",
        f"{'Có nhiệm vụ' if vi else 'Covered'}: {cov['covered']} ({pct(cov['rate'])}); "
        f"{'đã khắc phục' if vi else 'remedied'}: {cov['remedied']} ({pct(cov['remedy_rate'])})",
        f"{'Nhiệm vụ' if vi else 'Tasks'}: {tasks['total']} — {'hoàn thành' if vi else 'done'} {tasks['done']}, "
        f"{'đang thực hiện' if vi else 'in progress'} {tasks['in_progress']}, "
        f"{'chưa thực hiện' if vi else 'not started'} {tasks['not_started']}, "
        f"{'quá hạn' if vi else 'overdue'} {tasks['overdue']}",
        f"{'Lỗi' if vi else 'Errors'}: {data['findings']['errors']}, "
        f"{'cảnh báo' if vi else 'warnings'}: {data['findings']['warnings']}",
    ]
    for item in data["uncovered"]:
        lines.append(f"  {'Chưa có nhiệm vụ' if vi else 'Uncovered'}: {item['code']} {item['name']} "
                     f"({item['cell']})")
    for item in data["overdue"]:
        lines.append(f"  {'Quá hạn' if vi else 'Overdue'}: {item['task']} — {item['lead'] or '—'} "
                     f"({item['days_late']} {'ngày' if vi else 'days'}, {item['cell']})")
    if data["written"]:
        lines.append(f"{'Đã ghi' if vi else 'Written'}: {printable(data['written'])}")
    return "\n".join(lines)
