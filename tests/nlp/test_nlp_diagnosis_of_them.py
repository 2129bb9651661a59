"""What the calcifications just described are thought to be, said of them by a pronoun.

"A single group of coarse heterogeneous calcifications at left 12 o'clock. They are favored to
represent early dystrophic calcification." The second sentence describes the group; it names no
other calcifications, so the report has one group, not two.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, variant_and_reason


@pytest.mark.parametrize("text, variant", [
    ("A single group of coarse heterogeneous calcifications at left 12 o'clock, 6 mm. They are "
     "favored to represent early dystrophic calcification. Impression: grouped coarse "
     "heterogeneous calcifications left 12:00, possibly dystrophic. BI-RADS 4A.", 14),
    ("Grouped amorphous calcifications right 10:00, 5 mm. They likely reflect benign fibrocystic "
     "calcification, but biopsy is advised. BI-RADS 4A.", 4),
])
def test_a_diagnosis_said_of_them_adds_no_group(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)
    assert len(counting(extractor.extract(text))) == 1


def test_after_the_views_they_were_seen_on(extractor, guideline):
    text = ("Findings: Spot magnification views of the left lower inner quadrant show a small "
            "group of punctate calcifications. On the tangential view they project within the "
            "skin, consistent with dermal calcifications.\nBI-RADS 2")
    assert variant_and_reason(extractor, guideline, text) == (2, None)


def test_what_the_views_confirm_they_are(extractor, guideline):
    text = ("Magnification views: the calcifications in question form a small group of round "
            "calcifications in the right upper outer quadrant. On the tangential view they "
            "project within the skin, confirming dermal calcifications.\nBI-RADS 2")
    assert variant_and_reason(extractor, guideline, text) == (2, None)


def test_other_calcifications_named_after_them_are_a_finding(extractor):
    text = ("Grouped amorphous calcifications right 10:00. Separately, there are coarse "
            "calcifications in the left breast consistent with fibroadenoma.")
    assert len(counting(extractor.extract(text))) == 2


@pytest.mark.parametrize("text, expected", [
    # an oil cyst named beside calcifications described otherwise is a lesion they go with
    ("Coarse heterogeneous calcifications are scattered throughout both breasts, many associated "
     "with small oil cysts. BI-RADS 2.", (None, "coarse_heterogeneous_diffuse")),
    # ... while calcified oil cysts on their own are rim calcifications
    ("Calcified oil cysts in the left breast. BI-RADS 2.", (9, None)),
])
def test_oil_cysts_beside_calcifications(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected
