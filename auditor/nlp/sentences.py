"""Sentence splitting for dictated, run-on, all-caps and reporting-software text.

Boundaries are found on the raw text (with its line breaks) and set on the Doc in one array
write. A boundary falls at: a section or breast header; a blank line; a line break after a line
that ends a sentence, is short (a template line such as "Right breast: negative"), or before a
bullet or labelled line; sentence punctuation followed by a space (not after "vs.", "Dr." and
the like). Reporting-software blocks ("Finding 1:" then labelled lines "Morphology: Amorphous",
"Distribution: Grouped", ...) are one sentence, so one finding's fields stay together.

Writes `doc.user_data["auditor_sentences"]`: the token index where each sentence starts, and
`doc.user_data["auditor_field_starts"]`: where each labelled line of a block starts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

import numpy as np
from spacy.attrs import IDX, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from auditor.nlp.batching import BatchedComponent
from auditor.nlp.sections import BREAST_HEADERS, SECTIONS, WRAP_WIDTH, carried_on, wrapped_on
from auditor.nlp.tables import pipe_cells
from auditor.nlp.tokenizer import PAGE_JOINS, raw_text, token_offsets

SENTENCES = "auditor_sentences"
TOKENS = "auditor_tokens"
# token index of each labelled line of a reporting-software block ("Morphology: Amorphous")
FIELD_STARTS = "auditor_field_starts"

# A wrapped dictation line is long; a template or list line is short.
SHORT_LINE = 60
_ABBREVIATIONS = frozenset({"vs", "dr", "approx", "e.g", "i.e", "eg", "ie", "mr", "mrs", "ms",
                            "st", "no", "fig", "incl", "etc", "resp", "pt", "hx", "cf", "al"})
# "Bds. multiple groups of ...", "bilat. scattered ...", "Neg. for calcs": a side or a negation
# written short, not a sentence end, before a lower-case word (before a capital it usually ends
# one: "Mammography bds. Status post", "BR1 neg. Return to screening")
_SIDE_ABBREVIATIONS = frozenset({"bds", "bdz", "bilat", "bil", "neg"})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*[ \t]+(?=[\w(\"'])")
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦]|\(?\d{1,2}[.)]|\(?[a-hA-H][.)])[ \t]")
_LABELLED = re.compile(r"[ \t]*[A-Za-z#][A-Za-z0-9()/#. '-]{0,30}:(?:[ \t]|$)")
# A block opens with its title and a colon or dash ("Finding 1:", "Calcifications - "); the
# colon of a clock time is no title's ("calcifications left breast 2:00, 7 mm." on a wrapped
# line goes on with the sentence above it).
_BLOCK_START = re.compile(
    r"[ \t]*(?:finding|lesion|abnormality|calcifications?|area|site|target)\b[^\n:.]{0,20}"
    r"(?::(?!\d\d)|[ \t][-—])[ \t]*[^\n]{0,40}$", re.IGNORECASE)
# ... or with a numbered title alone on its line ("Lesion 1", "Finding #2") over labelled lines.
_NUMBERED_TITLE = re.compile(r"[ \t]*(?:finding|lesion|abnormality|area|site|target)[ \t]*"
                             r"(?:#|no\.?)?[ \t]*\d{1,2}[ \t]*$", re.IGNORECASE)
# A numbered title that ends the block above it ("Finding 2:", "Lesion #3 -")
_NEXT_BLOCK = re.compile(r"[ \t]*(?:finding|lesion|abnormality)[ \t]*(?:#|no\.?)?[ \t]*\d{1,2}"
                         r"[ \t]*(?::|[-—])", re.IGNORECASE)
# A block may also open with the field that says what the finding is ("Type: Calcifications").
_FIELD_START = re.compile(r"[ \t]*(?:type|finding type|lesion type|morphology|calcification type"
                          r"|calcification morphology)[ \t]*:", re.IGNORECASE)
# A short note line that ends on a date or year ("comp 4/2022", "(s/p rt mastectomy 2015)") has
# said its piece: a lower-case line under it starts anew, unless it carries the sentence on
# ("2019\nand 2021", "since 2020\nwith ...").
_ENDS_DATED = re.compile(r"\b(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|(?:19|20)\d\d)\)?$")
_CARRIES_ON = re.compile(r"(?:and|or|with|w/|to|through|in|at|of|for|but|which|when|than|"
                         r"mm|cm|o'?clock)\b", re.IGNORECASE)


def _dated_note(previous: str, line: str) -> bool:
    return _ENDS_DATED.search(previous) is not None and _CARRIES_ON.match(line) is None


def _hyphenated(previous: str, stripped: str) -> bool:
    return (len(previous) > 1 and previous[-1] == "-" and previous[-2].isalpha()
            and stripped[0].isalpha())


def _table_row(line: str) -> bool:
    """A row of a table laid out with pipes ("| Calcs | Left | Amorphous | Grouped |",
    "Calcs | Amorphous | Grouped | R UOQ"): each row is one statement."""
    return line.count("|") >= 2


# a labelled cell of a one-line software finding ("... | Side: L | Note: stable since 2020")
_LABELLED_CELL = re.compile(r"[ \t]*[A-Za-z][A-Za-z0-9/#. '-]{0,24}:")


def _labelled_cells(line: str) -> list[int]:
    """Where each cell of a pipe-separated finding line starts, when two cells or more are
    labelled ("Calcifications | Side: L | Morph: punct | Distrib: grp | Note: stable"): like
    the labelled lines of a block, each cell is a statement of its own, and a temporal cell
    ("Note: stable since 2020", "Change: new") speaks of the whole finding."""
    cells = pipe_cells(line)
    if sum(1 for s, e in cells if _LABELLED_CELL.match(line, s, e)) < 2:
        return []
    return [s for s, _e in cells]


def _may_be_bullet(stripped: str) -> bool:
    return stripped[0] in "-*•·▪◦(" or stripped[0].isdigit() or stripped[1:2] in (".", ")")


_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _query_mark(text: str, mark_end: int, next_word: int) -> bool:
    """A "?" standing alone before a lower-case word ("reported ? microcalcifications right
    UOQ", "clinical: ? lump"): the clinician's query of what follows, not a question ending a
    sentence (a question mark is written against the word it ends)."""
    return (mark_end >= 2 and text[mark_end - 1] == "?" and text[mark_end - 2] in " \t:(-"
            and text[next_word].islower())


def sentence_boundaries(text: str, header_starts: list[int], width: int | None = None,
                        joins=()) -> tuple[list[int], list[tuple[int, int]], list[int]]:
    """Character offsets where sentences start (sorted), the labelled blocks (start, end) and
    the start of each labelled line inside a block. `width`: the width a hard-wrapped export
    broke its lines at (sections.wrap_width); a break it made does not end a sentence, however
    short the line or capitalised the next ("...NO CLUSTERED\r\nMICROCALCIFICATIONS").
    `joins`: starts of lines that carry on a sentence a page break cut (auditor.nlp.scan)."""
    starts = {0}
    starts.update(header_starts)
    headers = set(header_starts)
    for m in _PARAGRAPH.finditer(text):
        starts.add(m.end())
    lines = text.split("\n")
    offsets = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
    indents = [o + len(line) - len(line.lstrip()) for o, line in zip(offsets, lines, strict=True)]
    labelled = [":" in line and bool(_LABELLED.match(line)) and indent not in headers
                for line, indent in zip(lines, indents, strict=True)]
    wrapped = [False] * len(lines)
    if width is not None:
        # "...recommend biopsy. Right\r\nbreast: grouped ..." - not a labelled line
        last = ""
        for i, line in enumerate(lines):
            if line.strip():
                wrapped[i] = wrapped_on(last, line, width) and indents[i] not in headers
                labelled[i] = labelled[i] and not wrapped[i]
                last = line
    blocks: list[tuple[int, int]] = []
    fields: list[int] = []
    block_start = None
    previous = ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if block_start is not None:
            # "Finding 2:" right under finding 1's fields opens a block of its own
            if labelled[i] and stripped and not _NEXT_BLOCK.match(line):
                fields.append(indents[i])
            else:
                blocks.append((block_start, offsets[i] - 1))
                block_start = None
        if block_start is None and stripped and (
                ((":" in line or "-" in line or "—" in line) and _BLOCK_START.match(line))
                or (labelled[i] and _FIELD_START.match(line))
                or (i + 1 < len(lines) and labelled[i + 1] and _NUMBERED_TITLE.match(line))
                or (len(stripped) <= 40 and stripped[-1] not in ".!?" and i + 1 < len(lines)
                    and labelled[i + 1] and _FIELD_START.match(lines[i + 1]))):
            block_start = indents[i]
            fields.append(indents[i])
        if block_start is None and _table_row(line):
            fields.extend(offsets[i] + o for o in _labelled_cells(line))
        if i > 0 and stripped:
            prev = previous.rstrip()
            if _hyphenated(prev, stripped) or offsets[i] in joins:
                pass   # "fine-\nlinear", "BI-\nRADS 4": one word over the line end
            elif (not prev or prev[-1] in ".!?:;" or labelled[i]
                    or (("|" in prev or "|" in line) and _table_row(prev) != _table_row(line))
                    or _table_row(line)
                    or (len(prev) < SHORT_LINE and not wrapped[i]
                        and (not stripped[0].islower() or _dated_note(prev, stripped)
                             or not carried_on(prev, stripped)))
                    or (_may_be_bullet(stripped) and _BULLET.match(line))):
                starts.add(indents[i])
        if stripped:
            previous = line
    if block_start is not None:
        blocks.append((block_start, len(text)))
    for m in _SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 8):m.start()].rstrip(".!?\"')]")
        word = before.rsplit(None, 1)[-1].rsplit("(", 1)[-1].lower() if before.strip() else ""
        if word in _ABBREVIATIONS or (word in _SIDE_ABBREVIATIONS and text[m.end()].islower()):
            continue
        if _query_mark(text, m.start(), m.end()):
            continue
        starts.add(m.end())
    if blocks:  # (sorted, not overlapping): a start inside a block is dropped
        block_starts = [b for b, _e in blocks]

        def inside(s: int) -> bool:
            k = bisect_left(block_starts, s) - 1
            return k >= 0 and s <= blocks[k][1]

        starts = {s for s in starts if not inside(s)} | set(block_starts)
    return sorted(s for s in starts if s < len(text)), blocks, fields


class TokenTable(NamedTuple):
    """Per token, as plain lists for the later components: offsets and lower-case hash."""

    starts: list[int]
    ends: list[int]
    lowers: list[int]


class SentenceSplitter(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        table = doc.to_array([IDX, LENGTH, LOWER])
        offsets = token_offsets(doc, table[:, 0])   # in the raw text
        starts = offsets.tolist()
        # a token's end is after its last character, which a word read over a line break or
        # an OCR misreading ("calcifi-\ncations", "arnorphous") puts further on than its length
        ends = token_offsets(doc, table[:, 0] + np.maximum(table[:, 1], 1) - 1) + 1
        doc.user_data[TOKENS] = TokenTable(starts, ends.tolist(), table[:, 2].tolist())
        if not starts:
            doc.user_data[SENTENCES] = []
            doc.user_data[FIELD_STARTS] = []
            return doc
        text = raw_text(doc)
        headers = [s[1] for s in doc.user_data.get(SECTIONS, ())]
        headers += [b[1] for b in doc.user_data.get(BREAST_HEADERS, ())]
        boundaries, _blocks, fields = sentence_boundaries(text, headers,
                                                          doc.user_data.get(WRAP_WIDTH),
                                                          doc.user_data.get(PAGE_JOINS, ()))
        n = len(starts)
        first_tokens = sorted({0, *(bisect_left(starts, c) for c in boundaries)} - {n})
        flags = np.zeros(n, dtype=np.uint64)
        flags[first_tokens] = 1
        doc.from_array([SENT_START], flags)
        doc.user_data[SENTENCES] = first_tokens
        doc.user_data[FIELD_STARTS] = [bisect_left(starts, c) for c in fields]
        return doc


@Language.factory("auditor_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
