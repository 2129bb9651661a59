"""The report's own final assessment in combined and consultation reports.

A same-day screening-plus-diagnostic report may give the screening part's category ("screening
BI-RADS 0") and then the final one of the diagnostic views: the final one is the report's. A
category quoted or reported from another exam (an outside report, what the referral said) is
that exam's, not this report's. A category of the screening part said of one breast stays a
per-breast category.
"""

from __future__ import annotations

import pytest

from auditor.nlp.exam_kind import exam_kind
from auditor.nlp.sections import SECTIONS

# The screening part's category is superseded by the final one of the same-day workup.
SCREENING_THEN_FINAL = [
    ("IMPRESSION: Benign layering calcifications.\nScreening BI-RADS: 0\n"
     "Final BI-RADS: 2 - Benign", "2"),
    ("Screening assessment: BI-RADS 0 (resolved same day). Diagnostic assessment: BI-RADS 3.",
     "3"),
    ("Initial BI-RADS 0; after spot compression, overall BI-RADS 1 - Negative.", "1"),
    ("SCREENING CATEGORY: 0\nCOMBINED FINAL ASSESSMENT: BI-RADS 4A", "4A"),
    ("BI-RADS 0 (screening portion); BI-RADS 2 after the same-day tangential view.", "2"),
    ("Impression: dermal calcifications.\nBI-RADS 2: Benign.\n"
     "(Screening exam BI-RADS 0, completed with the diagnostic views today.)", "2"),
    ("Screen read BIRADS 0. Diagnostic workup completed: BIRADS 4B.", "4B"),
    # the screening category alone is still the report's
    ("Screening BI-RADS 0: Incomplete. Recall for magnification views.", "0"),
    ("SCREENING ASSESSMENT: BI-RADS 1 - Negative", "1"),
    # a screening category said of one breast is that breast's
    ("Right breast (screening): BI-RADS 0.\nLeft breast diagnostic: BI-RADS 2.", "0"),
    ("RIGHT: BI-RADS 1 (screening).\nLEFT: BI-RADS 4A.", "4A"),
    # advice to return to screening is not a label
    ("BI-RADS 0.\nAfter the workup, return to annual screening if benign.", "0"),
    ("Right: BI-RADS 2.\nLeft: BI-RADS 1.\nOverall BI-RADS 2 - screening mammogram in a year.",
     "2"),
    ("BI-RADS 4A, screening callback completed; stereotactic biopsy advised.", "4A"),
]

# Another exam's category, quoted or reported, is not this report's.
QUOTED_OR_REPORTED = [
    ('Reason for consult: outside screening read "clustered calcifications, BI-RADS 0".\n'
     "IMPRESSION: Benign vascular calcifications. BI-RADS 2.", "2"),
    ("The referring mammogram (03/2023) was reported as BI-RADS 4A elsewhere.\n"
     "Impression: Stable benign calcifications. BI-RADS 2.", "2"),
    ("Patient referred after an outside study read as BIRADS 0 for left calcifications.\n"
     "IMPRESSION: Milk of calcium. BIRADS 2: Benign.", "2"),
    ("Request: second opinion, outside films assessed BI-RADS 3 in 2023.\n"
     "Impression: Negative. BI-RADS 1.", "1"),
    ("The outside mammogram, categorized by the other facility as BI-RADS 0, was reviewed. "
     "Today's views show skin calcifications.\nBI-RADS 2 - Benign.", "2"),
    ("CLINICAL QUESTION: BI-RADS 0 on outside screening.\nIMPRESSION: Normal tissue. "
     "BI-RADS 1.", "1"),
    # only a quoted or reported category: none of this report's own
    ('Outside report: "BI-RADS 4A, biopsy advised." Images not available for review.', None),
    # near-misses: this report's own assessment, in a sentence that names an outside exam
    ("Outside mammograms from 2021 were reviewed for comparison; no change. BI-RADS 2.", "2"),
    ("Compared with the outside study, the calcifications are new. BI-RADS 4B.", "4B"),
    ("The findings are assessed as BI-RADS 3, probably benign.", "3"),
    ("Outside images reviewed; the calcifications are assessed as BI-RADS 4B.", "4B"),
    ("Compared with outside films and given the stability, BI-RADS 2.", "2"),
    ("Outside screening called back for calcifications; today's views: BI-RADS 3.", "3"),
]


@pytest.mark.parametrize("text, expected", SCREENING_THEN_FINAL)
def test_screening_part_category_yields_to_the_final_one(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("text, expected", QUOTED_OR_REPORTED)
def test_quoted_or_reported_category_is_not_the_assessment(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("header", ["Request:", "CONSULT REQUEST:", "Reason for consultation:",
                                    "Reason for consult:", "Clinical question:"])
def test_consultation_request_is_history(nlp, header):
    text = f"{header} second opinion, outside BI-RADS 0.\nIMPRESSION: BI-RADS 2."
    assert [s[0] for s in nlp(text).user_data[SECTIONS]] == ["history", "impression"]


@pytest.mark.parametrize("exam_type, expected", [
    ("MAM SCRN BILAT W/TOMO", "screening"),
    ("MAMMO SCRNG BILAT 3D", "screening"),
    ("SCRN MAMMO BILAT + DIAG LT", "diagnostic"),
    ("MAMMO SCRUB NURSE NOTE", "diagnostic"),
])
def test_screening_abbreviations(exam_type, expected):
    assert exam_kind(exam_type, "") == expected


# An overall or final category of the report is used over the per-breast ones.
OVERALL_OVER_PER_BREAST = [
    ("Right breast: BI-RADS 0 (screening).\nLeft breast: BI-RADS 1.\n"
     "Final assessment (combined): BI-RADS 2 - Benign.", "2"),
    ("RT: BIRADS 0 at screening\nLT: BIRADS 1\nOVERALL BIRADS: 3 - probably benign", "3"),
    ("Right: BI-RADS 4B. Left: BI-RADS 2. Overall BI-RADS 4B.", "4B"),
    # a "final assessment" header over per-breast lines is not an overall category
    ("FINAL ASSESSMENT: Right breast BI-RADS 4B. Left breast BI-RADS 4A.", "4B"),
    ("FINAL ASSESSMENT:\nRight: BI-RADS 0\nLeft: BI-RADS 2", "0"),
    # an addendum's category still replaces the body's final one
    ("Final assessment: BI-RADS 0.\n\nADDENDUM: Outside films show stability. BI-RADS 2.", "2"),
]

# A category that names a finding ("the BI-RADS 3 cluster") is what the finding was given
# before: the report's own assessment is used where there is one.
CATEGORY_NAMING_A_FINDING = [
    ("Follow-up of the BI-RADS 3 cluster, left 2:00: unchanged.\nIMPRESSION: Benign. BI-RADS 2.",
     "2"),
    ("The category 4 calcifications were biopsied (benign).\nAssessment: BI-RADS 2", "2"),
    ("Right breast BI-RADS 3 group, now increased.\nBIRADS 4A - low suspicion", "4A"),
    # with no other assessment, it is still read
    ("Short-interval follow-up. The BI-RADS 3 cluster is stable.", "3"),
    # the category's own words after it are not a finding
    ("IMPRESSION: BI-RADS 3 probably benign calcifications, 6-month follow-up.", "3"),
]


@pytest.mark.parametrize("text, expected", OVERALL_OVER_PER_BREAST)
def test_overall_category_over_per_breast(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("text, expected", CATEGORY_NAMING_A_FINDING)
def test_category_naming_a_finding_yields_to_the_assessment(extractor, text, expected):
    assert extractor.extract(text).birads == expected
