"""Lead/support spellings from the seed plans resolved to canonical agency names."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from cchc_sheets.compute.agencies import BUILTIN_AGENCIES, AgencyDirectory, AgencyMatch, split_agencies
from cchc_sheets.core.model import Agency

VPTK = "Văn phòng – Thống kê"
TPHT = "Tư pháp – Hộ tịch"
VHXH = "Văn hóa – Xã hội"
VHTT = "Văn hóa – Thông tin"
TCKT = "Tài chính – Kế toán"
STAFF = "Các công chức chuyên môn"
CBCC = "Các CBCC"

# (as typed in the seeds, canonical or None when kept as typed)
SEED_SPELLINGS = [
    # 001
    ("Phòng Nội vụ", "Phòng Nội vụ"),
    ("Văn hóa và Thông tin", VHTT),
    ("Văn hóa thông tin", VHTT),
    ("- Văn phòng – Thống kê", VPTK),
    ("Tư pháp xã", TPHT),
    ("UBND xã", "UBND xã"),
    ("Tài chính – ngân sách xã", TCKT),
    ("Tài chính ngân sách xã", TCKT),
    ("Trạm y tế xã", "Trạm Y tế xã"),
    ("Các ban, ngành", "Các ban, ngành"),
    ("Các ban ngành", "Các ban, ngành"),
    ("Các công chức chuyên môn", STAFF),
    ("Công chức chuyên môn", STAFF),
    ("Lãnh đạo, công chức phụ trách", None),
    ("Các ban, ngành, công dân đến đến giao dịch TTHC", None),
    ("Các ban, ngành, công chức chuyên môn", None),
    ("Bộ phận Văn hóa – Xã hội", VHXH),
    # 003 (names wrapped over lines by the extraction)
    ("Công chức \n\nVP-TK", VPTK),
    ("Các công chức \n\nchuyên môn", STAFF),
    ("Công chức \n\nchuyên môn", STAFF),
    # 004
    ("Công chức Tư pháp – Hộ tịch", TPHT),
    ("Công chức Tư pháp-Hộ tịch", TPHT),
    ("Các CBCC", CBCC),
    ("CBCC", CBCC),
    ("CBCC có liên quan", CBCC),
    ("Công chức Văn phòng – Thống kê", VPTK),
    ("Công chức Văn phòng-Thống kê", VPTK),
    ("Các công chức chuyên môn", STAFF),
    ("Các Công chức chuyên môn", STAFF),
    ("Công chức VHXH", VHXH),
    ("Công chức VHTT", VHTT),
    ("Công chức Văn hoá và Thông tin", VHTT),
    ("Bộ phận tiếp nhận và trả kết quả", "Bộ phận tiếp nhận và trả kết quả"),
    ("Công chức Tài chính - Kế toán", TCKT),
    ("Công chức chuyên môn", STAFF),
    ("Văn phòng UBND", VPTK),
    ("Phòng Nội vụ", "Phòng Nội vụ"),
    ("Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND"),  # the district office, and the commune office from 2025
    ("Các phòng, ban, đơn vị", None),
    ("UBND Các xã, phường", None),
    ("Ban biên tập", None),
    ("CCBC", None),
    # body texts (000, 004)
    ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Ủy ban MTTQ Việt Nam"),
    ("Đoàn thanh niên phường", "Đoàn Thanh niên"),
    ("Ban chỉ đạo CCHC và chuyển đổi số phường", "Ban Chỉ đạo CCHC"),
]

# Spellings the seeds mistype: accepted, and the known spelling offered as "did you mean".
SEED_TYPOS = [
    ("Văn phòng Thống Kế", VPTK),  # 001
    ("Công chức Văn phòng – Thông kê", VPTK),  # 004
]


@pytest.fixture(scope="module")
def directory() -> AgencyDirectory:
    return AgencyDirectory()


@pytest.mark.parametrize(("typed", "canonical"), SEED_SPELLINGS)
def test_seed_spellings(directory: AgencyDirectory, typed: str, canonical: str | None) -> None:
    (match,) = directory.resolve_cell(typed)
    assert match.canonical == canonical
    assert match.suggestion is None
    assert match.name == (canonical or match.typed)


@pytest.mark.parametrize(("typed", "canonical"), SEED_TYPOS)
def test_seed_typos_resolve_with_a_suggestion(directory: AgencyDirectory, typed: str, canonical: str) -> None:
    match = directory.resolve(typed)
    assert (match.canonical, match.suggestion) == (canonical, canonical)
    assert 85 <= match.score < 100


def test_near_miss_is_a_suggestion_only(directory: AgencyDirectory) -> None:
    match = directory.resolve("Văn phòng Thôngg kê")
    assert (match.canonical, match.suggestion) == (None, VPTK)
    assert match.score >= 85
    assert match.name == "Văn phòng Thôngg kê"


def test_tone_only_typo_is_did_you_mean(directory: AgencyDirectory) -> None:
    assert directory.resolve("Văn phòng Thông kê") == AgencyMatch("Văn phòng Thông kê", VPTK, VPTK, 97.4)


def test_no_diacritics_at_all_is_accepted_silently(directory: AgencyDirectory) -> None:
    assert directory.resolve("Van phong Thong ke") == AgencyMatch("Van phong Thong ke", VPTK, None, 100.0)


def test_short_abbreviations_get_no_spelling_guess(directory: AgencyDirectory) -> None:
    assert directory.resolve("CCBC") == AgencyMatch("CCBC", None, None, 0.0)


@pytest.mark.parametrize("typed", ["Văn hoá – Xã hội", "Văn hóa – Xã hội", "VH-XH", "VHXH",
                                   unicodedata.normalize("NFD", "Công chức Văn hóa – Xã hội"), "VĂN HÓA - XÃ HỘI"])
def test_tone_placement_nfd_case_and_dashes(directory: AgencyDirectory, typed: str) -> None:
    match = directory.resolve(typed)
    assert (match.canonical, match.suggestion) == (VHXH, None)
    assert match.typed == unicodedata.normalize("NFC", match.typed)


def test_old_tone_placement_on_uy(directory: AgencyDirectory) -> None:
    assert directory.resolve("Uỷ ban Mặt trận Tổ quốc").canonical == "Ủy ban MTTQ Việt Nam"


def test_unknown_name_is_kept_as_typed(directory: AgencyDirectory) -> None:
    assert directory.resolve("  Hợp tác xã   nông nghiệp ") == AgencyMatch("Hợp tác xã nông nghiệp", None, None, 0.0)


def test_blank_name(directory: AgencyDirectory) -> None:
    assert directory.resolve("  - ") == AgencyMatch("", None, None, 0.0)
    assert directory.resolve_cell(None) == []


# --------------------------------------------------------------------------- splitting


@pytest.mark.parametrize(("cell", "names"), [
    ("Các ban, ngành", ["Các ban, ngành"]),
    ("Các ban, ngành, công chức chuyên môn", ["Các ban, ngành, công chức chuyên môn"]),
    ("- Văn phòng – Thống kê", ["Văn phòng - Thống kê"]),
    ("Văn phòng UBND; Công chức VHXH", ["Văn phòng UBND", "Công chức VHXH"]),
    ("Phòng Nội vụ; Văn phòng HĐND và UBND", ["Phòng Nội vụ", "Văn phòng HĐND và UBND"]),
    ("- VP-TK\n- Tư pháp – Hộ tịch", ["VP-TK", "Tư pháp - Hộ tịch"]),
    ("+ VP-TK\n+ TP-HT", ["VP-TK", "TP-HT"]),
    ("• VP-TK • TP-HT", ["VP-TK", "TP-HT"]),
    ("VP-TK\nTP-HT", ["VP-TK", "TP-HT"]),
    ("Công chức \n\nVP-TK", ["Công chức VP-TK"]),
    ("Văn phòng –\nThống kê", ["Văn phòng - Thống kê"]),
    ("Các CBCC.", ["Các CBCC"]),
    ("", []),
    (None, []),
])
def test_split_agencies(cell: str | None, names: list[str]) -> None:
    assert split_agencies(cell) == names


def test_resolve_cell_resolves_each_name(directory: AgencyDirectory) -> None:
    assert [m.name for m in directory.resolve_cell("Văn phòng UBND; Công chức VHXH")] == [VPTK, VHXH]


# --------------------------------------------------------------------------- directory


def test_every_builtin_spelling_resolves_to_its_own_agency(directory: AgencyDirectory) -> None:
    wrong = [(spelling, agency.name, directory.resolve(spelling).canonical)
             for agency in BUILTIN_AGENCIES for spelling in (agency.name, *agency.aliases)
             if directory.resolve(spelling).canonical != agency.name]
    assert wrong == []


def test_workbook_aliases_override_builtins() -> None:
    directory = AgencyDirectory([Agency("Văn phòng HĐND – UBND", ["VP-TK", "Văn phòng HĐND và UBND"]),
                                 Agency("Tổ công nghệ số cộng đồng", ["Tổ CNS"])])
    assert directory.resolve("VP-TK").canonical == "Văn phòng HĐND – UBND"
    assert directory.resolve("Văn phòng HĐND và UBND").canonical == "Văn phòng HĐND – UBND"
    assert directory.resolve("to cns").canonical == "Tổ công nghệ số cộng đồng"
    assert directory.resolve("Văn phòng – Thống kê").canonical == VPTK
    names = directory.canonical_names()
    assert names[:2] == ["Văn phòng HĐND – UBND", "Tổ công nghệ số cộng đồng"]
    assert VPTK in names and len(names) == len(set(names))


def test_canonical_names_are_the_builtins_by_default(directory: AgencyDirectory) -> None:
    assert directory.canonical_names() == [agency.name for agency in BUILTIN_AGENCIES]


def test_import_does_not_load_rapidfuzz() -> None:
    code = "import sys, cchc_sheets.compute.agencies, cchc_sheets.compute.deadlines; print('rapidfuzz' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
