"""How far a denial reaches, and what the branching of secretory rods says.

"None of them form a cluster" denies the grouping, not the calcifications; "Resolution of the
previously followed right breast calcifications" and "... previously seen in the right breast at
9 o'clock are no longer seen" deny calcifications named several words away; "large rod-like
calcifications ..., some linear and some branching" are secretory rods, which may branch.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, variant_and_reason


@pytest.mark.parametrize("text, variant", [
    ("Innumerable punctate calcifications are diffusely scattered in both breasts, increased in "
     "number since 2022. None of them form a cluster. BI-RADS 3.", 13),
    ("Punctate calcifications are scattered throughout both breasts, more numerous than before; "
     "none of these forms a group. BI-RADS 2.", 13),
])
def test_a_denied_grouping_leaves_the_calcifications(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


@pytest.mark.parametrize("text", [
    "IMPRESSION: Resolution of the previously followed right breast calcifications. BI-RADS 1.",
    "Findings: Disappearance of the previously followed left breast calcifications.",
    "FINDINGS: The punctate calcifications previously seen in the right breast at 9 o'clock are "
    "no longer seen. BI-RADS 1.",
])
def test_resolved_calcifications_are_denied(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


@pytest.mark.parametrize("text, morphology", [
    ("Large rod-like calcifications in a ductal orientation in both subareolar regions, some "
     "linear and some branching, typical of secretory disease. BI-RADS 2.", {"large_rod_like"}),
    ("Large rod-like calcifications, several branching, consistent with secretory calcifications.",
     {"large_rod_like"}),
    # ... but fine linear named as such beside them stays
    ("Large rod-like calcifications in the right breast, and fine linear branching "
     "calcifications among them.", {"large_rod_like", "fine_linear"}),
])
def test_secretory_rods_may_branch(extractor, text, morphology):
    found = counting(extractor.extract(text))
    assert set().union(*(set(f.morphology) for f in found)) == morphology


@pytest.mark.parametrize("text, expected", [
    # "no other ..." sets the calcifications before apart; it does not answer a differential
    ("Lesion 1: RIGHT 6:00: cluster of punctate versus amorphous calcifications, 4 mm, not "
     "clearly present on the prior.\nNo other suspicious calcifications.\nBI-RADS 4A.", (4, None)),
    ("Possible grouped amorphous calcifications left 2:00. No additional calcifications are "
     "seen. BI-RADS 0.", (4, None)),
    # ... while the answer to a question raised, after a ";", rules it out
    ("Outside report: possible calcifications in the right breast. Magnification views were "
     "obtained; no calcifications are present in that region. BI-RADS 1.",
     (None, "negated_only")),
])
def test_what_answers_a_question_raised(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a clause after ";" that only says how they changed says it of the clause before
    ("Grouped punctate calcifications right breast 3:00; unchanged since 2019. BI-RADS 2.",
     (None, "stable_or_known_benign")),
    ("Coarse calcification left breast 2:00; present in 11/2021, not significantly changed.",
     (None, "stable_or_known_benign")),
    ("Grouped amorphous calcifications left 3:00; new since 2022. BI-RADS 4A.", (4, None)),
    # ... not when the clause names something of its own
    ("Grouped amorphous calcifications left 3:00; stable mass right breast. BI-RADS 4A.",
     (4, None)),
])
def test_status_said_after_a_semicolon(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


def test_a_clause_with_a_subject_of_its_own_keeps_its_status(extractor, guideline):
    text = ("FINAL: the dystrophic calcifications along the left lumpectomy scar are not "
            "significantly changed; the apparent increase on the preliminary read reflects "
            "positioning. BI-RADS 2.")
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")
