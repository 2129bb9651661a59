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

# --- page chrome ---------------------------------------------------------------------------

# A page's number ("Page 1 of 2", "PG 2 OF 3", "Pg 1/1", "PAGE 2/2") or a fax machine's page
# counter ("P.002/003", "@002/002").
_PAGE_COUNT = re.compile(r"\b(?:page|pg)\.?[ \t]*\d{1,3}[ \t]*(?:of|/)[ \t]*\d{1,3}\b"
                         r"|\bP\.\d{3}/\d{3}\b|@\d{3}/\d{3}\b", re.IGNORECASE)
# "Received: 9/16/2019 6:37 PM -> HIM RECORDS; Page 2", "... MRN 2128430  Acct ...  Page 2": a
# bare page number ends a stamp or a header that carries a date or an identifier.
_PAGE_LAST = re.compile(r"\bpage[ \t]*\d{1,3}[ \t]*$", re.IGNORECASE)
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
_HINTS = ("page", "pg", "fax", "p.0", "@0", "incomplete")

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
    if _STRAY_HINT.search(text):
        text = _STRAY.sub(lambda m: " " * len(m.group()), text)
    if _MISREAD_HINT.search(text):
        text = _MISREAD.sub(_letter, text)
    return text, joins


def _kind(line: str) -> int:
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
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    if _MARK not in kinds and _LEGEND not in kinds:
        return text, []
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
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
_STRAY = re.compile(r"(?<![^ \t\n])[~¦^](?![^ \t\n])"
                    r"|(?<=[.!?])[ \t]+\|[ \t]*$|^[ \t]*\|(?=[ \t]+[A-Za-z][^|\n]*$)",
                    re.MULTILINE)
_STRAY_HINT = re.compile(r"[~¦^]|[.!?][ \t]+\|[ \t]*$|^[ \t]*\|[ \t]", re.MULTILINE)
# Misread letters, each a character of its own so the length stays:
# - 0 or 1 between letters ("gr0up", "p1eomorphic", "MICR0CALCIFICATIONS"), 1 only in lower
#   case (in capitals it may be I or L);
# - 0 or 1 starting a word of three letters more ("1umpectomy", "0UTER"), not a unit;
# - 1 ending a lower-case word after a vowel ("regiona1", "architectura1"), not "brca1";
# - a capital I inside a lower-case word ("VascuIar", "dependentIy", "weII");
# - l for I starting a capitalised word ("lNNER", "lnterval", "lmpression");
# - O for 0 inside a clock time ("1O:00").
_MISREAD = re.compile(
    r"(?<=[A-Za-z])0(?=[A-Za-z])|(?<=[a-z])1(?=[a-z])"
    r"|\b[01](?=[a-z]{3,}\b)(?!(?:years?|months?|mos|weeks?|wks|days?|hours?|hrs|mins?)\b)"
    r"|\b0(?=[A-Z]{3,}\b)"
    r"|(?<![Bb][Rr][Cc][Aa])(?<=[a-z]{2}[aeiou])1\b"
    r"|(?<=[a-z])I(?=[a-z])|(?<=[a-z])II\b"
    r"|\bl(?=[A-Z]{2,}|[nm][a-z]{3,})|(?<=[A-Z])l(?=[A-Z])"
    r"|\b(?=[O:]*\d)(?=[\d:]*O)[\dO]{1,2}:[\dO]{2}\b")
_MISREAD_HINT = re.compile(r"[A-Za-z][01]|\b[01][A-Za-z]|[a-z]I|\bl[A-Znm]|[A-Z]l[A-Z]"
                           r"|[\d:]O|O[\d:]")


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

# A word broken by a hyphen at a line's end, or joined with the hyphen kept ("calcifi-\ncations",
# "calci- fications", "calci-fications").
_BROKEN = re.compile(r"(?<![\w-])([A-Za-z]+)-[ \t]*(?:\r?\n[ \t]*)?([A-Za-z]+)(?![\w-])")
# A word OCR may have misread: "rn" for m ("arnorphous"), "cl" for d ("clermal") and d for "cl"
# ("dustered"), or 1 for I or L in capitals ("REGIONA1", "CA1CIFICATIONS").
_CONFUSABLE = re.compile(r"\b(?:(?i:[a-z]*(?:rn|cl|d)[a-z]*)|[A-Z1]*(?:[A-Z]1|1[A-Z])[A-Z1]*)\b")
_SWAPS = (("rn", "m"), ("cl", "d"), ("d", "cl"), ("1", "l"), ("1", "i"))
_MISREAD_CACHE_LIMIT = 100_000


class WordReader:
    """Reads misread and broken words as the words of the rules' vocabulary they plainly are:
    only where the word as written is not a known word and the reading is."""

    def __init__(self, known_words: frozenset[str] = frozenset()):
        self.known = known_words
        self._cache: dict[str, tuple[int, int, str] | None] = {}

    def edits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) for every character run to be read otherwise, in text
        order; each as small as it can be, so that the characters around it keep their
        offsets (the hyphen and line break of a broken word, the "rn" of "arnorphous")."""
        if not self.known:
            return []
        edits = []
        if "-" in text:
            for m in _BROKEN.finditer(text):
                if self._joins(m.group(1), m.group(2)):
                    edits.append((m.end(1), m.start(2), ""))
        misread = {}
        for word in set(_CONFUSABLE.findall(text)):
            reading = self._reading(word)
            if reading is not None:
                misread[word] = reading
        if misread:
            words = re.compile(r"\b(?:" + "|".join(map(re.escape, misread)) + r")\b")
            for m in words.finditer(text):
                at, length, right = misread[m.group()]
                if not any(s <= m.start() + at < e for s, e, _r in edits):
                    edits.append((m.start() + at, m.start() + at + length, right))
            edits.sort()
        return edits

    def _joins(self, left: str, right: str) -> bool:
        """"calci" + "fications" is a known word and its halves are not (a compound such as
        "fine-linear" keeps its hyphen)."""
        known = self.known
        return ((left + right).lower() in known
                and not (left.lower() in known and right.lower() in known))

    def _reading(self, word: str) -> tuple[int, int, str] | None:
        """Where the word was misread: (offset, length, the letters it stands for)."""
        cache = self._cache
        if word in cache:
            return cache[word]
        if len(cache) > _MISREAD_CACHE_LIMIT:
            cache.clear()
        reading = None
        lower = word.lower()
        if len(word) >= 4 and lower not in self.known:
            for wrong, right in _SWAPS:
                at = lower.find(wrong)
                while at != -1 and reading is None:
                    if lower[:at] + right + lower[at + len(wrong):] in self.known:
                        reading = (at, len(wrong), _cased(right, word, at))
                    at = lower.find(wrong, at + 1)
        cache[word] = reading
        return reading


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
