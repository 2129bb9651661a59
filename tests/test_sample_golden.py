"""Golden output: `auditor audit` on reports_sample/ gives the committed expected tables.

The expected tables in reports_sample/expected/ were produced by this command and checked row by
row against reports_sample/EXPECTED.md (the department's intended variants and statuses, written
before the pipeline ran). Regenerate them only after such a check:

    .venv/bin/auditor audit --reports reports_sample/reports.csv \
        --procedures reports_sample/procedures.csv -o /tmp/audit.xlsx \
        --tables reports_sample/expected -q
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from auditor.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "reports_sample"
EXPECTED = SAMPLE / "expected"
# Columns that describe the run rather than the department.
COMPARED = {
    "reports": ["accession", "patient_id", "exam_date", "exam_kind", "variant", "variant_title",
                "variant_reason", "birads", "laterality", "associated_mass_or_asymmetry",
                "extensive", "error"],
    "procedures": ["patient_id", "procedure_date", "code", "procedure_name", "acr_procedure",
                   "index_accession", "days_from_index", "variant", "rating", "rating_category",
                   "status", "rule", "reason", "category", "guideline_comment", "accession",
                   "ordering_provider", "site"],
    "underuse": ["accession", "patient_id", "exam_date", "variant", "birads", "rule", "reason"],
    "findings": ["accession", "morphology", "deciding_morphology", "distribution", "group_count",
                 "laterality", "negated", "historical", "hedged", "counts"],
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    result = CliRunner().invoke(main, [
        "audit", "--reports", str(SAMPLE / "reports.csv"),
        "--procedures", str(SAMPLE / "procedures.csv"), "-o", str(out / "audit.xlsx"),
        "--tables", str(out / "tables"), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "reconciliation: OK" in result.output
    return out / "tables"


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")[columns]


@pytest.mark.parametrize("table", sorted(COMPARED))
def test_sample_department_matches_the_golden_tables(tables, table):
    got = _read(tables / f"{table}.csv", COMPARED[table])
    expected = _read(EXPECTED / f"{table}.csv", COMPARED[table])
    pd.testing.assert_frame_equal(got, expected)


def test_every_sample_row_is_in_the_output(tables):
    reports = pd.read_csv(SAMPLE / "reports.csv", dtype=str)
    procedures = pd.read_csv(SAMPLE / "procedures.csv", dtype=str)
    assert len(_read(tables / "reports.csv", ["accession"])) == len(reports)
    assert len(_read(tables / "procedures.csv", ["status"])) == len(procedures)


def test_golden_tables_agree_with_the_departments_intended_variants():
    """The committed golden Reports table is what EXPECTED.md says, report by report."""
    intended = {}
    for line in (SAMPLE / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (R-\d+) \| \w+ \| [\d-]+ \| (\w+) \| (\d*) \| (\w*) \| (\w*) \|", line)
        if m:
            intended[m.group(1)] = m.groups()[1:]
    golden = _read(EXPECTED / "reports.csv", ["accession", "exam_kind", "variant",
                                               "variant_reason", "birads"])
    assert len(intended) == len(golden)
    for row in golden.itertuples(index=False):
        assert (row.exam_kind, row.variant, row.variant_reason, row.birads) == \
            intended[row.accession], row.accession


def test_golden_procedures_agree_with_the_departments_intended_statuses():
    """Every golden procedure row has the status, rule and index EXPECTED.md intends."""
    intended = {}
    for line in (SAMPLE / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[0].isdigit():
            intended[int(cells[0])] = (cells[5], cells[6], cells[7])
    golden = _read(EXPECTED / "procedures.csv", ["row", "status", "rule", "index_accession"])
    assert len(intended) == len(golden)
    for row in golden.itertuples(index=False):
        assert (row.status, row.rule, row.index_accession) == intended[int(row.row)], row.row


def test_the_reconciliation_is_kept_in_the_run_table(tables):
    run = _read(tables / "run.csv", ["key", "value"])
    kept = dict(zip(run["key"], run["value"], strict=True))
    assert kept["reconciliation.reports"] == "42 in, 42 out: OK"
    assert kept["reconciliation.procedures"] == "91 in, 91 out: OK"


def test_a_failure_while_finishing_any_output_leaves_none_in_place(tmp_path, monkeypatch):
    from auditor.api import run_audit
    from auditor.outputs.tables import AuditTablesWriter

    def disk_full(self, run_info):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(AuditTablesWriter, "finish", disk_full)
    out = tmp_path / "audit.xlsx"
    with pytest.raises(OSError):
        run_audit(SAMPLE / "reports.csv", SAMPLE / "procedures.csv", out,
                  tables_dir=tmp_path / "tables")
    assert not out.exists()
    assert not list((tmp_path / "tables").glob("*.csv"))
    assert not [p for p in tmp_path.rglob("*.part")]
