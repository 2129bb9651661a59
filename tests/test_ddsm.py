"""The variant mapper on real radiologists' labels: every CBIS-DDSM calcification lesion.

CBIS-DDSM (Lee et al., Sci Data 2017; TCIA doi:10.7937/K9/TCIA.2016.7O02S9CY), files in
../shared/realdata/cbis-ddsm (see SOURCE.md there). One lesion is one report with one group.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from auditor.ddsm import (
    DDSM_TOKENS,
    lesion_to_finding,
    load_ddsm_terms,
    map_lesion_rows,
    variant_distribution,
)
from auditor.errors import InputError, RulesError
from auditor.guideline import load_guideline
from auditor.models import VARIANT_REASONS
from auditor.variants import map_variant

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "cbis-ddsm"
LESIONS = REALDATA / "calc_lesions_dedup.csv"
VIEW_FILES = [REALDATA / "calc_case_description_train_set.csv",
              REALDATA / "calc_case_description_test_set.csv"]
RULES = Path(__file__).resolve().parents[1] / "rules"
GUIDELINE = load_guideline()
TERMS = load_ddsm_terms()

# Recorded in rules/ddsm/README.md with the command that produced it.
EXPECTED_DISTRIBUTION = {
    "1": 586, "2": 9, "3": 1, "4": 73, "7": 9, "8": 23, "9": 120, "10": 38, "11": 16, "12": 13,
    "diffuse_one_breast": 18, "distribution_not_stated": 79,
    "vascular_or_unspecified_benign": 60,
}


def _require(path: Path) -> Path:
    assert path.exists(), (f"CBIS-DDSM data not found at {path}: the shared folder must sit "
                           "next to the repository (../shared/realdata/cbis-ddsm)")
    return path


def _lesions() -> list[dict]:
    with _require(LESIONS).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def answer(calc_type, calc_distribution, side="LEFT"):
    d = map_variant([lesion_to_finding(calc_type, calc_distribution, side, TERMS)], GUIDELINE)
    return d.variant if d.variant is not None else d.reason


# --- the token table --------------------------------------------------------------------------

@pytest.mark.parametrize("token,key", [
    ("PLEOMORPHIC", "fine_pleomorphic"),
    ("AMORPHOUS", "amorphous"),
    ("PUNCTATE", "punctate"),
    ("FINE_LINEAR_BRANCHING", "fine_linear"),
    ("COARSE", "coarse"),  # not coarse heterogeneous
    ("ROUND_AND_REGULAR", "round"),
    ("LUCENT_CENTER", "rim"),
    ("LUCENT_CENTERED", "rim"),
    ("EGGSHELL", "rim"),
    ("VASCULAR", "vascular"),
    ("DYSTROPHIC", "dystrophic"),
    ("LARGE_RODLIKE", "large_rod_like"),
    ("SKIN", "skin"),
    ("MILK_OF_CALCIUM", "milk_of_calcium"),
    ("NA", None),
    ("N/A", None),
])
def test_ddsm_calc_type_token(token, key):
    assert TERMS.morphology[token] == key


@pytest.mark.parametrize("token,key", [
    ("CLUSTERED", "grouped"),
    ("LINEAR", "linear"),
    ("SEGMENTAL", "segmental"),
    ("REGIONAL", "regional"),
    ("DIFFUSELY_SCATTERED", "diffuse"),
    ("NA", None),
    ("N/A", None),
])
def test_ddsm_calc_distribution_token(token, key):
    assert TERMS.distribution[token] == key


def test_ddsm_table_maps_exactly_the_documented_tokens():
    assert sorted(TERMS.morphology) == sorted(DDSM_TOKENS["calc_type"])
    assert sorted(TERMS.distribution) == sorted(DDSM_TOKENS["calc_distribution"])


GOOD_ROWS = (RULES / "ddsm" / "ddsm_terms.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("edit,row,column,message", [
    (("calc_type,COARSE,coarse,", "calc_type,COARSE,coarse_het,"), 6, "key", "unknown key"),
    (("calc_distribution,CLUSTERED,grouped,", "calc_distribution,CLUSTERED,cluster,"), 18,
     "key", "unknown key"),
    (("calc_type,COARSE,coarse,", "calc_types,COARSE,coarse,"), 6, "field", "unknown field"),
    (("calc_type,COARSE,coarse,", "calc_type,COARSE,,"), 6, "key", "has no key"),
    (("calc_type,COARSE,coarse,", "calc_type,PUNCTATE,punctate,"), 6, "token", "twice"),
    (("calc_type,COARSE,coarse,", "calc_type,Coarse,coarse,"), 6, "token", "upper-case"),
    (("calc_type,COARSE,coarse,", "calc_type,COARSE-X,coarse,"), 6, "token", "upper-case"),
])
def test_ddsm_terms_errors_name_file_row_column(tmp_path, edit, row, column, message):
    (tmp_path / "ddsm").mkdir()
    assert edit[0] in GOOD_ROWS
    (tmp_path / "ddsm" / "ddsm_terms.csv").write_text(GOOD_ROWS.replace(edit[0], edit[1], 1),
                                                      encoding="utf-8")
    with pytest.raises(RulesError, match=message) as err:
        load_ddsm_terms(tmp_path)
    assert (err.value.row, err.value.column) == (row, column)
    assert err.value.file.endswith("ddsm_terms.csv")


def test_ddsm_terms_missing_token_is_an_error(tmp_path):
    (tmp_path / "ddsm").mkdir()
    lines = [x for x in GOOD_ROWS.splitlines() if not x.startswith("calc_type,EGGSHELL,")]
    (tmp_path / "ddsm" / "ddsm_terms.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RulesError, match=r"\['EGGSHELL'\] are not mapped"):
        load_ddsm_terms(tmp_path)


def test_ddsm_terms_unknown_column_is_an_error(tmp_path):
    (tmp_path / "ddsm").mkdir()
    (tmp_path / "ddsm" / "ddsm_terms.csv").write_text(
        GOOD_ROWS.replace("field,token,key,note", "field,token,key,comment"), encoding="utf-8")
    with pytest.raises(RulesError, match="unknown column"):
        load_ddsm_terms(tmp_path)


# --- one lesion -> one finding ----------------------------------------------------------------

@pytest.mark.parametrize("calc_type,calc_distribution,side,morphology,distribution,groups", [
    ("PLEOMORPHIC", "CLUSTERED", "LEFT", ("fine_pleomorphic",), "grouped", 1),
    ("PUNCTATE-PLEOMORPHIC", "CLUSTERED", "RIGHT", ("punctate", "fine_pleomorphic"), "grouped",
     1),
    ("AMORPHOUS", "CLUSTERED-LINEAR", "LEFT", ("amorphous",), "linear", None),
    ("PLEOMORPHIC", "LINEAR-SEGMENTAL", "LEFT", ("fine_pleomorphic",), "segmental", None),
    ("PLEOMORPHIC-PLEOMORPHIC", "REGIONAL-REGIONAL", "LEFT", ("fine_pleomorphic",), "regional",
     None),
    ("NA", "REGIONAL", "LEFT", ("unspecified",), "regional", None),
    ("LUCENT_CENTER", "NA", "RIGHT", ("rim",), None, None),
    ("N/A", "N/A", "RIGHT", ("unspecified",), None, None),
    (None, float("nan"), "RIGHT", ("unspecified",), None, None),  # pandas reads NA as NaN
])
def test_ddsm_lesion_to_finding(calc_type, calc_distribution, side, morphology, distribution,
                                groups):
    f = lesion_to_finding(calc_type, calc_distribution, side, TERMS)
    assert (f.morphology, f.distribution, f.group_count, f.laterality) == (
        morphology, distribution, groups, side.lower())
    assert f.counts and not f.hedged


def test_ddsm_views_that_disagree_are_one_hedged_finding():
    f = lesion_to_finding("AMORPHOUS || PLEOMORPHIC", "CLUSTERED || CLUSTERED", "LEFT", TERMS)
    assert (f.morphology, f.distribution, f.group_count, f.hedged) == (
        ("amorphous", "fine_pleomorphic"), "grouped", 1, True)
    same = lesion_to_finding("PUNCTATE || PUNCTATE", "CLUSTERED || CLUSTERED", "LEFT", TERMS)
    assert not same.hedged  # the views differ only in assessment or pathology


@pytest.mark.parametrize("calc_type,calc_distribution,side,message", [
    ("PLEOMORPHIC-FINE_PLEOMORPHIC", "CLUSTERED", "LEFT", "calc type token 'FINE_PLEOMORPHIC'"),
    ("PLEOMORPHIC", "GROUPED", "LEFT", "calc distribution token 'GROUPED'"),
    ("PLEOMORPHIC", "CLUSTERED", "BOTH", "side 'BOTH'"),
])
def test_ddsm_unknown_token_is_an_error(calc_type, calc_distribution, side, message):
    with pytest.raises(InputError, match=message):
        lesion_to_finding(calc_type, calc_distribution, side, TERMS)


# --- real combinations, mapped ----------------------------------------------------------------

@pytest.mark.parametrize("calc_type,calc_distribution,expected", [
    ("PLEOMORPHIC", "CLUSTERED", 1),
    ("PLEOMORPHIC", "SEGMENTAL", 1),
    ("FINE_LINEAR_BRANCHING", "LINEAR", 1),
    ("FINE_LINEAR_BRANCHING", "NA", 1),
    ("PUNCTATE-PLEOMORPHIC", "CLUSTERED", 1),
    ("PUNCTATE-PLEOMORPHIC", "NA", 1),
    ("COARSE-PLEOMORPHIC", "CLUSTERED", 1),
    ("PLEOMORPHIC", "DIFFUSELY_SCATTERED", 1),
    ("AMORPHOUS", "CLUSTERED", 4),
    ("PUNCTATE-AMORPHOUS", "CLUSTERED", 4),
    ("AMORPHOUS", "REGIONAL", 7),
    ("AMORPHOUS", "SEGMENTAL", 8),
    ("AMORPHOUS", "LINEAR", 8),
    ("PUNCTATE-AMORPHOUS", "CLUSTERED-LINEAR", 8),  # most suspicious distribution: linear
    ("AMORPHOUS", "CLUSTERED-LINEAR", 8),
    ("AMORPHOUS", "DIFFUSELY_SCATTERED", "diffuse_one_breast"),
    ("AMORPHOUS", "NA", "distribution_not_stated"),
    ("PUNCTATE", "CLUSTERED", 10),
    ("ROUND_AND_REGULAR", "CLUSTERED", 10),
    ("PUNCTATE", "REGIONAL", 11),
    ("LARGE_RODLIKE-ROUND_AND_REGULAR", "REGIONAL", 11),  # round outranks large rod-like
    ("PUNCTATE", "SEGMENTAL", 12),
    ("PUNCTATE", "NA", "distribution_not_stated"),
    ("ROUND_AND_REGULAR-LUCENT_CENTER", "NA", "distribution_not_stated"),
    ("ROUND_AND_REGULAR-LUCENT_CENTER-PUNCTATE", "DIFFUSELY_SCATTERED", "diffuse_one_breast"),
    ("LUCENT_CENTER", "NA", 9),
    ("EGGSHELL", "NA", 9),
    ("COARSE", "NA", 9),  # coarse is not coarse heterogeneous
    ("DYSTROPHIC", "CLUSTERED", 9),
    ("LARGE_RODLIKE", "SEGMENTAL", 9),
    ("VASCULAR-COARSE", "NA", 9),
    ("SKIN", "NA", 2),
    ("SKIN-PUNCTATE", "NA", 2),  # the skin location proves them benign
    ("SKIN-PUNCTATE-ROUND_AND_REGULAR", "NA", 2),
    ("MILK_OF_CALCIUM", "CLUSTERED", 3),
    ("VASCULAR", "NA", "vascular_or_unspecified_benign"),
    ("VASCULAR", "LINEAR", "vascular_or_unspecified_benign"),
    ("NA", "REGIONAL", "vascular_or_unspecified_benign"),
    ("NA", "CLUSTERED", "vascular_or_unspecified_benign"),
    # views disagree: one hedged finding, most suspicious morphology and distribution
    ("AMORPHOUS || PLEOMORPHIC", "CLUSTERED || CLUSTERED", 1),
    ("PUNCTATE || PUNCTATE", "CLUSTERED || SEGMENTAL", 12),
    ("VASCULAR || SKIN", "NA || NA", 2),
    ("PUNCTATE || VASCULAR", "NA || NA", "distribution_not_stated"),
])
def test_ddsm_real_combination(calc_type, calc_distribution, expected):
    assert answer(calc_type, calc_distribution) == expected


# --- every real lesion ------------------------------------------------------------------------

def test_ddsm_every_view_row_uses_known_tokens():
    for path in VIEW_FILES:
        with _require(path).open(newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                for field, column in (("calc_type", "calc type"),
                                      ("calc_distribution", "calc distribution")):
                    for token in row[column].split("-"):
                        assert token in DDSM_TOKENS[field], (path.name, line, column, token)


def test_ddsm_every_lesion_gets_a_variant_or_a_fixed_reason():
    rows = _lesions()
    assert len(rows) == 1045
    counts: Counter[str] = Counter()
    for row, _finding, d in map_lesion_rows(rows, GUIDELINE, TERMS):
        assert (d.variant is None) != (d.reason is None), row
        if d.variant is not None:
            assert 1 <= d.variant <= 18
            assert d.laterality == row["side"].lower()
        else:
            assert d.reason in VARIANT_REASONS and d.laterality is None
            # a lesion is a finding: the reason is never about absence
            assert d.reason not in ("no_calcifications", "negated_only",
                                    "stable_or_known_benign")
        counts[str(d.variant) if d.variant is not None else d.reason] += 1
    print("\nCBIS-DDSM lesions by variant or reason:", dict(sorted(counts.items())))
    assert dict(counts) == EXPECTED_DISTRIBUTION


def test_ddsm_variant_distribution_matches_the_readme():
    assert variant_distribution(_require(LESIONS)) == EXPECTED_DISTRIBUTION
    readme = (RULES / "ddsm" / "README.md").read_text(encoding="utf-8")
    for label, n in EXPECTED_DISTRIBUTION.items():
        assert f"| {label} | {n} |" in readme, label


def test_ddsm_bad_lesion_row_names_its_line():
    rows = [{"calc_type": "PLEOMORPHIC", "calc_distribution": "CLUSTERED", "side": "LEFT"},
            {"calc_type": "HEXAGONAL", "calc_distribution": "CLUSTERED", "side": "LEFT"}]
    with pytest.raises(InputError) as err:
        list(map_lesion_rows(rows, GUIDELINE, TERMS))
    assert err.value.row == 3 and "HEXAGONAL" in str(err.value)
