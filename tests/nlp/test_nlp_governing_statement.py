"""Which statement governs a report changed after its first reading: a resident's preliminary
block replaced by the attending's final one, another report quoted, a correction or amendment
that takes a word or a side back.

Each table is one family (text -> expected), with near misses that must not fire. The reports
are made up for the tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- a preliminary block replaced by the final reading ------------------------------------------

PRELIMINARY_REPLACED_CASES = [
    # the final text re-describes: only its words make the finding, only its category counts
    ("LEFT DIAGNOSTIC MAMMOGRAM\nPRELIMINARY (resident Dr. Q. Adeyemi): grouped punctate "
     "calcifications left 4:00. BI-RADS 3.\nFINAL (Dr. V. Castellanos): The group at left 4:00 is "
     "made of amorphous calcifications. No mass.\nIMPRESSION: Grouped amorphous calcifications "
     "left 4:00. BI-RADS 4A.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], "4A"),
    ("RIGHT DIAGNOSTIC MAMMOGRAM\n*Preliminary report* (fellow): Segmental fine pleomorphic "
     "calcifications right breast. BI-RADS 4C.\n\n*Final report* (attending): I disagree. The "
     "calcifications are scattered vascular calcifications. No suspicious calcifications.\n"
     "ASSESSMENT: BI-RADS 2.",
     [{"morphology": ("vascular",)}], "2"),
    ("Resident preliminary (Dr. K. Moreau):\nFindings: Regional amorphous calcifications, right "
     "upper breast.\nImpression: BI-RADS 4B.\n\nAttending final report (Dr. H. Sato):\nEdited. "
     "The amorphous calcifications in the right upper breast are grouped, 6 mm.\n"
     "Impression: Grouped amorphous calcifications. BI-RADS 4A.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], "4A"),
    ("Prelim read (PGY-2): Grouped punctate calcifications right 8:00.\nFINAL ATTENDING "
     "INTERPRETATION: Revised. The right 8:00 calcifications are amorphous and grouped, 5 mm.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], None),
    ("PRELIMINARY REPORT - NOT FOR CLINICAL USE\nPossible grouped calcifications in the left "
     "breast. BI-RADS 0.\n\nFINAL REPORT\nFindings: Additional views show superimposed tissue. "
     "No calcifications are present.\nImpression: Negative. BI-RADS 1.",
     [], "1"),
]


@pytest.mark.parametrize(("text", "expected", "birads"), PRELIMINARY_REPLACED_CASES)
def test_final_reading_replaces_the_preliminary(extractor, text, expected, birads):
    assert_counting(extractor, text, expected)
    assert extractor.extract(text).birads == birads


PRELIMINARY_KEPT_CASES = [
    # the attending agrees: the preliminary's description stands
    ("PRELIMINARY REPORT by Dr. P. Ilunga (PGY-3):\nGrouped punctate calcifications, right 7:00, "
     "3 mm. BI-RADS 3.\n\nATTENDING ADDENDUM (Dr. R. Novak): Agree. Six-month follow-up.",
     [{"morphology": ("punctate",), "distribution": "grouped"}], "3"),
    # a sentence about who read it is not a preliminary block
    ("Preliminary dictated by a resident and reviewed by the attending, who agrees.\n"
     "Findings: Grouped amorphous calcifications left 11:00, 4 mm.\nBI-RADS 4A.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], "4A"),
    # no final block follows: nothing is replaced
    ("PRELIMINARY (resident): Grouped amorphous calcifications right 2:00. BI-RADS 4A.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], "4A"),
]


@pytest.mark.parametrize(("text", "expected", "birads"), PRELIMINARY_KEPT_CASES)
def test_preliminary_stands_when_not_replaced(extractor, text, expected, birads):
    assert_counting(extractor, text, expected)
    assert extractor.extract(text).birads == birads


# --- another report quoted: history --------------------------------------------------------------

QUOTED_REPORT_CASES = [
    ('The 2022 report described "grouped fine pleomorphic calcifications, right breast". '
     "Findings: The group at right 1:00 is made of round and punctate calcifications, 4 mm.",
     [{"morphology": ("punctate", "round"), "distribution": "grouped"}]),
    ('Outside impression (quoted): "Regional amorphous calcifications, left breast. BI-RADS 4A."\n'
     "OUR INTERPRETATION: Segmental amorphous calcifications in the left breast over 5 cm.",
     [{"morphology": ("amorphous",), "distribution": "segmental"}]),
    ('Prior report (03/2023) read: "Linear punctate calcifications left 6:00, BI-RADS 3."\n'
     "Findings: The punctate calcifications at left 6:00 now form a group of 5 mm, increased.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED_REPORT_CASES)
def test_quoted_report_is_history(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_quoted_report_category_is_not_the_assessment(extractor):
    text = ('Outside report: "Grouped amorphous calcifications right breast. BI-RADS 4B."\n'
            "Findings: Grouped amorphous calcifications right 9:00.\nBI-RADS 4A.")
    assert extractor.extract(text).birads == "4A"


def test_quoted_words_without_attribution_are_read(extractor):
    # a word in quotation marks that no other report is said to have written
    text = 'Findings: "Grouped" amorphous calcifications, right 10:00, 4 mm. BI-RADS 4A.'
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "distribution": "grouped"}])


# --- a correction takes a word back across the report -------------------------------------------

WORD_CORRECTION_CASES = [
    # the amendment above the body it corrects
    ("AMENDED REPORT\nReason: \"Linear\" was dictated in error; the distribution is SEGMENTAL.\n\n"
     "Findings: Amorphous calcifications in a linear distribution, right breast, 3 cm.\n"
     "Impression: Linear amorphous calcifications right breast. BI-RADS 4B.",
     [{"morphology": ("amorphous",), "distribution": "segmental"}]),
    # the addendum below it
    ("Findings: Grouped round calcifications, left 1:00, 5 mm.\nImpression: BI-RADS 3.\n\n"
     "ADDENDUM: Correction: the findings should read grouped PUNCTATE calcifications, not round. "
     "No other change.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Findings: Grouped coarse calcifications at right 5:00, 4 mm, new.\nBI-RADS 4A.\n\n"
     "Amendment: \"coarse calcifications\" should read \"coarse heterogeneous calcifications\". "
     "Assessment unchanged.",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "grouped"}]),
    ("Findings: Regional punctate calcifications, left breast.\nBI-RADS 3.\n\nADDENDUM: The "
     "distribution was changed from regional to diffuse after review. Assessment unchanged.",
     [{"morphology": ("punctate",), "distribution": "diffuse"}]),
]


@pytest.mark.parametrize(("text", "expected"), WORD_CORRECTION_CASES)
def test_correction_takes_a_word_back(extractor, text, expected):
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert found
    for finding in found:
        assert set(finding.morphology) == set(expected[0]["morphology"])
        assert finding.distribution == expected[0]["distribution"]


def test_correction_of_one_side_leaves_the_other(extractor):
    text = ("RIGHT: Grouped punctate calcifications at 9:00.\nLEFT: Grouped punctate "
            "calcifications at 2:00.\nBI-RADS 3.\n\nAMENDMENT: The left breast group is "
            "AMORPHOUS, not punctate. Assessment unchanged.")
    sides = {f.laterality: set(f.morphology) for f in extractor.extract(text).findings
             if f.counts}
    assert sides["right"] == {"punctate"}
    assert sides["left"] == {"amorphous"}


WORD_NOT_TAKEN_BACK_CASES = [
    # a "not" outside any revision statement stays with its own finding
    ("Findings: Grouped amorphous calcifications at right 2:00. At right 8:00 a second group "
     "is round, not amorphous.",
     {"amorphous"}),
    # a negated form beside a present one is not a correction
    ("ADDENDUM: Outside priors reviewed. Grouped amorphous calcifications at right 2:00 are new. "
     "No fine pleomorphic or fine linear forms.",
     {"amorphous"}),
]


@pytest.mark.parametrize(("text", "kept"), WORD_NOT_TAKEN_BACK_CASES)
def test_word_not_taken_back(extractor, text, kept):
    morphologies = set().union(*(f.morphology for f in extractor.extract(text).findings
                                 if f.counts))
    assert kept <= morphologies


# --- a side correction above the body ------------------------------------------------------------

SIDE_CORRECTION_CASES = [
    "CORRECTION: the calcifications are in the RIGHT breast, not the left as dictated.\n\n"
    "Findings: Grouped amorphous calcifications in the left breast at 3:00, 4 mm.\n"
    "Impression: Grouped amorphous calcifications, left breast. BI-RADS 4A.",
    "AMENDED REPORT\nCorrection: calcifications are in the right breast, not left.\n"
    "FINDINGS: A cluster of amorphous calcifications, left upper outer quadrant. BI-RADS 4A.",
]


@pytest.mark.parametrize("text", SIDE_CORRECTION_CASES)
def test_side_correction_above_the_body(extractor, guideline, text):
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "laterality": "right"}])
    assert variant_and_reason(extractor, guideline, text) == (4, None)


# --- the category an amendment sets governs, above or below the original -----------------------

AMENDED_CATEGORY_CASES = [
    ("*** ADDENDUM ***\nOutside priors received: the asymmetry is unchanged since 2017. The "
     "assessment is changed to BI-RADS 2.\n\nORIGINAL REPORT\nFindings: Focal asymmetry, right "
     "breast.\nBI-RADS 0: Incomplete.", "2"),
    ("Findings: Grouped amorphous calcifications left 3:00.\nBI-RADS 4A.\n\nAddendum (Dr. W.): "
     "after consensus review the assessment is raised to BI-RADS 4B.", "4B"),
    ("AMENDED REPORT\nThe assessment has been amended from BI-RADS 3 to BI-RADS 4A.\n\n"
     "Findings: Grouped punctate calcifications right 6:00, increased.\nBI-RADS 3.", "4A"),
    # near misses: a plan, and the category the amendment left
    ("Findings: Focal asymmetry, left breast. The assessment would be changed to BI-RADS 2 if "
     "outside priors show it is stable.\nASSESSMENT: BI-RADS 0.", "0"),
    ("Findings: Stable grouped punctate calcifications.\nThe category was changed from BI-RADS 3 "
     "at the last visit.\nASSESSMENT: BI-RADS 2.", "2"),
]


@pytest.mark.parametrize(("text", "expected"), AMENDED_CATEGORY_CASES)
def test_amended_category_governs(extractor, text, expected):
    assert extractor.extract(text).birads == expected


# --- what a past biopsy showed is history, not a finding ----------------------------------------

PATHOLOGY_CASES = [
    "Stereotactic biopsy in 2020 showed sclerosing adenosis with calcifications, benign.",
    "Biopsy of this group revealed fibrocystic change with microcalcifications.",
    "Pathology (2021) demonstrated columnar cell change with associated calcifications.",
]


@pytest.mark.parametrize("text", PATHOLOGY_CASES)
def test_what_a_past_biopsy_showed_is_no_finding(extractor, text):
    assert_counting(extractor, text, [])


PATHOLOGY_NEAR_MISS_CASES = [
    "Magnification views showed grouped amorphous calcifications at left 3:00, 5 mm.",
    "Biopsy is recommended for the grouped amorphous calcifications at left 3:00.",
]


@pytest.mark.parametrize("text", PATHOLOGY_NEAR_MISS_CASES)
def test_views_that_showed_calcifications_still_count(extractor, text):
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "distribution": "grouped"}])
