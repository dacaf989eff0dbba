"""Property-based fuzzing of the three parsers untrusted text reaches: the package reader, the
deadline parser and the patcher (issue 12). Bounded in examples and without deadlines so
``make test`` stays quick; the properties are the promises, not particular outputs:

* the reader ends every input with a Grid of clean values or one :class:`UnreadableFile`;
* the deadline parser never raises, and a due day never precedes a start day;
* the patcher writes any value a cell may hold (or refuses with a sentence), and what it wrote
  reads back as written, the clerk's other cells unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_sheets.compute.deadlines import KIND_DATE, parse_deadline
from cchc_sheets.core.cells import column_letter
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.read.grid import CellError
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.read.package import MAX_CELL_CHARS
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.xlsx_patch import ColumnPatch, patch_workbook
from tests import hostile, hostile_read
from tests.builders import TASK_HEADER, plan_workbook

_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def _xml_text(text: str) -> str:
    """*text* as XML character data: markup escaped, characters XML cannot hold as references
    (which the reader must survive: lone surrogates, NUL)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "<>&":
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}[ch])
        elif code < 0x20 and ch not in "\t\n\r" or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"&#x{code:X};")
        else:
            out.append(ch)
    return "".join(out)


texts = st.text(alphabet=st.characters(blacklist_categories=()), max_size=40)
cell_xml = st.one_of(
    texts.map(lambda s: f't="inlineStr"><is><t>{_xml_text(s)}</t></is>'),
    texts.map(lambda s: f't="str"><v>{_xml_text(s)}</v>'),
    st.sampled_from(["#N/A", "#DIV/0!", "#REF!", "", "junk"]).map(lambda s: f't="e"><v>{s}</v>'),
    st.sampled_from(["0", "1", "true", "x"]).map(lambda s: f't="b"><v>{s}</v>'),
    st.sampled_from(["1.5", "-0", "1e308", "1e999", "nan", "inf", "abc", "45000", "2024-01-31"])
      .map(lambda s: f'><v>{s}</v>'),
    st.integers(-5, 5).map(lambda i: f't="s"><v>{i}</v>'),
    texts.map(lambda s: f't="inlineStr"><is><r><t>{_xml_text(s)}</t></r><rPh><t>x</t></rPh></is>'),
)
refs = st.tuples(st.integers(1, 40), st.integers(1, 30))


@st.composite
def worksheets(draw) -> str:
    cells = draw(st.dictionaries(refs, cell_xml, max_size=25))
    rows: dict[int, list[str]] = {}
    for (r, c), body in sorted(cells.items()):
        rows.setdefault(r, []).append(f'<c r="{column_letter(c)}{r}" {body}</c>'.replace(" ><v>", "><v>"))
    xml = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in rows.items())
    if draw(st.booleans()):
        xml += "<!-- off the fast path -->"
    merges = [f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
              for (r1, c1), (r2, c2) in draw(st.lists(st.tuples(refs, refs), max_size=6))]
    return hostile_read.sheet_with(xml, merges)


def _clean(value: object) -> bool:
    if isinstance(value, str):
        return (len(value) <= MAX_CELL_CHARS and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
                and "\x00" not in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, dt.date))


@FUZZ
@given(sheet=worksheets(), header=st.booleans())
def test_reader_gives_clean_values_or_one_sentence(tmp_path, sheet, header):
    if header:
        sheet = sheet.replace("<sheetData>", "<sheetData>" + "".join(
            f'<row r="41"><c r="{column_letter(i + 1)}41" t="inlineStr"><is><t>{h}</t></is></c></row>'
            for i, h in enumerate(TASK_HEADER[:1])), 1)
    path = hostile.raw_xlsx(tmp_path / "fuzz.xlsx", {"Nhiệm vụ": sheet, "Tiêu chí": hostile.sheet_xml({"A1": "Mã"})})
    try:
        with Workbook(path) as book:
            grid = book.grid(book.sheets[0])
        read_plan(path)
    except UnreadableFile as exc:
        assert exc.reason("vi")
        return
    assert all(_clean(cell.value) or cell.value is None for cell in grid.cells.values())
    assert all(isinstance(cell.value, CellError) for cell in grid.cells.values()
               if isinstance(cell.value, str) and cell.value in ("#N/A", "#DIV/0!", "#REF!"))


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """One real standard workbook, written once, copied by each example."""
    folder = tmp_path_factory.mktemp("seed")
    return plan_workbook(folder, [TASK_HEADER, ["1", "1.2", "Việc", "VP", None, "Quý II/2024", None, 50, None, None]])


@FUZZ
@given(data=st.data())
def test_reader_survives_damaged_bytes(tmp_path, seed, data):
    """A real workbook with bytes flipped, cut or inserted: a plan, or one sentence, never a crash."""
    blob = bytearray(seed.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(blob) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            blob[at] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del blob[at:at + data.draw(st.integers(1, 64))]
        else:
            blob[at:at] = data.draw(st.binary(min_size=1, max_size=16))
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(blob))
    try:
        read_plan(path)
    except UnreadableFile as exc:
        assert exc.reason("vi")


deadline_words = st.lists(st.sampled_from([
    "tháng", "quý", "năm", "ngày", "từ", "đến", "trước", "sau", "hàng", "định kỳ", "thường xuyên", "cuối", "đầu",
    "I", "II", "III", "IV", "1", "2", "12", "13", "31", "2024", "2025", "/", "-", ".", ",", ";", "và", "6 tháng",
    "kể từ", "xong", "hết", "lần", "Tết", "<i>", "&nbsp;",
]), max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(deadline_words, st.text(max_size=80)), year=st.one_of(st.none(), st.integers(-5, 10_000)))
def test_deadline_parser_never_raises_and_keeps_order(text, year):
    deadline = parse_deadline(text, year)
    assert deadline.text == text
    if deadline.start and deadline.due:
        assert deadline.start <= deadline.due
    if deadline.kind == KIND_DATE:
        assert deadline.due is not None or deadline.start is not None
    assert parse_deadline(text, year) == deadline


patch_values = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=60),
    st.sampled_from(["_x000D_", "a_x005F_b", "=HYPERLINK(\"http://x\")", "\r\n", " lề ", "external:x"]),
    st.integers(-10**9, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
)


@FUZZ
@given(values=st.dictionaries(st.integers(2, 30), patch_values, max_size=12))
def test_patcher_writes_any_value_and_it_reads_back(tmp_path, seed, values):
    source = tmp_path / "nguon.xlsx"
    source.write_bytes(seed.read_bytes())
    out = tmp_path / "ra.xlsx"
    column = ColumnPatch(sheet="Nhiệm vụ", col=11, header_row=1, header="Tình trạng (tự động)", values=values)
    try:
        patch_workbook(source, out, sheets=[], columns=[column])
    except UnreadableFile as exc:
        assert exc.reason("vi")
        return
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
    with Workbook(out) as book:
        grid = book.grid(next(ref for ref in book.sheets if ref.name == "Nhiệm vụ"))
    assert grid.value(1, 11) == "Tình trạng (tự động)"
    assert grid.value(2, 3) == "Việc"  # the clerk's cells are untouched
    for row, value in values.items():
        got = grid.value(row, 11)
        if value is None or value == "":
            assert got in (None, "")
        elif isinstance(value, str):
            written = _NOT_IN_XML.sub("", value)  # what XML 1.0 cannot carry is dropped by the writer
            assert got == written.replace("\r\n", "\n").replace("\r", "\n") or (got is None and written == "")
        elif isinstance(value, dt.date):
            assert got == value or got == float((value - dt.date(1899, 12, 30)).days)
        else:
            assert got == pytest.approx(float(value), rel=1e-12, abs=1e-300)


def test_the_fuzzers_xml_helper_escapes_what_xml_cannot_hold():
    assert _xml_text("a<\ud800\x00\t") == "a&lt;&#xD800;&#x0;\t"
