"""Families found tuning on the edge-case dev parts (laterality, distribution words, status cues).

Made-up sentences, one table per family; fields not listed are not checked.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting

# --- sides written as labels, table cells or relative to the treated breast --------------------

SIDE_CASES = [
    # terse one-letter side labels at line start, and a side letter after the head word
    ("Bilat screen.\nR: coarse popcorn calcs UOQ.\nL: vascular calcs.\nBR2.",
     [{"morphology": ("coarse",), "laterality": "right"},
      {"morphology": ("vascular",), "laterality": "left"}]),
    ("Dx mammo bilat.\nR: MOC, UIQ, regional. Layers on ML.\nL: neg.\nImp: MOC R. BR2.",
     [{"morphology": ("milk_of_calcium",), "laterality": "right"}]),
    ("Dx mammo L.\nL breast - mags: grouped calcs 3 mm, skin on tang view.\n"
     "R breast - not imaged.\nImp: Skin calcs L. BR2.",
     [{"morphology": ("skin",), "laterality": "left"}]),
    # reporting-software tables: one row per finding, the side in its own cell
    ("| Side | Clock | Finding | Morphology | Distribution |\n"
     "| R | 9:00 | Calcifications | Amorphous | Grouped |\n"
     "| L | 3:00 | Calcifications | Amorphous | Grouped |",
     [{"morphology": ("amorphous",), "laterality": "right"},
      {"morphology": ("amorphous",), "laterality": "left"}]),
    # contralateral / ipsilateral: relative to the treated breast
    ("History: left breast DCIS, lumpectomy 2018.\nIn the contralateral breast at 10:00 there "
     "are new grouped fine pleomorphic calcifications.",
     [{"morphology": ("fine_pleomorphic",), "laterality": "right"}]),
    ("History: right mastectomy for carcinoma 2015.\nNew grouped amorphous calcifications in "
     "the contralateral breast at 2:00.",
     [{"morphology": ("amorphous",), "laterality": "left"}]),
    ("History: left lumpectomy 2020.\nNew dystrophic calcifications in the ipsilateral breast "
     "at the surgical site.",
     [{"morphology": ("dystrophic",), "laterality": "left"}]),
    # "Finding N: <side> ..." opens a block: the side carries to the lines under it
    ("Finding 1: Right 4:00 middle. Calcifications. Morphology: Amorphous. "
     "Distribution: Grouped.\nFinding 2: Left 8:00 anterior. Calcifications. "
     "Morphology: Amorphous. Distribution: Grouped.",
     [{"laterality": "right"}, {"laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), SIDE_CASES)
def test_sides_from_labels_tables_and_treated_breast(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_contralateral_with_no_treated_side_names_no_side(extractor):
    text = "New grouped amorphous calcifications in the contralateral breast."
    assert_counting(extractor, text, [{"laterality": None}])


# --- arrangement words: a line is linear, a duct is not a distribution -------------------------

ARRANGEMENT_CASES = [
    ("Amorphous calcifications arrayed in a line at left 2:00 over 15 mm.", "linear"),
    ("Punctate calcifications in a straight line, right 3:00.", "linear"),
    ("Linearly oriented coarse heterogeneous calcifications at 7:00.", "linear"),
    ("Punctate calcifications with a linear orientation at 6:00.", "linear"),
    ("Amorphous calcifications at 11:00 in a ductal distribution, extending 2 cm.", None),
]


@pytest.mark.parametrize(("text", "distribution"), ARRANGEMENT_CASES)
def test_arrangement_words(extractor, text, distribution):
    assert_counting(extractor, text, [{"distribution": distribution}])


# --- status: newly visible or newly developed calcifications count ------------------------------

STATUS_CASES = [
    "Left: a few calcifications in the dermis, not seen before because of positioning.",
    "The known oval mass at 10:00 has developed coarse calcifications since 2019.",
    # the other breast being negative does not rule out a hedged finding
    "Possible grouped granular calcifications in the left breast at 2:00.\n"
    "Right breast: no suspicious abnormality.",
]


@pytest.mark.parametrize("text", STATUS_CASES)
def test_new_or_still_open_findings_count(extractor, text):
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert len(found) == 1


def test_calcifying_fibroadenoma_is_coarse(extractor):
    assert_counting(extractor, "New calcifications in the left 10:00 mass, consistent with a "
                    "calcifying fibroadenoma.", [{"morphology": ("coarse",), "laterality": "left"}])


# --- the benign proof reaches across a labelled field's values and past the reason for the exam -

PROOF_CASES = [
    ("Finding 1:\n  Side: Left\n  Type: Calcifications\n"
     "  Morphology: Round on CC; layer dependently on ML\n  Distribution: Grouped",
     [{"morphology": ("milk_of_calcium",), "laterality": "left"}]),
    ("Reason: Screening recall, possible amorphous calcifications left UIQ.\n"
     "Findings: Spot views show a group of round calcifications in the left UIQ that localize "
     "to the skin on the tangential view.",
     [{"morphology": ("skin",), "distribution": "grouped", "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), PROOF_CASES)
def test_benign_proof_in_fields_and_after_the_reason(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- ruled out: a long negated list, and a question raised before and answered "no" -------------

RULED_OUT_CASES = [
    "There are no suspicious masses, architectural distortion, asymmetries, skin changes or "
    "suspicious calcifications in either breast.",
    "An outside mammogram reportedly showed possible calcifications in the left upper outer "
    "quadrant. Magnification views of the whole quadrant show no calcifications; the outside "
    "finding was likely overlapping tissue.",
]


@pytest.mark.parametrize("text", RULED_OUT_CASES)
def test_ruled_out_calcifications_do_not_count(extractor, text):
    assert not [f for f in extractor.extract(text).findings if f.counts]


def test_other_breast_answer_keeps_the_question_open(extractor):
    text = ("Outside films reportedly showed possible calcifications in the left breast. "
            "Right breast: no calcifications.")
    assert [f for f in extractor.extract(text).findings if f.counts]


# --- consecutive "Finding N:" blocks: each block's status and side are its own -----------------

BLOCK_CASES = [
    ("Finding 1:\n  Type: Calcifications\n  Morphology: Punctate\n  Distribution: Grouped\n"
     "  Location: Right breast, 11 o'clock\n  Change from prior: Stable\n"
     "Finding 2:\n  Type: Calcifications\n  Morphology: Round\n  Distribution: Grouped\n"
     "  Location: Right breast, 7 o'clock\n  Change from prior: New",
     [{"morphology": ("round",), "laterality": "right"}]),
    ("Finding 1:\n  Type: Calcifications\n  Laterality: Right\n  Morphology: Fine linear\n"
     "  Distribution: Linear\n  Associated findings: None\n"
     "Finding 2:\n  Type: Mass\n  Laterality: Left\n  Shape: Oval",
     [{"morphology": ("fine_linear",), "laterality": "right",
       "associated_mass_or_asymmetry": False}]),
]


@pytest.mark.parametrize(("text", "expected"), BLOCK_CASES)
def test_consecutive_finding_blocks_stay_apart(extractor, text, expected):
    assert_counting(extractor, text, expected)
