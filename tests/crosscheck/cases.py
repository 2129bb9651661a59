"""Hand-derived expectations for the audit engine (independent cross-check).

Written from /work/shared/spec/audit.md, the ACR table of ratings
(/work/shared/acr/breast-microcalcifications-initial-workup.txt) and auditor/models.py ONLY,
before reading any of the engine's code, its procedure table or its own tests.

Each patient is a plain record: exams (index exams = reports with a variant; reports without a
variant are kept too, they are not index exams) and procedures, with dates written as day
offsets from the patient's `base` date so the timing of every case can be read at a glance.

For EVERY procedure the expected `status` and `rule` are written down with the reasoning (`why`).
Where audit.md does not settle a point, the expectation is what a careful radiologist would choose,
the reason is given in `amb_status` / `amb_rule`, and the case counts as ambiguous: the test does
not fail on the ambiguous field, it reports it separately (tests/crosscheck/report.py).
Under-use: `underuse` is the set of rules (U1/U2) expected for that exam; `amb_underuse` marks
an unsettled one.

Ratings used (from the ACR table; every cell not listed is 1, including Core biopsy, FNA,
Imaging localization, MRI, PET and sestamibi in EVERY variant):
  Mammography diagnostic (MD): 9 for V1,2,3,4,5,7,8,10,12,14,18; 8 for V15; 5 for V6,V17;
                               4 for V11; 3 for V13,V16; 1 for V9
  US breast: 4 for V1,4,8,12,14,15,17,18 (V4: condition is mass/focal asymmetry ONLY)
  Mammography short interval follow-up (SIFU): 1 for V1,4,9,16,18; 2 for all others
Hence: R5 (MRI/PET/sestamibi/FNA) is always `inappropriate`; R7 (localization without prior
tissue diagnosis) is always `inappropriate`; SIFU straight from screening is always
`inappropriate`; U1 applies to screening index exams of V1,2,3,4,5,7,8,10,12,14,15,18.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Ratings transcribed by hand from the ACR document (not from rules/).
MD_RATING = {1: 9, 2: 9, 3: 9, 4: 9, 5: 9, 6: 5, 7: 9, 8: 9, 9: 1, 10: 9, 11: 4, 12: 9,
             13: 3, 14: 9, 15: 8, 16: 3, 17: 5, 18: 9}
US_RATING = {v: (4 if v in (1, 4, 8, 12, 14, 15, 17, 18) else 1) for v in range(1, 19)}
SIFU_RATING = {v: (1 if v in (1, 4, 9, 16, 18) else 2) for v in range(1, 19)}

# Reasons reused by many rows.
AMB_INDEX_ROW_RULE = (
    "audit.md says the index exam's own row is out_of_scope with reason 'index exam' but names "
    "no rule number; R8 (not a rated workup procedure) is the natural choice"
)
AMB_ADDON_RULE = (
    "audit.md says a DBT add-on is out_of_scope ('add-on of the same-day mammogram') but names "
    "no rule number; R8 is the natural choice"
)
AMB_UNLINKED_RULE = "audit.md names no R-rule for unlinked rows (rules R1-R8 apply to linked rows)"
AMB_UNRECOGNIZED_RULE = "audit.md names no R-rule for unrecognized rows"


@dataclass(frozen=True)
class X:
    """An input report (an index exam when it has a variant)."""

    acc: str
    day: int
    kind: str  # screening / diagnostic
    variant: int | None
    birads: str | None
    mass: bool = False
    extensive: bool = False
    underuse: tuple[str, ...] = ()  # expected U-rules for this exam
    amb_underuse: str | None = None
    why: str = ""


@dataclass(frozen=True)
class P:
    """An input procedure row and its hand-derived verdict."""

    day: int
    code: str | None
    status: str
    rule: str | None
    name: str | None = None
    acc: str | None = None
    why: str = ""
    amb_status: str | None = None
    amb_rule: str | None = None
    # Name-only row: audit.md does not list the name vocabulary, so the engine answering
    # `unrecognized` is a coverage gap (reported, not failed); recognising the name as ANOTHER
    # procedure than the one it names is a disagreement.
    vocab: bool = False

    @property
    def ambiguous(self) -> bool:
        return bool(self.amb_status or self.amb_rule)


@dataclass(frozen=True)
class Patient:
    pid: str
    title: str
    exams: tuple[X, ...]
    procs: tuple[P, ...]
    base: date = date(2023, 1, 2)
    settings: dict = field(default_factory=dict)  # AuditSettings overrides; {} = defaults


A, M, I, O, UL, UR = (  # noqa: E741  (short status names keep the case table readable)
    "appropriate",
    "may_be_appropriate",
    "inappropriate",
    "out_of_scope",
    "unlinked",
    "unrecognized",
)


def unl(day, code, name=None, acc=None, why="no index exam on or before within 365 days"):
    return P(day, code, UL, None, name=name, acc=acc, why=why, amb_rule=AMB_UNLINKED_RULE)


PATIENTS: list[Patient] = [
    # ------------------------------------------------------------------ diagnostic mammogram timing
    Patient(
        "C01",
        "MD at day 0 beside a screening index (the workup, not the index); own row by accession",
        exams=(X("S01", 0, "screening", 4, "0"),),
        procs=(
            P(0, "77067", O, "R8", acc="S01", why="same accession as the index exam -> index exam",
              amb_rule=AMB_INDEX_ROW_RULE),
            P(0, "77065", A, "R2", why="diagnostic mammogram same day as screening index is the "
              "workup; day 0 <= 90 -> Mammography diagnostic, V4 rating 9"),
        ),
    ),
    Patient(
        "C02", "MD at day 90 (last day of the diagnostic window)",
        exams=(X("S02", 0, "screening", 4, "0", why="diag mammogram at day 90 is within 90 days"),),
        procs=(P(90, "77066", A, "R2", why="day 90 -> Mammography diagnostic, V4 rating 9"),),
    ),
    Patient(
        "C03",
        "MD at day 91 (first day of short-interval window), straight from screening",
        exams=(X("S03", 0, "screening", 4, "0", underuse=("U1",),
                 why="V4 MD 9, the only diagnostic mammogram is at day 91 > 90"),),
        procs=(P(91, "G0204", I, "R3", why="day 91 -> SIFU; no prior workup (screening index, no "
                 "earlier diag mammogram) -> rating decides: V4 SIFU 1"),),
    ),
    Patient(
        "C04", "MD at day 270 (last day of SIFU window), straight from screening",
        exams=(X("S04", 0, "screening", 10, "0", underuse=("U1",)),),
        procs=(P(270, "G0206", I, "R3",
                 why="day 270 -> SIFU straight from screening, V10 SIFU 2"),),
    ),
    Patient(
        "C05", "MD at day 271 -> surveillance, not rated",
        exams=(X("S05", 0, "screening", 6, "0", why="V6 MD rating 5 < 7 -> no U1"),),
        procs=(P(271, "77065", O, "R8", why="diag mammogram past the 270-day window -> R8"),),
    ),
    Patient(
        "C06", "MD with a prior workup mammogram (no report): SIFU by unknown assessment",
        exams=(X("S06", 0, "screening", 4, "0"),),
        procs=(
            P(10, "77065", A, "R2", acc="D06", why="day 10, V4 MD 9 (accession D06 has no report)"),
            P(91, "77065", A, "R3", why="SIFU after workup (day-10 mammogram); no diagnostic "
              "report in the input -> assessment unknown -> appropriate"),
            P(270, "77065", A, "R3", why="same as day 91"),
            P(271, "77065", O, "R8", why="past the short-interval window"),
        ),
    ),
    # ---------------------------------------------------------------------------------- linking
    Patient(
        "C07", "link window 365 vs 366 across 29 Feb 2024",
        base=date(2023, 6, 1),
        exams=(X("S07", 0, "screening", 10, "0", underuse=("U1",),
                 why="V10 MD 9; the only diag mammogram is at day 365"),),
        procs=(
            P(365, "77049", I, "R5", why="day 365 is linked (2024-05-31); MRI, V10 rating 1"),
            P(365, "77065", O, "R8", why="linked, diag mammogram past 270 -> surveillance"),
            unl(366, "77049", why="2024-06-01 is 366 days after 2023-06-01 (leap day between)"),
            unl(366, "76641"),
        ),
    ),
    Patient(
        "C08", "procedures before any report",
        exams=(X("S08", 0, "screening", 4, "0"),),
        procs=(
            unl(-400, "19081", why="before any report"),
            unl(-10, "77065", why="before any report"),
            P(5, "77065", A, "R2", why="day 5 V4 MD 9"),
            P(20, "19081", A, "R6", why="workup done (day-5 mammogram), no diagnostic report -> "
              "assessment unknown -> appropriate"),
        ),
    ),
    Patient(
        "C09", "a diagnostic mammogram BEFORE the index is not this episode's workup",
        exams=(X("S09", 0, "screening", 1, "0", underuse=("U1",),
                 why="no diagnostic mammogram in the 90 days after the index (the one at day -5 "
                 "precedes it)"),),
        procs=(
            unl(-5, "77065", why="before the only index exam"),
            P(10, "19081", I, "R6", why="no diag mammogram of this episode before it -> biopsy "
              "directly from screening"),
        ),
    ),
    Patient(
        "C10", "two index exams: the later one takes over (new episode, no carry-over of R1)",
        base=date(2022, 3, 1),
        exams=(
            X("A10", 0, "diagnostic", 1, "4", why="core at day 10 -> no U2"),
            X("B10", 200, "screening", 10, "0", why="diag mammogram 5 days later -> no U1"),
        ),
        procs=(
            P(10, "19081", A, "R6", why="diagnostic index, assessment 4"),
            P(30, "77049", O, "R1", why="after the day-10 core biopsy"),
            P(205, "77065", A, "R2", why="linked to B10 (day 5), V10 MD 9; the core belongs to "
              "A10's episode, not this one"),
            P(215, "19281", I, "R7", why="linked to B10; no core in B10's episode -> rating "
              "decides, localization rated 1"),
        ),
    ),
    Patient(
        "C11",
        "screening index, then a diagnostic report WITH a variant 10 days later (takes over)",
        exams=(
            X("S11", 0, "screening", 4, "0", underuse=(),
              amb_underuse="U1 says 'no diagnostic mammogram within 90 days' (not 'of this "
              "episode'): the day-10 diagnostic mammogram (row D11) is within 90 days, so no U1; "
              "an engine that only looks at S11's own episode would flag U1, wrongly in "
              "clinical terms: the workup was done"),
            X("D11", 10, "diagnostic", 4, "4", why="core 7 days later -> no U2"),
        ),
        procs=(
            P(0, "77067", O, "R8", acc="S11", amb_rule=AMB_INDEX_ROW_RULE, why="index row"),
            P(10, "77065", O, "R8", acc="D11", amb_rule=AMB_INDEX_ROW_RULE,
              why="row of index exam D11 (same accession)"),
            P(17, "19081", A, "R6", why="linked to D11 (diagnostic index), assessment 4"),
        ),
    ),
    # -------------------------------------------- diagnostic reports without a variant (workup)
    Patient(
        "C12", "workup report without variant, BI-RADS 3 -> SIFU at day 180 appropriate",
        exams=(
            X("S12", 0, "screening", 10, "0"),
            X("D12", 7, "diagnostic", None, "3", why="not an index exam (no variant)"),
        ),
        procs=(
            P(7, "77065", A, "R2", acc="D12", why="D12 is not an index exam; linked to S12 day 7"),
            P(180, "77065", A, "R3", why="SIFU; workup done; assessment = D12's 3"),
        ),
    ),
    Patient(
        "C13", "workup report without variant, BI-RADS 2 -> SIFU and biopsy inappropriate",
        exams=(
            X("S13", 0, "screening", 10, "0"),
            X("D13", 7, "diagnostic", None, "2"),
        ),
        procs=(
            P(7, "77065", A, "R2", acc="D13", why="workup, V10 MD 9"),
            P(180, "77066", I, "R3", why="SIFU after workup assessed 2"),
            P(190, "19081", I, "R6", why="after workup, most recent diagnostic report is D13: 2"),
        ),
    ),
    Patient(
        "C14", "follow-up mammogram whose own same-day report upgrades to 4",
        exams=(
            X("S14", 0, "screening", 10, "0"),
            X("D14A", 7, "diagnostic", None, "3"),
            X("D14B", 180, "diagnostic", None, "4"),
        ),
        procs=(
            P(7, "77065", A, "R2", acc="D14A"),
            P(180, "77065", A, "R3", acc="D14B",
              why="the follow-up was ordered on the BI-RADS 3 of D14A",
              amb_status="audit.md: the workup assessment is the 'most recent diagnostic report on "
              "or before the procedure', which literally is D14B (same day, BI-RADS 4, the result "
              "of this very follow-up) -> inappropriate. A careful radiologist judges the decision "
              "to do the follow-up on the assessment that preceded it (D14A: 3) -> appropriate"),
            P(190, "19081", A, "R6", why="most recent diagnostic report before it: D14B, 4"),
        ),
    ),
    Patient(
        "C15", "diagnostic report without variant and WITHOUT a procedure row, then biopsy",
        exams=(
            X("S15", 0, "screening", 1, "0", underuse=(),
              why="was ambiguous: the diagnostic report D15 at day 10 shows a diagnostic "
              "mammogram was done; a careful radiologist would not flag U1. An engine counting "
              "only procedure rows would flag it. Decided: a diagnostic report within the "
              "under-use window is the diagnostic workup, so no U1"),
            X("D15", 10, "diagnostic", None, "4"),
        ),
        procs=(
            P(15, "19081", A, "R6",
              why="workup done (diagnostic report D15 exists) and its assessment 4. Was "
              "ambiguous: 'workup done' is defined by 'a diagnostic mammogram of this episode', "
              "which may be read as procedure rows only -> inappropriate (before the workup). The "
              "diagnostic report proves the workup happened, so appropriate. Decided: a "
              "diagnostic report of the episode on or before the procedure is a diagnostic "
              "mammogram for 'workup done'"),
        ),
    ),
    # ---------------------------------------------------------------- index exam's own row
    Patient(
        "C16", "diagnostic index, no accessions: own row by date + diagnostic code; DBT add-on",
        exams=(X("D16", 0, "diagnostic", 15, "3"),),
        procs=(
            P(0, "77066", O, "R8", amb_rule=AMB_INDEX_ROW_RULE,
              why="no accession, same date, diagnostic mammogram code for a diagnostic index"),
            P(0, "G0279", O, "R8", amb_rule=AMB_ADDON_RULE, why="DBT add-on"),
            P(30, "77065", A, "R2", why="day 30, V15 MD rating 8"),
            P(150, "77065", A, "R3", why="SIFU; diagnostic index -> workup done; assessment 3"),
        ),
    ),
    Patient(
        "C17",
        "diagnostic index: own row by accession, a same-day mammogram with another accession",
        exams=(X("D17", 0, "diagnostic", 1, "4A"),),
        procs=(
            P(0, "77065", O, "R8", acc="D17", amb_rule=AMB_INDEX_ROW_RULE, why="index row"),
            P(0, "77062", O, "R8", acc="D17", amb_rule=AMB_ADDON_RULE, why="DBT add-on"),
            P(0, "77065", A, "R2", acc="X17", why="has an accession that is not the index's -> "
              "not the index row; day 0 diag mammogram, V1 MD 9"),
            P(14, "19083", A, "R6", why="assessment 4A"),
            P(30, "19285", O, "R1", why="after the day-14 core"),
            P(40, "19125", O, "R1", why="after the day-14 core"),
        ),
    ),
    Patient(
        "C18", "screening index, no accessions: screening codes same day are the index, "
        "a same-day diagnostic mammogram is the workup",
        exams=(X("S18", 0, "screening", 5, "0"),),
        procs=(
            P(0, "77067", O, "R8", amb_rule=AMB_INDEX_ROW_RULE, why="screening code, same day"),
            P(0, "77063", O, "R8", amb_rule=AMB_INDEX_ROW_RULE,
              why="screening DBT, same day: index (or R8 as not in the guideline)"),
            P(0, "G0204", A, "R2", why="diag mammogram same day = workup; V5 MD 9"),
            P(0, "77061", O, "R8", amb_rule=AMB_ADDON_RULE, why="DBT add-on"),
        ),
    ),
    Patient(
        "C19", "codes not in the guideline (screening, MRI without contrast, excision)",
        exams=(X("S19", 0, "screening", 7, "0"),),
        procs=(
            P(20, "77065", A, "R2", why="V7 MD 9"),
            P(50, "77046", O, "R8", why="MRI without contrast: not in the guideline"),
            P(60, "77047", O, "R8"),
            P(70, "19120", O, "R8", why="excision, no prior core: not in the guideline"),
            P(80, "19126", O, "R8"),
            P(200, "77067", O, "R8", acc="Y19", why="later screening, other accession"),
            P(300, "G0202", O, "R8"),
            P(300, "77063", O, "R8"),
        ),
    ),
    # -------------------------------------------------------------------------------- US breast
    Patient(
        "C20", "US before the workup",
        exams=(X("S20", 0, "screening", 1, "0", mass=True, underuse=("U1",)),),
        procs=(P(3, "76641", I, "R4", why="no diagnostic mammogram yet -> before the workup"),),
    ),
    Patient(
        "C21", "US after workup, V1 with mass",
        exams=(X("D21", 0, "diagnostic", 1, "4", mass=True),),
        procs=(
            P(0, "76641", M, "R4", why="diagnostic index -> workup done; V1 US 4, mass"),
            P(5, "19083", A, "R6"),
        ),
    ),
    Patient(
        "C22", "US after workup, V1 extensive, no mass",
        exams=(X("D22", 0, "diagnostic", 1, "4", extensive=True),),
        procs=(P(2, "76642", M, "R4", why="V1 (not variant 4): extensive suffices"),
               P(10, "19081", A, "R6")),
    ),
    Patient(
        "C23", "US after workup, V1 neither; FNA only; core at day 91",
        exams=(X("D23", 0, "diagnostic", 1, "4", underuse=("U2",),
                 why="only FNA within 90 days; core at day 91"),),
        procs=(
            P(2, "76641", I, "R4", why="condition fails"),
            P(5, "10021", I, "R5", why="FNA, rated 1"),
            P(91, "19081", A, "R6", why="FNA is not a tissue diagnosis; assessment 4"),
        ),
    ),
    Patient(
        "C24", "US after workup, V4 extensive but no mass; core at day 90",
        exams=(X("D24", 0, "diagnostic", 4, "4", extensive=True,
                 why="core at day 90 is within 90 days -> no U2"),),
        procs=(
            P(2, "76641", I, "R4", why="variant 4: only a mass/focal asymmetry satisfies the "
              "condition"),
            P(90, "19081", A, "R6"),
        ),
    ),
    Patient(
        "C25", "US after workup, V4 with mass; localization without tissue diagnosis",
        exams=(X("D25", 0, "diagnostic", 4, "4B", mass=True,
                 why="localization within 90 days satisfies U2"),),
        procs=(
            P(2, "76642", M, "R4"),
            P(20, "19281", I, "R7", why="no prior core; localization rated 1"),
        ),
    ),
    Patient(
        "C26", "US after workup, V8 extensive; FNA does not satisfy U2",
        exams=(X("D26", 0, "diagnostic", 8, "4C", extensive=True, underuse=("U2",)),),
        procs=(P(2, "76641", M, "R4"), P(10, "10005", I, "R5")),
    ),
    Patient(
        "C27", "US after workup, V8 neither mass nor extensive (linear only)",
        exams=(X("D27", 0, "diagnostic", 8, "3"),),
        procs=(P(2, "76641", I, "R4"),),
    ),
    Patient(
        "C28", "US after workup, V12 with mass; core 19100",
        exams=(X("D28", 0, "diagnostic", 12, "5", mass=True),),
        procs=(P(2, "76641", M, "R4"), P(7, "19100", A, "R6")),
    ),
    Patient(
        "C63", "US after workup, V12 extensive without mass; V12 neither",
        exams=(X("D63A", 0, "diagnostic", 12, "3", extensive=True),
               X("D63B", 100, "diagnostic", 12, "3")),
        procs=(P(2, "76641", M, "R4", why="linked to D63A; extensive suffices for V12"),
               P(102, "76642", I, "R4", why="linked to D63B (takes over); no mass, not extensive")),
    ),
    Patient(
        "C29", "US after workup, V10 (US rated 1) even with mass and extensive",
        exams=(X("D29", 0, "diagnostic", 10, "4", mass=True, extensive=True),),
        procs=(P(2, "76641", I, "R4", why="rating 1"), P(5, "19082", A, "R6")),
    ),
    Patient(
        "C30", "US after workup, V17 extensive; core after workup BI-RADS 3",
        exams=(X("D30", 0, "diagnostic", 17, "3", extensive=True),),
        procs=(P(2, "76642", M, "R4"), P(10, "19084", M, "R6", why="assessment 3")),
    ),
    Patient(
        "C31", "US the same day as the workup mammogram after a screening index",
        exams=(X("S31", 0, "screening", 12, "0", mass=True),),
        procs=(
            P(5, "77065", A, "R2"),
            P(5, "76642", M, "R4", why="same-day mammogram comes first -> after workup; V12 US 4; "
              "mass from the index exam",
              amb_status="the only facts about mass/extent are the screening index's; audit.md "
              "does not say whose facts the condition uses when the workup has no report"),
        ),
    ),
    # ----------------------------------------------------------------------------- core biopsy
    Patient(
        "C32", "core straight from screening, then localization (R1)",
        exams=(X("S32", 0, "screening", 1, "0", underuse=("U1",)),),
        procs=(P(14, "19081", I, "R6", why="biopsy directly from screening"),
               P(30, "19283", O, "R1", why="after a core on an earlier date (even an "
                 "inappropriate one)")),
    ),
    Patient(
        "C33", "screening index assessed BI-RADS 4, core straight from screening",
        exams=(X("S33", 0, "screening", 1, "4", underuse=("U1",),
                 why="U1: no diag mammogram; U2 satisfied by the core at day 5"),),
        procs=(P(5, "19081", I, "R6", why="before the workup -> inappropriate, whatever the "
                 "screening assessment"),),
    ),
    Patient(
        "C34", "core after workup BI-RADS 3; later mammogram R1",
        exams=(X("D34", 0, "diagnostic", 10, "3"),),
        procs=(P(5, "19083", M, "R6"), P(20, "77065", O, "R1")),
    ),
    Patient(
        "C35", "core after workup BI-RADS 2; MRI",
        exams=(X("D35", 0, "diagnostic", 2, "2"),),
        procs=(P(4, "77049", I, "R5"), P(5, "19081", I, "R6")),
    ),
    Patient(
        "C36", "core after a workup mammogram without report: a screening assessment is not a "
        "workup assessment",
        exams=(X("S36", 0, "screening", 2, "2"),),
        procs=(P(5, "77065", A, "R2", why="V2 MD 9"),
               P(20, "19081", A, "R6", why="workup done; assessment unknown (screening's 2 does "
                 "not count) -> appropriate")),
    ),
    Patient(
        "C37", "diagnostic index without BI-RADS -> unknown assessment",
        exams=(X("D37", 0, "diagnostic", 14, None),),
        procs=(P(5, "19081", A, "R6"), P(100, "77065", O, "R1")),
    ),
    Patient(
        "C38", "same-day workup, core and localization",
        exams=(X("S38", 0, "screening", 18, "0"),),
        procs=(
            P(12, "77066", A, "R2"),
            P(12, "19081", A, "R6", why="same-day mammogram comes first; assessment unknown"),
            P(12, "19282", I, "R7", why="core on the same day is not on an EARLIER date -> no "
              "tissue diagnosis yet; rated 1"),
            P(13, "77065", O, "R1"),
        ),
    ),
    Patient(
        "C39", "core after workup BI-RADS 6; same-day second core",
        exams=(X("D39", 0, "diagnostic", 1, "6", why="6 is not 4/5 -> no U2"),),
        procs=(P(3, "19085", A, "R6"), P(3, "19086", A, "R6", why="same day, not earlier")),
    ),
    Patient(
        "C40", "core after workup BI-RADS 1",
        exams=(X("D40", 0, "diagnostic", 1, "1"),),
        procs=(P(3, "19100", I, "R6"),),
    ),
    Patient(
        "C41", "core after workup BI-RADS 0",
        exams=(X("D41", 0, "diagnostic", 1, "0"),),
        procs=(P(3, "19084", A, "R6"),),
    ),
    # --------------------------------------------------------------- short interval follow-up
    Patient(
        "C42", "SIFU day 180 after workup BI-RADS 3",
        exams=(X("D42", 0, "diagnostic", 10, "3"),),
        procs=(P(180, "77065", A, "R3"),),
    ),
    Patient(
        "C43", "SIFU day 180 after workup BI-RADS 2",
        exams=(X("D43", 0, "diagnostic", 10, "2"),),
        procs=(P(180, "77066", I, "R3"),),
    ),
    Patient(
        "C44", "SIFU day 180 straight from screening",
        exams=(X("S44", 0, "screening", 10, "0", underuse=("U1",)),),
        procs=(P(180, "G0206", I, "R3", why="rating decides: V10 SIFU 2"),),
    ),
    Patient(
        "C45", "SIFU after workup BI-RADS 4 (should have been biopsied)",
        exams=(X("D45", 0, "diagnostic", 10, "4", underuse=("U2",)),),
        procs=(P(180, "77065", I, "R3"),),
    ),
    Patient(
        "C46", "SIFU after workup BI-RADS 0",
        exams=(X("D46", 0, "diagnostic", 3, "0"),),
        procs=(P(120, "77065", A, "R3"),),
    ),
    # --------------------------------------------------- code family sweeps (rated categories)
    Patient(
        "C48", "every MRI, PET, sestamibi and FNA code (all rated 1 -> inappropriate R5)",
        exams=(X("S48", 0, "screening", 1, "0"),),
        procs=(P(1, "77065", A, "R2"),)
        + tuple(P(10 + i, c, I, "R5") for i, c in enumerate(
            ["77048", "77049", "77058", "77059",
             "78811", "78812", "78813", "78814", "78815", "78816",
             "78800", "78801", "78802", "78803", "78804", "78830", "78831", "78832", "S8080",
             "10004", "10005", "10006", "10007", "10008", "10009", "10010", "10011", "10012",
             "10021"])),
    ),
    Patient(
        "C49", "every localization code without tissue diagnosis (R7, rated 1)",
        exams=(X("D49", 0, "diagnostic", 1, "4", why="localization within 90 days -> no U2"),),
        procs=tuple(P(10 + i, f"1928{i + 1}", I, "R7") for i in range(8)),
    ),
    Patient(
        "C50", "every core code after workup BI-RADS 5, then R1",
        exams=(X("D50", 0, "diagnostic", 1, "5"),),
        procs=tuple(P(10, c, A, "R6") for c in
                    ["19081", "19082", "19083", "19084", "19085", "19086", "19100"])
        + (P(20, "19281", O, "R1"),),
    ),
    # ------------------------------------------------------------------- unknown codes and names
    Patient(
        "C51", "unknown code and unknown name -> unrecognized",
        exams=(X("S51", 0, "screening", 4, "0"),),
        procs=(
            P(3, "77065", A, "R2"),
            P(5, "99999", UR, None, amb_rule=AMB_UNRECOGNIZED_RULE),
            P(6, None, UR, None, name="ZZ misc charge 4471", amb_rule=AMB_UNRECOGNIZED_RULE),
            P(7, "00000", UR, None, name="qwertyuiop", amb_rule=AMB_UNRECOGNIZED_RULE),
        ),
    ),
    Patient(
        "C52", "unknown code before any report and after a core",
        exams=(X("S52", 0, "screening", 9, "0", why="V9 MD 1 -> no U1"),),
        procs=(
            P(-30, "99999", UR, None, amb_rule=AMB_UNRECOGNIZED_RULE,
              amb_status="unlinked or unrecognized? audit.md does not order the two; a careful "
              "officer prefers unrecognized: it tells the table needs a new code"),
            P(5, "19081", I, "R6", why="straight from screening"),
            P(20, "99999", UR, None, amb_rule=AMB_UNRECOGNIZED_RULE,
              amb_status="R1 'everything is out_of_scope' vs 'kept with status unrecognized'; "
              "unrecognized is the more useful signal"),
        ),
    ),
    Patient(
        "C53", "name-only rows using the guideline's own procedure names",
        exams=(X("S53", 0, "screening", 4, "0"),),
        procs=(
            P(5, None, A, "R2", name="Mammography diagnostic"),
            P(10, None, I, "R5", name="MRI breast without and with contrast"),
            P(10, None, I, "R4", name="US breast", why="V4 US 4 but no mass -> inappropriate"),
            P(12, None, I, "R5", name="Fine needle aspiration breast"),
            P(15, None, I, "R7", name="Imaging localization for surgical excision breast"),
            P(20, None, A, "R6", name="Core biopsy breast", why="after workup; unknown"),
            P(25, None, O, "R1", name="PET breast"),
            P(26, None, O, "R1", name="Tc-99m sestamibi scan breast"),
        ),
    ),
    Patient(
        "C54", "code and name disagree: the code decides; unknown code falls back to the name",
        exams=(X("S54", 0, "screening", 10, "0", why="diag mammogram (by name) at day 6"),),
        procs=(
            P(5, "76641", I, "R4", name="MAMMO DIAGNOSTIC BILATERAL",
              why="code wins: US before the workup"),
            P(6, "99999", A, "R2", name="Mammography diagnostic",
              why="unknown code -> name -> diag mammogram day 6, V10 MD 9"),
            P(10, "77049", I, "R5", name="Breast biopsy", why="code wins: MRI"),
        ),
    ),
    Patient(
        "C55", "realistic free-text names from an extract, no codes",
        exams=(X("S55", 0, "screening", 1, "0", amb_underuse="depends on the name being read as "
                 "a diagnostic mammogram (expected: yes, so no U1)"),),
        procs=(
            P(4, None, A, "R2", name="MAMMO DIAGNOSTIC BILATERAL W CAD",
              amb_status="name vocabulary of the table is not in audit.md"),
            P(6, None, I, "R4", name="US BREAST LEFT LIMITED",
              amb_status="name vocabulary of the table is not in audit.md"),
            P(10, None, A, "R6", name="STEREOTACTIC BREAST BIOPSY LEFT",
              amb_status="name vocabulary of the table is not in audit.md"),
            P(20, None, O, "R1", name="MRI BREAST BILATERAL W WO CONTRAST",
              amb_status="name vocabulary; whatever it is, R1 after the core"),
        ),
    ),
    Patient(
        "C56", "codes with billing modifiers / lower case as extracts carry them",
        exams=(X("S56", 0, "screening", 4, "0", amb_underuse="depends on '77065-RT' being read as "
                 "77065 (expected)"),),
        procs=(
            P(3, "77065-RT", A, "R2", amb_status="audit.md does not say whether modifiers are "
              "stripped; a careful engine reads 77065-RT as 77065"),
            P(3, "g0279", O, "R8", amb_status="lower-case HCPCS", amb_rule=AMB_ADDON_RULE,
              why="DBT add-on of the same-day (day 3) mammogram"),
        ),
    ),
    # ---------------------------------------------------- Mammography diagnostic by rating
    Patient("C57", "MD rating 5 (V6)", exams=(X("S57", 0, "screening", 6, "0"),),
            procs=(P(20, "77065", M, "R2"),)),
    Patient("C58", "MD rating 4 (V11)", exams=(X("S58", 0, "screening", 11, "0"),),
            procs=(P(20, "77065", M, "R2"),)),
    Patient("C59", "MD rating 3 (V13)", exams=(X("S59", 0, "screening", 13, "0"),),
            procs=(P(20, "77065", I, "R2"),)),
    Patient("C60", "MD rating 3 (V16)", exams=(X("S60", 0, "screening", 16, "0"),),
            procs=(P(20, "77066", I, "R2"),)),
    Patient("C61", "MD rating 1 (V9)", exams=(X("S61", 0, "screening", 9, "0"),),
            procs=(P(20, "G0204", I, "R2"),)),
    Patient("C62", "MD rating 8 (V15) after a diagnostic index",
            exams=(X("D62", 0, "diagnostic", 15, "2"),),
            procs=(P(30, "77065", A, "R2", acc="D62B"),)),
    # ------------------------------------------------------------------------ under-use sweeps
    Patient(
        "C70", "U1 sweep: one screening index per variant, 100 days apart, no procedures",
        exams=tuple(
            X(f"S70V{v}", 100 * (v - 1), "screening", v, "0",
              underuse=("U1",) if MD_RATING[v] >= 7 else ())
            for v in range(1, 19)
        ),
        procs=(),
    ),
    Patient(
        "C71", "U2 sweep: diagnostic index per BI-RADS, 100 days apart, no procedures",
        exams=tuple(
            X(f"D71B{b}", 100 * i, "diagnostic", 13, b,
              underuse=("U2",) if b[0] in "45" else ())
            for i, b in enumerate(["4", "4A", "4B", "4C", "5", "6", "3", "0", "2", "1"])
        ) + (X("S71", 1000, "screening", 13, "4", underuse=("U2",),
               why="screening index with BI-RADS 4, V13 (MD 3 -> no U1)"),
             X("N71", 1100, "diagnostic", None, "5", why="no variant: not an index exam"),),
        procs=(),
    ),
    Patient(
        "C72", "reports without a variant only: nothing is linked, no under-use",
        exams=(X("N72A", 0, "screening", None, "0"), X("N72B", 10, "diagnostic", None, "4")),
        procs=(unl(10, "77065", acc="N72B", why="reports without a variant are not index exams"),
               unl(20, "19081")),
    ),
    Patient(
        "C73", "a report without a variant between index and procedure does not take over",
        exams=(X("S73", 0, "screening", 4, "0", underuse=("U1",)),
               X("N73", 100, "screening", None, "1")),
        procs=(P(110, "77065", I, "R3", why="linked to S73 at day 110 -> SIFU straight from "
                 "screening, V4 SIFU 1"),),
    ),
    Patient(
        "C74", "patient with procedures but no reports", exams=(),
        procs=(unl(0, "77065"), unl(5, "19081")),
    ),
    Patient(
        "C75", "everything after a core on an earlier date is R1 (first match wins)",
        exams=(X("D75", 0, "diagnostic", 1, "4"),),
        procs=(
            P(5, "19081", A, "R6"),
            P(6, "77065", O, "R1"),
            P(6, "76641", O, "R1"),
            P(6, "77049", O, "R1"),
            P(6, "78811", O, "R1"),
            P(6, "78800", O, "R1"),
            P(6, "10021", O, "R1"),
            P(6, "19281", O, "R1"),
            P(6, "19120", O, "R1", why="not in the guideline, but R1 comes first"),
            P(6, "77067", O, "R1", why="not in the guideline, but R1 comes first"),
            P(8, "19081", O, "R1", why="second core on a later date"),
            P(200, "77065", O, "R1", why="would be SIFU, but after tissue diagnosis"),
            unl(366, "77049"),
        ),
    ),
    # --------------------------------------------------------------------- changed settings
    Patient(
        "C80", "settings: 60/180/200-day windows, under-use window 30",
        settings=dict(diagnostic_window_days=60, short_interval_window_days=180,
                      link_window_days=200, underuse_window_days=30),
        exams=(X("S80", 0, "screening", 4, "0", underuse=("U1",),
                 why="first diag mammogram at day 45 > 30"),),
        procs=(
            P(45, "77065", A, "R2", why="45 <= 60"),
            P(61, "77065", A, "R3", why="61 > 60 -> SIFU; workup done at day 45; unknown"),
            P(181, "77065", O, "R8", why="past 180"),
            P(200, "77049", I, "R5", why="200 <= link window 200"),
            unl(201, "77049"),
        ),
    ),
    Patient(
        "C81", "settings: only U2 enabled",
        settings=dict(underuse_rules=("U2",)),
        exams=(X("S81", 0, "screening", 4, "4", underuse=("U2",),
                 why="U1 would apply but is disabled"),),
        procs=(),
    ),
    # ============================ second batch (written after a 100% first run, still blind)
    Patient(
        "C82", "screening row carrying a DIAGNOSTIC code and the screening index's accession",
        exams=(X("S82", 0, "screening", 4, "0", underuse=(),
                 why="was ambiguous: follows the choice for row 1: a converted exam is the "
                 "workup. Decided: row 1 is the workup (a diagnostic mammogram within 90 days), "
                 "so no U1"),),
        procs=(
            P(0, "77065", A, "R2", acc="S82",
              why="a screening exam converted to diagnostic the same day: billed as diagnostic, "
              "it is the workup. Was ambiguous: two sentences of audit.md collide: 'the same "
              "accession' -> index exam (out_of_scope), vs 'a diagnostic mammogram on the same "
              "day as a screening index is not the index exam: it is the workup' (R2). The "
              "second is the more specific one. Decided: a row sharing the index exam's "
              "accession is the index exam only with a code of the index exam's own kind"),
        ),
    ),
    Patient(
        "C83", "workup assessment comes from the most recent diagnostic report (later one, 2)",
        exams=(X("D83", 0, "diagnostic", 10, "3"), X("N83", 50, "diagnostic", None, "2")),
        procs=(
            P(50, "77065", A, "R2", acc="N83", why="day 50, V10 MD 9"),
            P(180, "77065", I, "R3", why="most recent diagnostic report on or before: N83, 2"),
        ),
    ),
    Patient(
        "C84", "a diagnostic report of a PREVIOUS episode is not this episode's workup",
        exams=(
            X("D84", 0, "diagnostic", 10, "2", why="diagnostic index, no U1 check"),
            X("S84", 300, "screening", 10, "0", underuse=("U1",),
              why="no diagnostic mammogram in the 90 days after day 300"),
        ),
        procs=(P(480, "77065", I, "R3", why="linked to S84 (day 180); no workup in S84's episode "
                 "-> straight from screening, V10 SIFU 2"),),
    ),
    Patient(
        "C85", "previous episode's BI-RADS 2 must not be the new episode's workup assessment",
        exams=(
            X("D85", 0, "diagnostic", 10, "2"),
            X("S85", 300, "screening", 10, "0"),
        ),
        procs=(
            P(310, "77065", A, "R2", why="linked to S85 day 10"),
            P(480, "77065", A, "R3", why="SIFU after S85's workup (day 310, no report): "
              "assessment unknown within the episode -> appropriate (D85's 2 belongs to the "
              "previous episode)"),
            P(485, "19081", A, "R6", why="same: unknown -> appropriate"),
        ),
    ),
    Patient(
        "C86", "a diagnostic report without variant before a new diagnostic index",
        exams=(X("N86", 0, "diagnostic", None, "4"), X("D86", 10, "diagnostic", 1, "2")),
        procs=(P(15, "19081", I, "R6", why="linked to D86; assessment = D86's 2"),),
    ),
    Patient(
        "C87", "US: the mass is described by the workup report, not by the screening index",
        exams=(
            X("S87", 0, "screening", 1, "0"),
            X("N87", 5, "diagnostic", None, "4", mass=True),
        ),
        procs=(
            P(5, "77065", A, "R2", acc="N87"),
            P(5, "76641", M, "R4", why="the guideline's condition is what the diagnostic workup "
              "demonstrates; N87 is that workup and describes a mass. Was ambiguous: audit.md "
              "does not say whose mass/extent facts the US condition reads; an engine reading "
              "only the index exam (no mass) gives inappropriate. Decided: the index exam OR any "
              "diagnostic report of the episode on or before the US"),
            P(12, "19083", A, "R6", why="assessment 4"),
        ),
    ),
    Patient(
        "C88", "accession collision across patients (other patient's index accession)",
        exams=(X("D88", 0, "diagnostic", 1, "3"),),
        procs=(P(0, "77065", A, "R2", acc="D17", why="D17 is patient C17's index, not this "
                 "patient's; so not the index row; day 0, V1 MD 9"),),
    ),
    Patient(
        "C89", "screening and diagnostic index on the same day",
        exams=(X("S89", 0, "screening", 4, "0", underuse=()),
               X("D89", 0, "diagnostic", 4, "4", underuse=())),
        procs=(
            P(0, "77067", O, "R8", acc="S89", amb_rule=AMB_INDEX_ROW_RULE),
            P(0, "77065", O, "R8", acc="D89", amb_rule=AMB_INDEX_ROW_RULE),
            P(10, "19081", A, "R6", why="either index: workup done (diagnostic index or the "
              "same-day diagnostic row), assessment 4"),
        ),
    ),
    Patient(
        "C91", "U2 with the core linked to a LATER index within 90 days",
        exams=(
            X("D91", 0, "diagnostic", 1, "4", underuse=(),
              amb_underuse="'no core biopsy or localization within 90 days' is not restricted to "
              "the episode: the day-40 core is within 90 days -> no U2"),
            X("S91", 30, "screening", 10, "0", underuse=("U1",),
              why="no diagnostic mammogram after day 30"),
        ),
        procs=(P(40, "19081", I, "R6", why="linked to S91 (screening, no workup in its "
                 "episode) -> biopsy directly from screening"),),
    ),
    Patient(
        "C92", "U1 with the diagnostic mammogram linked to a LATER screening index",
        exams=(
            X("S92A", 0, "screening", 4, "0", underuse=(),
              amb_underuse="not restricted to the episode: a diagnostic mammogram on day 40 is "
              "within 90 days -> no U1"),
            X("S92B", 30, "screening", 10, "0"),
        ),
        procs=(P(40, "77065", A, "R2", why="linked to S92B day 10, V10 MD 9"),),
    ),
    Patient(
        "C93", "only a DBT add-on row after a screening index",
        exams=(X("S93", 0, "screening", 4, "0", underuse=(),
                 why="was ambiguous: G0279 is billed only with a diagnostic mammogram; a careful "
                 "officer would not flag U1. An engine counting mammogram rows only would. "
                 "Decided: a DBT add-on row evidences a diagnostic mammogram on its day for U1"),),
        procs=(P(5, "G0279", O, "R8", amb_rule=AMB_ADDON_RULE,
                 why="was ambiguous: add-on without a same-day mammogram row: still an add-on. "
                 "Decided: still an add-on (out_of_scope); it evidences the mammogram it is "
                 "billed with"),),
    ),
    Patient(
        "C94", "a SIFU mammogram is still a diagnostic mammogram of the episode (workup done)",
        exams=(X("S94", 0, "screening", 8, "0", extensive=True, underuse=("U1",)),),
        procs=(
            P(120, "77065", I, "R3", why="straight from screening, V8 SIFU 2"),
            P(125, "76641", M, "R4", why="after a diagnostic mammogram of the episode; V8 US 4, "
              "extensive"),
            P(130, "19081", A, "R6", why="after it; no diagnostic report -> unknown"),
        ),
    ),
    Patient(
        "C95", "subcategories: SIFU after 4A, core after 4C",
        exams=(X("D95A", 0, "diagnostic", 10, "4A", underuse=("U2",)),
               X("D95B", 400, "diagnostic", 10, "4C")),
        procs=(P(180, "77065", I, "R3", why="4A is a 4"), P(405, "19081", A, "R6")),
    ),
    Patient(
        "C90", "realistic free-text names (no codes)",
        exams=(X("S90", 0, "screening", 1, "0", amb_underuse="no U1 if the day-2 name is read "
                 "as a diagnostic mammogram (vocabulary)"),),
        procs=(
            P(2, None, A, "R2", name="MAMMO DIAG BILAT W/ TOMO", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST BILATERAL W WO CONTRAST", vocab=True,
              why="'W WO' = with and without contrast"),
            P(3, None, I, "R5", name="MRI BREAST W/WO CONTRAST", vocab=True),
            # The next four were added AFTER C90-02 failed and the name table had been seen (so
            # not blind); they are the common spellings of "with and without contrast".
            P(3, None, I, "R5", name="MRI BREAST LEFT W WO CONTRAST", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST W-WO CONTRAST", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST W/ AND W/O CONTRAST", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST WITH WITHOUT CONTRAST", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST W AND WO CONTRAST", vocab=True),
            P(3, None, I, "R5", name="MRI BREAST WITH AND WITHOUT CONTRAST", vocab=True),
            P(3, None, I, "R5", name="BREAST MRI WITHOUT AND WITH IV CONTRAST", vocab=True),
            P(4, None, O, "R8", name="MRI BREAST WO CONTRAST", vocab=True),
            P(4, None, O, "R8", name="MRI BREAST W/O CONTRAST", vocab=True),
            P(4, None, O, "R8", name="MRI BREAST WITHOUT CONTRAST", vocab=True),
            P(5, None, I, "R5", name="MOLECULAR BREAST IMAGING", vocab=True),
            P(5, None, I, "R5", name="BSGI BILATERAL", vocab=True),
            P(5, None, I, "R5", name="POSITRON EMISSION MAMMOGRAPHY", vocab=True),
            P(6, None, I, "R5", name="FNA BREAST LEFT", vocab=True),
            P(6, None, I, "R5", name="FINE NEEDLE ASPIRATION, LEFT BREAST", vocab=True),
            P(7, None, I, "R4", name="US BREAST LEFT COMPLETE", vocab=True,
              why="after workup; V1 US 4; no mass, not extensive"),
            P(7, None, I, "R4", name="ULTRASOUND BREAST RIGHT LIMITED", vocab=True),
            P(8, None, I, "R7", name="WIRE LOCALIZATION LEFT BREAST", vocab=True),
            P(8, None, O, "R8", name="MAMMO SCREENING BILATERAL W TOMO", vocab=True),
            P(8, None, O, "R8", name="SCREENING MAMMOGRAM BILATERAL", vocab=True),
            P(9, None, O, "R8", name="LUMPECTOMY LEFT", vocab=True,
              why="excision: not in the guideline"),
            P(10, None, A, "R6", name="US GUIDED CORE BIOPSY LEFT BREAST", vocab=True,
              why="after workup (day 2), no diagnostic report -> unknown -> appropriate"),
            P(11, None, O, "R1", name="MAMMO DIAG UNILAT LEFT", vocab=True),
        ),
    ),
    Patient(
        "C96", "US condition for V14 (mass), V15 (extensive), V18 (neither / mass)",
        exams=(X("D96A", 0, "diagnostic", 14, "3", mass=True),
               X("D96B", 100, "diagnostic", 15, "3", extensive=True),
               X("D96C", 200, "diagnostic", 18, "3"),
               X("D96D", 300, "diagnostic", 18, "3", mass=True)),
        procs=(P(2, "76641", M, "R4"), P(102, "76641", M, "R4"), P(202, "76642", I, "R4"),
               P(302, "76642", M, "R4")),
    ),
    Patient(
        "C97", "post-biopsy clip mammogram billed 77065 on the day of a biopsy straight from "
        "screening",
        exams=(X("S97", 0, "screening", 1, "0", why="a diagnostic mammogram row at day 20 -> "
                 "no U1 by the letter of audit.md"),),
        procs=(
            P(20, "19081", A, "R6", why="audit.md: 'a same-day mammogram comes first' -> workup "
              "done; no diagnostic report -> unknown -> appropriate. Settled by the spec, but "
              "clinically this is a biopsy straight from screening (the mammogram documents the "
              "clip). Reported to the lead as a spec-level blind spot"),
            P(20, "77065", A, "R2", why="day 20 <= 90, V1 MD 9"),
        ),
    ),
]
