"""The audit workbook read back as a quality officer's Excel and a dashboard's pandas see it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from auditor.models import STATUSES
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
    underuse_row,
)
from auditor.outputs.sink import AuditSink
from auditor.outputs.workbook import STATUS_FILLS, AuditWorkbookWriter

SHEETS = ["Summary", "Reports", "Findings", "Procedures", "Underuse", "Rules", "Run"]
COLUMNS = {"Summary": SUMMARY_COLUMNS, "Reports": REPORT_COLUMNS, "Findings": FINDING_COLUMNS,
           "Procedures": PROCEDURE_COLUMNS, "Underuse": UNDERUSE_COLUMNS,
           "Rules": RULES_COLUMNS, "Run": RUN_COLUMNS}
HOSTILE = ['=HYPERLINK("http://x","click")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
           "=1+1\x00\x07\x1b", " =cmd|' /C calc'!A0"]


def write_workbook(path, guideline, build, n=12, *, text=None, **kwargs):
    records = [build.record(i, text=text) for i in range(1, n + 1)]
    results = [build.result(i, text=text) for i in range(1, n + 1)]
    flags = [build.flag(i, text=text) for i in range(1, n // 2 + 1)]
    writer = AuditWorkbookWriter(path, guideline, **kwargs)
    for rec in records:
        writer.add_report(rec)
    for res in results:
        writer.add_procedure(res)
    for flag in flags:
        writer.add_underuse(flag)
    writer.close(build.run(guideline, text=text))
    return records, results, flags


@pytest.fixture(scope="module")
def written(tmp_path_factory, guideline, build):
    path = tmp_path_factory.mktemp("wb") / "audit.xlsx"
    records, results, flags = write_workbook(path, guideline, build)
    return path, records, results, flags


def header(ws):
    return tuple(c.value for c in next(ws.iter_rows(min_row=1, max_row=1)))


def test_writer_is_an_audit_sink(tmp_path, guideline):
    writer = AuditWorkbookWriter(tmp_path / "x.xlsx", guideline)
    assert isinstance(writer, AuditSink)
    writer.abort()


def test_sheets_in_order_with_exact_headers(written):
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames == SHEETS
    for name in SHEETS:
        assert header(wb[name]) == COLUMNS[name], name


def test_every_sheet_is_a_table_with_frozen_header_and_widths(written):
    wb = openpyxl.load_workbook(written[0])
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        (table,) = ws.tables.values()
        last_col = openpyxl.utils.get_column_letter(len(COLUMNS[ws.title]))
        assert table.ref == f"A1:{last_col}{ws.max_row}", ws.title
        assert table.autoFilter.ref == table.ref
        assert [c.name for c in table.tableColumns] == list(COLUMNS[ws.title])
        assert table.tableStyleInfo.name
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
                  for i in range(1, len(COLUMNS[ws.title]) + 1)]
        assert all(w and w >= 8 for w in widths), ws.title


def test_rows_round_trip_through_openpyxl(written):
    path, records, results, flags = written
    wb = openpyxl.load_workbook(path)
    expect = {
        "Reports": [report_row(r) for r in records],
        "Findings": [row for r in records for row in finding_rows(r)],
        "Procedures": [procedure_row(r) for r in results],
        "Underuse": [underuse_row(f) for f in flags],
    }
    for name, rows in expect.items():
        got = [tuple(c.value for c in row) for row in wb[name].iter_rows(min_row=2)]
        # openpyxl reads dates back as midnight datetimes.
        want = [tuple(dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else v
                      for v in row) for row in rows]
        assert got == want, name


def test_dates_are_dates_and_numbers_are_numbers(written):
    wb = openpyxl.load_workbook(written[0])
    ws = wb["Procedures"]
    row = {name: cell for name, cell in zip(PROCEDURE_COLUMNS, next(ws.iter_rows(min_row=2)),
                                            strict=True)}
    assert row["procedure_date"].is_date and row["procedure_date"].number_format == "yyyy-mm-dd"
    for name in ("days_from_index", "variant", "rating", "row"):
        assert row[name].data_type == "n" and isinstance(row[name].value, int), name
    reports = wb["Reports"]
    cells = dict(zip(REPORT_COLUMNS, next(reports.iter_rows(min_row=2)), strict=True))
    assert cells["exam_date"].is_date
    assert cells["associated_mass_or_asymmetry"].data_type == "b"


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_pandas_reads_typed_columns(written, engine):
    path, records, results, flags = written
    sheets = pd.read_excel(path, sheet_name=None, engine=engine)
    assert list(sheets) == SHEETS
    for name, frame in sheets.items():
        assert tuple(frame.columns) == COLUMNS[name]
    procs = sheets["Procedures"]
    assert len(procs) == len(results)
    assert pd.api.types.is_datetime64_any_dtype(procs["procedure_date"])
    assert pd.api.types.is_integer_dtype(procs["rating"])
    assert list(procs["status"]) == [r.status for r in results]
    reports = sheets["Reports"]
    assert list(reports["accession"]) == [r.accession for r in records]
    assert pd.api.types.is_datetime64_any_dtype(reports["exam_date"])
    assert pd.api.types.is_bool_dtype(reports["associated_mass_or_asymmetry"])
    assert len(sheets["Findings"]) == sum(len(r.findings) for r in records)
    assert len(sheets["Underuse"]) == len(flags)
    assert len(sheets["Rules"]) == 162


def test_status_cells_are_filled_by_status(written):
    wb = openpyxl.load_workbook(written[0])
    col = PROCEDURE_COLUMNS.index("status")
    seen = set()
    for row in wb["Procedures"].iter_rows(min_row=2):
        cell = row[col]
        color = cell.fill.fgColor.rgb[-6:]
        assert cell.fill.fill_type == "solid"
        assert color == STATUS_FILLS.get(cell.value, "D9D9D9"), cell.value
        seen.add(cell.value)
    assert seen == set(STATUSES)
    assert STATUS_FILLS["appropriate"] != STATUS_FILLS["inappropriate"]


def test_summary_counts_rates_and_charts(written):
    path, records, results, flags = written
    wb = openpyxl.load_workbook(path)
    ws = wb["Summary"]
    rows = {(r[0], r[1], r[2]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[("reports", "reports", None)][3] == len(records)
    mapped = sum(r.variant is not None for r in records)
    assert rows[("reports", "mapped", None)][3] == mapped
    assert rows[("reports", "mapped", None)][4] == pytest.approx(mapped / len(records))
    for status in STATUSES:
        assert rows[("procedures_by_status", status, status)][3] == sum(
            r.status == status for r in results)
    assert ("procedures_by_ordering_provider", "Dr 1", "inappropriate") in rows
    assert ("procedures_by_site", "Main", "all") in rows
    assert rows[("underuse_by_rule", "U2", None)][3] == sum(f.rule == "U2" for f in flags)
    assert rows[("sheets", "Procedures", None)][3] == len(results)
    rate_cell = next(c for c in ws["E"][1:] if c.value is not None)
    assert rate_cell.number_format == "0.0%"
    charts = ws._charts
    assert len(charts) == 3
    assert {type(c).__name__ for c in charts} == {"BarChart", "PieChart"}


def test_run_and_rules_sheets(written, guideline):
    wb = openpyxl.load_workbook(written[0])
    run = {r[0]: r for r in wb["Run"].iter_rows(min_row=2, values_only=True)}
    assert run["tool_version"][1] == "0.1.0"
    assert run["rules_version"][1] == guideline.version
    assert run["rules_fingerprint"][1] == guideline.fingerprint
    inputs = [r for r in wb["Run"].iter_rows(min_row=2, values_only=True) if r[0] == "input"]
    assert inputs == [("input", "reports.csv", 3, "ab" * 32),
                      ("input", "procedures.csv", 3, "cd" * 32)]
    assert run["started"][1] and run["finished"][1]
    rules = list(wb["Rules"].iter_rows(min_row=2, values_only=True))
    # An empty comment is an empty cell.
    assert rules[0] == tuple(v if v != "" else None for v in guideline.rows()[0].values()) + (
        guideline.version,)


def test_hostile_input_never_becomes_a_formula(tmp_path, guideline, build):
    for i, text in enumerate(HOSTILE):
        path = tmp_path / f"hostile{i}.xlsx"
        write_workbook(path, guideline, build, n=3, text=text)
        wb = openpyxl.load_workbook(path)
        found = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                            ws.title, cell.coordinate, cell.value)
                        found += cell.value.startswith("'")
        assert found > 20  # the text did reach the cells, neutralised


def test_long_tables_continue_on_numbered_sheets(tmp_path, guideline, build):
    path = tmp_path / "split.xlsx"
    records, results, flags = write_workbook(path, guideline, build, n=5, max_rows_per_sheet=2)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Reports", "Reports (2)", "Reports (3)", "Findings",
                             "Findings (2)", "Findings (3)", "Procedures", "Procedures (2)",
                             "Procedures (3)", "Underuse", "Rules", "Run"]
    for name in ("Procedures", "Procedures (2)", "Procedures (3)"):
        assert header(wb[name]) == PROCEDURE_COLUMNS
        assert wb[name].freeze_panes == "A2"
        assert len(wb[name].tables) == 1
    got = [tuple(c.value for c in row)[0] for name in ("Procedures", "Procedures (2)",
                                                       "Procedures (3)")
           for row in wb[name].iter_rows(min_row=2)]
    assert got == [r.procedure.patient_id for r in results]
    table_names = [t.name for ws in wb.worksheets for t in ws.tables.values()]
    assert len(table_names) == len(set(table_names))
    summary = {(r[0], r[1]): r for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary[("sheets", "Procedures")][3] == 2
    assert summary[("sheets", "Procedures")][5] == "continued on Procedures (2), Procedures (3)"
    assert summary[("sheets", "Procedures (3)")][3] == 1


def test_excel_row_limit_is_the_default(tmp_path, guideline):
    with pytest.raises(ValueError):
        AuditWorkbookWriter(tmp_path / "x.xlsx", guideline, max_rows_per_sheet=1_048_576)


def test_interrupted_run_leaves_no_file(tmp_path, guideline, build):
    target = tmp_path / "audit.xlsx"
    with pytest.raises(RuntimeError), AuditWorkbookWriter(target, guideline) as writer:
        writer.add_report(build.record(1))
        raise RuntimeError("disk full")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_interrupted_run_keeps_the_previous_workbook(tmp_path, guideline, build):
    target = tmp_path / "audit.xlsx"
    write_workbook(target, guideline, build, n=3)
    before = target.read_bytes()
    writer = AuditWorkbookWriter(target, guideline)
    writer.add_report(build.record(1))
    writer.abort()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["audit.xlsx"]


def test_failure_during_close_leaves_no_file(tmp_path, guideline, build):
    target = tmp_path / "audit.xlsx"
    writer = AuditWorkbookWriter(target, guideline)
    writer.add_report(build.record(1))
    with pytest.raises(AttributeError):
        writer.close(None)  # not a RunInfo
    assert list(tmp_path.iterdir()) == []


def test_empty_audit_is_still_a_valid_workbook(tmp_path, guideline, build):
    path = tmp_path / "empty.xlsx"
    writer = AuditWorkbookWriter(path, guideline)
    writer.close(build.run(guideline))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS
    assert wb["Procedures"].tables["Procedures"].ref == "A1:U2"
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert all(len(sheets[n]) == 0 for n in ("Reports", "Findings", "Procedures", "Underuse"))


def soffice():
    # CI installs LibreOffice: a missing soffice is a failure, never a skip.
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui"
    return exe


def test_libreoffice_opens_every_sheet(tmp_path, guideline, build):
    path = tmp_path / "audit.xlsx"
    records, results, flags = write_workbook(path, guideline, build, n=6)
    out = tmp_path / "csv"
    # Filter options: comma, double quote, UTF-8, ..., -1 = one CSV per sheet.
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", fmt, "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    files = {p.name for p in out.iterdir()}
    assert files == {f"audit-{name}.csv" for name in SHEETS}, (files, done.stdout, done.stderr)
    procs = pd.read_csv(out / "audit-Procedures.csv")
    assert tuple(procs.columns) == PROCEDURE_COLUMNS
    assert list(procs["status"]) == [r.status for r in results]
    assert list(procs["procedure_date"]) == ["2024-03-10"] * len(results)


def test_libreoffice_keeps_tables_and_charts(tmp_path, guideline, build):
    path = tmp_path / "audit.xlsx"
    write_workbook(path, guideline, build, n=6)
    out = tmp_path / "resaved"
    done = subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(out / "audit.xlsx")
    assert wb.sheetnames == SHEETS
    assert len(wb["Summary"]._charts) == 3
    # Headless LibreOffice drops view settings (freeze panes) of any workbook, so not checked.
    assert {ws.title: list(ws.tables) for ws in wb.worksheets} == {n: [n] for n in SHEETS}
