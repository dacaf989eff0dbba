"""Bring an existing Word plan (.docx) into the standard workbook.

Communes already have their plans as Word files whose appendix holds the task table. Retyping
it is where errors creep in, so this module reads the table as Word stores it and hands the rows
to :func:`cchc_sheets.write.template.write_plan_workbook`:

* the appendix is every table whose first rows name task columns (STT + nội dung/nhiệm vụ +
  chủ trì), matched by the same aliases as the reader; a following table with the same column
  count continues it (a page break), with or without the header printed again;
* repeated header rows, column-number rows, section rows and continuation rows are understood
  with the reader's own helpers, on a :class:`~cchc_sheets.read.ooxml.Grid` built from the table, so
  a Word table and an Excel sheet of the same plan read alike;
* merged cells: python-docx repeats a merged cell in ``row.cells``; the grid keeps a vertical
  merge's value for every row it covers and a horizontal merge's value once (one title);
* a row at the top of a continued table that holds the rest of a cell cut by the page break
  (it starts in lower case) is appended to that cell;
* cell text is kept as typed (NFC, paragraphs joined with line breaks, ``<i>`` remnants removed);
* ``Thông tin`` is filled from the opening lines (plan number, place and date, issuing body,
  assessed year from the title) where they are present, and left blank where they are not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_sheets.core import columns as cols
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.i18n import register, t
from cchc_sheets.core.model import KIND_MAINTAIN, KIND_REMEDY, Criterion, Layout, PlanData, TaskRow
from cchc_sheets.core.text import clean, fold, nfc
from cchc_sheets.core.values import parse_date_text, text_value
from cchc_sheets.read.ooxml import CellData, Grid, check_zip_sizes
from cchc_sheets.read.plan import (
    ACTIVITY_FIELDS,
    continuation_role,
    header_fields,
    is_column_numbers,
    is_repeated_header,
    own_texts,
    row_shape,
)

register({
    "import.not_docx": (
        "Không phải tệp Word .docx (tệp .doc cũ hoặc tệp hỏng). Hãy mở bằng Word và «Lưu thành» .docx rồi chạy lại.",
        "Not a Word .docx file (a legacy .doc or a damaged file). Open it in Word, save as .docx and retry.",
    ),
    "import.dtd": (
        "Tệp Word chứa khai báo thực thể XML (DOCTYPE/ENTITY), thứ Word không bao giờ ghi: có thể là tệp tấn công; "
        "không đọc. Hãy mở bằng Word, lưu lại rồi chạy lại.",
        "The Word file holds an XML entity declaration (DOCTYPE/ENTITY), which Word never writes: possibly an "
        "attack; not read. Open it in Word, save it and retry.",
    ),
    "import.no_table": (
        "Không tìm thấy bảng nhiệm vụ trong tệp Word (cần một bảng có các cột như «STT», «Nội dung»/«Nhiệm vụ», "
        "«Chủ trì»). Kiểm tra phụ lục của kế hoạch có phải là bảng không.",
        "No task table found in the Word file (expected a table with columns such as STT, content/task, lead). "
        "Check that the plan's appendix is a real table.",
    ),
    "import.note_source": (
        "Nhập từ tệp Word «{name}» bằng cchc-sheets import. Hãy đối chiếu lại với bản gốc trước khi dùng.",
        "Imported from the Word file '{name}' by cchc-sheets import. Check it against the original before use.",
    ),
    "import.note_no_criteria": (
        "Chưa có bộ tiêu chí: trang «Tiêu chí» chỉ có dòng tiêu đề. Dán bộ tiêu chí của tỉnh vào, "
        "hoặc chạy lại với --criteria.",
        "No criteria set given: the 'Tiêu chí' sheet has only its header. Paste the province's set, "
        "or run again with --criteria.",
    ),
    "import.note_suggestions": (
        "Cột «Gợi ý mã tiêu chí (tự động)» chỉ là gợi ý theo độ giống của nội dung; "
        "hãy kiểm tra rồi nhập mã vào cột «Mã tiêu chí».",
        "The suggested-code column is a text-similarity guess; check it, then type the code into 'Mã tiêu chí'.",
    ),
    "import.note_skipped": (
        "Các cột không nhận ra, chưa nhập: {headers}.",
        "Columns not recognised, not imported: {headers}.",
    ),
})

HEADER_ROWS = 3  # a table's header is among its first rows (a title row may sit above it)
_ITALIC_TAG = re.compile(r"</?i>", re.IGNORECASE)
_TASK_INDEX = cols.alias_index(cols.TASK_COLUMNS)
_ACTIVITY_FIELDS = ("activity", "output", "lead", "support", "deadline_text", "due_date", "budget", "note")


@dataclass(slots=True)
class ImportResult:
    """The workbook content and what the import did, for the command's summary."""

    data: PlanData
    tasks: int
    sections: int
    activities: int
    skipped_headers: list[str] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (message key, args)


@dataclass(slots=True)
class _Page:
    """One Word table as a grid, and the grid row its data starts at."""

    grid: Grid
    first_row: int
    kind: str | None = None  # the task kind its appendix's heading names (Phụ lục 1 duy trì / 2 khắc phục)


@dataclass(slots=True)
class _Block:
    """One appendix table, possibly printed over several Word tables (pages)."""

    layout: Layout
    width: int
    pages: list[_Page] = field(default_factory=list)


def import_docx(path: Path, criteria: list[Criterion] | None = None,
                assessed_year: int | None = None) -> ImportResult:
    """Read the Word plan at *path* into the content of a standard workbook.

    Raises :class:`UnreadableFile` when the file is not a .docx or holds no task table.
    """
    lines, blocks = _scan(_open(path))
    if not blocks:
        raise UnreadableFile("import.no_table", path=str(path))
    kinds = [item for block in blocks for item in _block_rows(block)]
    info = opening_info(lines)
    if assessed_year is not None:
        info.update(assessed_year=assessed_year, plan_year=assessed_year + 1)
    data = PlanData(criteria=list(criteria or []), info=info, tasks=[row for _, row in kinds])
    count = Counter(kind for kind, _ in kinds)
    result = ImportResult(data, count[TASK], count[SECTION], count[ACTIVITY])
    result.skipped_headers = [text for block in blocks for text in _skipped_headers(block)]
    if criteria:
        _suggest(kinds, criteria)
        data.suggestions = True
    _add_notes(result, path, bool(criteria))
    return result


def _suggest(kinds: list[tuple[str, TaskRow]], criteria: list[Criterion]) -> None:
    """Put the best-matching criterion, with its score, in each task's suggestion cell."""
    from cchc_sheets.compute.suggest import Suggester

    suggester = Suggester(criteria)
    section: str | None = None
    for kind, row in kinds:
        if kind == SECTION:
            section = row.section
        elif kind == TASK:
            best = suggester.best(_task_text(row), section)
            row.values["suggestion"] = best.label if best else None


def _task_text(row: TaskRow) -> str:
    """What a task is about: its content and task texts (activities only add detail)."""
    return " ".join(str(row.values[name]) for name in ("content", "task") if row.values.get(name))


def _open(path: Path) -> Any:
    """The python-docx document, or the clear sentence when the bytes are not a .docx.

    The zip directory is checked first, as for workbooks: python-docx inflates every part it
    reads without a limit, so a zip bomb would fill the memory before any sentence is said. And
    since a directory may lie (a part declaring 1,000 bytes that holds 2 GiB), every part is first
    inflated in steps and its CRC checked (``testzip``), which costs one step for a lying part.
    """
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(path) as archive:
            check_zip_sizes(archive, path)
            _refuse_entities(archive, path)
            if archive.testzip() is not None:  # every part in 1 MiB steps, CRC checked: no part lies
                raise zipfile.BadZipFile("a part does not match its zip directory entry")
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile("import.not_docx", path=str(path)) from exc


def _refuse_entities(archive: Any, path: Path) -> None:
    """An XML part with a DTD (entity declarations: the "billion laughs") is refused with its
    own sentence; the parser would not expand it, but then says nothing true about the file."""
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")):
            with archive.open(info) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise UnreadableFile("import.dtd", path=str(path))


# --- finding the tables ------------------------------------------------------------------------
def _scan(document: Any) -> tuple[list[str], list[_Block]]:
    """The text lines before the first task table, and the task tables joined across pages."""
    from docx.table import Table

    lines: list[str] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    heading: list[str] = []  # the paragraphs since the last table
    kind: str | None = None
    for item in document.iter_inner_content():
        if not isinstance(item, Table):
            if not blocks:
                lines.extend(_lines(item.text))
            heading.extend(_lines(item.text))
            continue
        grid = _table_grid(item)
        if heading:
            kind, heading = appendix_kind(heading), []
        current = _place_table(grid, current, blocks)
        if current is not None:
            current.pages[-1].kind = kind
        if current is None and not blocks:
            lines.extend(_grid_lines(grid))
    return lines, blocks


_APPENDIX = re.compile(r"^phu luc\s*(\d+|[ivx]+)\b")


def appendix_kind(lines: list[str]) -> str | None:
    """The kind a numbered appendix's heading gives its tasks: «Phụ lục 1 … DUY TRÌ …» or
    «Phụ lục 2 … KHẮC PHỤC …» (as ``plan-docx`` and seed plans title them); None when the heading
    names both or neither, or the appendix is not numbered (one appendix holds every kind)."""

    folded = [fold(line) for line in lines]
    at = next((i for i, line in enumerate(folded) if _APPENDIX.match(line)), None)
    if at is None:
        return None
    title = " ".join(folded[at:at + 3])
    found = [kind for kind in (KIND_MAINTAIN, KIND_REMEDY) if fold(kind) in title]
    return found[0] if len(found) == 1 else None


def _place_table(grid: Grid, current: _Block | None, blocks: list[_Block]) -> _Block | None:
    """Add *grid* to the current block (a page break), start a new block, or end the current one."""
    header = _table_header(grid)
    if header is not None:
        row, found = header
        if current is not None and current.width == grid.max_col and found == current.layout.columns:
            current.pages.append(_Page(grid, row + 1))
            return current
        block = _Block(_layout(grid, row, found), grid.max_col, [_Page(grid, row + 1)])
        blocks.append(block)
        return block
    if current is not None and current.width == grid.max_col:
        current.pages.append(_Page(grid, 1))
        return current
    return None


def _table_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The header row among the table's first rows: it must name STT, a task text and a lead."""
    for row in range(1, min(grid.max_row, HEADER_ROWS) + 1):
        found = {k: v for k, v in header_fields(grid, row, _TASK_INDEX).items() if k != "auto"}
        if "seq" in found and ({"task", "content"} & found.keys()) and "lead" in found:
            return row, found
    return None


def _layout(grid: Grid, header_row: int, found: dict[str, int]) -> Layout:
    layout = Layout("docx", header_row, columns=found, max_col=grid.max_col, max_row=grid.max_row)
    layout.headers = {col: text_value(grid.value(header_row, col)) or "" for col in range(1, grid.max_col + 1)}
    return layout


def _skipped_headers(block: _Block) -> list[str]:
    """Header texts of columns the aliases did not recognise (their content is not imported)."""
    used = set(block.layout.columns.values())
    return [text for col, text in block.layout.headers.items() if text and col not in used]


def _table_grid(table: Any) -> Grid:
    """The Word table as a grid: text at each merged cell's first position, merges as ranges.

    python-docx yields the same ``<w:tc>`` for every grid position a merged cell covers (across
    for a horizontal span, down for a vertical one), so positions sharing an element form a range.
    """
    width = len(table.columns)
    spans: dict[Any, list[int]] = {}
    grid = Grid("docx")
    for r, row in enumerate(table.rows, start=1):
        before = row.grid_cols_before
        for c, cell in enumerate(row.cells, start=before + 1):
            span = spans.get(cell._tc)
            if span is None:
                spans[cell._tc] = [r, c, r, c]
                text = cell_text(cell)
                if text:
                    grid.cells[(r, c)] = CellData(text)
            else:
                span[2], span[3] = max(span[2], r), max(span[3], c)
    grid.merged = [(r1, c1, r2, c2) for r1, c1, r2, c2 in spans.values() if (r1, c1) != (r2, c2)]
    grid.finish()
    grid.max_row, grid.max_col = len(table.rows), width
    return grid


def cell_text(cell: Any) -> str:
    """A cell's text as typed: NFC, paragraphs joined with line breaks, ``<i>`` remnants removed."""
    text = "\n".join(paragraph.text for paragraph in cell.paragraphs)
    return _ITALIC_TAG.sub("", nfc(text)).strip()


def _lines(text: str) -> list[str]:
    return [line for line in (clean(part) for part in text.split("\n")) if line]


def _grid_lines(grid: Grid) -> list[str]:
    """A layout table's text (the letterhead is often a borderless table), row by row."""
    return [line for key in sorted(grid.cells) for line in _lines(str(grid.cells[key].value))]


# --- rows --------------------------------------------------------------------------------------
SECTION, TASK, ACTIVITY, FRAGMENT = "section", "task", "activity", "fragment"


def _starts_task(grid: Grid, row: int, layout: Layout) -> bool:
    """A row without STT that the reader will read as a task of its own (its STT was lost)."""
    return continuation_role(own_texts(grid, row, layout))[1]


def _adds_activity(grid: Grid, row: int, layout: Layout) -> bool:
    """False for a row that only continues the task's texts (the reader adds no activity for it)."""
    own = own_texts(grid, row, layout)
    fragments, _ = continuation_role(own)
    return any(field in ACTIVITY_FIELDS and field not in fragments for field in own)


def _block_rows(block: _Block) -> list[tuple[str, TaskRow]]:
    """The block's rows as workbook rows, each with its kind: section, task or activity.

    Kinds follow the reader: a row without STT right after a section is a task, since there is
    no task above for it to continue.
    """
    rows: list[tuple[str, TaskRow]] = []
    group: list[TaskRow] = []  # the current task row and its continuations
    for number, page in enumerate(block.pages):
        grid, layout = page.grid, block.layout
        for row in range(page.first_row, grid.max_row + 1):
            if is_repeated_header(grid, row, layout, _TASK_INDEX) or is_column_numbers(grid, row, layout):
                continue
            if number > 0 and row == page.first_row:
                _take_split_rests(grid, row, layout, group)
            shape = row_shape(grid, row, layout)
            if shape == "blank":
                continue
            if shape == "section":
                group = []
                rows.append((SECTION, _section_row(grid, row, layout)))
            elif shape == "task" or not group or _starts_task(grid, row, layout):
                group = [_task_row(grid, row, layout)]
                if page.kind and "kind" not in group[0].values:
                    group[0].values["kind"] = page.kind
                rows.append((TASK, group[0]))
            else:
                group.append(TaskRow(_values(grid, row, layout, continuation=True)))
                rows.append((ACTIVITY if _adds_activity(grid, row, layout) else FRAGMENT, group[-1]))
    return rows


def _task_row(grid: Grid, row: int, layout: Layout) -> TaskRow:
    values = _values(grid, row, layout, continuation=False)
    values["seq"] = _seq_value(values.get("seq"))
    return TaskRow(values)


def _section_row(grid: Grid, row: int, layout: Layout) -> TaskRow:
    """``I | CHỈ SỐ PAR-INDEX``, ``| CHỈ SỐ SIPAS``, or the title alone in the STT column."""
    seq_col = layout.columns["seq"]
    seq = _raw(grid, row, seq_col)
    texts = [_raw(grid, row, c) for c in sorted(layout.columns.values()) if c != seq_col]
    title = next((text for text in texts if text), None)
    if title is None:  # the title was typed (or merged) into the STT column
        return TaskRow({"seq": None}, section=seq or "")
    return TaskRow({"seq": seq}, section=title)


def _values(grid: Grid, row: int, layout: Layout, continuation: bool) -> dict[str, Any]:
    """Field -> cell text. A continuation row carries its own activity fields (merged ones
    included: a lead merged over three activities leads all three) but a task text only where it
    was typed, since the reader appends such text to the task above.
    """
    values: dict[str, Any] = {}
    for name, col in layout.columns.items():
        if continuation and (name == "seq" or (name not in _ACTIVITY_FIELDS and grid.is_merged_copy(row, col))):
            continue
        text = _raw(grid, row, col)
        if text:
            values[name] = text
    return values


def _raw(grid: Grid, row: int, col: int) -> str | None:
    value = grid.value(row, col)
    return str(value) if value is not None else None


def _seq_value(seq: str | None) -> int | str | None:
    """``12``, ``12.`` and ``12)`` are written as the number 12, as clerks type it in Excel (the
    reader reports ``12.`` in an STT cell as not a number); anything else stays text.
    """
    match = re.fullmatch(r"(\d+)[.)]?", seq or "")
    return int(match.group(1)) if match else seq


def _take_split_rests(grid: Grid, row: int, layout: Layout, group: list[TaskRow]) -> None:
    """Append the cells of a page's first row that continue a cell cut by the page break.

    Such a row has no STT, and each cut cell goes on in lower case (``dịch vụ BCCI đạt 60%``);
    the text joins the nearest cell above in the same task. The cells are cleared from the grid
    so that what remains (a new activity, or nothing) is read as usual.
    """
    if not group or text_value(grid.value(row, layout.columns["seq"])):
        return
    for name, col in layout.columns.items():
        text = _raw(grid, row, col)
        target = next((r for r in reversed(group) if r.values.get(name)), None)
        if text and text[0].islower() and target is not None:
            target.values[name] = f"{target.values[name]} {text}"
            del grid.cells[(row, col)]


def _add_notes(result: ImportResult, path: Path, with_criteria: bool) -> None:
    """Notes for the clerk, shown under ``Thông tin`` and by the command."""
    result.notes.append(("import.note_source", {"name": path.name}))
    result.notes.append(("import.note_suggestions", {}) if with_criteria else ("import.note_no_criteria", {}))
    if result.skipped_headers:
        result.notes.append(("import.note_skipped", {"headers": ", ".join(f"«{h}»" for h in result.skipped_headers)}))
    result.data.notes = [t(key, "vi", **args) for key, args in result.notes]


# --- Thông tin from the opening lines ------------------------------------------------------------
_LEVELS = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "huyen": "huyện", "quan": "quận",
           "thi xa": "thị xã", "thanh pho": "thành phố"}
_LEVEL = "(" + "|".join(sorted(_LEVELS, key=len, reverse=True)) + ")"
_BODY = r"(?:uy ban nhan dan|ubnd)"
_UNIT_PATTERNS = (
    re.compile(rf"^{_BODY} {_LEVEL} (.+)$"),  # the letterhead: ỦY BAN NHÂN DÂN / PHƯỜNG 2
    re.compile(rf"cua {_BODY} {_LEVEL} ([^()]+?)\)"),  # the appendix: (Kèm theo ... của UBND xã Phú Linh)
    re.compile(rf"{_BODY} {_LEVEL} ((?:\S+ ){{0,3}}?\S+) ban hanh ke hoach"),  # the opening sentence
)
LETTERHEAD_LINES = 12
_NUMBER = re.compile(r"^so\s*:?\s*(\d[^\s/]*/\S+)")
_PLACE_DATE = re.compile(r"^[^,]{2,60}, ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_ASSESSED = re.compile(r"chi so (?:cai cach hanh chinh|cchc)[^.;]*? nam (\d{4})")
_PLAN_YEAR = re.compile(r"(?:cai cach hanh chinh|cchc)[^.;]*? nam (\d{4})")


def opening_info(lines: list[str]) -> dict[str, Any]:
    """``Thông tin`` fields found in the document's opening lines (absent ones are left out)."""
    info: dict[str, Any] = dict(_unit(lines))
    for line in lines:
        folded = fold(line)
        number, date = _NUMBER.match(folded), _PLACE_DATE.match(folded)
        if number and "plan_number" not in info:
            info["plan_number"] = _slice(line, number, 1)
        if date and "issued_on" not in info:
            info["issued_on"] = parse_date_text("/".join(date.groups())) if date.group(1) else None
    info.update(_years([fold(line) for line in lines]))
    return {key: value for key, value in info.items() if value is not None}


def _slice(line: str, match: re.Match[str], group: int) -> str:
    """The original (accented) text of a group matched on the folded line.

    Folding keeps one character per character for NFC Vietnamese, so positions carry over.
    """
    return line[match.start(group):match.end(group)]


def _unit(lines: list[str]) -> dict[str, str]:
    """Issuing body: the letterhead, else the appendix line, else the opening sentence.

    A commune's letterhead names the district first (``UBND HUYỆN SÓC SƠN`` above
    ``UBND XÃ PHÙ LINH``), so its last body wins; a bare ``ỦY BAN NHÂN DÂN`` line goes on in the next.
    """
    head = [f"{line} {lines[at + 1]}" if fold(line) in ("uy ban nhan dan", "ubnd") and at + 1 < len(lines)
            else line for at, line in enumerate(lines[:LETTERHEAD_LINES])]
    letterhead = [(m, line) for line in head if len(line) <= 60 for m in [_UNIT_PATTERNS[0].search(fold(line))] if m]
    match, line = letterhead[-1] if letterhead else _first_unit_match(lines)
    if match is None:
        return {}
    level = _LEVELS[match.group(1)]
    name = _slice(line, match, 2).strip(" .,;")
    return {"unit_name": f"UBND {level} {name.title() if name.isupper() else name}", "unit_level": level}


def _first_unit_match(lines: list[str]) -> tuple[re.Match[str] | None, str]:
    for pattern in _UNIT_PATTERNS[1:]:
        for line in lines:
            match = pattern.search(fold(line))
            if match:
                return match, line
    return None, ""


def _years(folded: list[str]) -> dict[str, int]:
    """Assessed year from the title (``... Chỉ số cải cách hành chính năm 2023``).

    A yearly CCHC plan (``Thực hiện công tác cải cách hành chính năm 2023``) names the plan
    year instead; the assessed year is then the year before.
    """
    at = next((i for i, f in enumerate(folded) if f == "ke hoach"), None)
    if at is None:
        return {}
    title = " ".join(folded[at + 1:at + 3])
    match = _ASSESSED.search(title)
    if match:
        year = int(match.group(1))
        return {"assessed_year": year, "plan_year": year + 1}
    match = _PLAN_YEAR.search(title)
    if match:
        year = int(match.group(1))
        return {"assessed_year": year - 1, "plan_year": year}
    return {}

