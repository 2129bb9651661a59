"""A group of calcifications named again by "the" and its place alone, in a comparison.

"The right breast group at 10 o'clock, previously stable, has increased in number": the group the
report spoke of before. Only where a calcification was named earlier, and only in a sentence that
says how the group changed or that it did not.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, variant_and_reason


@pytest.mark.parametrize("text, variant", [
    ("Indication: follow-up of grouped amorphous calcifications in the right breast.\n"
     "Findings: The right breast group at 10 o'clock has increased in number. On the left there "
     "is a new group of amorphous calcifications at 2 o'clock.\n"
     "Impression: Right breast amorphous calcifications increased. BI-RADS 4A.", 6),
    ("History: probably benign calcifications, left breast.\n"
     "Findings: The left group at 3:00 has enlarged, now 8 mm. There is also a new cluster of "
     "amorphous calcifications in the right breast at 11:00.\n"
     "Impression: Left breast amorphous calcifications, increased. New right breast amorphous "
     "calcifications. BI-RADS 4B.", 6),
])
def test_a_group_named_again_in_a_comparison_is_that_group(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text)[0] == variant


@pytest.mark.parametrize("text", [
    # no comparison said of it: a plan
    "Right breast: a small group of punctate calcifications at 10:00. The right group will be "
    "reviewed again at the next mammogram.",
    # a group of something else
    "Grouped punctate calcifications at 10:00 right. The lymph node group in the axilla is "
    "unchanged.",
])
def test_other_groups_make_no_new_finding(extractor, text):
    assert len(counting(extractor.extract(text))) == 1


def test_no_calcification_named_before(extractor):
    text = "The right breast group at 10 o'clock has increased in number."
    assert counting(extractor.extract(text)) == []
