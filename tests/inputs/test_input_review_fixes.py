"""Rows whose shape or keys differ from the header are read whole and say what happened."""

from __future__ import annotations

import json

import pytest

from auditor.errors import InputError
from auditor.inputs.readers import read_procedures, read_reports


def test_a_csv_row_with_an_unquoted_comma_keeps_its_text_and_says_so(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("accession,patient_id,exam_date,report_text\n"
                    "A1,P1,2024-01-02,No suspicious masses, calcifications. BI-RADS 1\n"
                    "A2,P2,2024-01-02,Grouped amorphous calcifications. BI-RADS 0\n",
                    encoding="utf-8")
    first, second = read_reports(path)
    assert "the row has 5 fields and the header 4" in first.error
    assert second.error is None


def test_a_jsonl_key_missing_from_the_first_line_is_still_read(tmp_path):
    path = tmp_path / "p.jsonl"
    lines = [{"patient_id": "P1", "procedure_date": "2024-01-02", "procedure_name": "US BREAST"},
             {"patient_id": "P1", "procedure_date": "2024-01-03", "cpt_code": "19081",
              "accession": "X9"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second = read_procedures(path)
    assert (first.name, first.code) == ("US BREAST", None)
    assert (second.code, second.accession) == ("19081", "X9")


def test_a_jsonl_report_gains_its_exam_type_on_a_later_line(tmp_path):
    path = tmp_path / "r.jsonl"
    lines = [{"accession": "A1", "patient_id": "P1", "exam_date": "2024-01-02",
              "report_text": "x"},
             {"accession": "A2", "patient_id": "P1", "exam_date": "2024-01-03",
              "exam_type": "screening mammogram", "report_text": "y"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert [r.exam_type for r in read_reports(path)] == [None, "screening mammogram"]


def test_a_headerless_file_does_not_echo_report_text_in_its_error(tmp_path):
    path = tmp_path / "noheader.csv"
    secret = "Patient Jane Roe has grouped amorphous calcifications in the right breast"
    path.write_text(f"A1,P1,2024-01-02,{secret}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_reports(path))
    assert "Jane Roe" not in str(caught.value)
    assert "does not look like a header" in str(caught.value)


def _two_sheet_workbook(path, second_header):
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes.append(["Extract of 2024, see README"])
    data = wb.create_sheet("Data")
    data.append(second_header)
    data.append(["A1", "P1", "2024-01-02", "Grouped amorphous calcifications."])
    wb.save(path)


def test_an_excel_extract_is_read_from_the_sheet_that_has_the_columns(tmp_path):
    path = tmp_path / "r.xlsx"
    _two_sheet_workbook(path, ["accession", "patient_id", "exam_date", "report_text"])
    [report] = read_reports(path)
    assert (report.accession, report.row) == ("A1", 2)


def test_an_excel_extract_with_no_fitting_sheet_names_every_sheet(tmp_path):
    path = tmp_path / "r.xlsx"
    _two_sheet_workbook(path, ["acc", "mrn", "date", "text"])
    with pytest.raises(InputError, match=r"sheets: 'Notes', 'Data'"):
        list(read_reports(path))
