"""Regex helpers that read and splice XML as text, so bytes around an edit never change."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from cchc_sheets.write.xlsx_patch.edits import _Refuse

_Q = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""  # inside of a start tag, quoted '>' allowed
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROOT_RE = re.compile(r"<(?![?!])((?:[\w.-]+:)?)([\w.-]+)(?=[\s/>])")
_CHILD_RE = re.compile(rf"<((?:[\w.-]+:)?)([\w.-]+)(?=[\s/>])({_Q})(?:/>|>.*?</\1\2\s*>)", re.S)
_R_ATTR = re.compile(r"""(?<![\w:.-])r\s*=\s*(?:"([^"]*)"|'([^']*)')""")



def _attrs(tag_text: str) -> dict[str, str]:
    """Raw (still escaped) attribute values of one start tag, in document order."""
    return {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTR_RE.finditer(tag_text)}


@functools.lru_cache(maxsize=128)
def _element(prefix: str, name: str) -> re.Pattern[str]:
    """A whole element that does not nest in itself: ``<p:name ...>...</p:name>`` or ``.../>``.

    Group ``attrs`` is the start-tag text after the name, ``body`` the content (None when the
    element is self-closing). Text cannot hold a raw ``<``, so a lazy body match is exact.
    """
    tag = re.escape(prefix + name)
    return re.compile(rf"<{tag}(?=[\s/>])(?P<attrs>{_Q})(?:/>|>(?P<body>.*?)</{tag}\s*>)", re.S)


@functools.lru_cache(maxsize=32)
def _any_prefix(name: str) -> re.Pattern[str]:
    """Like :func:`_element` for an element written with whatever namespace prefix."""
    return re.compile(
        rf"<(?P<p>(?:[\w.-]+:)?){name}(?=[\s/>])(?P<attrs>{_Q})(?:/>|>(?P<body>.*?)</(?P=p){name}\s*>)", re.S)


def _root_prefix(text: str) -> str:
    """The namespace prefix (``""`` or ``"x:"``) of the document element: new elements use it."""
    match = _ROOT_RE.search(text)
    if match is None:
        raise _Refuse("a part has no XML element")
    return match[1]


def _insert_before_close(text: str, name: str, fragment: Callable[[str], str]) -> str:
    """Insert ``fragment(prefix)`` just before the last ``</name>`` of *text*."""
    closes = list(re.finditer(rf"</((?:[\w.-]+:)?){name}\s*>", text))
    if not closes:
        raise _Refuse(f"no </{name}> to add to")
    close = closes[-1]
    return text[:close.start()] + fragment(close[1]) + text[close.start():]


def _remove_elements(text: str, name: str, keep: Callable[[dict[str, str]], bool]) -> str:
    """Drop every ``name`` element whose attributes fail *keep*."""
    def drop(match: re.Match[str]) -> str:
        return match[0] if keep(_attrs(match["attrs"])) else ""

    return _any_prefix(name).sub(drop, text)
