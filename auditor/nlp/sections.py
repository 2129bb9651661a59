"""Section detection on the raw text (line structure), header spellings from rules/sections/.

Writes to `doc.user_data`:
- `auditor_sections`: [(key, start, body_start, end)] covering the whole text in order; text
  before the first header is `body` (or `exam` when it is a one-line exam title);
- `auditor_breast_headers`: [(laterality, start, end)]: "RIGHT BREAST:" lines and the text under
  them, up to the next breast header or section header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from auditor.errors import RulesError
from auditor.models import LATERALITIES
from auditor.nlp.batching import BatchedComponent
from auditor.nlp.exam_kind import chart_header_line
from auditor.nlp.tokenizer import raw_text
from auditor.rulefiles import read_table

SECTIONS = "auditor_sections"
BREAST_HEADERS = "auditor_breast_headers"
# the width a hard-wrapped export broke its lines at, or None (see `wrap_width`)
WRAP_WIDTH = "auditor_wrap_width"
SECTION_KEYS = ("exam", "history", "comparison", "technique", "composition", "findings",
                "impression", "assessment", "recommendation", "addendum")
BODY = "body"
# These say one thing in a line ("COMPARISON: 2021.", "Breast density: B"); what follows them
# without a new header is the report body, often its findings.
ONE_LINE_SECTIONS = frozenset({"exam", "history", "comparison", "technique", "composition"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_LINE_END = re.compile(r"\n")
# A first line like "BILATERAL SCREENING MAMMOGRAM WITH TOMOSYNTHESIS" names the exam.
_EXAM_TITLE = re.compile(r"[^\n]{0,100}(mammo|tomosynth|screening|diagnostic|\bexam\b|views)"
                         r"[^\n.]{0,100}(\n|$)", re.IGNORECASE)


# words an exam line is made of ("Diagnostic mammogram, left, with spot views")
_NAMES_EXAM = re.compile(r"mammo|tomo|screen|diagnos|\bexam|\bviews?\b|magnif|\bspot\b|"
                         r"\b(?:cc|mlo|ml|us|dbt|mg)\b|ultrasound|sono|biops|\bbilat|unilat|"
                         r"\bstudy|procedure|\blocali[sz]|\bwire|\bclip|\bnone\b|\bn/?a\b",
                         re.IGNORECASE)
# A line ending in one of these words goes on in the next line: "...in the\nright breast".
_CONTINUES = re.compile(r"\b(the|in|of|and|at|to|a|an|with|for|on|from|or|is|are|both|"
                        r"within|involving)$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderTable:
    """Header spellings (normalised: lower case, single spaces) -> key."""

    keys: dict[str, str]

    @classmethod
    def from_file(cls, path: Path, key_column: str, allowed: tuple[str, ...]) -> HeaderTable:
        keys: dict[str, str] = {}
        for row_number, row in read_table(path, (key_column, "header", "example")):
            key, header = row[key_column], row["header"]
            if key not in allowed:
                raise RulesError(f"unknown {key_column} '{key}'; allowed: {list(allowed)}",
                                 file=str(path), row=row_number, column=key_column)
            if not header:
                raise RulesError("header is empty", file=str(path), row=row_number,
                                 column="header")
            keys[_normalise(header)] = key
        if not keys:
            raise RulesError("no headers defined", file=str(path))
        return cls(keys=keys)


def find_headers(text: str, tables: tuple[HeaderTable, ...]) -> list[list[tuple[str, int, int]]]:
    """Per table, (key, header start, header end) in text order.

    A header is a known spelling followed by a colon, at a line start or after a sentence end
    ("... benign. IMPRESSION: ..."); or, without the colon, alone on its line or before a
    spaced dash ("FINDINGS", "RIGHT BREAST - ...") where the line before ended its sentence.
    Candidates are found with string scans, not a regex of every spelling: this runs on every
    report.
    """
    found: list[dict[int, tuple[str, int, int]]] = [{} for _ in tables]

    def add(label: str, start: int, end: int) -> None:
        key = _normalise(label)
        for table, hits in zip(tables, found, strict=True):
            if key in table.keys:
                hits[start] = (table.keys[key], start, end)
                return
        # "ADDENDUM 05/28/2020:", "Addendum #2:", "ADDENDUM (1/3/24):": an addendum header may
        # carry its date or number
        dated = _DATED.match(key)
        if dated and tables[0].keys.get(dated.group(1)) == "addendum":
            found[0][start] = ("addendum", start, end)
            return
        # "R 11 o'clock:", "Left breast, UOQ:", "RT retroareolar:": a side with the place of
        # the finding heads the lines about that breast
        placed = _PLACED.match(key)
        if placed and len(tables) > 1 and placed.group(1) in tables[1].keys:
            found[1][start] = (tables[1].keys[placed.group(1)], start, end)

    colon = text.find(":")
    while colon != -1:
        # only a boundary within a header's length of the colon matters: look no further back
        # (a long report on one line would make this quadratic)
        lo = max(0, colon - _LONGEST_HEADER - 2)
        newline = text.rfind("\n", lo, colon)
        line_start = newline + 1 if newline != -1 else (0 if lo == 0 else -1)
        since = max(line_start, lo)
        boundary = max(line_start, _after(text.rfind(". ", since, colon)),
                       _after(text.rfind("? ", since, colon)))
        if colon - boundary <= _LONGEST_HEADER:
            lead = _LEAD.match(text, boundary, colon).end()
            if lead < colon:
                add(text[lead:colon], lead, colon + 1)
        colon = text.find(":", colon + 1)
    # Dictation runs "... no mass impression grouped calcifications ..." on in one line.
    for m in (_SPOKEN_IMPRESSION.finditer(text) if "mpression" in text or "MPRESSION" in text
              else ()):
        if m.start(1) not in found[0]:
            found[0][m.start(1)] = ("impression", m.start(1), m.end())
    offset = 0
    known = set().union(*(t.keys for t in tables))
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and ":" not in stripped and (
                len(stripped) <= _LONGEST_HEADER or "-" in line or "—" in line
                or stripped[:1] in "fFiI"):
            lead = offset + _LEAD.match(line).end()
            label, end = stripped, offset + len(line)
            dash = _DASH.search(line) if "-" in line or "—" in line else None
            if dash:
                label, end = line[lead - offset:dash.start()], offset + dash.end()
            elif len(stripped) > _LONGEST_HEADER:
                first = _STRONG.match(line, lead - offset)
                label, end = (first.group(1), offset + first.end()) if first else ("", 0)
            label = label.rstrip(" -—")
            if (label and len(label) <= _LONGEST_HEADER and _normalise(label) in known
                    and _after_sentence_end(text, lead)):
                add(label, lead, end)
        offset += len(line) + 1
    return [[hits[k] for k in sorted(hits)] for hits in found]


def _after(found: int) -> int:
    return found + 2 if found != -1 else 0


_LONGEST_HEADER = 45
_INTERVENTION = re.compile(r"\b(?:biops(?:y|ies)|VAB|vacuum[ -]assisted|core needle|aspiration|"
                           r"(?:wire|needle|seed)[ -]locali[sz]ation|excision)\b", re.IGNORECASE)
_PLACED = re.compile(
    r"(.+?),?[ ]+(?:at[ ]+)?(?:\d{1,2}(?:[ ]?(?:o'?clock|oclock|h))?(?:[ ,].*)?"
    r"|(?:uoq|uiq|loq|liq|upper|lower|outer|inner|central|retroareolar|subareolar|"
    r"periareolar|axillary|axilla|superior|inferior|medial|lateral)\b.*)$")
_DATED = re.compile(r"(.+?)[ ]+\(?#?\d[\d/. ]*\)?$")
_LEAD = re.compile(r"[ \t]*(?:[#*•-]+[ \t]*|\d{1,2}[.)][ \t]+)?")
_DASH = re.compile(r"[ \t]+[-—][ \t]+")
_SPOKEN_IMPRESSION = re.compile(
    r"(?<=[a-z,.] )(impression)[ \t]+(?!of\b|is\b|was\b|that\b|from\b|given\b)(?=[a-z0-9])",
    re.IGNORECASE)
# Dictated reports say "impression" without a colon at the start of a line.
_STRONG = re.compile(r"(findings|impressions?)[ \t]+", re.IGNORECASE)


def _after_sentence_end(text: str, start: int) -> bool:
    """A header without a colon needs the line before it to have ended its sentence."""
    before = text[max(0, start - 40):start].rstrip()
    if not before or before[-1] in ".:;!?" or "\n\n" in text[start - 40:start + 1]:
        return True
    return before[-1] != "," and _CONTINUES.search(before) is None


def _content_end(text: str, start: int, body_start: int, end: int,
                 width: int | None = None) -> int:
    """Where a one-line section's content stops: its line's end (the next line's, when the
    header stands alone on its line), or its first sentence's end when it began mid-line. In a
    hard-wrapped export the line goes on over the breaks the width made."""
    mid_line = start > 0 and text[text.rfind("\n", 0, start) + 1:start].strip() != ""
    position = body_start
    while position < end and text[position] in " \t\n\r" and not mid_line:
        position += 1  # "HISTORY:\n  Annual screening." - the content is on the next line
    pattern = _SENTENCE_END if mid_line else _LINE_END
    m = pattern.search(text, position, end)
    if m is None:
        return end
    line_start = text.rfind("\n", 0, start) + 1
    while width is not None and not mid_line and m.end() < end:
        following = _LINE_END.search(text, m.end(), end)
        stop = following.start() if following else end
        if not wrapped_on(text[line_start:m.start()], text[m.end():stop], width):
            break
        line_start = m.end()
        if following is None:
            return end
        m = following
    return m.end()


# A writer who breaks a sentence over short lines leaves a word that wants more at the end of
# one ("There are grouped amorphous\ncalcifications", "... in the upper outer\nquadrant") or
# starts the next with one that carries the sentence on ("...calcifications\nin the left breast",
# "\nmeasuring 5 mm"). A note written a statement per line does neither ("R 9:00 grp calcs
# ~4mm\nvasc calcs bilat"): its lower-case line starts anew.
_WANTS_MORE = re.compile(
    r"(?:\b(?:a|an|the|of|in|at|on|with|w/|and|or|&|to|for|from|by|within|into|than|as|are|is|"
    r"were|was|be|been|being|there|these|this|those|some|few|several|multiple|many|numerous|"
    r"which|that|measuring|spanning|extending|involving|containing|demonstrating|showing|new|"
    r"both|no|not|without|w/o|each|its|their|her|vs|versus|including|like|very|more|most|less|"
    r"grouped|clustered|amorphous|pleomorphic|punctate|fine|coarse|linear|branching|segmental|"
    r"regional|upper|lower|outer|inner|central|scattered|faint|indistinct|heterogeneous|benign|"
    r"suspicious|round|vascular|dystrophic|lucent|popcorn|rim|layering|focal|developing|"
    r"probably|highly|mildly|subtle|possible|likely|small|tiny|few|new|additional|"
    r"right|left|bilateral|retroareolar|subareolar|axillary|o'?clock|at|approximately|approx|"
    r"about|recommend|recommended|suggest|suggests|represent|represents|may|might|could|would|"
    r"should|will|can|has|have|had|appear|appears|seen|noted|identified|present)"
    r"|[,(/&+-])$", re.IGNORECASE)
_CARRIES_SENTENCE = re.compile(
    r"(?:calcifications?|calcs?|microcalcifications?|microcalcs?|calcific|breasts?|quadrants?|"
    r"region|regions|aspect|position|o'?clock|mm|cm|and|or|with|w/|in|at|of|on|to|for|from|by|"
    r"within|along|measuring|spanning|extending|involving|which|that|than|but|is|are|was|were|"
    r"has|have|had|without|w/o|as|seen|noted|identified|demonstrated|present|posteriorly|"
    r"anteriorly|depth|distribution|morphology|since|compared|when|where|while|although|"
    r"likely|probably|consistent|suspicious|concerning|worrisome|suggestive|not|also)\b",
    re.IGNORECASE)


def carried_on(previous: str, line: str) -> bool:
    """A lower-case line that goes on with the sentence of the short line above it."""
    return _WANTS_MORE.search(previous) is not None or _CARRIES_SENTENCE.match(line) is not None


# The breaks of a hard-wrapped export: a line that did not end its sentence, full up to the
# width, so that the next line's first word could not fit ("...THERE ARE NO CLUSTERED\r\n
# MICROCALCIFICATIONS."). The width is the longest line; the text counts as wrapped when
# several such breaks also read on (a comma or "the", "of", "with" before it, lower case after
# it), or when most of the lines that do not end a sentence (and at least three) end this way.
# Table rows are laid out, not wrapped. Printed in a proportional font (a scanned or faxed page),
# a paragraph's lines run up to a tenth shorter than the longest, so a break within that tenth
# of the width is taken as made by it.
_WRAP_MIN, _WRAP_MAX = 50, 100


def _break_by_width(previous: str, line: str, width: int) -> bool:
    prev, nxt = previous.rstrip(), line.strip()
    if not prev or not nxt or prev[-1] in ".!?:;" or "|" in prev or "|" in nxt:
        return False
    return len(prev) + 1 + len(nxt.split(None, 1)[0]) > width - width // 10


def wrap_width(lines: list[str]) -> int | None:
    """The width the lines of a hard-wrapped export were broken at, or None if they were not."""
    if len(lines) < 3:
        return None
    # a line laid out in columns (a letterhead, a patient block, a table row) was not wrapped
    width = max((len(line.rstrip()) for line in lines if not _laid_out(line)), default=0)
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return None
    reads_on = forced = open_lines = 0
    for previous, line in zip(lines, lines[1:], strict=False):
        prev, nxt = previous.rstrip(), line.strip()
        if not prev or not nxt or prev[-1] in ".!?:;" or "|" in prev or "|" in nxt:
            continue
        open_lines += 1
        if _break_by_width(prev, nxt, width):
            forced += 1
            if (nxt[0].islower() and carried_on(prev, nxt)) or prev[-1] == "," \
                    or _CONTINUES.search(prev):
                reads_on += 1
    if reads_on >= 2 or (forced >= 3 and forced >= 0.6 * open_lines):
        return width
    return None


def _laid_out(line: str) -> bool:
    return "|" in line or "   " in line.strip()


def wrapped_on(previous: str, line: str, width: int | None) -> bool:
    """`line` carries on the sentence of `previous`: the break between them was made by the
    width of a hard-wrapped export (`wrap_width`), not by the writer."""
    return width is not None and _break_by_width(previous, line, width)


def _normalise(header: str) -> str:
    return " ".join(header.replace("-", " ").replace("_", " ").split()).lower()


def load_section_headers(path: Path) -> HeaderTable:
    return HeaderTable.from_file(path, "key", SECTION_KEYS)


def load_breast_headers(path: Path) -> HeaderTable:
    return HeaderTable.from_file(path, "laterality", LATERALITIES)


class SectionDetector(BatchedComponent):
    def __init__(self, sections: HeaderTable, breast_headers: HeaderTable):
        self.sections = sections
        self.breast_headers = breast_headers

    def __call__(self, doc: Doc) -> Doc:
        text = raw_text(doc)
        width = wrap_width(text.split("\n")) if "\n" in text else None
        doc.user_data[WRAP_WIDTH] = width
        headers, found = find_headers(text, (self.sections, self.breast_headers))
        sections = []
        first = headers[0][1] if headers else len(text)
        if first > 0 or not headers:
            pre = BODY
            if headers and _is_title(text[:first]):
                pre = "exam"
            sections.append((pre, 0, 0, first))
        for i, (key, start, body_start) in enumerate(headers):
            end = headers[i + 1][1] if i + 1 < len(headers) else len(text)
            if key in ONE_LINE_SECTIONS:
                stop = _content_end(text, start, body_start, end, width)
                if key == "exam":
                    # "Mammogram: A BB marks the lump. There is a spiculated mass ...": the exam
                    # is named in one sentence; what follows on its line is the report body
                    # ... but a procedure done before this film ("Procedure: Stereotactic
                    # vacuum-assisted biopsy of ... Specimen radiograph confirmed ...") is told
                    # over its whole line, all of it about the procedure, not the film
                    first = _SENTENCE_END.search(text, body_start, stop)
                    if (first and text[first.end():stop].strip()
                            and not _INTERVENTION.search(text, body_start, first.end())):
                        stop = first.end()
                    # "MAMMOGRAM: An oval mass at left 3:00 containing coarse calcifications.":
                    # a modality heading over what it showed, naming no exam at all
                    if not _NAMES_EXAM.search(text, body_start, stop) \
                            and not _INTERVENTION.search(text, body_start, stop):
                        stop = body_start
                if stop < end and text[stop:end].strip():
                    sections.append((key, start, body_start, stop))
                    # "FINDINGS:\nBreast composition: b.\nRight: ..." - back in the findings
                    outer = next((s[0] for s in reversed(sections)
                                  if s[0] not in ONE_LINE_SECTIONS), BODY)
                    sections.append((outer, stop, stop, end))
                    continue
            sections.append((key, start, body_start, end))
        doc.user_data[SECTIONS] = sections
        breast = []
        for i, (lat, start, body_start) in enumerate(found):
            end = found[i + 1][1] if i + 1 < len(found) else len(text)
            following = [s for s in sections if start < s[1] < end]
            if following and not text[body_start:following[0][1]].strip():
                breast.append((lat, start, _block_end(following, end)))
            else:
                breast.append((lat, start, following[0][1] if following else end))
        doc.user_data[BREAST_HEADERS] = breast
        return doc


def _block_end(following: list[tuple[str, int, int, int]], end: int) -> int:
    """A breast header alone on its line titles a block of labelled fields ("RIGHT BREAST\\n
    Findings: ...\\nAssessment: ..."): it covers them, up to the first label the block already
    had (the "Overall assessment:" after the last breast's "Assessment:")."""
    seen: set[str] = set()
    for key, start, _body, _end in following:
        if key in seen:
            return start
        seen.add(key)
    return end


@Language.factory("auditor_sections", default_config={"sections_file": "",
                                                      "breast_headers_file": ""})
def make_section_detector(nlp: Language, name: str, sections_file: str,
                          breast_headers_file: str) -> SectionDetector:
    return SectionDetector(load_section_headers(Path(sections_file)),
                           load_breast_headers(Path(breast_headers_file)))


def _is_title(text: str) -> bool:
    """Text before the first header that names the exam: one title line, maybe under a few
    chart-header lines ("Patient: ...", "Accession 123", a date)."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines or len(lines) > 4:
        return False
    return (_EXAM_TITLE.fullmatch(lines[-1].strip() + "\n") is not None
            and all(chart_header_line(ln) for ln in lines[:-1]))
