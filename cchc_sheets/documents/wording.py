"""Numbers and names as a Vietnamese report writes them: ``12,5``; ``1.234``; ``31/41 (75,6%)``.

Pure functions (no python-docx), shared by the report writer and its tests.
"""

from __future__ import annotations

import re

from cchc_sheets.core.text import fold
from cchc_sheets.core.values import vi_number
from cchc_sheets.core.values import vi_percent as rate_percent

_LEVELS = ("xã", "phường", "thị trấn", "đặc khu", "tỉnh", "thành phố", "huyện", "quận", "thị xã")
_BODY = re.compile(r"^(?:ubnd|uy ban nhan dan)\s+", re.IGNORECASE)


def vi_percent(part: float, whole: float) -> str:
    """``75,6%`` (one decimal; ``100%`` and ``0%`` without one). *whole* must be above zero."""
    return rate_percent(part / whole)


def count(value: int) -> str:
    """A count as Vietnamese write it: ``2385`` -> ``2.385``."""
    return vi_number(value, 0)


def ratio(part: int, whole: int, noun: str = "") -> str:
    """``31/41 (75,6%)``, or with *noun* ``31/41 nhiệm vụ (75,6%)``; no percentage for ``0/0``."""
    counted = f"{count(part)}/{count(whole)} {noun}".rstrip()
    return f"{counted} ({vi_percent(part, whole)})" if whole else counted


def place_name(unit_name: str | None) -> str | None:
    """Where a body sits, for «…, ngày … tháng … năm …»: ``UBND xã Phù Linh`` -> ``Phù Linh``,
    ``UBND Phường 2`` -> ``Phường 2`` (a bare number keeps its level), ``(giả định)`` dropped."""
    if not unit_name:
        return None
    rest = re.sub(r"\s*\(.*?\)\s*", " ", unit_name).strip()
    body = _BODY.match(fold(rest))
    rest = rest[body.end():] if body else rest
    for level in sorted(_LEVELS, key=len, reverse=True):
        if fold(rest).startswith(fold(level) + " "):
            name = rest[len(level) + 1:].strip()
            return rest if name.isdigit() else name
    return rest or None


def level_of(unit_name: str | None) -> str | None:
    """The level word a name starts with after «UBND»: ``UBND tỉnh Lâm Đồng`` -> ``tỉnh``."""
    if not unit_name:
        return None
    folded = _BODY.sub("", fold(unit_name))
    return next((level for level in sorted(_LEVELS, key=len, reverse=True) if folded.startswith(fold(level) + " ")),
                None)


def body_name(unit_name: str) -> str:
    """``UBND xã Phù Linh`` -> ``xã Phù Linh`` (the letterhead writes «ỦY BAN NHÂN DÂN» above it)."""
    match = _BODY.match(fold(unit_name))
    return unit_name[match.end():] if match else unit_name
