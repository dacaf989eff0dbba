"""Read a remediation-plan workbook the way clerks really fill it.

Tolerances (each has a test): sheet names folded for case/diacritics; the header row found
among the first rows; header aliases with numbering prefixes, line breaks, any case, NFD;
title rows above the header; the header repeated mid-sheet (page breaks) and column-number
rows; section rows (Roman STT or a lone title); continuation rows that add an activity to the
task above; merged cells (the value belongs to every covered row); comma decimals; dates as
serials or day-first text; formula cells (scores computed, caches never trusted); extra sheets
and columns (ignored, kept). Reading never modifies the file. Problems become findings at their
cell; only an unreadable file raises :class:`~cchc_sheets.core.errors.UnreadableFile`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cchc_sheets.core import columns as cols
from cchc_sheets.core.codes import link_tree, normalise_code, points_kind_of, section_index, split_codes
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.findings import Finding
from cchc_sheets.core.i18n import register
from cchc_sheets.core.model import (
    INDEX_PAR,
    INDEXES,
    KINDS,
    METHOD_APPRAISAL,
    METHOD_SELF,
    METHOD_SURVEY,
    NOT_APPLICABLE_FOLDED,
    SHEET_CRITERIA,
    SHEET_FINDINGS,
    SHEET_INFO,
    SHEET_LISTS,
    SHEET_SUMMARY,
    SHEET_TASKS,
    STANDARD_SHEETS,
    STATUSES,
    Activity,
    Agency,
    Criterion,
    Layout,
    Lists,
    Plan,
    Pos,
    Section,
    Sourced,
    Task,
)
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import Unreadable, date_value, int_value, number_value, roman_to_int, text_value
from cchc_sheets.read.ooxml import Grid, Workbook

register({
    "file.not_standard": (
        "Không phải sổ theo dõi chuẩn: cần các trang {expected}; tệp chỉ có các trang {found}.",
        "Not the standard workbook: expected sheets {expected}; the file has {found}.",
    ),
})

HEADER_SCAN_ROWS = 25
# field -> (value kind, canonical header), per table
_INFO_KINDS = {c.field: (c.kind, c.header) for c in cols.INFO_LABELS}
_CRITERIA_KINDS = {c.field: (c.kind, c.header) for c in cols.CRITERIA_COLUMNS}
_TASK_KINDS = {c.field: (c.kind, c.header) for c in cols.TASK_COLUMNS}
_STATUS_AUTO_KEYS = {cols.header_key(header) for header in cols.AUTO_HEADERS.values()}
_FRAGMENT_FIELDS = ("content", "task", "activity", "output")
ACTIVITY_FIELDS = ("activity", "output", "lead", "support", "deadline_text", "budget")
HEADER_SCAN_COLS = 200  # a header is never wider; a stray cell at XFD1 must not make every scan 16,384 wide
_SEQ_NUMBER = re.compile(r"^\d+(\.\d+)*[.)]?$")
_TITLE_LABEL = re.compile(r"^([IVXLC]+|[A-Z])[.)]\s+\S")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")

_INDEX_ALIASES = {fold(name): name for name in INDEXES} | {
    fold(alias): INDEX_PAR for alias in ("PAR-INDEX", "PAR_INDEX", "PARINDEX", "Chỉ số CCHC", "CCHC", "PAR")
} | {fold("Chỉ số hài lòng"): "SIPAS"}
_METHOD_ALIASES = {fold(name): name for name in (METHOD_SELF, METHOD_APPRAISAL, METHOD_SURVEY)} | {
    fold(alias): METHOD_SURVEY for alias in ("Điều tra xã hội học", "XHH", "Điều tra", "Điều tra XH")
} | {fold("Tự chấm"): METHOD_SELF, fold("Tự chấm điểm"): METHOD_SELF}
_STATUS_ALIASES = {fold(name): name for name in STATUSES} | {
    fold("Đã hoàn thành"): STATUSES[2], fold("Chưa bắt đầu"): STATUSES[0], fold("Đang triển khai"): STATUSES[1],
    fold("Hủy"): STATUSES[3], fold("Không triển khai"): STATUSES[3],
}
_KIND_ALIASES = {fold(name): name for name in KINDS}


def read_plan(path: str | Path, book: Workbook | None = None) -> Plan:
    """Read one workbook into a :class:`Plan` with the reader's findings attached.

    *book* is the same file already opened (the merge opens it once to look for its marker).
    """
    path = Path(path)
    if book is None:
        with Workbook(path) as opened:
            return read_plan(path, opened)
    roles = _assign_sheets([ref.name for ref in book.sheets])
    plan = Plan(str(path))
    plan.sheet_names = {role: name for role, name in roles.items() if name}
    plan.other_sheets = [r.name for r in book.sheets if r.name not in roles.values()]
    refs = {ref.name: ref for ref in book.sheets}
    grids = {role: book.grid(refs[name]) for role, name in plan.sheet_names.items()
             if role not in (SHEET_SUMMARY, SHEET_FINDINGS)}
    _guess_tasks_sheet(plan, book, refs, grids)
    _Reader(plan, grids).run()
    return plan


def _assign_sheets(names: list[str]) -> dict[str, str]:
    """Standard role -> the sheet's name as written (matched ignoring case and diacritics)."""
    by_key = {fold(name): name for name in names}
    return {role: by_key.get(fold(role), "") for role in STANDARD_SHEETS}


def _guess_tasks_sheet(plan: Plan, book: Workbook, refs: dict[str, Any], grids: dict[str, Grid]) -> None:
    """A plan pasted into ``Sheet1`` still reads: take the first sheet with a task header.

    Raises when the workbook has neither tasks nor criteria: it is not a plan workbook.
    """
    if SHEET_TASKS in plan.sheet_names:
        return
    index = cols.alias_index(cols.TASK_COLUMNS)
    for name in plan.other_sheets:
        grid = book.grid(refs[name])
        if _find_header(grid, index, minimum=3) is not None:
            plan.sheet_names[SHEET_TASKS] = name
            plan.other_sheets.remove(name)
            grids[SHEET_TASKS] = grid
            plan.findings.append(Finding("SHEET-GUESSED", name, args={"sheet": SHEET_TASKS, "used": name}))
            return
    if SHEET_CRITERIA not in plan.sheet_names:
        raise UnreadableFile(
            "file.not_standard", path=plan.path,
            expected=", ".join(f"«{s}»" for s in STANDARD_SHEETS[:3]),
            found=", ".join(f"«{n}»" for n in refs),
        )


def _find_header(grid: Grid, index: dict[str, str], minimum: int) -> tuple[int, dict[str, int]] | None:
    """The first row (among the first rows) naming the most known columns, with field -> column."""
    best: tuple[int, dict[str, int]] | None = None
    for row in range(1, min(grid.max_row, HEADER_SCAN_ROWS) + 1):
        found = header_fields(grid, row, index)
        if len(found) >= minimum and (best is None or len(found) > len(best[1])):
            best = (row, found)
    return best


def header_fields(grid: Grid, row: int, index: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in range(1, min(grid.max_col, HEADER_SCAN_COLS) + 1):
        cell = grid.cells.get((row, col))
        if cell is None or not isinstance(cell.value, str) or len(cell.value) > 80:
            continue
        if cols.is_auto_header(cell.value):
            if cols.header_key(cell.value) in _STATUS_AUTO_KEYS:  # other auto columns are not ours to read
                found.setdefault("auto", col)
            continue
        field = cols.match_header(cell.value, index)
        if field is not None:
            found.setdefault(field, col)
    return found


class _Reader:
    """Reads the standard sheets of one workbook into its plan, collecting findings."""

    def __init__(self, plan: Plan, grids: dict[str, Grid]) -> None:
        self.plan = plan
        self.grids = grids

    def run(self) -> None:
        self._missing_sheets()
        if SHEET_INFO in self.grids:
            self._read_info(self.grids[SHEET_INFO])
        if SHEET_LISTS in self.grids:
            self._read_lists(self.grids[SHEET_LISTS])
        if SHEET_CRITERIA in self.grids:
            self._read_criteria(self.grids[SHEET_CRITERIA])
        if SHEET_TASKS in self.grids:
            self._read_tasks(self.grids[SHEET_TASKS])
        self._legacy_fonts()

    # --- helpers -----------------------------------------------------------------------------
    def _missing_sheets(self) -> None:
        found = ", ".join(f"«{n}»" for n in [*self.plan.sheet_names.values(), *self.plan.other_sheets])
        for role in (SHEET_INFO, SHEET_CRITERIA, SHEET_TASKS):
            if role not in self.plan.sheet_names:
                self.plan.findings.append(Finding("SHEET-MISSING", args={"sheet": role, "found": found}))

    def _typed(self, target: Sourced, field: str, kind: str, grid: Grid, row: int, col: int,
               header: str) -> Any:
        """Read one cell as *kind*, remember where it came from, and record a finding if unreadable."""
        cell = grid.get(row, col)
        if cell is None:
            return None
        pos = Pos(grid.name, row, col)
        target.source[field] = pos
        target.raw[field] = cell.value
        value = grid.text(row, col) if kind == cols.TEXT else _convert(cell.value, kind)
        if isinstance(value, Unreadable):
            code = {"number": "CELL-NOT-NUMBER", "integer": "CELL-NOT-INTEGER",
                    "impossible_date": "CELL-IMPOSSIBLE-DATE"}.get(value.why, "CELL-NOT-DATE")
            self.plan.findings.append(Finding(code, pos.sheet, row, col, cell.value, {"header": header}, header))
            return None
        return value

    def _legacy_fonts(self) -> None:
        """One warning per sheet: the first cell typed in a TCVN3/VNI font."""
        for grid in self.grids.values():
            legacy = sorted(key for key, cell in grid.cells.items() if cell.legacy_font)
            if legacy:
                row, col = legacy[0]
                self.plan.findings.append(Finding("CELL-LEGACY-FONT", grid.name, row, col,
                                                  grid.cells[(row, col)].value, {"font": "TCVN3/VNI"}))

    # --- Thông tin ---------------------------------------------------------------------------
    def _read_info(self, grid: Grid) -> None:
        index = cols.alias_index(cols.INFO_LABELS)
        kinds = _INFO_KINDS
        info = self.plan.info
        for row in _used_rows(grid, 1):
            for col in range(1, min(grid.max_col, 3) + 1):
                label = grid.value(row, col)
                field = cols.match_header(label, index) if isinstance(label, str) else None
                if field is None or field in info.source:
                    continue
                kind, header = kinds[field]
                info.source[field] = Pos(grid.name, row, col + 1)
                setattr(info, field, self._typed(info, field, kind, grid, row, col + 1, header))
                break
        if info.preparer and not info.phone and "/" in info.preparer:
            name, _, phone = info.preparer.partition("/")
            info.preparer, info.phone = name.strip() or None, phone.strip() or None

    # --- Danh mục ----------------------------------------------------------------------------
    def _read_lists(self, grid: Grid) -> None:
        header = _find_header(grid, cols.alias_index(cols.LIST_COLUMNS), minimum=1)
        if header is None:
            return
        header_row, found = header
        lists = Lists()
        for field in ("statuses", "kinds", "indexes", "methods"):
            if field in found:
                values = _column_texts(grid, found[field], header_row)
                if values:
                    setattr(lists, field, values)
        if "agency" in found:
            for row in _used_rows(grid, header_row + 1):
                name = grid.text(row, found["agency"])
                if not name:
                    continue
                aliases = grid.text(row, found["aliases"]) if "aliases" in found else None
                lists.agencies.append(Agency(name, [a.strip() for a in (aliases or "").split(";") if a.strip()]))
        self.plan.lists = lists

    # --- Tiêu chí ----------------------------------------------------------------------------
    def _layout(self, role: str, grid: Grid, columns: tuple[cols.Column, ...]) -> Layout | None:
        header = _find_header(grid, cols.alias_index(columns), minimum=2)
        if header is None:
            expected = ", ".join(f"«{c.header}»" for c in columns if c.required)
            self.plan.findings.append(Finding("HEADER-NOT-FOUND", grid.name, args={"sheet": grid.name,
                                                                                    "expected": expected}))
            return None
        header_row, found = header
        layout = Layout(grid.name, header_row, columns={k: v for k, v in found.items() if k != "auto"},
                        auto_col=found.get("auto"), max_col=grid.max_col, max_row=grid.max_row)
        layout.headers = {col: grid.text(header_row, col) or "" for col in range(1, grid.max_col + 1)}
        for column in columns:
            if column.required and column.field not in layout.columns:
                self.plan.findings.append(Finding(
                    "COLUMN-MISSING", grid.name, header_row,
                    args={"column": column.header, "sheet": grid.name,
                          "alias": column.aliases[0] if column.aliases else column.header}))
        self.plan.layouts[role] = layout
        return layout

    def _read_criteria(self, grid: Grid) -> None:
        layout = self._layout(SHEET_CRITERIA, grid, cols.CRITERIA_COLUMNS)
        if layout is None:
            return
        kinds = _CRITERIA_KINDS
        index = cols.alias_index(cols.CRITERIA_COLUMNS)
        for row in _used_rows(grid, layout.header_row + 1):
            if is_repeated_header(grid, row, layout, index) or is_column_numbers(grid, row, layout):
                continue
            code_col = layout.columns.get("code")
            raw_code = grid.value(row, code_col) if code_col else None
            name = grid.text(row, layout.columns["name"]) if "name" in layout.columns else None
            if raw_code is None and not name:
                continue
            crit = Criterion(code=normalise_code(raw_code) if raw_code is not None else "", row=row)
            crit.name = name or ""
            for field, col in layout.columns.items():
                if field in ("code", "lost_points"):
                    if field == "code":
                        crit.source["code"], crit.raw["code"] = Pos(grid.name, row, col), raw_code
                    continue
                kind, header = kinds[field]
                cell = grid.get(row, col)
                if cell is not None and cell.formula and field in ("max_points", "achieved_points"):
                    crit.source[field] = Pos(grid.name, row, col)  # a SUM(): we add the children ourselves
                    continue
                value = self._typed(crit, field, kind, grid, row, col, header)
                if field != "name":
                    setattr(crit, field, value)
            crit.index = _canonical(crit.raw.get("index"), _INDEX_ALIASES) or ""
            crit.method = _canonical(crit.raw.get("method"), _METHOD_ALIASES)
            crit.points_kind = points_kind_of(crit.raw.get("points_kind")) or ""
            crit.not_applicable = _flagged(crit.raw.get("not_applicable")) or (
                crit.method is not None and fold(crit.method) in NOT_APPLICABLE_FOLDED)
            layout.data_rows.append(row)
            self.plan.criteria.append(crit)
        link_tree(self.plan.criteria)

    # --- Nhiệm vụ ----------------------------------------------------------------------------
    def _read_tasks(self, grid: Grid) -> None:
        layout = self._layout(SHEET_TASKS, grid, cols.TASK_COLUMNS)
        if layout is None:
            return
        index = cols.alias_index(cols.TASK_COLUMNS)
        section: Section | None = None
        task: Task | None = None
        after_break = False  # the previous row was the header printed again after a page break
        for row in _used_rows(grid, layout.header_row + 1):
            if is_repeated_header(grid, row, layout, index):
                after_break = True
                continue
            if is_column_numbers(grid, row, layout):
                continue
            shape = row_shape(grid, row, layout)
            if shape == "blank":
                continue
            if shape == "section":
                section = self._section(grid, row, layout)
                task = None
            elif shape == "task" or task is None:
                task = self._task(grid, row, layout, section)
            else:
                task = self._continuation(task, grid, row, layout, after_break)
            after_break = False
            layout.data_rows.append(row)

    def _section(self, grid: Grid, row: int, layout: Layout) -> Section:
        seq_col = layout.columns.get("seq")
        label: str | None = grid.text(row, seq_col) if seq_col else None
        texts = [grid.text(row, c) for c in sorted(layout.columns.values()) if c != seq_col]
        title = next((t for t in texts if t), label or "")
        if label and not roman_to_int(label):
            title, label = label, None  # a title merged across the row from column A
        if label is None:
            match = _TITLE_LABEL.match(title)
            label = match.group(1) if match else None
        section = Section(row=row, label=label, title=title, index=section_index(title))
        section.source["title"] = Pos(grid.name, row, seq_col or 1)
        self.plan.sections.append(section)
        return section

    def _task(self, grid: Grid, row: int, layout: Layout, section: Section | None) -> Task:
        task = Task(row=row, last_row=row, section=section)
        kinds = _TASK_KINDS
        for field, col in layout.columns.items():
            kind, header = kinds[field]
            setattr(task, field, self._typed(task, field, kind, grid, row, col, layout.header_of(col) or header))
        task.criteria_codes = task.criteria_codes or []
        task.seq = text_value(task.raw.get("seq")) if "seq" in task.raw else None
        if isinstance(task.seq, str) and task.seq.endswith((".", ")")):
            task.seq = task.seq[:-1]
        task.status = _canonical(task.raw.get("status"), _STATUS_ALIASES)
        task.kind = _canonical(task.raw.get("kind"), _KIND_ALIASES)
        task.progress = _percent(task.progress, grid, row, layout.columns.get("progress"))
        self.plan.tasks.append(task)
        return task

    def _continuation(self, task: Task, grid: Grid, row: int, layout: Layout, after_break: bool) -> Task:
        """A row with no STT under a task: the rest of a cell cut by a page break, one more
        activity, or — when it has a task text of its own — a task whose STT is missing.

        Returns the task later rows continue (the new one, when this row starts a task).
        """
        fragments, starts_task = continuation_role(own_texts(grid, row, layout), after_break)
        self._append_fragments(task, fragments, grid, row, layout)
        if starts_task:
            return self._task(grid, row, layout, task.section)
        activity = Activity(row=row)
        for field in ACTIVITY_FIELDS:
            col = layout.columns.get(field)
            value = grid.value(row, col) if col else None
            if field in fragments or text_value(value) is None:
                continue
            setattr(activity, field, text_value(value))
            activity.source[field] = Pos(grid.name, row, col)  # type: ignore[arg-type]
            activity.raw[field] = value
        if any(getattr(activity, f) for f in ACTIVITY_FIELDS):
            task.activities.append(activity)
        task.last_row = row
        return task

    @staticmethod
    def _append_fragments(task: Task, fragments: dict[str, str], grid: Grid, row: int, layout: Layout) -> None:
        """Join the rest of a cut cell to the cell it belongs to (the last activity's, else the task's)."""
        for field, text in fragments.items():
            owner: Task | Activity = task
            if field in ("activity", "output") and task.activities and getattr(task.activities[-1], field):
                owner = task.activities[-1]
            current = getattr(owner, field)
            setattr(owner, field, f"{current} {text}" if current else text)
            owner.source.setdefault(field, Pos(grid.name, row, layout.columns[field]))
        if fragments:
            task.last_row = row


def own_texts(grid: Grid, row: int, layout: Layout) -> dict[str, str]:
    """Texts typed in this row itself (a merged range's copy from above is not the row's own)."""
    texts = {}
    for field, col in layout.columns.items():
        value = grid.text(row, col)
        if value and not grid.is_merged_copy(row, col):
            texts[field] = value
    return texts


def continuation_role(own: dict[str, str], after_break: bool = False) -> tuple[dict[str, str], bool]:
    """For a row without STT: the texts that continue cells above, and whether the rest starts a task.

    Right after a page break (a repeated header), text starting in lower case is the rest of a
    sentence cut by the break. What remains starts a task when it has a task text of its own
    plus a lead, a deadline or an activity (a task whose STT was lost); otherwise its content and
    task texts continue the task's and its other cells are one more activity.
    """
    fragments = {f: v for f, v in own.items() if after_break and f in _FRAGMENT_FIELDS and _is_fragment(v)}
    rest = {f for f in own if f not in fragments}
    starts_task = "task" in rest and bool(rest & {"lead", "deadline_text", "activity"})
    if not starts_task:
        fragments |= {f: own[f] for f in ("content", "task") if f in rest}
    return fragments, starts_task


def _is_fragment(text: str) -> bool:
    """The rest of a sentence cut by a page break starts in lower case (``người dân, tổ chức``)."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return bool(first) and first.islower()


def _convert(value: Any, kind: str) -> Any:
    if kind == cols.NUMBER:
        return number_value(value)
    if kind == cols.INTEGER:
        return int_value(value)
    if kind == cols.DATE:
        return date_value(value)
    if kind == cols.CODES:
        return split_codes(value)
    return text_value(value)


_NO_FLAG = {"", "0", "khong", "no", "false", "-"}


def _flagged(value: Any) -> bool:
    """A flag cell: ``x``, ``Có``, ``1``, ``Không phát sinh``; blank, ``0`` and ``Không`` are not."""
    if isinstance(value, bool):
        return value
    return fold(text_value(value) or "") not in _NO_FLAG


def _canonical(raw: Any, aliases: dict[str, str]) -> str | None:
    """The canonical spelling when the folded value is known, else the text as typed."""
    text = text_value(raw)
    if text is None:
        return None
    return aliases.get(fold(text), text)


def _percent(progress: Any, grid: Grid, row: int, col: int | None) -> Any:
    """``50%`` typed in a percent-formatted cell is stored as 0.5: read it as 50."""
    if progress is None or col is None:
        return progress
    raw = grid.value(row, col)
    if isinstance(raw, float) and 0 < raw <= 1 and not raw.is_integer():
        return raw * 100
    return progress


def row_shape(grid: Grid, row: int, layout: Layout) -> str:
    """``blank``, ``section``, ``task`` or ``continuation`` for one data row."""
    seq_col = layout.columns.get("seq")
    texts = {f: grid.text(row, c) for f, c in layout.columns.items()}
    if not any(texts.values()):
        return "blank"
    seq = texts.get("seq")
    if seq and seq_col and grid.is_merged_copy(row, seq_col):
        return "continuation"
    if seq:
        return _seq_shape(seq)
    own = {f: t for f, t in texts.items() if f != "seq" and t and not grid.is_merged_copy(row, layout.columns[f])}
    if len(own) == 1:
        [(field, text)] = own.items()
        if field in _TITLE_FIELDS and _looks_like_title(text or ""):
            return "section"
    return "continuation"


_TITLE_FIELDS = {"criteria_codes", "kind", "content", "task"}


def _seq_shape(seq: str) -> str:
    """A number is a task, a Roman numeral a section, a long text in STT a title merged from A."""
    if _SEQ_NUMBER.match(seq) or len(seq) <= 3 and not roman_to_int(seq):
        return "task"
    if roman_to_int(seq):
        return "section"
    return "section" if " " in seq else "task"


def _looks_like_title(text: str) -> bool:
    """A lone upper-case title of two words or more (``CHỈ SỐ SIPAS``) or ``II. CẢI CÁCH ...``."""
    letters = [ch for ch in text if ch.isalpha()]
    upper = len(text.split()) >= 2 and bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
    return upper or bool(_TITLE_LABEL.match(text))


def is_repeated_header(grid: Grid, row: int, layout: Layout, index: dict[str, str]) -> bool:
    """The header row printed again after a page break: most known columns carry their header."""
    first_field, first_col = min(layout.columns.items(), key=lambda item: item[1])
    first = grid.value(row, first_col)
    if not isinstance(first, str) or cols.match_header(first, index) != first_field:
        return False  # a printed header starts like the header: this settles almost every row
    needed = max(2, len(layout.columns) // 2)
    misses_allowed = len(layout.columns) - needed
    hits = 0
    for field, col in layout.columns.items():
        value = grid.value(row, col)
        if isinstance(value, str) and len(value) <= 80 and cols.match_header(value, index) == field:
            hits += 1
        else:
            misses_allowed -= 1
            if misses_allowed < 0:
                return False
    return hits >= needed


def is_column_numbers(grid: Grid, row: int, layout: Layout) -> bool:
    """A row of column numbers under the header: ``(1) (2) (3)`` or ``1 2 3`` (from column one on)."""
    columns = sorted(layout.columns.values())
    if len(columns) < 3 or not all(_COLUMN_NUMBER.match(grid.text(row, c) or "") for c in columns[:2]):
        return False  # the cheap test that settles almost every row
    filled = [text for text in (grid.text(row, c) for c in columns) if text]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(v) for v in filled):
        return False
    numbers = [int(v.strip("()")) for v in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _used_rows(grid: Grid, start: int) -> list[int]:
    """Rows from *start* on that hold a cell or lie in a merged range, in order.

    Why not ``range(start, grid.max_row + 1)``: one stray cell at XFD1048576 (legal, and the
    file that crashes python-calamine) would make every loop walk a million empty rows.
    """
    rows = {r for r, _ in grid.cells}
    for r1, c1, r2, c2 in grid.merged:
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= 100_000:
            rows.update(range(r1, r2 + 1))
    return sorted(r for r in rows if r >= start)


def _column_texts(grid: Grid, col: int, header_row: int) -> list[str]:
    texts = (grid.text(row, col) for row in _used_rows(grid, header_row + 1))
    return [t for t in texts if t]


