"""Run one function over many items in worker processes, reporting progress as they finish.

Writing a workbook is CPU work (building, reading back, checking, patching), so the year cycle
spreads units over the machine's cores. A worker that dies (out of memory, killed) must not lose
the units it held: its items are run again in this process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]


def parallel_map(func: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
                 progress: Progress | None = None) -> list[R]:
    """``[func(item) for item in items]`` in input order, over *jobs* processes (default: every
    core); *progress(done, total)* after each item. *func* must be a module-level function."""
    total = len(items)
    workers = min(jobs or os.cpu_count() or 1, total)
    if progress:
        progress(0, total)
    results: list[Any] = [None] * total
    if workers <= 1 or total < 3:
        for at, item in enumerate(items):
            results[at] = func(item)
            if progress:
                progress(at + 1, total)
        return results
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures = {pool.submit(func, item): at for at, item in enumerate(items)}
        for future in as_completed(futures):
            at = futures[future]
            try:
                results[at] = future.result()
            except BrokenProcessPool:
                results[at] = func(items[at])
            done += 1
            if progress:
                progress(done, total)
    return results


def _context() -> Any:
    """fork where available: workers start at once with the library already imported."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
