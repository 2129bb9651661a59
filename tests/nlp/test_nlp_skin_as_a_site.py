"""The skin named as the site of its own thickening, edema or retraction in a field or a table
row ("Skin: thickening", "R | skin, lumpectomy | skin thickening | decreased") is a site, not
skin calcifications: it gives no `skin` morphology to the calcifications of the line before."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import counting, variant_and_reason

SKIN_AS_A_SITE = [
    "Dystrophic calcifications at the lumpectomy bed, increased in number.\n"
    "Skin: thickening, decreasing.",
    "Side | Site | Finding | Change\n"
    "R | lumpectomy bed | coarse calcifications | increased\n"
    "R | skin, lumpectomy | skin thickening | decreased",
    "Dystrophic calcifications along the scar have increased.\n"
    "Skin, surgical site - mildly thickened.",
    "Side | Site | Finding\n"
    "L | scar | dystrophic calcifications, new\n"
    "L | skin, periareolar | edema",
]


@pytest.mark.parametrize("text", SKIN_AS_A_SITE)
def test_the_skin_as_a_site_of_thickening_is_no_skin_calcification(extractor, guideline, text):
    assert [("skin" in f.morphology) for f in counting(extractor.extract(text))] == [False]
    assert variant_and_reason(extractor, guideline, text) == (9, None)


SKIN_CALCIFICATIONS = [
    "Grouped calcifications at 2:00 in the left breast project in the skin, no thickening.",
    "Tangential view: the calcifications lie in the skin - dermal.",
    "Skin - mildly thickened. Grouped dermal calcifications at 3:00 in the left breast.",
]


@pytest.mark.parametrize("text", SKIN_CALCIFICATIONS)
def test_skin_calcifications_are_still_skin(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (2, None)
