"""Exam kind: screening when the exam type (or, without one, the exam line) says so."""

from __future__ import annotations

import pytest

from auditor.nlp import exam_kind

EXAM_KINDS = [
    ("SCREENING MAMMOGRAM BILATERAL W/ TOMO", "", "screening"),
    ("MAMMO SCREEN BILAT", "", "screening"),
    ("MAMMO DIAG LEFT", "EXAM: Screening mammogram", "diagnostic"),
    ("Diagnostic mammogram, right", "", "diagnostic"),
    ("", "EXAM: Bilateral screening mammogram with tomosynthesis.\nFINDINGS: ...", "screening"),
    (None, "BILATERAL SCREENING MAMMOGRAM\nFINDINGS: negative.", "screening"),
    (None, "EXAM: Left diagnostic mammogram.\nHISTORY: Recall from screening.", "diagnostic"),
    (None, "FINDINGS: Grouped amorphous calcifications.", "diagnostic"),
    (None, "", "diagnostic"),
    (None, None, "diagnostic"),
]

# Without an exam type only the exam line or the report title decides: the reason for the exam
# (history, indication, comparison) never makes it a screening, and a workup title is diagnostic.
EXAM_LINE_ONLY = [
    ("CLINICAL HISTORY: Recalled from screening for left breast calcifications.\n"
     "FINDINGS: Grouped amorphous calcifications.", "diagnostic"),
    ("INDICATION: Callback from screening.\nFINDINGS: Punctate calcifications.", "diagnostic"),
    ("HISTORY: Screening detected calcifications.\nCOMPARISON: Screening mammogram 2023.",
     "diagnostic"),
    ("Comparison: screening mammograms 2021 and 2022.\nFINDINGS: negative.", "diagnostic"),
    ("Additional views requested after screening exam\nFINDINGS: ...", "diagnostic"),
    ("EXAM: Additional views requested after screening exam.", "diagnostic"),
    ("EXAM: Recall from screening, left breast.", "diagnostic"),
    ("Procedure: Callback views, right breast (screening recall)", "diagnostic"),
    ("LEFT BREAST SPOT MAGNIFICATION VIEWS (addendum to screening)\nFINDINGS: ...",
     "diagnostic"),
    ("EXAM: Screening mammogram, converted to diagnostic.", "diagnostic"),
    ("EXAM: Bilateral screening mammogram.\nHISTORY: Recalled 2019, benign.", "screening"),
    ("Procedure: MG screening bilateral w/ tomo\nINDICATION: Annual.", "screening"),
    ("BILATERAL SCREENING MAMMOGRAM WITH TOMOSYNTHESIS\nFINDINGS: negative.", "screening"),
    ("Screening mammogram bilateral, 3D. Recommend diagnostic workup of the left calcs.",
     "screening"),
]


@pytest.mark.parametrize("text, expected", EXAM_LINE_ONLY)
def test_exam_kind_from_exam_line_only(text, expected):
    assert exam_kind("", text) == expected
    assert exam_kind(None, text) == expected


@pytest.mark.parametrize("exam_type, text, expected", EXAM_KINDS)
def test_exam_kind(exam_type, text, expected):
    assert exam_kind(exam_type, text) == expected


def test_exam_kind_in_extraction(extractor):
    assert extractor.extract("FINDINGS: negative.", "SCREENING MAMMO").exam_kind == "screening"
    assert extractor.extract("FINDINGS: negative.", None).exam_kind == "diagnostic"


# Only a mammogram report shows that a diagnostic mammogram was done (audit, workup evidence):
# an exam type or exam line naming another breast procedure and no mammography is not one.
@pytest.mark.parametrize("exam_type, text, mammogram", [
    ("US BREAST RT LIMITED", "FINDINGS: No sonographic correlate.", False),
    ("", "EXAM: Right breast ultrasound, limited.\nFINDINGS: Simple cyst.", False),
    ("MRI BREAST BILAT W WO CONTRAST", "", False),
    ("STEREOTACTIC CORE BIOPSY LEFT", "", False),
    ("", "EXAM: Left diagnostic mammogram and ultrasound.\nFINDINGS: ...", True),
    ("MAMMO DIAG LEFT", "", True),
    ("", "LEFT SPOT MAGNIFICATION VIEWS\nFINDINGS: ...", True),
    ("", "FINDINGS: Grouped amorphous calcifications.", True),   # nothing says otherwise
    (None, None, True),
])
def test_exam_documents_a_mammogram(extractor, exam_type, text, mammogram):
    assert extractor.extract(text, exam_type).mammogram is mammogram
