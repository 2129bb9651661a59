"""The ACR guideline as validated data: variants, procedures, the 162 ratings and their conditions.

A transcription error here is a clinical error in every audit, so loading is all-or-nothing: any
unknown key, rating outside 1-9, missing or duplicate cell, unknown procedure or variant, or
malformed condition raises a RulesError naming the file, the row and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.errors import RulesError
from auditor.models import DISTRIBUTIONS, MORPHOLOGIES
from auditor.rulefiles import read_manifest, read_table, resolve_rules_dir, rules_fingerprint

RRL_VALUES = ("O", "☢", "☢☢", "☢☢☢", "☢☢☢☢", "☢☢☢☢☢", "NS")
GROUP_RULES = ("any", "one", "multiple_one_breast", "bilateral")
# Facts the audit knows about an episode when it evaluates a condition.
CONDITION_FACTS = (
    "workup_done",
    "associated_mass_or_asymmetry",
    "extensive_distribution",
    "further_evaluation_needed",
)


def rating_category(rating: int | None) -> str | None:
    """The guideline's rating scale: 1-3 usually not, 4-6 may be, 7-9 usually appropriate."""
    if rating is None:
        return None
    if rating >= 7:
        return "usually_appropriate"
    if rating >= 4:
        return "may_be_appropriate"
    return "usually_not_appropriate"


@dataclass(frozen=True)
class Variant:
    number: int
    title: str
    morphologies: tuple[str, ...]
    distributions: tuple[str, ...]  # ("any",) or distribution keys
    groups: str  # one of GROUP_RULES


@dataclass(frozen=True)
class Condition:
    """A guideline comment made machine-readable: facts joined with and/or and parentheses."""

    name: str
    expression: str
    meaning: str

    def evaluate(self, facts: dict[str, bool | None]) -> bool | None:
        """True/False, or None when a fact it needs is unknown (three-valued logic)."""
        return _evaluate(_parse(self.expression), facts)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(t for t in _tokens(self.expression) if t not in ("and", "or", "(", ")"))


@dataclass(frozen=True)
class Rating:
    variant: int
    procedure: str
    rating: int
    rrl: str
    comment: str
    condition: Condition | None

    @property
    def category(self) -> str:
        return rating_category(self.rating)


@dataclass(frozen=True)
class Guideline:
    version: str
    fingerprint: str
    title: str
    source: str
    variants: dict[int, Variant]
    procedures: tuple[str, ...]
    ratings: dict[tuple[int, str], Rating]
    conditions: dict[str, Condition]

    def rating(self, variant: int, procedure: str) -> Rating:
        return self.ratings[(variant, procedure)]

    def rows(self, variant: int | None = None) -> list[dict]:
        """The ratings table in force, as `auditor rules show` prints it."""
        out = []
        for number in sorted(self.variants):
            if variant is not None and number != variant:
                continue
            for procedure in self.procedures:
                r = self.ratings[(number, procedure)]
                out.append({"variant": number, "title": self.variants[number].title,
                            "procedure": procedure, "rating": r.rating, "rrl": r.rrl,
                            "comment": r.comment})
        return out


# --- loading ---------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _load_cached(rules_dir: Path) -> Guideline:
    manifest = read_manifest(rules_dir)
    where = str(rules_dir / "manifest.toml")
    version = manifest.get("version")
    if not isinstance(version, str) or not version:
        raise RulesError("key 'version' must be a non-empty string", file=where)
    section = manifest.get("guideline")
    if not isinstance(section, dict):
        raise RulesError("section [guideline] is missing", file=where)
    expected = {"title", "source", "rating_scale", "variants", "procedures", "ratings",
                "conditions"}
    unknown = set(section) - expected
    if unknown:
        raise RulesError(f"unknown key(s) {sorted(unknown)} in [guideline]; allowed: "
                         f"{sorted(expected)}", file=where)
    missing = expected - set(section)
    if missing:
        raise RulesError(f"missing key(s) {sorted(missing)} in [guideline]", file=where)

    procedures = _load_procedures(rules_dir / section["procedures"])
    conditions = _load_conditions(rules_dir / section["conditions"])
    variants = _load_variants(rules_dir / section["variants"])
    ratings = _load_ratings(rules_dir / section["ratings"], variants, procedures, conditions)
    return Guideline(version=version, fingerprint=rules_fingerprint(rules_dir),
                     title=section["title"], source=section["source"], variants=variants,
                     procedures=procedures, ratings=ratings, conditions=conditions)


def load_guideline(rules_dir: str | Path | None = None) -> Guideline:
    """Load and validate the guideline from `rules_dir` (default: the shipped rules)."""
    return _load_cached(resolve_rules_dir(rules_dir).resolve())


def _load_procedures(path: Path) -> tuple[str, ...]:
    rows = []
    seen = set()
    for number, row in read_table(path, ("procedure", "order", "radiation")):
        name = row["procedure"]
        if not name:
            raise RulesError("procedure name is empty", file=str(path), row=number,
                             column="procedure")
        if name in seen:
            raise RulesError(f"procedure '{name}' is listed twice", file=str(path), row=number,
                             column="procedure")
        seen.add(name)
        rows.append((_int(row["order"], path, number, "order"), name))
    if len(rows) != 9:
        raise RulesError(f"expected the guideline's 9 procedures, found {len(rows)}",
                         file=str(path))
    return tuple(name for _, name in sorted(rows))


def _load_conditions(path: Path) -> dict[str, Condition]:
    out: dict[str, Condition] = {}
    for number, row in read_table(path, ("condition", "expression", "meaning")):
        name = row["condition"]
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise RulesError(f"condition name '{name}' must be lower_snake_case",
                             file=str(path), row=number, column="condition")
        if name in out:
            raise RulesError(f"condition '{name}' is defined twice", file=str(path),
                             row=number, column="condition")
        try:
            _parse(row["expression"])
        except ValueError as exc:
            raise RulesError(f"malformed condition '{row['expression']}': {exc}. Facts allowed: "
                             f"{list(CONDITION_FACTS)}, joined with and/or and parentheses",
                             file=str(path), row=number, column="expression") from None
        out[name] = Condition(name, row["expression"], row["meaning"])
    return out


def _load_variants(path: Path) -> dict[int, Variant]:
    out: dict[int, Variant] = {}
    for number, row in read_table(path, ("variant", "title", "morphology", "distribution",
                                         "groups")):
        v = _int(row["variant"], path, number, "variant")
        if not 1 <= v <= 18:
            raise RulesError(f"variant {v} is not one of the guideline's 1-18", file=str(path),
                             row=number, column="variant")
        if v in out:
            raise RulesError(f"variant {v} is listed twice", file=str(path), row=number,
                             column="variant")
        morphs = tuple(row["morphology"].split("|"))
        bad = [m for m in morphs if m not in MORPHOLOGIES]
        if bad:
            raise RulesError(f"unknown morphology key(s) {bad}; allowed: {list(MORPHOLOGIES)}",
                             file=str(path), row=number, column="morphology")
        dists = tuple(row["distribution"].split("|"))
        if dists != ("any",) and any(d not in DISTRIBUTIONS for d in dists):
            raise RulesError(f"distribution '{row['distribution']}' must be 'any' or keys from "
                             f"{list(DISTRIBUTIONS)} joined with '|'", file=str(path),
                             row=number, column="distribution")
        if row["groups"] not in GROUP_RULES:
            raise RulesError(f"groups '{row['groups']}' must be one of {list(GROUP_RULES)}",
                             file=str(path), row=number, column="groups")
        if not row["title"]:
            raise RulesError("title is empty", file=str(path), row=number, column="title")
        out[v] = Variant(v, row["title"], morphs, dists, row["groups"])
    missing = sorted(set(range(1, 19)) - set(out))
    if missing:
        raise RulesError(f"variant(s) {missing} are missing; the guideline has 1-18",
                         file=str(path))
    return out


def _load_ratings(path: Path, variants: dict[int, Variant], procedures: tuple[str, ...],
                  conditions: dict[str, Condition]) -> dict[tuple[int, str], Rating]:
    out: dict[tuple[int, str], Rating] = {}
    for number, row in read_table(path, ("variant", "procedure", "rating", "rrl"),
                                  ("comment", "condition")):
        v = _int(row["variant"], path, number, "variant")
        if v not in variants:
            raise RulesError(f"unknown variant {v}; expected 1-18", file=str(path), row=number,
                             column="variant")
        proc = row["procedure"]
        if proc not in procedures:
            raise RulesError(f"unknown procedure '{proc}'; expected one of {list(procedures)}",
                             file=str(path), row=number, column="procedure")
        rating = _int(row["rating"], path, number, "rating")
        if not 1 <= rating <= 9:
            raise RulesError(f"rating {rating} is outside the guideline's scale 1-9",
                             file=str(path), row=number, column="rating")
        rrl = row["rrl"].replace(" ", "")
        if rrl not in RRL_VALUES:
            raise RulesError(f"RRL '{row['rrl']}' must be one of {list(RRL_VALUES)}",
                             file=str(path), row=number, column="rrl")
        cond_name = row["condition"]
        if cond_name and cond_name not in conditions:
            raise RulesError(f"unknown condition '{cond_name}'; defined: {sorted(conditions)}",
                             file=str(path), row=number, column="condition")
        if bool(cond_name) != bool(row["comment"]):
            raise RulesError("a comment and its machine-readable condition go together: give "
                             "both or neither", file=str(path), row=number, column="condition")
        key = (v, proc)
        if key in out:
            raise RulesError(f"duplicate cell: variant {v}, '{proc}' is rated twice",
                             file=str(path), row=number)
        out[key] = Rating(v, proc, rating, rrl, row["comment"],
                          conditions[cond_name] if cond_name else None)
    missing = [(v, p) for v in sorted(variants) for p in procedures if (v, p) not in out]
    if missing:
        shown = ", ".join(f"variant {v} '{p}'" for v, p in missing[:5])
        raise RulesError(f"{len(missing)} cell(s) missing, e.g. {shown}; every variant rates "
                         "all 9 procedures", file=str(path))
    return out


def _int(value: str, path: Path, row: int, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise RulesError(f"'{value}' is not a whole number", file=str(path), row=row,
                         column=column) from None


# --- the condition mini-language: facts, and, or, parentheses ---------------------------------

def _tokens(expression: str) -> list[str]:
    return re.findall(r"\(|\)|[A-Za-z_][A-Za-z0-9_]*|\S", expression)


def _parse(expression: str):
    tokens = _tokens(expression)
    if not tokens:
        raise ValueError("empty expression")
    tree, pos = _parse_or(tokens, 0)
    if pos != len(tokens):
        raise ValueError(f"unexpected '{tokens[pos]}'")
    return tree


def _parse_or(tokens, pos):
    left, pos = _parse_and(tokens, pos)
    while pos < len(tokens) and tokens[pos] == "or":
        right, pos = _parse_and(tokens, pos + 1)
        left = ("or", left, right)
    return left, pos


def _parse_and(tokens, pos):
    left, pos = _parse_atom(tokens, pos)
    while pos < len(tokens) and tokens[pos] == "and":
        right, pos = _parse_atom(tokens, pos + 1)
        left = ("and", left, right)
    return left, pos


def _parse_atom(tokens, pos):
    if pos >= len(tokens):
        raise ValueError("expression ends too early")
    token = tokens[pos]
    if token == "(":
        tree, pos = _parse_or(tokens, pos + 1)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise ValueError("missing ')'")
        return tree, pos + 1
    if token in CONDITION_FACTS:
        return ("fact", token), pos + 1
    raise ValueError(f"unknown fact '{token}'")


def _evaluate(tree, facts):
    kind = tree[0]
    if kind == "fact":
        return facts.get(tree[1])
    left, right = _evaluate(tree[1], facts), _evaluate(tree[2], facts)
    if kind == "and":
        if left is False or right is False:
            return False
        return None if left is None or right is None else True
    if left is True or right is True:
        return True
    return None if left is None or right is None else False
