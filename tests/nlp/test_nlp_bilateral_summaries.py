"""Reports organised by breast whose impression sums up both breasts in one sentence.

Made-up sentences. The breasts' own findings are the findings; a sentence over both breasts that
names only their looks, distributions and clock positions repeats them (it does not make a
stable group on one side count, nor pool two looks into one bilateral finding). A summary that
says more than the findings did stays a finding of its own.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

# --- the summary repeats each breast's finding -------------------------------------------------

REPEATED_CASES = [
    # one side new, the other stable: only the new group counts
    ("RIGHT BREAST: New cluster of amorphous calcifications at 11:00, 4 mm.\n"
     "LEFT BREAST: The known cluster of amorphous calcifications at 3:00 is unchanged since "
     "2019.\nIMPRESSION: Bilateral clustered amorphous calcifications; the right one at 11:00 "
     "is new, the left one is stable.\nBI-RADS 4A.",
     (4, None)),
    ("Left: several groups of indistinct calcifications upper outer quadrant, new.\n"
     "Right: one group of indistinct calcifications at 8:00, stable for 3 years, benign.\n"
     "Impression: Grouped amorphous calcifications in both breasts. Left groups new and "
     "suspicious; right group stable.",
     (5, None)),
    # two looks, one per side: each keeps its own
    ("Right: at 2:00 a 3 mm group of calcifications, amorphous versus punctate.\n"
     "Left: at 10:00 a group of coarse heterogeneous calcifications, 5 mm.\n"
     "Impression: Bilateral grouped calcifications, amorphous versus punctate on the right and "
     "coarse heterogeneous on the left.",
     (4, None)),
    # typically benign looks named per side in brackets
    ("RIGHT BREAST: Popcorn calcifications with an involuting fibroadenoma.\n"
     "LEFT BREAST: Grouped calcifications in the skin, confirmed on a tangential view.\n"
     "IMPRESSION: Benign calcifications bilaterally (popcorn right, dermal left).",
     (2, None)),
    # both sides stable
    ("R: Known milk of calcium, unchanged.\nL: Known milk of calcium LIQ, stable.\n"
     "IMP: Bilateral milk of calcium. Benign.",
     (None, "stable_or_known_benign")),
]


@pytest.mark.parametrize(("text", "expected"), REPEATED_CASES)
def test_summary_of_both_breasts_repeats_their_findings(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


def test_summary_keeps_each_breast_its_side(extractor):
    text = ("RIGHT BREAST: Coarse popcorn-like calcifications.\n"
            "LEFT BREAST: A group of dermal calcifications, confirmed on tangential view.\n"
            "IMPRESSION: Benign calcifications in both breasts (right coarse, left dermal).")
    assert_counting(extractor, text, [{"morphology": ("coarse",), "laterality": "right"},
                                      {"morphology": ("skin",), "laterality": "left"}])


# --- near misses: the summary says more than the findings, so it stays -------------------------

KEPT_CASES = [
    # both breasts' groups new: variant 6 either way (the summary adds nothing, both count)
    ("Right: new group of amorphous calcifications at 10:00.\n"
     "Left: new group of amorphous calcifications at 2:00.\n"
     "Impression: Bilateral grouped amorphous calcifications.",
     (6, None)),
    # the summary gives the distribution the findings left out
    ("Right breast: amorphous calcifications throughout.\nLeft breast: amorphous "
     "calcifications.\nImpression: Bilateral diffuse amorphous calcifications.",
     (13, None)),
    # the right finding told no look: the summary's is its look
    ("RIGHT: The cluster at 7:00 has increased in number, 5 mm.\n"
     "LEFT: New cluster of amorphous calcifications at 1:00.\n"
     "IMPRESSION: Increasing amorphous calcifications right and new amorphous cluster left.",
     (6, None)),
    # a look only one breast has: the summary asserts it in both
    ("Right breast: grouped amorphous calcifications at 10:00.\n"
     "Left breast: coarse calcifications.\n"
     "Impression: Bilateral grouped amorphous calcifications.",
     (6, None)),
    # one breast only described: the summary is the other breast's finding too
    ("Right breast: grouped amorphous calcifications at 10:00.\n"
     "Impression: Bilateral grouped amorphous calcifications.",
     (6, None)),
]


@pytest.mark.parametrize(("text", "expected"), KEPT_CASES)
def test_summary_saying_more_stays_a_finding(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected
