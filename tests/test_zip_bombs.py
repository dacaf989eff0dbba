"""Zip bombs refused before anything is inflated: Word plans (read/docx) and workbooks (read/package)."""

from __future__ import annotations

import datetime as dt
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cchc_sheets.core.errors import UnreadableFile
from tests.cli_support import _cli, _one_sentence

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
AS_OF = dt.date(2024, 9, 30)
HANG_GUARD = 120  # seconds: only so that a hang fails instead of stalling the suite (bench.py measures speed)
LAST_ROW, LAST_COL = 1_048_575, 16_383  # XFD1048576, 0-based as xlsxwriter counts
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the marks Windows-1258 keeps apart


def _docx_bomb(path: Path, megabytes: int = 64) -> Path:
    """A .docx whose word/document.xml inflates to *megabytes* of zeros (a few KiB on disk),
    written in chunks so that the test itself stays small."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = bytes(2**20)
            for _ in range(megabytes):
                part.write(chunk)
    return path


def test_import_refuses_a_docx_zip_bomb_before_inflating_it(tmp_path):
    import docx  # noqa: F401 - imported before measuring: its own memory is not the bomb's

    bomb = _docx_bomb(tmp_path / "ke_hoach.docx")
    assert bomb.stat().st_size < 2**20
    tracemalloc.start()
    try:
        result = _cli("import", bomb, "-o", tmp_path / "out.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 3
    assert "nội dung nén bất thường" in _one_sentence(result)
    assert peak < 16 * 2**20
    assert not (tmp_path / "out.xlsx").exists()


def test_workbook_zip_bombs_are_still_refused(tmp_path):
    from cchc_sheets.read.ooxml import Workbook

    bomb = _docx_bomb(tmp_path / "so.xlsx", megabytes=4)
    with pytest.raises(UnreadableFile) as raised:
        Workbook(bomb)
    assert raised.value.key == "file.zip_bomb"


