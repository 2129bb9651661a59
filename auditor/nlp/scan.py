"""Printed, faxed and OCR-scanned reports read as the report they carry, character for character.

A report that was printed or faxed and scanned back into an archive carries the paper's
chrome: fax banners (`MAR-08-2021 09:19 FROM-LAKEVIEW ... P.002/003`, `... FAX ... @002/002`),
page footers (`Page 1 of 2`, `-- Page 2 of 2 --`, `Pg 1/1`), the next page's repeated header
(`Patient: ... MRN ... (continued)`), confidentiality notices and a printed BI-RADS legend
(`BI-RADS: 0 Incomplete 1 Negative 2 Benign ...`). None of it is report content, and a page
break may fall inside a sentence or a word (`segmental distri-` / chrome / `bution`).
OCR also misreads letters: l/1/I (`p1eomorphic`, `VascuIar`, `lNNER`) and O/0
(`heter0geneous`, `MICR0CALCIFICATIONS`, `1O:00`).

`read_scan` returns a text of the same length (so evidence still quotes the report as written)
in which page chrome is blanked, a stray OCR mark (`~`, `¦`, `^`, a lone `|`) is a blank, and a
digit or capital misread inside a word is the letter it plainly is. Where a page break cut a
sentence, the chrome and its line breaks become blanks up to one plain line break, and the
start of the line that carries the sentence on is returned, so that the sentence splitter reads
it as one sentence. The misreadings that change a word's length (`rn` for `m`, `cl` for `d`)
and words broken by a hyphen are read by the tokenizer (`ocr_edits`), only where they give a
word of the rules' vocabulary.
"""

from __future__ import annotations

import re
from itertools import accumulate

from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

# --- page chrome ---------------------------------------------------------------------------

# A page's number ("Page 1 of 2", "PG 2 OF 3", "Pg 1/1", "PAGE 2/2") or a fax machine's page
# counter ("P.002/003", "@002/002").
_PAGE_COUNT = re.compile(r"\b(?:page|pg)\.?[ \t]*\d{1,3}[ \t]*(?:of|/)[ \t]*\d{1,3}\b"
                         r"|\bP\.\d{3}/\d{3}\b|@\d{3}/\d{3}\b", re.IGNORECASE)
# "Received: 9/16/2019 6:37 PM -> HIM RECORDS; Page 2", "... MRN 2128430  Acct ...  Page 2": a
# bare page number ends a stamp or a header that carries a date or an identifier.
_PAGE_LAST = re.compile(r"\bpage[ \t]*\d{1,3}[ \t]*$", re.IGNORECASE | re.MULTILINE)
_STAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\bMRN\b|\bacct\b|\breceived\b", re.IGNORECASE)
# A fax banner: the machine's "FAX"/"FROM-" with the time it was sent.
_FAX = re.compile(r"\bfax\b|\bfrom[-:]", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
# Lines that are chrome only beside a page break: notices and the next page's repeated header.
_NOTICE = re.compile(r"confidential|unauthori[sz]ed|redisclos|intended only for|in error\b|"
                     r"destroy all copies|protected health information|notify the sender",
                     re.IGNORECASE)
_REPEATED_HEADER = re.compile(r"\bMRN\b|\bacct\b|\(cont(?:inued|'d|\.)?\)|\bDOS\b")
# The printed key of the BI-RADS categories: several categories, each with its name.
_LEGEND_ITEM = re.compile(r"\b[0-6][ \t]*[=:.)-]?[ \t]*(?:incomplete|negative|benign|probably|"
                          r"suspicious|highly|known)\b", re.IGNORECASE)
# "Right: 2 Benign; Left: 4 Suspicious" is an assessment per breast, not the key
_SIDE = re.compile(r"\b(?:right|left|rt|lt|r|l)\b", re.IGNORECASE)
_HINTS = ("page", "pg ", "pg.", "fax", "from-", "from:", "p.0", "@0", "incomplete")

# what a line of a page break is
_CONTENT, _BLANK, _MARK, _SOFT, _LEGEND = range(5)


def read_scan(text: str) -> tuple[str, list[int]]:
    """The text with page chrome blanked, stray OCR marks blanked and letters misread by OCR
    put right (same length), and the offsets of the lines that carry a sentence on over a
    page break."""
    joins: list[int] = []
    lower = text.lower()
    if any(hint in lower for hint in _HINTS):
        text, joins = _blank_chrome(text)
    if "~" in text or "¦" in text or "^" in text or "|" in text:
        text = _STRAY.sub(lambda m: " " * len(m.group()), text)
    if any(hint.search(text) for hint in _MISREAD_HINTS):
        text = _MISREAD.sub(_letter, text)
    return text, joins


def _kind(line: str) -> int:
    """What a line is, if it is part of a page break: a page mark, a legend, a notice or a
    repeated header (chrome only beside a mark), a blank, or content."""
    stripped = line.strip()
    if not stripped:
        return _BLANK
    if _PAGE_COUNT.search(line) or (_PAGE_LAST.search(line) and _STAMP.search(line)) or (
            _FAX.search(line) and _TIME.search(line) and _STAMP.search(line)):
        return _MARK
    items = len(_LEGEND_ITEM.findall(line))
    if items >= 3 or (items == 2 and not _SIDE.search(line)):
        return _LEGEND
    if _NOTICE.search(line) or _REPEATED_HEADER.search(line):
        return _SOFT
    return _CONTENT


def _blank_chrome(text: str) -> tuple[str, list[int]]:
    """The text with its page breaks' chrome and printed legends blanked, and the starts of
    the lines that carry a sentence on over a page break."""
    if not (_PAGE_COUNT.search(text) or _PAGE_LAST.search(text) or _FAX.search(text)
            or len(_LEGEND_ITEM.findall(text)) >= 3):
        return text, []
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    if _MARK not in kinds and _LEGEND not in kinds:
        return text, []
    starts = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
    chars = list(text)
    joins = []
    i = 0
    while i < len(lines):
        if kinds[i] == _CONTENT:
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] != _CONTENT:
            j += 1
        run = kinds[i:j]
        # a run of blank and chrome lines is a page break if a page mark is in it; a printed
        # legend is chrome wherever it stands (2 items on a line only under or over 3)
        legend = [k for k in range(i, j) if kinds[k] == _LEGEND and (
            len(_LEGEND_ITEM.findall(lines[k])) >= 3
            or (k > i and kinds[k - 1] == _LEGEND) or (k + 1 < j and kinds[k + 1] == _LEGEND))]
        chrome = [k for k in range(i, j) if kinds[k] != _BLANK] if _MARK in run else legend
        for k in chrome:
            _blank(chars, starts[k], starts[k] + len(lines[k]))
        if _MARK in run and 0 < i and j < len(lines) and _carries_on(lines[i - 1], lines[j]):
            # one plain line break where the page broke the sentence
            _blank(chars, starts[i] - 1, starts[j] - 1)
            joins.append(starts[j])
        i = j
    return "".join(chars), joins


def _blank(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = " " * (end - start)


def _carries_on(previous: str, line: str) -> bool:
    """The line after a page break goes on with the sentence the page cut: the line before it
    does not end one, and this one starts in lower case (or the word was hyphenated)."""
    prev, nxt = previous.rstrip(), line.lstrip()
    return prev[-1] not in ".!?:;" and (nxt[0].islower() or prev[-1] in "-,")


# --- stray marks and misread letters ------------------------------------------------------

# A mark OCR made of a speck: alone between blanks or at a line's edge. A lone pipe only where
# its line has no other (a pipe table keeps its pipes).
_STRAY = re.compile(r"[~¦^](?<![^ \t\n][~¦^])(?![^ \t\n])"
                    r"|\|(?<=[.!?][ \t]\|)[ \t]*$|\|(?<=^\|)(?=[ \t]+[A-Za-z][^|\n]*$)",
                    re.MULTILINE)
# Misread letters, each a character of its own so the length stays:
# - 0 or 1 between letters ("gr0up", "p1eomorphic", "MICR0CALCIFICATIONS"), 1 only in lower
#   case (in capitals it may be I or L);
# - 0 or 1 starting a word of three letters more ("1umpectomy", "0UTER"), not a unit;
# - 1 ending a lower-case word after a vowel ("regiona1", "architectura1"), not "brca1";
# - a capital I inside a lower-case word ("VascuIar", "dependentIy", "weII");
# - l for I starting a capitalised word ("lNNER", "lnterval", "lmpression");
# - O for 0 inside a clock time ("1O:00").
# Each starts with the misread character itself (its context in look-arounds), so that a
# search skips on through the text at C speed; they run on every report, one by one (an
# alternation of them is searched slowly), and the text is rewritten only if one is found.
_UNITS = r"(?:years?|months?|mos|weeks?|wks|days?|hours?|hrs|mins?)\b"
_MISREADINGS = (
    r"0(?<=[A-Za-z]0)(?=[A-Za-z])",
    r"1(?<=[a-z]1)(?=[a-z])",
    rf"[01](?<!\w[01])(?=[a-z]{{3,}}\b)(?!{_UNITS})",
    r"0(?<!\w0)(?=[A-Z]{3,}\b)",
    r"1(?<=[a-z]{2}[aeiou]1)(?<![Bb][Rr][Cc][Aa]1)\b",
    r"I(?<=[a-z]I)(?=[a-z])|II(?<=[a-z]II)\b",
    r"l(?<!\wl)(?=[A-Z]{2,}|[nm][a-z]{3,})",
    r"l(?<=[A-Z]l)(?=[A-Z])",
)
_O_IN_CLOCK = (r"[\dO](?<!\w[\dO])(?=[\dO]?:[\dO]{2}\b)(?:(?<=\d)|(?=[O:]*\d))"
               r"(?:(?<=O)|(?=[\d:]*O))[\dO]?:[\dO]{2}")
# (a clock time is looked for from its O: digits are everywhere)
_MISREAD_HINTS = tuple(re.compile(p) for p in (*_MISREADINGS, r"O(?<=[\d:]O)|O(?=[\d:])"))
_MISREAD = re.compile("|".join((*_MISREADINGS, _O_IN_CLOCK)))


def _letter(m: re.Match) -> str:
    found = m.group()
    if ":" in found:
        return found.replace("O", "0")
    if found == "II":
        return "ll"
    if found == "l":
        return "I"
    if found == "I":
        return "l"
    before = m.string[m.start() - 1:m.start()]
    after = m.string[m.end():m.end() + 1]
    upper = (before + after).strip().isupper()
    if found == "0":
        return "O" if upper else "o"
    return "l"


# --- misreadings that change a word's length, and broken words -----------------------------

# A hyphen after a letter, then the rest of a word broken there, at a line's end or inline
# ("calcifi-\ncations", "calci- fications", "calci-fications"); found from the hyphen, which is
# rare, so that the search is fast.
_HYPHEN = re.compile(r"-(?<=[A-Za-z]-)[ \t]*(?:\r?\n[ \t]*)?(?=[A-Za-z])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z])[A-Za-z]+$")
_WORD_AFTER = re.compile(r"[A-Za-z]+(?![\w-])")
# A word OCR may have misread: "rn" for m ("arnorphous"), "cl" for d ("clermal") and d for "cl"
# ("dustered"), or 1 for I or L in capitals ("REGIONA1", "CA1CIFICATIONS").
_SWAPS = (("rn", "m"), ("cl", "d"), ("d", "cl"), ("1", "l"), ("1", "i"))


class WordReader:
    """Reads misread and broken words as the words of the rules' vocabulary they plainly are:
    only where the word as written is not a known word and the reading is."""

    def __init__(self, known_words: frozenset[str] = frozenset()):
        self.known = known_words
        # each way OCR may misread a known word, with where and what it stands for
        self._misreadings = _misreadings(known_words)
        self._misreading_ids = frozenset(hash_string(w) for w in self._misreadings)

    def edits(self, text: str, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, replacement) for every character run of `text` to be read otherwise,
        in text order, each as small as it can be so that the characters around it keep their
        offsets (the hyphen and line break of a broken word, the "rn" of "arnorphous").
        `doc`: the text as first tokenized; its tokens say whether a word is misread."""
        if not self.known:
            return []
        edits = self._broken(text) if "-" in text else []
        # a set check on the tokens spaCy made anyway: most reports have no misread word
        if not self._misreading_ids.isdisjoint(doc.to_array(LOWER).tolist()):
            lowers = {t.lower_ for t in doc} & self._misreadings.keys()
            words = re.compile(r"\b(?:" + "|".join(map(re.escape, lowers)) + r")\b",
                               re.IGNORECASE)
            for m in words.finditer(text):
                at, length, right = self._misreadings[m.group().lower()]
                if not any(s <= m.start() + at < e for s, e, _r in edits):
                    edits.append((m.start() + at, m.start() + at + length,
                                  _cased(right, m.group(), at)))
            edits.sort()
        return edits

    def _broken(self, text: str) -> list[tuple[int, int, str]]:
        """The hyphens (and line breaks) inside words a hyphen broke."""
        edits = []
        for m in _HYPHEN.finditer(text):
            left = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            right = _WORD_AFTER.match(text, m.end())
            if left and right and self._joins(left.group(), right.group()):
                edits.append((m.start(), m.end(), ""))
        return edits

    def _joins(self, left: str, right: str) -> bool:
        """"calci" + "fications" is a known word and its halves are not (a compound such as
        "fine-linear" keeps its hyphen)."""
        known = self.known
        return ((left + right).lower() in known
                and not (left.lower() in known and right.lower() in known))


def _misreadings(known: frozenset[str]) -> dict[str, tuple[int, int, str]]:
    """Every known word with one of its letters misread as OCR misreads them ("amorphous" ->
    "arnorphous", "dermal" -> "clermal", "clustered" -> "dustered", "regional" -> "regiona1"),
    unless that is itself a known word: misspelling -> (offset, length, the letters meant)."""
    found: dict[str, tuple[int, int, str]] = {}
    for word in sorted(known):
        for wrong, right in _SWAPS:
            at = word.find(right)
            while at != -1:
                misread = word[:at] + wrong + word[at + len(right):]
                if misread not in known:
                    found.setdefault(misread, (at, len(wrong), right))
                at = word.find(right, at + 1)
    return found


def _cased(letters: str, word: str, at: int) -> str:
    """The letters in the case of the word they are put into ("DUSTERED" -> "CL", "Dustered"
    -> "Cl")."""
    if word.isupper():
        return letters.upper()
    return letters.capitalize() if word[at].isupper() else letters


def rule_words(phrases) -> frozenset[str]:
    """The words (4 letters or more) of the rules' phrases: what a misread word may be read as."""
    words = set()
    for phrase in phrases:
        words.update(w for w in re.split(r"[^a-z]+", phrase.lower()) if len(w) >= 4)
    return frozenset(words)
