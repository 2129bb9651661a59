"""A procedure done today with its target in brackets: "stereo bx (amorph calcs) performed today".

The bracket names what the procedure was done on, as "biopsy of ..." would: history told in
passing, no finding of this exam (rules/context/context_rules.json, PRIOR_HISTORY). A post-procedure
film that then says the target is gone has only that ruled-out mention.
"""

from __future__ import annotations

import pytest
from nlp_expectations import variant_and_reason


@pytest.mark.parametrize("text", [
    "R 11:00 stereo bx (grp amorph calcs) performed today. Clip at the site. Target calcs removed,"
    " none residual.",
    "Left 3:00 vacuum-assisted biopsy (fine pleomorphic calcifications) done today. Post-procedure"
    " films: clip in place. No residual calcifications.",
    "Stereotactic biopsy (punctate calcs L UIQ) completed today. Clip deployed. No residual "
    "calcifications seen.",
])
def test_bracketed_target_of_todays_procedure_is_no_finding(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


@pytest.mark.parametrize("text, variant", [
    # near-misses: a bracket after the calcifications, or before a recommendation
    ("Grouped amorphous calcs L 2:00 (spot mag views performed today), 4 mm. BI-RADS 4A.", 4),
    ("Spot mag views (CC and ML) performed today: grouped amorphous calcs R 9:00. BI-RADS 4A.",
     4),
    ("Stereo bx (grouped amorphous calcs R 10:00) recommended. BI-RADS 4A.", 4),
])
def test_brackets_that_name_no_done_procedure_keep_the_finding(extractor, guideline, text,
                                                                variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)
