"""Lists kept as a CSV file or a sheet: the criteria list and the roster of a merge.

Both are read the same way (the encodings Excel saves CSV in, the used rows only, a header
found among the first rows) and a bad list is a usage error (exit 2) whose reason is a sentence
said in the caller's language.

The roster is the units that should have sent a workbook. A province (a district before
7/2025) keeps it as a sheet or a CSV with at least ``Mã đơn vị`` or ``Tên đơn vị`` columns (any alias the ``Thông tin`` labels accept, e.g. ``Mã ĐVHC``, ``Đơn vị``),
and optionally ``Nhóm``: the ranking group of each unit (see compute/ranking.py). It lets the
consolidated workbook say who has not sent anything, and which files came from units nobody
expected (a typo in a unit code shows up there).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_sheets.core import columns as cols
from cchc_sheets.core.codes import link_tree, normalise_code, points_kind_of
from cchc_sheets.core.errors import CchcError, UsageError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import SHEET_CRITERIA, Criterion
from cchc_sheets.core.text import fold, nfc
from cchc_sheets.core.values import Unreadable, number_value, text_value
from cchc_sheets.read.ooxml import Grid, Workbook

register({
    "template.criteria_unreadable": ("Không đọc được danh sách tiêu chí: {reason}",
                                     "Cannot read the criteria list: {reason}"),
    "template.criteria_no_columns": ("danh sách tiêu chí cần các cột Mã, Nội dung tiêu chí, Điểm tối đa (tìm thấy: {found}).",
                                     "the criteria list needs columns code, name, max (found: {found})."),
    "template.criteria_bad_number": ("dòng {row}: điểm tối đa «{value}» không phải là số.",
                                     "row {row}: max points '{value}' is not a number."),
    "template.criteria_empty": ("danh sách tiêu chí không có dòng nào.", "the criteria list has no rows."),
    "template.csv_encoding": ("không nhận ra bảng mã của tệp CSV; hãy mở bằng Excel và lưu lại dạng «CSV UTF-8».",
                              "the CSV file's encoding is not recognised; save it from Excel as \"CSV UTF-8\"."),
    "template.csv_bad": ("tệp CSV bị lỗi (có ký tự lạ); hãy mở bằng Excel và lưu lại dạng «CSV UTF-8».",
                         "the CSV file is damaged (odd characters); save it from Excel as \"CSV UTF-8\"."),
    "roster.unreadable": ("Không đọc được danh sách đơn vị: {reason}", "Cannot read the roster: {reason}"),
    "roster.no_columns": ("cần cột «Mã đơn vị» hoặc «Tên đơn vị» ở một trong 10 dòng đầu.",
                          "a «Mã đơn vị» or «Tên đơn vị» column is needed in the first 10 rows."),
})

_ENGLISH_HEADERS = {"code": "code", "name": "name", "index": "index", "max": "max_points",
                    "max_points": "max_points", "method": "method"}
MAX_LIST_COLUMNS = 200  # a criteria list or roster is a few columns wide; cells beyond are strays
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # UTF-8 with or without BOM, else Excel's Vietnamese "ANSI"
Rows = list[tuple[int, list[Any]]]  # (1-based row number, values from column A), used rows only
_FIELDS = (*(c for c in cols.INFO_LABELS if c.field in ("unit_code", "unit_name")),
           cols.Column("group", "Nhóm", ("Nhóm xếp hạng", "Nhóm đơn vị")))


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One unit expected to send a workbook."""

    code: str | None
    name: str | None
    group: str | None = None  # «Nhóm»: the ranking group, when the province lists it


def read_roster(path: Path) -> list[RosterEntry]:
    """The units listed in *path* (.csv or .xlsx), read like a criteria list (the same encodings
    and limits); a bad roster is a usage error (exit 2)."""
    return _entries(path, list_rows(path, "roster.unreadable"))


def _entries(path: Path, rows: Rows) -> list[RosterEntry]:
    index = cols.alias_index(_FIELDS)
    for at, row in top_rows(rows):
        found = {cols.match_header(v, index): c for c, v in enumerate(row) if isinstance(v, str)}
        found.pop(None, None)
        if found.keys() - {"group"}:
            return [entry for entry in (_entry(r, found) for _, r in rows[at + 1:]) if entry.code or entry.name]
    raise UsageError("roster.unreadable", path=str(path), reason=Sentence("roster.no_columns"))


def _entry(row: list[Any], found: dict[Any, int]) -> RosterEntry:
    def cell(field: str) -> str | None:
        col = found.get(field)
        return text_value(row[col]) if col is not None and col < len(row) else None

    return RosterEntry(cell("unit_code"), cell("unit_name"), cell("group"))


def load_criteria_list(path: Path) -> list[Criterion]:
    """Read a criteria list (.csv or .xlsx with code, name, index, max, method columns)."""
    return _criteria_from_rows(path, list_rows(path, "template.criteria_unreadable"))


def list_rows(path: Path, error_key: str) -> Rows:
    """The used rows of a list kept as .csv or as a spreadsheet (criteria list, roster).

    Anything that makes the file unusable is a usage error (exit 2): *error_key*'s sentence with
    the reason in Vietnamese (``{reason}``), never Python's own error text.
    """
    try:
        return csv_rows(path) if path.suffix.lower() == ".csv" else xlsx_rows(path)
    except (CchcError, csv.Error, OSError) as exc:
        raise UsageError(error_key, path=str(path), reason=_reason(exc)) from exc


def _reason(exc: Exception) -> Any:
    """Why a list could not be read, as a sentence said in the caller's language later."""
    if isinstance(exc, CchcError):
        return exc
    if isinstance(exc, csv.Error):
        return Sentence("template.csv_bad")
    return getattr(exc, "strerror", None) or str(exc)


def csv_rows(path: Path) -> Rows:
    text = decode_csv(path.read_bytes())
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:  # one column, or nothing to tell the delimiter by
        dialect = csv.excel
    return list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))


def decode_csv(data: bytes) -> str:
    """CSV bytes as Excel saves them: UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode
    text"), else Windows-1258 (Excel's Vietnamese "ANSI", tone marks as combining characters)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = CSV_ENCODINGS
    for encoding in encodings:
        try:
            return nfc(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UsageError("template.csv_encoding")


def xlsx_rows(path: Path) -> Rows:

    with Workbook(path) as book:
        ref = next((s for s in book.sheets if fold(s.name) == fold(SHEET_CRITERIA)), book.sheets[0])
        grid = book.grid(ref)
    return used_rows(grid)


def used_rows(grid: Grid, max_cols: int = MAX_LIST_COLUMNS) -> Rows:
    """The rows of *grid* that hold cells, in order, each up to its own last used column (at most
    *max_cols*): a stray cell at XFD1048576 costs one short row, not a billion-cell list.

    A vertically merged value counts as used in every row of the merge that holds cells, as
    :meth:`Grid.value` gives it there."""
    widths: dict[int, int] = {}
    for r, c in grid.cells:
        if c <= max_cols:
            widths[r] = max(widths.get(r, 0), c)
    numbers = sorted(widths)
    for r1, c1, r2, _ in grid.merged:
        if c1 <= max_cols and (r1, c1) in grid.cells:
            for r in numbers[bisect.bisect_left(numbers, r1):bisect.bisect_right(numbers, r2)]:
                widths[r] = max(widths[r], c1)
    return [(r, [grid.value(r, c) for c in range(1, widths[r] + 1)]) for r in numbers]


def _criteria_from_rows(path: Path, rows: Rows) -> list[Criterion]:

    index = cols.alias_index(cols.CRITERIA_COLUMNS) | _ENGLISH_HEADERS
    header_at, mapping = _criteria_header(rows, index)
    if not {"code", "name", "max_points"} <= set(mapping):
        found = ", ".join(str(v) for v in (rows[header_at][1] if rows else []) if v)
        raise UsageError("template.criteria_unreadable", path=str(path),
                         reason=Sentence("template.criteria_no_columns", found=found or "—"))
    criteria = []
    for number, row in rows[header_at + 1:]:
        cell = {f: (row[c] if c < len(row) else None) for f, c in mapping.items()}
        if text_value(cell["code"]) is None:
            continue
        max_points = number_value(cell["max_points"])
        if isinstance(max_points, Unreadable):
            raise UsageError("template.criteria_unreadable", path=str(path),
                             reason=Sentence("template.criteria_bad_number", row=number, value=cell["max_points"]))
        criteria.append(Criterion(
            code=normalise_code(cell["code"]), name=text_value(cell["name"]) or "",
            index=text_value(cell.get("index")) or "", max_points=max_points,
            method=text_value(cell.get("method")), row=number,
            points_kind=points_kind_of(cell.get("points_kind")) or ""))
    if not criteria:
        raise UsageError("template.criteria_unreadable", path=str(path), reason=Sentence("template.criteria_empty"))
    link_tree(criteria)
    return criteria


def top_rows(rows: Rows, within: int = 10) -> Iterable[tuple[int, list[Any]]]:
    """(position in *rows*, values) of the rows among the first *within* of the sheet or file,
    where a list's header is looked for."""
    top = itertools.takewhile(lambda item: item[1][0] <= within, enumerate(rows))
    return ((at, values) for at, (_, values) in top)


def _criteria_header(rows: Rows, index: dict[str, str]) -> tuple[int, dict[str, int]]:
    for at, row in top_rows(rows):
        mapping: dict[str, Any] = {}
        for col, value in enumerate(row):
            if isinstance(value, str):
                field_name = cols.match_header(value, index) or index.get(value.strip().lower())
                if field_name:
                    mapping.setdefault(field_name, col)
        if len(mapping) >= 3:
            return at, mapping
    return 0, {}
