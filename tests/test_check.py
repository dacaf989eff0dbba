"""``cchc-sheets check`` end to end: the report, its JSON contract, the table, folders, options.

Rules themselves are tested in tests/test_rules_*.py and unreadable files in
tests/test_unreadable.py; here a real clerk-style file and the command's promises are.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
import unicodedata

import pytest
from click.testing import CliRunner

from cchc_sheets.check.report import FileReport, FindingRow, Report
from cchc_sheets.check.run import check_file, check_paths
from cchc_sheets.cli import main
from cchc_sheets.core.i18n import Sentence
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_TASKS
from cchc_sheets.read.inputs import iter_inputs
from tests import hostile
from tests.builders import TASK_HEADER, plan_workbook, workbook

AS_OF = "30/09/2024"
CLEAN_TASK = ["1", "1.2", "Tuyên truyền CCHC", "Văn phòng – Thống kê", None, "Quý II/2024", "Đang thực hiện", 50,
              None, None]


def nfd(text):
    return unicodedata.normalize("NFD", text)


def quirky_clerk_file(folder):
    """A plan as clerks really type it: title rows, NFD text, comma decimals, numbered and
    repeated headers, section rows, merged cells over activity rows, percent text, dates as text."""
    info = [["THÔNG TIN KẾ HOẠCH"], [],
            [nfd("Tên đơn vị:"), nfd("UBND xã Phù Linh")], ["Mã ĐVHC", "10015"], ["Năm đánh giá", "2023"],
            [nfd("Năm kế hoạch"), 2024.0], ["Số kế hoạch", "97/KH-UBND"], ["Ngày ban hành", "15/3/2024"],
            ["Bộ tiêu chí", "VD-XA"], ["Tổng điểm", "4,5"]]
    criteria = [["DANH SÁCH TIÊU CHÍ"],
                ["1 - Mã", nfd("Nội dung tiêu chí"), "Chỉ số", "Điểm tối đa\n(điểm)", "Điểm đạt", "Phương thức"],
                ["I", "Chỉ đạo điều hành", "PAR INDEX", "4", None, None],
                ["1.1.", "Kế hoạch CCHC", "PAR-INDEX", "2", "2,0", "Thẩm định"],
                ["TC 1.2", "Tuyên truyền", None, 2, "1,0", "tự đánh giá"],
                ["2", "Hài lòng", "SIPAS", 2, None, None],
                ["2.1", "Hài lòng về TTHC", "SIPAS", 2, "1,5", "Điều tra xã hội học"]]
    header = ["STT", "Mã TC", nfd("Nhiệm vụ và giải pháp"), "5 - Cơ quan\nchủ trì", "Cơ quan phối hợp",
              "Thời gian thực hiện", "Trạng thái", "Tiến độ (%)", "Ngày hoàn thành", "Tài liệu kiểm chứng"]
    tasks = [["KẾ HOẠCH KHẮC PHỤC"], ["(Kèm theo Kế hoạch số 97/KH-UBND)"], header,
             ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
             ["I", "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"],
             ["1", "1.2", "Tuyên truyền về CCHC trên loa truyền thanh", "VP-TK", "Các ban, ngành", "Quý II/2024",
              "Đã hoàn thành", "100%", "20/06/2024", "Báo cáo 12/BC-UBND"],
             [None, None, None, "Văn hóa – Xã hội", None, "Quý III/2024", None, None, None, None],
             header,
             ["2", "1.1, 1.2", "Ban hành kế hoạch CCHC năm đúng hạn", nfd("Văn phòng – Thống kê"), None,
              "Thường xuyên", "Đang thực hiện", "50", None, None],
             [None, "II. CHỈ SỐ HÀI LÒNG (SIPAS)"],
             ["1", "2.1", "Khảo sát ý kiến người dân", "Bộ phận một cửa", None, "Tháng 12/2024", "Chưa thực hiện",
              0, None, None]]
    sheets = {SHEET_INFO: info, SHEET_CRITERIA: criteria, SHEET_TASKS: tasks}
    return workbook(folder, sheets, merges={SHEET_TASKS: ["A6:A7", "C6:C7", "B5:J5", "B10:J10"]}, name="xa.xlsx")


def run(*args):
    return CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF])


# --------------------------------------------------------------------------- real files


def test_quirky_clerk_file_has_no_error_finding(tmp_path):
    plan, report = check_file(quirky_clerk_file(tmp_path), dt.date(2024, 9, 30), raise_unexpected=True)
    assert [(t.row, t.seq) for t in plan.tasks] == [(6, "1"), (9, "2"), (11, "1")]
    assert report.findings == []


def test_injected_faults_are_found_at_their_cells(tmp_path):
    bad = ["2", "1.2; 7.7", "Niêm yết TTHC", "VP-TK", None, "Quý II/2024", "Hoàn thành", 100, "31/02/2024", None]
    path = plan_workbook(tmp_path, [TASK_HEADER, CLEAN_TASK, bad])
    _, report = check_file(path, dt.date(2024, 9, 30), raise_unexpected=True)
    assert [(f.code, f.sheet, f.cell, f.severity) for f in report.findings] == [
        ("TASK-CODE-UNKNOWN", "Nhiệm vụ", "B3", "error"),
        ("CELL-IMPOSSIBLE-DATE", "Nhiệm vụ", "I3", "error"),
        ("TASK-DONE-NO-EVIDENCE", "Nhiệm vụ", "J3", "warning"),
    ]


# --------------------------------------------------------------------------- JSON contract


def test_json_contract(tmp_path):
    good = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], None, *CLEAN_TASK[4:]]], name="a.xlsx")
    broken = hostile.renamed_pdf(tmp_path, "b.xlsx")
    result = run(str(good), str(broken), "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.output)
    assert list(data) == ["files"]
    first, second = data["files"]
    assert list(first) == ["path", "unit_code", "readable", "error", "findings"]
    assert (first["path"], first["unit_code"], first["readable"], first["error"]) == (str(good), "99999", True, None)
    finding = next(f for f in first["findings"] if f["code"] == "TASK-NO-LEAD")
    assert finding == {"code": "TASK-NO-LEAD", "severity": "error", "sheet": "Nhiệm vụ", "cell": "D2", "row": 2,
                       "column": "D", "value": None, "message": "Nhiệm vụ chưa có cơ quan/công chức chủ trì."}
    assert second == {"path": str(broken), "unit_code": None, "readable": False,
                      "error": "Không phải tệp Excel (.xlsx). Hãy mở bằng Excel và lưu lại dạng .xlsx.",
                      "findings": []}


def test_json_in_english(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], None, *CLEAN_TASK[4:]]])
    data = json.loads(run(str(path), "--format", "json", "--lang", "en").output)
    messages = {f["code"]: f["message"] for f in data["files"][0]["findings"]}
    assert messages["TASK-NO-LEAD"] == "The task has no lead."


# --------------------------------------------------------------------------- table and options


def test_table_groups_by_file_and_sheet_with_cell_and_header(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], None, *CLEAN_TASK[4:]]])
    result = run(str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{path} — 1 lỗi, 1 cảnh báo"
    assert lines[1:5] == [
        "  Trang «Tiêu chí»",
        "    E4      cảnh báo  [Điểm đạt] Tiêu chí 1.2 bị mất 1 điểm nhưng chưa có nhiệm vụ khắc phục hợp lệ. "
        "(COVERAGE-LOST-NO-TASK)",
        "  Trang «Nhiệm vụ»",
        "    D2      lỗi       [Chủ trì] Nhiệm vụ chưa có cơ quan/công chức chủ trì. (TASK-NO-LEAD)",
    ]
    assert lines[-1] == "Đã kiểm tra 1 tệp: 1 lỗi, 1 cảnh báo, 0 tệp không đọc được, 0 tệp bỏ qua."


def test_table_in_english(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], None, *CLEAN_TASK[4:]]])
    output = run(str(path), "--lang", "en").output
    assert "  Sheet 'Nhiệm vụ'" in output
    assert "    D2      error     [Chủ trì] The task has no lead. (TASK-NO-LEAD)" in output


def test_warnings_pass_unless_strict(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:5], "khi có kinh phí", *CLEAN_TASK[6:]]])
    assert run(str(path)).exit_code == 0
    assert run(str(path), "--strict").exit_code == 1


def test_clean_file_exits_zero(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, CLEAN_TASK])
    result = run(str(path), "--strict")
    assert (result.exit_code, result.output.splitlines()[0]) == (0, f"{path} — không có lỗi")


def test_limit_caps_findings_per_file_in_the_table_only(tmp_path):
    rows = [[str(n), "1.2", f"Nhiệm vụ {n}", None, None, "Quý II/2024", None, None, None, None] for n in range(1, 6)]
    path = plan_workbook(tmp_path, [TASK_HEADER, *rows])
    table = run(str(path), "--limit", "2").output
    assert len([line for line in table.splitlines() if line.startswith("    ")]) == 2
    assert "… và 4 phát hiện khác (bỏ --limit để xem hết)." in table
    data = json.loads(run(str(path), "--limit", "2", "--format", "json").output)
    assert len(data["files"][0]["findings"]) == 6


@pytest.mark.parametrize("args", [["--as-of", "31/02/2024"], ["--limit", "0"], ["--format", "xml"], []])
def test_usage_errors_exit_2(tmp_path, args):
    path = plan_workbook(tmp_path, [TASK_HEADER, CLEAN_TASK])
    argv = ["check", *args] + ([str(path)] if args else [])
    assert CliRunner().invoke(main, argv).exit_code == 2


def test_missing_path_is_a_usage_error(tmp_path):
    assert CliRunner().invoke(main, ["check", str(tmp_path / "khong_co.xlsx")]).exit_code == 2


def test_help_lists_exit_codes():
    output = CliRunner().invoke(main, ["check", "--help"]).output
    for line in ("0  không có lỗi", "1  có ít nhất một lỗi", "2  dùng sai lệnh", "3  có tệp không đọc được"):
        assert line in output


# --------------------------------------------------------------------------- folders


def test_folder_is_walked_recursively_skipping_lock_and_hidden_files(tmp_path):
    (tmp_path / "huyen" / ".cchc-backup").mkdir(parents=True)
    good = plan_workbook(tmp_path / "huyen", [TASK_HEADER, CLEAN_TASK], name="xa_a.xlsx")
    plan_workbook(tmp_path / "huyen" / ".cchc-backup", [TASK_HEADER, CLEAN_TASK], name="old.xlsx")
    lock = hostile.excel_lock(tmp_path / "huyen", "xa_a.xlsx")
    (tmp_path / "huyen" / ".~lock.xa_a.xlsx#").write_text("x")
    (tmp_path / "huyen" / "ghi_chu.docx").write_bytes(b"PK")
    inputs = list(iter_inputs([tmp_path]))
    assert [(i.path, i.skip is not None) for i in inputs] == [(good, False), (lock, True)]
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert f"{lock} — bỏ qua: Tệp khóa của Excel: sổ «xa_a.xlsx» đang được mở trong Excel." in result.output


def test_skipped_lock_file_in_json(tmp_path):
    hostile.excel_lock(tmp_path, "xa_a.xlsx")
    data = json.loads(run(str(tmp_path), "--format", "json").output)
    (entry,) = data["files"]
    assert (entry["readable"], entry["skipped"], entry["findings"]) == (False, True, [])
    assert entry["error"].startswith("Tệp khóa của Excel")


def test_empty_folder_says_so(tmp_path):
    result = run(str(tmp_path))
    assert (result.exit_code, result.output.strip()) == (0, "Không tìm thấy tệp Excel nào để kiểm tra.")


# --------------------------------------------------------------------------- report object


def test_exit_code_unreadable_wins_over_findings(tmp_path):
    with_error = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], None, *CLEAN_TASK[4:]]])
    report = check_paths([with_error, hostile.renamed_text(tmp_path)], dt.date(2024, 9, 30))
    assert (report.has_errors(), report.exit_code()) == (True, 3)
    assert Report(report.files[:1]).exit_code() == 1


def test_report_rows_for_the_findings_sheet(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, [*CLEAN_TASK[:3], "VP-TK", None, "khi có kinh phí", *CLEAN_TASK[6:]]])
    report = check_paths([path], dt.date(2024, 9, 30))
    assert report.rows_for_sheet("vi") == [FindingRow(
        code="TASK-DEADLINE-UNKNOWN", severity="warning", sheet="Nhiệm vụ", cell="F2", header="Thời gian hoàn thành",
        value="khi có kinh phí",
        message="Không hiểu thời gian hoàn thành «khi có kinh phí» nên không theo dõi được quá hạn.",
        hint="Ghi như: Quý II/2024, Tháng 6/2024, trước 30/6/2024, Thường xuyên; hoặc nhập ngày ở cột «Hạn hoàn thành».",
    )]


def test_report_survives_pickling_for_worker_processes(tmp_path):
    report = FileReport("x.xlsx", None, False, Sentence("file.truncated"))
    back = pickle.loads(pickle.dumps(report))
    assert back.error == report.error and back.error.render("en").startswith("The workbook is damaged")


# --------------------------------------------------------------------------- whole process


def test_check_does_not_import_pandas_or_openpyxl(tmp_path):
    path = plan_workbook(tmp_path, [TASK_HEADER, CLEAN_TASK])
    code = ("import sys\nfrom cchc_sheets.cli import main\n"
            "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit as exc:\n    status = exc.code\n"
            "print(status, sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 []"
