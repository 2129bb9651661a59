"""A field line whose value negates its label: "<label>: none", "<label> - none". The value rules
out everything its label names, however long the label (the calcification word with its side,
place and descriptors), but not an earlier item of the same line, nor anything before a label
that names something else."""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason


@pytest.mark.parametrize("line", [
    "Calcifications in the right breast: none",
    "Suspicious microcalcifications in the upper outer quadrant of the left breast: none.",
    "Calcs, right breast: negative",
    "Microcalcifications - none seen",
    "Suspicious calcifications — none identified.",
    "Calcifications in either breast -- absent",
    "Calcifications present: no",
])
def test_a_value_that_negates_its_whole_label(extractor, guideline, line):
    text = f"BILATERAL SCREENING MAMMOGRAM.\n{line}\nIMPRESSION: BI-RADS 1."
    assert_counting(extractor, text, [])
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


@pytest.mark.parametrize("line, expected", [
    # the value belongs to the label after the comma: the mass, not the calcifications
    ("Grouped amorphous calcifications, associated mass: none",
     {"morphology": {"amorphous"}, "distribution": "grouped",
      "associated_mass_or_asymmetry": False}),
    ("Fine pleomorphic calcifications in the left breast, architectural distortion: none",
     {"morphology": {"fine_pleomorphic"}, "laterality": "left"}),
    # a label of its own ("change from prior") does not reach the finding before it
    ("Grouped amorphous calcifications left breast at 2 o'clock with change from prior: none",
     {"morphology": {"amorphous"}, "distribution": "grouped", "laterality": "left"}),
    # a dash that does not open a negating value
    ("Fine pleomorphic calcifications left breast - biopsy recommended",
     {"morphology": {"fine_pleomorphic"}, "laterality": "left"}),
    ("Amorphous calcifications in a cluster, left breast - none of the other findings are "
     "suspicious", {"morphology": {"amorphous"}, "distribution": "grouped"}),
])
def test_a_value_does_not_reach_past_its_own_label(extractor, line, expected):
    assert_counting(extractor, f"LEFT DIAGNOSTIC MAMMOGRAM.\n{line}\nBI-RADS 4.", [expected])


def test_a_compound_label_is_one_label(extractor):
    text = ("Finding: fine linear calcifications, right breast 11:00, 8 mm.\n"
            "Associated mass/asymmetry: none\nBI-RADS 4C.")
    assert_counting(extractor, text, [{"morphology": {"fine_linear"},
                                       "associated_mass_or_asymmetry": False}])
