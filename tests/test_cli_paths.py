"""A mistyped path among many is listed with its reason and the others are processed (issue 14)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cchc_sheets.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "workbook_templates" / "examples"
MISSING_VI = "Không có tệp hay thư mục này (kiểm tra lại tên và đường dẫn): bỏ qua, các tệp khác vẫn được xử lý."
MISSING_EN = "No such file or folder (check the name and path): skipped, the other inputs are still processed."


def _run(*args: str):
    return CliRunner().invoke(main, [*args, "--as-of", "30/09/2024"])


def test_check_lists_a_mistyped_path_and_checks_the_others(tmp_path):
    good = EXAMPLES / "xa_minh_tan.xlsx"
    typo = tmp_path / "xa_minh_tn.xlsx"
    result = _run("check", str(typo), str(good), "--format", "json")
    assert result.exit_code == 1, result.output
    files = json.loads(result.output)["files"]
    assert [f["path"] for f in files] == [str(typo), str(good)]
    assert files[0]["error"] == MISSING_VI and files[0]["skipped"] is True and files[0]["readable"] is False
    assert files[1]["readable"] is True


def test_check_table_names_the_missing_path_in_english_with_lang_en(tmp_path):
    typo = tmp_path / "khong_co"
    result = _run("check", str(EXAMPLES / "xa_minh_tan.xlsx"), str(typo), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert f"{typo} — skipped: {MISSING_EN}" in result.output


def test_merge_rejects_a_mistyped_path_and_merges_the_others(tmp_path):
    folder = tmp_path / "huyen"
    shutil.copytree(EXAMPLES, folder)
    typo = tmp_path / "huyen_b"
    out = tmp_path / "tong_hop.xlsx"
    result = _run("merge", str(folder), str(typo), "-o", str(out), "--jobs", "1", "--format", "json")
    assert result.exit_code == 1, result.output
    inputs = {i["path"]: i for i in json.loads(result.output)["inputs"]}
    assert inputs[str(typo)]["outcome"] == "rejected" and inputs[str(typo)]["reason"] == MISSING_VI
    assert sum(i["outcome"] == "merged" for i in inputs.values()) == len(list(EXAMPLES.glob("*.xlsx")))
    assert out.exists()


def test_merge_table_says_the_missing_path_was_rejected(tmp_path):
    typo = tmp_path / "xa_a.xlsx"
    result = _run("merge", str(EXAMPLES / "xa_minh_tan.xlsx"), str(typo), "-o", str(tmp_path / "o.xlsx"), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert f"  [bị từ chối] {typo}: {MISSING_VI}" in result.output.splitlines()


def test_every_path_missing_is_one_sentence_and_exit_2(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b"
    for command in (["check"], ["merge", "-o", str(tmp_path / "o.xlsx")]):
        result = _run(*command, str(a), str(b))
        assert result.exit_code == 2
        assert result.output == (f"Không có tệp hay thư mục nào trong số đã nêu ({a}, {b}): "
                                 "kiểm tra lại tên và đường dẫn.\n")
    result = _run("check", str(a), "--lang", "en")
    assert (result.exit_code, result.output) == (2, f"None of the files or folders given exists ({a}): "
                                                    "check the names and paths.\n")
    assert not (tmp_path / "o.xlsx").exists()
