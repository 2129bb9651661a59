"""Writers of the audit's outputs: the workbook, the --tables files and the extract formats."""

from auditor.outputs.extract_writer import open_extract_writer
from auditor.outputs.rows import (
    FINDING_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    UNDERUSE_COLUMNS,
    record_to_json,
)
from auditor.outputs.safe import safe_text
from auditor.outputs.sink import AuditSink
from auditor.outputs.summary import SummaryCounter

__all__ = [
    "FINDING_COLUMNS",
    "PROCEDURE_COLUMNS",
    "REPORT_COLUMNS",
    "UNDERUSE_COLUMNS",
    "AuditSink",
    "SummaryCounter",
    "open_extract_writer",
    "record_to_json",
    "safe_text",
]
