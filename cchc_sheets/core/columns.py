"""The workbook's columns and labels: canonical Vietnamese header, aliases seen in real plans,
value type, and the note the template puts on each header.

One table serves the template (what to write), the reader (what to recognise), the Word
importer (same aliases) and the docs. Headers are matched by :func:`header_key`, which ignores
case, diacritics, numbering prefixes (``5 - Cơ quan chủ trì``), line breaks and spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc_sheets.core.model import AUTO_SUFFIX, CRITERIA_AUTO_HEADER, TASKS_AUTO_HEADER
from cchc_sheets.core.text import fold

TEXT, NUMBER, DATE, INTEGER, CODES = "text", "number", "date", "integer", "codes"


@dataclass(frozen=True, slots=True)
class Column:
    """One column (or ``Thông tin`` label) of the standard workbook."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = TEXT
    width: float = 14
    note: str = ""
    required: bool = False

    def keys(self) -> set[str]:
        return {header_key(name) for name in (self.header, *self.aliases)}


_PREFIX = re.compile(r"^\(?\s*\d{1,2}\s*\)?\s*[-.:)]\s*|^\(\d{1,2}\)\s*")
_SLASH = re.compile(r"\s*/\s*")


@lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    """Fold a header for matching: ``"5 - Cơ quan\\nchủ trì"`` -> ``"co quan chu tri"``."""
    key = fold(text)
    key = _PREFIX.sub("", key)
    key = _SLASH.sub("/", key)
    return key.strip(" :*")


TASK_COLUMNS: tuple[Column, ...] = (
    Column("seq", "STT", ("TT", "Số TT", "Số thứ tự"), TEXT, 6,
           "Số thứ tự nhiệm vụ: 1, 2, 3... Dòng tiêu đề nhóm ghi số La Mã (I, II) hoặc để trống."),
    Column("criteria_codes", "Mã tiêu chí", ("Mã TC", "Mã tiêu chí, TCTP", "Tiêu chí"), CODES, 11,
           "Mã tiêu chí bị mất điểm mà nhiệm vụ khắc phục, ví dụ 2.1.3; nhiều mã cách nhau bởi dấu ;"),
    Column("kind", "Loại nhiệm vụ", ("Loại",), TEXT, 12,
           "Chọn: Khắc phục (khắc phục điểm bị mất) hoặc Duy trì (giữ điểm tối đa). Để trống: tự xác định."),
    Column("content", "Nội dung thực hiện", ("Mục tiêu", "Nội dung", "Nội dung công việc"), TEXT, 30,
           "Nội dung/mục tiêu cần đạt."),
    Column("task", "Nhiệm vụ/Giải pháp",
           ("Nhiệm vụ", "Nhiệm vụ và giải pháp", "Nhiệm vụ/Giải pháp khắc phục", "Nhiệm vụ, giải pháp",
            "Giải pháp", "Nhiệm vụ giải pháp khắc phục", "Giải pháp khắc phục"), TEXT, 40,
           "Nhiệm vụ hoặc giải pháp cụ thể.", True),
    Column("activity", "Hoạt động", ("Các hoạt động",), TEXT, 30, "Hoạt động cụ thể (không bắt buộc)."),
    Column("output", "Kết quả/Sản phẩm", ("Kết quả", "Sản phẩm", "Kết quả/Sản phẩm đầu ra"), TEXT, 24,
           "Kết quả hoặc sản phẩm (không bắt buộc)."),
    Column("lead", "Chủ trì",
           ("Cơ quan chủ trì", "Công chức chủ trì", "Đơn vị chủ trì", "Bộ phận chủ trì", "Người chủ trì",
            "Cơ quan, đơn vị chủ trì", "Cán bộ chủ trì"), TEXT, 20,
           "Cơ quan/công chức chủ trì (chọn trong danh sách).", True),
    Column("support", "Phối hợp",
           ("Cơ quan phối hợp", "Công chức phối hợp", "Đơn vị phối hợp", "Bộ phận phối hợp",
            "Cơ quan, đơn vị phối hợp", "Cán bộ phối hợp"), TEXT, 20,
           "Cơ quan/công chức phối hợp; nhiều đơn vị cách nhau bởi dấu ;"),
    Column("deadline_text", "Thời gian hoàn thành",
           ("Thời gian thực hiện", "Thời hạn", "Thời hạn hoàn thành", "Thời gian", "Tiến độ thực hiện"), TEXT, 18,
           "Ghi như trong kế hoạch: Quý II/2024, Thường xuyên, trước 30/6/2024...", True),
    Column("due_date", "Hạn hoàn thành", ("Ngày hết hạn", "Hạn chót"), DATE, 13,
           "Ngày hết hạn cụ thể dd/mm/yyyy (không bắt buộc; để trống thì tự tính từ cột Thời gian)."),
    Column("budget", "Kinh phí", ("Dự kiến kinh phí (nếu có)", "Dự kiến kinh phí", "Kinh phí (nếu có)"), TEXT, 14,
           "Kinh phí dự kiến (nếu có)."),
    Column("status", "Trạng thái", ("Tình trạng thực hiện", "Trạng thái thực hiện"), TEXT, 15,
           "Chọn: Chưa thực hiện, Đang thực hiện, Hoàn thành, Không thực hiện."),
    Column("progress", "Tiến độ (%)", ("Tiến độ", "Tỷ lệ hoàn thành", "Tỷ lệ hoàn thành (%)", "% hoàn thành"),
           NUMBER, 10, "Phần trăm hoàn thành, từ 0 đến 100."),
    Column("done_on", "Ngày hoàn thành", ("Ngày thực hiện xong",), DATE, 13, "Ngày hoàn thành dd/mm/yyyy."),
    Column("evidence", "Tài liệu kiểm chứng", ("Kiểm chứng", "Minh chứng", "Tài liệu minh chứng"), TEXT, 24,
           "Số, ký hiệu văn bản hoặc đường dẫn; bắt buộc khi Hoàn thành."),
    Column("note", "Ghi chú", (), TEXT, 18, ""),
)

CRITERIA_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã", ("Mã tiêu chí", "Mã số", "STT", "TT"), TEXT, 9,
           "Mã lĩnh vực (1 hoặc I), tiêu chí (1.1, I.1), tiêu chí thành phần (1.1.2, I.1.2; 1.1.2.a).", True),
    Column("name", "Nội dung tiêu chí",
           ("Tiêu chí", "Tên tiêu chí", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Nội dung", "Lĩnh vực, tiêu chí"),
           TEXT, 50, "Tên lĩnh vực/tiêu chí."),
    Column("index", "Chỉ số", ("Bộ chỉ số",), TEXT, 12, "PAR INDEX (mặc định), SIPAS, PAPI, PCI."),
    Column("max_points", "Điểm tối đa", ("Điểm chuẩn", "Thang điểm", "Điểm tối đa (điểm)"), NUMBER, 10,
           "Điểm tối đa của tiêu chí.", True),
    Column("achieved_points", "Điểm đạt", ("Điểm đạt được", "Điểm thẩm định", "Kết quả đạt", "Điểm đánh giá"),
           NUMBER, 10, "Điểm đạt được năm đánh giá (nhập ở tiêu chí thành phần).", True),
    Column("lost_points", "Điểm bị mất", ("Điểm mất", "Số điểm bị mất"), NUMBER, 10,
           "Tự tính = Điểm tối đa − Điểm đạt (không cần nhập)."),
    Column("method", "Phương thức đánh giá", ("Phương thức", "Hình thức đánh giá", "Cách đánh giá"), TEXT, 16,
           "Tự đánh giá, Thẩm định, Điều tra XHH."),
    Column("points_kind", "Loại điểm", ("Loại tiêu chí", "Điểm thưởng/trừ", "Điểm thưởng, điểm trừ"), TEXT, 12,
           "Để trống: điểm cơ bản. «Điểm thưởng»: cộng thêm, không bao giờ là điểm bị mất. «Điểm trừ»: "
           "điểm đạt ghi số âm (ví dụ −1), từ −(điểm tối đa) đến 0."),
    Column("not_applicable", "Không phát sinh", ("Không áp dụng", "Không đánh giá", "KPS"), TEXT, 10,
           "Ghi x khi nội dung không phát sinh/không đánh giá ở đơn vị: không tính vào điểm tối đa "
           "và điểm bị mất (cũng có thể ghi «Không phát sinh» ở cột Phương thức)."),
    Column("loss_reason", "Nguyên nhân mất điểm", ("Nguyên nhân", "Lý do mất điểm", "Nguyên nhân bị trừ điểm"),
           TEXT, 36, "Vì sao bị mất điểm."),
)

INFO_LABELS: tuple[Column, ...] = (
    Column("unit_name", "Tên đơn vị", ("Đơn vị", "Tên cơ quan, đơn vị"), TEXT, note="Ví dụ: UBND xã Phù Linh",
           required=True),
    Column("unit_code", "Mã đơn vị", ("Mã ĐVHC", "Mã đơn vị hành chính", "Mã"), TEXT,
           note="Mã đơn vị hành chính chính thức (bắt buộc khi tổng hợp)."),
    Column("unit_level", "Cấp", ("Cấp đơn vị",), TEXT, note="xã / phường / đặc khu (từ 7/2025); thị trấn, huyện ở kế hoạch trước 7/2025; sở …"),
    Column("parent_name", "Đơn vị cấp trên", ("Cấp trên",), TEXT, note="Tỉnh tổng hợp sổ này (Sở Nội vụ); trước 7/2025 là huyện."),
    Column("assessed_year", "Năm đánh giá", ("Năm chấm điểm",), INTEGER, note="Năm của kết quả Chỉ số cần khắc phục.",
           required=True),
    Column("plan_year", "Năm kế hoạch", (), INTEGER, note="Thường là năm đánh giá + 1.", required=True),
    Column("plan_number", "Số kế hoạch", ("Số hiệu kế hoạch", "Số"), TEXT, note="Ví dụ: 97/KH-UBND"),
    Column("issued_on", "Ngày ban hành", ("Ngày ban hành kế hoạch",), DATE, note="dd/mm/yyyy"),
    Column("criteria_set", "Bộ tiêu chí", ("Mã bộ tiêu chí",), TEXT, note="Mã bộ tiêu chí của tỉnh."),
    Column("total_score", "Tổng điểm năm đánh giá", ("Tổng điểm", "Tổng điểm đạt"), NUMBER,
           note="Nếu nhập, phải bằng tổng điểm đạt các tiêu chí."),
    Column("rank_text", "Xếp hạng", ("Thứ hạng",), TEXT, note="Ví dụ: 2/26"),
    Column("period", "Kỳ báo cáo", ("Kỳ",), TEXT, note="Quý III/2024, 6 tháng 2024, Năm 2024"),
    Column("updated_on", "Ngày cập nhật", ("Cập nhật ngày",), DATE, note="dd/mm/yyyy; bản mới hơn được dùng khi tổng hợp."),
    Column("preparer", "Người lập", ("Người lập / Điện thoại", "Người lập biểu"), TEXT),
    Column("phone", "Điện thoại", ("Số điện thoại", "ĐT"), TEXT),
)

LIST_COLUMNS: tuple[Column, ...] = (
    Column("statuses", "Trạng thái", (), TEXT, 18),
    Column("kinds", "Loại nhiệm vụ", (), TEXT, 14),
    Column("indexes", "Chỉ số", (), TEXT, 12),
    Column("methods", "Phương thức đánh giá", (), TEXT, 20),
    Column("agency", "Cơ quan/Công chức", ("Cơ quan", "Cơ quan, đơn vị", "Tên cơ quan"), TEXT, 36),
    Column("aliases", "Tên gọi khác", ("Tên khác", "Viết tắt", "Bí danh"), TEXT, 50),
)

AUTO_HEADERS = {"criteria": CRITERIA_AUTO_HEADER, "tasks": TASKS_AUTO_HEADER}
AUTO_KEY_SUFFIX = header_key(AUTO_SUFFIX)


def is_auto_header(text: str) -> bool:
    """Library-owned columns are those whose header ends in ``(tự động)``."""
    return header_key(text).endswith(AUTO_KEY_SUFFIX)


def alias_index(columns: tuple[Column, ...]) -> dict[str, str]:
    """header key -> field, for fast header matching."""
    index: dict[str, str] = {}
    for column in columns:
        for key in column.keys():
            index.setdefault(key, column.field)
    return index


def match_header(text: str, index: dict[str, str]) -> str | None:
    """The field a header names, or None. ``Thời gian hoàn thành (dự kiến)`` matches too."""
    key = header_key(text)
    if key in index:
        return index[key]
    base = key.split(" (", 1)[0].strip()
    return index.get(base)
