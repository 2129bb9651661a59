"""Report text -> TextExtraction: the NLP stage's whole public face.

Plain data out: no spaCy object leaves auditor/nlp. An empty or junk text gives an empty
extraction; a text longer than MAX_CHARS is cut there, with a warning.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from auditor.models import TextExtraction
from auditor.nlp.birads import BIRADS
from auditor.nlp.exam_kind import documents_mammogram, exam_source, kind_of
from auditor.nlp.findings import FINDINGS, MENTIONS_CALCIFICATION, exam_side
from auditor.nlp.pipeline import MAX_CHARS, build_pipeline
from auditor.nlp.tokenizer import raw_text

log = logging.getLogger(__name__)


class Extractor:
    def __init__(self, rules_dir: str | Path | None = None):
        from auditor.procedures import NOT_MAMMOGRAM, classify_name, load_procedure_table

        self.nlp = build_pipeline(rules_dir)
        table = load_procedure_table(rules_dir)

        def other_procedure(name: str) -> bool:
            match = classify_name(name, table)
            return match is not None and match.category in NOT_MAMMOGRAM

        self._other_procedure = other_procedure

    def extract(self, text: str | None, exam_type: str | None = None) -> TextExtraction:
        return next(self.extract_many([(text, exam_type)]))

    def extract_many(self, items: Iterable[tuple[str | None, str | None]],
                     batch_size: int = 256) -> Iterator[TextExtraction]:
        """Stream extractions in input order."""
        # exam types of the texts handed to spaCy and not yet given back (a few batches)
        pending: deque[str | None] = deque()

        def texts():
            for text, exam_type in items:
                pending.append(exam_type)
                yield _clean(text)

        for doc in self.nlp.pipe(texts(), batch_size=batch_size):
            yield _extraction(doc, pending.popleft(), self._other_procedure)


def _clean(text) -> str:
    if not isinstance(text, str):
        return ""
    if len(text) > MAX_CHARS:
        log.warning("report text of %d characters cut to the first %d", len(text), MAX_CHARS)
        text = text[:MAX_CHARS]
    return text


def _extraction(doc, exam_type: str | None, other_procedure) -> TextExtraction:
    text = raw_text(doc)
    source = exam_source(exam_type, text)   # the exam type, or the report's exam line
    findings = doc.user_data.get(FINDINGS, ())
    side = exam_side(exam_type) if isinstance(exam_type, str) else None
    if side:
        findings = tuple(f if f.laterality else replace(f, laterality=side) for f in findings)
    return TextExtraction(findings=tuple(findings), birads=doc.user_data.get(BIRADS),
                          exam_kind=kind_of(source),
                          mammogram=documents_mammogram(source, other_procedure),
                          mentions_calcification=bool(doc.user_data.get(MENTIONS_CALCIFICATION)))
