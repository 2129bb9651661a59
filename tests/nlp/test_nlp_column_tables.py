"""Tables laid out in columns: a header whose every cell says "none" is denied.

A column header names what its cells report and describes no finding of its own; where each cell
under it is a negative value ("none", "no", "-", "nl", empty) its words are denied, as "Assoc
calcs: none" would deny them. A positive cell leaves the header alone.
"""

from __future__ import annotations

import pytest
from nlp_expectations import counting, variant_and_reason

from auditor.nlp.tables import negated_headers

PIPES = """Side | Clock     | Finding         | Size   | Assoc calcs | US
-----+-----------+-----------------+--------+-------------+-------------
L    | 7:00 post | focal asymmetry | 1.0 cm | none        | no correlate
R    | -         | none            | -      | -           | n/a
"""
BOXED = """+------+-------+------+-------+------+-------------+-----------+
| Side | Clock | Type | Shape | Size | Assoc. calc | Change    |
+------+-------+------+-------+------+-------------+-----------+
| R    | 3:00  | mass | oval  | 8 mm | no          | unchanged |
| L    |       | none |       |      |             |           |
+------+-------+------+-------+------+-------------+-----------+
"""
ALIGNED = """        Masses   Calcs   Asymmetry   AD     Skin   LN
RIGHT   none     none    none        none   nl     nl
LEFT    none     none    none        none   nl     nl
"""
POSITIVE = """Side   Type            Morphology    Distribution   Size
L      calcifications  amorphous     grouped        5 mm
R      none            -             -              -
"""


@pytest.mark.parametrize("table, denied", [
    (PIPES, {"Assoc calcs"}),
    (BOXED, {"Assoc. calc"}),
    (ALIGNED, {"Masses", "Calcs", "Asymmetry", "AD", "Skin", "LN"}),
    (POSITIVE, set()),
])
def test_columns_every_cell_of_which_is_negative(table, denied):
    assert {table[s:e] for s, e in negated_headers(table)} >= denied
    assert not {table[s:e] for s, e in negated_headers(table)} & {"Side", "Type", "Morphology",
                                                                  "Clock", "Finding"}


@pytest.mark.parametrize("table", [PIPES, BOXED, ALIGNED])
def test_a_denied_column_makes_no_finding(extractor, guideline, table):
    text = f"BILATERAL MAMMOGRAM\n\n{table}\nIMPRESSION: No suspicious findings. BI-RADS 1."
    assert counting(extractor.extract(text)) == []
    assert variant_and_reason(extractor, guideline, text) == (None, "negated_only")


def test_a_row_with_calcifications_still_describes_them(extractor, guideline):
    text = f"DIAGNOSTIC MAMMOGRAM\n\n{POSITIVE}\nIMPRESSION: BI-RADS 4A."
    assert variant_and_reason(extractor, guideline, text) == (4, None)
