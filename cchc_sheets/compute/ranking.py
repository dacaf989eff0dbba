"""Rank units as provinces do: within groups, and in bands («Xếp loại») by score.

Hải Phòng ranked its 45 phường apart from its 68 xã and đặc khu for 2025 and wrote ranks as
«thứ k/n» within the group; Lâm Đồng graded Tốt / Khá / Trung bình with no Xuất sắc; BNV used
groups A (≥ 90%) and B (80–90%). Groups and thresholds differ by province and by year, so none
is built in: they come from a small TOML file the province keeps (``--ranking``; see
``scripts/ranking.example.toml``)::

    [groups]                       # group -> unit levels («Cấp») in it; a roster «Nhóm» wins
    "Phường" = ["phường"]
    "Xã, đặc khu" = ["xã", "đặc khu"]

    [[bands]]                      # highest first; «from» is a percent of the applicable maximum
    name = "Xuất sắc"
    from = 90

Without a file every unit is in one group and no band is given. A unit's score is compared as a
percentage of its applicable maximum (base + bonus − penalty over the base points that arise
in it), so units where different criteria arise are comparable.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cchc_sheets.core.errors import UsageError
from cchc_sheets.core.i18n import register
from cchc_sheets.core.text import clean, fold

register({
    "ranking.unreadable": ("Không đọc được tệp xếp hạng: {reason}", "Cannot read the ranking file: {reason}"),
    "ranking.bad_band": ("Tệp xếp hạng: mỗi mức xếp loại cần «name» (chữ) và «from» (số phần trăm từ 0 đến 200).",
                         "Ranking file: every band needs «name» (text) and «from» (a percentage from 0 to 200)."),
    "ranking.bad_groups": ("Tệp xếp hạng: «groups» phải là bảng «tên nhóm = [danh sách cấp đơn vị]».",
                           "Ranking file: «groups» must map a group name to a list of unit levels."),
})

ALL_UNITS = ""  # the group of every unit when no groups are configured


@dataclass(frozen=True, slots=True)
class Band:
    """One grade: units at or above *minimum* percent of their applicable maximum get *name*."""

    name: str
    minimum: float


@dataclass(frozen=True, slots=True)
class RankingRules:
    """Groups (name -> unit levels, folded) and bands (highest first) of one province's ranking."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    bands: tuple[Band, ...] = ()

    def group_of(self, level: str | None, roster_group: str | None = None) -> str:
        """The roster's «Nhóm» when given, else the group holding the unit's level.

        A level no group names makes a group of its own (``Sở`` beside the communes).
        """
        if roster_group:
            return clean(roster_group)
        if not self.groups:
            return ALL_UNITS
        key = fold(level or "")
        for name, levels in self.groups:
            if key in levels:
                return name
        return clean(level or "") or "Khác"

    def band_of(self, percent: float | None) -> str | None:
        """The highest band whose threshold *percent* reaches; None below all, or when unscored."""
        if percent is None:
            return None
        return next((band.name for band in self.bands if percent >= band.minimum), None)


def load_rules(path: Path) -> RankingRules:
    """Read a ranking file; a bad one is a usage error naming what is wrong (exit 2)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError("ranking.unreadable", path=str(path), reason=str(exc)) from exc
    return rules_from(data, str(path))


def rules_from(data: dict[str, Any], path: str = "") -> RankingRules:
    """Rules from parsed TOML (or any mapping of the same shape)."""
    groups = data.get("groups", {})
    if not isinstance(groups, dict) or not all(
            isinstance(levels, list) and all(isinstance(v, str) for v in levels) for levels in groups.values()):
        raise UsageError("ranking.bad_groups", path=path or None)
    bands = []
    for item in data.get("bands", []):
        name, minimum = (item.get("name"), item.get("from")) if isinstance(item, dict) else (None, None)
        if not isinstance(name, str) or not name.strip() or isinstance(minimum, bool) \
                or not isinstance(minimum, (int, float)) or not 0 <= minimum <= 200:
            raise UsageError("ranking.bad_band", path=path or None)
        bands.append(Band(clean(name), float(minimum)))
    return RankingRules(tuple((clean(name), tuple(fold(v) for v in levels)) for name, levels in groups.items()),
                        tuple(sorted(bands, key=lambda band: -band.minimum)))


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Placing:
    """Where one unit stands: its group, rank k of n in it (ties share k), and its band."""

    group: str
    rank: int | None
    size: int
    band: str | None

    @property
    def rank_text(self) -> str | None:
        """«k/n», as provinces write ranks within a group."""
        return f"{self.rank}/{self.size}" if self.rank is not None else None


def place(units: Sequence[T], rules: RankingRules, *, percent: Callable[[T], float | None],
          level: Callable[[T], str | None], roster_group: Callable[[T], str | None] = lambda _: None,
          ) -> list[Placing]:
    """Placings of *units* in their order: ranked by percent within each group (1, 2, 2, 4)."""
    groups = [rules.group_of(level(u), roster_group(u)) for u in units]
    scores = [percent(u) for u in units]
    placings: list[Placing] = []
    members: dict[str, list[float]] = {}
    for group, score in zip(groups, scores, strict=False):
        if score is not None:
            members.setdefault(group, []).append(score)
    for scored in members.values():
        scored.sort()
    for group, score in zip(groups, scores, strict=False):
        scored = members.get(group, [])
        rank = 1 + len(scored) - bisect.bisect_right(scored, score) if score is not None else None
        placings.append(Placing(group, rank, len(scored), rules.band_of(score)))
    return placings
