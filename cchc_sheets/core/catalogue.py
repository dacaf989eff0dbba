"""The finding catalogue: every code a check can report, with its severity, Vietnamese and
English message templates, and a hint saying how to fix it.

Codes are stable (other tools read them from JSON): never rename or reuse one; add new codes.
``docs/findings.md`` is generated from this table (``scripts/make_docs.py``; a test keeps it current).
Templates use ``{name}`` placeholders filled from the finding's ``args``; ``{value}`` is the typed value.
A part in ``[[...]]`` is kept only when every placeholder inside it has a value (a "did you mean"
that is there only when something close was found).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cchc_sheets.core.values import vi_number


class Severity(StrEnum):
    """How bad a finding is; a ``str`` so the JSON output says ``"error"`` as it always has."""

    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Entry:
    severity: Severity
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""


CATALOGUE: dict[str, Entry] = {
    # --- workbook structure ------------------------------------------------------------------
    "SHEET-MISSING": Entry(
        ERROR, "Thiếu trang «{sheet}». Các trang tìm thấy: {found}.",
        "Sheet '{sheet}' is missing. Sheets found: {found}.",
        "Dùng sổ mẫu chuẩn, hoặc đổi tên trang cho đúng.", "Use the standard template or rename the sheet."),
    "SHEET-GUESSED": Entry(
        WARNING, "Không có trang «{sheet}»; đã đọc danh sách nhiệm vụ từ trang «{used}».",
        "No sheet '{sheet}'; tasks were read from sheet '{used}'.",
        "Đổi tên trang thành «Nhiệm vụ».", "Rename the sheet to 'Nhiệm vụ'."),
    "HEADER-NOT-FOUND": Entry(
        ERROR, "Không tìm thấy dòng tiêu đề cột trong trang «{sheet}» (cần các cột như {expected}).",
        "No header row found in sheet '{sheet}' (expected columns such as {expected}).",
        "Giữ nguyên dòng tiêu đề của sổ mẫu.", "Keep the template's header row."),
    "COLUMN-MISSING": Entry(
        ERROR, "Thiếu cột «{column}» trong trang «{sheet}».", "Column '{column}' is missing in sheet '{sheet}'.",
        "Thêm lại cột này (có thể dùng tên khác đã biết, ví dụ «{alias}»).",
        "Add the column back (a known alias such as '{alias}' works too)."),
    # --- cell values ---------------------------------------------------------------------------
    "CELL-NOT-NUMBER": Entry(
        ERROR, "Ô «{header}» phải là số, nhưng đang ghi «{value}».",
        "'{header}' must be a number, found '{value}'.",
        "Chỉ nhập số, dùng dấu phẩy hoặc dấu chấm cho phần thập phân (ví dụ 1,5).",
        "Type a number only (1,5 or 1.5)."),
    "CELL-NOT-INTEGER": Entry(
        ERROR, "Ô «{header}» phải là số nguyên (ví dụ 2024), nhưng đang ghi «{value}».",
        "'{header}' must be a whole number (e.g. 2024), found '{value}'.",
        "Nhập số nguyên, không có chữ hay phần thập phân.", "Type a whole number, without words or decimals."),
    "CELL-NOT-DATE": Entry(
        ERROR, "Ô «{header}» phải là ngày dạng dd/mm/yyyy, nhưng đang ghi «{value}».",
        "'{header}' must be a date dd/mm/yyyy, found '{value}'.",
        "Nhập ngày theo thứ tự ngày/tháng/năm, ví dụ 30/06/2024.", "Type day/month/year, e.g. 30/06/2024."),
    "CELL-IMPOSSIBLE-DATE": Entry(
        ERROR, "Ngày «{value}» ở ô «{header}» không có thật.", "Date '{value}' in '{header}' does not exist.",
        "Kiểm tra lại ngày và tháng (ví dụ tháng 2 không có ngày 31).", "Check day and month."),
    "CELL-LEGACY-FONT": Entry(
        WARNING, "Ô dùng phông chữ cũ ({font}); chữ có thể bị lỗi dấu khi tổng hợp.",
        "Cell uses a legacy Vietnamese font ({font}); text may be garbled.",
        "Chuyển sang phông Unicode (Times New Roman) bằng Unikey > Chuyển mã.",
        "Convert the text to Unicode (Unikey's converter)."),
    # --- Thông tin (rules/info.py) -------------------------------------------------------------
    "INFO-MISSING": Entry(
        ERROR, "Chưa ghi «{label}» ở trang «Thông tin».", "'{label}' is missing in sheet 'Thông tin'.",
        "Nhập «{label}» vào ô bên phải nhãn.", "Type '{label}' in the cell right of its label."),
    "INFO-MISSING-FOR-MERGE": Entry(
        WARNING, "Chưa ghi «{label}»: cần có khi tỉnh tổng hợp các sổ.",
        "'{label}' is missing: it is needed to consolidate workbooks.",
        "Hỏi Sở Nội vụ mã đúng rồi nhập vào ô bên phải nhãn.",
        "Ask the consolidating office for the code and type it right of the label."),
    "INFO-YEAR-RANGE": Entry(
        ERROR, "«{label}» là {value}: năm không hợp lệ (cần từ 2000 đến 2100).",
        "'{label}' is {value}: not a plausible year (2000 to 2100).",
        "Nhập năm đủ 4 chữ số, ví dụ 2023.", "Type a four-digit year such as 2023."),
    "INFO-PLAN-YEAR": Entry(
        WARNING, "Năm kế hoạch {value} khác năm sau năm đánh giá ({expected}).",
        "Plan year {value} is not the year after the assessed year ({expected}).",
        "Kế hoạch khắc phục kết quả năm N thường là kế hoạch năm N+1; kiểm tra lại hai ô năm.",
        "A plan remedying year N is normally the plan for year N+1; check both years."),
    "INFO-ISSUED-YEAR": Entry(
        WARNING, "Ngày ban hành {value} không thuộc năm đánh giá hay năm kế hoạch ({years}).",
        "Issue date {value} is in neither the assessed nor the plan year ({years}).",
        "Kiểm tra lại ngày ban hành (ngày/tháng/năm) và hai ô năm.", "Check the issue date and both years."),
    "INFO-DATE-FUTURE": Entry(
        WARNING, "«{label}» là ngày {value}, sau ngày xét {as_of}.", "'{label}' is {value}, after the as-of date {as_of}.",
        "Kiểm tra lại ngày (ngày/tháng/năm, không phải tháng/ngày/năm).", "Check the date (day/month/year)."),
    "INFO-TOTAL-MISMATCH": Entry(
        WARNING, "Tổng điểm ghi {value} nhưng cộng điểm đạt các tiêu chí được {expected}.",
        "Total score {value} differs from the sum of achieved points, {expected}.",
        "Sửa tổng điểm, hoặc kiểm tra điểm đạt từng tiêu chí ở trang «Tiêu chí».",
        "Fix the total, or check the achieved points in 'Tiêu chí'."),
    # --- Tiêu chí (rules/criteria.py) ----------------------------------------------------------
    "CRIT-CODE-MISSING": Entry(
        ERROR, "Dòng có điểm nhưng chưa ghi mã tiêu chí.", "A row with points has no criterion code.",
        "Nhập mã theo bộ tiêu chí, ví dụ 2.1.3.", "Type the code from the criteria set, e.g. 2.1.3."),
    "CRIT-CODE-INVALID": Entry(
        ERROR, "Mã tiêu chí «{value}» không đúng dạng.", "Criterion code '{value}' is malformed.",
        "Mã là các số cách nhau bởi dấu chấm: 1 (lĩnh vực), 1.1 (tiêu chí), 1.1.2 (tiêu chí thành phần).",
        "Codes are numbers joined by dots: 1, 1.1, 1.1.2."),
    "CRIT-CODE-DUPLICATE": Entry(
        ERROR, "Mã tiêu chí {code} bị trùng với dòng {first_row}.", "Criterion code {code} repeats row {first_row}.",
        "Mỗi tiêu chí chỉ ghi một dòng; xóa dòng thừa hoặc sửa mã.", "Keep one row per criterion."),
    "CRIT-ORPHAN": Entry(
        ERROR, "Tiêu chí {code} không có dòng tiêu chí cha {parent}.", "Criterion {code} has no parent row {parent}.",
        "Thêm dòng {parent} phía trên, hoặc sửa lại mã {code}.", "Add row {parent} above, or fix code {code}."),
    "CRIT-MAX-SUM": Entry(
        ERROR, "Điểm tối đa của {code} là {value} nhưng cộng các tiêu chí con được {expected}.",
        "Max points of {code} are {value} but its children add up to {expected}.",
        "Sửa điểm tối đa cho khớp bộ tiêu chí, hoặc để trống dòng cha để tự cộng.",
        "Fix the max points, or leave the parent blank to be summed."),
    "CRIT-ACHIEVED-SUM": Entry(
        ERROR, "Điểm đạt của {code} là {value} nhưng cộng các tiêu chí con được {expected}.",
        "Achieved points of {code} are {value} but its children add up to {expected}.",
        "Nhập điểm ở tiêu chí con; dòng cha để trống hoặc dùng công thức SUM.",
        "Enter points on the children; leave the parent blank or a SUM formula."),
    "CRIT-MAX-NEGATIVE": Entry(
        ERROR, "Điểm tối đa của {code} là số âm ({value}).", "Max points of {code} are negative ({value}).",
        "Nhập điểm tối đa theo bộ tiêu chí (số từ 0 trở lên).", "Type the max points (0 or more)."),
    "CRIT-ACHIEVED-RANGE": Entry(
        ERROR, "Điểm đạt của {code} là {value}, ngoài khoảng 0 đến {max} (điểm tối đa).",
        "Achieved points of {code} are {value}, outside 0 to {max} (max points).",
        "Điểm đạt phải từ 0 đến điểm tối đa.", "Achieved points must be between 0 and the max."),
    "CRIT-PENALTY-RANGE": Entry(
        ERROR, "Điểm trừ của {code} là {value}: cần từ −{cap} đến 0.",
        "Penalty points of {code} are {value}: they must be between −{cap} and 0.",
        "Ghi điểm bị trừ bằng số âm (ví dụ −1), không quá mức trừ tối đa; 0 khi không bị trừ.",
        "Type the deduction as a negative number (e.g. −1), within the cap; 0 when none."),
    "CRIT-MAX-MISSING": Entry(
        ERROR, "Tiêu chí {code} chưa có điểm tối đa.", "Criterion {code} has no max points.",
        "Nhập điểm tối đa theo bộ tiêu chí.", "Type the max points from the criteria set."),
    "CRIT-ACHIEVED-MISSING": Entry(
        ERROR, "Tiêu chí {code} chưa có điểm đạt.", "Criterion {code} has no achieved points.",
        "Nhập điểm đạt theo kết quả thẩm định (0 nếu không đạt).", "Type the achieved points (0 if none)."),
    "CRIT-INDEX-UNKNOWN": Entry(
        WARNING, "Chỉ số «{value}» không có trong danh mục ({allowed}).[[ Có phải «{suggestion}»?]]",
        "Index '{value}' is not in the list ({allowed}).[[ Did you mean '{suggestion}'?]]",
        "Chọn chỉ số trong danh sách thả xuống.", "Pick an index from the dropdown."),
    "CRIT-METHOD-UNKNOWN": Entry(
        WARNING, "Phương thức «{value}» không có trong danh mục ({allowed}).[[ Có phải «{suggestion}»?]]",
        "Method '{value}' is not in the list ({allowed}).[[ Did you mean '{suggestion}'?]]",
        "Chọn phương thức trong danh sách thả xuống.", "Pick a method from the dropdown."),
    # --- Nhiệm vụ (rules/tasks.py) -------------------------------------------------------------
    "TASK-CODE-UNKNOWN": Entry(
        ERROR, "Mã tiêu chí {code} không có trong trang «Tiêu chí».", "Criterion code {code} is not in 'Tiêu chí'.",
        "Sửa mã cho đúng trang «Tiêu chí»; nhiều mã cách nhau bởi dấu ;.",
        "Use codes from 'Tiêu chí'; separate several with ;."),
    "TASK-NO-CODE": Entry(
        WARNING, "Nhiệm vụ chưa ghi mã tiêu chí nên không được tính cho tiêu chí nào.",
        "The task names no criterion code, so it covers no criterion.",
        "Ghi mã tiêu chí mà nhiệm vụ khắc phục hoặc duy trì, ví dụ 2.1.3.", "Type the code it remedies, e.g. 2.1.3."),
    "TASK-NO-TEXT": Entry(
        ERROR, "Dòng nhiệm vụ chưa có nội dung nhiệm vụ/giải pháp.", "The task row has no task text.",
        "Ghi nhiệm vụ hoặc giải pháp cụ thể.", "Describe the task."),
    "TASK-NO-LEAD": Entry(
        ERROR, "Nhiệm vụ chưa có cơ quan/công chức chủ trì.", "The task has no lead.",
        "Chọn cơ quan/công chức chủ trì trong danh sách.", "Pick the lead from the list."),
    "TASK-NO-DEADLINE": Entry(
        ERROR, "Nhiệm vụ chưa có thời gian hoàn thành.", "The task has no deadline.",
        "Ghi thời gian như trong kế hoạch (Quý II/2024, Thường xuyên...) hoặc nhập ngày ở cột «Hạn hoàn thành».",
        "Type the deadline text or a due date."),
    "TASK-STATUS-UNKNOWN": Entry(
        ERROR, "Trạng thái «{value}» không có trong danh sách ({allowed}).[[ Có phải «{suggestion}»?]]",
        "Status '{value}' is not in the list ({allowed}).[[ Did you mean '{suggestion}'?]]",
        "Chọn trạng thái trong danh sách thả xuống.", "Pick a status from the dropdown."),
    "TASK-KIND-UNKNOWN": Entry(
        WARNING, "Loại nhiệm vụ «{value}» không phải {allowed}.[[ Có phải «{suggestion}»?]]",
        "Task kind '{value}' is not one of {allowed}.[[ Did you mean '{suggestion}'?]]",
        "Chọn Khắc phục hoặc Duy trì, hoặc để trống để tự xác định.", "Pick a kind, or leave it blank."),
    "TASK-PROGRESS-RANGE": Entry(
        ERROR, "Tiến độ {progress}% nằm ngoài khoảng 0–100.", "Progress {progress}% is outside 0–100.",
        "Nhập số phần trăm từ 0 đến 100.", "Type a percentage from 0 to 100."),
    "TASK-PROGRESS-DONE": Entry(
        WARNING, "Trạng thái «Hoàn thành» nhưng tiến độ mới {progress}%.", "Status is done but progress is {progress}%.",
        "Sửa tiến độ thành 100, hoặc sửa trạng thái.", "Set progress to 100 or fix the status."),
    "TASK-PROGRESS-NOT-STARTED": Entry(
        WARNING, "Trạng thái «Chưa thực hiện» nhưng tiến độ đã {progress}%.",
        "Status is not started but progress is {progress}%.",
        "Sửa trạng thái thành «Đang thực hiện», hoặc sửa tiến độ về 0.", "Set the status to in progress, or progress to 0."),
    "TASK-DONE-NO-EVIDENCE": Entry(
        WARNING, "Nhiệm vụ «Hoàn thành» nhưng chưa ghi tài liệu kiểm chứng.", "Done task without evidence.",
        "Ghi số, ký hiệu văn bản hoặc đường dẫn tài liệu kiểm chứng.", "Type the document number or link."),
    "TASK-DONE-NO-DATE": Entry(
        WARNING, "Nhiệm vụ «Hoàn thành» nhưng chưa ghi ngày hoàn thành.", "Done task without a completion date.",
        "Nhập ngày hoàn thành dạng dd/mm/yyyy.", "Type the completion date dd/mm/yyyy."),
    "TASK-DONE-FUTURE": Entry(
        ERROR, "Ngày hoàn thành {value} sau ngày xét {as_of}.", "Completion date {value} is after the as-of date {as_of}.",
        "Ngày hoàn thành không thể ở tương lai; kiểm tra ngày/tháng/năm.", "A completion date cannot be in the future."),
    "TASK-DONE-BEFORE-ISSUED": Entry(
        WARNING, "Ngày hoàn thành {value} trước ngày ban hành kế hoạch ({issued_on}).",
        "Completion date {value} is before the plan was issued ({issued_on}).",
        "Kiểm tra lại ngày hoàn thành và ngày ban hành ở trang «Thông tin».", "Check both dates."),
    "TASK-DATE-NOT-DONE": Entry(
        WARNING, "Đã ghi ngày hoàn thành {value} nhưng trạng thái là «{status}».",
        "A completion date {value} is given but the status is '{status}'.",
        "Nếu đã xong, chọn trạng thái «Hoàn thành»; nếu chưa, xóa ngày hoàn thành.",
        "Set the status to done, or clear the date."),
    "TASK-SEQ-DUPLICATE": Entry(
        WARNING, "STT {value} trùng với nhiệm vụ ở dòng {first_row}.", "Number {value} repeats the task in row {first_row}.",
        "Đánh lại STT; nếu là hoạt động của nhiệm vụ trên thì để trống STT hoặc gộp ô.",
        "Renumber; an activity of the task above leaves the number blank or merged."),
    "TASK-SEQ-MISSING": Entry(
        WARNING, "Dòng này chưa có STT nhưng có nhiệm vụ, chủ trì và thời gian riêng nên được tính là một nhiệm vụ.",
        "This row has no number but its own task, lead and deadline, so it counts as a task.",
        "Ghi STT cho nhiệm vụ; nếu đây là hoạt động của nhiệm vụ bên trên thì để trống cột «Nhiệm vụ/Giải pháp».",
        "Number the task; an activity of the task above leaves the task column blank."),
    "TASK-LEAD-SPELLING": Entry(
        WARNING, "Chủ trì «{typed}» không khớp danh mục cơ quan. Có phải «{suggestion}»?",
        "Lead '{typed}' does not match the agency list. Did you mean '{suggestion}'?",
        "Chọn tên trong danh sách thả xuống để thống kê đúng theo cơ quan.",
        "Pick the name from the dropdown so the load per agency counts right."),
    "TASK-LEAD-LEGACY": Entry(
        WARNING, "Chủ trì «{typed}» là chức danh trước 7/2025; nay việc này do «{now}» đảm nhận.",
        "Lead '{typed}' is a title from before 7/2025; '{now}' does that work now.",
        "Nếu đúng là cơ quan này, ghi «{now}»; phần mềm không tự sửa chữ đã ghi.",
        "If so, type '{now}'; what was typed is never rewritten."),
    "TASK-DEADLINE-UNKNOWN": Entry(
        WARNING, "Không hiểu thời gian hoàn thành «{value}» nên không theo dõi được quá hạn.",
        "Deadline '{value}' is not understood, so overdue cannot be tracked.",
        "Ghi như: Quý II/2024, Tháng 6/2024, trước 30/6/2024, Thường xuyên; hoặc nhập ngày ở cột «Hạn hoàn thành».",
        "Write e.g. Quý II/2024 or trước 30/6/2024, or type a due date."),
    # --- coverage (rules/coverage.py) ----------------------------------------------------------
    "COVERAGE-LOST-NO-TASK": Entry(
        WARNING, "Tiêu chí {code} bị mất {lost} điểm nhưng chưa có nhiệm vụ khắc phục hợp lệ.",
        "Criterion {code} lost {lost} points but no valid task remedies it.",
        "Thêm nhiệm vụ ghi mã {code} ở trang «Nhiệm vụ», có nội dung, chủ trì và thời gian hoàn thành.",
        "Add a task with code {code}, a task text, a lead and a deadline."),
    "COVERAGE-MAINTAIN-LOST": Entry(
        WARNING, "Nhiệm vụ «Duy trì» gắn với tiêu chí {code} đang bị mất {lost} điểm.",
        "A maintenance task is linked to criterion {code}, which lost {lost} points.",
        "Tiêu chí bị mất điểm cần nhiệm vụ «Khắc phục»; sửa loại nhiệm vụ hoặc mã tiêu chí.",
        "A criterion that lost points needs a remedy task; fix the kind or the code."),
}


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_OPTIONAL = re.compile(r"\[\[(.*?)\]\]")


def render(code: str, lang: str, args: dict[str, Any], value: Any = None) -> str:
    """Fill the template of *code*; missing arguments stay visible as ``{name}``, never crash."""
    entry = CATALOGUE[code]
    return _fill(entry.en if lang == "en" else entry.vi, args, value, lang)


def render_hint(code: str, lang: str, args: dict[str, Any], value: Any = None) -> str:
    """The hint of *code* with the finding's arguments filled in (``Thêm dòng {parent}``)."""
    entry = CATALOGUE[code]
    return _fill(entry.hint_en if lang == "en" else entry.hint_vi, args, value, lang)


def _fill(template: str, args: dict[str, Any], value: Any, lang: str = "vi") -> str:
    values = _Missing({"value": "" if value is None else _short(value, lang=lang)})
    values.update({k: _short(v, lang=lang) for k, v in args.items() if v is not None})
    template = _OPTIONAL.sub(lambda m: m.group(1) if _has_all(m.group(1), values) else "", template)
    return string.Formatter().vformat(template, (), values)


def _has_all(segment: str, values: dict[str, object]) -> bool:
    return all(name in values for _, name, _, _ in string.Formatter().parse(segment) if name)


def _short(value: Any, limit: int = 80, lang: str = "vi") -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Vietnamese writes 0,5 (a number the clerk typed as text stays as typed: it is a str here)
    text = vi_number(value, 4) if isinstance(value, float) and lang == "vi" else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


Code = StrEnum("Code", {code.replace("-", "_"): code for code in CATALOGUE})  # type: ignore[misc]
"""Every finding code as an enum member (``Code.SHEET_MISSING == "SHEET-MISSING"``): a typo in a
rule is an AttributeError when the rule module loads, not a KeyError when a clerk's file hits it."""
