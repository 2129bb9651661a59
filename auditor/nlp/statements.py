"""Statement breaks inside run-on dictation: where a side word opens a new statement.

Speech recognition often gives one "sentence" for a whole report: "... amorphous calcifications
measuring 4 mm left breast there is a stable oval mass ... the right breast is unremarkable". A
side word opens a new statement when
- "there is/are" follows it before any calcification or morphology word ("left breast there
  is ...");
- it (or "the" before it) follows a word that cannot take it ("... no mass the right breast",
  "... asymmetry right breast ..."), unless it modifies a calcification word after it ("stable
  left breast calcifications");
- "and in (the)" or "while in (the)" stands before it, after a calcification was named ("...
  at 2:00 and in the right breast there are ..."): the statement opens at "and";
- it is followed by what a statement says of a breast ("right breast negative", "the left
  breast is unremarkable");
- it is the place of a clip, scar or other trap word ("surgical clips in the right axilla"):
  the statement opens at that word, unless the clip is itself the landmark of what came before
  ("calcifications around the biopsy clip at left 3:00 are unchanged");
a side with a clock face or quadrant right after a word that cannot take a side is a place
("calcs at lumpectomy bed rt 9:00 unchanged"), not a new statement.
A side written as a labelled field ("SIDE: L") never opens one: it is a field of its line; nor
does a side letter read together with the calcification word before it ("calcs R").

Assertion scopes (context.py) stop at a break, and a finding takes only the sides of its own
statement when its sentence names several (findings.py). Written by the context component as
`doc.user_data["auditor_statement_breaks"]`: sorted token indexes.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.strings import hash_string

STATEMENT_BREAKS = "auditor_statement_breaks"


def _hashes(words) -> frozenset[int]:
    return frozenset(hash_string(w) for w in words)


_THE = hash_string("the")
# articles skipped before a side word: "in the left breast", "in a right axillary node"
_ARTICLES = frozenset({_THE, hash_string("a"), hash_string("an")})
_COLON = hash_string(":")
_OPEN_BRACKETS = _hashes({"[", "{", "<"})
_PLACE_PREPOSITIONS = _hashes({"in", "within", "on"})
_JOINS = _hashes({"and", "while", "whereas", "with"})
_THERE = hash_string("there")
_LANDMARK_PREPOSITIONS = _hashes({"around", "near", "adjacent", "at", "along", "surrounding",
                                  "beside", "abutting", "about", "next"})
_LANDMARK_GLUE = _hashes({"the", "a", "her", "biopsy", "bx", "post", "-", "surgical", "marker",
                          "lumpectomy", "prior", "metallic", "to"})
_BE = _hashes({"is", "are", "was", "were"})
# Words after which a side word still belongs to what came before ("in the left breast",
# "calcifications, right breast", "right and left").
_SIDE_ATTACH = _hashes({"in", "of", "within", "at", "to", "involving", "throughout", "from",
                        "on", "for", "into", "near", "over", "along", "across", "and", "or",
                        "&", "/", ",", "(", ":", "-", "both", "the", "than", "vs", "versus",
                        "+", "with", "*", "•", "–", "—", "known", "her",
                        # a part of the breast before its side: "in the medial left breast"
                        "medial", "lateral", "upper", "lower", "inner", "outer", "central",
                        "superior", "inferior", "anterior", "posterior"})
# Words that may stand between a side and the calcification word it modifies
_MODIFIER_GLUE = _hashes({"breast", "breasts", "sided", "side", "-", ",", "new", "stable",
                          "benign", "few", "several", "multiple", "scattered", "small",
                          "tiny", "faint", "residual", "additional", "suspicious"})
# What a statement says of a breast: "right breast negative", "the left breast is ..."
_BREAST = _hashes({"breast", "breasts"})
_PREDICATES = _hashes({"is", "are", "was", "shows", "show", "demonstrates", "demonstrate",
                       "has", "have", "negative", "unremarkable", "normal", "otherwise",
                       "appears", "remains", "contains"})
_OPENING_LABELS = frozenset({"calcification", "morphology"})
# "... and left calcifications": a second item of a list
_COORDINATORS = _hashes({"and", "&", "+", "plus"})
_ITEM_REACH = 5  # tokens from the side word (or back from the "and") to the item's head
_ASSEMBLED = frozenset({"calcification", "morphology", "distribution", "count", "location",
                        "size", "associated"})


def statement_breaks(lowers: list[int], mentions, sent_starts: list[int]) -> list[int]:
    """Token indexes where a side word opens a new statement inside its sentence."""
    sides = [m for m in mentions if m.label == "laterality"]
    if len(sides) < 2:
        return []  # one side word cannot set two statements against each other
    n = len(lowers)
    mention_at = {m.start: m for m in mentions if m.label in _ASSEMBLED}
    assembled_ends = {m.end for m in mentions if m.label in _ASSEMBLED}
    trap_ends = {m.end - 1: m.start for m in mentions if m.label == "trap"}
    side_starts = {m.start for m in sides}
    bounds = []
    for m in sides:
        if m.end - m.start > 1 and lowers[m.start + 1] == _COLON:
            continue  # "SIDE: L; CLOCK: 3; ASSOC: MASS": a field of the finding's own line
        if m.start in mention_at and mention_at[m.start].label in _OPENING_LABELS:
            continue  # "no new calcs R": a side letter written after its calcifications
        k = bisect_right(sent_starts, m.start) - 1
        sent_start = sent_starts[k] if k >= 0 else 0
        sent_end = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
        p = m.start
        while p > sent_start and lowers[p - 1] in _OPEN_BRACKETS:
            p -= 1  # template blanks: "in the [left] breast"
        p = p - 1 if p > sent_start and lowers[p - 1] in _ARTICLES else p
        if p <= sent_start:
            continue
        before = lowers[p - 1]
        if before in _PLACE_PREPOSITIONS and p - 2 >= sent_start and lowers[p - 2] in _JOINS \
                and p - 2 > sent_start and _names_calcification_before(mention_at, sent_start,
                                                                        p - 2):
            # "... left breast at 2:00 and in the right breast there are ...": a second
            # statement joined by "and"
            bounds.append(p - 2)
            continue
        if before in _COORDINATORS and p - 1 > sent_start and _lists_mass_and_calcification(
                mention_at, p - 1, m.end, sent_start, sent_end):
            # "right focal asymmetry and left calcifications", "left calcifications and left
            # focal asymmetry": an impression listing two findings, each with its own side
            bounds.append(p - 1)
            continue
        ahead = lowers[m.end:min(m.end + 10, sent_end)]
        there = next((j for j, (a, b) in enumerate(zip(ahead, ahead[1:], strict=False))
                      if a == _THERE and b in _BE), None)
        if there is not None and not any(
                (t in mention_at and mention_at[t].label in _OPENING_LABELS)
                or t in side_starts  # "... left breast at 2:00 and in the right breast there"
                for t in range(m.end, m.end + there)):
            bounds.append(p)
        elif _says_of_breast(lowers, m.end, sent_end) and not (
                before in _PLACE_PREPOSITIONS
                and _names_calcification_before(mention_at, sent_start, p)):
            # "calcifications in the left breast are unchanged": the breast is their place
            bounds.append(p)
        elif before not in _SIDE_ATTACH:
            if (p < m.start or p not in assembled_ends) and not _modifies_head(
                    lowers, mention_at, m.end, sent_end) and not _names_place(m, mention_at):
                bounds.append(p)
        elif p - 2 >= sent_start and p - 2 in trap_ends \
                and not _landmark(lowers, trap_ends[p - 2], sent_start):
            bounds.append(trap_ends[p - 2])  # "clips in the left axilla"
    return sorted(set(bounds))


def _kind(mention) -> str | None:
    if mention.label == "associated":
        return "mass"
    if mention.label in _OPENING_LABELS:
        return "calcification"
    return None


def _lists_mass_and_calcification(mention_at, conj: int, after: int, sent_start: int,
                                  sent_end: int) -> bool:
    """A mass or asymmetry on one side of the "and" and calcifications on the other, the
    second item with a side word of its own: two findings listed, not one at the other."""
    ahead = None
    for t in range(after, min(after + _ITEM_REACH, sent_end)):
        other = mention_at.get(t)
        if other is not None and (ahead := _kind(other)):
            break
    if ahead is None:
        return False
    behind = None
    for t in range(conj - 1, max(conj - 1 - _ITEM_REACH, sent_start - 1), -1):
        other = mention_at.get(t)
        if other is not None and other.end <= conj and (behind := _kind(other)):
            break
    return behind is not None and behind != ahead


def _landmark(lowers: list[int], trap_start: int, sent_start: int) -> bool:
    """"calcifications around the biopsy clip at left 3:00": a clip or scar named as the place
    of what came before, not a statement of its own."""
    t = trap_start - 1
    while t >= sent_start and trap_start - t <= 4:
        if lowers[t] in _LANDMARK_PREPOSITIONS:
            return True
        if lowers[t] not in _LANDMARK_GLUE:
            return False
        t -= 1
    return False


def _names_place(m, mention_at) -> bool:
    """"calcs around the bx clip lt 1:00, unchanged", "at lumpectomy bed rt 9:00": a side
    with a clock face or quadrant is the place of what came before, not a new statement."""
    for t in range(m.start + 1, m.end + 1):  # "lt 1:00" may be one side mention
        other = mention_at.get(t)
        if other is not None and other.label == "location":
            return True
    return False


def _names_calcification_before(mention_at, start: int, end: int) -> bool:
    """A calcification or morphology word earlier in the sentence: there is a first statement
    for the "and" to join a second one to."""
    return any(t in mention_at and mention_at[t].label in _OPENING_LABELS
               for t in range(start, end))


def _says_of_breast(lowers: list[int], t: int, end: int) -> bool:
    if t < end and lowers[t] in _BREAST:
        t += 1
        return t < end and lowers[t] in _PREDICATES
    return False


def _modifies_head(lowers: list[int], mention_at, t: int, end: int) -> bool:
    """"(stable) left breast calcifications": the side names the place of what follows."""
    limit = min(end, t + 8)
    while t < limit:
        other = mention_at.get(t)
        if other is not None:
            if other.label == "calcification":
                return True
            if other.label == "associated":
                return False
            t = other.end
            continue
        if lowers[t] not in _MODIFIER_GLUE:
            return False
        t += 1
    return False
