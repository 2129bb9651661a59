"""Descriptor-level families met when generalising to unseen report styles.

Each table is one family (text -> the counting findings expected; fields not listed are not
checked). The sentences are made up for the tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting

# --- a shape word of calcifications that are lines or curves by nature is not a distribution ---
# (guideline section 5: "linear and curvilinear suture calcifications", "tram-track linear
# vascular" -> distribution null; vessels and sutures need no distribution)

SHAPE_CASES = [
    ("Linear suture calcifications at the lumpectomy bed, right breast.",
     [{"morphology": ("suture",), "distribution": None, "laterality": "right"}]),
    ("Curvilinear and linear sutural calcifications in the left breast.",
     [{"morphology": ("suture",), "distribution": None}]),
    ("Tram-track linear vascular calcifications in the right breast.",
     [{"morphology": ("vascular",), "distribution": None}]),
    # not a vessel or a suture: the word keeps its meaning
    ("Scattered benign-appearing calcifications in the left breast.",
     [{"morphology": ("benign_unspecified",), "distribution": "diffuse"}]),
    ("Punctate calcifications in a linear distribution in the left breast.",
     [{"morphology": ("punctate",), "distribution": "linear"}]),
    ("Scattered punctate and vascular calcifications throughout both breasts.",
     [{"morphology": ("punctate", "vascular"), "distribution": "diffuse"}]),
]


@pytest.mark.parametrize(("text", "expected"), SHAPE_CASES)
def test_shape_words_of_vessels_and_sutures(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "scattered vascular calcifications": where the vessels lie, diffuse for them only ----------

VESSEL_SCATTER_CASES = [
    ("Scattered vascular calcifications bilaterally.",
     [{"morphology": ("vascular",), "distribution": "diffuse", "laterality": "bilateral"}]),
    # a later sentence that adds another look to the same calcifications does not inherit it
    ("Scattered vascular calcifications in the left breast. They are punctate.",
     [{"morphology": ("vascular", "punctate"), "distribution": None}]),
    ("Scattered arterial calcifications, right breast. Those are also amorphous.",
     [{"morphology": ("vascular", "amorphous"), "distribution": None}]),
    # "scattered" before a list of kinds goes with all of them
    ("Scattered vascular and punctate calcifications throughout both breasts.",
     [{"morphology": ("vascular", "punctate"), "distribution": "diffuse"}]),
]


@pytest.mark.parametrize(("text", "expected"), VESSEL_SCATTER_CASES)
def test_scattered_vessels_keep_their_distribution(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- coded field lines: "CALC-MORPH: X; CALC-DIST: Y; SIDE: L; CLOCK: 3; ASSOC: MASS" -----------
# Each line (or block under "FINDING n") is one finding: the field labels are not calcification
# head words, the ";" only separates fields, and "SIDE:" / "CLOCK:" carry side and position.

FIELD_LINE_CASES = [
    ("FINDING 1: CALC-MORPH: PLEOMORPHIC; CALC-DIST: CLUSTERED; SIDE: R; CLOCK: 11",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "laterality": "right"}]),
    ("CALC-MORPH: AMORPHOUS; CALC-DIST: GROUPED; SIDE: L; CLOCK: 2\n"
     "CALC-MORPH: AMORPHOUS; CALC-DIST: GROUPED; SIDE: L; CLOCK: 7",
     [{"morphology": ("amorphous",), "laterality": "left"},
      {"morphology": ("amorphous",), "laterality": "left"}]),
    ("FINDING 1: SIDE: B\n  CALC-MORPH: PUNCTATE\n  CALC-DIST: REGIONAL",
     [{"morphology": ("punctate",), "distribution": "regional", "laterality": "bilateral"}]),
    ("CALC-MORPH: COARSE HETEROGENEOUS; CALC-DIST: GROUPED; SIDE: L; CLOCK: 6; ASSOC: MASS",
     [{"morphology": ("coarse_heterogeneous",), "laterality": "left",
       "associated_mass_or_asymmetry": True}]),
    ("CALC-MORPH: AMORPHOUS; CALC-DIST: GROUPED; SIDE: R\nASSOC: NONE",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": False}]),
    ("Calc-Morph: round; Calc-Dist: segmental; Laterality: Lt",
     [{"morphology": ("round",), "distribution": "segmental", "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), FIELD_LINE_CASES)
def test_coded_field_lines(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- BI-RADS: per-breast tags, misheard keyword, a prior exam named far from the category -------

BIRADS_CASES = [
    ("BIRADS R: 4A\nBIRADS L: 4B", "4B"),
    ("BI-RADS RT: 3; BI-RADS LT: 2", "3"),
    ("... fine linear calcifications highly suggestive of malignancy bye rads 5", "5"),
    ("no prior available for comparison no mass birads 0 recommend comparison", "0"),
    ("clip from prior benign biopsy no mass birads 4a", "4A"),
    # a category said of the earlier exam is still not this one
    ("Prior BI-RADS 3. Stable. BI-RADS 2.", "2"),
]


@pytest.mark.parametrize(("text", "expected"), BIRADS_CASES)
def test_birads_tags_and_far_priors(extractor, text, expected):
    assert extractor.extract(text).birads == expected


# --- a labelled block goes on for as many lines as it has fields ---------------------------------

BLOCK_CASES = [
    ("SIDE: R; CLOCK: 8\nCALC-MORPH: FINE PLEOMORPHIC\nCALC-DIST: SEGMENTAL\nEXTENT: 40 MM\n"
     "ASSOC: FOCAL ASYMMETRY",
     [{"morphology": ("fine_pleomorphic",), "distribution": "segmental",
       "associated_mass_or_asymmetry": True}]),
    ("SIDE: L\nCALC-MORPH: AMORPHOUS\nCALC-DIST: GROUPED\nSIZE: 5 MM\nASSOC: NONE",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": False}]),
]


@pytest.mark.parametrize(("text", "expected"), BLOCK_CASES)
def test_labelled_block_lines(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- the benign proof of the workup reaches past "but" -------------------------------------------

PROOF_CASES = [
    ("Magnification shows a cluster of calcifications that look punctate on the CC view but "
     "layer dependently on the lateral view.",
     [{"morphology": ("milk_of_calcium",), "distribution": "grouped"}]),
    ("Grouped round calcifications in the left breast, but tangential views place them in the "
     "skin.",
     [{"morphology": ("skin",)}]),
]


@pytest.mark.parametrize(("text", "expected"), PROOF_CASES)
def test_benign_proof_after_but(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- template blanks: "[left]" is the side of its own statement, not a new one -----------------

BRACKET_CASES = [
    ("There are [grouped] [amorphous] calcifications in the [left] breast at [2:00], associated "
     "with a [focal asymmetry]. Right breast: no suspicious findings.",
     [{"morphology": ("amorphous",), "laterality": "left",
       "associated_mass_or_asymmetry": True}]),
    ("[Segmental] [fine linear] calcifications in the [right] breast with an [irregular mass].",
     [{"morphology": ("fine_linear",), "laterality": "right",
       "associated_mass_or_asymmetry": True}]),
]


@pytest.mark.parametrize(("text", "expected"), BRACKET_CASES)
def test_template_blanks(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "... and in the right breast ...": a second statement joined by "and" ----------------------
# The place words of the first statement stay with the first finding.

JOINED_SIDE_CASES = [
    ("Grouped amorphous calcifications in the left breast at 2:00 and in the right breast there "
     "are grouped punctate calcifications at 10:00.",
     [{"morphology": ("amorphous",), "laterality": "left", "location": "2:00"},
      {"morphology": ("punctate",), "laterality": "right", "location": "10:00"}]),
    ("Amorphous calcifications in the left breast at 3:00 and in the right breast, a cluster of "
     "punctate calcifications at 9:00.",
     [{"morphology": ("amorphous",), "laterality": "left", "location": "3:00"},
      {"morphology": ("punctate",), "laterality": "right", "location": "9:00"}]),
    ("Fine pleomorphic calcifications at 11 o'clock in the right breast while in the left breast "
     "there are coarse calcifications.",
     [{"morphology": ("fine_pleomorphic",), "laterality": "right"},
      {"morphology": ("coarse",), "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), JOINED_SIDE_CASES)
def test_side_joined_by_and_opens_a_statement(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- benign macrocalcifications beside vessels are a finding of their own -----------------------

VESSEL_AND_BENIGN_CASES = [
    ("Vascular calcifications. Benign macrocalcifications in the right breast.",
     [{"morphology": ("vascular",)},
      {"morphology": ("benign_unspecified",), "laterality": "right"}]),
    ("Benign-appearing calcifications, left breast. Arterial calcifications bilaterally.",
     [{"morphology": ("benign_unspecified",), "laterality": "left"},
      {"morphology": ("vascular",), "laterality": "bilateral"}]),
    # in one sentence, one side for both
    ("Vascular calcifications and benign macrocalcifications are present bilaterally.",
     [{"morphology": ("vascular",), "laterality": "bilateral"},
      {"morphology": ("benign_unspecified",), "laterality": "bilateral"}]),
]


@pytest.mark.parametrize(("text", "expected"), VESSEL_AND_BENIGN_CASES)
def test_benign_beside_vessels(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a second finding in a sentence mainly about a mass takes the sentence's only side ----------

MASS_SENTENCE_CASES = [
    # the mass's place and size stay the mass's, and "separately" says it is not at them
    ("There is an irregular mass in the left breast at 3:00 measuring 12 mm, and separately "
     "grouped amorphous calcifications at 9:00.",
     [{"morphology": ("amorphous",), "laterality": "left", "distribution": "grouped",
       "location": "9:00", "associated_mass_or_asymmetry": False}]),
    ("A spiculated mass at 10 o'clock in the right breast, and punctate calcifications in a "
     "cluster at 2 o'clock.",
     [{"morphology": ("punctate",), "laterality": "right", "location": "2 o'clock"}]),
    # with no "and", the calcifications are at the mass
    ("An irregular mass at 3:00 with grouped amorphous calcifications, left breast.",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": True}]),
    ("Right breast oval circumscribed mass at 7:00 with coarse calcifications, and fine "
     "pleomorphic calcifications at 12:00.",
     [{"morphology": ("coarse",), "laterality": "right"},
      {"morphology": ("fine_pleomorphic",), "laterality": "right"}]),
]


@pytest.mark.parametrize(("text", "expected"), MASS_SENTENCE_CASES)
def test_second_finding_in_a_mass_sentence(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a following sentence that points back and puts the finding at a mass or asymmetry ---------

POINTS_BACK_CASES = [
    ("Several small clusters of amorphous calcifications in the left breast. The largest "
     "cluster lies within a focal asymmetry at 2:00.",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": True}]),
    ("Right breast: two groups of coarse heterogeneous calcifications. One sits at the edge of "
     "a developing asymmetry.",
     [{"morphology": ("coarse_heterogeneous",), "associated_mass_or_asymmetry": True}]),
    # a mass said not to be there, or a sentence about the mass itself, does not join
    ("Grouped amorphous calcifications in the left breast. They are not within a mass.",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": False}]),
    ("Grouped amorphous calcifications in the left breast. The mass at 6:00 is a cyst.",
     [{"morphology": ("amorphous",), "associated_mass_or_asymmetry": False}]),
]


@pytest.mark.parametrize(("text", "expected"), POINTS_BACK_CASES)
def test_sentence_pointing_back_to_a_mass(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a stable group next to a new one stays apart (and does not count) --------------------------

STABLE_BESIDE_NEW_CASES = [
    ("Right breast: stable cluster of punctate calcifications at 10:00. New cluster of punctate "
     "calcifications at 2:00.",
     [{"morphology": ("punctate",), "location": "2:00", "group_count": 1}]),
    ("Left breast: new grouped amorphous calcifications at 3:00. A stable punctate cluster at "
     "3:00 is unchanged.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    ("New grouped amorphous calcifications in the left breast at 2:00. Stable grouped amorphous "
     "calcifications in the left breast at 6:00.",
     [{"morphology": ("amorphous",), "location": "2:00", "group_count": 1}]),
    # the same group said to be stable and then to have grown is one current finding
    ("Grouped punctate calcifications at 4:00, previously stable, have increased in number.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), STABLE_BESIDE_NEW_CASES)
def test_stable_group_beside_a_new_one(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- the exam title may stand under a few chart-header lines ------------------------------------

TITLE_CASES = [
    ("Patient: Jane Roe\nAccession: 4411\nSCREENING MAMMOGRAM, BOTH BREASTS\nFINDINGS: negative.",
     "screening", None),
    ("MRN 12345\n03/04/2024\nMAMMOGRAM, LEFT, DIAGNOSTIC\nFINDINGS: Grouped amorphous "
     "calcifications at 2:00.", "diagnostic", "left"),
    ("Pt: J. Roe\nMammogram - right - diagnostic\nFINDINGS: Grouped amorphous calcifications.",
     "diagnostic", "right"),
    # a history line first is the body, not a header above a title
    ("HISTORY: screening recall.\nSCREENING MAMMOGRAM\nFINDINGS: negative.", "diagnostic", None),
]


@pytest.mark.parametrize(("text", "kind", "side"), TITLE_CASES)
def test_title_under_chart_header(extractor, text, kind, side):
    result = extractor.extract(text, None)
    assert result.exam_kind == kind
    if side is not None:
        assert [f.laterality for f in result.findings] == [side]


# --- a look "considered but" set aside is not the finding's morphology --------------------------

CONSIDERED_CASES = [
    ("Grouped punctate calcifications; amorphous was considered but they are sharply defined.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Grouped amorphous calcifications. Fine pleomorphic was considered but not favored.",
     [{"morphology": ("amorphous",)}]),
    # an open alternative keeps both
    ("Grouped calcifications, punctate versus amorphous.",
     [{"morphology": ("punctate", "amorphous")}]),
]


@pytest.mark.parametrize(("text", "expected"), CONSIDERED_CASES)
def test_look_considered_and_set_aside(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a bilateral summary naming no look of its own sums up the findings of each breast ----------

SUMMARY_CASES = [
    ("Right breast: grouped punctate calcifications at 9:00. Left breast: coarse calcifications. "
     "IMPRESSION: Benign calcifications bilaterally.",
     [{"morphology": ("punctate",), "laterality": "right"},
      {"morphology": ("coarse",), "laterality": "left"}]),
    ("Right: amorphous calcifications in a cluster at 1:00. Left: amorphous calcifications in a "
     "cluster at 5:00. IMPRESSION: Bilateral calcification groups.",
     [{"morphology": ("amorphous",), "laterality": "right"},
      {"morphology": ("amorphous",), "laterality": "left"}]),
    # after one breast only, it is a finding of its own
    ("Right breast: grouped punctate calcifications at 9:00. IMPRESSION: Benign calcifications "
     "bilaterally.",
     [{"morphology": ("punctate",), "laterality": "right"},
      {"morphology": ("benign_unspecified",), "laterality": "bilateral"}]),
]


@pytest.mark.parametrize(("text", "expected"), SUMMARY_CASES)
def test_bilateral_summary(extractor, text, expected):
    assert_counting(extractor, text, expected)
