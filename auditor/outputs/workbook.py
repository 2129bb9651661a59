"""The audit workbook that quality officers open and dashboards read (the only openpyxl writer).

openpyxl's write-only mode streams each sheet's rows to a temporary XML file, so memory stays
flat whatever the number of reports. What that mode allows, and how this module uses it (each
checked by tests/outputs):
- sheet order is the order of `create_sheet` (or its `index`), not the order rows are written:
  Summary is created first and filled last, from counters;
- freeze panes and column widths must be set before a sheet's first row;
- tables (`add_table`) and charts (`add_chart`) are written after the rows, at save, so their
  ranges can be set once the row count is known. Write-only sheets cannot be read back, so the
  table's columns and autofilter are set explicitly instead of from the header cells.

Excel shows at most 1,048,576 rows (header included) per sheet; longer tables continue on
"Procedures (2)", "Procedures (3)"... and the Summary says so.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from copy import copy
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from auditor.models import ProcedureResult, ReportRecord, RunInfo, UnderuseFlag
from auditor.outputs.atomic import AtomicPath
from auditor.outputs.rows import (
    FINDING_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    RULES_COLUMNS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    UNDERUSE_COLUMNS,
    column_kind,
    finding_rows,
    procedure_row,
    report_row,
    rules_rows,
    run_rows,
    underuse_row,
)
from auditor.outputs.safe import EXCEL_CELL_LIMIT, safe_text
from auditor.outputs.sink import AuditSink
from auditor.outputs.summary import CHARTED_SECTIONS, SummaryCounter, section_span, sheet_rows

EXCEL_MAX_ROWS = 1_048_576
MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1  # one row is the header
TABLE_STYLE = "TableStyleMedium2"
DATE_FORMAT = "yyyy-mm-dd"
RATE_FORMAT = "0.0%"

# Excel's own "Good / Neutral / Bad" colours, so the meaning is familiar at a glance.
STATUS_FILLS = {
    "appropriate": "C6EFCE",
    "may_be_appropriate": "FFEB9C",
    "inappropriate": "FFC7CE",
}
OTHER_STATUS_FILL = "D9D9D9"

# Widths (in characters) for columns whose content is longer than their header.
_WIDTHS = {
    "accession": 14, "patient_id": 12, "exam_kind": 11, "variant_title": 45,
    "variant_reason": 26, "laterality": 11, "error": 30, "morphology": 28,
    "deciding_morphology": 20, "distribution": 12, "location": 22, "section": 30,
    "evidence": 50, "code": 9, "procedure_name": 32, "acr_procedure": 38,
    "index_accession": 15, "rating_category": 24, "status": 19, "rule": 6, "reason": 60,
    "category": 26, "guideline_comment": 45, "ordering_provider": 20, "site": 16,
    "next_procedure": 30, "title": 45, "procedure": 38, "rrl": 8, "comment": 50,
    "rules_version": 14, "key": 30, "value": 44, "sha256": 66, "item": 34, "detail": 45,
}


def status_fill(status: str) -> PatternFill:
    color = STATUS_FILLS.get(status, OTHER_STATUS_FILL)
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def column_width(name: str) -> float:
    kind = column_kind(name)
    if name in _WIDTHS:
        width = _WIDTHS[name]
    elif kind == "date":
        width = 12
    else:
        width = 8
    # Room for the header and the table's filter button.
    return max(width, len(name) + 4)


class _SheetSeries:
    """One table written over one or more sheets ('Procedures', 'Procedures (2)', ...)."""

    def __init__(self, wb: Workbook, title: str, columns: tuple[str, ...], *, max_rows: int,
                 index: int | None = None):
        self.wb = wb
        self.title = title
        self.columns = columns
        self.max_rows = max_rows
        self.parts: list[list] = []  # [worksheet, data rows]
        self._converters = [self._converter(c) for c in columns]
        self._new_sheet(title, index)

    # --- cells -----------------------------------------------------------------------------

    def _converter(self, name: str):
        kind = column_kind(name)
        if kind == "date":
            return self._dated
        if name == "rate":
            return self._percent
        if name == "status":
            return self._status
        if kind == "str":
            return _text
        return _plain

    def _styled(self, value, template: WriteOnlyCell) -> WriteOnlyCell:
        # Copying a prepared style array is much cheaper than assigning fill/number_format,
        # which looks the style up in the workbook's tables for every cell.
        cell = WriteOnlyCell(self.ws)
        cell._style = copy(template._style)
        cell.value = value
        return cell

    def _dated(self, value):
        if value is None or not isinstance(value, date):
            return _text(value) if isinstance(value, str) else value
        return self._styled(value, self._date_template)

    def _percent(self, value):
        return value if value is None else self._styled(value, self._rate_template)

    def _status(self, value):
        if value is None:
            return None
        if value not in self._status_templates:
            template = WriteOnlyCell(self.ws)
            template.fill = status_fill(value)
            self._status_templates[value] = template
        return self._styled(safe_text(value, EXCEL_CELL_LIMIT), self._status_templates[value])

    # --- sheets ----------------------------------------------------------------------------

    def _new_sheet(self, title: str, index: int | None) -> None:
        ws = self.wb.create_sheet(title, index)
        # Both must be set before the first row: write-only sheets write their top first.
        ws.freeze_panes = "A2"
        for i, name in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column_width(name)
        header = []
        for name in self.columns:
            cell = WriteOnlyCell(ws, name)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top")
            header.append(cell)
        ws.append(header)
        self.ws = ws
        self._date_template = WriteOnlyCell(ws)
        self._date_template.number_format = DATE_FORMAT
        self._rate_template = WriteOnlyCell(ws)
        self._rate_template.number_format = RATE_FORMAT
        self._status_templates: dict[str, WriteOnlyCell] = {}
        self.parts.append([ws, 0])

    def append(self, values: tuple) -> None:
        part = self.parts[-1]
        if part[1] >= self.max_rows:
            after = self.wb._sheets.index(self.ws) + 1
            self._new_sheet(f"{self.title} ({len(self.parts) + 1})", after)
            part = self.parts[-1]
        self.ws.append([conv(v) for conv, v in zip(self._converters, values, strict=True)])
        part[1] += 1

    @property
    def rows(self) -> int:
        return sum(n for _, n in self.parts)

    def sheet_counts(self) -> list[tuple[str, int]]:
        return [(ws.title, n) for ws, n in self.parts]

    def finish(self) -> None:
        """Make every sheet of the series an Excel table (header filters, banded rows)."""
        for number, (ws, rows) in enumerate(self.parts, start=1):
            name = self.title.replace(" ", "_") + (f"_{number}" if number > 1 else "")
            last_col = get_column_letter(len(self.columns))
            # A table needs a data row; an empty one spans a blank row under its header.
            ref = f"A1:{last_col}{max(rows, 1) + 1}"
            table = Table(displayName=name, ref=ref,
                          tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True))
            # Write-only sheets cannot be read back, so openpyxl cannot take these from the cells.
            table.tableColumns = [TableColumn(id=i, name=c)
                                  for i, c in enumerate(self.columns, start=1)]
            table.autoFilter = AutoFilter(ref=ref)
            with warnings.catch_warnings():
                # openpyxl warns on every write-only table that its columns must be set by hand.
                warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
                ws.add_table(table)


def _text(value):
    return safe_text(value, EXCEL_CELL_LIMIT) if isinstance(value, str) else value


def _plain(value):
    return value


class _StreamingWorkbook:
    """A write-only workbook saved under a temporary name and renamed when complete."""

    def __init__(self, path: str | os.PathLike, max_rows_per_sheet: int):
        if not 1 <= max_rows_per_sheet <= MAX_DATA_ROWS:
            raise ValueError(f"max_rows_per_sheet must be 1-{MAX_DATA_ROWS}")
        self.path = path
        self.max_rows = max_rows_per_sheet
        self.wb = Workbook(write_only=True)
        self._atomic = AtomicPath(path)
        self._closed = False

    def series(self, title: str, columns: tuple[str, ...], *, small: bool = False) -> _SheetSeries:
        # Small sheets (summary, rules, run) never come near Excel's limit: never split them.
        return _SheetSeries(self.wb, title, columns,
                            max_rows=MAX_DATA_ROWS if small else self.max_rows)

    def save(self) -> None:
        """Write the workbook to its temporary file; `commit()` moves it into place."""
        try:
            self.wb.save(self._atomic.temp)
        except BaseException:
            self.abort()
            raise

    def commit(self) -> None:
        self._atomic.commit()
        self._closed = True

    def abort(self) -> None:
        """Drop the workbook: the temporary files go, the target path is not touched."""
        if self._closed:
            return
        self._closed = True
        for ws in self.wb._sheets:
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                # Close the row stream before the file stream it writes into.
                for stream in (ws._rows, writer.xf):
                    if stream is not None:
                        with contextlib.suppress(Exception):
                            stream.close()
                with contextlib.suppress(OSError):
                    os.remove(writer.out)
        self._atomic.abort()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # Leaving the block without close() (an error, or a forgotten close) writes nothing.
        self.abort()
        return False


class AuditWorkbookWriter(_StreamingWorkbook, AuditSink):
    """Streams an audit into Summary, Reports, Findings, Procedures, Underuse, Rules, Run.

    Implements AuditSink: add_report/add_procedure/add_underuse as records come, then
    close(run_info); abort() (or leaving a `with` block without close) leaves no file behind.
    """

    def __init__(self, path: str | os.PathLike, guideline, *,
                 max_rows_per_sheet: int = MAX_DATA_ROWS):
        super().__init__(path, max_rows_per_sheet)
        self.guideline = guideline
        self.counter = SummaryCounter.for_guideline(guideline)
        # Created in the contract's order; Summary, Rules and Run are filled in close().
        self.summary = self.series("Summary", SUMMARY_COLUMNS, small=True)
        self.reports = self.series("Reports", REPORT_COLUMNS)
        self.findings = self.series("Findings", FINDING_COLUMNS)
        self.procedures = self.series("Procedures", PROCEDURE_COLUMNS)
        self.underuse = self.series("Underuse", UNDERUSE_COLUMNS)
        self.rules = self.series("Rules", RULES_COLUMNS, small=True)
        self.run = self.series("Run", RUN_COLUMNS, small=True)

    def add_report(self, rec: ReportRecord) -> None:
        self.reports.append(report_row(rec))
        for row in finding_rows(rec):
            self.findings.append(row)
        self.counter.add_report(rec)

    def add_procedure(self, res: ProcedureResult) -> None:
        self.procedures.append(procedure_row(res))
        self.counter.add_procedure(res)

    def add_underuse(self, flag: UnderuseFlag) -> None:
        self.underuse.append(underuse_row(flag))
        self.counter.add_underuse(flag)

    def finish(self, run_info: RunInfo) -> None:
        """Write every sheet to the temporary file; nothing is in place until `commit()`."""
        try:
            self._write_summary()
            for row in rules_rows(self.guideline):
                self.rules.append(row)
            for row in run_rows(run_info):
                self.run.append(row)
            for series in (self.summary, self.reports, self.findings, self.procedures,
                           self.underuse, self.rules, self.run):
                series.finish()
        except BaseException:
            self.abort()
            raise
        self.save()

    def _write_summary(self) -> None:
        rows = self.counter.rows()
        for series in (self.reports, self.findings, self.procedures, self.underuse):
            rows.extend(sheet_rows("sheets", series.sheet_counts()))
        for row in rows:
            self.summary.append(row.values())
        ws = self.summary.ws
        count_col = SUMMARY_COLUMNS.index("count") + 1
        item_col = SUMMARY_COLUMNS.index("item") + 1
        anchor_col = get_column_letter(len(SUMMARY_COLUMNS) + 2)
        anchor_row = 2
        for section, kind, title in CHARTED_SECTIONS:
            span = section_span(rows, section)
            if span is None:
                continue
            first, last = span[0] + 2, span[1] + 2  # sheet rows: header is row 1
            chart = PieChart() if kind == "pie" else BarChart()
            chart.title = title
            chart.add_data(Reference(ws, min_col=count_col, min_row=first, max_row=last),
                           titles_from_data=False)
            chart.set_categories(Reference(ws, min_col=item_col, min_row=first, max_row=last))
            if kind == "bar":
                chart.legend = None
                chart.y_axis.title = "count"
            chart.width, chart.height = 16, 8
            ws.add_chart(chart, f"{anchor_col}{anchor_row}")
            anchor_row += 17


class ExtractWorkbookWriter(_StreamingWorkbook):
    """`auditor extract -o OUT.xlsx`: Reports and Findings sheets, streamed."""

    def __init__(self, path: str | os.PathLike, *, max_rows_per_sheet: int = MAX_DATA_ROWS):
        super().__init__(path, max_rows_per_sheet)
        self.reports = self.series("Reports", REPORT_COLUMNS)
        self.findings = self.series("Findings", FINDING_COLUMNS)

    def write(self, rec: ReportRecord) -> None:
        self.reports.append(report_row(rec))
        for row in finding_rows(rec):
            self.findings.append(row)

    def close(self) -> None:
        try:
            self.reports.finish()
            self.findings.finish()
        except BaseException:
            self.abort()
            raise
        self.save()
        self.commit()
