"""Whole-process timings of the command line on realistic files.

Why whole processes: a clerk or a scheduled job pays for the interpreter, the imports and the
read, not just for the library call, and the budget (``check`` on one commune file <= 0.3 s)
is about what they wait for. Each section generates its inputs in a temporary folder, runs the
command several times and reports the median. A few lines time one library call in-process
(``read_plan``, ``write_back``) where the budget is about that call; docs/bench.md explains
every section and keeps the latest figures.

    python scripts/bench.py            # every section
    python scripts/bench.py check read summarize   # only the named sections
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
from typing import Any

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
    from cchc_sheets.core.model import PlanData, TaskRow
    from cchc_sheets.read.lists import load_criteria_list
    from cchc_sheets.write.template import write_plan_workbook

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


EXAMPLES = ROOT / "workbook_templates" / "examples"
AS_OF = dt.date(2024, 9, 30)
READ_CALLS = 50  # in-process read_plan calls per file, after one warm-up
WRITE_BACK_RUNS = 30  # in-process write_back runs per file, each on a fresh copy
WRITE_BACK_BUDGET = 0.1


def time_process(command: list[str], runs: int, *, setup: Callable[[int], None] | None = None,
                 accept: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Median and minimum wall time of *command* as a fresh process, after one untimed run (it
    compiles any module edited since the last run, which a clerk pays once); ``setup(i)`` runs
    untimed before run *i*. A run that exits with a status outside *accept* stops the bench: a
    command that fails early would otherwise look fast."""
    times = []
    for number in range(-1, runs):
        if setup is not None:
            setup(number)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if number >= 0:
            times.append(time.perf_counter() - start)
        if done.returncode not in accept:
            raise RuntimeError(f"{command} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    return statistics.median(times), min(times)


def time_calls(call: Callable[[int], object], runs: int, *,
               setup: Callable[[int], None] | None = None) -> tuple[float, float]:
    """Median and minimum wall time of ``call(i)`` in this process, after one untimed warm-up
    call ``call(-1)`` (imports, memoised tables); ``setup(i)`` runs untimed before each call."""
    times = []
    for number in range(-1, runs):
        if setup is not None:
            setup(number)
        start = time.perf_counter()
        call(number)
        if number >= 0:
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def bench_read(workdir: Path, runs: int) -> list[Row]:
    """Reading each example commune file: the whole process (interpreter, imports, ``read_plan``)
    against check's budget (0.3 s, a read being part of every check), and ``read_plan`` alone
    in-process (median of 50 calls after one warm-up; report only). The first line is the
    interpreter and the reader's imports alone, the floor under every whole-process figure."""
    from cchc_sheets.read.plan import read_plan

    import_only = [sys.executable, "-c", "import cchc_sheets.read.plan"]
    median, fastest = time_process(import_only, runs)
    rows = [Row("read", "process: python + import reader only", runs, median, fastest, None)]
    for path in sorted(EXAMPLES.glob("*.xlsx")):
        command = [sys.executable, "-c", "import sys; from cchc_sheets.read.plan import read_plan; read_plan(sys.argv[1])",
                   str(path)]
        median, fastest = time_process(command, runs)
        rows.append(Row("read", f"process: {path.name} ({path.stat().st_size // 1024} KiB)", runs, median, fastest, 0.3))
    for path in sorted(EXAMPLES.glob("*.xlsx")):
        median, fastest = time_calls(lambda _, path=path: read_plan(path), READ_CALLS)
        rows.append(Row("read", f"read_plan in-process: {path.name}", READ_CALLS, median, fastest, None))
    return rows


def bench_summarize(workdir: Path, runs: int) -> list[Row]:
    """``summarize`` on the largest example and on a generated 60-task commune: the lossless
    write-back alone in-process (plan read and coverage computed beforehand; each run patches a
    fresh copy in place, backup included, as ``summarize`` does; budget 0.1 s), openpyxl's lossy
    load+save of the same file for comparison, and the whole ``cchc-sheets summarize FILE
    --as-of 30/09/2024`` process on a fresh copy each run (report only)."""
    largest = max(EXAMPLES.glob("*.xlsx"), key=lambda p: p.stat().st_size)
    generated = make_commune_file(workdir / "xa_60_nhiem_vu.xlsx", tasks=60)
    return [*_summarize_rows(workdir, largest, largest.name, runs),
            *_summarize_rows(workdir, generated, "generated, 60 tasks", runs)]


def _summarize_rows(workdir: Path, source: Path, label: str, runs: int) -> list[Row]:
    import shutil

    import openpyxl

    from cchc_sheets.check.report import Report
    from cchc_sheets.check.run import check_file
    from cchc_sheets.compute.coverage import compute
    from cchc_sheets.write.writeback import write_back

    folder = workdir / f"summarize-{source.stem}"
    plan, report = check_file(source, AS_OF)
    if plan is None:
        raise RuntimeError(f"{source}: unreadable: {report.error}")
    result = compute(plan, AS_OF)
    finding_rows = Report([report]).rows_for_sheet("vi")
    copies: dict[int, Path] = {}

    def copy_for(kind: str) -> Callable[[int], None]:
        def copy(number: int) -> None:
            run_dir = folder / kind / f"run_{number + 1}"  # a folder per run: its own .cchc-backup
            run_dir.mkdir(parents=True)
            copies[number] = Path(shutil.copyfile(source, run_dir / source.name))
        return copy

    def patch(number: int) -> None:
        write_back(copies[number], copies[number], plan, result, finding_rows)

    def lossy(number: int) -> None:
        openpyxl.load_workbook(copies[number]).save(copies[number])

    rows = []
    median, fastest = time_calls(patch, WRITE_BACK_RUNS, setup=copy_for("write_back"))
    if copies[0].read_bytes() == source.read_bytes():
        raise RuntimeError(f"write_back left {copies[0]} unchanged")
    rows.append(Row("summarize", f"write_back in-process: {label}", WRITE_BACK_RUNS, median, fastest,
                    WRITE_BACK_BUDGET))
    median, fastest = time_calls(lossy, WRITE_BACK_RUNS, setup=copy_for("openpyxl"))
    rows.append(Row("summarize", f"openpyxl load+save (lossy): {label}", WRITE_BACK_RUNS, median, fastest, None))

    target = folder / "process" / source.name

    def place(_: int) -> None:
        shutil.rmtree(target.parent, ignore_errors=True)
        target.parent.mkdir(parents=True)
        shutil.copyfile(source, target)

    command = [*CLI, "summarize", str(target), "--as-of", "30/09/2024"]
    median, fastest = time_process(command, runs, setup=place, accept=(0, 1))  # 1: written, with errors
    if target.read_bytes() == source.read_bytes():
        raise RuntimeError(f"cchc-sheets summarize left {target} unchanged")
    rows.append(Row("summarize", f"process: summarize {label}", runs, median, fastest, None))
    return rows


MERGE_SIZES = {170: 1.5, 3321: 20.0}  # communes -> budget in seconds for the whole process
MERGE_PEAK_MIB = 600  # budget for the national merge
MERGE_NAIVE_SHARE = 0.2  # the merge must take at most this share of the naive pandas loop
MERGE_VARIANTS = 8
_MEASURED = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
_NAIVE_LOOP = """
import pathlib, sys
import pandas as pd
frames = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.xlsx")):
    for name, frame in pd.read_excel(path, sheet_name=None).items():
        frames.setdefault(name, []).append(frame.assign(file=path.name))
with pd.ExcelWriter(sys.argv[2]) as writer:
    for name, parts in frames.items():
        pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=name[:31], index=False)
"""


def merge_inputs(count: int) -> Path:
    """*count* commune files of ~60 tasks, cached in the temp folder (keyed by *count*) because
    3,321 take a while: a few plans built by the template writer, then copied with the unit code
    and name patched in the zip (the same work a clerk's own typing would change)."""
    folder = Path(tempfile.gettempdir()) / f"cchc-bench-merge-{count}"
    complete = folder.with_name(folder.name + ".complete")  # beside it: inside, merge would list it
    if complete.exists():
        return folder
    variants = Path(tempfile.gettempdir()) / "cchc-bench-merge-variants"
    variants.mkdir(exist_ok=True)
    plans = [make_commune_file(variants / f"variant_{seed}.xlsx", tasks=60, seed=seed) for seed in range(MERGE_VARIANTS)]
    folder.mkdir(exist_ok=True)
    for number in range(count):
        _patched_copy(plans[number % len(plans)], folder / f"xa_{number:05d}.xlsx",
                      code=f"{20000 + number}", name=f"UBND xã Thử Nghiệm {number}")
    complete.touch()
    return folder


def _patched_copy(source: Path, target: Path, *, code: str, name: str) -> None:
    """*source* with another unit code and name in its shared strings."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"<t>10015</t>", f"<t>{code}</t>".encode(), 1)
                data = data.replace("<t>UBND xã Phù Linh</t>".encode(), f"<t>{name}</t>".encode(), 1)
            out.writestr(info, data)


def measure_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of *command* and its worker processes."""
    out = subprocess.run([sys.executable, "-c", _MEASURED, *command], capture_output=True, text=True, check=True)
    seconds, kib = out.stdout.split()
    return float(seconds), int(kib) / 1024


def bench_merge(workdir: Path, runs: int) -> list[Row]:
    """``merge`` of 170 communes (a district) and 3,321 (the whole country) as whole processes,
    against a naive pandas loop on the same files; prints the ratio and peak memory."""
    rows = []
    for count, budget in MERGE_SIZES.items():
        folder = merge_inputs(count)
        command = [*CLI, "merge", str(folder), "-o", str(workdir / f"tong_hop_{count}.xlsx"),
                   "--as-of", "30/09/2024", "--silent"]
        timings = [measure_process(command) for _ in range(max(1, min(runs, 5 if count < 1000 else 2)))]
        seconds = [t for t, _ in timings]
        peak = max(m for _, m in timings)
        naive, naive_peak = measure_process([sys.executable, "-c", _NAIVE_LOOP, str(folder),
                                             str(workdir / f"naive_{count}.xlsx")])
        median = statistics.median(seconds)
        print(f"merge {count:>5} communes: {median:6.2f} s, peak {peak:5.0f} MiB; naive pandas loop "
              f"{naive:6.2f} s, peak {naive_peak:5.0f} MiB; ratio {median / naive:.3f} "
              f"(target <= {MERGE_NAIVE_SHARE})", file=sys.stderr)
        rows.append(Row("merge", f"{count} communes, peak {peak:.0f} MiB", len(seconds), median, min(seconds), budget))
        rows.append(Row("merge", f"{count} communes vs {MERGE_NAIVE_SHARE} x naive loop ({naive:.1f} s)",
                        len(seconds), median, min(seconds), MERGE_NAIVE_SHARE * naive))
        if count >= 1000:
            verdict = "ok" if peak <= MERGE_PEAK_MIB else "OVER"
            print(f"merge {count} communes: peak {peak:.0f} MiB, budget {MERGE_PEAK_MIB} MiB: {verdict}",
                  file=sys.stderr)
    return rows


DISTRIBUTE_UNITS = {20: 5.0, 150: 30.0}  # units -> budget in seconds (a province scores up to ~170)


def make_scores_table(path: Path, units: int, seed: int = 5) -> Path:
    """A province's wide scores table: one row per unit, one column per leaf of the example set,
    codes Excel kept as numbers (leading zeros lost), a title above the header."""
    import csv

    rng = random.Random(seed)
    leaves = load_leaves()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["KẾT QUẢ CHỈ SỐ CCHC NĂM 2025 CỦA CÁC XÃ, PHƯỜNG - UBND TỈNH LÂM ĐỒNG"])
        writer.writerow(["STT", "Mã đơn vị", "Tên đơn vị", "Cấp", *(f"TC {c.code}" for c in leaves)])
        for number in range(1, units + 1):
            points = []
            for crit in leaves:
                top = crit.max_points or 0
                points.append(-rng.choice((0, min(1, abs(top)))) if crit.is_penalty else rng.choice((top, top / 2, 0)))
            writer.writerow([number, 100 + number * 37, f"UBND xã Thử Nghiệm Số {number}", "xã", *points])
    return path


def bench_distribute(workdir: Path, runs: int) -> list[Row]:
    """``distribute`` of a wide scores table of 20 and 150 units (one workbook each, checked and
    written back) as a whole process, over every core."""
    rows = []
    for units, budget in DISTRIBUTE_UNITS.items():
        scores = make_scores_table(workdir / f"diem_{units}.csv", units)
        command = [*CLI, "distribute", str(scores), "-o", str(workdir / f"so_{units}"), "--criteria",
                   str(CRITERIA_CSV), "--silent", "--force"]
        median, fastest = time_process(command, max(1, min(runs, 3)))
        rows.append(Row("distribute", f"{units} units x {len(load_leaves())} leaves", max(1, min(runs, 3)),
                        median, fastest, budget))
    return rows


def load_leaves() -> list[Any]:
    from cchc_sheets.read.lists import load_criteria_list

    return [c for c in load_criteria_list(CRITERIA_CSV) if c.is_leaf]


DOCUMENT_BUDGETS = {"plan-docx": 1.0, "report": 1.0, "report 170": 5.0}  # seconds per whole process


def bench_documents(workdir: Path, runs: int) -> list[Row]:
    """``plan-docx`` and ``report`` on the largest example, and ``report`` on a 170-commune
    consolidated workbook (merged once, untimed), as whole processes writing a fresh file."""
    source = EXAMPLES / "phuong_song_cau.xlsx"
    merged = workdir / "tong_hop_170.xlsx"
    subprocess.run([*CLI, "merge", str(merge_inputs(170)), "-o", str(merged), "--as-of", "30/09/2024", "--silent"],
                   stdout=subprocess.DEVNULL, check=True)
    period = ["--period", "Quý III/2024", "--as-of", "30/09/2024"]
    cases = [("plan-docx", f"plan-docx {source.name}", ["plan-docx", str(source)]),
             ("report", f"report {source.name}", ["report", str(source), *period]),
             ("report 170", "report of a 170-commune consolidated workbook", ["report", str(merged), *period])]
    rows = []
    for key, case, args in cases:
        out = workdir / f"{key.replace(' ', '_')}.docx"
        median, fastest = time_process([*CLI, *args, "-o", str(out), "--force"], runs)
        rows.append(Row("documents", case, runs, median, fastest, DOCUMENT_BUDGETS[key]))
    return rows


SECTIONS: dict[str, Callable[[Path, int], list[Row]]] = {
    "check": bench_check,
    "read": bench_read,
    "summarize": bench_summarize,
    "merge": bench_merge,
    "distribute": bench_distribute,
    "documents": bench_documents,
}


def print_table(rows: list[Row]) -> None:
    header = ["section", "case", "runs", "median s", "min s", "budget s", ""]
    table = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)).rstrip())


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
