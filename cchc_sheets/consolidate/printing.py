"""How every sheet of the consolidated workbook prints: A4 landscape, the title, the as-of date and
«Trang X/Y» on every page, the header rows repeated, and text never shrunk below 8 pt.

Leadership reads this workbook on paper. Shrinking a 30-column table to one page width prints
3 pt text, so a wide table is not fitted: it prints the prefix of its columns that fits one page
width at :data:`MIN_SCALE` or more (the layout puts the columns leadership reads first), and
the rest of the table stays in the sheet for filtering. Widths are in Excel's character units;
:func:`column_px` is Excel's own conversion (as LibreOffice prints it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from cchc_sheets.consolidate.records import MergeResult

A4_PAPER = 9
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.4, 0.75, 0.6  # inches
PAGE_WIDTH_PX = int((11.69 - 2 * MARGIN_SIDE) * 96) - 8  # A4 landscape between the margins, at 100 %
PAGE_HEIGHT_PX = int((8.27 - MARGIN_TOP - MARGIN_BOTTOM) * 96) - 8
BODY_PT = 11
MIN_SCALE = 74  # 11 pt text (body, header and footer) prints at 8.1 pt or more
HEADER_PT = 11


def column_px(width: float) -> int:
    """Printed width at 100 % in pixels (96 dpi) of a column *width* characters wide, as
    LibreOffice lays it out (measured: 9.1 px per character, 9.6 with a margin, with xlsxwriter's padding of 0.71;
    Excel's 7 px per character is narrower, so what fits LibreOffice fits Excel)."""
    return int((width + 0.71) * 9.6)


def printed_columns(widths: Sequence[float], repeated: float = 0) -> tuple[int, int]:
    """(how many leading columns print, print scale %): as many as fit one page width at
    :data:`MIN_SCALE`, and the largest scale up to 100 % that fits them; *repeated* is the width
    in pixels of columns repeated on every page (already counted in *widths*)."""
    limit = PAGE_WIDTH_PX * 100 / MIN_SCALE
    total, count = 0, 0
    for width in widths:
        if total + column_px(width) > limit and count:
            break
        total += column_px(width)
        count += 1
    del repeated
    return count, max(MIN_SCALE, min(100, int(PAGE_WIDTH_PX * 100 / max(total, 1))))


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def page_header(title: str, as_of: dt.date) -> tuple[str, str]:
    """The header (title left, as-of date right) and footer (sheet name left, «Trang X/Y» centre)."""
    size = f"&{HEADER_PT}"
    header = f'&L&"Times New Roman,Bold"{size}{_escape(title)}&R&"Times New Roman,Regular"{size}Tính đến ' \
             f'{as_of:%d/%m/%Y}'
    footer = f'&L&"Times New Roman,Regular"{size}&A&C&"Times New Roman,Regular"{size}Trang &P/&N'
    return header[:255], footer


def print_setup(ws: Any, title: str, as_of: dt.date, *, widths: Sequence[float] = (), header_row: int | None = None,
                last_row: int | None = None, repeat_cols: int = 0, scale: int | None = None,
                one_page: bool = False) -> None:
    """A4 landscape with the title, as-of date and page numbers; the header rows repeated; the
    printed columns and scale chosen by :func:`printed_columns` (or *scale*, or one page)."""
    ws.set_landscape()
    ws.set_paper(A4_PAPER)
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    header, footer = page_header(title, as_of)
    ws.set_header(header, {"margin": 0.3})
    ws.set_footer(footer, {"margin": 0.3})
    if header_row is not None:
        ws.repeat_rows(0, header_row)
    if repeat_cols:
        ws.repeat_columns(0, repeat_cols - 1)
    if one_page:
        ws.fit_to_pages(1, 1)
        return
    if widths and repeat_cols == 0:
        count, fitted = printed_columns(widths)
        if last_row is not None:
            ws.print_area(0, 0, max(last_row, header_row or 0), count - 1)
        ws.set_print_scale(scale or fitted)
    else:
        ws.set_print_scale(scale or MIN_SCALE)


def report_title(result: MergeResult) -> str:
    """«<province> – Tổng hợp kết quả thực hiện kế hoạch khắc phục Chỉ số CCHC năm <year>»."""
    year = f" năm {result.assessed_year}" if result.assessed_year else ""
    title = f"Tổng hợp kết quả thực hiện kế hoạch khắc phục Chỉ số CCHC{year}"
    province = province_name(result)
    return f"{province} – {title}" if province else title


def province_name(result: MergeResult) -> str | None:
    """The ``Đơn vị cấp trên`` at least half the units name (the consolidating province), else None."""
    names = Counter(u.parent_name.strip() for u in result.units if u.parent_name and u.parent_name.strip())
    if not names:
        return None
    name, count = names.most_common(1)[0]
    return name if count * 2 >= len(result.units) else None
