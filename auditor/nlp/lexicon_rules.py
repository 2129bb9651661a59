"""The lexicon tables of rules/lexicon/: one CSV per mention label (the file name is the label).

Columns: `key,term,pattern,example[,counter_example]`. A row has either a `term` (a phrase
matched on lower-case tokens; spellings with spaces, hyphens or nothing between its words are all
matched, so "rod-like", "rod like" and "rodlike" need one row) or a `pattern` (a spaCy
token-Matcher pattern as JSON), never both, and always an `example` sentence that the row must
match; a `counter_example`, when given, must not give the row's label and key (both checked by
`check_examples` and the test suite).

A file `<label>.shorthand.csv` holds abbreviations that are ordinary words elsewhere ("rd",
"diff", "seg", "CH"): its rows give a mention only beside a calcification word or another
descriptor (auditor/nlp/shorthand.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import RulesError
from auditor.models import BIRADS_VALUES, DISTRIBUTIONS, LATERALITIES, MORPHOLOGIES
from auditor.rulefiles import read_table

COLUMNS = ("key", "term", "pattern", "example", "counter_example")
SHORTHAND_SUFFIX = ".shorthand"

# The keys each label may carry: the rest of the NLP stage gives them meaning.
ALLOWED_KEYS: dict[str, tuple[str, ...]] = {
    "calcification": ("calcification",),
    "morphology": MORPHOLOGIES,
    "distribution": DISTRIBUTIONS,
    "count": ("1", "2", "3", "4", "5", "another"),
    # contralateral/ipsilateral: relative to the treated breast, resolved in lexicon.py
    "laterality": (*LATERALITIES, "contralateral", "ipsilateral"),
    "location": ("clock", "quadrant", "depth", "nipple_distance"),
    "size": ("size",),
    "associated": ("mass", "asymmetry"),
    "trap": ("breast_density", "skin_thickening", "clip", "hematoma", "mass_margin", "mass_shape",
             "edema", "other_finding", "skin_location"),
    "birads": BIRADS_VALUES,
}


@dataclass(frozen=True)
class LexiconEntry:
    label: str
    key: str
    term: str | None
    pattern: tuple[dict, ...] | None
    example: str
    file: str
    row: int
    counter_example: str = ""
    shorthand: bool = False   # counts only beside a calcification word or descriptor

    def phrases(self) -> tuple[str, ...]:
        """The term and its space/hyphen/joined spellings ("fine linear", "fine-linear",
        "fat-containing center"...): each gap between words may be any of the three."""
        if self.term is None:
            return ()
        words = self.term.replace("-", " ").split()
        if len(words) == 1 or len(words) > 5:
            return (self.term,)
        spellings = [words[0]]
        for word in words[1:]:
            spellings = [s + gap + word for s in spellings for gap in (" ", "-", "")]
        return tuple(dict.fromkeys([self.term, *spellings]))


def load_lexicon(paths: tuple[Path, ...] | list[Path]) -> list[LexiconEntry]:
    entries: list[LexiconEntry] = []
    for path in paths:
        label, shorthand = label_of(path)
        if label not in ALLOWED_KEYS:
            raise RulesError(f"unknown lexicon label '{label}' (the file name is the label); "
                             f"allowed: {sorted(ALLOWED_KEYS)}", file=str(path))
        for row_number, row in read_table(path, ("key", "example"),
                                          ("term", "pattern", "counter_example")):
            entries.append(_entry(path, label, row_number, row, shorthand))
    return entries


def label_of(path: Path) -> tuple[str, bool]:
    """'morphology.csv' -> ('morphology', False); 'morphology.shorthand.csv' -> (.., True)."""
    stem = path.stem
    if stem.endswith(SHORTHAND_SUFFIX):
        return stem[:-len(SHORTHAND_SUFFIX)], True
    return stem, False


def _entry(path: Path, label: str, row_number: int, row: dict[str, str],
           shorthand: bool = False) -> LexiconEntry:
    where = {"file": str(path), "row": row_number}
    key = row["key"]
    if key not in ALLOWED_KEYS[label]:
        raise RulesError(f"unknown {label} key '{key}'; allowed: {list(ALLOWED_KEYS[label])}",
                         column="key", **where)
    term, pattern_text = row["term"], row["pattern"]
    if bool(term) == bool(pattern_text):
        raise RulesError("give exactly one of 'term' and 'pattern'", column="term", **where)
    if not row["example"]:
        raise RulesError("every row needs an example sentence it matches", column="example",
                         **where)
    pattern = None
    if pattern_text:
        try:
            pattern = json.loads(pattern_text)
        except json.JSONDecodeError as exc:
            raise RulesError(f"pattern is not valid JSON: {exc}", column="pattern",
                             **where) from None
        if (not isinstance(pattern, list) or not pattern
                or not all(isinstance(t, dict) and t for t in pattern)):
            raise RulesError("pattern must be a non-empty JSON list of token objects, e.g. "
                             '[{"LOWER": "grouped"}]', column="pattern", **where)
        pattern = tuple(pattern)
    return LexiconEntry(label=label, key=key, term=term or None, pattern=pattern,
                        example=row["example"], file=str(path), row=row_number,
                        counter_example=row["counter_example"], shorthand=shorthand)


# The Matcher starts every pattern at every token and runs a Python predicate ("IN", "REGEX") for
# each start; exact values and flags (LIKE_NUM) are checked in C. So a first token with "IN" is
# split into one pattern per value; "IN" further on only runs after the first token matched.
def expand_alternatives(pattern: list[dict] | tuple[dict, ...]) -> list[list[dict]]:
    """[{"LOWER": {"IN": ["a", "b"]}}, *rest] -> [{"LOWER": "a"}, *rest], [{"LOWER": "b"}, ...]."""
    first, rest = dict(pattern[0]), list(pattern[1:])
    options = [first]
    for attr, value in first.items():
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            options = [{**o, attr: v} for o in options for v in value["IN"]]
    return [[o, *rest] for o in options]
