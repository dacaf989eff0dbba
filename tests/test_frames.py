"""cchc_sheets.frames / merge --export: tidy tables with unit code, source file and cell on every row."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import cchc_sheets
from cchc_sheets.cli import main
from cchc_sheets.consolidate.frames import CRITERION_COLUMNS, FINDING_COLUMNS, TASK_COLUMNS, UNIT_COLUMNS
from cchc_sheets.read.plan import read_plan

EXAMPLES = Path(__file__).resolve().parents[1] / "workbook_templates" / "examples"


@pytest.fixture(scope="module")
def found():
    import datetime as dt

    return cchc_sheets.frames([EXAMPLES], as_of=dt.date(2024, 9, 30), lang="en")


def test_one_row_per_task_with_its_unit_code(found):
    plans = [read_plan(path) for path in sorted(EXAMPLES.glob("*.xlsx"))]
    expected = {plan.info.unit_code: len(plan.tasks) for plan in plans}
    assert len(expected) == 6
    assert found.tasks.groupby("unit_code").size().to_dict() == expected
    assert len(found.tasks) == sum(expected.values())
    assert found.tasks["sheet"].unique().tolist() == ["Nhiệm vụ"]
    first = plans[0].tasks[0]
    row = found.tasks[found.tasks["source_file"] == str(EXAMPLES / Path(plans[0].path).name)].iloc[0]
    assert (row["unit_code"], row["row"], row["cell"], row["task"]) == (
        plans[0].info.unit_code, first.row, f"A{first.row}", first.task)


def test_the_four_tables_have_their_columns_and_one_row_per_thing(found):
    assert list(found.units.columns) == list(UNIT_COLUMNS)
    assert list(found.criteria.columns) == list(CRITERION_COLUMNS)
    assert list(found.tasks.columns) == list(TASK_COLUMNS)
    assert list(found.findings.columns) == list(FINDING_COLUMNS)
    assert sorted(found.units["unit_code"]) == sorted(read_plan(p).info.unit_code for p in EXAMPLES.glob("*.xlsx"))
    assert found.units[["sheet", "cell", "readable"]].drop_duplicates().values.tolist() == [["Thông tin", "B4", True]]
    assert len(found.criteria) == sum(len(read_plan(p).criteria) for p in EXAMPLES.glob("*.xlsx"))
    assert found.criteria["unit_code"].notna().all() and found.findings["unit_code"].notna().all()
    assert set(found.findings["severity"]) <= {"error", "warning"}


def test_an_unreadable_file_is_one_unit_row_with_its_sentence(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a zip at all")
    tables = cchc_sheets.tables([bad], lang="en")
    assert (tables.criteria, tables.tasks, tables.findings) == ([], [], [])
    [unit] = tables.units
    assert (unit["source_file"], unit["readable"], unit["unit_code"]) == (str(bad), False, None)
    assert unit["error"] == cchc_sheets.check_file(bad, None)[1].error.render("en")


def test_merge_export_writes_csv_with_bom_and_parquet(tmp_path):
    out, export = tmp_path / "tong_hop.xlsx", tmp_path / "bang"
    with pytest.raises(SystemExit) as exit_:
        main(["merge", str(EXAMPLES), "-o", str(out), "--export", str(export), "--silent", "--as-of", "30/09/2024"])
    assert exit_.value.code == 0
    assert sorted(p.name for p in export.iterdir()) == sorted(
        f"{name}.{ext}" for name in ("units", "criteria", "tasks", "findings") for ext in ("csv", "parquet"))
    raw = (export / "tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(TASK_COLUMNS).encode())
    with open(export / "tasks.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parquet = pd.read_parquet(export / "tasks.parquet")
    assert len(rows) == len(parquet) == sum(len(read_plan(p).tasks) for p in EXAMPLES.glob("*.xlsx"))
    assert [r["unit_code"] for r in rows] == parquet["unit_code"].tolist()


def test_pandas_stays_off_merge_without_export_and_off_the_front_door(tmp_path):
    code = ("import sys\nimport cchc_sheets\nfrom cchc_sheets.cli import main\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('cchc_sheets.') and not m.startswith('cchc_sheets.cli'))\n"
            "try:\n    main(['merge', sys.argv[1], '-o', sys.argv[2], '--silent'])\nexcept SystemExit as exc:\n"
            "    status = exc.code\n"
            "print(loaded, status, 'pandas' in sys.modules, 'pyarrow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLES), str(tmp_path / "o.xlsx")],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[] 0 False False"


def test_the_front_door_names_the_library_functions():
    from cchc_sheets.check.run import check_paths
    from cchc_sheets.consolidate.merge import merge
    from cchc_sheets.summary import summarize

    assert (cchc_sheets.check_paths, cchc_sheets.merge, cchc_sheets.summarize) == (check_paths, merge, summarize)
    assert {"read_plan", "check_paths", "summarize", "merge", "frames", "Report", "Finding"} <= set(dir(cchc_sheets))
    with pytest.raises(AttributeError):
        cchc_sheets.no_such_name  # noqa: B018
