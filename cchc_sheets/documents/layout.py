"""The page rules of Nghị định 30/2020/NĐ-CP (Phụ lục I), once, for every document we write.

A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, black; Quốc hiệu in
upper case bold 13, Tiêu ngữ bold 14 under it; the issuing body and «Số: …» top left; place and
date in italics; page numbers centred in the top margin from page 2 on; «Nơi nhận:» bold italic
12 with items in 11; the signature block in bold. The number, the date and the signature are the
văn thư's: a draft leaves them blank («…»).

Every text that came from a workbook goes through :func:`xml_text` and is written as a run's text,
never parsed: a clerk's ``=SUM(A1)`` or ``{PAGE}`` prints as typed. Imported lazily (python-docx).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cchc_sheets.core.text import nfc

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
BLANK = "…"  # what the văn thư fills in: number, day, month
CENTER, LEFT, JUSTIFY, RIGHT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY,
                                WD_ALIGN_PARAGRAPH.RIGHT)
# XML 1.0 forbids these; a clerk's cell can hold them (pasted from old software).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """A workbook value as document text: NFC, characters XML cannot hold removed, ``\\r`` as a break."""
    text = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


def new_document(*, landscape: bool = False) -> Any:
    """An empty A4 document with NĐ 30 margins and Times New Roman everywhere."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    width, height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _default_font(document)
    return document


def _default_font(document: Any) -> None:
    """Times New Roman for every script (Latin, East Asian, complex) in the defaults and styles:
    the blank template otherwise falls back to theme fonts (Calibri) for headers and tables."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    targets = [defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))] if defaults is not None else []
    for name in ("Normal", "Header", "Footer", "Table Grid"):
        if name in [s.name for s in document.styles]:
            targets.append(document.styles[name].element.get_or_add_rPr())
    for rpr in targets:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(script), FONT)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.rPr.append(lang)


def page_numbers_from_page_two(section: Any) -> None:
    """A centred PAGE field in the top margin, none on page 1 (a different first-page header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.size = Pt(BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            tag = "w:instrText" if text == "PAGE" else "w:t"
            node = OxmlElement(tag)
            node.set(qn("xml:space"), "preserve")
            node.text = text
            run._r.append(node)
    section.first_page_header.paragraphs[0].text = ""


def paragraph(container: Any, text: str = "", *, bold: bool = False, italic: bool = False, size: float | None = None,
              align: Any = JUSTIFY, before: float = 0, after: float = 6, indent_mm: float = 0,
              highlight: bool = False) -> Any:
    """One paragraph of *text* (workbook text allowed: it is written as text, line breaks kept)."""
    para = container.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if text:
        run_text(para, text, bold=bold, italic=italic, size=size, highlight=highlight)
    return para


def run_text(para: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
             highlight: bool = False) -> Any:
    """Append *text* as one run (python-docx turns ``\\n`` into a line break and ``\\t`` into a tab)."""
    run = para.add_run(xml_text(text))
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if highlight:
        from docx.enum.text import WD_COLOR_INDEX

        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def letterhead(document: Any, body_lines: Sequence[tuple[str, bool]], number: str, place_date: str) -> None:
    """The two-column head: issuing body and «Số: …» left; Quốc hiệu, Tiêu ngữ, place and date right.

    *body_lines* are (text, bold) lines, the governing body first (regular), the issuer bold.
    A borderless table keeps the two columns side by side in Word and LibreOffice alike.
    """
    usable = document.sections[0].page_width - Mm(MARGINS_MM["left"] + MARGINS_MM["right"])
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _column_widths(table, (int(usable * 0.36), usable - int(usable * 0.36)))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_lines(left, [(text.upper(), bold, 13) for text, bold in body_lines])
    _rule(left)
    _cell_lines(right, [(QUOC_HIEU, True, 12), (TIEU_NGU, True, 13)])
    _rule(right, width_chars=22)
    _cell_lines(table.cell(1, 0), [(number, False, 13)])
    date = table.cell(1, 1).paragraphs[0]
    date.alignment = CENTER
    date.paragraph_format.space_before = Pt(6)
    run_text(date, place_date, italic=True, size=BODY_PT)


def _column_widths(table: Any, widths: Sequence[int]) -> None:
    """Widths on the grid (LibreOffice reads ``w:gridCol``) and on every cell (Word reads ``w:tcW``)."""
    _fixed_layout(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _cell_lines(cell: Any, lines: Sequence[tuple[str, bool, float]]) -> None:
    first = True
    for text, bold, size in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.alignment = CENTER
        run_text(para, text, bold=bold, size=size)


def _rule(cell: Any, width_chars: int = 10) -> None:
    """The short line under the issuer and under the Tiêu ngữ (a bottom border would span the cell)."""
    para = cell.add_paragraph()
    para.alignment = CENTER
    para.paragraph_format.space_before = Pt(0)
    run_text(para, "\u2500" * width_chars, size=8)


def title(document: Any, kind: str, subject: str) -> None:
    """``BÁO CÁO`` / ``KẾ HOẠCH`` and the summary line under it, centred and bold."""
    paragraph(document, kind, bold=True, size=BODY_PT, align=CENTER, before=18, after=0)
    paragraph(document, subject, bold=True, size=BODY_PT, align=CENTER, after=0)
    paragraph(document, "\u2500" * 8, size=8, align=CENTER, after=12)


def recipients_and_signature(document: Any, recipients: Sequence[str], signature: Sequence[str]) -> None:
    """«Nơi nhận:» left (bold italic 12, items 11) and the signature block right, the name left blank."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    usable = document.sections[0].page_width - Mm(MARGINS_MM["left"] + MARGINS_MM["right"])
    _column_widths(table, (int(usable * 0.5), usable - int(usable * 0.5)))
    left, right = table.cell(0, 0), table.cell(0, 1)
    head = left.paragraphs[0]
    head.paragraph_format.space_before = Pt(12)
    run_text(head, "Nơi nhận:", bold=True, italic=True, size=12)
    for item in recipients:
        para = left.add_paragraph()
        run_text(para, f"- {item}", size=11)
    sign = right.paragraphs[0]
    sign.alignment = CENTER
    sign.paragraph_format.space_before = Pt(12)
    run_text(sign, "\n".join(signature), bold=True, size=BODY_PT)
    for _ in range(4):  # room for the signature and the seal
        right.add_paragraph()


def table_grid(document: Any, headers: Sequence[str], widths_mm: Sequence[float], *, size: float = TABLE_PT) -> Any:
    """A bordered table with a bold header row repeated on every page, columns fixed in width."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for cell, header, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        set_cell(cell, header, bold=True, size=size, align=CENTER)
    repeat_header(table.rows[0])
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _fixed_layout(table: Any) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def add_row(table: Any, values: Sequence[Any], widths_mm: Sequence[float], *, bold: bool = False,
            size: float = TABLE_PT, aligns: Sequence[Any] | None = None) -> Any:
    """A body row; ``None`` leaves a cell empty. Rows are kept whole across page breaks."""
    row = table.add_row()
    keep_together(row)
    for at, (cell, value, width) in enumerate(zip(row.cells, values, widths_mm, strict=True)):
        cell.width = Mm(width)
        if value is not None and value != "":
            align = aligns[at] if aligns else LEFT
            set_cell(cell, value, bold=bold, size=size, align=align)
    return row


def add_rows(table: Any, rows: Sequence[Sequence[Any]], widths_mm: Sequence[float], *, size: float = TABLE_PT,
             aligns: Sequence[Any] | None = None, bold_last: bool = False) -> None:
    """Many body rows at once, as :func:`add_row` would write them, in a fraction of the time.

    python-docx spends ~5 ms on a row of seven cells (a province's 2,000 overdue tasks: 10 s), so
    one row is styled through python-docx and copied; each copy's runs get their text at the XML
    level (``CT_R.text`` keeps the run's formatting and turns ``\n`` and ``\t`` into breaks and
    tabs, as python-docx does). An empty value leaves its cell without a run.
    """
    import copy

    if not rows:
        return
    plain = _prototype(table, widths_mm, size, aligns, bold=False)
    bold = _prototype(table, widths_mm, size, aligns, bold=True) if bold_last else plain
    body = table._tbl
    for at, values in enumerate(rows):
        tr = copy.deepcopy(bold if bold_last and at == len(rows) - 1 else plain)
        body.append(tr)
        for tc, value in zip(tr.tc_lst, values, strict=True):
            run = tc.p_lst[0].r_lst[0]
            if value is None or value == "":
                run.getparent().remove(run)
            else:
                run.text = xml_text(value)


def _prototype(table: Any, widths_mm: Sequence[float], size: float, aligns: Sequence[Any] | None, *,
               bold: bool) -> Any:
    """A styled row with one run per cell, taken out of the table to be copied."""
    row = add_row(table, ["x"] * len(widths_mm), widths_mm, bold=bold, size=size, aligns=aligns)
    tr = row._tr
    tr.getparent().remove(tr)
    return tr


def set_cell(cell: Any, value: Any, *, bold: bool = False, italic: bool = False, size: float = TABLE_PT,
             align: Any = LEFT) -> None:
    """Write *value* as the cell's only paragraph (replacing what a merge left there)."""
    para = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(para.runs):
        run._r.getparent().remove(run._r)
    para.alignment = align
    para.paragraph_format.space_before = Pt(2)
    para.paragraph_format.space_after = Pt(2)
    run_text(para, str(value), bold=bold, italic=italic, size=size)


def repeat_header(row: Any) -> None:
    """Word and LibreOffice print this row again at the top of every page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def keep_together(row: Any) -> None:
    """A row is not cut by a page break (Word ignores this for a row taller than a page)."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def usable_width_mm(landscape: bool) -> float:
    """Text width between the NĐ 30 margins."""
    width = A4_MM[1] if landscape else A4_MM[0]
    return width - MARGINS_MM["left"] - MARGINS_MM["right"]
