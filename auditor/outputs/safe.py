"""Text from input files made safe to open in a spreadsheet.

Report and procedure extracts are written by other systems and sometimes by people. A cell that
begins with '=', '+', '-' or '@' (or a tab or carriage return before one) is run as a formula by
Excel and LibreOffice when the CSV or workbook is opened: formula injection (OWASP "CSV
injection"). Prefixing a single quote makes the spreadsheet show it as text. Control characters
that XML forbids would make openpyxl raise IllegalCharacterError halfway through a run.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids these C0 controls (tab, newline and carriage return are allowed).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"
EXCEL_CELL_LIMIT = 32_767


def safe_text(value: str, max_length: int | None = None) -> str:
    """`value` as inert text: no formula trigger at its start, no XML-illegal characters."""
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub(REPLACEMENT, value)
    # Spreadsheets skip leading spaces before deciding a cell is a formula (" =1" is one).
    if value[:1] in FORMULA_TRIGGERS or value.lstrip(" ")[:1] in FORMULA_TRIGGERS:
        value = "'" + value
    if max_length is not None and len(value) > max_length:
        value = value[: max_length - 1] + "…"
    return value
