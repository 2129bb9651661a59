"""The annotated corpora keep their contract: corpora/FORMAT.md line by line, accessions unique
across every file, and the coverage the extraction issue asks of them (at least 10 reports per
variant and 5 per no-variant reason in each split, every trap the spec names)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from auditor.models import (
    BIRADS_VALUES,
    DISTRIBUTIONS,
    LATERALITIES,
    MORPHOLOGIES,
    VARIANT_REASONS,
)

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SPLITS = ("dev", "test")
KEYS = {"accession", "patient_id", "exam_date", "exam_type", "report_text", "variant",
        "variant_reason", "birads", "laterality", "associated_mass_or_asymmetry", "findings",
        "traps"}
# variant-mapping.md's traps that are not calcification descriptors, as the guideline tags them
SPEC_TRAPS = ("heterogeneously_dense", "scattered_fibroglandular", "skin_thickening", "clips",
              "post_biopsy_hematoma", "coarse_alone", "coarse_heterogeneous")


def _lines(split: str):
    files = sorted((CORPORA / split).glob("*.jsonl"))
    assert files, f"no corpus files in {CORPORA / split}"
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                yield f"{path.name}:{number}", json.loads(line)


def _problems(record: dict) -> list[str]:
    problems = []
    missing = KEYS - record.keys()
    if missing:
        return [f"missing keys {sorted(missing)}"]
    variant, reason = record["variant"], record["variant_reason"]
    if variant is None:
        if reason not in VARIANT_REASONS:
            problems.append(f"no variant and reason {reason!r}")
        if record["laterality"] is not None:
            problems.append("laterality without a variant")
    elif not (isinstance(variant, int) and 1 <= variant <= 18) or reason is not None:
        problems.append(f"variant {variant!r} with reason {reason!r}")
    elif record["laterality"] not in LATERALITIES:
        problems.append(f"laterality {record['laterality']!r}")
    if record["birads"] is not None and record["birads"] not in BIRADS_VALUES:
        problems.append(f"birads {record['birads']!r}")
    if not isinstance(record["associated_mass_or_asymmetry"], bool):
        problems.append("associated_mass_or_asymmetry is not true/false")
    if not isinstance(record["report_text"], str) or not record["report_text"].strip():
        problems.append("empty report_text")
    date.fromisoformat(record["exam_date"])
    for finding in record["findings"]:
        if not finding["morphology"] or set(finding["morphology"]) - set(MORPHOLOGIES):
            problems.append(f"finding morphology {finding['morphology']!r}")
        if finding["distribution"] not in (*DISTRIBUTIONS, None):
            problems.append(f"finding distribution {finding['distribution']!r}")
        if finding["laterality"] not in (*LATERALITIES, None):
            problems.append(f"finding laterality {finding['laterality']!r}")
        count = finding.get("group_count")
        if count is not None and not (isinstance(count, int) and count >= 1):
            problems.append(f"group_count {count!r}")
    return problems


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_lines_follow_the_format(split):
    problems = [f"{where} {record.get('accession')}: {p}"
                for where, record in _lines(split) for p in _problems(record)]
    assert not problems, "\n".join(problems[:20])


def test_corpus_accessions_are_unique_across_every_file():
    seen: dict[str, str] = {}
    clashes = []
    for split in SPLITS:
        for where, record in _lines(split):
            if record["accession"] in seen:
                clashes.append(f"{record['accession']}: {seen[record['accession']]} and {where}")
            seen[record["accession"]] = where
    assert not clashes, clashes[:10]


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_covers_every_variant_reason_and_spec_trap(split):
    labels, traps = Counter(), Counter()
    for _where, record in _lines(split):
        labels[record["variant"] or record["variant_reason"]] += 1
        traps.update(record["traps"])
    thin = {v: labels[v] for v in range(1, 19) if labels[v] < 10}
    thin |= {r: labels[r] for r in VARIANT_REASONS if labels[r] < 5}
    assert not thin, f"{split}: too few reports for {thin}"
    assert not [t for t in SPEC_TRAPS if not traps[t]], split
