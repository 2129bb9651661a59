"""Plain records passed between the pipeline's stages.

read -> extract -> map -> audit -> write: every stage after the NLP one works on these frozen
dataclasses only, so each can be tested without spaCy, files or spreadsheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Canonical keys (variant-mapping.md). The lexicon that produces them lives in rules/.
MORPHOLOGIES = (
    "fine_linear",
    "fine_pleomorphic",
    "amorphous",
    "coarse_heterogeneous",
    "punctate",
    "round",
    "coarse",
    "large_rod_like",
    "dystrophic",
    "suture",
    "rim",
    "milk_of_calcium",
    "skin",
    "vascular",
    "benign_unspecified",
    "unspecified",
)
DISTRIBUTIONS = ("grouped", "regional", "linear", "segmental", "diffuse")
LATERALITIES = ("left", "right", "bilateral")
VARIANT_REASONS = (
    "no_calcifications",
    "negated_only",
    "stable_or_known_benign",
    "vascular_or_unspecified_benign",
    "distribution_not_stated",
    "diffuse_one_breast",
    "coarse_heterogeneous_diffuse",
)
BIRADS_VALUES = ("0", "1", "2", "3", "4", "4A", "4B", "4C", "5", "6")
# variant-mapping.md: "the highest in the BI-RADS order 1 < 2 < 3 < 6 < 0 < 4 (4A < 4B < 4C) < 5"
BIRADS_ORDER = ("1", "2", "3", "6", "0", "4", "4A", "4B", "4C", "5")
# Most suspicious first (BI-RADS 5th edition's positive predictive values); segmental above
# linear because both give the same variant and segmental is the extensive one.
DISTRIBUTION_ORDER = ("segmental", "linear", "grouped", "regional", "diffuse")
UNDERUSE_RULES = ("U1", "U2")
EXAM_KINDS = ("screening", "diagnostic")
STATUSES = (
    "appropriate",
    "may_be_appropriate",
    "inappropriate",
    "out_of_scope",
    "unlinked",
    "unrecognized",
)


@dataclass(frozen=True)
class Evidence:
    """A span of the report text (character offsets into the original text)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One described group of calcifications, as the NLP stage read it."""

    morphology: tuple[str, ...] = ()
    distribution: str | None = None
    group_count: int | None = None
    laterality: str | None = None
    location: str | None = None
    extent_mm: float | None = None
    associated_mass_or_asymmetry: bool = False
    negated: bool = False
    # historical is already False when the report says the finding is new or changing.
    historical: bool = False
    hedged: bool = False
    hypothetical: bool = False
    section: str = "body"
    evidence: tuple[Evidence, ...] = ()

    @property
    def counts(self) -> bool:
        """Asserted as present and current (variant-mapping.md, 'Which findings count')."""
        return not (self.negated or self.historical or self.hypothetical)


@dataclass(frozen=True)
class Report:
    """One input report row. `error` is set when the row could not be read."""

    row: int
    accession: str
    patient_id: str
    exam_date: date | None
    exam_type: str | None
    text: str
    source: str = ""
    error: str | None = None


@dataclass(frozen=True)
class VariantDecision:
    """The mapper's answer for one report: a variant, or the reason there is none."""

    variant: int | None
    reason: str | None
    laterality: str | None = None
    associated_mass_or_asymmetry: bool = False
    deciding_morphology: str | None = None
    extensive: bool = False


@dataclass(frozen=True)
class ReportRecord:
    """The extraction record of one report (interfaces.md)."""

    row: int
    accession: str
    patient_id: str
    exam_date: date | None
    exam_kind: str
    variant: int | None
    variant_title: str | None
    variant_reason: str | None
    birads: str | None
    laterality: str | None
    associated_mass_or_asymmetry: bool
    findings: tuple[Finding, ...] = ()
    extensive: bool = False
    error: str | None = None
    mammogram: bool = True


@dataclass(frozen=True)
class Procedure:
    """One input procedure row."""

    row: int
    patient_id: str
    procedure_date: date | None
    code: str | None = None
    name: str | None = None
    accession: str | None = None
    laterality: str | None = None
    ordering_provider: str | None = None
    site: str | None = None
    source: str = ""
    error: str | None = None


@dataclass(frozen=True)
class ProcedureResult:
    """The audit's verdict on one input procedure (one row of the Procedures sheet)."""

    procedure: Procedure
    category: str | None
    acr_procedure: str | None
    index_accession: str | None
    days_from_index: int | None
    variant: int | None
    rating: int | None
    rating_category: str | None
    status: str
    rule: str
    reason: str
    guideline_comment: str | None = None


@dataclass(frozen=True)
class UnderuseFlag:
    """What did not happen after an index exam (U1, U2)."""

    accession: str
    patient_id: str
    exam_date: date | None
    variant: int | None
    birads: str | None
    rule: str
    reason: str
    rating: int | None = None
    next_procedure: str | None = None
    next_procedure_day: int | None = None


@dataclass(frozen=True)
class AuditSettings:
    """Every number of audit.md is a default a user can change; the run records them."""

    diagnostic_window_days: int = 90
    short_interval_window_days: int = 270
    link_window_days: int = 365
    extensive_extent_mm: float = 50.0
    underuse_window_days: int = 90
    underuse_rules: tuple[str, ...] = field(default=UNDERUSE_RULES)


@dataclass(frozen=True)
class TextExtraction:
    """What the NLP stage reads from one report's text, before variant mapping."""

    findings: tuple[Finding, ...]
    birads: str | None
    exam_kind: str
    # True when the text mentions calcification at all (even negated), so the mapper can tell
    # `no_calcifications` from `negated_only`.
    mentions_calcification: bool = False
    # False when the exam type or line names another breast procedure (ultrasound, MRI, biopsy)
    # and no mammography, so its report is not evidence of a diagnostic mammogram.
    mammogram: bool = True


@dataclass(frozen=True)
class Exam:
    """The facts of one report that the audit needs; no text, so all of them fit in memory."""

    accession: str
    patient_id: str
    exam_date: date | None
    exam_kind: str
    variant: int | None
    birads: str | None
    associated_mass_or_asymmetry: bool = False
    extensive: bool = False
    row: int = 0
    # the report is of a mammogram (not an ultrasound, MRI or biopsy report): only then does a
    # diagnostic report show the diagnostic mammographic workup was done
    mammogram: bool = True


@dataclass(frozen=True)
class InputFile:
    name: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class RunInfo:
    """What the Run sheet records: enough to reproduce the audit."""

    tool_version: str
    rules_version: str
    rules_fingerprint: str
    inputs: tuple[InputFile, ...]
    options: dict
    started: str
    finished: str
    # (table, input rows, output rows): every input row must be in the output.
    reconciliation: tuple[tuple[str, int, int], ...] = ()
