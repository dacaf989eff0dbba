"""Big worksheets as streamed XML rows, spliced into a package that xlsxwriter built.

Why: xlsxwriter needs ~15 s for 200k task rows (XLSX_FACTS.md), most of a national merge's
budget. Here the rows of a unit are rendered to XML in the worker process that read its file,
compressed there, and the main process only numbers them and streams them into the zip. The
sheet around the rows (column widths, frozen header, autofilter, print set-up, the header row
itself) is still xlsxwriter's, so it stays a normal, well-formed worksheet.

A unit's rows are rendered before anyone knows where they will land (duplicates are settled only
when every file has been read), so row numbers are a placeholder filled by :func:`number_rows`.
Text is always an inline string (``t="inlineStr"``): a cell typed ``=HYPERLINK(...)``, ``+84``,
``-`` or ``@x`` stays text, and nothing becomes a link.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from cchc_sheets.core.cells import column_letter
from cchc_sheets.write.cell_xml import cell_markup

ROW_MARK = "\x01"  # stands for the row number; XML cannot carry it, so no text contains it
ROW_SEP = b"\x02"  # between rendered rows, for the same reason
ZIP_LEVEL = 1  # measured: level 1 writes the 200k-row sheet ~2x faster than 6 for ~20% more bytes
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_LETTERS = [column_letter(col) + ROW_MARK for col in range(1, 16_385)]


class Styled(NamedTuple):
    """A value with its own style (an xf index) instead of its column's."""

    value: Any
    style: int


def render_row(values: Sequence[Any], styles: Sequence[int]) -> bytes:
    """One ``<row>`` with the row number left as a placeholder; None values are left out.

    *styles* gives each column's xf index (0 = default); a :class:`Styled` value overrides it.
    """
    cells = []
    for col, value in enumerate(values):
        style = styles[col]
        if isinstance(value, Styled):
            value, style = value
        if value is None:
            continue
        if isinstance(value, str) and not value:
            continue
        cells.append(cell_markup("", _LETTERS[col], value, str(style), False))
    return f'<row r="{ROW_MARK}">{"".join(cells)}</row>'.encode()


def render_rows(rows: Iterable[Sequence[Any]], styles: Sequence[int]) -> tuple[bytes, int]:
    """Rows joined for transport: compressed bytes and the number of rows."""
    rendered = [render_row(values, styles) for values in rows]
    return zlib.compress(ROW_SEP.join(rendered), 1), len(rendered)


def number_rows(blob: bytes, first_row: int) -> bytes:
    """Fill the row placeholders of a :func:`render_rows` blob, starting at *first_row*."""
    rows = zlib.decompress(blob).split(ROW_SEP)
    mark = ROW_MARK.encode()
    return b"".join(row.replace(mark, b"%d" % number) for number, row in enumerate(rows, start=first_row))


class Stream(NamedTuple):
    """Rows to splice into one worksheet part, below the *header_rows* xlsxwriter wrote:
    compressed blobs from :func:`render_rows`, *rows* rows in all, *columns* wide."""

    part: str
    blobs: Callable[[], Iterable[tuple[bytes, int]]]
    rows: int
    header_rows: int
    columns: int


def splice(package: IO[bytes], target: Path, streams: Sequence[Stream]) -> None:
    """Copy the xlsxwriter *package* to *target*, streaming rows into the parts of *streams*."""
    by_part = {stream.part: stream for stream in streams}
    with zipfile.ZipFile(package) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as out:
        for info in source.infolist():
            data = source.read(info)
            stream = by_part.get(info.filename)
            if stream is None:
                out.writestr(info.filename, data)
            else:
                _write_sheet(out, info.filename, data, stream)


def _write_sheet(out: zipfile.ZipFile, name: str, xml: bytes, stream: Stream) -> None:
    """The sheet's XML with the streamed rows added at the end of ``<sheetData>``."""
    if b"</sheetData>" in xml:
        head, tail = xml.split(b"</sheetData>", 1)
    else:
        head, tail = xml.split(b"<sheetData/>", 1)
        head += b"<sheetData>"
    last_row = max(stream.header_rows + stream.rows, 1)
    dimension = f'<dimension ref="A1:{column_letter(max(stream.columns, 1))}{last_row}"/>'.encode()
    row = stream.header_rows + 1
    with out.open(name, "w", force_zip64=True) as part:
        part.write(_DIMENSION.sub(dimension, head, count=1))
        for blob, count in stream.blobs():
            part.write(number_rows(blob, row))
            row += count
        part.write(b"</sheetData>" + tail)
    if row - stream.header_rows - 1 != stream.rows:
        raise ValueError(f"{name}: {row - stream.header_rows - 1} rows streamed, {stream.rows} announced")
