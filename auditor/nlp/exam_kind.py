"""Screening or diagnostic: from the exam type, or without one from the report's exam line."""

from __future__ import annotations

import re

_SCREENING = re.compile(r"\bscreen(ing)?\b|\bscr\b", re.IGNORECASE)
_DIAGNOSTIC = re.compile(r"\bdiagnostic\b|\bdiag\b|\bdx\b", re.IGNORECASE)
_EXAM_LINE = re.compile(r"^[ \t]*(exam|examination|procedure|study|exam type|type of exam)"
                        r"[ \t]*:[^\n]*", re.IGNORECASE | re.MULTILINE)


def exam_kind(exam_type: str | None, text: str | None = None) -> str:
    """"screening" when the exam type (or, with none, the exam line or first lines) says so.

    A title naming both ("screening, converted to diagnostic") is diagnostic: the workup
    happened. Anything else, including no information at all, is diagnostic (audit.md).
    """
    source = exam_type if isinstance(exam_type, str) and exam_type.strip() else None
    if source is None and isinstance(text, str):
        line = _EXAM_LINE.search(text[:2000])
        source = line.group() if line else "\n".join(text.lstrip()[:400].splitlines()[:2])
    if source and _SCREENING.search(source) and not _DIAGNOSTIC.search(source):
        return "screening"
    return "diagnostic"
