"""Readers: report and procedure files (CSV, Excel, Parquet, JSONL) -> Report / Procedure."""

from auditor.inputs.columns import (
    CANONICAL_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    load_column_map,
    parse_column_map,
)
from auditor.inputs.dates import parse_date
from auditor.inputs.readers import (
    FORMATS,
    count_rows_and_sha256,
    excel_xml_is_defused,
    read_procedures,
    read_reports,
)

__all__ = [
    "CANONICAL_COLUMNS",
    "FORMATS",
    "PROCEDURE_COLUMNS",
    "REPORT_COLUMNS",
    "count_rows_and_sha256",
    "excel_xml_is_defused",
    "load_column_map",
    "parse_column_map",
    "parse_date",
    "read_procedures",
    "read_reports",
]
