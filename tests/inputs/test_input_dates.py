"""Every date form the spec accepts, and what it refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from auditor.inputs.dates import parse_date

MARCH_1 = date(2024, 3, 1)


@pytest.mark.parametrize("value", [
    "2024-03-01",
    "2024-3-1",
    "2024-03-01T10:22:00",
    "2024-03-01T10:22:00Z",
    "2024-03-01T10:22:00.123456+01:00",
    "2024-03-01 10:22",
    " 2024-03-01 ",
    "2024/03/01",
    "03/01/2024",
    "3/1/2024",
    "03-01-2024",
    "3/1/24",
    "03/01/2024 10:22",
    "3/1/2024 10:22 AM",
    "20240301",
    "Mar 1, 2024",
    "March 1 2024",
    45352,  # Excel serial
    45352.4375,  # serial with a time of day
    20240301,  # compact date typed into a numeric cell
    datetime(2024, 3, 1, 10, 22),
    datetime(2024, 3, 1, 23, 0, tzinfo=UTC),
    MARCH_1,
    pd.Timestamp("2024-03-01 10:22"),
    np.datetime64("2024-03-01"),
    np.datetime64("2024-03-01T10:22:00.000000000"),
])
def test_parse_date_accepts(value):
    assert parse_date(value) == MARCH_1


@pytest.mark.parametrize("value, year", [("3/1/68", 2068), ("3/1/69", 1969), ("3/1/00", 2000)])
def test_parse_date_two_digit_year_pivot(value, year):
    assert parse_date(value).year == year


@pytest.mark.parametrize("value", [
    "", "   ", "yesterday", "2024-13-01", "02/30/2024", "13/01/2024", "01.03.2024",
    "2024-03", "240301", "2024-03-01 garbage", "Foo 1, 2024", "3/1/2024/5",
    None, True, float("nan"), pd.NaT, 5, 60, 3_000_000, -1, 1e300, [2024, 3, 1],
])
def test_parse_date_refuses(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_parse_date_message_says_what_was_expected_and_stays_short():
    with pytest.raises(ValueError) as info:
        parse_date("x" * 10_000)
    message = str(info.value)
    assert "expected one of" in message and "03/01/2024" in message
    assert len(message) < 400
