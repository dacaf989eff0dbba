"""Where a Word document may be written: a ``.docx`` name, not an existing file unless forced,
not a symbolic link, not a document open in Word. Checked before any input is read, so a wrong
``-o`` costs nothing. Free of python-docx, so the refusal is instant."""

from __future__ import annotations

from pathlib import Path

from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.write.safe_write import ensure_not_open

register({
    "documents.not_docx": ("Tệp kết quả {file} phải có đuôi .docx (tệp Word).",
                           "The output {file} must end in .docx (a Word file)."),
    "documents.output_exists": ("Tệp {file} đã có; dùng --force để ghi đè.",
                                "{file} exists; use --force to overwrite it."),
    "documents.output_link": ("Tệp kết quả {file} là một liên kết (symlink); hãy ghi ra một tệp thật.",
                              "The output {file} is a symbolic link; write to a real file."),
})


def check_output(out: Path, force: bool) -> None:
    """Raise the usage error (exit 2) or the lock error (exit 4) that writing *out* would meet."""

    if out.suffix.lower() != ".docx":
        raise UsageError("documents.not_docx", file=str(out))
    if out.is_symlink():
        raise UsageError("documents.output_link", file=str(out))
    if out.exists() and not force:
        raise UsageError("documents.output_exists", file=str(out))
    ensure_not_open(out)
