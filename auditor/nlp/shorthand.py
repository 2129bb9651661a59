"""Abbreviations that are ordinary words elsewhere count only beside calcifications.

Notes written in BI-RADS shorthand ("grp rd/punct calcs", "seg FL-B calcs", "Morph: CH",
"calcs, diff") use letters that mean other things elsewhere: "Rd" in an address, "diff" in "diff
dx", "CH" as someone's initials, "seg" in "seg mastectomy". A row of a `<label>.shorthand.csv`
lexicon file gives its mention only when, walking out from it over joining words and other
descriptors (a few tokens, never over a line break or a sentence's end), one reaches a
calcification word, a descriptor of a plain lexicon row, or the name of a descriptor field
("Morph: CH", "Distrib: Diff", "seg distrib").
"""

from __future__ import annotations

from collections import defaultdict

from spacy.attrs import IDX
from spacy.tokens import Doc

from auditor.nlp.sentences import TOKENS
from auditor.nlp.tokenizer import raw_text, token_offsets

_REACH = 4   # tokens walked each way: "clust of coarse het calcs", "rd , reg"
# words that join the descriptors of one calcification description, hedge them or size them
# ("grp possibly amorph calcs", "calcs in a tiny clust")
_JOINERS = frozenset({",", "/", "+", "&", "-", "(", ")", ":", "and", "or", "vs", "vs.",
                      "versus", "of", "a", "an", "the", "in", "w/", "with", "possibly",
                      "probably", "likely", "?", "small", "tiny", "single", "few", "new"})
# a descriptor field's name: what follows it (or what it follows) is a descriptor
_FIELD_NAMES = frozenset({"morph", "morphology", "distrib", "distribution", "dist", "distr"})
# what makes the surroundings a calcification description (when not itself shorthand)
_ANCHORS = frozenset({"calcification", "morphology", "distribution", "count"})
# what the walk may step over on its way
_PASSABLE = _ANCHORS | {"laterality"}
# a group noun that refers back to a group already described ("The R clust sits within an
# asym", "this grp"): the determiner before it (and a side) is its calcification context
_REFERRING = frozenset({"the", "this", "that", "each"})


def beside_calcifications(doc: Doc, mentions: list, shorthand: set) -> list:
    """The mentions without the shorthand ones ((label, key), start, end) that stand apart
    from any calcification description."""
    covering: dict[int, list] = defaultdict(list)
    for m in mentions:
        if m.label in _PASSABLE:
            for t in range(m.start, m.end):
                covering[t].append(m)
    walk = _Walk(doc, covering, shorthand)
    return [m for m in mentions
            if ((m.label, m.key), m.start, m.end) not in shorthand or walk.reaches_anchor(m)]


class _Walk:
    def __init__(self, doc: Doc, covering: dict[int, list], shorthand: set):
        self.covering = covering
        self.shorthand = shorthand
        self._text = raw_text(doc)
        self._lower = [t.lower_ for t in doc]
        # where each token starts in the raw text (the sentence splitter's table, when it ran)
        tokens = doc.user_data.get(TOKENS)
        self._starts = (tokens.starts if tokens is not None
                        else token_offsets(doc, doc.to_array(IDX)).tolist())

    def reaches_anchor(self, mention) -> bool:
        return (self._reaches(mention, mention.end, 1)
                or self._reaches(mention, mention.start - 1, -1)
                or (mention.label == "count" and self._refers_back(mention)))

    def _refers_back(self, mention) -> bool:
        t = mention.start - 1
        while t >= 0 and any(m.label == "laterality" for m in self.covering.get(t, ())):
            t -= 1
        return t >= 0 and self._lower[t] in _REFERRING and not self._line_break(t, mention.start)

    def _reaches(self, mention, t: int, step: int) -> bool:
        last = mention.end - 1 if step == 1 else mention.start
        for _ in range(_REACH):
            if not 0 <= t < len(self._lower) or self._line_break(last, t):
                return False
            word = self._lower[t]
            if word in _FIELD_NAMES:
                return True
            others = [m for m in self.covering.get(t, ()) if m is not mention]
            if any(self._is_anchor(m) for m in others):
                return True
            if others:
                last = max(m.end for m in others) - 1 if step == 1 else min(m.start
                                                                          for m in others)
            elif word not in _JOINERS:
                return False
            else:
                last = t
            t = last + step
        return False

    def _is_anchor(self, m) -> bool:
        return m.label in _ANCHORS and ((m.label, m.key), m.start, m.end) not in self.shorthand

    def _line_break(self, a: int, b: int) -> bool:
        """Whether a line break stands between tokens a and b (either order)."""
        lo, hi = min(a, b), max(a, b)
        return "\n" in self._text[self._starts[lo]:self._starts[hi]]
