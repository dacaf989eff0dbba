"""The consolidated workbook printed by LibreOffice: every sheet on A4 landscape, no printed text
under 8 pt, and page 1 («Báo cáo nhanh») carries the title and the as-of date.

Each visible sheet is printed alone (scripts/print_check.py hides the others in a copy) and the
PDF's text operators are measured. Skipped, with the reason, where LibreOffice is not installed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from print_check import A4, merge_case, page_text, print_sheets, province_inputs  # noqa: E402

pytestmark = pytest.mark.libreoffice
AS_OF = dt.date(2024, 9, 30)
SHEETS = ["Báo cáo nhanh", "Tổng hợp", "Biểu đồ", "Ma trận", "Tiêu chí mất điểm", "Nhiệm vụ", "Quá hạn", "Kiểm tra",
          "Nguồn", "Chưa nộp"]


def _printed(inputs: Path, tmp_path: Path) -> dict:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed: the printed pages cannot be measured")
    out = merge_case(inputs, tmp_path / "tong_hop.xlsx", AS_OF)
    return print_sheets(out, tmp_path / "print")


def _assert_prints(printed: dict) -> None:
    assert list(printed) == SHEETS
    for name, (facts, _) in printed.items():
        assert facts.pages >= 1, name
        assert all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in facts.sizes), name
        assert facts.smallest is None or facts.smallest >= 8.0, (name, facts.smallest)
    brief, pdf = printed["Báo cáo nhanh"]
    assert brief.pages == 1
    text = page_text(pdf)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) not installed: page 1's text cannot be read")
    assert "TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH KHẮC PHỤC CHỈ SỐ CCHC NĂM 2023" in text
    assert "Tính đến ngày 30/09/2024" in text


def test_six_examples_print_on_a4_with_readable_text(tmp_path):
    _assert_prints(_printed(ROOT / "workbook_templates" / "examples", tmp_path))


def test_150_communes_print_on_a4_with_readable_text(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed: the printed pages cannot be measured")
    printed = _printed(province_inputs(tmp_path / "hop_thu", 150), tmp_path)
    _assert_prints(printed)
    assert "Đơn vị đã tổng hợp: 150" in (page_text(printed["Báo cáo nhanh"][1]) or "Đơn vị đã tổng hợp: 150")
