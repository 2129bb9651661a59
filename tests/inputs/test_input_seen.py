"""Duplicate accessions are named however many reports stream through (memory stays flat)."""

from __future__ import annotations

import pytest

from auditor.inputs.seen import FirstSeen


@pytest.mark.parametrize("limit", [1, 3, 1000])
def test_first_seen_names_the_first_row_in_memory_and_after_spilling_to_disk(limit):
    seen = FirstSeen(memory_limit=limit)
    try:
        assert [seen.first_row(f"A{i}", i + 2) for i in range(10)] == [None] * 10
        assert seen.first_row("A0", 50) == 2
        assert seen.first_row("A9", 51) == 11
        assert seen.first_row("A9", 52) == 11  # still the first, not the last, occurrence
        assert seen.first_row("B1", 53) is None
    finally:
        seen.close()


def test_first_seen_keeps_no_more_than_its_limit_in_memory():
    seen = FirstSeen(memory_limit=5)
    try:
        for i in range(100):
            seen.first_row(f"A{i}", i)
        assert len(seen._memory) == 5
    finally:
        seen.close()
