"""How descriptions of calcifications are put together into findings: the benign proof that
replaces what the calcifications looked like, a radiologist's correction of a form field, the
other breast named only for comparison, form check boxes, a mass's shape field, shape words,
and a diagnosis offered for what was described.

Each table is one family (text -> what is expected). The sentences are made up for the tests;
they are not corpus reports. Near-misses that must NOT change the finding sit beside each family.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, counting, decide

# --- the benign proof, said later of "the calcifications", replaces their look ----------------

PROVEN_LATER = [
    # skin, told of "the calcifications" / "the group" after a screening description
    ("Screening: a new group of punctate calcifications in the left upper inner quadrant. "
     "Diagnostic: a tangential view was obtained. The grouped calcifications localize to the "
     "skin. BI-RADS 2.", 2, "left"),
    ("A cluster of round calcifications is seen at right 7:00 on the MLO view. Additional "
     "tangential views of the right breast: the calcifications project over the skin, dermal. "
     "BI-RADS 2.", 2, "right"),
    ("Finding 1: Right breast, 2:00.\n  Calcifications [x]\n  Morphology: Punctate\n"
     "  Distribution: Grouped\n  Comment: On the tangential view the group localizes to the "
     "skin.\nBI-RADS 2.", 2, "right"),
    ("Outside screening described possible amorphous calcifications in the left breast. On "
     "today's views these calcifications are lucent-centered and in the dermis. BI-RADS 2.",
     2, "left"),
    # layering, told after a ";" of "they"
    ("Left breast magnification views: the calcifications at 3:00 look round on the CC view; "
     "on the true lateral view they layer dependently. The group spans 5 mm. BI-RADS 2.",
     3, "left"),
    ("Additional right breast views: a group of round calcifications at 10:00. The "
     "calcifications are round on the CC view and layer on the lateral view, forming teacups. "
     "BI-RADS 2.", 3, "right"),
]


@pytest.mark.parametrize(("text", "variant", "side"), PROVEN_LATER)
def test_a_later_benign_proof_replaces_the_look(extractor, guideline, text, variant, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (variant, side)


# near-misses: other calcifications named with a benign kind of their own, or at another
# place, stay a finding of their own; the suspicious group keeps its variant
NOT_PROVEN = [
    ("Grouped amorphous calcifications in the left breast at 2:00. The skin calcifications in "
     "the left breast are benign. BI-RADS 4A.", 4),
    ("Grouped amorphous calcifications in the left breast at 2:00. Dermal calcifications are "
     "also seen in the left breast. BI-RADS 4A.", 4),
    ("Grouped amorphous calcifications at left 2:00. The calcifications at left 9:00 localize "
     "to the skin. BI-RADS 4A.", 4),
    ("Grouped punctate calcifications in the right breast at 10:00. The calcifications in the "
     "left breast localize to the skin. BI-RADS 2.", 10),
]


@pytest.mark.parametrize(("text", "variant"), NOT_PROVEN)
def test_other_benign_calcifications_do_not_replace_a_finding(extractor, guideline, text,
                                                              variant):
    decision = decide(extractor, guideline, text)
    assert decision.variant == variant


def test_punctate_beside_separate_skin_stays_punctate(extractor, guideline):
    text = ("Grouped punctate calcifications in the right breast at 10:00. The calcifications "
            "in the left breast localize to the skin. BI-RADS 2.")
    morphologies = {f.morphology for f in counting(extractor.extract(text))}
    assert ("punctate",) in morphologies and ("skin",) in morphologies


# --- a radiologist's correction takes back a form field or an earlier word ------------------

CORRECTIONS = [
    ("Calcifications [x]\n Morphology: Amorphous\n Distribution: Grouped\n Edit: these are "
     "not grouped; they are segmental, 4 cm.\nLeft breast. BI-RADS 4B.",
     [{"morphology": {"amorphous"}, "distribution": "segmental"}]),
    ("Morphology: Punctate\nDistribution: Grouped\nRight breast 9:00.\nAddendum to the form: "
     "on magnification these are amorphous, not punctate.\nBI-RADS 4A.",
     [{"morphology": {"amorphous"}, "distribution": "grouped"}]),
    ("A group of punctate calcifications at right 4:00. On the magnification views they are "
     "fine pleomorphic, not punctate. BI-RADS 4B.",
     [{"morphology": {"fine_pleomorphic"}}]),
]


@pytest.mark.parametrize(("text", "expected"), CORRECTIONS)
def test_a_correction_replaces_the_descriptor(extractor, text, expected):
    assert_counting(extractor, text, expected)


# near-misses: a negation that corrects nothing (no other descriptor of its kind beside it)
# leaves what the finding said
NOT_CORRECTIONS = [
    ("Grouped amorphous calcifications at left 2:00, spanning 5 mm. No regional adenopathy. "
     "No fine linear forms. BI-RADS 4A.", [{"morphology": {"amorphous"},
                                             "distribution": "grouped"}]),
    ("Regional punctate calcifications in the right breast over 4 cm; no grouping and no "
     "masses. BI-RADS 3.", [{"morphology": {"punctate"}, "distribution": "regional"}]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_CORRECTIONS)
def test_a_plain_negation_is_not_a_correction(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- the other breast named only for comparison ---------------------------------------------

ONE_BREAST = [
    "Diffuse amorphous calcifications in the left breast, more numerous than in the right.",
    "Diffuse amorphous calcifications, left breast, asymmetric compared to the right.",
    "Amorphous calcifications diffusely throughout the left breast; no similar calcifications "
    "on the right.",
    "Diffuse left breast amorphous calcifications, unlike the right.",
    "Amorphous calcifications diffusely distributed in the left breast, in contrast to the "
    "right.",
]


@pytest.mark.parametrize("text", ONE_BREAST)
def test_a_compared_breast_is_not_the_findings_side(extractor, guideline, text):
    found = counting(extractor.extract(text + " BI-RADS 4A."))
    assert {f.laterality for f in found} == {"left"}
    assert decide(extractor, guideline, text + " BI-RADS 4A.").reason == "diffuse_one_breast"


# near-misses: both breasts really hold them; "versus" between morphologies is no comparison
BOTH_BREASTS = [
    ("Diffuse amorphous calcifications in both breasts, more numerous on the left than the "
     "right. BI-RADS 3.", "bilateral"),
    ("Right breast: diffuse amorphous calcifications.\nLeft breast: diffuse amorphous "
     "calcifications, similar to the right.\nBI-RADS 3.", "bilateral"),
    ("Diffuse punctate versus amorphous calcifications in both breasts. BI-RADS 3.",
     "bilateral"),
]


@pytest.mark.parametrize(("text", "side"), BOTH_BREASTS)
def test_both_breasts_stay_bilateral(extractor, guideline, text, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (13, side)


def test_versus_between_morphologies_keeps_the_side(extractor):
    text = "Regional punctate vs amorphous calcifications in left LIQ. BI-RADS 4A."
    assert [f.laterality for f in counting(extractor.extract(text))] == ["left"]


# --- form check boxes: an unticked mass is not at the calcifications ------------------------

UNTICKED = [
    "Grouped amorphous calcifications, left 3:00.\n[x] calcifications  [ ] mass  [ ] asymmetry",
    "Grouped amorphous calcifications, left 3:00.\nCalcifications [x]  Mass [ ]  Asymmetry [ ]",
    "Grouped amorphous calcifications, left 3:00.\nCalcifications: [x]  Mass: [ ]  "
    "Asymmetry: [ ]",
    "Morphology: Amorphous\nDistribution: Grouped\nAssociated findings: [ ] mass [ ] asymmetry "
    "[ ] skin thickening",
    "Grouped amorphous calcifications, left 3:00.\nCalcifications ☒  Mass ☐  Asymmetry ☐",
]


@pytest.mark.parametrize("text", UNTICKED)
def test_an_unticked_mass_is_not_associated(extractor, text):
    found = counting(extractor.extract(text + "\nBI-RADS 4A."))
    assert found and not any(f.associated_mass_or_asymmetry for f in found)


TICKED = [
    "Grouped amorphous calcifications, left 3:00.\n[x] calcifications  [x] mass  [ ] asymmetry",
    "Grouped amorphous calcifications, left 3:00.\nCalcifications [x]  Mass [ ]  Asymmetry [x]",
    "Grouped amorphous calcifications, left 3:00.\nCalcifications: [x]  Mass: [x]",
]


@pytest.mark.parametrize("text", TICKED)
def test_a_ticked_mass_is_associated(extractor, text):
    found = counting(extractor.extract(text + "\nBI-RADS 4A."))
    assert found and found[0].associated_mass_or_asymmetry


# --- "Shape:" of a form's mass block is the mass's -------------------------------------------

def test_shape_field_of_a_mass_block_is_not_a_morphology(extractor, guideline):
    text = ("Finding 1 - Right breast 8:00\n  Type: Mass [x]  Calcifications [x]\n"
            "  Shape: Round. Margin: Circumscribed. Density: fat-containing.\n"
            "  Calcifications: eggshell rim calcification of the wall.\nBI-RADS 2.")
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (9, "right")
    assert decision.associated_mass_or_asymmetry
    assert all("round" not in f.morphology for f in counting(extractor.extract(text)))


def test_shape_field_of_a_calcification_block_is_a_morphology(extractor):
    text = ("Finding 1 - Right breast 8:00\n  Type: Mass [ ]  Calcifications [x]\n"
            "  Shape: Amorphous\n  Distribution: Grouped\nBI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "grouped"}])


# --- a headless line under the other breast's header ----------------------------------------

def test_a_line_under_the_other_breasts_header_is_its_own(extractor):
    text = ("R: post-biopsy clip at 10:00 with residual grp punctate calcs, unchanged.\n"
            "L: known milk of calcium UIQ, now more numerous, layering on the ML view.\n"
            "BI-RADS 2")
    found = counting(extractor.extract(text))
    assert [(f.morphology, f.laterality) for f in found] == [(("milk_of_calcium",), "left")]


# --- shape words go with their own description ----------------------------------------------

def test_shape_words_of_sutures_are_not_a_distribution_after_a_joint_impression(extractor):
    text = ("Findings: New coarse dystrophic calcifications at the right lumpectomy site. "
            "Linear and curvilinear suture calcifications along the scar are also new.\n"
            "Impression: Evolving dystrophic and suture calcifications, right. BI-RADS 2.")
    assert all(f.distribution is None for f in counting(extractor.extract(text)))


def test_a_linear_distribution_stays_a_distribution(extractor):
    text = "Amorphous calcifications in a linear distribution at right 12:00. BI-RADS 4B."
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "linear"}])


def test_uncalcified_oil_cysts_add_nothing(extractor):
    text = ("Linear and curvilinear suture calcifications along both reduction scars. "
            "Several oil cysts. No suspicious calcifications. BI-RADS 2.")
    assert [set(f.morphology) for f in counting(extractor.extract(text))] == [{"suture"}]


# --- a diagnosis offered for what was described adds no morphology ---------------------------

DIAGNOSIS = [
    ("Oval mass at left 4:00 with coarse heterogeneous calcifications, likely a calcifying "
     "fibroadenoma. BI-RADS 4A.", {"coarse_heterogeneous"}),
    ("Grouped coarse heterogeneous calcifications right 8:00, s/o calcified fibroadenoma. "
     "BI-RADS 4A.", {"coarse_heterogeneous"}),
    # near-misses: the diagnosis is the only morphology named, or restates it
    ("Coarse calcification at left 3:00, a calcified fibroadenoma. BI-RADS 2.", {"coarse"}),
    ("Popcorn calcifications at right 9:00, typical of an involuting fibroadenoma. BI-RADS 2.",
     {"coarse"}),
]


@pytest.mark.parametrize(("text", "morphology"), DIAGNOSIS)
def test_a_diagnosis_adds_no_morphology(extractor, text, morphology):
    found = counting(extractor.extract(text))
    assert [set(f.morphology) for f in found] == [morphology]


# --- a modality heading over what it showed is not an exam line ------------------------------

MODALITY_HEADINGS = [
    ("MAMMOGRAM: An oval circumscribed mass at left 2:00 containing coarse popcorn-like "
     "calcifications.\nULTRASOUND: Corresponding oval hypoechoic mass.\nIMPRESSION: Benign. "
     "BI-RADS 2.", 9, "left"),
    ("Mammography: Grouped amorphous calcifications at right 11 o'clock, 5 mm.\nIMPRESSION: "
     "Biopsy. BI-RADS 4A.", 4, "right"),
]


@pytest.mark.parametrize(("text", "variant", "side"), MODALITY_HEADINGS)
def test_a_modality_heading_holds_findings(extractor, guideline, text, variant, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (variant, side)


# near-misses: an exam line that names the exam, even with calcifications in it, stays the exam
EXAM_LINES = [
    "EXAM: Left diagnostic mammogram with spot magnification views for calcifications.\n"
    "FINDINGS: No suspicious findings. BI-RADS 1.",
    "MAMMOGRAM: Bilateral screening with tomosynthesis, recall for calcifications.\n"
    "FINDINGS: No suspicious findings. BI-RADS 1.",
]


@pytest.mark.parametrize("text", EXAM_LINES)
def test_an_exam_line_makes_no_finding(extractor, text):
    assert counting(extractor.extract(text)) == []


# --- "similar calcifications" take the look of the ones just described ----------------------

SIMILAR = [
    ("Diffuse amorphous calcifications in the left breast and similar calcifications in the "
     "right breast. BI-RADS 3.", 13, "bilateral"),
    ("Grouped amorphous calcifications at right 10:00. Similar calcifications are seen at left "
     "2:00, also grouped. BI-RADS 4A.", 6, "bilateral"),
    ("A cluster of punctate calcifications at right 10:00. A similar group of calcifications at "
     "left 3:00. BI-RADS 3.", 10, "bilateral"),
    # near-misses: ruled out, or other calcifications with a look of their own
    ("Grouped amorphous calcifications at right 10:00. No similar calcifications in the left "
     "breast. BI-RADS 4A.", 4, "right"),
    ("Grouped amorphous calcifications at right 10:00. Vascular calcifications in the left "
     "breast. BI-RADS 4A.", 4, "right"),
]


@pytest.mark.parametrize(("text", "variant", "side"), SIMILAR)
def test_similar_calcifications_take_the_look_before(extractor, guideline, text, variant, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (variant, side)


# --- the recall's reason is the calcifications its workup proved benign ----------------------

RECALL_PROVEN = [
    ("Reason for recall: possible grouped amorphous calcifications, right breast.\n"
     "Tangential view: the group of calcifications at 8 o'clock lies in the skin.\n"
     "Conclusion: benign dermal calcifications. BI-RADS 2.", 2, "right"),
    ("Left diagnostic mammogram. Recalled from screening for punctate calcifications in the "
     "left breast. The calcifications at 2:00 layer dependently on the lateral view, milk of "
     "calcium. BI-RADS 2.", 3, "left"),
]


@pytest.mark.parametrize(("text", "variant", "side"), RECALL_PROVEN)
def test_the_recall_reason_is_what_the_workup_proved_benign(extractor, guideline, text,
                                                            variant, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (variant, side)


# the other breast with none of them: "none in the left breast", "without counterpart"
NONE_THERE = [
    "Diffuse amorphous calcifications throughout the right breast; none in the left breast.",
    "Diffuse amorphous calcifications throughout the right breast, without counterpart in the "
    "left breast.",
    "Finding 1\n  Side: Right\n  Calcifications: Amorphous\n  Distribution: Diffuse\n"
    "  Other breast: none in the left breast",
]


@pytest.mark.parametrize("text", NONE_THERE)
def test_the_other_breast_with_none_is_not_the_side(extractor, guideline, text):
    decision = decide(extractor, guideline, text + "\nBI-RADS 4A.")
    assert decision.reason == "diffuse_one_breast"


# --- "smudgy" describes, it names no morphology (annotation guideline, section 4) ------------

SMUDGY = [
    ("Grouped punctate calcifications at left 1:00 with one slightly smudgy particle. "
     "BI-RADS 3.", {"punctate"}),
    ("Smudgy calcifications in the right breast. BI-RADS 2.", {"unspecified"}),
    ("A cluster of round, smudgy calcifications on the CC view that layer on the lateral view "
     "at right 4:00. BI-RADS 2.", {"milk_of_calcium"}),
]


@pytest.mark.parametrize(("text", "morphology"), SMUDGY)
def test_smudgy_names_no_morphology(extractor, text, morphology):
    assert [set(f.morphology) for f in counting(extractor.extract(text))] == [morphology]


# --- a cluster or group named with a calcification morphology, with no head word ------------

CLUSTER_AS_HEAD = [
    ("R 10:00: cluster of amorphous calcs, 4 mm, new.\nL 2:00: small cluster, 2 mm, possibly "
     "amorphous, also new.\nBI-RADS 4A.", 6, "bilateral"),
    ("Right breast 9 o'clock: grouped amorphous calcifications, 5 mm.\nLeft breast 4 o'clock: "
     "a tiny group, probably amorphous, 2 mm.\nBI-RADS 4A.", 6, "bilateral"),
    # near-misses: a cluster of something else, or told as history
    ("R 10:00: cluster of amorphous calcs, 4 mm, new.\nL: cluster of round microcysts, 5 mm.\n"
     "BI-RADS 4A.", 4, "right"),
    ("R 10:00: cluster of amorphous calcs, 4 mm, new.\nL: s/p biopsy of a grp of punctate calcs "
     "2019, benign.\nBI-RADS 4A.", 4, "right"),
]


@pytest.mark.parametrize(("text", "variant", "side"), CLUSTER_AS_HEAD)
def test_a_cluster_with_a_morphology_is_a_group_of_calcifications(extractor, guideline, text,
                                                                  variant, side):
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (variant, side)


def test_a_clause_pointing_back_past_a_semicolon_describes_the_group(extractor):
    text = ("Left breast: a small group of calcifications at 11:00; these are faint and "
            "possibly amorphous. BI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "grouped"}])


# --- an impression joining the kinds of several findings sums them up -----------------------

def test_an_impression_joining_kinds_keeps_each_findings_side(extractor, guideline):
    text = ("FINDINGS: A few calcifications in the lateral right breast lie within the skin on "
            "tomosynthesis, dermal. Bilateral arterial calcifications.\n"
            "IMPRESSION: Benign dermal and vascular calcifications. BI-RADS 2.")
    decision = decide(extractor, guideline, text)
    assert (decision.variant, decision.laterality) == (2, "right")


def test_versus_is_one_hedged_finding_not_a_summary(extractor):
    text = ("Grouped punctate calcifications at left 2:00. IMPRESSION: grouped punctate versus "
            "amorphous calcifications, left 2:00. BI-RADS 4A.")
    found = counting(extractor.extract(text))
    assert any({"punctate", "amorphous"} <= set(f.morphology) for f in found)


# --- a mass reached through a pronoun in the next sentence -----------------------------------

BY_PRONOUN = [
    "An oval circumscribed mass at left 2:00, 1.2 cm, is unchanged in size. It now contains "
    "coarse popcorn-like calcifications.",
    "There is a 9 mm irregular mass at right 11:00. Fine pleomorphic calcifications are seen "
    "within it.",
    "A lobular mass at left 5:00 measures 1 cm. Coarse calcifications have formed at its "
    "periphery.",
]


@pytest.mark.parametrize("text", BY_PRONOUN)
def test_a_mass_reached_through_a_pronoun_is_associated(extractor, guideline, text):
    assert decide(extractor, guideline, text + " BI-RADS 4A.").associated_mass_or_asymmetry


NOT_BY_PRONOUN = [
    "An oval mass at left 2:00 is a simple cyst. It is benign. Grouped amorphous "
    "calcifications at right 10:00.",
    "No mass. It is recommended to biopsy the grouped amorphous calcifications at left 2:00.",
    "An oval mass at left 2:00 is a simple cyst. Grouped amorphous calcifications at right "
    "10:00, within the upper outer quadrant.",
]


@pytest.mark.parametrize("text", NOT_BY_PRONOUN)
def test_no_pronoun_to_the_mass_no_association(extractor, guideline, text):
    assert not decide(extractor, guideline, text + " BI-RADS 4A.").associated_mass_or_asymmetry


# --- a correction of the side -----------------------------------------------------------------

SIDE_CORRECTIONS = [
    ("FINDINGS: Grouped amorphous calcifications right 2:00, 4 mm.\nIMPRESSION: Grouped "
     "amorphous calcifications 2:00. BI-RADS 4A.\nADDENDUM: Correction - these calcifications "
     "are in the left breast, not the right.", "left"),
    ("Segmental fine pleomorphic calcs rt 10:00.\nBI-RADS 4C.\nAddendum: the calcs described "
     "are in the LT breast, not RT, as seen on the images.", "left"),
]


@pytest.mark.parametrize(("text", "side"), SIDE_CORRECTIONS)
def test_a_side_correction_moves_the_finding(extractor, guideline, text, side):
    found = counting(extractor.extract(text))
    assert [f.laterality for f in found] == [side]
    assert decide(extractor, guideline, text).laterality == side


def test_naming_both_sides_is_not_a_correction(extractor, guideline):
    text = ("Grouped amorphous calcifications at right 2:00 and grouped amorphous calcifications "
            "at left 10:00. BI-RADS 4A.")
    assert {f.laterality for f in counting(extractor.extract(text))} <= {"right", "left",
                                                                        "bilateral"}
    assert decide(extractor, guideline, text).variant == 6
