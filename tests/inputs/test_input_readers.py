"""Report and procedure readers: every format, renamed columns, the rows that go wrong, streaming.

Row numbers: CSV and Excel count the header as row 1 (first data row 2); JSONL counts lines and
Parquet records from 1.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.errors import InputError
from auditor.inputs import (
    count_rows_and_sha256,
    excel_xml_is_defused,
    parse_column_map,
    read_procedures,
    read_reports,
)

FORMATS = ["csv", "tsv", "txt", "xlsx", "xlsm", "parquet", "jsonl", "ndjson"]
FIRST_ROW = {"csv": 2, "tsv": 2, "txt": 2, "xlsx": 2, "xlsm": 2, "parquet": 1, "jsonl": 1,
             "ndjson": 1}

REPORTS = [
    {"accession": "A1", "patient_id": "P1", "exam_date": "2024-03-01", "exam_type": "MAMMO SCREEN",
     "report_text": "Grouped amorphous calcifications.\nBI-RADS 4."},
    {"accession": "A2", "patient_id": "P2", "exam_date": "03/15/2024", "exam_type": "",
     "report_text": "No suspicious calcifications, \"stable\"; BI-RADS 2."},
]


def write_table(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Write rows in the format the extension names (the writers users' tools would use)."""
    columns = columns or list(rows[0])
    kind = path.suffix.lstrip(".")
    if kind in ("csv", "tsv", "txt"):
        delimiter = {"csv": ",", "tsv": "\t", "txt": "|"}[kind]
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            writer.writerow(columns)
            writer.writerows([[row.get(c) for c in columns] for row in rows])
    elif kind in ("xlsx", "xlsm"):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        workbook.save(path)
    elif kind == "parquet":
        pq.write_table(pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows]),
                       path)
    elif kind in ("jsonl", "ndjson"):
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps({c: row.get(c) for c in columns}) + "\n")
    else:
        raise ValueError(kind)
    return path


def bad_date_row(kind: str) -> dict:
    return {**REPORTS[1], "accession": "A3", "exam_date": "31/12/2024"}


# --- round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FORMATS)
def test_read_reports_round_trip(tmp_path, kind):
    path = write_table(tmp_path / f"reports.{kind}", REPORTS)
    reports = list(read_reports(path))
    first = FIRST_ROW[kind]
    assert [(r.row, r.accession, r.patient_id, r.exam_date, r.exam_type, r.text, r.error)
            for r in reports] == [
        (first, "A1", "P1", date(2024, 3, 1), "MAMMO SCREEN", REPORTS[0]["report_text"], None),
        (first + 1, "A2", "P2", date(2024, 3, 15), None, REPORTS[1]["report_text"], None),
    ]
    assert all(r.source == str(path) for r in reports)


@pytest.mark.parametrize("kind", FORMATS)
def test_read_procedures_round_trip(tmp_path, kind):
    rows = [
        {"patient_id": "P1", "procedure_date": "2024-03-20", "cpt_code": "19081",
         "procedure_name": "Stereotactic biopsy", "accession": "A1", "laterality": "R",
         "ordering_provider": "Dr X", "site": "Main"},
        {"patient_id": "P2", "procedure_date": "20240901", "cpt_code": "",
         "procedure_name": "Diagnostic mammography", "accession": None, "laterality": None,
         "ordering_provider": None, "site": None},
    ]
    path = write_table(tmp_path / f"procedures.{kind}", rows)
    procedures = list(read_procedures(path))
    first = FIRST_ROW[kind]
    assert [(p.row, p.patient_id, p.procedure_date, p.code, p.name, p.accession, p.laterality,
             p.ordering_provider, p.site, p.error) for p in procedures] == [
        (first, "P1", date(2024, 3, 20), "19081", "Stereotactic biopsy", "A1", "R", "Dr X",
         "Main", None),
        (first + 1, "P2", date(2024, 9, 1), None, "Diagnostic mammography", None, None, None,
         None, None),
    ]


def test_read_reports_written_by_pandas(tmp_path):
    frame = pd.DataFrame(REPORTS)
    frame.to_csv(tmp_path / "r.csv", index=False)
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    frame.to_parquet(tmp_path / "r.parquet")
    frame.to_json(tmp_path / "r.jsonl", orient="records", lines=True)
    for name in ("r.csv", "r.xlsx", "r.parquet", "r.jsonl"):
        reports = list(read_reports(tmp_path / name))
        assert [r.accession for r in reports] == ["A1", "A2"], name
        assert [r.text for r in reports] == [row["report_text"] for row in REPORTS], name
        assert [r.error for r in reports] == [None, None], name


def test_read_procedures_with_only_a_code_column(tmp_path):
    path = write_table(tmp_path / "p.csv", [{"patient_id": "P1", "procedure_date": "2024-03-01",
                                             "cpt_code": "77065"}])
    [procedure] = read_procedures(path)
    assert (procedure.code, procedure.name, procedure.error) == ("77065", None, None)


def test_read_procedures_needing_code_or_name_keeps_the_row(tmp_path):
    path = write_table(tmp_path / "p.csv", [{"patient_id": "P1", "procedure_date": "2024-03-01",
                                             "cpt_code": "", "procedure_name": " "}])
    [procedure] = read_procedures(path)
    assert procedure.error == "neither cpt_code nor procedure_name is given"


def test_excel_numeric_codes_become_plain_strings(tmp_path):
    frame = pd.DataFrame({"patient_id": [1001, 1002, 1003],
                          "procedure_date": [date(2024, 3, 1)] * 3,
                          "cpt_code": [77065.0, None, 19081.0],  # float column: NaN in it
                          "procedure_name": [None, "Breast MRI", None]})
    path = tmp_path / "p.xlsx"
    frame.to_excel(path, index=False)
    procedures = list(read_procedures(path))
    assert [(p.patient_id, p.code, p.name) for p in procedures] == [
        ("1001", "77065", None), ("1002", None, "Breast MRI"), ("1003", "19081", None)]
    assert [p.procedure_date for p in procedures] == [date(2024, 3, 1)] * 3


def test_excel_cells_of_every_type(tmp_path):
    path = tmp_path / "p.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["patient_id", "procedure_date", "cpt_code", "procedure_name"])
    sheet.append([12345, datetime(2024, 3, 1, 10, 22), 77065, "Screening"])
    sheet.append(["P2", 45352, 77066.0, None])  # date as an unformatted Excel serial
    sheet.append(["P3", "3/1/2024", "G0279", None])
    workbook.save(path)
    procedures = list(read_procedures(path))
    assert [(p.row, p.patient_id, p.procedure_date, p.code) for p in procedures] == [
        (2, "12345", date(2024, 3, 1), "77065"),
        (3, "P2", date(2024, 3, 1), "77066"),
        (4, "P3", date(2024, 3, 1), "G0279"),
    ]


def test_csv_codes_that_went_through_a_float_are_repaired(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("patient_id,procedure_date,cpt_code\nP1,2024-03-01,77065.0\n"
                    "P1,2024-03-02,0159T\n")
    assert [p.code for p in read_procedures(path)] == ["77065", "0159T"]


# --- column names ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "jsonl"])
def test_map_renames_columns(tmp_path, kind):
    rows = [{"ACC_NO": "A1", "MRN": "P1", "STUDY_DT": "2024-03-01", "RPT_TXT": "text"}]
    path = write_table(tmp_path / f"r.{kind}", rows)
    column_map = parse_column_map(["accession=ACC_NO", "patient_id=mrn", "exam_date=Study_Dt",
                                   "report_text=RPT_TXT"])
    [report] = read_reports(path, column_map)
    assert (report.accession, report.patient_id, report.exam_date, report.text) == (
        "A1", "P1", date(2024, 3, 1), "text")


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "jsonl"])
def test_headers_match_case_and_whitespace_insensitively(tmp_path, kind):
    rows = [{" Accession ": "A1", "PATIENT ID": "P1", "Exam_Date": "2024-03-01",
             "Report Text": "text", "Exam Type": "MG"}]
    [report] = read_reports(write_table(tmp_path / f"r.{kind}", rows))
    assert (report.accession, report.patient_id, report.exam_type, report.text) == (
        "A1", "P1", "MG", "text")


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "jsonl"])
def test_missing_columns_are_named_before_any_row(tmp_path, kind):
    path = write_table(tmp_path / f"reports.{kind}",
                       [{"accession": "A1", "MRN": "P1", "exam_date": "2024-03-01"}])
    with pytest.raises(InputError) as info:
        read_reports(path)  # raised by the call itself, not on first iteration
    message = str(info.value)
    assert f"reports.{kind}" in message
    assert "patient_id" in message and "report_text" in message
    assert "'MRN'" in message and "'accession'" in message


def test_missing_procedure_columns(tmp_path):
    path = write_table(tmp_path / "procs.csv", [{"patient_id": "P1", "date": "2024-03-01"}])
    with pytest.raises(InputError, match="procedure_date.*at least one of cpt_code or "
                                         "procedure_name"):
        read_procedures(path)


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FORMATS)
def test_bad_date_names_file_row_and_column(tmp_path, kind):
    path = write_table(tmp_path / f"reports.{kind}", [*REPORTS, bad_date_row(kind)])
    with pytest.raises(InputError) as info:
        list(read_reports(path))
    error = info.value
    assert (error.file, error.row, error.column) == (str(path), FIRST_ROW[kind] + 2, "exam_date")
    message = str(error)
    assert f"reports.{kind}" in message
    assert f"row {FIRST_ROW[kind] + 2}" in message
    assert "column 'exam_date'" in message and "31/12/2024" in message


def test_bad_date_names_the_column_as_the_file_writes_it(tmp_path):
    path = tmp_path / "procs.csv"
    path.write_text("patient_id,PROC_DT,cpt_code\nP1,2024-03-01,77065\nP1,soon,77065\n")
    with pytest.raises(InputError) as info:
        list(read_procedures(path, {"procedure_date": "PROC_DT"}))
    assert "procs.csv, row 3, column 'PROC_DT'" in str(info.value)


def test_rows_before_a_bad_date_are_yielded_first(tmp_path):
    path = write_table(tmp_path / "r.csv", [*REPORTS, bad_date_row("csv")])
    reports = read_reports(path)
    assert [next(reports).accession, next(reports).accession] == ["A1", "A2"]
    with pytest.raises(InputError):
        next(reports)


def test_empty_date_is_kept_with_an_error(tmp_path):
    path = write_table(tmp_path / "r.csv", [{**REPORTS[0], "exam_date": " "}])
    [report] = read_reports(path)
    assert report.exam_date is None and report.error == "missing exam_date"


# --- rows that go wrong are kept, with an error --------------------------------------------------

def test_empty_text_is_kept_with_an_error(tmp_path):
    path = write_table(tmp_path / "r.csv", [{**REPORTS[0], "report_text": "  "}])
    [report] = read_reports(path)
    assert report.text == "  " and report.error == "empty report_text"


def test_invalid_utf8_in_one_csv_row_spoils_only_that_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"accession,patient_id,exam_date,report_text\n"
                     b"A1,P1,2024-03-01,caf\xc3\xa9 ok\n"
                     b"A2,P2,2024-03-01,bad \xff\xfe bytes\n"
                     b"A3,P3,2024-03-01,fine\n")
    reports = list(read_reports(path))
    assert [r.text for r in reports] == ["café ok", "bad \ufffd\ufffd bytes", "fine"]
    assert reports[0].error is None and reports[2].error is None
    assert reports[1].error.startswith("invalid UTF-8 in report_text: 2 undecodable byte(s)")


def test_invalid_utf8_in_jsonl_and_parquet_binary(tmp_path):
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_bytes(b'{"accession": "A1", "patient_id": "P1", "exam_date": "2024-03-01", '
                      b'"report_text": "bad \xff here"}\n')
    [report] = read_reports(jsonl)
    assert report.text == "bad \ufffd here" and report.error.startswith("invalid UTF-8")

    parquet = tmp_path / "r.parquet"
    pq.write_table(pa.table({"accession": ["A1"], "patient_id": ["P1"],
                             "exam_date": [date(2024, 3, 1)],
                             "report_text": pa.array([b"bad \xff here"], pa.binary())}), parquet)
    [report] = read_reports(parquet)
    assert report.text == "bad \ufffd here" and report.error.startswith("invalid UTF-8")


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet", "xlsx"])
def test_binary_junk_is_replaced_and_flagged(tmp_path, kind):
    junk = "PK\x03\x04\x14\x06 binary\x1b[0m\x7f end"
    if kind == "xlsx":  # Excel cannot hold control characters at all
        junk = "PK binary \ufffd end"
    path = write_table(tmp_path / f"r.{kind}", [{**REPORTS[0], "report_text": junk}])
    [report] = read_reports(path)
    if kind == "xlsx":
        assert report.text == junk
        return
    assert report.text == "PK     binary [0m  end"
    assert report.error == "binary data in report_text: 6 control character(s) replaced with spaces"


def test_nul_bytes_are_stripped_silently(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(b"accession,patient_id,exam_date,report_text\n"
                     b"A1\x00\x00,P1,2024-03-01\x00,te\x00xt\n")
    [report] = read_reports(path)
    assert (report.accession, report.exam_date, report.text, report.error) == (
        "A1", date(2024, 3, 1), "text", None)


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_a_one_megabyte_report_is_kept_whole(tmp_path, kind):
    text = ("Fine pleomorphic calcifications in a segmental distribution. " * 20_000)[:1_048_576]
    path = write_table(tmp_path / f"r.{kind}", [{**REPORTS[0], "report_text": text}, REPORTS[1]])
    reports = list(read_reports(path))
    assert len(reports[0].text) == 1_048_576 and reports[0].text == text
    assert [r.error for r in reports] == [None, None]


def test_duplicate_accessions_are_kept_and_point_at_the_first(tmp_path):
    rows = [REPORTS[0], REPORTS[1], {**REPORTS[1], "accession": "A1"},
            {**REPORTS[0], "accession": " A1 "}]
    reports = list(read_reports(write_table(tmp_path / "r.csv", rows)))
    assert [(r.row, r.accession, r.error) for r in reports] == [
        (2, "A1", None), (3, "A2", None),
        (4, "A1", "duplicate accession, first seen at row 2"),
        (5, "A1", "duplicate accession, first seen at row 2")]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "jsonl"])
def test_missing_accession_gets_a_synthetic_one(tmp_path, kind):
    rows = [{**REPORTS[0], "accession": None}, {**REPORTS[1], "accession": ""}]
    reports = list(read_reports(write_table(tmp_path / f"r.{kind}", rows)))
    first = FIRST_ROW[kind]
    assert [(r.accession, r.error) for r in reports] == [
        (f"<row {first}>", f"missing accession; using '<row {first}>'"),
        (f"<row {first + 1}>", f"missing accession; using '<row {first + 1}>'")]


def test_missing_patient_and_several_problems_are_all_reported(tmp_path):
    rows = [{"accession": "", "patient_id": "", "exam_date": "", "report_text": "\x01"},
            {"accession": "", "patient_id": "", "exam_date": "", "report_text": ""}]
    # The second row is all blank: skipped like an empty spreadsheet row, yet counted.
    [report] = read_reports(write_table(tmp_path / "r.csv", rows))
    assert report.error == ("missing accession; using '<row 2>'; missing patient_id; "
                            "missing exam_date; binary data in report_text: 1 control "
                            "character(s) replaced with spaces; empty report_text")


def test_jsonl_records_may_omit_keys_and_give_numbers(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"accession": 101, "patient_id": 7.0, "exam_date": "2024-03-01", '
                    '"report_text": "a"}\n\n{"accession": "A2", "exam_date": "2024-03-01"}\n')
    reports = list(read_reports(path))
    assert [(r.row, r.accession, r.patient_id, r.text, r.error) for r in reports] == [
        (1, "101", "7", "a", None),
        (3, "A2", "", "", "missing patient_id; empty report_text")]


# --- file-level problems -----------------------------------------------------------------------

def test_blank_rows_are_skipped_but_counted(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\naccession,patient_id,exam_date,report_text\n,,,\n\n"
                    "A1,P1,2024-03-01,text\n")
    [report] = read_reports(path)
    assert report.row == 5
    assert count_rows_and_sha256(path)[0] == 1


def test_utf8_bom_and_utf16_exports(tmp_path):
    body = "accession\tpatient_id\texam_date\treport_text\nA1\tP1\t2024-03-01\tcafé\n"
    (tmp_path / "bom.csv").write_bytes(body.replace("\t", ",").encode("utf-8-sig"))
    (tmp_path / "unicode.txt").write_bytes(body.encode("utf-16"))  # Excel "Unicode text"
    for name in ("bom.csv", "unicode.txt"):
        [report] = read_reports(tmp_path / name)
        assert (report.accession, report.text, report.error) == ("A1", "café", None), name


@pytest.mark.parametrize("suffix, delimiter", [(".csv", ";"), (".txt", "\t"), (".tsv", "\t"),
                                               (".txt", "|"), (".tsv", ",")])
def test_delimiter_is_detected_from_the_header(tmp_path, suffix, delimiter):
    path = tmp_path / f"r{suffix}"
    path.write_text(delimiter.join(["accession", "patient_id", "exam_date", "report_text"])
                    + "\n" + delimiter.join(["A1", "P1", "2024-03-01", "text"]) + "\n")
    [report] = read_reports(path)
    assert (report.accession, report.text) == ("A1", "text")


def test_broken_csv_quoting_stops_with_the_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('accession,patient_id,exam_date,report_text\nA1,P1,2024-03-01,"ok"\n'
                    'A2,P2,2024-03-01,"broken"quote\n')
    with pytest.raises(InputError, match=r"r\.csv, row 3: malformed CSV"):
        list(read_reports(path))


def test_invalid_json_line_stops_with_the_row(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(REPORTS[0]) + "\n{not json\n")
    with pytest.raises(InputError, match=r"r\.jsonl, row 2: not valid JSON"):
        list(read_reports(path))


@pytest.mark.parametrize("name, content, expected", [
    ("r.csv", "", "empty"),
    ("r.jsonl", "\n", "empty"),
    ("r.json", "{}", "unsupported file type '.json'"),
    ("r.xlsx", "not a zip", "not an Excel"),
    ("r.parquet", "not parquet", "not a readable Parquet file"),
])
def test_unreadable_files(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=expected):
        read_reports(path)


def test_missing_file(tmp_path):
    for name in ("r.csv", "r.xlsx", "r.parquet", "r.jsonl"):
        with pytest.raises(InputError, match="not found"):
            read_reports(tmp_path / name)


def test_header_only_file_has_no_reports(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("accession,patient_id,exam_date,report_text\n")
    assert list(read_reports(path)) == []


# --- Excel safety ------------------------------------------------------------------------------

def test_openpyxl_parses_with_defusedxml():
    assert excel_xml_is_defused()


BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')


SHARED_STRINGS = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                  'count="1" uniqueCount="1"><si><t>A1</t></si></sst>')


def workbook_with(tmp_path: Path, bomb_in: str | None) -> Path:
    """An openpyxl workbook moved to a shared-string table as Excel writes, maybe with a bomb."""
    clean = write_table(tmp_path / "clean.xlsx", REPORTS)
    path = tmp_path / "workbook.xlsx"
    parts = {"xl/sharedStrings.xml": SHARED_STRINGS}
    with zipfile.ZipFile(clean) as source:
        for name in source.namelist():
            parts[name] = source.read(name).decode("utf-8")
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace('t="inlineStr"><is><t>A1</t></is>', 't="s"><v>0</v>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    if bomb_in:
        body = parts[bomb_in]
        body = body[body.index("?>") + 2:] if body.startswith("<?xml") else body
        parts[bomb_in] = BOMB + body.replace("<t>A1</t>", "<t>&lol3;</t>").replace(
            "<v>P1</v>", "<v>&lol3;</v>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return path


def test_shared_string_workbook_reads(tmp_path):
    assert [r.accession for r in read_reports(workbook_with(tmp_path, None))] == ["A1", "A2"]


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_xml_bomb_in_a_workbook_is_refused(tmp_path, part):
    with pytest.raises(InputError, match="refused: the work(book|sheet)'s XML declares entities"):
        list(read_reports(workbook_with(tmp_path, part)))


# --- streaming ---------------------------------------------------------------------------------

def generate_reports(path: Path, count: int, text_size: int = 4000, bad_last: bool = True) -> Path:
    text = ("Amorphous calcifications in the upper outer quadrant. " * 100)[:text_size]
    rows = [{"accession": f"A{i}", "patient_id": f"P{i}", "exam_date": "2024-03-01",
             "report_text": text} for i in range(count)]
    if bad_last:
        rows[-1]["exam_date"] = "not a date"
    return write_table(path, rows)


@pytest.mark.parametrize("kind, count", [("csv", 5_000), ("jsonl", 5_000), ("parquet", 5_000),
                                         ("xlsx", 2_000)])
def test_first_record_is_read_without_reading_the_whole_file(tmp_path, kind, count):
    # The last row is bad: a reader that parsed the whole file first would fail on next().
    path = generate_reports(tmp_path / f"big.{kind}", count, text_size=500)
    reports = read_reports(path)
    first = next(reports)
    assert first.accession == "A0" and first.error is None
    reports.close()
    with pytest.raises(InputError) as info:
        for _ in read_reports(path):
            pass
    assert info.value.row == FIRST_ROW[kind] + count - 1


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_memory_does_not_grow_with_the_file(tmp_path, kind):
    # 5,000 reports of 4 KB = 20 MB of text; the reader may hold a few rows and the accessions.
    path = generate_reports(tmp_path / f"big.{kind}", 5_000, bad_last=False)
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_reports(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5_000
    assert peak < 3_000_000, peak


# --- Run sheet helper --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FORMATS)
def test_count_rows_and_sha256(tmp_path, kind):
    path = write_table(tmp_path / f"r.{kind}", [*REPORTS, bad_date_row(kind)])
    rows, sha256 = count_rows_and_sha256(path)
    assert rows == 3
    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_excel_is_refused_when_openpyxl_would_parse_without_defusedxml(tmp_path):
    path = write_table(tmp_path / "r.xlsx", REPORTS)
    script = ("import sys\nfrom auditor.errors import InputError\n"
              "from auditor.inputs import excel_xml_is_defused, read_reports\n"
              "assert not excel_xml_is_defused()\n"
              "try:\n    read_reports(sys.argv[1])\nexcept InputError as exc:\n"
              "    print(exc)\n")
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    result = subprocess.run([sys.executable, "-c", script, str(path)], env=env,
                            capture_output=True, text=True, check=True)
    assert "refusing to read Excel files" in result.stdout
