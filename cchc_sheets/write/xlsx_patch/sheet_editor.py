"""Library columns spliced into a clerk's worksheet, and whole library sheets written anew."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cchc_sheets.core.cells import column_letter, parse_range, range_ref, split_ref
from cchc_sheets.read.ooxml import xml_unescape
from cchc_sheets.write.cell_xml import _clean_text, _esc_attr, cell_markup
from cchc_sheets.write.xlsx_patch.edits import NS_MAIN, NS_REL, XML_DECL, Cell, ColumnPatch, NewSheet, _as_cell, _Refuse
from cchc_sheets.write.xlsx_patch.styles import _Styles
from cchc_sheets.write.xlsx_patch.xml_text import _Q, _R_ATTR, _attrs, _element


@dataclass(slots=True)
class _Write:
    cell: Cell
    header: bool = False


@dataclass(slots=True)
class _Plan:
    """All library-owned columns of one sheet: what to write where, and what to clear."""

    writes: dict[int, dict[int, _Write]] = field(default_factory=dict)  # row -> col -> write
    clear_below: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # col -> (header row, last row)
    widths: dict[int, float] = field(default_factory=dict)

    @classmethod
    def of(cls, patches: Iterable[ColumnPatch]) -> _Plan:
        plan = cls()
        for patch in patches:
            plan.writes.setdefault(patch.header_row, {})[patch.col] = _Write(Cell(patch.header), header=True)
            for row, item in patch.values.items():
                plan.writes.setdefault(row, {})[patch.col] = _Write(_as_cell(item))
            plan.clear_below[patch.col] = (patch.header_row, patch.clear_until)
            if patch.width:
                plan.widths[patch.col] = patch.width
        return plan

    def clears(self, row: int) -> set[int]:
        return {col for col, (header, last) in self.clear_below.items()
                if row > header and (last is None or row <= last)}


@dataclass(slots=True)
class _Span:
    """Where one ``<row>`` or ``<c>`` sits in the text, and its number (row or column)."""

    number: int
    start: int
    end: int
    attrs: str
    body: str | None
    body_start: int = 0


_SHEET_DATA_RE = re.compile(rf"<(?P<p>(?:[\w.-]+:)?)sheetData(?=[\s/>])(?P<attrs>{_Q})(?P<close>/?)>", re.S)


class _SheetEditor:
    """Rewrites the library-owned columns of one worksheet's XML, leaving all else as it was."""

    def __init__(self, text: str, styles: _Styles, date1904: bool) -> None:
        self.text = text
        self.styles = styles
        self.date1904 = date1904
        self.formulas_removed = False
        match = _SHEET_DATA_RE.search(text)
        if match is None:
            raise _Refuse("a worksheet has no sheetData")
        self.p = match["p"]
        self.open = match
        if match["close"]:
            self.body, self.body_end = "", match.end()
        else:
            close = re.compile(rf"</{re.escape(self.p)}sheetData\s*>").search(text, match.end())
            if close is None:
                raise _Refuse("unclosed sheetData")
            self.body, self.body_end = text[match.end():close.start()], close.start()
        if "<!" in self.body or "<?" in self.body:
            raise _Refuse("comments or CDATA inside sheet data")
        self.head = text[:match.start()]
        self.col_styles = self._col_styles()

    def apply(self, plan: _Plan) -> str:
        rows = _spans(self.body, _element(self.p, "row"), int)
        existing = {row.number for row in rows}
        pending = sorted(r for r in plan.writes if r not in existing)
        out, pos = [], 0
        for row in rows:
            out.append(self.body[pos:row.start])
            while pending and pending[0] < row.number:
                out.append(self._new_row(pending.pop(0), plan.writes))
            out.append(self._edit_row(row, plan.writes.get(row.number, {}), plan.clears(row.number)))
            pos = row.end
        out.append(self.body[pos:])
        out.extend(self._new_row(r, plan.writes) for r in pending)
        body = "".join(out)
        head = self._grow_dimension(self.head, plan)
        head = self._add_widths(head, plan.widths)
        if self.open["close"] and not body:
            return head + self.text[self.open.start():]
        start = f"<{self.p}sheetData{self.open['attrs'].rstrip()}>" if self.open["close"] else self.open[0]
        tail = f"</{self.p}sheetData>" + self.text[self.body_end:] if self.open["close"] else self.text[self.body_end:]
        return head + start + body + tail

    def _edit_row(self, row: _Span, writes: dict[int, _Write], clears: set[int]) -> str:
        original = self.body[row.start:row.end]
        if not writes and not clears:
            return original
        body = row.body or ""
        cells = _spans(body, _element(self.p, "c"), _col_of_ref, stop_at_other=True)
        tail_at = cells[-1].end if cells else 0
        if body[tail_at:].strip() and not body[tail_at:].lstrip().startswith(f"<{self.p}extLst"):
            raise _Refuse("unexpected content in a row")
        present = {cell.number for cell in cells}
        pending = sorted(c for c in writes if c not in present)
        row_s = self._row_style(row.attrs)
        out, pos = [], 0
        for index, cell in enumerate(cells):
            out.append(body[pos:cell.start])
            while pending and pending[0] < cell.number:
                col = pending.pop(0)
                out.append(self._new_cell(row.number, col, writes[col], cells[:index], row_s))
            out.append(self._edit_cell(row.number, cell, body, writes, clears))
            pos = cell.end
        out.append(body[pos:tail_at])
        out.extend(self._new_cell(row.number, c, writes[c], cells, row_s) for c in pending)
        out.append(body[tail_at:])
        inner = "".join(out)
        if inner == body:
            return original
        attrs = _widen_spans(row.attrs, list(writes))
        start = f"<{self.p}row{attrs.rstrip() if row.body is None else attrs}>"
        close = original[row.body_start + len(body):] if row.body is not None else f"</{self.p}row>"
        return start + inner + close

    def _edit_cell(self, row: int, cell: _Span, body: str, writes: dict[int, _Write], clears: set[int]) -> str:
        text = body[cell.start:cell.end]
        write = writes.get(cell.number)
        if write is None and (cell.number not in clears or not _has_content(cell.body, self.p)):
            return text
        if write is not None and write.header and _has_content(cell.body, self.p):
            return text  # the clerk's header (any spelling the reader accepted); a table needs it as is
        if _is_typed_error(cell, self.p):
            return text  # #N/A typed by the clerk is a value: never written over, never cleared
        self._check_formula(cell)
        s = _attrs(cell.attrs).get("s")
        ref = f"{column_letter(cell.number)}{row}"
        if write is None:
            return cell_markup(self.p, ref, None, s, self.date1904)
        return cell_markup(self.p, ref, write.cell.value, self.styles.resolve(s, write.cell), self.date1904)

    def _check_formula(self, cell: _Span) -> None:
        """A formula we overwrite may anchor a shared/array formula of other columns: refuse."""
        formula = _element(self.p, "f").search(cell.body or "")
        if formula is None:
            return
        self.formulas_removed = True
        ref = _attrs(formula["attrs"]).get("ref")
        if ref:
            _, c1, _, c2 = parse_range(ref)
            if c1 != cell.number or c2 != cell.number:
                raise _Refuse(f"a shared formula spans the library column at {column_letter(cell.number)}")

    def _new_cell(self, row: int, col: int, write: _Write, left: list[_Span], row_s: str | None) -> str:
        """A cell where there was none: it copies the nearest formatted cell of *left* (the
        neighbouring column of the clerk's table), so the library column has the table's borders,
        font and alignment; the written cell's own :class:`Style` then sets fill, bold, wrap and
        number format. With nothing formatted to the left: row, then column format, as Excel."""
        left_s = next((s for s in (_attrs(c.attrs).get("s") for c in reversed(left)) if s), None)
        base = left_s or row_s or self._col_style(col)
        ref = f"{column_letter(col)}{row}"
        return cell_markup(self.p, ref, write.cell.value, self.styles.resolve(base, write.cell), self.date1904)

    def _new_row(self, row: int, writes: dict[int, dict[int, _Write]]) -> str:
        cells = "".join(self._new_cell(row, col, w, [], None) for col, w in sorted(writes[row].items()))
        return f'<{self.p}row r="{row}">{cells}</{self.p}row>'

    def _row_style(self, attrs: str) -> str | None:
        values = _attrs(attrs)
        return values.get("s") if values.get("customFormat") in ("1", "true") else None

    def _col_styles(self) -> list[tuple[int, int, dict[str, str]]]:
        cols = _element(self.p, "cols").search(self.head)
        if cols is None:
            return []
        found = []
        for col in _element(self.p, "col").finditer(cols["body"] or ""):
            values = _attrs(col["attrs"])
            found.append((int(values.get("min", "0")), int(values.get("max", "0")), values))
        return found

    def _col_style(self, col: int) -> str | None:
        return next((v.get("style") for lo, hi, v in self.col_styles if lo <= col <= hi), None)

    def _grow_dimension(self, head: str, plan: _Plan) -> str:
        """Widen ``<dimension ref>`` to the written cells; never shrink it."""
        match = _element(self.p, "dimension").search(head)
        written = [(c, r) for r, cols in plan.writes.items() for c in cols]
        if match is None or not written:
            return head
        ref = xml_unescape(_attrs(match["attrs"]).get("ref", "A1"))
        r1, c1, r2, c2 = parse_range(ref)
        cols = [c for c, _ in written]
        rows = [r for _, r in written]
        grown = range_ref(min(r1, *rows), min(c1, *cols), max(r2, *rows), max(c2, *cols))
        if grown == ref:
            return head
        new = re.sub(r'(?<=\s)ref="[^"]*"', f'ref="{grown}"', match[0], count=1)
        return head[:match.start()] + new + head[match.end():]

    def _add_widths(self, head: str, widths: dict[int, float]) -> str:
        """A ``<col>`` width for a library column only when no ``<col>`` covers it already."""
        for col, width in sorted(widths.items()):
            if any(lo <= col <= hi for lo, hi, _ in self.col_styles):
                continue
            item = f'<{self.p}col min="{col}" max="{col}" width="{width:g}" customWidth="1"/>'
            cols = _element(self.p, "cols").search(head)
            if cols is None or cols["body"] is None:
                start = cols.start() if cols else len(head)
                end = cols.end() if cols else len(head)
                head = head[:start] + f"<{self.p}cols>{item}</{self.p}cols>" + head[end:]
            else:
                before = [m for m in _element(self.p, "col").finditer(cols["body"])
                          if int(_attrs(m["attrs"]).get("min", "0")) < col]
                at = cols.start("body") + (before[-1].end() if before else 0)
                head = head[:at] + item + head[at:]
            self.col_styles.append((col, col, {}))
        return head


def _col_of_ref(value: str) -> int:
    return split_ref(value)[1]


def _spans(text: str, pattern: re.Pattern[str], number: Callable[[str], int],
           stop_at_other: bool = False) -> list[_Span]:
    """Consecutive elements of *text* with their numbers from ``r``; a missing ``r`` means
    "the previous one plus one" (some writers leave it out). Anything between them other
    than whitespace is refused for rows, and ends the list for cells (a row's ``extLst``)."""
    spans, pos, last = [], 0, 0
    for match in pattern.finditer(text):
        if text[pos:match.start()].strip():
            if stop_at_other:
                break
            raise _Refuse("unexpected content in sheet data")
        ref = _R_ATTR.search(match["attrs"])
        last = number(ref[1] if ref[1] is not None else ref[2]) if ref else last + 1
        spans.append(_Span(last, match.start(), match.end(), match["attrs"], match["body"],
                           match.start("body") - match.start() if match["body"] is not None else 0))
        pos = match.end()
    if not stop_at_other and text[pos:].strip():
        raise _Refuse("unexpected content in sheet data")
    return spans


def _is_typed_error(cell: _Span, p: str) -> bool:
    """An error value (``t="e"``, ``#N/A``) that no formula computed: the clerk typed it."""
    return _attrs(cell.attrs).get("t") == "e" and _element(p, "f").search(cell.body or "") is None


def _has_content(body: str | None, p: str) -> bool:
    if not body:
        return False
    return any(f"<{p}{name}" in body for name in ("v>", "v ", "is>", "is ", "f>", "f ", "f/"))


def _widen_spans(attrs: str, cols: list[int]) -> str:
    """Keep the row's ``spans`` hint true when a cell lands outside it."""
    match = re.search(r'(?<=\s)spans="([^"]*)"', attrs)
    if match is None or not cols:
        return attrs
    try:
        ranges = [tuple(int(x) for x in part.split(":")) for part in match[1].split()]
    except ValueError:
        return attrs
    if all(any(lo <= c <= hi for lo, hi in ranges) for c in cols):
        return attrs
    lo = min([r[0] for r in ranges] + cols)
    hi = max([r[-1] for r in ranges] + cols)
    return attrs[:match.start()] + f'spans="{lo}:{hi}"' + attrs[match.end():]


# --------------------------------------------------------------------------- new sheets


def _new_sheet_xml(sheet: NewSheet, styles: _Styles, date1904: bool) -> tuple[str, str | None]:
    """The whole XML of a library sheet, and its autofilter range (None without one)."""
    rows, links, last_col, last_row = [], [], 1, 1
    for r, items in enumerate(sheet.rows, start=1):
        cells = []
        for c, item in enumerate(items, start=1):
            cell = _as_cell(item)
            if cell.value is None and cell.style is None and cell.link is None:
                continue
            ref = f"{column_letter(c)}{r}"
            cells.append(cell_markup("", ref, cell.value, styles.resolve(None, cell), date1904))
            if cell.link:
                display = "" if cell.value is None else f' display="{_esc_attr(_clean_text(str(cell.value))[:255])}"'
                links.append(f'<hyperlink ref="{ref}" location="{_esc_attr(cell.link)}"{display}/>')
            last_col, last_row = max(last_col, c), max(last_row, r)
        if cells:
            height = sheet.row_heights.get(r)
            ht = f' ht="{height:g}" customHeight="1"' if height else ""
            rows.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
    filter_ref = None
    if sheet.autofilter_row:
        filter_ref = range_ref(sheet.autofilter_row, 1, max(last_row, sheet.autofilter_row), last_col)
    parts = [
        XML_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',  # printed on A4 landscape, one page wide
        f'<dimension ref="{range_ref(1, 1, last_row, last_col)}"/>',
        f"<sheetViews>{_sheet_view(sheet.freeze_rows)}</sheetViews>",
        '<sheetFormatPr defaultRowHeight="15"/>',
        _cols_xml(sheet.col_widths),
        f"<sheetData>{''.join(rows)}</sheetData>" if rows else "<sheetData/>",
        f'<autoFilter ref="{filter_ref}"/>' if filter_ref else "",
        f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "",
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
        "</worksheet>",
    ]
    return "".join(parts), filter_ref


def _sheet_view(freeze_rows: int) -> str:
    if freeze_rows <= 0:
        return '<sheetView workbookViewId="0"/>'
    top = f"A{freeze_rows + 1}"
    return (f'<sheetView workbookViewId="0"><pane ySplit="{freeze_rows}" topLeftCell="{top}" '
            f'activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView>')


def _cols_xml(widths: dict[int, float]) -> str:
    if not widths:
        return ""
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in sorted(widths.items()))
    return f"<cols>{cols}</cols>"
