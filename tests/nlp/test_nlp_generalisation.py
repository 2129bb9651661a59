"""Families of wordings found when the extractor met house styles it was not tuned on.

Each table is one family (text -> the counting findings expected, fields not listed are not
checked). The sentences are made up for the tests; they are not corpus reports.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting

# --- teleradiology shorthand: abbreviated morphology, distribution and head words ------------

TERSE_CASES = [
    ("LT 4:00: punct calcs lin distrib, 15mm. No mass.",
     [{"morphology": ("punctate",), "distribution": "linear", "laterality": "left"}]),
    ("RT UIQ: amorph mcc seg distrib ~5cm toward nipple.",
     [{"morphology": ("amorphous",), "distribution": "segmental", "laterality": "right"}]),
    ("LT LIQ: punct calcs reg distrib, ~6cm.",
     [{"morphology": ("punctate",), "distribution": "regional", "laterality": "left"}]),
    ("B/L vasc calcs. No susp mass.",
     [{"morphology": ("vascular",), "laterality": "bilateral"}]),
    ("RT 11:00 grp pleo calcs, 6mm.",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "group_count": 1}]),
    ("Scattered punct/amorph calcs B/L.",
     [{"morphology": ("punctate", "amorphous"), "laterality": "bilateral"}]),
    ("RT: lin branching calcs 2cm.",
     [{"morphology": ("fine_linear",), "laterality": "right"}]),
    ("LT 1:00: grpd amorph calcs 4mm.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), TERSE_CASES)
def test_terse_shorthand(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "probably benign" is an assessment, not a morphology -------------------------------------

PROBABLY_BENIGN_CASES = [
    ("LT 7:00 grp punct calcs, prob benign.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Grouped round calcifications in the right breast, probably benign.",
     [{"morphology": ("round",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize(("text", "expected"), PROBABLY_BENIGN_CASES)
def test_probably_benign_is_not_a_morphology(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- run-on dictation: a side word that starts the next statement is not the finding's --------

RUN_ON_SIDE_CASES = [
    # "the <side>" after a word that cannot take it
    ("there are amorphous calcifications in a regional distribution in the right upper outer "
     "quadrant spanning 4 cm no associated mass the left breast is unremarkable",
     [{"morphology": ("amorphous",), "distribution": "regional", "laterality": "right"}]),
    # "<side> breast there is ..." opens a new statement
    ("the breasts are fatty left breast at 2 o'clock there is a new group of amorphous "
     "calcifications measuring 3 mm right breast there is a stable oval mass",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "left",
       "associated_mass_or_asymmetry": False}]),
    # a side taken by a clip or scar is theirs
    ("there is a new cluster of punctate calcifications in the right breast at 6 o'clock "
     "surgical clips in the left axilla from prior node excision",
     [{"morphology": ("punctate",), "distribution": "grouped", "laterality": "right"}]),
    # one description over both breasts stays bilateral
    ("New clustered amorphous calcifications in the upper outer quadrant of the right breast "
     "and in the upper outer quadrant of the left breast.",
     [{"morphology": ("amorphous",), "laterality": "bilateral", "group_count": 2}]),
]


@pytest.mark.parametrize(("text", "expected"), RUN_ON_SIDE_CASES)
def test_run_on_sides(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- reporting-software blocks under a numbered title, with "Shape:"/"Pattern:" labels -------

BLOCK_CASES = [
    ("Lesion 1\nSide: Left\nLocation: 2:00\nShape: Fine pleomorphic\nPattern: Grouped\n"
     "Extent: 6 mm\nAssociated Findings: No mass.\n",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "laterality": "left"}]),
    ("Finding 2\nSide: Right\nShape: Amorphous\nPattern: Regional\nExtent: 3 cm\n",
     [{"morphology": ("amorphous",), "distribution": "regional", "laterality": "right"}]),
    # a mass block: its shape and margin are the mass's
    ("Lesion 1\nType: Mass\nSide: Right\nShape: Round\nMargin: Indistinct\nSize: 9 mm\n", []),
    ("Finding #1\nType: Mass\nLaterality: Left\nShape: Irregular\nMargin: Indistinct\n"
     "Associated findings: Calcifications\n\nFinding #2\nType: Calcifications\n"
     "Laterality: Left\nMorphology: Fine linear\nDistribution: Segmental\n",
     [{"morphology": ("fine_linear",), "distribution": "segmental"}]),
]


@pytest.mark.parametrize(("text", "expected"), BLOCK_CASES)
def test_numbered_blocks_and_form_labels(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- an explanation is not a morphology ------------------------------------------------------

EXPLANATION_CASES = [
    ("Coarse heterogeneous calcifications in a regional distribution, left breast, likely "
     "related to fat necrosis.",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "regional"}]),
    ("Oil cyst with rim calcification from fat necrosis, right breast.",
     [{"morphology": ("rim",)}]),
]


@pytest.mark.parametrize(("text", "expected"), EXPLANATION_CASES)
def test_explanations_are_not_morphologies(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "previously described": the recalled finding in a workup, else a known one ---------------

REFERENCE_CASES = [
    ("INDICATION: Recall from screening for left breast calcifications.\n"
     "FINDINGS: Tangential views show the group of calcifications lies in the skin.\n"
     "IMPRESSION: The previously described calcifications are dermal. BI-RADS 2.",
     [{"morphology": ("skin",), "distribution": "grouped"}]),
    ("FINDINGS: The previously described dermal calcifications in the left breast.\n"
     "IMPRESSION: Benign. BI-RADS 2.",
     []),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCE_CASES)
def test_previously_described(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- BI-RADS numbers misheard as words by speech recognition ---------------------------------

HOMOPHONE_CASES = [
    ("impression benign calcifications BI-RADS to benign return to screening", "2"),
    ("impression suspicious calcifications birads for a low suspicion biopsy", "4A"),
    ("BI-RADS for suspicious abnormality", "4"),
    ("bi-rads won negative", "1"),
    ("BI-RADS for b moderate suspicion", "4B"),
    # the word must agree with the category it sounds like, else it is not read
    ("BI-RADS to suspicious", None),
    ("BI-RADS for the right breast will follow", None),
]


@pytest.mark.parametrize(("text", "expected"), HOMOPHONE_CASES)
def test_birads_homophones(extractor, text, expected):
    assert extractor.extract(text).birads == expected


# --- a finding raised as a question and ruled out by this exam, past a ";" or a full stop -----

RULED_OUT_CASES = [
    ("Possible calcifications in the right breast; not reproduced on spot magnification views.",
     []),
    ("The screening study suggested possible calcifications, left breast. On the magnification "
     "views these do not persist.", []),
    ("Possible amorphous calcifications at 2:00; they are not confirmed on magnification.", []),
    # a present finding is not ruled out by what is said of something else
    ("Grouped amorphous calcifications, right breast; a possible mass in the left breast is not "
     "reproduced.", [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    # and a side field's own "no" rules out only its own line
    ("LT: scattered punctate calcs throughout, likely benign.\nRT: no calcs.",
     [{"morphology": ("punctate",), "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), RULED_OUT_CASES)
def test_ruled_out_by_this_exam(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "scattered" over a named area is not a diffuse distribution ------------------------------

SCATTERED_CASES = [
    ("Scattered dermal calcifications along the inframammary fold, left.",
     [{"morphology": ("skin",), "distribution": None}]),
    ("Scattered round calcifications in the lower inner quadrant of the left breast.",
     [{"morphology": ("round",), "distribution": None}]),
    ("A few scattered punctate calcifications at 3:00 in the right breast.",
     [{"morphology": ("punctate",), "distribution": None}]),
    # over the whole breast, or said to be diffuse, it is diffuse
    ("Scattered vascular calcifications in the right breast.",
     [{"morphology": ("vascular",), "distribution": "diffuse"}]),
    ("Scattered punctate calcifications throughout both breasts.",
     [{"morphology": ("punctate",), "distribution": "diffuse", "laterality": "bilateral"}]),
    ("Diffuse punctate calcifications, most in the upper outer quadrants, both breasts.",
     [{"morphology": ("punctate",), "distribution": "diffuse"}]),
]


@pytest.mark.parametrize(("text", "expected"), SCATTERED_CASES)
def test_scattered_in_a_named_area(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- sides from view names and exam titles ----------------------------------------------------

SIDE_SOURCE_CASES = [
    # a view name says the side
    ("Screening bilat w tomo. LCC/LMLO: grp amorph calcs 4mm UIQ, new. R: neg. BR0.",
     [{"morphology": ("amorphous",), "laterality": "left", "group_count": 1}]),
    ("RCC: punct calcs grp 3mm.", [{"laterality": "right"}]),
    # a bilateral exam title does not make a finding bilateral
    ("Screening mammogram bilateral the breasts are fatty there is a new group of amorphous "
     "calcifications at 2 o'clock", [{"laterality": None, "group_count": 1}]),
    ("Screening mammogram bilateral there is a popcorn calcification in the left breast "
     "surgical clips in the right axilla", [{"morphology": ("coarse",), "laterality": "left"}]),
]


@pytest.mark.parametrize(("text", "expected"), SIDE_SOURCE_CASES)
def test_side_sources(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- "benign" judges the word it goes with ----------------------------------------------------

BENIGN_CASES = [
    ("History of a left breast biopsy in 2019, benign, now recalled for calcifications. "
     "Grouped punctate calcifications in the left breast at 4:00.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Prior excision of a benign mass. There are grouped round calcifications at 9:00.",
     [{"morphology": ("round",), "distribution": "grouped"}]),
    ("Benign-appearing calcifications in the right breast.",
     [{"morphology": ("benign_unspecified",)}]),
    ("Calcifications in the left breast, benign.",
     [{"morphology": ("benign_unspecified",)}]),
]


@pytest.mark.parametrize(("text", "expected"), BENIGN_CASES)
def test_benign_judges_its_own_word(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- long, pathological reports stay fast (no work growing with the square of the length) ----

_RUN_ON = ("the right breast there is a new group of amorphous calcifications measuring 4 mm "
           "left breast there is a mass ")
LONG_TEXTS = {
    "run_on": _RUN_ON * 2000,
    "many_clock_positions": "".join(
        f"Grouped amorphous calcifications in the left breast at {k % 12 + 1}:{k % 60:02d}. "
        for k in range(6000)),
    "many_morphologies": "".join(f"{w} calcifications left. " for _ in range(3000)
                                 for w in ("punctate", "amorphous", "vascular", "coarse")),
    "many_blocks": "".join(f"Finding {k % 99}\nType: Calcifications\nMorphology: Amorphous\n"
                           f"Location: {k % 12 + 1}:00\nDistribution: Grouped\n\n"
                           for k in range(3000)),
    "many_clause_breaks": "possible calcifications; these are not reproduced; " * 20000,
    "labelled_lines": "Lesion 1\nShape: Amorphous\nPattern: Segmental\n" * 30000,
}


@pytest.mark.parametrize("name", sorted(LONG_TEXTS))
def test_long_reports_stay_fast(extractor, name):
    import time

    started = time.perf_counter()
    extractor.extract(LONG_TEXTS[name])
    assert time.perf_counter() - started < 5.0


# --- associated mass or asymmetry: what is at the calcifications, and what is not ---------------

ASSOCIATED_CASES = [
    ("RT: grp fine pleo calcs 10:00, 6mm. Assoc focal asym on tomo.",
     [{"morphology": ("fine_pleomorphic",), "associated_mass_or_asymmetry": True}]),
    ("LT 3:00 grp amorph calcs w/ focal asym.",
     [{"associated_mass_or_asymmetry": True}]),
    ("Grouped amorphous calcifications at 1:00, left breast. At 7:00, a 6 mm oval mass, "
     "separate from the calcifications.",
     [{"associated_mass_or_asymmetry": False}]),
    ("FINDINGS: A new group of punctate calcifications in the right breast at 9:00.\n"
     "IMPRESSION: New grouped punctate calcifications, right breast. Recall recommended. "
     "Stable benign left breast mass.",
     [{"laterality": "right", "associated_mass_or_asymmetry": False}]),
]


@pytest.mark.parametrize(("text", "expected"), ASSOCIATED_CASES)
def test_associated_mass_or_asymmetry(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- a descriptor whose first word is also a glue word still premodifies its head -------------

PREMODIFIER_CASES = [
    ("recalled for bilateral calcifications in the right breast at 10 o'clock there is a group "
     "of coarse heterogeneous calcifications measuring 5 mm",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "grouped", "laterality": "right",
       "group_count": 1}]),
    ("in the left breast there is a cluster of fine pleomorphic calcifications",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "group_count": 1}]),
]


@pytest.mark.parametrize(("text", "expected"), PREMODIFIER_CASES)
def test_premodifiers_past_glue_words(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- extent: the calcifications' own size, not a mass's or a distance -------------------------

EXTENT_CASES = [
    ("A mass measuring 14 mm with associated fine pleomorphic calcifications spanning 6 mm.", 6.0),
    ("Focal asymmetry, 9 mm, with grouped amorphous calcifications spanning 4 mm.", 4.0),
    ("Two groups of amorphous calcifications measuring 3 mm and 5 mm, 4 cm apart.", 5.0),
    ("A 1.2 cm irregular mass with fine pleomorphic calcifications.", None),
    ("Segmental fine linear calcifications extending over 6.5 cm, 3 cm from the nipple.", 65.0),
    ("Grouped amorphous calcifications at 2:00 measuring 0.4 cm, 10 cm FN.", 4.0),
]


@pytest.mark.parametrize(("text", "extent"), EXTENT_CASES)
def test_extent_is_the_calcifications_own(extractor, text, extent):
    (finding,) = [f for f in extractor.extract(text).findings if f.counts]
    assert finding.extent_mm == extent


# --- structured group counts -------------------------------------------------------------------

GROUP_COUNT_CASES = [
    ("Calcifications\nMorphology: Amorphous\nDistribution: Grouped\nNumber of groups: 1\n"
     "Laterality: Right", {"group_count": 1, "laterality": "right"}),
    ("Calcifications\nMorphology: Amorphous\nDistribution: Clustered\nNo. of clusters: 2\n"
     "Laterality: Left", {"group_count": 2, "laterality": "left"}),
    ("Calcifications\nMorphology: Punctate\nDistribution: Grouped\n# of groups: 1\n"
     "Laterality: Left", {"group_count": 1, "laterality": "left"}),
    ("Calcifications\nMorphology: Punctate\nDistribution: Grouped\nGroups: 3\nLaterality: Left",
     {"group_count": 3}),
    ("Multiple clusters of amorphous calcifications in the left breast.", {"group_count": 2}),
]


@pytest.mark.parametrize(("text", "expected"), GROUP_COUNT_CASES)
def test_structured_group_counts(extractor, text, expected):
    assert_counting(extractor, text, [expected])


# --- misspellings as a family (token patterns, not one row per typo) --------------------------

TYPO_CASES = [
    ("Two clusters of amorfous calcifications, left breast.",
     [{"morphology": ("amorphous",), "group_count": 2}]),
    ("Grouped pleomorfic calcifications, right breast.",
     [{"morphology": ("fine_pleomorphic",)}]),
    ("Grouped punctated calcifications, left breast.", [{"morphology": ("punctate",)}]),
    ("Amorphous calcifications in a segmentel distribution, left breast.",
     [{"distribution": "segmental"}]),
    ("Punctate calcifications in a regionel distribution, right breast.",
     [{"distribution": "regional"}]),
]


@pytest.mark.parametrize(("text", "expected"), TYPO_CASES)
def test_misspelled_descriptors(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- the body that shares a line with an exam header; a finding added with "also" -------------

SECTION_AND_ADDITION_CASES = [
    ("Mammogram: A skin marker marks the lump. At 2:00 in the left breast there is a spiculated "
     "mass containing fine pleomorphic calcifications.\nBI-RADS 5.",
     [{"morphology": ("fine_pleomorphic",), "associated_mass_or_asymmetry": True}]),
    ("BENIGN-APPEARING CALCIFICATIONS ARE SEEN IN BOTH BREASTS. VASCULAR CALCIFICATIONS ARE "
     "ALSO PRESENT.",
     [{"morphology": ("benign_unspecified",)}, {"morphology": ("vascular",)}]),
    # a summary that judges the same calcifications benign still joins them
    ("FINDINGS: Diffuse punctate calcifications in both breasts.\n"
     "IMPRESSION: Diffuse bilateral calcifications, benign.",
     [{"morphology": ("punctate",), "distribution": "diffuse"}]),
]


@pytest.mark.parametrize(("text", "expected"), SECTION_AND_ADDITION_CASES)
def test_exam_line_body_and_added_findings(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- run-on dictation: what the next statement says does not reach back ------------------------

RUN_ON_SCOPE_CASES = [
    # "stable ... unchanged" belongs to the mass of the next statement
    ("the breasts are fatty left breast at 2 o'clock there is a group of amorphous calcifications "
     "measuring 3 mm right breast there is a stable oval mass unchanged since 2020",
     [{"morphology": ("amorphous",), "laterality": "left", "associated_mass_or_asymmetry": False}]),
    # two statements, each with its own side and its own status
    ("right breast upper outer quadrant grouped punctate calcifications measuring 4 mm the left "
     "breast demonstrates stable benign calcifications unchanged since 2019",
     [{"morphology": ("punctate",), "laterality": "right"}]),
    ("in the left breast there are fine pleomorphic calcifications in a linear distribution "
     "spanning 2 cm right breast negative",
     [{"morphology": ("fine_pleomorphic",), "laterality": "left"}]),
    # a side that names the place of the calcifications is no statement break
    ("Unchanged left breast calcifications. New grouped amorphous calcifications, right breast.",
     [{"morphology": ("amorphous",), "laterality": "right"}]),
]


@pytest.mark.parametrize(("text", "expected"), RUN_ON_SCOPE_CASES)
def test_run_on_statements_bound_scopes(extractor, text, expected):
    assert_counting(extractor, text, expected)
