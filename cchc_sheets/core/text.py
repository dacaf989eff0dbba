"""Vietnamese text helpers: NFC normalisation and folding for tolerant matching.

The same labels, statuses and agency names come back in every row of every file, so the
normalising functions are memoised (a bounded cache; they are pure).

Clerks type the same word in NFC or NFD form, with odd spacing, line breaks, dashes of every
width and any case. Values are kept as typed (NFC) for display; *folded* forms are only used
to compare labels, sheet names, aliases and statuses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

MEMO_LONGEST = 512  # texts longer than this are computed, not memoised


def memo_text(maxsize: int) -> Callable[[F], F]:
    """A bounded memo for a pure function of a text (first argument), that leaves long texts out.

    Why: a cell may hold up to 32,767 characters; a cache of 65,536 such keys and results would
    pin gigabytes over a night's files. Long texts are rare and computed each time (their cost is
    linear), short ones (labels, statuses, names) keep the speed of the memo.
    """

    def decorate(func: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(func)

        @functools.wraps(func)
        def wrapper(text: Any, *args: Any) -> Any:
            if isinstance(text, str) and len(text) > MEMO_LONGEST:
                return func(text, *args)
            return cached(text, *args)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad]")
# Characters that NFD does not decompose into base + mark.
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d"})


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC form (how Vietnamese is compared everywhere)."""
    return unicodedata.normalize("NFC", text)


@memo_text(1 << 16)
def tidy(text: str) -> str:
    """NFC and whitespace (line breaks included) collapsed to single spaces; dashes kept as typed.

    This is how values are stored: ``Văn phòng – Thống kê`` keeps its en dash.
    """
    return _SPACES.sub(" ", nfc(text).replace("\u00a0", " ")).strip()


@memo_text(1 << 16)
def clean(text: str) -> str:
    """:func:`tidy`, and every dash made ``-`` (for parsing numbers, dates and phrases)."""
    return _DASHES.sub("-", tidy(text))


def strip_accents(text: str) -> str:
    """Remove Vietnamese diacritics: ``Thông tin`` -> ``Thong tin``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@memo_text(1 << 16)
def fold(text: str) -> str:
    """Comparison key ignoring case, diacritics, spacing and dash style.

    ``fold(" THÔNG   TIN ") == fold("thong tin")``. Use for matching only, never for display.
    """
    return strip_accents(clean(text)).casefold()


def printable(text: object) -> str:
    """A file name (or a line holding one) safe to print or log: control characters, newlines and undecodable bytes
    escaped (``\\n``, ``\\x1b``, ``\\xff``), so a name cannot forge a log line or reach the
    terminal as an escape sequence."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
