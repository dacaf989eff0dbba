"""User-facing sentences outside the finding catalogue (CLI, file errors), in vi and en.

Keys are stable; modules register their own sentences with :func:`register` so that every
module owns its words and this file does not become a dumping ground.
"""

from __future__ import annotations

import string
from typing import Any

from cchc_sheets.core.values import vi_number

_MESSAGES: dict[str, tuple[str, str]] = {
    "cli.bad_date": ("Ngày không hợp lệ: {value!r} (ví dụ đúng: 31/12/2024).",
                     "Invalid date: {value!r} (expected e.g. 31/12/2024)."),
    "cli.interrupted": ("Đã dừng theo yêu cầu.", "Interrupted."),
    "cli.unexpected": ("Lỗi không mong đợi ({error}). Chạy lại với --debug để xem chi tiết.",
                       "Unexpected error ({error}). Run again with --debug for details."),
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add a module's sentences; a key may be registered only once (catches copy-paste)."""
    clash = set(messages) & set(_MESSAGES)
    if clash:
        raise ValueError(f"message keys registered twice: {sorted(clash)}")
    _MESSAGES.update(messages)


_LEARNED: dict[str, tuple[str, str]] = {}  # sentences met in another process's results


def template(key: str) -> tuple[str, str]:
    """The (vi, en) wording of *key*."""
    return _MESSAGES[key] if key in _MESSAGES else _LEARNED[key]


def learn(key: str, pair: tuple[str, str]) -> None:
    """Know *key* as another process said it (a merge worker that imported a module this process
    has not): its sentences can then be rendered here. Kept apart from :func:`register`, so the
    module's own registration later is no clash."""
    if key not in _MESSAGES and isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
        _LEARNED.setdefault(key, pair)


class _VietnameseNumbers(string.Formatter):
    """``str.format`` that writes a float with the Vietnamese decimal comma (0,5; 97,75): every
    sentence goes through :func:`t`, so none says «0.5 điểm». Integers and text are untouched."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, float) and not isinstance(value, bool):
            if not format_spec:
                return vi_number(value, 4)
            return format(value, format_spec).replace(".", ",")
        return super().format_field(value, format_spec)


_VI_FORMAT = _VietnameseNumbers()


def t(key: str, lang: str = "vi", **args: Any) -> str:
    """The sentence *key* in *lang* (``vi`` or ``en``) with *args* filled in; in Vietnamese a
    float has the decimal comma."""
    vi, en = template(key)
    return en.format(**args) if lang == "en" else _VI_FORMAT.format(vi, **args)


class Sentence(str):
    """A user-facing sentence: the Vietnamese text as a plain string, re-renderable in English.

    A ``str`` so that callers can print or compare it directly (``report.error``), while the
    report can still say it in the language asked for on output.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Sentence:
        sentence = super().__new__(cls, t(key, "vi", **params))
        sentence.key, sentence.params = key, params
        return sentence

    def render(self, lang: str) -> str:
        """The sentence in *lang*; a parameter that is itself a sentence or an error is said in
        *lang* too (a reason inside a reason)."""
        return t(self.key, lang, **{k: v.render(lang) if hasattr(v, "render") else v for k, v in self.params.items()})

    @classmethod
    def of(cls, error: Any) -> Sentence:
        """An error's reason (no path) as a sentence that keeps both languages."""
        return cls(error.key, **error.args_)

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any], tuple[str, str]]]:
        """Pickle by key, parameters and wording (worker processes send reports back to the
        merge, and a worker may have registered a sentence the parent never imported)."""
        return _sentence, (self.key, self.params, template(self.key))


def _sentence(key: str, params: dict[str, Any], wording: tuple[str, str] | None = None) -> Sentence:
    if wording is not None:
        learn(key, wording)
    return Sentence(key, **params)
