"""A task's kind, typed or derived: ``Khắc phục`` (remedy lost points) or ``Duy trì`` (keep full points).

WORKBOOK_FORMAT.md: a blank ``Loại nhiệm vụ`` is derived from the linked criteria. A task linked
to a criterion (or a field) under which some scored leaf lost points remedies; a task whose linked
criteria all kept their maximum maintains. A task linked to nothing, or only to criteria that
are not scored, is taken as a remedy: the plan exists to remedy, and a maintenance appendix that
silently grew by every unlinked task would misreport the plan.
"""

from __future__ import annotations

from cchc_sheets.compute.coverage import scored_leaves
from cchc_sheets.core.model import KIND_MAINTAIN, KIND_REMEDY, Plan, Task


def task_kinds(plan: Plan) -> list[str]:
    """The kind of every task of *plan*, in order (typed kinds kept as typed)."""
    leaves = scored_leaves(plan)
    return [task.kind or _derived(task, leaves) for task in plan.tasks]


def _derived(task: Task, leaves: list) -> str:
    under = [leaf for code in task.criteria_codes for leaf in leaves
             if leaf.code == code or leaf.code.startswith(code + ".")]
    if not under:
        return KIND_REMEDY
    return KIND_REMEDY if any(leaf.lost_points > 0 for leaf in under) else KIND_MAINTAIN
