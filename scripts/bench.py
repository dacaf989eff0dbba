"""Whole-process timings of the command line on realistic files.

Why whole processes: a clerk or a scheduled job pays for the interpreter, the imports and the
read, not just for the library call, and the budget (``check`` on one commune file <= 0.3 s)
is about what they wait for. Each section generates its inputs in a temporary folder, runs the
command several times and reports the median.

    python scripts/bench.py            # every section
    python scripts/bench.py check      # only the named sections
    python scripts/bench.py check --runs 20

Add a section by writing ``def bench_x(workdir, runs) -> list[Row]`` and listing it in SECTIONS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERIA_CSV = ROOT / "workbook_templates" / "example_criteria.csv"
CLI = [sys.executable, "-c", "import sys; from cchc_sheets.cli import main; sys.exit(main())"]
LEADS = ("Văn phòng – Thống kê", "VP-TK", "Tư pháp – Hộ tịch", "Bộ phận một cửa", "Văn hóa – Xã hội",
         "Địa chính – Xây dựng", "Tài chính – Kế toán", "Công an xã")
DEADLINES = ("Quý II/2024", "Thường xuyên", "Quý II, III năm 2024", "9 tháng cuối năm 2024",
             "trước 30/6/2024", "Tháng 12/2024", "Năm 2024")
STATUSES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the result table."""

    section: str
    case: str
    runs: int
    median_s: float
    min_s: float
    budget_s: float | None

    def cells(self) -> list[str]:
        ok = "" if self.budget_s is None else ("ok" if self.median_s <= self.budget_s else "OVER")
        budget = "" if self.budget_s is None else f"{self.budget_s:.2f}"
        return [self.section, self.case, str(self.runs), f"{self.median_s:.3f}", f"{self.min_s:.3f}", budget, ok]


def make_commune_file(path: Path, tasks: int = 45, seed: int = 7) -> Path:
    """A commune workbook as a clerk fills it: scores with lost points, sections, tasks in progress,
    continuation rows, a few agency spellings and deadline phrasings from real plans."""
    from cchc_sheets.template import PlanData, TaskRow, load_criteria_list, write_plan_workbook

    rng = random.Random(seed)
    criteria = load_criteria_list(CRITERIA_CSV)
    for crit in criteria:
        if crit.is_leaf and crit.max_points is not None:
            crit.achieved_points = crit.max_points - rng.choice((0, 0, 0.5, 1)) if crit.max_points >= 1 else 0
    lost = [c.code for c in criteria if c.is_leaf and c.lost_points > 0]
    rows = [TaskRow({"seq": "I"}, section="CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)")]
    for number in range(1, tasks + 1):
        status = rng.choice(STATUSES)
        done = status == STATUSES[2]
        rows.append(TaskRow({
            "seq": number, "criteria_codes": rng.choice(lost) if lost else None,
            "task": f"Nhiệm vụ khắc phục số {number}: rà soát, bổ sung và công khai hồ sơ theo quy định",
            "lead": rng.choice(LEADS), "support": "Các ban, ngành", "deadline_text": rng.choice(DEADLINES),
            "status": status, "progress": 100 if done else rng.choice((0, 30, 60)) if status != STATUSES[0] else 0,
            "done_on": dt.date(2024, 5, 1 + number % 28) if done else None,
            "evidence": f"Báo cáo số {number}/BC-UBND" if done else None,
        }))
        if number % 7 == 0:
            rows.append(TaskRow({"activity": "Tổ chức hội nghị triển khai", "lead": rng.choice(LEADS)}))
    info = {"unit_name": "UBND xã Phù Linh", "unit_code": "10015", "assessed_year": 2023, "plan_year": 2024,
            "plan_number": "97/KH-UBND", "issued_on": dt.date(2024, 3, 15), "criteria_set": "VD-XA-2023"}
    write_plan_workbook(path, PlanData(criteria=criteria, info=info, tasks=rows, created=dt.datetime(2024, 1, 1)))
    return path


def time_command(args: list[str], runs: int) -> tuple[float, float]:
    """Median and minimum wall time of ``cchc-sheets ARGS`` as a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def bench_check(workdir: Path, runs: int) -> list[Row]:
    """``check`` on one typical commune file, as a table and as JSON (budget 0.3 s)."""
    path = make_commune_file(workdir / "xa_phu_linh.xlsx")
    rows = []
    for case, extra in (("one commune file, table", []), ("one commune file, json", ["--format", "json"])):
        median, fastest = time_command(["check", str(path), "--as-of", "2024-09-30", *extra], runs)
        rows.append(Row("check", case, runs, median, fastest, 0.3))
    return rows


SECTIONS: dict[str, Callable[[Path, int], list[Row]]] = {
    "check": bench_check,
}


def print_table(rows: list[Row]) -> None:
    header = ["section", "case", "runs", "median s", "min s", "budget s", ""]
    table = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"one of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--runs", type=int, default=10, help="runs per case (median reported)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        for name in args.sections or list(SECTIONS):
            rows.extend(SECTIONS[name](Path(tmp), args.runs))
    print_table(rows)
    return 1 if any(r.budget_s is not None and r.median_s > r.budget_s for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
