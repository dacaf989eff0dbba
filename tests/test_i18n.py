"""Every registered user-facing sentence, pinned word for word in Vietnamese and English.

``tests/sentences.json`` holds each key's two templates as they are rendered with every
placeholder filled by its own name (``{file}`` -> ``<file>``). A changed or new sentence is a
deliberate edit of that file: ``python -m tests.test_i18n`` rewrites it from the code.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import string
import sys
from pathlib import Path

import pytest

import cchc_sheets
from cchc_sheets.core import i18n
from cchc_sheets.core.i18n import Sentence, t

GOLDEN = Path(__file__).with_name("sentences.json")


def _import_everything() -> None:
    """Sentences are registered by the modules that say them: load them all."""
    for info in pkgutil.walk_packages(cchc_sheets.__path__, "cchc_sheets."):
        if info.name != "cchc_sheets.__main__":
            importlib.import_module(info.name)


def _filled(key: str, lang: str) -> str:
    vi, en = i18n.template(key)
    fields = [(name.split(".")[0].split("[")[0], spec) for template in (vi, en)
              for _, name, spec, _ in string.Formatter().parse(template) if name]
    numbers = {name for name, spec in fields if spec}  # ``{age:.0f}`` needs a number: 7
    return t(key, lang, **{name: 7 if name in numbers else f"<{name}>" for name, _ in fields})


def rendered() -> dict[str, list[str]]:
    _import_everything()
    return {key: [_filled(key, "vi"), _filled(key, "en")] for key in sorted(i18n._MESSAGES)}


PINNED: dict[str, list[str]] = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}


@pytest.mark.parametrize("key", sorted(PINNED))
def test_each_sentence_says_exactly_this_in_both_languages(key):
    _import_everything()
    assert [_filled(key, "vi"), _filled(key, "en")] == PINNED[key]


def test_every_registered_sentence_is_pinned():
    assert sorted(rendered()) == sorted(PINNED), "run: python -m tests.test_i18n"


def test_a_sentence_renders_a_nested_reason_in_the_same_language():
    _import_everything()
    reason = Sentence("roster.no_columns")
    outer = Sentence("roster.unreadable", reason=reason)
    assert outer.render("en") == ("Cannot read the roster: a «Mã đơn vị» or «Tên đơn vị» column is needed in the "
                                  "first 10 rows.")
    assert outer == ("Không đọc được danh sách đơn vị: cần cột «Mã đơn vị» hoặc «Tên đơn vị» ở một trong 10 "
                     "dòng đầu.")


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(rendered(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {GOLDEN}\n")
