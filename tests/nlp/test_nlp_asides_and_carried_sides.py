"""Asides set off by a comma, and the side a breast named earlier carries to later sentences.

"In the left breast, aside from the known biopsied cluster by its clip, there are punctate
calcifications in a regional distribution": the aside's words describe other calcifications.
"The concern today is the left breast. There, ... two groups": a locative "There," is in the
breast just named. A new paragraph is a new topic: the side opened before it is not carried on.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, variant_and_reason


@pytest.mark.parametrize("text, variant", [
    ("Left breast: aside from the stable biopsied cluster at its clip, there are punctate "
     "calcifications in a regional distribution spanning 4 cm. BI-RADS 0.", 11),
    ("Apart from a known group of coarse calcifications, the left breast shows amorphous "
     "calcifications in a segmental distribution. BI-RADS 4B.", 8),
    ("Other than the benign clustered calcifications at 3:00, there are new fine pleomorphic "
     "calcifications in a linear distribution in the right breast. BI-RADS 4C.", 1),
    ("Besides a cluster at the lumpectomy site, punctate calcifications lie in a regional "
     "distribution in the left breast. BI-RADS 3.", 11),
])
def test_an_asides_descriptors_stay_in_the_aside(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text)[0] == variant


@pytest.mark.parametrize("text", [
    # "other" and "except" alone open no aside: the negation reaches over the comma
    "No other masses, suspicious calcifications or architectural distortion.",
    "No masses, except small lymph nodes, and no calcifications.",
])
def test_lists_are_not_asides(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_there_is_in_the_breast_just_named(extractor, guideline):
    text = ("In the right breast the small group of amorphous calcifications at 12 o'clock is "
            "unchanged since 2020. The concern today is the left breast. There, magnification "
            "views show two groups of amorphous calcifications, at 1 and 2 o'clock. BI-RADS 4A.")
    assert variant_and_reason(extractor, guideline, text) == (5, None)
    assert [f.laterality for f in counting(extractor.extract(text))] == ["left"]


def test_a_new_paragraph_does_not_carry_the_side(extractor):
    text = ("In the left breast there are regional punctate calcifications spanning 4 cm. "
            "In the right breast there are scattered vascular calcifications.\n\n"
            "These regional punctate calcifications are probably benign but have increased.")
    sides = {f.laterality for f in counting(extractor.extract(text)) if "punctate" in f.morphology}
    assert sides == {"left"}


def test_within_a_paragraph_the_side_carries(extractor):
    text = ("In the right breast: scattered fibroglandular tissue. Grouped amorphous "
            "calcifications at 10:00 spanning 5 mm.")
    assert [f.laterality for f in counting(extractor.extract(text))] == ["right"]
