from __future__ import annotations

import pytest

from auditor.guideline import load_guideline
from auditor.nlp import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def guideline():
    return load_guideline()
