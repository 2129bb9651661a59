"""Rule files: every lexicon row matches its example; bad rows fail naming file, row, column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.errors import RulesError
from auditor.nlp import build_pipeline
from auditor.nlp.context_rules import ContextRule, load_context_rules
from auditor.nlp.lexicon import check_examples
from auditor.nlp.lexicon_rules import load_lexicon
from auditor.nlp.rule_files import nlp_rule_files
from auditor.rulefiles import default_rules_dir

RULES = default_rules_dir()


def test_rules_every_lexicon_example_matches_its_key(nlp):
    assert check_examples(nlp) == []


def test_rules_lexicon_covers_every_morphology_and_distribution():
    from auditor.models import DISTRIBUTIONS, MORPHOLOGIES

    entries = load_lexicon(nlp_rule_files().lexicon)
    keys = {(e.label, e.key) for e in entries}
    missing = [m for m in MORPHOLOGIES if ("morphology", m) not in keys and m != "unspecified"]
    assert missing == []
    assert [d for d in DISTRIBUTIONS if ("distribution", d) not in keys] == []


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


LEXICON_ERRORS = [
    ("key,term,pattern,example\nnot_a_key,amorphous,,Amorphous calcifications.\n", 2, "key"),
    ("key,term,pattern,example\namorphous,amorphous,,\n", 2, "example"),
    ("key,term,pattern,example\namorphous,,,Amorphous calcifications.\n", 2, "term"),
    ('key,term,pattern,example\namorphous,amorphous,"[{""LOWER"": ""x""}]",Amorphous.\n', 2,
     "term"),
    ("key,term,pattern,example\namorphous,,[not json,Amorphous.\n", 2, "pattern"),
    ('key,term,pattern,example\namorphous,,"{""LOWER"": ""x""}",Amorphous.\n', 2, "pattern"),
    ('key,term,pattern,example\namorphous,,"[{""LOWR"": ""x"", ""OP"": ""!""}]",Amorphous.\n',
     2, "pattern"),
    ("key,term,example,colour\namorphous,amorphous,Amorphous.,red\n", 1, None),
]


@pytest.mark.parametrize("content, row, column", LEXICON_ERRORS)
def test_rules_lexicon_errors_name_file_row_column(rules_copy, content, row, column):
    _write(rules_copy / "lexicon" / "morphology.csv", content)
    with pytest.raises(RulesError) as error:
        build_pipeline(rules_copy)
    assert error.value.file.endswith("morphology.csv")
    assert error.value.row == row
    assert error.value.column == column


CONTEXT_ERRORS = [
    ({"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE",
                         "direction": "SIDEWAYS"}]}, 1, "direction"),
    ({"context_rules": [{"literal": "", "category": "NEGATED_EXISTENCE"}]}, 1, "literal"),
    ({"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE"},
                        {"literal": "no", "categry": "NEGATED_EXISTENCE"}]}, 2, "categry"),
    ({"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE",
                         "max_scope": 0}]}, 1, "max_scope"),
    ({"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE",
                         "pattern": "no"}]}, 1, "pattern"),
    ({"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE",
                         "pattern": [{"LOWER": {"REGX": "no"}}]}]}, 1, "pattern"),
]


@pytest.mark.parametrize("content, row, column", CONTEXT_ERRORS)
def test_rules_context_errors_name_file_row_column(rules_copy, content, row, column):
    _write(rules_copy / "context" / "context_rules.json", json.dumps(content))
    with pytest.raises(RulesError) as error:
        build_pipeline(rules_copy)
    assert error.value.file.endswith("context_rules.json")
    assert error.value.row == row
    assert error.value.column == column


@pytest.mark.parametrize("content", ["{not json", '{"rules": []}', "[]"])
def test_rules_context_file_shape(tmp_path, content):
    path = tmp_path / "context_rules.json"
    _write(path, content)
    with pytest.raises(RulesError) as error:
        load_context_rules(path)
    assert error.value.file == str(path)


def test_rules_context_medspacy_shape_round_trips(tmp_path):
    """A medspaCy context_rules file (with its extra keys) loads; to_dict gives it back."""
    medspacy = {"context_rules": [
        {"literal": "no evidence of", "category": "NEGATED_EXISTENCE", "direction": "FORWARD",
         "pattern": None, "max_scope": None, "allowed_types": ["CALCIFICATION"],
         "metadata": {"source": "pyConText"}},
        {"literal": "is ruled out", "category": "NEGATED_EXISTENCE", "direction": "BACKWARD",
         "pattern": [{"LOWER": "is"}, {"LOWER": "ruled"}, {"LOWER": "out"}], "max_scope": 5},
        {"literal": "but", "category": "TERMINATE", "direction": "TERMINATE"},
    ]}
    path = tmp_path / "context_rules.json"
    _write(path, json.dumps(medspacy))
    rules = load_context_rules(path)
    assert [r.direction for r in rules] == ["FORWARD", "BACKWARD", "TERMINATE"]
    assert rules[1].to_dict()["pattern"] == medspacy["context_rules"][1]["pattern"]
    assert ContextRule.from_dict(rules[0].to_dict()) == rules[0]


def test_rules_users_bring_their_own_context_cues(rules_copy, extractor):
    text = "Grouped amorphous calcifications, right breast, ruled out on magnification."
    assert extractor.extract(text).findings[0].counts
    _write(rules_copy / "context" / "context_rules.json", json.dumps({"context_rules": [
        {"literal": "ruled out on magnification", "category": "NEGATED_EXISTENCE",
         "direction": "BACKWARD"}]}))
    from auditor.nlp import Extractor

    [finding] = Extractor(rules_copy).extract(text).findings
    assert finding.negated


def test_rules_manifest_needs_an_nlp_table(rules_copy):
    manifest = rules_copy / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    _write(manifest, text[:text.index("[nlp]")])
    with pytest.raises(RulesError) as error:
        build_pipeline(rules_copy)
    assert "[nlp]" in str(error.value)


def test_rules_section_header_errors(rules_copy):
    _write(rules_copy / "sections" / "sections.csv",
           "key,header,example\nfindings,findings,FINDINGS:\nsummary_of,summary,SUMMARY:\n")
    with pytest.raises(RulesError) as error:
        build_pipeline(rules_copy)
    assert (error.value.row, error.value.column) == (3, "key")
