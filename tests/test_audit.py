"""audit.md, rule by rule: linking, the index exam itself, timing, R1-R8, U1-U2, settings.

Dates are days after 2024-01-01, the index exam's day unless a case says otherwise.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from auditor.audit import AuditResult, audit
from auditor.errors import SettingsError
from auditor.guideline import load_guideline
from auditor.models import STATUSES, AuditSettings, Exam, Procedure
from auditor.procedures import load_procedure_table
from auditor.settings import load_settings

D0 = date(2024, 1, 1)
MD, SIFU = "Mammography diagnostic", "Mammography short interval follow-up"
_rows = itertools.count(2)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def exam(acc="S1", at=0, kind="screening", variant=4, birads="0", mass=False, extensive=False,
         patient="P1") -> Exam:
    return Exam(accession=acc, patient_id=patient, exam_date=day(at), exam_kind=kind,
                variant=variant, birads=birads, associated_mass_or_asymmetry=mass,
                extensive=extensive, row=next(_rows))


def workup_report(at, birads, acc=None, patient="P1") -> Exam:
    """A diagnostic report without a variant: not an index exam, but it carries the workup
    assessment."""
    return exam(acc or f"W{at}", at, "diagnostic", None, birads, patient=patient)


def proc(code=None, at=0, name=None, acc=None, patient="P1", error=None, when="day") -> Procedure:
    return Procedure(row=next(_rows), patient_id=patient,
                     procedure_date=day(at) if when == "day" else None, code=code, name=name,
                     accession=acc, error=error)


@pytest.fixture(scope="module")
def guideline():
    return load_guideline()


@pytest.fixture(scope="module")
def table():
    return load_procedure_table()


@pytest.fixture
def run(guideline, table):
    def _run(exams, procedures, settings=None) -> AuditResult:
        return audit(exams, procedures, guideline, table, settings or AuditSettings())
    return _run


def verdict(res):
    return (res.status, res.rule)


MAMMO, SCREEN, US, MRI, CORE, LOC, FNA = "77065", "77067", "76642", "77049", "19081", "19281", \
    "10005"


def workup(at=10):
    """The diagnostic mammogram of the workup."""
    return proc(MAMMO, at)


# --- output shape --------------------------------------------------------------------------------

def test_audit_every_row_kept_in_input_order(run):
    procs = [proc(US, 5), proc("99999", 3), proc(MAMMO, 10), proc(MAMMO, 10, error="bad date"),
             proc(CORE, 500), proc(None, 4, name=None), proc(MAMMO, when=None)]
    result = run([exam()], procs)
    assert [r.procedure for r in result.procedures] == procs
    for res in result.procedures:
        assert res.status in STATUSES
        assert res.rule in {f"R{i}" for i in range(1, 9)}
        assert res.rule in res.reason


# --- linking -------------------------------------------------------------------------------------

@pytest.mark.parametrize("at,status,rule,acr", [
    (0, "appropriate", "R2", MD),       # same day as the screening exam: the workup
    (90, "appropriate", "R2", MD),
    (91, "inappropriate", "R3", SIFU),  # straight from screening: rating 1 for variant 4
    (270, "inappropriate", "R3", SIFU),
    (271, "out_of_scope", "R8", None),  # surveillance
    (365, "out_of_scope", "R8", None),
    (366, "unlinked", "R8", None),
])
def test_audit_mammogram_timing_and_link_window(run, at, status, rule, acr):
    res = run([exam()], [proc(MAMMO, at)]).procedures[0]
    assert (res.status, res.rule, res.acr_procedure) == (status, rule, acr)
    if status != "unlinked":
        assert (res.index_accession, res.days_from_index, res.variant) == ("S1", at, 4)
    else:
        assert res.index_accession is None and "365 days" in res.reason


@pytest.mark.parametrize("at,status", [(365, "inappropriate"), (366, "unlinked")])
def test_audit_link_window_for_any_procedure(run, at, status):
    assert run([exam()], [proc(US, at)]).procedures[0].status == status


def test_audit_procedure_before_any_report(run):
    res = run([exam(at=30)], [proc(US, 10)]).procedures[0]
    assert verdict(res) == ("unlinked", "R8")
    assert "20 days later" in res.reason


def test_audit_patient_without_reports_or_other_patients_exam(run):
    res = run([exam(patient="P2")], [proc(MAMMO, 5)]).procedures[0]
    assert res.status == "unlinked" and "has none" in res.reason


def test_audit_two_index_exams_most_recent_wins(run):
    exams = [exam("S1", 0, variant=4), exam("S2", 400, variant=1)]
    procs = [proc(MAMMO, 10), proc(US, 200), proc(MAMMO, 410), proc(MAMMO, 360)]
    got = [(r.index_accession, r.days_from_index, r.variant)
           for r in run(exams, procs).procedures]
    assert got == [("S1", 10, 4), ("S1", 200, 4), ("S2", 10, 1), ("S1", 360, 4)]


def test_audit_diagnostic_index_opens_its_own_episode(run):
    # The workup report has a variant: it is an index exam, and what follows links to it.
    exams = [exam("S1", 0, variant=4), exam("D1", 14, "diagnostic", 1, "4B")]
    procs = [proc(MAMMO, 14, acc="D1"), proc(CORE, 20)]
    mammo, core = run(exams, procs).procedures
    assert verdict(mammo) == ("out_of_scope", "R8") and "index exam D1" in mammo.reason
    assert verdict(core) == ("appropriate", "R6") and core.index_accession == "D1"
    assert core.variant == 1 and "BI-RADS 4B" in core.reason


def test_audit_same_day_screening_and_diagnostic_index(run):
    # Both on day 0: the diagnostic one follows the screening one, so a same-day US links to it.
    exams = [exam("S1", 0), exam("D1", 0, "diagnostic", 4, "4A", mass=True)]
    res = run(exams, [proc(US, 0)]).procedures[0]
    assert (res.index_accession, res.status, res.rule) == ("D1", "may_be_appropriate", "R4")


# --- the index exam itself, DBT add-on -----------------------------------------------------------

@pytest.mark.parametrize("index,procedure,expected", [
    (dict(acc="S1"), dict(code=SCREEN, acc="S1"), ("out_of_scope", "R8", "index exam")),
    # the same accession is the index exam only with a code of the index exam's own kind
    (dict(acc="S1"), dict(code=US, acc="S1"),
     ("inappropriate", "R4", "before any diagnostic mammographic workup")),
    (dict(acc="S1"), dict(code=SCREEN), ("out_of_scope", "R8", "index exam")),
    (dict(acc="S1"), dict(code="77063"), ("out_of_scope", "R8", "index exam")),
    (dict(acc="S1"), dict(name="SCREENING MAMMO"), ("out_of_scope", "R8", "index exam")),
    # a same-day diagnostic mammogram on a screening index is the workup
    (dict(acc="S1"), dict(code=MAMMO), ("appropriate", "R2", "R2 Mammography diagnostic")),
    (dict(acc="D1", kind="diagnostic", birads="4"), dict(code=MAMMO),
     ("out_of_scope", "R8", "index exam")),
    (dict(acc="D1", kind="diagnostic", birads="4"), dict(code=MAMMO, acc="D1"),
     ("out_of_scope", "R8", "same accession")),
    # both carry accessions and they differ: not the index exam, whatever the day
    (dict(acc="D1", kind="diagnostic", birads="4"), dict(code=MAMMO, acc="X9"),
     ("appropriate", "R2", "R2 Mammography diagnostic")),
    # a screening code on a diagnostic index's day is not that exam
    (dict(acc="D1", kind="diagnostic", birads="4"), dict(code=SCREEN),
     ("out_of_scope", "R8", "not in the guideline")),
    # an index exam without an accession is matched by day and kind
    (dict(acc=""), dict(code=SCREEN, acc="A7"), ("out_of_scope", "R8", "index exam")),
])
def test_audit_index_exam_itself(run, index, procedure, expected):
    res = run([exam(**index)], [proc(**procedure)]).procedures[0]
    status, rule, words = expected
    assert (res.status, res.rule) == (status, rule)
    assert words in res.reason


# audit.md: a row with the index exam's accession is the index exam itself only with a code of
# the index exam's own kind, as without accessions; "a diagnostic mammogram on the same day as a
# screening index is not the index exam: it is the workup" (cross-check C82).
@pytest.mark.parametrize("kind,code,expected,words", [
    ("screening", SCREEN, ("out_of_scope", "R8"), "index exam S1 itself (same accession"),
    ("screening", "77063", ("out_of_scope", "R8"), "index exam S1 itself (same accession"),
    ("screening", "G0202", ("out_of_scope", "R8"), "index exam S1 itself (same accession"),
    ("screening", MAMMO, ("appropriate", "R2"), "R2 Mammography diagnostic on day 0"),
    ("screening", US, ("inappropriate", "R4"), "before any diagnostic mammographic workup"),
    ("screening", "G0279", ("out_of_scope", "R8"), "add-on of the same-day mammogram"),
    ("diagnostic", MAMMO, ("out_of_scope", "R8"), "index exam S1 itself (same accession"),
    ("diagnostic", "77066", ("out_of_scope", "R8"), "index exam S1 itself (same accession"),
    ("diagnostic", SCREEN, ("out_of_scope", "R8"), "not in the guideline"),
    ("diagnostic", US, ("may_be_appropriate", "R4"), "after the diagnostic workup"),
    ("diagnostic", "77062", ("out_of_scope", "R8"), "add-on of the same-day mammogram"),
])
def test_audit_same_accession_is_the_index_only_for_its_own_kind(run, kind, code, expected,
                                                                 words):
    index = exam("S1", 0, kind, 8, "4" if kind == "diagnostic" else "0", extensive=True)
    result = run([index], [proc(code, 0, acc="S1")])
    res = result.procedures[0]
    assert verdict(res) == expected and words in res.reason
    assert res.index_accession == "S1"
    # the converted exam (a diagnostic code on the screening accession) is the workup: no U1
    if (kind, code) == ("screening", MAMMO):
        assert not [f for f in result.underuse if f.rule == "U1"]


@pytest.mark.parametrize("procedure", [dict(code="77061"), dict(code="77062"),
                                       dict(code="G0279-LT"), dict(name="DBT LT")])
def test_audit_dbt_addon(run, procedure):
    mammo, addon = run([exam()], [proc(MAMMO, 10), proc(at=10, **procedure)]).procedures
    assert verdict(mammo) == ("appropriate", "R2")
    assert verdict(addon) == ("out_of_scope", "R8")
    assert "add-on of the same-day mammogram" in addon.reason
    assert addon.rating is None and addon.index_accession == "S1"


# --- R2 Mammography diagnostic: the rating decides -----------------------------------------------

@pytest.mark.parametrize("variant,rating,status", [
    (1, 9, "appropriate"), (4, 9, "appropriate"), (15, 8, "appropriate"),
    (6, 5, "may_be_appropriate"), (11, 4, "may_be_appropriate"), (17, 5, "may_be_appropriate"),
    (9, 1, "inappropriate"), (13, 3, "inappropriate"), (16, 3, "inappropriate"),
])
def test_audit_r2_rating_decides(run, variant, rating, status):
    res = run([exam(variant=variant)], [proc(MAMMO, 30)]).procedures[0]
    assert (res.rule, res.rating, res.status, res.acr_procedure) == ("R2", rating, status, MD)
    assert f"rates Mammography diagnostic {rating}" in res.reason
    if variant in (6, 11, 17):
        assert res.guideline_comment.startswith("If further evaluation is needed")
        assert res.guideline_comment in res.reason
    else:
        assert res.guideline_comment is None


# --- R3 short interval follow-up -----------------------------------------------------------------

@pytest.mark.parametrize("assessment,status", [
    ("3", "appropriate"), ("0", "appropriate"), (None, "appropriate"),
    ("1", "inappropriate"), ("2", "inappropriate"), ("4", "inappropriate"),
    ("4B", "inappropriate"), ("5", "inappropriate"), ("6", "inappropriate"),
])
def test_audit_r3_after_workup_the_assessment_decides(run, assessment, status):
    # Screening day 0 (variant 10), workup mammogram and its report on day 10, follow-up day 180.
    exams = [exam(variant=10), workup_report(10, assessment)]
    res = run(exams, [workup(10), proc(MAMMO, 180)]).procedures[1]
    assert (res.rule, res.status, res.acr_procedure, res.rating) == ("R3", status, SIFU, 2)


def test_audit_r3_assessment_unknown_without_report(run):
    res = run([exam(variant=10)], [workup(10), proc(MAMMO, 180)]).procedures[1]
    assert verdict(res) == ("appropriate", "R3") and "unknown" in res.reason


@pytest.mark.parametrize("variant", [4, 10, 1])
def test_audit_r3_straight_from_screening_the_rating_decides(run, variant):
    res = run([exam(variant=variant)], [proc(MAMMO, 120)]).procedures[0]
    assert verdict(res) == ("inappropriate", "R3")
    assert "straight from screening" in res.reason and res.rating <= 2


def test_audit_r3_diagnostic_index_is_the_workup(run):
    res = run([exam("D1", 0, "diagnostic", 10, "3")], [proc(MAMMO, 180)]).procedures[0]
    assert verdict(res) == ("appropriate", "R3") and "BI-RADS 3" in res.reason


def test_audit_r3_own_report_does_not_decide(run):
    # The follow-up's own report (same day, BI-RADS 2) is not the workup assessment.
    exams = [exam("D1", 0, "diagnostic", 10, "3"), workup_report(180, "2")]
    res = run(exams, [proc(MAMMO, 180)]).procedures[0]
    assert verdict(res) == ("appropriate", "R3")


def test_audit_r3_split_same_day_mammograms_are_one_visit(run):
    exams = [exam(variant=10)]
    left, right = run(exams, [proc("77065-LT", 150), proc("77065-RT", 150)]).procedures
    assert verdict(left) == verdict(right) == ("inappropriate", "R3")


# --- R4 US breast --------------------------------------------------------------------------------

@pytest.mark.parametrize("variant,mass,extensive,status", [
    (4, True, False, "may_be_appropriate"),
    (4, False, True, "inappropriate"),      # variant 4: only a mass or focal asymmetry
    (4, False, False, "inappropriate"),
    (8, False, True, "may_be_appropriate"),
    (8, True, False, "may_be_appropriate"),
    (1, False, False, "inappropriate"),
    (14, False, True, "may_be_appropriate"),
    (10, True, True, "inappropriate"),      # rated 1 for variant 10
    (9, True, True, "inappropriate"),
])
def test_audit_r4_after_workup_the_condition_decides(run, variant, mass, extensive, status):
    exams = [exam(variant=variant, mass=mass, extensive=extensive)]
    res = run(exams, [workup(10), proc(US, 12)]).procedures[1]
    assert (res.rule, res.status, res.acr_procedure) == ("R4", status, "US breast")
    rating = load_guideline().rating(variant, "US breast")
    assert res.rating == rating.rating
    if rating.comment:
        assert res.guideline_comment == rating.comment and rating.comment in res.reason


# The guideline: "Only after diagnostic mammographic workup demonstrates ... with an associated
# mass/focal asymmetry or having an extensive distribution": the condition holds when the index
# exam OR a diagnostic report of the episode on or before the ultrasound says so (cross-check C87).
@pytest.mark.parametrize("variant,index_says,report_says,report_at,status", [
    (1, {}, dict(mass=True), 5, "may_be_appropriate"),
    (1, {}, dict(extensive=True), 5, "may_be_appropriate"),
    (1, dict(mass=True), {}, 5, "may_be_appropriate"),      # the index exam still counts
    (1, {}, {}, 5, "inappropriate"),
    (4, {}, dict(extensive=True), 5, "inappropriate"),      # variant 4: mass/asymmetry only
    (4, {}, dict(mass=True), 5, "may_be_appropriate"),
    (8, {}, dict(extensive=True), 3, "may_be_appropriate"),  # an earlier report
    (1, {}, dict(mass=True), 6, "inappropriate"),           # a report after the ultrasound
    (10, {}, dict(mass=True, extensive=True), 5, "inappropriate"),  # US rated 1
])
def test_audit_r4_condition_reads_the_workup_reports(run, variant, index_says, report_says,
                                                     report_at, status):
    report = exam("N1", report_at, "diagnostic", None, "4", **report_says)  # no variant
    exams = [exam(variant=variant, **index_says), report]
    res = run(exams, [workup(3), proc(US, 5)]).procedures[1]
    assert (res.rule, res.status) == ("R4", status)
    if report_at <= 5 and res.rating == 4:
        assert "diagnostic report N1" in res.reason


def test_audit_r4_own_report_is_not_the_workup(run):
    # The ultrasound's own report (same accession) describing a mass is not what the
    # mammographic workup demonstrated.
    report = exam("U5", 5, "diagnostic", None, "4", mass=True)
    res = run([exam(variant=1), report], [workup(3), proc(US, 5, acc="U5")]).procedures[1]
    assert verdict(res) == ("inappropriate", "R4")


@pytest.mark.parametrize("variant", [4, 8, 1])
def test_audit_r4_before_workup_inappropriate(run, variant):
    res = run([exam(variant=variant, mass=True, extensive=True)], [proc(US, 3)]).procedures[0]
    assert verdict(res) == ("inappropriate", "R4")
    assert "before any diagnostic mammographic workup" in res.reason


@pytest.mark.parametrize("order", ["us_first", "mammogram_first"])
def test_audit_r4_same_day_mammogram_comes_first(run, order):
    procs = [proc(US, 14), proc(MAMMO, 14)]
    if order == "mammogram_first":
        procs.reverse()
    results = {r.procedure.code: r for r in run([exam(mass=True)], procs).procedures}
    assert verdict(results[US]) == ("may_be_appropriate", "R4")
    assert verdict(results[MAMMO]) == ("appropriate", "R2")


def test_audit_r4_mammogram_the_day_after_does_not_count(run):
    res = run([exam(mass=True)], [proc(US, 14), proc(MAMMO, 15)]).procedures[0]
    assert verdict(res) == ("inappropriate", "R4")


def test_audit_r4_diagnostic_index(run):
    res = run([exam("D1", 0, "diagnostic", 8, "4", extensive=True)], [proc(US, 0)]).procedures[0]
    assert verdict(res) == ("may_be_appropriate", "R4")


# audit.md: "workup done: ... a diagnostic mammogram of this episode took place on or before that
# date"; a diagnostic report of the episode documents one (cross-check C15). Same convention as
# for mammogram rows: a same-day report comes first, except for a mammogram, whose same-day
# report is its own visit; a report with the row's own accession is the row's own report.
@pytest.mark.parametrize("report,procedure,expected", [
    (dict(at=10, birads="4"), dict(code=CORE, at=15), ("appropriate", "R6")),
    (dict(at=15, birads="4"), dict(code=CORE, at=15), ("appropriate", "R6")),
    (dict(at=16, birads="4"), dict(code=CORE, at=15), ("inappropriate", "R6")),
    (dict(at=10, birads="2"), dict(code=CORE, at=15), ("inappropriate", "R6")),
    (dict(at=10, birads="3"), dict(code=CORE, at=15), ("may_be_appropriate", "R6")),
    (dict(at=0, birads="4"), dict(code=CORE, at=15), ("appropriate", "R6")),     # index's day
    (dict(at=-5, birads="4"), dict(code=CORE, at=15), ("inappropriate", "R6")),  # before it
    (dict(at=10, birads="4", patient="P2"), dict(code=CORE, at=15),
     ("inappropriate", "R6")),                                                    # other patient
    (dict(at=10, birads="3"), dict(code=MAMMO, at=150), ("appropriate", "R3")),
    (dict(at=10, birads="2"), dict(code=MAMMO, at=150), ("inappropriate", "R3")),
    (dict(at=150, birads="3"), dict(code=MAMMO, at=150), ("inappropriate", "R3")),  # own visit
    (dict(at=10, birads="4"), dict(code=US, at=12), ("may_be_appropriate", "R4")),
    (dict(at=12, birads="4"), dict(code=US, at=12), ("may_be_appropriate", "R4")),
    (dict(at=12, birads="4", acc="U12"), dict(code=US, at=12, acc="U12"),
     ("inappropriate", "R4")),                                                    # its own report
])
def test_audit_diagnostic_report_is_workup_evidence(run, report, procedure, expected):
    exams = [exam(variant=8, extensive=True), workup_report(**report)]
    res = run(exams, [proc(**procedure)]).procedures[0]
    assert verdict(res) == expected
    if "after the diagnostic workup" in res.reason:
        assert f"diagnostic report {report.get('acc') or 'W' + str(report['at'])}" in res.reason


# An ultrasound (or MRI, biopsy) report is not a mammogram: dated with its ultrasound, it must
# not make that ultrasound look "after the workup"; its BI-RADS is still a workup assessment.
def test_audit_ultrasound_report_is_not_evidence_of_a_diagnostic_mammogram(run):
    us_report = replace(workup_report(12, "4", acc="U12"), mammogram=False)
    exams = [exam(variant=8, extensive=True), us_report]
    res = run(exams, [proc(US, 12)]).procedures[0]
    assert verdict(res) == ("inappropriate", "R4")
    assert "before any diagnostic mammographic workup" in res.reason
    core = run(exams, [workup(10), proc(CORE, 15)]).procedures[1]
    assert verdict(core) == ("appropriate", "R6") and "U12" in core.reason  # its BI-RADS 4


def test_audit_u1_ultrasound_report_is_no_diagnostic_mammogram(run):
    us_report = replace(exam("U10", 10, "diagnostic", None, "2"), mammogram=False)
    result = run([exam(variant=4), us_report], [])
    assert [f.rule for f in result.underuse] == ["U1"]


def test_audit_report_of_a_previous_episode_is_not_workup_evidence(run):
    exams = [exam("S1", 0, variant=1), workup_report(10, "4"), exam("S2", 200, variant=1)]
    res = run(exams, [proc(CORE, 210)]).procedures[0]
    assert res.index_accession == "S2" and verdict(res) == ("inappropriate", "R6")


# --- R5 MRI, PET, sestamibi, FNA -----------------------------------------------------------------

@pytest.mark.parametrize("procedure,acr", [
    (dict(code=MRI), "MRI breast without and with contrast"),
    (dict(code="77059"), "MRI breast without and with contrast"),
    (dict(code="78815"), "PET breast"),
    (dict(name="PEM"), "PET breast"),
    (dict(code="S8080"), "Tc-99m sestamibi scan breast"),
    (dict(name="BSGI"), "Tc-99m sestamibi scan breast"),
    (dict(code="78803"), "Tc-99m sestamibi scan breast"),
    (dict(code=FNA), "Fine needle aspiration breast"),
    (dict(name="FNA BREAST"), "Fine needle aspiration breast"),
])
@pytest.mark.parametrize("after_workup", [False, True])
def test_audit_r5_rating_decides(run, procedure, acr, after_workup):
    procs = ([workup(10)] if after_workup else []) + [proc(at=20, **procedure)]
    res = run([exam(variant=1)], procs).procedures[-1]
    assert (res.rule, res.status, res.acr_procedure, res.rating) == ("R5", "inappropriate", acr, 1)
    assert "Guideline:" in res.reason


# --- R6 core biopsy ------------------------------------------------------------------------------

@pytest.mark.parametrize("assessment,status", [
    ("4", "appropriate"), ("4A", "appropriate"), ("4B", "appropriate"), ("4C", "appropriate"),
    ("5", "appropriate"), ("6", "appropriate"), ("0", "appropriate"), (None, "appropriate"),
    ("3", "may_be_appropriate"), ("2", "inappropriate"), ("1", "inappropriate"),
])
def test_audit_r6_after_workup_the_assessment_decides(run, assessment, status):
    exams = [exam(variant=1), workup_report(10, assessment)]
    res = run(exams, [workup(10), proc(CORE, 20)]).procedures[1]
    assert (res.rule, res.status, res.rating) == ("R6", status, 1)


def test_audit_r6_straight_from_screening(run):
    res = run([exam(variant=1, birads="0")], [proc(CORE, 5)]).procedures[0]
    assert verdict(res) == ("inappropriate", "R6")
    assert "directly from screening" in res.reason


def test_audit_r6_same_day_workup_and_biopsy(run):
    exams = [exam(variant=1), workup_report(10, "4C")]
    res = run(exams, [proc(CORE, 10), proc(MAMMO, 10)]).procedures[0]
    assert verdict(res) == ("appropriate", "R6") and "BI-RADS 4C" in res.reason


@pytest.mark.parametrize("assessment,status", [("4", "appropriate"), ("3", "may_be_appropriate"),
                                               ("2", "inappropriate")])
def test_audit_r6_assessment_from_later_diagnostic_report(run, assessment, status):
    # The latest diagnostic report on or before the biopsy decides, not an earlier one.
    exams = [exam(variant=1), workup_report(10, "0"), workup_report(30, assessment)]
    res = run(exams, [workup(10), proc(CORE, 40)]).procedures[1]
    assert verdict(res) == (status, "R6")


def test_audit_screening_assessment_is_not_a_workup_assessment(run):
    # A BI-RADS 2 on the screening index does not make the biopsy inappropriate.
    res = run([exam(variant=1, birads="2")], [workup(10), proc(CORE, 20)]).procedures[1]
    assert verdict(res) == ("appropriate", "R6") and "unknown" in res.reason


def test_audit_report_before_the_episode_is_not_the_workup(run):
    exams = [workup_report(-20, "2"), exam(variant=1)]
    res = run(exams, [workup(10), proc(CORE, 20)]).procedures[1]
    assert verdict(res) == ("appropriate", "R6")


# --- R1 and R7: tissue diagnosis, localization ---------------------------------------------------

def test_audit_r1_after_tissue_diagnosis(run):
    exams = [exam(variant=1), workup_report(10, "4B")]
    procs = [workup(10), proc(CORE, 20), proc(LOC, 35), proc(MRI, 30), proc("19125", 36),
             proc(CORE, 50), proc(MAMMO, 60), proc(US, 21)]
    results = run(exams, procs).procedures
    assert [verdict(r) for r in results] == [
        ("appropriate", "R2"), ("appropriate", "R6"), ("out_of_scope", "R1"),
        ("out_of_scope", "R1"), ("out_of_scope", "R1"), ("out_of_scope", "R1"),
        ("out_of_scope", "R1"), ("out_of_scope", "R1")]
    loc = results[2]
    assert loc.acr_procedure == "Imaging localization for surgical excision breast"
    assert loc.rating is None and "day 20" in loc.reason


def test_audit_r7_localization_without_biopsy(run):
    res = run([exam(variant=1)], [workup(10), proc(LOC, 30)]).procedures[1]
    assert (res.rule, res.status, res.rating) == ("R7", "inappropriate", 1)


def test_audit_r7_same_day_biopsy_is_not_earlier(run):
    exams = [exam(variant=1), workup_report(10, "5")]
    core, loc = run(exams, [proc(CORE, 20), proc(LOC, 20)]).procedures
    assert verdict(core) == ("appropriate", "R6")   # the day-10 diagnostic report is the workup
    assert verdict(loc) == ("inappropriate", "R7")


def test_audit_r1_needs_the_same_episode(run):
    # A biopsy of an earlier episode is no tissue diagnosis for the next one.
    exams = [exam("S1", 0, variant=1), exam("S2", 300, variant=4)]
    res = run(exams, [proc(CORE, 100), proc(LOC, 310)]).procedures[1]
    assert verdict(res) == ("inappropriate", "R7") and res.index_accession == "S2"


# --- R8 and unrecognized -------------------------------------------------------------------------

@pytest.mark.parametrize("procedure,words", [
    (dict(code=SCREEN), "screening mammogram"),
    (dict(code="77046"), "MRI breast without contrast"),
    (dict(name="MRI BREAST W/O CONTRAST"), "MRI breast without contrast"),
    (dict(code="19125"), "surgical excision"),
    (dict(code="19000"), "other breast procedure"),
])
def test_audit_r8_not_in_guideline(run, procedure, words):
    res = run([exam()], [proc(at=40, **procedure)]).procedures[0]
    assert (res.status, res.rule, res.rating, res.acr_procedure) == ("out_of_scope", "R8", None,
                                                                    None)
    assert words in res.reason


@pytest.mark.parametrize("procedure", [dict(code="99999"), dict(code="99999", name="CONSULT"),
                                       dict(name="BILATERAL MAMMOGRAM"), dict()])
def test_audit_unrecognized(run, procedure):
    res = run([exam()], [proc(at=10, **procedure)]).procedures[0]
    assert verdict(res) == ("unrecognized", "R8") and res.category is None
    assert res.index_accession == "S1"


def test_audit_unknown_code_known_name(run):
    res = run([exam(mass=True)], [workup(5), proc("99999", 10, name="US BREAST LTD RT")])
    assert verdict(res.procedures[1]) == ("may_be_appropriate", "R4")


def test_audit_read_error_row_is_kept(run):
    res = run([exam()], [proc(MAMMO, when=None, error="missing procedure_date")])
    only = res.procedures[0]
    assert verdict(only) == ("unrecognized", "R8") and "could not be read" in only.reason


def test_audit_a_cosmetic_row_error_does_not_stop_the_rating(run):
    """An undecodable byte in the site column must not un-rate a biopsy (and so R1 after it)."""
    bad_site = "invalid UTF-8 in site: 1 undecodable byte(s) replaced with U+FFFD"
    res = run([exam(variant=4), workup_report(10, "4")],
              [proc(MAMMO, 10), proc(CORE, 20, error=bad_site), proc(LOC, 40)])
    assert [verdict(r) for r in res.procedures] == [
        ("appropriate", "R2"), ("appropriate", "R6"), ("out_of_scope", "R1")]


def test_audit_missing_date_is_unlinked(run):
    res = run([exam()], [proc(MAMMO, when=None)]).procedures[0]
    assert verdict(res) == ("unlinked", "R8") and "no procedure date" in res.reason


def test_audit_free_text_names_only(run):
    exams = [exam(variant=4, mass=True), workup_report(10, "4")]
    names = ["SCREENING MAMMO", "MAG VIEWS", "US BREAST LTD RT", "STEREO BX BREAST", "WIRE LOC"]
    days = [0, 10, 10, 20, 40]
    procs = [proc(name=n, at=d) for n, d in zip(names, days, strict=True)]
    assert [verdict(r) for r in run(exams, procs).procedures] == [
        ("out_of_scope", "R8"), ("appropriate", "R2"), ("may_be_appropriate", "R4"),
        ("appropriate", "R6"), ("out_of_scope", "R1")]


# --- under-use -----------------------------------------------------------------------------------

@pytest.mark.parametrize("procs,flagged,next_day", [
    ([(MAMMO, 90)], False, None),
    ([(MAMMO, 91)], True, 91),
    ([], True, None),
    ([(US, 12)], True, 12),
    ([(SCREEN, 0)], True, None),          # the index itself is neither workup nor "instead"
    ([("77061", 30)], False, None),       # a DBT add-on is billed only with a diagnostic mammogram
])
def test_audit_u1_no_diagnostic_workup(run, procs, flagged, next_day):
    exams = [exam(variant=4)]
    result = run(exams, [proc(c, d, acc="S1" if c == SCREEN else None) for c, d in procs])
    flags = [f for f in result.underuse if f.rule == "U1"]
    assert bool(flags) == flagged
    if flagged:
        flag = flags[0]
        assert (flag.accession, flag.rating, flag.next_procedure_day) == ("S1", 9, next_day)
        assert "Mammography diagnostic 9" in flag.reason
        assert ("no later procedure" in flag.reason) == (next_day is None)


# U1 "no diagnostic mammogram within 90 days": a diagnostic report within the window shows the
# diagnostic workup happened (cross-check C15); a DBT add-on row is billed only with a
# diagnostic mammogram, so it shows one on its day (C93).
@pytest.mark.parametrize("reports,procs,flagged", [
    ([(10, "diagnostic")], [], False),
    ([(0, "diagnostic")], [], False),
    ([(90, "diagnostic")], [], False),
    ([(91, "diagnostic")], [], True),
    ([(-1, "diagnostic")], [], True),
    ([(10, "screening")], [], True),      # a screening report is no workup
    ([], [("G0279", 5)], False),
    ([], [("77062", 90)], False),
    ([], [("77061", 91)], True),
    ([], [("77063", 5)], True),           # screening tomosynthesis is not an add-on of one
])
def test_audit_u1_reports_and_addons_show_the_workup(run, reports, procs, flagged):
    exams = [exam(variant=4)] + [exam(f"R{at}", at, kind, None, "2") for at, kind in reports]
    result = run(exams, [proc(c, d) for c, d in procs])
    assert any(f.rule == "U1" for f in result.underuse) == flagged


@pytest.mark.parametrize("index,flagged", [
    (dict(variant=6), False),             # rated 5: may be appropriate, not required
    (dict(variant=13), False),
    (dict(variant=15), True),             # rated 8
    (dict(kind="diagnostic", birads="3"), False),  # a diagnostic index is its own workup
    (dict(variant=None), False),          # not an index exam
])
def test_audit_u1_which_exams(run, index, flagged):
    result = run([exam(**index)], [])
    assert any(f.rule == "U1" for f in result.underuse) == flagged


@pytest.mark.parametrize("procs,flagged,next_day", [
    ([(CORE, 90)], False, None),
    ([(CORE, 91)], True, 91),
    ([(LOC, 30)], False, None),
    ([(FNA, 20)], True, 20),              # FNA does not count
    ([], True, None),
])
def test_audit_u2_no_tissue_sampling(run, procs, flagged, next_day):
    exams = [exam("D1", 0, "diagnostic", 1, "4B")]
    result = run(exams, [proc(c, d) for c, d in procs])
    flags = [f for f in result.underuse if f.rule == "U2"]
    assert bool(flags) == flagged
    if flagged:
        assert flags[0].next_procedure_day == next_day
        assert "BI-RADS 4B" in flags[0].reason
    if procs and procs[0][0] == FNA:
        assert flags[0].next_procedure.startswith("Fine needle aspiration breast")


@pytest.mark.parametrize("birads,flagged", [("4", True), ("4A", True), ("4C", True), ("5", True),
                                            ("3", False), ("0", False), ("6", False),
                                            (None, False)])
def test_audit_u2_which_assessments(run, birads, flagged):
    result = run([exam("S1", 0, "screening", 10, birads)], [proc(MAMMO, 10)])
    assert any(f.rule == "U2" for f in result.underuse) == flagged


def test_audit_underuse_rules_switch(run):
    exams = [exam("S1", 0, "screening", 1, "4")]
    assert {f.rule for f in run(exams, []).underuse} == {"U1", "U2"}
    only_u2 = AuditSettings(underuse_rules=("U2",))
    assert {f.rule for f in run(exams, [], only_u2).underuse} == {"U2"}
    assert run(exams, [], AuditSettings(underuse_rules=())).underuse == []


def test_audit_underuse_window_setting(run):
    exams = [exam(variant=4)]
    settings = AuditSettings(underuse_window_days=120)
    assert run(exams, [proc(MAMMO, 100)], settings).underuse == []


# --- settings ------------------------------------------------------------------------------------

def test_audit_windows_from_settings(run):
    settings = AuditSettings(diagnostic_window_days=60, short_interval_window_days=200,
                             link_window_days=300)
    got = [r.rule for r in run([exam()], [proc(MAMMO, d) for d in (60, 61, 200, 201, 301)],
                               settings).procedures]
    assert got == ["R2", "R3", "R3", "R8", "R8"]
    assert run([exam()], [proc(MAMMO, 301)], settings).procedures[0].status == "unlinked"


def test_audit_inconsistent_settings(run):
    with pytest.raises(SettingsError, match="diagnostic_window_days"):
        run([exam()], [], AuditSettings(diagnostic_window_days=300))


@pytest.mark.parametrize("text,expected", [
    ("", AuditSettings()),
    ("[audit]\ndiagnostic_window_days = 60\nunderuse_rules = ['U2']\n",
     AuditSettings(diagnostic_window_days=60, underuse_rules=("U2",))),
    ("link_window_days = 400\nextensive_extent_mm = 40\n[columns]\nreport_text = 'RPT_TXT'\n",
     AuditSettings(link_window_days=400, extensive_extent_mm=40.0)),
    ("[audit]\nunderuse_rules = []\n", AuditSettings(underuse_rules=())),
])
def test_settings_load(tmp_path, text, expected):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    assert load_settings(path) == expected


@pytest.mark.parametrize("text,key", [
    ("[audit]\ndiagnostic_windo_days = 60\n", "audit.diagnostic_windo_days"),
    ("diagnostic_window_days = -1\n", "diagnostic_window_days"),
    ("diagnostic_window_days = 90.5\n", "diagnostic_window_days"),
    ("link_window_days = true\n", "link_window_days"),
    ("extensive_extent_mm = 0\n", "extensive_extent_mm"),
    ("underuse_rules = ['U3']\n", "underuse_rules"),
    ("underuse_rules = 'U1'\n", "underuse_rules"),
    ("[audti]\nlink_window_days = 1\n", "audti"),
    ("link_window_days = 300\n[audit]\nlink_window_days = 200\n", "audit.link_window_days"),
    ("diagnostic_window_days = 300\n", "diagnostic_window_days"),
    ("audit = 3\n", "audit"),
])
def test_settings_errors_name_file_and_key(tmp_path, text, key):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert (err.value.file, err.value.column) == (str(path), key)


def test_settings_bad_toml_and_missing_file(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("diagnostic_window_days = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_audit_settings_defaults_untouched():
    assert replace(AuditSettings()) == AuditSettings(90, 270, 365, 50.0, 90, ("U1", "U2"))


# --- the sample department: reports_sample/EXPECTED.md --------------------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "reports_sample"


def _markdown_table(text: str, heading: str) -> list[dict[str, str]]:
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
            for ln in lines[2:]]


def _sample_exams(rows) -> list[Exam]:
    return [Exam(accession=r["accession"], patient_id=r["patient"],
                 exam_date=date.fromisoformat(r["date"]), exam_kind=r["kind"],
                 variant=int(r["variant"]) if r["variant"] else None, birads=r["birads"] or None,
                 associated_mass_or_asymmetry=r["mass"] == "yes",
                 extensive=r["extensive"] == "yes", row=n)
            for n, r in enumerate(rows, start=2)]


def _sample_procedures() -> list[Procedure]:
    with (SAMPLE / "procedures.csv").open(newline="", encoding="utf-8") as fh:
        return [Procedure(row=n, patient_id=r["patient_id"],
                          procedure_date=date.fromisoformat(r["procedure_date"]),
                          code=r["cpt_code"] or None, name=r["procedure_name"] or None,
                          accession=r["accession"] or None, laterality=r["laterality"] or None,
                          ordering_provider=r["ordering_provider"], site=r["site"])
                for n, r in enumerate(csv.DictReader(fh), start=2)]


def test_audit_sample_department(run):
    expected = (SAMPLE / "EXPECTED.md").read_text(encoding="utf-8")
    report_rows = _markdown_table(expected, "Reports")
    with (SAMPLE / "reports.csv").open(newline="", encoding="utf-8") as fh:
        accessions = [r["accession"] for r in csv.DictReader(fh)]
    assert accessions == [r["accession"] for r in report_rows]
    assert len(accessions) >= 40

    procedures = _sample_procedures()
    result = run(_sample_exams(report_rows), procedures)
    want = _markdown_table(expected, "Procedures")
    assert len(procedures) == len(want) >= 60
    got = [(str(r.procedure.row), r.status, r.rule, r.index_accession or "")
           for r in result.procedures]
    assert got == [(w["row"], w["status"], w["rule"], w["index"]) for w in want]

    flags = [(f.accession, f.rule, f.next_procedure, str(f.next_procedure_day))
             for f in result.underuse]
    assert flags == [(w["accession"], w["rule"], w["found instead"], w["day"])
                     for w in _markdown_table(expected, "Under-use")]

    # the sample exercises every rule and status, with 3-4 providers at 2 sites
    assert {r.rule for r in result.procedures} == {f"R{i}" for i in range(1, 9)}
    assert {r.status for r in result.procedures} == set(STATUSES)
    assert {f.rule for f in result.underuse} == {"U1", "U2"}
    assert len({p.ordering_provider for p in procedures}) in (3, 4)
    assert len({p.site for p in procedures}) == 2
    assert any(p.code and not p.name for p in procedures)
    assert any(p.name and not p.code for p in procedures)
