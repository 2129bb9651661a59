from __future__ import annotations

import pytest

from auditor.nlp import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp
