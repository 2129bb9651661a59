"""Where the NLP rule files are: the `[nlp]` table of rules/manifest.toml.

The pipeline is built from these paths only, so a user's own rules folder (with its own manifest)
replaces every term, cue and header at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from auditor.errors import RulesError
from auditor.rulefiles import read_manifest, resolve_rules_dir

_KEYS = ("version", "lexicon", "context", "sections", "breast_headers")


@dataclass(frozen=True)
class NlpRuleFiles:
    version: str
    lexicon: tuple[Path, ...]
    context: Path
    sections: Path
    breast_headers: Path


def nlp_rule_files(rules_dir: str | Path | None = None) -> NlpRuleFiles:
    """Read the `[nlp]` table of the manifest and check that every file it names exists."""
    root = resolve_rules_dir(rules_dir)
    manifest = root / "manifest.toml"
    table = read_manifest(root).get("nlp")
    if not isinstance(table, dict):
        raise RulesError("has no [nlp] table naming the lexicon, context and section files",
                         file=str(manifest))
    unknown = sorted(set(table) - set(_KEYS))
    missing = [k for k in _KEYS if k not in table]
    if unknown or missing:
        raise RulesError(f"[nlp] unknown key(s) {unknown}, missing key(s) {missing}; "
                         f"allowed: {list(_KEYS)}", file=str(manifest))
    lexicon = table["lexicon"]
    if not isinstance(lexicon, list) or not lexicon or not all(isinstance(p, str) for p in lexicon):
        raise RulesError("[nlp] lexicon must be a non-empty list of file paths", file=str(manifest),
                         column="lexicon")

    def existing(relative: str, key: str) -> Path:
        if not isinstance(relative, str):
            raise RulesError("must be a file path", file=str(manifest), column=key)
        path = root / relative
        if not path.is_file():
            raise RulesError(f"[nlp] {key} file not found: {relative}", file=str(manifest),
                             column=key)
        return path

    return NlpRuleFiles(
        version=str(table["version"]),
        lexicon=tuple(existing(p, "lexicon") for p in lexicon),
        context=existing(table["context"], "context"),
        sections=existing(table["sections"], "sections"),
        breast_headers=existing(table["breast_headers"], "breast_headers"),
    )
