"""Coverage as WORKBOOK_FORMAT.md defines it: hand-computed cases and properties."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_sheets.compute import coverage as cov
from cchc_sheets.core.codes import link_tree
from cchc_sheets.core.model import Criterion, Plan, Task, UnitInfo

AS_OF = dt.date(2024, 9, 30)


def _plan(criteria: list[tuple], tasks: list[Task]) -> Plan:
    """criteria: (code, max, achieved, method, index)."""
    crits = [Criterion(code=c, max_points=m, achieved_points=a, method=meth, index=idx or "PAR INDEX", name=f"TC {c}")
             for c, m, a, meth, idx in criteria]
    link_tree(crits)
    return Plan("x.xlsx", info=UnitInfo(unit_code="1", plan_year=2024), criteria=crits, tasks=tasks)


def _task(codes: list[str], status: str | None = None, deadline: str = "Quý IV/2024", lead: str = "VP-TK",
          row: int = 3, **kw) -> Task:
    return Task(row=row, seq=str(row), criteria_codes=codes, task="Nhiệm vụ", lead=lead, deadline_text=deadline,
                status=status, **kw)


CRITERIA = [
    ("1", 6, None, None, None),
    ("1.1", 2, 2, "Thẩm định", None),        # full points
    ("1.2", 2, 1, "Thẩm định", None),        # lost 1, covered via parent task
    ("1.3", 2, 0.5, "Tự đánh giá", None),    # lost 1.5, remedied by its own done task
    ("2", 4, None, None, None),
    ("2.1", 3, 1, "Thẩm định", None),        # lost 2, uncovered
    ("2.2", 1, 0, "Điều tra XHH", "SIPAS"),  # survey lost, counted apart
]


def _example() -> tuple[Plan, cov.Coverage]:
    tasks = [
        _task(["1"], "Đang thực hiện", "Quý II/2024", row=3),         # covers 1.1-1.3; overdue (due 30/06)
        _task(["1.3"], "Hoàn thành", row=4),                          # 1.3 is still not remedied: row 3 open
        _task(["2.1"], "Không thực hiện", row=5),                     # dropped: does not cover
        _task(["2.1"], None, "", lead="", row=6),                     # invalid: no lead, no deadline
        _task(["2.2"], "Đang thực hiện", "Thường xuyên", lead="Bộ phận một cửa", row=7),
    ]
    plan = _plan(CRITERIA, tasks)
    return plan, cov.compute(plan, AS_OF)


def test_hand_computed_totals():
    _, result = _example()
    total = result.total
    assert (total.lost, total.covered, total.remedied, total.survey_lost) == (3, 2, 0, 1)
    assert (total.lost_points, total.covered_points, total.remedied_points) == (4.5, 2.5, 0)
    assert round(total.rate, 4) == round(2 / 3, 4)
    assert round(total.rate_points, 4) == round(2.5 / 4.5, 4)


def test_remedied_needs_every_linked_task_done():
    plan, _ = _example()
    plan.tasks[0].status = "Hoàn thành"
    result = cov.compute(plan, AS_OF)
    assert (result.total.remedied, result.total.remedied_points) == (2, 2.5)
    assert result.criterion_status["1.3"] == cov.CRIT_REMEDIED
    assert result.criterion_status["1"] == cov.CRIT_REMEDIED  # parent: least advanced of its leaves


def test_criterion_statuses_and_uncovered_list():
    _, result = _example()
    assert result.criterion_status == {
        "1.1": cov.CRIT_FULL, "1.2": cov.CRIT_COVERED, "1.3": cov.CRIT_COVERED, "2.1": cov.CRIT_UNCOVERED,
        "2.2": cov.CRIT_SURVEY, "1": cov.CRIT_COVERED, "2": cov.CRIT_UNCOVERED}
    assert [c.code for c in result.uncovered] == ["2.1"]


def test_per_field_and_per_index():
    _, result = _example()
    assert list(result.by_field) == ["1", "2"]
    assert (result.by_field["1"].lost, result.by_field["1"].covered) == (2, 2)
    assert (result.by_field["2"].lost, result.by_field["2"].survey_lost) == (1, 1)
    assert result.by_index["SIPAS"].survey_lost == 1 and result.by_index["SIPAS"].lost == 0


def test_survey_can_be_included_on_request():
    plan, _ = _example()
    result = cov.compute(plan, AS_OF, include_survey=True)
    assert (result.total.lost, result.total.covered, result.total.survey_lost) == (4, 3, 0)


def test_task_states_and_overdue():
    _, result = _example()
    states = {s.task.row: s for s in result.task_states}
    assert states[3].status == cov.TASK_OVERDUE and states[3].due == dt.date(2024, 6, 30)
    assert states[3].days_late == 92
    assert states[4].status == cov.TASK_DONE
    assert states[5].status == ""
    assert states[6].status == cov.TASK_NO_DEADLINE
    assert states[7].status == cov.TASK_ONGOING
    assert [s.task.row for s in result.overdue] == [3]
    counts = result.tasks
    assert (counts.total, counts.done, counts.in_progress, counts.not_started, counts.dropped, counts.overdue) == (
        5, 1, 2, 1, 1, 1)


def test_typed_due_date_wins_over_text_and_due_soon():
    plan = _plan(CRITERIA, [_task(["2.1"], None, "Quý IV/2024", due_date=dt.date(2024, 10, 15))])
    [state] = cov.compute(plan, AS_OF).task_states
    assert (state.due, state.status) == (dt.date(2024, 10, 15), cov.TASK_DUE_SOON)
    plan.tasks[0].due_date = None
    [state] = cov.compute(plan, AS_OF).task_states
    assert (state.due, state.status) == (dt.date(2024, 12, 31), cov.TASK_ON_TRACK)


def test_lead_load_uses_canonical_agency_names():
    plan = _plan(CRITERIA, [_task(["1.2"], lead="VP-TK", row=3), _task(["1.3"], lead="Văn phòng - Thống kê", row=4),
                            _task(["2.1"], lead="Tư pháp xã; Công an xã", row=5)])
    loads = {item.lead: item.tasks for item in cov.compute(plan, AS_OF).load}
    assert max(loads.values()) == 2 and sum(loads.values()) == 4


def test_json_shape():
    plan, result = _example()
    data = result.to_dict(plan)
    assert set(data["coverage"]) >= {"lost", "covered", "remedied", "survey_lost", "lost_points", "covered_points",
                                     "remedied_points", "rate", "rate_points"}
    assert set(data["tasks"]) >= {"total", "done", "in_progress", "not_started", "overdue"}
    assert data["uncovered"][0]["code"] == "2.1"
    assert data["overdue"][0]["due"] == "2024-06-30"
    assert data["as_of"] == "2024-09-30"


_STATUSES = st.sampled_from([None, "Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Không thực hiện"])


@st.composite
def _random_plans(draw):
    fields = draw(st.integers(1, 3))
    criteria = []
    for f in range(1, fields + 1):
        criteria.append((str(f), None, None, None, None))
        for c in range(1, draw(st.integers(1, 4)) + 1):
            top = draw(st.sampled_from([1.0, 2.0, 3.0]))
            got = draw(st.sampled_from([0.0, 0.5, 1.0, top]))
            method = draw(st.sampled_from(["Thẩm định", "Điều tra XHH", None]))
            criteria.append((f"{f}.{c}", top, min(got, top), method, None))
    codes = [c[0] for c in criteria]
    tasks = [_task(draw(st.lists(st.sampled_from(codes), min_size=0, max_size=2)), draw(_STATUSES),
                   draw(st.sampled_from(["Quý I/2024", "Thường xuyên", "", "trước 31/12/2024"])),
                   draw(st.sampled_from(["VP-TK", ""])), row=3 + i) for i in range(draw(st.integers(0, 6)))]
    return _plan(criteria, tasks)


@settings(max_examples=60, deadline=None)
@given(_random_plans(), st.booleans())
def test_properties_remedied_within_covered_within_lost(plan, include_survey):
    result = cov.compute(plan, AS_OF, include_survey=include_survey)
    for tally in [result.total, *result.by_field.values(), *result.by_index.values()]:
        assert 0 <= tally.remedied <= tally.covered <= tally.lost
        assert 0 <= tally.remedied_points <= tally.covered_points <= tally.lost_points + 1e-9
        for rate in (tally.rate, tally.rate_points, tally.remedy_rate, tally.remedy_rate_points):
            assert 0.0 <= rate <= 1.0
    assert sum(t.lost for t in result.by_field.values()) == result.total.lost
    assert result.tasks.overdue == len(result.overdue) <= result.tasks.total == len(plan.tasks)
