"""Sizes and extents dictated as words give the same extent as digits: "five millimeters",
"twenty-five mm", "two point one centimeters", "one and a half cm", "half a centimeter"."""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting


@pytest.mark.parametrize("size, mm", [
    ("seven millimeters", 7),
    ("eleven mm", 11),
    ("twenty-five millimeters", 25),
    ("thirty two mm", 32),
    ("four cm", 40),
    ("one point eight centimeters", 18),
    ("zero point six cm", 6),
    ("two point one five cm", 21.5),
    ("3 point 2 cm", 32),
    ("two and a half centimeters", 25),
    ("half a centimeter", 5),
    ("six by nine millimeters", 9),
    ("two to three cm", 30),
    ("Twelve MM", 12),
])
def test_a_spoken_extent(extractor, size, mm):
    text = (f"LEFT DIAGNOSTIC MAMMOGRAM.\nGrouped amorphous calcifications in the left breast at "
            f"2 o'clock spanning {size}.\nBI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "extent_mm": mm}])


@pytest.mark.parametrize("text", [
    # a distance from the nipple is no extent, in words as in digits
    "Grouped amorphous calcifications in the left breast at 2 o'clock, four cm from the nipple.",
    # a number that counts, with no unit, is no size
    "Two groups of amorphous calcifications in the left breast at 2 o'clock.",
    # the mass's size is the mass's
    "An irregular mass measuring two point five centimeters with fine pleomorphic "
    "calcifications in the left breast at 2 o'clock.",
])
def test_spoken_numbers_that_are_no_extent(extractor, text):
    report = f"LEFT DIAGNOSTIC MAMMOGRAM.\n{text}\nBI-RADS 4."
    found = [f for f in extractor.extract(report).findings if f.counts]
    assert found and all(f.extent_mm is None for f in found)
