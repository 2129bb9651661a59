"""A tokenizer wrapper that blanks line breaks before tokenizing.

spaCy's tokenizer cache is keyed on whitespace-separated chunks and line breaks defeat it (about
3x slower, PERFORMANCE-NOTES.md). The section and sentence components need the line structure,
so the original text is kept in `doc.user_data["auditor_raw_text"]` and the Doc is built from a
copy with every CR/LF replaced by a space: same length, so character offsets hold in both.
Export markup (HTML tags and entities, RTF, pipe tables) is first read as the layout it stands
for (auditor.nlp.markup), again at the same length; the text as written stays in
`doc.user_data["auditor_original_text"]` for quoting evidence.
"""

from __future__ import annotations

from spacy.tokens import Doc

from auditor.nlp.markup import read_markup

RAW_TEXT = "auditor_raw_text"
ORIGINAL_TEXT = "auditor_original_text"
_BLANK_LINES = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x85\u2028\u2029"})


class LineBlankingTokenizer:
    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        read = read_markup(text)
        doc = self.tokenizer(read.translate(_BLANK_LINES))
        doc.user_data[RAW_TEXT] = read
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


def raw_text(doc: Doc) -> str:
    """The text with its line breaks (falls back to doc.text for a Doc made elsewhere)."""
    text = doc.user_data.get(RAW_TEXT)
    return doc.text if text is None else text


def original_text(doc: Doc) -> str:
    """The text as written, markup and all: what evidence quotes (same offsets as raw_text)."""
    text = doc.user_data.get(ORIGINAL_TEXT)
    return raw_text(doc) if text is None else text
