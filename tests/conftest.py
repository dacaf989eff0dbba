"""Fixtures the CLI-level test modules share: the examples copied to a temporary folder and a
Word plan built from a seed (a module's own fixture of the same name takes precedence)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli_support import EXAMPLES
from tests.docx_seeds import SEEDS, build_docx


@pytest.fixture
def word_plan(tmp_path: Path) -> Path:
    return build_docx(SEEDS["001"], tmp_path / "ke_hoach.docx")


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "huyen"
    shutil.copytree(EXAMPLES, folder)
    return folder
