"""The lexicon matcher: every term and pattern of rules/lexicon/ as labelled mentions.

Writes `doc.user_data["auditor_mentions"]`: [Mention(label, key, start, end)] sorted by start
(token offsets). Overlaps are resolved longest-first within a layer, so a trap ("heterogeneous
density", "skin thickening", "indistinct margins") hides the descriptor inside it and "coarse
heterogeneous" beats "coarse". Laterality and BI-RADS words are separate layers: "R breast"
may overlap a location and "benign" may be both a BI-RADS word and a morphology.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from auditor.errors import RulesError
from auditor.nlp.batching import BatchedComponent
from auditor.nlp.lexical_matcher import LexicalMatcher, is_lexical
from auditor.nlp.lexicon_rules import LexiconEntry, expand_alternatives, load_lexicon
from auditor.nlp.shorthand import beside_calcifications
from auditor.nlp.tokenizer import raw_text

MENTIONS = "auditor_mentions"
RELATIVE_SIDES = frozenset({"contralateral", "ipsilateral"})
_OPPOSITE = {"right": "left", "left": "right"}
# The treated breast that "contralateral"/"ipsilateral" refer to
_TREATMENT = (r"(?:lumpectomy|mastectomy|cancer|carcinoma|idc|dcis|ilc|malignancy|treated|"
              r"radiation|radiotherapy|excision|surgery|breast conservation|bct|partial "
              r"mastectomy|segmentectomy|quadrantectomy)")
_TREATED_SIDE = re.compile(
    rf"\b(right|left|rt|lt)\b[^.\n]{{0,40}}?\b{_TREATMENT}\b"
    rf"|\b{_TREATMENT}\b[^.\n]{{0,20}}?\b(right|left|rt|lt)\b", re.IGNORECASE)
_LAYERS = {"laterality": 1, "birads": 2}
# Equal-length overlaps within a layer: the more specific reading wins.
_PRIORITY = {"trap": 0, "location": 1, "size": 2, "morphology": 3, "count": 4, "distribution": 5,
             "associated": 6, "calcification": 7}


# Traps that give a mass its shape ("round mass", "round nodule"): the shape word is no
# calcification morphology, but the mass is still a mass ("a round mass containing
# calcifications" is calcifications with an associated mass). Such a trap keeps only its words
# before the mass word, and the mass word stays an `associated` mention.
_SHAPES_OF_A_MASS = frozenset({"mass_shape"})


def _longest_first(found) -> tuple[int, int, int]:
    (label, _key), start, end = found
    return (start - end, _PRIORITY.get(label, 9), start)


class Mention(NamedTuple):
    label: str
    key: str
    start: int
    end: int


class LexiconMatcher(BatchedComponent):
    def __init__(self, nlp: Language, entries: list[LexiconEntry]):
        self.entries = entries
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = Matcher(nlp.vocab, validate=True)
        self.lexical = LexicalMatcher(nlp.vocab)
        self._ids: dict[int, tuple[str, str]] = {}
        self._shorthand: set[int] = set()   # ids of rows that need a calcification beside them
        by_id: dict[str, list] = {}
        for entry in entries:
            match_id = f"{entry.label}:{entry.key}" + (":shorthand" if entry.shorthand else "")
            self._ids[nlp.vocab.strings.add(match_id)] = (entry.label, entry.key)
            if entry.shorthand:
                self._shorthand.add(nlp.vocab.strings[match_id])
            if entry.pattern is not None:
                try:
                    if is_lexical(entry.pattern):
                        self.lexical.add(nlp.vocab.strings[match_id], list(entry.pattern))
                    else:
                        self.patterns.add(match_id, expand_alternatives(entry.pattern))
                except (MatchPatternError, ValueError) as exc:
                    raise RulesError(f"invalid token pattern: {exc}", file=entry.file,
                                     row=entry.row, column="pattern") from None
            else:
                by_id.setdefault(match_id, []).extend(
                    nlp.make_doc(p) for p in entry.phrases())
        for match_id, docs in by_id.items():
            self.phrases.add(match_id, docs)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[MENTIONS] = _absolute_sides(doc, self.mentions(doc))
        return doc

    def mentions(self, doc: Doc) -> list[Mention]:
        ids, short = self._ids, self._shorthand
        matches = self.phrases(doc)
        if len(self.patterns):
            matches += self.patterns(doc)
        matches += self.lexical(doc)
        found = [(ids[m], s, e) for m, s, e in matches]
        shorthand = _shorthand_spans(matches, ids, short) if short else set()
        found.sort(key=_longest_first)
        n = len(doc)
        taken = [bytearray(n), bytearray(n), bytearray(n)]
        kept = []
        for (label, key), start, end in found:
            used = taken[_LAYERS.get(label, 0)]
            if used.find(1, start, end) == -1:
                used[start:end] = b"\x01" * (end - start)
                if label == "trap" and key in _SHAPES_OF_A_MASS:
                    mass = next(((k, s, e) for (lab, k), s, e in found
                                 if lab == "associated" and start < s and e <= end), None)
                    if mass is not None:
                        kept.append(Mention("trap", key, start, mass[1]))
                        kept.append(Mention("associated", mass[0], mass[1], mass[2]))
                        continue
                kept.append(Mention(label, key, start, end))
        kept.sort(key=lambda m: m.start)
        if shorthand:
            kept = beside_calcifications(doc, kept, shorthand)
        return kept


def _shorthand_spans(matches, ids, short: set[int]) -> set:
    """The ((label, key), start, end) that only shorthand rows give: a span that a plain row
    also gives needs no calcification beside it."""
    gated = {(ids[m], s, e) for m, s, e in matches if m in short}
    if gated:
        gated.difference_update((ids[m], s, e) for m, s, e in matches if m not in short)
    return gated


def _absolute_sides(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"The contralateral breast" is the side opposite the treated one ("Right breast IDC,
    lumpectomy 2019"), "ipsilateral" the treated side; with no treated side named, neither says
    which breast."""
    if not any(m.key in RELATIVE_SIDES for m in mentions if m.label == "laterality"):
        return mentions
    text = raw_text(doc)
    found = _TREATED_SIDE.search(text)
    treated = None
    if found:
        word = (found.group(1) or found.group(2)).lower()
        treated = "right" if word.startswith("r") else "left"
    resolved = []
    for m in mentions:
        if m.label == "laterality" and m.key in RELATIVE_SIDES:
            if treated is None:
                continue
            m = m._replace(key=treated if m.key == "ipsilateral" else _OPPOSITE[treated])
        resolved.append(m)
    return resolved


def check_examples(nlp: Language) -> list[str]:
    """Each lexicon row's example must yield a mention of the row's label and key, and its
    counter-example (if any) must not."""
    matcher: LexiconMatcher = nlp.get_pipe("auditor_lexicon")
    problems = []
    for entry in matcher.entries:
        if not _gives(nlp, matcher, entry, entry.example):
            problems.append(f"{entry.file} row {entry.row}: example {entry.example!r} does not "
                            f"give {entry.label} '{entry.key}'")
        if entry.counter_example and _gives(nlp, matcher, entry, entry.counter_example):
            problems.append(f"{entry.file} row {entry.row}: counter-example "
                            f"{entry.counter_example!r} gives {entry.label} '{entry.key}'")
    return problems


def _gives(nlp: Language, matcher: LexiconMatcher, entry: LexiconEntry, text: str) -> bool:
    doc = nlp.make_doc(text)
    return any(m.label == entry.label and m.key == entry.key for m in matcher.mentions(doc))


@Language.factory("auditor_lexicon", default_config={"lexicon_files": []})
def make_lexicon_matcher(nlp: Language, name: str, lexicon_files: list[str]) -> LexiconMatcher:
    return LexiconMatcher(nlp, load_lexicon([Path(p) for p in lexicon_files]))
