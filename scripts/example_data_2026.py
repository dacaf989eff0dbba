"""The data behind the example workbooks of 2026 in ``workbook_templates/examples_2026``.

Why: since 1 July 2025 communes report straight to the province's Sở Nội vụ, name the bodies of
Nghị định 150/2025/NĐ-CP as leads, and are scored on criteria sets with bonus and penalty
points (design/REFORM_2025.md). These five units of an invented province are plans for the 2025
index (plan year 2026) in that language: two phường, two xã and one đặc khu (so a province's
ranking shows its groups), the example criteria set of 2025 (``example_criteria_2025.csv``,
marked as an example), deadline phrases of 2026, a not-applicable criterion, a bonus and an
incurred penalty. Everything in them is invented for illustration and the workbooks say so.
The plans before 2025 (``example_data.py``, ``workbook_templates/examples``) stay as they were:
they prove legacy plans still read.

Each unit is a dict as in ``example_data.py``, plus ``not_applicable``: the leaf codes that do not
arise in the unit («Không phát sinh»); a loss on a penalty leaf is the (negative) deduction.
"""

from datetime import date

PROVINCE = "UBND tỉnh Minh Châu (giả định)"
ILLUSTRATIVE = "Đơn vị giả định: mọi nhiệm vụ, số liệu, ngày và tài liệu kiểm chứng trong tệp này là minh họa."


def _info(name: str, code: str, level: str, number: str, issued: date) -> dict:
    return {"unit_name": name, "unit_code": code, "unit_level": level, "parent_name": PROVINCE,
            "assessed_year": 2025, "plan_year": 2026, "plan_number": number, "issued_on": issued,
            "period": "Quý III/2026", "updated_on": date(2026, 9, 25), "preparer": "Công chức Phòng Văn hóa – Xã hội"}


def _survey(lost: float) -> dict[str, tuple[float, str]]:
    """Survey leaves (SIPAS and the leaders' survey), each *lost* points below 5 or so."""
    points = {"8.1.1": 4.6, "8.1.2": 4.5, "8.1.3": 4.7, "8.1.4": 4.4, "8.2": 4.2}
    return {code: (round(value - lost, 2), "Điểm điều tra xã hội học.") for code, value in points.items()}

AN_BIEN = {
    "file": "phuong_an_bien.xlsx",
    "info": _info("UBND phường An Biên", "99201", "phường", "15/KH-UBND", date(2026, 1, 20)),
    "losses": {
        "1.3": (1.5, "Tuyên truyền CCHC chưa đủ số tin, bài theo kế hoạch."),
        "3.2.1": (3.5, "Còn 12 hồ sơ đất đai giải quyết quá hạn."),
        "7.2.2": (1.2, "Tỷ lệ hồ sơ nộp trực tuyến 61%."),
        "5.3": (1, "Một công chức đi muộn nhiều lần."),
        "8.3": (3, "Chưa đạt chỉ tiêu giải phóng mặt bằng."),
        "9.1": (2, "Sáng kiến «Một lần đến Trung tâm» được tỉnh công nhận."),
        **_survey(0.6),
    },
    "notes": [ILLUSTRATIVE],
    "rows": [
        {"seq": "I", "section": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
        {"seq": 1, "criteria_codes": "1.3", "content": "Tuyên truyền cải cách hành chính năm 2026",
         "task": "Đăng tin, bài về CCHC trên Cổng thông tin điện tử phường và nhóm Zalo tổ dân phố, mỗi quý 03 tin",
         "lead": "Phòng Văn hóa - Xã hội", "support": "Ủy ban MTTQ Việt Nam phường; Đoàn Thanh niên",
         "deadline_text": "quý III-2026", "status": "Đang thực hiện", "progress": 60},
        {"seq": 2, "criteria_codes": "3.2.1",
         "task": "Rà soát hồ sơ đất đai sắp đến hạn hằng tuần, báo cáo Chủ tịch UBND phường hồ sơ có nguy cơ quá hạn",
         "lead": "Trung tâm Phục vụ hành chính công", "support": "Phòng Kinh tế, Hạ tầng và Đô thị",
         "deadline_text": "Thường xuyên", "status": "Đang thực hiện", "progress": 70},
        {"seq": 3, "criteria_codes": "7.2.2",
         "task": "Bố trí Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến tại Trung tâm",
         "lead": "Tổ công nghệ số cộng đồng", "support": "Trung tâm PVHCC",
         "deadline_text": "Tháng 8, quý III/2026", "status": "Đang thực hiện", "progress": 50},
        {"seq": 4, "criteria_codes": "1.1.1", "kind": "Duy trì",
         "task": "Ban hành kế hoạch CCHC năm 2027 đúng thời hạn", "lead": "Phòng Văn hóa – Xã hội",
         "support": "Văn phòng HĐND và UBND", "deadline_text": "trước tháng 12/2026",
         "status": "Chưa thực hiện", "progress": 0},
        {"section": "CHỈ SỐ SIPAS"},
        {"seq": 5, "criteria_codes": "8.1",
         "task": "Khảo sát mức độ hài lòng tại Trung tâm bằng phiếu điện tử, báo cáo kết quả 6 tháng",
         "lead": "Trung tâm Phục vụ hành chính công", "deadline_text": "Quý II (tháng 6/2026)",
         "status": "Hoàn thành", "progress": 100, "done_on": date(2026, 6, 26),
         "evidence": "Báo cáo số 88/BC-UBND ngày 26/06/2026"},
    ],
}

LE_LOI = {
    "file": "phuong_le_loi.xlsx",
    "info": _info("UBND phường Lê Lợi", "99202", "phường", "09/KH-UBND", date(2026, 1, 15)),
    "losses": {
        "1.2": (1, "Chậm gửi báo cáo CCHC quý IV/2025."),
        "2.2": (2, "Chưa rà soát hết văn bản của phường cũ trước sắp xếp."),
        "4.1": (2, "Chưa hoàn thành sắp xếp tổ dân phố sau hợp nhất."),
        "7.4": (2, "Tổ công nghệ số cộng đồng ở 4/12 tổ dân phố chưa hoạt động."),
        "9.3": (-1, "Bị trừ điểm do chậm gửi báo cáo định kỳ quý IV/2025."),
        **_survey(0),
    },
    "not_applicable": ["6.2"],
    "notes": [ILLUSTRATIVE, "Tiêu chí 6.2 không phát sinh: năm 2025 phường không có kiến nghị thanh tra, kiểm toán."],
    "rows": [
        {"seq": "I", "section": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
        {"seq": 1, "criteria_codes": "1.2; 9.3",
         "task": "Gửi báo cáo CCHC định kỳ đúng hạn Sở Nội vụ quy định (quý, 6 tháng, năm)",
         "lead": "Văn phòng HĐND và UBND", "support": "Phòng Văn hóa – Xã hội",
         "deadline_text": "Hằng quý", "status": "Đang thực hiện", "progress": 75},
        {"seq": 2, "criteria_codes": "2.2",
         "task": "Rà soát, đề xuất bãi bỏ văn bản của các phường cũ không còn phù hợp",
         "lead": "Văn phòng HĐND và UBND", "support": "Ban Pháp chế HĐND",
         "deadline_text": "6 tháng cuối năm 2026", "status": "Đang thực hiện", "progress": 40},
        {"seq": 3, "criteria_codes": "4.1",
         "task": "Hoàn thành sắp xếp, đặt tên tổ dân phố sau hợp nhất", "lead": "Phòng Văn hóa – Xã hội",
         "support": "Ủy ban MTTQ Việt Nam", "deadline_text": "trước tháng 7/2026", "status": "Hoàn thành",
         "progress": 100, "done_on": date(2026, 6, 20), "evidence": "Nghị quyết số 12/NQ-HĐND ngày 20/06/2026"},
        {"seq": 4, "criteria_codes": "7.4",
         "task": "Kiện toàn Tổ công nghệ số cộng đồng ở 4 tổ dân phố, tập huấn kỹ năng số",
         "lead": "Phòng Văn hóa – Xã hội", "support": "Đoàn Thanh niên; Công an phường",
         "deadline_text": "Quý II/2026", "status": "Đang thực hiện", "progress": 70,
         "note": "Chậm do chờ kinh phí tập huấn."},
        {"seq": 5, "criteria_codes": "3.1.1", "kind": "Duy trì",
         "task": "Niêm yết đầy đủ TTHC tại Trung tâm và các điểm tiếp nhận",
         "lead": "Trung tâm PVHCC", "deadline_text": "Thường xuyên", "status": "Đang thực hiện", "progress": 80},
    ],
}

MINH_TAN = {
    "file": "xa_minh_tan.xlsx",
    "info": _info("UBND xã Minh Tân", "99203", "xã", "21/KH-UBND", date(2026, 2, 10)),
    "losses": {
        "1.5": (0, "Chưa có sáng kiến CCHC."),
        "3.4": (1.5, "Số hóa kết quả giải quyết TTHC mới đạt 55%."),
        "5.2": (2, "Công chức mới chưa được bồi dưỡng theo vị trí việc làm."),
        "7.3": (1, "Tỷ lệ thanh toán trực tuyến 35%."),
        "8.3": (2, "Chưa đạt chỉ tiêu thu ngân sách."),
        "3.2.1": (2, "Tỷ lệ hồ sơ giải quyết đúng hạn 93%."),
        "7.1": (2, "Tỷ lệ văn bản xử lý trên môi trường mạng 70%."),
        **_survey(1.2),
    },
    "notes": [ILLUSTRATIVE],
    "rows": [
        {"seq": "I", "section": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
        {"seq": 1, "criteria_codes": "1.5",
         "task": "Đăng ký 01 sáng kiến cải tiến quy trình cấp giấy chứng nhận quyền sử dụng đất",
         "lead": "Phòng Kinh tế", "support": "Trung tâm Phục vụ hành chính công",
         "deadline_text": "3 tháng cuối năm", "status": "Chưa thực hiện", "progress": 0},
        {"seq": 2, "criteria_codes": "3.4",
         "task": "Số hóa kết quả giải quyết TTHC còn hiệu lực của các xã cũ",
         "activity": "Số hóa hồ sơ hộ tịch, chứng thực", "output": "Kết quả được số hóa",
         "lead": "Công chức Văn phòng - Thống kê", "support": "Trung tâm PVHCC",
         "deadline_text": "Quý III/2026", "status": "Đang thực hiện", "progress": 55,
         "note": "Chủ trì ghi theo chức danh cũ: phần mềm nhắc cơ quan nay đảm nhận."},
        {"activity": "Số hóa hồ sơ đất đai", "output": "Hồ sơ đất đai được số hóa",
         "lead": "Phòng Kinh tế", "deadline_text": "Tháng 12/2026 (quý IV)"},
        {"seq": 3, "criteria_codes": "5.2",
         "task": "Cử công chức mới tham gia bồi dưỡng theo vị trí việc làm do Sở Nội vụ tổ chức",
         "lead": "Phòng Văn hóa – Xã hội", "support": "Sở Nội vụ", "deadline_text": "Quý II/2026",
         "status": "Hoàn thành", "progress": 100, "done_on": date(2026, 5, 29),
         "evidence": "Giấy chứng nhận bồi dưỡng ngày 29/05/2026"},
        {"seq": 4, "criteria_codes": "7.3",
         "task": "Hướng dẫn người dân thanh toán trực tuyến phí, lệ phí khi nộp hồ sơ",
         "lead": "Tổ công nghệ số cộng đồng", "deadline_text": "vụ Đông Xuân 2026-2027",
         "status": "Chưa thực hiện", "progress": 0, "note": "Thời gian theo mùa vụ: không tính được hạn."},
        {"seq": 5, "criteria_codes": "8.3",
         "task": "Đôn đốc thu ngân sách, hoàn thành chỉ tiêu được giao", "lead": "Phòng Kinh tế",
         "support": "Công an xã; Ban Chỉ huy Quân sự xã", "deadline_text": "trước 15/12/2026",
         "status": "Đang thực hiện", "progress": 65},
    ],
}

HONG_PHONG = {
    "file": "xa_hong_phong.xlsx",
    "info": _info("UBND xã Hồng Phong", "99204", "xã", "07/KH-UBND", date(2026, 1, 12)),
    "losses": {
        "1.1.2": (1.5, "Còn 02 nhiệm vụ kế hoạch CCHC 2025 chưa hoàn thành."),
        "3.3": (2, "Trả lời phản ánh, kiến nghị chưa đúng hạn."),
        "7.1": (3, "Tỷ lệ văn bản xử lý trên môi trường mạng 80%."),
        "9.2": (1, "Được Chủ tịch UBND tỉnh tặng bằng khen về CCHC."),
        **_survey(0.3),
    },
    "notes": [ILLUSTRATIVE],
    "rows": [
        {"seq": "I", "section": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
        {"seq": 1, "criteria_codes": "1.1.2",
         "task": "Hoàn thành 02 nhiệm vụ còn lại của kế hoạch CCHC năm 2025", "lead": "Phòng Văn hóa – Xã hội",
         "support": "Các phòng chuyên môn", "deadline_text": "trước tháng 4/2026", "status": "Hoàn thành",
         "progress": 100, "done_on": date(2026, 3, 27), "evidence": "Báo cáo số 31/BC-UBND ngày 27/03/2026"},
        {"seq": 2, "criteria_codes": "3.3",
         "task": "Trả lời phản ánh, kiến nghị đúng hạn; công khai kết quả trên Cổng thông tin điện tử xã",
         "lead": "Văn phòng HĐND & UBND", "support": "Thường trực HĐND", "deadline_text": "Thường xuyên",
         "status": "Đang thực hiện", "progress": 80},
        {"seq": 3, "criteria_codes": "7.1",
         "task": "Xử lý 100% văn bản, hồ sơ công việc trên phần mềm quản lý văn bản (trừ văn bản mật)",
         "lead": "Văn phòng HĐND và UBND", "deadline_text": "Quý II/2026",
         "status": "Đang thực hiện", "progress": 85},
        {"section": "CHỈ SỐ SIPAS"},
        {"seq": 4, "criteria_codes": "8.1",
         "task": "Bố trí ghế chờ, nước uống, bảng hướng dẫn TTHC tại Trung tâm Phục vụ hành chính công",
         "lead": "Trung tâm Phục vụ hành chính công", "deadline_text": "Trước Tết Nguyên đán Bính Ngọ 2026",
         "status": "Hoàn thành", "progress": 100, "done_on": date(2026, 2, 10),
         "evidence": "Biên bản kiểm tra ngày 10/02/2026"},
    ],
}

HON_NGOC = {
    "file": "dac_khu_hon_ngoc.xlsx",
    "info": _info("UBND đặc khu Hòn Ngọc", "99205", "đặc khu", "03/KH-UBND", date(2026, 1, 8)),
    "losses": {
        "3.2.1": (2.5, "Hồ sơ giải quyết quá hạn do gián đoạn đường truyền trên đảo."),
        "6.1": (1.5, "Giải ngân vốn đầu tư công đạt 72%."),
        "7.2.1": (1, "Còn TTHC chưa cung cấp trực tuyến toàn trình."),
        "7.5": (1.5, "Chưa đủ chữ ký số cho công chức."),
        "3.1.2": (1, "Công khai TTHC trên Cổng Dịch vụ công chưa đầy đủ."),
        "9.4": (-1.5, "Một công chức bị kỷ luật khiển trách."),
        **_survey(0.8),
    },
    "not_applicable": ["4.1"],
    "notes": [ILLUSTRATIVE, "Tiêu chí 4.1 không phát sinh: đặc khu không có thôn, tổ dân phố phải sắp xếp năm 2025."],
    "rows": [
        {"seq": "I", "section": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"},
        {"seq": 1, "criteria_codes": "3.2.1",
         "task": "Lắp đường truyền dự phòng cho Trung tâm Phục vụ hành chính công đặc khu",
         "lead": "Trung tâm Phục vụ HCC", "support": "Phòng Kinh tế", "deadline_text": "Quý I/2026",
         "status": "Đang thực hiện", "progress": 80, "note": "Chậm do thời tiết, tàu không ra đảo được."},
        {"seq": 2, "criteria_codes": "6.1",
         "task": "Đẩy nhanh giải ngân vốn đầu tư công các công trình chuyển tiếp", "lead": "Phòng Kinh tế",
         "support": "Ban Kinh tế – Ngân sách HĐND", "deadline_text": "trước 31/12/2026",
         "status": "Đang thực hiện", "progress": 60},
        {"seq": 3, "criteria_codes": "7.2.1; 7.5",
         "task": "Đề nghị Sở cấp chữ ký số cho công chức, cấu hình dịch vụ công trực tuyến toàn trình",
         "lead": "Văn phòng HĐND và UBND", "support": "Trung tâm Phục vụ hành chính công",
         "deadline_text": "Quý II/2026", "status": "Đang thực hiện", "progress": 50},
        {"seq": 4, "criteria_codes": "9.4",
         "task": "Quán triệt kỷ luật, kỷ cương hành chính; kiểm tra đột xuất việc chấp hành giờ làm việc",
         "lead": "Văn phòng HĐND và UBND", "support": "Ủy ban Kiểm tra Đảng ủy",
         "deadline_text": "Định kỳ hằng quý", "status": "Đang thực hiện", "progress": 50},
    ],
}

EXAMPLES_2026 = [AN_BIEN, LE_LOI, MINH_TAN, HONG_PHONG, HON_NGOC]
