"""calc-auditor: audit breast-microcalcification follow-up against the ACR Appropriateness Criteria.

The public API, in pipeline order (read -> extract -> map -> audit -> write)::

    from auditor import read_reports, extract_records, run_audit

    for record in extract_records(read_reports("reports.csv")):
        print(record.accession, record.variant, record.variant_reason)
"""

__version__ = "0.1.0"

from auditor.api import (  # noqa: E402
    exam_of,
    extract_records,
    run_audit,
    run_evaluate,
    run_extract,
)
from auditor.audit import AuditResult, audit  # noqa: E402
from auditor.errors import AuditorError, InputError, RulesError, SettingsError  # noqa: E402
from auditor.guideline import Guideline, load_guideline, rating_category  # noqa: E402
from auditor.inputs.readers import read_procedures, read_reports  # noqa: E402
from auditor.models import (  # noqa: E402
    AuditSettings,
    Evidence,
    Exam,
    Finding,
    Procedure,
    ProcedureResult,
    Report,
    ReportRecord,
    UnderuseFlag,
    VariantDecision,
)
from auditor.procedures import classify_procedure, load_procedure_table  # noqa: E402
from auditor.settings import load_settings  # noqa: E402
from auditor.variants import map_variant  # noqa: E402

__all__ = [
    "AuditResult", "AuditSettings", "AuditorError", "Evidence", "Exam", "Finding", "Guideline",
    "InputError", "Procedure", "ProcedureResult", "Report", "ReportRecord", "RulesError",
    "SettingsError", "UnderuseFlag", "VariantDecision", "__version__", "audit",
    "classify_procedure", "exam_of", "extract_records", "load_guideline",
    "load_procedure_table", "load_settings", "map_variant", "rating_category", "read_procedures",
    "read_reports", "run_audit", "run_evaluate", "run_extract",
]
