"""Export markup (HTML, entities, RTF, pipe tables) is read as the layout it stands for, at the
same length, so that evidence is still quoted from the report as written."""

from __future__ import annotations

import pytest

from auditor.nlp.markup import read_markup

MARKUP = [
    "<p>FINDINGS: Grouped amorphous calcifications, left UOQ.<br>IMPRESSION: BI-RADS 4A.</p>",
    "FINDINGS:&nbsp;Grouped amorphous calcifications, left UOQ &amp; no mass.<br/>"
    "IMPRESSION: BI-RADS&nbsp;4A.",
    "FINDINGS: Grouped amorphous calcifications, left UOQ.&lt;br&gt;IMPRESSION: BI-RADS 4A.",
    "<div><b>FINDINGS:</b> Grouped amorphous calcifications, left UOQ.</div>"
    "<div><b>IMPRESSION:</b> BI-RADS 4A.</div>",
    "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\\f0\\fs20 FINDINGS: Grouped amorphous "
    "calcifications, left UOQ.\\par IMPRESSION: BI-RADS 4A.\\par }",
    "| Finding | Calcifications |\n| Morphology | Amorphous |\n| Distribution | Grouped |\n"
    "| Side | Left |\n| BI-RADS | 4A |",
]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_read_as_layout_at_the_same_length(text):
    assert len(read_markup(text)) == len(text)


@pytest.mark.parametrize("text", MARKUP)
def test_markup_does_not_hide_the_finding_or_the_assessment(extractor, text):
    x = extractor.extract(text)
    assert x.birads == "4A"
    assert [(f.morphology, f.distribution, f.laterality) for f in x.findings] == [
        (("amorphous",), "grouped", "left")]
    for evidence in x.findings[0].evidence:
        assert text[evidence.start:evidence.end] == evidence.text   # quoted as written


@pytest.mark.parametrize("text, read", [
    ("a<br>b", "a\n   b"),
    ("5&nbsp;mm", "5      mm"),
    ("R &amp; L", "R &     L"),
    ("size &gt; 5 cm", "size >    5 cm"),
    ("| Morphology | Fine pleomorphic |", "  Morphology : Fine pleomorphic  "),
    ("| a | b | c |", "| a | b | c |"),   # column tables are read line by line as they are
])
def test_markup_reading(text, read):
    assert read_markup(text) == read


@pytest.mark.parametrize("text", [
    "FINDINGS: Grouped amorphous calcifications, left UOQ. BI-RADS 4A.",
    "Calcifications a|b, left < right, R&L breasts, 2 < 3",   # not markup
    "C:\\reports\\2024 FINDINGS: negative",                     # a backslash is not RTF
])
def test_plain_text_is_left_as_it_is(text):
    assert read_markup(text) == text
