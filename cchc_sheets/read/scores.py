"""Read a province's appraisal results (the scores table) as provinces keep them.

Two shapes are accepted, in ``.xlsx`` or ``.csv`` (the same encodings as a criteria list):

* wide: one row per unit, ``Mã đơn vị``, ``Tên đơn vị``, optionally ``Cấp``, then one column per
  criterion whose header is its code (``1.1.2``, ``I.2.1``, «TC 1.1.2», or a number Excel made
  of ``1.1``); other columns (STT, Tổng điểm, Xếp hạng) are ignored;
* long: one row per unit and criterion, ``Mã đơn vị``, ``Mã tiêu chí``, ``Điểm đạt`` (``Tên đơn
  vị`` and ``Cấp`` optional, repeated on each row).

Only reading happens here: the table's values are kept raw, per unit and per code, with the row
each came from, so the year cycle (:mod:`cchc_sheets.cycle`) can judge them against a criteria
set and say exactly which row of the table is wrong. Unit codes that Excel stored as numbers
lose their leading zeros; official codes are five digits, so digit-only codes are zero-padded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_sheets.core import columns as cols
from cchc_sheets.core.codes import is_valid_code, normalise_code
from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import text_value, unit_code_text
from cchc_sheets.read.lists import list_rows, top_rows

if TYPE_CHECKING:
    from cchc_sheets.read.lists import Rows

register({
    "scores.unreadable": ("Không đọc được bảng điểm: {reason}", "Cannot read the scores table: {reason}"),
    "scores.no_columns": (
        "cần cột «Mã đơn vị» và các cột mã tiêu chí (1.1.2, I.2.1, TC 1.1.2), hoặc các cột «Mã đơn vị», "
        "«Mã tiêu chí», «Điểm đạt», ở một trong 10 dòng đầu.",
        "a «Mã đơn vị» column and criterion-code columns (1.1.2, I.2.1, TC 1.1.2), or «Mã đơn vị», "
        "«Mã tiêu chí», «Điểm đạt» columns, are needed in the first 10 rows."),
    "scores.no_rows": ("bảng điểm không có dòng đơn vị nào.", "the scores table has no unit rows."),
})

WIDE, LONG = "wide", "long"
_UNIT_FIELDS = tuple(c for c in cols.INFO_LABELS if c.field in ("unit_code", "unit_name", "unit_level",
                                                                  "parent_name"))
_LONG_CODE = {cols.header_key(h) for h in ("Mã tiêu chí", "Mã TC", "Tiêu chí", "Mã tiêu chí, TCTP")}
_LONG_POINTS = {cols.header_key(h) for h in ("Điểm đạt", "Điểm", "Điểm thẩm định", "Điểm đạt được", "Kết quả")}
_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b", re.IGNORECASE)
_PROVINCE = re.compile(r"\b((?:tỉnh|thành phố)\s+[^\d,;:()]+?)\s*(?:$|[,;:()]|\bnăm\b)", re.IGNORECASE)


@dataclass(slots=True)
class UnitScores:
    """One unit of the table: who it is, and the raw points typed per criterion code."""

    row: int  # the first row of the table that names this unit (1-based, as a spreadsheet shows it)
    code: str | None
    name: str | None
    level: str | None = None
    parent: str | None = None
    points: dict[str, Any] = field(default_factory=dict)  # criterion code -> raw cell value
    cells: dict[str, int] = field(default_factory=dict)  # criterion code -> row it was read from (long)
    clashes: list[tuple[str, int]] = field(default_factory=list)  # (code, row): typed twice, different values


@dataclass(slots=True)
class ScoresTable:
    """A whole scores table: its shape, the criterion codes it names, its units in table order."""

    path: str
    shape: str
    codes: list[str]
    units: list[UnitScores]
    year: int | None = None  # from a title such as «Kết quả Chỉ số CCHC năm 2025»
    province: str | None = None  # from a title such as «UBND tỉnh Lâm Đồng»


def read_scores(path: Path) -> ScoresTable:
    """The scores table in *path*; a table that cannot be used is a usage error (exit 2)."""

    rows = list_rows(path, "scores.unreadable")
    table = _table(path, rows)
    if not table.units:
        raise UsageError("scores.unreadable", path=str(path), reason=_sentence("scores.no_rows"))
    return table


def unit_code(value: Any) -> str | None:
    """A unit code as typed: ``1234`` (a number Excel kept) -> ``01234``; text kept as typed."""
    text = text_value(value)
    return unit_code_text(text) if text is not None else None


def criterion_code(value: Any) -> str | None:
    """A criterion code from a header or cell, or None when it does not look like one.

    ``TC 1.1.2`` -> ``1.1.2``; ``I.2.1`` -> ``1.2.1`` (a Roman field number); ``1.1.2.A`` ->
    ``1.1.2.a``; ``1.1`` stored as a number -> ``1.1``. Years (``2025``), totals and ranks are not
    codes: a code's numbers have at most two digits each.
    """

    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    code = normalise_code(value)
    if not is_valid_code(code):
        return None
    parts = code.split(".")
    if any(part.isdigit() and len(part) > 2 for part in parts):
        return None
    return ".".join(str(int(part)) if part.isdigit() else part for part in parts)


def _table(path: Path, rows: Rows) -> ScoresTable:
    index = cols.alias_index(_UNIT_FIELDS)
    for at, header in top_rows(rows):
        units: dict[str, int] = {}
        for col, value in enumerate(header):
            name = cols.match_header(value, index) if isinstance(value, str) else None
            if name:
                units.setdefault(name, col)
        if "unit_code" not in units and "unit_name" not in units:
            continue
        year, province = _title(rows[:at])
        long_cols = _long_columns(header)
        if long_cols is not None:
            body = _long_units(rows[at + 1:], units, *long_cols)
            codes = list(dict.fromkeys(code for unit in body for code in unit.points))
            return ScoresTable(str(path), LONG, codes, body, year, province)
        wide = _wide_columns(header, set(units.values()))
        if wide:
            body = _wide_units(rows[at + 1:], units, wide)
            return ScoresTable(str(path), WIDE, list(dict.fromkeys(wide.values())), body, year, province)
    raise UsageError("scores.unreadable", path=str(path), reason=_sentence("scores.no_columns"))


def _wide_columns(header: list[Any], taken: set[int]) -> dict[int, str]:
    """Column -> criterion code. Excel turns a header typed ``3.10`` into the number 3.1, so a
    code met again after its first column is read with its trailing zero back (``3.10``), the
    order provinces write them in (3.1, 3.2 … 3.9, 3.10)."""
    wide: dict[int, str] = {}
    for col, value in enumerate(header):
        code = criterion_code(value) if col not in taken else None
        while code is not None and code in wide.values() and isinstance(value, float):
            code += "0"
        if code is not None:
            wide[col] = code
    return wide


def _long_columns(header: list[Any]) -> tuple[int, int] | None:
    keys = {cols.header_key(v): c for c, v in reversed(list(enumerate(header))) if isinstance(v, str)}
    code = next((keys[k] for k in keys if k in _LONG_CODE), None)
    points = next((keys[k] for k in keys if k in _LONG_POINTS), None)
    return (code, points) if code is not None and points is not None else None


def _cell(row: list[Any], col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else None


def _identity(number: int, row: list[Any], units: dict[str, int]) -> UnitScores:
    return UnitScores(number, unit_code(_cell(row, units.get("unit_code"))),
                      text_value(_cell(row, units.get("unit_name"))),
                      text_value(_cell(row, units.get("unit_level"))),
                      text_value(_cell(row, units.get("parent_name"))))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "–", "—"))


def _wide_units(rows: Rows, units: dict[str, int], wide: dict[int, str]) -> list[UnitScores]:
    out = []
    for number, row in rows:
        unit = _identity(number, row, units)
        points = {code: _cell(row, col) for col, code in wide.items() if not _blank(_cell(row, col))}
        if unit.code is None and unit.name is None:
            if points:  # scores with nobody to give them to: still a unit to account for
                out.append(UnitScores(number, None, None, points=points))
            continue
        unit.points = points
        out.append(unit)
    return out


def _long_units(rows: Rows, units: dict[str, int], code_col: int, points_col: int) -> list[UnitScores]:
    """Rows grouped by unit (code, else name), in order of first appearance."""
    by_key: dict[str, UnitScores] = {}
    out: list[UnitScores] = []
    for number, row in rows:
        ident = _identity(number, row, units)
        raw_code, value = _cell(row, code_col), _cell(row, points_col)
        if ident.code is None and ident.name is None and _blank(raw_code):
            continue
        key = ident.code or ("tên:" + fold(ident.name) if ident.name else f"dòng:{number}")
        unit = by_key.get(key)
        if unit is None:
            unit = by_key[key] = ident
            out.append(unit)
        code = criterion_code(raw_code) or text_value(raw_code) or f"(trống, dòng {number})"
        if _blank(value):
            continue
        if code in unit.points and unit.points[code] != value:
            unit.clashes.append((code, number))
            continue
        unit.points.setdefault(code, value)
        unit.cells.setdefault(code, number)
    return out


def _title(rows: Rows) -> tuple[int | None, str | None]:
    """The year and province a title above the header names (``… năm 2025``, ``UBND tỉnh X``)."""
    year = province = None
    for _, row in rows:
        for value in row:
            if not isinstance(value, str):
                continue
            if year is None and (m := _YEAR.search(value)):
                year = int(m.group(1))
            if province is None and (m := _PROVINCE.search(value)):
                province = _province_name(m.group(1).strip())
    return year, province


def _province_name(found: str) -> str:
    """``TỈNH LÂM ĐỒNG`` (a title in capitals) or ``tỉnh Lâm Đồng`` -> ``Tỉnh Lâm Đồng``."""
    kind, _, name = found.partition(" ")
    if kind.lower() == "thành":  # «thành phố X»
        more, _, name = name.partition(" ")
        kind = f"{kind} {more}"
    if name.isupper():
        name = name.title()
    kind = kind.lower()
    return f"{kind[:1].upper()}{kind[1:]} {name}"


def _sentence(key: str) -> UsageError:
    """A nested reason that renders in the language of the error carrying it (read/ is below
    check/, so the reason is a core error rather than a report sentence)."""
    return UsageError(key)
