"""`auditor extract -o OUT`: each format round-trips the records written."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from auditor.outputs.extract_writer import findings_path, open_extract_writer
from auditor.outputs.rows import FINDING_COLUMNS, REPORT_COLUMNS, record_to_json


@pytest.fixture()
def records(build):
    return [build.record(i, n_findings=i % 3) for i in range(1, 8)]


def write(path, records):
    with open_extract_writer(path) as writer:
        for rec in records:
            writer.write(rec)


def test_jsonl_is_one_extraction_record_a_line(tmp_path, records):
    path = tmp_path / "out.jsonl"
    write(path, records)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [record_to_json(r) for r in records]


@pytest.mark.parametrize("ext", [".csv", ".parquet"])
def test_flat_formats_have_reports_and_findings_beside(tmp_path, records, ext):
    path = tmp_path / f"out{ext}"
    write(path, records)
    assert findings_path(path) == tmp_path / f"out.findings{ext}"
    read = pd.read_csv if ext == ".csv" else pd.read_parquet
    reports, findings = read(path), read(findings_path(path))
    assert tuple(reports.columns) == REPORT_COLUMNS
    assert tuple(findings.columns) == FINDING_COLUMNS
    assert list(reports["accession"]) == [r.accession for r in records]
    assert list(reports["n_findings"]) == [len(r.findings) for r in records]
    assert list(findings["accession"]) == [r.accession for r in records for _ in r.findings]
    assert set(findings["deciding_morphology"]) == {"amorphous"}
    assert set(findings["morphology"]) == {"round|amorphous"}
    assert list(reports["variant"].astype("Int64")) == [
        r.variant if r.variant is not None else pd.NA for r in records]


def test_parquet_is_written_in_batches(tmp_path, build, monkeypatch):
    import pyarrow.parquet as pq

    from auditor.outputs import flat

    monkeypatch.setattr(flat, "PARQUET_BATCH_ROWS", 4)
    path = tmp_path / "out.parquet"
    write(path, [build.record(i) for i in range(1, 11)])
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 10 and meta.num_row_groups == 3


def test_xlsx_has_reports_and_findings_sheets(tmp_path, records):
    path = tmp_path / "out.xlsx"
    write(path, records)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Reports", "Findings"]
    assert [c.value for c in wb["Reports"][1]] == list(REPORT_COLUMNS)
    assert wb["Reports"].max_row == len(records) + 1
    assert wb["Findings"].max_row == sum(len(r.findings) for r in records) + 1
    assert wb["Reports"]["C2"].is_date
    assert list(wb["Findings"].tables) == ["Findings"]


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_failed_extract_leaves_nothing(tmp_path, records, ext):
    with pytest.raises(RuntimeError), open_extract_writer(tmp_path / f"out{ext}") as writer:
        writer.write(records[0])
        raise RuntimeError("NLP crashed")
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValueError, match=".jsonl"), open_extract_writer(tmp_path / "out.txt"):
        pass
