"""``cchc-sheets deadline``: the JSON contract and the Vietnamese table."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["deadline", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("text", "expected"), [
    ("Quý IV/2024", {"kind": "period", "start": "2024-10-01", "due": "2024-12-31", "recurrence": None}),
    ("trước ngày 20/11 hàng năm", {"kind": "recurring", "start": None, "due": "2024-11-20", "recurrence": "yearly"}),
    ("Thường xuyên", {"kind": "ongoing", "start": None, "due": None, "recurrence": None}),
    ("khi có yêu cầu", {"kind": "unknown", "start": None, "due": None, "recurrence": None}),
])
def test_json(text: str, expected: dict[str, str | None]) -> None:
    assert json.loads(_run(text, "--year", "2024", "--format", "json")) == {**expected, "text": text}


def test_json_without_year_leaves_yearless_dates_unknown() -> None:
    assert json.loads(_run("trong tháng 10", "--format", "json"))["kind"] == "unknown"


def test_table_is_vietnamese_with_day_first_dates() -> None:
    lines = _run("Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023", "--year", "2023").splitlines()
    assert lines == [
        "Loại    : Khoảng thời gian",
        "Bắt đầu : 01/12/2022",
        "Hạn     : 31/12/2023",
        "Lặp lại : —",
        "Vế 1    : Ban hành Kế hoạch tháng 12/2022 → Khoảng thời gian, 01/12/2022 – 31/12/2022",
        "Vế 2    : Triển khai thực hiện trong năm 2023 → Khoảng thời gian, 01/01/2023 – 31/12/2023",
    ]


@pytest.mark.parametrize(("text", "shown"), [
    ("06 tháng/cuộc", "Lặp lại : 6 tháng/lần"),
    ("hằng quý", "Lặp lại : hằng quý"),
    ("3 lần/năm", "Lặp lại : 4 tháng/lần"),
    ("5 lần/năm", "Lặp lại : 5 lần/năm"),
    ("31/02/2024", "Loại    : Chưa xác định được hạn"),
])
def test_table_recurrence_and_unknown(text: str, shown: str) -> None:
    assert shown in _run(text, "--year", "2024").splitlines()


def test_table_in_english() -> None:
    assert _run("Quý II, III năm 2024", "--year", "2024", "--lang", "en").splitlines() == [
        "Kind    : period",
        "Start   : 01/04/2024",
        "Due     : 30/09/2024",
        "Repeats : —",
    ]


def test_bad_year_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["deadline", "Quý IV", "--year", "hai nghìn"])
    assert result.exit_code == 2
