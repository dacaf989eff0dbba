"""Criterion codes: normalise, split, validate, and link a criteria list into a tree.

Shared words: the reader normalises the codes it reads, the rules validate them, the criteria
list loader and the consolidated read-back link their rows into the same parent/child tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cchc_sheets.core.model import INDEX_PAR, POINTS_BASE, POINTS_BONUS, POINTS_PENALTY, Criterion
from cchc_sheets.core.text import clean, fold
from cchc_sheets.core.values import roman_to_int, text_value

_CODE_SPLIT = re.compile(r"[;,\n]+|\s+(?=\d)")
_CODE_CLEAN = re.compile(r"^(?:tctp|tc|tiêu chí)\s*", re.IGNORECASE)
_CODE_OK = re.compile(r"^\d+(\.\d+)*$|^\d+(\.\d+)+\.[a-zđ]$")  # a letter level under a criterion: 1.1.2.a
_ROMAN_HEAD = re.compile(r"^([IVXLC]+)(?=\.)", re.IGNORECASE)
_SECTION_INDEX = re.compile(r"\b(SIPAS|PAPI|PCI|PAR[ -_]?INDEX)\b")


def split_codes(value: Any) -> list[str]:
    """``"1.1; 2.3"``, ``"1.1, 2.3"``, ``2.1`` (a number) -> normalised criterion codes."""
    if value is None:
        return []
    if isinstance(value, float):
        return [normalise_code(value)]
    codes = (normalise_code(part) for part in _CODE_SPLIT.split(str(value)))
    return [code for code in codes if code]


def normalise_code(value: Any) -> str:
    """``"1."`` -> ``1``; ``"I"`` -> ``1``; ``2.1`` (number) -> ``2.1``; ``"TC 1.2"`` -> ``1.2``.

    Invalid codes are returned cleaned but unchanged, for the rules to report.
    """
    if isinstance(value, float):
        text = format(value, "g") if not value.is_integer() else str(int(value))
    else:
        text = clean(str(value))  # NFC first: an NFD "TIÊU CHÍ 2.1" must lose its prefix too
    text = _CODE_CLEAN.sub("", text.strip()).strip().rstrip(".").replace(" ", "")
    roman = roman_to_int(text) if text.isalpha() else None
    if roman:
        return str(roman)
    head = _ROMAN_HEAD.match(text)  # ``I.2.1``, ``II.1``: a Roman field with Arabic below
    if head and roman_to_int(head.group(1)):
        text = f"{roman_to_int(head.group(1))}{text[head.end():]}"
    if text[-1:].isalpha() and "." in text:  # ``1.1.2.a``: the letter level is lower case
        text = text[:-1] + text[-1].lower()
    return text


_BONUS_WORDS = ("diem thuong", "diem cong", "cong diem")
_PENALTY_WORDS = ("diem tru", "tru diem", "bi tru")


def points_kind_of(text: Any) -> str | None:
    """``Điểm thưởng`` -> bonus, ``Điểm trừ`` -> penalty, ``cơ bản`` -> base; None when it names neither.

    A title naming both (``Điểm thưởng, điểm trừ``, the block holding both kinds) names neither:
    its rows say which they are.
    """
    folded = fold(text_value(text) or "")
    bonus = any(word in folded for word in _BONUS_WORDS) or folded == "thuong"
    penalty = any(word in folded for word in _PENALTY_WORDS) or folded == "tru"
    if bonus != penalty:
        return POINTS_BONUS if bonus else POINTS_PENALTY
    return POINTS_BASE if folded in ("co ban", "diem co ban") else None


def is_valid_code(code: str) -> bool:
    return bool(_CODE_OK.match(code))


def section_index(title: str) -> str | None:
    """``CHỈ SỐ SIPAS`` -> SIPAS; a field title such as ``CẢI CÁCH THỂ CHẾ`` names no index."""
    match = _SECTION_INDEX.search(title.upper())
    if match is None:
        return None
    name = match.group(1)
    return INDEX_PAR if name.startswith("PAR") else name


def link_tree(criteria: Iterable[Criterion]) -> None:
    """Fill ``children`` and let a child without index/method inherit its parent's.

    A row without a code (a heading) is nobody's parent: looking it up under ``""`` would make
    it the parent of every field, and of itself.
    """
    by_code = {c.code: c for c in criteria if c.code}
    for crit in criteria:
        parent = by_code.get(crit.parent_code) if crit.parent_code else None
        if parent is None:
            continue
        if crit.code not in parent.children:
            parent.children.append(crit.code)
    for crit in criteria:  # in sheet order: parents come first
        parent = by_code.get(crit.parent_code) if crit.parent_code else None
        if not crit.index:
            crit.index = parent.index if parent and parent.index else INDEX_PAR
        if crit.method is None and parent is not None:
            crit.method = parent.method
        if not crit.points_kind:  # not typed: the row's own title, else its parent's kind
            named = points_kind_of(crit.name)
            crit.points_kind = named or (parent.points_kind if parent and parent.points_kind else POINTS_BASE)
        if parent is not None and parent.not_applicable:
            crit.not_applicable = True
