"""The committed template and example workbooks: current, readable, and what a clerk fills reads back.

The committed ``.xlsx`` files are build outputs kept in git so users can download them; these
tests fail when they are stale (regenerate with ``make templates``), when an example stops
reading cleanly, and when anything a clerk can type into the template does not come back
from :func:`~cchc_sheets.read.plan.read_plan` as typed.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_sheets.core.model import KINDS, STATUSES, Plan, PlanData, TaskRow
from cchc_sheets.read.lists import load_criteria_list
from cchc_sheets.read.ooxml import Workbook
from cchc_sheets.read.plan import read_plan
from cchc_sheets.write.template import write_plan_workbook

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import make_templates  # noqa: E402  (a script, importable once scripts/ is on the path)
from example_data import EXAMPLES  # noqa: E402
from example_data_2026 import EXAMPLES_2026  # noqa: E402

COMMITTED = ([make_templates.TEMPLATE_NAME] + [f"{make_templates.EXAMPLES_SUBDIR}/{u['file']}" for u in EXAMPLES]
             + [f"{make_templates.EXAMPLES_2026_SUBDIR}/{u['file']}" for u in EXAMPLES_2026])
BY_FILE = {unit["file"]: unit for unit in EXAMPLES}
BY_FILE_2026 = {unit["file"]: unit for unit in EXAMPLES_2026}

# Counted by hand from the appendix tables of the seed plans: (tasks, sections, continuation rows).
SEED_COUNTS = {
    # 001: I CHỈ SỐ PAR-INDEX (STT 1-13), CHỈ SỐ SIPAS (1-6), III CHỈ SỐ PAPI (1-8); no continuation rows.
    "xa_phu_linh.xlsx": (27, 3, 0),
    # 003: I (1, 2), II (1), III (1); the BCCI task's text runs over a page break but is one row.
    "phuong_2_quang_tri.xlsx": (4, 3, 0),
    # 004: STT 1-9, 12-26, 28-30 in sections I-VII; rows without STT: 1 under STT 2, 1 under 22,
    # 2 under 24, 1 under 25 and 6 under 26 (three of which carry a Nhiệm vụ of their own).
    "phuong_song_cau.xlsx": (30, 7, 8),
}
ILLUSTRATIVE = "Điểm số và mã tiêu chí trong tệp này là minh họa"


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh run of scripts/make_templates.py into a temporary folder."""
    out = tmp_path_factory.mktemp("templates")
    make_templates.build_all(out)
    return out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_workbook_is_current(regenerated: Path, name: str) -> None:
    committed = make_templates.TEMPLATES_DIR / name
    assert committed.exists(), f"{name} is not committed: run `make templates`"
    old, new = _parts(committed), _parts(regenerated / name)
    stale = sorted(part for part in old.keys() | new.keys() if old.get(part) != new.get(part))
    assert not stale, f"{name} is stale in {stale}: run `make templates` and commit the result"


def test_no_stray_examples() -> None:
    on_disk = {p.name for p in (make_templates.TEMPLATES_DIR / make_templates.EXAMPLES_SUBDIR).glob("*.xlsx")}
    assert on_disk == set(BY_FILE)
    folder_2026 = make_templates.TEMPLATES_DIR / make_templates.EXAMPLES_2026_SUBDIR
    assert {p.name for p in folder_2026.glob("*.xlsx")} == set(BY_FILE_2026)


def test_generation_is_deterministic(regenerated: Path, tmp_path: Path) -> None:
    make_templates.build_all(tmp_path)
    for name in COMMITTED:
        assert _parts(tmp_path / name) == _parts(regenerated / name), name


def _errors(plan: Plan) -> list[str]:
    return [f"{f.code} {f.cell} {f.value!r}" for f in plan.findings if f.severity == "error"]


def _note_lines(path: Path) -> list[str]:
    """Column A of ``Thông tin``, where the template writes PlanData.notes."""
    with Workbook(path) as book:
        grid = book.grid(next(s for s in book.sheets if s.name == "Thông tin"))
    return [v for v in (grid.value(r, 1) for r in range(1, grid.max_row + 1)) if isinstance(v, str)]


def _row_counts(unit: dict[str, Any]) -> tuple[int, int, int]:
    sections = sum("section" in row for row in unit["rows"])
    tasks = sum("section" not in row and row.get("seq") is not None for row in unit["rows"])
    return tasks, sections, len(unit["rows"]) - tasks - sections


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_example_reads_back(name: str) -> None:
    unit = BY_FILE[name]
    path = make_templates.TEMPLATES_DIR / make_templates.EXAMPLES_SUBDIR / name
    plan = read_plan(path)
    assert _errors(plan) == []
    counts = (len(plan.tasks), len(plan.sections), sum(len(t.activities) for t in plan.tasks))
    assert counts == SEED_COUNTS.get(name, _row_counts(unit))
    info = unit["info"]
    for field in ("unit_code", "assessed_year", "plan_year", "plan_number", "issued_on", "updated_on"):
        assert getattr(plan.info, field) == info.get(field), field
    assert plan.info.criteria_set == make_templates.CRITERIA_SET
    assert plan.info.total_score == pytest.approx(sum(c.achieved_points or 0 for c in plan.leaves()))
    assert any(ILLUSTRATIVE in line for line in _note_lines(path))


@pytest.mark.parametrize("name", sorted(BY_FILE_2026))
def test_example_of_2026_reads_back(name: str) -> None:
    """Plans for the 2025 index: the 2025-shape set, its bonus, penalty and not-applicable rows."""
    unit = BY_FILE_2026[name]
    plan = read_plan(make_templates.TEMPLATES_DIR / make_templates.EXAMPLES_2026_SUBDIR / name)
    assert _errors(plan) == []
    assert (len(plan.tasks), len(plan.sections), sum(len(t.activities) for t in plan.tasks)) == _row_counts(unit)
    assert (plan.info.plan_year, plan.info.criteria_set) == (2026, make_templates.CRITERIA_SET_2025)
    assert sorted(c.code for c in plan.leaves() if c.not_applicable) == sorted(unit.get("not_applicable", []))
    kinds = {c.code: c.points_kind for c in plan.leaves() if c.code.startswith("9.")}
    assert kinds == {"9.1": "bonus", "9.2": "bonus", "9.3": "penalty", "9.4": "penalty"}
    arising = [c for c in plan.leaves() if not c.not_applicable]
    assert plan.info.total_score == pytest.approx(sum(c.achieved_points or 0 for c in arising))


def test_example_codes_are_unique_and_official_looking() -> None:
    codes = [unit["info"]["unit_code"] for unit in (*EXAMPLES, *EXAMPLES_2026)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)


def test_phu_linh_keeps_the_published_total() -> None:
    plan = read_plan(make_templates.TEMPLATES_DIR / make_templates.EXAMPLES_SUBDIR / "xa_phu_linh.xlsx")
    assert plan.info.total_score == pytest.approx(93.86)
    assert plan.info.rank_text == "2/26"


@pytest.mark.parametrize("unit", [*EXAMPLES, *EXAMPLES_2026], ids=lambda u: u["file"])
def test_example_text_is_clean(unit: dict[str, Any]) -> None:
    texts = [v for row in unit["rows"] for v in row.values() if isinstance(v, str)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert not [t for t in texts if "<i>" in t or "</i>" in t]


def test_blank_template_reads_back() -> None:
    path = make_templates.TEMPLATES_DIR / make_templates.TEMPLATE_NAME
    plan = read_plan(path)
    assert _errors(plan) == []
    assert (len(plan.criteria), len(plan.tasks), len(plan.sections)) == (52, 0, 0)
    assert plan.info.criteria_set == make_templates.CRITERIA_SET_2025
    fields = [c.name for c in plan.criteria if c.level == 1]
    assert (len(fields), fields[1], fields[8]) == (9, "Cải cách thể chế", "Điểm thưởng điểm trừ")
    assert [(c.code, c.points_kind) for c in plan.criteria if c.code.startswith("9.")] == [
        ("9.1", "bonus"), ("9.2", "bonus"), ("9.3", "penalty"), ("9.4", "penalty")]
    assert any("VÍ DỤ" in line and "mỗi tỉnh" in line for line in _note_lines(path))


# --- what a clerk types comes back ---------------------------------------------------------------

CRITERIA = load_criteria_list(make_templates.CRITERIA_FILE)
CODES = [c.code for c in CRITERIA]
WORDS = ("kế hoạch", "rà soát", "thủ tục hành chính", "Bộ phận một cửa", "công khai", "UBND xã", "tuyên truyền",
         "hồ sơ", "trực tuyến", "đúng hạn", "năm 2024", "100%", "Văn phòng – Thống kê", "ĐIỀU TRA XHH", "Quý II",
         "Tư pháp-Hộ tịch", "(nếu có)", "…", "“quyền được biết”")
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐÂÊ"
SPACES = (" ", "  ", "\n", " \n ", "\t", "\u00a0", "\u2003")
DEADLINES = ("Quý II, III năm 2024", "Thường xuyên", "9 tháng cuối năm 2024", "trước 30/01/2023", "Quý IV/2024",
             "Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023", "06 tháng/cuộc")
TITLES = ("CHỈ SỐ PAR-INDEX", "CHỈ SỐ SIPAS", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
LABELS = ("I", "II", "III", "IV", "V", "VI", "VII", None)
DATES = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
_SPACE_RUN = re.compile(r"\s+")
_DASH = re.compile(r"[\u2010-\u2015\u2212]")


@st.composite
def clerk_text(draw: st.DrawFn) -> str:
    """Words with messy spacing, maybe a leading formula character, in NFC or NFD."""
    words = draw(st.lists(st.sampled_from(WORDS) | st.text(LETTERS, min_size=1, max_size=8), min_size=1, max_size=6))
    text = words[0] + "".join(draw(st.sampled_from(SPACES)) + word for word in words[1:])
    prefix = draw(st.sampled_from(("", "=", "+", "-", "@", " ", "- ", "=SUM(")))
    text = prefix + text + draw(st.sampled_from(("", " ", "\n")))
    return unicodedata.normalize(draw(st.sampled_from(("NFC", "NFD"))), text)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A clerk leaves any cell blank."""
    return st.none() | strategy


@st.composite
def criteria_cell(draw: st.DrawFn) -> Any:
    """``1.1; 2.3``, ``1.1,2.3``, one code per line, or a single code typed as a number."""
    codes = draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))
    if len(codes) == 1 and codes[0].count(".") <= 1 and draw(st.booleans()):
        return float(codes[0])
    return draw(st.sampled_from(("; ", ";", ", ", "\n"))).join(codes) or None


def codes_meant(cell: Any) -> list[str]:
    """The codes a clerk means by a ``Mã tiêu chí`` cell (a number cell is one code, ``2.0`` being ``2``)."""
    if isinstance(cell, float):
        return [format(cell, "g")]
    return [part.strip() for part in re.split(r"[;,\n]", cell or "") if part.strip()]


@st.composite
def task_values(draw: st.DrawFn, seq: int) -> dict[str, Any]:
    """A task row with every column the template offers, any of them possibly blank but the task."""
    return {
        "seq": seq, "criteria_codes": draw(criteria_cell()), "kind": draw(optional(st.sampled_from(KINDS))),
        "content": draw(optional(clerk_text())), "task": draw(clerk_text()),
        "activity": draw(optional(clerk_text())), "output": draw(optional(clerk_text())),
        "lead": draw(optional(clerk_text())), "support": draw(optional(clerk_text())),
        "deadline_text": draw(optional(st.sampled_from(DEADLINES) | clerk_text())), "due_date": draw(optional(DATES)),
        "budget": draw(optional(clerk_text())), "status": draw(optional(st.sampled_from(STATUSES))),
        "progress": draw(optional(st.integers(0, 100))), "done_on": draw(optional(DATES)),
        "evidence": draw(optional(clerk_text() | st.just("https://example.com/kiem-chung?id=1&x=2"))),
        "note": draw(optional(clerk_text())),
    }


@st.composite
def activity_values(draw: st.DrawFn) -> dict[str, Any]:
    """A continuation row: an activity and its lead at least, so it cannot pass for a lone title."""
    return {"activity": draw(clerk_text()), "lead": draw(clerk_text()), "output": draw(optional(clerk_text())),
            "support": draw(optional(clerk_text())), "deadline_text": draw(optional(st.sampled_from(DEADLINES))),
            "budget": draw(optional(clerk_text()))}


@st.composite
def task_sheet(draw: st.DrawFn) -> list[TaskRow]:
    """Sections, tasks and continuation rows in an order a clerk produces (a continuation follows a task)."""
    rows: list[TaskRow] = []
    seq = 0
    for shape in draw(st.lists(st.sampled_from(("section", "task", "task", "activity")), max_size=12)):
        if shape == "section":
            label = draw(st.sampled_from(LABELS))
            rows.append(TaskRow({"seq": label}, section=draw(st.sampled_from(TITLES))))
        elif shape == "task":
            seq += 1
            rows.append(TaskRow(draw(task_values(seq))))
        elif rows and rows[-1].section is None:
            rows.append(TaskRow(draw(activity_values())))
    return rows


@st.composite
def clerk_plan(draw: st.DrawFn) -> PlanData:
    """Unit info (a code with leading zeros included) and a task sheet over the example criteria."""
    assessed = draw(st.integers(2019, 2030))
    info = {"unit_name": draw(clerk_text()), "unit_code": draw(st.from_regex(r"\A[0-9]{5}\Z")),
            "assessed_year": assessed, "plan_year": assessed + 1, "updated_on": draw(DATES),
            "criteria_set": make_templates.CRITERIA_SET, "period": draw(optional(clerk_text()))}
    return PlanData(CRITERIA, info, draw(task_sheet()), created=make_templates.CREATED)


def norm(value: Any) -> Any:
    """Text as compared: NFC, one dash style (the reader unifies them), whitespace collapsed; blank is None."""
    if not isinstance(value, str):
        return value
    text = _SPACE_RUN.sub(" ", _DASH.sub("-", unicodedata.normalize("NFC", value))).strip()
    return text or None


TEXT_FIELDS = ("content", "task", "activity", "output", "lead", "support", "deadline_text", "budget", "evidence",
               "note")
ACTIVITY_FIELDS = ("activity", "output", "lead", "support", "deadline_text", "budget")


def _check_task(task: Any, typed: dict[str, Any]) -> None:
    assert task.seq == str(typed["seq"])
    assert task.criteria_codes == codes_meant(typed["criteria_codes"])
    for field in TEXT_FIELDS:
        assert norm(getattr(task, field)) == norm(typed[field]), field
    for field in ("kind", "status", "due_date", "done_on"):
        assert getattr(task, field) == typed[field], field
    assert task.progress == (None if typed["progress"] is None else float(typed["progress"]))


@settings(max_examples=25, deadline=None)
@given(data=clerk_plan())
def test_what_a_clerk_fills_reads_back(data: PlanData, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("clerk") / "so.xlsx"
    write_plan_workbook(path, data)
    plan = read_plan(path)
    assert _errors(plan) == []
    assert plan.info.unit_code == data.info["unit_code"]
    assert norm(plan.info.unit_name) == norm(data.info["unit_name"])
    assert norm(plan.info.period) == norm(data.info["period"])
    assert (plan.info.assessed_year, plan.info.plan_year, plan.info.updated_on) == (
        data.info["assessed_year"], data.info["plan_year"], data.info["updated_on"])
    sections = [row for row in data.tasks if row.section is not None]
    assert [(s.label, s.title) for s in plan.sections] == [(r.values["seq"], r.section) for r in sections]
    typed_tasks = [row for row in data.tasks if row.section is None and "seq" in row.values]
    assert len(plan.tasks) == len(typed_tasks)
    for task, typed in zip(plan.tasks, typed_tasks, strict=True):
        _check_task(task, typed.values)
    typed_activities = [row.values for row in data.tasks if row.section is None and "seq" not in row.values]
    read_activities = [a for task in plan.tasks for a in task.activities]
    assert len(read_activities) == len(typed_activities)
    for activity, typed in zip(read_activities, typed_activities, strict=True):
        for field in ACTIVITY_FIELDS:
            assert norm(getattr(activity, field)) == norm(typed[field]), field
    assert len(plan.criteria) == len(CRITERIA)
