"""Dates as real extracts write them: ISO, US month-first, compact, and Excel serial numbers.

Day-first forms (01/03/2024 meaning 1 March) are not accepted: the spec promises ISO and US forms,
and guessing between the two would silently shift dates by months. `parse_date` raises ValueError;
the readers turn that into an InputError naming the file, row and column.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

ACCEPTED_FORMS = ("2024-03-01", "2024-03-01T10:22:00", "2024-03-01 10:22", "03/01/2024",
                  "3/1/2024", "03-01-2024", "3/1/24", "20240301", "Mar 1, 2024",
                  "an Excel date or serial number")

# Optional time of day after a date: "10:22", "10:22:00.123", "10:22 AM", "T10:22:00Z", "+01:00".
_TIME = (r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
         r"\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME)
_US = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_NAME = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})" + _TIME)
_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}

# Excel's 1900 date system counts from 1899-12-30 once past its phantom 29 Feb 1900 (serial 60).
# Serials below 61 are not dates a mammography extract can hold, so they are refused rather than
# read as early 1900.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MIN_SERIAL = 61
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31


def parse_date(value: object) -> date:
    """Read one date cell; raise ValueError with what was expected when it is not a date."""
    if value is None or isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, datetime):  # also pandas.Timestamp; before date: datetime is a date
        if value != value:  # pandas.NaT
            raise ValueError("empty date (NaT)")
        return date(value.year, value.month, value.day)
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return _from_number(value)
    if type(value).__name__ == "datetime64":  # numpy, without importing it
        return parse_date(str(value))
    if isinstance(value, str):
        return _from_text(value)
    raise ValueError(f"not a date: {_show(str(value))} ({type(value).__name__})")


def _from_number(value: int | float) -> date:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a date: {value!r}")
    if float(value).is_integer() and 10_000_000 <= value <= 99_991_231:
        # A compact date typed into a numeric cell (20240301) cannot be a serial: those stop at
        # 2,958,465.
        return _from_text(str(int(value)))
    if not _EXCEL_MIN_SERIAL <= value <= _EXCEL_MAX_SERIAL:
        raise ValueError(f"not a date: the number {value!r} is outside the range of Excel dates")
    return _EXCEL_EPOCH + timedelta(days=int(value))


def _from_text(text: str) -> date:
    text = text.strip()
    if not text:
        raise ValueError("empty date")
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _US.fullmatch(text):
        month, day, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            # Same pivot as strptime's %y: 00-68 -> 2000s, 69-99 -> 1900s.
            year += 2000 if year <= 68 else 1900
    elif match := _COMPACT.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _MONTH_NAME.fullmatch(text)) and match[1].lower() in _MONTHS:
        year, month, day = int(match[3]), _MONTHS[match[1].lower()], int(match[2])
    else:
        raise ValueError(f"not a date: {_show(text)}; expected one of: {', '.join(ACCEPTED_FORMS)}")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a date: {_show(text)} ({exc})") from None


def _show(text: str) -> str:
    """A cell for a message: quoted, and short even when the cell holds a whole report."""
    return repr(text if len(text) <= 40 else text[:40] + "...")
