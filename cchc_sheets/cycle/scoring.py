"""Judge one unit's row of a scores table against a criteria set.

A unit's scores either fit the set, and become the achieved points of a fresh copy of the set's
criteria, or the unit is rejected with one sentence that names the criterion and the value: a
workbook built on a wrong score would send a commune to remedy points it never lost. Leaves the
table says nothing about are not a reason to reject: they are listed, and the written workbook
shows them as findings («chưa có điểm đạt») for the clerk to fill.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.core.model import NOT_APPLICABLE_WORDS, Criterion
from cchc_sheets.core.text import fold
from cchc_sheets.core.values import Unreadable, number_value

if TYPE_CHECKING:
    from cchc_sheets.read.scores import UnitScores

register({
    "scores.unknown_code": ("mã tiêu chí {codes} không có trong bộ tiêu chí {criteria_set}.",
                            "criterion code(s) {codes} are not in the criteria set {criteria_set}."),
    "scores.not_number": ("điểm «{value}» của tiêu chí {code} không phải là số.",
                          "the points '{value}' of criterion {code} are not a number."),
    "scores.over_max": ("điểm đạt {value} của tiêu chí {code} lớn hơn điểm tối đa {max}.",
                        "the achieved points {value} of criterion {code} exceed the maximum {max}."),
    "scores.negative": ("điểm đạt {value} của tiêu chí {code} là số âm (chỉ điểm trừ mới được âm).",
                        "the achieved points {value} of criterion {code} are negative (only penalties may be)."),
    "scores.penalty_range": ("điểm trừ {value} của tiêu chí {code} phải từ −{cap} đến 0.",
                             "the penalty {value} of criterion {code} must be between −{cap} and 0."),
    "scores.parent_sum": ("điểm của {code} là {value} nhưng các tiêu chí con cộng lại được {expected}.",
                          "the points of {code} are {value} but its children add up to {expected}."),
    "scores.clash": ("tiêu chí {code} được ghi hai lần với điểm khác nhau (dòng {row}).",
                     "criterion {code} is given twice with different points (row {row})."),
})

TOLERANCE = 1e-6
_NOT_APPLICABLE = {fold(word) for word in (*NOT_APPLICABLE_WORDS, "KPS", "KĐG")}


@dataclass(slots=True)
class Scored:
    """A unit's criteria with its achieved points, or why it cannot have them."""

    criteria: list[Criterion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # leaf codes the table gives no points for
    not_applicable: list[str] = field(default_factory=list)  # leaf codes the table marks «không phát sinh»
    reason: Sentence | None = None


def score_unit(unit: UnitScores, criteria: list[Criterion], criteria_set: str) -> Scored:
    """*criteria* copied with *unit*'s points on the leaves; parents stay blank (summed by the
    workbook's formulas), but a parent the table also scores must equal its children's sum."""
    by_code = {crit.code: crit for crit in criteria}
    if unit.clashes:
        code, row = unit.clashes[0]
        return Scored(reason=Sentence("scores.clash", code=code, row=row))
    points = {_known(code, by_code): raw for code, raw in unit.points.items()}
    unknown = [code for code in points if code not in by_code]
    if unknown:
        return Scored(reason=Sentence("scores.unknown_code", codes=", ".join(unknown), criteria_set=criteria_set))
    values: dict[str, float] = {}
    absent = {code for code, raw in points.items() if isinstance(raw, str) and fold(raw) in _NOT_APPLICABLE}
    for code, raw in points.items():
        if code in absent:
            continue
        value = number_value(raw)
        if value is None:
            continue
        if isinstance(value, Unreadable):
            return Scored(reason=Sentence("scores.not_number", code=code, value=raw))
        problem = _out_of_range(by_code[code], value)
        if problem is not None:
            return Scored(reason=problem)
        values[code] = value
    leaves = {crit.code: values.get(crit.code) for crit in criteria if crit.is_leaf}
    for crit in criteria:
        if not crit.is_leaf and crit.code in values:
            below = [v for code, v in leaves.items() if code.startswith(crit.code + ".")]
            total = sum(v for v in below if v is not None)
            if below and None not in below and abs(total - values[crit.code]) > TOLERANCE:
                return Scored(reason=Sentence("scores.parent_sum", code=crit.code, value=_num(values[crit.code]),
                                              expected=_num(total)))
    copies = [replace(crit, achieved_points=leaves.get(crit.code) if crit.is_leaf else None,
                      not_applicable=crit.not_applicable or crit.code in absent,
                      children=list(crit.children), source={}, raw={}) for crit in criteria]
    missing = [code for code, value in leaves.items() if value is None and code not in absent]
    return Scored(copies, missing, sorted(absent, key=list(by_code).index))


def _known(code: str, by_code: dict[str, Criterion]) -> str:
    """*code*, or the set's ``3.10`` when the table says ``3.1`` (a number Excel shortened) and
    the set has no ``3.1``."""
    if code in by_code:
        return code
    longer = code + "0"
    return longer if "." in code and longer in by_code else code


def _out_of_range(crit: Criterion, value: float) -> Sentence | None:
    """The rules ``check`` applies to a typed score (a penalty is a deduction, −cap to 0)."""
    top = crit.max_points
    if crit.is_penalty:
        cap = abs(top) if top is not None else None
        if value > TOLERANCE or (cap is not None and value < -cap - TOLERANCE):
            return Sentence("scores.penalty_range", code=crit.code, value=_num(value),
                            cap=_num(cap) if cap is not None else "∞")
        return None
    if top is not None and value > top + TOLERANCE:
        return Sentence("scores.over_max", code=crit.code, value=_num(value), max=_num(top))
    if value < 0:
        return Sentence("scores.negative", code=crit.code, value=_num(value))
    return None


def _num(value: float) -> str:
    """Points as Vietnamese write them: ``1,5``; whole numbers without decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
