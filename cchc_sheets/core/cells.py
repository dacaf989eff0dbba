"""Spreadsheet cell arithmetic: A1 names ⇄ (row, column) and ranges, in one tuple order.

The reader, the patcher and both row writers share these so that a range is always
``(first row, first col, last row, last col)`` and a cell always ``(row, col)``, 1-based, as
Excel counts. Three private copies with three tuple orders had drifted apart before.
"""

from __future__ import annotations

import re

MAX_ROW, MAX_COL = 1_048_576, 16_384

_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def column_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def column_letter(col: int) -> str:
    """1 -> ``A``, 27 -> ``AA`` (Excel column names)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def split_ref(ref: str) -> tuple[int, int]:
    """``F12`` (or ``$F$12``, ``f12``) -> (12, 6) as (row, col); ValueError for anything else."""
    match = _REF.match(ref.replace("$", "").upper())
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), column_number(match.group(1))


def cell_ref(row: int, col: int) -> str:
    """(12, 6) -> ``F12``."""
    return f"{column_letter(col)}{row}"


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``A1:R120`` (or a single ``A1``) -> (first row, first col, last row, last col).

    The corners are taken as written (not sorted); ValueError for anything that is not one
    or two cell names.
    """
    corners = [split_ref(part.strip()) for part in ref.split(":")]
    if len(corners) > 2:
        raise ValueError(ref)
    (r1, c1), (r2, c2) = corners[0], corners[-1]
    return r1, c1, r2, c2


def range_ref(r1: int, c1: int, r2: int, c2: int, *, absolute: bool = False) -> str:
    """(1, 1, 120, 18) -> ``A1:R120`` (one cell stays ``A1``); ``$A$1:$R$120`` when *absolute*."""
    if absolute:
        return f"${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"
    first = cell_ref(r1, c1)
    return first if (r1, c1) == (r2, c2) else f"{first}:{cell_ref(r2, c2)}"
