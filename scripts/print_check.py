"""How the consolidated workbook prints: per sheet, pages, page size and the smallest text.

A leader reads the consolidated workbook on paper, so "it prints" is measured, not assumed:
each visible sheet is printed on its own by LibreOffice (the other sheets hidden in a copy) and
the PDF is measured: page count, page size and the smallest font size actually drawn (the size
in the page's text operators, so a sheet shrunk to fit one page width shows its real 3 pt).

    python scripts/print_check.py                 # the 6 example communes and 150 generated ones
    python scripts/print_check.py --units 150 --keep out/print   # keep the PDFs to look at

The tests (``tests/test_print.py``) use the same functions; nothing here needs more than
LibreOffice (``soffice``) and, for page text, poppler's ``pdftotext``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "workbook_templates" / "examples"
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
A4 = (841.89, 595.3)  # landscape, points

# ----------------------------------------------------------------------------- PDF facts


@dataclass(frozen=True, slots=True)
class PdfFacts:
    """What a printed PDF shows: its pages' sizes and the smallest font size drawn on any page."""

    sizes: list[tuple[float, float]]
    smallest: float | None

    @property
    def pages(self) -> int:
        return len(self.sizes)


_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+) 0 R|\[([^\]]*)\])")
_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")
_TOKENS = re.compile(rb"\[|\]|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|/[^\s/\[\]<>()]+|[-+]?\d*\.?\d+|[A-Za-z'\"*]+")


def pdf_facts(pdf: Path) -> PdfFacts:
    """Page sizes and the smallest effective font size (``Tf`` size times the text matrix's
    vertical scale) of a PDF as LibreOffice writes it (uncompressed object table, Flate streams)."""
    data = pdf.read_bytes()
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    sizes, smallest = [], None
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page[^s]", body):
            continue
        box = _MEDIABOX.search(body)
        if box is None:
            continue
        x0, y0, x1, y1 = (float(v) for v in box.groups())
        sizes.append((round(x1 - x0, 2), round(y1 - y0, 2)))
        contents = _CONTENTS.search(body)
        refs = [contents.group(1)] if contents and contents.group(1) else (
            re.findall(rb"(\d+) 0 R", contents.group(2)) if contents else [])
        for ref in refs:
            for size in _font_sizes(_stream(objects.get(int(ref), b""))):
                smallest = size if smallest is None else min(smallest, size)
    return PdfFacts(sizes, smallest)


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if found is None:
        return b""
    raw = found.group(1)
    try:
        return zlib.decompress(raw) if b"FlateDecode" in body[:found.start()] else raw
    except zlib.error:
        return b""


def _font_sizes(content: bytes) -> list[float]:
    """Effective sizes of the text shown in one content stream (empty text objects ignored)."""
    sizes: list[float] = []
    stack: list[bytes] = []
    size, scale, shown = 0.0, 1.0, False
    for token in _TOKENS.findall(content):
        if token == b"BT":
            scale, shown = 1.0, False
        elif token == b"Tf" and len(stack) >= 1:
            size = abs(float(stack[-1]))
        elif token == b"Tm" and len(stack) >= 6:
            c, d = float(stack[-4]), float(stack[-3])
            scale = (c * c + d * d) ** 0.5
        elif token in (b"Tj", b"TJ", b"'", b'"'):
            shown = True
            if size * scale > 0:
                sizes.append(round(size * scale, 2))
        if token[:1].isdigit() or token[:1] in b"-+.":
            stack.append(token)
        elif token not in (b"[", b"]") and not token.startswith((b"<", b"(", b"/")):
            stack.clear()
    del shown
    return sizes


def page_text(pdf: Path, page: int = 1) -> str | None:
    """The text of one page (poppler's pdftotext), or None when pdftotext is absent."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


# ----------------------------------------------------------------------------- sheets printed alone


def visible_sheets(xlsx: Path) -> list[str]:
    """Names of the sheets a reader sees (hidden ones are not printed)."""
    with zipfile.ZipFile(xlsx) as archive:
        book = archive.read("xl/workbook.xml").decode()
    return [_unescape(name) for name, attrs in re.findall(r'<sheet name="([^"]*)"([^>]*)/>', book)
            if 'state="hidden"' not in attrs and 'state="veryHidden"' not in attrs]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def sheet_copies(xlsx: Path, folder: Path) -> dict[str, Path]:
    """One copy of *xlsx* per visible sheet with every other sheet hidden: LibreOffice prints
    only visible sheets, so each copy's PDF is that sheet's print-out."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = {}
    with zipfile.ZipFile(xlsx) as archive:
        book = archive.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]*)"[^>]*/>', book)
        for number, name in enumerate(visible_sheets(xlsx), start=1):
            keep = names.index(name.replace("&", "&amp;"))
            edited = _only_sheet(book, keep)
            target = folder / f"{xlsx.stem}__{number:02d}.xlsx"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for info in archive.infolist():  # a fresh ZipInfo: writestr changes the one it is given
                    data = edited.encode() if info.filename == "xl/workbook.xml" else archive.read(info)
                    if info.filename.startswith("xl/worksheets/sheet"):  # LibreOffice prints a selected tab
                        data = data.replace(b' tabSelected="1"', b"")
                    out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, zipfile.ZIP_DEFLATED)
            copies[name] = target
    return copies


def _only_sheet(book: str, keep: int) -> str:
    position = iter(range(10_000))

    def hide(match: re.Match[str]) -> str:
        tag = re.sub(r'\sstate="[^"]*"', "", match.group(0))
        return tag if next(position) == keep else tag.replace("<sheet ", '<sheet state="hidden" ', 1)

    book = re.sub(r"<sheet [^>]*/>", hide, book)
    # LibreOffice prints a hidden sheet's print area: keep only the kept sheet's
    book = re.sub(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"[^>]*>[^<]*</definedName>',
                  lambda m: m.group(0) if int(m.group(1)) == keep else "", book)
    book = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", book)
    return book.replace("<workbookView ", f'<workbookView activeTab="{keep}" firstSheet="{keep}" ', 1)


def soffice_pdf(files: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """*files* printed to PDF by LibreOffice in one run, with a profile of our own."""
    exe = shutil.which("soffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, capture_output=True, timeout=600, check=True, env={**os.environ, "HOME": str(profile)})
    return [outdir / f"{f.stem}.pdf" for f in files]


def print_sheets(xlsx: Path, workdir: Path) -> dict[str, tuple[PdfFacts, Path]]:
    """Sheet name -> (facts, PDF) of every visible sheet printed alone."""
    copies = sheet_copies(xlsx, workdir / "copies")
    pdfs = soffice_pdf(list(copies.values()), workdir / "pdf", workdir / "profile")
    return {name: (pdf_facts(pdf), pdf) for name, pdf in zip(copies, pdfs, strict=False)}


# ----------------------------------------------------------------------------- the cases


def province_inputs(folder: Path, count: int, *, year: int = 2023, variants: int = 4) -> Path:
    """*count* commune workbooks (five-digit codes from 00100, ~45 tasks each): a few plans built
    by the template writer, copied with each unit's code and name patched in (as bench does)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import _patched_copy, make_commune_file

    folder.mkdir(parents=True, exist_ok=True)
    seeds = folder.parent / f"{folder.name}-variants"
    seeds.mkdir(exist_ok=True)
    plans = [make_commune_file(seeds / f"variant_{seed}.xlsx", tasks=45, seed=seed) for seed in range(variants)]
    for number in range(count):
        _patched_copy(plans[number % len(plans)], folder / f"xa_{number:03d}.xlsx",
                      code=f"{100 + number:05d}", name=f"UBND xã Thử Nghiệm {number + 1}")
    del year
    return folder


def merge_case(inputs: Path, output: Path, as_of: dt.date, roster: Path | None = None) -> Path:
    from cchc_sheets.consolidate.merge import merge

    merge([inputs], output, as_of=as_of, roster=roster, jobs=2)
    return output


def report(xlsx: Path, workdir: Path, label: str) -> list[str]:
    lines = []
    for name, (facts, _) in print_sheets(xlsx, workdir).items():
        a4 = all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in facts.sizes)
        smallest = f"{facts.smallest:.1f}" if facts.smallest is not None else "—"
        lines.append(f"| {label} | {name} | {facts.pages} | {smallest} | {'yes' if a4 else 'no'} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="*", default=[6, 150], help="6 = the examples")
    parser.add_argument("--keep", type=Path, help="keep the workbooks and PDFs in this folder")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="cchc-print-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| units | sheet | pages | smallest text (pt) | A4 landscape |\n| --- | --- | --- | --- | --- |")
    for count in args.units:
        inputs = EXAMPLES if count == 6 else province_inputs(work / f"inputs{count}", count)
        as_of = dt.date(2024, 9, 30)
        xlsx = merge_case(inputs, work / f"tong_hop_{count}.xlsx", as_of)
        print("\n".join(report(xlsx, work / f"print{count}", str(count))), flush=True)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
