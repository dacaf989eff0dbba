"""Seed plans 001, 003 and 004 as data, and a builder that turns such data into Word files.

The tables are the seeds' appendix tables as printed: one :class:`SeedTable` per page, since a
Word table broken by the clerk across pages is several tables (the header printed again, or
not), and a cell cut by a page break goes on in the first row of the next page. ``merges`` say
which cells Word merges (0-based ``(first_row, first_col, last_row, last_col)`` in that table):
STT, content and task merged down over activity rows, a lead merged over its activities, and
section titles merged across the row. Only a merge's first cell is written; covered cells keep
the seed's text for reading but are ignored.

``labels`` hand-label, for every task in order, the criterion of
``workbook_templates/example_criteria.csv`` a reviewer would link: ``("1", ("1.1.2",))`` means
task 1 belongs to 1.1.2; a code also accepts its descendants (``"8"`` means any 8.x, written
where the task fits the field but no single sub-criterion); several codes mean any of them is
right; ``()`` means no criterion of the set fits (PAPI tasks: the set has no PAPI criteria).
They were written from the criteria names before the suggester was tuned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

Merge = tuple[int, int, int, int]
Label = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class SeedTable:
    """One printed page of an appendix table."""

    rows: Sequence[Sequence[str]]
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True)
class SeedPlan:
    """A Word plan: letterhead (a borderless two-cell table), opening paragraphs, appendix pages."""

    opening: Sequence[str]
    tables: Sequence[SeedTable]
    letterhead: tuple[str, str] | None = None
    page_footer: str = ""  # text printed between two pages (a page number)
    labels: Sequence[Label] = field(default_factory=tuple)


def build_docx(plan: SeedPlan, path: Path) -> Path:
    """Write *plan* as a .docx at *path*: pages separated by page breaks, merges as Word merges."""
    document = docx.Document()
    if plan.letterhead:
        table = document.add_table(rows=1, cols=2)
        for cell, text in zip(table.rows[0].cells, plan.letterhead, strict=False):
            set_text(cell, text)
    for text in plan.opening:
        document.add_paragraph(text)
    for number, page in enumerate(plan.tables):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            if plan.page_footer:
                document.add_paragraph(plan.page_footer)
        _add_table(document, page)
    document.save(str(path))
    return path


def _add_table(document: docx.document.Document, page: SeedTable) -> None:
    width = max(len(row) for row in page.rows)
    table = document.add_table(rows=len(page.rows), cols=width)
    table.style = "Table Grid"
    covered = set()
    for r1, c1, r2, c2 in page.merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    for r, row in enumerate(page.rows):
        for c, text in enumerate(row):
            if (r, c) not in covered:
                set_text(table.cell(r, c), text)


def set_text(cell: docx.table._Cell, text: str) -> None:
    """One paragraph per line of *text* (a merge leaves the merged cells' empty paragraphs behind)."""
    first, *extra = cell.paragraphs
    for paragraph in extra:
        paragraph._element.getparent().remove(paragraph._element)
    lines = text.split("\n")
    first.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# --- seed 001: UBND xã Phù Linh, sections by index (PAR-INDEX, SIPAS, PAPI) --------------------
HEADER_001 = ('STT', 'NỘI DUNG THỰC HIỆN', 'NHIỆM VỤ/GIẢI PHÁP KHẮC PHỤC', 'CƠ QUAN CHỦ TRÌ', 'CƠ QUAN PHỐI HỢP', 'THỜI GIAN HOÀN THÀNH')
TABLES_001 = [
    SeedTable([
        ['STT', 'NỘI DUNG THỰC HIỆN', 'NHIỆM VỤ/GIẢI PHÁP KHẮC PHỤC', 'CƠ QUAN CHỦ TRÌ', 'CƠ QUAN PHỐI HỢP', 'THỜI GIẠN HOÀN THÀNH'],
        ['I', 'CHỈ SỐ PAR-INDEX', '', '', '', ''],
        ['1', 'Công tác Chi đạo điều hành theo kế hoạch CCHC năm 2024', 'Hoàn thành 100% nhiệm vụ đã đề ra tại Quyết định số 38/QĐ-UBND ngày 15/02/2024 của UBND xã về việc ban hành Kế hoạch Cải cách hành chính nhà nước năm 2024 của xã Phú Linh', 'Văn phòng Thống Kế', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['2', 'Tham gia các lớp tập huấn, bồi dưỡng nghiệp vụ CCHC do huyện tổ chức', 'Tham gia tập huấn công tác CCHC', 'Phòng Nội vụ', 'Lãnh đạo, công chức phụ trách', '9 tháng cuối năm 2024'],
        ['3', 'Thông tin, tuyên truyền theo kế hoạch số 60/KH-UBND ngày 19/02/2024 về thông tin tuyên truyền CCHC nhà nước năm 2024', 'Cung cấp đầy đủ thông tin về CCHC', 'Văn hóa và Thông tin', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['4', 'Triển khai thực hiện tốt Kế hoạch tổ chức cuộc thi trực tuyến “Tìm hiểu Cải cách hành chính huyện Sóc Sơn” năm 2024', 'Cuộc thi phải đảm bảo tính phổ biến, rộng khắp, tạo sức lan tỏa, hấp dẫn, hiệu quả và phù hợp với các đối tượng', 'Phòng Nội vụ', 'Các ban, ngành', 'Quý II, III năm 2024'],
    ], merges=((1, 1, 1, 5),)),
    SeedTable([
        HEADER_001,
        ['5', 'Lấy phiếu điều tra xã hội học', 'Lập danh sách các đối tượng để điều tra, khảo sát (đảm bảo mức độ hài lòng đối với cơ quan hành chính nhà nước các cấp đạt tỷ lệ 95% trở lên)', '- Văn phòng – Thống kê', 'Các ban, ngành, công dân đến đến giao dịch TTHC', 'Quý IV/2024'],
        ['6', 'Tiếp tục kiểm tra, rà soát hệ thống VBQPPL', 'Rà soát văn bản QPPL, tăng cường công tác theo dõi thi hành pháp luật.', 'Tư pháp xã', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['7', 'Tiếp tục tham mưu công tác CC TTHC và thực hiện cơ chế một cửa, một cửa liên thông', 'Tăng cường công tác đôn đốc, kiểm soát việc triển khai thực hiện kế hoạch số 08/KH-UBND ngày 18/01/2024 về công tác kiểm soát TTHC và thực hiện cơ chế một cửa, một cửa liên thông năm 2024.', '- Văn phòng – Thống kê', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['8', 'Niêm yết công khai 100% TTHC theo quy định, nhất là những TTHC mới công bố.', 'Văn bản chỉ đạo điều hành', '- Văn phòng – Thống kê', 'Các công chức chuyên môn', 'Thường xuyên'],
        ['9', 'Tiếp tục đẩy mạnh việc cung cấp thông tin trên trang thông tin điện tử của xã', 'Bảo đảm thông tin đưa lên mang tính kịp thời, đầy đủ và thuận tiện trong việc truy cập, khai thác thông tin', 'Văn hóa thông tin', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['10', 'Tham mưu cải cách chế độ công vụ', 'Bố trí công chức theo đúng vị trí việc làm', 'UBND xã', '', '9 tháng cuối năm 2024'],
        ['11', 'Cải cách tài chính công', '- Tăng cường công tác kiểm tra về thực hiện các quy định sử dụng kinh phí nguồn từ ngân sách nhà nước. - Thực hiện cơ chế tự chủ tài chính', 'Tài chính – ngân sách xã', '', '9 tháng cuối năm và những năm tiếp theo'],
    ]),
    SeedTable([
        HEADER_001,
        ['12', 'Xây dựng chính quyền điện tử, chính quyền số', 'Tiếp tục tham mưu nhiệm vụ xây dựng và phát triển chính quyền điện tử, chính quyền số, chuyển đổi số theo quy định. - phần đầu đạt 95% tỷ lệ xử lý văn bản, hồ sơ công việc trên môi trường mạng theo yêu cầu của huyện, thành phố', 'Văn hóa thông tin', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
        ['13', 'Các chỉ tiêu về phát triển kinh tế - xã hội; phần đầu hoàn thành 100% chỉ tiêu kinh hoạch phát triển kinh tế - xã hội do UBND xã giao', 'Tham mưu tăng cường đôn đốc, kiểm tra, giám sát', 'Tài chính ngân sách xã', 'Các ban, ngành', '9 tháng cuối năm 2024'],
        ['CHỈ SỐ SIPAS', '', '', '', '', ''],  # merged across the whole row
        ['1', 'Chỉ số hài lòng về tiếp cận dịch vụ', 'Bộ phận tiếp nhận và trả kết quả phải thuận tiện, dễ thấy; sạch sẽ gọn gàng, trang thiết bị đầy đủ, dễ sử dụng', 'UBND xã', '', '9 tháng cuối năm'],
        ['2', 'Chỉ số hài lòng về TTHC', 'Các quy định TTHC phải dễ thấy, niêm yết công khai đầy đủ, dễ hiểu theo quy định; thu đúng thành phần hồ sơ, đủ lệ phí; giải quyết hồ sơ TTHC đúng thời gian quy định.', 'UBND xã', '', '9 tháng cuối năm'],
        ['3', 'Chỉ số hài lòng về công chức giải quyết TTHC', 'Công chức tiếp nhận và xử lý hồ sơ phải có thái độ giao tiếp lịch sự, tận tình, biết lắng nghe, giải thích đầy đủ, hướng dẫn kê khai hồ sơ dễ hiểu, bảo đảm, giải quyết đúng thẩm quyền', 'UBND xã', 'Các công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
    ], merges=((3, 0, 3, 5),)),
    SeedTable([
        HEADER_001,
        ['4', 'Chỉ số hài lòng về kết quả dịch vụ công', 'Kết quả phải phù hợp với quy định hiện hành, thông tin phải đầy đủ, chính xác.', 'UBND xã', 'Các công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
        ['5', 'Chỉ số hài lòng về tiếp nhận, xử lý ý kiến phản ánh kiến nghị', 'Công khai hình thức tiếp nhận PAKN, dễ thực hiện, kịp thời thông báo kết quả xử lý, trả lời PAKN', 'UBND xã', 'Các ban, ngành, công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
        ['6', 'Việc cung ứng dịch vụ công nói chung', 'Đẩy mạnh quy trình giải quyết TTHC một phần và toàn trình, cắt giảm tối đa thời gian và chi phí giải quyết TTHC của người dân, tổ chức.', 'UBND xã', 'Công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
        ['III', 'CHỈ SỐ PAPI', '', '', '', ''],
        ['1', 'Chỉ số tham gia của người dân ở cấp cơ sở', 'Tạo điều kiện để người dân thực hiện tốt các quyền về bầu cử, cơ hội tham gia bầu cử; được đóng góp tự nguyện, thực hiện tốt quy định về dân chủ ở cơ sở, phát huy vai trò và trách nhiệm của Ban thanh tra nhân dân', 'UBND xã', 'Các ban, ngành, công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
        ['2', 'Chỉ số công khai, minh bạch', 'Đẩy mạnh việc công khai hóa, minh bạch hóa thông tin về các chế độ, chính sách có ảnh hưởng trực tiếp đến đời sống của người dân nhằm đáp ứng “quyền được biết” của người dân', 'UBND xã', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
        ['3', 'Chỉ số trách nhiệm giải trình của người dân', 'Kịp thời giải quyết đơn thư khiếu nại, tố cáo, kiến nghị và tiếp xúc công dân', 'UBND xã', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
    ]),
    SeedTable([
        HEADER_001,
        ['4', 'Chỉ số kiểm soát tham nhũng khu vực công', 'Thanh tra, kiểm tra theo kế hoạch năm 2024, tiến hành thanh tra đột xuất khi có dấu hiệu vi phạm pháp luật và chủ tịch UBND xã giao', 'UBND xã', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
        ['5', 'Chỉ số thủ tục hành chính công', 'Đẩy mạnh cải cách TTHC, nhất là TTHC cần thiết nhất cho đời sống của nhân dân như: chứng thực, dịch vụ hành chính công cấp xã...', 'UBND xã', 'Các ban ngành, công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
        ['6', 'Chỉ số cung ứng dịch vụ công', 'Nâng cao chất lượng và mức độ sẵn có của các dịch vụ công cấp xã', 'UBND xã', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
        ['7', 'Chỉ số quản trị môi trường', 'Tăng cường công tác kiểm tra, kiểm soát bảo vệ môi trường, bảo vệ sức khỏe của người dân', 'Trạm y tế xã', 'Các ban, ngành', '9 tháng cuối năm và những năm tiếp theo'],
        ['8', 'Chỉ số quản trị điện tử', 'Đẩy mạnh chuyển đổi số, cải tiến, đổi mới việc cung cấp thông tin nhằm tạo thuận lợi cho người dân tương tác giữa trang thông tin điện tử của xã về mức độ tiếp cận thông tin của người dân về: quy trình, thủ tục, chính sách người dân cần tuân thủ, điều kiện sử dụng internet của người dân.', 'Văn hóa thông tin', 'Các ban, ngành, công chức chuyên môn', '9 tháng cuối năm và những năm tiếp theo'],
    ]),
]


# --- seed 004: UBND phường Sông Cầu, sections by field, activities, cells cut by page breaks ----
HEADER_004 = ('TT', '1 - Mục tiêu', '2 - Nhiệm vụ', '3 - Hoạt động', '4 - Kết quả/ Sản phẩm', '5 - Cơ quan chủ trì', '6 - Cơ quan phối hợp', '7 - Thời gian thực hiện', '8 - Dự kiến kinh phí (Nếu có)')
TABLES_004 = [
    SeedTable([
        HEADER_004,
        ['I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', '', '', ''],
        ['1', 'Văn bản QPPL của thành phố ban hành đảm bảo tính hợp Hiến, hợp pháp, tính thống nhất, tính khả thi', 'Ban hành Kế hoạch kiểm tra, rà soát văn bản QPPL năm 2023 và triển khai thực hiện', 'Xây dựng kế hoạch', 'Kế hoạch UBND; Báo cáo kết quả thực hiện', 'Công chức Tư pháp – Hộ tịch', 'Các CBCC', 'Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023', ''],
        ['2', 'Theo dõi tình hình thi hành pháp luật trên địa bàn TP Bắc Kạn năm 2023', 'Ban hành Kế hoạch Theo dõi tình hình thi hành pháp luật trên địa bàn phường năm 2023 và triển khai thực hiện', 'Xây dựng dự thảo Kế hoạch Theo dõi tình hình thi hành pháp luật trên địa bàn phường năm 2023', 'Kế hoạch UBND', 'Công chức Tư pháp – Hộ tịch', 'Các CBCC', 'Ban hành kế hoạch trước 30/01/2023', 'Theo mức chi quy định hiện hành'],
        ['', '', '', 'Xây dựng dự thảo báo cáo kết quả Theo dõi tình hình thi hành pháp luật trên địa bàn phường năm 2023', 'Báo cáo của UBND', 'Công chức Tư pháp – Hộ tịch', 'Các CBCC', 'UBND phường ban hành báo cáo UBND TP trước 05/12/2023', ''],
        ['II', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', '', '', '', '', '', ''],
    ], merges=((1, 1, 1, 8), (5, 1, 5, 8), (3, 0, 4, 0), (3, 1, 4, 1), (3, 2, 4, 2), (3, 5, 4, 5), (3, 6, 4, 6))),
    SeedTable([
        HEADER_004,
        ['3', '100% kịp thời, đúng quy định', 'Công khai TTHC', '. Công khai tại bảng niêm yết, trang thông tin điện tử', 'TTHC được công khai đầy đủ, kịp thời, đúng quy định', 'Công chức Văn phòng – Thống kê', 'Các công chức chuyên môn', 'Thường xuyên', ''],
        ['4', 'cấp xã: 35%', 'Số hóa kết quả giải quyết thủ tục hành chính đang còn hiệu lực và có giá trị sử dụng thuộc thẩm quyền giải quyết', 'Thực hiện theo hướng dẫn của Sở Thông tin và Truyền thông tại Văn bản số 1180/STTTT-CNTT ngày 02/8/2021', 'TTHC được số hóa để đảm bảo việc kết nối, chia sẻ dữ liệu trong giải quyết TTHC trên môi trường điện tử', 'Các công chức chuyên môn', 'Công chức VHXH', 'Trong năm 2023', 'Theo mức chi quy định hiện hành'],
        ['5', 'Tối thiểu 20% tổng số TTHC được rà soát có phương án rà soát (tối thiểu 10 TTHC/đơn vị)', 'Rà soát, đánh giá TTHC; trong đó tập trung rà soát, đơn giản hóa về thành phần hồ sơ, đẩy mạnh phân cấp trong giải quyết TTHC', 'Xây dựng kế hoạch để tổ chức rà soát, đánh giá; Qua rà soát, đánh giá có báo cáo kết quả thực hiện, gửi UBND TP', 'Kế hoạch của UBND; Báo cáo của UBND', 'Các công chức chuyên môn', 'Công chức Văn phòng – Thống kê', 'Ban hành Kế hoạch rà soát (<i>chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch</i>); báo cáo kết quả thực hiện trước 31/3/2023', ''],
    ]),
    SeedTable([
        HEADER_004,
        ['6', '20% số hồ sơ TTHC được chứng thực điện tử trên tổng số hồ sơ TTHC phát sinh', 'Đẩy mạnh việc thực hiện chứng thực bản sao điện tử từ bản chính', 'Tuyên truyền, hướng dẫn tổ chức, cá nhân thực hiện chứng thực bản sao điện tử từ bản chính', 'Hồ sơ giải quyết TTHC trong lĩnh vực chứng thực được thực hiện chứng thực điện tử', 'Công chức Tư pháp-Hộ tịch', 'CBCC', 'Trong năm 2023', ''],
        ['7', '50% số hồ sơ TTHC được thanh toán trực tuyến nghĩa vụ tài chính trên tổng số hồ sơ TTHC phát sinh', 'Đẩy mạnh việc thực hiện thanh toán trực tuyến nghĩa vụ tài chính (<i>thuế, lệ phí trước bạ</i>) khi thực hiện TTHC về đất đai trên Cổng DVC Quốc gia', 'Tuyên truyền, hướng dẫn tổ chức, cá nhân thực hiện thanh toán trực tuyến nghĩa vụ tài chính (<i>thuế, lệ phí trước bạ</i>) khi thực hiện TTHC về đất đai', 'Hồ sơ TTHC về đất đai được thanh toán trực tuyến nghĩa vụ tài chính', 'Công chức Tư pháp – Hộ tịch', 'CBCC', 'Trong năm 2023', ''],
        ['8', 'Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt 90% trở lên. Trong đó, mức độ hài lòng về giải quyết TTHC lĩnh vực đất đai, xây dựng, đầu tư đạt 80% trở lên; mức độ hài lòng của', 'Thực hiện đối thoại giữa lãnh đạo UBND các cấp với tổ chức, cá nhân về TTHC', 'Xây dựng kế hoạch để tổ chức đối thoại; Qua đối thoại có báo cáo kết quả thực hiện, gửi UBND tp', 'Các cuộc đối thoại được tổ chức', 'Công chức Văn phòng – Thống kê', 'CBCC có liên quan', 'Quý IV/2023', 'Theo mức chi quy định hiện hành'],
        ['9', 'hài lòng về giải quyết TTHC lĩnh vực đất đai, xây dựng, đầu tư đạt 80% trở lên; mức độ hài lòng của', 'Nâng cao chất lượng việc giải quyết TTHC', 'Duy trì thực hiện tốt Bộ phận tiếp nhận và trả kết quả', 'Kết quả giải quyết TTHC', 'Bộ phận tiếp nhận và trả kết quả', 'Công chức Văn phòng – Thống kê', 'Thường xuyên', ''],
    ]),
    SeedTable([
        HEADER_004,
        ['', 'người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước đạt tối thiểu 90%; mức độ hài lòng của người dân về dịch vụ cung cấp giáo dục công lập đạt tối thiểu 85%', '', '', '', '', '', '', ''],
        ['12', '100% kiến nghị, phản ánh được xử lý dứt điểm', 'Tiếp nhận, xử lý phản ánh kiến nghị của cá nhân, tổ chức về quy định hành chính/hành vi hành chính', 'Tiếp nhận các phản ánh, kiến nghị và tham mưu xử lý theo quy định', 'Văn bản chỉ đạo của UBND phường', 'Bộ phận tiếp nhận và trả kết quả', 'Công chức Văn phòng – Thống kê', 'Thường xuyên', ''],
        ['III', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', '', '', '', ''],
        ['13', 'Tiếp tục sắp xếp các thôn, tổ dân phố', 'Rà soát sắp xếp các thôn, tổ dân phố', 'Văn bản triển khai các hướng dẫn của cấp có thẩm quyền', 'Công văn', 'Công chức Văn phòng – Thống kê', '', 'Năm 2023', ''],
        ['IV', 'CẢI CÁCH CHẾ ĐỘ CÔNG VỤ', '', '', '', '', '', '', ''],
    ], merges=((3, 1, 3, 8), (5, 1, 5, 8))),
    SeedTable([
        HEADER_004,
        ['14', 'Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức', 'Tiếp tục thực hiện tình giản biên chế cán bộ, công chức, viên chức lao động hợp đồng theo Nghị định số 68/2000/NĐ-CP', 'Rà soát thống kê cán bộ, công chức, viên chức, người lao động không đáp ứng yêu cầu nhiệm vụ được giao đề nghị cấp có thẩm quyền tình giản (nếu có)', 'Tờ trình của các đơn vị', 'Công chức Văn phòng – Thống kê', 'CCBC', 'Năm 2023', ''],
        ['15', '', 'Tạo điều kiện cho cán bộ, công chức tham gia các lớp đào tạo nâng cao trình độ chuyên môn', 'Cử cán bộ, công chức tham gia các lớp đào tạo nâng cao trình độ chuyên môn', 'Văn bản cử tham gia đào tạo', 'Công chức Văn phòng – Thống kê', 'CBCC', 'Thường xuyên', ''],
        ['V', 'CẢI CÁCH TÀI CHÍNH CÔNG', '', '', '', '', '', '', ''],
        ['16', 'Thực hiện nghiêm kiến nghị tài chính qua các đợt thanh tra, kiểm toán', 'Thực hiện kiến nghị của các đoàn kiểm toán nhà nước, thanh tra', 'Thực hiện các kiến nghị kiểm toán, thanh tra', 'Văn bản triển khai', 'Công chức Tài chính - Kế toán', 'Các CBCC', 'Thường xuyên', ''],
        ['17', '. Giải ngân kịp thời, hiệu quả nguồn vốn đầu tư công', 'Tập trung giải ngân vốn đầu tư công', 'Theo dõi, đôn đốc tình hình giải ngân vốn đầu tư công', 'Văn bản triển khai', 'Công chức Tài chính - Kế toán', 'Các CBCC', 'Thường xuyên', ''],
        ['18', 'Sử dụng kinh phí ngân sách nhà nước, các nguồn', 'kiểm tra tình hình quản lý sử dụng kinh phí', 'Căn cứ trên báo cáo và thông qua kết quả các cuộc thanh tra,', 'Kiến nghị, chấn chỉnh đối với các', 'Công chức Tài chính - Kế toán', 'Các CBCC', '', ''],
    ], merges=((1, 1, 2, 1), (3, 1, 3, 8))),
    SeedTable([
        HEADER_004,
        ['', 'hợp pháp đúng quy định', '', 'kiểm tra', 'tồn tại, hạn chế', '', '', '', ''],
        ['19', 'Quản lý, sử dụng tài sản công đúng tiêu chuẩn, định mức quy định', 'kiểm tra tình hình quản lý sử dụng tài sản công', '. Căn cứ trên báo cáo và thông qua kết quả các cuộc thanh tra, kiểm tra', 'Kết luận, thông báo, báo cáo kết quả làm việc', '', '', '', ''],
        ['VI', 'XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ', '', '', '', '', '', '', ''],
        ['20', '100% báo cáo định kỳ (<i>không bao gồm nội dung mật</i>) của phường được cập nhật, chia sẻ trên Hệ thống thông tin báo cáo cấp tỉnh phục vụ hiệu quả hoạt động quản lý, chỉ đạo, điều hành', 'Cập nhật đầy đủ các báo cáo vào hệ thống báo cáo theo quy định', 'Thực hiện cập nhật đầy đủ các báo cáo vào hệ thống báo cáo theo quy định', 'Các báo cáo được cập nhật đầy đủ', 'Công chức chuyên môn', 'Công chức Tài chính - Kế toán', 'Trong năm 2023', ''],
        ['21', '40% cuộc họp của cấp ủy, chính quyền, đoàn thể (<i>trừ các cuộc họp mật</i>) được tổ chức trực tuyến', 'tham gia đầy đủ các cuộc họp trực tuyến cấp tỉnh triển khai.', 'Chủ động phối hợp thực hiện các cuộc họp, hội nghị, tập huấn trên hệ thống Hội nghị truyền hình trực tuyến; tham gia đầy đủ các cuộc họp trực tuyến cấp tỉnh triển khai.', 'Các cuộc họp, hội nghị, tập huấn ... được tổ chức trực tuyến', 'Công chức VHXH', 'Các CBCC', 'Trong năm 2023', ''],
    ], merges=((3, 1, 3, 8),)),
    SeedTable([
        HEADER_004,
        ['22', '85% hồ sơ công việc tại cấp phường được xử lý trên môi trường mạng (<i>trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước</i>) <i>Ghi chú:</i> Hồ sơ công việc bao gồm: Hồ sơ xử lý văn bản hành chính và Hồ sơ giải quyết TTHC', 'Đẩy mạnh việc thực hiện cập nhật, luân chuyển hồ sơ văn bản hành chính trên phần mềm quản lý văn bản; cập nhật, luân chuyển xử lý hồ sơ giải quyết TTHC trên phần mềm Một cửa điện tử, Một cửa điện tử liên thông và DVCTT mức độ cao của tỉnh', 'Các cán bộ, công chức đảm bảo nhập đủ hồ sơ, tài liệu và luân chuyển xử lý theo quy trình trên hồ sơ công việc trên các phần mềm', 'Hồ sơ công việc tại cấp phường được xử lý trên môi trường mạng', 'Các CBCC', 'Công chức VHXH', 'Trong năm 2023', ''],
        ['', '', '', 'Theo dõi, thống kê số lượng hồ sơ công việc được luân chuyển trên các phần mềm trong báo cáo tình hình sử dụng các phần mềm dùng chung hàng tháng', 'Thống kê cụ thể số lượng hồ sơ văn bản, hồ sơ giải quyết TTHC được xử lý trên các phần mềm', 'Công chức VHXH', 'Các CBCC', '', ''],
        ['23', '100% người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến được cấp định danh và xác thực điện tử', 'Nâng cao tỷ lệ người dân doanh nghiệp tạo tài khoản và sử dụng dịch vụ công trực tuyến', 'Hướng dẫn, tuyên truyền về DVCTT trên trang/cổng TTĐT; Hỗ trợ, hướng dẫn người dân, doanh nghiệp đăng ký tài khoản trên Cổng DVC quốc gia', 'Nâng cao tỷ lệ hồ sơ DVCTT', 'Các CBCC', 'Công chức Văn hoá và Thông tin', '', ''],
        ['24', '100% TTHC có đủ điều kiện, được cung cấp DVCTT toàn trình trên Cổng Dịch vụ công của tỉnh; tỷ lệ hồ sơ TTHC phát sinh', 'Tiếp tục phối hợp với các Sở, ban, ngành tỉnh rà soát, nâng cao tỷ lệ cung cấp DVCTT toàn trình; nâng tỷ lệ hồ sơ giải quyết TTHC', 'Rà soát, tái cấu trúc các TTHC', 'Phương án tái cấu trúc', 'Các Công chức chuyên môn', 'Văn phòng UBND; Công chức VHXH', 'Trong năm 2023', ''],
        ['', '', '', 'Tuyên truyền, hỗ trợ người dân, doanh nghiệp nộp hồ sơ DVCTT', 'Nâng cao tỷ lệ hồ sơ DVCTT', 'Công chức VHXH', 'Các Công chức chuyên môn', '', ''],
    ], merges=((1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (4, 0, 5, 0), (4, 1, 5, 1), (4, 2, 5, 2))),
    SeedTable([
        HEADER_004,
        ['', 'trực tuyến trên tổng số hồ sơ giải quyết đạt từ 30% trở lên', 'phát sinh trực tuyến.', 'Tổ chức các hoạt động tuyên truyền về DVCTT, Chuyển đổi số, xây dựng chính quyền điện tử', 'Nâng cao nhận thức về chuyển đổi số của nhân dân', 'Công chức VHXH', 'Các CBCC', '', ''],
        ['25', 'Hoàn thiện hạ tầng, đảm bảo an toàn thông tin', 'Hoàn thiện hạ tầng số; triển khai các giải pháp đảm bảo an toàn thông tin mạng cho các hệ thống thông tin của phường', '. Nâng cấp tường lửa phần cứng cho hệ thống mạng LAN của thành phố', 'Lắp đặt thiết bị tường lửa cho hệ thống mạng LAN', 'Văn phòng UBND', 'Công chức VHXH', 'Trong năm 2023', ''],
        ['', '', '', '. Tiếp tục triển khai chứng thư số cho các cơ quan nhà nước', 'Cập mới, thu hồi, thay đổi thông tin, ... chứng thư số chuyên dùng đúng quy định', 'Công chức VHTT', 'Các CBCC', '', ''],
        ['VII', 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', '', '', '', '', '', ''],
        ['26', 'Đẩy mạnh triển khai thực hiện các nhiệm vụ và giải pháp về công tác CCHC trong Kế hoạch số 51-KH/TU ngày 06/9/2021 của Thành ủy Bắc Kạn', 'Chỉ đạo, đôn đốc các đơn vị thực hiện các nhiệm vụ CCHC đã xác định trong kế hoạch CCHC năm 2023', '. Xây dựng và ban hành văn bản chỉ đạo', 'Văn bản chỉ đạo', 'Công chức Văn phòng – Thông kê', 'Các CBCC', 'Quý III/2023', ''],
        ['', '', '', 'Chỉ đạo, quán triệt trong các cuộc họp, giao ban', 'Thông báo kết luận các cuộc họp, giao ban', 'Công chức Văn phòng – Thông kê', 'Các CBCC', 'Thường xuyên', ''],
    ], merges=((2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (4, 1, 4, 8), (5, 0, 6, 0), (5, 1, 6, 1), (5, 2, 6, 2),
                   (5, 5, 6, 5), (5, 6, 6, 6))),
    SeedTable([
        HEADER_004,
        ['', 'thực hiện NQ số 08/NQ-TU ngày 22/4/2021 của Tỉnh ủy Bắc Kạn', '2.45. Tăng cường công tác thông tin, tuyên truyền về CCHC', '3.67. Xây dựng kế hoạch tuyên truyền CCHC', 'Kế hoạch tuyên truyền CCHC năm 2023', 'Phòng Nội vụ; Văn phòng HĐND và UBND', 'Các phòng, ban, đơn vị; UBND Các xã, phường', 'Quý I/2023', ''],
        ['', '', '', 'Tuyên truyền trên Trang thông tin điện tử phường,; Các hình thức tuyên truyền khác,..', 'Các hình thức tuyên truyền', 'Ban biên tập', 'Các CBCC', 'Ban hành Kế hoạch tháng 01/2023; Triển khai thực hiện trong năm 2023', ''],
        ['', 'Đẩy mạnh triển khai thực hiện các nhiệm vụ và giải pháp về công tác CCHC trong Kế hoạch số 51-KH/TU ngày 06/9/2021 của Thành ủy Bắc Kạn thực hiện NQ số 08/NQ-TU ngày 22/4/2021 của Tỉnh ủy Bắc Kạn', 'Xây dựng sáng kiến, giải pháp thiết thực hiệu quả trong chỉ đạo, thực hiện nâng cao công tác CCHC trên địa bàn thành phố.', 'Đôn đốc các CBCC xây dựng sáng kiến, giải pháp về công tác CCHC', 'Văn bản đôn đốc', 'Công chức Văn phòng – Thống kê', 'Các CBCC', 'Quý III,IV/2023', ''],
        ['', '', 'Nâng cao Chỉ số CCHC năm 2023', '. Tổ chức họp đánh giá kết quả chỉ số CCHC năm 2022 của phường', 'Báo cáo giải trình kết quả Chỉ số năm 2022; kế hoạch khắc phục những hạn chế kết quả Chỉ số của xã', 'Công chức Văn phòng – Thống kê', 'Các CBCC', 'Quý I/2023', ''],
        ['', '', '', 'Xây dựng Kế hoạch khắc phục những tồn tại, hạn chế Chỉ số cải cách hành chính', 'Kế hoạch', '', '', '', ''],
    ]),
    SeedTable([
        HEADER_004,
        ['', '', '', 'năm 2022 và nâng cao Chỉ số năm 2023', '', '', '', '', ''],
        ['28', '', '. Tiếp tục triển khai bộ tiêu chí đánh giá xác định Chỉ số CCHC các sở, ban, ngành, UBND cấp huyện, UBND cấp xã', 'Tự đánh giá chấm điểm Chỉ số CCHC của phường năm 2023', 'Báo cáo tự đánh giá chấm điểm', 'Công chức Văn phòng – Thống kê', 'Các CBCC', 'Quý IV/2023', ''],
        ['29', 'Nâng cao chất lượng chỉ đạo, điều hành của Lãnh đạo UBND phường trong công tác CCHC; Tăng cường trách nhiệm của đội ngũ cán bộ, công chức, nhất là người đứng đầu cơ quan hành chính các cấp trong thực hiện CCHC', 'Tổ chức họp Lãnh đạo UBND', 'Xây dựng nội dung, chương trình họp', 'Thông báo kết luận cuộc họp', 'Công chức Văn phòng – Thống kê', 'Các CBCC', '06 tháng/cuộc', ''],
    ]),
    SeedTable([
        HEADER_004,
        ['30', 'Nâng cao chất lượng phục vụ người dân, doanh nghiệp', 'Tổ chức đối thoại giữa lãnh đạo tỉnh với người dân, doanh nghiệp', 'Xây dựng dự thảo kế hoạch, chương trình đối thoại của UBND TP', 'Kế hoạch, chương trình, các cuộc đối thoại', 'Công chức Văn phòng – Thống kê', 'Các CBCC', 'Quý II-IV/2023', ''],
    ]),
]


# --- seed 003: UBND phường 2, sections by field, a task cut by the page break ------------------
HEADER_003 = ("TT", "Nhiệm vụ và giải pháp", "Công chức\nchủ trì", "Công chức\nphối hợp", "Thời gian\nthực hiện")
TABLES_003 = [
    SeedTable([
        HEADER_003,
        ["I", "Công tác chỉ đạo, điều hành CCHC", "", "", ""],
        ["1", "Tham mưu UBND phường chỉ đạo các công chức nghiên cứu tìm kiếm các sáng kiến, giải pháp mới "
              "thiết thực, áp dụng có hiệu quả trong chỉ đạo, điều hành thực hiện CCHC",
         "Công chức VP-TK", "Các công chức chuyên môn", "Quý II, Quý III năm 2022"],
        ["2", "Thường xuyên theo dõi, đôn đốc các ban ngành, công chức chuyên môn thực hiện các nhiệm vụ của "
              "UBND thị xã, Chủ tịch UBND thị xã giao",
         "Công chức VP-TK", "Các công chức chuyên môn", "Thường xuyên"],
        ["II", "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa", "", "", ""],
        ["1", "Tham mưu các giải pháp nâng cao tỷ lệ cung cấp dịch vụ công trực tuyến mức độ 3, 4. Phấn đấu tỷ "
              "lệ % giữa số TTHC có phát sinh hồ sơ trực tuyến so với tổng số TTHC đang cung cấp trực tuyến mức "
              "độ 3, 4 đạt từ 50% trở lên.",
         "Công chức chuyên môn", "Công chức VP-TK", "Thường xuyên"],
        ["III", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "", "", ""],
        ["1", "Tham mưu UBND phường chỉ đạo đẩy mạnh hơn nữa việc thực hiện tiếp nhận, trả kết quả TTHC qua dịch "
              "vụ bưu chính công ích; thực hiện tốt công tác tuyên truyền, phổ biến đến các tổ chức, cá nhân và "
              "nhân dân trên địa bàn về lợi ích của bưu chính công ích, dịch vụ bưu chính công ích.\n"
              "- Tỷ lệ giữa số TTHC có phát sinh hồ sơ qua dịch vụ BCCI (tiếp nhận hoặc trả kết quả hoặc cả hai) "
              "so với tổng số TTHC đang triển khai thực hiện tiếp nhận, trả kết quả giải quyết qua",
         "Công chức VP-TK", "Công chức chuyên môn", "Thường xuyên"],
    ], merges=((1, 1, 1, 4), (4, 1, 4, 4), (6, 1, 6, 4))),
    SeedTable([  # the next page: no header, the cut cell goes on
        ["", "dịch vụ BCCI đạt 60% trở lên.\n- Tỷ lệ số hồ sơ trả kết quả qua dịch vụ BCCI của các TTHC BCCI so "
             "với tổng số hồ sơ đã trả kết quả (cả BCCI, trực tuyến và trực tiếp) đạt 15% trở lên.", "", "", ""],
    ]),
]

SEED_001 = SeedPlan(
    opening=(
        "Số: 97/KH-UBND",
        "Phù Linh, ngày 01 tháng 04 năm 2024",
        "KẾ HOẠCH",
        "Khắc phục những tồn tại, hạn chế Chỉ số cải cách hành chính năm 2023; nhiệm vụ, giải pháp nâng cao chỉ "
        "số Cải cách hành chính xã Phù Linh năm 2024 và những năm tiếp theo",
        "Ngày 20/12/2023 UBND huyện Sóc Sơn đã ban hành Quyết định số 9018/QĐ-UBND về việc phê duyệt và công bố "
        "chỉ số Cải cách hành chính năm 2023 của các phòng chuyên môn thuộc UBND huyện và UBND các xã, thị trấn. "
        "Trong đó UBND xã Phù Linh có kết quả chỉ số cải cách hành chính đạt 93,86 điểm xếp thứ hạng 2/26 xã "
        "phường, thị trấn.",
        "PHỤ LỤC",
        "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC NHỮNG TỒN TẠI, HẠN CHẾ ĐỂ NÂNG CAO",
        "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 VÀ NHỮNG NĂM TIẾP THEO",
        "(Ban hành kèm theo Kế hoạch số: 97/KH-UBND ngày 01/04/2024 của UBND xã Phú Linh)",
    ),
    tables=TABLES_001,
    labels=(
        ("1", ("1.1.2",)), ("2", ("5.2",)), ("3", ("1.3.2",)), ("4", ("1.3.2",)), ("5", ("8",)),
        ("6", ("2.1", "2.2")), ("7", ("3",)), ("8", ("3.1",)), ("9", ("7", "3.1.2")), ("10", ("5.1",)),
        ("11", ("6",)), ("12", ("7.1",)), ("13", ()),
        # CHỈ SỐ SIPAS
        ("1", ("8.1",)), ("2", ("8.2",)), ("3", ("8.3",)), ("4", ("8.4",)), ("5", ("8.5",)), ("6", ("8",)),
        # CHỈ SỐ PAPI: the example set has no PAPI criteria
        ("1", ()), ("2", ()), ("3", ()), ("4", ()), ("5", ()), ("6", ()), ("7", ()), ("8", ()),
    ),
)

SEED_003 = SeedPlan(
    letterhead=("ỦY BAN NHÂN DÂN\nPHƯỜNG 2\n\nSố: 99/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                "Phường 2, ngày 21 tháng 02 năm 2022"),
    opening=(
        "KẾ HOẠCH",
        "Thực hiện các nội dung nhằm khắc phục những tồn tại, hạn chế về Chỉ số cải cách hành chính năm 2021, "
        "nâng cao chỉ số năm 2022",
        "Thực hiện Quyết định số 13/QĐ-UBND ngày 10/01/2022 của UBND thị xã Quảng Trị về việc công bố Chỉ số cải "
        "cách hành chính năm 2021 của UBND các phường, xã trên địa bàn thị xã Quảng Trị. UBND phường ban hành kế "
        "hoạch thực hiện các nội dung nhằm khắc phục những tồn tại, hạn chế về Chỉ số CCHC và các nhiệm vụ còn hạn "
        "chế về CCHC năm 2021, nâng cao chỉ số năm 2022 và những năm tiếp theo với những nội dung như sau:",
        "Phụ lục 1",
        "NHIỆM VỤ VÀ GIẢI PHÁP KHẮC PHỤC CÁC TIÊU CHÍ THÀNH PHẦN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÒN HẠN CHẾ",
        "(Kèm theo Kế hoạch số 99/KH-UBND ngày 21/02/2022 của UBND phường 2)",
    ),
    tables=TABLES_003,
    page_footer="4",
    labels=(("1", ("1.4",)), ("2", ("1.5",)), ("1", ("7.2",)), ("1", ("7.4",))),
)

SEED_004 = SeedPlan(
    opening=(
        "Số: /KH-UBND",
        "Sông Cầu, ngày tháng 01 năm 2023",
        "KẾ HOẠCH",
        "Thực hiện công tác cải cách hành chính năm 2023",
        "Căn cứ Kế hoạch số 19/KH-UBND ngày 17/01/2023 của UBND thành phố Bắc Kạn thực hiện công tác cải cách "
        "hành chính năm 2023, UBND phường Sông Cầu ban hành Kế hoạch thực hiện công tác cải cách hành chính năm "
        "2023 với những nội dung như sau:",
        "Phụ lục",
        "Các mục tiêu, nhiệm vụ cụ thể triển khai công tác cải cách hành chính năm 2023",
    ),
    tables=TABLES_004,
    labels=(
        ("1", ("2.1",)), ("2", ("2.2",)),
        ("3", ("3.1",)), ("4", ("3.4",)), ("5", ("3",)), ("6", ("3", "7")), ("7", ("7.3",)),
        ("8", ("8.2", "3")), ("9", ("3.2.1", "8.2")), ("12", ("3.3",)),
        ("13", ("4.1",)),
        ("14", ("5",)), ("15", ("5.2",)),
        ("16", ("6.1",)), ("17", ("6.2",)), ("18", ("6",)), ("19", ("6.3",)),
        ("20", ("7", "1.2")), ("21", ("7.5",)), ("22", ("7.1",)), ("23", ("7.2",)), ("24", ("7.2",)),
        ("25", ("7",)),
        ("26", ("1.1.2",)), ("28", ("1",)), ("29", ("1", "4.2")), ("30", ("8", "3")),
    ),
)

SEEDS = {"001": SEED_001, "003": SEED_003, "004": SEED_004}
