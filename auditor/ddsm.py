"""CBIS-DDSM lesion codes -> Finding, so the variant mapper can run on real radiologists' labels.

CBIS-DDSM (Lee et al., Sci Data 2017; TCIA doi:10.7937/K9/TCIA.2016.7O02S9CY) describes each
calcification lesion with DDSM lexicon codes, older than BI-RADS 5th edition: `calc type` and
`calc distribution`, several tokens joined with '-'. The token -> key table is data
(rules/ddsm/ddsm_terms.csv); what is decided here:

* several morphology tokens are co-present descriptors of one lesion, so the finding carries
  them all and the mapper decides by the most suspicious (variant-mapping.md step 1);
* several distribution tokens (CLUSTERED-LINEAR, LINEAR-SEGMENTAL) give the most suspicious one,
  in the mapper's order segmental > linear > grouped > regional > diffuse: CLUSTERED-LINEAR with
  AMORPHOUS is variant 8, not 4;
* `calc_lesions_dedup.csv` joins the labels of a lesion's CC and MLO views with ' || ' when they
  disagree. One lesion is one group, so the readings are merged into one *hedged* finding (the
  union of morphologies, the most suspicious distribution) rather than counted as two groups;
* NA and N/A (and an empty or missing cell) mean not given: no morphology is `unspecified`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from auditor.errors import InputError, RulesError
from auditor.guideline import Guideline, load_guideline
from auditor.models import DISTRIBUTIONS, MORPHOLOGIES, Finding, VariantDecision
from auditor.rulefiles import read_table, resolve_rules_dir
from auditor.variants import map_variant, most_suspicious_distribution

TERMS_FILE = Path("ddsm") / "ddsm_terms.csv"
# Every token the CBIS-DDSM calcification files use (realdata/cbis-ddsm/SOURCE.md).
DDSM_TOKENS = {
    "calc_type": ("PLEOMORPHIC", "AMORPHOUS", "PUNCTATE", "FINE_LINEAR_BRANCHING", "COARSE",
                  "ROUND_AND_REGULAR", "LUCENT_CENTER", "LUCENT_CENTERED", "EGGSHELL", "VASCULAR",
                  "DYSTROPHIC", "LARGE_RODLIKE", "SKIN", "MILK_OF_CALCIUM", "NA", "N/A"),
    "calc_distribution": ("CLUSTERED", "LINEAR", "SEGMENTAL", "REGIONAL", "DIFFUSELY_SCATTERED",
                          "NA", "N/A"),
}
NOT_GIVEN = ("NA", "N/A")
_KEYS = {"calc_type": MORPHOLOGIES, "calc_distribution": DISTRIBUTIONS}
_SIDES = {"LEFT": "left", "RIGHT": "right", "BILATERAL": "bilateral"}


@dataclass(frozen=True)
class DdsmTerms:
    """token -> canonical key (None: not given), per DDSM field."""

    morphology: dict[str, str | None]
    distribution: dict[str, str | None]
    source: str = ""


def load_ddsm_terms(rules_dir: str | Path | None = None) -> DdsmTerms:
    """Load and validate rules/ddsm/ddsm_terms.csv (default: the shipped rules)."""
    return _load_cached(resolve_rules_dir(rules_dir).resolve() / TERMS_FILE)


@lru_cache(maxsize=4)
def _load_cached(path: Path) -> DdsmTerms:
    where = str(path)
    table: dict[str, dict[str, str | None]] = {field: {} for field in DDSM_TOKENS}
    for number, row in read_table(path, ("field", "token", "key"), ("note",)):
        field, token, key = row["field"], row["token"], row["key"]
        if field not in DDSM_TOKENS:
            raise RulesError(f"unknown field '{field}'; allowed: {list(DDSM_TOKENS)}",
                             file=where, row=number, column="field")
        if not re.fullmatch(r"[A-Z][A-Z_/]*", token):
            raise RulesError(f"token '{token}' must be an upper-case DDSM code without '-' "
                             "(the files join several codes with '-')", file=where, row=number,
                             column="token")
        if token in table[field]:
            raise RulesError(f"{field} token '{token}' is listed twice", file=where, row=number,
                             column="token")
        if not key:
            if token not in NOT_GIVEN:
                raise RulesError(f"{field} token '{token}' has no key; only {list(NOT_GIVEN)} "
                                 "mean 'not given'", file=where, row=number, column="key")
            table[field][token] = None
            continue
        if key not in _KEYS[field]:
            raise RulesError(f"unknown key '{key}' for {field}; allowed: {list(_KEYS[field])}",
                             file=where, row=number, column="key")
        table[field][token] = key
    for field, tokens in DDSM_TOKENS.items():
        missing = [t for t in tokens if t not in table[field]]
        if missing:
            raise RulesError(f"{field} token(s) {missing} are not mapped; every CBIS-DDSM "
                             "token needs a row", file=where)
    return DdsmTerms(table["calc_type"], table["calc_distribution"], where)


def lesion_to_finding(calc_type: str | None, calc_distribution: str | None, side: str,
                      terms: DdsmTerms) -> Finding:
    """One CBIS-DDSM lesion as one counting finding (one group when clustered)."""
    type_readings = _readings(calc_type)
    dist_readings = _readings(calc_distribution)
    morphology: list[str] = []
    for reading in type_readings:
        for token in reading:
            key = _key(token, terms.morphology, "calc type", calc_type)
            if key and key not in morphology:
                morphology.append(key)
    distributions = [_key(token, terms.distribution, "calc distribution", calc_distribution)
                     for reading in dist_readings for token in reading]
    distribution = most_suspicious_distribution(distributions)
    laterality = _SIDES.get(str(side).strip().upper())
    if laterality is None:
        raise InputError(f"side '{side}' must be LEFT or RIGHT")
    # The dedup file joins whole label sets, so reading i of each column belongs together.
    if len(type_readings) == len(dist_readings):
        hedged = len(set(zip(type_readings, dist_readings, strict=True))) > 1
    else:
        hedged = True
    return Finding(
        morphology=tuple(morphology) or ("unspecified",),
        distribution=distribution,
        group_count=1 if distribution == "grouped" else None,
        laterality=laterality,
        hedged=hedged,
    )


def _readings(value: str | None) -> list[tuple[str, ...]]:
    """'A-B || C' -> [('A', 'B'), ('C',)]; missing (None, NaN, '') -> [('NA',)]."""
    if value is None or value != value or not str(value).strip():
        return [("NA",)]
    return [tuple(t.strip() for t in reading.split("-")) for reading in str(value).split("||")]


def _key(token: str, table: dict[str, str | None], name: str, whole) -> str | None:
    if token not in table:
        raise InputError(f"unknown DDSM {name} token '{token}' in '{whole}'; known: "
                         f"{list(table)}")
    return table[token]


def map_lesion_rows(rows: Iterable[dict], guideline: Guideline, terms: DdsmTerms
                    ) -> Iterator[tuple[dict, Finding, VariantDecision]]:
    """Yield (row, finding, decision) for rows of calc_lesions_dedup.csv: one lesion, one report.

    A row needs `calc_type`, `calc_distribution` and `side`; a row that cannot be read raises an
    InputError naming its line (the header is line 1).
    """
    for line, row in enumerate(rows, start=2):
        try:
            finding = lesion_to_finding(row["calc_type"], row["calc_distribution"], row["side"],
                                        terms)
        except InputError as exc:
            raise InputError(exc.message, file=exc.file, row=line) from None
        yield row, finding, map_variant([finding], guideline)


def variant_distribution(path: str | Path, rules_dir: str | Path | None = None) -> dict[str, int]:
    """How many lesions of a calc_lesions_dedup.csv file get each variant or reason."""
    counts: Counter[str] = Counter()
    with open(path, newline="", encoding="utf-8") as fh:
        for _, _, d in map_lesion_rows(csv.DictReader(fh), load_guideline(rules_dir),
                                       load_ddsm_terms(rules_dir)):
            counts[str(d.variant) if d.variant is not None else d.reason] += 1
    return dict(sorted(counts.items(), key=lambda kv: (not kv[0].isdigit(),
                                                       int(kv[0]) if kv[0].isdigit() else 0,
                                                       kv[0])))


# python -m auditor.ddsm ../shared/realdata/cbis-ddsm/calc_lesions_dedup.csv
if __name__ == "__main__":
    import sys

    for label, n in variant_distribution(sys.argv[1]).items():
        print(f"{label:32} {n:5}")
