"""`auditor extract -o OUT`: one extraction record per report, in the format OUT's extension names.

- `.jsonl`: the extraction record of interfaces.md, one object a line;
- `.csv` / `.parquet`: the report-level fields, one row per report, and the findings beside
  them in `OUT.findings.csv` / `OUT.findings.parquet`;
- `.xlsx`: Reports and Findings sheets.

Records are written as they come (memory stays flat) to temporary files renamed at the end; if
the block raises, nothing is left at OUT.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from auditor.models import ReportRecord
from auditor.outputs.atomic import AtomicPath
from auditor.outputs.flat import open_table
from auditor.outputs.rows import (
    FINDING_COLUMNS,
    REPORT_COLUMNS,
    finding_rows,
    record_to_json,
    report_row,
)

EXTRACT_FORMATS = (".jsonl", ".csv", ".parquet", ".xlsx")


def findings_path(path: str | os.PathLike) -> Path:
    """OUT.csv -> OUT.findings.csv (the findings table beside a flat extract)."""
    path = Path(path)
    return path.with_name(f"{path.stem}.findings{path.suffix}")


class JsonlExtractWriter:
    def __init__(self, path: str | os.PathLike):
        self._atomic = AtomicPath(path)
        self._fh = open(self._atomic.temp, "w", encoding="utf-8")
        self.rows = 0

    def write(self, record: ReportRecord) -> None:
        self._fh.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")
        self.rows += 1

    def close(self) -> None:
        self._fh.close()
        self._atomic.commit()

    def abort(self) -> None:
        self._fh.close()
        self._atomic.abort()


class FlatExtractWriter:
    """A report table and its findings table, as CSV or Parquet."""

    def __init__(self, path: str | os.PathLike, fmt: str):
        self.reports = open_table(path, REPORT_COLUMNS, fmt)
        try:
            self.findings = open_table(findings_path(path), FINDING_COLUMNS, fmt)
        except BaseException:
            self.reports.abort()
            raise
        self.rows = 0

    def write(self, record: ReportRecord) -> None:
        self.reports.write_row(report_row(record))
        for row in finding_rows(record):
            self.findings.write_row(row)
        self.rows += 1

    def close(self) -> None:
        try:
            self.findings.close()
        except BaseException:
            self.reports.abort()
            raise
        self.reports.close()

    def abort(self) -> None:
        for table in (self.findings, self.reports):
            try:
                table.abort()
            except Exception:  # noqa: S110 - best effort: the other must still go
                pass


@contextmanager
def open_extract_writer(path: str | os.PathLike):
    """A writer whose `.write(record)` streams one report; the file appears only on success."""
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        writer = JsonlExtractWriter(path)
    elif suffix in (".csv", ".parquet"):
        writer = FlatExtractWriter(path, suffix[1:])
    elif suffix == ".xlsx":
        from auditor.outputs.workbook import ExtractWorkbookWriter

        writer = ExtractWorkbookWriter(path)
    else:
        raise ValueError(f"cannot tell the output format of '{path}': its extension must be one "
                         f"of {list(EXTRACT_FORMATS)}")
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise
    writer.close()
