"""A mass's shape ("round mass", "round nodule") is no calcification morphology, yet the mass is
still a mass: calcifications in or with a round mass have an associated mass."""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting


@pytest.mark.parametrize("text, expected", [
    ("A round mass containing fine pleomorphic calcifications, left breast 2:00.",
     {"morphology": {"fine_pleomorphic"}, "associated_mass_or_asymmetry": True}),
    ("Round mass with grouped amorphous microcalcifications in the right breast.",
     {"morphology": {"amorphous"}, "distribution": "grouped",
      "associated_mass_or_asymmetry": True}),
    ("Two round masses with punctate calcifications in a cluster, right breast.",
     {"morphology": {"punctate"}, "associated_mass_or_asymmetry": True}),
    ("Grouped amorphous calcifications within a round nodule in the left breast.",
     {"morphology": {"amorphous"}, "associated_mass_or_asymmetry": True}),
])
def test_calcifications_with_a_round_mass_have_an_associated_mass(extractor, text, expected):
    assert_counting(extractor, f"DIAGNOSTIC MAMMOGRAM.\n{text}\nBI-RADS 4.", [expected])


@pytest.mark.parametrize("text, expected", [
    # the shape is the mass's, not a "round" morphology of the calcifications
    ("Round mass with coarse calcifications in the left breast.",
     [{"morphology": {"coarse"}, "associated_mass_or_asymmetry": True}]),
    # round calcifications are still round
    ("Round calcifications, grouped, left breast 4:00.",
     [{"morphology": {"round"}, "distribution": "grouped",
       "associated_mass_or_asymmetry": False}]),
    # a round mass elsewhere in the breast is not at the calcifications
    ("Stable round mass in the right breast at 9:00. Grouped amorphous calcifications in the "
     "left breast at 2:00.",
     [{"morphology": {"amorphous"}, "laterality": "left",
       "associated_mass_or_asymmetry": False}]),
    # a round mass with no calcifications makes no finding
    ("Round mass with circumscribed margins, right breast 10:00. No calcifications.", []),
])
def test_round_stays_a_mass_shape(extractor, text, expected):
    assert_counting(extractor, f"DIAGNOSTIC MAMMOGRAM.\n{text}\nBI-RADS 4.", expected)
