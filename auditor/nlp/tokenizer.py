"""A tokenizer wrapper that blanks line breaks before tokenizing.

spaCy's tokenizer cache is keyed on whitespace-separated chunks and line breaks defeat it (about
3x slower, PERFORMANCE-NOTES.md). The section and sentence components need the line structure,
so the original text is kept in `doc.user_data["auditor_raw_text"]` and the Doc is built from a
copy with every CR/LF and tab replaced by a space.

A run of blanks (a CRLF, a wrapped line's indent, a double space, the padding left where markup
was read) would be a whitespace token of its own, and a term broken over it ("coarse\r\n
heterogeneous", "BI-RADS\r\n4A") would no longer match as one. So each run is cut to one
blank before tokenizing, and `doc.user_data["auditor_offset_shifts"]` records where and by how
much, so that every token still has its character offset in the raw text (`token_offsets`).
Export markup (HTML tags and entities, RTF, pipe tables) and dictated punctuation left as words
("period", "comma", "new paragraph") are first read as the layout they stand for
(auditor.nlp.markup), and a printed, faxed or scanned report's page chrome and misread letters
as the report they carry (auditor.nlp.scan), again at the same length; the text as written
stays in `doc.user_data["auditor_original_text"]` for quoting evidence. Words that OCR misread
into another length ("arnorphous") or that a hyphen broke ("calcifi-\ncations") are read in the
Doc's text only, through the same offset shifts.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.tokens import Doc

from auditor.nlp.markup import read_markup
from auditor.nlp.scan import WordReader, read_scan

RAW_TEXT = "auditor_raw_text"
ORIGINAL_TEXT = "auditor_original_text"
# ([position in the Doc's text where a cut run ended], [characters cut up to there])
OFFSET_SHIFTS = "auditor_offset_shifts"
# offsets of the lines that carry a sentence on over a page break (auditor.nlp.scan)
PAGE_JOINS = "auditor_page_joins"
_BLANK_LINES = str.maketrans({c: " " for c in "\n\r\t\x0b\x0c\x85\u2028\u2029"})
# a leading run; a line break inside a word hyphenated at the line's end ("fine-\r\nlinear",
# "BI-\nRADS"); any other run of two blanks or more
# (the leading look-ahead lets the search skip on to the next blank at C speed)
_RUN = re.compile(r"(?=\s)(?:(?P<all>^\s+|(?<=[^\W\d_]-)[ \t]*\r?\n[ \t]*(?=[^\W\d_]))|\s{2,})")


class LineBlankingTokenizer:
    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.words = WordReader()   # given the rules' vocabulary by the pipeline

    def __call__(self, text: str) -> Doc:
        read, joins = read_scan(read_markup(text))
        cut, shifts = _cut_runs(read)
        doc = self.tokenizer(cut.translate(_BLANK_LINES))
        edits = self.words.edits(read, doc)
        if edits:   # rare: tokenize again with the words read
            cut, shifts = _cut_runs(read, edits)
            doc = self.tokenizer(cut.translate(_BLANK_LINES))
        doc.user_data[RAW_TEXT] = read
        if joins:
            doc.user_data[PAGE_JOINS] = joins
        if shifts is not None:
            doc.user_data[OFFSET_SHIFTS] = shifts
        if read is not text:
            doc.user_data[ORIGINAL_TEXT] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; the wrapper only adds behaviour.
    def to_bytes(self, **kwargs):
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path, **kwargs):
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self.tokenizer.from_disk(path, **kwargs)
        return self


def _cut_runs(text: str, edits: list[tuple[int, int, str]] = ()
              ) -> tuple[str, tuple[list[int], list[int]] | None]:
    """Each run of blanks cut to one blank (a leading run, or a line break after a hyphen
    inside a word, to none) and each (start, end, replacement) of `edits` (sorted, words read
    otherwise) made, with the shifts to undo it (None when nothing was cut)."""
    changes = [(m.start(), m.end(), "" if m.group("all") else " ") for m in _RUN.finditer(text)]
    if edits:
        changes = _merged(changes, edits)
    pieces, ends, cut = [], [], []
    last = total = 0
    for start, end, replacement in changes:
        pieces.append(text[last:start])
        pieces.append(replacement)
        total += end - start - len(replacement)
        ends.append(end - total)
        cut.append(total)
        last = end
    if not ends:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces), (ends, cut)


def _merged(runs: list[tuple[int, int, str]], edits: list[tuple[int, int, str]]
            ) -> list[tuple[int, int, str]]:
    """The edits and the runs outside them, in text order (a word's edit takes its own runs:
    the line break of "calcifi-\ncations")."""
    spans = [(s, e) for s, e, _r in edits]
    kept = [r for r in runs if not any(s < r[1] and r[0] < e for s, e in spans)]
    return sorted(kept + list(edits))


def token_offsets(doc: Doc, starts: np.ndarray) -> np.ndarray:
    """The tokens' start offsets in the Doc's text -> their offsets in the raw text."""
    shifts = doc.user_data.get(OFFSET_SHIFTS)
    if not shifts or not len(starts):
        return starts
    ends, cut = shifts
    # signed: a misread letter read as two ("d" for "cl") makes the text longer there
    starts = starts.astype(np.int64)
    k = np.searchsorted(np.asarray(ends, dtype=np.int64), starts, side="right") - 1
    cut = np.asarray(cut, dtype=np.int64)
    return starts + np.where(k >= 0, cut[np.maximum(k, 0)], 0)


def raw_text(doc: Doc) -> str:
    """The text with its line breaks (falls back to doc.text for a Doc made elsewhere)."""
    text = doc.user_data.get(RAW_TEXT)
    return doc.text if text is None else text


def original_text(doc: Doc) -> str:
    """The text as written, markup and all: what evidence quotes (same offsets as raw_text)."""
    text = doc.user_data.get(ORIGINAL_TEXT)
    return raw_text(doc) if text is None else text
