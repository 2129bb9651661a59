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


@pytest.mark.parametrize("exam_type, text, expected", EXAM_KINDS)
def test_exam_kind(exam_type, text, expected):
    assert exam_kind(exam_type, text) == expected


def test_exam_kind_in_extraction(extractor):
    assert extractor.extract("FINDINGS: negative.", "SCREENING MAMMO").exam_kind == "screening"
    assert extractor.extract("FINDINGS: negative.", None).exam_kind == "diagnostic"
