"""``cchc-sheets report``: the periodic report's figures are ``summarize``'s and ``merge``'s, its
layout is NĐ 30/2020's, and LibreOffice prints it on A4 in Times New Roman."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.documents.figures import report_figures
from cchc_sheets.documents.periods import parse_period, period_of
from cchc_sheets.documents.wording import place_name, ratio, vi_number
from tests import xlsx_fixtures as fx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "workbook_templates" / "examples").glob("*.xlsx"))
EXAMPLES_2026 = sorted((ROOT / "workbook_templates" / "examples_2026").glob("*.xlsx"))
# (example, period, as-of): the 2024 plans in Quý III/2024, the 2026 ones in Quý III/2026
CASES = [*((p, "Quý III/2024", "30/09/2024") for p in EXAMPLES),
         *((p, "Quý III/2026", "14/09/2026") for p in EXAMPLES_2026)]
AS_OF = dt.date(2024, 9, 30)
Q3 = parse_period("Quý III/2024")


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    """The six examples merged with a roster that names one unit that sent nothing."""
    folder = tmp_path_factory.mktemp("merged")
    roster = folder / "roster.csv"
    roster.write_text("Mã đơn vị,Tên đơn vị\n00472,UBND xã Phù Linh\n99001,UBND xã Vắng Mặt\n", encoding="utf-8")
    out = folder / "tong_hop.xlsx"
    done = run("merge", ROOT / "workbook_templates" / "examples", "-o", out, "--roster", roster, "--as-of",
               "30/09/2024", "--silent")
    assert done.exit_code == 0, done.output
    return out


# --------------------------------------------------------------------------- the same figures


@pytest.mark.parametrize(("example", "period", "as_of"), CASES, ids=[f"{p.parent.name}/{p.stem}" for p, _, _ in CASES])
def test_commune_figures_equal_summarize_json(example, period, as_of, tmp_path):
    summary = run("summarize", example, "--dry-run", "--format", "json", "--as-of", as_of)
    data = json.loads(summary.output)
    day = dt.datetime.strptime(as_of, "%d/%m/%Y").date()
    figures = report_figures(example, day, parse_period(period)).to_dict()
    assert figures["coverage"] == data["coverage"]
    assert figures["tasks"] == data["tasks"]
    assert figures["units"] == [{"unit_code": data["unit_code"], "unit_name": data["unit_name"],
                                 "coverage": data["coverage"], "tasks": data["tasks"]}]
    assert figures["uncovered"] == [[data["unit_code"], item["code"]] for item in data["uncovered"]]
    late = sorted(data["overdue"], key=lambda item: -item["days_late"])
    assert figures["overdue"] == [[data["unit_code"], item["row"], item["days_late"]] for item in late]
    out = tmp_path / "bao_cao.docx"
    written = run("report", example, "-o", out, "--period", period, "--as-of", as_of)
    assert written.exit_code == 0, written.output
    text = document_text(out)
    tasks, cov = data["tasks"], data["coverage"]
    for line in (f"Tổng số nhiệm vụ trong kế hoạch: {tasks['total']}; trong đó:",
                 f"- Đã hoàn thành: {ratio(tasks['done'], tasks['total'], 'nhiệm vụ')};",
                 f"- Đang thực hiện: {ratio(tasks['in_progress'], tasks['total'], 'nhiệm vụ')};",
                 f"- Chưa thực hiện: {ratio(tasks['not_started'], tasks['total'], 'nhiệm vụ')};",
                 f"Quá hạn (chưa hoàn thành khi đã hết hạn): {ratio(tasks['overdue'], tasks['total'], 'nhiệm vụ')}"):
        assert line in text
    if cov["lost"]:
        assert (f"(không tính tiêu chí chấm bằng điều tra xã hội học): {cov['lost']} "
                f"({vi_number(cov['lost_points'])} điểm). Đã có nhiệm vụ khắc phục: "
                f"{ratio(cov['covered'], cov['lost'], 'tiêu chí')}") in text
    for item in data["uncovered"]:
        assert item["code"] in text


def test_phu_linh_report_reads_as_written(tmp_path):
    """One example in full: the sentences a reader sees, with Vietnamese numbers."""
    out = tmp_path / "bao_cao.docx"
    assert run("report", EXAMPLES[-1], "-o", out, "--period", "Quý III/2024", "--as-of", "30/09/2024").exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    assert paragraphs[:8] == [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch khắc phục những tồn tại, hạn chế Chỉ số cải cách hành chính năm 2023, "
        "kỳ báo cáo Quý III/2024",
        "\u2500" * 8,
        "Thực hiện Kế hoạch số 97/KH-UBND ngày 01/04/2024 của UBND xã Phù Linh về khắc phục những tồn tại, hạn chế "
        "Chỉ số cải cách hành chính, UBND xã Phù Linh báo cáo kết quả thực hiện kỳ Quý III/2024 như sau:",
        "Kỳ báo cáo Quý III/2024: số liệu từ ngày 15/06/2024 đến ngày 14/09/2024. Mọi số liệu dưới đây lấy từ sổ "
        "theo dõi «xa_phu_linh.xlsx», tính đến ngày 30/09/2024.",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Tiến độ thực hiện nhiệm vụ",
        "Tổng số nhiệm vụ trong kế hoạch: 27; trong đó:",
    ]
    assert "- Đã hoàn thành: 3/27 nhiệm vụ (11,1%);" in paragraphs
    ii = paragraphs.index("II. TỒN TẠI, HẠN CHẾ")
    iii = paragraphs.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    assert paragraphs[ii + 1:iii] == [
        "- Còn 1/27 nhiệm vụ (3,7%) chưa triển khai thực hiện.",
        "- Còn 2/7 tiêu chí (28,6%) bị mất điểm chưa có nhiệm vụ khắc phục.",
        "- Mới hoàn thành khắc phục 0/7 tiêu chí (0%) bị mất điểm.",
    ]
    assert paragraphs[iii + 1] == ("1. Nhiệm vụ đến hạn trong thời gian tới (từ ngày 15/09/2024 đến ngày 14/12/2024, "
                                   "kỳ báo cáo Năm 2024)")
    assert "[Phần do đơn vị bổ sung trước khi trình ký" in paragraphs[-2]
    assert paragraphs[-1] == ("Trên đây là báo cáo kết quả thực hiện kế hoạch khắc phục kỳ Quý III/2024 "
                              "của UBND xã Phù Linh./.")


def test_consolidated_figures_equal_merge_json(consolidated, tmp_path):
    again = run("merge", consolidated, "-o", tmp_path / "lai.xlsx", "--format", "json", "--as-of", "30/09/2024")
    data = json.loads(again.output)
    figures = report_figures(consolidated, AS_OF, Q3).to_dict()
    assert figures["units"] == [{key: unit[key] for key in ("unit_code", "unit_name", "coverage", "tasks")}
                                for unit in data["units"]]
    assert figures["tasks"] == {key: sum(unit["tasks"][key] for unit in data["units"]) for key in figures["tasks"]}
    for key in ("lost", "covered", "remedied", "survey_lost"):
        assert figures["coverage"][key] == sum(unit["coverage"][key] for unit in data["units"])
    assert figures["not_sent"] == [["99001", "UBND xã Vắng Mặt"]]
    out = tmp_path / "tinh.docx"
    written = run("report", consolidated, "-o", out, "--period", "Quý III/2024", "--as-of", "30/09/2024")
    assert written.exit_code == 0, written.output
    text = document_text(out)
    total = sum(unit["tasks"]["total"] for unit in data["units"])
    done = sum(unit["tasks"]["done"] for unit in data["units"])
    assert f"Tổng số nhiệm vụ trong kế hoạch của 6 đơn vị: {total}; trong đó:" in text
    assert f"- Đã hoàn thành: {ratio(done, total, 'nhiệm vụ')};" in text
    assert "Đơn vị chưa nộp sổ theo dõi: 1 (UBND xã Vắng Mặt)." in text
    for unit in data["units"]:  # one row per unit in «Kết quả theo đơn vị»
        tasks = unit["tasks"]
        assert f"{unit['unit_name']}\n{ratio(tasks['done'], tasks['total'])}\n{tasks['overdue']}" in text
    by_unit = next(t for t in docx.Document(str(out)).tables if t.rows[0].cells[-1].text == "Nhiệm vụ quá hạn lâu nhất")
    rows = [[c.text for c in row.cells] for row in by_unit.rows[1:]]
    overdue = {unit["unit_name"]: unit["tasks"]["overdue"] for unit in data["units"] if unit["tasks"]["overdue"]}
    assert {row[1]: int(row[2]) for row in rows} == overdue  # the overdue tasks by unit, most first
    assert rows[0][1:4] == ["UBND phường Sông Cầu", "12", "549"]


def test_2026_province_figures_equal_merge_json(tmp_path):
    merged = tmp_path / "tinh.xlsx"
    done = run("merge", ROOT / "workbook_templates" / "examples_2026", "-o", merged, "--as-of", "14/09/2026",
               "--format", "json", "--silent")
    data = json.loads(done.output)
    figures = report_figures(merged, dt.date(2026, 9, 14), parse_period("Quý III/2026")).to_dict()
    assert figures["units"] == [{key: unit[key] for key in ("unit_code", "unit_name", "coverage", "tasks")}
                                for unit in data["units"]]
    assert len(figures["units"]) == len(EXAMPLES_2026)
    out = tmp_path / "tinh.docx"
    assert run("report", merged, "-o", out, "--period", "Quý III/2026", "--as-of", "14/09/2026").exit_code == 0
    assert docx.Document(str(out)).tables[0].rows[1].cells[0].text == "Số: …/BC-SNV"


def test_consolidated_letterhead_is_the_home_affairs_office(consolidated, tmp_path):
    out = tmp_path / "tinh.docx"
    assert run("report", consolidated, "-o", out, "--period", "Quý III/2024", "--as-of", "30/09/2024").exit_code == 0
    head = docx.Document(str(out)).tables[0]
    assert [c.text for c in head.rows[0].cells] == ["UBND HUYỆN MINH CHÂU (GIẢ ĐỊNH)\nPHÒNG NỘI VỤ\n" + "\u2500" * 10,
                                                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                                                    + "\u2500" * 22]
    assert [c.text for c in head.rows[1].cells] == ["Số: …/BC-PNV", "Minh Châu, ngày … tháng … năm 2024"]


# --------------------------------------------------------------------------- layout


def test_nd30_layout(tmp_path):
    out = tmp_path / "bao_cao.docx"
    assert run("report", EXAMPLES[-1], "-o", out, "--period", "Quý III/2024", "--as-of", "30/09/2024").exit_code == 0
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")]
    assert margins == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].alignment == 1  # centred
    assert section.header._element.xpath(".//w:instrText")[0].text == "PAGE"
    assert not section.first_page_header._element.xpath(".//w:instrText")
    head = document.tables[0]
    assert [c.text for c in head.rows[1].cells] == ["Số: …/BC-UBND", "Phù Linh, ngày … tháng … năm 2024"]
    assert head.rows[0].cells[0].text.startswith("ỦY BAN NHÂN DÂN\nXÃ PHÙ LINH")
    assert all(run_.italic for run_ in head.rows[1].cells[1].paragraphs[0].runs)
    fonts = document.styles["Normal"].element.rPr.rFonts
    scripts = ("ascii", "hAnsi", "eastAsia", "cs")
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{a}") for a in scripts} == {"Times New Roman"}
    assert document.styles["Normal"].font.size.pt == 14
    sign = document.tables[-1]
    received = sign.rows[0].cells[0].paragraphs[0].runs[0]
    assert (received.text, received.bold, received.italic, received.font.size.pt) == ("Nơi nhận:", True, True, 12)
    assert sign.rows[0].cells[1].paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"


@pytest.mark.libreoffice
def test_libreoffice_prints_a4_in_times_new_roman(consolidated, tmp_path):
    if fx.soffice() is None or shutil.which("pdffonts") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdffonts) not installed")
    commune, province = tmp_path / "xa.docx", tmp_path / "tinh.docx"
    for source, target in ((EXAMPLES[-1], commune), (consolidated, province)):
        assert run("report", source, "-o", target, "--period", "Quý III/2024", "--as-of", "30/09/2024").exit_code == 0
    appendix = tmp_path / "phu_luc.docx"
    assert run("plan-docx", EXAMPLES[-1], "-o", appendix).exit_code == 0
    # Times New Roman, or the metric-compatible font this system prints it with (fc-match says which)
    match = subprocess.run(["fc-match", "-f", "%{family[0]}", "Times New Roman"], capture_output=True, text=True)
    allowed = {"TimesNewRoman", match.stdout.replace(" ", "")}
    for pdf in fx.soffice_convert([commune, province, appendix], tmp_path / "pdf", "pdf", tmp_path / "profile"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        assert "(A4)" in size
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
        assert names and all(name.startswith(tuple(allowed - {""})) for name in names), fonts


# --------------------------------------------------------------------------- periods and words


@pytest.mark.parametrize(("text", "label", "start", "end"), [
    ("Quý I/2026", "Quý I/2026", dt.date(2025, 12, 15), dt.date(2026, 3, 14)),
    ("quý 3 năm 2026", "Quý III/2026", dt.date(2026, 6, 15), dt.date(2026, 9, 14)),
    ("Quý III/2026", "Quý III/2026", dt.date(2026, 6, 15), dt.date(2026, 9, 14)),
    ("6 tháng 2026", "6 tháng 2026", dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
    ("6 tháng đầu năm 2026", "6 tháng 2026", dt.date(2025, 12, 15), dt.date(2026, 6, 14)),
    ("9 tháng 2026", "9 tháng 2026", dt.date(2025, 12, 15), dt.date(2026, 9, 14)),
    ("Năm 2026", "Năm 2026", dt.date(2025, 12, 15), dt.date(2026, 12, 14)),
])
def test_periods_and_their_data_windows(text, label, start, end):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_period_of_a_day_and_the_next_window():
    assert period_of(dt.date(2026, 9, 14)).label == "Quý III/2026"
    assert period_of(dt.date(2026, 9, 15)).label == "Năm 2026"
    assert period_of(dt.date(2026, 12, 15)).label == "Quý I/2027"
    assert period_of(dt.date(2026, 4, 1)).label == "6 tháng 2026"
    nxt = parse_period("Quý III/2026").next_window()
    assert (nxt.label, nxt.start, nxt.end) == ("Năm 2026", dt.date(2026, 9, 15), dt.date(2026, 12, 14))
    nxt = parse_period("Năm 2026").next_window()
    assert (nxt.label, nxt.start, nxt.end) == ("Quý I/2027", dt.date(2026, 12, 15), dt.date(2027, 3, 14))


def test_vietnamese_numbers_and_places():
    assert [vi_number(v) for v in (12.5, 3.0, 1234.25, 0.75)] == ["12,5", "3", "1.234,25", "0,75"]
    assert [ratio(31, 41, "nhiệm vụ"), ratio(0, 0), ratio(5, 5), ratio(1, 3)] == [
        "31/41 nhiệm vụ (75,6%)", "0/0", "5/5 (100%)", "1/3 (33,3%)"]
    assert [place_name(n) for n in ("UBND xã Phù Linh", "UBND Phường 2", "Ủy ban nhân dân tỉnh Lâm Đồng",
                                    "UBND huyện Minh Châu (giả định)", None)] == [
        "Phù Linh", "Phường 2", "Lâm Đồng", "Minh Châu", None]


# --------------------------------------------------------------------------- bad input


def test_bad_input_gets_one_sentence_and_its_exit_code(tmp_path, consolidated):
    junk = tmp_path / "hong.xlsx"
    junk.write_bytes(b"not a workbook at all")
    result = run("report", junk, "-o", tmp_path / "a.docx")
    assert result.exit_code == 3 and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "a.docx").exists()
    bad = run("report", EXAMPLES[0], "-o", tmp_path / "b.docx", "--period", "Quý V/2026")
    assert bad.exit_code == 2
    assert bad.output.strip() == ("Kỳ báo cáo «Quý V/2026» không hợp lệ; ví dụ đúng: «Quý III/2026», «6 tháng 2026», "
                                  "«9 tháng 2026», «Năm 2026».")
    exists = tmp_path / "co.docx"
    exists.write_bytes(b"edited by hand")
    assert run("report", EXAMPLES[0], "-o", exists).exit_code == 2
    assert exists.read_bytes() == b"edited by hand"
    assert run("report", EXAMPLES[0], "-o", tmp_path / "c.pdf").exit_code == 2


def test_default_as_of_is_the_end_of_a_past_period(tmp_path):
    result = run("report", EXAMPLES[-1], "-o", tmp_path / "a.docx", "--period", "6 tháng 2024")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"Đã ghi {tmp_path / 'a.docx'}: báo cáo kỳ 6 tháng 2024 (15/12/2023–14/06/2024), "
                                     "số liệu tính đến ngày 14/06/2024, 1 đơn vị.")


def test_province_report_hostile_text_and_no_roster(tmp_path):
    """A 2026 commune under a province: Sở Nội vụ signs; clerk text stays text; no roster is said."""
    from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook

    hostile = "=HYPERLINK(\"http://x\",\"bấm\") {PAGE} <w:t>"
    info = [*INFO_ROWS, ["Đơn vị cấp trên", "UBND tỉnh Lâm Đồng"], ["Ngày cập nhật", dt.date(2026, 9, 10)]]
    tasks = [TASK_HEADER, [1, "1.2", hostile, "Phòng Văn hóa – Xã hội", None, "Quý II/2026", "Đang thực hiện", 50]]
    commune = plan_workbook(tmp_path, tasks, info=info, criteria=CRITERIA_ROWS)
    merged = tmp_path / "tinh.xlsx"
    assert run("merge", commune, "-o", merged, "--as-of", "14/09/2026", "--silent").exit_code == 0
    out = tmp_path / "bao_cao.docx"
    result = run("report", merged, "-o", out, "--period", "Quý III/2026", "--as-of", "14/09/2026")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    head = document.tables[0]
    assert head.rows[0].cells[0].text == "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\n" + "\u2500" * 10
    assert [c.text for c in head.rows[1].cells] == ["Số: …/BC-SNV", "Lâm Đồng, ngày … tháng … năm 2026"]
    overdue = next(t for t in document.tables if t.rows[0].cells[-1].text == "Nhiệm vụ quá hạn lâu nhất")
    assert [c.text for c in overdue.rows[1].cells] == ["1", "UBND xã Thử Nghiệm", "1", "76",
                                                       f"{hostile} (Phòng Văn hóa – Xã hội)"]
    text = document_text(out)
    assert ("Sổ tổng hợp không kèm danh sách đơn vị (merge --roster): chưa đối chiếu được đơn vị chưa nộp sổ."
            in text)
    assert document.tables[-1].rows[0].cells[1].paragraphs[0].text == "GIÁM ĐỐC"


def test_document_commands_start_without_python_docx():
    code = ("import sys; from cchc_sheets.cli import report_cmd, plan_docx_cmd; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'xlsxwriter', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_fast_rows_are_the_rows_add_row_writes():
    from cchc_sheets.documents.layout import add_row, add_rows, new_document, table_grid

    document = new_document()
    widths = (20, 60, 40)
    slow, fast = table_grid(document, ["a", "b", "c"], widths), table_grid(document, ["a", "b", "c"], widths)
    rows = [["1", "dòng\nhai\tcột", "y"], ["2", "=SUM(A1)\x0b", "x"], ["Tổng", "3", "z"]]
    for at, row in enumerate(rows):
        add_row(slow, row, widths, bold=at == 2)
    add_rows(fast, rows, widths, bold_last=True)
    assert [tr.xml for tr in fast._tbl.tr_lst] == [tr.xml for tr in slow._tbl.tr_lst]
    assert [[c.text for c in row.cells] for row in fast.rows[1:]] == [["1", "dòng\nhai\tcột", "y"],
                                                                        ["2", "=SUM(A1)", "x"], ["Tổng", "3", "z"]]
    add_rows(fast, [["3", None, ""]], widths)  # empty values: cells without a run
    assert [c.text for c in fast.rows[-1].cells] == ["3", "", ""]
    assert [len(c._tc.xpath(".//w:r")) for c in fast.rows[-1].cells] == [1, 0, 0]


def test_counts_use_the_thousands_dot():
    from cchc_sheets.documents.wording import count

    assert [count(7), count(2385), count(1234567)] == ["7", "2.385", "1.234.567"]
    assert ratio(2322, 2385, "tiêu chí") == "2.322/2.385 tiêu chí (97,4%)"
