"""Feedback copies: each merged commune workbook with its status written back, to send back.

A copy is named by the unit it belongs to (code and name), never by the file it came in: two
communes that kept the template's file name must not share one copy (commune A would receive
commune B's workbook). The name is made safe (:func:`cchc_sheets.write.safe_write.safe_name`) and
ends with a short hash of the unit's key, so two units can never be given one name, even where
sanitising, truncation or a case-insensitive file system would make their labels meet; and the
name depends on the unit alone, so a later night writing only some copies names them the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from cchc_sheets.consolidate.records import FeedbackOutcome
from cchc_sheets.core.errors import CchcError
from cchc_sheets.core.i18n import Sentence, register
from cchc_sheets.summary import summarize
from cchc_sheets.write.safe_write import path_inside, refuse_symlink, safe_name, write_error

register({
    "merge.feedback_failed": ("không ghi được tệp ({error}).", "the file could not be written ({error})."),
})

NAME_STEM_BYTES = 100  # code and name; the hash and suffix bring a name to at most 120 bytes


def pool_context() -> Any:
    """fork where available: workers start in milliseconds with the modules already imported."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def feedback_name(unit: Any) -> str:
    """``"31001 Xã Minh Tân (1a2b3c4d).xlsx"``: the copy's file name for a merged *unit*."""
    label = " ".join(filter(None, ((unit.unit_code or "").strip(), (unit.unit_name or "").strip())))
    digest = hashlib.sha256((unit.key or unit.file).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    suffix = Path(unit.file).suffix.lower()
    return safe_name(label or "don_vi", f" ({digest}){suffix if suffix in ('.xlsx', '.xlsm') else '.xlsx'}",
                     limit=NAME_STEM_BYTES + 20)


def feedback_path(folder: Path, unit: Any) -> Path:
    """Where *unit*'s copy goes: a direct child of *folder*, proven."""
    return path_inside(folder, feedback_name(unit))


def write_feedback(units: Sequence[Any], folder: Path, as_of: dt.date, jobs: int | None) -> list[FeedbackOutcome]:
    """A copy of every merged commune workbook (of *units*, merge's records) with its status
    written back, to send back."""
    folder.mkdir(parents=True, exist_ok=True)
    items = [FeedbackOutcome(unit.unit_code, unit.file, str(feedback_path(folder, unit)))
             for unit in units if not unit.carried]
    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or len(items) < 4:
        return [feedback_one(item, as_of) for item in items]
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        return list(pool.map(feedback_one, items, [as_of] * len(items), chunksize=4))


def feedback_one(item: FeedbackOutcome, as_of: dt.date) -> FeedbackOutcome:
    """``summarize`` into the feedback folder: the commune's file, untouched but for the
    library's sheets and columns. A symlink where the copy goes is refused, never followed."""

    try:
        refuse_symlink(Path(item.target))
        summarize(Path(item.source), as_of=as_of, out=Path(item.target), force=True)
    except CchcError as exc:
        item.error = Sentence.of(exc)
    except OSError as exc:  # this copy's folder or disk: the other copies and the output stand
        mapped = write_error(exc, None)
        item.error = Sentence.of(mapped) if mapped else Sentence("merge.feedback_failed",
                                                                 error=exc.strerror or type(exc).__name__)
    return item
