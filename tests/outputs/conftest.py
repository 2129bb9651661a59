"""Records to write: built by hand, so output tests need no NLP, audit or input files."""

from __future__ import annotations

from datetime import date

import pytest

from auditor.guideline import load_guideline
from auditor.models import (
    STATUSES,
    Evidence,
    Finding,
    InputFile,
    Procedure,
    ProcedureResult,
    ReportRecord,
    RunInfo,
    UnderuseFlag,
)


@pytest.fixture(scope="session")
def guideline():
    return load_guideline()


def make_record(i: int = 1, *, text: str | None = None, n_findings: int = 1) -> ReportRecord:
    findings = tuple(
        Finding(morphology=("round", "amorphous"), distribution="grouped", group_count=1,
                laterality="right", location=text or "10 o'clock, 6 cm FN", extent_mm=6.0,
                evidence=(Evidence(text or "grouped amorphous calcifications", 412, 444),
                          Evidence("amorphous", 450, 459)))
        for _ in range(n_findings))
    return ReportRecord(
        row=i + 1, accession=text or f"A{i}", patient_id=text or f"P{i}",
        exam_date=date(2024, 3, 1), exam_kind="screening",
        variant=4 if i % 3 else None,
        variant_title=(text or "Amorphous, single cluster.") if i % 3 else None,
        variant_reason=None if i % 3 else "no_calcifications",
        birads="0", laterality="right", associated_mass_or_asymmetry=False, findings=findings,
        error=text)


def make_result(i: int = 1, *, text: str | None = None, status: str | None = None,
                provider: bool = True) -> ProcedureResult:
    status = status or STATUSES[i % len(STATUSES)]
    proc = Procedure(row=i + 1, patient_id=text or f"P{i}", procedure_date=date(2024, 3, 10),
                     code=text or "77065", name=text or "MAMMO DIAG",
                     accession=text, laterality=text,
                     ordering_provider=(text or f"Dr {i % 4}") if provider else None,
                     site=(text or "Main") if provider else None)
    return ProcedureResult(proc, text or "diagnostic mammogram", text or "Mammography diagnostic",
                           text or f"A{i}", 9, 4, 9, "usually_appropriate", status,
                           "R2", text or "Mammography diagnostic rated 9 for variant 4",
                           guideline_comment=text)


def make_flag(i: int = 1, *, text: str | None = None) -> UnderuseFlag:
    return UnderuseFlag(text or f"A{i}", text or f"P{i}", date(2024, 3, 1), 4, text or "4B",
                        "U2" if i % 2 else "U1", text or "no core biopsy within 90 days",
                        rating=9, next_procedure=text, next_procedure_day=12)


def make_run(guideline, text: str | None = None) -> RunInfo:
    return RunInfo(tool_version="0.1.0", rules_version=guideline.version,
                   rules_fingerprint=guideline.fingerprint,
                   inputs=(InputFile(text or "reports.csv", 3, "ab" * 32),
                           InputFile("procedures.csv", 3, "cd" * 32)),
                   options={"diagnostic_window_days": 90, "tables": text,
                            "map": {"report_text": text or "RPT_TXT"}},
                   started="2024-01-01T10:00:00", finished="2024-01-01T10:01:00")


@pytest.fixture(scope="session")
def build():
    """The record builders above, for tests (test modules cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(record=make_record, result=make_result, flag=make_flag, run=make_run)
