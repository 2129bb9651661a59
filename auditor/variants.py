"""Findings -> ACR variant (variant-mapping.md, 'From findings to a variant').

Pure functions over `Finding`; no spaCy. Which morphology and distribution give which variant is
read from the guideline's variants table (rules/guideline/variants.csv), so the only knowledge
kept here is what the spec says in words: the order of suspicion, how groups and breasts are
counted, and which fixed reason a report without a variant gets.

Where the spec is silent we decided as follows (each choice has a test in test_variants.py):

* Within one finding, skin and milk of calcium decide over any shape named with them
  ("punctate skin calcifications" is skin, variant 2), because the spec says "the location or
  behaviour that proves them benign decides". A *hedged* finding ("skin versus pleomorphic")
  has proven nothing, so there the plain order of suspicion applies.
* The typically benign keys are ordered by their variant number (skin 2 < milk of calcium 3 <
  coarse, large rod-like, dystrophic, suture, rim 9), then vascular and benign_unspecified (no
  variant), and `unspecified` last: a finding that names no morphology never overrides one that
  does (it is usually the same calcifications mentioned again without their descriptor).
  `round` ranks above all of them, as step 1 orders it, so "typically benign findings" in step 4
  means the keys after `round`.
* The report's variant is that of its most suspicious counting finding even when that finding
  gets no variant: amorphous calcifications with no distribution plus grouped punctate ones give
  no variant (distribution_not_stated), not variant 10. Mapping the report to the benign finding
  would be a silent guess that hides the suspicious one.
* Findings sharing the deciding morphology but with different distributions: the most suspicious
  stated distribution decides, in the order segmental > linear > grouped > regional > diffuse
  (BI-RADS 5th edition's order of positive predictive value; segmental above linear because both
  give the same variant and segmental is the one that is extensive). Only the findings in that
  distribution (linear and segmental together) are counted and give the laterality, the
  associated mass and `extensive`. So a grouped amorphous finding plus a diffuse amorphous one
  is decided by the group (variant 4), and a finding with no distribution stated neither counts
  as a group nor blocks a variant when another finding of its morphology states one.
* Where the variant does not depend on distribution or number (1, 2, 3, 9), every counting
  finding that maps to that variant on its own is a deciding finding (fine linear on the left and
  fine pleomorphic on the right give variant 1, bilateral).
* Counting breasts: "both breasts" needs both sides stated (a `bilateral` finding states both).
  A finding whose laterality is unknown adds its groups but never a second breast, so two groups
  with one side unknown are variant 5, not 6, and diffuse calcifications with no side stated are
  diffuse_one_breast. A grouped `bilateral` finding is at least two groups.
* A report whose counting findings give no variant, beside a stable or historical finding more
  suspicious than all of them (vascular calcifications next to an unchanged, biopsied amorphous
  group), gets stable_or_known_benign: the reason of the most suspicious finding.
* A report with no counting finding: a historical or stable finding (present, not current) gives
  stable_or_known_benign before any negated or hypothetical one (negated_only), whatever their
  morphologies: negated calcifications are not there to be more or less suspicious. A hypothetical
  mention ("if calcifications develop") is negated_only. With no finding at all, the reason is
  negated_only when the text mentions calcification and no_calcifications when it does not.
* `laterality`, `associated_mass_or_asymmetry` and `extensive` are empty/False when there is no
  variant; `deciding_morphology` is given whenever a counting finding exists, variant or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.guideline import Guideline
from auditor.models import (
    DISTRIBUTION_ORDER,
    DISTRIBUTIONS,
    LATERALITIES,
    MORPHOLOGIES,
    Finding,
    VariantDecision,
)

# Step 1 of variant-mapping.md, most suspicious first.
SUSPICIOUS_ORDER = (
    "fine_linear",
    "fine_pleomorphic",
    "amorphous",
    "coarse_heterogeneous",
    "punctate",
    "round",
)
# The typically benign keys, lowest variant number first (checked against the guideline by a
# test), then those without a variant, then no morphology at all.
BENIGN_ORDER = (
    "skin",
    "milk_of_calcium",
    "coarse",
    "large_rod_like",
    "dystrophic",
    "suture",
    "rim",
    "vascular",
    "benign_unspecified",
    "unspecified",
)
MORPHOLOGY_ORDER = SUSPICIOUS_ORDER + BENIGN_ORDER
# Location or behaviour that proves a finding benign, whatever shape is also named.
BENIGN_PROOF = ("skin", "milk_of_calcium")

# Most suspicious first; linear and segmental are one column of the spec's table.

_DISTRIBUTION_COLUMN = {"segmental": "linear_segmental", "linear": "linear_segmental",
                        "grouped": "grouped", "regional": "regional", "diffuse": "diffuse"}
# audit.md: "Extensive means segmental, regional or diffuse distribution, or a stated extent of
# at least 5 cm." Linear is not in that list.
EXTENSIVE_DISTRIBUTIONS = ("segmental", "regional", "diffuse")


def deciding_morphology(finding: Finding) -> str | None:
    """The morphology that decides one finding (step 1), or None when it names none.

    Skin and milk of calcium decide over any shape in an unhedged finding (see module notes).
    """
    _check_finding(finding)
    if not finding.morphology:
        return None
    if not finding.hedged:
        for key in BENIGN_PROOF:
            if key in finding.morphology:
                return key
    return min(finding.morphology, key=MORPHOLOGY_ORDER.index)


def most_suspicious_distribution(distributions: Sequence[str | None]) -> str | None:
    """The most suspicious of the stated distributions, None when none is stated."""
    stated = [d for d in distributions if d]
    for d in stated:
        if d not in DISTRIBUTIONS:
            raise ValueError(f"unknown distribution '{d}'; allowed: {list(DISTRIBUTIONS)}")
    return min(stated, key=DISTRIBUTION_ORDER.index) if stated else None


def map_variant(findings: Sequence[Finding], guideline: Guideline,
                mentions_calcification: bool = True,
                extensive_extent_mm: float = 50.0) -> VariantDecision:
    """The report's ACR variant, or the fixed reason it has none (variant-mapping.md)."""
    for f in findings:
        _check_finding(f)
    counting = [f for f in findings if f.counts]
    if not counting:
        return VariantDecision(None, _reason_without_counting(findings, mentions_calcification))

    table = _Table(guideline)
    top = min((_morph(f) for f in counting), key=table.rank)
    decision = _map_counting(counting, top, table, extensive_extent_mm)
    if decision.variant is None and _stable_outranks(findings, top, table):
        # "Where several apply, the reason of the most suspicious finding is given": a stable
        # or known-benign group more suspicious than every counting finding names the reason.
        return VariantDecision(None, "stable_or_known_benign", deciding_morphology=top)
    return decision


def _map_counting(counting: Sequence[Finding], top: str, table: _Table,
                  extensive_extent_mm: float) -> VariantDecision:
    """The variant (or reason) given by the counting findings, `top` being the deciding key."""

    solo = table.distribution_free_variant(top)
    if solo is not None:
        # Variants 1, 2, 3, 9: every finding that gives the same variant on its own decides.
        deciding = [f for f in counting if table.distribution_free_variant(_morph(f)) == solo]
        return _decision(solo, top, deciding, None, extensive_extent_mm)

    if not table.has_variant(top):
        return VariantDecision(None, "vascular_or_unspecified_benign", deciding_morphology=top)

    same = [f for f in counting if _morph(f) == top]
    distribution = most_suspicious_distribution([f.distribution for f in same])
    if distribution is None:
        return VariantDecision(None, "distribution_not_stated", deciding_morphology=top)
    column = _DISTRIBUTION_COLUMN[distribution]
    deciding = [f for f in same if f.distribution
                and _DISTRIBUTION_COLUMN[f.distribution] == column]
    groups = _group_count(deciding) if distribution == "grouped" else None
    both = _sides(deciding) == {"left", "right"}
    variant = table.lookup(top, distribution, groups, both)
    if variant is None:
        if distribution == "diffuse" and not table.has_distribution(top, "diffuse"):
            if top != "coarse_heterogeneous":
                raise ValueError(f"the guideline has no diffuse row for '{top}' and the spec "
                                 "gives no reason for it")
            return VariantDecision(None, "coarse_heterogeneous_diffuse", deciding_morphology=top)
        if distribution == "diffuse" and not both:
            return VariantDecision(None, "diffuse_one_breast", deciding_morphology=top)
        raise ValueError(f"the guideline has no variant for {top} {distribution} "
                         f"(groups={groups}, both breasts={both})")
    return _decision(variant, top, deciding, distribution, extensive_extent_mm)


# --- helpers ---------------------------------------------------------------------------------

class _Table:
    """The guideline's variants table, asked the questions the mapper needs."""

    def __init__(self, guideline: Guideline):
        self.variants = [guideline.variants[n] for n in sorted(guideline.variants)]

    def distribution_free_variant(self, morphology: str) -> int | None:
        for v in self.variants:
            if morphology in v.morphologies and v.distributions == ("any",):
                return v.number
        return None

    def has_variant(self, morphology: str) -> bool:
        return any(morphology in v.morphologies for v in self.variants)

    def has_distribution(self, morphology: str, distribution: str) -> bool:
        return any(morphology in v.morphologies and distribution in v.distributions
                   for v in self.variants)

    def lookup(self, morphology: str, distribution: str, groups: int | None,
               both_breasts: bool) -> int | None:
        found = [v.number for v in self.variants
                 if morphology in v.morphologies
                 and (v.distributions == ("any",) or distribution in v.distributions)
                 and _groups_match(v.groups, groups, both_breasts)]
        if len(found) > 1:
            raise ValueError(f"the guideline's variants {found} all match {morphology} "
                             f"{distribution}; the table must give one")
        return found[0] if found else None

    def rank(self, morphology: str) -> tuple:
        """Sort key, most suspicious first; typically benign keys by lowest variant number."""
        if morphology in SUSPICIOUS_ORDER:
            return (0, SUSPICIOUS_ORDER.index(morphology))
        if morphology == "unspecified":
            return (3, 0)
        number = self.distribution_free_variant(morphology)
        if number is None:
            return (2, BENIGN_ORDER.index(morphology))
        return (1, number, BENIGN_ORDER.index(morphology))


def _stable_outranks(findings: Sequence[Finding], top: str, table: _Table) -> bool:
    stable = [_morph(f) for f in findings
              if f.historical and not f.negated and not f.hypothetical]
    return any(table.rank(m) < table.rank(top) for m in stable)


def _groups_match(rule: str, groups: int | None, both_breasts: bool) -> bool:
    if rule == "any":
        return True
    if rule == "bilateral":
        return both_breasts
    if groups is None:  # not a grouped distribution: counting groups means nothing
        return False
    if rule == "one":
        return groups == 1
    if rule == "multiple_one_breast":
        return groups >= 2 and not both_breasts
    raise ValueError(f"unknown groups rule '{rule}'")


def _morph(finding: Finding) -> str:
    return deciding_morphology(finding) or "unspecified"


def _group_count(findings: Sequence[Finding]) -> int:
    total = 0
    for f in findings:
        n = f.group_count if f.group_count and f.group_count > 0 else 1
        if f.laterality == "bilateral":
            n = max(n, 2)  # "groups in both breasts": at least one on each side
        total += n
    return total


def _sides(findings: Sequence[Finding]) -> set[str]:
    sides: set[str] = set()
    for f in findings:
        if f.laterality == "bilateral":
            sides |= {"left", "right"}
        elif f.laterality in ("left", "right"):
            sides.add(f.laterality)
    return sides


def _decision(variant: int, morphology: str, deciding: Sequence[Finding],
              distribution: str | None, extensive_extent_mm: float) -> VariantDecision:
    sides = _sides(deciding)
    laterality = "bilateral" if len(sides) == 2 else (next(iter(sides)) if sides else None)
    if distribution is not None:
        extensive = distribution in EXTENSIVE_DISTRIBUTIONS
    else:
        extensive = any(f.distribution in EXTENSIVE_DISTRIBUTIONS for f in deciding)
    extensive = extensive or any(f.extent_mm is not None and f.extent_mm >= extensive_extent_mm
                                 for f in deciding)
    return VariantDecision(
        variant=variant,
        reason=None,
        laterality=laterality,
        associated_mass_or_asymmetry=any(f.associated_mass_or_asymmetry for f in deciding),
        deciding_morphology=morphology,
        extensive=extensive,
    )


def _reason_without_counting(findings: Sequence[Finding], mentions_calcification: bool) -> str:
    if any(f.historical and not f.negated and not f.hypothetical for f in findings):
        return "stable_or_known_benign"
    if findings or mentions_calcification:
        return "negated_only"
    return "no_calcifications"


def _check_finding(finding: Finding) -> None:
    bad = [m for m in finding.morphology if m not in MORPHOLOGIES]
    if bad:
        raise ValueError(f"unknown morphology key(s) {bad}; allowed: {list(MORPHOLOGIES)}")
    if finding.distribution is not None and finding.distribution not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution '{finding.distribution}'; allowed: "
                         f"{list(DISTRIBUTIONS)}")
    if finding.laterality is not None and finding.laterality not in LATERALITIES:
        raise ValueError(f"unknown laterality '{finding.laterality}'; allowed: "
                         f"{list(LATERALITIES)}")
