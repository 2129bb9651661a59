"""Accuracy on the annotated corpora, as `auditor evaluate` measures it.

The floors are what the extractor measured when they were last raised (README, "Corpora and
accuracy"); a change that lowers accuracy below them fails here. The test split is scored, never
tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.api import extract_records, read_gold
from auditor.evaluate import evaluate
from auditor.inputs.readers import read_reports
from auditor.outputs.rows import record_to_json

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# split -> (variant accuracy, BI-RADS F1, morphology F1) floors
FLOORS = {
    "dev": (0.997, 0.998, 0.99),
    "test": (0.985, 0.998, 0.99),
}


def _score(split: str):
    files = sorted((CORPORA / split).glob("*.jsonl"))
    assert files, f"no corpus files in {CORPORA / split}"
    predicted = [record_to_json(r) for path in files for r in extract_records(read_reports(path))]
    return evaluate(list(read_gold(CORPORA / split)), predicted)


@pytest.mark.slow
@pytest.mark.parametrize("split", sorted(FLOORS))
def test_corpus_accuracy_stays_above_its_floor(split):
    result = _score(split)
    summary = _summary(result)
    variant_floor, birads_floor, morphology_floor = FLOORS[split]
    assert summary["n"] >= 350
    assert summary["variant_accuracy"] >= variant_floor, summary
    assert summary["birads_f1"] >= birads_floor, summary
    assert summary["morphology_f1"] >= morphology_floor, summary


def _summary(result) -> dict:
    from auditor.evaluate import evaluation_to_dict

    data = evaluation_to_dict(result)
    fields = data["fields"]
    return {"n": data["gold_reports"], "variant_accuracy": data["variant"]["accuracy"],
            "birads_f1": fields["birads"]["f1"], "morphology_f1": fields["morphology"]["f1"]}
