"""Issue 12, write side: nothing a commune sends can make the library write outside the folder
meant for it, write through a link, overwrite another unit's copy, hang on a special file, or
replace a file it did not read. Each test builds its hostile input inline (tests/hostile_write.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
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
    hw.commune(inbox / "a" / "so.xlsx", code="AA001", name="Xã A")  # sorts first: takes the plain name
    hw.commune(inbox / "b" / "so.xlsx", code="zz/../../hop_thu/nan_nhan", name="Xã B")  # gets the clash name
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


# --------------------------------------------------------------------------- 7. error values (write side)


def test_error_values_in_a_library_column_are_never_written_over(tmp_path):
    from cchc_sheets.write.xlsx_patch import ColumnPatch, patch_workbook

    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    typed = '<c r="S5" t="e"><v>#N/A</v></c>'
    hw.add_cell(book, "Nhiệm vụ", "S5", typed)
    hw.add_cell(book, "Nhiệm vụ", "S7", '<c r="S7" t="e"><v>#DIV/0!</v></c>')
    patch_workbook(book, book, sheets=[], columns=[ColumnPatch(
        sheet="Nhiệm vụ", col=19, header_row=2, header="Tình trạng", values={4: "Hoàn thành", 5: "Quá hạn", 6: "x"},
        clear_until=8)])
    xml = hw.sheet_xml(book, "Nhiệm vụ")[1]
    assert typed in xml and '<c r="S7" t="e"><v>#DIV/0!</v></c>' in xml
    # written, in the style copied from the table's neighbouring column (when it has one)
    assert re.search(r'<c r="S4"(?: s="\d+")? t="inlineStr"><is><t>Hoàn thành</t></is></c>', xml)
    assert re.search(r'<c r="S6"(?: s="\d+")? t="inlineStr"><is><t>x</t></is></c>', xml)


def test_summarize_keeps_an_error_value_typed_in_the_status_column(tmp_path):
    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    typed = '<c r="R5" t="e"><v>#N/A</v></c>'
    assert '<c r="R5"' not in hw.sheet_xml(book, "Nhiệm vụ")[1]  # openpyxl left the status cell out
    hw.add_cell(book, "Nhiệm vụ", "R5", typed)
    summarize(book, as_of=AS_OF)
    assert typed in hw.sheet_xml(book, "Nhiệm vụ")[1]


# --------------------------------------------------------------------------- 10. a cell in XFD


def test_a_cell_in_column_xfd_of_the_task_sheet_stops_neither_summarize_nor_feedback(tmp_path):
    import openpyxl

    inbox = tmp_path / "hop_thu"
    book = hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    workbook = openpyxl.load_workbook(book)
    workbook["Nhiệm vụ"].delete_cols(18)  # no status column yet: it would go after the last used one
    workbook.save(book)
    hw.add_cell(book, "Nhiệm vụ", "XFD4", '<c r="XFD4" t="inlineStr"><is><t>ghi chú</t></is></c>')
    copy = tmp_path / "ban_sao.xlsx"
    summarize(book, as_of=AS_OF, out=copy)
    assert '<c r="XFD4" t="inlineStr"><is><t>ghi chú</t></is></c>' in hw.sheet_xml(copy, "Nhiệm vụ")[1]
    result = merge([inbox], tmp_path / "tong_hop.xlsx", as_of=AS_OF, feedback=tmp_path / "phan_hoi", jobs=1)
    assert [item.error for item in result.feedback or []] == [None]


# --------------------------------------------------------------------------- 11. long and non-UTF-8 names


@pytest.mark.parametrize("total", [248, 252, 255])
def test_summarize_in_place_with_a_name_of_up_to_255_bytes(tmp_path, total):
    book = hw.long_name(tmp_path, total)
    summarize(book, as_of=AS_OF)
    summarize(book, as_of=AS_OF)  # a second run makes a backup of the first
    backups = list((tmp_path / ".cchc-backup").iterdir())
    assert len(backups) == 1 and len(backups[0].name.encode()) <= 255
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".cchc-backup", book.name])


def test_the_job_survives_long_and_non_utf8_names_and_logs_them_escaped(tmp_path):
    from cchc_sheets.job.nightly import load_config, run_job

    inbox = tmp_path / "hop_thu"
    inbox.mkdir()
    hw.long_name(inbox, 255)
    odd = hw.non_utf8_name(inbox)
    (tmp_path / "job.toml").write_text(
        'inbox = "hop_thu"\noutput = "tong_hop.xlsx"\nhistory = "lich_su.sqlite"\nlog = "nhat_ky.log"\n'
        'feedback = "phan_hoi"\nas_of = "2024-12-31"\nsettle_seconds = 0\nrecheck_seconds = 0\njobs = 1\n',
        encoding="utf-8")
    for _night in (1, 2):
        lines: list[str] = []
        summary = run_job(load_config(tmp_path / "job.toml"), echo=lines.append)
        assert summary.exit_code == 0 and summary.counts()["merged"] == 2
    log = (tmp_path / "nhat_ky.log").read_text(encoding="utf-8").splitlines()
    odd_lines = [line for line in log if "99102" in line]
    assert len(odd_lines) == 2 and all("x\\xe3 \\xd0\\xf4ng\\n[merged] gia\\x1b[31m.xlsx" in line for line in odd_lines)
    assert not any(line.startswith("[merged]") or "\x1b" in line for line in log)
    assert odd.exists() and len(list((tmp_path / "phan_hoi").iterdir())) == 2


def test_cli_prints_a_non_utf8_name_escaped(tmp_path):
    odd = hw.non_utf8_name(tmp_path)
    run = subprocess.run([sys.executable, "-m", "cchc_sheets", "check", str(tmp_path), "--as-of", "30/09/2024"],
                         capture_output=True, timeout=HANG_GUARD)
    assert b"Traceback" not in run.stderr and run.returncode in (0, 1)
    assert b"\\udce3" in run.stdout or b"\\xe3" in run.stdout
    assert b"\x1b" not in run.stdout + run.stderr
    assert odd.exists()


# --------------------------------------------------------------------------- 12 and 16. merge workers


_PARENT = os.getpid()


def _dies_on_one_file(name, *args):
    """A worker killed by the system (out of memory) while reading one particular file."""
    if name.endswith("xa_minh_tan.xlsx"):
        if os.getpid() != _PARENT:
            os._exit(137)
        raise AssertionError("the parent read the file that killed a worker")
    return _REAL_READ_ONE(name, *args)


import cchc_sheets.consolidate.merge as merge_module  # noqa: E402

_REAL_READ_ONE = merge_module.read_one


def test_a_file_that_kills_its_worker_is_rejected_and_never_read_in_the_parent(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(hw.EXAMPLES, tmp_path / "huyen")
    monkeypatch.setattr(merge_module, "read_one", _dies_on_one_file)
    result = merge([tmp_path / "huyen"], tmp_path / "tong_hop.xlsx", as_of=AS_OF, jobs=2)
    outcomes = {Path(i.path).name: (i.outcome, i.reason_text("vi")) for i in result.inputs}
    assert outcomes.pop("xa_minh_tan.xlsx") == (
        "rejected", "Đọc tệp này làm dừng tiến trình đọc (tệp bất thường hoặc quá lớn với máy); đã bỏ qua, "
                    "các tệp khác vẫn được tổng hợp.")
    assert {o for o, _ in outcomes.values()} == {"merged"} and len(outcomes) == 5


def _worker_only_sentence(name, *args):
    """A rejection whose sentence only the worker process has registered."""
    from cchc_sheets.consolidate.records import REJECTED, InputOutcome
    from cchc_sheets.core.i18n import Sentence, register

    if os.getpid() == _PARENT:
        raise AssertionError("read in the parent")
    try:
        register({"test.worker_only": ("Chỉ tiến trình đọc biết câu này: {name}.", "Only the worker knows: {name}.")})
    except ValueError:
        pass  # this worker registered it for an earlier file
    return InputOutcome(name, REJECTED, Sentence("test.worker_only", name=Path(name).name))


def test_sentences_registered_only_in_a_worker_reach_the_parent(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(hw.EXAMPLES, tmp_path / "huyen")
    monkeypatch.setattr(merge_module, "read_one", _worker_only_sentence)
    outcomes = read_files(sorted((tmp_path / "huyen").iterdir()), AS_OF, jobs=2)
    assert sorted((Path(o.path).name, o.reason_text("vi"), o.reason_text("en")) for o in outcomes)[:1] == [
        ("phuong_2_quang_tri.xlsx", "Chỉ tiến trình đọc biết câu này: phuong_2_quang_tri.xlsx.",
         "Only the worker knows: phuong_2_quang_tri.xlsx.")]
    assert len(outcomes) == 6 and {o.outcome for o in outcomes} == {"rejected"}


# --------------------------------------------------------------------------- 20. runs that go wrong


def test_a_full_disk_is_one_sentence_with_exit_4(tmp_path, monkeypatch):
    import errno

    import cchc_sheets.write.xlsx_patch.patch as patch_module

    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    before = _digest(book)

    def disk_full(tmp, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    monkeypatch.setattr(patch_module, "_write_bytes", disk_full)
    run = CliRunner().invoke(main, ["summarize", str(book), "--as-of", "30/09/2024"])
    assert (run.exit_code, run.output.strip()) == (4, f"{book}: Không ghi được tệp: ổ đĩa đã đầy; tệp cũ vẫn giữ nguyên.")
    assert _digest(book) == before and sorted(p.name for p in tmp_path.iterdir()) == ["so.xlsx"]


def test_a_read_only_file_system_is_one_sentence_with_exit_4(tmp_path, monkeypatch):
    import errno

    import cchc_sheets.write.safe_write as safe_write

    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(safe_write.tempfile, "mkstemp", read_only)
    run = CliRunner().invoke(main, ["summarize", str(book), "--as-of", "30/09/2024", "--lang", "en"])
    assert (run.exit_code, run.output.strip()) == (
        4, f"{book}: Cannot write the file: the disk or folder is read-only; the old file is unchanged.")


def test_temporary_files_and_half_backups_of_a_killed_run_are_cleaned_up(tmp_path):
    import time

    book = hw.commune(tmp_path / "so.xlsx", code="31001", name="Xã A")
    backups = tmp_path / ".cchc-backup"
    backups.mkdir()
    stale = [tmp_path / ".so.xlsx.k1ll3d.tmp", backups / ".so.abc123.partial"]
    fresh = tmp_path / ".so.xlsx.running.tmp"  # another run's, still being written
    for path in [*stale, fresh]:
        path.write_bytes(b"half")
    hour_ago = time.time() - 3600
    for path in stale:
        os.utime(path, (hour_ago, hour_ago))
    summarize(book, as_of=AS_OF)
    assert [p.exists() for p in stale] == [False, False] and fresh.exists()
    assert [p.suffix for p in backups.iterdir()] == [".xlsx"]


@pytest.mark.parametrize("feedback", ["hop_thu", ".", "hop_thu/.."])
def test_a_job_whose_feedback_folder_is_its_inbox_or_above_refuses_with_exit_2(tmp_path, feedback):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    (tmp_path / "job.toml").write_text(
        f'inbox = "hop_thu"\noutput = "ket_qua/tong_hop.xlsx"\nhistory = "ket_qua/lich_su.sqlite"\n'
        f'feedback = "{feedback}"\nsettle_seconds = 0\nrecheck_seconds = 0\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["job", str(tmp_path / "job.toml")])
    assert run.exit_code == 2
    assert "Thư mục phản hồi (khóa «feedback»)" in run.output and "hãy chọn một thư mục khác" in run.output.lower()
    assert not (tmp_path / "ket_qua" / "tong_hop.xlsx").exists()


@pytest.mark.parametrize("build, sentence", [
    (hw.entity_bomb_docx, "Tệp Word chứa khai báo thực thể XML (DOCTYPE/ENTITY), thứ Word không bao giờ ghi: "
                          "có thể là tệp tấn công; không đọc. Hãy mở bằng Word, lưu lại rồi chạy lại."),
    (hw.damaged_docx, "Không phải tệp Word .docx (tệp .doc cũ hoặc tệp hỏng). Hãy mở bằng Word và «Lưu thành» "
                      ".docx rồi chạy lại."),
])
def test_a_hostile_or_damaged_docx_gets_a_true_sentence(tmp_path, build, sentence):
    docx = build(tmp_path / "ke_hoach.docx")
    run = CliRunner().invoke(main, ["import", str(docx), "-o", str(tmp_path / "so.xlsx")])
    assert (run.exit_code, run.output.strip()) == (3, f"{docx}: {sentence}")


def test_summarize_prints_a_hostile_name_on_one_line_escaped(tmp_path):
    odd = hw.non_utf8_name(tmp_path)
    run = subprocess.run([sys.executable, "-m", "cchc_sheets", "summarize", str(odd), "--as-of", "30/09/2024"],
                         capture_output=True, timeout=HANG_GUARD)
    assert run.returncode in (0, 1) and run.stderr == b""
    assert run.stdout.decode().splitlines()[-1] == (
        f"Đã ghi: {tmp_path}/x\\xe3 \\xd0\\xf4ng\\n[merged] gia\\x1b[31m.xlsx")
