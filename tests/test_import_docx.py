"""``cchc-sheets import``: Word plans (built from seeds 001, 003, 004) into the standard workbook."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main
from cchc_sheets.core.findings import ERROR
from cchc_sheets.core.model import TaskRow
from cchc_sheets.read.docx import ImportResult, import_docx, opening_info
from cchc_sheets.read.lists import load_criteria_list
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.template import SUGGESTION_HEADER
from tests.docx_seeds import HEADER_001, SEEDS, SeedPlan, SeedTable, build_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CRITERIA = ROOT / "workbook_templates" / "example_criteria.csv"
# (tasks, sections, activities) per seed, counted by hand from the seed text.
COUNTS = {"001": (27, 3, 0), "003": (4, 3, 0), "004": (30, 7, 8)}
ACCURACY_FLOOR = 0.80  # measured 43/49 = 0.878 on the labelled seed tasks


@pytest.fixture(scope="module")
def criteria():
    return load_criteria_list(EXAMPLE_CRITERIA)


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    return {name: build_docx(seed, folder / f"{name}.docx") for name, seed in SEEDS.items()}


@pytest.fixture(scope="module")
def imported(seed_files, criteria) -> dict[str, ImportResult]:
    return {name: import_docx(path, criteria) for name, path in seed_files.items()}


def tasks(result: ImportResult) -> list[TaskRow]:
    """Task rows in order (a row after a section always has its STT in the seeds)."""
    return [row for row in result.data.tasks if row.section is None and row.values.get("seq") is not None]


def task(result: ImportResult, section: str, seq: int) -> TaskRow:
    """Task *seq* of the section whose title is *section*."""
    current = None
    for row in result.data.tasks:
        if row.section is not None:
            current = row.section
        elif current == section and row.values.get("seq") == seq:
            return row
    raise AssertionError(f"no task {seq} in {section}")


def sections(result: ImportResult) -> list[tuple[object, str]]:
    return [(row.values.get("seq"), row.section) for row in result.data.tasks if row.section is not None]


def run(*args: str):
    return CliRunner().invoke(main, ["import", *map(str, args)])


# --- rows and columns ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_seed_row_arrives(imported, name):
    result = imported[name]
    assert (result.tasks, result.sections, result.activities) == COUNTS[name]
    assert len(result.data.tasks) == sum(COUNTS[name])
    assert [str(row.values["seq"]) for row in tasks(result)] == [seq for seq, _ in SEEDS[name].labels]
    assert result.skipped_headers == []


def test_seed_001_sections_by_index_and_split_header(imported):
    result = imported["001"]
    # the SIPAS title is merged across the whole row, STT included: one title, no label
    assert sections(result) == [("I", "CHỈ SỐ PAR-INDEX"), (None, "CHỈ SỐ SIPAS"), ("III", "CHỈ SỐ PAPI")]
    first = task(result, "CHỈ SỐ PAR-INDEX", 1)  # under the first header, spelt «THỜI GIẠN HOÀN THÀNH»
    assert first.values == {
        "seq": 1, "content": "Công tác Chi đạo điều hành theo kế hoạch CCHC năm 2024",
        "task": "Hoàn thành 100% nhiệm vụ đã đề ra tại Quyết định số 38/QĐ-UBND ngày 15/02/2024 của UBND xã về "
                "việc ban hành Kế hoạch Cải cách hành chính nhà nước năm 2024 của xã Phú Linh",
        "lead": "Văn phòng Thống Kế", "support": "Các ban, ngành", "deadline_text": "9 tháng cuối năm 2024",
        "suggestion": first.values["suggestion"],
    }
    fifth = task(result, "CHỈ SỐ PAR-INDEX", 5)  # first row after a page break and a repeated header
    assert fifth.values["lead"] == "- Văn phòng – Thống kê"
    assert fifth.values["deadline_text"] == "Quý IV/2024"
    assert "support" not in task(result, "CHỈ SỐ PAR-INDEX", 10).values
    assert task(result, "CHỈ SỐ SIPAS", 4).values["content"] == "Chỉ số hài lòng về kết quả dịch vụ công"
    assert task(result, "CHỈ SỐ PAPI", 8).values["lead"] == "Văn hóa thông tin"


def test_seed_003_cut_cell_and_line_breaks(imported):
    result = imported["003"]
    assert sections(result) == [("I", "Công tác chỉ đạo, điều hành CCHC"),
                                ("II", "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa"),
                                ("III", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số")]
    last = task(result, "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 1)
    assert last.values["task"] == (
        "Tham mưu UBND phường chỉ đạo đẩy mạnh hơn nữa việc thực hiện tiếp nhận, trả kết quả TTHC qua dịch vụ "
        "bưu chính công ích; thực hiện tốt công tác tuyên truyền, phổ biến đến các tổ chức, cá nhân và nhân dân "
        "trên địa bàn về lợi ích của bưu chính công ích, dịch vụ bưu chính công ích.\n"
        "- Tỷ lệ giữa số TTHC có phát sinh hồ sơ qua dịch vụ BCCI (tiếp nhận hoặc trả kết quả hoặc cả hai) so với "
        "tổng số TTHC đang triển khai thực hiện tiếp nhận, trả kết quả giải quyết qua dịch vụ BCCI đạt 60% trở "
        "lên.\n- Tỷ lệ số hồ sơ trả kết quả qua dịch vụ BCCI của các TTHC BCCI so với tổng số hồ sơ đã trả kết "
        "quả (cả BCCI, trực tuyến và trực tiếp) đạt 15% trở lên.")
    # headers «Công chức\nchủ trì» (line breaks) map to lead and support
    assert (last.values["lead"], last.values["support"]) == ("Công chức VP-TK", "Công chức chuyên môn")
    assert task(result, "Công tác chỉ đạo, điều hành CCHC", 1).values["deadline_text"] == "Quý II, Quý III năm 2022"


def test_seed_004_merged_cells_and_activities(imported):
    result = imported["004"]
    rows = result.data.tasks
    second = task(result, "CẢI CÁCH THỂ CHẾ", 2)
    activity = rows[rows.index(second) + 1]  # STT, content, task, lead, support merged down over it
    assert activity.section is None and "seq" not in activity.values
    assert activity.values == {
        "activity": "Xây dựng dự thảo báo cáo kết quả Theo dõi tình hình thi hành pháp luật trên địa bàn phường "
                    "năm 2023",
        "output": "Báo cáo của UBND", "lead": "Công chức Tư pháp – Hộ tịch", "support": "Các CBCC",
        "deadline_text": "UBND phường ban hành báo cáo UBND TP trước 05/12/2023"}
    assert second.values["budget"] == "Theo mức chi quy định hiện hành"
    # a content cell merged down over two tasks belongs to both
    fourteen, fifteen = (task(result, "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", n) for n in (14, 15))
    assert fifteen.values["content"] == fourteen.values["content"] == (
        "Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức")


def test_seed_004_cells_cut_by_page_breaks(imported):
    result = imported["004"]
    nine = task(result, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 9)
    assert nine.values["content"].endswith("mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
                                           "hành chính nhà nước đạt tối thiểu 90%; mức độ hài lòng của người dân "
                                           "về dịch vụ cung cấp giáo dục công lập đạt tối thiểu 85%")
    eighteen = task(result, "CẢI CÁCH TÀI CHÍNH CÔNG", 18)
    assert eighteen.values["content"] == "Sử dụng kinh phí ngân sách nhà nước, các nguồn hợp pháp đúng quy định"
    assert eighteen.values["activity"] == "Căn cứ trên báo cáo và thông qua kết quả các cuộc thanh tra, kiểm tra"
    assert eighteen.values["output"] == "Kiến nghị, chấn chỉnh đối với các tồn tại, hạn chế"
    digital = "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"
    twenty_four = task(result, digital, 24)
    assert twenty_four.values["task"].endswith("nâng tỷ lệ hồ sơ giải quyết TTHC phát sinh trực tuyến.")
    after = result.data.tasks[result.data.tasks.index(twenty_four) + 1:][:2]
    assert [row.values["activity"] for row in after] == [
        "Tuyên truyền, hỗ trợ người dân, doanh nghiệp nộp hồ sơ DVCTT",
        "Tổ chức các hoạt động tuyên truyền về DVCTT, Chuyển đổi số, xây dựng chính quyền điện tử"]
    assert task(result, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 26).values["content"].endswith(
        "của Thành ủy Bắc Kạn thực hiện NQ số 08/NQ-TU ngày 22/4/2021 của Tỉnh ủy Bắc Kạn")
    plan_activity = next(row for row in result.data.tasks if row.values.get("output") == "Kế hoạch")
    assert plan_activity.values["activity"] == ("Xây dựng Kế hoạch khắc phục những tồn tại, hạn chế Chỉ số cải "
                                                "cách hành chính năm 2022 và nâng cao Chỉ số năm 2023")


def test_italic_remnants_are_removed(imported):
    seven = task(imported["004"], "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 7)
    assert seven.values["task"] == ("Đẩy mạnh việc thực hiện thanh toán trực tuyến nghĩa vụ tài chính (thuế, lệ "
                                    "phí trước bạ) khi thực hiện TTHC về đất đai trên Cổng DVC Quốc gia")
    texts = [str(v) for row in imported["004"].data.tasks for v in row.values.values()]
    assert not any("<i>" in text or "</i>" in text for text in texts)


# --- Thông tin -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "info"), [
    ("001", {"unit_name": "UBND xã Phú Linh", "unit_level": "xã", "plan_number": "97/KH-UBND",
             "issued_on": dt.date(2024, 4, 1), "assessed_year": 2023, "plan_year": 2024}),
    ("003", {"unit_name": "UBND phường 2", "unit_level": "phường", "plan_number": "99/KH-UBND",
             "issued_on": dt.date(2022, 2, 21), "assessed_year": 2021, "plan_year": 2022}),
    # «Số: /KH-UBND» and «ngày tháng 01 năm 2023» hold no number and no day: left blank
    ("004", {"unit_name": "UBND phường Sông Cầu", "unit_level": "phường", "assessed_year": 2022,
             "plan_year": 2023}),
])
def test_info_from_opening_lines(imported, name, info):
    assert imported[name].data.info == info


@pytest.mark.parametrize(("lines", "expected"), [
    (["ỦY BAN NHÂN DÂN XÃ PHÙ LINH", "Số: 5/KH-UBND"], {"unit_name": "UBND xã Phù Linh", "unit_level": "xã",
                                                       "plan_number": "5/KH-UBND"}),
    (["UBND HUYỆN SÓC SƠN", "UBND THỊ TRẤN ĐÔNG ANH"], {"unit_name": "UBND thị trấn Đông Anh",
                                                         "unit_level": "thị trấn"}),
    (["Hà Nội, ngày 5 tháng 3 năm 2024"], {"issued_on": dt.date(2024, 3, 5)}),
    (["KẾ HOẠCH", "Khắc phục hạn chế Chỉ số CCHC năm 2023"], {"assessed_year": 2023, "plan_year": 2024}),
    (["Số:    /KH-UBND", "KẾ HOẠCH", "Về công tác văn thư"], {}),
])
def test_opening_info_variants(lines, expected):
    assert opening_info(lines) == expected


def test_assessed_year_option_wins(seed_files):
    result = import_docx(seed_files["004"], assessed_year=2023)
    assert (result.data.info["assessed_year"], result.data.info["plan_year"]) == (2023, 2024)


# --- criterion suggestions -----------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_task_gets_a_suggestion_and_no_code(imported, name):
    for row in imported[name].data.tasks:
        own_task = bool(row.values.get("task") and row.values.get("lead"))  # a task whose STT was lost
        is_task = row.section is None and (row.values.get("seq") is not None or own_task)
        assert bool(re.fullmatch(r"\d+(\.\d+)* \(\d{1,3}%\)", row.values.get("suggestion") or "")) == is_task
        assert "criteria_codes" not in row.values
    assert imported[name].data.suggestions


def test_suggestion_accuracy_on_labelled_seed_tasks(imported):
    hits = total = 0
    for name, result in imported.items():
        for row, (_, accepted) in zip(tasks(result), SEEDS[name].labels, strict=True):
            if accepted:
                code = row.values["suggestion"].split()[0]
                hits += any(code == a or code.startswith(a + ".") for a in accepted)
                total += 1
    assert total == 49
    assert hits / total >= ACCURACY_FLOOR, f"{hits}/{total}"


def test_sipas_section_limits_suggestions_to_sipas(imported):
    for seq in range(1, 6):
        assert task(imported["001"], "CHỈ SỐ SIPAS", seq).values["suggestion"].startswith(f"8.{seq} ")


# --- the written workbook ------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_imported_workbook_reads_back(seed_files, tmp_path, name):
    out = tmp_path / f"{name}.xlsx"
    result = run(seed_files[name], "-o", out, "--criteria", EXAMPLE_CRITERIA)
    assert result.exit_code == 0, result.output
    tasks_count, sections_count, activities = COUNTS[name]
    assert f"Đã nhập {tasks_count} nhiệm vụ, {activities} hoạt động, {sections_count} mục" in result.output
    plan = read_plan(out)
    assert [f for f in plan.findings if f.severity == ERROR] == []
    assert (len(plan.tasks), len(plan.sections)) == (tasks_count, sections_count)
    assert sum(len(t.activities) for t in plan.tasks) == activities
    assert not any(t.criteria_codes for t in plan.tasks)
    assert len(plan.criteria) == 48 and plan.info.criteria_set == "example_criteria"
    layout = plan.layouts["Nhiệm vụ"]
    assert layout.headers[layout.auto_col] == "Tình trạng (tự động)"
    assert layout.headers[layout.max_col] == SUGGESTION_HEADER


def test_read_back_keeps_sections_indexes_and_text(seed_files, tmp_path):
    out = tmp_path / "001.xlsx"
    assert run(seed_files["001"], "-o", out).exit_code == 0
    plan = read_plan(out)
    assert [s.index for s in plan.sections] == ["PAR INDEX", "SIPAS", "PAPI"]
    assert plan.info.plan_number == "97/KH-UBND" and plan.info.issued_on == dt.date(2024, 4, 1)
    assert plan.tasks[4].raw["lead"] == "- Văn phòng – Thống kê"  # the cell as typed (the reader unifies dashes)
    assert plan.tasks[4].raw["task"].startswith("Lập danh sách các đối tượng để điều tra, khảo sát")


def test_without_criteria_the_criteria_sheet_is_empty(seed_files, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = run(seed_files["003"], "-o", out)
    assert result.exit_code == 0, result.output
    assert "Chưa có bộ tiêu chí" in result.output
    plan = read_plan(out)
    assert plan.criteria == []
    assert plan.tasks[-1].raw["task"].count("\n") == 2  # the cell's paragraphs, kept as line breaks
    assert SUGGESTION_HEADER not in plan.layouts["Nhiệm vụ"].headers.values()


def test_english_messages(seed_files, tmp_path):
    result = run(seed_files["003"], "-o", tmp_path / "plan.xlsx", "--lang", "en")
    assert result.exit_code == 0
    assert "Imported 4 tasks, 0 activities, 3 sections" in result.output


# --- odd layouts ---------------------------------------------------------------------------------
HEADER = ("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện")


def small_plan(*pages: SeedTable) -> SeedPlan:
    return SeedPlan(opening=("KẾ HOẠCH",), tables=pages)


def test_column_numbers_repeated_header_and_other_tables(tmp_path):
    appendix = SeedTable([HEADER, ("(1)", "(2)", "(3)", "(4)"), ("1.", "Việc một", "Văn phòng", "Quý I"),
                          HEADER, ("2)", "Việc hai", "Tư pháp", "Quý II")])
    signatures = SeedTable([("Nơi nhận", "TM. ỦY BAN NHÂN DÂN")])  # a different width: not a page of it
    result = import_docx(build_docx(small_plan(appendix, signatures), tmp_path / "plan.docx"))
    assert [row.values for row in result.data.tasks] == [
        {"seq": 1, "content": "Việc một", "lead": "Văn phòng", "deadline_text": "Quý I"},
        {"seq": 2, "content": "Việc hai", "lead": "Tư pháp", "deadline_text": "Quý II"}]


def test_page_without_header_continues_and_keeps_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Rà soát thủ tục")
    pages = (SeedTable([HEADER, ("1", "Việc một", "Văn phòng", "Quý I")]),
             SeedTable([("2", f"<i>{nfd}</i>\nhành chính", "Văn phòng", "Quý III")]))
    result = import_docx(build_docx(small_plan(*pages), tmp_path / "plan.docx"))
    assert [row.values["content"] for row in result.data.tasks] == ["Việc một", "Rà soát thủ tục\nhành chính"]


def test_unknown_columns_are_reported(tmp_path):
    page = SeedTable([(*HEADER, "Chỉ tiêu phấn đấu"), ("1", "Việc một", "Văn phòng", "Quý I", "100%")])
    result = import_docx(build_docx(small_plan(page), tmp_path / "plan.docx"))
    assert result.skipped_headers == ["Chỉ tiêu phấn đấu"]
    assert any("«Chỉ tiêu phấn đấu»" in note for note in result.data.notes)


# --- unusable files ------------------------------------------------------------------------------
def test_document_without_task_table_exits_3(tmp_path):
    plan = SeedPlan(opening=("KẾ HOẠCH", "Không có phụ lục."), tables=(SeedTable([HEADER_001[:2]]),),
                    letterhead=("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    path = build_docx(plan, tmp_path / "plan.docx")
    result = run(path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 3
    assert "Không tìm thấy bảng nhiệm vụ trong tệp Word" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("content", [b"not a zip at all", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512])
def test_not_a_docx_exits_3(tmp_path, content):
    path = tmp_path / "plan.docx"
    path.write_bytes(content)
    result = run(path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 3
    assert "Không phải tệp Word .docx" in result.output


def test_a_workbook_renamed_docx_exits_3(tmp_path, seed_files):
    workbook = tmp_path / "plan.xlsx"
    assert run(seed_files["003"], "-o", workbook).exit_code == 0
    renamed = workbook.rename(tmp_path / "plan.docx")
    result = run(renamed, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 3
    assert "Không phải tệp Word .docx" in result.output
