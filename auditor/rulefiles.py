"""Finding and reading the rule files under rules/, with schema checks.

Every rule table is a CSV file a clinician can open and a reviewer can diff. `read_table` checks
the header against the columns the caller allows and hands back rows with their spreadsheet row
number, so that every later error can name file, row and column.
"""

from __future__ import annotations

import csv
import hashlib
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from auditor.errors import RulesError


def default_rules_dir() -> Path:
    """The rules shipped with the package (auditor/rules links to the top-level rules/)."""
    return Path(str(resources.files("auditor").joinpath("rules")))


def resolve_rules_dir(rules_dir: str | Path | None) -> Path:
    path = Path(rules_dir) if rules_dir is not None else default_rules_dir()
    if not path.is_dir():
        raise RulesError(f"rules folder not found: {path}")
    return path


def read_manifest(rules_dir: Path) -> dict:
    path = rules_dir / "manifest.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RulesError("manifest.toml is missing; it names the rule files and their version",
                         file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"not valid TOML: {exc}", file=str(path)) from None


def read_table(path: Path, required: tuple[str, ...],
               optional: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) for each data row; row 1 is the header.

    Unknown and missing columns are errors naming the allowed ones; cells are stripped.
    """
    try:
        fh = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise RulesError("rule file is missing", file=str(path)) from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise RulesError("file is empty; expected a header row", file=str(path)) from None
        except UnicodeDecodeError as exc:
            raise RulesError(f"not UTF-8 text: {exc}", file=str(path)) from None
        allowed = required + optional
        unknown = [h for h in header if h not in allowed]
        if unknown:
            raise RulesError(f"unknown column(s) {unknown}; allowed: {list(allowed)}",
                             file=str(path), row=1)
        missing = [h for h in required if h not in header]
        if missing:
            raise RulesError(f"missing column(s) {missing}; required: {list(required)}",
                             file=str(path), row=1)
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise RulesError(f"has {len(cells)} cells, the header has {len(header)}",
                                 file=str(path), row=number)
            row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            for h in optional:
                row.setdefault(h, "")
            yield number, row


def rules_fingerprint(rules_dir: Path) -> str:
    """SHA-256 over every rule file, so an output can say exactly which rules it used."""
    digest = hashlib.sha256()
    for path in sorted(p for p in rules_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(rules_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
