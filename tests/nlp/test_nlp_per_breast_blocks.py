"""Reports organised by breast: a breast title over labelled fields, and terse status notes.

Made-up sentences. A breast header alone on its line ("RIGHT BREAST") titles the labelled fields
under it ("Findings:", "Assessment:"): what they say is about that breast, and the other breast's
"no calcifications" does not rule out a question this one raised.
"""

from __future__ import annotations

import pytest
from nlp_expectations import variant_and_reason

# --- terse status: "not seen 2020" is new, not absent -------------------------------------------

NEW_SINCE_CASES = [
    "L: grp amorphous calcs 4:00 post depth, not seen 2021. Mag views.",
    "Grouped amorphous calcifications at 7:00, not visible 06/2022.",
    "R 11:00: new cluster of amorphous calcs, not present 2019 or 2020.",
    "Amorphous calcs grouped 2:00, not seen priors.",
]


@pytest.mark.parametrize("text", NEW_SINCE_CASES)
def test_not_seen_on_a_year_is_new(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (4, None)


NOT_SEEN_CASES = [
    # near misses: the calcifications themselves are not seen; the year belongs elsewhere
    "Grouped amorphous calcifications at 10:00 are not seen. Comparison 2020.",
    "Calcifications are not seen on the magnification views. 2019 films unavailable.",
]


@pytest.mark.parametrize("text", NOT_SEEN_CASES)
def test_not_seen_without_a_year_still_negates(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")
