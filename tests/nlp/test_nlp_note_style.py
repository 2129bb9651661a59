"""Terse notes written a statement per line, in a reader's shorthand.

"bilat dx / R 9:00 grp indistinct calcs ~4mm / vasc calcs bilat / imp: ... BR4a": each line says
one thing, in lower case, with single-letter sides and abbreviations of negation ("neg for",
"w/o"). A sentence the writer broke over short lines still reads as one.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, sentences, variant_and_reason


@pytest.mark.parametrize("text, expected", [
    # a lower-case line under a short complete one starts anew
    ("bilat dx\nR 9:00 grp indistinct calcs ~4mm\nvasc calcs bilat\nimp: BR4a",
     ["bilat dx", "R 9:00 grp indistinct calcs ~4mm", "vasc calcs bilat", "imp: BR4a"]),
    ("scrng\nfatty\nscattered benign calcs\nBR2",
     ["scrng", "fatty", "scattered benign calcs", "BR2"]),
    # ... but a sentence broken over short lines goes on (the line break reads as a blank): a
    # word that wants more ends the line, or one that carries the sentence on starts the next
    ("There are grouped amorphous\ncalcifications in the left breast.",
     ["There are grouped amorphous calcifications in the left breast."]),
    ("New fine pleomorphic calcifications\nin the upper outer quadrant.",
     ["New fine pleomorphic calcifications in the upper outer quadrant."]),
    ("Amorphous calcifications are seen\nspanning 8 mm.",
     ["Amorphous calcifications are seen spanning 8 mm."]),
    ("Grouped punctate calcifications\nmeasuring 4 mm at 2 o'clock.",
     ["Grouped punctate calcifications measuring 4 mm at 2 o'clock."]),
])
def test_note_lines_and_broken_sentences(extractor, text, expected):
    assert sentences(extractor.nlp(text)) == expected


@pytest.mark.parametrize("text, variant, laterality", [
    # a single-letter side opens the line before the calcification words
    ("R grp amorph calcs 10:00\nimp BR4a", 4, "right"),
    ("L amorph/punctate calcs LOQ regional distrib\nimp L BIRADS4a stereo", 7, "left"),
    # an exam's side on the line above is not the finding's
    ("bilat dx\nR grp amorph calcs 10:00\nvasc calcs L\nBIRADS 4", 4, "right"),
    ("bilat dx\nR 9:00 grp indistinct calcs ~4mm\nvasc calcs bilat\nimp: R 9:00 indistinct "
     "calcs grp, BR4a. bx", 4, "right"),
])
def test_single_letter_sides_in_notes(extractor, guideline, text, variant, laterality):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)
    deciding = [f for f in counting(extractor.extract(text)) if "vascular" not in f.morphology]
    assert [f.laterality for f in deciding] == [laterality]


@pytest.mark.parametrize("text", [
    "scrng bilat. fatty. neg for masses, calcs, AD. BR1 neg",
    "Bilateral screening. Neg. for suspicious calcs. BR1",
    "R 9:00 irreg spiculated mass 1.2cm w/o assoc calcs\nimp BR5",
    "Mammo: -ve for microcalcs or masses. BIRADS 1",
])
def test_shorthand_negations(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_single_letters_are_not_sides_of_other_words(extractor):
    # "L" before a word that is not a calcification's descriptor is not read as a side
    found = counting(extractor.extract("Grouped amorphous calcifications. L spine films normal."))
    assert [f.laterality for f in found] == [None]


@pytest.mark.parametrize("text, expected", [
    # another reader's finding, told as reported, is no finding of this exam
    ("R dx mag. outside mammo reportedly ?calcs R UOQ\nmag views: no calcs seen\nimp: cat 1 neg",
     (None, "negated_only")),
    ("Outside mammogram reportedly showed calcifications in the left breast. Magnification views "
     "show no calcifications. BI-RADS 1.", (None, "negated_only")),
    ("Outside study reportedly with calcifications on the right. Magnification views show grouped "
     "amorphous calcifications right breast 10:00. BI-RADS 4A", (4, None)),
    # the target of the biopsy a post-procedure film was taken after, named in brackets
    ("post stereo bx L UOQ (amorph calcs)\nclip in place at bx site\nno residual calcs",
     (None, "negated_only")),
    ("Status post stereotactic biopsy left breast 2:00 (fine pleomorphic calcifications). Clip "
     "in place. No residual calcifications.", (None, "negated_only")),
    # the workup's proof under its label, with the article dropped
    ("L dx\nrecall: possible amorph calcs L UIQ on scrng\ntangential views: calcs project in skin"
     "\nBR2", (2, None)),
    ("Recalled for possible amorphous calcifications left breast.\nTangential views: "
     "calcifications project in the skin.\nBI-RADS 2", (2, None)),
    # ... not a kind of calcification named on its own line under another label
    ("Grouped amorphous calcs L UIQ.\nComment: skin calcs R breast also noted.\nBR4A", (4, None)),
])
def test_notes_of_other_readers_targets_and_proofs(extractor, guideline, text, expected):
    assert variant_and_reason(extractor, guideline, text) == expected


def test_a_lower_case_note_is_not_taken_for_a_hard_wrapped_export(extractor, guideline):
    # lines of 45 and 55 characters, each a statement: not a width the export broke them at
    text = ("L dx\nrecall: possible amorph calcs L UIQ on scrng\ntangential views: calcs project "
            "in skin -> dermal calcs\nno suspicious finding\nBR2")
    assert variant_and_reason(extractor, guideline, text) == (2, None)
