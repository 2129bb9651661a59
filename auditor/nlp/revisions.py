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
  (quoted): "...", "Resident preliminary: "..."): history, like the comparison section;
- an earlier report pasted into this one by copy-forward: a labelled prior block ("Prior findings
  (03/2024): ..." up to "Current findings:") or a fenced paste ("--- Copied from screening report
  ... --- end copied text ---", "** Prior report text ** ... ** End prior report text **"). Its
  descriptors, stability words and category are the earlier exam's; today's findings say what
  stands (annotation notes of part ZW, decision 2);
- a sentence the radiologist withdraws right after it ("Disregard the above sentence, carried
  forward in error", "The preceding sentence is withdrawn"): not read at all (part ZW, decision
  1). A withdrawal of one word ("disregard 'right breast' in the line above") or of template
  sentences in general is left to the corrections below and to findings.py.

`superseded_spans(doc)` gives these passages as sorted (start, end) character ranges of the raw
text, computed once per document.

A report-level "Interval change: None" line (an EHR template field: "INTERVAL CHANGE: No
significant interval change") says of every calcification finding that the report does not
call new or changing that it is unchanged, i.e. stable (part ZW, decision 3):
`says_no_interval_change`. A line that names a change, or says nothing ("N/A, baseline", "Unable
to assess"), says nothing of the others.

A correction in an amendment, an addendum or a correction line ("should read segmental AMORPHOUS
calcifications, not punctate", '"Segmental" was dictated in error; the distribution is
REGIONAL') takes the word back from the whole report, above or below it, while the body is left
as dictated (decision 2 of the part ZI notes): `find_withdrawals` and `apply_withdrawals`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import NamedTuple

from spacy.tokens import Doc

from auditor.models import MORPHOLOGIES, Finding
from auditor.nlp.sentences import SENTENCES, TOKENS
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
    r"(?:[ \t]+(?:final|attending|report|interpretation|read|reading|addendum|review"
    r"|statement))*[*_]*"
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
        tokens = doc.user_data.get(TOKENS)
        sentences = doc.user_data.get(SENTENCES) or []
        sent_chars = [tokens.starts[t] for t in sentences] if tokens is not None else []
        spans = find_superseded(raw_text(doc), sent_chars)
        doc.user_data[SUPERSEDED] = spans
    return spans


def find_superseded(text: str, sent_chars: list[int] | None = None) -> list[tuple[int, int]]:
    """The superseded passages; `sent_chars` (where each sentence starts) lets a withdrawn
    sentence be found."""
    spans = (_preliminary_blocks(text) + _quoted_reports(text) + _pasted_reports(text)
             + _withdrawn_sentences(text, sent_chars or []))
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


# --- copy-forward: an earlier report pasted in, a sentence withdrawn ----------------------------

# "Prior findings (08/2019, pre-surgical):", "PRIOR FINDINGS (copied from 10/04/2021):",
# "Previous report (screening):", "Prior impression:": an earlier exam's text under its own label
_PRIOR_LABEL = re.compile(
    r"\b(?:prior|previous|earlier|last)[ \t]+(?:exam(?:'s)?[ \t]+|study(?:'s)?[ \t]+)?"
    r"(?:findings|impression|report(?:[ \t]+text)?|reading)[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*:",
    re.IGNORECASE)
# ... up to today's own label ("Current findings:", "TODAY'S FINDINGS:", "Current exam:")
_CURRENT_LABEL = re.compile(
    r"\b(?:current|today'?s|present|new)[ \t]+(?:findings|exam|study|impression|report)\b"
    r"[^:\n]{0,40}:", re.IGNORECASE)
# a fence around a paste: "--- Copied from screening report 05/13/2024 ---", "** Prior report
# text (01/03/2025) **", "[Begin pasted text]", "=== Carried forward from 2023 ==="; and its end,
# "--- end copied text ---", "** End prior report text **", "[end of pasted text]"
_FENCE = r"[ \t*#=~_<>\[\]()-]*"
_PASTE_OPEN = re.compile(
    rf"^{_FENCE}(?:begin(?:ning)?[ \t]+(?:of[ \t]+)?)?(?:(?:the|text)[ \t]+)?"
    r"(?:(?:copied|pasted|carried[ \t]+forward|imported)\b"
    r"|(?:prior|previous|earlier|outside|screening)[ \t]+report[ \t]+text\b)[^\n]*$",
    re.IGNORECASE | re.MULTILINE)
_PASTE_CLOSE = re.compile(
    rf"^{_FENCE}end[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?(?:copied|pasted|carried|imported|prior"
    r"|previous|earlier|outside|screening|quoted)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE)


def _pasted_reports(text: str) -> list[tuple[int, int]]:
    lower = text.lower()
    if "prior" not in lower and "previous" not in lower and "earlier" not in lower \
            and "last" not in lower and "copied" not in lower and "pasted" not in lower \
            and "carried" not in lower and "imported" not in lower:
        return []
    return _fenced_pastes(text) + _prior_blocks(text)


def _fenced_pastes(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    while (opener := _PASTE_OPEN.search(text, position)) is not None:
        closer = _PASTE_CLOSE.search(text, opener.end())
        if closer is None:  # no end mark: a header of today's edited text, not a paste
            break
        spans.append((opener.start(), closer.end()))
        position = closer.end()
    return spans


def _prior_blocks(text: str) -> list[tuple[int, int]]:
    """A labelled prior block runs to today's label when one follows in its paragraph; with
    none, to its line's end (or, when the label stands alone on its line, to the paragraph's)."""
    spans = []
    for label in _PRIOR_LABEL.finditer(text):
        line_end = _end_of(text, "\n", label.end())
        paragraph_end = _end_of(text, "\n\n", label.end())
        current = _CURRENT_LABEL.search(text, label.end(), paragraph_end)
        if current is not None:
            end = current.start()
        elif text[label.end():line_end].strip():
            end = line_end
        else:
            end = paragraph_end
        spans.append((label.start(), end))
    return spans


def _end_of(text: str, mark: str, position: int) -> int:
    found = text.find(mark, position)
    return len(text) if found == -1 else found


# "Disregard the above sentence", "(Disregard: sentence carried forward from the 2023 report.)",
# "Please ignore the preceding sentence", "The previous sentence was carried forward in error
# and is withdrawn": the one sentence before is taken back whole. Not "disregard 'right breast'
# in the line above" (one word: a correction) nor "the template sentences above" (which ones is
# left to the negation rules).
_THAT_SENTENCE = (r"(?:the[ \t]+|this[ \t]+)?(?:(?:above|preceding|previous|prior|last)[ \t]+)?"
                  r"(?:sentence|line|statement)(?![ \t]*s\b)(?:[ \t]+above)?")
_WITHDRAWS = re.compile(
    rf"\b(?:please[ \t]+)?(?:disregard|ignore|delete|strike|omit)\b[ \t:]*{_THAT_SENTENCE}\b"
    rf"|\b(?:the[ \t]+)?(?:above|preceding|previous|prior|last)[ \t]+(?:sentence|line|statement)"
    r"[ \t]+(?:was|is|has[ \t]+been)[ \t]+(?:\w+[ \t]+){0,3}?"
    r"(?:withdrawn|retracted|deleted|struck|in[ \t]+error|carried[ \t]+forward|copied|pasted)\b",
    re.IGNORECASE)
_WITHDRAW_CUES = ("disregard", "ignore", "delete", "strike", "omit", "withdrawn", "retracted",
                  "in error", "carried forward")


def _withdrawn_sentences(text: str, sent_chars: list[int]) -> list[tuple[int, int]]:
    lower = text.lower()
    if not sent_chars or not any(cue in lower for cue in _WITHDRAW_CUES):
        return []
    spans = []
    for cue in _WITHDRAWS.finditer(text):
        if "template" in text[cue.start():cue.end()].lower():
            continue
        k = bisect_right(sent_chars, cue.start()) - 1
        own_start = sent_chars[k] if k >= 0 else 0
        # the cue opens its own sentence (after any decoration: "*** Disregard"): the one
        # before is withdrawn; a cue written on after it on the line withdraws what precedes
        if text[own_start:cue.start()].strip(" \t*#(-[") or k <= 0:
            start = own_start
            end = cue.start()
        else:
            start, end = sent_chars[k - 1], own_start
        start = _after_label(text, start, end)
        if text[start:end].strip():
            spans.append((start, end))
    return spans


# "Right breast: New cluster ...": the breast or section label opening the withdrawn sentence
# still heads what follows it; only the statement is taken back
_LEADING_LABEL = re.compile(r"[ \t]*[A-Za-z][\w /'-]{0,30}:[ \t]*")


def _after_label(text: str, start: int, end: int) -> int:
    label = _LEADING_LABEL.match(text, start, end)
    return label.end() if label else start


# --- the report's own "Interval change:" field ----------------------------------------------

# "Interval change: None.", "INTERVAL CHANGE: No significant interval change since 09/2022.",
# "Interval changes: none", "Change from prior: Unchanged", "Change since prior: no change": the
# field at a line start, its whole value a statement of no change
_INTERVAL_FIELD = re.compile(
    r"^[ \t*#-]*(?:interval[ \t]+changes?|changes?[ \t]+(?:from|since)[ \t]+(?:the[ \t]+)?"
    r"(?:prior|previous)(?:[ \t]+(?:exam|study|mammogram))?)[ \t]*:[ \t]*(?P<value>[^\n]*)",
    re.IGNORECASE | re.MULTILINE)
_NO_CHANGE_VALUE = re.compile(
    r"(?:none|nil|no|unchanged|stable|no[ \t]+(?:significant|appreciable|substantial|"
    r"interval|mammographic|definite|significant[ \t]+interval)?[ \t]*changes?)"
    r"(?:[ \t]+(?:since|from|compared[ \t]+(?:with|to))[ \t]+(?:the[ \t]+)?"
    r"(?:prior|previous|\d[\d/]*)(?:[ \t]+(?:exams?|studies|study|mammograms?))?)?"
    r"[ \t]*\.?[ \t]*", re.IGNORECASE)


def says_no_interval_change(text: str, superseded: list[tuple[int, int]]) -> bool:
    """Whether the report's own interval-change field (every one it has, outside pasted text)
    says that nothing changed."""
    if "hange" not in text and "HANGE" not in text:
        return False
    values = [m for m in _INTERVAL_FIELD.finditer(text) if not inside(superseded, m.start())]
    return bool(values) and all(_NO_CHANGE_VALUE.fullmatch(m.group("value")) for m in values)


# --- corrections: a word taken back and the word that replaces it -----------------------------

class Withdrawal(NamedTuple):
    """"Should read amorphous, not punctate": `wrong` (a morphology or distribution key) is
    taken back wherever the report said it, on `side` (None: either), and `right` stands."""

    label: str
    wrong: str
    right: str
    side: str | None


# "amorphous, not punctate", "regional rather than segmental", "AMORPHOUS instead of punctate":
# the word after the cue is taken back (a noun or two may stand before the cue: "amorphous
# calcifications rather than punctate")
_TAKEN_BACK_AFTER = re.compile(r"[\"\u201d]?[ \t,]*(?:[\w-]+[ \t,]+){0,2}?(?:but[ \t]+)?"
                               r"(?:not|rather[ \t]+than|instead[ \t]+of)[ \t]+(?:the[ \t]+)?"
                               r"[\"\u201c]?$", re.IGNORECASE)
# '"Segmental" was dictated in error; the distribution is REGIONAL', '"coarse calcifications"
# should read "coarse heterogeneous calcifications"', "punctate is changed to amorphous": the
# word before the cue is taken back
_REPLACED_BY = re.compile(r"\b(?:should[ \t]+(?:have[ \t]+)?(?:read|been|say)|in[ \t]+error"
                          r"|(?:changed|amended|corrected|revised|updated)[ \t]+to)\b",
                          re.IGNORECASE)
_CHANGED_FROM = re.compile(r"\b(?:changed|amended|corrected|revised)[ \t]+from[ \t]+[\"\u201c]?$",
                           re.IGNORECASE)
_TO = re.compile(r"[\"\u201d]?[ \t]+to[ \t]+[\"\u201c]?$", re.IGNORECASE)
# a statement made after the first signature: only there does a "not X" take X back from the
# whole report (elsewhere it corrects the finding it sits in; findings.py)
_REVISION = re.compile(r"amend|addend|correct|revis|in[ \t]+error|erratum|edited|disagree|"
                       r"should[ \t]+read", re.IGNORECASE)
_CUES = ("not ", "rather than", "instead of", "should", "in error", "changed", "amended",
         "corrected", "revised", "updated")
_TAKEN = ("morphology", "distribution")


def find_withdrawals(text: str, mentions, token_starts, token_ends,
                     sent_starts) -> list[Withdrawal]:
    """Corrections in the report's revision statements (amendments, addenda, correction lines,
    an attending's edit): each morphology or distribution taken back, with its replacement."""
    lower = text.lower()
    if not any(cue in lower for cue in _CUES) or not _REVISION.search(text):
        return []  # most reports revise nothing: no sentence-by-sentence look
    found: list[Withdrawal] = []
    by_sentence: dict[int, list] = {}
    for m in mentions:
        if m.label in _TAKEN or m.label == "laterality":
            by_sentence.setdefault(bisect_right(sent_starts, m.start) - 1, []).append(m)
    for ms in by_sentence.values():
        terms = [m for m in ms if m.label in _TAKEN]
        if len({(m.label, m.key) for m in terms}) < 2:
            continue
        start = token_starts[ms[0].start]
        paragraph = text[_paragraph_start(text, start):token_ends[ms[-1].end - 1]]
        if not _REVISION.search(paragraph):
            continue
        sides = {m.key for m in ms if m.label == "laterality"}
        side = next(iter(sides)) if len(sides) == 1 else None
        pairs = [(a, b) for label in _TAKEN
                 for a, b in _consecutive([m for m in terms if m.label == label])]
        for a, b in pairs:
            if a.key == b.key:
                continue
            between = text[token_ends[a.end - 1]:token_starts[b.start]]
            if _TAKEN_BACK_AFTER.fullmatch(between):
                found.append(Withdrawal(a.label, b.key, a.key, side))
            elif _REPLACED_BY.search(between) or (
                    _TO.fullmatch(between)
                    and _CHANGED_FROM.search(text, max(0, token_starts[a.start] - 30),
                                             token_starts[a.start])):
                found.append(Withdrawal(a.label, a.key, b.key, side))
    return found


def _consecutive(items: list) -> list[tuple]:
    return list(zip(items, items[1:], strict=False))


def _paragraph_start(text: str, position: int) -> int:
    blank = text.rfind("\n\n", 0, position)
    return 0 if blank == -1 else blank + 2


def apply_withdrawals(findings: tuple[Finding, ...],
                      withdrawals: list[Withdrawal]) -> tuple[Finding, ...]:
    """Each finding with the corrected words in place of the ones taken back."""
    if not withdrawals:
        return findings
    return tuple(_corrected(f, withdrawals) for f in findings)


def _corrected(finding: Finding, withdrawals: list[Withdrawal]) -> Finding:
    for w in withdrawals:
        if w.side is not None and finding.laterality not in (w.side, None):
            continue
        if w.label == "morphology" and w.wrong in finding.morphology:
            keys = (set(finding.morphology) - {w.wrong}) | {w.right}
            finding = replace(finding, morphology=tuple(k for k in MORPHOLOGIES if k in keys))
        elif w.label == "distribution" and finding.distribution == w.wrong:
            finding = replace(finding, distribution=w.right,
                              group_count=finding.group_count if w.right == "grouped" else None)
    return finding
