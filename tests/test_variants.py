"""variant-mapping.md, 'From findings to a variant', as tables of (findings, expected answer).

Findings are built by hand: the mapper never needs spaCy.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from auditor.guideline import load_guideline
from auditor.models import DISTRIBUTIONS, MORPHOLOGIES, VARIANT_REASONS, Finding
from auditor.variants import (
    BENIGN_ORDER,
    DISTRIBUTION_ORDER,
    MORPHOLOGY_ORDER,
    deciding_morphology,
    map_variant,
    most_suspicious_distribution,
)

GUIDELINE = load_guideline()


def F(morphology="amorphous", distribution="grouped", laterality="right", **kw) -> Finding:
    if isinstance(morphology, str):
        morphology = tuple(morphology.split("|")) if morphology else ()
    return Finding(morphology=morphology, distribution=distribution, laterality=laterality, **kw)


def answer(findings, **kw):
    d = map_variant(findings, GUIDELINE, **kw)
    return d.variant if d.variant is not None else d.reason


# --- step 2: every cell of the spec's table, one finding -----------------------------------

TABLE = [
    # (morphology, distribution, laterality, group_count, expected)
    ("fine_linear", "grouped", "right", None, 1),
    ("fine_linear", "regional", "right", None, 1),
    ("fine_linear", "linear", "right", None, 1),
    ("fine_linear", "segmental", "right", None, 1),
    ("fine_linear", "diffuse", "right", None, 1),
    ("fine_linear", None, "right", None, 1),
    ("fine_pleomorphic", "grouped", "left", 3, 1),
    ("fine_pleomorphic", "regional", "left", None, 1),
    ("fine_pleomorphic", "linear", "left", None, 1),
    ("fine_pleomorphic", "segmental", "left", None, 1),
    ("fine_pleomorphic", "diffuse", "bilateral", None, 1),
    ("fine_pleomorphic", None, None, None, 1),
    ("amorphous", "grouped", "right", None, 4),
    ("amorphous", "grouped", "right", 1, 4),
    ("amorphous", "grouped", None, 1, 4),
    ("amorphous", "grouped", "right", 2, 5),
    ("amorphous", "grouped", "bilateral", None, 6),
    ("amorphous", "grouped", "bilateral", 4, 6),
    ("amorphous", "regional", "right", None, 7),
    ("amorphous", "linear", "right", None, 8),
    ("amorphous", "segmental", "right", None, 8),
    ("amorphous", "diffuse", "bilateral", None, 13),
    ("amorphous", "diffuse", "left", None, "diffuse_one_breast"),
    ("amorphous", None, "left", None, "distribution_not_stated"),
    ("coarse_heterogeneous", "grouped", "left", None, 14),
    ("coarse_heterogeneous", "grouped", "left", 3, 15),
    ("coarse_heterogeneous", "grouped", "bilateral", None, 16),
    ("coarse_heterogeneous", "regional", "left", None, 17),
    ("coarse_heterogeneous", "linear", "left", None, 18),
    ("coarse_heterogeneous", "segmental", "left", None, 18),
    ("coarse_heterogeneous", "diffuse", "left", None, "coarse_heterogeneous_diffuse"),
    ("coarse_heterogeneous", "diffuse", "bilateral", None, "coarse_heterogeneous_diffuse"),
    ("coarse_heterogeneous", None, "left", None, "distribution_not_stated"),
    ("punctate", "grouped", "right", None, 10),
    ("punctate", "grouped", "right", 5, 10),
    ("punctate", "grouped", "bilateral", None, 10),
    ("punctate", "regional", "right", None, 11),
    ("punctate", "linear", "right", None, 12),
    ("punctate", "segmental", "right", None, 12),
    ("punctate", "diffuse", "bilateral", None, 13),
    ("punctate", "diffuse", "right", None, "diffuse_one_breast"),
    ("punctate", None, "right", None, "distribution_not_stated"),
    ("round", "grouped", "left", 2, 10),
    ("round", "grouped", "bilateral", None, 10),
    ("round", "regional", "left", None, 11),
    ("round", "linear", "left", None, 12),
    ("round", "segmental", "left", None, 12),
    ("round", "diffuse", "bilateral", None, 13),
    ("round", "diffuse", "left", None, "diffuse_one_breast"),
    ("round", None, "left", None, "distribution_not_stated"),
    *[("skin", d, "left", None, 2) for d in (*DISTRIBUTIONS, None)],
    *[("milk_of_calcium", d, "left", None, 3) for d in (*DISTRIBUTIONS, None)],
    *[(m, d, "left", None, 9) for m in ("coarse", "large_rod_like", "dystrophic", "suture", "rim")
      for d in (*DISTRIBUTIONS, None)],
    *[(m, d, "left", None, "vascular_or_unspecified_benign")
      for m in ("vascular", "benign_unspecified", "unspecified") for d in ("grouped", None)],
]


@pytest.mark.parametrize("morphology,distribution,laterality,groups,expected", TABLE)
def test_variants_table_cell(morphology, distribution, laterality, groups, expected):
    finding = F(morphology, distribution, laterality, group_count=groups)
    assert answer([finding]) == expected


def test_variants_table_reaches_every_variant_and_reason():
    reached = {row[-1] for row in TABLE}
    assert set(range(1, 19)) <= reached
    assert set(VARIANT_REASONS) - reached == {"no_calcifications", "negated_only",
                                              "stable_or_known_benign"}  # tested below


def test_variants_no_morphology_is_unspecified():
    assert answer([F((), "grouped")]) == "vascular_or_unspecified_benign"
    assert deciding_morphology(F(())) is None


# --- step 1: the order of suspicion within a finding -----------------------------------------

@pytest.mark.parametrize("morphology,expected", [
    ("fine_pleomorphic|fine_linear", "fine_linear"),
    ("amorphous|fine_pleomorphic", "fine_pleomorphic"),
    ("coarse_heterogeneous|amorphous", "amorphous"),
    ("punctate|coarse_heterogeneous", "coarse_heterogeneous"),
    ("round|punctate", "punctate"),
    ("rim|round", "round"),
    ("coarse|fine_pleomorphic", "fine_pleomorphic"),
    ("rim|punctate", "punctate"),
    ("vascular|coarse", "coarse"),
    ("vascular|coarse|rim|round|punctate", "punctate"),
    ("unspecified|vascular", "vascular"),
    ("benign_unspecified|dystrophic", "dystrophic"),
    ("rim|milk_of_calcium", "milk_of_calcium"),
    # the location or behaviour that proves them benign decides
    ("punctate|skin", "skin"),
    ("skin|fine_pleomorphic", "skin"),
    ("amorphous|milk_of_calcium", "milk_of_calcium"),
    ("milk_of_calcium|skin", "skin"),
])
def test_variants_deciding_morphology(morphology, expected):
    assert deciding_morphology(F(morphology)) == expected


@pytest.mark.parametrize("morphology,expected", [
    ("skin|fine_pleomorphic", "fine_pleomorphic"),  # "skin versus pleomorphic": not proven
    ("amorphous|milk_of_calcium", "amorphous"),
    ("amorphous|fine_pleomorphic", "fine_pleomorphic"),  # "amorphous versus fine pleomorphic"
])
def test_variants_hedged_finding_takes_most_suspicious(morphology, expected):
    assert deciding_morphology(F(morphology, hedged=True)) == expected


@pytest.mark.parametrize("morphology,distribution,expected", [
    ("amorphous|fine_pleomorphic", None, 1),  # hedged: counts as stated, both carried
    ("amorphous|punctate", "grouped", 4),
    ("punctate|round", "regional", 11),
    ("punctate|skin", None, 2),
    ("amorphous|milk_of_calcium", "grouped", 3),  # grouped calcifications that layer
    ("rim|round", None, "distribution_not_stated"),
    ("vascular|coarse", None, 9),
])
def test_variants_several_morphologies_in_one_finding(morphology, distribution, expected):
    assert answer([F(morphology, distribution)]) == expected


def test_variants_benign_order_follows_the_guideline_variant_numbers():
    numbers = []
    for key in BENIGN_ORDER:
        found = [v.number for v in GUIDELINE.variants.values() if key in v.morphologies]
        numbers.append(found[0] if found else 99)
    assert numbers == sorted(numbers)
    assert sorted(MORPHOLOGY_ORDER) == sorted(MORPHOLOGIES)
    assert sorted(DISTRIBUTION_ORDER) == sorted(DISTRIBUTIONS)


# --- step 3: groups and breasts counted across findings --------------------------------------

@pytest.mark.parametrize("findings,expected", [
    ([F(laterality="right"), F(laterality="left")], 6),          # one group in each breast
    ([F(laterality="right"), F(laterality="right")], 5),         # two groups, one breast
    ([F(laterality="right", group_count=1), F(laterality="right", group_count=None)], 5),
    ([F(laterality="left", group_count=2), F(laterality="right")], 6),
    ([F(laterality="bilateral")], 6),                            # "groups in both breasts"
    ([F(laterality="right", group_count=2)], 5),
    ([F(laterality="right"), F(laterality=None)], 5),            # unknown side: not a 2nd breast
    ([F(laterality=None), F(laterality=None)], 5),
    ([F(laterality=None)], 4),
    ([F("coarse_heterogeneous", laterality="left"),
      F("coarse_heterogeneous", laterality="right")], 16),
    ([F("coarse_heterogeneous", laterality="left"),
      F("coarse_heterogeneous", laterality="left")], 15),
    ([F("punctate", laterality="left"), F("punctate", laterality="right")], 10),
    ([F("round", laterality="left", group_count=4)], 10),
    # amorphous counted with amorphous only: the punctate group is another morphology
    ([F("amorphous", laterality="left"), F("punctate", laterality="right")], 4),
    # the hedged "amorphous versus punctate" group is decided as amorphous, so it is counted
    ([F("amorphous", laterality="left"), F("punctate|amorphous", laterality="right")], 6),
    # a group whose deciding morphology is fine pleomorphic is not an amorphous group
    ([F("amorphous", laterality="left"), F("amorphous|fine_pleomorphic", laterality="right")],
     1),
    # diffuse: both breasts across findings
    ([F(distribution="diffuse", laterality="left"),
      F(distribution="diffuse", laterality="right")], 13),
    ([F("punctate", "diffuse", laterality="left"),
      F("punctate", "diffuse", laterality="right")], 13),
    ([F(distribution="diffuse", laterality=None)], "diffuse_one_breast"),
    # counting findings only
    ([F(laterality="left"), F(laterality="right", negated=True)], 4),
    ([F(laterality="left"), F(laterality="right", historical=True)], 4),
])
def test_variants_group_counting_across_findings(findings, expected):
    assert answer(findings) == expected


@pytest.mark.parametrize("findings,expected", [
    # the most suspicious stated distribution among the deciding morphology decides
    ([F(distribution="grouped"), F(distribution="diffuse", laterality="left")], 4),
    ([F(distribution="grouped"), F(distribution="regional")], 4),
    ([F(distribution="regional"), F(distribution="diffuse", laterality="bilateral")], 7),
    ([F(distribution="grouped"), F(distribution="linear")], 8),
    ([F(distribution="grouped"), F(distribution="segmental")], 8),
    ([F(distribution="grouped"), F(distribution=None)], 4),
    ([F(distribution=None), F(distribution=None)], "distribution_not_stated"),
    ([F("punctate", "regional"), F("punctate", "grouped")], 10),
    ([F("punctate", "diffuse", laterality="left"), F("punctate", "grouped")], 10),
    ([F("coarse_heterogeneous", "diffuse"), F("coarse_heterogeneous", "grouped")], 14),
    # only grouped findings are counted as groups
    ([F(distribution="grouped", laterality="left"),
      F(distribution="diffuse", laterality="right")], 4),
])
def test_variants_mixed_distributions(findings, expected):
    assert answer(findings) == expected


# --- step 4: the most suspicious finding decides; among benign, the lowest number ------------

@pytest.mark.parametrize("findings,expected", [
    ([F("punctate", "grouped"), F("fine_linear", None)], 1),
    ([F("round", "grouped"), F("amorphous", "segmental")], 8),
    ([F("coarse_heterogeneous", "regional"), F("amorphous", "regional")], 7),
    ([F("punctate", "grouped"), F("coarse_heterogeneous", "grouped")], 14),
    ([F("round", "regional"), F("punctate", "linear")], 12),
    ([F("rim", None), F("round", "grouped")], 10),
    ([F("skin", "grouped"), F("punctate", "grouped")], 10),
    ([F("vascular", None), F("amorphous", "grouped")], 4),
    # the most suspicious finding decides even when it gets no variant
    ([F("amorphous", None), F("punctate", "grouped")], "distribution_not_stated"),
    ([F("amorphous", "diffuse", laterality="left"), F("punctate", "grouped")],
     "diffuse_one_breast"),
    ([F("coarse_heterogeneous", "diffuse"), F("round", "regional")],
     "coarse_heterogeneous_diffuse"),
    ([F("punctate", None), F("rim", None)], "distribution_not_stated"),
    # among typically benign findings only, the lowest variant number wins
    ([F("rim", None), F("skin", None)], 2),
    ([F("coarse", "grouped"), F("milk_of_calcium", None)], 3),
    ([F("milk_of_calcium", None), F("skin", "grouped")], 2),
    ([F("dystrophic", None), F("vascular", None)], 9),
    ([F("benign_unspecified", None), F("suture", None)], 9),
    ([F("unspecified", None), F("large_rod_like", None)], 9),
    ([F("unspecified", None), F("vascular", None)], "vascular_or_unspecified_benign"),
    ([F("rim", None), F("coarse", None), F("dystrophic", None)], 9),
])
def test_variants_most_suspicious_finding_decides(findings, expected):
    assert answer(findings) == expected


# --- step 5: no counting finding, one fixed reason -------------------------------------------

@pytest.mark.parametrize("findings,mentions,expected", [
    ([], False, "no_calcifications"),
    ([], True, "negated_only"),
    ([F(negated=True)], True, "negated_only"),
    ([F(negated=True)], False, "negated_only"),  # a finding is a mention
    ([F("fine_pleomorphic", negated=True)], True, "negated_only"),
    ([F(hypothetical=True)], True, "negated_only"),
    ([F(historical=True)], True, "stable_or_known_benign"),
    ([F("benign_unspecified", None, historical=True)], True, "stable_or_known_benign"),
    # present but stable outranks what is ruled out
    ([F("fine_pleomorphic", negated=True), F("coarse", None, historical=True)], True,
     "stable_or_known_benign"),
    ([F(historical=True, negated=True)], True, "negated_only"),
])
def test_variants_reason_without_counting_finding(findings, mentions, expected):
    d = map_variant(findings, GUIDELINE, mentions_calcification=mentions)
    assert (d.variant, d.reason, d.laterality, d.deciding_morphology) == (None, expected, None,
                                                                          None)


@pytest.mark.parametrize("findings,expected", [
    # vascular calcifications beside an unchanged, biopsied amorphous group (A-0216)
    ([F("vascular", None), F("amorphous", "grouped", historical=True)],
     (None, "stable_or_known_benign")),
    ([F("amorphous", None), F("fine_pleomorphic", "grouped", historical=True)],
     (None, "stable_or_known_benign")),
    # a less suspicious stable finding leaves the counting finding's reason
    ([F("amorphous", None), F("coarse", None, historical=True)],
     (None, "distribution_not_stated")),
    # a counting finding that gives a variant keeps it, whatever is stable beside it
    ([F("punctate", "grouped"), F("fine_pleomorphic", "grouped", historical=True)], (10, None)),
    # a negated suspicious finding does not name the reason of calcifications that are there
    ([F("vascular", None), F("fine_pleomorphic", "grouped", negated=True)],
     (None, "vascular_or_unspecified_benign")),
])
def test_variants_most_suspicious_finding_names_the_reason(findings, expected):
    d = map_variant(findings, GUIDELINE)
    assert (d.variant, d.reason) == expected


def test_variants_every_answer_is_a_variant_or_a_fixed_reason():
    for row in TABLE:
        d = map_variant([F(row[0], row[1], row[2], group_count=row[3])], GUIDELINE)
        assert (d.variant is None) != (d.reason is None)
        assert d.variant in range(1, 19) or d.reason in VARIANT_REASONS


# --- the other fields of the decision ---------------------------------------------------------

@pytest.mark.parametrize("findings,laterality", [
    ([F(laterality="right")], "right"),
    ([F(laterality="left"), F(laterality="right")], "bilateral"),
    ([F(laterality="bilateral")], "bilateral"),
    ([F(laterality=None)], None),
    ([F(laterality="left"), F(laterality=None)], "left"),
    # the deciding finding's side, not that of a less suspicious one
    ([F("fine_pleomorphic", laterality="left"), F("punctate", laterality="right")], "left"),
    # variants that do not depend on distribution: every finding giving that variant
    ([F("fine_linear", laterality="left"), F("fine_pleomorphic", laterality="right")],
     "bilateral"),
    ([F("rim", None, laterality="left"), F("coarse", None, laterality="right")], "bilateral"),
    ([F("skin", None, laterality="left"), F("rim", None, laterality="right")], "left"),
    # the deciding distribution's findings only
    ([F(distribution="grouped", laterality="left"),
      F(distribution="regional", laterality="right")], "left"),
    ([F(distribution="linear", laterality="left"),
      F(distribution="segmental", laterality="right")], "bilateral"),
    ([F("amorphous", None, laterality="right")], None),  # no variant, no side
])
def test_variants_laterality_of_the_decision(findings, laterality):
    assert map_variant(findings, GUIDELINE).laterality == laterality


def test_variants_associated_mass_of_the_deciding_findings():
    mass = F(laterality="left", associated_mass_or_asymmetry=True)
    assert map_variant([mass], GUIDELINE).associated_mass_or_asymmetry is True
    assert map_variant([mass, F(laterality="right")], GUIDELINE).associated_mass_or_asymmetry
    benign_with_mass = F("rim", None, associated_mass_or_asymmetry=True)
    d = map_variant([benign_with_mass, F("amorphous", "segmental")], GUIDELINE)
    assert (d.variant, d.associated_mass_or_asymmetry) == (8, False)
    d = map_variant([F("amorphous", None, associated_mass_or_asymmetry=True)], GUIDELINE)
    assert (d.variant, d.associated_mass_or_asymmetry) == (None, False)


@pytest.mark.parametrize("findings,extensive", [
    ([F(distribution="segmental")], True),
    ([F(distribution="regional")], True),
    ([F(distribution="diffuse", laterality="bilateral")], True),
    ([F(distribution="linear")], False),  # audit.md: linear is not extensive
    ([F(distribution="grouped")], False),
    ([F(distribution="grouped", extent_mm=50)], True),
    ([F(distribution="grouped", extent_mm=49.9)], False),
    ([F(distribution="linear"), F(distribution="segmental")], True),
    ([F("fine_pleomorphic", None)], False),
    ([F("fine_pleomorphic", "regional")], True),
    ([F("fine_pleomorphic", "grouped"), F("fine_linear", "segmental")], True),
    ([F(distribution=None)], False),  # no variant
    # a less suspicious distribution of the same morphology does not decide
    ([F(distribution="grouped"), F(distribution="regional")], False),
])
def test_variants_extensive(findings, extensive):
    assert map_variant(findings, GUIDELINE).extensive is extensive


def test_variants_extensive_threshold_is_a_setting():
    finding = F(distribution="grouped", extent_mm=30)
    assert map_variant([finding], GUIDELINE, extensive_extent_mm=30).extensive is True
    assert map_variant([finding], GUIDELINE).extensive is False


@pytest.mark.parametrize("findings,morphology", [
    ([F("punctate", "grouped"), F("amorphous|fine_linear", None)], "fine_linear"),
    ([F("amorphous", None)], "amorphous"),
    ([F("rim", None), F("skin", None)], "skin"),
    ([F(negated=True)], None),
])
def test_variants_decision_names_its_deciding_morphology(findings, morphology):
    assert map_variant(findings, GUIDELINE).deciding_morphology == morphology


def test_variants_order_of_findings_does_not_matter():
    findings = [F("rim", None, laterality="left"), F("amorphous", laterality="right"),
                F("amorphous", laterality="left"), F("punctate", "regional")]
    assert map_variant(findings, GUIDELINE) == map_variant(findings[::-1], GUIDELINE)
    assert map_variant(findings, GUIDELINE).variant == 6


@pytest.mark.parametrize("bad", [
    {"morphology": ("pleomorphic",)},
    {"distribution": "clustered"},
    {"laterality": "both"},
])
def test_variants_unknown_key_is_an_error(bad):
    finding = dataclasses.replace(F(), **bad)
    with pytest.raises(ValueError, match="allowed"):
        map_variant([finding], GUIDELINE)


@pytest.mark.parametrize("distributions,expected", [
    (["grouped", "linear"], "linear"),
    (["linear", "segmental"], "segmental"),
    (["regional", "grouped"], "grouped"),
    (["diffuse", "regional"], "regional"),
    ([None, "diffuse"], "diffuse"),
    ([None], None),
    ([], None),
])
def test_variants_most_suspicious_distribution(distributions, expected):
    assert most_suspicious_distribution(distributions) == expected


# --- the annotated corpora: the mapper agrees with the gold labels of their findings ----------

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
# Gold lists counting findings only, so a reason that rests on non-counting findings (a stable
# or negated group more suspicious than the counting ones) cannot be derived from it.
REASONS_FROM_NON_COUNTING = {"stable_or_known_benign", "negated_only"}


def _gold_lines():
    paths = sorted(CORPORA.glob("*/*.jsonl"))
    assert paths, f"no annotated corpus under {CORPORA}"
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def test_variants_agree_with_gold_findings_of_the_corpora():
    checked = 0
    for gold in _gold_lines():
        if not gold["findings"]:
            continue  # the reason then rests on findings the gold does not list
        findings = [Finding(morphology=tuple(f["morphology"]), distribution=f["distribution"],
                            laterality=f["laterality"], group_count=f.get("group_count"))
                    for f in gold["findings"]]
        d = map_variant(findings, GUIDELINE)
        checked += 1
        if gold["variant_reason"] in REASONS_FROM_NON_COUNTING:
            assert d.variant is None, gold["accession"]
            continue
        assert (d.variant, d.reason, d.laterality) == (
            gold["variant"], gold["variant_reason"], gold["laterality"]), gold["accession"]
    assert checked >= 100
