"""Spellings of the commune bodies of 2025–2026, of the kinds REFORM_2025.md lists: connectors
between HĐND and UBND, abbreviations, dashes, tone placement, case, dropped words, plurals, a
role in front, the unit's name behind, MTTQ's forms. Built by hand for issue 13; the body each
spelling names is the key (its canonical name in the 2025 directory)."""

from __future__ import annotations

SPELLINGS_2025: dict[str, list[str]] = {
    "Văn phòng HĐND và UBND": [
        "Văn phòng HĐND và UBND", "Văn phòng HĐND & UBND", "Văn phòng HĐND - UBND", "Văn phòng HĐND-UBND",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng Hội đồng nhân dân và Uỷ ban nhân dân",
        "văn phòng HĐND và UBND", "VP HĐND và UBND", "Văn phòng HĐND và UBND xã", "Văn phòng HĐND và UBND xã Minh Đức",
        "Văn phòng HĐND và UBND phường Hồng Bàng", "Chánh Văn phòng HĐND và UBND", "Phó Chánh Văn phòng HĐND và UBND",
        "Lãnh đạo Văn phòng HĐND và UBND", "Công chức Văn phòng HĐND và UBND", "Văn phòng HĐND&UBND",
        "Văn phòng", "Văn phòng UBND", "Văn phòng UBND xã", "Văn phòng HĐND và UBND đặc khu Phú Quốc",
        "Văn phòng Hội đồng nhân dân - Ủy ban nhân dân",
    ],
    "Phòng Kinh tế": [
        "Phòng Kinh tế", "phòng Kinh tế", "Phòng kinh tế", "Phòng Kinh tế xã", "Phòng Kinh tế xã Tân Lập",
        "Trưởng phòng Kinh tế", "Phó Trưởng phòng Kinh tế", "Công chức Phòng Kinh tế", "Lãnh đạo Phòng Kinh tế",
        "Phòng KT", "PHÒNG KINH TẾ",
    ],
    "Phòng Kinh tế, Hạ tầng và Đô thị": [
        "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế - Hạ tầng - Đô thị", "Phòng Kinh tế, Hạ tầng, Đô thị",
        "phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế – Hạ tầng và Đô thị", "Phòng KT-HT-ĐT",
        "Phòng Kinh tế, Hạ tầng và Đô thị phường Ngô Quyền", "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Kinh tế Hạ tầng và Đô thị", "Công chức Phòng Kinh tế, Hạ tầng và Đô thị",
    ],
    "Phòng Văn hóa – Xã hội": [
        "Phòng Văn hóa – Xã hội", "Phòng Văn hóa - Xã hội", "Phòng Văn hóa-Xã hội", "Phòng Văn hóa Xã hội",
        "Phòng Văn hoá – Xã hội", "Phòng Văn hoá - Xã hội", "phòng Văn hóa - Xã hội", "phòng văn hóa - xã hội",
        "Phòng VH-XH", "Phòng VHXH", "Phòng Văn hóa – Xã hội xã", "Phòng Văn hóa - Xã hội phường Lê Chân",
        "Trưởng phòng Văn hóa – Xã hội", "Phó Trưởng phòng Văn hóa - Xã hội", "Công chức Phòng Văn hóa - Xã hội",
        "Lãnh đạo Phòng Văn hóa – Xã hội", "PHÒNG VĂN HÓA - XÃ HỘI", "Phòng Văn hóa và Xã hội",
        "Các Phòng Văn hóa – Xã hội",
    ],
    "Trung tâm Phục vụ hành chính công": [
        "Trung tâm Phục vụ hành chính công", "Trung tâm phục vụ hành chính công", "Trung tâm Phục vụ Hành chính công",
        "Trung tâm Hành chính công", "Trung tâm hành chính công xã", "Trung tâm PVHCC", "TTPVHCC", "TT PVHCC",
        "Trung tâm HCC", "Trung tâm Phục vụ hành chính công xã", "Trung tâm Phục vụ hành chính công xã Minh Đức",
        "Giám đốc Trung tâm Phục vụ hành chính công", "Phó Giám đốc Trung tâm PVHCC",
        "Viên chức Trung tâm Phục vụ hành chính công", "Trung tâm phục vụ HCC", "Trung tâm Phục vụ HCC phường",
    ],
    "Trung tâm Dịch vụ tổng hợp": [
        "Trung tâm Dịch vụ tổng hợp", "Trung tâm dịch vụ tổng hợp", "Trung tâm DVTH", "TTDVTH",
        "Trung tâm Dịch vụ tổng hợp xã", "Giám đốc Trung tâm Dịch vụ tổng hợp",
    ],
    "Công an xã": ["Công an xã", "Công an phường", "Công an", "CA xã", "Công an đặc khu", "Trưởng Công an xã",
                   "Công an xã Minh Đức", "công an phường"],
    "Ban Chỉ huy Quân sự xã": ["Ban Chỉ huy Quân sự xã", "Ban Chỉ huy Quân sự", "Ban CHQS", "BCHQS xã",
                               "Ban chỉ huy quân sự phường", "Chỉ huy trưởng Ban Chỉ huy Quân sự", "Quân sự xã"],
    "Trạm Y tế xã": ["Trạm Y tế xã", "Trạm y tế", "Trạm Y tế phường", "TYT xã", "Trạm trưởng Trạm Y tế"],
    "HĐND xã": ["HĐND xã", "HĐND", "Hội đồng nhân dân xã", "Hội đồng nhân dân", "HĐND phường"],
    "Thường trực HĐND": ["Thường trực HĐND", "Thường trực HĐND xã", "Thường trực Hội đồng nhân dân",
                         "Thường trực Hội đồng nhân dân xã"],
    "Ban Văn hóa – Xã hội HĐND": ["Ban Văn hóa – Xã hội HĐND", "Ban Văn hóa - Xã hội HĐND xã",
                                  "Ban Văn hóa – Xã hội của HĐND", "Ban VH-XH HĐND", "Trưởng ban Văn hóa - Xã hội HĐND",
                                  "Ban Văn hóa – Xã hội"],
    "Ban Kinh tế – Ngân sách HĐND": ["Ban Kinh tế – Ngân sách HĐND", "Ban Kinh tế - Ngân sách HĐND xã",
                                     "Ban Kinh tế – Ngân sách", "Ban KT-NS HĐND", "Ban Kinh tế - Ngân sách của HĐND"],
    "Ban Pháp chế HĐND": ["Ban Pháp chế HĐND", "Ban Pháp chế", "Ban Pháp chế HĐND xã", "Ban pháp chế của HĐND"],
    "Đảng ủy": ["Đảng ủy", "Đảng uỷ", "Đảng ủy xã", "Đảng ủy phường", "Đảng ủy xã Minh Đức", "Bí thư Đảng ủy"],
    "Văn phòng Đảng ủy": ["Văn phòng Đảng ủy", "Văn phòng Đảng uỷ", "VP Đảng ủy", "Chánh Văn phòng Đảng ủy"],
    "Ủy ban Kiểm tra Đảng ủy": ["Ủy ban Kiểm tra Đảng ủy", "Uỷ ban Kiểm tra Đảng uỷ", "UBKT Đảng ủy",
                                "Ủy ban Kiểm tra Đảng ủy xã"],
    "Ban Xây dựng Đảng": ["Ban Xây dựng Đảng", "Ban Xây dựng Đảng của Đảng ủy", "Ban XDĐ", "Trưởng ban Xây dựng Đảng"],
    "Ủy ban MTTQ Việt Nam": [
        "Ủy ban MTTQ Việt Nam", "Ủy ban MTTQVN", "UBMTTQVN", "UBMTTQ", "Ủy ban MTTQ", "Uỷ ban MTTQ Việt Nam",
        "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "MTTQ", "Mặt trận Tổ quốc",
        "Ủy ban MTTQ Việt Nam phường", "UB MTTQ VN", "Ủy ban MTTQ Việt Nam xã Minh Đức",
        "Chủ tịch Ủy ban MTTQ Việt Nam", "UBMTTQVN xã",
    ],
    "UBND xã": ["UBND xã", "UBND", "Ủy ban nhân dân xã", "Uỷ ban nhân dân", "UBND phường", "UBND đặc khu",
                "UBND xã Minh Đức", "Chủ tịch UBND xã", "Lãnh đạo UBND"],
    "Sở Nội vụ": ["Sở Nội vụ", "Sở Nội vụ tỉnh", "Sở Nội vụ thành phố", "sở nội vụ", "SNV"],
    "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số": [
        "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số xã",
        "BCĐ KHCN, ĐMST và CĐS", "Ban Chỉ đạo chuyển đổi số", "BCĐ chuyển đổi số",
    ],
    "Tổ công nghệ số cộng đồng": ["Tổ công nghệ số cộng đồng", "Các Tổ công nghệ số cộng đồng",
                                  "Tổ Công nghệ số cộng đồng", "Tổ CNSCĐ", "Tổ công nghệ số cộng đồng thôn"],
    "Đoàn Thanh niên": ["Đoàn Thanh niên", "Đoàn thanh niên xã", "Đoàn TNCS Hồ Chí Minh", "Đoàn TN"],
    "Hội Liên hiệp Phụ nữ": ["Hội Liên hiệp Phụ nữ", "Hội LHPN xã", "Hội Phụ nữ", "Hội Liên hiệp phụ nữ phường"],
}
