"""BI-RADS descriptors in heavy shorthand, and the same letters where they mean something else.

"rd" (round), "CH" (coarse heterogeneous), "FPL" (fine pleomorphic), "FLB"/"FL-B" (fine linear
branching), "dystr", "derm", "diff" (diffuse), "seg", "reg", "lin", "grp", "clust" count only
beside a calcification description (rules/lexicon/*.shorthand.csv, auditor/nlp/shorthand.py):
an address's "Rd", a "diff dx", a doctor's initials "CH", "seg mastectomy" or "Diff skin
thickening" give nothing.
"""

from __future__ import annotations

import pytest
from nlp_expectations import assert_counting, variant_and_reason

from auditor.nlp.lexicon import MENTIONS


def _mentions(nlp, text: str) -> set[tuple[str, str]]:
    return {(m.label, m.key) for m in nlp(text).user_data[MENTIONS]}


@pytest.mark.parametrize("text, expected", [
    # round, with a slash, an ampersand or alone before the head word
    ("L 4:00: grp rd/punct microcalcs, 2 mm. BI-RADS 3.",
     [{"morphology": {"round", "punctate"}, "distribution": "grouped", "laterality": "left"}]),
    ("RT UIQ: Rd & punct calcs, reg, ~2 cm. BIRADS 4A.",
     [{"morphology": {"round", "punctate"}, "distribution": "regional", "laterality": "right"}]),
    ("Tiny grp of RD calcs R 11:00. Cat 3.",
     [{"morphology": {"round"}, "distribution": "grouped", "laterality": "right"}]),
    ("L 1:00: calcs amorph vs rd, seg distrib, 4 cm. BIRADS 4B.",
     [{"morphology": {"amorphous", "round"}, "distribution": "segmental"}]),
    # coarse heterogeneous as CH, in a field or before the head word
    ("Finding 1: Left breast 4:00, 2 cm FN. Calcs. Morph: CH. Distrib: Clust. Size 3 mm.\n"
     "BIRADS 4A.",
     [{"morphology": {"coarse_heterogeneous"}, "distribution": "grouped",
       "laterality": "left"}]),
    ("R 7:00 oval mass w/ CH calcs, grp. BIRADS 4A.",
     [{"morphology": {"coarse_heterogeneous"}, "distribution": "grouped"}]),
    # fine pleomorphic and fine linear branching
    ("Calcifications | Side: L | Morph: FPL | Distrib: grp\nBIRADS 4B.",
     [{"morphology": {"fine_pleomorphic"}, "laterality": "left"}]),
    ("R 2:00 lin FLB microcalcs ~2 cm. BIRADS 4C.",
     [{"morphology": {"fine_linear"}, "distribution": "linear"}]),
    ("Impression: R seg fl-b calcs. BIRADS 5.",
     [{"morphology": {"fine_linear"}, "distribution": "segmental"}]),
    # dystrophic, dermal
    ("L lumpx bed: new coarse dystr calcs. BIRADS 2.",
     [{"morphology": {"coarse", "dystrophic"}}]),
    ("R: grp derm calcs, tangential view c/w skin. BIRADS 2.",
     [{"morphology": {"skin"}, "distribution": "grouped"}]),
    # diffuse
    ("Bilat: punct calcs, diff. BIRADS 2.",
     [{"morphology": {"punctate"}, "distribution": "diffuse", "laterality": "bilateral"}]),
    ("Calcs | Side: bilat | Distrib: Diff | Morph: rd/punct\nBIRADS 2.",
     [{"morphology": {"round", "punctate"}, "distribution": "diffuse"}]),
    # a cluster, and its number
    ("R 10:00: a clust of amorph calcs, 3 mm. BIRADS 4A.",
     [{"morphology": {"amorphous"}, "distribution": "grouped", "group_count": 1}]),
    ("L UOQ: 2 clust of amorph calcs, 3 and 4 mm. BIRADS 4B.",
     [{"morphology": {"amorphous"}, "distribution": "grouped", "group_count": 2}]),
    ("R: several clust punct calcs. BIRADS 3.",
     [{"distribution": "grouped", "group_count": 2}]),
])
def test_shorthand_descriptors_read_as_written_out(extractor, text, expected):
    assert_counting(extractor, text, expected)


@pytest.mark.parametrize("text, variant", [
    ("R 9:00 clust CH calcs 4 mm. L: neg. BIRADS 4A.", 14),
    ("L: reg CH calcs ~3 cm. BIRADS 4A.", 17),
    ("R: grp rd calcs 2 mm, new. BIRADS 3.", 10),
    ("Bilat rd/punct calcs, diff. BIRADS 2.", 13),
    ("L 6:00: FPL calcs 5 mm. BIRADS 4B.", 1),
    ("R: 3 clust amorph calcs UOQ. BIRADS 4B.", 5),
])
def test_shorthand_descriptors_give_the_variant(extractor, guideline, text, variant):
    assert variant_and_reason(extractor, guideline, text) == (variant, None)


@pytest.mark.parametrize("text, absent", [
    # an address, a trip, initials, a program, a diagnosis, other specialties
    ("Women's Imaging | 12 Birch Hollow Rd | Fairview\nNo suspicious calcs. BIRADS 1.",
     ("morphology", "round")),
    ("Read by Dr. J CH Patel. Calcifications: none. BIRADS 1.",
     ("morphology", "coarse_heterogeneous")),
    ("Ch. 4 of the protocol followed. Benign calcs. BIRADS 2.",
     ("morphology", "coarse_heterogeneous")),
    ("Income below FPL. Screening calcs none. BIRADS 1.", ("morphology", "fine_pleomorphic")),
    ("Derm f/u for eczema. No calcs. BIRADS 1.", ("morphology", "skin")),
    # diff as a differential, a difference, or skin thickening
    ("Diff dx: cyst vs FA. No calcs. BIRADS 3.", ("distribution", "diffuse")),
    ("No sig diff from 2021. Benign calcs. BIRADS 2.", ("distribution", "diffuse")),
    ("Diff skin thickening after XRT. BIRADS 2.", ("distribution", "diffuse")),
    # seg, reg, lin and grp in other senses
    ("S/p seg mastectomy 2018. Vascular calcs. BIRADS 2.", ("distribution", "segmental")),
    ("Pt reg late; exam done. Benign calcs. BIRADS 2.", ("distribution", "regional")),
    ("Discussed with Dr. Lin. Benign calcs. BIRADS 2.", ("distribution", "linear")),
    ("Support grp info given. Benign calcs. BIRADS 2.", ("count", "1")),
    # whole words are never their abbreviations
    ("Differential includes a cyst. Segment of duct ectasia. BIRADS 2.",
     ("distribution", "diffuse")),
    ("Differential includes a cyst. Segment of duct ectasia. BIRADS 2.",
     ("distribution", "segmental")),
])
def test_shorthand_letters_in_other_senses_give_nothing(nlp, text, absent):
    assert absent not in _mentions(nlp, text)


@pytest.mark.parametrize("text, reason", [
    ("Diff skin thickening + edema after XRT. No calcs. BIRADS 2.", "negated_only"),
    ("Office: 7 Mill Pond Rd. Neg. BIRADS 1.", "no_calcifications"),
])
def test_shorthand_letters_alone_make_no_finding(extractor, guideline, text, reason):
    assert variant_and_reason(extractor, guideline, text) == (None, reason)


def test_shorthand_rows_are_checked_against_their_counter_examples(tmp_path):
    import shutil

    from auditor.nlp import build_pipeline
    from auditor.nlp.lexicon import check_examples
    from auditor.rulefiles import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    (rules / "lexicon" / "morphology.shorthand.csv").write_text(
        "key,term,pattern,example,counter_example\n"
        "round,rd,,Grp rd calcs.,Grp rd calcs at 2:00.\n", encoding="utf-8")
    problems = check_examples(build_pipeline(rules))
    assert len(problems) == 1 and "counter-example" in problems[0]
    assert problems[0].startswith(str(rules / "lexicon" / "morphology.shorthand.csv"))


@pytest.mark.parametrize("text, associated", [
    # a group noun in shorthand that refers back to the group described
    ("Grp amorph calcs R 10:00, 5 mm. The grp sits within a developing asym. BIRADS 4A.", True),
    ("Clust amorph calcs L 2:00, 4 mm. This clust lies within a focal asym. BIRADS 4A.", True),
    ("Grp amorph calcs R 10:00, 5 mm. The grp is within a focal asym on tomo. BIRADS 4A.",
     True),
    # near-miss: another sense of the word, with a determiner farther away
    ("Grp amorph calcs R 10:00, 5 mm. The support grp met the pt; focal asym L 4:00. BIRADS 4A.",
     False),
])
def test_shorthand_group_noun_named_again(extractor, text, associated):
    found = [f for f in extractor.extract(text).findings if f.counts]
    assert [f.associated_mass_or_asymmetry for f in found] == [associated]
