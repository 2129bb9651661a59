"""The command line: exact outputs of `rules`, exit codes, and help for every command."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from auditor.cli import main

RULES = Path(__file__).resolve().parents[1] / "rules"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_rules_show_csv_has_the_contract_columns_and_all_162_cells():
    result = run("rules", "show", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["variant", "title", "procedure", "rating", "rrl", "comment"]
    assert len(rows) == 162
    assert rows[0] == {"variant": "1", "procedure": "Mammography diagnostic", "rating": "9",
                       "rrl": "☢☢", "comment": "",
                       "title": "Pleomorphic, fine, linear, branching in any distribution."}


def test_rules_show_one_variant_as_json():
    result = run("rules", "show", "--format", "json", "--variant", "17")
    data = json.loads(result.output)
    ratings = {r["procedure"]: (r["rating"], r["rrl"]) for r in data["ratings"]}
    assert ratings["Mammography diagnostic"] == (5, "☢☢")
    assert ratings["US breast"] == (4, "O")
    assert ratings["PET breast"] == (1, "☢☢☢☢")
    assert len(ratings) == 9


def test_rules_show_table_is_readable():
    result = run("rules", "show", "--variant", "6")
    assert "Variant 6: Amorphous, multiple bilateral clusters." in result.output
    assert "5  ☢☢    Mammography diagnostic  If further evaluation is needed" in result.output


def test_rules_show_rejects_a_variant_outside_1_to_18():
    result = CliRunner().invoke(main, ["rules", "show", "--variant", "19"])
    assert result.exit_code == 2


def test_rules_check_passes_on_the_shipped_rules():
    result = run("rules", "check")
    assert result.exit_code == 0, result.output
    assert "162 ratings" in result.output
    assert result.output.strip().endswith("rules OK")


def test_rules_check_names_file_row_and_column_of_a_typo(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    ratings = rules / "guideline" / "ratings.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").replace(
        "15,Mammography diagnostic,8", "15,Mammography diagnostic,80"), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", str(rules)])
    assert result.exit_code == 1
    assert "ratings.csv, row 128, column 'rating'" in result.output
    assert "rating 80 is outside the guideline's scale 1-9" in result.output


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path,command", list(_commands(main)),
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_text(path, command):
    assert command.help, f"auditor {' '.join(path)} has no help text"
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for path, command in _commands(main):
        if not isinstance(command, click.Group):
            assert f"auditor {' '.join(path)}" in readme, path


@pytest.mark.parametrize("pair", ["report_text", "nonsense=RPT_TXT"])
def test_a_malformed_map_is_a_usage_error(tmp_path, pair):
    reports = tmp_path / "r.csv"
    reports.write_text("accession,patient_id,exam_date,report_text\nA1,P1,2024-01-01,x\n")
    result = CliRunner().invoke(main, ["extract", str(reports), "-o", str(tmp_path / "o.jsonl"),
                                       "--map", pair])
    assert result.exit_code == 2
    assert "--map" in result.output


def test_audit_with_a_bad_procedure_date_names_file_row_and_column(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "reports_sample"
    procedures = tmp_path / "procedures.csv"
    procedures.write_text("patient_id,procedure_date,cpt_code\nP001,2024-01-22,77065\n"
                          "P001,someday,76641\n", encoding="utf-8")
    out = tmp_path / "audit.xlsx"
    result = CliRunner().invoke(main, ["audit", "--reports", str(sample / "reports.csv"),
                                       "--procedures", str(procedures), "-o", str(out)])
    assert result.exit_code == 1
    assert "procedures.csv, row 3, column 'procedure_date'" in result.output
    assert not out.exists()


def test_audit_settings_are_recorded_in_the_run_table(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "reports_sample"
    settings = tmp_path / "settings.toml"
    settings.write_text("[audit]\nlink_window_days = 300\n", encoding="utf-8")
    result = run("audit", "--reports", str(sample / "reports.csv"), "--procedures",
                 str(sample / "procedures.csv"), "-o", str(tmp_path / "a.xlsx"), "--tables",
                 str(tmp_path / "t"), "--settings", str(settings), "--diagnostic-window", "60",
                 "-q")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "t" / "run.csv").open(encoding="utf-8-sig")))
    options = {r["key"]: r["value"] for r in rows}
    assert options["option.link_window_days"] == "300"
    assert options["option.diagnostic_window_days"] == "60"


def test_rules_check_fails_when_a_lexicon_example_does_not_match_its_row(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    lexicon = rules / "lexicon" / "distribution.csv"
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "key,term,pattern,example"
    lines.append("segmental,zzsegmentalish,,calcifications in a quite regional distribution")
    lexicon.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", str(rules)])
    assert result.exit_code == 1
    assert "distribution.csv row" in result.output and "does not give distribution" in result.output


def test_outputs_never_overwrite_inputs(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "reports_sample"
    for name in ("reports.csv", "procedures.csv"):
        shutil.copy(sample / name, tmp_path / name)
    before = (tmp_path / "reports.csv").read_bytes()
    result = CliRunner().invoke(main, [
        "audit", "--reports", str(tmp_path / "reports.csv"), "--procedures",
        str(tmp_path / "procedures.csv"), "-o", str(tmp_path / "a.xlsx"), "--tables",
        str(tmp_path), "-q"])
    assert result.exit_code == 2
    assert "is an input file" in result.output
    assert (tmp_path / "reports.csv").read_bytes() == before


@pytest.mark.parametrize("command,out", [
    (["extract", "{reports}"], "out.txt"),
    (["audit", "--reports", "{reports}", "--procedures", "{procedures}"], "audit.csv"),
])
def test_an_output_extension_the_command_cannot_write_is_a_usage_error(tmp_path, command, out):
    sample = Path(__file__).resolve().parents[1] / "reports_sample"
    args = [a.format(reports=sample / "reports.csv", procedures=sample / "procedures.csv")
            for a in command]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / out)])
    assert result.exit_code == 2
    assert not (tmp_path / out).exists()


def test_an_output_path_that_cannot_be_written_is_named(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "reports_sample"
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["extract", str(sample / "reports.csv"), "-o",
                                       str(tmp_path / "file" / "x.jsonl"), "-q"])
    assert result.exit_code == 1
    assert "cannot write" in result.output and "file" in result.output
