"""Export markup read as the layout it stands for, character for character.

Reports reach us from RIS and EHR exports with their artefacts: HTML tags (`<br>`, `<p>`,
also escaped as `&lt;br&gt;`), entities (`&nbsp;`, `&amp;`), RTF control words
(`{\\rtf1 ... \\par`) and two-column template tables written with pipes
(`| Morphology | Fine pleomorphic |`). `read_markup` returns a text of exactly the same length
in which a line-breaking tag or `\\par` is a line break, an entity is its character, other tags
and control words are blanks, and a two-cell table row reads as a field line
(`Morphology : Fine pleomorphic`). Same length means every offset still points into the
original text, so evidence spans are quoted from the report as written.
"""

from __future__ import annotations

import html
import re

# Tags that end a line, raw or escaped; the padding keeps the length.
_BREAK_TAG = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|tr|ul|ol|table|h[1-6])\b[^<>\n]{0,200}?>"
    r"|&lt;\s*/?\s*(?:br|p|div|li)\s*/?\s*&gt;", re.IGNORECASE)
_OTHER_TAG = re.compile(
    r"<\s*/?\s*(?:b|i|u|strong|em|span|font|td|th|tbody|thead|html|body|head|pre|sup|sub)\b"
    r"[^<>\n]{0,200}?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,5}|#x[0-9a-f]{1,4});", re.IGNORECASE)
_RTF_BREAK = re.compile(r"\\(?:par|line)\b ?")
_RTF_CONTROL = re.compile(r"\\[a-z]{1,32}-?\d{0,10} ?|\\'[0-9a-f]{2}|[{}]", re.IGNORECASE)
# A table row: a line that starts with a pipe and has at least one more; a two-cell row
# (`| name | value |`) is a field line.
_TABLE_ROW = re.compile(r"^[ \t]*\|[^\n]*\|[^\n]*$", re.MULTILINE)
_HINT = re.compile(r"[<&\\|]")


def read_markup(text: str) -> str:
    """The text with its markup read as layout; same length as `text`."""
    if not _HINT.search(text):
        return text
    if "<" in text or "&" in text:
        text = _BREAK_TAG.sub(lambda m: _pad("\n", m), text)
        text = _OTHER_TAG.sub(lambda m: _pad(" ", m), text)
        text = _ENTITY.sub(_entity, text)
    if text.lstrip().startswith("{\\rtf"):
        text = _RTF_BREAK.sub(lambda m: _pad("\n", m), text)
        text = _RTF_CONTROL.sub(lambda m: _pad(" ", m), text)
    if "|" in text:
        text = _TABLE_ROW.sub(_table_row, text)
    return text


def _pad(head: str, match: re.Match) -> str:
    return head + " " * (len(match.group()) - len(head))


def _entity(match: re.Match) -> str:
    char = html.unescape(match.group())
    if len(char) != 1 or not char.isprintable() or char == "\xa0":
        char = " "
    return char + " " * (len(match.group()) - 1)


def _table_row(match: re.Match) -> str:
    """`| Morphology | Fine pleomorphic |` -> `  Morphology : Fine pleomorphic  `: a two-cell row
    is a field's name and its value."""
    row = match.group()
    lead = row.index("|")
    cells = row[lead + 1:].split("|")
    if len([c for c in cells if c.strip()]) != 2:
        return row   # a row of a table with column headers: its line already reads as one
    out = [row[:lead], " "]
    for k, cell in enumerate(cells):
        out.append(cell)
        if k < len(cells) - 1:
            last = k == len(cells) - 2 and not cells[-1].strip()
            out.append(" " if last else ":")
    result = "".join(out)
    assert len(result) == len(row)
    return result
