"""Families found on calcifications described among other findings (masses, nodes, moles,
asymmetries) and on 'new since a dated prior' wordings.

Made-up sentences, one table per family; fields not listed are not checked.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, counting

# --- "in a right axillary node": an article before a side word does not open a new statement ---

STABLE_WITH_ARTICLE = [
    "Coarse calcifications in a left axillary lymph node are unchanged.",
    "Dystrophic calcifications within a right intramammary node remain stable since 2018.",
    "Rim calcifications in an upper outer left breast oil cyst are unchanged.",
]


@pytest.mark.parametrize("text", STABLE_WITH_ARTICLE)
def test_article_before_side_keeps_status_on_the_calcifications(extractor, text):
    assert_counting(extractor, text + " New 8 mm oval mass in the other breast.", [])


def test_side_after_article_still_opens_a_statement_after_there_is(extractor):
    # near-miss: the stable word belongs to the second statement only
    text = ("Grouped amorphous calcifications at right 2:00 measuring 4 mm a left breast there "
            "is a stable oval mass.")
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "laterality": "right"}])


# --- "not seen on the mammogram of 2019", "appeared since 2019": new, not stable -------------

NEW_SINCE_DATED = [
    "Right breast: a cluster of pleomorphic microcalcifications at 10:00, not seen on the "
    "mammogram of 2017.",
    "Left: grouped fine pleomorphic calcifications, not visible on the study from 03/2021.",
    "Grouped fine pleomorphic calcifications in the right breast have appeared since 2019.",
    "A group of pleomorphic calcifications at right 11:00 has appeared since the last exam.",
]


@pytest.mark.parametrize("text", NEW_SINCE_DATED)
def test_absent_on_a_dated_prior_is_new(extractor, text):
    assert_counting(extractor, text, [{"morphology": ("fine_pleomorphic",)}])


NOT_NEW = [
    # near-misses: absent on this exam, or stable since a year
    "Grouped amorphous calcifications at left 3:00 are unchanged since 2019.",
    "The calcifications questioned at screening are not seen on the mammogram performed today.",
]


@pytest.mark.parametrize("text", NOT_NEW)
def test_stable_since_or_not_seen_today_does_not_count(extractor, text):
    assert_counting(extractor, text, [])


# --- a mole or other skin lesion as a landmark is not skin morphology -------------------------

SKIN_LESION_LANDMARK = [
    "Grouped calcifications in the left upper inner quadrant near a skin mole.",
    "New grouped calcifications at right 6:00 beneath a skin tag marked with a BB.",
    "Grouped calcifications just deep to the skin nevus on the left, anterior depth.",
]


@pytest.mark.parametrize("text", SKIN_LESION_LANDMARK)
def test_skin_lesion_landmark_names_no_morphology(extractor, text):
    assert_counting(extractor, text, [{"morphology": ("unspecified",),
                                       "distribution": "grouped"}])


SKIN_PROVEN = [
    # near-misses: the calcifications are in the skin
    "Grouped calcifications near the mole are dermal on the tangential view.",
    "Grouped skin calcifications at the site of a mole in the left breast.",
]


@pytest.mark.parametrize("text", SKIN_PROVEN)
def test_calcifications_in_the_skin_are_skin(extractor, text):
    found = counting(extractor.extract(text))
    assert [f.morphology for f in found] == [("skin",)]


# --- "scattered over both breasts" is diffuse --------------------------------------------------

@pytest.mark.parametrize("text", [
    "Punctate calcifications are scattered over both breasts.",
    "Round calcifications scattered across both breasts.",
])
def test_scattered_over_both_breasts_is_diffuse(extractor, text):
    assert_counting(extractor, text, [{"distribution": "diffuse", "laterality": "bilateral"}])


# --- numbered reporting-software items are separate findings ----------------------------------

NUMBERED_ITEMS = [
    ("Finding 1: Left breast, 2 o'clock. Calcifications. Morphology: amorphous. "
     "Distribution: grouped.\nFinding 2: Left breast, 4 o'clock. Calcifications. "
     "Morphology: amorphous. Distribution: grouped.", 2),
    ("Lesion #1 - Right breast, upper outer quadrant.\nCalcifications, coarse heterogeneous, "
     "grouped.\nLesion #2 - Right breast, lower inner quadrant.\nCalcifications, coarse "
     "heterogeneous, grouped.", 2),
]


@pytest.mark.parametrize(("text", "n"), NUMBERED_ITEMS)
def test_numbered_items_are_separate_findings(extractor, text, n):
    assert len(counting(extractor.extract(text))) == n


def test_impression_restating_numbered_items_does_not_add_findings(extractor):
    # near-miss: the impression sums the items up, it is no third finding
    text = ("FINDINGS:\nFinding 1: Right breast, 9 o'clock. Calcifications. Morphology: amorphous. "
            "Distribution: grouped.\nFinding 2: Right breast, 7 o'clock. Calcifications. "
            "Morphology: amorphous. Distribution: grouped.\n"
            "IMPRESSION: Two groups of amorphous calcifications in the right breast. BI-RADS 4A.")
    found = counting(extractor.extract(text))
    assert len(found) == 2
    assert sum(f.group_count for f in found) == 2


# --- an impression listing a mass or asymmetry and calcifications, each with its own side -----

LISTED_FINDINGS = [
    ("Impression: Right focal asymmetry and left calcifications. BI-RADS 0.",
     [{"laterality": "left", "associated_mass_or_asymmetry": False}]),
    ("Impression: Left calcifications and left developing asymmetry. BI-RADS 0.",
     [{"laterality": "left", "associated_mass_or_asymmetry": False}]),
    ("IMP: Rt mass & lt grouped amorphous calcs. BIRADS 0.",
     [{"laterality": "left", "associated_mass_or_asymmetry": False}]),
    ("Impression: A right breast mass and left breast calcifications. BI-RADS 0.",
     [{"laterality": "left", "associated_mass_or_asymmetry": False}]),
]


@pytest.mark.parametrize(("text", "expected"), LISTED_FINDINGS)
def test_listed_findings_keep_their_own_side_and_are_not_associated(extractor, text, expected):
    assert_counting(extractor, text, expected)


NOT_A_LIST = [
    # near-misses: the mass is at the calcifications, or one description covers both breasts
    ("Left focal asymmetry with associated calcifications.",
     [{"laterality": "left", "associated_mass_or_asymmetry": True}]),
    ("Grouped amorphous calcifications in the right and left breasts.",
     [{"laterality": "bilateral"}]),
    ("Irregular left breast mass containing calcifications and left axillary adenopathy.",
     [{"laterality": "left", "associated_mass_or_asymmetry": True}]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_A_LIST)
def test_association_and_bilateral_descriptions_are_kept(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- an asymmetry "without associated calcifications" rules out nothing raised before ----------

def test_mass_without_calcifications_does_not_rule_out_a_hedged_group(extractor):
    text = ("Left breast: a small group of possibly amorphous calcifications at 12:00, new. "
            "Separately there is a focal asymmetry at 3:00 without associated calcifications.")
    assert_counting(extractor, text, [{"morphology": ("amorphous",), "laterality": "left",
                                       "associated_mass_or_asymmetry": False}])


def test_views_showing_no_calcifications_still_rule_out_a_hedged_group(extractor):
    # near-miss: the clause names no mass; it rules out the questioned calcifications
    text = ("Possible calcifications in the left breast on the screening study. "
            "Magnification views show no calcifications.")
    assert_counting(extractor, text, [])


# --- a mass at a stated distance, or with its own side letter, is not at the calcifications ----

NOT_AT_THE_MASS = [
    "In the right breast at 11:00, about 4 cm from the mass, there are grouped amorphous "
    "calcifications.",
    "Grouped amorphous calcifications at right 1:00, 2.5 cm superior to the asymmetry.",
    "Recall: Rt calcs, L mass.\nR: grouped amorphous calcs UOQ, 5 mm.",
    "Callback for R calcs and L asymmetry.\nRight: grouped amorphous calcifications 10:00.",
]


@pytest.mark.parametrize("text", NOT_AT_THE_MASS)
def test_mass_elsewhere_is_not_associated(extractor, text):
    assert_counting(extractor, text, [{"morphology": ("amorphous",),
                                       "associated_mass_or_asymmetry": False}])


AT_THE_MASS = [
    # near-misses: a size of the mass, or the calcifications at it
    "A 2 cm irregular mass in the right breast with grouped amorphous calcifications at its "
    "margin.",
    "Grouped amorphous calcifications within a 1.5 cm right breast mass.",
    "Right: focal asymmetry with grouped amorphous calcifications 3 mm from its edge.",
]


@pytest.mark.parametrize("text", AT_THE_MASS)
def test_mass_at_the_calcifications_is_associated(extractor, text):
    assert_counting(extractor, text, [{"morphology": ("amorphous",),
                                       "associated_mass_or_asymmetry": True}])
