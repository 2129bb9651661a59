"""The skin named apart from any calcification: thickening told as a predicate ("the skin of
the right breast remains mildly thickened", "thickening of the overlying skin") and the skin as
the place of a marker ("a marker on the skin over the calcifications") are not skin
calcifications; the finding keeps its own morphology, or the workup's proof decides."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import counting, variant_and_reason

NOT_SKIN = [
    ("New linear and curvilinear suture calcifications at the scar, right breast. The skin of "
     "the right breast remains mildly thickened after radiotherapy.", ("suture",), None),
    ("Grouped amorphous calcifications at 2:00, left breast. The skin is diffusely thickened "
     "and oedematous.", ("amorphous",), "grouped"),
    ("Coarse calcifications in the right breast. There is mild thickening of the overlying "
     "skin, stable.", ("coarse",), None),
    ("Grouped punctate calcifications at 8:00 in the left breast; skin of both breasts "
     "slightly thick.", ("punctate",), "grouped"),
]


@pytest.mark.parametrize(("text", "morphology", "distribution"), NOT_SKIN)
def test_thickened_skin_told_apart_is_not_skin_calcification(extractor, text, morphology,
                                                             distribution):
    found = counting(extractor.extract(text))
    assert len(found) == 1, [f.morphology for f in found]
    assert found[0].morphology == morphology
    assert found[0].distribution == distribution


def test_skin_calcifications_beside_thickened_skin_still_count(extractor):
    found = counting(extractor.extract(
        "Skin calcifications in the left breast. The skin of the right breast is thickened."))
    assert [f.morphology for f in found] == [("skin",)]


PROVEN_IN_THE_SKIN = [
    "Magnification shows a tight cluster of round particles at 3 o'clock, right breast. A "
    "tangential view with a marker on the skin over the calcifications shows the cluster lies "
    "within the skin.",
    "Grouped punctate calcifications at 9:00 in the left breast. With a BB placed on the skin "
    "over the group, the tangential view shows the calcifications lie in the skin.",
]


@pytest.mark.parametrize("text", PROVEN_IN_THE_SKIN)
def test_a_marker_on_the_skin_leaves_the_proof_to_decide(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (2, None)


def test_marker_on_the_skin_near_a_suspicious_group_is_not_skin(extractor):
    found = counting(extractor.extract(
        "A marker was placed on the skin over the grouped fine pleomorphic calcifications at "
        "10:00 in the right breast."))
    assert [f.morphology for f in found] == [("fine_pleomorphic",)]
