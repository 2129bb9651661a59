"""`auditor extract` end to end: every input row is in the output, bad input is named."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from auditor.cli import main

AMORPHOUS = ("EXAM: Screening mammogram bilateral.\nFINDINGS: In the right breast at 10 o'clock "
             "there are grouped amorphous calcifications spanning 6 mm.\nIMPRESSION: Right breast "
             "grouped amorphous calcifications. BI-RADS 0: Incomplete.")
NEGATIVE = ("Screening mammogram. No suspicious masses, calcifications or architectural "
            "distortion. BI-RADS 1: Negative.")


def write_csv(path, rows, header=("accession", "patient_id", "exam_date", "exam_type",
                                  "report_text")):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def extract(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args), "-q"], catch_exceptions=False)


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_report_becomes_the_interfaces_record(tmp_path):
    src = write_csv(tmp_path / "r.csv", [("A1", "P1", "2024-03-01", "SCREENING", AMORPHOUS)])
    out = tmp_path / "out.jsonl"
    result = extract(src, "-o", out)
    assert result.exit_code == 0, result.output
    [record] = read_jsonl(out)
    assert record["accession"] == "A1"
    assert record["exam_date"] == "2024-03-01"
    assert record["exam_kind"] == "screening"
    assert (record["variant"], record["variant_reason"]) == (4, None)
    assert record["variant_title"] == "Amorphous, single cluster."
    assert record["birads"] == "0"
    assert record["laterality"] == "right"
    finding = next(f for f in record["findings"] if f["counts"])
    assert finding["deciding_morphology"] == "amorphous"
    assert finding["distribution"] == "grouped"
    for span in finding["evidence"]:
        assert AMORPHOUS[span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_every_output_format_keeps_every_report(tmp_path, suffix):
    rows = [(f"A{i}", f"P{i}", "2024-03-01", "", AMORPHOUS if i % 2 else NEGATIVE)
            for i in range(7)]
    src = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / f"out{suffix}"
    assert extract(src, "-o", out).exit_code == 0
    if suffix == ".jsonl":
        accessions = [r["accession"] for r in read_jsonl(out)]
    elif suffix == ".csv":
        accessions = list(pd.read_csv(out, dtype=str)["accession"])
    elif suffix == ".parquet":
        accessions = list(pd.read_parquet(out)["accession"])
    else:
        sheet = pd.read_excel(out, sheet_name="Reports", dtype=str, engine="openpyxl")
        accessions = list(sheet["accession"])
    assert accessions == [f"A{i}" for i in range(7)]


def test_bad_rows_are_kept_with_their_reason(tmp_path):
    huge = "Screening mammogram. " + "Benign-appearing calcifications are stable. " * 25_000
    rows = [
        ("E1", "P1", "2024-01-02", "", ""),                       # empty text
        ("E2", "P2", "2024-01-02", "", "\x00\x01\x02\x7f\x1b junk"),  # binary junk
        ("E3", "P3", "2024-01-02", "", huge),                      # ~1 MB report
        ("E4", "P4", "2024-01-02", "", AMORPHOUS),
        ("E4", "P5", "2024-01-02", "", NEGATIVE),                  # duplicate accession
    ]
    src = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "out.jsonl"
    result = extract(src, "-o", out)
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["accession"] for r in records] == ["E1", "E2", "E3", "E4", "E4"]
    assert records[0]["variant"] is None and records[0]["variant_reason"] == "no_calcifications"
    assert "only the first 200,000 were read" in records[2]["error"]
    assert records[3]["variant"] == 4
    assert "duplicate accession" in records[4]["error"]


def test_invalid_utf8_is_a_row_with_its_reason(tmp_path):
    src = tmp_path / "r.csv"
    src.write_bytes(b"accession,patient_id,exam_date,report_text\n"
                    b"U1,P1,2024-01-02,Screening. Grouped amorphous calcifications \xff\xfe in the "
                    b"right breast. BI-RADS 0.\n"
                    b"U2,P2,2024-01-02,No calcifications. BI-RADS 1.\n")
    out = tmp_path / "out.jsonl"
    assert extract(src, "-o", out).exit_code == 0
    records = read_jsonl(out)
    assert [r["accession"] for r in records] == ["U1", "U2"]
    assert "UTF-8" in records[0]["error"]


def test_missing_columns_are_named(tmp_path):
    src = write_csv(tmp_path / "r.csv", [("A1", "P1", AMORPHOUS)],
                    header=("accession", "patient_id", "text"))
    result = CliRunner().invoke(main, ["extract", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "r.csv" in result.output
    assert "exam_date" in result.output and "report_text" in result.output


def test_map_renames_columns_of_a_real_extract(tmp_path):
    src = write_csv(tmp_path / "r.csv", [("A1", "P1", "03/01/2024", AMORPHOUS)],
                    header=("ACC_NO", "MRN", "EXAM_DT", "RPT_TXT"))
    out = tmp_path / "out.jsonl"
    result = extract(src, "-o", out, "--map", "accession=ACC_NO", "--map", "patient_id=MRN",
                     "--map", "exam_date=EXAM_DT", "--map", "report_text=RPT_TXT")
    assert result.exit_code == 0, result.output
    [record] = read_jsonl(out)
    assert (record["accession"], record["exam_date"], record["variant"]) == ("A1", "2024-03-01", 4)


def test_a_bad_date_names_file_row_and_column(tmp_path):
    src = write_csv(tmp_path / "r.csv", [("A1", "P1", "2024-03-01", "", NEGATIVE),
                                         ("A2", "P2", "31/31/2024", "", NEGATIVE)])
    result = CliRunner().invoke(main, ["extract", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "r.csv" in result.output and "row 3" in result.output
    assert "exam_date" in result.output
    assert not (tmp_path / "o.jsonl").exists()
