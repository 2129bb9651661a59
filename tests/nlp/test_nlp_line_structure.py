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
    "no runs at all",
    "   ",
    "",
])
def test_cutting_runs_keeps_a_map_back_to_the_raw_offsets(text):
    blanked = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    cut, (ends, shifted) = _cut_runs(blanked)
    assert "  " not in cut and not cut.startswith(" ")
    # every non-blank character of the cut text maps back to the same character
    for i, char in enumerate(cut):
        if char == " ":
            continue
        k = max((j for j, e in enumerate(ends) if e <= i), default=None)
        raw = i + (shifted[k] if k is not None else 0)
        assert blanked[raw] == char
