"""Issue 12, write side: nothing a commune sends can make the library write outside the folder
meant for it, write through a link, overwrite another unit's copy, hang on a special file, or
replace a file it did not read. Each test builds its hostile input inline (tests/hostile_write.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cchc_sheets.summary as summary_module
from cchc_sheets.cli import main
from cchc_sheets.consolidate.feedback import feedback_name, write_feedback
from cchc_sheets.consolidate.merge import merge, read_files
from cchc_sheets.core.errors import FileLocked, UnreadableFile, UsageError
from cchc_sheets.read.inputs import iter_inputs
from cchc_sheets.read.plan import read_plan
from cchc_sheets.summary import summarize
from cchc_sheets.write.safe_write import MAX_NAME_BYTES, list_backups, path_inside, safe_name
from tests import hostile_write as hw

AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): _digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- 1. unit code -> path


@pytest.mark.parametrize("text, expected", [
    ("zz/../../hop_thu/xa_khac", "zz_.._.._hop_thu_xa_khac.xlsx"),
    ("..", "_.xlsx"),
    ("../..", "_.xlsx"),
    ("CON", "_CON.xlsx"),
    ("nul.txt", "_nul.txt.xlsx"),
    ("Com1", "_Com1.xlsx"),
    ("LPT9", "_LPT9.xlsx"),
    ('a:b*c?d"e<f>g|h\\i', "a_b_c_d_e_f_g_h_i.xlsx"),
    ("x\x00y\x1b[31mz\n", "x_y_[31mz_.xlsx"),
    (" . xa\u0303 . ", "xã.xlsx"),  # NFC: the combining accent joins its letter
    ("a\udcffb", "a_b.xlsx"),  # a byte that was not UTF-8
    ("", "_.xlsx"),
])
def test_safe_name_cleans_every_hostile_part(text, expected):
    assert safe_name(text, ".xlsx") == expected


def test_safe_name_is_at_most_120_bytes_and_cut_on_a_character():
    name = safe_name("Phường " + "ệ" * 200, ".xlsx")
    assert len(name.encode()) <= MAX_NAME_BYTES and name.endswith("ệ.xlsx")
    assert name.encode().decode() == name


def test_path_inside_refuses_anything_but_a_direct_child(tmp_path):
    assert path_inside(tmp_path, "a.xlsx") == tmp_path / "a.xlsx"
    for bad in ("..", "../a.xlsx", "a/b.xlsx", "", "."):
        with pytest.raises(ValueError):
            path_inside(tmp_path, bad)


def test_a_unit_code_that_climbs_cannot_write_outside_the_feedback_folder(tmp_path):
    inbox = tmp_path / "hop_thu"
    victim = hw.commune(inbox / "nan_nhan.xlsx", code="77001", name="Xã Nạn Nhân", source="xa_phu_linh.xlsx")
    before = _digest(victim)
    hw.commune(inbox / "a" / "so.xlsx", code="31001", name="Xã A")
    hw.commune(inbox / "b" / "so.xlsx", code="zz/../../hop_thu/nan_nhan", name="Xã B")
    feedback = tmp_path / "phan_hoi"
    result = merge([inbox], tmp_path / "tong_hop.xlsx", as_of=AS_OF, feedback=feedback, jobs=1)
    assert _digest(victim) == before
    targets = sorted(Path(item.target) for item in result.feedback or [])
    assert len(targets) == 3 and all(t.parent == feedback and t.is_file() for t in targets)
    assert sorted(p.name for p in feedback.iterdir()) == sorted(t.name for t in targets)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xlsx")
                  if feedback not in p.parents) == ["hop_thu/a/so.xlsx", "hop_thu/b/so.xlsx",
                                                    "hop_thu/nan_nhan.xlsx", "tong_hop.xlsx"]


# --------------------------------------------------------------------------- 3. one copy per unit


def test_two_units_with_one_file_name_never_share_a_copy(tmp_path):
    inbox = tmp_path / "hop_thu"
    a = hw.commune(inbox / "a" / "Mau_so_theo_doi.xlsx", code="31001", name="Xã A")
    b = hw.commune(inbox / "b" / "Mau_so_theo_doi.xlsx", code="31002", name="Xã B")
    feedback = tmp_path / "phan_hoi"
    units = {o.path: o.units_read[0] for o in read_files([a, b], AS_OF, jobs=1)}
    write_feedback(list(units.values()), feedback, AS_OF, jobs=1)
    write_feedback([units[str(b)]], feedback, AS_OF, jobs=1)  # night 2: only B sent a new file
    copies = {read_plan(p).info.unit_code: p.name for p in feedback.iterdir()}
    assert copies == {"31001": "31001 Xã A (" + copies["31001"].split("(")[1],
                      "31002": "31002 Xã B (" + copies["31002"].split("(")[1]}
    assert copies["31001"] == feedback_name(units[str(a)]) != feedback_name(units[str(b)]) == copies["31002"]


def test_units_whose_labels_meet_after_cleaning_still_get_two_copies(tmp_path):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "a.xlsx", code="31/001", name="Xã A")
    hw.commune(inbox / "b.xlsx", code="31_001", name="Xã A", source="xa_phu_linh.xlsx")
    result = merge([inbox], tmp_path / "tong_hop.xlsx", as_of=AS_OF, feedback=tmp_path / "phan_hoi", jobs=1)
    names = [Path(item.target).name for item in result.feedback or []]
    assert len(names) == 2 and len({n.casefold() for n in names}) == 2
    assert all(n.startswith("31_001 Xã A (") for n in names)


# --------------------------------------------------------------------------- 4. links and special files


def test_a_link_planted_in_the_feedback_folder_is_not_written_through(tmp_path):
    inbox = tmp_path / "hop_thu"
    source = hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    victim = tmp_path / "bi_mat.xlsx"
    victim.write_bytes(b"not yours")
    unit = read_files([source], AS_OF, jobs=1)[0].units_read[0]
    feedback = tmp_path / "phan_hoi"
    hw.planted_link(feedback / feedback_name(unit), victim)
    result = merge([inbox], tmp_path / "tong_hop.xlsx", as_of=AS_OF, feedback=feedback, jobs=1)
    assert victim.read_bytes() == b"not yours"
    assert [item.error for item in result.feedback or []] == [
        "Không ghi vào đây vì đó là một liên kết (symlink), không phải tệp thật; không tệp nào bị thay đổi."]


def test_a_backup_folder_that_is_a_link_is_refused(tmp_path):
    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    before = _digest(book)
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    (tmp_path / ".cchc-backup").symlink_to(elsewhere)
    with pytest.raises(FileLocked) as caught:
        summarize(book, as_of=AS_OF)
    assert caught.value.key == "write.symlink"
    assert list(elsewhere.iterdir()) == [] and _digest(book) == before


def test_the_merge_output_as_a_link_is_refused(tmp_path):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    victim = tmp_path / "khac.xlsx"
    victim.write_bytes(b"PK not a consolidated workbook")
    output = hw.planted_link(tmp_path / "tong_hop.xlsx", victim)
    with pytest.raises((FileLocked, UsageError)):
        merge([inbox], output, as_of=AS_OF, jobs=1)
    assert victim.read_bytes() == b"PK not a consolidated workbook" and output.is_symlink()


def test_fifo_and_dev_zero_in_the_inbox_are_skipped_with_a_reason_never_read(tmp_path):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    hw.fifo(inbox)
    hw.link_to_dev_zero(inbox)
    run = subprocess.run([sys.executable, "-m", "cchc_sheets", "merge", str(inbox), "-o", str(tmp_path / "t.xlsx"),
                          "--as-of", "30/09/2024", "--format", "json", "--jobs", "1"],
                         capture_output=True, text=True, timeout=HANG_GUARD)
    import json

    inputs = {Path(i["path"]).name: (i["outcome"], i["reason"]) for i in json.loads(run.stdout)["inputs"]}
    assert inputs == {
        "so.xlsx": ("merged", ""),
        "treo.xlsx": ("skipped", "Không phải tệp thường mà là một đường ống (FIFO): bỏ qua, không đọc."),
        "vo_tan.xlsx": ("skipped", "Không phải tệp thường mà là một thiết bị (như /dev/zero): bỏ qua, không đọc."),
    }
    assert run.returncode == 0


def test_check_lists_a_fifo_in_a_folder_and_summarize_refuses_one(tmp_path):
    fifo = hw.fifo(tmp_path)
    reports = list(iter_inputs([tmp_path]))
    assert [(i.path.name, i.skip.key if i.skip else None) for i in reports] == [("treo.xlsx", "input.fifo")]
    with pytest.raises(UnreadableFile) as caught:
        summarize(fifo, as_of=AS_OF)
    assert caught.value.key == "write.not_regular"


# --------------------------------------------------------------------------- 5. summarize -o


def test_summarize_refuses_an_existing_output_without_force(tmp_path):
    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    other = tmp_path / "khac.xlsx"
    other.write_bytes(b"someone's work")
    refused = CliRunner().invoke(main, ["summarize", str(book), "-o", str(other), "--as-of", "30/09/2024"])
    assert refused.exit_code == 2
    assert refused.output.strip() == f"Tệp {other} đã có; dùng --force để ghi đè."
    assert other.read_bytes() == b"someone's work"
    forced = CliRunner().invoke(main, ["summarize", str(book), "-o", str(other), "--as-of", "30/09/2024", "--force"])
    assert forced.exit_code in (0, 1) and read_plan(other).info.unit_code == "31001"


# --------------------------------------------------------------------------- 6. changed while read


def test_a_file_replaced_while_summarize_reads_it_is_not_written(tmp_path, monkeypatch):
    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    newer = hw.commune(tmp_path / "moi" / "so.xlsx", code="31001", name="Xã A (bản mới)", source="xa_phu_linh.xlsx")
    real = summary_module.check_file

    def check_then_clerk_saves(path, *args, **kwargs):
        found = real(path, *args, **kwargs)
        os.replace(newer, book)  # Excel's save: a new file under the old name
        return found

    monkeypatch.setattr(summary_module, "check_file", check_then_clerk_saves)
    saved = _digest(newer)
    with pytest.raises(FileLocked) as caught:
        summarize(book, as_of=AS_OF)
    assert caught.value.message("vi") == (f"{book}: Tệp đã bị thay đổi trong lúc chương trình đang đọc nên không "
                                          "ghi gì vào tệp; hãy chạy lại.")
    assert _digest(book) == saved and caught.value.exit_code == 4


# --------------------------------------------------------------------------- 8. merge output backup


def test_the_previous_merge_output_is_kept_as_a_backup(tmp_path):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    output = tmp_path / "tong_hop.xlsx"
    merge([inbox], output, as_of=AS_OF, jobs=1)
    first = _digest(output)
    merge([inbox], output, as_of=dt.date(2024, 12, 31), jobs=1)
    backups = list_backups(output, tmp_path / ".cchc-backup")
    assert [_digest(p) for p in backups] == [first] and _digest(output) != first
