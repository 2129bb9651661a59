"""Run the real audit engine on the hand-written cases (shared by the test and the report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from auditor.audit import audit
from auditor.guideline import load_guideline
from auditor.models import AuditSettings, Exam, Procedure, ProcedureResult, UnderuseFlag
from auditor.procedures import load_procedure_table

from .cases import PATIENTS, P, Patient, X


@dataclass(frozen=True)
class ProcCase:
    id: str
    patient: Patient
    exp: P
    got: ProcedureResult


@dataclass(frozen=True)
class ExamCase:
    id: str
    patient: Patient
    exp: X
    got: frozenset[str]  # U-rules the engine flagged for this accession


def _exam(p: Patient, x: X, row: int) -> Exam:
    return Exam(
        accession=x.acc,
        patient_id=p.pid,
        exam_date=p.base + timedelta(days=x.day),
        exam_kind=x.kind,
        variant=x.variant,
        birads=x.birads,
        associated_mass_or_asymmetry=x.mass,
        extensive=x.extensive,
        row=row,
    )


def _proc(p: Patient, q: P, row: int) -> Procedure:
    return Procedure(
        row=row,
        patient_id=p.pid,
        procedure_date=p.base + timedelta(days=q.day),
        code=q.code,
        name=q.name,
        accession=q.acc,
    )


def _run(patients: list[Patient], settings: AuditSettings, guideline, table):
    exams, procs, expected = [], [], []
    for p in patients:
        for x in p.exams:
            exams.append(_exam(p, x, len(exams) + 2))
        for i, q in enumerate(p.procs):
            procs.append(_proc(p, q, len(procs) + 2))
            expected.append((f"{p.pid}-{i + 1:02d}", p, q))
    result = audit(exams, procs, guideline, table, settings)
    assert len(result.procedures) == len(procs), "one result per input procedure"
    out = []
    for (cid, p, q), inp, got in zip(expected, procs, result.procedures, strict=True):
        assert got.procedure == inp, f"{cid}: results not in input order"
        out.append(ProcCase(cid, p, q, got))
    flags: dict[tuple[str, str], set[str]] = {}
    for f in result.underuse:
        flags.setdefault((f.patient_id, f.accession), set()).add(f.rule)
    ex = [
        ExamCase(f"{p.pid}-{x.acc}", p, x, frozenset(flags.get((p.pid, x.acc), set())))
        for p in patients
        for x in p.exams
    ]
    return out, ex, result.underuse


@lru_cache(maxsize=1)
def run_all() -> tuple[list[ProcCase], list[ExamCase], list[UnderuseFlag]]:
    guideline = load_guideline()
    table = load_procedure_table()
    default = [p for p in PATIENTS if not p.settings]
    procs, exams, flags = _run(default, AuditSettings(), guideline, table)
    for p in PATIENTS:
        if p.settings:
            a, b, c = _run([p], AuditSettings(**p.settings), guideline, table)
            procs += a
            exams += b
            flags += c
    return procs, exams, flags


def expected_link(p: Patient, q: P, link_days: int) -> tuple[str | None, int | None]:
    """audit.md 'Linking': the most recent index exam on or before, at most link_days earlier."""
    best = None
    for x in p.exams:
        if x.variant is not None and x.day <= q.day and (best is None or x.day >= best.day):
            if best is not None and x.day == best.day:
                return "tie", None  # two index exams on one day: audit.md does not order them
            best = x
    if best is None or q.day - best.day > link_days:
        return None, None
    return best.acc, q.day - best.day
