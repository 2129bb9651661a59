"""--tables DIR: the workbook's sheets as CSV or Parquet files, from the same rows and counters."""

from __future__ import annotations

import pandas as pd
import pytest

from auditor.outputs.rows import (
    FINDING_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    RULES_COLUMNS,
    RUN_COLUMNS,
    SUMMARY_COLUMNS,
    UNDERUSE_COLUMNS,
)
from auditor.outputs.sink import AuditSink
from auditor.outputs.tables import AuditTablesWriter
from auditor.outputs.workbook import AuditWorkbookWriter

COLUMNS = {"summary": SUMMARY_COLUMNS, "reports": REPORT_COLUMNS, "findings": FINDING_COLUMNS,
           "procedures": PROCEDURE_COLUMNS, "underuse": UNDERUSE_COLUMNS,
           "rules": RULES_COLUMNS, "run": RUN_COLUMNS}


def feed(sinks, build, n=9, text=None):
    records = [build.record(i, text=text) for i in range(1, n + 1)]
    results = [build.result(i, text=text) for i in range(1, n + 1)]
    flags = [build.flag(i, text=text) for i in range(1, 4)]
    for sink in sinks:
        for rec in records:
            sink.add_report(rec)
        for res in results:
            sink.add_procedure(res)
        for flag in flags:
            sink.add_underuse(flag)
    return records, results, flags


def read(path, fmt):
    return pd.read_csv(path) if fmt == "csv" else pd.read_parquet(path)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_sheet_as_a_file_with_the_workbook_columns(tmp_path, guideline, build, fmt):
    writer = AuditTablesWriter(tmp_path / "tables", guideline, fmt=fmt)
    assert isinstance(writer, AuditSink)
    records, results, flags = feed([writer], build)
    writer.close(build.run(guideline))
    files = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert files == sorted(f"{name}.{fmt}" for name in COLUMNS)
    frames = {name: read(tmp_path / "tables" / f"{name}.{fmt}", fmt) for name in COLUMNS}
    for name, frame in frames.items():
        assert tuple(frame.columns) == COLUMNS[name], name
    assert list(frames["reports"]["accession"]) == [r.accession for r in records]
    assert len(frames["findings"]) == sum(len(r.findings) for r in records)
    assert list(frames["procedures"]["status"]) == [r.status for r in results]
    assert len(frames["underuse"]) == len(flags)
    assert len(frames["rules"]) == 162
    assert set(frames["rules"]["rules_version"]) == {guideline.version}
    assert pd.api.types.is_integer_dtype(frames["procedures"]["rating"])
    assert pd.api.types.is_bool_dtype(frames["reports"]["associated_mass_or_asymmetry"])
    if fmt == "parquet":
        assert str(frames["procedures"]["procedure_date"].iloc[0]) == "2024-03-10"
    else:
        assert frames["procedures"]["procedure_date"].iloc[0] == "2024-03-10"


def test_tables_and_workbook_summaries_agree(tmp_path, guideline, build):
    import openpyxl

    tables = AuditTablesWriter(tmp_path / "t", guideline)
    workbook = AuditWorkbookWriter(tmp_path / "a.xlsx", guideline)
    feed([tables, workbook], build)
    run = build.run(guideline)
    tables.close(run)
    workbook.close(run)
    csv_rows = pd.read_csv(tmp_path / "t" / "summary.csv", keep_default_na=False)
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Summary"]
    sheet = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] != "sheets"]
    assert len(sheet) == len(csv_rows)
    assert [(r[0], r[1], r[3]) for r in sheet] == list(
        zip(csv_rows["section"], csv_rows["item"].astype(str), csv_rows["count"], strict=True))


def test_csv_cells_from_input_are_neutralised(tmp_path, guideline, build):
    writer = AuditTablesWriter(tmp_path, guideline)
    feed([writer], build, n=3, text='=HYPERLINK("http://x")')
    writer.close(build.run(guideline, text="@SUM(A1)"))
    for name in COLUMNS:
        text = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig")
        for line in text.splitlines():
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "+", "@")), (name, line)
    procs = pd.read_csv(tmp_path / "procedures.csv")
    assert procs["procedure_name"].iloc[0] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_aborted_run_leaves_no_table(tmp_path, guideline, build, fmt):
    with pytest.raises(KeyboardInterrupt), AuditTablesWriter(tmp_path, guideline, fmt) as w:
        feed([w], build, n=3)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_refused(tmp_path, guideline):
    with pytest.raises(ValueError, match="parquet"):
        AuditTablesWriter(tmp_path, guideline, fmt="xls")
