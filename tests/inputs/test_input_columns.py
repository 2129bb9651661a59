"""Column maps (--map and the [columns] settings table) and header matching."""

from __future__ import annotations

import pytest

from auditor.errors import InputError, SettingsError
from auditor.inputs.columns import (
    CANONICAL_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    load_column_map,
    normalize_header,
    parse_column_map,
    resolve_columns,
)


def test_parse_column_map_reads_repeated_options():
    assert parse_column_map(["report_text=RPT_TXT", " Exam_Date = Exam Date "]) == {
        "report_text": "RPT_TXT", "exam_date": "Exam Date"}


def test_parse_column_map_empty():
    assert parse_column_map([]) == {}


def test_parse_column_map_source_may_contain_equals_sign():
    assert parse_column_map(["report_text=TXT=1"]) == {"report_text": "TXT=1"}


@pytest.mark.parametrize("pair", ["report_text", "=RPT_TXT", "report_text=", " = ", ""])
def test_parse_column_map_rejects_malformed_pair(pair):
    with pytest.raises(SettingsError, match="expected CANONICAL=SOURCE"):
        parse_column_map([pair])


def test_parse_column_map_rejects_unknown_canonical_and_lists_allowed():
    with pytest.raises(SettingsError) as info:
        parse_column_map(["report_txt=RPT_TXT"])
    message = str(info.value)
    assert "unknown column 'report_txt'" in message
    assert all(name in message for name in CANONICAL_COLUMNS)


def test_parse_column_map_rejects_conflicting_repeats():
    with pytest.raises(SettingsError, match="mapped twice"):
        parse_column_map(["report_text=A", "report_text=B"])


def test_load_column_map_reads_columns_table(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[columns]\nreport_text = "RPT_TXT"\ncpt_code = "CPT"\n\n[audit]\nx = 1\n')
    assert load_column_map(path) == {"report_text": "RPT_TXT", "cpt_code": "CPT"}


def test_load_column_map_without_columns_table_maps_nothing(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("[audit]\nx = 1\n")
    assert load_column_map(path) == {}


@pytest.mark.parametrize("body, expected", [
    ('[columns]\nreport_txt = "X"\n', "unknown column 'report_txt'"),
    ("[columns]\nreport_text = 3\n", "must be a non-empty string"),
    ('[columns]\nreport_text = "  "\n', "must be a non-empty string"),
    ('columns = "report_text"\n', "must be a table"),
    ("[columns\n", "not valid TOML"),
])
def test_load_column_map_rejects_bad_settings_naming_the_file(tmp_path, body, expected):
    path = tmp_path / "settings.toml"
    path.write_text(body)
    with pytest.raises(SettingsError, match=expected) as info:
        load_column_map(path)
    assert "settings.toml" in str(info.value)


def test_load_column_map_missing_file(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_column_map(tmp_path / "nope.toml")


@pytest.mark.parametrize("header, expected", [
    ("report_text", "report_text"),
    ("  Report_Text ", "report_text"),
    ("REPORT TEXT", "report_text"),
    ("Report  _ Text", "report_text"),
    ("\ufeffaccession", "accession"),
    (None, ""),
])
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


def test_resolve_columns_is_case_and_whitespace_tolerant():
    header = [" ACCESSION", "Patient ID", "Exam_Date ", "report text", "extra"]
    resolved = resolve_columns(header, REPORT_COLUMNS, None, "r.csv")
    assert resolved.positions == {"accession": 0, "patient_id": 1, "exam_date": 2,
                                  "report_text": 3}
    assert resolved.names["patient_id"] == "Patient ID"


def test_resolve_columns_map_wins_and_canonical_is_the_fallback():
    header = ["accession", "patient_id", "exam_date", "report_text", "RPT_TXT"]
    mapped = {"report_text": "rpt_txt", "patient_id": "MRN"}  # MRN absent: patient_id used
    resolved = resolve_columns(header, REPORT_COLUMNS, mapped, "r.csv")
    assert resolved.positions["report_text"] == 4
    assert resolved.positions["patient_id"] == 1


def test_resolve_columns_missing_names_missing_and_found():
    with pytest.raises(InputError) as info:
        resolve_columns(["accession", "MRN", "date"], REPORT_COLUMNS,
                        {"report_text": "RPT_TXT"}, "reports.csv")
    message = str(info.value)
    assert "reports.csv" in message
    assert "patient_id" in message and "exam_date" in message
    assert "report_text (mapped to 'RPT_TXT')" in message
    assert "'MRN'" in message and "'date'" in message


def test_resolve_columns_procedures_need_code_or_name():
    with pytest.raises(InputError, match="at least one of cpt_code or procedure_name"):
        resolve_columns(["patient_id", "procedure_date"], PROCEDURE_COLUMNS, None, "p.csv")
    only_name = resolve_columns(["patient_id", "procedure_date", "Procedure Name"],
                                PROCEDURE_COLUMNS, None, "p.csv")
    assert "cpt_code" not in only_name.positions and only_name.positions["procedure_name"] == 2


def test_resolve_columns_rejects_two_columns_reading_the_same():
    with pytest.raises(InputError, match="2 columns that read as 'accession'"):
        resolve_columns(["accession", "Accession ", "patient_id", "exam_date", "report_text"],
                        REPORT_COLUMNS, None, "r.csv")
