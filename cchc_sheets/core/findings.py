"""Findings are data: a stable code, a severity, a position and the values for a message.

Messages live in :mod:`cchc_sheets.core.catalogue` (Vietnamese and English templates, a hint per
code); this module only holds the record and renders it. A finding never carries a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_sheets.core.catalogue import CATALOGUE, ERROR, WARNING, Severity, render, render_hint
from cchc_sheets.core.cells import column_letter
from cchc_sheets.core.model import Pos

__all__ = ["ERROR", "WARNING", "Finding", "Severity", "at"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``args`` fill the message template of ``code``."""

    code: str
    sheet: str | None = None
    row: int | None = None
    col: int | None = None
    value: Any = None
    args: dict[str, Any] = field(default_factory=dict)
    header: str | None = None

    @property
    def cell(self) -> str | None:
        """Excel coordinate (``E23``), or the row (``23``) / nothing when less is known."""
        if self.row and self.col:
            return f"{column_letter(self.col)}{self.row}"
        return None

    @property
    def column(self) -> str | None:
        return column_letter(self.col) if self.col else None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    def message(self, lang: str = "vi") -> str:
        """The sentence for a clerk (``vi``) or a developer (``en``)."""
        return render(self.code, lang, self.args, value=self.value)

    def hint(self, lang: str = "vi") -> str:
        """How to fix it, with the finding's values filled in."""
        return render_hint(self.code, lang, self.args, value=self.value)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The stable JSON shape of ``check``."""
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": _jsonable(self.value),
            "message": self.message(lang),
        }


def at(code: str, pos: Pos | None, value: Any = None, header: str | None = None, **args: Any) -> Finding:
    """Build a finding at *pos* (or at no cell when the value was absent)."""
    if pos is None:
        return Finding(code, value=value, args=args, header=header)
    return Finding(code, pos.sheet, pos.row, pos.col, value, args, header)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
