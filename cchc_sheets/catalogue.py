"""The finding catalogue: every code a check can report, with its severity, Vietnamese and
English message templates, and a hint saying how to fix it.

Codes are stable (other tools read them from JSON): never rename or reuse one; add new codes.
``docs/findings.md`` is generated from this table (``scripts/make_docs.py``; a test keeps it current).
Templates use ``{name}`` placeholders filled from the finding's ``args``; ``{value}`` is the typed value.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from cchc_sheets.findings import ERROR, WARNING


@dataclass(frozen=True, slots=True)
class Entry:
    severity: str
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""


CATALOGUE: dict[str, Entry] = {
    # --- workbook structure ------------------------------------------------------------------
    "SHEET-MISSING": Entry(
        ERROR, "Thiếu trang «{sheet}». Các trang tìm thấy: {found}.",
        "Sheet '{sheet}' is missing. Sheets found: {found}.",
        "Dùng sổ mẫu chuẩn, hoặc đổi tên trang cho đúng.", "Use the standard template or rename the sheet."),
    "SHEET-GUESSED": Entry(
        WARNING, "Không có trang «{sheet}»; đã đọc danh sách nhiệm vụ từ trang «{used}».",
        "No sheet '{sheet}'; tasks were read from sheet '{used}'.",
        "Đổi tên trang thành «Nhiệm vụ».", "Rename the sheet to 'Nhiệm vụ'."),
    "HEADER-NOT-FOUND": Entry(
        ERROR, "Không tìm thấy dòng tiêu đề cột trong trang «{sheet}» (cần các cột như {expected}).",
        "No header row found in sheet '{sheet}' (expected columns such as {expected}).",
        "Giữ nguyên dòng tiêu đề của sổ mẫu.", "Keep the template's header row."),
    "COLUMN-MISSING": Entry(
        ERROR, "Thiếu cột «{column}» trong trang «{sheet}».", "Column '{column}' is missing in sheet '{sheet}'.",
        "Thêm lại cột này (có thể dùng tên khác đã biết, ví dụ «{alias}»).",
        "Add the column back (a known alias such as '{alias}' works too)."),
    # --- cell values ---------------------------------------------------------------------------
    "CELL-NOT-NUMBER": Entry(
        ERROR, "Ô «{header}» phải là số, nhưng đang ghi «{value}».",
        "'{header}' must be a number, found '{value}'.",
        "Chỉ nhập số, dùng dấu phẩy hoặc dấu chấm cho phần thập phân (ví dụ 1,5).",
        "Type a number only (1,5 or 1.5)."),
    "CELL-NOT-INTEGER": Entry(
        ERROR, "Ô «{header}» phải là số nguyên (ví dụ 2024), nhưng đang ghi «{value}».",
        "'{header}' must be a whole number (e.g. 2024), found '{value}'.", "", ""),
    "CELL-NOT-DATE": Entry(
        ERROR, "Ô «{header}» phải là ngày dạng dd/mm/yyyy, nhưng đang ghi «{value}».",
        "'{header}' must be a date dd/mm/yyyy, found '{value}'.",
        "Nhập ngày theo thứ tự ngày/tháng/năm, ví dụ 30/06/2024.", "Type day/month/year, e.g. 30/06/2024."),
    "CELL-IMPOSSIBLE-DATE": Entry(
        ERROR, "Ngày «{value}» ở ô «{header}» không có thật.", "Date '{value}' in '{header}' does not exist.",
        "Kiểm tra lại ngày và tháng (ví dụ tháng 2 không có ngày 31).", "Check day and month."),
    "CELL-LEGACY-FONT": Entry(
        WARNING, "Ô dùng phông chữ cũ ({font}); chữ có thể bị lỗi dấu khi tổng hợp.",
        "Cell uses a legacy Vietnamese font ({font}); text may be garbled.",
        "Chuyển sang phông Unicode (Times New Roman) bằng Unikey > Chuyển mã.",
        "Convert the text to Unicode (Unikey's converter)."),
}


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, lang: str, args: dict[str, Any], value: Any = None) -> str:
    """Fill the template of *code*; missing arguments stay visible as ``{name}``, never crash."""
    entry = CATALOGUE[code]
    template = entry.en if lang == "en" else entry.vi
    values = _Missing({"value": "" if value is None else _short(value)})
    values.update({k: _short(v) for k, v in args.items()})
    return string.Formatter().vformat(template, (), values)


def _short(value: Any, limit: int = 80) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
