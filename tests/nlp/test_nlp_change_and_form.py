"""Two families of wording from film-era and long narrative reports: a change told as a
comparative ("slightly greater in number compared with 1995", "higher in number") makes a
finding that is otherwise "unchanged" count; a grouping denied in passing ("nowhere do they form
a cluster", "they do not form a group") is not a distribution."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import variant_and_reason

CHANGED = [
    ("Numerous punctate calcifications scattered throughout both breasts, bilateral and "
     "symmetric, unchanged in distribution but slightly greater in number compared with 1995.",
     13),
    ("Punctate calcifications diffusely in both breasts, unchanged in pattern, higher in number "
     "than in 2004.", 13),
    ("Grouped amorphous calcifications at 2:00 in the right breast, stable in location but "
     "larger in extent than last year.", 4),
]


@pytest.mark.parametrize(("text", "variant"), CHANGED)
def test_greater_in_number_cancels_unchanged(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


def test_unchanged_in_number_stays_historical(extractor, guideline):
    text = ("Numerous punctate calcifications scattered throughout both breasts, unchanged in "
            "number and distribution since 1995.")
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


NO_CLUSTER = [
    "Punctate calcifications are scattered throughout the right breast and throughout the left "
    "breast; nowhere do they form a cluster.",
    "Punctate calcifications are scattered throughout both breasts. They do not form a cluster "
    "anywhere.",
    "Diffuse punctate calcifications bilaterally, which nowhere form a group.",
]


@pytest.mark.parametrize("text", NO_CLUSTER)
def test_a_denied_cluster_is_not_a_distribution(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (13, None)


def test_a_cluster_stated_after_nowhere_else_still_counts(extractor, guideline):
    text = ("A cluster of amorphous calcifications at 10:00 in the right breast; nowhere else "
            "are there calcifications.")
    assert variant_and_reason(extractor, guideline, text) == (4, None)
