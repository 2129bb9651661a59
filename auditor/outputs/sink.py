"""What every audit output accepts: reports, procedures and under-use flags, streamed.

`auditor audit` feeds the same records to the workbook and, with --tables, to the CSV/Parquet
tables; both implement this protocol and neither keeps the records (only summary counts).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from auditor.models import ProcedureResult, ReportRecord, RunInfo, UnderuseFlag


@runtime_checkable
class AuditSink(Protocol):
    def add_report(self, rec: ReportRecord) -> None: ...

    def add_procedure(self, res: ProcedureResult) -> None: ...

    def add_underuse(self, flag: UnderuseFlag) -> None: ...

    def finish(self, run_info: RunInfo) -> None:
        """Write the summary, rules and run tables; the output is complete but not in place."""

    def commit(self) -> None:
        """Move the finished output into place (called once every sink has finished)."""

    def close(self, run_info: RunInfo) -> None:
        """finish() then commit(): for a sink used on its own."""
        self.finish(run_info)
        self.commit()

    def abort(self) -> None:
        """Discard everything written so far; the target path is left untouched."""
