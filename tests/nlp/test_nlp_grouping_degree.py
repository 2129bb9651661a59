"""How densely the calcifications of a regional or segmental area lie ("some of them grouped
more densely than others", "more tightly clustered centrally") describes that area, not a
group of its own: the stated distribution stands. A group said plainly ("tightly clustered
calcifications") is still grouped."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import counting, variant_and_reason

DEGREE_OF_GROUPING = [
    ("Indistinct calcifications in a regional distribution in the right lower inner quadrant, "
     "some of them grouped more densely than others.", "regional", 7),
    ("Amorphous calcifications in a segmental distribution in the left breast, more tightly "
     "clustered near the nipple.", "segmental", 8),
    ("Punctate calcifications in a regional distribution at 2 o'clock, right breast, clustered "
     "a little more closely in the centre.", "regional", 11),
]


@pytest.mark.parametrize(("text", "distribution", "variant"), DEGREE_OF_GROUPING)
def test_degree_of_grouping_keeps_the_stated_distribution(extractor, guideline, text,
                                                          distribution, variant):
    found = counting(extractor.extract(text))
    assert [f.distribution for f in found] == [distribution]
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


PLAIN_GROUPS = [
    "Tightly clustered amorphous calcifications at 10:00 in the right breast.",
    "Densely grouped amorphous calcifications at 3:00, left breast.",
    "Amorphous calcifications grouped closely at 1 o'clock in the right breast.",
]


@pytest.mark.parametrize("text", PLAIN_GROUPS)
def test_a_group_said_plainly_is_grouped(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (4, None)
