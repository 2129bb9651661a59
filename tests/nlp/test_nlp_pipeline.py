"""The pipeline as a whole: sections, sentences, evidence offsets, streaming, robustness."""

from __future__ import annotations

import dataclasses

import pytest
from nlp_expectations import sentences

from auditor.models import Evidence, Finding, TextExtraction
from auditor.nlp.pipeline import MAX_CHARS
from auditor.nlp.sections import SECTIONS

REPORT = """EXAM: Bilateral diagnostic mammogram.
CLINICAL HISTORY: Recall for right breast calcifications.
COMPARISON: 2021, 2022.
BREAST COMPOSITION: Heterogeneously dense.
FINDINGS:
RIGHT BREAST: There are grouped amorphous calcifications at 10 o'clock,
6 cm from the nipple, spanning 6 mm. No associated mass.
LEFT BREAST: Scattered benign-appearing calcifications, unchanged.
IMPRESSION: Grouped amorphous calcifications in the right breast.
BI-RADS 4B: Moderate suspicion.
RECOMMENDATION: Stereotactic biopsy of the right breast calcifications.
"""


def test_pipeline_components(nlp):
    assert nlp.pipe_names == ["auditor_sections", "auditor_sentences", "auditor_lexicon",
                              "auditor_context", "auditor_birads", "auditor_findings"]


def test_pipeline_sections(nlp):
    doc = nlp(REPORT)
    keys = [s[0] for s in doc.user_data[SECTIONS]]
    assert keys == ["exam", "history", "comparison", "composition", "findings", "impression",
                    "recommendation"]


@pytest.mark.parametrize("text, expected", [
    ("No headers at all. Grouped calcifications.", ["body"]),
    ("Exam: screening. Findings: negative. Impression: BI-RADS 1.",
     ["exam", "findings", "impression"]),
    ("BILATERAL SCREENING MAMMOGRAM\nFINDINGS\nNegative.\nIMPRESSION\nBI-RADS 1.",
     ["exam", "findings", "impression"]),
    ("Clinical Indication: screening\nMammographic Findings: negative\nConclusion: benign",
     ["history", "findings", "impression"]),
])
def test_pipeline_section_spellings(nlp, text, expected):
    assert [s[0] for s in nlp(text).user_data[SECTIONS]] == expected


@pytest.mark.parametrize("text, expected", [
    ("Grouped calcifications. No mass.", ["Grouped calcifications.", "No mass."]),
    ("GROUPED CALCIFICATIONS. NO MASS.", ["GROUPED CALCIFICATIONS.", "NO MASS."]),
    ("grouped amorphous\ncalcifications in the\nright breast", ["grouped amorphous "
                                                               "calcifications in the "
                                                               "right breast"]),
    ("Calcifications, amorphous vs. fine pleomorphic. Biopsy.",
     ["Calcifications, amorphous vs. fine pleomorphic.", "Biopsy."]),
    ("Right breast: negative\nLeft breast: negative", ["Right breast: negative",
                                                      "Left breast: negative"]),
    ("- grouped calcifications\n- no mass", ["- grouped calcifications", "- no mass"]),
    ("Finding 1:\n  Morphology: Amorphous\n  Distribution: Grouped\n\nFinding 2:\n  Morphology: "
     "Punctate", ["Finding 1: Morphology: Amorphous Distribution: Grouped",
                  "Finding 2: Morphology: Punctate"]),
])
def test_pipelinesentences(nlp, text, expected):
    assert sentences(nlp(text)) == expected


def test_pipeline_evidence_offsets_point_into_the_original_text(extractor):
    result = extractor.extract(REPORT)
    assert result.findings
    for finding in result.findings:
        assert finding.evidence
        for ev in finding.evidence:
            assert REPORT[ev.start:ev.end] == ev.text
    first = result.findings[0]
    assert "grouped amorphous calcifications at 10 o'clock" in first.evidence[0].text
    assert first.location == "10 o'clock, 6 cm from the nipple"
    assert first.extent_mm == 6.0
    assert result.birads == "4B"


def test_pipeline_report_reads_as_the_spec_says(extractor):
    result = extractor.extract(REPORT, "MAMMO DIAG BILAT")
    [counting] = [f for f in result.findings if f.counts]
    assert counting.morphology == ("amorphous",)
    assert counting.distribution == "grouped"
    assert counting.laterality == "right"
    assert counting.associated_mass_or_asymmetry is False
    assert counting.section == "findings"
    assert len(counting.evidence) == 2  # findings and impression merged
    [stable] = [f for f in result.findings if not f.counts]
    assert (stable.laterality, stable.historical) == ("left", True)
    assert result.exam_kind == "diagnostic"


def test_pipeline_plain_data_out(extractor):
    result = extractor.extract(REPORT)
    assert type(result) is TextExtraction
    for finding in result.findings:
        assert type(finding) is Finding
        for value in dataclasses.astuple(finding):
            assert type(value).__module__ == "builtins" or isinstance(value, Evidence)
        assert all(type(e) is Evidence for e in finding.evidence)


@pytest.mark.parametrize("text", [None, "", " ", "\n\n\n", "\x00\x01\x02", "😀" * 50, 12.5,
                                  "BI-RADS", "calcifications" * 3, ".......", "\t:\t:"])
def test_pipeline_junk_gives_an_extraction_not_an_exception(extractor, text):
    result = extractor.extract(text)
    assert isinstance(result, TextExtraction)


def test_pipeline_very_long_text_is_cut_not_crashed(extractor, caplog):
    text = ("Grouped amorphous calcifications in the right breast. " * 20_000)[:1_000_000]
    result = extractor.extract(text)
    assert result.findings
    assert "cut" in caplog.text
    assert MAX_CHARS < len(text)


def test_pipeline_extract_many_streams_in_order(extractor):
    items = [("Grouped amorphous calcifications, right breast.", None),
             ("", None),
             ("No suspicious calcifications. BI-RADS 1.", "SCREENING MAMMOGRAM"),
             ("Vascular calcifications, left breast. BI-RADS 2.", None)] * 50
    results = list(extractor.extract_many(iter(items), batch_size=7))
    assert len(results) == len(items)
    for (text, exam_type), result in zip(items, results, strict=True):
        assert result == extractor.extract(text, exam_type)
