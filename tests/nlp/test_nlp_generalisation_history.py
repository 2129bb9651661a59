"""Families of wordings met in UK, community and academic house styles: history told in passing,
new-since-a-year, restated hedges, "no priors", and European morphology words.

Each table is one family (text -> the counting findings expected, fields not listed are not
checked). The sentences are made up for the tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- history told in passing makes no finding -------------------------------------------------

PAST_CASES = [
    # the biopsied calcifications of a post-procedure film, and the specimen's
    ("Post-procedure films. Following stereotactic biopsy of the left 2 o'clock calcifications "
     "a clip was placed. Specimen radiograph showed calcifications in 3 cores. No residual "
     "calcifications at the biopsy site."),
    ("Check mammogram s/p US-guided core bx of rt calcs today. Clip in good position. No "
     "remaining calcs."),
    ("Status post stereotactic VAB of grouped amorphous calcifications, right breast. The "
     "targeted calcifications have been removed."),
    # a history line inside a headerless report
    ("lt dx mammo. h/o lt DCIS presenting as calcs 2017, s/p WLE. no recurrent calcs."),
    ("Surveillance. Hx of right DCIS presenting as pleomorphic calcifications, excised 2016. "
     "No suspicious calcifications."),
]


@pytest.mark.parametrize("text", PAST_CASES)
def test_history_in_passing_is_not_a_finding(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


PAST_SIDE_CASES = [
    # the side of a past biopsy is not the side of the current finding
    ("diagnostic mammogram with a history of right breast biopsy in 2016 for calcifications "
     "there are amorphous calcifications in a regional distribution in the left breast",
     [{"morphology": ("amorphous",), "distribution": "regional", "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), PAST_SIDE_CASES)
def test_side_of_a_past_procedure_is_not_the_findings(extractor, text, expected):
    assert_counting(extractor, text, expected)


# near misses: the current description still counts
PAST_NEAR_MISSES = [
    ("Stereotactic biopsy of the grouped amorphous calcifications is recommended. Grouped "
     "amorphous calcifications at left 3:00, 5 mm.",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "left"}]),
    ("History: screening recall. Findings: new grouped fine pleomorphic calcifications right "
     "10:00, 6 mm.",
     [{"morphology": ("fine_pleomorphic",), "laterality": "right"}]),
]


@pytest.mark.parametrize(("text", "expected"), PAST_NEAR_MISSES)
def test_current_description_beside_history_counts(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "not present in 2019": new, not negated ----------------------------------------------------

NOT_PRESENT_BEFORE_CASES = [
    ("Left: a cluster of amorphous calcifications at 4 o'clock, 3 mm, not present in 2020.",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "left"}]),
    ("Grouped punctate calcs rt 9:00, not seen on the 2021 study.",
     [{"morphology": ("punctate",), "distribution": "grouped", "laterality": "right"}]),
    ("Coarse heterogeneous calcifications grouped at right 2:00, not visible on prior "
     "examinations.",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "grouped"}]),
    ("Regional amorphous calcifications left UOQ, not evident on the 03/2022 mammogram.",
     [{"morphology": ("amorphous",), "distribution": "regional"}]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_PRESENT_BEFORE_CASES)
def test_not_present_before_is_new(extractor, text, expected):
    assert_counting(extractor, text, expected)


NOT_PRESENT_NEAR_MISSES = [
    "Calcifications are not present in the right breast.",
    "Suspicious calcifications are not seen on today's magnification views.",
]


@pytest.mark.parametrize("text", NOT_PRESENT_NEAR_MISSES)
def test_not_present_now_is_still_negated(extractor, text):
    assert_counting(extractor, text, [])


# --- "no priors" speaks of comparison, not of the breast ------------------------------------------

NO_PRIORS_CASES = [
    ("screening bilat. no priors\nscattered benign appearing calcs in both breasts.",
     [{"morphology": ("benign_unspecified",), "laterality": "bilateral"}]),
    ("No prior studies for comparison. Vascular calcifications bilaterally.",
     [{"morphology": ("vascular",), "laterality": "bilateral"}]),
    ("no comparison films available grouped punctate calcifications right 7:00",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), NO_PRIORS_CASES)
def test_no_priors_negates_nothing(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a hedged restatement of the same calcifications is one finding ---------------------------

RESTATEMENT_CASES = [
    ("A new 5 mm group of coarse heterogeneous calcifications, possibly early dystrophic "
     "calcifications, at the right lumpectomy site.",
     [{"morphology": ("coarse_heterogeneous", "dystrophic"), "distribution": "grouped",
       "group_count": 1}]),
    ("Grouped round calcifications left 3:00, probably milk of calcium calcifications.",
     [{"morphology": ("milk_of_calcium",), "distribution": "grouped", "group_count": 1}]),
    ("Clustered amorphous calcifications, versus fine pleomorphic calcifications, right 11:00.",
     [{"morphology": ("amorphous", "fine_pleomorphic"), "group_count": 1}]),
]


@pytest.mark.parametrize(("text", "expected"), RESTATEMENT_CASES)
def test_hedged_restatement_is_one_finding(extractor, text, expected):
    assert_counting(extractor, text, expected)


RESTATEMENT_NEAR_MISSES = [
    # two findings joined by "and": not a restatement
    ("Vascular calcifications and grouped punctate calcifications in the left breast.",
     2),
]


@pytest.mark.parametrize(("text", "n"), RESTATEMENT_NEAR_MISSES)
def test_two_findings_are_not_a_restatement(extractor, text, n):
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert len(found) == n


# --- European and UK words ---------------------------------------------------------------------

EUROPEAN_CASES = [
    ("6 mm cluster of crushed stone type microcalcifications, left UOQ.",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "laterality": "left"}]),
    ("Crushed-stone-like microcalcs RT 10 o'clock, cluster 8 mm.",
     [{"morphology": ("fine_pleomorphic",), "laterality": "right"}]),
    ("benign macrocalcs rt breast.",
     [{"morphology": ("benign_unspecified",), "laterality": "right"}]),
    ("Lucent-centred skin calcifications in both inframammary folds.",
     [{"morphology": ("skin", "rim"), "laterality": "bilateral"}]),
    ("Secretory calcifications in both retroareolar regions.",
     [{"morphology": ("large_rod_like",), "laterality": "bilateral"}]),
]


@pytest.mark.parametrize(("text", "expected"), EUROPEAN_CASES)
def test_european_and_uk_words(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- the side of a mastectomy is not the side of a finding ------------------------------------

MASTECTOMY_SIDE_CASES = [
    ("screening mammo lt (s/p rt mastectomy 2016)\ncomp 2023\ndiffuse punctate calcs "
     "throughout the lt breast.",
     [{"morphology": ("punctate",), "distribution": "diffuse", "laterality": "left"}]),
    ("History right mastectomy. Grouped amorphous calcifications left breast 2:00.",
     [{"morphology": ("amorphous",), "laterality": "left"}]),
    ("Status post left mastectomy; right breast: scattered vascular calcifications.",
     [{"morphology": ("vascular",), "laterality": "right"}]),
]


@pytest.mark.parametrize(("text", "expected"), MASTECTOMY_SIDE_CASES)
def test_mastectomy_side_does_not_bleed(extractor, text, expected):
    assert_counting(extractor, text, expected)


# near miss: calcifications at the mastectomy site keep its side
def test_calcifications_at_mastectomy_site_keep_the_side(extractor):
    assert_counting(extractor, "Dystrophic calcifications at the right mastectomy site.",
                    [{"morphology": ("dystrophic",), "laterality": "right"}])


# --- "Left breast negative." carries no side to the sentences after it ------------------------

NEGATIVE_BREAST_CASES = [
    ("Right breast: grouped fine pleomorphic calcifications at 2:00, 9 mm. Left breast negative. "
     "Ultrasound shows echogenic foci corresponding to the calcifications.",
     [{"morphology": ("fine_pleomorphic",), "laterality": "right"}]),
    ("Grouped amorphous calcifications right breast 10:00. The left breast is unremarkable. "
     "The calcifications measure 6 mm on magnification.",
     [{"morphology": ("amorphous",), "laterality": "right"}]),
]


@pytest.mark.parametrize(("text", "expected"), NEGATIVE_BREAST_CASES)
def test_negative_breast_carries_no_side(extractor, text, expected):
    assert_counting(extractor, text, expected)


# near miss: a side that opens a description still carries
def test_side_heading_still_carries(extractor):
    assert_counting(extractor, "Left breast. Grouped punctate calcifications at 3:00.",
                    [{"morphology": ("punctate",), "laterality": "left"}])


# --- a side with a clock face after a clip or a surgical bed is a place, not a new statement ---

PLACE_AFTER_LANDMARK_CASES = [
    # terse: "unchanged" after the place still reaches the calcifications
    "residual punctate calcs around the bx clip rt 7:00, unchanged.",
    "dystrophic calcs at lumpectomy bed lt 2:00 unchanged from 2020.",
    "The amorphous calcifications around the biopsy marker at right 11:00 are unchanged in "
    "number since the post-biopsy film.",
    "coarse calcs near the surgical clips lt 3:00 stable.",
]


@pytest.mark.parametrize("text", PLACE_AFTER_LANDMARK_CASES)
def test_stable_reaches_past_a_landmark_place(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


# near miss: run-on dictation where the side does open a new statement
def test_run_on_side_after_mass_still_breaks(extractor):
    assert_counting(
        extractor,
        "grouped amorphous calcifications in the right breast at 10:00 new since 2021 no mass "
        "the left breast is unchanged",
        [{"morphology": ("amorphous",), "laterality": "right"}])


# --- "benign" of a stable mass names no calcifications ------------------------------------------

def test_benign_stable_mass_after_a_finding_is_not_a_finding(extractor):
    assert_counting(
        extractor,
        "Grouped amorphous calcifications left 2:00, new. Stable biopsy-proven benign right "
        "breast fibroadenoma.",
        [{"morphology": ("amorphous",), "laterality": "left"}])


# --- milk of calcium looks linear or crescent-shaped where it layers: not a distribution --------

MOC_SHAPE_CASES = [
    ("Grouped calcifications left 3:00 layer on the lateral view, with a linear and crescent "
     "shape typical of milk of calcium.",
     [{"morphology": ("milk_of_calcium",), "distribution": "grouped"}]),
    ("Clustered calcifications right 9:00, linear on the ML view and smudgy on CC, consistent "
     "with milk of calcium.",
     [{"morphology": ("milk_of_calcium",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), MOC_SHAPE_CASES)
def test_milk_of_calcium_shape_is_not_linear_distribution(extractor, text, expected):
    assert_counting(extractor, text, expected)
