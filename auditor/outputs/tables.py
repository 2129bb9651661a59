"""`auditor audit --tables DIR`: every sheet of the workbook as DIR/<sheet>.csv (or .parquet).

Same records, same columns (rows.py), same summary counter as the workbook: the two outputs of
one run always agree. Rows are streamed to temporary files that are renamed only when the whole
run has succeeded.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from auditor.models import ProcedureResult, ReportRecord, RunInfo, UnderuseFlag
from auditor.outputs.flat import open_table
from auditor.outputs.rows import (
    FINDING_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    RULES_COLUMNS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    UNDERUSE_COLUMNS,
    finding_rows,
    procedure_row,
    report_row,
    rules_rows,
    run_rows,
    underuse_row,
)
from auditor.outputs.sink import AuditSink
from auditor.outputs.summary import SummaryCounter

TABLE_NAMES = ("summary", "reports", "findings", "procedures", "underuse", "rules", "run")
FORMATS = ("csv", "parquet")


class AuditTablesWriter(AuditSink):
    """Implements AuditSink, like AuditWorkbookWriter, writing one file per sheet."""

    def __init__(self, directory: str | os.PathLike, guideline, fmt: str = "csv"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown table format '{fmt}'; allowed: {list(FORMATS)}")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.guideline = guideline
        self.fmt = fmt
        self.counter = SummaryCounter.for_guideline(guideline)
        self._tables = {}
        self._closed = False
        try:
            for name, columns in (("reports", REPORT_COLUMNS), ("findings", FINDING_COLUMNS),
                                  ("procedures", PROCEDURE_COLUMNS),
                                  ("underuse", UNDERUSE_COLUMNS)):
                self._tables[name] = open_table(self.path(name), columns, fmt)
        except BaseException:
            self.abort()
            raise

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.{self.fmt}"

    def add_report(self, rec: ReportRecord) -> None:
        self._tables["reports"].write_row(report_row(rec))
        for row in finding_rows(rec):
            self._tables["findings"].write_row(row)
        self.counter.add_report(rec)

    def add_procedure(self, res: ProcedureResult) -> None:
        self._tables["procedures"].write_row(procedure_row(res))
        self.counter.add_procedure(res)

    def add_underuse(self, flag: UnderuseFlag) -> None:
        self._tables["underuse"].write_row(underuse_row(flag))
        self.counter.add_underuse(flag)

    def finish(self, run_info: RunInfo) -> None:
        """Write every table to its temporary file; nothing is in place until `commit()`."""
        try:
            small = {
                "summary": (SUMMARY_COLUMNS, [r.values() for r in self.counter.rows()]),
                "rules": (RULES_COLUMNS, rules_rows(self.guideline)),
                "run": (RUN_COLUMNS, run_rows(run_info)),
            }
            for name, (columns, rows) in small.items():
                table = self._tables[name] = open_table(self.path(name), columns, self.fmt)
                for row in rows:
                    table.write_row(row)
            for name in TABLE_NAMES:
                self._tables[name].finish()
        except BaseException:
            self.abort()
            raise

    def commit(self) -> None:
        """Rename every completed table into place (after all sinks have finished)."""
        for name in TABLE_NAMES:
            self._tables.pop(name).commit()
        self._closed = True

    def abort(self) -> None:
        for table in self._tables.values():
            with contextlib.suppress(Exception):
                table.abort()
        self._tables.clear()
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self._closed:
            self.abort()
        return False
