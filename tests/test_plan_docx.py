"""``cchc-sheets plan-docx``: the appendix as a Word table, and ``import`` giving every task back."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.core.model import Task
from cchc_sheets.documents.plan_appendix import shown, split_appendices
from cchc_sheets.read.plan import read_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "workbook_templates" / "examples").glob("*.xlsx"))
EXAMPLES_2026 = sorted((ROOT / "workbook_templates" / "examples_2026").glob("*.xlsx"))


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def task_key(task: Task) -> tuple:
    """What must survive the round trip: section, STT, texts, lead, support, deadline, activities."""
    section = task.section.title if task.section else None
    acts = [(a.activity, a.output, a.lead, a.support, a.deadline_text, shown(a.budget)) for a in task.activities]
    return (section, task.seq, task.content, task.task, task.activity, task.output, task.lead, task.support,
            shown(task.deadline_text or task.due_date), shown(task.budget), acts)


@pytest.mark.parametrize("example", EXAMPLES + EXAMPLES_2026, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_plan_docx_then_import_gives_every_task_back(example, tmp_path):
    document, workbook = tmp_path / "phu_luc.docx", tmp_path / "back.xlsx"
    written = run("plan-docx", example, "-o", document)
    assert written.exit_code == 0, written.output
    imported = run("import", document, "-o", workbook)
    assert imported.exit_code == 0, imported.output
    original = read_plan(example)
    expected = [task_key(t) for appendix in split_appendices(original) for t in appendix.tasks]
    back = read_plan(workbook)
    assert [task_key(t) for t in back.tasks] == expected
    assert len(expected) == len(original.tasks)
    # two appendices: their headings give every task its kind back (typed, or derived before)
    appendices = split_appendices(original)
    kinds = [a.kind if len(appendices) == 2 else None for a in appendices for _ in a.tasks]
    assert [t.kind for t in back.tasks] == kinds


def body_texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_two_kinds_make_two_appendices_in_the_seed_layout(tmp_path):
    out = tmp_path / "pl.docx"
    assert run("plan-docx", ROOT / "workbook_templates/examples/xa_phu_linh.xlsx", "-o", out).exit_code == 0
    document = docx.Document(str(out))
    texts = body_texts(out)
    attached = "(Kèm theo Kế hoạch số 97/KH-UBND ngày 01/04/2024 của UBND xã Phù Linh)"
    assert texts == ["PHỤ LỤC 1",
                     "NHIỆM VỤ, GIẢI PHÁP DUY TRÌ CÁC TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN ĐẠT ĐIỂM TỐI ĐA NĂM 2023", attached,
                     "PHỤ LỤC 2",
                     "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023",
                     attached]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = [round(getattr(section, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")]
    assert margins == [20, 20, 30, 15]
    first, second = document.tables
    assert [c.text for c in first.rows[0].cells] == ["STT", "Nội dung thực hiện", "Nhiệm vụ/Giải pháp", "Chủ trì",
                                                     "Phối hợp", "Thời gian hoàn thành"]
    assert all(t.rows[0]._tr.trPr.xpath("./w:tblHeader") for t in (first, second))
    # the section title row: Roman label in STT, the title across the other five columns
    assert [c.text for c in first.rows[1].cells] == ["I"] + ["CHỈ SỐ PAR-INDEX"] * 5
    assert [c.text for c in first.rows[2].cells] == [
        "2", "Tham gia các lớp tập huấn, bồi dưỡng nghiệp vụ CCHC do huyện tổ chức", "Tham gia tập huấn công tác CCHC",
        "Phòng Nội vụ", "Lãnh đạo, công chức phụ trách", "9 tháng cuối năm 2024"]
    # SIPAS has no label in the workbook: its title spans the whole row, STT included
    assert [c.text for c in second.rows[0].cells][0] == "STT"
    assert ["CHỈ SỐ SIPAS"] * 6 in [[c.text for c in row.cells] for row in second.rows]


def test_one_kind_is_one_appendix_and_activities_sit_under_their_task(tmp_path):
    out = tmp_path / "pl.docx"
    assert run("plan-docx", ROOT / "workbook_templates/examples/phuong_2_quang_tri.xlsx", "-o", out).exit_code == 0
    assert body_texts(out)[:2] == ["PHỤ LỤC", "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ, NÂNG CAO CHỈ SỐ "
                                              "CẢI CÁCH HÀNH CHÍNH NĂM 2024"]
    out2 = tmp_path / "sc.docx"
    assert run("plan-docx", ROOT / "workbook_templates/examples/phuong_song_cau.xlsx", "-o", out2).exit_code == 0
    table = docx.Document(str(out2)).tables[1]
    headers = [c.text for c in table.rows[0].cells]
    assert headers == ["STT", "Nội dung thực hiện", "Nhiệm vụ/Giải pháp", "Hoạt động", "Kết quả/Sản phẩm", "Chủ trì",
                       "Phối hợp", "Thời gian hoàn thành", "Kinh phí"]
    rows = [[c.text for c in row.cells] for row in table.rows]
    at = next(i for i, row in enumerate(rows) if row[0] == "2")
    # task 2 has one continuation activity: STT, content and task merged down over it
    assert rows[at + 1][:3] == rows[at][:3]
    assert rows[at + 1][3] == "Xây dựng dự thảo báo cáo kết quả Theo dõi tình hình thi hành pháp luật trên địa bàn " \
                              "phường năm 2023"
    assert table.rows[at].cells[0]._tc is table.rows[at + 1].cells[0]._tc


def test_clerk_text_is_written_as_text(tmp_path):
    from tests.builders import TASK_HEADER, plan_workbook

    hostile = "=HYPERLINK(\"http://x\"){PAGE} <w:t>&amp;"
    path = plan_workbook(tmp_path, [TASK_HEADER, [1, "1.2", hostile, "Văn phòng", None, "Quý II/2024"]])
    out = tmp_path / "pl.docx"
    result = run("plan-docx", path, "-o", out)
    assert result.exit_code == 0, result.output
    cells = [c.text for c in docx.Document(str(out)).tables[0].rows[-1].cells]
    assert cells == ["1", "", hostile, "Văn phòng", "", "Quý II/2024"]


def test_characters_xml_cannot_hold_are_dropped():
    from cchc_sheets.documents.layout import new_document, paragraph, xml_text

    assert xml_text("a\x0bb\x00c\r\nd\u0065\u0301") == "abc\ndé"
    document = new_document()
    para = paragraph(document, "Tổ\x1fng\x0c hợp")
    assert para.text == "Tổng hợp"


@pytest.mark.parametrize(("name", "content"), [("x.xlsx", b"not a workbook"), ("x.xlsx", b"PK\x03\x04broken")])
def test_unreadable_input_exits_3(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("plan-docx", path, "-o", tmp_path / "out.docx")
    assert result.exit_code == 3
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out.docx").exists()


def test_not_our_workbook_and_no_tasks_exit_3(tmp_path):
    from tests.builders import TASK_HEADER, plan_workbook, workbook

    other = workbook(tmp_path, {"Sheet1": [["Họ tên", "Tuổi"], ["An", 30]]}, name="other.xlsx")
    result = run("plan-docx", other, "-o", tmp_path / "a.docx")
    assert result.exit_code == 3
    assert result.output == (f"{other}: Không phải sổ theo dõi chuẩn: cần các trang «Thông tin», «Tiêu chí», "
                             "«Nhiệm vụ»; tệp chỉ có các trang «Sheet1».\n")
    empty = plan_workbook(tmp_path, [TASK_HEADER])
    result = run("plan-docx", empty, "-o", tmp_path / "b.docx")
    assert result.exit_code == 3
    assert result.output.strip().endswith("Sổ chưa có nhiệm vụ nào ở trang «Nhiệm vụ»: không có gì để đưa vào phụ lục.")


def test_consolidated_workbook_is_refused(tmp_path):
    import datetime as dt

    from cchc_sheets.consolidate.merge import merge

    merged = tmp_path / "tong_hop.xlsx"
    merge([EXAMPLES[0]], merged, as_of=dt.date(2024, 9, 30), jobs=1)
    result = run("plan-docx", merged, "-o", tmp_path / "a.docx")
    assert result.exit_code == 3
    assert "sổ tổng hợp của nhiều đơn vị" in result.output


def test_output_rules(tmp_path):
    example = EXAMPLES[0]
    exists = tmp_path / "co.docx"
    exists.write_bytes(b"clerk's edited document")
    result = run("plan-docx", example, "-o", exists)
    assert result.exit_code == 2
    assert result.output.strip() == f"Tệp {exists} đã có; dùng --force để ghi đè."
    assert exists.read_bytes() == b"clerk's edited document"
    assert run("plan-docx", example, "-o", exists, "--force").exit_code == 0
    assert docx.Document(str(exists)).tables
    wrong = run("plan-docx", example, "-o", tmp_path / "pl.xlsx")
    assert wrong.exit_code == 2
    assert wrong.output.strip() == f"Tệp kết quả {tmp_path / 'pl.xlsx'} phải có đuôi .docx (tệp Word)."
    link = tmp_path / "link.docx"
    link.symlink_to(exists)
    assert run("plan-docx", example, "-o", link, "--force").exit_code == 2
    (tmp_path / "~$open.docx").write_bytes(b"lock")
    assert run("plan-docx", example, "-o", tmp_path / "open.docx").exit_code == 4
    english = run("plan-docx", example, "-o", tmp_path / "x.txt", "--lang", "en")
    assert english.output.strip() == f"The output {tmp_path / 'x.txt'} must end in .docx (a Word file)."


@pytest.mark.parametrize(("lines", "kind"), [
    (["PHỤ LỤC 1", "NHIỆM VỤ, GIẢI PHÁP DUY TRÌ CÁC TIÊU CHÍ ĐẠT ĐIỂM TỐI ĐA"], "Duy trì"),
    (["Phụ lục 2", "Nhiệm vụ, giải pháp khắc phục những tồn tại, hạn chế", "(Kèm theo …)"], "Khắc phục"),
    (["PHỤ LỤC II: KHẮC PHỤC"], "Khắc phục"),
    (["PHỤ LỤC", "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ, NÂNG CAO CHỈ SỐ"], None),
    (["Phụ lục 1", "Khắc phục và duy trì các chỉ số"], None),
    (["Các mục tiêu, nhiệm vụ cụ thể"], None),
])
def test_appendix_heading_names_the_kind(lines, kind):
    from cchc_sheets.read.docx import appendix_kind

    assert appendix_kind(lines) == kind
