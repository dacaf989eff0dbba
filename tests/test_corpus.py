"""``check`` over 459 real-world files from other projects' test suites (../shared/corpus).

Every run must give valid JSON on stdout and nothing on stderr, exit 3 with one true Vietnamese
sentence (or, for copies whose first sheets are renamed to the standard names, findings), no
traceback and no catch-all sentence, at most 5 s and 512 MiB, and leave the file unchanged.
The files run in forked children of one helper process (tests/corpus_run.py), so the whole
corpus costs well under a minute; the test skips, saying why, where the corpus is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cchc_sheets.check.run  # noqa: F401
import cchc_sheets.read.ooxml  # noqa: F401 - registers the reader's sentences
import cchc_sheets.read.plan  # noqa: F401
from cchc_sheets.core import i18n
from cchc_sheets.core.model import SHEET_CRITERIA, SHEET_INFO, SHEET_LISTS, SHEET_TASKS

REPO = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the repository; a git worktree one level further down (wt/NAME) finds it too.
CORPUS = next((folder / "shared" / "corpus" for folder in (REPO.parent, REPO.parent.parent)
               if (folder / "shared" / "corpus").is_dir()), REPO.parent / "shared" / "corpus")
META = {"README.md", "SOURCES.tsv"}
MAX_SECONDS = 5.0
MAX_MIB = 512

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus absent: {CORPUS} (only in the shared workplace)")

# Files whose sentence is known, checked by hand against the file (relative to the corpus).
EXPECTED = {
    "poi/test-data/poifs/60320-protected.xlsx": "file.encrypted",
    "poi/test-data/poifs/extenxls_pwd123.xlsx": "file.encrypted",
    "poi/test-data/spreadsheet/password.xls": "file.encrypted",
    "poi/test-data/spreadsheet/xor-encryption-abc.xls": "file.encrypted",
    "sheetjs/pyExcelerator_excel2003.xls.2.csv": "file.empty",
    "poi/test-data/spreadsheet/sample.strict.xlsx": "file.strict_ooxml",
}
# By extension, where the extension tells the truth for every file of the corpus.
EXPECTED_BY_SUFFIX = {".xlsb": "file.xlsb", ".ods": "file.ods"}
# Valid workbooks once called "not an Excel file" (issue 12, item 18): never again.
VALID_EXCEL = [
    "calamine/tests/capitalized_wbook_stream.xls", "poi/test-data/spreadsheet/BOOK_in_capitals.xls",
    "poi/test-data/spreadsheet/WORKBOOK_in_capitals.xls", "poi/test-data/spreadsheet/testEXCEL_3.xls",
    "poi/test-data/spreadsheet/testEXCEL_4.xls", "sheetjs/crlf/CRLFX5_3.XLS", "sheetjs/crlf/CRLFX5_4.XLS",
    "sheetjs/crlf/CRLFR9_4.XLS", "calamine/tests/minimal_package.xlsx", "sheetjs/wtf_path.xlsx",
]
CATCH_ALL = ("cli.unexpected", "check.internal")
_VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]")


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in META)


def sentence_key(sentence: str) -> str | None:
    """The catalogue key whose Vietnamese template produced *sentence* (None if none did)."""
    for key, (vi, _) in i18n._MESSAGES.items():
        pattern = re.escape(vi)
        pattern = re.sub(r"\\\{[a-z_]+(?:!r)?\\\}", ".+?", pattern)
        if re.fullmatch(pattern, sentence, re.S):
            return key
    return None


def run_corpus(paths: list[Path], results: Path) -> list[dict]:
    subprocess.run([sys.executable, "-m", "tests.corpus_run", str(results)], input="\n".join(map(str, paths)),
                   text=True, cwd=REPO, check=True, timeout=1800)
    return json.loads(results.read_text(encoding="utf-8"))


def problems(result: dict, renamed: bool) -> list[str]:
    """What is wrong with one run (empty: nothing)."""
    found = []
    if result["stderr"]:
        found.append(f"stderr: {result['stderr'][-300:]!r}")
    if result["seconds"] > MAX_SECONDS:
        found.append(f"took {result['seconds']} s")
    if result["max_rss_mib"] > MAX_MIB:
        found.append(f"peak {result['max_rss_mib']} MiB")
    if not result["unchanged"]:
        found.append("the file changed")
    try:
        report = json.loads(result["stdout"])
    except ValueError:
        return [*found, f"stdout is not JSON: {result['stdout'][:300]!r}"]
    files = report.get("files", [])
    if len(files) != 1:
        return [*found, f"{len(files)} file entries"]
    entry = files[0]
    allowed = {0, 1, 3} if renamed else {3}
    if result["exit"] not in allowed:
        found.append(f"exit {result['exit']}")
    if result["exit"] == 3:
        sentence = entry.get("error")
        key = sentence_key(sentence) if isinstance(sentence, str) else None
        if key is None or key in CATCH_ALL or not _VIETNAMESE.search(sentence):
            found.append(f"not one catalogued Vietnamese sentence: {sentence!r}")
        expected = expected_key(Path(result["path"]))
        if expected is not None and key != expected:
            found.append(f"sentence {key} instead of {expected}: {sentence!r}")
        if key == "file.not_spreadsheet" and any(result["path"].endswith(name) for name in VALID_EXCEL):
            found.append("a valid Excel file called «not an Excel file»")
    elif entry.get("error") or not entry.get("readable"):
        found.append(f"exit {result['exit']} but {entry!r}")
    return found


def expected_key(path: Path) -> str | None:
    relative = path.relative_to(CORPUS).as_posix() if path.is_relative_to(CORPUS) else None
    if relative in EXPECTED:
        return EXPECTED[relative]
    return EXPECTED_BY_SUFFIX.get(path.suffix.lower())


def assert_all_hold(results: list[dict], renamed: bool) -> None:
    failures = {r["path"]: found for r in results if (found := problems(r, renamed))}
    worst_time = max(results, key=lambda r: r["seconds"])
    worst_memory = max(results, key=lambda r: r["max_rss_mib"])
    print(f"\n{len(results)} files; slowest {worst_time['seconds']} s ({worst_time['path']}); "
          f"largest {worst_memory['max_rss_mib']} MiB ({worst_memory['path']})")
    assert failures == {}


def test_check_holds_over_every_corpus_file(tmp_path):
    files = corpus_files()
    assert len(files) == 459
    results = run_corpus(files, tmp_path / "results.json")
    assert len(results) == len(files)
    assert_all_hold(results, renamed=False)


# ------------------------------------------------------------------ first sheets renamed

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_NAME_ATTR = re.compile(rb'(\sname=)("[^"]*"|\'[^\']*\')')


def standard_names(count: int) -> list[str]:
    """Names for the first *count* sheets: the task sheet always among them, so every file's first
    sheet goes through the task reader (the most tolerant and most complex part)."""
    if count >= 3:
        return [SHEET_INFO, SHEET_CRITERIA, SHEET_TASKS, SHEET_LISTS][:count]
    return [SHEET_TASKS] if count == 1 else [SHEET_CRITERIA, SHEET_TASKS]


def workbook_part(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        rels = archive.read("_rels/.rels").decode("utf-8", "replace")
        for match in re.finditer(r"<Relationship\b[^>]*>", rels):
            tag = match.group(0)
            target = re.search(r'Target="([^"]*)"', tag)
            if re.search(r'Type="[^"]*/officeDocument"', tag) and target and target.group(1).lstrip("/") in names:
                return target.group(1).lstrip("/")
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def rename_first_sheets(source: Path, target: Path) -> bool:
    """Copy *source* with its first sheets named as the standard workbook's; False when the
    package cannot be rewritten (a damaged zip: the originals' run covers it)."""
    try:
        with zipfile.ZipFile(source) as old:
            part = workbook_part(old)
            if part is None:
                return False
            xml = old.read(part)
            tags = list(_SHEET_TAG.finditer(xml))
            names = standard_names(min(len(tags), 4))
            for match, name in reversed(list(zip(tags, names, strict=False))):
                tag = _NAME_ATTR.sub(lambda m, name=name: m.group(1) + b'"' + name.encode() + b'"', match.group(0), count=1)
                xml = xml[:match.start()] + tag + xml[match.end():]
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
                for info in old.infolist():
                    if info.filename == part:
                        new.writestr(info.filename, xml)
                        continue
                    with old.open(info) as data, new.open(info.filename, "w", force_zip64=True) as out:
                        shutil.copyfileobj(data, out)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        target.unlink(missing_ok=True)
        return False
    return True


def test_check_holds_with_first_sheets_renamed_to_the_standard_names(tmp_path):
    copies = []
    for number, source in enumerate(p for p in corpus_files() if p.suffix.lower() in (".xlsx", ".xlsm")):
        target = tmp_path / f"{number:03d}{source.suffix}"
        if rename_first_sheets(source, target):
            copies.append(target)
    assert len(copies) >= 200  # a few fuzzed packages cannot be rewritten
    results = run_corpus(copies, tmp_path / "results.json")
    read = [r for r in results if r["exit"] != 3]
    assert len(read) >= 100  # most copies are read as (wrong) plans and get findings
    assert_all_hold(results, renamed=True)
