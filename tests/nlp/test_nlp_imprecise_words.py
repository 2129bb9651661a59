"""General radiologists' imprecise and old-fashioned wording: "a small collection" of
calcifications is a group; "none are linear" and "too widespread to call a group" deny the
descriptor that follows; a long subject ("X in two oil cysts of the left upper inner quadrant
and Y in the right breast") is still what "are stable since" speaks of; a "regional" hospital
or breast center is a place, not a distribution."""

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


NONE_ARE = [
    ("Punctate calcifications in a segmental distribution in the left breast. Most are round; "
     "none are linear or branching.", 12),
    ("Grouped punctate calcifications at 4:00 in the right breast. None appear pleomorphic.",
     10),
    ("Amorphous calcifications in a regional distribution, left breast. None of these look "
     "fine linear.", 7),
    ("Grouped round calcifications at 6:00, right breast; none is pleomorphic or linear.", 10),
    ("Regional punctate calcifications, right breast. None appear to be fine pleomorphic.", 11),
]


@pytest.mark.parametrize(("text", "variant"), NONE_ARE)
def test_none_are_denies_the_descriptor_that_follows(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


def test_none_are_does_not_reach_back(extractor, guideline):
    text = ("Fine linear branching calcifications at 2:00 in the right breast; none are seen "
            "in the left breast.")
    assert variant_and_reason(extractor, guideline, text) == (1, None)


TOO_SPREAD_FOR_A_GROUP = [
    ("Powdery calcifications in a regional distribution, left upper outer quadrant, too "
     "widespread to call a group.", "regional", 7),
    ("Punctate calcifications in a regional distribution at 2 o'clock, right breast, too "
     "spread out to be called a cluster.", "regional", 11),
    ("Amorphous calcifications diffusely scattered through both breasts, too numerous to "
     "count as clusters.", "diffuse", 13),
]


@pytest.mark.parametrize(("text", "distribution", "variant"), TOO_SPREAD_FOR_A_GROUP)
def test_too_spread_out_to_call_a_group_is_no_group(extractor, guideline, text, distribution,
                                                    variant):
    found = counting(extractor.extract(text))
    assert [f.distribution for f in found] == [distribution]
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


def test_too_small_to_biopsy_keeps_the_group(extractor, guideline):
    text = ("A cluster of amorphous calcifications at 2:00 in the left breast, too small to "
            "target under ultrasound.")
    assert variant_and_reason(extractor, guideline, text) == (4, None)


LONG_SUBJECTS_STABLE = [
    "Eggshell calcifications in three small oil cysts of the right lower inner quadrant and a "
    "popcorn calcification in the left breast are stable since 2018.",
    "Rim calcifications within two fat-containing masses of the left upper outer quadrant, "
    "posterior depth, are unchanged since 2020.",
    "Coarse calcifications in a degenerating fibroadenoma at 7 o'clock of the right breast, 6 cm "
    "from the nipple, have been stable for three years.",
]


@pytest.mark.parametrize("text", LONG_SUBJECTS_STABLE)
def test_a_long_subject_is_what_is_stable(extractor, guideline, text):
    assert counting(extractor.extract(text)) == []
    assert variant_and_reason(extractor, guideline, text) == (None, "stable_or_known_benign")


def test_a_stable_predicate_leaves_a_new_finding_before_a_clause_break(extractor, guideline):
    text = ("New grouped amorphous calcifications at 2:00 in the left breast; the coarse "
            "calcifications in the right breast are stable since 2019.")
    assert variant_and_reason(extractor, guideline, text) == (4, None)
