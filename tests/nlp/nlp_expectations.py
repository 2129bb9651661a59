"""Shared checks of the NLP tests: a table row's expected counting findings, field by field."""

from __future__ import annotations

from auditor.variants import map_variant


def counting(extraction):
    return [f for f in extraction.findings if f.counts]


def check(finding, expected: dict) -> None:
    """Compare the fields named in `expected` (morphology as a set); others are not checked."""
    for field, value in expected.items():
        got = getattr(finding, field)
        if field == "morphology":
            assert set(got) == set(value), f"morphology {got} != {value}"
        else:
            assert got == value, f"{field}: {got!r} != {value!r}"


def assert_counting(extractor, text, expected, exam_type=None):
    found = counting(extractor.extract(text, exam_type))
    assert len(found) == len(expected), [(f.morphology, f.distribution, f.laterality)
                                         for f in found]
    for finding, want in zip(found, expected, strict=True):
        check(finding, want)


def decide(extractor, guideline, text, exam_type=None):
    """The variant decision for a report text, as the pipeline makes it."""
    extraction = extractor.extract(text, exam_type)
    return map_variant(extraction.findings, guideline,
                       mentions_calcification=extraction.mentions_calcification)


def variant_and_reason(extractor, guideline, text, exam_type=None):
    decision = decide(extractor, guideline, text, exam_type)
    return decision.variant, decision.reason


def sentences(doc) -> list[str]:
    """The Doc's sentences as the sentence component split them, stripped."""
    from auditor.nlp.sentences import SENTENCES

    starts = doc.user_data[SENTENCES] + [len(doc)]
    return [doc[a:b].text.strip() for a, b in zip(starts, starts[1:], strict=False)]
