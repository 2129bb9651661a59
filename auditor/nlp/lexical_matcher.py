"""A token-pattern matcher for patterns over the token's text alone, fast on short documents.

spaCy's Matcher starts every pattern at every token and runs REGEX/IN predicates in Python each
time: about 5 µs per pattern per 75-token report, even for patterns that never match. Our
patterns look only at a token's text (LOWER, SHAPE, LIKE_NUM, REGEX...), and a report repeats
few distinct words, so each token spec is decided once per distinct token text (by spaCy's own
Matcher on a one-token Doc, so the semantics are spaCy's) and cached as a bit mask. Matching is
then tried only where a pattern's first token matches.

Supported: token specs over `LEXICAL_ATTRS`, with operators "?", "*", "+" or none; for each
start, the longest match is returned. Patterns that need more (POS, DEP, "!", "{n,m}") are
refused by `is_lexical` and go to spaCy's Matcher.
"""

from __future__ import annotations

import json

from spacy.attrs import ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc

LEXICAL_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX",
                           "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
                           "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM",
                           "LIKE_URL", "LIKE_EMAIL", "IS_CURRENCY", "IS_QUOTE", "IS_BRACKET",
                           "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT"})
_OPS = (None, "?", "*", "+")
_CACHE_LIMIT = 500_000
_ORTHS = "auditor_orths"


def is_lexical(pattern) -> bool:
    return all(set(t) - {"OP"} <= LEXICAL_ATTRS and t.get("OP") in _OPS and set(t) - {"OP"}
               for t in pattern)


class LexicalMatcher:
    def __init__(self, vocab):
        self.vocab = vocab
        self._specs: dict[str, int] = {}  # token spec (JSON) -> bit
        self._spec_matcher = Matcher(vocab, validate=True)
        # (match id, [(bit, op)] per token, bits a first token can match)
        self._patterns: list[tuple[int, list[tuple[int, str | None]], int]] = []
        self._first_bits = 0
        self._cache: dict[int, int] = {}
        # a first token's mask -> the patterns that may start there (a report has few masks)
        self._candidates: dict[int, list[tuple[int, list, tuple[int, ...] | None]]] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, match_id: int, pattern: list[dict]) -> None:
        """Add one pattern (raises spaCy's MatchPatternError/ValueError if invalid)."""
        if not is_lexical(pattern):
            raise ValueError("not a lexical pattern")
        steps = []
        for token in pattern:
            spec = {k: v for k, v in token.items() if k != "OP"}
            key = json.dumps(spec, sort_keys=True)
            if key not in self._specs:
                self._spec_matcher.add(str(len(self._specs)), [[spec]])
                self._specs[key] = len(self._specs)
            steps.append((1 << self._specs[key], token.get("OP")))
        self._patterns.append((match_id, steps, _leading_bits(steps)))
        self._first_bits |= _leading_bits(steps)
        self._cache.clear()
        self._candidates.clear()

    def _masks(self, doc: Doc) -> list[int]:
        # the lexicon's and the context's matchers read the same Doc: its token texts once
        orths = doc.user_data.get(_ORTHS)
        if orths is None or len(orths) != len(doc):
            orths = doc.user_data[_ORTHS] = doc.to_array(ORTH).tolist()
        cache = self._cache
        masks = [cache.get(o, -1) for o in orths]
        if -1 in masks:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            strings = self.vocab.strings
            for orth in set(orths).difference(cache):
                mask = 0
                for m, _s, _e in self._spec_matcher(Doc(self.vocab, words=[strings[orth]])):
                    mask |= 1 << int(strings[m])
                cache[orth] = mask
            masks = [cache[o] for o in orths]
        return masks

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self._patterns or not len(doc):
            return []
        masks = self._masks(doc)
        first = self._first_bits
        n = len(masks)
        found = []
        candidates = self._candidates
        for start in [i for i, mask in enumerate(masks) if mask & first]:
            mask = masks[start]
            patterns = candidates.get(mask)
            if patterns is None:
                patterns = candidates[mask] = [
                    (match_id, steps, tuple(bit for bit, _op in steps)
                     if all(op is None for _bit, op in steps) else None)
                    for match_id, steps, leading in self._patterns if mask & leading]
            for match_id, steps, plain in patterns:
                if plain is not None:
                    # no operators (most patterns): one token per step, no backtracking
                    end = start + len(plain)
                    if end > n:
                        continue
                    t = start
                    for bit in plain:
                        if not masks[t] & bit:
                            break
                        t += 1
                    else:
                        found.append((match_id, start, end))
                    continue
                end = _longest(masks, start, steps, 0, n)
                if end is not None and end > start:
                    found.append((match_id, start, end))
        return found


def _leading_bits(steps) -> int:
    """The bits a first token can match: the first step's, and the next's if it is optional."""
    bits = 0
    for bit, op in steps:
        bits |= bit
        if op not in ("?", "*"):
            break
    return bits


def _longest(masks: list[int], i: int, steps, k: int, n: int) -> int | None:
    """End of the longest match of steps[k:] from token i, or None."""
    if k == len(steps):
        return i
    bit, op = steps[k]
    if op is None:
        return _longest(masks, i + 1, steps, k + 1, n) if i < n and masks[i] & bit else None
    if op == "?":
        best = _longest(masks, i + 1, steps, k + 1, n) if i < n and masks[i] & bit else None
        skip = _longest(masks, i, steps, k + 1, n)
        return skip if best is None else best if skip is None else max(best, skip)
    # "*" and "+": take as many as possible, then back off
    j = i
    while j < n and masks[j] & bit:
        j += 1
    lowest = i + 1 if op == "+" else i
    for stop in range(j, lowest - 1, -1):
        end = _longest(masks, stop, steps, k + 1, n)
        if end is not None:
            return end
    return None
