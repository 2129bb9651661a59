"""Which statement governs: the parts of a report that a later reading has replaced.

A report may carry several readers' statements made at several times. Two kinds of passage are
not this report's reading and make no finding and no assessment:
- a resident's or fellow's preliminary read, written as its own block ("PRELIMINARY (resident):
  ...", "*PRELIMINARY REPORT* - NOT FOR CLINICAL USE"), when the attending's final block
  ("FINAL (Dr. X):", "ATTENDING FINAL REPORT", "Final interpretation:") follows and does more
  than agree: the final text edits, disagrees or re-describes, and it governs (annotation
  notes of part ZI, decision 1). A final block that opens with plain agreement ("Agree.", "I
  concur") keeps the preliminary's description;
- an earlier or another report quoted ("The 2023 report described "...", "Outside impression
  (quoted): "...", "Resident preliminary: "..."): history, like the comparison section.

`superseded_spans(doc)` gives these passages as sorted (start, end) character ranges of the raw
text, computed once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from auditor.nlp.tokenizer import raw_text

SUPERSEDED = "auditor_superseded_spans"

# "PRELIMINARY (resident Dr. T. A.):", "Resident preliminary (Dr. N.):", "*PRELIMINARY*
# (resident):", "PRELIMINARY REPORT by Dr. O. M. (PGY-4):", "PRELIMINARY REPORT - NOT FOR
# CLINICAL USE": a block opener at a line start. A sentence about the preliminary ("Preliminary
# dictated by Dr. P. Final reviewed by ...") is not one.
_READ_NOUNS = r"(?:report|interpretation|read|reading|dictation|impression|findings)"
_PRELIMINARY = re.compile(
    r"^[ \t*_#>-]*(?:(?:resident|fellow|trainee)(?:'s)?[ \t]+)?prelim(?:inary|\.)?[*_]*"
    rf"(?:[ \t]+{_READ_NOUNS})?[*_]*[ \t]*(?:\([^()\n]{{0,60}}\)|by[ \t][^:\n]{{1,60}}?)?[ \t]*"
    r"(?::|[ \t]*[-\u2013\u2014][ \t]*not[ \t]+for[ \t]+clinical[ \t]+use\b[^\n]*$|$)",
    re.IGNORECASE | re.MULTILINE)
# "FINAL (Dr. L. H.):", "*FINAL* (attending):", "ATTENDING FINAL REPORT (Dr. O.):", "Attending
# final (Dr. S.):", "FINAL INTERPRETATION", "ATTENDING ADDENDUM (Dr. B.): ..."
_FINAL = re.compile(
    r"^[ \t*_#>-]*(?:attending(?:'s)?[ \t]+)?(?:final|attending)[*_]*"
    r"(?:[ \t]+(?:final|report|interpretation|read|reading|addendum|review|statement))*[*_]*"
    r"[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*(?::|$)",
    re.IGNORECASE | re.MULTILINE)
# the final text opens by agreeing, and says nothing of an edit
_AGREES = re.compile(r"[ \t\n]*(?:i[ \t]+)?(?:agree|concur)", re.IGNORECASE)
_EDITS = re.compile(r"\b(?:disagree|revis\w*|edit\w*|chang\w*|amend\w*|correct\w*|rather[ \t]+than"
                    r"|however|instead|not[ \t]+as)\b", re.IGNORECASE)
# A quotation of another report: its opening quote mark comes straight after a reporting verb
# ("described", "read:", "stated:") or a label naming that report ("Outside report:",
# "Outside impression (quoted):", "Resident preliminary (Dr. N.):"); not after this report's own
# headers ("Findings:").
_QUOTE_OPEN = re.compile(r"[\"\u201c]")
_QUOTE_CLOSE = re.compile(r"[\"\u201d]")
_ATTRIBUTION = re.compile(
    r"(?:\b(?:described|describes|read|reads|stated|states|noted|notes|reported|reports|said|"
    r"says|documented|documents|mentioned|quoted)\b[ \t]*(?:as[ \t]+)?:?"
    r"|\b(?:outside|prior|previous|earlier|original|prelim(?:inary)?|resident|fellow|screening"
    r"|referring)\b[^:\n\"\u201c]{0,40}:)[ \t]*$",
    re.IGNORECASE)


def superseded_spans(doc: Doc) -> list[tuple[int, int]]:
    """The superseded passages of the document (cached in its user data)."""
    spans = doc.user_data.get(SUPERSEDED)
    if spans is None:
        spans = find_superseded(raw_text(doc))
        doc.user_data[SUPERSEDED] = spans
    return spans


def find_superseded(text: str) -> list[tuple[int, int]]:
    spans = _preliminary_blocks(text) + _quoted_reports(text)
    spans.sort()
    return spans


def inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether a character position falls in one of the sorted spans."""
    k = bisect_right(spans, (position, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]


def _preliminary_blocks(text: str) -> list[tuple[int, int]]:
    if "relim" not in text and "RELIM" not in text:
        return []
    finals = [m for m in _FINAL.finditer(text)]
    blocks = []
    for opener in _PRELIMINARY.finditer(text):
        final = next((f for f in finals if f.start() > opener.end()), None)
        if final is None or _agrees(text, final.end()):
            continue
        blocks.append((opener.start(), final.start()))
    return blocks


def _agrees(text: str, start: int) -> bool:
    """The final text opens with plain agreement and edits nothing (in its first lines)."""
    if not _AGREES.match(text, start):
        return False
    return not _EDITS.search(text, start, min(len(text), start + 200))


def _quoted_reports(text: str) -> list[tuple[int, int]]:
    if '"' not in text and "\u201c" not in text:
        return []
    spans = []
    position = 0
    while (opening := _QUOTE_OPEN.search(text, position)) is not None:
        line_end = text.find("\n", opening.end())
        line_end = len(text) if line_end == -1 else line_end
        closing = _QUOTE_CLOSE.search(text, opening.end(), line_end)
        if closing is None:  # no closing mark on the line: not a quotation
            position = line_end
            continue
        line_start = text.rfind("\n", 0, opening.start()) + 1
        if _ATTRIBUTION.search(text[max(line_start, opening.start() - 80):opening.start()]):
            spans.append((opening.start(), closing.end()))
        position = closing.end()
    return spans

