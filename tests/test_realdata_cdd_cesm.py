"""Extraction on real radiologists' wording: CDD-CESM findings phrases (CC BY 4.0).

Khaled R. et al., "Categorized contrast enhanced mammography dataset for diagnostic and
artificial intelligence research", Sci Data 2022 (doi:10.1038/s41597-022-01238-0). The phrases,
with their typos ("Pop corn macrocalcification", "dystophic calcifications"), were labelled by an
annotator who did not write the extractor: corpora/cdd_cesm/README.md.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.nlp.extractor import Extractor

FOLDER = Path(__file__).resolve().parents[1] / "corpora" / "cdd_cesm"


def _rows(name: str) -> list[dict]:
    with (FOLDER / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


PHRASES = _rows("calcification_phrases.csv")
TRAPS = _rows("non_calcification_traps.csv")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _read(extractor: Extractor, phrase: str) -> tuple[set[str], set[str]]:
    findings = [f for f in extractor.extract(phrase).findings if f.counts]
    morphologies = {m for f in findings for m in f.morphology} or (
        {"unspecified"} if findings else set())
    return morphologies, {f.distribution for f in findings if f.distribution}


def test_real_phrases_give_the_annotated_morphology_and_distribution(extractor):
    assert len(PHRASES) >= 70
    wrong = []
    for row in PHRASES:
        gold_morph = set(row["morphology"].split("|"))
        gold_dist = {row["distribution"]} if row["distribution"] else set()
        got = _read(extractor, row["phrase"])
        if row["counts"] == "true" and got != (gold_morph, gold_dist):
            wrong.append((row["phrase"], (gold_morph, gold_dist), got))
    # Measured 74/75 when this test was written; the one miss ("regional ... with clusters",
    # where the annotator kept 'regional' and the extractor keeps the most suspicious, grouped)
    # is a documented choice, not an error of reading.
    assert len(wrong) <= 2, "\n".join(map(str, wrong))


@pytest.mark.parametrize("row", TRAPS, ids=lambda r: r["phrase"][:40])
def test_real_trap_phrases_give_no_calcification_finding(extractor, row):
    assert [f for f in extractor.extract(row["phrase"]).findings if f.counts] == []
