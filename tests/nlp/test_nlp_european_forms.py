"""How continental European breast radiologists write the assessment and the side in English
(variant-mapping.md, last paragraph; ANNOTATION-GUIDELINE.md sections 6 and 10).

The assessment: "BI-RADS (ACR) 4b", one category per breast with a side letter before or after
it ("BI-RADS: R 2, L 4a", "BI-RADS 1 R, 4c L"); per breast with no overall, the highest counts.
The side: "bds." (German beidseits), "bdz" (Dutch beiderzijds) for both sides; a single "R"/"L"
before a clock position or a quadrant.
"""

from __future__ import annotations

import pytest

BIRADS_FORMS = [
    # the system's owner in brackets after the keyword
    ("Impression: BI-RADS (ACR) 4c. Stereotactic biopsy advised.", "4C"),
    ("BI-RADS (ACR): 2 - benign.", "2"),
    ("Conclusion: BIRADS (ACR) 0, further views needed.", "0"),
    ("BI-RADS® (ACR) 5", "5"),
    # one category per breast, side letter or word before it
    ("BI-RADS: R 1, L 4b.", "4B"),
    ("BI-RADS: L 3, R 2", "3"),
    ("BI-RADS: right 0 / left 1", "0"),
    ("BI-RADS: R 6, L 0.", "0"),
    # ... or after it
    ("BI-RADS 2 R, 4a L.", "4A"),
    ("BI-RADS (ACR) 1 L, 5 R. MDT discussion.", "5"),
    ("Assessment: BI-RADS 3 R and 4c L.", "4C"),
    ("BI-RADS 4b R. BI-RADS 2 L.", "4B"),
    # one category for the side(s) named
    ("Assessment: BI-RADS (ACR) 4a L.", "4A"),
    ("BI-RADS 4b bds.", "4B"),
    ("BI-RADS (ACR) 3 R and L. Control in 6 months.", "3"),
    # near-misses: a clock position, a size or a time after a side letter is no category
    ("BI-RADS 2, L 4 o'clock oil cyst.", "2"),
    ("BI-RADS 1; R 5 mm lymph node in the axilla.", "1"),
    ("BI-RADS 3, R 6 months follow-up.", "3"),
    ("BI-RADS 2, L 5:00 benign skin calcification.", "2"),
    # density in ACR letters or numbers is not the assessment
    ("Density ACR c.\nBI-RADS (ACR) 1.", "1"),
    ("ACR 3 (heterogeneously dense). BI-RADS 2 R, 1 L.", "2"),
]


@pytest.mark.parametrize("text, expected", BIRADS_FORMS)
def test_european_birads_forms(extractor, text, expected):
    assert extractor.extract(text).birads == expected


SIDES = [
    # "bds." / "bdz" / "beidseits": both sides
    ("Bds. scattered vascular calcifications.", "bilateral"),
    ("Bds. several groups of punctate calcifications, the largest L 2 o'clock.", "bilateral"),
    ("Dermal calcifications bds., in the inframammary folds.", "bilateral"),
    ("Bdz. diffuse punctate microcalcifications.", "bilateral"),
    ("Secretory calcifications beidseits.", "bilateral"),
    # a single R/L before a clock position
    ("New group of amorphous calcifications R 7 o'clock, 4 mm.", "right"),
    ("Punctate microcalcifications, grouped, L 11 o'clock.", "left"),
    # ... or before a quadrant
    ("R upper outer quadrant: grouped fine pleomorphic calcifications.", "right"),
    ("Amorphous microcalcifications L lower inner quadrant, regional.", "left"),
    ("Coarse popcorn calcification L lower quadrants.", "left"),
]


@pytest.mark.parametrize("text, expected", SIDES)
def test_european_side_words(extractor, text, expected):
    findings = extractor.extract(text).findings
    assert findings and findings[0].laterality == expected


SIDE_NEAR_MISSES = [
    # a letter that is not a side: a list item, a view, a number of groups
    "Finding 2 o'clock: grouped punctate calcifications.",
    "Grouped amorphous calcifications, 3 o'clock, 5 mm.",
    "Calcifications in the upper outer quadrant, grouped punctate.",
]


@pytest.mark.parametrize("text", SIDE_NEAR_MISSES)
def test_no_side_without_a_side_word(extractor, text):
    findings = extractor.extract(text).findings
    assert findings and findings[0].laterality is None


def test_side_abbreviation_ends_a_sentence_before_a_capital(extractor):
    """"Mammography bds. Right: ..." : the exam's sides, then a new statement."""
    text = "Mammography bds. Right: grouped amorphous calcifications 10 o'clock, 5 mm."
    findings = extractor.extract(text).findings
    assert [f.laterality for f in findings] == ["right"]
