"""The lossless write-back engine: nothing of the clerk's workbook is lost or changed.

Each source kind (Excel-like, openpyxl-written, LibreOffice-saved, an odd small writer) is
patched, then compared part by part and cell by cell with the original.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_sheets.core.cells import column_number
from cchc_sheets.core.errors import FileLocked, UnreadableFile
from cchc_sheets.write.xlsx_patch import (
    Cell,
    ColumnPatch,
    NewSheet,
    PatchResult,
    Style,
    package_digest,
    patch_workbook,
)
from tests import xlsx_fixtures as fx

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on x14 extensions

SUMMARY, FINDINGS = "Tổng hợp", "Kiểm tra"
FORMULA_LIKE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]
RED = Style(fill="FFC7CE", font_color="9C0006")
KINDS = ["excel", "openpyxl", "libreoffice", "odd"]
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
               "xl/styles.xml", "docProps/app.xml"}


# --------------------------------------------------------------------------- fixtures & helpers


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, fx.Built | None]:
    """Each source kind built once per module (LibreOffice is slow to start)."""
    folder = tmp_path_factory.mktemp("sources")
    return {
        "excel": fx.build_excel_like(folder / "excel.xlsx"),
        "openpyxl": fx.build_openpyxl(folder / "openpyxl.xlsx"),
        "libreoffice": fx.build_libreoffice(folder / "libreoffice.xlsx", folder),
        "odd": fx.build_odd_package(folder / "odd.xlsx"),
    }


@pytest.fixture(params=KINDS)
def source(request: pytest.FixtureRequest, built: dict[str, fx.Built | None], tmp_path: Path) -> fx.Built:
    return _copy(built, request.param, tmp_path)


def _copy(built: dict[str, fx.Built | None], kind: str, folder: Path) -> fx.Built:
    original = built[kind]
    if original is None:
        pytest.skip("LibreOffice (soffice) not installed")
    path = folder / f"src_{kind}.xlsx"
    shutil.copyfile(original.path, path)
    return dataclasses.replace(original, path=path)


def spec(src: fx.Built, variant: int = 0) -> tuple[list[NewSheet], list[ColumnPatch]]:
    """The library's sheets and columns for *src*; *variant* changes their content."""
    summary = NewSheet(SUMMARY, [
        [Cell("Chỉ tiêu", Style(bold=True, fill="DDEBF7", wrap=True)), Cell("Giá trị", Style(bold=True))],
        ["Tỷ lệ bao phủ", Cell(0.75 - variant / 10, Style(number_format="0.0%"))],
        ["Ngày tính", dt.date(2024, 10, 1 + variant)],
        ["Nhiệm vụ quá hạn", Cell("Xem nhiệm vụ 2", link="'Nhiệm vụ'!E6")],
        FORMULA_LIKE,
    ], col_widths={1: 32, 2: 18}, freeze_rows=1, autofilter_row=1)
    findings = NewSheet(FINDINGS, [["Mức", "Ô", "Nội dung"],
                                   ["Lỗi", Cell("H6", link="'Nhiệm vụ'!H6"), f"Thiếu chủ trì ({variant})"]])
    if src.kind == "odd":
        return [summary], [
            ColumnPatch(fx.ODD_SHEET, 4, 1, "Tình trạng (tự động)", {2: "Hoàn thành", 3: Cell("Quá hạn", RED),
                                                                      6: "Thường xuyên"}),
            ColumnPatch(fx.ODD_EMPTY_SHEET, 2, 1, "Tự động", {2: 5 + variant}),
        ]
    first = src.tasks_rows[1]
    tasks = {first: "Hoàn thành", first + 1: Cell("Quá hạn", RED), first + 2: "Đúng tiến độ",
             first + 5 - variant: FORMULA_LIKE[variant % 4]}
    criteria = {3: "Đã có nhiệm vụ", 4: Cell("Chưa có nhiệm vụ", Style(bold=True)), 10: "Không tính (điều tra XHH)"}
    return [summary, findings], [
        ColumnPatch(fx.SHEET_TASKS, fx.TASKS_AUTO_COL, fx.TASKS_HEADER_ROW, "Tình trạng (tự động)", tasks, width=22),
        ColumnPatch(fx.SHEET_CRITERIA, fx.CRITERIA_AUTO_COL, 1, "Tình trạng khắc phục (tự động)", criteria),
    ]


def run(src: fx.Built, dst: Path, variant: int = 0) -> PatchResult:
    sheets, columns = spec(src, variant)
    return patch_workbook(src.path, dst, sheets=sheets, columns=columns)


def owned_parts(src: fx.Built, dst: Path) -> set[str]:
    """The parts the library may change: its sheets, the patched sheets, the bookkeeping."""
    sheets, columns = spec(src)
    names = {c.sheet for c in columns} | {s.name for s in sheets} | ({src.library_sheet} - {None})
    parts = {fx.sheet_part(dst, n) for n in names if n != SUMMARY or src.library_sheet is None}
    return parts | BOOKKEEPING | {"xl/calcChain.xml"}


def raw_entries(path: Path) -> dict[str, tuple]:
    """Zip metadata and the compressed bytes of every entry, in zip order."""
    blob = path.read_bytes()
    entries = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            name_len, extra_len = struct.unpack("<HH", blob[info.header_offset + 26:info.header_offset + 30])
            start = info.header_offset + 30 + name_len + extra_len
            entries[info.filename] = (info.compress_type, info.date_time, info.CRC, info.file_size,
                                      blob[start:start + info.compress_size])
    return entries


def read_part(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(part).decode("utf-8")


_ROW = re.compile(r"<((?:\w+:)?)row\b((?:[^>\"]|\"[^\"]*\")*?)(/>|>(.*?)</\1row>)", re.S)
_CELL = re.compile(r"<((?:\w+:)?)c\b((?:[^>\"]|\"[^\"]*\")*?)(/>|>.*?</\1c>)", re.S)


def cells_by_position(sheet_xml: str) -> tuple[dict[tuple[int, int], str], dict[int, str]]:
    """Raw text of every cell by (row, col), and every row's attributes (spans removed);
    rows and cells without ``r`` get the position a spreadsheet program would give them."""
    cells, rows, row_no = {}, {}, 0
    for row in _ROW.finditer(sheet_xml):
        number = re.search(r'\br="(\d+)"', row[2])
        row_no = int(number[1]) if number else row_no + 1
        rows[row_no] = re.sub(r'\s+spans="[^"]*"', "", row[2]).strip()
        col = 0
        for cell in _CELL.finditer(row[4] or ""):
            ref = re.search(r'\br="([A-Z]+)\d+"', cell[2])
            col = column_number(ref[1]) if ref else col + 1
            cells[(row_no, col)] = cell[0]
    return cells, rows


def split_sheet(sheet_xml: str) -> tuple[str, str]:
    """(everything before sheetData, everything after it)."""
    start = re.search(r"<(?:\w+:)?sheetData\b", sheet_xml)
    end = re.search(r"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>", sheet_xml)
    assert start and end
    return sheet_xml[:start.start()], sheet_xml[end.end():]


def normalise(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def openpyxl_cells(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: {(c.row, c.column): normalise(c.value) for row in ws.iter_rows() for c in row
                       if c.value is not None} for ws in book.worksheets}


# --------------------------------------------------------------------------- nothing is lost


def test_parts_not_owned_are_copied_raw_in_order(source: fx.Built, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    run(source, dst)
    before, after = raw_entries(source.path), raw_entries(dst)
    owned = owned_parts(source, dst)
    for name, entry in before.items():
        if name not in owned:
            assert after.get(name) == entry, f"{name} changed"
    kept = [n for n in after if n in before]
    assert kept == [n for n in before if n in after], "zip order changed"
    assert set(before) - set(after) <= {"xl/calcChain.xml"}


def test_patched_sheets_change_only_library_cells(source: fx.Built, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    _, columns = spec(source)
    run(source, dst)
    for patch in columns:
        part = fx.sheet_part(source.path, patch.sheet)
        old, new = read_part(source.path, part), read_part(dst, part)
        assert split_sheet(old)[1] == split_sheet(new)[1], "something after sheetData changed"
        assert _head_without_growth(split_sheet(old)[0], patch.col) == _head_without_growth(split_sheet(new)[0], patch.col)
        old_cells, old_rows = cells_by_position(old)
        new_cells, new_rows = cells_by_position(new)
        assert {k: v for k, v in old_cells.items() if k[1] != patch.col} == \
               {k: v for k, v in new_cells.items() if k[1] != patch.col}
        assert {r: a for r, a in new_rows.items() if r in old_rows} == old_rows
        assert set(new_rows) - set(old_rows) <= set(patch.values) | {patch.header_row}


def _head_without_growth(head: str, col: int) -> str:
    """The part before sheetData, minus what may grow: the dimension and our own <col>."""
    head = re.sub(r'(<(?:\w+:)?dimension ref=")[^"]*"', r'\1"', head)
    head = re.sub(rf'<(?:\w+:)?col min="{col}" max="{col}" width="[^"]*" customWidth="1"/>', "", head)
    return re.sub(r"<((?:\w+:)?)cols></\1cols>", "", head)


def test_clerk_values_read_back_unchanged(source: fx.Built, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    _, columns = spec(source)
    run(source, dst)
    before, after = openpyxl_cells(source.path), openpyxl_cells(dst)
    library_cols = {(p.sheet, p.col) for p in columns}
    for sheet, cells in before.items():
        if sheet == source.library_sheet:
            continue
        kept = {k: v for k, v in cells.items() if (sheet, k[1]) not in library_cols}
        assert {k: v for k, v in after[sheet].items() if (sheet, k[1]) not in library_cols} == kept
    for sheet, typed in source.values.items():
        for (r, c), value in typed.items():
            if (sheet, c) not in library_cols:
                assert after[sheet][(r, c)] == value, (sheet, r, c)


def test_library_column_and_sheets_read_back(source: fx.Built, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    sheets, columns = spec(source)
    run(source, dst)
    book = openpyxl.load_workbook(dst)
    for patch in columns:
        ws = book[patch.sheet]
        header = source.values[patch.sheet].get((patch.header_row, patch.col), patch.header)
        assert ws.cell(patch.header_row, patch.col).value == header, "an existing header is kept"
        for row in range(patch.header_row + 1, ws.max_row + 1):
            item = patch.values.get(row)
            expected = item.value if isinstance(item, Cell) else item
            assert ws.cell(row, patch.col).value == expected, (patch.sheet, row)
    summary = book[source.library_sheet or SUMMARY]
    assert summary["A1"].value == "Chỉ tiêu" and summary["A1"].font.b
    assert summary["A1"].fill.fgColor.rgb == "FFDDEBF7" and summary["A1"].alignment.wrap_text
    assert summary["B2"].value == 0.75 and summary["B2"].number_format == "0.0%"
    assert summary["B3"].value == dt.datetime(2024, 10, 1) and summary["B3"].number_format == "dd/mm/yyyy"
    assert summary["B4"].hyperlink.location == "'Nhiệm vụ'!E6"
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref == "A1:D5"
    assert summary.column_dimensions["A"].width == 32
    assert [summary.cell(5, c).value for c in range(1, 5)] == FORMULA_LIKE


def test_cell_looks_keep_borders_and_add_fill(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "excel", tmp_path)
    dst = tmp_path / "out.xlsx"
    run(src, dst)
    ws = openpyxl.load_workbook(dst)[fx.SHEET_TASKS]
    red = ws.cell(src.tasks_rows[2], fx.TASKS_AUTO_COL)
    assert red.fill.fgColor.rgb == "FFFFC7CE" and red.font.color.rgb == "FF9C0006"
    header = ws.cell(fx.TASKS_HEADER_ROW, fx.TASKS_AUTO_COL)
    left = ws.cell(fx.TASKS_HEADER_ROW, fx.TASKS_AUTO_COL - 1)
    assert header.style_id == left.style_id, "a new header cell looks like the header to its left"
    assert ws.column_dimensions["R"].width == 22


def test_x14_dropdown_chart_picture_and_notes_survive(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "excel", tmp_path)
    dst = tmp_path / "out.xlsx"
    run(src, dst)
    tasks_xml = read_part(dst, fx.sheet_part(dst, fx.SHEET_TASKS))
    assert fx.X14_DROPDOWN in tasks_xml and tasks_xml.endswith(fx.X14_DROPDOWN + "</worksheet>")
    before, after = raw_entries(src.path), raw_entries(dst)
    kinds = ("xl/charts/", "xl/media/", "xl/drawings/", "xl/comments", "xl/worksheets/_rels/")
    survivors = [n for n in before if n.startswith(kinds)]
    assert len(survivors) >= 6
    assert all(after[n] == before[n] for n in survivors)
    criteria_xml = read_part(dst, fx.sheet_part(dst, fx.SHEET_CRITERIA))
    assert "<x14:conditionalFormattings>" in criteria_xml  # the data bar extension
    assert '<legacyDrawing r:id="' in tasks_xml and "<dataValidations" in tasks_xml


def test_styles_are_only_appended(source: fx.Built, tmp_path: Path) -> None:
    if source.kind == "odd":
        pytest.skip("the odd package has no styles part: test_odd_package_positions_and_calc_chain covers it")
    dst = tmp_path / "out.xlsx"
    run(source, dst)
    old, new = read_part(source.path, "xl/styles.xml"), read_part(dst, "xl/styles.xml")
    for block, item in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf"), ("numFmts", "numFmt")):
        old_items, old_count = _style_items(old, block, item)
        new_items, new_count = _style_items(new, block, item)
        assert new_items[:len(old_items)] == old_items, block
        assert new_count in (None, len(new_items))
    assert len(_style_items(new, "cellXfs", "xf")[0]) > len(_style_items(old, "cellXfs", "xf")[0])
    for block in ("borders", "cellStyleXfs", "cellStyles", "dxfs"):
        assert _block(old, block) == _block(new, block)


def _block(xml: str, name: str) -> str:
    match = re.search(rf"<{name}\b[^>]*?/>|<{name}\b[^>]*>.*?</{name}>", xml, re.S)
    return match[0] if match else ""


def _style_items(xml: str, block: str, item: str) -> tuple[list[str], int | None]:
    text = _block(xml, block)
    count = re.match(rf'<{block}\b[^>]*\bcount="(\d+)"', text)
    items = re.findall(rf"<{item}\b(?:[^>]*/>|.*?</{item}>)", text, re.S)
    return items, int(count[1]) if count else None


def test_app_titles_list_new_sheets(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "excel", tmp_path)
    dst = tmp_path / "out.xlsx"
    run(src, dst)
    app = read_part(dst, "docProps/app.xml")
    titles = re.findall(r"<vt:lpstr>(.*?)</vt:lpstr>", app.split("<TitlesOfParts>")[1])
    assert titles[:7] == [fx.SHEET_INFO, fx.SHEET_CRITERIA, fx.SHEET_TASKS, fx.SHEET_LISTS, fx.SHEET_EXTRA,
                          SUMMARY, FINDINGS]
    assert "<vt:i4>7</vt:i4>" in app
    assert re.search(rf'<vt:vector size="{len(titles)}" baseType="lpstr">', app)
    SafeET.fromstring(app.encode())


# --------------------------------------------------------------------------- text stays text


def test_formula_like_text_stays_text(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "excel", tmp_path)
    dst = tmp_path / "out.xlsx"
    values = {src.tasks_rows[1] + i: text for i, text in enumerate(FORMULA_LIKE)}
    patch_workbook(src.path, dst, sheets=[NewSheet(SUMMARY, [FORMULA_LIKE])],
                   columns=[ColumnPatch(fx.SHEET_TASKS, fx.TASKS_AUTO_COL, fx.TASKS_HEADER_ROW, "Tự động", values)])
    tasks_xml = read_part(dst, fx.sheet_part(dst, fx.SHEET_TASKS))
    summary_xml = read_part(dst, fx.sheet_part(dst, SUMMARY))
    written = re.findall(r'<c r="R\d+"[^>]*>.*?</c>', tasks_xml) + re.findall(r"<c r=.*?</c>", summary_xml)
    assert len(written) == 9
    for cell in written:
        assert 't="inlineStr"' in cell and "<f>" not in cell and "<f " not in cell
    book = openpyxl.load_workbook(dst)
    for row, text in values.items():
        cell = book[fx.SHEET_TASKS].cell(row, fx.TASKS_AUTO_COL)
        assert (cell.value, cell.data_type) == (text, "s")
    assert [c.value for c in book[SUMMARY][1]] == FORMULA_LIKE


def _excel_unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), text)


@settings(max_examples=120, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_round_trips_as_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Whatever a clerk typed: escaped, whitespace kept, illegal XML characters dropped."""
    folder = tmp_path_factory.mktemp("text")
    src = fx.build_odd_package(folder / "odd.xlsx")
    dst = folder / "out.xlsx"
    patch_workbook(src.path, dst, sheets=[NewSheet(SUMMARY, [[text]])],
                   columns=[ColumnPatch(fx.ODD_SHEET, 4, 1, text, {2: text})])
    expected = re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text)
    for part, tag in (("xl/worksheets/sheet3.xml", "{%s}t"), ("xl/worksheets/sheet1.xml", "{%s}t")):
        root = SafeET.fromstring(zipfile.ZipFile(dst).read(part))
        texts = [el.text or "" for el in root.iter(tag % "http://schemas.openxmlformats.org/spreadsheetml/2006/main")]
        assert expected in [_excel_unescape(t) for t in texts]


def test_long_and_nasty_text(tmp_path: Path) -> None:
    src = fx.build_odd_package(tmp_path / "odd.xlsx")
    dst = tmp_path / "out.xlsx"
    nasty = ["a & b < c > d \"q\" 's'", "  leading and trailing  ", "dòng 1\ndòng 2\r\ndòng 3",
             "bell\x07 and nul\x00 gone", "x" * 40_000, "emoji 📋", "]]>"]
    patch_workbook(src.path, dst, sheets=[NewSheet(SUMMARY, [nasty])], columns=[])
    row = [c.value for c in openpyxl.load_workbook(dst)[SUMMARY][1]]
    assert row[0:4] == nasty[0:3] + ["bell and nul gone"]
    assert row[4] == "x" * 32_767 and row[5:] == nasty[5:]


# --------------------------------------------------------------------------- idempotence


def test_second_identical_patch_is_byte_identical(source: fx.Built, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert run(source, first).touched
    result = run(dataclasses.replace(source, path=first), second)
    assert not result.touched
    assert first.read_bytes() == second.read_bytes()
    stamp = first.stat().st_mtime_ns
    assert not run(dataclasses.replace(source, path=first), first).touched
    assert first.stat().st_mtime_ns == stamp, "an in-place run with nothing to change leaves the file alone"


def test_second_different_patch_changes_only_library_parts(source: fx.Built, tmp_path: Path) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    run(source, first)
    run(dataclasses.replace(source, path=first), second, variant=1)
    before, after = package_digest(first), package_digest(second)
    assert list(before) == list(after), "same parts in the same order"
    changed = {n for n in before if before[n] != after[n]}
    sheets, columns = spec(source)
    library = {fx.sheet_part(first, name) for name in [s.name for s in sheets] + [c.sheet for c in columns]
               if name != SUMMARY or source.library_sheet is None}
    if source.library_sheet:
        library.add(fx.sheet_part(first, source.library_sheet))
    assert changed and changed <= library | {"xl/styles.xml"}


def test_cleared_cells_keep_their_format(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "excel", tmp_path)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    row = src.tasks_rows[2]
    patch = ColumnPatch(fx.SHEET_TASKS, fx.TASKS_AUTO_COL, fx.TASKS_HEADER_ROW, "Tự động", {row: Cell("Quá hạn", RED)})
    patch_workbook(src.path, first, sheets=[], columns=[patch])
    patch.values = {}
    patch_workbook(first, second, sheets=[], columns=[patch])
    cell = openpyxl.load_workbook(second)[fx.SHEET_TASKS].cell(row, fx.TASKS_AUTO_COL)
    assert cell.value is None and cell.fill.fgColor.rgb == "FFFFC7CE"


# --------------------------------------------------------------------------- sources with quirks


def test_library_sheet_is_replaced_in_place(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "openpyxl", tmp_path)
    dst = tmp_path / "out.xlsx"
    part = fx.sheet_part(src.path, "TỔNG HỢP")
    result = run(src, dst)
    book = openpyxl.load_workbook(dst)
    assert book.sheetnames == [fx.SHEET_INFO, fx.SHEET_CRITERIA, fx.SHEET_TASKS, "TỔNG HỢP",
                               fx.SHEET_LISTS, fx.SHEET_EXTRA, FINDINGS]
    assert fx.sheet_part(dst, "TỔNG HỢP") == part and part in result.changed
    assert book["TỔNG HỢP"]["A1"].value == "Chỉ tiêu"
    assert book[fx.SHEET_LISTS].sheet_state == "hidden"


def test_odd_package_positions_and_calc_chain(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "odd", tmp_path)
    dst = tmp_path / "out.xlsx"
    result = run(src, dst)
    assert result.removed == ("xl/calcChain.xml",)
    assert "calcChain" not in read_part(dst, "[Content_Types].xml")
    assert "calcChain" not in read_part(dst, "xl/_rels/workbook.xml.rels")
    assert "xl/styles.xml" in result.added and "styles+xml" in read_part(dst, "[Content_Types].xml")
    sheet = read_part(dst, "xl/worksheets/sheet1.xml")
    assert sheet.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x=')
    assert '<x:row r="5" ht="30" customHeight="1"/><x:row r="6">' in sheet
    book = openpyxl.load_workbook(dst)
    ws = book[fx.ODD_SHEET]
    assert [ws.cell(r, 4).value for r in (1, 2, 3, 6)] == ["Tự động cũ", "Hoàn thành", "Quá hạn", "Thường xuyên"]
    assert ws.cell(3, 4).fill.fgColor.rgb == "FFFFC7CE"
    assert ws.row_dimensions[5].height == 30
    assert [book[fx.ODD_EMPTY_SHEET].cell(r, 2).value for r in (1, 2)] == ["Tự động", 5]
    empty_sheet = read_part(dst, "xl/worksheets/sheet2.xml")
    assert "<x:sheetData><x:row r=\"1\">" in empty_sheet and empty_sheet.endswith("</x:sheetData></x:worksheet>")


def test_date1904_workbooks_get_their_own_serials(tmp_path: Path) -> None:
    src = fx.build_odd_package(tmp_path / "odd.xlsx")
    fx.rewrite_part(src.path, "xl/workbook.xml", lambda xml: xml.replace("<x:sheets>", '<x:workbookPr date1904="1"/><x:sheets>'))
    dst = tmp_path / "out.xlsx"
    patch_workbook(src.path, dst, sheets=[NewSheet(SUMMARY, [[dt.date(2024, 10, 1)]])], columns=[])
    assert "<v>44104</v>" in read_part(dst, "xl/worksheets/sheet3.xml")  # 45566 - 1462
    assert openpyxl.load_workbook(dst)[SUMMARY]["A1"].value == dt.datetime(2024, 10, 1)


# --------------------------------------------------------------------------- LibreOffice opens it


@pytest.mark.skipif(fx.soffice() is None, reason="LibreOffice (soffice) not installed")
def test_results_open_in_libreoffice(built: dict, tmp_path: Path) -> None:
    outputs = []
    for kind in KINDS:
        src = _copy(built, kind, tmp_path)
        outputs.append(tmp_path / f"patched_{kind}.xlsx")
        run(src, outputs[-1])
    pdfs = fx.soffice_convert(outputs, tmp_path / "pdf", "pdf", tmp_path / "profile")
    for pdf in pdfs:
        assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000
    (resaved,) = fx.soffice_convert([outputs[0]], tmp_path / "xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "profile")
    book = openpyxl.load_workbook(resaved)
    row = built["excel"].tasks_rows[1]
    assert book[fx.SHEET_TASKS].cell(row, fx.TASKS_AUTO_COL).value == "Hoàn thành"
    assert book[SUMMARY]["A5"].value == FORMULA_LIKE[0] and book[SUMMARY]["A5"].data_type == "s"


# --------------------------------------------------------------------------- refusals


def test_refuses_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    src, dst = tmp_path / "note.xlsx", tmp_path / "out.xlsx"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(UnreadableFile) as caught:
        patch_workbook(src, dst, sheets=[NewSheet(SUMMARY, [["a"]])], columns=[])
    assert caught.value.key == "write.cannot_patch" and "không bị thay đổi" in caught.value.message("vi")
    assert not dst.exists()


def test_refuses_to_break_a_shared_formula_and_leaves_the_file(tmp_path: Path) -> None:
    src = fx.build_odd_package(tmp_path / "odd.xlsx")
    fx.rewrite_part(src.path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        "<x:f>A3*2</x:f>", '<x:f t="shared" ref="D3:E3" si="0">A3*2</x:f>'))
    before = src.path.read_bytes()
    with pytest.raises(UnreadableFile, match="shared formula"):
        patch_workbook(src.path, src.path, sheets=[], columns=[ColumnPatch(fx.ODD_SHEET, 4, 1, "T", {})])
    assert src.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["odd.xlsx"]


def test_refuses_a_missing_sheet(tmp_path: Path) -> None:
    src = fx.build_odd_package(tmp_path / "odd.xlsx")
    with pytest.raises(UnreadableFile, match="no sheet named"):
        patch_workbook(src.path, tmp_path / "out.xlsx", sheets=[], columns=[ColumnPatch("Không có", 2, 1, "T", {})])


def test_refuses_while_open_in_excel(tmp_path: Path) -> None:
    src = fx.build_odd_package(tmp_path / "odd.xlsx")
    (tmp_path / "~$odd.xlsx").write_bytes(b"owner")
    before = src.path.read_bytes()
    with pytest.raises(FileLocked):
        patch_workbook(src.path, src.path, sheets=[NewSheet(SUMMARY, [["a"]])], columns=[])
    assert src.path.read_bytes() == before


@pytest.mark.parametrize("sheets, columns, error", [
    ([NewSheet("Tổng/hợp", [])], [], ValueError),
    ([NewSheet("x" * 32, [])], [], ValueError),
    ([NewSheet(SUMMARY, []), NewSheet("TONG HOP", [])], [], ValueError),
    ([], [ColumnPatch(fx.ODD_SHEET, 4, 3, "T", {3: "on the header"})], ValueError),
    ([], [ColumnPatch(fx.ODD_SHEET, 0, 1, "T", {})], ValueError),
    ([NewSheet(SUMMARY, [])], [ColumnPatch("tong hop", 2, 1, "T", {})], ValueError),
    ([NewSheet(SUMMARY, [[Cell("a", Style(fill="red"))]])], [], ValueError),
    ([NewSheet(SUMMARY, [[object()]])], [], TypeError),
])
def test_caller_mistakes_raise_before_reading(tmp_path: Path, sheets, columns, error) -> None:
    with pytest.raises(error):
        patch_workbook(tmp_path / "absent.xlsx", tmp_path / "out.xlsx", sheets=sheets, columns=columns)


def test_package_digest_lists_parts_in_zip_order(built: dict, tmp_path: Path) -> None:
    src = _copy(built, "odd", tmp_path)
    digest = package_digest(src.path)
    assert list(digest)[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in digest.values())


def test_cells_without_r_keep_their_positions(built: dict, tmp_path: Path) -> None:
    """Replacing a cell that a writer left without ``r`` must not shift the cells after it."""
    src = _copy(built, "odd", tmp_path)
    dst = tmp_path / "out.xlsx"
    patch_workbook(src.path, dst, sheets=[], columns=[
        ColumnPatch(fx.ODD_SHEET, 2, 1, "Nhiệm vụ", {2: "Mới", 4: "Dòng mới"})])
    ws = openpyxl.load_workbook(dst)[fx.ODD_SHEET]
    assert [c.value for c in ws[2]] == [1, "Mới", "Hoàn thành", None]
    assert [c.value for c in ws[3]] == [2, None, "Đang thực hiện", "=A3*2"]
    assert ws.cell(4, 2).value == "Dòng mới"
    assert '<x:row><x:c><x:v>1</x:v></x:c><x:c r="B2" t="inlineStr">' in read_part(dst, "xl/worksheets/sheet1.xml")
