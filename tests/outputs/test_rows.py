from datetime import date

import pytest

from auditor.models import Evidence, Finding, ReportRecord
from auditor.outputs.rows import (
    FINDING_COLUMNS,
    PROCEDURE_COLUMNS,
    REPORT_COLUMNS,
    UNDERUSE_COLUMNS,
    deciding_morphology,
    finding_rows,
    procedure_row,
    record_to_json,
    report_row,
    run_rows,
    underuse_row,
)
from auditor.outputs.safe import safe_text
from auditor.outputs.summary import SummaryCounter, sheet_rows

CONTRACT = {
    "reports": ("accession", "patient_id", "exam_date", "exam_kind", "variant", "variant_title",
                "variant_reason", "birads", "laterality", "associated_mass_or_asymmetry"),
    "findings": ("accession", "morphology", "deciding_morphology", "distribution",
                 "group_count", "laterality", "location", "extent_mm",
                 "associated_mass_or_asymmetry", "negated", "historical", "hedged", "counts",
                 "section", "evidence", "evidence_start", "evidence_end"),
    "procedures": ("patient_id", "procedure_date", "code", "procedure_name", "acr_procedure",
                   "index_accession", "days_from_index", "variant", "rating",
                   "rating_category", "status", "rule", "reason"),
    "underuse": ("accession", "patient_id", "exam_date", "variant", "birads", "rule", "reason"),
}


@pytest.mark.parametrize("columns, contract", [
    (REPORT_COLUMNS, CONTRACT["reports"]),
    (FINDING_COLUMNS, CONTRACT["findings"]),
    (PROCEDURE_COLUMNS, CONTRACT["procedures"]),
    (UNDERUSE_COLUMNS, CONTRACT["underuse"]),
])
def test_columns_start_with_the_contract(columns, contract):
    assert columns[: len(contract)] == contract
    assert len(set(columns)) == len(columns)


def test_procedure_extras_follow_the_contract():
    assert PROCEDURE_COLUMNS[13:20] == ("row", "category", "guideline_comment", "accession",
                                        "laterality", "ordering_provider", "site")


def test_rows_match_their_columns(build):
    rec = build.record(1)
    assert len(report_row(rec)) == len(REPORT_COLUMNS)
    assert all(len(r) == len(FINDING_COLUMNS) for r in finding_rows(rec))
    assert len(procedure_row(build.result(1))) == len(PROCEDURE_COLUMNS)
    assert len(underuse_row(build.flag(1))) == len(UNDERUSE_COLUMNS)


def test_finding_row_joins_morphology_and_evidence(build):
    row = dict(zip(FINDING_COLUMNS, finding_rows(build.record(1))[0], strict=True))
    assert row["morphology"] == "round|amorphous"
    assert row["deciding_morphology"] == "amorphous"
    assert row["evidence"] == "grouped amorphous calcifications | amorphous"
    assert (row["evidence_start"], row["evidence_end"]) == (412, 459)


def test_record_to_json_is_the_interfaces_example():
    finding = Finding(morphology=("amorphous",), distribution="grouped", group_count=1,
                      laterality="right", location="10 o'clock, 6 cm FN", extent_mm=6.0,
                      section="findings",
                      evidence=(Evidence("grouped amorphous calcifications", 412, 444),))
    rec = ReportRecord(row=2, accession="A1", patient_id="P1", exam_date=date(2024, 3, 1),
                       exam_kind="screening", variant=4,
                       variant_title="Amorphous, single cluster.", variant_reason=None,
                       birads="0", laterality="right", associated_mass_or_asymmetry=False,
                       findings=(finding,))
    assert record_to_json(rec) == {
        "accession": "A1", "patient_id": "P1", "exam_date": "2024-03-01",
        "exam_kind": "screening", "variant": 4, "variant_title": "Amorphous, single cluster.",
        "variant_reason": None, "birads": "0", "laterality": "right",
        "associated_mass_or_asymmetry": False,
        "findings": [
            {"morphology": ["amorphous"], "deciding_morphology": "amorphous",
             "distribution": "grouped", "group_count": 1, "laterality": "right",
             "location": "10 o'clock, 6 cm FN", "extent_mm": 6,
             "associated_mass_or_asymmetry": False, "negated": False, "historical": False,
             "hedged": False, "counts": True, "section": "findings",
             "evidence": [{"text": "grouped amorphous calcifications", "start": 412,
                           "end": 444}],
             "hypothetical": False}  # the one key beyond the contract, last
        ]}
    assert list(record_to_json(rec)) == ["accession", "patient_id", "exam_date", "exam_kind",
                                         "variant", "variant_title", "variant_reason", "birads",
                                         "laterality", "associated_mass_or_asymmetry",
                                         "findings"]


def test_record_to_json_without_date_or_findings():
    rec = ReportRecord(row=2, accession="A1", patient_id="P1", exam_date=None,
                       exam_kind="diagnostic", variant=None, variant_title=None,
                       variant_reason="no_calcifications", birads=None, laterality=None,
                       associated_mass_or_asymmetry=False)
    out = record_to_json(rec)
    assert out["exam_date"] is None and out["findings"] == []
    assert "error" not in out


def test_record_to_json_keeps_a_row_error():
    rec = ReportRecord(row=3, accession="A1", patient_id="P1", exam_date=None,
                       exam_kind="screening", variant=None, variant_title=None,
                       variant_reason="no_calcifications", birads=None, laterality=None,
                       associated_mass_or_asymmetry=False, error="duplicate accession A1")
    out = record_to_json(rec)
    assert list(out)[-1] == "error" and out["error"] == "duplicate accession A1"


@pytest.mark.parametrize("morphology, expected", [
    (("round", "fine_linear"), "fine_linear"),
    (("punctate", "fine_pleomorphic", "amorphous"), "fine_pleomorphic"),
    (("coarse_heterogeneous", "amorphous"), "amorphous"),
    (("round", "coarse_heterogeneous"), "coarse_heterogeneous"),
    (("round", "punctate"), "punctate"),
    (("dystrophic", "round"), "round"),
    (("dystrophic", "vascular"), "dystrophic"),
    ((), None),
])
def test_deciding_morphology_is_the_most_suspicious(morphology, expected):
    assert deciding_morphology(Finding(morphology=morphology)) == expected


def test_outputs_use_the_mappers_deciding_morphology():
    import auditor.variants

    assert deciding_morphology is auditor.variants.deciding_morphology


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+1", "'+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("  =1", "'  =1"),
    ("a\x00b\x07c\x1f", "a\ufffdb\ufffdc\ufffd"),
    ("\x01=1", "\ufffd=1"),
    ("left breast, 2-3 mm", "left breast, 2-3 mm"),
    ("", ""),
])
def test_safe_text_neutralises_formulas_and_control_characters(value, expected):
    assert safe_text(value) == expected


def test_safe_text_truncates_to_a_cell_limit():
    assert len(safe_text("x" * 40_000, 32_767)) == 32_767


def test_run_rows_flatten_options(guideline, build):
    rows = run_rows(build.run(guideline))
    keys = [r[0] for r in rows]
    assert keys[:3] == ["tool_version", "rules_version", "rules_fingerprint"]
    assert ("input", "reports.csv", 3, "ab" * 32) in rows
    assert ("option.map.report_text", "RPT_TXT", None, None) in rows
    assert ("option.diagnostic_window_days", "90", None, None) in rows
    assert keys[-2:] == ["started", "finished"]


def test_summary_counter_counts_incrementally(guideline, build):
    counter = SummaryCounter.for_guideline(guideline)
    for i in range(1, 7):
        counter.add_report(build.record(i))
        counter.add_procedure(build.result(i, status="inappropriate" if i < 3 else "appropriate"))
        counter.add_underuse(build.flag(i))
    rows = {(r.section, r.item, r.status): r for r in counter.rows()}
    assert rows[("reports", "reports", None)].count == 6
    assert rows[("reports", "mapped", None)].count == 4
    assert rows[("reports", "mapped", None)].rate == pytest.approx(4 / 6)
    assert rows[("reports_unmapped_by_reason", "no_calcifications", None)].count == 2
    assert rows[("reports_by_variant", "4", None)].count == 4
    assert rows[("reports_by_variant", "18", None)].count == 0  # every variant is listed
    assert rows[("procedures_by_status", "inappropriate", "inappropriate")].count == 2
    assert rows[("procedures_by_status", "unlinked", "unlinked")].count == 0
    assert rows[("procedures_by_acr_procedure", "Mammography diagnostic", "all")].count == 6
    # Dr 1 ordered procedures 1 (inappropriate) and 5 (appropriate).
    dr1 = rows[("procedures_by_ordering_provider", "Dr 1", "inappropriate")]
    assert (dr1.count, dr1.rate) == (1, 0.5)
    assert rows[("procedures_by_site", "Main", "all")].count == 6
    assert rows[("underuse_by_rule", "U1", None)].count == 3
    assert rows[("underuse", "flags", None)].count == 6


def test_summary_leaves_out_provider_and_site_when_absent(guideline, build):
    counter = SummaryCounter.for_guideline(guideline)
    counter.add_procedure(build.result(1, provider=False))
    sections = {r.section for r in counter.rows()}
    assert "procedures_by_ordering_provider" not in sections
    assert "procedures_by_site" not in sections


def test_sheet_rows_name_continuations():
    rows = sheet_rows("sheets", [("Procedures", 5), ("Procedures (2)", 1)])
    assert rows[0].detail == "continued on Procedures (2)"
    assert rows[1].detail == "continuation of Procedures"
    assert sheet_rows("sheets", [("Reports", 3)])[0].detail is None
