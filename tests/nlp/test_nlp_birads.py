"""The BI-RADS final assessment in its written forms (variant-mapping.md, last paragraph)."""

from __future__ import annotations

import pytest

from auditor.models import BIRADS_ORDER as ORDER
from auditor.nlp.birads import highest

BIRADS_FORMS = [
    ("IMPRESSION: Suspicious calcifications. BI-RADS 4B.", "4B"),
    ("BIRADS: 2 - Benign", "2"),
    ("Category 0: Incomplete - need additional imaging evaluation.", "0"),
    ("ACR BI-RADS Category 3 - Probably Benign", "3"),
    ("Assessment: Suspicious (4)", "4"),
    ("BI-RADS 4: Suspicious abnormality.", "4"),
    ("BI-RADS Category 4: Suspicious abnormality", "4"),
    ("BIRADS 4a", "4A"),
    ("birads 4c", "4C"),
    ("BI-RADS: 4A - Low suspicion", "4A"),
    ("Assessment: BI-RADS 2 Benign", "2"),
    ("BI-RADS 5 - HIGHLY SUGGESTIVE OF MALIGNANCY", "5"),
    ("BI-RADS 6: Known biopsy-proven malignancy", "6"),
    ("Negative (BI-RADS 1)", "1"),
    ("IMPRESSION: Negative. Category 1.", "1"),
    ("FINAL ASSESSMENT: 2 - Benign", "2"),
    ("BI-RADS® 3", "3"),
    ("BI-RADS category IV", "4"),
    ("(BIRADS 0)", "0"),
    # words alone, where no number is given
    ("IMPRESSION: Probably benign.", "3"),
    ("Assessment: Probably benign", "3"),
    ("ASSESSMENT: Negative.", "1"),
    ("IMPRESSION:\nNegative mammogram.", "1"),
    # per breast, no overall: the highest in 1 < 2 < 3 < 6 < 0 < 4 < 4A < 4B < 4C < 5
    ("Right: BI-RADS 0. Left: BI-RADS 1.", "0"),
    ("Right: BI-RADS 0. Left: BI-RADS 4.", "4"),
    ("Right: BI-RADS 4A; Left: BI-RADS 3", "4A"),
    ("RIGHT: BI-RADS 6.\nLEFT: BI-RADS 0.", "0"),
    ("Right breast BI-RADS 3. Left breast BI-RADS 6.", "6"),
    # not the final assessment
    ("BREAST COMPOSITION: ACR density C.\nIMPRESSION: BI-RADS 2.", "2"),
    ("The breasts are heterogeneously dense (BI-RADS density category C). BI-RADS 1.", "1"),
    ("BI-RADS breast density: B. Negative. BI-RADS 1.", "1"),
    ("COMPARISON: Prior BI-RADS 3 in 2022.\nIMPRESSION: BI-RADS 2: Benign.", "2"),
    ("HISTORY: BI-RADS 3 calcifications on prior.\nIMPRESSION: BI-RADS 4.", "4"),
    ("Grouped calcifications, previously BI-RADS 3. Now BI-RADS 4B.", "4B"),
    ("Calcifications described using the BI-RADS 5th edition lexicon.", None),
    ("No mammographic evidence of malignancy.", None),
    ("Benign-appearing calcifications bilaterally.", None),
    ("", None),
]


@pytest.mark.parametrize("text, expected", BIRADS_FORMS)
def test_birads_forms(extractor, text, expected):
    assert extractor.extract(text).birads == expected


def test_birads_order():
    assert ORDER == ("1", "2", "3", "6", "0", "4", "4A", "4B", "4C", "5")
    assert highest(["3", "6"]) == "6"
    assert highest(["6", "0"]) == "0"
    assert highest(["0", "4"]) == "4"
    assert highest(["4", "4A", "4C", "4B"]) == "4C"
    assert highest(["5", "4C"]) == "5"
    assert highest([]) is None
