"""Numbers in Vietnamese sentences and rendered text use the decimal comma (0,5; 71,4%)."""

from __future__ import annotations

import cchc_sheets.job.nightly  # noqa: F401 - registers job.pending_young
from cchc_sheets.core.catalogue import render
from cchc_sheets.core.i18n import Sentence, t
from cchc_sheets.core.values import vi_number, vi_percent


def test_the_formatters():
    assert [vi_number(v) for v in (0.5, 97.75, 12.0, 0.0, -1.25, 3, 1234.25)] == [
        "0,5", "97,75", "12", "0", "-1,25", "3", "1.234,25"]
    assert [vi_percent(r) for r in (0.714, 1.0, 0.0, 0.80434)] == ["71,4%", "100%", "0%", "80,4%"]


def test_sentences_and_findings_use_the_decimal_comma_in_vietnamese_only():
    assert t("job.pending_young", age=12.4, settle=2.5) == (
        "Tệp vừa được sửa 12 giây trước, chưa đủ 2,5 giây ổn định; để lần chạy sau.")
    assert t("job.pending_young", "en", age=12.4, settle=2.5) == (
        "Modified 12 s ago, less than the 2.5 s settle time; left for the next run.")
    assert Sentence("merge.no_year", year=2025) == "Không ghi Năm đánh giá; coi như năm 2025."
    assert render("CRIT-MAX-SUM", "vi", {"code": "1", "expected": 2.5}, 3.75) == (
        "Điểm tối đa của 1 là 3,75 nhưng cộng các tiêu chí con được 2,5.")
    assert render("CRIT-MAX-SUM", "en", {"code": "1", "expected": 2.5}, 3.75) == (
        "Max points of 1 are 3.75 but its children add up to 2.5.")
