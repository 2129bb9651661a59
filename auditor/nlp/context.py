"""Assertion in the style of ConText (Harkema et al. 2009), reading medspaCy-shaped cue files.

A cue modifies the targets (calcification and mass/asymmetry mentions) within its scope: the
rest of its sentence in its direction, cut at `max_scope` tokens and at a TERMINATE cue ("but",
"however", ";"). Overlapping cues resolve longest-first, so "no change" (historical) is not
"no" (negation) and "no new" stays a negation. PSEUDO cues match and modify nothing.

Writes `doc.user_data["auditor_assertions"]`: {mention index: frozenset of categories}.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import hash_string
from spacy.tokens import Doc

from auditor.errors import RulesError
from auditor.nlp.batching import BatchedComponent
from auditor.nlp.context_rules import ContextRule, load_context_rules
from auditor.nlp.lexical_matcher import LexicalMatcher, is_lexical
from auditor.nlp.lexicon import MENTIONS
from auditor.nlp.lexicon_rules import expand_alternatives
from auditor.nlp.sections import BREAST_HEADERS
from auditor.nlp.sentences import FIELD_STARTS, SENTENCES, TOKENS
from auditor.nlp.statements import STATEMENT_BREAKS, statement_breaks
from auditor.nlp.tables import negated_headers
from auditor.nlp.tokenizer import raw_text

ASSERTIONS = "auditor_assertions"
TARGET_TYPES = {"calcification": "CALCIFICATION", "associated": "ASSOCIATED",
                "morphology": "DESCRIPTOR", "distribution": "DESCRIPTOR", "count": "DESCRIPTOR"}
# A descriptor is ruled out on its own ("No fine linear forms are seen", "no clustering") only
# by a negation with no calcification or mass word between them: in "grouped calcifications
# with no associated mass, amorphous" the negation is the mass's.
_NEGATION = "NEGATED_EXISTENCE"
_NEW = "NEW_OR_CHANGING"
_HISTORICAL = "HISTORICAL"
# "h/o", "s/p biopsy of", "specimen": history told in passing, no finding (findings.py)
_PAST = "PRIOR_HISTORY"
# "previously described": historical, or the finding a recall workup describes (findings.py)
_REFERENCE = "HISTORICAL_REFERENCE"
# token index of every TERMINATE cue ("but", "however", ";"): clause breaks for the findings
CLAUSE_BREAKS = "auditor_clause_breaks"
ASIDE = "ASIDE"
# Template check boxes: "[ ] calcifications" (not selected) and "[x] mass" (selected). A box
# labels the words on one side of it: the side is the line's layout ("[ ] mass  [ ] asymmetry"
# or "Mass [x]  Asymmetry [ ]"). Only an unselected box asserts something: its label is absent.
_UNSELECTED = "UNSELECTED"
_SELECTED = "SELECTED"
_BOXES = (_UNSELECTED, _SELECTED)
# A question raised ("outside films reportedly showed possible calcifications") is answered a
# few sentences on, after the views are named ("Spot magnification views obtained. No
# calcifications are seen."): how many sentences back the answer reaches. A long narrative
# tells the history, the technique and the density in between ("We performed spot
# magnification ... The breasts are dense. The magnification views show no calcifications.")
_RULED_OUT_REACH = 5
_SEMICOLON = hash_string(";")
_STATUS = frozenset({"HISTORICAL", "NEW_OR_CHANGING"})
_STATUS_REACH = 7
_SUBJECTS = frozenset(hash_string(w) for w in ("the", "this", "these", "that", "those", "a", "an",
                                               "it", "they", "which", "there"))
_OTHERS = frozenset(hash_string(w) for w in ("other", "additional", "further", "another", "more",
                                             "remaining", "elsewhere", "second"))
# A change told after its subject ("the cluster at 12 o'clock, previously stable, has increased
# in number") is the change of the nearest thing named before it: a mass or asymmetry named in
# between, not as the place of the calcifications ("within the mass"), is what changed
# ("Stable calcifications at 3:00, the mass at 9:00 has enlarged").
_PLACE_WORDS = frozenset(hash_string(w) for w in (
    "within", "in", "at", "inside", "around", "near", "of", "with", "to", "into",
    "involving", "surrounding", "overlying", "beside", "along", "abutting"))
_PLACE_REACH = 3  # tokens looked back from the mass for the word that places calcifications
# A field line whose value negates its label ("Calcifications in the left breast: none",
# "Microcalcifications - none seen"): the value follows a label separator, and its negation
# reaches back over the whole label, the calcification or mass word with its side, place and
# descriptors ("Suspicious calcifications, upper outer quadrant: none"), not past the label
# ("with change from prior: none") nor into an earlier item of the line: in "Amorphous
# calcifications, associated mass: none" the label is "associated mass".
_FIELD_SEPARATORS = frozenset(hash_string(w) for w in (":", "-", "–", "—", "--"))
_LABEL_GLUE = frozenset(hash_string(w) for w in (
    "in", "of", "at", "within", "on", "the", "a", "breast", "breasts", "both", "either", "side",
    "sided", "region", "area", "seen", "present", "identified", "noted", "visualized",
    "visualised", "any", "suspicious", ",", "(", ")", "/", "-", "&", "and", "or"))
_LABEL_ITEM_BREAKS = frozenset({hash_string(",")})  # "mass/asymmetry: none" is one label
_LABEL_REACH = 16  # tokens: the longest label the value reaches back over


class ContextAnnotator(BatchedComponent):
    def __init__(self, nlp: Language, rules: list[ContextRule], source: str = ""):
        self.rules = rules
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = Matcher(nlp.vocab, validate=True)
        self.lexical = LexicalMatcher(nlp.vocab)
        self._rules_of: dict[int, list[ContextRule]] = {}
        literal_docs: dict[str, list] = {}
        for number, rule in enumerate(rules, start=1):
            match_id = f"context:{rule.pattern or rule.literal.lower()}"
            known = nlp.vocab.strings.add(match_id) in self._rules_of
            self._rules_of.setdefault(nlp.vocab.strings[match_id], []).append(rule)
            if rule.pattern is not None and not known:
                try:
                    if is_lexical(rule.pattern):
                        self.lexical.add(nlp.vocab.strings[match_id], list(rule.pattern))
                    else:
                        self.patterns.add(match_id, expand_alternatives(rule.pattern))
                except (MatchPatternError, ValueError) as exc:
                    raise RulesError(f"invalid token pattern: {exc}", file=source, row=number,
                                     column="pattern") from None
            elif rule.pattern is None and match_id not in literal_docs:
                literal_docs[match_id] = [nlp.make_doc(rule.literal)]
        for match_id, docs in literal_docs.items():
            self.phrases.add(match_id, docs)

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc.user_data.get(MENTIONS, [])
        targets = [(i, m) for i, m in enumerate(mentions) if m.label in TARGET_TYPES]
        assertions: dict[int, frozenset[str]] = {}
        doc.user_data[ASSERTIONS] = assertions
        doc.user_data[CLAUSE_BREAKS] = []
        tokens = doc.user_data.get(TOKENS)
        breaks = (statement_breaks(tokens.lowers, mentions, doc.user_data.get(SENTENCES) or [0])
                  if tokens is not None and targets else [])
        doc.user_data[STATEMENT_BREAKS] = breaks
        if not targets:
            return doc
        cues = self._cues(doc)
        if not cues:
            return doc
        sent_starts = doc.user_data.get(SENTENCES) or [0]
        fields = doc.user_data.get(FIELD_STARTS) or []
        n = len(doc)
        # "aside from the known biopsied cluster next to its clip, there are ...": the comma that
        # closes an aside ends a clause, as a "but" would
        terminators = sorted([(s, e) for s, e, rules in cues
                              if any(r.direction == "TERMINATE" for r in rules)]
                             + [(e - 1, e) for _s, e, rules in cues
                                if any(r.category == ASIDE for r in rules)])
        doc.user_data[CLAUSE_BREAKS] = [s for s, _e in terminators]
        # In a labelled block each line is its own statement ("Associated mass: None"), but
        # "Change from prior: Stable" speaks of the whole finding.
        # Stops sorted by start and by end, so each cue finds its own with a bisection (a long
        # run-on report has thousands of cues and targets in one sentence).
        # run-on dictation: a side word that opens a new statement stops a scope too
        stops_all = terminators + [(f, f) for f in fields] + [(b, b) for b in breaks]
        stop_starts = sorted(s for s, _e in stops_all)
        stop_ends = sorted(e for _s, e in stops_all)
        # history told in passing names sides of its own ("h/o lt DCIS presenting as calcs"):
        # only a clause break ends it
        past_starts = sorted(s for s, _e in terminators)
        past_ends = sorted(e for _s, e in terminators)
        field_list = sorted(fields)
        covered = None  # tokens inside a mention, for the labels of field lines
        found: dict[int, set[str]] = {}
        by_sentence: dict[int, list] = {}
        for i, m in targets:
            by_sentence.setdefault(bisect_right(sent_starts, m.start) - 1, []).append((i, m))
        starts_of = {k: [m.start for _i, m in v] for k, v in by_sentence.items()}
        longest = max(m.end - m.start for _i, m in targets)
        for start, end, rules in cues:
            opens_in = bisect_right(sent_starts, start) - 1
            # a cue over a sentence break (the ": No" of "Left breast:\nno suspicious masses,
            # calcifications") looks back in the sentence it starts in and on in the one it ends in
            closes_in = bisect_right(sent_starts, end - 1) - 1
            for rule in rules:
                if rule.direction in ("TERMINATE", "PSEUDO") or rule.category in _BOXES:
                    continue
                k = closes_in if rule.direction == "FORWARD" else opens_in
                in_sentence = by_sentence.get(k)
                if not in_sentence:
                    continue  # a cue modifies only targets of its own sentence
                target_starts = starts_of[k]
                sent_start = sent_starts[k]
                sent_end = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
                f = bisect_left(field_list, sent_start)
                in_block = f < len(field_list) and field_list[f] < sent_end
                temporal = rule.category in (_NEW, _HISTORICAL, _REFERENCE)
                if in_block and temporal:
                    stopped, scope = False, None
                elif rule.category == _NEW:  # "unchanged but increased": not cut by "but"
                    stopped, scope = False, rule.max_scope
                else:
                    stopped, scope = True, rule.max_scope
                scopes = []
                starts_, ends_ = ((past_starts, past_ends) if rule.category == _PAST
                                  else (stop_starts, stop_ends))
                if rule.direction in ("FORWARD", "BIDIRECTIONAL"):
                    stop = sent_end if scope is None else min(sent_end, end + scope)
                    if stopped:
                        j = bisect_left(starts_, end)
                        if j < len(starts_) and starts_[j] < stop:
                            stop = starts_[j]
                    scopes.append((end, stop))
                if rule.direction in ("BACKWARD", "BIDIRECTIONAL"):
                    go = sent_start if scope is None else max(sent_start, start - scope)
                    floor = sent_start
                    if stopped:
                        j = bisect_right(ends_, start) - 1
                        if j >= 0 and ends_[j] > floor:
                            floor = ends_[j]
                    if rule.category == _NEGATION and rule.direction == "BACKWARD" \
                            and tokens is not None and tokens.lowers[start] in _FIELD_SEPARATORS:
                        if covered is None:
                            covered = _covered(mentions, n)
                        go = _field_label_start(tokens, covered, in_sentence, target_starts,
                                                max(floor, go - _LABEL_REACH), go, start)
                    scopes.append((max(go, floor), start))
                lo = min(a for a, _b in scopes)
                hi = max(b for _a, b in scopes)
                first = bisect_left(target_starts, lo - longest)
                last = bisect_left(target_starts, hi)
                for i, m in in_sentence[first:last]:
                    kind = TARGET_TYPES[m.label]
                    if not rule.applies_to(kind):
                        continue
                    if not any(m.start < s_end and s_start < m.end for s_start, s_end in scopes):
                        continue
                    if kind == "DESCRIPTOR" and rule.category == _NEGATION:
                        a, b = min(end, m.end), max(start, m.start)
                        if any(t.label != "morphology" and TARGET_TYPES[t.label] != "DESCRIPTOR"
                               and a <= t.start < b
                               for _j, t in in_sentence[bisect_left(target_starts, a):
                                                        bisect_left(target_starts, b)]):
                            continue
                    if rule.category == _NEW and kind != "ASSOCIATED" and m.end <= start \
                            and tokens is not None and _changed_between(
                                in_sentence, target_starts, m.end, start, tokens.lowers):
                        continue
                    found.setdefault(i, set()).add(rule.category)
        if tokens is not None:
            text = raw_text(doc)
            _unselected_boxes(cues, tokens, text, targets, found)
            _negated_columns(tokens, text, targets, found)
        sides = [m for m in mentions if m.label == "laterality"]
        lowers = tokens.lowers if tokens is not None else ()
        blocks = _breast_blocks(doc.user_data.get(BREAST_HEADERS) or (), tokens)
        self._ruled_out_back(cues, terminators, sent_starts, targets, found, n, sides, lowers,
                             blocks)
        _status_after_semicolon(cues, terminators, sent_starts, targets, found, n, lowers)
        assertions.update((i, frozenset(c)) for i, c in found.items())
        return doc

    @staticmethod
    def _ruled_out_back(cues, terminators, sent_starts, targets, found, n, sides=(),
                        lowers=(), blocks=()) -> None:
        """A finding raised as a question and ruled out by this exam: "possible calcifications
        in the left breast; (on magnification views these are) not reproduced". A backward
        negation whose own clause names no calcification looks back past the ";" (or to the
        sentence before) to the last calcification named, if that one was only hedged or the
        reason for the exam."""
        heads = [(i, m) for i, m in targets if m.label == "calcification"]
        if not heads:
            return
        # a mass or asymmetry named before the cue: "a focal asymmetry ... without (associated)
        # calcifications" says what that one lacks, it rules out nothing raised before
        mass_starts = [m.start for _i, m in targets if m.label == "associated"]
        head_starts = [m.start for _i, m in heads]
        side_starts = [m.start for m in sides]  # mentions are sorted by start
        term_starts = [s for s, _e in terminators]
        term_ends = [e for _s, e in terminators]
        for start, _end, rules in cues:
            backward = any(r.category == _NEGATION and r.direction == "BACKWARD" for r in rules)
            forward = any(r.category == _NEGATION and r.direction == "FORWARD" for r in rules)
            if not (backward or forward):
                continue
            k = bisect_right(sent_starts, start) - 1
            j = bisect_right(term_ends, start) - 1
            clause = max(sent_starts[k], term_ends[j] if j >= 0 else 0)
            stop = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
            j = bisect_right(term_starts, start)
            if j < len(term_starts) and term_starts[j] < stop:
                stop = term_starts[j]
            h = bisect_left(head_starts, clause)
            opens = clause == sent_starts[k] or (
                0 < clause <= len(lowers) and lowers[clause - 1] == _SEMICOLON)
            if h < len(heads) and head_starts[h] < stop:
                # its own clause names calcifications: the ordinary scope decides, except that
                # a clause opening the sentence (or following its ";") with "(views) show no
                # calcifications" also rules out the calcifications only raised as a question
                # just before
                own = heads[h]
                if not (forward and opens and start < own[1].start
                        and _NEGATION in found.get(own[0], ())):
                    continue
                # "No other suspicious calcifications": the ones before are set apart, not denied
                if not _OTHERS.isdisjoint(lowers[start:own[1].start]):
                    continue
                q = bisect_left(mass_starts, clause)
                if q < len(mass_starts) and mass_starts[q] < start:
                    continue
            elif not backward:
                continue
            if h == 0:
                continue
            i, m = heads[h - 1]
            if m.end > clause:
                continue
            if not opens:
                floor = sent_starts[k]
            elif h < len(heads) and head_starts[h] < stop:
                # "No calcifications are seen." names what it rules out
                floor = sent_starts[max(k - _RULED_OUT_REACH, 0)]
            else:
                floor = sent_starts[max(k - 1, 0)]
            # "Possible grouped calcifications in the left breast. Right breast: no suspicious
            # abnormality.": the other breast is negative, the question stays open
            k_head = bisect_right(sent_starts, m.start) - 1
            head_end = sent_starts[k_head + 1] if k_head + 1 < len(sent_starts) else n
            head_sides = {s.key for s in sides[bisect_left(side_starts, sent_starts[k_head]):
                                                bisect_left(side_starts, head_end)]}
            cue_sides = {s.key for s in sides[bisect_left(side_starts, clause):
                                               bisect_left(side_starts, start)]}
            if head_sides and cue_sides and not head_sides & cue_sides:
                continue
            # "RIGHT BREAST / Findings: possible calcifications ... LEFT BREAST / Findings: no
            # calcifications": the other breast's block answers for that breast only
            head_block, cue_block = _block_side(blocks, m.start), _block_side(blocks, start)
            if head_block and cue_block and head_block != cue_block:
                continue
            categories = found.get(i, set())
            if m.start >= floor and categories & {"POSSIBLE_EXISTENCE", "INDICATION"}:
                categories.add(_NEGATION)
                found[i] = categories

    def _cues(self, doc: Doc) -> list[tuple[int, int, list[ContextRule]]]:
        matches = list(self.phrases(doc))
        if len(self.patterns):
            matches += self.patterns(doc)
        if len(self.lexical):
            matches += self.lexical(doc)
        matches.sort(key=lambda m: (m[1] - m[2], m[1]))
        taken: set[int] = set()
        cues: dict[tuple[int, int], list[ContextRule]] = {}
        for match_id, start, end in matches:
            span = (start, end)
            if span in cues:
                cues[span].extend(self._rules_of[match_id])
            elif taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                cues[span] = list(self._rules_of[match_id])
        return sorted((s, e, r) for (s, e), r in cues.items())


def _breast_blocks(headers, tokens) -> list[tuple[int, int, str]]:
    """The breast headers' blocks ("RIGHT BREAST:" and the lines under it) in tokens."""
    if not headers or tokens is None:
        return []
    starts = tokens.starts
    return [(bisect_left(starts, start), bisect_left(starts, end), side)
            for side, start, end in headers]


def _block_side(blocks, token: int) -> str | None:
    for start, end, side in blocks:
        if start <= token < end:
            return side
    return None


def _status_after_semicolon(cues, terminators, sent_starts, targets, found, n, lowers) -> None:
    """"Grouped punctate calcifications right 3:00; unchanged since 2019": a clause after a
    ";" that names nothing of its own and says only how things changed (or did not) says it of
    the calcifications of the clause before it."""
    if not lowers:
        return
    semicolons = [s for s, _e in terminators if s < len(lowers) and lowers[s] == _SEMICOLON]
    if not semicolons:
        return
    target_starts = [m.start for _i, m in targets]
    for start, _end, rules in cues:
        categories = {r.category for r in rules if r.category in _STATUS
                      and r.direction in ("BACKWARD", "BIDIRECTIONAL")}
        if not categories:
            continue
        k = bisect_right(semicolons, start) - 1
        if k < 0:
            continue
        semicolon = semicolons[k]
        sentence = bisect_right(sent_starts, start) - 1
        if semicolon < sent_starts[sentence]:
            continue
        stop = sent_starts[sentence + 1] if sentence + 1 < len(sent_starts) else n
        if k + 1 < len(semicolons) and semicolons[k + 1] < stop:
            stop = semicolons[k + 1]
        # the clause names nothing of its own, and opens with what it says ("; the apparent
        # increase reflects positioning" has a subject of its own)
        if bisect_left(target_starts, semicolon) != bisect_left(target_starts, stop) \
                or start - semicolon > _STATUS_REACH \
                or not _SUBJECTS.isdisjoint(lowers[semicolon + 1:start]):
            continue
        clause_start = max(sent_starts[sentence], semicolons[k - 1] + 1 if k > 0 else 0)
        for t in range(bisect_left(target_starts, clause_start),
                       bisect_left(target_starts, semicolon)):
            i, m = targets[t]
            if m.label == "calcification" or TARGET_TYPES[m.label] == "DESCRIPTOR":
                found.setdefault(i, set()).update(categories)


def _negated_columns(tokens, text: str, targets, found) -> None:
    """The words of a column header every cell under which says "none" are denied
    (`auditor/nlp/tables.py`)."""
    spans = negated_headers(text)
    if not spans:
        return
    starts = tokens.starts
    for i, m in targets:
        at = starts[m.start]
        if any(s <= at < e for s, e in spans):
            found.setdefault(i, set()).add(_NEGATION)


def _unselected_boxes(cues, tokens, text: str, targets, found) -> None:
    """Targets labelled by an unselected check box are absent ("[ ] calcifications",
    "Mass: [ ]"). On a line that ends with a box, each box follows its label ("Calcifications
    [x]  Mass [ ]"); otherwise each box comes before it ("[x] calcifications  [ ] mass")."""
    boxes = [(s, e, any(r.category == _UNSELECTED for r in rules)) for s, e, rules in cues
             if any(r.category in _BOXES for r in rules)]
    if not any(unselected for _s, _e, unselected in boxes):
        return
    starts, ends = tokens.starts, tokens.ends
    lines: dict[int, list[tuple[int, int, bool]]] = {}
    for box in boxes:
        lines.setdefault(text.rfind("\n", 0, starts[box[0]]) + 1, []).append(box)
    target_starts = [m.start for _i, m in targets]
    for line_start, on_line in lines.items():
        if not any(unselected for _s, _e, unselected in on_line):
            continue
        line_end = text.find("\n", ends[on_line[-1][1] - 1])
        line_end = len(text) if line_end < 0 else line_end
        first = bisect_left(starts, line_start)
        last = bisect_left(starts, line_end)
        trailing = not any(ch.isalnum() for ch in text[ends[on_line[-1][1] - 1]:line_end])
        for b, (s, e, unselected) in enumerate(on_line):
            if not unselected:
                continue
            if trailing:
                lo, hi = (on_line[b - 1][1] if b else first), s
            else:
                lo, hi = e, (on_line[b + 1][0] if b + 1 < len(on_line) else last)
            for i, _m in targets[bisect_left(target_starts, lo):bisect_left(target_starts, hi)]:
                found.setdefault(i, set()).add(_NEGATION)


@Language.factory("auditor_context", default_config={"rules_file": ""})
def make_context_annotator(nlp: Language, name: str, rules_file: str) -> ContextAnnotator:
    return ContextAnnotator(nlp, load_context_rules(Path(rules_file)), source=rules_file)


def _covered(mentions, n: int) -> bytearray:
    covered = bytearray(n)
    for m in mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    return covered


def _field_label_start(tokens, covered, in_sentence, target_starts, floor: int, go: int,
                       separator: int) -> int:
    """Where the label of a field line starts, for the negating value after its separator:
    back over mentions (calcification or mass words, sides, places, descriptors) and the words
    that join them, as long as the line's own clause goes; an earlier item of a list
    ("Amorphous calcifications, associated mass: none") is not part of the label once the
    label names a calcification or mass itself."""
    lowers = tokens.lowers
    first = bisect_left(target_starts, floor)
    heads = {m.start for _i, m in in_sentence[first:bisect_left(target_starts, separator)]
             if TARGET_TYPES[m.label] != "DESCRIPTOR"}
    named = False
    k = separator
    while k > floor:
        t = k - 1
        if lowers[t] in _LABEL_ITEM_BREAKS and not covered[t]:
            if named:
                return k  # an earlier item of the line, not this label
        elif not covered[t] and lowers[t] not in _LABEL_GLUE:
            break
        if t in heads:
            named = True
        k = t
    return min(k, go) if not named else k


def _changed_between(in_sentence, target_starts, lo: int, hi: int, lowers) -> bool:
    """A mass or asymmetry between the calcifications and the change told after them, not
    named as their place: the change is the mass's."""
    for _j, t in in_sentence[bisect_left(target_starts, lo):bisect_left(target_starts, hi)]:
        if TARGET_TYPES[t.label] != "ASSOCIATED" or t.end > hi:
            continue
        if not any(lowers[k] in _PLACE_WORDS for k in range(max(lo, t.start - _PLACE_REACH),
                                                            t.start)):
            return True
    return False
