"""Copy-forward EHR text: which statement is today's reading.

An earlier report pasted into today's (a labelled prior block, a fenced paste) is history: it
makes no finding and gives no assessment; a sentence the radiologist withdraws right after it
("Disregard the above sentence") is not read. Each table is one family, with near misses that
must not fire. The reports are made up for the tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- a labelled prior block ---------------------------------------------------------------------

PRIOR_BLOCK_CASES = [
    # the pasted block's suspicious group was excised; today nothing is seen
    ("Surveillance mammogram.\nPrior findings (06/2020, before excision): Segmental fine linear "
     "calcifications right breast 7:00. BI-RADS 5.\nCurrent findings:\nRight breast: lumpectomy "
     "scar, no residual calcifications.\nLeft breast: negative.\nBI-RADS 2: Benign",
     [], "2"),
    # a pasted BI-RADS 0 before today's benign workup: today's category stands
    ("Previous report (screening 01/02/2024): Indeterminate calcifications left upper breast. "
     "BI-RADS 0.\nCurrent findings: Tangential views place the calcifications in the skin; they "
     "are dermal calcifications.\nImpression: Left dermal calcifications.\nBI-RADS 2: Benign",
     [{"morphology": ("skin",), "laterality": "left"}], "2"),
    # upper case, the label alone on its line, the paste several lines long
    ("PRIOR FINDINGS (copied from 03/14/2023):\nGrouped punctate calcifications left 2:00, 4 mm.\n"
     "Probably benign. BI-RADS 3.\nCURRENT FINDINGS: The left 2:00 calcifications layer on the "
     "true lateral view: milk of calcium.\nBI-RADS 2: Benign",
     [{"morphology": ("milk_of_calcium",), "laterality": "left"}], "2"),
    # inline per-breast fields: "Prior findings: none" hides nothing of today's
    ("LEFT: Prior findings: none. Current findings: a group of amorphous calcifications at "
     "3:00, 5 mm. Interval change: new.\nBI-RADS 4A: Low suspicion for malignancy",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "left"}], "4A"),
]


@pytest.mark.parametrize(("text", "expected", "birads"), PRIOR_BLOCK_CASES)
def test_prior_block_is_history(extractor, text, expected, birads):
    assert_counting(extractor, text, expected)
    assert extractor.extract(text).birads == birads


def test_prior_block_alone_makes_no_finding(extractor, guideline):
    text = ("Prior findings (2022): Grouped amorphous calcifications right 10:00, biopsied, "
            "benign.\nCurrent findings: No suspicious calcifications. Biopsy clip right 10:00.\n"
            "BI-RADS 1: Negative")
    assert variant_and_reason(extractor, guideline, text)[0] is None
    assert extractor.extract(text).birads == "1"


PRIOR_BLOCK_NEAR_MISSES = [
    # "prior" in a comparison sentence is not a pasted block's label
    ("Findings: Compared with the prior findings of 2022, there is a new group of amorphous "
     "calcifications at right 9:00, 4 mm.\nBI-RADS 4A",
     [{"morphology": ("amorphous",), "distribution": "grouped"}], "4A"),
    # today's findings under a header that says they were copied forward and edited: read
    ("Findings (copied forward from screening, edited):\nGrouped fine pleomorphic calcifications "
     "left 1:00, 6 mm.\nBI-RADS 4B",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped"}], "4B"),
]


@pytest.mark.parametrize(("text", "expected", "birads"), PRIOR_BLOCK_NEAR_MISSES)
def test_not_a_prior_block(extractor, text, expected, birads):
    assert_counting(extractor, text, expected)
    assert extractor.extract(text).birads == birads


# --- a fenced paste -----------------------------------------------------------------------------

FENCED_PASTE_CASES = [
    ("Diagnostic mammogram, right.\n--- Copied from screening report 02/11/2024 ---\nRight "
     "breast: new group of possibly amorphous calcifications, 9:00. BI-RADS 0.\n--- end copied "
     "text ---\nFindings: Magnification shows the right 9:00 calcifications are vascular.\n"
     "BI-RADS 2: Benign",
     [{"morphology": ("vascular",)}], "2"),
    ("** Previous report text (05/05/2023) **\nFINDINGS: Regional coarse heterogeneous "
     "calcifications left breast. IMPRESSION: BI-RADS 4A.\n** End previous report text **\n"
     "Findings: Post-biopsy clip in the left breast. No residual calcifications.\n"
     "BI-RADS 2: Benign",
     [], "2"),
    ("[Begin pasted text]\nGrouped round calcifications right 11:00. BI-RADS 3.\n"
     "[End of pasted text]\nToday: the right 11:00 group is unchanged. BI-RADS 2.",
     [], "2"),
]


@pytest.mark.parametrize(("text", "expected", "birads"), FENCED_PASTE_CASES)
def test_fenced_paste_is_history(extractor, text, expected, birads):
    assert_counting(extractor, text, expected)
    assert extractor.extract(text).birads == birads


def test_unclosed_paste_mark_is_not_a_fence(extractor):
    # an opening mark with no end mark: nothing is taken as pasted
    text = ("--- Copied forward and reviewed ---\nFindings: Grouped amorphous calcifications "
            "right 10:00, 3 mm.\nBI-RADS 4A")
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "distribution": "grouped"}])


# --- a sentence withdrawn right after it --------------------------------------------------------

WITHDRAWN_SENTENCE_CASES = [
    # the pasted "new" group is withdrawn: today's reading is the biopsied, unchanged one
    ("Findings:\nLeft breast: New cluster of fine pleomorphic calcifications at 2:00.\n"
     "Disregard the above sentence; it was copied from last year's report. The biopsied "
     "calcifications at left 2:00 are unchanged. No new calcifications.\nBI-RADS 2: Benign",
     (None, "stable_or_known_benign")),
    # a stale "unchanged" withdrawn: the group described after it counts
    ("Findings: The grouped calcifications at right 6:00 are unchanged and benign.\n"
     "*** Please ignore the preceding sentence, carried forward in error. ***\n"
     "Magnification shows a 5 mm group of amorphous calcifications at right 6:00, not seen "
     "before.\nBI-RADS 4A",
     (4, None)),
    # the withdrawal written on after the sentence, in brackets
    ("Findings: Grouped punctate calcifications left 3:00 are stable. (Disregard: sentence "
     "carried forward from the 2022 report.) Regional punctate calcifications left lower "
     "breast, new.\nBI-RADS 4A",
     (11, None)),
    ("Findings: Right breast: Stable benign calcifications. The previous sentence was carried "
     "forward in error and is withdrawn. Grouped amorphous calcifications right 9:00, new, 4 mm."
     "\nBI-RADS 4A",
     (4, None)),
]


@pytest.mark.parametrize(("text", "expected"), WITHDRAWN_SENTENCE_CASES)
def test_withdrawn_sentence_is_not_read(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


WITHDRAWN_NEAR_MISSES = [
    # a word taken back, not the sentence: the finding stays
    ("Findings: Grouped amorphous calcifications right breast 10:00.\nCorrection: disregard "
     "'right' in the line above; the calcifications are in the LEFT breast.\nBI-RADS 4A",
     (4, None)),
    # "ignore" about something else
    ("Findings: Grouped amorphous calcifications left 1:00, 4 mm. The skin marker can be "
     "ignored.\nBI-RADS 4A",
     (4, None)),
    # advice to disregard an artefact, not a sentence of the report
    ("Findings: Regional punctate calcifications right breast. Disregard the artifact on the "
     "CC view.\nBI-RADS 3",
     (11, None)),
]


@pytest.mark.parametrize(("text", "expected"), WITHDRAWN_NEAR_MISSES)
def test_not_a_withdrawn_sentence(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


# --- the report's own "Interval change:" field ------------------------------------------------

INTERVAL_NONE_CASES = [
    # nothing is called new: the field makes the described calcifications stable
    ("Findings: Scattered benign-appearing calcifications in both breasts. Vascular "
     "calcifications.\nInterval change: None.\nBI-RADS 2: Benign",
     (None, "stable_or_known_benign")),
    ("Findings: Vascular calcifications left breast.\nINTERVAL CHANGE: No significant interval "
     "change since 04/2021.\nBI-RADS 2: Benign",
     (None, "stable_or_known_benign")),
    ("Findings: Coarse popcorn calcifications right 6:00.\nChange from prior: unchanged\n"
     "BI-RADS 2: Benign",
     (None, "stable_or_known_benign")),
    # a finding the report calls new counts all the same
    ("Findings: New grouped amorphous calcifications right 9:00, 4 mm. Vascular calcifications "
     "left.\nInterval change: None.\nBI-RADS 4A",
     (4, None)),
]


@pytest.mark.parametrize(("text", "expected"), INTERVAL_NONE_CASES)
def test_interval_change_none_makes_findings_stable(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


INTERVAL_SAYS_NOTHING_CASES = [
    # baseline, not assessable, a change named, or one breast's field only changed
    ("Findings: Coarse popcorn calcifications right 6:00.\nInterval change: N/A, baseline.\n"
     "BI-RADS 2: Benign", (9, None)),
    ("Findings: Coarse popcorn calcifications right 6:00.\nInterval change: Unable to assess, no "
     "prior imaging.\nBI-RADS 2: Benign", (9, None)),
    ("Findings: Coarse popcorn calcifications right 6:00.\nInterval change: Increased.\n"
     "BI-RADS 2: Benign", (9, None)),
    ("RIGHT: Coarse popcorn calcifications at 6:00.\nInterval change: new.\nLEFT: Negative.\n"
     "Interval change: none.\nBI-RADS 2: Benign", (9, None)),
    # "no interval change" said of one finding in a sentence is that finding's, not a field
    ("Findings: Coarse popcorn calcifications right 6:00. No interval change in the left "
     "breast mass.\nBI-RADS 2: Benign", (9, None)),
    # the field inside a pasted earlier report is that report's
    ("Prior findings (2023):\nBenign.\nInterval change: None.\nCurrent findings: Coarse popcorn "
     "calcifications right 6:00.\nBI-RADS 2: Benign", (9, None)),
]


@pytest.mark.parametrize(("text", "expected"), INTERVAL_SAYS_NOTHING_CASES)
def test_interval_field_that_says_no_stability(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


# --- the "Interval change:" field is its own line, not the last breast heading's --------------

INTERVAL_FIELD_SIDE_CASES = [
    # it restates the change of what was described: no finding of the other breast
    ("FINDINGS:\nRIGHT: Grouped amorphous calcifications at 8:00, 4 mm.\nLEFT: Negative.\n\n"
     "INTERVAL CHANGE: The calcifications are new since 04/2024.\nBI-RADS 4A",
     [{"morphology": ("amorphous",), "laterality": "right"}]),
    ("Findings:\nRight breast: Regional punctate calcifications, upper outer quadrant.\n"
     "Left breast: Negative.\nInterval change: New calcifications.\n"
     "BI-RADS 3",
     [{"morphology": ("punctate",), "distribution": "regional", "laterality": "right"}]),
    # near miss: the field names its own side and finding
    ("Findings:\nRight breast: Negative.\nLeft breast: Negative.\nInterval change: New grouped "
     "amorphous calcifications left 2:00, 3 mm.\nBI-RADS 4A",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), INTERVAL_FIELD_SIDE_CASES)
def test_interval_field_does_not_take_the_last_breast_heading(extractor, text, expected):
    assert_counting(extractor, text, expected)
