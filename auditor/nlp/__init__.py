"""The NLP stage: report text -> findings, BI-RADS assessment and exam kind (plain data)."""

from auditor.nlp.exam_kind import exam_kind
from auditor.nlp.extractor import Extractor
from auditor.nlp.pipeline import build_pipeline

__all__ = ["Extractor", "build_pipeline", "exam_kind"]
