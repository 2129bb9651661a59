"""Screening or diagnostic: from the exam type, or without one from the report's exam line.

audit.md: "Exam kind is `screening` when the exam type (or, without one, the report's exam line)
says screening, else `diagnostic`." The exam line is a labelled exam/procedure line ("EXAM:",
"Procedure:") or, without one, the report's title (its first line, up to its first sentence end,
when that line is not a labelled history, indication or comparison line; a few chart-header
lines above it, "Patient: ...", "Accession 123", a date, are passed over). A history, indication
or comparison line ("INDICATION: Callback from screening.") never makes an exam screening: it
says why the patient is here, not what this exam is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "SCRN", "SCRNG", "SCR": order-system abbreviations
_SCREENING = re.compile(r"\bscreen(ing)?\b|\bscr(n|ng)?\b", re.IGNORECASE)
# A workup: diagnostic wording, a recall, or the views only a workup takes.
_DIAGNOSTIC = re.compile(
    r"\bdiagnostic\b|\bdiag\b|\bdx\b|\bdiagnositc\b|\brecall(ed|s)?\b|\bcall[ -]?backs?\b"
    r"|\bcalled back\b|\badditional (views?|imaging|evaluation)\b|\bspot\b|\bmagnifications?\b"
    r"|\bmags?\b|\btangential\b|\bwork[ -]?up\b|\bproblem[ -]solving\b", re.IGNORECASE)
_EXAM_LINE = re.compile(r"^[ \t]*(exam|examination|procedure|procedures|study|exam type|"
                        r"type of exam|title|report title|order|ordered exam)"
                        r"[ \t]*:[^\n]*", re.IGNORECASE | re.MULTILINE)
# A first line labelled as something other than the exam is not a title.
_OTHER_LABEL = re.compile(
    r"^[ \t]*[^:\n]{0,40}\b(history|hx|indications?|reason|comparison|comp|priors?|clinical|"
    r"findings?|impression|technique|composition|assessment|recommendations?|date|name|mrn|"
    r"accession|patient|dob|age|referring|physician|provider)\b[^:\n]{0,20}:", re.IGNORECASE)
# Lines of the chart's header above the title: who, when, which accession.
_ADMIN_LABEL = re.compile(
    r"^[ \t]*[^:\n]{0,20}\b(date|name|mrn|accession|acc|patient|pt|dob|age|sex|referring|"
    r"physician|provider|ordering|location|facility|site|id)\b[^:\n]{0,20}(:|#|\s\d)",
    re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{3,}")
_HEAD_LINES = 4
_SENTENCE_END = re.compile(r"[.;](?:\s|$)|\s-\s")
_TITLE_CHARS = 120


def chart_header_line(line: str) -> bool:
    """A line of the chart's header above the title ("Patient: ...", "MRN 123", a date)."""
    return bool(_ADMIN_LABEL.match(line)) or not _WORD.search(line)


def exam_line(text: str) -> str | None:
    """The report's exam line: a labelled exam/procedure line, else its title."""
    line = _EXAM_LINE.search(text[:2000])
    if line:
        return line.group()
    first = ""
    for k, line in enumerate(ln for ln in text[:2000].splitlines() if ln.strip()):
        # the title may stand under a header of the chart ("Patient: ...", "Accession 123",
        # "03/04/2024"): those lines are passed over, up to a few
        if k < _HEAD_LINES and chart_header_line(line):
            continue
        first = line
        break
    if not first or _OTHER_LABEL.match(first):
        return None
    end = _SENTENCE_END.search(first)
    return first[:end.start() if end else _TITLE_CHARS][:_TITLE_CHARS]


def exam_source(exam_type: str | None, text: str | None = None) -> str | None:
    """What says which exam this is: the exam type, or without one the report's exam line."""
    if isinstance(exam_type, str) and exam_type.strip():
        return exam_type
    return exam_line(text) if isinstance(text, str) else None


def exam_kind(exam_type: str | None, text: str | None = None) -> str:
    """"screening" when the exam type (or, with none, the exam line) says so.

    A title naming both ("screening, converted to diagnostic", "additional views after
    screening") is diagnostic: the workup happened. Anything else, including no information at
    all, is diagnostic (audit.md).
    """
    return kind_of(exam_source(exam_type, text))


def kind_of(source: str | None) -> str:
    """The exam kind that an exam type or exam line (`exam_source`) says."""
    if source and _SCREENING.search(source) and not _DIAGNOSTIC.search(source):
        return "screening"
    return "diagnostic"


# Words that make an exam a mammogram whatever else it names ("diagnostic mammogram and
# ultrasound", "spot compression views", "contrast-enhanced mammography").
_MAMMOGRAPHY = re.compile(r"\b(mamm\w*|mam|mamo|mg|tomo\w*|dbt|3d|2d|views?|mags?|magnification"
                          r"|spot|tangential|cem|cesm)\b", re.IGNORECASE)


def documents_mammogram(source: str | None, other_procedure: Callable[[str], bool]) -> bool:
    """False only when the exam type or exam line (`exam_source`) names another breast
    procedure and no mammography: an ultrasound, MRI or biopsy report does not show that a
    diagnostic mammogram was done. `other_procedure` says whether a name is such a procedure
    (the extractor passes the procedure-name table of rules/procedures/names.csv). Without
    information, True: a report extract is taken to hold mammography reports."""
    if not source or _MAMMOGRAPHY.search(source):
        return True
    return not other_procedure(source)
