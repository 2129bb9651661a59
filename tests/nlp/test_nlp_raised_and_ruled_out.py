"""A question raised by another report or by the referrer ("outside mammogram reported ?
microcalcifications", "reportedly showed possible calcifications") and answered by this exam
("magnification views show no calcifications") is ruled out, even when a long narrative tells
the technique, the density and the history in between. Calcifications that a past biopsy
"removed" are not present now."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import sentences, variant_and_reason

RULED_OUT = [
    # the referrer's query mark
    "Clinical: outside mammogram reported ? microcalcifications left breast UIQ.\n"
    "Findings: spot magnification views of the left UIQ show no microcalcifications.\n"
    "Impression: No microcalcifications. BI-RADS 1.",
    "History: ? calcs right breast on outside screening. Magnification views: no "
    "calcifications seen. BI-RADS 1.",
    # a long narrative between the question and the answer
    "She brings an outside report that described possible calcifications in the left breast. "
    "She has no symptoms. Her mother had breast cancer at 70. We performed full-field views "
    "and spot magnification of the upper outer left breast. The breasts are heterogeneously "
    "dense. The magnification views show no calcifications. BI-RADS 1.",
    # a past biopsy removed them; none are there today
    "History of left breast calcifications biopsied in 2018, benign. There are no "
    "calcifications at the biopsy site. I explained that the biopsy removed the calcifications "
    "at that time. BI-RADS 2.",
]


@pytest.mark.parametrize("text", RULED_OUT)
def test_question_answered_by_this_exam_is_negated(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


STILL_OPEN = [
    # the answer is about the other breast
    "Outside report described possible grouped amorphous calcifications in the left breast. "
    "Comparison is made. The breasts are dense. Spot views were obtained. Right breast: no "
    "calcifications. BI-RADS 0.",
    # the question is confirmed, then something else is ruled out
    "Clinical: ? microcalcifications right breast.\nFindings: Magnification views confirm "
    "grouped amorphous calcifications at 10:00, 4 mm. No associated mass. BI-RADS 4A.",
]


@pytest.mark.parametrize("text", STILL_OPEN)
def test_question_not_answered_stays_a_finding(extractor, guideline, text):
    variant, reason = variant_and_reason(extractor, guideline, text)
    assert reason != "negated_only"


@pytest.mark.parametrize(("text", "count"), [
    ("Clinical details: reported ? microcalcifications right breast. Referred.", 2),
    ("Is there any change? no change is seen.", 2),        # a question written against its word
    ("Findings stable. Any questions? Please call.", 3),
])
def test_a_query_mark_before_a_lower_case_word_does_not_end_the_sentence(nlp, text, count):
    assert len(sentences(nlp(text))) == count


def test_removed_does_not_negate_what_remains(extractor, guideline):
    text = ("The biopsy removed part of the group; grouped amorphous calcifications remain at "
            "2:00 in the right breast. BI-RADS 4A.")
    assert variant_and_reason(extractor, guideline, text) == (4, None)
