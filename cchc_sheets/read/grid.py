"""One sheet as the reader hands it on: sparse cells and merged ranges (:class:`Grid`).

Shared by every source of cells (xlsx sheet XML, legacy .xls, Word tables) so the workbook
reader sees one shape whatever the file was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.values import text_value, vi_number
from cchc_sheets.read.package import LAYOUT_MERGE_CELLS, MAX_MERGED_CELLS, MAX_MERGED_RANGES


class CellError(str):
    """An error value stored in a cell (``#N/A``, ``#DIV/0!``, ``#REF!``), typed by the clerk or
    cached by a formula. A value like any other text, so nothing writes over it; the type tells
    it apart from the same characters typed as text where that matters."""

    __slots__ = ()



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

    def finish(self, path: str | None = None) -> None:
        """Compute the used range and index merged ranges once the cells are in.

        Cost is held linear and bounded before any range is expanded: at most
        :data:`MAX_MERGED_RANGES` ranges, and at most :data:`MAX_MERGED_CELLS` cells covered by
        the ranges indexed (an 8 KB file of overlapping merges once cost 2.4 GB). A range over
        more than :data:`LAYOUT_MERGE_CELLS` cells (whole columns) is layout, not data, and is
        dropped; columns right of the last value are never read, so a range is cut there.
        *path* names the file in the refusal.
        """
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)
        if len(self.merged) > MAX_MERGED_RANGES:
            raise UnreadableFile("file.too_many_merges", path=path, sheet=self.name,
                                 count=vi_number(MAX_MERGED_RANGES), cells=vi_number(MAX_MERGED_CELLS))
        kept = []
        covered = 0
        for r1, c1, r2, c2 in self.merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > LAYOUT_MERGE_CELLS:
                continue
            c2 = max(c1, min(c2, self.max_col))
            covered += (r2 - r1 + 1) * (c2 - c1 + 1)
            kept.append((r1, c1, r2, c2))
        if covered > MAX_MERGED_CELLS:
            raise UnreadableFile("file.too_many_merges", path=path, sheet=self.name,
                                 count=vi_number(MAX_MERGED_RANGES), cells=vi_number(MAX_MERGED_CELLS))
        self.merged = kept
        origin = self._merge_origin
        for r1, c1, r2, c2 in kept:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        origin[(r, c)] = (r1, c1) if c == c1 else None

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

