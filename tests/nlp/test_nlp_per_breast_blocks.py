"""Reports organised by breast: a breast title over labelled fields, and terse status notes.

Made-up sentences. A breast header alone on its line ("RIGHT BREAST") titles the labelled fields
under it ("Findings:", "Assessment:"): what they say is about that breast, and the other breast's
"no calcifications" does not rule out a question this one raised.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

from auditor.nlp.sections import BREAST_HEADERS

# --- a breast title over labelled fields -------------------------------------------------------

BLOCK_CASES = [
    ("RIGHT BREAST\nFindings: Possible calcifications in the lower inner quadrant, seen on the "
     "MLO view only. Additional views are recommended.\nAssessment: BI-RADS 0\n\n"
     "LEFT BREAST\nFindings: No suspicious masses, calcifications or distortion.\n"
     "Assessment: BI-RADS 1\n\nOVERALL ASSESSMENT: BI-RADS 0",
     [{"morphology": ("unspecified",), "laterality": "right"}]),
    ("Left Breast\nFindings: Questionable faint calcifications at 3 o'clock, anterior depth.\n"
     "Assessment: Incomplete.\n\nRight Breast\nFindings: No calcifications or masses.\n"
     "Assessment: Negative.",
     [{"morphology": ("unspecified",), "laterality": "left"}]),
    ("RIGHT BREAST\nFindings: Grouped amorphous calcifications at 9:00, 4 mm.\n"
     "Assessment: BI-RADS 4A\nLEFT BREAST\nFindings: Negative.\nAssessment: BI-RADS 1",
     [{"morphology": ("amorphous",), "laterality": "right", "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), BLOCK_CASES)
def test_breast_title_covers_its_fields(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_question_ruled_out_in_its_own_block(extractor, guideline):
    # near miss: the same breast's fields answer the question
    text = ("RIGHT BREAST\nFindings: Possible calcifications at 10:00 on the CC view. Spot "
            "magnification views show no calcifications.\nAssessment: BI-RADS 1\n\n"
            "LEFT BREAST\nFindings: Negative.\nAssessment: BI-RADS 1")
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def _blocks(nlp, text):
    return [(side, text[start:end]) for side, start, end in nlp(text).user_data[BREAST_HEADERS]]


def test_block_stops_at_the_overall_assessment(nlp):
    text = ("RIGHT BREAST\nFindings: Negative.\nAssessment: BI-RADS 1\n\nLEFT BREAST\n"
            "Findings: Negative.\nAssessment: BI-RADS 1\n\nOVERALL ASSESSMENT: BI-RADS 1")
    blocks = _blocks(nlp, text)
    assert [side for side, _ in blocks] == ["right", "left"]
    assert "Assessment: BI-RADS 1" in blocks[1][1]
    assert "OVERALL" not in blocks[1][1]


def test_header_with_its_own_text_ends_at_the_next_section(nlp):
    # near miss: "RIGHT BREAST: ..." carries its text; the impression is not under it
    text = "RIGHT BREAST: Negative.\nIMPRESSION: Negative bilateral mammogram. BI-RADS 1."
    (side, block), = _blocks(nlp, text)
    assert side == "right" and "IMPRESSION" not in block


# --- terse status: "not seen 2020" is new, not absent -------------------------------------------

NEW_SINCE_CASES = [
    "L: grp amorphous calcs 4:00 post depth, not seen 2021. Mag views.",
    "Grouped amorphous calcifications at 7:00, not visible 06/2022.",
    "R 11:00: new cluster of amorphous calcs, not present 2019 or 2020.",
    "Amorphous calcs grouped 2:00, not seen priors.",
]


@pytest.mark.parametrize("text", NEW_SINCE_CASES)
def test_not_seen_on_a_year_is_new(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (4, None)


NOT_SEEN_CASES = [
    # near misses: the calcifications themselves are not seen; the year belongs elsewhere
    "Grouped amorphous calcifications at 10:00 are not seen. Comparison 2020.",
    "Calcifications are not seen on the magnification views. 2019 films unavailable.",
]


@pytest.mark.parametrize("text", NOT_SEEN_CASES)
def test_not_seen_without_a_year_still_negates(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")
