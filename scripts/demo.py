"""`make demo`: merge the example units of 2026 into `out/`, as a province's Sở Nội vụ would.

Runs the installed command line exactly as a person types it, so the demo shows the real thing:

    cchc-sheets merge workbook_templates/examples_2026 -o out/tong_hop.xlsx --as-of 30/09/2026 \
        --ranking scripts/ranking.example.toml --feedback out/phan_hoi

The five units (two phường, two xã, one đặc khu) are plans for the 2025 index; the ranking file
ranks phường apart from xã + đặc khu and grades them Xuất sắc … Yếu, so `Tổng hợp` shows
`Nhóm`, `Xếp hạng` «k/n» and `Xếp loại`.

The committed examples are only read; the feedback copies go to `out/phan_hoi`. A digest of the
examples before and after proves it (the demo fails if anything there changed).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = Path("workbook_templates") / "examples_2026"
RANKING = Path("scripts") / "ranking.example.toml"
OUTPUT = Path("out") / "tong_hop.xlsx"
FEEDBACK = Path("out") / "phan_hoi"
CLI = [sys.executable, "-c", "import sys; from cchc_sheets.cli import main; sys.exit(main())"]


def digest(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of every file in *folder*."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def main() -> int:
    before = digest(ROOT / EXAMPLES)
    command = [*CLI, "merge", str(EXAMPLES), "-o", str(OUTPUT), "--as-of", "30/09/2026", "--ranking", str(RANKING),
               "--feedback", str(FEEDBACK)]
    print("$ cchc-sheets " + " ".join(command[len(CLI):]), flush=True)
    code = subprocess.run(command, cwd=ROOT, check=False).returncode
    if digest(ROOT / EXAMPLES) != before:
        print("LỖI: các tệp ví dụ đã bị thay đổi.", file=sys.stderr)
        return 1
    if code not in (0, 1):
        return code
    print()
    print(f"Sổ tổng hợp:            {ROOT / OUTPUT}")
    print(f"Bản phản hồi từng đơn vị: {ROOT / FEEDBACK}/")
    print("Mở sổ tổng hợp bằng Excel hoặc LibreOffice: trang «Báo cáo nhanh», «Tổng hợp», «Biểu đồ», «Ma trận», «Nhiệm vụ», "
          "«Quá hạn», «Kiểm tra», «Nguồn», «Chưa nộp».")
    return 0


if __name__ == "__main__":
    sys.exit(main())
