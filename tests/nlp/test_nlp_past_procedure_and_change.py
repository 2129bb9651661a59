"""Assertion and finding families of European follow-up and staging reports.

Each table is one family, with near misses that must not fire. The sentences are made up for the
tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- calcifications named only as the reason for a past procedure, or in its specimen ----------
# A side, a year or a needle gauge may stand between the procedure and "of"/"for".

PAST_PROCEDURE_CASES = [
    "Status post stereotactic VAB L 2021 for microcalcifications (B2). "
    "No residual calcifications L.",
    "S/p vacuum-assisted biopsy right 2020 for calcifications, benign. No new calcifications R.",
    "After stereotactic biopsy (11 G) of the microcalcifications L 3 o'clock: clip in place. "
    "No residual microcalcifications.",
    "Following VABB (9G) of the calcifications, control film: calcifications completely removed.",
    "Status post VAB R (2019) for calcifications. Breasts otherwise unremarkable. BI-RADS 2.",
]


@pytest.mark.parametrize("text", PAST_PROCEDURE_CASES)
def test_past_procedure_indication_is_not_a_finding(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


# near misses: a current finding after the history, or a biopsy recommended for calcifications
PAST_PROCEDURE_NEAR_MISSES = [
    ("Status post VAB R 2021 for calcifications. New group of amorphous calcifications "
     "L 2 o'clock.", {"morphology": ("amorphous",), "laterality": "left"}),
    ("Grouped fine pleomorphic calcifications L 10 o'clock, 6 mm. Stereotactic VAB L of the "
     "calcifications recommended.", {"morphology": ("fine_pleomorphic",), "laterality": "left"}),
]


@pytest.mark.parametrize(("text", "expected"), PAST_PROCEDURE_NEAR_MISSES)
def test_past_procedure_near_misses(extractor, text, expected):
    assert_counting(extractor, text, [expected])


# --- a side letter after the calcification word does not cut the negation before it -----------

TRAILING_SIDE_NEGATION_CASES = [
    "No residual or new microcalcifications R. L: unremarkable.",
    "No new or suspicious calcs L. R: normal.",
    "Breasts bds. unremarkable. No new calcifications R, no new calcifications L.",
]


@pytest.mark.parametrize("text", TRAILING_SIDE_NEGATION_CASES)
def test_trailing_side_letter_keeps_negation(extractor, text):
    assert_counting(extractor, text, [])


def test_trailing_side_letter_still_gives_the_side(extractor):
    assert_counting(extractor, "Grouped amorphous microcalcifications R. L: no findings.",
                    [{"morphology": ("amorphous",), "laterality": "right"}])


# --- a change told after its subject cancels the stability told with it -----------------------

CHANGE_AFTER_SUBJECT_CASES = [
    "L: the cluster of punctate calcifications at 2 o'clock (BI-RADS 3 in 2022), stable until "
    "last year, has increased in number.",
    "The group of amorphous calcifications in the right breast at 7 o'clock, previously "
    "unchanged over two examinations, has now become more numerous.",
    "Right breast: grouped amorphous microcalcifications at 11 o'clock (follow-up since 2021), "
    "formerly stable, have increased in extent.",
]


@pytest.mark.parametrize("text", CHANGE_AFTER_SUBJECT_CASES)
def test_change_after_subject_counts(extractor, text):
    assert_counting(extractor, text, [{"distribution": "grouped"}])


# near misses: the change is a mass's, named in between; or no change is told at all
CHANGE_OF_ANOTHER_CASES = [
    "Stable grouped punctate calcifications at 3 o'clock in the left breast; separately, "
    "the oval mass at 9 o'clock has increased in size.",
    "The grouped punctate calcifications at 1 o'clock are stable, and the adjacent "
    "asymmetry at 4 o'clock has enlarged.",
    "The cluster of punctate calcifications at 2 o'clock, previously stable, has not changed.",
]


@pytest.mark.parametrize("text", CHANGE_OF_ANOTHER_CASES)
def test_change_of_another_finding_leaves_stability(extractor, text):
    assert_counting(extractor, text, [])


def test_change_of_calcifications_within_a_mass(extractor):
    text = ("The grouped punctate calcifications within the oval mass at 9 o'clock, stable "
            "before, have increased in number.")
    assert_counting(extractor, text, [{"associated_mass_or_asymmetry": True}])


# --- "scattered", with the place where they are most: still diffuse -----------------------------

SCATTERED_WITH_EMPHASIS_CASES = [
    "Bilaterally scattered skin calcifications, mainly along the inframammary folds.",
    "Scattered punctate calcifications in both breasts, predominantly in the upper outer "
    "quadrants.",
    "Both breasts: scattered round calcifications, most numerous at 12 o'clock.",
    "Scattered dermal calcifications bilaterally, especially in the lower inner quadrants.",
]


@pytest.mark.parametrize("text", SCATTERED_WITH_EMPHASIS_CASES)
def test_scattered_with_emphasis_is_diffuse(extractor, text):
    assert_counting(extractor, text, [{"distribution": "diffuse", "laterality": "bilateral"}])


# near miss: scattered over one named area only is not a distribution
SCATTERED_CONFINED_CASES = [
    "Scattered punctate calcifications in the upper outer quadrant of the left breast.",
    "Left breast: scattered round calcifications at 2 o'clock.",
]


@pytest.mark.parametrize("text", SCATTERED_CONFINED_CASES)
def test_scattered_in_one_area_is_not_diffuse(extractor, text):
    assert_counting(extractor, text, [{"distribution": None}])


# --- calcifications around a known tumour described just before ---------------------------------

AROUND_KNOWN_TUMOUR_CASES = [
    "R: known tumour 10 o'clock, 22 mm, with marker clip. Surrounding fine pleomorphic "
    "microcalcifications over 40 mm.",
    "Left breast: the biopsied tumor at 2 o'clock measures 15 mm. Adjacent fine linear "
    "calcifications extend towards the nipple.",
    "The index tumour in the right breast at 11 o'clock is 18 mm. Associated pleomorphic "
    "calcifications in a segmental distribution.",
    "Known left breast tumour 3 o'clock, 2 cm. Fine linear calcifications around it, "
    "segmental.",
]


@pytest.mark.parametrize("text", AROUND_KNOWN_TUMOUR_CASES)
def test_calcifications_around_known_tumour(extractor, text):
    assert_counting(extractor, text, [{"associated_mass_or_asymmetry": True}])


# near misses: the tumour as a diagnosis, a tumour board, or the next sentence not at the mass
NOT_AT_TUMOUR_CASES = [
    "Segmental fine linear calcifications in the left breast, consistent with the known "
    "malignancy.",
    "Known tumour in the right breast at 10 o'clock, 2 cm. In the left breast, grouped "
    "fine pleomorphic calcifications at 3 o'clock.",
    "Segmental fine pleomorphic calcifications, left breast. Discussed at the tumour board.",
]


@pytest.mark.parametrize("text", NOT_AT_TUMOUR_CASES)
def test_calcifications_not_at_tumour(extractor, text):
    assert_counting(extractor, text, [{"associated_mass_or_asymmetry": False}])


# --- the side of a one-breast exam, written as a letter in the title or in a local language ----

BODY = ("Grouped amorphous microcalcifications at 10 o'clock, 5 mm. No mass.\n"
        "Assessment: BI-RADS 4a.")
TITLE_LETTER_CASES = [
    ("Mammography L (diagnostic), spot magnification.\n", "left"),
    ("Mammogram R, 2 views, comparison 2022.\n", "right"),
    ("Diagnostic mammography L: follow-up.\n", "left"),
    ("MX R - magnification views CC and ML.\n", "right"),
]


@pytest.mark.parametrize(("title", "side"), TITLE_LETTER_CASES)
def test_side_letter_in_exam_title(extractor, title, side):
    assert_counting(extractor, title + BODY, [{"laterality": side}])


# near misses: a bilateral title, or the letter of a clock position or of a view
TITLE_LETTER_NEAR_MISSES = [
    "Mammography bds., R CC and L CC views.\n",
    "Mammography, R MLO repeated for positioning.\n",
    "Mammography, both sides.\n",
]


@pytest.mark.parametrize("title", TITLE_LETTER_NEAR_MISSES)
def test_no_side_from_title(extractor, title):
    assert_counting(extractor, title + BODY, [{"laterality": None}])


LOCAL_EXAM_TYPE_CASES = [
    ("Mammographie links", "left"),
    ("Mamografia derecha", "right"),
    ("Mammografia sinistra", "left"),
    ("Mammografie rechter borst", "right"),
    ("Mammografi höger", "right"),
]


@pytest.mark.parametrize(("exam_type", "side"), LOCAL_EXAM_TYPE_CASES)
def test_local_language_exam_type_side(extractor, exam_type, side):
    assert_counting(extractor, BODY, [{"laterality": side}], exam_type=exam_type)


@pytest.mark.parametrize("exam_type", ["Mammographie beidseits", "Mamografia bilateral",
                                       "Mammografie bdz"])
def test_local_language_bilateral_exam_type(extractor, exam_type):
    assert_counting(extractor, BODY, [{"laterality": None}], exam_type=exam_type)


# --- past a ";", a morphology naming a part of the calcifications just described --------------

PART_PAST_SEMICOLON_CASES = [
    "Left breast: group of amorphous calcifications at 2 o'clock; punctate components as well.",
    "Cluster of punctate microcalcifications R 9 o'clock; amorphous elements too.",
    "Grouped round calcifications at 4 o'clock; some punctate forms also present.",
]


@pytest.mark.parametrize("text", PART_PAST_SEMICOLON_CASES)
def test_part_past_semicolon_joins_the_finding(extractor, text):
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert len(found) == 1 and len(found[0].morphology) == 2, found


# near misses: a part ruled out, or another finding with its own head after the ";"
def test_part_ruled_out_past_semicolon(extractor):
    assert_counting(extractor, "Group of amorphous calcifications at 2 o'clock; no fine "
                    "pleomorphic forms.", [{"morphology": ("amorphous",)}])


def test_other_finding_past_semicolon(extractor):
    text = ("Group of amorphous calcifications at 2 o'clock; coarse calcifications in the "
            "other breast.")
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert [f.morphology for f in found] == [("amorphous",), ("coarse",)]
