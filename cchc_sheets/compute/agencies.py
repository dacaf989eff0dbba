"""Lead/support cells ("Cơ quan chủ trì", "Công chức phối hợp") read as canonical agency names.

One commune office goes by many spellings in one plan: ``Văn phòng – Thống kê``, ``VP-TK``,
``Công chức Văn phòng-Thống kê``, ``Văn phòng Thống Kế``. Task load per lead agency only means
something when those count as one, so every name is matched against a directory of known
agencies (built in here, plus the aliases the province typed in ``Danh mục``).

Matching has three levels, strictest first:

1. same letters *and* tones (case, Unicode form, dashes, spacing, ``hoà``/``hòa`` tone placement,
   ``Công chức``/``Cán bộ`` prefixes and a trailing ``xã``/``phường`` ignored) -> canonical;
2. same letters, different tones (``Thông kê`` for ``Thống kê``) -> canonical, and the known
   spelling is also given as a suggestion so a check can say "did you mean"; a name typed
   without any diacritics (no Vietnamese keyboard) is accepted silently;
3. a close spelling (rapidfuzz ratio >= 85 on the folded name) -> no canonical, a suggestion.

Anything else is kept as typed: an unknown agency is the clerk's to name, not ours to guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from cchc_sheets.compute.agency_table import (
    ABBREVIATIONS,
    LEGACY,
    LEGACY_NOW,
    LEGACY_OFFICE,
    MODERN,
    OFFICE,
    OFFICE_ALIASES,
    PROVINCE,
    SHARED,
)
from cchc_sheets.core.model import Agency
from cchc_sheets.core.text import clean, fold

SUGGESTION_THRESHOLD = 85.0
REFORM_YEAR = 2025  # plans for this plan year on speak of the bodies of the two-tier government

# The template's dropdown and the directory of plans before 2025 (titles first, then the rest).
BUILTIN_AGENCIES: tuple[Agency, ...] = (
    Agency(LEGACY_OFFICE, [*LEGACY[0].aliases, *OFFICE_ALIASES]), *LEGACY[1:], *SHARED,
)
# The directory of plans from 2025 on: the new bodies first.
MODERN_AGENCIES: tuple[Agency, ...] = (
    Agency(OFFICE, [*MODERN[0].aliases, *OFFICE_ALIASES]), *MODERN[1:], *SHARED, *PROVINCE,
)


def is_modern(year: int | None) -> bool:
    """The era of a plan: from 2025 on the commune has the bodies of NĐ 150/2025 (None: before)."""
    return year is not None and year >= REFORM_YEAR


_BULLET = re.compile(r"^(?:[-+•*·–—]+\s*)+")
_SPLIT = re.compile(r"[;•]|\s\+\s")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """A name from a lead/support cell and what the directory knows about it."""

    typed: str
    canonical: str | None
    suggestion: str | None
    score: float
    now: str | None = None  # in a plan from 2025 on: the body that now does a legacy title's work

    @property
    def name(self) -> str:
        """The name to count the task under: the canonical one when known."""
        return self.canonical or self.typed


# --------------------------------------------------------------------------- splitting


def split_agencies(cell: str | None) -> list[str]:
    """Names in a cell: split on ``;``, line breaks and bullets, never on commas.

    ``Các ban, ngành`` is one name; ``- Văn phòng – Thống kê`` loses its bullet. A line that
    cannot be a name on its own (``Công chức`` then ``VP-TK``, or ``Văn phòng –`` then
    ``Thống kê``) was wrapped by Word, not typed as two names, so it is joined to the next one.
    """
    if not isinstance(cell, str):
        return []
    lines = []
    for part in _SPLIT.split(unicodedata.normalize("NFC", cell)):
        lines.extend(_join_wrapped(part.splitlines()))
    names = (_strip_name(line) for line in lines)
    return [name for name in names if name]


def _strip_name(piece: str) -> str:
    """A name as typed, minus bullets and stray punctuation at its ends."""
    return _BULLET.sub("", clean(piece)).strip(" .,:")


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join the lines Word wrapped inside one name; keep deliberate line breaks as separators."""
    joined: list[str] = []
    pending = ""
    for line in map(clean, lines):
        if not line:
            continue
        if pending and not _BULLET.match(line):
            line = f"{pending} {line}"
        elif pending:
            joined.append(pending)
        pending = line if _is_dangling(line) else ""
        if not pending:
            joined.append(line)
    return joined + ([pending] if pending else [])


def _is_dangling(line: str) -> bool:
    """A wrapped line: only generic words (``Các công chức``) or ending in a joining word."""
    words = fold(_strip_name(line)).replace("-", " ").split()
    if not words or line.endswith(("-", ",", "&")) or words[-1] == "va":
        return True
    return all(word in _PREFIX_WORDS for word in words)


# --------------------------------------------------------------------------- keys

_UNIT_WORDS = {("xa",), ("phuong",), ("thi", "tran"), ("dac", "khu"), ("thon",), ("to", "dan", "pho")}
# A role in front names the body (``Trưởng phòng Văn hóa – Xã hội`` is the Phòng): the folded
# words of the role, and how many of them to drop (the rest belong to the body's name).
_ROLES: tuple[tuple[tuple[str, ...], int], ...] = tuple(sorted((
    (("pho", "truong", "phong"), 2), (("truong", "phong"), 1), (("pho", "chanh", "van", "phong"), 2),
    (("chanh", "van", "phong"), 1), (("pho", "giam", "doc"), 3), (("giam", "doc"), 2),
    (("pho", "chu", "tich"), 3), (("chu", "tich"), 2), (("lanh", "dao"), 2), (("cong", "chuc"), 2),
    (("can", "bo"), 2), (("cc",), 1), (("chuyen", "vien"), 2), (("vien", "chuc"), 2), (("nhan", "vien"), 2),
    (("chi", "huy", "truong"), 3), (("chi", "huy", "pho"), 3), (("pho", "truong", "cong", "an"), 2),
    (("truong", "cong", "an"), 1), (("pho", "truong", "ban"), 2), (("truong", "ban"), 1),
    (("tram", "truong"), 2), (("pho", "bi", "thu"), 3), (("bi", "thu"), 2), (("thanh", "vien"), 2),
), key=lambda role: -len(role[0])))
_GROUP_WORDS = {"cac", "nhung"}
_FILLER = {"va", "&", "cua"}
_PREFIX_WORDS = {"cac", "nhung", "cong", "chuc", "can", "bo", "cc"}  # a line of only these is wrapped
_MIN_FUZZY_LENGTH = 6  # "CCBC" is not "CCB": abbreviations are too short to compare by spelling


def _tokens(name: str) -> list[tuple[str, str]]:
    """(folded, tone-aware) pairs per word of the body a name names.

    Dropped: filler (``và``, ``&``, ``của``), a leading ``Các``/``Những`` and role (``Trưởng
    phòng``, ``Công chức``), and the unit behind (``xã``, ``… phường Hồng Bàng``); never the
    whole name. Abbreviations are spelled out (``HĐND`` -> ``Hội đồng nhân dân``).
    """
    words = _drop_unit(re.findall(r"\w+|&", clean(name)))
    pairs: list[tuple[str, str]] = []
    for word in words:
        folded = fold(word)
        if folded in _FILLER:
            continue
        expansion = ABBREVIATIONS.get(folded)
        for part in (expansion.split() if expansion else (word,)):
            pairs.append((fold(part), _tone_word(part.casefold())))
    return _drop_roles(pairs)


def _drop_unit(words: list[str]) -> list[str]:
    """Cut the unit behind the body: a unit word at the end, or followed only by a proper name
    (``Công an xã``, ``Văn phòng HĐND và UBND xã Minh Đức``), never ``Xã hội``."""
    folded = [fold(word) for word in words]
    for at in range(len(words) - 1, 0, -1):
        for unit in _UNIT_WORDS:
            if tuple(folded[at:at + len(unit)]) != unit:
                continue
            rest = words[at + len(unit):]
            if not rest or (fold(rest[0]) != "hoi" and all(w[:1].isupper() or w[:1].isdigit() for w in rest)):
                return words[:at]
    return words


def _drop_roles(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leading group words and roles (``Các``, ``Lãnh đạo``, ``Phó Chánh Văn phòng`` -> ``Văn phòng``)."""
    for _ in range(4):
        folded = [pair[0] for pair in pairs]
        if len(pairs) > 1 and folded[0] in _GROUP_WORDS:
            pairs = pairs[1:]
            continue
        for words, drop in _ROLES:
            if tuple(folded[:len(words)]) == words and len(pairs) > drop:
                pairs = pairs[drop:]
                break
        else:
            return pairs
    return pairs


def _tone_word(word: str) -> str:
    """A word with its tone mark moved to the end: ``hoà`` and ``hòa`` both give ``hoa2``."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return base + tones


# --------------------------------------------------------------------------- directory


class AgencyDirectory:
    """Known agencies of one era (built in, then the workbook's ``Danh mục``, which wins) and lookups.

    *year* is the plan year: from 2025 on the new bodies are canonical, bare «Văn phòng» is
    the Văn phòng HĐND và UBND, and a legacy title typed is kept as itself with ``now`` naming
    the body that does that work today (never suggested, never rewritten). Before 2025 (or with
    no year) legacy titles are simply canonical. *level* (xã / phường / đặc khu) picks between
    Phòng Kinh tế and Phòng Kinh tế, Hạ tầng và Đô thị for a legacy land or finance title.
    """

    def __init__(self, extra: Iterable[Agency] = (), year: int | None = None, level: str | None = None) -> None:
        self._extra = list(extra)
        self.modern = is_modern(year)
        self._builtins = MODERN_AGENCIES if self.modern else BUILTIN_AGENCIES
        self._by_tone: dict[str, str] = {}
        self._by_fold: dict[str, tuple[str, str]] = {}  # folded key -> (canonical, spelling's words)
        self._fuzzy: dict[str, str] = {}  # folded words -> canonical
        self._cells: dict[str | None, tuple[AgencyMatch, ...]] = {}  # resolve_cell answers by cell text
        self._now: dict[str, str] = {}
        if self.modern:  # legacy titles read as themselves (added first: the era's bodies win)
            ward = fold(level or "") == "phuong"
            for agency in LEGACY:
                for spelling in (agency.name, *agency.aliases):
                    self._add(spelling, agency.name, fuzzy=False)
                self._now[agency.name] = LEGACY_NOW[agency.name][ward]
        else:
            for agency in (*MODERN, *PROVINCE):
                for spelling in (agency.name, *agency.aliases):
                    self._add(spelling, agency.name)
        for agency in (*self._builtins, *self._extra):  # later entries override earlier ones
            for spelling in (agency.name, *agency.aliases):
                self._add(spelling, agency.name)
        for agency in self._extra:
            self._now.pop(agency.name, None)

    def _add(self, spelling: str, canonical: str, fuzzy: bool = True) -> None:
        tokens = _tokens(spelling)
        if not tokens:
            return
        self._by_tone["".join(tone for _, tone in tokens)] = canonical
        self._by_fold["".join(folded for folded, _ in tokens)] = (canonical, _tone_words(tokens))
        folded_words = " ".join(folded for folded, _ in tokens)
        if fuzzy and len(folded_words) >= _MIN_FUZZY_LENGTH:
            self._fuzzy[folded_words] = canonical
        elif not fuzzy:
            self._fuzzy.pop(folded_words, None)

    def resolve(self, name: str) -> AgencyMatch:
        """What the directory makes of one typed name (see the module doc for the levels)."""
        typed = _strip_name(name) if isinstance(name, str) else ""
        tokens = _tokens(typed)
        if not tokens:
            return AgencyMatch(typed, None, None, 0.0)
        canonical = self._by_tone.get("".join(tone for _, tone in tokens))
        if canonical is not None:
            return AgencyMatch(typed, canonical, None, 100.0, self._now.get(canonical))
        known = self._by_fold.get("".join(folded for folded, _ in tokens))
        if known is not None:
            match = _tone_mismatch(typed, _tone_words(tokens), *known)
            return replace(match, now=self._now.get(known[0]))
        return self._near_miss(typed, " ".join(folded for folded, _ in tokens))

    def _near_miss(self, typed: str, folded_words: str) -> AgencyMatch:
        """A close known spelling as a "did you mean", or the name kept as typed."""
        if len(folded_words) < _MIN_FUZZY_LENGTH:
            return AgencyMatch(typed, None, None, 0.0)
        from rapidfuzz import fuzz, process

        found = process.extractOne(folded_words, list(self._fuzzy), scorer=fuzz.ratio,
                                   score_cutoff=SUGGESTION_THRESHOLD)
        if found is None:
            return AgencyMatch(typed, None, None, 0.0)
        return AgencyMatch(typed, None, self._fuzzy[found[0]], round(float(found[1]), 1))

    def resolve_cell(self, cell: str | None) -> list[AgencyMatch]:
        """Every name in a lead/support cell, resolved (memoised: leads repeat in every file)."""
        found = self._cells.get(cell)
        if found is None:
            found = self._cells[cell] = tuple(self.resolve(name) for name in split_agencies(cell))
        return list(found)

    def canonical_names(self) -> list[str]:
        """Names for the template's dropdown: the workbook's first, then the era's built-ins in use."""
        names = [agency.name for agency in self._extra]
        names += [agency.name for agency in self._builtins if self.resolve(agency.name).canonical == agency.name]
        return list(dict.fromkeys(names))


def directory_for(agencies: Iterable[Agency] = (), year: int | None = None, level: str | None = None,
                  ) -> AgencyDirectory:
    """The directory for a workbook's ``Danh mục`` agencies and era, shared by every file with
    the same list, era and ward-or-not.

    Building one takes milliseconds (every alias is tokenised), more than reading a commune
    file; a province's files almost always carry the same list.
    """
    era = REFORM_YEAR if is_modern(year) else None
    ward = "phuong" if era and fold(level or "") == "phuong" else None
    return _cached_directory(tuple((a.name, tuple(a.aliases)) for a in agencies), era, ward)


@lru_cache(maxsize=32)
def _cached_directory(key: tuple[tuple[str, tuple[str, ...]], ...], year: int | None,
                      level: str | None) -> AgencyDirectory:
    return AgencyDirectory((Agency(name, list(aliases)) for name, aliases in key), year, level)


def _tone_words(tokens: list[tuple[str, str]]) -> str:
    return " ".join(tone for _, tone in tokens)


def _tone_mismatch(typed: str, typed_words: str, canonical: str, known_words: str) -> AgencyMatch:
    """Same letters, other tones: accepted, and flagged unless typed without any diacritics."""
    if typed.isascii():
        return AgencyMatch(typed, canonical, None, 100.0)
    from rapidfuzz import fuzz

    return AgencyMatch(typed, canonical, canonical, round(float(fuzz.ratio(typed_words, known_words)), 1))
