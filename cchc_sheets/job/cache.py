"""The nightly job's cache entries as JSON, read back only into the exact shapes they must have.

The cache used to be pickled merge records. Unpickling runs code named by the data, so anyone
who could write the history file (a shared folder) could run commands as the job's account. JSON
cannot name code. Each entry is written and read through the type hints of
:class:`~cchc_sheets.consolidate.records.InputOutcome` and the records inside it: a value of the
wrong type, a field missing or unknown, an outcome or sentence the library does not know, or a
blob past :data:`MAX_CACHED_BYTES` is :class:`CacheMiss` (the file is simply read again), never a
crash later in the run.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import types
import typing
import zlib
from typing import Any, Union

from cchc_sheets.compute.coverage import Tally, TaskCounts
from cchc_sheets.consolidate.records import MERGED, REJECTED, SKIPPED, SUPERSEDED, InputOutcome
from cchc_sheets.core.i18n import Sentence

FORMAT = "json1"  # part of the cache key: entries of another format (the old pickles) are misses
MAX_CACHED_BYTES = 64 * 1024 * 1024  # one file's outcome is a few KiB; refuse to inflate more
MAX_DEPTH = 40  # nesting of free-form data (a sentence's parameters, a plan snapshot)
_FATES = {MERGED, SUPERSEDED, REJECTED, SKIPPED}
_SENTENCE = "§sentence"


class CacheMiss(ValueError):
    """The entry is not one this version wrote: read the file again."""


def dump_outcome(outcome: InputOutcome) -> bytes:
    """The compressed JSON of *outcome* (raises TypeError for a value JSON cannot hold)."""
    data = _encode(outcome, InputOutcome)
    return zlib.compress(json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
                         .encode("utf-8", "surrogatepass"))


def load_outcome(blob: bytes) -> InputOutcome:
    """The outcome stored in *blob*, or :class:`CacheMiss`."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(blob, MAX_CACHED_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise CacheMiss("cached outcome too large or truncated")
        value = json.loads(data.decode("utf-8", "surrogatepass"))
        outcome = _decode(value, InputOutcome, 0)
    except CacheMiss:
        raise
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, zlib.error) as exc:
        raise CacheMiss(f"{type(exc).__name__}: {exc}") from None
    _check_fates(outcome)
    return outcome


def _check_fates(outcome: InputOutcome) -> None:
    if outcome.outcome not in _FATES or any(u.fate not in _FATES for u in outcome.units_read):
        raise CacheMiss("unknown outcome")

    coverage_keys, task_keys = set(Tally().to_dict()), set(TaskCounts().to_dict())
    for unit in outcome.units_read:
        if unit.snapshot is not None and not _is_snapshot(unit.snapshot):
            raise CacheMiss("bad task snapshot")
        if set(unit.coverage) != coverage_keys or set(unit.tasks) != task_keys or not all(
                _is_number(v) for v in unit.coverage.values()):
            raise CacheMiss("bad coverage figures")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_snapshot(value: Any) -> bool:
    """The shape of ``changes.snapshot``: {"tasks": [{seq, row, task, lead, status, progress}],
    "achieved": {code: points}} (the job reads these keys without asking)."""
    if not isinstance(value, dict) or set(value) != {"tasks", "achieved"}:
        return False
    keys = {"seq", "row", "task", "lead", "status", "progress"}
    tasks, achieved = value["tasks"], value["achieved"]
    return (isinstance(tasks, list) and all(isinstance(t, dict) and set(t) == keys for t in tasks)
            and isinstance(achieved, dict)
            and all(v is None or _is_number(v) for v in achieved.values()))


# --------------------------------------------------------------------------- by type hint


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional(hint: Any) -> Any | None:
    """X for ``X | None``, else None."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
        raise TypeError(f"unsupported union {hint}")
    return None


def _encode(value: Any, hint: Any) -> Any:
    inner = _optional(hint)
    if inner is not None:
        return None if value is None else _encode(value, inner)
    if hint is Any:
        return _plain(value, 0)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Sentence:
        if not isinstance(value, Sentence):
            raise TypeError("not a sentence")
        return _plain(value, 0)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {f.name: _encode(getattr(value, f.name), h) for f, h in zip(dataclasses.fields(hint),
                                                                          _field_hints(hint), strict=False)}
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return [_encode(getattr(value, name), h) for name, h in _hints(hint).items()]
    if hint is bytes:
        return base64.b64encode(value).decode("ascii")
    if hint is dt.date:
        return value.isoformat()
    if hint in (str, int, float, bool):
        return _plain(value, 0)
    if origin in (list, tuple):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return [_encode(v, h) for v, h in zip(value, args, strict=True)]
        return [_encode(v, args[0]) for v in value]
    if origin is dict:
        return {_str(k): _encode(v, args[1]) for k, v in value.items()}
    raise TypeError(f"cannot cache a value of type {hint}")


def _field_hints(cls: type) -> list[Any]:
    hints = _hints(cls)
    return [hints[f.name] for f in dataclasses.fields(cls)]


def _decode(value: Any, hint: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CacheMiss("nested too deep")
    inner = _optional(hint)
    if inner is not None:
        return None if value is None else _decode(value, inner, depth)
    if hint is Any:
        return _unplain(value, depth)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Sentence:
        sentence = _unplain(value, depth)
        return _expect(sentence, Sentence)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = dataclasses.fields(hint)
        if not isinstance(value, dict) or set(value) != {f.name for f in fields}:
            raise CacheMiss(f"not a {hint.__name__}")
        return hint(**{f.name: _decode(value[f.name], h, depth + 1) for f, h in zip(fields, _field_hints(hint), strict=False)})
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        hints = list(_hints(hint).values())
        if not isinstance(value, list) or len(value) != len(hints):
            raise CacheMiss(f"not a {hint.__name__}")
        return hint(*(_decode(v, h, depth + 1) for v, h in zip(value, hints, strict=False)))
    if hint is bytes:
        return base64.b64decode(_expect(value, str), validate=True)
    if hint is dt.date:
        return dt.date.fromisoformat(_expect(value, str))
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CacheMiss("not a number")
        return float(value)
    if hint is int:
        if isinstance(value, bool):
            raise CacheMiss("not an integer")
        return _expect(value, int)
    if hint in (str, bool):
        return _expect(value, hint)
    if origin in (list, tuple):
        items = _expect(value, list)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(items) != len(args):
                raise CacheMiss("wrong tuple length")
            return tuple(_decode(v, h, depth + 1) for v, h in zip(items, args, strict=False))
        decoded = [_decode(v, args[0], depth + 1) for v in items]
        return tuple(decoded) if origin is tuple else decoded
    if origin is dict:
        return {k: _decode(v, args[1], depth + 1) for k, v in _expect(value, dict).items()}
    raise CacheMiss(f"unsupported type {hint}")


def _expect(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise CacheMiss(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _str(key: Any) -> str:
    if type(key) is not str:
        raise TypeError("dictionary keys must be text")
    return key


# --------------------------------------------------------------------------- free-form data


def _plain(value: Any, depth: int) -> Any:
    """Plain JSON of free-form data; a sentence keeps its key and parameters (so it can still be
    said in English), tagged so that it is read back as a sentence."""
    if depth > MAX_DEPTH:
        raise TypeError("nested too deep")
    if isinstance(value, Sentence):
        return {_SENTENCE: [value.key, _plain(value.params, depth + 1)]}
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {_str(k): _plain(v, depth + 1) for k, v in value.items()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _unplain(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CacheMiss("nested too deep")
    if isinstance(value, list):
        return [_unplain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if set(value) == {_SENTENCE}:
            key, params = _expect(value[_SENTENCE], list)
            params = _unplain(_expect(params, dict), depth + 1)
            try:
                return Sentence(_expect(key, str), **params)
            except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
                raise CacheMiss(f"unknown sentence {key!r}") from exc
        return {k: _unplain(v, depth + 1) for k, v in value.items()}
    return value
