"""The agencies a commune plan names, by era (see design/REFORM_2025.md), as plain data.

A plan's era is its plan year: before 2025 a commune had civil-servant titles (Văn phòng –
Thống kê, Tư pháp – Hộ tịch …) and reported to the district's Phòng Nội vụ; from 1 July 2025 its
People's Committee has bodies (Nghị định 150/2025/NĐ-CP) and reports to the province's Sở Nội
vụ. Plans written from 2025 on (for the 2025 index, plan year 2026) speak of the new bodies.

* ``MODERN``: the bodies from 2025, with the spellings communes use.
* ``LEGACY``: the titles before 2025; ``LEGACY_NOW`` says which body does that work now.
* ``SHARED``: names the same in both eras (Công an, Quân sự, MTTQ, mass organisations, …).
* ``PROVINCE``: the province's departments a commune plan names.
* ``OFFICE_ALIASES``: bare «Văn phòng» / «Văn phòng UBND» — the commune's office *of its era*.

Abbreviations (HĐND, UBND, MTTQ, TTPVHCC …) are expanded before matching (``ABBREVIATIONS``),
so ``HĐND-UBND``, ``HĐND & UBND`` and ``Hội đồng nhân dân và Ủy ban nhân dân`` are one key.
"""

from __future__ import annotations

from cchc_sheets.core.model import Agency

OFFICE = "Văn phòng HĐND và UBND"
ECONOMY = "Phòng Kinh tế"
ECONOMY_URBAN = "Phòng Kinh tế, Hạ tầng và Đô thị"
CULTURE_SOCIETY = "Phòng Văn hóa – Xã hội"
SERVICE_CENTRE = "Trung tâm Phục vụ hành chính công"
HOME_AFFAIRS = "Sở Nội vụ"

LEGACY_OFFICE = "Văn phòng – Thống kê"
OFFICE_ALIASES = ("Văn phòng", "Văn phòng UBND", "Văn phòng Ủy ban", "VP UBND")

MODERN: tuple[Agency, ...] = (
    Agency(OFFICE, ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng HĐND - UBND",
                    "Văn phòng HĐND&UBND", "VP HĐND và UBND", "VP HĐND-UBND", "Văn phòng HĐND UBND"]),
    Agency(ECONOMY, ["Phòng KT", "Phòng Kinh tế xã"]),
    Agency(ECONOMY_URBAN, ["Phòng Kinh tế - Hạ tầng - Đô thị", "Phòng Kinh tế, Hạ tầng, Đô thị",
                           "Phòng KT-HT-ĐT", "Phòng KT, HT và ĐT", "Phòng KTHTĐT", "Phòng Kinh tế Hạ tầng và Đô thị"]),
    Agency(CULTURE_SOCIETY, ["Phòng VH-XH", "Phòng VHXH", "Phòng Văn hóa và Xã hội"]),
    Agency(SERVICE_CENTRE, ["Trung tâm PVHCC", "TTPVHCC", "Trung tâm Hành chính công", "Trung tâm HCC",
                            "Trung tâm phục vụ HCC", "TT PVHCC", "TT HCC", "Trung tâm Phục vụ Hành chính công xã"]),
    Agency("Trung tâm Dịch vụ tổng hợp", ["TTDVTH", "Trung tâm DVTH", "TT Dịch vụ tổng hợp"]),
    Agency("Các phòng chuyên môn", ["Phòng chuyên môn", "Các phòng chuyên môn thuộc UBND"]),
)

LEGACY: tuple[Agency, ...] = (
    Agency(LEGACY_OFFICE, ["VP-TK", "Văn phòng Thống kê"]),
    Agency("Tư pháp – Hộ tịch", ["TP-HT", "Tư pháp", "Tư pháp Hộ tịch"]),
    Agency("Văn hóa – Xã hội", ["VH-XH", "Bộ phận Văn hóa – Xã hội", "Văn hóa Xã hội"]),
    Agency("Văn hóa – Thông tin", ["VH-TT", "Văn hóa và Thông tin", "Văn hóa thông tin"]),
    Agency("Tài chính – Kế toán", ["TC-KT", "Tài chính – Ngân sách", "TC-NS", "Tài chính", "Kế toán"]),
    Agency("Địa chính – Xây dựng", ["ĐC-XD", "Địa chính – Nông nghiệp – Xây dựng – Môi trường",
                                    "Địa chính – Xây dựng – Đô thị và Môi trường", "Địa chính – Môi trường",
                                    "ĐC-NN-XD-MT", "Địa chính"]),
    Agency("Bộ phận tiếp nhận và trả kết quả", ["BPTN&TKQ", "Bộ phận TN&TKQ", "Bộ phận một cửa", "BPMC",
                                                "Bộ phận tiếp nhận và trả kết quả TTHC", "Một cửa"]),
    Agency("Phòng Nội vụ", ["Phòng Nội vụ huyện", "Phòng Nội vụ thị xã", "Phòng Nội vụ thành phố",
                            "Phòng Nội vụ quận", "PNV"]),
)

# Where each legacy title's work went on 1 July 2025 (REFORM_2025.md). A pair is (xã and đặc
# khu, phường): economy and land went to Phòng Kinh tế, in a phường to Phòng Kinh tế, Hạ tầng và Đô thị.
LEGACY_NOW: dict[str, tuple[str, str]] = {
    LEGACY_OFFICE: (OFFICE, OFFICE),
    "Tư pháp – Hộ tịch": (OFFICE, OFFICE),
    "Văn hóa – Xã hội": (CULTURE_SOCIETY, CULTURE_SOCIETY),
    "Văn hóa – Thông tin": (CULTURE_SOCIETY, CULTURE_SOCIETY),
    "Tài chính – Kế toán": (ECONOMY, ECONOMY_URBAN),
    "Địa chính – Xây dựng": (ECONOMY, ECONOMY_URBAN),
    "Bộ phận tiếp nhận và trả kết quả": (SERVICE_CENTRE, SERVICE_CENTRE),
    "Phòng Nội vụ": (HOME_AFFAIRS, HOME_AFFAIRS),
}

SHARED: tuple[Agency, ...] = (
    Agency("Công an xã", ["CA xã", "Công an", "Công an phường", "Công an đặc khu"]),
    Agency("Ban Chỉ huy Quân sự xã", ["Quân sự xã", "Quân sự", "BCH Quân sự", "BCHQS", "Ban CHQS",
                                      "Ban Chỉ huy Quân sự"]),
    Agency("Ban Chỉ đạo CCHC", ["BCĐ CCHC", "Ban Chỉ đạo cải cách hành chính",
                                "Ban Chỉ đạo CCHC và chuyển đổi số", "BCĐ CCHC và CĐS"]),
    Agency("Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", [
        "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "BCĐ KHCN, ĐMST và CĐS", "Ban Chỉ đạo chuyển đổi số", "BCĐ chuyển đổi số", "BCĐ CĐS"]),
    Agency("Tổ công nghệ số cộng đồng", ["Tổ CNSCĐ", "Tổ công nghệ số", "Các Tổ công nghệ số cộng đồng"]),
    Agency("UBND xã", ["UBND", "Ủy ban nhân dân xã", "Ủy ban nhân dân"]),
    Agency("HĐND xã", ["HĐND", "Hội đồng nhân dân", "HĐND lâm thời"]),
    Agency("Thường trực HĐND", ["TT HĐND", "Thường trực Hội đồng nhân dân"]),
    Agency("Ban Pháp chế HĐND", ["Ban Pháp chế", "Ban Pháp chế của HĐND"]),
    Agency("Ban Kinh tế – Ngân sách HĐND", ["Ban Kinh tế – Ngân sách", "Ban KT-NS HĐND", "Ban Kinh tế - Xã hội HĐND"]),
    Agency("Ban Văn hóa – Xã hội HĐND", ["Ban Văn hóa – Xã hội", "Ban VH-XH HĐND", "Ban VHXH HĐND"]),
    Agency("Đảng ủy", ["Đảng ủy xã", "ĐU", "Ban Chấp hành Đảng bộ"]),
    Agency("Ban Thường vụ Đảng ủy", ["BTV Đảng ủy", "Ban Thường vụ"]),
    Agency("Ủy ban Kiểm tra Đảng ủy", ["UBKT Đảng ủy", "Ủy ban Kiểm tra"]),
    Agency("Văn phòng Đảng ủy", ["VP Đảng ủy"]),
    Agency("Ban Xây dựng Đảng", ["Ban XDĐ", "Ban Xây dựng Đảng của Đảng ủy"]),
    Agency("Trạm Y tế xã", ["Trạm y tế", "TYT", "Trạm Y tế phường"]),
    Agency("Ủy ban MTTQ Việt Nam", ["Ủy ban Mặt trận Tổ quốc", "Ủy ban Mặt trận Tổ quốc Việt Nam",
                                    "Mặt trận Tổ quốc", "Mặt trận Tổ quốc Việt Nam", "MTTQ", "UBMTTQ",
                                    "UBMTTQVN", "Ủy ban MTTQ", "Ủy ban MTTQVN", "MTTQVN", "Ủy ban MTTQ xã"]),
    Agency("Đoàn Thanh niên", ["Đoàn TN", "Đoàn TNCS Hồ Chí Minh", "Xã Đoàn", "Phường Đoàn"]),
    Agency("Hội Liên hiệp Phụ nữ", ["Hội LHPN", "LHPN", "Hội Phụ nữ"]),
    Agency("Hội Nông dân", ["HND", "Hội ND"]),
    Agency("Hội Cựu chiến binh", ["Hội CCB", "CCB"]),
    Agency("Các ban, ngành", ["Ban ngành", "Các ban, ngành, đoàn thể", "Ban, ngành, đoàn thể"]),
    Agency("Các công chức chuyên môn", ["Công chức chuyên môn", "CC chuyên môn"]),
    Agency("Các CBCC", ["CBCC", "Các cán bộ, công chức", "Cán bộ, công chức", "Các CB, CC", "CBCC có liên quan"]),
)

PROVINCE: tuple[Agency, ...] = tuple(
    Agency(name, [f"{name} tỉnh", f"{name} thành phố", *aliases]) for name, aliases in (
        (HOME_AFFAIRS, ["SNV"]),
        ("Sở Tư pháp", []), ("Sở Tài chính", []), ("Sở Xây dựng", []), ("Sở Y tế", []),
        ("Sở Công Thương", []), ("Sở Giáo dục và Đào tạo", ["Sở GD&ĐT", "Sở GDĐT"]),
        ("Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN"]),
        ("Sở Nông nghiệp và Môi trường", ["Sở NN&MT", "Sở NNMT"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở VHTTDL", "Sở VH-TT-DL"]),
        ("Văn phòng UBND tỉnh", ["VP UBND tỉnh"]),
        ("Trung tâm Phục vụ hành chính công tỉnh", ["Trung tâm PVHCC tỉnh"]),
        ("UBND tỉnh", ["Ủy ban nhân dân tỉnh"]),
    ))

# Folded abbreviation -> the words it stands for (matched word by word after folding; both the
# table's spellings and the typed name are expanded, so only unambiguous ones belong here).
ABBREVIATIONS: dict[str, str] = {
    "hdnd": "Hội đồng nhân dân", "ubnd": "Ủy ban nhân dân", "ub": "Ủy ban", "vp": "Văn phòng",
    "mttq": "Mặt trận Tổ quốc", "mttqvn": "Mặt trận Tổ quốc Việt Nam", "vn": "Việt Nam",
    "ubmttq": "Ủy ban Mặt trận Tổ quốc", "ubmttqvn": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "pvhcc": "Phục vụ hành chính công", "hcc": "hành chính công", "ttpvhcc": "Trung tâm Phục vụ hành chính công",
    "tthcc": "Trung tâm hành chính công", "bchqs": "Ban Chỉ huy Quân sự", "chqs": "Chỉ huy Quân sự",
    "bcd": "Ban Chỉ đạo", "cchc": "cải cách hành chính", "cds": "chuyển đổi số", "tyt": "Trạm Y tế",
    "ttdvth": "Trung tâm Dịch vụ tổng hợp", "dvth": "Dịch vụ tổng hợp",
}
