"""Long narrative reports compare what they see with kinds they do not see: "larger than typical
pleomorphic calcifications", "rather than truly amorphous", "unlike the rod-like calcifications
of secretory disease". The kind named as the yardstick is not a finding. Things that only look
like calcifications ("densities resembling calcifications", "artefact mimicking
microcalcifications") are not calcifications."""

from __future__ import annotations

import pytest

from tests.nlp.nlp_expectations import counting, variant_and_reason

# (text, the morphology the counting findings carry): the compared kind adds nothing
COMPARED_KIND = [
    ("Magnification shows a cluster of coarse heterogeneous calcifications at 4 o'clock, larger "
     "than typical pleomorphic calcifications.", {"coarse_heterogeneous"}),
    ("Grouped coarse heterogeneous calcifications at 7:00, each particle smaller than the "
     "popcorn calcifications of a degenerating fibroadenoma.", {"coarse_heterogeneous"}),
    ("A group of punctate calcifications at 1 o'clock, finer than fine pleomorphic forms would "
     "be.", {"punctate"}),
    ("On magnification the grouped calcifications look punctate rather than amorphous.",
     {"punctate"}),
    ("Grouped amorphous calcifications at 11:00, unlike the coarse dystrophic calcifications "
     "at the scar.", {"amorphous"}),
    ("A cluster of amorphous calcifications at 2 o'clock, quite different from the rod-like "
     "secretory calcifications seen elsewhere in older women.", {"amorphous"}),
    ("Punctate calcifications in a regional distribution; these are sometimes mistaken for "
     "amorphous calcifications.", {"punctate"}),
]


@pytest.mark.parametrize(("text", "morphology"), COMPARED_KIND)
def test_a_kind_named_as_the_yardstick_is_not_a_finding(extractor, text, morphology):
    found = counting(extractor.extract(text))
    assert set().union(*(f.morphology for f in found)) == morphology, [
        f.morphology for f in found]


# near misses: the comparison is of size, number or time, and the finding stands
STILL_FINDINGS = [
    ("Grouped fine pleomorphic calcifications at 10:00, larger than on the prior study.",
     {"fine_pleomorphic"}),
    ("More than two clusters of amorphous calcifications in the left breast.", {"amorphous"}),
    ("The amorphous calcifications at 3:00 now span a larger area than in 2021, grouped.",
     {"amorphous"}),
    ("A group of amorphous calcifications at 6 o'clock, distinct in appearance.", {"amorphous"}),
]


@pytest.mark.parametrize(("text", "morphology"), STILL_FINDINGS)
def test_comparisons_of_size_or_time_keep_the_finding(extractor, text, morphology):
    found = counting(extractor.extract(text))
    assert found and set().union(*(f.morphology for f in found)) == morphology


MIMICS = [
    "Tiny radiopaque specks over the right axilla, resembling calcifications, are deodorant. "
    "No suspicious calcifications. BI-RADS 1.",
    "Dust artefact on the detector mimicking microcalcifications in the left breast; repeat "
    "view is clear. BI-RADS 1.",
    "A skin ointment simulating calcifications on the right CC view. No calcifications on the "
    "repeat view. BI-RADS 1.",
]


@pytest.mark.parametrize("text", MIMICS)
def test_what_only_looks_like_calcifications_is_not_a_finding(extractor, guideline, text):
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_calcifications_resembling_a_benign_kind_still_count(extractor):
    # the cue rules out only a calcification word after it, never the kind they look like
    found = counting(extractor.extract(
        "Grouped calcifications in the right breast at 6:00, resembling milk of calcium."))
    assert len(found) == 1
    assert "milk_of_calcium" in found[0].morphology


# What the next views are for ("to confirm the morphology and exclude any amorphous component")
# names a kind that is not seen: it adds nothing to the finding.
EXCLUDED_KIND = [
    ("Regional punctate calcifications in the left upper outer quadrant; magnification views to "
     "confirm the morphology and exclude any amorphous component.", {"punctate"}),
    ("Grouped punctate calcifications at 4:00 in the right breast. Spot magnification for "
     "exclusion of any fine pleomorphic forms.", {"punctate"}),
    ("Grouped round calcifications at 7:00 left breast; we will exclude an associated fine "
     "linear component on magnification.", {"round"}),
]


@pytest.mark.parametrize(("text", "morphology"), EXCLUDED_KIND)
def test_a_kind_to_be_excluded_is_not_a_finding(extractor, text, morphology):
    found = counting(extractor.extract(text))
    assert set().union(*(f.morphology for f in found)) == morphology, [
        f.morphology for f in found]


def test_excluded_by_this_exam_is_still_negated(extractor):
    # "excluded" after its subject is the exam's answer, not a plan
    found = counting(extractor.extract(
        "Grouped punctate calcifications at 4:00 right breast. Amorphous forms are excluded."))
    assert [set(f.morphology) for f in found] == [{"punctate"}]
