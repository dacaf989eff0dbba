"""Issue 12 item 2: the job's cache cannot run code, and an entry of the wrong shape is a miss.

The hostile entries are built inline: a pickle that reaches ``os.system`` through a dotted name
under ``cchc_sheets.`` (the attack that worked on the pickled cache), and JSON documents of every
wrong shape the job would otherwise trip over later in the run.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import struct
import zlib

import pytest

from cchc_sheets.consolidate.merge import read_files
from cchc_sheets.job.cache import CacheMiss, dump_outcome, load_outcome
from cchc_sheets.job.changes import snapshot
from cchc_sheets.job.history import History
from cchc_sheets.job.nightly import load_config, run_job
from tests import hostile_write as hw

AS_OF = dt.date(2024, 12, 31)
KEY = ("hop_thu/so.xlsx", "0" * 64, AS_OF.isoformat(), "v")


def _short(text: str) -> bytes:
    data = text.encode()
    return b"\x8c" + struct.pack("<B", len(data)) + data


def dotted_global_pickle(command: str) -> bytes:
    """Protocol 4: ``cchc_sheets.write.safe_write`` . ``os.system`` (that module imports os), called
    with *command*: what the old allow-list of ``cchc_sheets.*`` let through."""
    return (b"\x80\x04" + _short("cchc_sheets.write.safe_write") + _short("os.system") + b"\x93"
            + _short(command) + b"\x85R.")


@pytest.fixture
def outcome():
    return read_files([hw.EXAMPLES / "xa_phu_linh.xlsx"], AS_OF, jobs=1, snapshot=snapshot)[0]


@pytest.fixture
def history(tmp_path):
    with History.open(tmp_path / "lich_su.sqlite") as opened:
        yield opened


def _store(history: History, blob: bytes) -> None:
    with history.transaction():
        history.conn.execute("INSERT OR REPLACE INTO file_cache VALUES (?, ?, ?, ?, ?, ?)", (*KEY, blob, 1))


def test_an_outcome_comes_back_equal(outcome, history):
    assert load_outcome(dump_outcome(outcome)) == outcome
    with history.transaction():
        history.remember(KEY, outcome, 1)
        back = history.cached(KEY, 1)
    assert back == outcome and back.units_read[0].snapshot == outcome.units_read[0].snapshot
    assert [type(u.criteria[0]).__name__ for u in back.units_read] == ["CriterionMeta"]


def test_a_rejection_keeps_its_sentence_in_both_languages(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    rejected = read_files([bad], AS_OF, jobs=1)[0]
    back = load_outcome(dump_outcome(rejected))
    assert (back.reason, back.reason.render("en")) == (rejected.reason, rejected.reason.render("en"))


def test_a_crafted_pickle_runs_nothing(history, tmp_path):
    proof = tmp_path / "pwned"
    _store(history, zlib.compress(dotted_global_pickle(f"touch {proof}")))
    with history.transaction():
        assert history.cached(KEY, 1) is None
    assert not proof.exists()


def _json(value) -> bytes:
    return zlib.compress(json.dumps(value).encode())


def _entry(outcome, change) -> bytes:
    data = json.loads(zlib.decompress(dump_outcome(outcome)))
    change(data)
    return _json(data)


WRONG_SHAPES = {
    "not json": lambda o: zlib.compress(b"\x80\x04K\x01."),
    "a list": lambda o: _json([1, 2]),
    "unknown field": lambda o: _entry(o, lambda d: d.update(extra=1)),
    "missing field": lambda o: _entry(o, lambda d: d.pop("path")),
    "unknown outcome": lambda o: _entry(o, lambda d: d.update(outcome="pwned")),
    "path a number": lambda o: _entry(o, lambda d: d.update(path=7)),
    "unit fields missing": lambda o: _entry(o, lambda d: d["units_read"][0].pop("coverage")),
    "coverage keys missing": lambda o: _entry(o, lambda d: d["units_read"][0].update(coverage={})),
    "score a string": lambda o: _entry(o, lambda d: d["units_read"][0].update(score="10")),
    "errors a bool": lambda o: _entry(o, lambda d: d["units_read"][0].update(errors=True)),
    "snapshot of another shape": lambda o: _entry(o, lambda d: d["units_read"][0].update(snapshot={"tasks": 1})),
    "blob not base64": lambda o: _entry(o, lambda d: d["units_read"][0].update(task_rows=["***", 1])),
    "date not a date": lambda o: _entry(o, lambda d: d["units_read"][0].update(updated_on="hôm qua")),
    "unknown sentence": lambda o: _entry(o, lambda d: d.update(reason={"§sentence": ["no.such.key", {}]})),
    "sentence missing a parameter": lambda o: _entry(
        o, lambda d: d.update(reason={"§sentence": ["merge.superseded", {}]})),
    "nested 10,000 deep": lambda o: zlib.compress(b'{"path":' + b"[" * 10_000 + b"]" * 10_000 + b"}"),
    "inflates past 64 MiB": lambda o: zlib.compress(b" " * (65 * 1024 * 1024)),
    "truncated": lambda o: dump_outcome(o)[:-9],
}


@pytest.mark.parametrize("shape", WRONG_SHAPES)
def test_an_entry_of_the_wrong_shape_is_a_miss(outcome, history, shape):
    blob = WRONG_SHAPES[shape](outcome)
    with pytest.raises(CacheMiss):
        load_outcome(blob)
    _store(history, blob)
    with history.transaction():
        assert history.cached(KEY, 1) is None


def test_the_job_reads_again_whatever_its_cache_holds(tmp_path):
    inbox = tmp_path / "hop_thu"
    hw.commune(inbox / "so.xlsx", code="31001", name="Xã A")
    (tmp_path / "job.toml").write_text('inbox = "hop_thu"\noutput = "tong_hop.xlsx"\nhistory = "lich_su.sqlite"\n'
                                       'as_of = "2024-12-31"\nsettle_seconds = 0\nrecheck_seconds = 0\njobs = 1\n',
                                       encoding="utf-8")
    first = run_job(load_config(tmp_path / "job.toml"), echo=lambda line: None)
    with sqlite3.connect(tmp_path / "lich_su.sqlite") as conn:
        conn.execute("UPDATE file_cache SET outcome = ?", (zlib.compress(dotted_global_pickle("false")),))
    second = run_job(load_config(tmp_path / "job.toml"), echo=lambda line: None)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert second.read == {str(inbox / "so.xlsx")}
