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
from dataclasses import dataclass
from functools import lru_cache

from cchc_sheets.core.model import Agency
from cchc_sheets.core.text import clean, fold

SUGGESTION_THRESHOLD = 85.0

BUILTIN_AGENCIES: tuple[Agency, ...] = (
    Agency("Văn phòng – Thống kê", ["VP-TK", "Văn phòng Thống kê", "Văn phòng UBND", "Văn phòng"]),
    Agency("Tư pháp – Hộ tịch", ["TP-HT", "Tư pháp", "Tư pháp Hộ tịch"]),
    Agency("Văn hóa – Xã hội", ["VH-XH", "Bộ phận Văn hóa – Xã hội", "Văn hóa Xã hội"]),
    Agency("Văn hóa – Thông tin", ["VH-TT", "Văn hóa và Thông tin", "Văn hóa thông tin"]),
    Agency("Tài chính – Kế toán", ["TC-KT", "Tài chính – Ngân sách", "TC-NS", "Tài chính", "Kế toán"]),
    Agency("Địa chính – Xây dựng", ["ĐC-XD", "Địa chính – Nông nghiệp – Xây dựng – Môi trường",
                                    "Địa chính – Xây dựng – Đô thị và Môi trường", "Địa chính – Môi trường",
                                    "ĐC-NN-XD-MT", "Địa chính"]),
    Agency("Bộ phận tiếp nhận và trả kết quả", ["BPTN&TKQ", "Bộ phận TN&TKQ", "Bộ phận một cửa", "BPMC",
                                                "Bộ phận tiếp nhận và trả kết quả TTHC", "Một cửa"]),
    Agency("Công an xã", ["CA xã", "Công an"]),
    Agency("Ban Chỉ huy Quân sự xã", ["Quân sự xã", "Quân sự", "BCH Quân sự", "BCHQS", "Ban CHQS"]),
    Agency("Ban Chỉ đạo CCHC", ["BCĐ CCHC", "Ban Chỉ đạo cải cách hành chính",
                                "Ban Chỉ đạo CCHC và chuyển đổi số", "BCĐ CCHC và CĐS"]),
    Agency("UBND xã", ["UBND", "Ủy ban nhân dân xã", "Ủy ban nhân dân"]),
    Agency("Phòng Nội vụ", ["Phòng Nội vụ huyện", "Phòng Nội vụ thị xã", "Phòng Nội vụ thành phố",
                            "Phòng Nội vụ quận", "PNV"]),
    Agency("Trạm Y tế xã", ["Trạm y tế", "TYT"]),
    Agency("Ủy ban MTTQ xã", ["Ủy ban Mặt trận Tổ quốc", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc",
                              "MTTQ", "UBMTTQ", "Ủy ban MTTQ Việt Nam"]),
    Agency("Đoàn Thanh niên", ["Đoàn TN", "Đoàn TNCS Hồ Chí Minh", "Xã Đoàn", "Phường Đoàn"]),
    Agency("Hội Liên hiệp Phụ nữ", ["Hội LHPN", "LHPN", "Hội Phụ nữ"]),
    Agency("Hội Nông dân", ["HND", "Hội ND"]),
    Agency("Hội Cựu chiến binh", ["Hội CCB", "CCB"]),
    Agency("Các ban, ngành", ["Ban ngành", "Các ban, ngành, đoàn thể", "Ban, ngành, đoàn thể"]),
    Agency("Các công chức chuyên môn", ["Công chức chuyên môn", "CC chuyên môn"]),
    Agency("Các CBCC", ["CBCC", "Các cán bộ, công chức", "Cán bộ, công chức", "Các CB, CC", "CBCC có liên quan"]),
)

_BULLET = re.compile(r"^(?:[-+•*·–—]+\s*)+")
_SPLIT = re.compile(r"[;•]|\s\+\s")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_GROUP_WORDS = (("cac",), ("nhung",))
_ROLE_WORDS = (("cong", "chuc"), ("can", "bo"), ("cc",))
_UNIT_WORDS = (("xa",), ("phuong",), ("thi", "tran"))
_FILLER = {"va", "&"}
_PREFIX_WORDS = {word for group in (*_GROUP_WORDS, *_ROLE_WORDS) for word in group}
_MIN_FUZZY_LENGTH = 6  # "CCBC" is not "CCB": abbreviations are too short to compare by spelling


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """A name from a lead/support cell and what the directory knows about it."""

    typed: str
    canonical: str | None
    suggestion: str | None
    score: float

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


def _tokens(name: str) -> list[tuple[str, str]]:
    """(folded, tone-aware) pairs per word, without filler, role prefix and trailing unit word."""
    words = [word for word in re.findall(r"\w+|&", clean(name).casefold()) if fold(word) not in _FILLER]
    pairs = [(fold(word), _tone_word(word)) for word in words]
    for prefixes in (_GROUP_WORDS, _ROLE_WORDS):
        pairs = _drop_edge(pairs, prefixes, at_start=True)
    return _drop_edge(pairs, _UNIT_WORDS, at_start=False)


def _drop_edge(pairs: list[tuple[str, str]], options: tuple[tuple[str, ...], ...], at_start: bool) -> list[tuple[str, str]]:
    """Remove one generic word group at the start or end, never the whole name."""
    folded = [pair[0] for pair in pairs]
    for words in options:
        size = len(words)
        edge = folded[:size] if at_start else folded[-size:]
        if len(pairs) > size and tuple(edge) == words:
            return pairs[size:] if at_start else pairs[:-size]
    return pairs


def _tone_word(word: str) -> str:
    """A word with its tone mark moved to the end: ``hoà`` and ``hòa`` both give ``hoa2``."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return base + tones


# --------------------------------------------------------------------------- directory


class AgencyDirectory:
    """Known agencies (built in, then the workbook's ``Danh mục``, which wins) and lookups."""

    def __init__(self, extra: Iterable[Agency] = ()) -> None:
        self._extra = list(extra)
        self._by_tone: dict[str, str] = {}
        self._by_fold: dict[str, tuple[str, str]] = {}  # folded key -> (canonical, spelling's words)
        self._fuzzy: dict[str, str] = {}  # folded words -> canonical
        self._cells: dict[str | None, tuple[AgencyMatch, ...]] = {}  # resolve_cell answers by cell text
        for agency in (*BUILTIN_AGENCIES, *self._extra):  # later entries override earlier ones
            for spelling in (agency.name, *agency.aliases):
                self._add(spelling, agency.name)

    def _add(self, spelling: str, canonical: str) -> None:
        tokens = _tokens(spelling)
        if not tokens:
            return
        self._by_tone["".join(tone for _, tone in tokens)] = canonical
        self._by_fold["".join(folded for folded, _ in tokens)] = (canonical, _tone_words(tokens))
        folded_words = " ".join(folded for folded, _ in tokens)
        if len(folded_words) >= _MIN_FUZZY_LENGTH:
            self._fuzzy[folded_words] = canonical

    def resolve(self, name: str) -> AgencyMatch:
        """What the directory makes of one typed name (see the module doc for the levels)."""
        typed = _strip_name(name) if isinstance(name, str) else ""
        tokens = _tokens(typed)
        if not tokens:
            return AgencyMatch(typed, None, None, 0.0)
        canonical = self._by_tone.get("".join(tone for _, tone in tokens))
        if canonical is not None:
            return AgencyMatch(typed, canonical, None, 100.0)
        known = self._by_fold.get("".join(folded for folded, _ in tokens))
        if known is not None:
            return _tone_mismatch(typed, _tone_words(tokens), *known)
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
        """Names for the template's dropdown: the workbook's first, then built-ins still in use."""
        names = [agency.name for agency in self._extra]
        names += [agency.name for agency in BUILTIN_AGENCIES if self.resolve(agency.name).canonical == agency.name]
        return list(dict.fromkeys(names))


def directory_for(agencies: Iterable[Agency] = ()) -> AgencyDirectory:
    """The directory for a workbook's ``Danh mục`` agencies, shared by every file with the same list.

    Building one takes milliseconds (every alias is tokenised), more than reading a commune
    file; a district's files almost always carry the same list.
    """
    return _cached_directory(tuple((a.name, tuple(a.aliases)) for a in agencies))


@lru_cache(maxsize=32)
def _cached_directory(key: tuple[tuple[str, tuple[str, ...]], ...]) -> AgencyDirectory:
    return AgencyDirectory(Agency(name, list(aliases)) for name, aliases in key)


def _tone_words(tokens: list[tuple[str, str]]) -> str:
    return " ".join(tone for _, tone in tokens)


def _tone_mismatch(typed: str, typed_words: str, canonical: str, known_words: str) -> AgencyMatch:
    """Same letters, other tones: accepted, and flagged unless typed without any diacritics."""
    if typed.isascii():
        return AgencyMatch(typed, canonical, None, 100.0)
    from rapidfuzz import fuzz

    return AgencyMatch(typed, canonical, canonical, round(float(fuzz.ratio(typed_words, known_words)), 1))
