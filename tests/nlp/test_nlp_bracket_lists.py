"""A ";" inside brackets lists the values of one finding ("calcifications (amorphous; grouped)");
it is not the clause break that a ";" between two statements is."""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting


@pytest.mark.parametrize("text, expected", [
    ("Calcifications (amorphous; grouped), left breast.",
     {"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "left"}),
    ("Right breast: microcalcifications (fine pleomorphic; segmental; 10 o'clock).",
     {"morphology": {"fine_pleomorphic"}, "distribution": "segmental", "laterality": "right"}),
    ("Calcs [punctate; regional] in the left upper outer quadrant.",
     {"morphology": {"punctate"}, "distribution": "regional", "laterality": "left"}),
    ("New calcifications {coarse heterogeneous; clustered} right breast 6:00.",
     {"morphology": {"coarse_heterogeneous"}, "distribution": "grouped", "laterality": "right"}),
])
def test_values_listed_in_brackets_stay_with_their_finding(extractor, text, expected):
    assert_counting(extractor, f"DIAGNOSTIC MAMMOGRAM.\n{text}\nBI-RADS 4.", [expected])


@pytest.mark.parametrize("text, expected", [
    # the ";" outside the brackets still parts two statements
    ("Benign mass right breast (stable); grouped amorphous calcifications left breast.",
     [{"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "left",
       "associated_mass_or_asymmetry": False}]),
    ("Coarse calcifications left breast (unchanged); grouped amorphous calcifications right "
     "breast.", [{"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "right"}]),
    # an unclosed bracket is no list
    ("Amorphous calcifications (see prior report; grouped punctate calcifications right breast.",
     [{"morphology": {"amorphous"}, "distribution": None},
      {"morphology": {"punctate"}, "distribution": "grouped", "laterality": "right"}]),
])
def test_a_semicolon_outside_brackets_still_breaks(extractor, text, expected):
    assert_counting(extractor, f"DIAGNOSTIC MAMMOGRAM.\n{text}\nBI-RADS 4.", expected)
