"""The ratings in rules/ against the guideline text (double entry), and the loader's errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from auditor.errors import RulesError
from auditor.guideline import load_guideline, rating_category

GUIDELINE_TXT = (Path(__file__).resolve().parents[2] / "shared" / "acr"
                 / "breast-microcalcifications-initial-workup.txt")
RULES = Path(__file__).resolve().parents[1] / "rules"


def _parse_guideline_text() -> dict[tuple[int, str], tuple[int, str]]:
    """Read every (variant, procedure) -> (rating, RRL) straight from the guideline's text.

    Independent of rules/: it walks the text line by line, so a typo in ratings.csv shows up as
    a disagreement with what the ACR published.
    """
    assert GUIDELINE_TXT.exists(), f"guideline text not found at {GUIDELINE_TXT}"
    text = GUIDELINE_TXT.read_text(encoding="utf-8")
    # Procedure names wrap onto two lines for the localization row; join them first.
    text = text.replace("Imaging localization for surgical excision \nbreast",
                        "Imaging localization for surgical excision breast")
    names = ["Mammography diagnostic", "Mammography short interval follow-up", "US breast",
             "MRI breast without and with contrast", "PET breast", "Tc-99m sestamibi scan breast",
             "Core biopsy breast", "Fine needle aspiration breast",
             "Imaging localization for surgical excision breast"]
    cells: dict[tuple[int, str], tuple[int, str]] = {}
    variant = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"Variant (\d+):", line)
        if m:
            variant = int(m.group(1))
            continue
        if variant is None or "Summary of Literature Review" in line:
            if "Summary of Literature Review" in line:
                break
            continue
        for name in names:
            m = re.match(re.escape(name) + r" (\d)\b(.*)$", line.strip())
            if not m:
                continue
            rest = m.group(2)
            rrl = rest.replace(" ", "").replace("\u00a0", "")
            # Comments push the RRL onto a later line ("O" alone, or the ☢ at the end).
            rrl = "".join(ch for ch in rrl if ch == "☢") or None
            j = i + 1
            while rrl is None and j < len(lines):
                candidate = lines[j].strip()
                if candidate in ("O", "NS"):
                    rrl = candidate
                elif candidate.endswith("☢") or candidate.endswith("☢ "):
                    rrl = "".join(ch for ch in candidate if ch == "☢")
                j += 1
            if rest.strip() in ("NS", "O"):
                rrl = rest.strip()
            cells[(variant, name)] = (int(m.group(1)), rrl)
    return cells


def test_every_rating_and_rrl_matches_the_guideline_text():
    published = _parse_guideline_text()
    assert len(published) == 162
    guideline = load_guideline()
    disagreements = [
        (key, published[key], (guideline.ratings[key].rating, guideline.ratings[key].rrl))
        for key in published
        if published[key] != (guideline.ratings[key].rating, guideline.ratings[key].rrl)
    ]
    assert disagreements == []
    assert set(published) == set(guideline.ratings)


def test_variant_titles_are_the_guidelines_words():
    text = GUIDELINE_TXT.read_text(encoding="utf-8")
    titles = dict((int(n), t.strip()) for n, t in re.findall(r"Variant (\d+): (.+)", text))
    guideline = load_guideline()
    assert {n: v.title for n, v in guideline.variants.items()} == titles


def test_comments_are_quoted_from_the_guideline():
    flat = re.sub(r"\s+", " ", GUIDELINE_TXT.read_text(encoding="utf-8"))
    for rating in load_guideline().ratings.values():
        if rating.comment:
            assert rating.comment in flat, rating


@pytest.mark.parametrize("rating,category", [
    (1, "usually_not_appropriate"), (3, "usually_not_appropriate"), (4, "may_be_appropriate"),
    (6, "may_be_appropriate"), (7, "usually_appropriate"), (9, "usually_appropriate"),
])
def test_rating_category_follows_the_scale(rating, category):
    assert rating_category(rating) == category


@pytest.mark.parametrize("facts,expected", [
    ({"workup_done": True, "associated_mass_or_asymmetry": True,
      "extensive_distribution": False}, True),
    ({"workup_done": True, "associated_mass_or_asymmetry": False,
      "extensive_distribution": True}, True),
    ({"workup_done": False, "associated_mass_or_asymmetry": True,
      "extensive_distribution": True}, False),
    ({"workup_done": True, "associated_mass_or_asymmetry": False,
      "extensive_distribution": False}, False),
    ({"workup_done": True, "associated_mass_or_asymmetry": None,
      "extensive_distribution": False}, None),
])
def test_ultrasound_condition_is_machine_readable(facts, expected):
    us = load_guideline().rating(8, "US breast")
    assert us.rating == 4
    assert us.condition.evaluate(facts) is expected


# --- a rules file with a typo fails with a message a clinician can act on -------------------

@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.mark.parametrize("file,old,new,expected", [
    ("guideline/ratings.csv", "4,Mammography diagnostic,9", "4,Mammography diagnostic,10",
     r"ratings\.csv, row 29, column 'rating'.*outside the guideline's scale 1-9"),
    ("guideline/ratings.csv", "4,Mammography diagnostic,9", "4,Mammography diagnostc,9",
     r"row 29, column 'procedure'.*unknown procedure 'Mammography diagnostc'"),
    ("guideline/ratings.csv", "4,Mammography diagnostic,9", "19,Mammography diagnostic,9",
     r"row 29, column 'variant'.*unknown variant 19"),
    ("guideline/ratings.csv", "4,Mammography diagnostic,9,☢☢", "4,Mammography diagnostic,9,☢x",
     r"row 29, column 'rrl'"),
    ("guideline/ratings.csv", "4,Mammography diagnostic,9", "4,US breast,9",
     r"row 30.*duplicate cell: variant 4, 'US breast'"),
    ("guideline/ratings.csv", "variant,procedure,rating", "variant,procedure,ratng",
     r"row 1.*unknown column\(s\) \['ratng'\]"),
    ("guideline/ratings.csv", "after_workup_with_mass_or_asymmetry",
     "after_workup_with_mass_or_asymetry", r"column 'condition'.*unknown condition"),
    ("guideline/conditions.csv", "workup_done and associated_mass_or_asymmetry,",
     "workup_done and (associated_mass_or_asymmetry,", r"conditions\.csv, row 2.*missing '\)'"),
    ("guideline/conditions.csv", "workup_done and associated_mass_or_asymmetry,",
     "workup_done and mass_seen,", r"unknown fact 'mass_seen'"),
    ("guideline/variants.csv", "4,\"Amorphous, single cluster.\",amorphous",
     "4,\"Amorphous, single cluster.\",amorphus", r"variants\.csv, row 5.*'morphology'"),
    ("manifest.toml", "version = ", "versoin = ", r"'version' must be a non-empty string"),
])
def test_a_typo_in_the_rules_is_named_with_file_row_and_column(rules_copy, file, old, new,
                                                                 expected):
    _edit(rules_copy / file, old, new)
    with pytest.raises(RulesError, match=expected):
        load_guideline(rules_copy)


def test_a_missing_cell_is_an_error_not_a_partial_load(rules_copy):
    path = rules_copy / "guideline" / "ratings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("17,PET breast")),
                    encoding="utf-8")
    with pytest.raises(RulesError, match=r"1 cell\(s\) missing, e.g. variant 17 'PET breast'"):
        load_guideline(rules_copy)
