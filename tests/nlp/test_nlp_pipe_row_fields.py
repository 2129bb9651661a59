"""A finding written on one line as pipe-separated labelled cells.

"Calcs | Side: R | Morph: punct | Distrib: grp | Note: stable since 2019": like the labelled
lines of a reporting-software block, each cell is a statement of its own (a cell's negation stays
in it), and a temporal cell speaks of the whole finding, however long the row.
"""

from __future__ import annotations

import pytest
from nlp_expectations import variant_and_reason


@pytest.mark.parametrize("text", [
    "Finding 1: Calcifications | Side: L | Morph: round and punctate | Distrib: grouped | "
    "Note: stable since 2018, benign\nBIRADS 2",
    "Item 2: Calcs | Laterality: R | Location: UIQ 4:00 | Morphology: amorphous | "
    "Distribution: grouped | Comment: unchanged since 03/2020\nBIRADS 2",
    "Calcifications | Side: Right | Clock: 11:00 | Morph: punctate | Distrib: regional | "
    "Size: 2 cm | Change: stable over 3 years\nAssessment: BIRADS 2",
    "Lesion A | Type: calcifications | Side: L | Morph: coarse heterogeneous | Distrib: clustered"
    " | Interval: no change from 2021\nBIRADS 2",
])
def test_a_temporal_cell_speaks_of_the_whole_row(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


@pytest.mark.parametrize("text, variant", [
    # a change cell makes the row count
    ("Finding 1: Calcifications | Side: L | Morph: amorphous | Distrib: grouped | "
     "Note: new since 2021\nBIRADS 4A", 4),
    # a negation stays in its cell: the mass is ruled out, not the calcifications
    ("Calcifications | Side: R | Morph: amorphous | Distrib: grouped | Assoc mass: none | "
     "Size: 4 mm\nBIRADS 4A", 4),
    ("Calcifications | Side: R | Morph: punctate | Distrib: grouped | Layering: none | "
     "Size: 3 mm\nBIRADS 3", 10),
    # the stable row is another finding's: the new one still counts
    ("Finding 1: Calcifications | Side: R | Morph: amorphous | Distrib: grouped | Note: new\n"
     "Finding 2: Calcifications | Side: L | Morph: punctate | Distrib: grouped | "
     "Note: stable since 2019\nBIRADS 4A", 4),
])
def test_cells_of_other_rows_and_other_kinds(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


@pytest.mark.parametrize("text, expected", [
    # "Interval: no change" is the field's stability, not a field answered "no"
    ("Finding 1:\nType: Calcifications\nMorphology: punctate\nDistribution: grouped\n"
     "Interval: no change\nBIRADS 2", (None, "stable_or_known_benign")),
    ("Finding 1:\nType: Calcifications\nMorphology: amorphous\nDistribution: regional\n"
     "Since prior: no significant change\nBIRADS 2", (None, "stable_or_known_benign")),
    # near-misses: a field answered "no" still rules out its own label
    ("Finding 1:\nType: Calcifications\nMorphology: amorphous\nDistribution: grouped\n"
     "Associated mass: no\nBIRADS 4A", (4, None)),
    ("Calcifications: no\nMasses: no\nBIRADS 1", (None, "negated_only")),
])
def test_field_no_change_is_stability(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


def test_a_field_answered_no_above_a_change_line_is_no_stability(extractor, guideline):
    # "Associated mass: No" then the line "Change from prior: none available": the "no" is the
    # mass field's answer, not "no change" (the cue wants a lower-case word after "no")
    text = ("Calcifications\n Side: Left\n Morphology: Amorphous\n Distribution: Grouped\n"
            " Associated mass: No\nChange from prior: No prior available\nBI-RADS 4A")
    assert variant_and_reason(extractor, guideline, text) == (4, None)
