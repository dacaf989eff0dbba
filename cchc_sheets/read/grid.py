"""One sheet as the reader hands it on: sparse cells and merged ranges (:class:`Grid`).

Shared by every source of cells (xlsx sheet XML, legacy .xls, Word tables) so the workbook
reader sees one shape whatever the file was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cchc_sheets.core.values import text_value

class CellData(NamedTuple):
    """A cell as stored: its value (str, float, bool, date), formula flag and legacy-font flag.

    A named tuple: one is made for every cell of every file a merge reads.
    """

    value: Any
    formula: bool = False
    legacy_font: bool = False

@dataclass(slots=True)
class Grid:
    """One sheet's cells, sparse, 1-based, with merged ranges resolved on lookup.

    A merged range's value belongs to every row it covers (a lead merged over three activity
    rows leads all three) but only to its first column: a title merged across the row is one
    title, not a value in every column.
    """

    name: str
    cells: dict[tuple[int, int], CellData] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    max_row: int = 0
    max_col: int = 0
    _merge_origin: dict[tuple[int, int], tuple[int, int] | None] = field(default_factory=dict)
    _texts: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def finish(self) -> None:
        """Compute the used range and index merged ranges once the cells are in."""
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)
        for r1, c1, r2, c2 in self.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                continue  # a whole-column merge is layout, not data
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self._merge_origin[(r, c)] = (r1, c1) if c == c1 else None

    def get(self, row: int, col: int) -> CellData | None:
        """The cell at (row, col), taking a merged range's value down its first column."""
        key = (row, col)
        origin = self._merge_origin.get(key, key)  # a covered cell off the first column maps to None
        return None if origin is None else self.cells.get(origin)

    def value(self, row: int, col: int) -> Any:
        cell = self.get(row, col)
        return None if cell is None else cell.value

    def is_merged_copy(self, row: int, col: int) -> bool:
        """True where a merged range covers this cell without starting there."""
        return (row, col) in self._merge_origin

    def text(self, row: int, col: int) -> str | None:
        """The cell's value as tidy text (see :func:`values.text_value`), computed once per cell:
        the reader looks at each cell several times to decide what its row is."""
        key = (row, col)
        try:
            return self._texts[key]
        except KeyError:
            cell = self.get(row, col)
            text = self._texts[key] = None if cell is None else text_value(cell.value)
            return text

@dataclass(slots=True)
class SheetRef:
    name: str
    part: str
    hidden: bool

