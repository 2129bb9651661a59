"""Unedited speech recognition: dictated punctuation left as words is read as the mark or line
break it stands for (at the same length, so evidence is quoted as written), BI-RADS categories
and clock positions dictated as words are read, and the recogniser's usual mishearings of the
lexicon's terms are the terms they stand for."""

from __future__ import annotations

import re

import pytest

from auditor.nlp.markup import read_dictation, read_markup
from tests.nlp.nlp_expectations import assert_counting, variant_and_reason

# --- dictated punctuation -------------------------------------------------------------------


@pytest.mark.parametrize("text, read", [
    ("no mass period the skin is normal", "no mass . the skin is normal"),
    ("dense comma which may obscure", "dense , which may obscure"),
    ("left breast colon negative", "left breast : negative"),
    ("views obtained Period Findings", "views obtained . Findings"),
    ("no change full stop", "no change ."),
    ("one semicolon two", "one ; two"),
    ("history new paragraph findings", "history \n\n findings"),
    ("comparison next line impression", "comparison \n impression"),
])
def test_dictated_punctuation_is_read_as_its_mark(text, read):
    # the same length (blanks pad the mark), so offsets still point into the text as dictated
    assert len(read_dictation(text)) == len(read_markup(text)) == len(text)
    assert re.sub(" +", " ", read_dictation(text)) == read


@pytest.mark.parametrize("text", [
    "no change over the period since 2019",
    "stable over a six month period",
    "stable during the follow-up period",
    "a 2 year period of stability",
    "calcifications stable for a period of time",
    "not seen in the period between the two exams",
    "history of colon cancer",
    "status post sigmoid colon resection",
    "colon carcinoma in 2015",
    "a new line of calcifications",
    "the next line of the report",
    "the periodic screening interval",
    "commas and colons are not words here",
])
def test_words_that_are_not_dictated_punctuation_stay(text):
    assert read_dictation(text) == text


DICTATED = [
    "diagnostic mammogram right breast period findings at ten oclock there is a group of fine "
    "pleomorphic calcifications measuring six millimeters period no mass period impression "
    "suspicious calcifications right breast period bi rads four b",
    "right diagnostic mammogram new paragraph findings right breast colon a cluster of fine "
    "pleomorphic calcifications at ten oclock comma six millimeters new paragraph impression "
    "suspicious grouped calcifications period b i rads category four b",
]


@pytest.mark.parametrize("text", DICTATED)
def test_dictated_report_reads_like_a_typed_one(extractor, text):
    x = extractor.extract(text)
    assert x.birads == "4B"
    found = [f for f in x.findings if f.counts]
    assert [(f.morphology, f.laterality) for f in found][:1] == [(("fine_pleomorphic",),
                                                                  "right")]
    for evidence in found[0].evidence:
        assert text[evidence.start:evidence.end] == evidence.text   # quoted as dictated


def test_impression_after_a_dictated_full_stop_is_the_impression(extractor):
    # the assessment words at the end are read in the impression said inline
    text = ("bilateral screening mammogram period a group of round calcifications in the left "
            "upper outer quadrant period no mass period impression grouped round calcifications "
            "left breast period assessment probably benign")
    assert extractor.extract(text).birads == "3"


# --- BI-RADS and numbers dictated as words ----------------------------------------------------


@pytest.mark.parametrize("text, birads", [
    ("impression benign period buy rads two", "2"),
    ("impression negative period buy rads one negative", "1"),
    ("recommend diagnostic workup period buy rads zero incomplete", "0"),
    ("stereotactic biopsy recommended period buy rads four a", "4A"),
    ("biopsy recommended period Buy Rads four c", "4C"),
    ("short interval follow up period bi rads three", "3"),
    ("recall for additional views period category zero", "0"),
    ("assessment colon b i rads category two benign", "2"),
    ("biopsy recommended period buy-rads five", "5"),
    # the subcategory letter heard as a word, straight after the 4 and ending the phrase
    ("biopsy recommended. BI-RADS four be.", "4B"),
    ("BIRADS 4 bee suspicious", "4B"),
    ("bi rads category four see - high suspicion", "4C"),
    ("Assessment: BI-RADS 4 sea\nRecommendation: biopsy", "4C"),
    # ... and not a verb or an instruction after a bare 4
    ("BI-RADS 4 see below for recommendations.", "4"),
    ("BI-RADS 4 to be biopsied.", "4"),
    ("BI-RADS: 4 Be aware the patient is anticoagulated.", "4"),
])
def test_dictated_birads_words(extractor, text, birads):
    assert extractor.extract(text).birads == birads


@pytest.mark.parametrize("text", [
    "we will buy more views next year period no mass period",      # not a category
    "the patient was seen by radiology period no mass",
])
def test_buy_without_rads_is_no_assessment(extractor, text):
    assert extractor.extract(text).birads is None


# --- mishearings of lexicon terms ---------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("there is a group of a morphous calcific Asians in the left breast at two oclock",
     {"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "left"}),
    ("grouped a morphic calcifications right breast at nine oclock",
     {"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "right"}),
    ("a cluster of punk tate calcific Asians in the right breast",
     {"morphology": {"punctate"}, "distribution": "grouped", "laterality": "right"}),
    ("course heterogeneous calcific Asians in a region all distribution left breast",
     {"morphology": {"coarse_heterogeneous"}, "distribution": "regional", "laterality": "left"}),
    ("a morphous calcifications in a segment all distribution in the right breast",
     {"morphology": {"amorphous"}, "distribution": "segmental", "laterality": "right"}),
    ("grouped plea amorphic micro calcific Asians left breast",
     {"morphology": {"fine_pleomorphic"}, "distribution": "grouped", "laterality": "left"}),
    ("milk a calcium calcifications layering in the right breast",
     {"morphology": {"milk_of_calcium"}, "laterality": "right"}),
])
def test_misheard_terms_are_the_terms(extractor, text, expected):
    assert_counting(extractor, text, [expected])


@pytest.mark.parametrize("text, variant", [
    ("new group of a morphous calcific Asians right breast ten oclock period buy rads zero", 4),
    ("grouped plea amorphic calcific Asians left breast period bi rads four b", 1),
    ("punk tate calcific Asians scattered throughout both breasts period bi rads two", 13),
])
def test_misheard_reports_get_their_variant(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text)[0] == variant


@pytest.mark.parametrize("text", [
    "the course of the duct is normal",                    # "course" alone is not coarse
    "a morph of the breast contour",                       # not "a morphous"
    "the region is otherwise normal",                      # "region" alone no distribution
])
def test_near_misses_are_no_calcification_descriptors(extractor, text):
    assert [f for f in extractor.extract(text).findings if f.counts] == []


def test_benign_macro_calcification_said_in_two_words(extractor, guideline):
    text = "a benign macro calcification is seen in the left breast period bi rads two"
    x = extractor.extract(text)
    assert [f.morphology for f in x.findings] == [("benign_unspecified",)]
    assert variant_and_reason(extractor, guideline, text) == (
        None, "vascular_or_unspecified_benign")


@pytest.mark.parametrize("text, read", [
    ("amorphous slash fine pleomorphic", "amorphous / fine pleomorphic"),
    ("left breast open paren lower inner quadrant close paren",
     "left breast ( lower inner quadrant )"),
    ("new calcifications question mark", "new calcifications ?"),
])
def test_dictated_signs_are_read_as_signs(text, read):
    assert re.sub(" +", " ", read_dictation(text)) == read


def test_dictated_slash_keeps_both_hedged_morphologies(extractor):
    x = extractor.extract("grouped a morphous slash fine plea amorphic calcific Asians left "
                          "breast open paren two oclock close paren period bi rads four b")
    assert [(set(f.morphology), f.laterality) for f in x.findings] == [
        ({"amorphous", "fine_pleomorphic"}, "left")]
