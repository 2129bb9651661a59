"""Printed, faxed and OCR-scanned reports: page chrome, page breaks inside sentences and words,
misread letters, broken hyphenation and stray marks are read as the report they carry."""

from __future__ import annotations

import pytest

from auditor.nlp.scan import read_scan
from auditor.nlp.sections import SECTIONS, wrap_width
from tests.nlp.nlp_expectations import assert_counting, counting, sentences


def _edits(nlp, text: str):
    """The words the tokenizer would read otherwise in `text`."""
    return nlp.tokenizer.words.edits(text, nlp.tokenizer.tokenizer(text))


def _page_break(footer: str, header: str) -> str:
    return f"\n\n{footer}\n\n{header}\n\n"


# Invented page chrome in the shapes fax machines, printers and scanning stamps leave.
BREAKS = [
    _page_break("Page 1 of 2\nCONFIDENTIAL", "FAX FROM HILLCREST IMAGING (555) 555-0100   "
                "04/02/21 10:12   PG 2 OF 3\nHILLCREST IMAGING   Pt: [REDACTED]  MRN: 1234567"),
    _page_break("-- Page 1 of 2 --\nThis facsimile is confidential. If you received it in "
                "error, destroy all copies.", "Received: 4/2/2021 11:40:02 AM -> RECORDS; Page 2"
                "\nRiverside Breast Clinic -- Mammography Report (cont.)   MRN 7654321"),
    _page_break("Printed 04/02/2021 09:55      Pg 1/2      CONFIDENTIAL PATIENT INFORMATION",
                "04/02/2021 10:01 FAX 5555550100      RIVERSIDE RAD          @002/002\n"
                "Patient: [REDACTED]    MRN: 1111111    DOS: 04/01/2021    (continued)"),
    _page_break("SCANNED BY HIM 04/05/2021      Page 1 of 2", "APR-02-2021 10:12  "
                "FROM-NORTH VALLEY WIC   5555550101   T-123 P.002/002  F-456"),
]


@pytest.mark.parametrize("chrome", BREAKS)
def test_page_chrome_is_blanked_at_the_same_length(chrome):
    text = "FINDINGS: No mass." + chrome + "IMPRESSION: Negative. BI-RADS 1."
    read, _joins = read_scan(text)
    assert len(read) == len(text)
    assert read.split() == "FINDINGS: No mass. IMPRESSION: Negative. BI-RADS 1.".split()


@pytest.mark.parametrize("chrome", BREAKS)
@pytest.mark.parametrize("before, after, expected", [
    # the page cut a term in two
    ("Left breast: at 4:00 an oval mass contains a cluster of coarse",
     "heterogeneous calcifications. No other findings.",
     {"morphology": {"coarse_heterogeneous"}, "distribution": "grouped"}),
    # ... a word, at its hyphen
    ("RIGHT BREAST: fine linear branching calcifications in a segmental distri-",
     "bution over 4 cm.", {"morphology": {"fine_linear"}, "distribution": "segmental"}),
    # ... the sentence between a descriptor and its head word
    ("LEFT: a focal asymmetry at 2:00 with an associated group of possibly",
     "amorphous calcifications spanning 3 mm.",
     {"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "left"}),
])
def test_a_sentence_cut_by_a_page_break_is_read_whole(extractor, chrome, before, after,
                                                     expected):
    text = "BILATERAL DIAGNOSTIC MAMMOGRAM\n\nFINDINGS:\n" + before + chrome + after
    assert_counting(extractor, text + "\n\nBI-RADS 4B.", [expected])


@pytest.mark.parametrize("chrome", BREAKS)
def test_a_page_break_after_a_full_sentence_still_ends_it(nlp, chrome):
    # near miss: the next page starts a new statement, with a capital
    doc = nlp("FINDINGS: Grouped amorphous calcifications left 2:00." + chrome
              + "Vascular calcifications bilaterally.")
    said = sentences(doc)
    assert said[0] == "FINDINGS: Grouped amorphous calcifications left 2:00."
    assert said[-1] == "Vascular calcifications bilaterally."


def test_a_negation_cut_by_a_page_break_still_negates(extractor):
    text = ("FINDINGS: The group of punctate calcifications at left 7:00 is unchanged. No new "
            "calcif-" + BREAKS[2] + "ications. No mass.\n\nIMPRESSION: Stable. BI-RADS 2.")
    assert counting(extractor.extract(text)) == []


@pytest.mark.parametrize("legend", [
    "BI-RADS: 0 Incomplete  1 Negative  2 Benign  3 Probably Benign  4 Suspicious\n"
    "5 Highly Suggestive of Malignancy  6 Known Biopsy-Proven Malignancy",
    "BI-RADS KEY 0 = Incomplete, 1 = Negative, 2 = Benign, 3 = Probably benign, 4 = Suspicious",
    "ACR categories: 1 negative; 2 benign; 3 probably benign; 4 suspicious; 5 highly "
    "suggestive; 0 incomplete",
])
@pytest.mark.parametrize("footer", ["\nPage 1 of 1\nCONFIDENTIAL", ""])
def test_a_printed_birads_legend_is_not_the_assessment(extractor, legend, footer):
    text = ("FINDINGS: Scattered benign-appearing calcifications.\n\nIMPRESSION: Benign. "
            "BI-RADS 2.\n\nSigned by Dr A. Reader\n\n" + legend + footer)
    assert extractor.extract(text).birads == "2"


@pytest.mark.parametrize("text, birads", [
    # near misses: a category per breast with its name, on one or two lines, is an assessment
    ("IMPRESSION: Right: BI-RADS 2 Benign. Left: BI-RADS 4 Suspicious.\nPage 1 of 1", "4"),
    ("ASSESSMENT: R 2 benign, L 4 suspicious\nPage 1 of 1", "4"),
])
def test_a_per_breast_assessment_beside_a_footer_is_kept(extractor, text, birads):
    assert extractor.extract("FINDINGS: Grouped amorphous calcifications left.\n" + text
                             ).birads == birads


@pytest.mark.parametrize("written, read", [
    ("p1eomorphic", "pleomorphic"), ("heter0geneous", "heterogeneous"),
    ("MICR0CALCIFICATIONS", "MICROCALCIFICATIONS"), ("VascuIar", "Vascular"),
    ("dependentIy", "dependently"), ("weII", "well"), ("lNNER", "INNER"),
    ("lnterval", "Interval"), ("FINDlNGS", "FINDINGS"), ("1umpectomy", "lumpectomy"),
    ("0UTER", "OUTER"), ("regiona1", "regional"), ("1O:00", "10:00"), ("1O:OO", "10:00"),
    ("O9:3O", "09:30"),
])
def test_a_letter_misread_inside_a_word_is_read_as_the_letter(written, read):
    assert read_scan(f"at {written} here")[0] == f"at {read} here"


@pytest.mark.parametrize("word", [
    # near misses: codes, sizes, ordinals and categories written against letters
    "BRCA1", "brca1", "1cm", "1yr", "1st", "1year", "BIRADS1", "birads3", "BR0", "L0", "4A",
    "T1N0", "10:00", "Impression", "I", "lt", "IDC", "MLO", "2D/3D",
])
def test_codes_and_numbers_are_not_taken_for_misread_letters(word):
    assert read_scan(f"at {word} here")[0] == f"at {word} here"


@pytest.mark.parametrize("text, expected", [
    ("Grouped arnorphous calcifications left breast 2:00.",
     {"morphology": {"amorphous"}, "distribution": "grouped"}),
    ("Scattered clermal calcifications in both breasts.", {"morphology": {"skin"}}),
    ("Dustered fine pleomorphic calcifications right 9:00.",
     {"morphology": {"fine_pleomorphic"}, "distribution": "grouped"}),
    ("COARSE HETEROGENEOUS CALCIFICATIONS IN A REGIONA1 DISTRIBUTION, LEFT.",
     {"morphology": {"coarse_heterogeneous"}, "distribution": "regional"}),
    ("Grouped punctate CA1CIFICATIONS left breast 3:00.",
     {"morphology": {"punctate"}, "distribution": "grouped"}),
])
def test_a_word_misread_by_ocr_is_read_as_the_rules_word(extractor, text, expected):
    assert_counting(extractor, "FINDINGS: " + text + "\nIMPRESSION: BI-RADS 4A.", [expected])


@pytest.mark.parametrize("word", ["internal", "pattern", "include", "clinical", "modern",
                                  "concern", "nuclear", "dense"])
def test_real_words_with_the_confusable_letters_are_left_alone(nlp, word):
    # near misses: "rn", "cl" and "d" in words that are spelled right
    assert _edits(nlp, f"a {word} word") == []


@pytest.mark.parametrize("broken", ["calci- fications", "calci-fications", "calcifi-\ncations",
                                    "calcifi-\r\n   cations", "micro-\ncalcifications"])
def test_a_word_broken_by_a_hyphen_is_one_word(extractor, broken):
    text = f"FINDINGS: Grouped amorphous {broken} right breast 10:00.\nIMPRESSION: BI-RADS 4A."
    found = counting(extractor.extract(text))
    assert [(f.morphology, f.distribution) for f in found] == [(("amorphous",), "grouped")]
    # evidence quotes the word as written, whole
    assert broken in found[0].evidence[0].text


@pytest.mark.parametrize("text", ["fine-\nlinear", "fine-linear", "lucent-\ncentered"])
def test_a_compound_keeps_its_hyphen(nlp, text):
    # near miss: both halves are words of their own
    assert _edits(nlp, text) == []


@pytest.mark.parametrize("mark", ["~", "¦", "^"])
def test_a_stray_mark_between_sentences_does_not_join_them(extractor, mark):
    text = (f"FINDINGS: A cluster of amorphous calcifications left 2:00 spans 7 mm. {mark} There "
            "is no associated mass.\nIMPRESSION: BI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "grouped"}])


@pytest.mark.parametrize("text", [
    "No masses or distortion. |\nNext line.",
    "| Stray bar at a line start\nNext line.",
])
def test_a_lone_bar_is_a_blank(text):
    assert "|" not in read_scan(text)[0]


@pytest.mark.parametrize("text", [
    "| Morphology | Amorphous |\n| Distribution | Grouped |",
    "Calcs | Left | Amorphous | Grouped",
    "approximately ~4 mm",
])
def test_table_pipes_and_marks_in_words_stay(text):
    assert read_scan(text)[0] == text


@pytest.mark.parametrize("text", [
    "IMPRESSION: Clustered amorphous versus fine pleomorphic\ncalcifications left breast 2:00, "
    "7 mm.",
    "IMPRESSION: Grouped punctate\ncalcifications right 11:30, 4 mm.",
])
def test_a_clock_time_at_a_wrapped_line_start_is_no_block_title(nlp, text):
    assert len(sentences(nlp(text))) == 1


@pytest.mark.parametrize("text", [
    # near misses: a block title with its colon still opens a block
    "Calcifications: amorphous\nDistribution: grouped",
    "Finding 1: calcifications\nMorphology: amorphous",
])
def test_a_block_title_with_its_colon_still_opens_a_block(nlp, text):
    assert len(sentences(nlp(text))) == 1


# --- proportional print: paragraphs wrapped a little narrower or wider ------------------------

def _wrap_ragged(paragraphs: list[tuple[str, int]]) -> str:
    import textwrap
    return "\n\n".join("\n".join(textwrap.wrap(p, width, break_on_hyphens=False))
                       for p, width in paragraphs)


RAGGED = [
    "HISTORY: Recalled from screening (03/02/2022) for possible grouped amorphous "
    "calcifications in the right lower outer quadrant.",
    "TECHNIQUE: Right spot magnification CC and ML views. Right tangential view with a skin "
    "localization grid.",
    "FINDINGS: The grouped calcifications in question are seen in the lower outer right breast. "
    "On the tangential view they project within the skin and are dermal in location. No mass "
    "or distortion.",
    "IMPRESSION: The callback calcifications are dermal (skin) calcifications, benign. Return "
    "to annual screening. BI-RADS 2: Benign.",
]


@pytest.mark.parametrize("widths", [(58, 66, 62, 66), (60, 60, 67, 64), (62, 68, 60, 61),
                                    (60, 66, 66, 66)])
def test_a_one_line_section_cut_short_of_the_longest_line_goes_on(extractor, nlp, widths):
    # the history wrapped a little narrower than the findings: its next line is still history,
    # and the recall's possible amorphous group is no finding of the report's body
    text = _wrap_ragged(list(zip(RAGGED, widths, strict=True)))
    assert [s[0] for s in nlp(text).user_data[SECTIONS]] == [
        "history", "technique", "findings", "impression"]
    assert [f.morphology for f in counting(extractor.extract(text))] == [("skin",)]


def test_short_template_lines_are_not_taken_for_wrapped_ones(nlp):
    # near miss: a template's lines end short of the longest without being cut by width
    text = ("FINDINGS: The breasts are heterogeneously dense, which may obscure small masses.\n"
            "Right breast: no suspicious mass or calcification\n"
            "Left breast: grouped amorphous calcifications at 2:00\n"
            "IMPRESSION: Left breast calcifications, BI-RADS 4A.")
    said = sentences(nlp(text))
    assert "Right breast: no suspicious mass or calcification" in said
    assert "Left breast: grouped amorphous calcifications at 2:00" in said


# --- "again seen" in the workup of a recall ---------------------------------------------------

@pytest.mark.parametrize("seen", ["are again seen", "are again demonstrated", "are again noted",
                                  "are once again visualized"])
def test_the_recalled_calcifications_again_seen_in_their_workup_count(extractor, seen):
    text = ("HISTORY: Called back from screening for calcifications in the left breast.\n"
            f"FINDINGS: Magnification views: the calcifications in question {seen} at 2:00 and "
            "are grouped and amorphous, spanning 5 mm.\nIMPRESSION: BI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "grouped"}])


@pytest.mark.parametrize("seen", ["are again seen", "are again demonstrated"])
def test_calcifications_again_seen_outside_a_recall_are_known(extractor, seen):
    # near miss: a screening or follow-up that is no recall's workup
    text = ("SCREENING MAMMOGRAM. HISTORY: Annual screening.\n"
            f"FINDINGS: Grouped amorphous calcifications at left 2:00 {seen}.\n"
            "IMPRESSION: Benign. BI-RADS 2.")
    found = extractor.extract(text).findings
    assert found and not any(f.counts for f in found)


# --- a part of the breast before its side ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Left breast: Previously documented dermal calcifications in the medial left breast, "
    "unchanged.",
    "RIGHT BREAST: Dystrophic calcifications in the lateral right breast, stable since 2019.",
    "Left breast: coarse calcifications in the upper left breast, unchanged.",
    "Right: a group of punctate calcifications in the lower inner right breast, unchanged "
    "in number and extent.",
])
def test_a_status_after_a_side_with_its_part_of_the_breast_stays_the_findings(extractor, text):
    found = extractor.extract("FINDINGS: " + text + "\nIMPRESSION: Benign. BI-RADS 2.").findings
    assert found and not any(f.counts for f in found)


def test_a_new_finding_in_a_part_of_the_other_breast_still_counts(extractor):
    # near miss: the stable word stays with its own side, the new group in the upper right
    # breast counts
    text = ("FINDINGS: Stable dystrophic calcifications in the lateral left breast. New grouped "
            "amorphous calcifications in the upper right breast at 10:00.\nIMPRESSION: BI-RADS "
            "4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "laterality": "right"}])


# --- a letterhead or patient block wider than the wrapped body -----------------------------

BODY = _wrap_ragged([
    ("History: Outside screening mammogram (02/02/2023, Lakeside Imaging) reportedly showed "
     "possible calcifications in the left breast. Images obtained on disc.", 62),
    ("Findings: Spot magnification views of the left upper outer quadrant show no "
     "calcifications in the area of concern; the outside finding is overlapping tissue.", 62),
    ("Impression: No calcifications in the left breast to correspond to the outside report. "
     "BI-RADS 1: Negative.", 62),
])


@pytest.mark.parametrize("layout", [
    "Harbor Point Breast Center | 12 Quay Street | Portland ME 04101 | 207.555.0100",
    "PATIENT: [REDACTED]        MRN: 0000000        DOB: [REDACTED]        SEX: F",
    "HARBOR POINT IMAGING     12 Quay Street, Portland ME 04101     Tel 207-555-0100",
])
def test_a_laid_out_line_does_not_set_the_wrap_width(extractor, nlp, layout):
    text = layout + "\n\n" + BODY
    assert wrap_width(text.split("\n")) == wrap_width(BODY.split("\n")) is not None
    # the outside study's possible calcifications stay in the history: ruled out, not found
    assert counting(extractor.extract(text)) == []


def test_a_text_of_unwrapped_paragraphs_with_a_letterhead_is_not_wrapped():
    # near miss: paragraphs one to a line, under a laid-out letterhead
    text = ("Harbor Point Breast Center | 12 Quay Street | Portland ME 04101\n"
            "FINDINGS: Grouped amorphous calcifications at left 2:00, spanning 4 mm\n"
            "Right breast: negative\n"
            "IMPRESSION: Suspicious calcifications left breast. Stereotactic biopsy.\n"
            "BI-RADS 4A")
    assert wrap_width(text.split("\n")) is None


# --- a line cut right after a header's colon -------------------------------------------------

@pytest.mark.parametrize("text", [
    "FINDINGS:\nNo suspicious masses, calcifications or distortion.",
    "Left breast:\nno suspicious masses, calcifications or architectural distortion.",
    "RIGHT BREAST:\nNo suspicious microcalcifications.",
    "Findings:\n  None. No calcifications.",
])
def test_a_negation_on_the_line_under_a_header_still_negates(extractor, text):
    x = extractor.extract("EXAM: Bilateral screening mammogram.\n" + text + "\nBI-RADS 1.")
    assert x.findings and counting(x) == []


@pytest.mark.parametrize("text", [
    # near misses: a label on one line and its value on the next still says the label is absent
    "FINDINGS: Benign skin.\nCalcifications:\nNone",
    "FINDINGS: Benign skin.\nCalcifications:\nno",
])
def test_a_field_value_on_the_next_line_still_negates_its_label(extractor, text):
    x = extractor.extract(text + "\nBI-RADS 1.")
    assert x.findings and counting(x) == []


def test_a_finding_under_a_header_with_no_on_its_line_is_kept(extractor):
    # near miss: the "no" negates its own object, not the calcifications of the line
    text = ("FINDINGS:\nGrouped amorphous calcifications left 2:00. No associated mass.\n"
            "IMPRESSION: BI-RADS 4A.")
    assert_counting(extractor, text, [{"morphology": {"amorphous"}, "distribution": "grouped"}])


# --- an emphasis cut from its place by a hard wrap ---------------------------------------------

@pytest.mark.parametrize("emphasis, place", [
    ("most numerous", "along the lower inner skin surfaces."),
    ("in particular", "along the inframammary folds."),
    ("mainly", "in the upper outer quadrants."),
    ("predominantly", "in the lower inner quadrants."),
])
def test_scattered_calcifications_most_numerous_somewhere_stay_diffuse(extractor, emphasis,
                                                                        place):
    # a hard-wrapped page: the emphasis ends one line, the place starts the next
    text = ("FINDINGS: There are scattered areas of fibroglandular density. Scattered\n"
            f"dermal calcifications are present in both breasts, {emphasis}\n"
            f"{place} No suspicious mass, architectural distortion or\n"
            "suspicious calcifications are identified in either breast.\n\n"
            "IMPRESSION: Benign dermal calcifications bilaterally. No mammographic\n"
            "evidence of malignancy. Annual screening mammography is advised.\n\n"
            "BIRADS: 2 - Benign")
    assert [f.distribution for f in counting(extractor.extract(text))] == ["diffuse"]


def test_scattered_calcifications_in_one_place_are_not_diffuse(extractor):
    # near miss: no emphasis, the place is where they all lie
    text = ("FINDINGS: There are scattered areas of fibroglandular density. Scattered\n"
            "dermal calcifications are present in the left breast, all of them\n"
            "along the lower inner skin surfaces. No suspicious mass, distortion or\n"
            "suspicious calcifications are identified in either breast.\n\n"
            "IMPRESSION: Benign dermal calcifications left breast. No mammographic\n"
            "evidence of malignancy. Annual screening mammography is advised.\n\n"
            "BIRADS: 2 - Benign")
    assert [f.distribution for f in counting(extractor.extract(text))] == [None]
