"""Scoring extraction records against gold, on hand-made pairs whose scores are known exactly."""

from __future__ import annotations

import json

import pytest

from auditor.evaluate import (
    MISSING,
    Disagreement,
    FieldScore,
    evaluate,
    evaluation_to_dict,
    format_evaluation,
)


def finding(morphology, distribution=None, laterality=None, evidence=(), **kw):
    return {"morphology": morphology.split("|"), "distribution": distribution,
            "laterality": laterality,
            "evidence": [{"text": t, "start": 0, "end": len(t)} for t in evidence], **kw}


def record(accession, variant=None, reason=None, birads=None, laterality=None, mass=False,
           findings=()):
    return {"accession": accession, "variant": variant, "variant_reason": reason,
            "birads": birads, "laterality": laterality, "associated_mass_or_asymmetry": mass,
            "findings": list(findings)}


GOLD = [
    record("G1", 4, None, "0", "right", False, [finding("amorphous", "grouped", "right")]),
    record("G2", 1, None, "4B", "left", True,
           [finding("fine_pleomorphic|amorphous", "segmental", "left"),
            finding("punctate", "grouped", "left")]),
    record("G3", None, "negated_only", "1"),
    record("G4", None, "distribution_not_stated", None, None, False,
           [finding("amorphous", None, "left")]),
]
PREDICTED = [
    record("G1", 4, None, "0", "right", False,
           [finding("amorphous", "grouped", "right", ["grouped amorphous calcifications"],
                    counts=True)]),
    record("G2", 1, None, "4", "bilateral", False,
           [finding("fine_pleomorphic", "segmental", "left", ["segmental pleomorphic"],
                    counts=True),
            finding("round", "grouped", "right", ["round calcifications"], counts=True),
            finding("fine_linear", None, "left", ["no fine linear"], counts=False)]),
    record("G3", None, "no_calcifications", None),
    record("X9", 9, None, "2", "left"),
]


@pytest.fixture(scope="module")
def ev():
    return evaluate(GOLD, PREDICTED)


@pytest.mark.parametrize("field,tp,fp,fn,precision,recall,f1", [
    # G2: gold {fine_pleomorphic, amorphous, punctate}, predicted {fine_pleomorphic, round}
    # (the negated fine linear does not count); G4 not predicted: amorphous missed
    ("morphology", 2, 1, 3, 2 / 3, 2 / 5, 0.5),
    ("distribution", 3, 0, 0, 1.0, 1.0, 1.0),
    # G2: left predicted as bilateral is both a FP and a FN
    ("laterality", 1, 1, 1, 0.5, 0.5, 0.5),
    # G2: 4B predicted as 4 (FP + FN); G3: 1 predicted as null (FN)
    ("birads", 1, 1, 2, 0.5, 1 / 3, 0.4),
    # G2: a true mass missed; nothing predicted true, so precision is undefined
    ("associated_mass_or_asymmetry", 0, 0, 1, None, 0.0, None),
])
def test_evaluate_field_scores(ev, field, tp, fp, fn, precision, recall, f1):
    s = ev.fields[field]
    assert (s.tp, s.fp, s.fn) == (tp, fp, fn)
    assert s.precision == pytest.approx(precision) if precision is not None else s.precision is None
    assert s.recall == pytest.approx(recall)
    assert s.f1 == pytest.approx(f1) if f1 is not None else s.f1 is None


def test_evaluate_variant_and_reason_accuracy(ev):
    assert (ev.variant_correct, ev.variant_total, ev.variant_accuracy) == (2, 4, 0.5)
    assert (ev.reason_correct, ev.reason_total, ev.reason_accuracy) == (0, 2, 0.0)


def test_evaluate_confusion_uses_the_reason_for_a_null_variant(ev):
    assert ev.confusion == {("4", "4"): 1, ("1", "1"): 1,
                            ("negated_only", "no_calcifications"): 1,
                            ("distribution_not_stated", MISSING): 1}


def test_evaluate_unmatched_accessions_are_reported(ev):
    assert ev.missing_predictions == ("G4",)
    assert ev.unexpected_predictions == ("X9",)
    assert (ev.gold_reports, ev.predicted_reports) == (4, 4)


def test_evaluate_every_disagreement_is_listed_with_evidence(ev):
    assert ev.disagreements == (
        Disagreement("G2", "morphology", ["amorphous", "fine_pleomorphic", "punctate"],
                     ["fine_pleomorphic", "round"], ("round calcifications",)),
        Disagreement("G2", "laterality", "left", "bilateral",
                     ("segmental pleomorphic", "round calcifications")),
        Disagreement("G2", "birads", "4B", "4", ()),
        Disagreement("G2", "associated_mass_or_asymmetry", True, False,
                     ("segmental pleomorphic", "round calcifications")),
        Disagreement("G3", "variant", "negated_only", "no_calcifications", ()),
        Disagreement("G3", "birads", "1", None, ()),
        Disagreement("G4", "record", "present", None, ()),
    )


def test_evaluate_perfect_prediction_scores_one():
    ev = evaluate(GOLD, GOLD)
    assert ev.disagreements == () and ev.variant_accuracy == 1.0 and ev.reason_accuracy == 1.0
    for field in ("morphology", "distribution", "laterality", "birads",
                  "associated_mass_or_asymmetry"):
        assert ev.fields[field].f1 == 1.0, field


@pytest.mark.parametrize("gold,predicted,tp,fp,fn", [
    ("4B", "4B", 1, 0, 0),
    ("4B", "4b", 1, 0, 0),  # written differently, same category
    ("4B", None, 0, 0, 1),
    ("4B", "4C", 0, 1, 1),
    (None, "2", 0, 1, 0),
    (None, None, 0, 0, 0),
    ("0", 0, 1, 0, 0),
])
def test_evaluate_birads_counting(gold, predicted, tp, fp, fn):
    ev = evaluate([record("A", birads=gold)], [record("A", birads=predicted)])
    s = ev.fields["birads"]
    assert (s.tp, s.fp, s.fn) == (tp, fp, fn)


@pytest.mark.parametrize("gold,predicted,tp,fp,fn", [
    (True, True, 1, 0, 0),
    (True, False, 0, 0, 1),
    (False, True, 0, 1, 0),
    (False, False, 0, 0, 0),
    (False, None, 0, 0, 0),
])
def test_evaluate_associated_mass_positive_class_is_true(gold, predicted, tp, fp, fn):
    ev = evaluate([record("A", mass=gold)], [record("A", mass=predicted)])
    s = ev.fields["associated_mass_or_asymmetry"]
    assert (s.tp, s.fp, s.fn) == (tp, fp, fn)


@pytest.mark.parametrize("gold,predicted,correct", [
    ((4, None), (4, None), True),
    ((4, None), (5, None), False),
    ((None, "negated_only"), (None, "negated_only"), True),
    ((None, "negated_only"), (None, "no_calcifications"), False),
    ((None, "negated_only"), (9, None), False),
    ((9, None), (None, "vascular_or_unspecified_benign"), False),
])
def test_evaluate_variant_exact_match(gold, predicted, correct):
    ev = evaluate([record("A", *gold)], [record("A", *predicted)])
    assert ev.variant_correct == int(correct)


def test_evaluate_reason_accuracy_counts_gold_reports_without_variant():
    gold = [record("A", None, "negated_only"), record("B", None, "diffuse_one_breast"),
            record("C", 4)]
    pred = [record("A", None, "negated_only"), record("B", 13), record("C", 5)]
    ev = evaluate(gold, pred)
    assert (ev.reason_correct, ev.reason_total) == (1, 2)
    assert (ev.variant_correct, ev.variant_total) == (1, 3)


def test_evaluate_findings_count_by_flags_when_counts_is_absent():
    gold = [record("A", findings=[finding("amorphous", "grouped")])]
    pred = [record("A", findings=[finding("amorphous", "grouped"),
                                  finding("fine_linear", "linear", negated=True),
                                  finding("coarse", None, historical=True)])]
    ev = evaluate(gold, pred)
    assert (ev.fields["morphology"].fp, ev.fields["distribution"].fp) == (0, 0)


@pytest.mark.parametrize("tp,fp,fn,precision,recall,f1", [
    (0, 0, 0, None, None, None),
    (0, 3, 0, 0.0, None, None),
    (0, 0, 2, None, 0.0, None),
    (0, 1, 1, 0.0, 0.0, 0.0),
    (3, 1, 0, 0.75, 1.0, 6 / 7),
])
def test_evaluate_field_score_edges(tp, fp, fn, precision, recall, f1):
    s = FieldScore("x", tp, fp, fn)
    assert s.precision == (pytest.approx(precision) if precision is not None else None)
    assert s.recall == (pytest.approx(recall) if recall is not None else None)
    assert s.f1 == (pytest.approx(f1) if f1 is not None else None)


@pytest.mark.parametrize("gold,predicted,message", [
    ([record("A"), record("A")], [], "gold accession 'A' appears twice"),
    ([record("A")], [record("A"), record("A")], "predicted accession 'A' appears twice"),
    ([{"variant": 4}], [], "gold record 1 has no accession"),
])
def test_evaluate_bad_input_is_an_error(gold, predicted, message):
    with pytest.raises(ValueError, match=message):
        evaluate(gold, predicted)


def test_evaluate_to_dict_is_json(ev):
    data = json.loads(json.dumps(evaluation_to_dict(ev)))
    assert data["fields"]["laterality"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5,
                                            "recall": 0.5, "f1": 0.5}
    assert data["variant"] == {"correct": 2, "total": 4, "accuracy": 0.5}
    assert data["missing_predictions"] == ["G4"] and data["unexpected_predictions"] == ["X9"]
    assert {"gold": "negated_only", "predicted": "no_calcifications", "reports": 1} in \
        data["confusion"]
    assert data["confusion"][0] == {"gold": "1", "predicted": "1", "reports": 1}
    assert len(data["disagreements"]) == 7


def test_evaluate_format_is_readable(ev):
    text = format_evaluation(ev)
    assert "Not predicted (scored as empty): G4" in text
    assert "Predicted but not in gold (not scored): X9" in text
    assert "Variant accuracy: 2/4 (50.0%)" in text
    assert "No-variant reason accuracy: 0/2 (0.0%)" in text
    assert "morphology" in text and "0.667" in text and "0.400" in text
    assert "associated_mass_or_asymmetry" in text and "n/a" in text
    assert "G2  birads: gold 4B, predicted 4" in text
    assert '"round calcifications"' in text
    assert "NEG = negated_only" in text
    assert format_evaluation(evaluate([], [])).startswith("Gold reports: 0")


# --- `auditor evaluate` on a folder of gold files: the scores by file ---------------------------

def _gold_line(accession, text, variant, reason, birads, laterality, findings=()):
    return json.dumps({"accession": accession, "patient_id": "P" + accession,
                       "exam_date": "2024-03-01", "exam_type": "DIAGNOSTIC MAMMOGRAM",
                       "report_text": text, **record(accession, variant, reason, birads,
                                                     laterality, False, findings),
                       "traps": []})


def test_evaluate_command_scores_each_gold_file(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    grouped = "FINDINGS: Grouped amorphous calcifications, right breast 10:00.\nBI-RADS 4A."
    negative = "FINDINGS: No suspicious calcifications or masses.\nIMPRESSION: BI-RADS 1."
    (tmp_path / "part_x.jsonl").write_text("\n".join([
        _gold_line("X1", grouped, 4, None, "4A", "right",
                   [finding("amorphous", "grouped", "right", group_count=1)]),
        _gold_line("X2", negative, None, "negated_only", "1", None)]) + "\n", encoding="utf-8")
    (tmp_path / "part_y.jsonl").write_text(
        _gold_line("Y1", negative, 4, None, "4A", "right",       # a wrong gold label
                   [finding("amorphous", "grouped", "right")]) + "\n", encoding="utf-8")
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path), "-q",
                                       "--json", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Variant accuracy: 2/3" in result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()
            if line.startswith("part_")}
    assert "2/2 (100.0%)" in rows["part_x.jsonl"] and "0/1 (0.0%)" in rows["part_y.jsonl"]
    by_file = json.loads(out.read_text(encoding="utf-8"))["by_file"]
    assert by_file["part_x.jsonl"]["variant_accuracy"] == 1.0
    assert by_file["part_y.jsonl"] == {"reports": 1, "variant_accuracy": 0.0,
                                       "birads_f1": 0.0}
