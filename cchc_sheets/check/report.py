"""The result of checking one or more files, as data (frictionless-style reports).

A :class:`Report` holds one :class:`FileReport` per input: readable or not, its findings, or
why it was skipped. Everything a command prints or writes is derived from it: the stable JSON
shape of ``check``, the table a person reads, the rows of the ``Kiểm tra`` sheet, and the exit
code. Sentences are rendered only on output, so one report serves ``--lang vi`` and ``en``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cchc_sheets.core.catalogue import render_hint
from cchc_sheets.core.errors import ExitCode, UnreadableFile
from cchc_sheets.core.findings import ERROR, WARNING, Finding
from cchc_sheets.core.i18n import Sentence, register, t

register({
    "report.errors": ("{count} lỗi", "{count} error(s)"),
    "report.warnings": ("{count} cảnh báo", "{count} warning(s)"),
    "report.ok": ("không có lỗi", "no findings"),
    "report.unreadable": ("KHÔNG ĐỌC ĐƯỢC: {reason}", "UNREADABLE: {reason}"),
    "report.skipped": ("bỏ qua: {reason}", "skipped: {reason}"),
    "report.workbook": ("(cả sổ)", "(workbook)"),
    "report.sheet": ("Trang «{sheet}»", "Sheet '{sheet}'"),
    "report.more": ("… và {count} phát hiện khác (bỏ --limit để xem hết).",
                    "… and {count} more (drop --limit to see all)."),
    "report.total": ("Đã kiểm tra {files} tệp: {errors} lỗi, {warnings} cảnh báo, {unreadable} tệp không đọc được, "
                     "{skipped} tệp bỏ qua.",
                     "Checked {files} file(s): {errors} error(s), {warnings} warning(s), {unreadable} unreadable, "
                     "{skipped} skipped."),
    "report.none": ("Không tìm thấy tệp Excel nào để kiểm tra.", "No Excel files found to check."),
    "report.error_word": ("lỗi", "error"),
    "report.warning_word": ("cảnh báo", "warning"),
})


# The ``Kiểm tra`` table of every written sheet (the commune's own and the consolidated one), in
# reading order: where (sheet, cell) and what (severity, sentence), then the fix, the column and
# the value found in the cell, and the code last (it is for whoever maintains the rules). Readers
# find the columns by header text, so a workbook written in an older order still reads back.
FINDING_FIELDS = ("sheet", "cell", "severity", "message", "hint", "header", "value", "code")
FINDING_HEADER_OF = {"sheet": "Trang", "cell": "Ô", "severity": "Mức độ", "message": "Nội dung", "hint": "Cách sửa",
                     "header": "Cột", "value": "Giá trị trong ô", "code": "Mã lỗi"}
FINDING_HEADERS = [FINDING_HEADER_OF[name] for name in FINDING_FIELDS]
FINDING_OLD_HEADERS = {"value": "Giá trị"}  # what workbooks written before 2026-12 call a column


class FindingRow(NamedTuple):
    """One row of a ``Kiểm tra`` table, its sentences already rendered: what the writers and the
    merge workers carry (a tuple, so it pickles and caches small), read by name."""

    code: str
    severity: str
    sheet: str
    cell: str
    header: str
    value: Any
    message: str
    hint: str


@dataclass(slots=True)
class FileReport:
    """One input: its findings when it could be read, else the sentence saying why not."""

    path: str
    unit_code: str | None
    readable: bool
    error: Sentence | None
    findings: list[Finding] = field(default_factory=list)
    skipped_reason: Sentence | None = None

    def read_error(self, path: str | None = None) -> UnreadableFile:
        """Why the file could not be read, as an error to raise (its sentence keeps both languages)."""
        error = self.error or Sentence("check.internal", error="no plan")
        return UnreadableFile(error.key, path=path or self.path, **error.params)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def has_errors(self, strict: bool = False) -> bool:
        """An error finding (or, when *strict*, any finding)."""
        return any(strict or f.severity == ERROR for f in self.findings)

    @property
    def failed(self) -> bool:
        """Could not be read at all (a skipped lock file has not failed: its workbook is elsewhere)."""
        return not self.readable and self.skipped_reason is None

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The stable JSON shape of one file (``skipped`` is added only for skipped files)."""
        reason = self.error or self.skipped_reason
        data: dict[str, Any] = {
            "path": self.path,
            "unit_code": self.unit_code,
            "readable": self.readable,
            "error": reason.render(lang) if reason else None,
            "findings": [finding.to_dict(lang) for finding in self.findings],
        }
        if self.skipped_reason is not None:
            data["skipped"] = True
        return data

    def rows_for_sheet(self, lang: str = "vi") -> list[FindingRow]:
        """One :class:`FindingRow` per finding: the ``Kiểm tra`` rows."""
        return [FindingRow(str(f.code), str(f.severity), f.sheet or "", f.cell or "", f.header or "", f.value,
                           f.message(lang), render_hint(f.code, lang, f.args, f.value)) for f in self.findings]


@dataclass(slots=True)
class Report:
    """Every input of one run, in the order given."""

    files: list[FileReport] = field(default_factory=list)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"files": [report.to_dict(lang) for report in self.files]}

    def has_errors(self, strict: bool = False) -> bool:
        return any(report.has_errors(strict) for report in self.files)

    def exit_code(self, strict: bool = False) -> ExitCode:
        """3 when an input could not be read, else 1 with an error finding (any finding if *strict*)
        or a path given that does not exist (a mistyped name is a reject, not a silent skip), else 0."""
        if any(report.failed for report in self.files):
            return ExitCode.UNREADABLE
        missing = any(r.skipped_reason is not None and r.skipped_reason.key == "input.missing" for r in self.files)
        return ExitCode.FINDINGS if missing or self.has_errors(strict) else ExitCode.OK

    def rows_for_sheet(self, lang: str = "vi") -> list[FindingRow]:
        """The ``Kiểm tra`` rows of every readable file, in order."""
        return [row for report in self.files for row in report.rows_for_sheet(lang)]

    def render_table(self, lang: str = "vi", limit: int | None = None) -> str:
        """Findings grouped by file and sheet, with cell, severity, header and sentence.

        *limit* caps the findings shown per file; the JSON output is never cut.
        """
        if not self.files:
            return t("report.none", lang)
        blocks = [_file_block(report, lang, limit) for report in self.files]
        errors = sum(r.count(ERROR) for r in self.files)
        warnings = sum(r.count(WARNING) for r in self.files)
        unreadable = sum(r.failed for r in self.files)
        skipped = sum(r.skipped_reason is not None for r in self.files)
        total = t("report.total", lang, files=len(self.files), errors=errors, warnings=warnings, unreadable=unreadable,
                  skipped=skipped)
        return "\n\n".join([*blocks, total])


def _file_block(report: FileReport, lang: str, limit: int | None) -> str:
    """``path — summary`` then one indented group per sheet."""
    if report.skipped_reason is not None:
        return f"{report.path} — {t('report.skipped', lang, reason=report.skipped_reason.render(lang))}"
    if report.error is not None:
        return f"{report.path} — {t('report.unreadable', lang, reason=report.error.render(lang))}"
    if not report.findings:
        return f"{report.path} — {t('report.ok', lang)}"
    counts = [t("report.errors", lang, count=report.count(ERROR)), t("report.warnings", lang, count=report.count(WARNING))]
    lines = [f"{report.path} — {', '.join(counts)}"]
    shown = report.findings[:limit] if limit else report.findings
    sheet: str | None = ""
    for finding in shown:
        if finding.sheet != sheet:
            sheet = finding.sheet
            lines.append("  " + (t("report.sheet", lang, sheet=sheet) if sheet else t("report.workbook", lang)))
        lines.append(_finding_line(finding, lang))
    if len(shown) < len(report.findings):
        lines.append("  " + t("report.more", lang, count=len(report.findings) - len(shown)))
    return "\n".join(lines)


def _finding_line(finding: Finding, lang: str) -> str:
    """``    E23   lỗi       [Chủ trì] Nhiệm vụ chưa có ... (TASK-NO-LEAD)``."""
    severity = t("report.error_word" if finding.severity == ERROR else "report.warning_word", lang)
    header = f"[{finding.header}] " if finding.header else ""
    return f"    {finding.cell or '':<7} {severity:<9} {header}{finding.message(lang)} ({finding.code})"
