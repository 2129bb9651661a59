"""The report-level BI-RADS reading: shorthand categories, subcategories written after a bare 4,
addenda that revise the assessment, and assessment words in a report without an impression."""

from __future__ import annotations

import pytest
from nlp_expectations import sentences

from auditor.nlp.sections import SECTIONS

# "ACR n" is community shorthand for the category; "ACR" with a letter, or with density words,
# is breast density (the 4th edition numbered density 1-4).
ACR_SHORTHAND = [
    ("Screening bilateral.\nNo suspicious findings.\nACR 1 - negative. Annual screening.", "1"),
    ("Scattered vascular calcs both breasts. ACR 2 benign", "2"),
    ("grouped punctate calcs rt 9:00, 3 mm.\nimp: acr 3, 6 mo f/u", "3"),
    ("Assessment: ACR 4a, stereo bx recommended.", "4A"),
    ("IMP: grouped amorphous calcs lt. acr: 0, mag views", "0"),
    # density, never an assessment
    ("Breast density: ACR c. No suspicious calcifications.", None),
    ("Fatty breasts (ACR A). Negative study.", None),
    ("The breasts are heterogeneously dense (ACR 3). No suspicious findings.", None),
    ("Mammographic density ACR 2, scattered fibroglandular.", None),
    ("ACR 4 extremely dense breasts. No mass.", None),
    ("ACR 2 density. Benign calcifications right breast.", None),
    # a written BI-RADS category outranks the shorthand
    ("Extremely dense, ACR 4.\nIMPRESSION: Benign. BI-RADS 2.", "2"),
    ("Tissue pattern ACR 3.\nBIRADS 1", "1"),
    # "macrocalcifications" holds the letters, not the word
    ("Benign macrocalcifications, 2 mm, left breast.", None),
]

# A bare "4" with its subcategory written after it on the same line.
SUBCATEGORY_AFTER = [
    ("BI-RADS Category 4: Suspicious - high suspicion for malignancy (4C).", "4C"),
    ("BIRADS 4: suspicious. Subcategory 4a.", "4A"),
    ("BI-RADS 4 - moderate suspicion; core biopsy advised.", "4B"),
    ("Category 4 (suspicious, low suspicion for malignancy).", "4A"),
    ("Final assessment: BI-RADS 4. 4B - moderate suspicion.", "4B"),
    # no subcategory on its line: the bare 4 stays
    ("BI-RADS 4: Suspicious abnormality - biopsy should be considered.", "4"),
    ("BI-RADS 4: Suspicious.\nLow suspicion lesions are usually benign at biopsy.", "4"),
    # the next category on the line is its own, not a subcategory of this one
    ("Right: BI-RADS 4. Left: BI-RADS 3.", "4"),
    ("BI-RADS 5: highly suggestive of malignancy.", "5"),
]

# An addendum that states an assessment is the radiologist's last word on the report.
ADDENDA = [
    ("IMPRESSION: Grouped calcifications left 3:00, further views needed. BI-RADS 0.\n\n"
     "ADDENDUM: Spot magnification views obtained today show layering. Final assessment "
     "BI-RADS 2: Benign.", "2"),
    ("IMPRESSION: Suspicious calcifications. BI-RADS 4A.\n\n"
     "Addendum 03/04/2024: Outside priors reviewed; the group is unchanged since 2019. "
     "Assessment revised to BI-RADS 3.", "3"),
    ("IMP: probably benign cluster rt. BR3\n"
     "ADDENDUM #1: on review the group has increased since 2022; upgraded from BI-RADS 3 to "
     "BI-RADS 4B.", "4B"),
    ("FINAL ASSESSMENT: BI-RADS 1 - Negative\n\n"
     "ADDENDUM: the assessment above was entered in error; the correct category is BIRADS 4A.",
     "4A"),
    # two addenda: the later one
    ("IMPRESSION: BI-RADS 0.\nADDENDUM (1/5/2024): BI-RADS 3.\n"
     "ADDENDUM (2/5/2024): Outside films received. BI-RADS 2.", "2"),
    # an addendum with no category leaves the body's assessment in place
    ("IMPRESSION: Fine pleomorphic calcifications. BI-RADS 4C.\n\n"
     "ADDENDUM: Findings discussed with the patient by telephone.", "4C"),
    ("IMPRESSION: Amorphous calcifications. BI-RADS 4B.\n\n"
     "ADDENDUM: Biopsy scheduled for next week. No change to the report.", "4B"),
]

# A report without an impression or assessment section concludes in its body.
BODY_WORDS = [
    ("Right breast 7 o'clock: a small group of punctate calcifications.\nProbably benign.\n"
     "Follow-up mammogram in 6 months.", "3"),
    ("Scattered vascular calcifications. No suspicious findings.\nNegative.", "1"),
    ("Lucent-centered calcifications left breast, typical of oil cysts. Benign.", "2"),
    # descriptions, not assessments
    ("Benign calcifications in the left breast. Routine screening.", None),
    ("Probably benign appearing calcifications, left breast.", None),
    # a breast's own line is not the report's assessment
    ("RIGHT BREAST:\nNegative.\nLEFT BREAST:\nGrouped round calcifications.", None),
    # with an impression, body words stay descriptions
    ("Benign.\nIMPRESSION: Grouped amorphous calcifications, magnification views advised.", None),
]


@pytest.mark.parametrize("text, expected", ACR_SHORTHAND)
def test_acr_shorthand_category(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("text, expected", SUBCATEGORY_AFTER)
def test_subcategory_written_after_bare_4(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("text, expected", ADDENDA)
def test_addendum_assessment_governs(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("text, expected", BODY_WORDS)
def test_assessment_words_in_a_report_without_impression(extractor, text, expected):
    assert extractor.extract(text).birads == expected


@pytest.mark.parametrize("header", ["ADDENDUM 05/28/2020:", "Addendum #2:", "ADDENDUM (1/3/24):",
                                    "Addendum 1:", "ADDENDUM 2024-05-28:", "ADDENDUM:"])
def test_dated_or_numbered_addendum_header(nlp, header):
    text = f"IMPRESSION: BI-RADS 0.\n\n{header} Outside films reviewed."
    assert [s[0] for s in nlp(text).user_data[SECTIONS]] == ["impression", "addendum"]


@pytest.mark.parametrize("header", ["Finding 1:", "Impression 2:", "Comparison 2021:"])
def test_only_addenda_carry_a_date_or_number(nlp, header):
    text = f"IMPRESSION: BI-RADS 0.\n\n{header} Outside films reviewed."
    assert [s[0] for s in nlp(text).user_data[SECTIONS]] == ["impression"]


# A short lower-case note line that ends on a date or year has said its piece.
@pytest.mark.parametrize("text, expected", [
    ("dx mammo rt (h/o lt lumpectomy 2018)\ncmp 3/2023\ngrouped amorphous calcs rt 10:00",
     ["dx mammo rt (h/o lt lumpectomy 2018)", "cmp 3/2023", "grouped amorphous calcs rt 10:00"]),
    ("priors 02/14/2022\nscattered vascular calcs",
     ["priors 02/14/2022", "scattered vascular calcs"]),
    # ... unless the next line carries the sentence on
    ("calcs unchanged since 2019\nand 2021", ["calcs unchanged since 2019 and 2021"]),
    ("grouped calcs rt 10\no'clock", ["grouped calcs rt 10 o'clock"]),
    ("new since 2021\nwith a few more particles", ["new since 2021 with a few more particles"]),
])
def test_dated_note_line_ends_its_sentence(nlp, text, expected):
    assert sentences(nlp(text)) == expected


def test_other_side_in_a_dated_history_line_is_not_the_findings_side(extractor):
    text = ("screening mammo rt (s/p lt mastectomy 2016)\ncomp 5/2023\n"
            "diffuse punctate calcs throughout the rt breast. no mass.\nIMP: benign. BI-RADS 2")
    result = extractor.extract(text)
    assert [f.laterality for f in result.findings] == ["right"]


# A side with the place of the finding heads the lines about that breast.
@pytest.mark.parametrize("line, side", [
    ("R 11 o'clock: cluster of amorphous calcs, 5 mm.", "right"),
    ("Left breast, UOQ: grouped punctate calcifications.", "left"),
    ("RT retroareolar: coarse calcification.", "right"),
    ("Right breast at 9 oclock: small group of round calcifications.", "right"),
    ("LT 2:00: amorphous calcs in a group.", "left"),
    ("LEFT BREAST UPPER OUTER QUADRANT: regional amorphous calcifications.", "left"),
])
def test_breast_header_with_a_place(nlp, line, side):
    from auditor.nlp.sections import BREAST_HEADERS

    doc = nlp(f"Bilateral diagnostic mammogram.\n{line}\nBI-RADS 4A.")
    assert [h[0] for h in doc.user_data[BREAST_HEADERS]] == [side]


@pytest.mark.parametrize("line", [
    "Right breast mass at 2: oval, circumscribed.",
    "Recommendation 6 months: follow-up.",
    "Comparison 2021: no change.",
])
def test_not_a_breast_header(nlp, line):
    from auditor.nlp.sections import BREAST_HEADERS

    doc = nlp(f"Bilateral diagnostic mammogram.\n{line}\nBI-RADS 2.")
    assert doc.user_data[BREAST_HEADERS] == []


def test_conclusion_under_a_placed_breast_header_is_still_the_assessment(extractor):
    text = ("Left breast 2 o'clock, posterior depth: a few round calcifications in a small "
            "group.\nProbably benign.\nFollow-up in 6 months.")
    assert extractor.extract(text).birads == "3"


# A "Procedure:" line that tells a procedure done before this film is all about the procedure;
# one that names the exam gives the rest of its line back to the report body.
@pytest.mark.parametrize("line", [
    "Procedure: Ultrasound-guided core needle biopsy of the left 2:00 mass, done today. "
    "Specimen radiograph confirmed calcifications in two cores.",
    "PROCEDURE: Right stereotactic VAB of amorphous calcifications at 11:00. Calcifications "
    "were seen in the specimen.",
    "Procedure: Wire localization of the left breast calcifications. Two wires were placed.",
])
def test_procedure_line_is_not_the_film(extractor, line):
    text = (f"POST-PROCEDURE MAMMOGRAM\n\n{line}\n\n"
            "Findings: The clip is at the biopsy site. No residual calcifications.")
    assert [f for f in extractor.extract(text).findings if f.counts] == []


def test_exam_named_in_procedure_line_leaves_the_body(extractor):
    text = ("Procedure: Left diagnostic mammogram. Grouped amorphous calcifications at 2:00, "
            "4 mm.\nBI-RADS 4A.")
    counting = [f for f in extractor.extract(text).findings if f.counts]
    assert [(f.morphology, f.distribution) for f in counting] == [(("amorphous",), "grouped")]
