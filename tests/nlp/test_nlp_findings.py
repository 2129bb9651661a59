"""variant-mapping.md, 'Vocabulary' and 'Which findings count', as (report text, expected) tables.

`expected` lists the COUNTING findings (present and current) as dicts of the fields that matter;
a field left out is not checked. Non-counting findings (negated, historical, hypothetical) are
checked by their flags in the tables further down.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, check, counting

# --- morphology and distribution words ------------------------------------------------------

MORPHOLOGY_CASES = [
    ("Grouped amorphous calcifications in the right breast.",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "right"}]),
    ("Fine-linear branching calcifications in a segmental distribution, left breast.",
     [{"morphology": ("fine_linear",), "distribution": "segmental", "laterality": "left"}]),
    ("Linear branching calcifications, left breast.",  # BI-RADS 4th edition
     [{"morphology": ("fine_linear",), "distribution": None}]),
    ("Clusters of pleomorphic microcalcifications in the left breast.",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "group_count": 2}]),
    ("Clustered heterogeneous microcalcifications right breast.",  # 4th ed. heterogeneous alone
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped"}]),
    ("Clustered indistinct calcifications in the left breast.",  # 4th ed. indistinct
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    ("Coarse calcifications in the left breast.",
     [{"morphology": ("coarse",)}]),
    ("Grouped coarse heterogeneous calcifications in the left breast.",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "grouped"}]),
    ("Pop corn macrocalcification in the right breast.",
     [{"morphology": ("coarse",)}]),
    ("Rodlike secretory calcifications bilaterally.",
     [{"morphology": ("large_rod_like",), "laterality": "bilateral"}]),
    ("Large rod-like calcifications in both breasts.",
     [{"morphology": ("large_rod_like",), "laterality": "bilateral"}]),
    ("Edema and postoperative scar with flap and dystophic calcifications, left.",
     [{"morphology": ("dystrophic",)}]),
    ("Eggshell rim calcifications in the left breast.",
     [{"morphology": ("rim",)}]),
    ("Grouped punctuate calcifications in the right breast.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Grouped amorphus calcifications in the right breast.",
     [{"morphology": ("amorphous",)}]),
    ("Grouped plemorphic calcifications in the right breast.",
     [{"morphology": ("fine_pleomorphic",)}]),
    ("Grouped pleomorhic calcifications in the right breast.",
     [{"morphology": ("fine_pleomorphic",)}]),
    ("Vascular calcifications.",
     [{"morphology": ("vascular",), "laterality": None}]),
    ("Benign-appearing calcifications in the left breast.",
     [{"morphology": ("benign_unspecified",)}]),
    ("Benign macrocalcification, right breast.",
     [{"morphology": ("benign_unspecified",)}]),
    ("Calcifications are noted in the left upper outer quadrant.",
     [{"morphology": ("unspecified",), "location": "upper outer quadrant"}]),
    ("Scattered round calcifications bilaterally.",
     [{"morphology": ("round",), "distribution": "diffuse", "laterality": "bilateral"}]),
    ("Milk of calcium calcifications layering on the lateral view, right breast.",
     [{"morphology": ("milk_of_calcium",)}]),
    ("Grouped skin calcifications in the left breast.",
     [{"morphology": ("skin",), "distribution": "grouped"}]),
    ("Amorphous calcifications in a regional distribution, left breast.",
     [{"morphology": ("amorphous",), "distribution": "regional"}]),
    ("Amorphous calcifications in a linear distribution, left breast.",
     [{"morphology": ("amorphous",), "distribution": "linear"}]),
    ("Diffuse punctate calcifications throughout both breasts.",
     [{"morphology": ("punctate",), "distribution": "diffuse", "laterality": "bilateral"}]),
    ("Grouped mircocalcifications and calcificatoins, right breast.",
     [{"morphology": ("unspecified",), "distribution": "grouped"}]),
    ("Grouped calcifictions in the left breast.",
     [{"distribution": "grouped", "laterality": "left"}]),
]


@pytest.mark.parametrize("text, expected", MORPHOLOGY_CASES)
def test_findings_vocabulary(extractor, text, expected):
    assert_counting(extractor, text, expected)


# --- traps: not calcification descriptors -----------------------------------------------------

TRAP_CASES = [
    # breast density is not a morphology or a distribution
    ("The breasts are heterogeneously dense. Grouped amorphous calcifications, right breast.",
     [{"morphology": ("amorphous",), "distribution": "grouped"}]),
    ("There are scattered areas of fibroglandular density. Amorphous calcifications in the left "
     "breast.", [{"morphology": ("amorphous",), "distribution": None}]),
    ("Heterogeneous density of the breast tissue with punctate calcifications, left.",
     [{"morphology": ("punctate",)}]),
    # skin thickening is not skin calcification
    ("Skin thickening of the left breast. Grouped punctate calcifications, left breast.",
     [{"morphology": ("punctate",), "distribution": "grouped"}]),
    ("Dermal calcifications in the left breast.", [{"morphology": ("skin",)}]),
    # a mass margin is not an amorphous calcification
    ("Irregular mass with indistinct margins and grouped punctate calcifications, right breast.",
     [{"morphology": ("punctate",), "associated_mass_or_asymmetry": True}]),
    # coarse alone vs coarse heterogeneous
    ("Coarse benign calcification in the right breast.", [{"morphology": ("coarse",)}]),
    ("Round mass with circumscribed margins. Punctate calcifications in the right breast.",
     [{"morphology": ("punctate",)}]),
    ("Diffuse edematous changes and cluster of microcalcifications, left breast.",
     [{"morphology": ("unspecified",), "distribution": "grouped"}]),
]


@pytest.mark.parametrize("text, expected", TRAP_CASES)
def test_findings_traps(extractor, text, expected):
    assert_counting(extractor, text, expected)


NO_CALCIFICATION_CASES = [
    "The breasts are heterogeneously dense, which may obscure small masses.",
    "There are scattered areas of fibroglandular density.",
    "Biopsy clip in the left breast. Post-biopsy hematoma at the biopsy site.",
    "Skin thickening and diffuse edematous changes of the right breast.",
    "Oval mass with indistinct margins in the left breast at 2 o'clock.",
    "Surgical clips in the right breast. Coarse trabecular pattern.",
    "",
    "   \n\n  ",
    "%%%% ???? 12345 ////",
]


@pytest.mark.parametrize("text", NO_CALCIFICATION_CASES)
def test_findings_none_without_calcification(extractor, text):
    result = extractor.extract(text)
    assert result.findings == ()
    assert result.mentions_calcification is False


# --- which findings count ---------------------------------------------------------------------

STATUS_CASES = [
    # (text, expected flags of the single finding)
    ("No suspicious calcifications.", {"negated": True}),
    ("There are no suspicious masses, calcifications or architectural distortion.",
     {"negated": True}),
    ("Focal asymmetry without associated calcifications.", {"negated": True}),
    ("Negative for suspicious microcalcifications.", {"negated": True}),
    ("THERE ARE NO CLUSTERED MICROCALCIFICATIONS.", {"negated": True}),
    ("Calcifications: None.", {"negated": True}),
    ("Punctate calcifications in the left breast, stable for 2 years.", {"historical": True}),
    ("The grouped amorphous calcifications at right 10:00 are unchanged.",
     {"historical": True}),
    ("Previously biopsied calcifications, benign, in the right breast.", {"historical": True}),
    ("Known milk of calcium in the right breast, unchanged.", {"historical": True}),
    # after surgery, calcifications at the scar are present and current (corpus A-0159, A-0161)
    ("Postsurgical dystrophic calcifications at the lumpectomy site.", {"historical": False}),
    ("Amorphous calcifications are again seen and stable.", {"historical": True}),
    ("Previously stable grouped amorphous calcifications have increased in number.",
     {"historical": False, "negated": False}),
    ("Interval development of grouped amorphous calcifications, right breast.",
     {"historical": False}),
    ("New grouped fine pleomorphic calcifications in the left breast.", {"historical": False}),
    ("Possibly amorphous grouped calcifications in the right breast.",
     {"hedged": True, "negated": False}),
    ("Grouped calcifications, amorphous versus fine pleomorphic, left breast.",
     {"hedged": True, "morphology": ("amorphous", "fine_pleomorphic")}),
    ("If calcifications develop, return for biopsy.", {"hypothetical": True}),
    ("Should calcifications develop, biopsy would be recommended.", {"hypothetical": True}),
]


@pytest.mark.parametrize("text, flags", STATUS_CASES)
def test_findings_status(extractor, text, flags):
    findings = extractor.extract(text).findings
    assert len(findings) == 1, findings
    check(findings[0], flags)


def test_findings_negated_only_still_mentions_calcification(extractor):
    result = extractor.extract("No suspicious masses, calcifications or architectural distortion.")
    assert result.mentions_calcification
    assert counting(result) == []


def test_findings_negated_descriptor_is_dropped(extractor):
    text = ("Two groups of amorphous calcifications in the right breast. No fine pleomorphic or "
            "fine linear forms are seen.")
    [finding] = counting(extractor.extract(text))
    assert finding.morphology == ("amorphous",)
    assert finding.group_count == 2


def test_findings_stable_and_new_are_separate(extractor):
    text = ("Stable benign-appearing calcifications in the left breast. New grouped amorphous "
            "calcifications in the right breast.")
    [finding] = counting(extractor.extract(text))
    assert finding.morphology == ("amorphous",)
    assert finding.laterality == "right"


# --- one finding per described group ----------------------------------------------------------

ASSEMBLY_CASES = [
    # findings + impression: one finding
    ("FINDINGS: Grouped fine pleomorphic calcifications right breast 10:00, 8 mm.\n"
     "IMPRESSION: Grouped fine pleomorphic calcifications right breast 10:00. BI-RADS 4B.",
     [{"morphology": ("fine_pleomorphic",), "distribution": "grouped", "laterality": "right",
       "extent_mm": 8.0, "section": "findings"}]),
    ("FINDINGS: There are grouped amorphous calcifications in the left breast at 3 o'clock.\n"
     "IMPRESSION: Suspicious left breast calcifications. Stereotactic biopsy recommended.",
     [{"morphology": ("amorphous",), "laterality": "left"}]),
    # two separate groups
    ("Grouped amorphous calcifications in the right breast at 10 o'clock. Grouped punctate "
     "calcifications in the left breast at 2 o'clock.",
     [{"morphology": ("amorphous",), "laterality": "right"},
      {"morphology": ("punctate",), "laterality": "left"}]),
    ("RIGHT BREAST: Grouped amorphous calcs at 10:00.\nLEFT BREAST: Grouped amorphous calcs at "
     "2:00.",
     [{"laterality": "right", "location": "10:00"}, {"laterality": "left", "location": "2:00"}]),
    ("Two groups of amorphous calcifications in the right breast.",
     [{"group_count": 2, "laterality": "right"}]),
    ("Multiple clusters of indistinct calcifications, left breast.",
     [{"morphology": ("amorphous",), "group_count": 2}]),
    # laterality from a breast header or an opening phrase
    ("In the right breast, there is a mass at 12 o'clock.\nThere are also grouped amorphous "
     "calcifications at 9 o'clock.", [{"laterality": "right"}]),
    ("LEFT BREAST:\nGrouped fine pleomorphic calcifications at 2 o'clock, spanning 1.2 cm.",
     [{"laterality": "left", "extent_mm": 12.0}]),
    # location, size and count details
    ("Grouped amorphous calcifications in the right breast at 10 o'clock, 6 cm FN, spanning "
     "6 mm.", [{"location": "10 o'clock, 6 cm FN", "extent_mm": 6.0, "group_count": 1}]),
    ("Fine linear calcifications extending over 6 cm in a segmental distribution, left breast.",
     [{"extent_mm": 60.0, "distribution": "segmental"}]),
    ("A cluster of amorphous calcifications in the left UOQ, posterior depth.",
     [{"group_count": 1, "distribution": "grouped", "location": "UOQ, posterior depth"}]),
    # associated mass or asymmetry
    ("Mass with overlying microcalcifications in the right breast.",
     [{"associated_mass_or_asymmetry": True}]),
    ("Grouped fine pleomorphic calcifications with an associated mass, left breast.",
     [{"associated_mass_or_asymmetry": True}]),
    ("Grouped fine pleomorphic calcifications without an associated mass, left breast.",
     [{"associated_mass_or_asymmetry": False}]),
    ("Focal asymmetry with associated fine linear branching calcifications, right breast.",
     [{"associated_mass_or_asymmetry": True, "morphology": ("fine_linear",)}]),
    # several distributions: the most suspicious one is kept
    ("Amorphous calcifications, grouped and in a segmental distribution, left breast.",
     [{"distribution": "segmental"}]),
]


@pytest.mark.parametrize("text, expected", ASSEMBLY_CASES)
def test_findings_assembly(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_findings_recommendation_repeating_a_plan_is_not_a_finding(extractor):
    text = ("FINDINGS: Grouped amorphous calcifications in the right breast.\n"
            "RECOMMENDATION: Stereotactic biopsy of the left breast calcifications.")
    assert [f.laterality for f in extractor.extract(text).findings] == ["right"]


def test_findings_history_does_not_make_findings(extractor):
    text = ("HISTORY: Recalled for calcifications in the left breast.\n"
            "FINDINGS: No suspicious calcifications are seen on magnification views.")
    result = extractor.extract(text)
    assert counting(result) == []
    assert result.mentions_calcification


# --- report styles ----------------------------------------------------------------------------

STYLE_CASES = [
    ("EXAM: SCREENING MAMMOGRAM\nFINDINGS: THERE ARE GROUPED AMORPHOUS CALCIFICATIONS IN THE "
     "RIGHT BREAST AT 10 O'CLOCK. THE BREASTS ARE HETEROGENEOUSLY DENSE.\nIMPRESSION: BI-RADS 0.",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "right"}]),
    ("grouped amorphous calcifications right breast 10 oclock no mass no distortion birads 0",
     [{"morphology": ("amorphous",), "laterality": "right"}]),
    ("Finding 1:\n  Type: Calcifications\n  Morphology: Amorphous\n  Distribution: Grouped\n"
     "  Location: Right breast, 10 o'clock\n\nFinding 2:\n  Type: Calcifications\n"
     "  Morphology: Punctate\n  Distribution: Regional\n  Location: Left breast\n",
     [{"morphology": ("amorphous",), "distribution": "grouped", "laterality": "right"},
      {"morphology": ("punctate",), "distribution": "regional", "laterality": "left"}]),
    ("there are grouped amorphous\ncalcifications in the right\nbreast at ten o'clock",
     [{"morphology": ("amorphous",), "laterality": "right"}]),
]


@pytest.mark.parametrize("text, expected", STYLE_CASES)
def test_findings_report_styles(extractor, text, expected):
    assert_counting(extractor, text, expected)


def test_findings_unilateral_exam_gives_the_side(extractor):
    text = "EXAM: LEFT DIAGNOSTIC MAMMOGRAM\nFINDINGS: Grouped amorphous calcifications at 3:00."
    [finding] = counting(extractor.extract(text))
    assert finding.laterality == "left"
    [finding] = counting(extractor.extract("Grouped amorphous calcifications at 3:00.",
                                           "MAMMO DIAG RIGHT"))
    assert finding.laterality == "right"


# --- how reports are really written (lessons from corpora/dev, reworded) ---------------------

WRITTEN_FORMS = [
    # reporting-software blocks, with and without "Finding N:"
    ("LEFT BREAST:\nFinding 1 - Calcifications\n  Morphology: Punctate\n  Distribution: Linear\n"
     "  Location: 3:00, 5 cm FN\n  Change from prior: Not present on 2021 study\n"
     "Assessment: BI-RADS 4A",
     [{"morphology": ("punctate",), "distribution": "linear", "laterality": "left"}]),
    ("RIGHT BREAST:\nCalcifications\n  Morphology: Amorphous\n  Distribution: N/A\n"
     "  Location: 2:00, middle depth\n  Number: 3-4 calcifications",
     [{"morphology": ("amorphous",), "distribution": None, "laterality": "right"}]),
    ("Finding 1: Calcifications\n  Laterality: Right\n  Morphology: Amorphous\n"
     "  Distribution: Grouped\n  Associated mass: N/A\n\nFinding 2: Mass\n  Laterality: Left\n"
     "  Associated calcifications: None",
     [{"laterality": "right", "associated_mass_or_asymmetry": False}]),
    ("Finding 1:\n  Type: Calcifications\n  Laterality: Bilateral\n"
     "  Location: Right 9:00; Left 3:00\n  Morphology: Punctate\n  Distribution: Clustered\n"
     "  Number of clusters: 2 (one in each breast)",
     [{"morphology": ("punctate",), "distribution": "grouped", "laterality": "bilateral",
       "group_count": 2}]),
    # a morphology named as a noun
    ("IMPRESSION: Milk of calcium in the left breast and a benign popcorn calcification in the "
     "right breast.",
     [{"morphology": ("milk_of_calcium",), "laterality": "left"},
      {"morphology": ("coarse",), "laterality": "right"}]),
    ("Vascular calcifications and benign macrocalcification.",
     [{"morphology": ("vascular",)}, {"morphology": ("benign_unspecified",)}]),
    # the benign proof decides
    ("Grouped round calcifications with lucent centers, left breast.",
     [{"morphology": ("rim",)}]),
    ("Possible amorphous calcifications left UIQ, confirmed to be dermal on tangential views.",
     [{"morphology": ("skin",)}]),
    # the reason for the exam joins the description
    ("Bilateral diagnostic mammogram for recall of right breast calcifications compared to 2021 "
     "and in the right breast at 1 o'clock there is a single cluster of coarse heterogeneous "
     "calcifications measuring 5 mm which is new",
     [{"morphology": ("coarse_heterogeneous",), "laterality": "right", "group_count": 1}]),
    # clause breaks keep a side with its own finding
    ("Impression: benign right involuting fibroadenoma; indeterminate new left grouped coarse "
     "heterogeneous calcifications, biopsy recommended.",
     [{"morphology": ("coarse_heterogeneous",), "laterality": "left"}]),
    ("There is a group of amorphous calcifications in the right breast unchanged since 2019, "
     "however in the left breast there are two new clusters of amorphous calcifications.",
     [{"laterality": "left", "group_count": 2}]),
    # dictation without punctuation or colons
    ("left diagnostic mammogram the breasts are heterogeneously dense which may obscure small "
     "masses there are coarse heterogenous calcificatoins in a segmentall distribution no mass no "
     "lymphadenopathy impression segmental course heterogeneous calcifications left breast",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "segmental",
       "associated_mass_or_asymmetry": False}]),
    ("RT dx mammo. RT 9:00 punctate calcs, 4cm FN, new. Scattered FG. No mass/grouping. BR3.",
     [{"morphology": ("punctate",), "distribution": None, "laterality": "right"}]),
    ("Coarse het calcs linear distrib LT 12:00, 2.8 cm",
     [{"morphology": ("coarse_heterogeneous",), "distribution": "linear", "extent_mm": 28.0}]),
    # what may happen is not what is there
    ("Diffuse coarse heterogeneous calcifications throughout the left breast. If these evolve "
     "into a grouped or segmental pattern, biopsy would be considered.",
     [{"distribution": "diffuse"}]),
    # change beats stability
    ("L brst: regional punctate microcalcs LOQ, morphology unchanged but increased in number "
     "since 2021.", [{"morphology": ("punctate",), "laterality": "left", "historical": False}]),
    ("Right breast: grouped amorphous calcifications at 9:00, not present on prior.",
     [{"morphology": ("amorphous",)}]),
    # a repeated description in the impression, judged benign, is the same finding
    ("FINDINGS: Diffuse punctate and amorphous calcifications throughout both breasts, similar in "
     "appearance on each side. No suspicious grouping.\nIMPRESSION: Diffuse bilateral "
     "calcifications, benign.",
     [{"morphology": ("punctate", "amorphous"), "distribution": "diffuse",
       "laterality": "bilateral"}]),
    ("Right diagnostic mammogram. Grouped amorphous calcifications at 10 o'clock.",
     [{"laterality": "right"}]),
    # groups described one by one are findings of their own; a summary does not add groups
    ("LEFT DIAGNOSTIC MAMMOGRAM\nFindings: There is a group of amorphous calcifications at 12 "
     "o'clock. A second, separate group of amorphous calcifications is present at 2 o'clock.\n"
     "Impression: Two new groups of amorphous calcifications in the left breast at 12:00 and "
     "2:00.",
     [{"laterality": "left", "group_count": 1, "location": "12 o'clock"},
      {"laterality": "left", "group_count": 1, "location": "2 o'clock"}]),
    ("Grouped amorphous calcifications at right 9:00. A second, smaller group at right 7:00 is "
     "possibly amorphous as well.",
     [{"morphology": ("amorphous",), "group_count": 1, "location": "9:00"},
      {"morphology": ("amorphous",), "group_count": 1, "location": "7:00", "hedged": True}]),
    ("Grouped punctate calcifications at left 3:00. Another group is seen at left 5:00.",
     [{"morphology": ("punctate",), "location": "3:00"},
      {"morphology": ("punctate",), "distribution": "grouped", "location": "5:00"}]),
]


@pytest.mark.parametrize("text, expected", WRITTEN_FORMS)
def test_findings_written_forms(extractor, text, expected):
    assert_counting(extractor, text, expected)


@pytest.mark.parametrize("text", [
    "The possible calcifications on the outside study are not reproduced on magnification views.",
    "Finding 2: Mass\n  Shape: Oval\n  Associated calcifications: None",
    "RT: no calcs. LT: no calcs.",
    "Calcifications: absent",
])
def test_findings_ruled_out(extractor, text):
    result = extractor.extract(text)
    assert result.mentions_calcification
    assert counting(result) == []


def test_findings_stable_block_is_historical(extractor):
    text = ("RIGHT BREAST:\nCalcifications\n  Morphology: Punctate\n  Distribution: Grouped\n"
            "  Location: Upper outer quadrant, 10:00\n  Size: 3 mm\n  Change from prior: Stable\n"
            "Assessment: BI-RADS 3")
    [finding] = extractor.extract(text).findings
    assert finding.historical and not finding.counts
