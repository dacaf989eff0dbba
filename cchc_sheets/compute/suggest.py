"""Suggest which criterion a task remedies, by the words they share.

Plans written in Word name no criterion codes, and a clerk linking 50 tasks to 50 criteria by
hand is slow. The suggestion is a TF-IDF weighting over folded Vietnamese syllables and syllable
pairs (so ``thủ tục hành chính`` and ``TTHC`` count as the same words, common plan verbs such as
``tăng cường`` count for nothing, and a word shared by few criteria counts for much), comparing
a task's content and task texts with each leaf criterion's name and its ancestors' names. A
section title naming an index (``CHỈ SỐ SIPAS``) limits the candidates to that index.

On the seed plans this picks the reviewer's criterion for about 88% of the tasks, against about
67-69% for rapidfuzz's ``token_set_ratio`` on the same folded texts (``docs/import.md``). It stays
a suggestion: it goes in a library-owned column, never in ``Mã tiêu chí``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cchc_sheets.core.codes import section_index
from cchc_sheets.core.model import Criterion
from cchc_sheets.core.text import fold

# Abbreviations plans use for the words criteria spell out (folded).
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat", "dvctt": "dich vu cong truc tuyen", "dvc": "dich vu cong",
    "bcci": "buu chinh cong ich", "pakn": "phan anh kien nghi", "cbcc": "can bo cong chuc",
    "cntt": "cong nghe thong tin", "ttdt": "thong tin dien tu", "ubnd": "uy ban nhan dan",
    "xhh": "xa hoi hoc", "vtvl": "vi tri viec lam",
}
# Function words and the verbs every plan row starts with (folded): they say nothing about a criterion.
_STOP_WORDS = frozenset(
    "va cua cac cho trong theo tai voi ve de duoc la mot nhung co khi thi nay do tu den tren hoac nham da "
    "dang se bi cung nhu dat tat ca thuc hien tiep tuc day manh tang cuong nang cao dam bao tham muu trien "
    "khai xa phuong nam quy".split()
)
_NOT_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The best criterion for a task and how alike their words are (0..1, cosine)."""

    code: str
    score: float

    @property
    def label(self) -> str:
        """What the clerk sees: ``3.1.1 (72%)``."""
        return f"{self.code} ({self.score:.0%})"


def terms(text: str) -> list[str]:
    """Folded syllables, abbreviations spelled out, plus adjacent pairs.

    Stop words go, and so does anything holding a digit: years, percentages and document
    numbers (``38/QĐ-UBND``) say which paper, not what the task is about.
    """
    kept = " ".join(token for token in fold(text).split() if not any(ch.isdigit() for ch in token))
    words: list[str] = []
    for word in _NOT_WORD.sub(" ", kept).split():
        words.extend(_ABBREVIATIONS.get(word, word).split())
    words = [w for w in words if w not in _STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class Suggester:
    """Scores task texts against one criteria set (weights computed once per set)."""

    def __init__(self, criteria: Iterable[Criterion]) -> None:
        criteria = list(criteria)
        by_code = {c.code: c for c in criteria}
        documents = {c.code: terms(_describe(c, by_code)) for c in criteria}
        counts = Counter(term for words in documents.values() for term in set(words))
        self._idf = {term: math.log((len(documents) + 1) / (n + 1)) + 1 for term, n in counts.items()}
        self._unseen_idf = math.log(len(documents) + 1) + 1  # a task word no criterion uses
        self._leaves = [c for c in criteria if c.is_leaf]
        self._vectors = {c.code: self._vector(documents[c.code]) for c in self._leaves}

    def best(self, text: str, section: str | None = None) -> Suggestion | None:
        """The leaf criterion most like *text*, among those of the section's index if it names one.

        None when the text shares no word with any criterion.
        """
        index = section_index(section or "")
        candidates = [c for c in self._leaves if c.index == index] or self._leaves
        query = self._vector(terms(text))
        scored = [(sum(w * self._vectors[c.code].get(t, 0.0) for t, w in query.items()), c.code)
                  for c in candidates]
        score, code = max(scored, default=(0.0, ""))
        return Suggestion(code, min(score, 1.0)) if score > 0 else None

    def _vector(self, words: list[str]) -> dict[str, float]:
        """Log term frequency times inverse document frequency, unit length.

        A task's words that no criterion uses weigh in too, so a long task sharing one word with
        a criterion scores low.
        """
        weights = {t: (1 + math.log(n)) * self._idf.get(t, self._unseen_idf) for t, n in Counter(words).items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}


def _describe(criterion: Criterion, by_code: dict[str, Criterion]) -> str:
    """A criterion's name with its ancestors' names: ``Niêm yết ...`` is about ``Cải cách TTHC`` too."""
    names = [criterion.name]
    code = criterion.parent_code
    while code:
        parent = by_code.get(code)
        if parent is not None:
            names.append(parent.name)
        code = code.rsplit(".", 1)[0] if "." in code else None
    return " ".join(names)
