"""General radiologists' imprecise and old-fashioned wording: "a small collection" of
calcifications is a group; a "regional" hospital or breast center is a place, not a
distribution."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import counting, variant_and_reason

COLLECTIONS = [
    ("A small collection of amorphous calcifications at 3 o'clock in the left breast.",
     "grouped", 1, 4),
    ("Left breast 3:00: tiny collection of faint powdery calcifications, 4 mm.", "grouped", 1, 4),
    ("Two small collections of amorphous calcifications in the right breast at 9:00 and 10:00.",
     "grouped", 2, 5),
    ("Right breast: collections of amorphous calcifications at 9:00 and at 11:00.",
     "grouped", 2, 5),
    ("There is a collection of punctate calcifications in the right upper outer quadrant.",
     "grouped", 1, 10),
    ("Three tiny collections of amorphous calcifications in the right breast, 8 to 11 o'clock.",
     "grouped", 3, 5),
]


@pytest.mark.parametrize(("text", "distribution", "groups", "variant"), COLLECTIONS)
def test_a_collection_of_calcifications_is_a_group(extractor, guideline, text, distribution,
                                                   groups, variant):
    found = counting(extractor.extract(text))
    assert [(f.distribution, f.group_count) for f in found] == [(distribution, groups)]
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


FLUID_COLLECTIONS = [
    "A small fluid collection at the lumpectomy site. Amorphous calcifications in the left "
    "breast at 2:00.",
    "Postoperative collection of fluid in the right breast containing amorphous "
    "calcifications.",
]


@pytest.mark.parametrize("text", FLUID_COLLECTIONS)
def test_a_fluid_collection_is_no_group(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "distribution_not_stated")


REGIONAL_PLACES = [
    "Amorphous calcifications at 10:00 in the right breast. Stereotactic biopsy will be "
    "scheduled at the regional breast center.",
    "Impression: amorphous calcifications, right breast 10:00, new. Biopsy recommended; this "
    "will be arranged at the Regional Medical Centre.",
    "Amorphous calcifications at 10:00 in the right breast; the patient prefers to have the "
    "biopsy at the regional hospital.",
]


@pytest.mark.parametrize("text", REGIONAL_PLACES)
def test_a_regional_center_is_a_place_not_a_distribution(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "distribution_not_stated")


def test_a_regional_distribution_is_still_regional(extractor, guideline):
    text = ("Amorphous calcifications in a regional distribution at 10:00 in the right breast; "
            "biopsy at the regional breast center.")
    assert variant_and_reason(extractor, guideline, text) == (7, None)
