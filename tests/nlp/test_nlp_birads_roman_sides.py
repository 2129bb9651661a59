"""Per-breast assessments on a BI-RADS line written in Roman numerals, with or without a
spaced subcategory letter ("BI-RADS : Right - IV B, Left - IV A"): each side's value counts,
and the overall is the highest. A lower-case "i" or a word starting with one is never a
category."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "birads"), [
    ("Impression: see above.\nBI-RADS : Right - IV B, Left - IV A.", "4B"),
    ("BI-RADS: Right - IVC; Left - II.", "4C"),
    ("BIRADS: R - III, L - II", "3"),
    ("BI-RADS category: Left - V, Right - IV A", "5"),
    ("BI-RADS: right breast - II, left breast - III", "3"),
])
def test_roman_side_values_on_a_birads_line(extractor, text, birads):
    assert extractor.extract(text).birads == birads


@pytest.mark.parametrize(("text", "birads"), [
    ("BI-RADS 2. Left in six months for the other study.", "2"),
    ("Right - IV access noted. BI-RADS 1.", "1"),          # not on the BI-RADS line
    ("BI-RADS: 2. Right - I think this is benign.", "2"),
])
def test_roman_like_words_are_not_categories(extractor, text, birads):
    assert extractor.extract(text).birads == birads
