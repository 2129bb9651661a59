"""Skin is a morphology only when the calcifications are in the skin, never when the skin is a
landmark a distance or a direction is measured from (review: clinical-safety bug)."""

from __future__ import annotations

import pytest

# The skin as a landmark: the finding keeps its own morphology and is never `skin`.
SKIN_AS_LANDMARK = [
    ("Fine pleomorphic calcifications at 10:00, 1 cm from the skin surface. BI-RADS 4",
     "fine_pleomorphic"),
    ("Grouped amorphous calcifications near the skin in the left breast.", "amorphous"),
    ("Grouped amorphous calcifications at 3:00, 3 cm deep to the skin.", "amorphous"),
    ("Fine linear branching calcifications beneath the skin, right breast.", "fine_linear"),
    ("Grouped punctate calcifications under the skin at 6:00.", "punctate"),
    ("Grouped punctate calcifications close to the skin line.", "punctate"),
    ("A cluster of amorphous calcifications extending toward the skin.", "amorphous"),
    ("Grouped amorphous calcifications in the subcutaneous fat at 12:00.", "amorphous"),
    ("Pleomorphic calcifications 2 cm from skin, left breast.", "fine_pleomorphic"),
    ("Grouped amorphous calcifications at 2:00. The skin and nipples are unremarkable.",
     "amorphous"),
    ("Grouped amorphous calcifications at 2:00. The overlying skin is normal.", "amorphous"),
]


@pytest.mark.parametrize(("text", "morphology"), SKIN_AS_LANDMARK)
def test_skin_as_landmark_is_not_skin_morphology(extractor, text, morphology):
    findings = [f for f in extractor.extract(text).findings if f.counts]
    assert len(findings) == 1
    assert "skin" not in findings[0].morphology
    assert morphology in findings[0].morphology


# Calcifications that are themselves in the skin: `skin`, whatever they looked like.
SKIN_CALCIFICATIONS = [
    "Skin calcifications in the left breast.",
    "Grouped dermal calcifications, right breast.",
    "Calcifications in the skin of the left breast.",
    "Grouped calcifications at 9:00. The calcifications are dermal.",
    "Grouped calcifications left breast. Tangential views confirm a dermal location.",
    "Possible amorphous calcifications left UIQ, confirmed to be dermal on tangential view.",
    "The grouped calcifications localize to the skin on the tangential view.",
    "Grouped calcifications that project within the skin on the tangential view.",
    "Dermal calcifications along the inferior skin surface.",
]


@pytest.mark.parametrize("text", SKIN_CALCIFICATIONS)
def test_calcifications_in_the_skin_are_skin(extractor, text):
    findings = [f for f in extractor.extract(text).findings if f.counts]
    assert findings and all(f.morphology == ("skin",) for f in findings), [
        f.morphology for f in findings]
