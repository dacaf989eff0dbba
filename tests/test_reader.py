"""One test per layout quirk the reader must accept (WORKBOOK_FORMAT.md, "Layouts from real plans")."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import zipfile

import pytest

from cchc_sheets.core.codes import normalise_code, split_codes
from cchc_sheets.core.errors import UnreadableFile
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_TASKS
from cchc_sheets.read.plan import read_plan
from tests.builders import CRITERIA_ROWS, INFO_ROWS, TASK_HEADER, plan_workbook, workbook


def _task(seq, codes, text, lead="Văn phòng – Thống kê", deadline="Quý II/2024", *rest):
    return [seq, codes, text, lead, "Các ban, ngành", deadline, *rest]


def _errors(plan):
    return [f for f in plan.findings if f.severity == "error"]


def test_standard_layout_reads_every_field(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, _task(1, "1.2", "Tuyên truyền", "VP-TK", "Quý II/2024",
                                                        "Hoàn thành", 100, dt.date(2024, 5, 2), "Báo cáo 12/BC")])
    plan = read_plan(path)
    assert _errors(plan) == []
    assert plan.info.unit_name == "UBND xã Thử Nghiệm"
    assert plan.info.unit_code == "99999"
    assert (plan.info.assessed_year, plan.info.plan_year) == (2023, 2024)
    assert plan.info.issued_on == dt.date(2024, 3, 1)
    [task] = plan.tasks
    assert (task.seq, task.criteria_codes, task.task, task.lead) == ("1", ["1.2"], "Tuyên truyền", "VP-TK")
    assert (task.status, task.progress, task.done_on, task.evidence) == (
        "Hoàn thành", 100.0, dt.date(2024, 5, 2), "Báo cáo 12/BC")
    assert task.pos("lead").cell == "D2" and task.pos("lead").sheet == SHEET_TASKS
    assert [c.code for c in plan.criteria] == ["1", "1.1", "1.2", "2", "2.1"]
    assert plan.criteria_by_code()["1"].children == ["1.1", "1.2"]
    assert plan.criteria_by_code()["2.1"].is_survey


def test_sheet_names_fold_case_diacritics_and_spaces(tmp_path):
    sheets = {" thong tin ": INFO_ROWS, "TIÊU CHÍ": CRITERIA_ROWS, "nhiem vu": [TASK_HEADER, _task(1, "1.2", "A")]}
    plan = read_plan(workbook(tmp_path, sheets))
    assert plan.sheet_names[SHEET_INFO] == " thong tin "
    assert plan.sheet_names[SHEET_TASKS] == "nhiem vu"
    assert len(plan.tasks) == 1 and plan.tasks[0].pos("task").sheet == "nhiem vu"


def test_title_rows_above_header_and_header_aliases_with_numbering(tmp_path):
    rows = [
        ["PHỤ LỤC"],
        ["NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC"],
        ["TT", "1 - Mục tiêu", "2 - Nhiệm vụ", "3 - Hoạt động", "4 - Kết quả/ Sản phẩm", "5 - Cơ quan chủ trì",
         "6 - Cơ quan phối hợp", "7 - Thời gian thực hiện", "8 - Dự kiến kinh phí (Nếu có)"],
        [1, "Mục tiêu A", "Nhiệm vụ A", "Hoạt động A", "Kế hoạch", "Công chức Tư pháp – Hộ tịch", "Các CBCC",
         "Năm 2023", "Theo mức chi"],
    ]
    plan = read_plan(plan_workbook(tmp_path, rows))
    layout = plan.layouts[SHEET_TASKS]
    assert layout.header_row == 3
    assert set(layout.columns) == {"seq", "content", "task", "activity", "output", "lead", "support",
                                   "deadline_text", "budget"}
    [task] = plan.tasks
    assert (task.content, task.task, task.output, task.budget) == ("Mục tiêu A", "Nhiệm vụ A", "Kế hoạch", "Theo mức chi")


def test_header_with_line_breaks_case_and_nfd(tmp_path):
    nfd = unicodedata.normalize("NFD", "Công chức\nchủ trì")
    rows = [["STT", "NHIỆM VỤ VÀ GIẢI PHÁP", nfd, "Thời gian \n\nthực hiện"], [1, "Làm A", "VP-TK", "Quý II/2024"]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert plan.tasks[0].lead == "VP-TK"
    assert plan.tasks[0].deadline_text == "Quý II/2024"


def test_header_repeated_mid_sheet_is_skipped(tmp_path):
    rows = [TASK_HEADER, _task(1, "1.2", "A"), TASK_HEADER, _task(2, "1.2", "B")]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert [t.seq for t in plan.tasks] == ["1", "2"]
    assert _errors(plan) == []


def test_column_number_row_under_header_is_skipped(tmp_path):
    rows = [TASK_HEADER, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"], _task(1, "1.2", "A")]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert len(plan.tasks) == 1 and plan.tasks[0].task == "A"


def test_section_rows_roman_numeral_and_lone_title(tmp_path):
    rows = [TASK_HEADER, ["I", "CHỈ SỐ PAR-INDEX"], _task(1, "1.2", "A"), [None, None, "CHỈ SỐ SIPAS"],
            _task(1, "2.1", "B"), [None, "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], _task(1, "1.1", "C")]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert [s.title for s in plan.sections] == ["CHỈ SỐ PAR-INDEX", "CHỈ SỐ SIPAS", "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]
    assert [s.index for s in plan.sections][:2] == ["PAR INDEX", "SIPAS"]
    assert [t.section.title for t in plan.tasks] == [s.title for s in plan.sections]
    assert len(plan.tasks) == 3


def test_continuation_rows_add_activities_to_the_task_above(tmp_path):
    header = ["TT", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Ban hành kế hoạch", "Xây dựng dự thảo", "Tư pháp", "trước 30/01/2023"],
            [None, None, "Báo cáo kết quả", "Tư pháp", "trước 05/12/2023"], [2, "Nhiệm vụ khác", None, "VP", "Năm 2023"]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    first, second = plan.tasks
    assert first.activity == "Xây dựng dự thảo"
    assert [(a.activity, a.deadline_text, a.row) for a in first.activities] == [
        ("Báo cáo kết quả", "trước 05/12/2023", 3)]
    assert first.last_row == 3 and second.seq == "2"


def test_split_cell_text_continues_the_cell_above(tmp_path):
    header = ["TT", "Mục tiêu", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Mức độ hài lòng đạt", "Đối thoại", "VP", "Quý IV/2023"], [None, "tối thiểu 90%"]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    [task] = plan.tasks
    assert task.content == "Mức độ hài lòng đạt tối thiểu 90%"
    assert task.activities == []


def test_merged_cells_value_belongs_to_every_covered_row(tmp_path):
    header = ["TT", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Nhiệm vụ A", "Hoạt động 1", "VHXH", "Trong năm 2023"],
            [None, None, "Hoạt động 2", None, None], [None, None, "Hoạt động 3", None, None],
            [2, "Nhiệm vụ B", "Hoạt động", "VP", "Quý I/2023"]]
    plan = read_plan(plan_workbook(tmp_path, rows, merges=["A2:A4", "B2:B4", "D2:D4", "E2:E4"]))
    first, second = plan.tasks
    assert first.seq == "1" and second.seq == "2"
    assert [(a.activity, a.lead, a.deadline_text) for a in first.activities] == [
        ("Hoạt động 2", "VHXH", "Trong năm 2023"), ("Hoạt động 3", "VHXH", "Trong năm 2023")]
    assert first.task == "Nhiệm vụ A"  # not repeated by the merge


def test_title_merged_across_row_is_one_section(tmp_path):
    rows = [TASK_HEADER, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], _task(1, "1.2", "A")]
    plan = read_plan(plan_workbook(tmp_path, rows, merges=["B2:J2"]))
    assert [s.title for s in plan.sections] == ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]
    assert len(plan.tasks) == 1


def test_nfd_text_is_read_as_nfc(tmp_path):
    text = unicodedata.normalize("NFD", "Niêm yết công khai thủ tục hành chính")
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER, _task(1, "3.1", text, "Văn phòng", "Thường xuyên",
                                                                 unicodedata.normalize("NFD", "Đang thực hiện"))]))
    assert plan.tasks[0].task == unicodedata.normalize("NFC", text)
    assert plan.tasks[0].status == "Đang thực hiện"


def test_comma_decimals_and_numbers_typed_as_text(tmp_path):
    criteria = [CRITERIA_ROWS[0], ["1", "A", "PAR INDEX", "2", None, None], ["1.1", "B", None, "1,5", "0,5", None],
                ["1.2", "C", None, 0.5, "1.0", None]]
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER], criteria=criteria))
    by_code = plan.criteria_by_code()
    assert (by_code["1.1"].max_points, by_code["1.1"].achieved_points) == (1.5, 0.5)
    assert by_code["1.2"].achieved_points == 1.0
    assert by_code["1.1"].index == "PAR INDEX"  # inherited from the field row
    assert _errors(plan) == []


def test_text_in_a_number_cell_is_a_finding_at_its_cell(tmp_path):
    criteria = [CRITERIA_ROWS[0], ["1", "A", None, 2, None, None], ["1.1", "B", None, 2, "hai điểm", None]]
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER], criteria=criteria))
    [finding] = _errors(plan)
    assert (finding.code, finding.sheet, finding.cell) == ("CELL-NOT-NUMBER", SHEET_CRITERIA, "E3")
    assert "hai điểm" in finding.message()


@pytest.mark.parametrize(("typed", "expected"), [
    (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
    (45356, dt.date(2024, 3, 5)),
    ("05/03/2024", dt.date(2024, 3, 5)),
    ("5-3-2024", dt.date(2024, 3, 5)),
    ("05.03.2024", dt.date(2024, 3, 5)),
    ("2024-03-05", dt.date(2024, 3, 5)),
])
def test_dates_as_serials_or_day_first_text(tmp_path, typed, expected):
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER, _task(1, "1.2", "A", "VP", "Quý I/2024", "Hoàn thành",
                                                                 100, typed, "BC")]))
    assert plan.tasks[0].done_on == expected


def test_a_1904_workbook_reads_its_dates_right(tmp_path):
    """Old Mac workbooks count from 1904: 01/03/2024 is stored as 43890, which is 29/02/2020 in 1900."""
    path = plan_workbook(tmp_path, [TASK_HEADER, _task(1, "1.2", "A", "VP", "Quý I/2024", "Hoàn thành",
                                                       100, dt.date(2024, 3, 1), "BC")], date1904=True)
    with zipfile.ZipFile(path) as zf:
        assert b'date1904="1"' in zf.read("xl/workbook.xml")
        assert b"<v>43890</v>" in zf.read("xl/worksheets/sheet3.xml")
    plan = read_plan(path)
    assert plan.tasks[0].done_on == dt.date(2024, 3, 1)
    assert plan.tasks[0].done_on.strftime("%d/%m/%Y") == "01/03/2024"


def test_impossible_date_is_a_finding(tmp_path):
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER, _task(1, "1.2", "A", "VP", "Quý I/2024", "Hoàn thành",
                                                                 100, "31/02/2024", "BC")]))
    assert [(f.code, f.cell) for f in _errors(plan)] == [("CELL-IMPOSSIBLE-DATE", "I2")]
    assert plan.tasks[0].done_on is None


def test_formula_cells_are_not_trusted(tmp_path):
    criteria = [CRITERIA_ROWS[0] + ["Điểm bị mất"], ["1", "A", None, 2, "=SUM(E3:E4)", None, "=D2-E2"],
                ["1.1", "B", None, 1, 1, None, "=D3-E3"], ["1.2", "C", None, 1, 0, None, "=D4-E4"]]
    path = workbook(tmp_path, {SHEET_INFO: INFO_ROWS, SHEET_CRITERIA: criteria, SHEET_TASKS: [TASK_HEADER]},
                    formulas=True)
    plan = read_plan(path)
    by_code = plan.criteria_by_code()
    assert by_code["1"].achieved_points is None  # the parent's SUM is recomputed from its children
    assert by_code["1.2"].lost_points == 1.0
    assert _errors(plan) == []


def test_extra_user_sheets_and_columns_are_ignored_and_file_untouched(tmp_path):
    header = TASK_HEADER + ["Cột riêng của xã"]
    rows = [header, _task(1, "1.2", "A") + [None, None, None, None, "ghi chú riêng"]]
    path = workbook(tmp_path, {SHEET_INFO: INFO_ROWS, SHEET_CRITERIA: CRITERIA_ROWS, SHEET_TASKS: rows,
                               "Ghi chép": [["sổ tay"]]})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    plan = read_plan(path)
    assert plan.other_sheets == ["Ghi chép"]
    assert len(plan.tasks) == 1 and _errors(plan) == []
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_library_owned_column_is_recognised(tmp_path):
    rows = [TASK_HEADER + ["Tình trạng (tự động)"], _task(1, "1.2", "A") + [None] * 4 + ["Quá hạn"]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert plan.layouts[SHEET_TASKS].auto_col == len(TASK_HEADER) + 1
    assert plan.tasks[0].note is None


def test_plan_pasted_in_another_sheet_is_found_with_a_warning(tmp_path):
    rows = [["STT", "NỘI DUNG THỰC HIỆN", "NHIỆM VỤ/GIẢI PHÁP KHẮC PHỤC", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP",
             "THỜI GIẠN HOÀN THÀNH"], [1, "Nội dung", "Giải pháp", "UBND xã", None, "9 tháng cuối năm 2024"]]
    plan = read_plan(workbook(tmp_path, {"Sheet1": rows}))
    assert [f.code for f in plan.findings if f.code == "SHEET-GUESSED"] == ["SHEET-GUESSED"]
    assert plan.tasks[0].deadline_text == "9 tháng cuối năm 2024"


def test_workbook_without_plan_sheets_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        read_plan(workbook(tmp_path, {"Sheet1": [["a", "b"], [1, 2]]}))
    assert "Thông tin" in caught.value.message("vi") and "Sheet1" in caught.value.message("vi")


@pytest.mark.parametrize(("typed", "codes"), [
    ("1.1; 2.3", ["1.1", "2.3"]), ("1.1, 2.3", ["1.1", "2.3"]), (2.1, ["2.1"]), ("I", ["1"]),
    ("TC 1.2.", ["1.2"]), ("1.1\n1.2", ["1.1", "1.2"]),
])
def test_criterion_codes_are_split_and_normalised(typed, codes):
    assert split_codes(typed) == codes


def test_roman_field_codes_are_accepted():
    assert normalise_code("IV") == "4" and normalise_code("3.") == "3" and normalise_code(3.0) == "3"


def test_after_a_page_break_lower_case_text_continues_the_cut_cells(tmp_path):
    header = ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Sử dụng kinh phí, các nguồn", "Kiểm tra", "Căn cứ báo cáo các cuộc thanh tra,", "TC-KT",
                     "Năm 2023"],
            header, [None, "hợp pháp đúng quy định", None, "kiểm tra"], [None, None, None, "Tổng hợp kết quả", None]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    [task] = plan.tasks
    assert task.content == "Sử dụng kinh phí, các nguồn hợp pháp đúng quy định"
    assert task.activity == "Căn cứ báo cáo các cuộc thanh tra, kiểm tra"
    assert [a.activity for a in task.activities] == ["Tổng hợp kết quả"]


def test_lower_case_activity_without_page_break_is_an_activity(tmp_path):
    header = ["TT", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [1, "Nhiệm vụ A", "Hoạt động 1", "VP", "Năm 2024"], [None, None, "kế hoạch", None, None]]
    [task] = read_plan(plan_workbook(tmp_path, rows)).tasks
    assert task.activity == "Hoạt động 1" and [a.activity for a in task.activities] == ["kế hoạch"]


def test_row_with_own_task_lead_and_deadline_but_no_stt_is_a_task(tmp_path):
    header = ["TT", "Nhiệm vụ", "Hoạt động", "Cơ quan chủ trì", "Thời gian thực hiện"]
    rows = [header, [26, "Chỉ đạo, đôn đốc", "Ban hành văn bản", "VP-TK", "Quý III/2023"],
            [None, "Xây dựng sáng kiến", "Đôn đốc CBCC", "VP-TK", "Quý III,IV/2023"]]
    first, second = read_plan(plan_workbook(tmp_path, rows)).tasks
    assert (first.seq, first.task, first.activities) == ("26", "Chỉ đạo, đôn đốc", [])
    assert (second.seq, second.task, second.deadline_text) == (None, "Xây dựng sáng kiến", "Quý III,IV/2023")


def test_title_typed_in_the_stt_column_is_a_section(tmp_path):
    rows = [TASK_HEADER, ["CHỈ SỐ SIPAS"], _task(1, "2.1", "A")]
    plan = read_plan(plan_workbook(tmp_path, rows, merges=["A2:J2"]))
    assert [s.title for s in plan.sections] == ["CHỈ SỐ SIPAS"] and plan.sections[0].index == "SIPAS"
    assert _errors(plan) == [] and len(plan.tasks) == 1


def test_stt_with_trailing_dot_and_sparse_task_rows(tmp_path):
    rows = [TASK_HEADER, ["1.", "1.2", "A"], [2, "2", None, None, None, None, None, 30]]
    plan = read_plan(plan_workbook(tmp_path, rows))
    assert [t.seq for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[1].progress == 30 and _errors(plan) == []


def test_values_keep_their_dashes(tmp_path):
    plan = read_plan(plan_workbook(tmp_path, [TASK_HEADER, _task(1, "1.2", "A", "Văn phòng – Thống kê")]))
    assert plan.tasks[0].lead == "Văn phòng – Thống kê"


def test_nfd_criterion_code_prefix_is_removed():
    assert split_codes(unicodedata.normalize("NFD", "TIÊU CHÍ 2.1; tiêu chí 3.2")) == ["2.1", "3.2"]
