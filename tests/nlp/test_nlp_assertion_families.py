"""Assertion families met in reporting-software, second-language, 4th-edition-era and combined
reports: whether a calcification mention counts.

Each table is one family (text -> the counting findings expected; fields not listed are not
checked), with near misses that must not fire. The sentences are made up for the tests; they are
not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- template check boxes: an unselected box is not a finding -----------------------------------

UNSELECTED_BOX_CASES = [
    "Findings:\nRight: [ ] mass  [ ] calcifications  [ ] distortion\nNo suspicious calcifications.",
    "Left breast:\n  Mass [ ]   Calcifications [ ]   Asymmetry [ ]\nNegative.",
    "Calcifications: [ ]   Mass: [ ]   Distortion: [ ]\nBI-RADS 1.",
    "Screening.\n☐ mass ☐ calcifications ☐ asymmetry\nNegative bilateral mammogram.",
]


@pytest.mark.parametrize("text", UNSELECTED_BOX_CASES)
def test_unselected_box_is_not_a_finding(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text)[0] is None


SELECTED_BOX_CASES = [
    ("Finding 1: left breast 2:00\n[x] calcifications  [ ] mass  [ ] asymmetry\n"
     "Morphology: Amorphous\nDistribution: Grouped",
     {"morphology": ("amorphous",), "distribution": "grouped",
      "associated_mass_or_asymmetry": False}),
    ("Finding 1: right breast 10:00\n  Calcifications [x]  Mass [ ]  Asymmetry [ ]\n"
     "  Morphology: Fine pleomorphic\n  Distribution: Segmental",
     {"morphology": ("fine_pleomorphic",), "associated_mass_or_asymmetry": False}),
    # a selected mass box still makes the mass
    ("Finding 1: right breast 10:00\n  Calcifications [x]  Mass [x]  Asymmetry [ ]\n"
     "  Morphology: Fine pleomorphic\n  Distribution: Grouped",
     {"morphology": ("fine_pleomorphic",), "associated_mass_or_asymmetry": True}),
]


@pytest.mark.parametrize(("text", "expected"), SELECTED_BOX_CASES)
def test_unselected_box_beside_a_selected_one(extractor, text, expected):
    assert_counting(extractor, text, [expected])


def test_template_blank_is_not_a_check_box(extractor):
    assert_counting(extractor, "Grouped amorphous calcifications in the [left] breast at 2:00.",
                    [{"morphology": ("amorphous",), "laterality": "left"}])


# --- negation written after the noun ---------------------------------------------------------

POST_POSED_NEGATION_CASES = [
    "Nodular formations and microcalcifications are not detected.",
    "Microcalcifications were not found in either breast.",
    "Suspicious calcifications are not determined. Conclusion: BI-RADS 1.",
    "Pathological microcalcifications are not revealed.",
    "Calcifications could not be identified on the magnified views.",
    "Focal lesions, calcifications not observed.",
]


@pytest.mark.parametrize("text", POST_POSED_NEGATION_CASES)
def test_post_posed_negation(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_post_posed_negation_near_miss(extractor):
    # the negation is the mass's; the calcifications are described
    assert_counting(extractor, "Grouped amorphous calcifications at left 2:00. A mass is not "
                               "detected.",
                    [{"morphology": ("amorphous",), "distribution": "grouped"}])


# --- resolved, removed: no longer present ----------------------------------------------------

RESOLVED_CASES = [
    "Impression: Resolved questioned calcifications, left breast. BI-RADS 1.",
    "The possible calcifications of the prior screen have disappeared on magnification views.",
    "Post-biopsy film. The targeted microcalcifications removed; clip in place.",
    "Resolution of the previously seen calcifications at right 12:00.",
]


@pytest.mark.parametrize("text", RESOLVED_CASES)
def test_resolved_or_removed_does_not_count(extractor, text):
    assert_counting(extractor, text, [])


# --- stability, however it is written ---------------------------------------------------------

STABLE_CASES = [
    "A cluster of punctate calcifications in the left breast, without changes compared with "
    "the study of 2021.",
    "Group of round microcalcifications right UOQ - without dynamics since 2020.",
    "Grouped amorphous calcifications at right 9:00, same as before.",
    "Regional punctate calcifications left breast remain the same compared to prior.",
    "Magnification views again demonstrate the cluster of round calcifications at left 3:00.",
    "Redemonstrated grouped punctate calcifications, right breast 7:00.",
    "Coarse heterogeneous calcifications grouped at right 2:00, with no significant change.",
    "Amorphous calcifications in a regional distribution, left breast, not significantly "
    "changed.",
    "Rim calcifications of the known left breast oil cyst are stable since 2009.",
    "Dermal calcifications in the right breast are unchanged.",
    "Grouped punctate calcifications left 4:00, unaltered from the previous examination.",
]


@pytest.mark.parametrize("text", STABLE_CASES)
def test_stability_wordings_do_not_count(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


STABLE_NEAR_MISSES = [
    # change cancels stability
    ("Grouped amorphous calcifications at right 9:00, previously without changes, now "
     "increased in number.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    # "again" with another meaning
    ("Recalled again for grouped amorphous calcifications, left 1:00, new since 2022.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    # a year that is not "since YEAR"
    ("New grouped fine pleomorphic calcifications at right 11:00, not present in 2022.",
     [{"morphology": ("fine_pleomorphic",)}]),
]


@pytest.mark.parametrize(("text", "expected"), STABLE_NEAR_MISSES)
def test_stability_near_misses_still_count(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_described_on_the_prior_is_history(extractor, guideline):
    text = ("Compared with 2022, when punctate calcifications were reported in the left breast, "
            "there is no significant interval change. No new calcifications.")
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


# --- history told in passing -------------------------------------------------------------------

HISTORY_CASES = [
    "K/C/O left DCIS (presented as microcalcifications), s/p lumpectomy 2018. No recurrent "
    "microcalcifications.",
    "Known case of right breast carcinoma presenting as calcifications, treated 2017. No "
    "suspicious calcifications.",
    "Post procedure film. Ultrasound guided vacuum assisted biopsy of right 10:00 "
    "microcalcifications done today. No residual microcalcifications.",
]


@pytest.mark.parametrize("text", HISTORY_CASES)
def test_history_in_passing_makes_no_finding(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_recommended_biopsy_is_not_history(extractor):
    assert_counting(extractor, "Recommend stereotactic biopsy of the grouped fine pleomorphic "
                               "calcifications at left 6:00.",
                    [{"morphology": ("fine_pleomorphic",), "laterality": "left"}])


# --- a question raised and answered a few sentences on -----------------------------------------

def test_question_answered_after_the_views_are_named(extractor, guideline):
    text = ("Outside mammogram reportedly showed possible calcifications in the left breast. "
            "Images not available. Spot magnification views of the left UOQ obtained. No "
            "calcifications are seen. BI-RADS 1.")
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_negation_of_something_else_does_not_rule_out_a_described_finding(extractor):
    text = ("At 6 o'clock right breast there are a few calcifications, amorphous versus fine "
            "pleomorphic. No mass. Skin thickening is absent.")
    assert_counting(extractor, text, [{"morphology": ("amorphous", "fine_pleomorphic")}])


# --- seen before in retrospect; the calcifications a follow-up exam is for -----------------------

RETROSPECT_CASES = [
    ("Grouped punctate calcifications at left 5:00 are unchanged. In retrospect they are also "
     "faintly visible on the 2019 study."),
    ("Short-interval f/u rt calcs. The cluster of round calcifications at right 7:00 is stable. "
     "BI-RADS 3."),
    ("6-month follow-up of probably benign calcifications, left breast. The group of punctate "
     "calcifications at 1:00 is unchanged in number and extent."),
]


@pytest.mark.parametrize("text", RETROSPECT_CASES)
def test_followed_and_retrospective_calcifications_stay_stable(extractor, guideline, text):
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


def test_followed_calcifications_that_changed_count(extractor):
    text = ("6-month follow-up of probably benign calcifications, left breast. The group of "
            "punctate calcifications at 1:00 has increased in number.")
    assert_counting(extractor, text, [{"morphology": ("punctate",), "distribution": "grouped",
                                       "laterality": "left"}])
