"""Records -> rows: the one place the output columns are named (interfaces.md).

Pure functions over the models: no files, no spreadsheets. Every writer (workbook, CSV, Parquet,
JSONL) takes its columns and values from here, so a dashboard reading `procedures.csv` and a
quality officer reading the Procedures sheet see the same names in the same order.

Values stay Python-typed (date, int, float, bool, str, None); each writer turns them into its
format and neutralises text that a spreadsheet could run (see `safe.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from auditor.models import Finding, InputFile, ProcedureResult, ReportRecord, RunInfo, UnderuseFlag

# variants.py owns which morphology decides a finding; the outputs only show it.
from auditor.variants import deciding_morphology

# The contract columns come first and never move; extras are appended after them.
REPORT_COLUMNS = (
    "accession", "patient_id", "exam_date", "exam_kind", "variant", "variant_title",
    "variant_reason", "birads", "laterality", "associated_mass_or_asymmetry",
    # extras
    "n_findings", "extensive", "row", "error",
)
FINDING_COLUMNS = (
    "accession", "morphology", "deciding_morphology", "distribution", "group_count",
    "laterality", "location", "extent_mm", "associated_mass_or_asymmetry", "negated",
    "historical", "hedged", "counts", "section", "evidence", "evidence_start", "evidence_end",
    "hypothetical",
)
PROCEDURE_COLUMNS = (
    "patient_id", "procedure_date", "code", "procedure_name", "acr_procedure",
    "index_accession", "days_from_index", "variant", "rating", "rating_category", "status",
    "rule", "reason",
    # extras
    "row", "category", "guideline_comment", "accession", "laterality", "ordering_provider",
    "site", "error",
)
UNDERUSE_COLUMNS = (
    "accession", "patient_id", "exam_date", "variant", "birads", "rule", "reason",
    # extras
    "rating", "next_procedure", "next_procedure_day",
)
# Summary in long ("tidy") form so that a dashboard can pivot it and a person can filter it.
SUMMARY_COLUMNS = ("section", "item", "status", "count", "rate", "detail")
RULES_COLUMNS = ("variant", "title", "procedure", "rating", "rrl", "comment", "rules_version")
RUN_COLUMNS = ("key", "value", "rows", "sha256")

# How each column is typed in the typed formats (Parquet schema, Excel number formats).
# A column name means the same thing in every table, so one mapping serves all of them.
COLUMN_KINDS: dict[str, str] = {
    "exam_date": "date", "procedure_date": "date",
    "variant": "int", "group_count": "int", "evidence_start": "int", "evidence_end": "int",
    "days_from_index": "int", "rating": "int", "row": "int", "n_findings": "int",
    "next_procedure_day": "int", "count": "int", "rows": "int",
    "extent_mm": "float", "rate": "float",
    "associated_mass_or_asymmetry": "bool", "negated": "bool", "historical": "bool",
    "hedged": "bool", "counts": "bool", "extensive": "bool", "hypothetical": "bool",
}


def column_kind(name: str) -> str:
    """'date', 'int', 'float', 'bool' or 'str'."""
    return COLUMN_KINDS.get(name, "str")


# --- row builders -----------------------------------------------------------------------------

def report_row(rec: ReportRecord) -> tuple:
    """One Reports row, in REPORT_COLUMNS order."""
    return (
        rec.accession, rec.patient_id, rec.exam_date, rec.exam_kind, rec.variant,
        rec.variant_title, rec.variant_reason, rec.birads, rec.laterality,
        rec.associated_mass_or_asymmetry,
        len(rec.findings), rec.extensive, rec.row, rec.error,
    )


def finding_rows(rec: ReportRecord) -> list[tuple]:
    """One Findings row per finding of the report, in FINDING_COLUMNS order."""
    return [_finding_row(rec.accession, f) for f in rec.findings]


def _finding_row(accession: str, f: Finding) -> tuple:
    evidence = f.evidence
    return (
        accession, "|".join(f.morphology), deciding_morphology(f), f.distribution,
        f.group_count, f.laterality, f.location, f.extent_mm, f.associated_mass_or_asymmetry,
        f.negated, f.historical, f.hedged, f.counts, f.section,
        " | ".join(e.text for e in evidence) if evidence else None,
        min(e.start for e in evidence) if evidence else None,
        max(e.end for e in evidence) if evidence else None,
        f.hypothetical,
    )


def procedure_row(res: ProcedureResult) -> tuple:
    """One Procedures row, in PROCEDURE_COLUMNS order."""
    p = res.procedure
    return (
        p.patient_id, p.procedure_date, p.code, p.name, res.acr_procedure,
        res.index_accession, res.days_from_index, res.variant, res.rating,
        res.rating_category, res.status, res.rule, res.reason,
        p.row, res.category, res.guideline_comment, p.accession, p.laterality,
        p.ordering_provider, p.site, p.error,
    )


def underuse_row(flag: UnderuseFlag) -> tuple:
    """One Underuse row, in UNDERUSE_COLUMNS order."""
    return (
        flag.accession, flag.patient_id, flag.exam_date, flag.variant, flag.birads, flag.rule,
        flag.reason, flag.rating, flag.next_procedure, flag.next_procedure_day,
    )


def rules_rows(guideline) -> list[tuple]:
    """The Rules sheet: the ratings table in force (`auditor rules show`) and its version."""
    return [(r["variant"], r["title"], r["procedure"], r["rating"], r["rrl"], r["comment"],
             guideline.version) for r in guideline.rows()]


def run_rows(run: RunInfo) -> list[tuple]:
    """The Run sheet: enough to reproduce the audit, as key/value pairs."""
    out = [
        ("tool_version", run.tool_version, None, None),
        ("rules_version", run.rules_version, None, None),
        ("rules_fingerprint", run.rules_fingerprint, None, None),
    ]
    out.extend(_input_row(f) for f in run.inputs)
    for key, value in _flat_options(run.options):
        out.append((f"option.{key}", value, None, None))
    for table, rows_in, rows_out in run.reconciliation:
        verdict = "OK" if rows_in == rows_out else "MISMATCH"
        out.append((f"reconciliation.{table}", f"{rows_in} in, {rows_out} out: {verdict}",
                    rows_out, None))
    out.append(("started", run.started, None, None))
    out.append(("finished", run.finished, None, None))
    return out


def _input_row(f: InputFile) -> tuple:
    return ("input", f.name, f.rows, f.sha256)


def _flat_options(options: Mapping | None, prefix: str = "") -> Iterable[tuple[str, str | None]]:
    for key in sorted(options or {}, key=str):
        value = options[key]
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flat_options(value, prefix=f"{name}.")
        elif value is None or isinstance(value, str):
            yield name, value
        elif isinstance(value, bool | int | float):
            yield name, json.dumps(value)
        else:
            yield name, json.dumps(value, default=str, ensure_ascii=False)


# --- the JSONL extraction record --------------------------------------------------------------

def record_to_json(rec: ReportRecord) -> dict:
    """The extraction record exactly as interfaces.md shows it (one JSONL line).

    A report whose row could not be read also carries `error` (last key), so the reason is not
    lost; records read without error have exactly the contract's keys.
    """
    out = {
        "accession": rec.accession,
        "patient_id": rec.patient_id,
        "exam_date": rec.exam_date.isoformat() if rec.exam_date else None,
        "exam_kind": rec.exam_kind,
        "variant": rec.variant,
        "variant_title": rec.variant_title,
        "variant_reason": rec.variant_reason,
        "birads": rec.birads,
        "laterality": rec.laterality,
        "associated_mass_or_asymmetry": rec.associated_mass_or_asymmetry,
        "findings": [finding_to_json(f) for f in rec.findings],
    }
    if rec.error is not None:
        out["error"] = rec.error
    return out


def finding_to_json(f: Finding) -> dict:
    return {
        "morphology": list(f.morphology),
        "deciding_morphology": deciding_morphology(f),
        "distribution": f.distribution,
        "group_count": f.group_count,
        "laterality": f.laterality,
        "location": f.location,
        "extent_mm": _plain_number(f.extent_mm),
        "associated_mass_or_asymmetry": f.associated_mass_or_asymmetry,
        "negated": f.negated,
        "historical": f.historical,
        "hedged": f.hedged,
        "counts": f.counts,
        "section": f.section,
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in f.evidence],
        # beyond the contract: why a finding that is neither negated nor historical
        # does not count ("if calcifications develop, ...")
        "hypothetical": f.hypothetical,
    }


def _plain_number(value: float | None) -> float | int | None:
    # 6.0 mm is written 6, as the contract's example shows.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
