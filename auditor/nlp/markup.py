"""Export markup read as the layout it stands for, character for character.

Reports reach us from RIS and EHR exports with their artefacts: HTML tags (`<br>`, `<p>`,
also escaped as `&lt;br&gt;`), entities (`&nbsp;`, `&amp;`), RTF control words
(`{\\rtf1 ... \\par`) and two-column template tables written with pipes
(`| Morphology | Fine pleomorphic |`). `read_markup` returns a text of exactly the same length
in which a line-breaking tag or `\\par` is a line break, an entity is its character, other tags
and control words are blanks, and a two-cell table row reads as a field line
(`Morphology : Fine pleomorphic`). Same length means every offset still points into the
original text, so evidence spans are quoted from the report as written.

Unedited speech recognition leaves dictated punctuation as words ("no mass period the left
breast colon there is ... comma ... new paragraph impression"). `read_dictation` reads them at
the same length: "period" and "full stop" as a full stop, "comma", "colon", "semicolon",
"slash", "question mark", "open/close paren(thesis)" as their marks (padded with blanks in
front, so "mass period the" reads "mass      . the"), and "new paragraph", "next line" and
the like as line breaks. Only where the word is plainly dictation:
"period" is not after a word that makes it a span of time ("the period since 2019", "a six
month period", "follow-up period") or before "of", "since", "between", "during"; "colon" is not
the bowel ("history of colon cancer", "sigmoid colon"); a line or paragraph after an article is
not the command ("a new line of calcifications").
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


# Dictated punctuation and layout commands, as words.
_DICTATED = re.compile(
    r"(?P<blank>[ \t]?)\b(?P<word>period|full[ \t]+stop|comma|colon|semi[ \t-]?colon|slash"
    r"|question[ \t]+mark|(?:open|close)[ \t]+paren(?:thesis)?"
    r"|(?:new|next)[ \t]+(?:paragraph|line))\b",
    re.IGNORECASE)
_MARK = {"peri": ".", "full": ".", "comm": ",", "colo": ":", "semi": ";", "slas": "/",
         "ques": "?", "open": "(", "clos": ")"}
# ... a span of time, not a full stop: after these words or before these
_PERIOD_BEFORE = re.compile(
    r"\b(?:the|a|an|this|that|same|each|any|every|which|what|whole|entire|given|certain|"
    r"time|months?|years?|weeks?|days?|interval|follow[ \t-]?up|followup|up|menstrual|"
    r"lactation|lactational|postpartum|post[ \t-]partum|surveillance|observation|waiting|"
    r"washout|grace|latency|short|long|brief|prolonged|early|late|study|review)[ \t]*$",
    re.IGNORECASE)
_PERIOD_AFTER = re.compile(r"[ \t]+(?:of|since|between|during|when|in[ \t]+which)\b",
                           re.IGNORECASE)
# ... the bowel, not a colon
_COLON_BEFORE = re.compile(r"\b(?:of|the|sigmoid|transverse|ascending|descending|rectosigmoid|"
                           r"right|left|and|or|her|to)[ \t]*$", re.IGNORECASE)
_COLON_AFTER = re.compile(r"[ \t]+(?:cancer|carcinoma|ca|polyps?|resection|adenocarcinoma|"
                          r"metasta\w*|primary|and|or|surgery|tumou?r)\b", re.IGNORECASE)
_LINE_BEFORE = re.compile(r"\b(?:a|the|this|that|any|one)[ \t]*$", re.IGNORECASE)


def read_dictation(text: str) -> str:
    """The text with dictated punctuation words read as the marks and line breaks they stand
    for; same length as `text`."""
    lower = text.lower()
    if not any(word in lower for word in ("period", "full stop", "comma", "colon", "paragraph",
                                          "new line", "next line", "slash", "paren",
                                          "question mark")):
        return text
    return _DICTATED.sub(lambda m: _dictated(text, m), text)


def _dictated(text: str, m: re.Match) -> str:
    word = m.group("word").lower()
    whole = m.group()
    start = m.start("word")
    before = text[max(0, start - 30):start]
    if word.startswith(("new", "next")):
        if _LINE_BEFORE.search(before):
            return whole
        head = "\n\n" if word.endswith("paragraph") else "\n"
        return m.group("blank") + head + " " * (len(m.group("word")) - len(head))
    if word == "period" and (_PERIOD_BEFORE.search(before) or _PERIOD_AFTER.match(text, m.end())):
        return whole
    if word == "colon" and (_COLON_BEFORE.search(before) or _COLON_AFTER.match(text, m.end())):
        return whole
    return " " * (len(whole) - 1) + _MARK[word[:4]]


def read_markup(text: str) -> str:
    """The text with its markup and dictated punctuation read as layout; same length as
    `text`."""
    text = read_dictation(text)
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
    inner = cells[:-1] if not cells[-1].strip() else cells
    if len(inner) != 2 or not all(c.strip() for c in inner):
        # a row of a table with column headers (some of its cells empty): its line already
        # reads as one
        return row
    out = [row[:lead], " "]
    for k, cell in enumerate(cells):
        out.append(cell)
        if k < len(cells) - 1:
            last = k == len(cells) - 2 and not cells[-1].strip()
            out.append(" " if last else ":")
    result = "".join(out)
    assert len(result) == len(row)
    return result
