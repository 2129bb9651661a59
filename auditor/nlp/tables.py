"""Tables laid out in columns: a column whose every cell says "none" denies what it is named for.

Reporting systems and radiologists lay findings out as text tables, with pipes or with columns
aligned by blanks:

    Side | Clock     | Finding         | Assoc calcs | US
    -----+-----------+-----------------+-------------+-------------
    L    | 7:00 post | focal asymmetry | none        | no correlate

            Masses   Calcs   Asymmetry   AD     Skin
    RIGHT   none     none    none        none   nl

A column header names what its cells report; it describes no finding of its own. Where each
cell under it (in the rows that follow, up to a blank line or prose) is a negative value
("none", "no", "neg", "-", "n/a", "nl", empty), the header's words are denied, as "Assoc calcs:
none" would deny them (`negated_headers`). A column with one positive cell says nothing here:
its row describes the finding.
"""

from __future__ import annotations

import re
from itertools import accumulate

# Cells split by pipes (each without the blanks around it) or by runs of two blanks or more
# (at least three cells a row).
_PIPE_CELL = re.compile(r"[^|\s](?:[^|]*[^|\s])?")
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")
_SEPARATOR = re.compile(r"^[\s|+:=-]*$")
_NEGATIVE = re.compile(r"(?:none(?: seen| identified)?|no(?:ne)?|nil|neg(?:ative)?|absent|"
                       r"not seen|n/?a|nl|normal|-+|0|—|–)\.?", re.IGNORECASE)
_MAX_HEADER_WORDS = 4


def pipe_cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank cell of a line split by pipes, without its blanks."""
    return [(m.start(), m.end()) for m in _PIPE_CELL.finditer(line)]


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table line, or [] when it is not laid out as one."""
    if line.count("|") >= 2:
        return pipe_cells(line)
    if "  " not in line.strip():
        return []
    spans = [(m.start(), m.end()) for m in _SPACED_CELL.finditer(line)]
    # aligned columns: every gap between cells two blanks or more
    if len(spans) < 3 or any(b[0] - a[1] < 2 for a, b in zip(spans, spans[1:], strict=False)):
        return []
    return spans


def _header(cells: list[tuple[int, int]], line: str) -> bool:
    return len(cells) >= 3 and all(
        len(line[s:e].split()) <= _MAX_HEADER_WORDS and not any(ch.isdigit() for ch in line[s:e])
        for s, e in cells)


def negated_headers(text: str) -> list[tuple[int, int]]:
    """Character spans (in `text`) of column headers every cell under which is negative."""
    if "  " not in text and "|" not in text:
        return []
    lines = text.split("\n")
    offsets = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if not _header(cells, lines[i]):
            i += 1
            continue
        rows = []
        j = i + 1
        while j < len(lines) and lines[j].strip():
            if _SEPARATOR.match(lines[j]):
                j += 1
                continue
            row = _cells(lines[j])
            if len(row) < 2:
                break
            rows.append((lines[j], row))
            j += 1
        if rows:
            found.extend((offsets[i] + s, offsets[i] + e) for s, e in cells
                         if _all_negative(s, e, rows))
        i = max(j, i + 1)
    return found


def _all_negative(start: int, end: int, rows) -> bool:
    """Each row's cell under the column [start, end) is negative or empty."""
    for line, cells in rows:
        under = [line[s:e] for s, e in cells if s < end + 2 and e > start - 2]
        if len(under) > 1:
            return False    # the column is not laid out under its header
        if under and not _NEGATIVE.fullmatch(under[0].strip()):
            return False
    return True
