"""click's own usage errors in Vietnamese (``--lang en``: click's English), exit 2 (issue 14)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cchc_sheets.cli import main

CHECK_USAGE_VI = "Cách dùng: cchc-sheets check [TÙY CHỌN] PATHS...\nXem «cchc-sheets check --help» để biết các tùy chọn.\n\n"
CHECK_USAGE_EN = "Usage: cchc-sheets check [OPTIONS] PATHS...\nTry 'cchc-sheets check --help' for help.\n\n"
SUMMARIZE_USAGE_VI = ("Cách dùng: cchc-sheets summarize [TÙY CHỌN] FILE\n"
                      "Xem «cchc-sheets summarize --help» để biết các tùy chọn.\n\n")
SUMMARIZE_USAGE_EN = "Usage: cchc-sheets summarize [OPTIONS] FILE\nTry 'cchc-sheets summarize --help' for help.\n\n"

def _run(args: list[str]):
    return CliRunner().invoke(main, args, prog_name="cchc-sheets")


CASES = [
    (["check", "--bogus", "x.xlsx"],
     CHECK_USAGE_VI + "Lỗi: Không có tùy chọn --bogus.\n",
     CHECK_USAGE_EN + "Error: No such option '--bogus'.\n"),
    (["check"],
     CHECK_USAGE_VI + "Lỗi: Thiếu tham số PATHS.\n",
     CHECK_USAGE_EN + "Error: Missing argument 'PATHS...'.\n"),
    (["summarize", "khong_co.xlsx"],
     SUMMARIZE_USAGE_VI + "Lỗi: Giá trị không hợp lệ cho FILE: không có tệp hay thư mục «khong_co.xlsx» "
                          "(kiểm tra lại tên và đường dẫn).\n",
     SUMMARIZE_USAGE_EN + "Error: Invalid value for 'FILE': File 'khong_co.xlsx' does not exist.\n"),
    (["check", "--limit", "0", "."],
     CHECK_USAGE_VI + "Lỗi: Giá trị không hợp lệ cho --limit: 0 nằm ngoài khoảng cho phép (x>=1).\n",
     CHECK_USAGE_EN + "Error: Invalid value for '--limit': 0 is not in the range x>=1.\n"),
    (["check", "--format", "xml", "."],
     CHECK_USAGE_VI + "Lỗi: Giá trị không hợp lệ cho --format: «xml» không phải một trong các giá trị 'table', 'json'.\n",
     CHECK_USAGE_EN + "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json'.\n"),
]


@pytest.mark.parametrize(("args", "vietnamese", "english"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_error_is_said_in_vietnamese_and_in_english_with_lang_en(tmp_path, monkeypatch, args, vietnamese,
                                                                        english):
    monkeypatch.chdir(tmp_path)
    vi = _run(args)
    en = _run([*args, "--lang", "en"])
    assert (vi.exit_code, vi.stdout, vi.stderr) == (2, "", vietnamese)
    assert (en.exit_code, en.stdout, en.stderr) == (2, "", english)


def test_an_unknown_command_is_said_in_vietnamese():
    result = _run(["chek", "x"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Lỗi: Không có lệnh «chek»."


def test_an_option_without_its_value_is_said_in_vietnamese():
    result = _run(["merge", "x", "-o"])
    assert (result.exit_code, result.stderr) == (2, "Lỗi: Tùy chọn -o cần một giá trị.\n")


def test_the_bare_command_still_prints_its_help():
    result = _run([])
    assert result.exit_code == 2 and "Usage: cchc-sheets [OPTIONS] COMMAND [ARGS]..." in result.output
