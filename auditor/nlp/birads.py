"""The BI-RADS final assessment, in the many ways it is written.

Numbers: "BI-RADS 4B", "BIRADS: 2 - Benign", "ACR BI-RADS Category 3", "Category 0: Incomplete",
"Assessment: Suspicious (4)", "FINAL ASSESSMENT: 2", roman numerals after BI-RADS/Category.
Words (only where no number is given, in the assessment or a short impression sentence):
"Probably benign", "Negative", ... from rules/lexicon/birads.csv.

Not an assessment: breast density written with BI-RADS ("BI-RADS density category B", "ACR
density C"), and a prior exam's category ("prior BI-RADS 3 in 2022", anything in COMPARISON or
HISTORY), another report's category quoted or reported ("outside screening reported as BI-RADS
0"), and a category naming a finding ("the BI-RADS 3 cluster", read only when nothing else is).
A combined exam's screening-part category ("Screening BI-RADS 0; final BI-RADS 2") yields to the
final one; an overall or final category is used over per-breast ones. Otherwise, with several
assessments (one per breast) the report's is the highest in the BI-RADS order
1 < 2 < 3 < 6 < 0 < 4 (4A < 4B < 4C) < 5.

Writes `doc.user_data["auditor_birads"]`: "0".."6", "4A".."4C" or None.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from auditor.models import BIRADS_ORDER
from auditor.nlp.batching import BatchedComponent
from auditor.nlp.lexicon import MENTIONS
from auditor.nlp.revisions import inside, superseded_spans
from auditor.nlp.sections import BODY, BREAST_HEADERS, SECTIONS
from auditor.nlp.sentences import SENTENCES, TOKENS
from auditor.nlp.tokenizer import raw_text

BIRADS = "auditor_birads"
_RANK = {v: i for i, v in enumerate(BIRADS_ORDER)}
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}
_WORDS = {"ZERO": "0", "ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4", "FIVE": "5", "SIX": "6"}
# A prior exam's assessment is context, not this report's.
_NOT_SCORED_SECTIONS = frozenset({"history", "comparison", "exam", "technique", "composition"})
_WORD_SECTIONS = frozenset({"assessment", "impression"})



def _value(name: str) -> str:
    return (rf"(?P<{name}>(?:[0-6]|zero|one|two|three|four|five|six)(?:[ \t-]?[ABCabc])?"
            r"|VI|IV[ \t]?[ABCabc]?|V|III|II|I)"
            r"(?![\w%]|\.\d|[ \t]*(?:st|nd|rd|th)\b)")


# Dictation spells it out ("B I R A D S three", "bi rads one").
_KEYWORD = (r"\b(?:ACR[ \t-]*)?(?:B[ \t.]?I[ \t.-]?[ \t]?R[ \t.]?A[ \t.]?D[ \t.]?S"
            r"|B(?:YE?|UY)[ \t-]?RADS|BR(?=[ \t-]?[0-6]))(?:®|\(R\))?")
# "BI-RADS (ACR) 4b": the system's owner named in brackets after the keyword (European style)
_FILLER = (r"(?:[ \t:#=(\-–—]|\(ACR\)|\b(?:final|assessment|category|cat\.?|score|"
           r"classification|of|is|overall)\b)*")
# "BIRADS R: 4A / BIRADS L: 4B": a side letter between the keyword and the category
_SIDE_TAG = r"(?:[ \t]+(?:r|l|rt|lt|right|left|b|bil|bilat|bilateral)\b)?"
_NUMBER_FORMS = re.compile(
    rf"{_KEYWORD}{_SIDE_TAG}{_FILLER}{_value('v0')}"
    rf"|\b(?:category|cat\.?)[ \t:#-]*{_value('v1')}"
    rf"|\bassessment[ \t]*(?:category)?[ \t]*[:#-]?[ \t]*{_value('v2')}"
    rf"|\bassessment[ \t]*:[^\n(]{{0,60}}\([ \t]*(?:BI-?RADS|category)?[ \t]*{_value('v3')}"
    rf"[ \t]*\)",
    re.IGNORECASE)
# Speech recognition hears the number as a word ("BI-RADS to benign", "BIRADS for a low
# suspicion"): taken only when the category's own words follow and agree with it.
_HOMOPHONE = re.compile(
    rf"{_KEYWORD}[ \t:#-]*(?:category[ \t]*)?(?P<v4>to|too|for|fore|won)"
    r"(?:[ \t]+(?P<l4>a|b|be|c|see))?[ \t,:-]+"
    r"(?P<w4>benign|negative|suspicious|low|moderate|high)\b", re.IGNORECASE)
_HOMOPHONE_VALUE = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1"}
_HOMOPHONE_WORD = {"benign": "2", "negative": "1", "suspicious": "4", "low": "4A",
                   "moderate": "4B", "high": "4C"}
# "BI-RADS: Right 4A; Left 2": the categories per breast after one keyword, on its line.
_KEYWORD_LINE = re.compile(rf"{_KEYWORD}[^\n]*", re.IGNORECASE)
# "BI-RADS: R 2, L 4a", "BI-RADS 1 R, 4a L", "BI-RADS (ACR) 3 L, 1 R": a side letter or word
# before or after each category. Not a clock position, a size or a time ("BI-RADS 2, L 3
# o'clock", "left 6 months").
_SIDE = r"(?:right|left|rt|lt|r|l)"
_NOT_A_PLACE = (r"(?![ \t]*(?:o'?[ \t]?clock|h\b|:\d|mm\b|cm\b|x\b|"
                r"-?(?:months?|mos?|years?|yrs?|weeks?|wks?)\b))")
_SIDE_VALUE = re.compile(rf"\b{_SIDE}\b(?:[ \t]+breast)?[ \t:=-]*{_value('v0')}{_NOT_A_PLACE}"
                         rf"|(?:[,;/]|\band\b)[ \t]*{_value('v6')}{_NOT_A_PLACE}[ \t]*{_SIDE}\b",
                         re.IGNORECASE)
_ANCHORS = ("rads", "r a d s", "categ", "cat", "assessment", "acr")
_ROMAN_AFTER = re.compile(r"(r\W?a\W?d\W?s|category)\W*$", re.IGNORECASE)
_DENSITY_BEFORE = re.compile(r"(densit|composition)\w*\W*$", re.IGNORECASE)
# ... said of an earlier exam: the past word at most one word before it ("prior BI-RADS
# 3", "was BI-RADS 2"), not anywhere on a run-on line ("no prior for comparison no mass birads 0")
_PRIOR_BEFORE = re.compile(r"\b(prior|previous|previously|last|compared|comparison|history|was|"
                           r"were|(?:changed|upgraded|downgraded|revised|amended)[ \t]+from)\b"
                           r"\W+(?:[\w/-]+\W+)?$", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"[^.\n]{0,20}\b(19|20)\d\d\b")
# ... quoted from another report: the category as that report gave it ("reported as BI-RADS 0",
# an outside study "read as" or "assessed" BI-RADS 0, or inside a quotation of that report).
_REPORTED_BEFORE = re.compile(r"\breported\b[ \t]*(?:as|of|a|an|with|[:,])?[ \t]*[\"“]?$",
                              re.IGNORECASE)
_OUTSIDE = re.compile(r"\b(?:outside|elsewhere|external|(?:an)?other[ \t]+(?:facility|institution|"
                      r"hospital|cent(?:er|re)|practice|site|radiology|imaging))\b", re.IGNORECASE)
# said of that exam in the past, not this report's present reading ("are assessed as", "we
# categorize them as")
_ATTRIBUTED = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwe )(?<!\bnow )"
                         r"\b(?:reported|read|interpreted|called(?![ \t]+back)|assessed|"
                         r"categori[sz]ed|classified|graded|rated|scored|assigned|labell?ed)\b",
                         re.IGNORECASE)
_QUOTES = "\"“”"
# ... the screening part of a combined exam ("Screening BI-RADS 0; final (combined) BI-RADS 1",
# "SCREENING ASSESSMENT: 0 (completed same day)", "BI-RADS 0 (screening portion)"): superseded by
# the final assessment of the same-day diagnostic views, unless it is said of one breast.
_SCREENING_BEFORE = re.compile(
    r"\b(?:screening|screen|initial|preliminary|prelim)\b(?:[ \t]+(?:exam(?:ination)?|"
    r"mammogram|mammography|study|portion|part|component|images?|read(?:ing)?))?"
    r"[ \t:,(-]*(?:assessment|category|impression)?[ \t:,(-]*$", re.IGNORECASE)
_SCREENING_PART = r"(?:for[ \t]+the[ \t]+|at[ \t]+)?screen(?:ing)?"
_SCREENING_AFTER = re.compile(
    rf"[ \t]*(?:\([ \t]*{_SCREENING_PART}\b(?![ \t]+\d)"
    rf"|[,;-][ \t]*{_SCREENING_PART}[ \t]+(?:portion|part|component|exam|images|read)\b)",
    re.IGNORECASE)
# "the BI-RADS 3 cluster is unchanged", "a category 4 lesion": the category names a finding by
# the assessment it was given; read only where the report writes no assessment of its own.
_NAMES_A_FINDING = re.compile(r"[ \t]+(?:calcifications?|calcs?|microcalcifications?|cluster|"
                              r"group|findings?|lesions?|mass|asymmetry|area)\b", re.IGNORECASE)
_SIDE_WORD = re.compile(r"\b(?:right|left|rt|lt|r|l)\b", re.IGNORECASE)


def highest(values) -> str | None:
    values = [v for v in values if v in _RANK]
    return max(values, key=_RANK.__getitem__) if values else None


def _normalise(value: str) -> str | None:
    value = re.sub(r"[ \t-]", "", value).upper()
    letter = value[-1] if value[-1] in "ABC" and len(value) > 1 else ""
    number = value[:-1] if letter else value
    number = _ROMAN.get(number, _WORDS.get(number, number))
    value = number + letter
    return value if value in _RANK else None


def _windows(lower: str) -> list[tuple[int, int]]:
    """Stretches of text around the words an assessment is written with; the regexes run
    only there (a scan of the whole report with them is several times slower)."""
    spots = []
    for word in _ANCHORS:
        p = lower.find(word)
        while p != -1:
            if p == 0 or not lower[p - 1].isalpha() or word == "rads":
                spots.append(p)
            p = lower.find(word, p + 1)
    p = lower.find("br")
    while p != -1:  # "BR3", "BR 4A": not "breast"
        if lower[p + 2:p + 4].lstrip(" -")[:1].isdigit():
            spots.append(p)
        p = lower.find("br", p + 1)
    spots.sort()
    windows: list[tuple[int, int]] = []
    for p in spots:
        start, end = max(0, p - 16), min(len(lower), p + 90)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


# "ACR 2", "ACR 1 negative": community shorthand for the category. It is weaker than a BI-RADS
# form (read only where the report writes none), and never breast density: "ACR c", "ACR B",
# "ACR 2 density", "heterogeneously dense (ACR 3)" (the 4th edition numbered density 1-4).
_ACR_FORM = re.compile(rf"\bACR[ \t:#-]*{_value('v5')}", re.IGNORECASE)
_DENSITY_WORDS = re.compile(r"dens|fatty|fibroglandular|composition|parenchym|pattern|tissue",
                            re.IGNORECASE)
_DENSITY_AFTER = re.compile(r"[ \t:(),-]*(?:dens|fatty|fibroglandular|scattered|heterogeneous|"
                            r"extremely|almost|predominantly|parenchym|type|pattern)",
                            re.IGNORECASE)
# "BI-RADS 4: Suspicious - low suspicion for malignancy (4A)", "BI-RADS 4: Suspicious. 4B -
# moderate suspicion": a bare 4 with its subcategory written after it on its line.
_SUBCATEGORY = re.compile(r"\b4[ \t-]?(?P<letter>[abc])\b"
                          r"|\b(?P<level>low|moderate|high)[ \t-]+suspicion", re.IGNORECASE)
_LEVEL = {"low": "A", "moderate": "B", "high": "C"}
_SUBCATEGORY_REACH = 120
# Speech recognition hears the letter as a word ("BI-RADS four be.", "category 4 see - high
# suspicion"): taken only straight after the 4 and before the end of the phrase.
_HEARD_LETTER = re.compile(r"[ \t-]+(?P<heard>bee?|see|sea|cee)(?=[ \t]*(?:[.,;:)\n]|$|[-–—]"
                           r"|(?:low|moderate|high|suspicious)\b))", re.IGNORECASE)
_HEARD = {"b": "B", "be": "B", "bee": "B", "see": "C", "sea": "C", "cee": "C"}


def _subcategory(text: str, end: int) -> str:
    """The subcategory letter written after a bare "4" on its line, up to the next keyword."""
    heard = _HEARD_LETTER.match(text, end)
    if heard:
        return _HEARD[heard.group("heard").lower()]
    line_end = text.find("\n", end)
    stop = min(len(text) if line_end == -1 else line_end, end + _SUBCATEGORY_REACH)
    keyword = re.search(_KEYWORD, text[end:stop], re.IGNORECASE)
    if keyword:
        stop = end + keyword.start()
    m = _SUBCATEGORY.search(text, end, stop)
    if not m:
        return ""
    return m.group("letter").upper() if m.group("letter") else _LEVEL[m.group("level").lower()]


def _phrase_start(text: str, position: int) -> int:
    """Where the line or sentence holding `position` starts."""
    return max(text.rfind("\n", 0, position), text.rfind(". ", 0, position)) + 1


def find_birads(text: str, sections: list[tuple[str, int, int, int]]) -> list[str]:
    """Every numeric final assessment of the report, in text order."""
    return [value for value, _ in find_assessments(text, sections)]


def find_assessments(text: str,
                     sections: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    """Every numeric final assessment of the report with its position, in text order.
    "ACR n" forms are given only when the report has no other numeric assessment."""
    starts = [s[1] for s in sections]
    found: list[tuple[str, int]] = []
    weak: list[tuple[str, int]] = []
    screening: set[int] = set()
    matches = {}
    lower = text.lower()
    for window_start, window_end in _windows(lower):
        for m in _NUMBER_FORMS.finditer(text, window_start, window_end):
            matches.setdefault(m.start(), m)
        for m in _HOMOPHONE.finditer(text, window_start, window_end):
            matches.setdefault(m.start(), m)
        if "acr" in lower[window_start:window_end]:
            for m in _ACR_FORM.finditer(text, window_start, window_end):
                matches.setdefault(m.start(), m)
        line = _KEYWORD_LINE.search(text, window_start, window_end)
        if line:
            line_end = text.find("\n", line.start())
            for m in _SIDE_VALUE.finditer(text, line.start(),
                                          len(text) if line_end == -1 else line_end):
                matches.setdefault(m.start(), m)
    for m in (matches[k] for k in sorted(matches)):
        if m.re is _HOMOPHONE:
            value = _HOMOPHONE_WORD[m.group("w4").lower()]
            if value[0] != _HOMOPHONE_VALUE[m.group("v4").lower()]:
                continue
        else:
            group = next(g for g in ("v0", "v1", "v2", "v3", "v5", "v6")
                         if m.re.groupindex.get(g) and m.group(g))
            raw = m.group(group)
            # Roman numerals only count directly after BI-RADS or Category, or as a side's
            # value on a BI-RADS line ("BI-RADS: Right - IV B, Left - IV A").
            if raw.upper().startswith(("I", "V")) and not _ROMAN_AFTER.search(
                    text, max(0, m.start(group) - 30), m.start(group)) \
                    and not _side_roman(m, group, text):
                continue
            value = _normalise(raw)
        if value is None:
            continue
        if sections and sections[bisect_right(starts, m.start()) - 1][0] in _NOT_SCORED_SECTIONS:
            continue
        line_start = _phrase_start(text, m.start())
        before = text[max(line_start, m.start() - 60):m.start()]
        if _DENSITY_BEFORE.search(before) or _PRIOR_BEFORE.search(before):
            continue
        if _YEAR_AFTER.match(text, m.end()):
            continue
        if _quoted(text, line_start, m.start()):
            continue
        if m.re is _ACR_FORM:
            if _DENSITY_WORDS.search(before) or _DENSITY_AFTER.match(text, m.end()):
                continue
            weak.append((value, m.start()))
            continue
        if value == "4":
            value += _subcategory(text, m.end())
        if _NAMES_A_FINDING.match(text, m.end()):
            weak.append((value, m.start()))
            continue
        found.append((value, m.start()))
        if _screening(text, line_start, m):
            screening.add(len(found) - 1)
    if screening and len(screening) < len(found):
        found = [f for i, f in enumerate(found) if i not in screening]
    return found or weak


def _quoted(text: str, line_start: int, position: int) -> bool:
    """Whether the assessment at `position` is another report's, quoted or reported: inside a
    quotation opened on its line, after "reported (as)", or in a sentence about an outside exam
    that says what it was read or assessed as."""
    line = text[text.rfind("\n", 0, position) + 1:position]
    if sum(line.count(q) for q in _QUOTES) % 2:
        return True
    sentence = text[line_start:position]
    if _REPORTED_BEFORE.search(sentence):
        return True
    outside = _OUTSIDE.search(sentence)
    return bool(outside and _ATTRIBUTED.search(sentence, outside.end()))


def _screening(text: str, line_start: int, m: re.Match) -> bool:
    """Whether the assessment is labelled as the screening part's, and of no one breast."""
    before = text[max(line_start, m.start() - 50):m.start()]
    if not (_SCREENING_BEFORE.search(before) or _SCREENING_AFTER.match(text, m.end())):
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    said_of = text[line_start:m.start()] + re.sub(r"\(r\)", "", m.group(), flags=re.IGNORECASE)
    return not _SIDE_WORD.search(said_of)


def _heads(text: str, start: int, end: int, position: int) -> bool:
    """Whether `position` is what a breast header says of its breast: on the header's line
    ("Left breast: Negative."), or on the next line under a header alone on its line."""
    if not start <= position < end:
        return False
    line_end = text.find("\n", start)
    if line_end == -1 or position < line_end:
        return True
    alone = not text[start:line_end].partition(":")[2].strip()
    return alone and "\n" not in text[line_end + 1:position]


def _latest_addendum(found: list[tuple[str, int]],
                     sections: list[tuple[str, int, int, int]]) -> list[tuple[str, int]]:
    """An addendum that gives an assessment is the radiologist's last word on the report: its
    assessment replaces the body's ("ADDENDUM: ... assessment changed to BI-RADS 2"). With
    several such addenda, the last one."""
    starts = [s[1] for s in sections]
    index = [bisect_right(starts, position) - 1 for _, position in found]
    in_addendum = [i for i in index if i >= 0 and sections[i][0] == "addendum"]
    if not in_addendum:
        return found
    last = max(in_addendum)
    return [f for f, i in zip(found, index, strict=True) if i == last]


def _governing(text: str, found: list[tuple[str, int]],
               superseded: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """Without the categories of a preliminary read the final one replaced, or of a quoted
    report, unless the report gives no other; and only the last one an amendment changed the
    assessment to, wherever it stands (RIS systems put addenda above the original report)."""
    kept = [f for f in found if not inside(superseded, f[1])] or found
    amended = [f for f in kept if _amended_to(text, f[1])]
    return amended[-1:] or kept


# "The assessment is changed to BI-RADS 2", "amended from BI-RADS 4A to BI-RADS 4B", "raised to
# BI-RADS 4B": the category an amendment sets. Not a plan ("would be upgraded to BI-RADS 4").
_AMENDED_TO_BEFORE = re.compile(
    r"\b(?:(?:changed|amended|revised|upgraded|downgraded|raised|lowered|corrected|updated)"
    r"[ \t]+(?:from\b[^.\n]{0,30}?\b)?to)[ \t:]*$", re.IGNORECASE)
_PLAN_BEFORE = re.compile(r"\b(?:would|could|may|might|will|can|if)\b", re.IGNORECASE)


def _amended_to(text: str, position: int) -> bool:
    before = text[max(_phrase_start(text, position), position - 70):position]
    return bool(_AMENDED_TO_BEFORE.search(before)) and not _PLAN_BEFORE.search(before)


# "Overall assessment: BI-RADS 4A", "FINAL (COMBINED) BI-RADS 2", "Combined final category: 1":
# the report's own overall category, used over the per-breast ones and the screening part's.
_OVERALL_BEFORE = re.compile(r"\b(?:overall|final|combined)\b[^\n.]{0,30}$", re.IGNORECASE)


def _overall(text: str, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The assessments labelled overall or final (of no one breast) when the report gives one;
    else all of them."""
    overall = []
    for value, position in found:
        before = text[max(_phrase_start(text, position), position - 50):position]
        if _OVERALL_BEFORE.search(before) and not _SIDE_WORD.search(before):
            overall.append((value, position))
    return overall or found


class BiradsReader(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        text = raw_text(doc)
        sections = doc.user_data.get(SECTIONS) or [("body", 0, 0, len(text))]
        found = _governing(text, find_assessments(text, sections), superseded_spans(doc))
        found = _overall(text, _latest_addendum(found, sections))
        values = [value for value, _ in found] or self._words(doc, sections)
        doc.user_data[BIRADS] = highest(values)
        return doc

    @staticmethod
    def _words(doc: Doc, sections) -> list[str]:
        """Assessment words: in the assessment section, or leading a short impression sentence.
        A report with no impression or assessment section concludes in its body: there, a
        sentence made of the assessment words alone ("Probably benign.", "Negative."), not
        under a breast heading, is the assessment; "Benign calcifications." is a description."""
        mentions = [m for m in doc.user_data.get(MENTIONS, ()) if m.label == "birads"]
        if not mentions:
            return []
        text = raw_text(doc)
        token_starts = doc.user_data[TOKENS].starts
        sent_starts = doc.user_data.get(SENTENCES) or [0]
        section_starts = [s[1] for s in sections]
        headed = any(s[0] in _WORD_SECTIONS for s in sections)
        breast_spans = doc.user_data.get(BREAST_HEADERS) or ()
        values = []
        for m in mentions:
            position = token_starts[m.start]
            key = sections[bisect_right(section_starts, position) - 1][0]
            k = bisect_right(sent_starts, m.start) - 1
            sent_start = sent_starts[k]
            sent_end = sent_starts[k + 1] if k + 1 < len(sent_starts) else len(doc)
            words = sum(1 for t in doc[sent_start:sent_end] if t.is_alpha)
            if key not in _WORD_SECTIONS:
                if (key == BODY and not headed and m.start == sent_start
                        and words == sum(1 for t in doc[m.start:m.end] if t.is_alpha)
                        and not any(_heads(text, start, end, position)
                                    for _, start, end in breast_spans)):
                    values.append(m.key)
                continue
            if key == "assessment" or m.key == "3" or (m.start - sent_start <= 2 and words <= 8):
                values.append(m.key)
        return values


@Language.factory("auditor_birads")
def make_birads_reader(nlp: Language, name: str) -> BiradsReader:
    return BiradsReader()


def _side_roman(m: re.Match, group: str, text: str) -> bool:
    """A side's value on a BI-RADS line written as a capital Roman numeral, a whole word
    ("Right - IV B", "L: III"), not a lower-case "i" of the next word ("left in ...")."""
    end = m.end(group)
    return (m.re is _SIDE_VALUE and m.group(group)[0].isupper()
            and (end >= len(text) or not text[end].isalpha()))
