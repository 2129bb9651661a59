"""Which guideline procedure a row of a procedure extract is: by CPT/HCPCS code, else by name.

The tables are data under rules/procedures/ (named in the manifest's [procedures] table):

- `codes.csv`: `code, category, descriptor, breast_certain[, note]`. One row per CPT/HCPCS code,
  with its public descriptor; `breast_certain` is `no` for codes that are not breast-specific
  (PET, radiopharmaceutical localization, fine needle aspiration), so an auditor knows such a
  row may be another body part.
- `names.csv`: `pattern, category, example[, counter_example, note]`. Free-text names as real
  extracts carry them. `pattern` is a Python regular expression, searched case-insensitively in
  the upper-cased name; the FIRST matching row wins, so the file's order is part of the rule
  (guided procedures before the imaging that guides them, diagnostic before screening).
  `example` and `counter_example` hold one or more names separated by `;`: each example must
  be classified by the whole table into the row's category, and no counter-example may be.

Loading is all-or-nothing: a bad row raises a RulesError naming file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.errors import RulesError
from auditor.rulefiles import read_manifest, read_table, resolve_rules_dir

# The family of the two guideline mammography procedures: the audit picks one by timing.
MAMMOGRAPHY_FAMILY = "Mammography"
MAMMOGRAPHY_PROCEDURES = ("Mammography diagnostic", "Mammography short interval follow-up")

# category key -> (label as audit.md names it, guideline procedure family or None).
# The keys are the audit's vocabulary (rules R2-R8 are written over them), hence code, not data.
CATEGORIES: dict[str, tuple[str, str | None]] = {
    "diagnostic_mammogram": ("diagnostic mammogram", MAMMOGRAPHY_FAMILY),
    "dbt_addon": ("add-on of a diagnostic mammogram (tomosynthesis)", None),
    "us_breast": ("US breast", "US breast"),
    "mri_breast": ("MRI breast without and with contrast", "MRI breast without and with contrast"),
    "pet_breast": ("PET breast", "PET breast"),
    "sestamibi_breast": ("Tc-99m sestamibi scan breast", "Tc-99m sestamibi scan breast"),
    "core_biopsy_breast": ("core biopsy breast", "Core biopsy breast"),
    "fna_breast": ("fine needle aspiration breast", "Fine needle aspiration breast"),
    "localization": ("imaging localization for surgical excision",
                     "Imaging localization for surgical excision breast"),
    "screening_mammogram": ("screening mammogram (not in the guideline)", None),
    "mri_without_contrast": ("MRI breast without contrast (not in the guideline)", None),
    "excision": ("surgical excision (not in the guideline)", None),
    "other_breast": ("other breast procedure (not in the guideline)", None),
}

# Breast procedures that are not a mammogram: a report of one of them (an ultrasound, an MRI, a
# biopsy) does not show that a diagnostic mammogram was done.
NOT_MAMMOGRAM = frozenset({"us_breast", "mri_breast", "mri_without_contrast", "pet_breast",
                           "sestamibi_breast", "core_biopsy_breast", "fna_breast", "localization",
                           "excision", "other_breast"})

_YES_NO = {"yes": True, "no": False}
# CPT (5 digits, or 4 digits + F/T/U) or HCPCS level II (a letter + 4 digits).
_CODE_RE = re.compile(r"[A-Z]\d{4}|\d{4}[0-9FTU]")
_CODE_PREFIX_RE = re.compile(r"^(CPT|HCPCS)[\s:#-]*")
# What may follow a code: a float tail from a spreadsheet ("77065.0"), then modifiers
# ("-26", " LT", "RT", "-LT,TC"), two characters each.
_CODE_TAIL_RE = re.compile(r"(\.0+)?([\s,;:/-]*[A-Z0-9]{2})*[\s,;:/-]*")


@dataclass(frozen=True)
class ProcedureClass:
    """What a procedure row is. `source` says which column decided: 'code', 'name' or None."""

    category: str | None
    guideline_procedure_family: str | None
    descriptor: str | None
    source: str | None
    breast_certain: bool | None = None
    code: str | None = None  # the normalised code, as looked up


@dataclass(frozen=True)
class CodeEntry:
    code: str
    category: str
    descriptor: str
    breast_certain: bool
    note: str = ""


@dataclass(frozen=True)
class NamePattern:
    row: int
    pattern: re.Pattern
    category: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class ProcedureTable:
    codes: dict[str, CodeEntry]
    names: tuple[NamePattern, ...]
    codes_file: str = ""
    names_file: str = ""


UNKNOWN = ProcedureClass(None, None, None, None)


# --- classifying -------------------------------------------------------------------------------

def normalize_code(code: object) -> str | None:
    """'77065-LT', ' 77065 26', 'cpt 77065', 77065.0 -> '77065'; None/blank -> None.

    A value that does not start with a code shape comes back upper-cased, unchanged otherwise,
    so that the reason can quote it.
    """
    if code is None:
        return None
    text = str(code).strip().upper()
    if not text:
        return None
    text = _CODE_PREFIX_RE.sub("", text)
    match = _CODE_RE.match(text)
    if match and _CODE_TAIL_RE.fullmatch(text[match.end():]):
        return match.group(0)
    return text


def normalize_name(name: object) -> str:
    return " ".join(str(name).upper().split()) if name is not None else ""


def classify_name(name: object, table: ProcedureTable) -> NamePattern | None:
    text = normalize_name(name)
    if not text:
        return None
    for entry in table.names:
        if entry.pattern.search(text):
            return entry
    return None


def classify_procedure(code: object, name: object,
                       table: ProcedureTable | None = None) -> ProcedureClass:
    """Classify one row: a known code wins over the name; neither known -> category None."""
    table = table or load_procedure_table()
    normalised = normalize_code(code)
    entry = table.codes.get(normalised) if normalised else None
    if entry is not None:
        return ProcedureClass(entry.category, CATEGORIES[entry.category][1], entry.descriptor,
                              "code", entry.breast_certain, normalised)
    pattern = classify_name(name, table)
    if pattern is not None:
        return ProcedureClass(pattern.category, CATEGORIES[pattern.category][1],
                              CATEGORIES[pattern.category][0], "name", None, normalised)
    return ProcedureClass(None, None, None, None, None, normalised)


# --- loading -----------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _load_cached(rules_dir: Path) -> ProcedureTable:
    manifest = read_manifest(rules_dir)
    where = str(rules_dir / "manifest.toml")
    section = manifest.get("procedures")
    if not isinstance(section, dict):
        raise RulesError("section [procedures] is missing; it names the procedure code and name "
                         "tables", file=where)
    expected = {"codes", "names"}
    unknown = set(section) - expected
    if unknown:
        raise RulesError(f"unknown key(s) {sorted(unknown)} in [procedures]; allowed: "
                         f"{sorted(expected)}", file=where)
    missing = expected - set(section)
    if missing:
        raise RulesError(f"missing key(s) {sorted(missing)} in [procedures]", file=where)
    codes_path = rules_dir / section["codes"]
    names_path = rules_dir / section["names"]
    table = ProcedureTable(codes=_load_codes(codes_path), names=_load_names(names_path),
                           codes_file=str(codes_path), names_file=str(names_path))
    _check_examples(table, names_path)
    return table


def load_procedure_table(rules_dir: str | Path | None = None) -> ProcedureTable:
    """Load and validate the procedure code and name tables (default: the shipped rules)."""
    return _load_cached(resolve_rules_dir(rules_dir).resolve())


def _category(value: str, path: Path, row: int) -> str:
    if value not in CATEGORIES:
        raise RulesError(f"unknown category '{value}'; allowed: {list(CATEGORIES)}",
                         file=str(path), row=row, column="category")
    return value


def _load_codes(path: Path) -> dict[str, CodeEntry]:
    out: dict[str, CodeEntry] = {}
    for number, row in read_table(path, ("code", "category", "descriptor", "breast_certain"),
                                  ("note",)):
        code = row["code"].upper()
        if not _CODE_RE.fullmatch(code):
            raise RulesError(f"'{row['code']}' is not a CPT code (5 digits, or 4 digits and "
                             "F/T/U) or an HCPCS code (a letter and 4 digits)", file=str(path),
                             row=number, column="code")
        if code in out:
            raise RulesError(f"code {code} is listed twice", file=str(path), row=number,
                             column="code")
        category = _category(row["category"], path, number)
        if not row["descriptor"]:
            raise RulesError("descriptor is empty; give the public CPT/HCPCS descriptor",
                             file=str(path), row=number, column="descriptor")
        flag = row["breast_certain"].lower()
        if flag not in _YES_NO:
            raise RulesError(f"breast_certain '{row['breast_certain']}' must be yes or no",
                             file=str(path), row=number, column="breast_certain")
        out[code] = CodeEntry(code, category, row["descriptor"], _YES_NO[flag], row["note"])
    if not out:
        raise RulesError("no codes listed", file=str(path))
    return out


def _split_examples(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(";") if x.strip())


def _load_names(path: Path) -> tuple[NamePattern, ...]:
    out = []
    for number, row in read_table(path, ("pattern", "category", "example"),
                                  ("counter_example", "note")):
        if not row["pattern"]:
            raise RulesError("pattern is empty", file=str(path), row=number, column="pattern")
        try:
            pattern = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise RulesError(f"pattern is not a valid regular expression: {exc}",
                             file=str(path), row=number, column="pattern") from None
        category = _category(row["category"], path, number)
        examples = _split_examples(row["example"])
        if not examples:
            raise RulesError("every pattern needs an example name it must match",
                             file=str(path), row=number, column="example")
        out.append(NamePattern(number, pattern, category, examples,
                               _split_examples(row["counter_example"]), row["note"]))
    if not out:
        raise RulesError("no name patterns listed", file=str(path))
    return tuple(out)


def _check_examples(table: ProcedureTable, path: Path) -> None:
    """Each example is classified (first match wins) into its row's category; no
    counter-example is."""
    for entry in table.names:
        for example in entry.examples:
            if not entry.pattern.search(normalize_name(example)):
                raise RulesError(f"example '{example}' does not match the row's pattern",
                                 file=str(path), row=entry.row, column="example")
            hit = classify_name(example, table)
            if hit is None or hit.category != entry.category:
                raise RulesError(f"example '{example}' is taken by row {hit.row} "
                                 f"({hit.category}) before this row ({entry.category}); "
                                 "move this row up or narrow the earlier one",
                                 file=str(path), row=entry.row, column="example")
        for counter in entry.counter_examples:
            hit = classify_name(counter, table)
            if hit is not None and hit.category == entry.category:
                raise RulesError(f"counter-example '{counter}' is classified as "
                                 f"{entry.category} (by row {hit.row}), which it must not be",
                                 file=str(path), row=entry.row, column="counter_example")
