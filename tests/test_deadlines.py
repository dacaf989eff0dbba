"""Deadline phrases as the seed plans write them, read into kind/start/due/recurrence."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_sheets.compute.deadlines import KINDS, Clause, Deadline, due_date_of, parse_deadline

D = dt.date

# (plan year, text as typed, kind, start, due, recurrence)
SEED_PHRASES = [
    # 001 — Phù Linh, plan year 2024
    (2024, "9 tháng cuối năm 2024", "period", D(2024, 4, 1), D(2024, 12, 31), None),
    (2024, "Quý II, III năm 2024", "period", D(2024, 4, 1), D(2024, 9, 30), None),
    (2024, "Quý IV/2024", "period", D(2024, 10, 1), D(2024, 12, 31), None),
    (2024, "Thường xuyên", "ongoing", None, None, None),
    (2024, "9 tháng cuối năm và những năm tiếp theo", "recurring", D(2024, 4, 1), D(2024, 12, 31), "yearly"),
    (2024, "9 tháng cuối năm", "period", D(2024, 4, 1), D(2024, 12, 31), None),
    # 003 — Phường 2, plan year 2022 (cells wrapped over lines by the extraction)
    (2022, "Quý II, Quý III \n\nnăm 2022", "period", D(2022, 4, 1), D(2022, 9, 30), None),
    (2022, "Thường xuyên ", "ongoing", None, None, None),
    (2022, "vào tháng 11 năm 2022", "period", D(2022, 11, 1), D(2022, 11, 30), None),
    # 004 — Sông Cầu, plan year 2023
    (2023, "Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023", "period",
     D(2022, 12, 1), D(2023, 12, 31), None),
    (2023, "Ban hành kế hoạch trước 30/01/2023", "date", None, D(2023, 1, 30), None),
    (2023, "UBND phường ban hành báo cáo UBND TP trước 05/12/2023", "date", None, D(2023, 12, 5), None),
    (2023, "Trong năm 2023", "period", D(2023, 1, 1), D(2023, 12, 31), None),
    (2023, "Ban hành Kế hoạch rà soát (<i>chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch</i>); "
           "báo cáo kết quả thực hiện trước 31/3/2023", "date", None, D(2023, 3, 31), None),
    (2023, "Quý IV/2023", "period", D(2023, 10, 1), D(2023, 12, 31), None),
    (2023, "Năm 2023", "period", D(2023, 1, 1), D(2023, 12, 31), None),
    (2023, "Quý III/2023", "period", D(2023, 7, 1), D(2023, 9, 30), None),
    (2023, "Quý I/2023", "period", D(2023, 1, 1), D(2023, 3, 31), None),
    (2023, "Ban hành Kế hoạch tháng 01/2023; Triển khai thực hiện trong năm 2023", "period",
     D(2023, 1, 1), D(2023, 12, 31), None),
    (2023, "Quý III,IV/2023", "period", D(2023, 7, 1), D(2023, 12, 31), None),
    (2023, "06 tháng/cuộc", "recurring", None, None, "every 6 months"),
    (2023, "Quý II-IV/2023", "period", D(2023, 4, 1), D(2023, 12, 31), None),
    (2023, "", "unknown", None, None, None),
    # 000 — body text: "before December" is by the end of November
    (2024, "trước tháng 12/2024", "period", None, D(2024, 11, 30), None),
]

# The forms listed in issue 4, each with what it must give.
ISSUE_EXAMPLES = [
    (2024, "trước 15/3/2024", "date", None, D(2024, 3, 15), None),
    (2024, "đến ngày 5-6-2024", "date", None, D(2024, 6, 5), None),
    (2024, "chậm nhất ngày 20.11.2024", "date", None, D(2024, 11, 20), None),
    (2024, "31 tháng 10 năm 2024", "date", None, D(2024, 10, 31), None),
    (2024, "ngày 31 tháng 10", "date", None, D(2024, 10, 31), None),
    (2024, "trước ngày 20/11", "date", None, D(2024, 11, 20), None),
    (2024, "31/12/24", "date", None, D(2024, 12, 31), None),
    (2024, "tháng 11/2024", "period", D(2024, 11, 1), D(2024, 11, 30), None),
    (2024, "trong tháng 10", "period", D(2024, 10, 1), D(2024, 10, 31), None),
    (2013, "cuối tháng 6/2013", "period", D(2013, 6, 1), D(2013, 6, 30), None),
    (2024, "từ tháng 4 đến tháng 6/2024", "period", D(2024, 4, 1), D(2024, 6, 30), None),
    (2024, "tháng 3 - tháng 5/2024", "period", D(2024, 3, 1), D(2024, 5, 31), None),
    (2024, "tháng 3-5/2024", "period", D(2024, 3, 1), D(2024, 5, 31), None),
    (2024, "Quý 3/2024", "period", D(2024, 7, 1), D(2024, 9, 30), None),
    (2022, "Quý II, Quý III năm 2022", "period", D(2022, 4, 1), D(2022, 9, 30), None),
    (2022, "Quí II/2022", "period", D(2022, 4, 1), D(2022, 6, 30), None),
    (2024, "từ quý II đến quý IV năm 2024", "period", D(2024, 4, 1), D(2024, 12, 31), None),
    (2024, "Quý IV", "period", D(2024, 10, 1), D(2024, 12, 31), None),
    (2024, "6 tháng đầu năm", "period", D(2024, 1, 1), D(2024, 6, 30), None),
    (2024, "9 tháng đầu năm", "period", D(2024, 1, 1), D(2024, 9, 30), None),
    (2024, "6 tháng cuối năm", "period", D(2024, 7, 1), D(2024, 12, 31), None),
    (2024, "6 tháng năm 2024", "period", D(2024, 1, 1), D(2024, 6, 30), None),
    (2024, "trong năm", "period", D(2024, 1, 1), D(2024, 12, 31), None),
    (2024, "giai đoạn 2023-2025", "period", D(2023, 1, 1), D(2025, 12, 31), None),
    (2024, "từ năm 2023 đến năm 2025", "period", D(2023, 1, 1), D(2025, 12, 31), None),
    (2024, "nửa đầu năm", "period", D(2024, 1, 1), D(2024, 6, 30), None),
    (2024, "13 tháng đầu năm", "unknown", None, None, None),
    (2024, "đến hết năm 2025", "period", None, D(2025, 12, 31), None),
    (2024, "cuối năm", "period", None, D(2024, 12, 31), None),
    (2024, "năm 2024 và những năm tiếp theo", "recurring", D(2024, 1, 1), D(2024, 12, 31), "yearly"),
    (2024, "tháng 4 của năm tiếp theo", "period", D(2025, 4, 1), D(2025, 4, 30), None),
    (2024, "năm sau", "period", D(2025, 1, 1), D(2025, 12, 31), None),
    (2024, "hàng năm", "recurring", None, None, "yearly"),
    (2024, "Hằng năm", "recurring", None, None, "yearly"),
    (2024, "hằng quý", "recurring", None, None, "quarterly"),
    (2024, "hàng quý", "recurring", None, None, "quarterly"),
    (2024, "định kỳ hàng tháng", "recurring", None, None, "monthly"),
    (2024, "6 tháng/lần", "recurring", None, None, "every 6 months"),
    (2024, "định kỳ 6 tháng", "recurring", None, None, "every 6 months"),
    (2024, "báo cáo theo quý", "recurring", None, None, "quarterly"),
    (2024, "theo tháng 10/2024", "period", D(2024, 10, 1), D(2024, 10, 31), None),
    (2024, "02 lần/năm", "recurring", None, None, "every 6 months"),
    (2024, "trước ngày 20/11 hàng năm", "recurring", None, D(2024, 11, 20), "yearly"),
    (2024, "Quý IV hằng năm", "recurring", D(2024, 10, 1), D(2024, 12, 31), "yearly"),
    (2024, "liên tục", "ongoing", None, None, None),
    (2024, "thường xuyên, liên tục", "ongoing", None, None, None),
    (2024, "Thường xuyên; báo cáo trước 15/12/2024", "date", None, D(2024, 12, 15), None),
    (2024, "từ 01/3 đến 30/6/2024", "date", D(2024, 3, 1), D(2024, 6, 30), None),
    (2024, "31/02/2024", "unknown", None, None, None),
    (2024, "tháng 13/2024", "unknown", None, None, None),
    (2024, "Quý V/2024", "unknown", None, None, None),
    (2024, "trong vòng 15 ngày kể từ ngày 01/3/2024", "unknown", None, None, None),
    (2024, "khi có yêu cầu", "unknown", None, None, None),
    (2024, "Theo kế hoạch của UBND huyện", "unknown", None, None, None),
    (None, "tháng 10", "unknown", None, None, None),
    (None, "Năm 2023", "period", D(2023, 1, 1), D(2023, 12, 31), None),
    (None, "hằng quý", "recurring", None, None, "quarterly"),
]


def _expect(deadline: Deadline, kind: str, start: dt.date | None, due: dt.date | None, rec: str | None) -> None:
    assert (deadline.kind, deadline.start, deadline.due, deadline.recurrence) == (kind, start, due, rec)


@pytest.mark.parametrize(("year", "text", "kind", "start", "due", "rec"), SEED_PHRASES)
def test_seed_phrases(year: int, text: str, kind: str, start: dt.date, due: dt.date, rec: str) -> None:
    _expect(parse_deadline(text, year), kind, start, due, rec)


@pytest.mark.parametrize(("year", "text", "kind", "start", "due", "rec"), ISSUE_EXAMPLES)
def test_issue_examples(year: int, text: str, kind: str, start: dt.date, due: dt.date, rec: str) -> None:
    _expect(parse_deadline(text, year), kind, start, due, rec)


@pytest.mark.parametrize("variant", [
    "QUÝ IV/2024",
    unicodedata.normalize("NFD", "Quý IV/2024"),
    "  quý   iv \n / 2024 ",
    "<i>Quý IV/2024</i>",
    "Quý IV&nbsp;/2024",
])
def test_case_unicode_spacing_and_html_are_ignored(variant: str) -> None:
    _expect(parse_deadline(variant, 2020), "period", D(2024, 10, 1), D(2024, 12, 31), None)


def test_none_is_unknown_with_empty_text() -> None:
    deadline = parse_deadline(None, 2024)
    assert (deadline.kind, deadline.due, deadline.text, deadline.clauses) == ("unknown", None, "", ())


def test_clauses_keep_their_own_reading() -> None:
    deadline = parse_deadline("Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023", 2023)
    assert deadline.clauses == (
        Clause("Ban hành Kế hoạch tháng 12/2022", "period", D(2022, 12, 1), D(2022, 12, 31), None),
        Clause("Triển khai thực hiện trong năm 2023", "period", D(2023, 1, 1), D(2023, 12, 31), None),
    )


def test_relative_clause_is_unknown_and_html_is_gone() -> None:
    deadline = parse_deadline("Ban hành (<i>chậm nhất 15 ngày kể từ ngày ban hành</i>); trước 31/3/2023", 2023)
    first, second = deadline.clauses
    assert (first.kind, first.due, first.text) == ("unknown", None, "Ban hành ( chậm nhất 15 ngày kể từ ngày ban hành )")
    assert (second.kind, second.due) == ("date", D(2023, 3, 31))


def test_text_is_kept_as_given() -> None:
    text = "Quý II, Quý III \n\nnăm 2022"
    assert parse_deadline(text, 2022).text == text


def test_to_dict_uses_iso_dates() -> None:
    assert parse_deadline("9 tháng cuối năm và những năm tiếp theo", 2024).to_dict() == {
        "kind": "recurring", "start": "2024-04-01", "due": "2024-12-31", "recurrence": "yearly",
        "text": "9 tháng cuối năm và những năm tiếp theo",
    }


def test_due_date_of_prefers_the_typed_date() -> None:
    assert due_date_of(D(2024, 5, 2), "Quý IV/2024", 2024) == D(2024, 5, 2)
    assert due_date_of(dt.datetime(2024, 5, 2, 13, 0), "Quý IV/2024", 2024) == D(2024, 5, 2)
    assert due_date_of(None, "Quý IV/2024", 2024) == D(2024, 12, 31)
    assert due_date_of(None, "Thường xuyên", 2024) is None


# --------------------------------------------------------------------------- properties

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_DATE_FORMS = [
    "{d}/{m}/{y}", "{d:02}/{m:02}/{y}", "{d:02}-{m:02}-{y}", "{d}.{m}.{y}", "{d:02}.{m:02}.{y}",
    "ngày {d} tháng {m} năm {y}", "{d} tháng {m} năm {y}", "trước {d}/{m}/{y}", "đến ngày {d:02}/{m:02}/{y}",
    "chậm nhất ngày {d}-{m}-{y}", "Ban hành kế hoạch trước ngày {d}/{m}/{y}",
]
_QUARTER_FORMS = ["Quý {r}/{y}", "Quý {q}/{y}", "Quý {r} năm {y}", "Quý {q} năm {y}", "Quí {r}/{y}", "trong quý {r} năm {y}"]


def _styled(text: str, style: str) -> str:
    """The same words as a clerk's other keyboards/editors would store them."""
    return {"nfc": text, "nfd": unicodedata.normalize("NFD", text), "upper": text.upper(),
            "spaced": "  " + text.replace(" ", "  \n ") + " "}[style]


_STYLES = st.sampled_from(["nfc", "nfd", "upper", "spaced"])


@settings(max_examples=300, deadline=None)
@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)), st.sampled_from(_DATE_FORMS), _STYLES)
def test_rendered_dates_parse_back(day: dt.date, form: str, style: str) -> None:
    text = _styled(form.format(d=day.day, m=day.month, y=day.year), style)
    deadline = parse_deadline(text, 2000)
    assert (deadline.kind, deadline.due) == ("date", day), text


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(1990, 2100), st.sampled_from(_QUARTER_FORMS), _STYLES)
def test_rendered_quarters_parse_back(quarter: int, year: int, form: str, style: str) -> None:
    text = _styled(form.format(r=_ROMAN[quarter], q=quarter, y=year), style)
    deadline = parse_deadline(text, 2000)
    first_month = 3 * quarter - 2
    assert deadline.kind == "period", text
    assert deadline.start == D(year, first_month, 1)
    assert deadline.due == (D(year, first_month + 3, 1) - dt.timedelta(days=1) if quarter < 4 else D(year, 12, 31))


_VI_WORDS = st.sampled_from([
    "Quý", "quí", "II", "IV", "tháng", "năm", "ngày", "trước", "đến", "từ", "hết", "cuối", "đầu", "hằng",
    "hàng", "những năm tiếp theo", "Thường xuyên", "kể từ", "/", "-", ".", ";", ",", "<i>", "</i>", "\n",
    "2023", "2024", "12", "31", "02", "9", "6", "0", "13", "99999",
])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(_VI_WORDS, max_size=12).map(" ".join)),
       st.one_of(st.none(), st.integers(-10, 20000)))
def test_any_text_never_raises_and_stays_consistent(text: str, year: int | None) -> None:
    deadline = parse_deadline(text, year)
    assert deadline.kind in KINDS
    assert deadline.start is None or deadline.due is None or deadline.start <= deadline.due
    assert all(clause.kind in KINDS for clause in deadline.clauses)
    if deadline.kind in ("ongoing", "unknown"):
        assert deadline.due is None


# Phrases of 2026 plans (plan year 2026): quarters with a hyphenated year, a month named with
# its quarter, "before month M"; and events that name no calendar date, which stay unknown.
PHRASES_2026 = [
    (2026, "quý III-2027", "period", D(2027, 7, 1), D(2027, 9, 30), None),
    (2026, "Quý II - 2026", "period", D(2026, 4, 1), D(2026, 6, 30), None),
    (2026, "3 tháng cuối năm", "period", D(2026, 10, 1), D(2026, 12, 31), None),
    (2026, "6 tháng cuối năm 2026", "period", D(2026, 7, 1), D(2026, 12, 31), None),
    (2026, "Tháng 8, quý III/2026", "period", D(2026, 8, 1), D(2026, 8, 31), None),
    (2026, "Quý II (tháng 6/2026)", "period", D(2026, 6, 1), D(2026, 6, 30), None),
    (2026, "tháng 8 quý III năm 2026", "period", D(2026, 8, 1), D(2026, 8, 31), None),
    (2026, "Tháng 12/2026 (quý IV)", "period", D(2026, 12, 1), D(2026, 12, 31), None),
    (2026, "trước tháng 7/2026", "period", None, D(2026, 6, 30), None),
    (2026, "Trước tháng 3 năm 2027", "period", None, D(2027, 2, 28), None),
    (2026, "Quý II/2026 - Quý III/2026", "period", D(2026, 4, 1), D(2026, 9, 30), None),
    (2026, "Tháng 6/2026, trước vụ Mùa", "period", D(2026, 6, 1), D(2026, 6, 30), None),
    (2026, "Từ ngày 01/7/2026", "date", D(2026, 7, 1), None, None),
    (2026, "Từ tháng 3/2026", "period", D(2026, 3, 1), None, None),
    (2026, "Vụ Chiêm Xuân 2026", "unknown", None, None, None),
    (2026, "vụ Hè Thu năm 2026", "unknown", None, None, None),
    (2026, "Vụ Đông Xuân 2025-2026", "unknown", None, None, None),
    (2026, "Trước vụ Mùa", "unknown", None, None, None),
    (2026, "Trước Tết Nguyên đán 2027", "unknown", None, None, None),
    (2026, "Dịp Tết Nguyên đán Bính Ngọ 2026", "unknown", None, None, None),
    (2026, "Rằm tháng Giêng", "unknown", None, None, None),
    (2026, "Rằm tháng 7", "unknown", None, None, None),
    (2026, "Trước ngày 15/8 âm lịch", "unknown", None, None, None),
    (2026, "Tết Trung thu 2026", "unknown", None, None, None),
    (2026, "năm học 2026 – 2027", "unknown", None, None, None),
    (2026, "Khai giảng năm học 2026-2027", "unknown", None, None, None),
    (2026, "Học kỳ I năm học 2026-2027", "unknown", None, None, None),
    (2026, "Từ ngày …", "unknown", None, None, None),
]


@pytest.mark.parametrize(("year", "text", "kind", "start", "due", "rec"), PHRASES_2026)
def test_phrases_of_2026(year: int, text: str, kind: str, start: dt.date, due: dt.date, rec: str) -> None:
    _expect(parse_deadline(text, year), kind, start, due, rec)


def test_a_task_word_is_not_a_season() -> None:
    """``nhiệm vụ`` folds to ``vu`` like ``vụ Mùa``: it must not make a dated clause unknown."""
    found = parse_deadline("Hoàn thành nhiệm vụ đông người tháng 5/2026", 2026)
    assert (found.kind, found.start, found.due) == ("period", D(2026, 5, 1), D(2026, 5, 31))
