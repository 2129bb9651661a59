"""The line structure of exported reports: a term broken by a line end, an indent, a double space
or the padding of markup is still one term, and every offset still points into the report as
written."""

from __future__ import annotations

import pytest

from auditor.nlp.tokenizer import _cut_runs


def _finding_keys(extraction):
    return [(f.morphology, f.distribution, f.laterality) for f in extraction.findings]


@pytest.mark.parametrize("gap", ["\r\n", "\n    ", "  ", "\t", " \r\n  ", "&nbsp; "])
@pytest.mark.parametrize("first, second, key", [
    ("coarse", "heterogeneous", "coarse_heterogeneous"),
    ("fine", "pleomorphic", "fine_pleomorphic"),
    ("milk of", "calcium", "milk_of_calcium"),
])
def test_a_term_broken_by_blanks_is_one_term(extractor, gap, first, second, key):
    text = (f"LEFT MAMMOGRAM. FINDINGS: In the left breast at 3:00 there is a cluster of {first}"
            f"{gap}{second} calcifications, 4 mm. IMPRESSION: BI-RADS 4A.")
    x = extractor.extract(text)
    assert [f.morphology for f in x.findings] == [(key,)]
    for finding in x.findings:
        for evidence in finding.evidence:
            assert text[evidence.start:evidence.end] == evidence.text


def test_blanks_between_words_of_different_terms_do_not_join_them(extractor):
    # "coarse" ends one statement and "heterogeneous" is the density of the next: a line end
    # that closes a sentence still closes it
    text = ("FINDINGS: Right breast: a few coarse calcifications.\r\n"
            "Heterogeneously dense tissue.\r\nIMPRESSION: BI-RADS 2.")
    x = extractor.extract(text)
    assert [f.morphology for f in x.findings] == [("coarse",)]


@pytest.mark.parametrize("text", [
    "  indented first line\r\n  and   more  ",
    "a\tb\t\tc",
    "fine-\r\n  linear, BI-\nRADS 4, 3-\n4 mm, left -\nnew",
    "no runs at all",
    "   ",
    "",
])
def test_cutting_runs_keeps_a_map_back_to_the_raw_offsets(text):
    cut, shifts = _cut_runs(text)
    ends, shifted = shifts or ([], [])
    assert "  " not in cut and not cut.startswith(" ")
    # every non-blank character of the cut text maps back to the same character
    for i, char in enumerate(cut):
        if char == " ":
            continue
        k = max((j for j, e in enumerate(ends) if e <= i), default=None)
        raw = i + (shifted[k] if k is not None else 0)
        assert text[raw] == char


@pytest.mark.parametrize("text, joined", [
    ("fine-\r\nlinear", "fine-linear"),
    ("BI-\n  RADS", "BI-RADS"),
    ("3-\n4 mm", "3- 4 mm"),          # a range of numbers is not a word
    ("left -\nnew", "left - new"),    # a spaced dash is not a hyphen
])
def test_a_word_hyphenated_at_the_line_end_is_one_word(text, joined):
    assert _cut_runs(text)[0].replace("\n", " ") == joined


@pytest.mark.parametrize("text, birads, morphology", [
    ("FINDINGS: Left breast at 3:00: grouped fine-\r\nlinear calcifications, 6 mm.\r\n"
     "IMPRESSION: Suspicious. BI-RADS 4C.", "4C", ("fine_linear",)),
    ("FINDINGS: Right breast: a few coarse popcorn-\nlike calcifications at 6:00.\n"
     "IMPRESSION: Benign. BI-RADS 2.", "2", ("coarse",)),
    ("FINDINGS: Right breast: scattered lucent-\r\n   centered calcifications.\n"
     "IMPRESSION: Benign. BI-RADS 2.", "2", ("rim",)),
])
def test_a_term_hyphenated_over_a_line_end_is_read(extractor, text, birads, morphology):
    x = extractor.extract(text)
    assert x.birads == birads
    assert [f.morphology for f in x.findings] == [morphology]


# --- hard-wrapped exports -------------------------------------------------------------------

def _wrap(text: str, width: int, newline: str = "\r\n") -> str:
    """Break each paragraph of `text` at `width` as an export would, mid-sentence."""
    import textwrap
    return newline.join(newline.join(textwrap.wrap(p, width, break_on_hyphens=False))
                        for p in text.split("\n"))


WRAPPED_NEGATIVE = (
    "SCREENING MAMMOGRAM BILATERAL WITH TOMOSYNTHESIS, COMPARED WITH 2021 AND 2022.\n"
    "FINDINGS: THE BREASTS ARE HETEROGENEOUSLY DENSE. LEFT BREAST: A BIOPSY MARKER CLIP IN "
    "THE UPPER OUTER QUADRANT IS UNCHANGED IN POSITION. THERE IS NO GROUPED OR LINEAR "
    "MICROCALCIFICATION AND NO SUSPICIOUS MASS. RIGHT BREAST: NO SUSPICIOUS FINDING.\n"
    "IMPRESSION: NO MAMMOGRAPHIC EVIDENCE OF MALIGNANCY. BI-RADS 1: NEGATIVE.")


@pytest.mark.parametrize("width", [58, 62, 66, 70])
def test_a_wrapped_all_caps_negation_still_covers_the_next_line(extractor, width):
    x = extractor.extract(_wrap(WRAPPED_NEGATIVE, width))
    assert x.findings == () or not any(f.counts for f in x.findings)
    assert x.birads == "1"


WRAPPED_HISTORY = (
    "DIAGNOSTIC MAMMOGRAM LEFT WITH SPOT MAGNIFICATION VIEWS\n"
    "HISTORY: Patient with prior left benign excisional biopsy in 2016, returning after the "
    "screening study of last month showed possible calcifications in the lower inner quadrant.\n"
    "FINDINGS: Magnified views show a cluster of punctate calcifications at 7:00, posterior "
    "depth, measuring 3 mm.\n"
    "IMPRESSION: Grouped punctate calcifications, left 7:00. BI-RADS 3: Probably benign.")


@pytest.mark.parametrize("width", [60, 64, 68])
def test_a_wrapped_history_line_stays_history(extractor, width):
    x = extractor.extract(_wrap(WRAPPED_HISTORY, width))
    assert [(f.morphology, f.distribution) for f in x.findings if f.counts] == [
        (("punctate",), "grouped")]
    assert all(f.section != "body" for f in x.findings)
    assert x.birads == "3"


@pytest.mark.parametrize("lines", [
    # a template: short lines that end where the writer ended them
    ["Right breast: negative", "Left breast: grouped amorphous calcifications at 3:00",
     "Impression: suspicious", "BI-RADS 4A"],
    # dictated lines, each a sentence of its own, one long one
    ["Bilateral screening mammogram.", "Scattered fibroglandular densities.",
     "There are grouped amorphous calcifications in the left breast at 3:00 measuring 5 mm "
     "which are new compared with the prior examination from 2022", "BI-RADS 0."],
    # a table laid out with pipes
    ["Type  | Morphology | Distribution | Location", "Calcs | Amorphous  | Grouped      | L 3:00",
     "Calcs | Vascular   | N/A          | Bilat", "Mass  | --         | --           | --"],
])
def test_lines_that_were_not_wrapped_are_not_read_as_wrapped(lines):
    from auditor.nlp.sections import wrap_width
    assert wrap_width(lines) is None


def test_a_wrapped_text_is_recognised_with_its_width():
    from auditor.nlp.sections import wrap_width
    wrapped = _wrap(WRAPPED_HISTORY, 64, "\n").split("\n")
    assert wrap_width(wrapped) == max(len(line) for line in wrapped)


# --- tables laid out with pipes ----------------------------------------------------------------

@pytest.mark.parametrize("table", [
    "| Finding | Side | Location | Description |\n"
    "| Mass | Right | 9:00, 5 cm FN | Round, circumscribed, 8 mm |\n"
    "| Calcifications | Left | 2:00, 3 cm FN | Grouped amorphous, 4 mm |",
    "Finding        | Side  | Location | Description\n"
    "Mass           | Right | 9:00     | Round, circumscribed, 8 mm\n"
    "Calcifications | Left  | 2:00     | Grouped amorphous, 4 mm",
    "| Finding | Side | Description |\r\n| Calcifications | Left | Grouped amorphous, 4 mm |\r\n"
    "| Mass | Right | Round, circumscribed, 8 mm |",
])
def test_each_table_row_is_a_statement_of_its_own(extractor, table):
    text = f"DIAGNOSTIC MAMMOGRAM BILATERAL\nFINDINGS:\n{table}\nIMPRESSION: BI-RADS 4A."
    x = extractor.extract(text)
    assert [(f.morphology, f.distribution, f.laterality, f.associated_mass_or_asymmetry)
            for f in x.findings] == [(("amorphous",), "grouped", "left", False)]
