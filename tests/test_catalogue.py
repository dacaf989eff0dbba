"""The finding catalogue: complete, consistent in both languages, used, and documented."""

from __future__ import annotations

import re
import runpy
import string
from pathlib import Path

import pytest

from cchc_sheets.core.catalogue import CATALOGUE, render, render_hint
from cchc_sheets.core.findings import ERROR, WARNING

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"^(SHEET|HEADER|COLUMN|CELL|INFO|CRIT|TASK|COVERAGE)(-[A-Z]+)+$")
# Codes published before the rules existed: other tools may already read them.
FIRST_CODES = ("SHEET-MISSING", "SHEET-GUESSED", "HEADER-NOT-FOUND", "COLUMN-MISSING", "CELL-NOT-NUMBER",
               "CELL-NOT-INTEGER", "CELL-NOT-DATE", "CELL-IMPOSSIBLE-DATE", "CELL-LEGACY-FONT")


def fields(template):
    return {name for _, name, _, _ in string.Formatter().parse(template.replace("[[", "").replace("]]", "")) if name}


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_entry_is_complete_and_consistent(code):
    entry = CATALOGUE[code]
    assert CODE.match(code)
    assert entry.severity in (ERROR, WARNING)
    assert entry.vi and entry.en and entry.hint_vi and entry.hint_en
    assert fields(entry.vi) == fields(entry.en), "both languages must use the same placeholders"
    assert fields(entry.hint_vi) == fields(entry.hint_en)


def test_published_codes_are_kept():
    assert set(FIRST_CODES) <= set(CATALOGUE)


def test_every_code_is_used_and_every_used_code_is_catalogued():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "cchc_sheets").rglob("*.py")
                        if path.name != "catalogue.py")
    used = set(re.findall(r'"((?:SHEET|HEADER|COLUMN|CELL|INFO|CRIT|TASK|COVERAGE)(?:-[A-Z]+)+)"', sources))
    assert used - set(CATALOGUE) == set()
    assert set(CATALOGUE) - used == set()


def test_optional_part_appears_only_with_its_value():
    args = {"allowed": "A, B"}
    assert render("TASK-STATUS-UNKNOWN", "vi", {**args, "suggestion": "A"}, value="a!") == (
        "Trạng thái «a!» không có trong danh sách (A, B). Có phải «A»?")
    assert render("TASK-STATUS-UNKNOWN", "vi", {**args, "suggestion": None}, value="x") == (
        "Trạng thái «x» không có trong danh sách (A, B).")


def test_missing_argument_stays_visible_instead_of_crashing():
    assert render("CRIT-ORPHAN", "en", {"code": "3.1"}) == "Criterion 3.1 has no parent row {parent}."
    assert render_hint("CRIT-ORPHAN", "vi", {"code": "3.1", "parent": "3"}) == "Thêm dòng 3 phía trên, hoặc sửa lại mã 3.1."


def test_docs_findings_md_is_current():
    """Fails when the catalogue changed without ``python scripts/make_docs.py``."""
    render_findings = runpy.run_path(str(ROOT / "scripts" / "make_docs.py"))["render_findings"]
    expected = render_findings()
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == expected, (
        "docs/findings.md is stale: run python scripts/make_docs.py")
    for code in CATALOGUE:
        assert f"| `{code}` |" in expected


def test_codes_and_severities_are_enums_that_stay_plain_strings_in_json():
    import json

    from cchc_sheets.core.catalogue import CATALOGUE, Code, Severity
    from cchc_sheets.core.findings import Finding

    assert Code.SHEET_MISSING == "SHEET-MISSING"
    assert [str(code) for code in Code] == list(CATALOGUE)
    assert CATALOGUE["SHEET-MISSING"].severity is Severity.ERROR
    finding = Finding(Code.SHEET_MISSING, args={"sheet": "Nhiệm vụ", "found": "Sheet1"})
    assert json.dumps(finding.to_dict("en"), ensure_ascii=False) == (
        '{"code": "SHEET-MISSING", "severity": "error", "sheet": null, "cell": null, "row": null, '
        '"column": null, "value": null, "message": "Sheet \'Nhiệm vụ\' is missing. Sheets found: Sheet1."}')


def test_exit_codes_are_the_documented_numbers():
    from cchc_sheets.core.errors import ExitCode, FileLocked, UnreadableFile, UsageError

    assert [(code.name, int(code)) for code in ExitCode] == [
        ("OK", 0), ("FINDINGS", 1), ("USAGE", 2), ("UNREADABLE", 3), ("LOCKED", 4), ("INTERRUPTED", 130)]
    assert (UsageError.exit_code, UnreadableFile.exit_code, FileLocked.exit_code) == (2, 3, 4)
