"""``cchc-sheets agency TEXT --year YEAR``: how the library reads one lead/support cell.

Like ``deadline`` for deadlines: for a clerk who wonders why a lead is counted under another
name, and for a developer checking a new spelling. The reading itself is
:mod:`cchc_sheets.compute.agencies` (the era is the plan year: from 2025 the new commune bodies).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from cchc_sheets.cli.common import debug_option, echo_json, format_option, handle_errors, lang_option
from cchc_sheets.compute.agencies import AgencyMatch, directory_for
from cchc_sheets.core.i18n import register, t

register({
    "agency.text": ("Ô ghi", "Cell"),
    "agency.year": ("Năm kế hoạch", "Plan year"),
    "agency.part": ("Tên {number}", "Name {number}"),
    "agency.canonical": ("Cơ quan", "Body"),
    "agency.unknown": ("(không có trong danh mục: giữ nguyên như đã ghi)", "(not in the list: kept as typed)"),
    "agency.suggestion": ("Có phải", "Did you mean"),
    "agency.now": ("Nay là", "Now"),
    "agency.now_note": ("{now} (chức danh trước 7/2025; giữ nguyên như đã ghi)",
                        "{now} (a title before 7/2025; kept as typed)"),
    "agency.empty": ("(ô trống)", "(empty cell)"),
})


@click.command("agency")
@click.argument("text")
@click.option("--year", "year", type=click.IntRange(1900, 2199), default=None, metavar="YEAR",
              help="Năm kế hoạch (mặc định: năm nay). Từ 2025: các cơ quan của chính quyền hai cấp.")
@format_option("table", "json")
@lang_option
@debug_option
@handle_errors
def command(text: str, year: int | None, fmt: str, lang: str, debug: bool) -> None:
    """Cho biết thư viện hiểu một ô "Chủ trì"/"Phối hợp" thế nào (cơ quan nào, nay là cơ quan nào).

    Ví dụ: cchc-sheets agency "Công chức Văn phòng - Thống kê" --year 2026
    """
    year = year or dt.date.today().year
    matches = directory_for(year=year).resolve_cell(text)
    data = reading(text, year, matches)
    if fmt == "json":
        echo_json(data)
        return
    click.echo(render_table(data, lang))


def reading(text: str, year: int, matches: list[AgencyMatch]) -> dict[str, Any]:
    """The JSON shape: the cell's body when it names exactly one, and each name in ``parts``."""
    parts = [{"text": m.typed, "canonical": m.canonical, "suggestion": m.suggestion, "now": m.now} for m in matches]
    one = parts[0] if len(parts) == 1 else {}
    return {"text": text, "year": year, "canonical": one.get("canonical"), "suggestion": one.get("suggestion"),
            "now": one.get("now"), "parts": parts}


def render_table(data: dict[str, Any], lang: str = "vi") -> str:
    rows = [(t("agency.text", lang), data["text"]), (t("agency.year", lang), str(data["year"]))]
    parts = data["parts"]
    if not parts:
        rows.append((t("agency.canonical", lang), t("agency.empty", lang)))
    for number, part in enumerate(parts, start=1):
        prefix = f"{t('agency.part', lang, number=number)}: " if len(parts) > 1 else ""
        if len(parts) > 1:
            rows.append((t("agency.part", lang, number=number), part["text"]))
        rows.append((f"{prefix}{t('agency.canonical', lang)}", part["canonical"] or t("agency.unknown", lang)))
        if part["suggestion"]:
            rows.append((f"{prefix}{t('agency.suggestion', lang)}", f"«{part['suggestion']}»?"))
        if part["now"]:
            rows.append((f"{prefix}{t('agency.now', lang)}", t("agency.now_note", lang, now=part["now"])))
    width = max(16, *(len(label) for label, _ in rows))
    return "\n".join(f"{label.ljust(width)} : {value}" for label, value in rows)
