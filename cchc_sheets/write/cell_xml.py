"""A Python value as ``<c>`` markup: shared by the patcher and the streamed sheet writer.

Text is always an inline string (never a formula, never a shared-string index), so nothing a
clerk typed can turn into a formula, DDE or external link in a file the library writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from cchc_sheets.core.values import to_serial

CellValue = str | int | float | dt.date | None

MAX_TEXT = 32_767  # Excel's limit for one cell
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(text: str) -> str:
    """Escape for a double-quoted attribute; whitespace as references so parsers keep it."""
    return (_esc(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def _clean_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry and cap at Excel's cell limit."""
    return _ILLEGAL_XML.sub("", text)[:MAX_TEXT]


def cell_markup(p: str, ref: str, value: CellValue, s: str | None, date1904: bool) -> str:
    """One ``<c>``: text always as an inline string (never a formula), numbers as ``<v>``."""
    s_attr = f' s="{s}"' if s not in (None, "", "0") else ""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return f'<{p}c r="{ref}"{s_attr}/>'
    if isinstance(value, str):
        return f'<{p}c r="{ref}"{s_attr} t="inlineStr">{_inline_text(p, value)}</{p}c>'
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s_attr} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if isinstance(value, dt.date):
        value = to_serial(value, date1904=date1904)
    if isinstance(value, (int, float)):
        return f'<{p}c r="{ref}"{s_attr}><{p}v>{value!r}</{p}v></{p}c>'
    raise TypeError(f"cannot write a {type(value).__name__} into a cell")


@functools.lru_cache(maxsize=1 << 14)
def _inline_text(p: str, value: str) -> str:
    """The ``<is>`` of a text cell, memoised: unit names, leads and statuses repeat in every row."""
    text = _EXCEL_ESCAPE.sub("_x005F_", _clean_text(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    body = _esc(text).replace("\r", "&#13;")
    return f"<{p}is><{p}t{space}>{body}</{p}t></{p}is>"
