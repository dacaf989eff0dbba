"""Regenerate the committed workbooks: the blank standard template and the example communes.

Run it (``make templates``) after changing the template builder, the example criteria, the
built-in agencies or ``scripts/example_data.py``; ``tests/test_templates.py`` fails while the
committed files are stale. The output is byte-stable: the only clock xlsxwriter reads is the
``created`` property, which is fixed here, and nothing is random.

Usage: ``python scripts/make_templates.py [OUT_DIR]`` (default: ``workbook_templates``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from example_data import EXAMPLES

from cchc_sheets.compute.agencies import BUILTIN_AGENCIES
from cchc_sheets.core.model import Agency, Criterion
from cchc_sheets.write.template import PlanData, TaskRow, blank_plan, load_criteria_list, write_plan_workbook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "workbook_templates"
CRITERIA_FILE = TEMPLATES_DIR / "example_criteria.csv"
TEMPLATE_NAME = "mau_so_theo_doi.xlsx"
EXAMPLES_SUBDIR = "examples"
CRITERIA_SET = "VD-XA-2024"
CREATED = dt.datetime(2024, 1, 1)

EXAMPLE_SET_NOTE = (f"Bộ tiêu chí {CRITERIA_SET} là bộ tiêu chí VÍ DỤ để minh họa, không phải bộ tiêu chí chính "
                    "thức: mỗi tỉnh, thành phố ban hành bộ tiêu chí xác định Chỉ số CCHC riêng.")
TEMPLATE_NOTES = [
    EXAMPLE_SET_NOTE,
    "Hãy lập sổ từ bộ tiêu chí của tỉnh mình: cchc-sheets template <tệp sổ> --criteria <danh sách tiêu chí>.",
]
ILLUSTRATIVE_NOTES = [
    EXAMPLE_SET_NOTE,
    "Điểm số và mã tiêu chí trong tệp này là minh họa; mã đơn vị, trạng thái, tiến độ, ngày hoàn thành "
    "và tài liệu kiểm chứng cũng là minh họa.",
]


def main(argv: list[str]) -> int:
    """Write every committed workbook under the given folder and list them."""
    out_dir = Path(argv[0]) if argv else TEMPLATES_DIR
    for path in build_all(out_dir):
        print(path)
    return 0


def build_all(out_dir: Path) -> list[Path]:
    """The blank template, then one workbook per example unit; returns the paths written."""
    criteria = load_criteria_list(CRITERIA_FILE)
    template = out_dir / TEMPLATE_NAME
    write_plan_workbook(template, blank_template(criteria))
    paths = [template]
    for unit in EXAMPLES:
        path = out_dir / EXAMPLES_SUBDIR / unit["file"]
        write_plan_workbook(path, example_plan(unit, criteria))
        paths.append(path)
    return paths


def blank_template(criteria: list[Criterion]) -> PlanData:
    """The standard template: the example criteria, no unit, a notice that the set is an example."""
    data = blank_plan(criteria, criteria_set=CRITERIA_SET)
    data.notes = list(TEMPLATE_NOTES)
    data.created = CREATED
    return data


def example_plan(unit: dict[str, Any], criteria: list[Criterion]) -> PlanData:
    """One example unit as the workbook a clerk would have filled."""
    scored = scored_criteria(criteria, unit["losses"])
    info = {**unit["info"], "criteria_set": CRITERIA_SET, "total_score": total_score(scored)}
    return PlanData(
        criteria=scored,
        info=info,
        tasks=[task_row(row) for row in unit["rows"]],
        agencies=agencies_with(unit.get("agency_aliases", {})),
        notes=ILLUSTRATIVE_NOTES + unit["notes"],
        created=CREATED,
    )


def scored_criteria(criteria: list[Criterion], losses: dict[str, tuple[float, str]]) -> list[Criterion]:
    """Copies of *criteria* with every leaf scored: its maximum unless *losses* says otherwise.

    Raises ValueError for a loss on an unknown or non-leaf code, or above the maximum, so a typo
    in the example data cannot silently produce a workbook whose totals do not add up.
    """
    by_code = {c.code: c for c in criteria}
    for code, (achieved, _) in losses.items():
        crit = by_code.get(code)
        if crit is None or not crit.is_leaf or not 0 <= achieved <= (crit.max_points or 0):
            raise ValueError(f"bad example score {code}={achieved}")
    scored = []
    for crit in criteria:
        copy = dataclasses.replace(crit, children=list(crit.children), source={}, raw={})
        if crit.is_leaf:
            copy.achieved_points, copy.loss_reason = losses.get(crit.code, (crit.max_points, None))
        scored.append(copy)
    return scored


def total_score(criteria: list[Criterion]) -> float:
    """Sum of the leaves' achieved points, rounded as the district publishes it (2 decimals)."""
    return round(sum(c.achieved_points or 0 for c in criteria if c.is_leaf), 2)


def task_row(row: dict[str, Any]) -> TaskRow:
    """A ``Nhiệm vụ`` row from its example dict (``section`` marks a title row)."""
    values = {k: v for k, v in row.items() if k != "section"}
    return TaskRow(values=values, section=row.get("section"))


def agencies_with(aliases: dict[str, list[str]]) -> list[Agency]:
    """The built-in agency list plus a unit's own names, as a province would type them in ``Danh mục``."""
    agencies = [Agency(a.name, list(a.aliases) + aliases.get(a.name, [])) for a in BUILTIN_AGENCIES]
    known = {a.name for a in agencies}
    agencies += [Agency(name, list(extra)) for name, extra in aliases.items() if name not in known]
    return agencies


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
