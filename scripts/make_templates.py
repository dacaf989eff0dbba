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
from example_data_2026 import EXAMPLES_2026

from cchc_sheets.compute.agencies import BUILTIN_AGENCIES, MODERN_AGENCIES
from cchc_sheets.core.model import Agency, Criterion, PlanData, TaskRow
from cchc_sheets.read.lists import load_criteria_list
from cchc_sheets.write.template import blank_plan, write_plan_workbook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "workbook_templates"
CRITERIA_FILE = TEMPLATES_DIR / "example_criteria.csv"
CRITERIA_FILE_2025 = TEMPLATES_DIR / "example_criteria_2025.csv"
TEMPLATE_NAME = "mau_so_theo_doi.xlsx"
EXAMPLES_SUBDIR = "examples"  # plans before 2025 (the 2023 index): legacy plans still read
EXAMPLES_2026_SUBDIR = "examples_2026"  # plans for the 2025 index (plan year 2026)
CRITERIA_SET = "VD-XA-2024"
# A criteria set's identity carries province, year and decision, as provinces issue them now.
CRITERIA_SET_2025 = "VD-XA-2025 – Tỉnh Minh Châu (giả định), năm 2025, QĐ 0000/QĐ-UBND (ví dụ)"
CREATED = dt.datetime(2024, 1, 1)


def _set_note(name: str) -> str:
    return (f"Bộ tiêu chí {name} là bộ tiêu chí VÍ DỤ để minh họa, không phải bộ tiêu chí chính thức: mỗi tỉnh, "
            "thành phố ban hành bộ tiêu chí xác định Chỉ số CCHC riêng.")


EXAMPLE_SET_NOTE = _set_note(CRITERIA_SET)
SHAPE_2025_NOTE = ("Bộ tiêu chí ví dụ theo cấu trúc năm 2025: 8 nội dung (100 điểm) và nội dung 9 điểm thưởng, "
                   "điểm trừ; điểm trừ ghi số âm; tiêu chí không phát sinh ghi x ở cột «Không phát sinh».")
TEMPLATE_NOTES = [
    _set_note(CRITERIA_SET_2025), SHAPE_2025_NOTE,
    ("Sổ mẫu này dùng bộ tiêu chí ví dụ. Hãy nhập vào sổ do Sở Nội vụ gửi, đã có sẵn bộ tiêu chí của tỉnh "
     "mình; nếu chưa nhận được sổ đó, hãy liên hệ Sở Nội vụ."),
]
ILLUSTRATIVE_LINE = ("Điểm số và mã tiêu chí trong tệp này là minh họa; mã đơn vị, trạng thái, tiến độ, ngày hoàn "
                     "thành và tài liệu kiểm chứng cũng là minh họa.")
ILLUSTRATIVE_NOTES = [EXAMPLE_SET_NOTE, ILLUSTRATIVE_LINE]
ILLUSTRATIVE_NOTES_2026 = [_set_note(CRITERIA_SET_2025), SHAPE_2025_NOTE, ILLUSTRATIVE_LINE]


def main(argv: list[str]) -> int:
    """Write every committed workbook under the given folder and list them."""
    out_dir = Path(argv[0]) if argv else TEMPLATES_DIR
    for path in build_all(out_dir):
        print(path)
    return 0


def build_all(out_dir: Path) -> list[Path]:
    """The blank template (the 2025 shape), the example units before 2025, then those of 2026;
    returns the paths written."""
    criteria = load_criteria_list(CRITERIA_FILE)
    criteria_2025 = load_criteria_list(CRITERIA_FILE_2025)
    template = out_dir / TEMPLATE_NAME
    write_plan_workbook(template, blank_template(criteria_2025))
    paths = [template]
    for unit in EXAMPLES:
        path = out_dir / EXAMPLES_SUBDIR / unit["file"]
        write_plan_workbook(path, example_plan(unit, criteria))
        paths.append(path)
    for unit in EXAMPLES_2026:
        path = out_dir / EXAMPLES_2026_SUBDIR / unit["file"]
        write_plan_workbook(path, example_plan(unit, criteria_2025, CRITERIA_SET_2025, ILLUSTRATIVE_NOTES_2026))
        paths.append(path)
    return paths


def blank_template(criteria: list[Criterion]) -> PlanData:
    """The standard template: the example criteria, no unit, a notice that the set is an example."""
    data = blank_plan(criteria, criteria_set=CRITERIA_SET_2025)
    data.notes = list(TEMPLATE_NOTES)
    data.created = CREATED
    return data


def example_plan(unit: dict[str, Any], criteria: list[Criterion], criteria_set: str = CRITERIA_SET,
                 notes: list[str] | None = None) -> PlanData:
    """One example unit as the workbook a clerk would have filled."""
    scored = scored_criteria(criteria, unit["losses"], unit.get("not_applicable", ()))
    info = {**unit["info"], "criteria_set": criteria_set, "total_score": total_score(scored)}
    return PlanData(
        criteria=scored,
        info=info,
        tasks=[task_row(row) for row in unit["rows"]],
        agencies=agencies_with(unit.get("agency_aliases", {}), modern=unit["info"]["plan_year"] >= 2025),
        notes=(ILLUSTRATIVE_NOTES if notes is None else notes) + unit["notes"],
        created=CREATED,
    )


def scored_criteria(criteria: list[Criterion], losses: dict[str, tuple[float, str]],
                    not_applicable: Any = ()) -> list[Criterion]:
    """Copies of *criteria* with every leaf scored: a base leaf its maximum, a bonus or penalty
    leaf 0, unless *losses* says otherwise; leaves in *not_applicable* are flagged and unscored.

    Raises ValueError for a loss on an unknown or non-leaf code, or outside its range (0..max;
    −max..0 for a penalty), so a typo in the example data cannot silently produce a workbook
    whose totals do not add up.
    """
    by_code = {c.code: c for c in criteria}
    for code, (achieved, _) in losses.items():
        crit = by_code.get(code)
        top = (crit.max_points or 0) if crit else 0
        low, high = (-top, 0) if crit is not None and crit.is_penalty else (0, top)
        if crit is None or not crit.is_leaf or not low <= achieved <= high:
            raise ValueError(f"bad example score {code}={achieved}")
    scored = []
    for crit in criteria:
        copy = dataclasses.replace(crit, children=list(crit.children), source={}, raw={})
        if crit.code in not_applicable:
            copy.not_applicable = True
        elif crit.is_leaf:
            default = 0.0 if crit.is_bonus or crit.is_penalty else crit.max_points
            copy.achieved_points, copy.loss_reason = losses.get(crit.code, (default, None))
        scored.append(copy)
    return scored


def total_score(criteria: list[Criterion]) -> float:
    """Base + bonus − penalty over the leaves that arise, rounded as the province publishes it."""
    return round(sum(c.achieved_points or 0 for c in criteria if c.is_leaf and not c.not_applicable), 2)


def task_row(row: dict[str, Any]) -> TaskRow:
    """A ``Nhiệm vụ`` row from its example dict (``section`` marks a title row)."""
    values = {k: v for k, v in row.items() if k != "section"}
    return TaskRow(values=values, section=row.get("section"))


def agencies_with(aliases: dict[str, list[str]], modern: bool = False) -> list[Agency]:
    """The era's built-in agency list plus a unit's own names, as a province would type them in
    ``Danh mục`` (from 2025: the commune bodies, then the shared names and the province's)."""
    builtins = MODERN_AGENCIES if modern else BUILTIN_AGENCIES
    agencies = [Agency(a.name, list(a.aliases) + aliases.get(a.name, [])) for a in builtins]
    known = {a.name for a in agencies}
    agencies += [Agency(name, list(extra)) for name, extra in aliases.items() if name not in known]
    return agencies


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
