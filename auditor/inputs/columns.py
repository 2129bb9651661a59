"""Which columns a report or procedure file must have, and how real extracts rename them.

A column map goes from our canonical name to the name in the user's file (`report_text` ->
`RPT_TXT`). It comes from repeatable `--map report_text=RPT_TXT` options or from a settings file:

    [columns]
    report_text = "RPT_TXT"
    exam_date = "Exam Date"

Header matching ignores case, surrounding whitespace, and treats runs of spaces and underscores
alike, so `Patient ID`, ` patient_id ` and `PATIENT_ID` all find `patient_id`. When a mapped name
is absent from a file the canonical name itself is tried, so one map can serve both the report and
the procedure file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError, SettingsError


@dataclass(frozen=True)
class ColumnSpec:
    """The columns of one kind of input file."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # At least one of these must be present (procedures: cpt_code and/or procedure_name).
    one_of: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.one_of + self.optional


REPORT_COLUMNS = ColumnSpec(
    kind="report",
    required=("accession", "patient_id", "exam_date", "report_text"),
    optional=("exam_type",),
)
PROCEDURE_COLUMNS = ColumnSpec(
    kind="procedure",
    required=("patient_id", "procedure_date"),
    one_of=("cpt_code", "procedure_name"),
    optional=("accession", "laterality", "ordering_provider", "site"),
)
CANONICAL_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(REPORT_COLUMNS.all + PROCEDURE_COLUMNS.all))

_SEPARATORS = re.compile(r"[\s_]+")


def normalize_header(name: object) -> str:
    """The form headers are compared in: case-folded, trimmed, spaces and underscores as one `_`."""
    text = "" if name is None else str(name)
    return _SEPARATORS.sub("_", text.replace("\ufeff", "").strip().casefold()).strip("_")


def parse_column_map(pairs: Iterable[str]) -> dict[str, str]:
    """Read `--map CANONICAL=SOURCE` options into {canonical: source}."""
    items = []
    for pair in pairs:
        canonical, sep, source = str(pair).partition("=")
        if not sep or not canonical.strip() or not source.strip():
            raise SettingsError(f"--map {pair!r}: expected CANONICAL=SOURCE, for example "
                                f"report_text=RPT_TXT", column="--map")
        items.append((canonical, source))
    return _validated(items, where="--map", file=None)


def load_column_map(path: str | Path) -> dict[str, str]:
    """Read the `[columns]` table of a TOML settings file into {canonical: source}.

    Other tables in the file belong to other settings and are left alone; a file without
    `[columns]` maps nothing.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            settings = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError("settings file not found", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"not valid TOML: {exc}", file=str(path)) from None
    except UnicodeDecodeError:
        raise SettingsError("not valid TOML: the file is not UTF-8 text", file=str(path)) from None
    table = settings.get("columns", {})
    if not isinstance(table, dict):
        raise SettingsError("'columns' must be a table: [columns] then report_text = \"RPT_TXT\"",
                            file=str(path), column="columns")
    for canonical, source in table.items():
        if not isinstance(source, str) or not source.strip():
            raise SettingsError(f"the source column for '{canonical}' must be a non-empty string, "
                                f"got {source!r}", file=str(path), column=f"columns.{canonical}")
    return _validated(list(table.items()), where="[columns]", file=str(path))


def _validated(items: list[tuple[str, str]], *, where: str, file: str | None) -> dict[str, str]:
    column_map: dict[str, str] = {}
    for canonical, source in items:
        key = normalize_header(canonical)
        if key not in CANONICAL_COLUMNS:
            raise SettingsError(f"{where}: unknown column '{canonical.strip()}'; allowed: "
                                f"{', '.join(CANONICAL_COLUMNS)}", file=file, column=canonical)
        source = source.strip()
        if key in column_map and column_map[key] != source:
            raise SettingsError(f"{where}: '{key}' is mapped twice ('{column_map[key]}' and "
                                f"'{source}')", file=file, column=key)
        column_map[key] = source
    return column_map


@dataclass(frozen=True)
class ResolvedColumns:
    """Where each canonical column sits in one file's header."""

    positions: dict[str, int]  # canonical -> index in the header
    names: dict[str, str]  # canonical -> the header as written in the file
    width: int = 0  # cells in the header row


def resolve_columns(header: Sequence[object], spec: ColumnSpec,
                    column_map: Mapping[str, str] | None, file: str) -> ResolvedColumns:
    """Find the spec's columns in a header; InputError naming what is missing and what was found."""
    column_map = column_map or {}
    where: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        key = normalize_header(name)
        if key:
            where.setdefault(key, []).append(index)

    positions: dict[str, int] = {}
    for canonical in spec.all:
        candidates = [column_map[canonical]] if canonical in column_map else []
        for candidate in [*candidates, canonical]:
            found = where.get(normalize_header(candidate))
            if not found:
                continue
            if len(found) > 1:
                written = ", ".join(repr(str(header[i]).strip()) for i in found)
                raise InputError(f"the {spec.kind} file has {len(found)} columns that read as "
                                 f"'{candidate}' ({written}); rename or map all but one",
                                 file=file, column=candidate)
            positions[canonical] = found[0]
            break

    missing = [_describe(name, column_map) for name in spec.required if name not in positions]
    if spec.one_of and not any(name in positions for name in spec.one_of):
        missing.append("at least one of " + " or ".join(_describe(n, column_map)
                                                         for n in spec.one_of))
    if missing:
        shown = [str(name).strip() for name in header if normalize_header(name)]
        if any(len(n) > 64 for n in shown):
            # Long cells are data, not headers: never echo what may be report text.
            listing = "the first row holds long text, so it does not look like a header"
        else:
            listing = ", ".join(repr(n[:30]) for n in shown[:20]) + (
                ", ..." if len(shown) > 20 else "")
        raise InputError(f"{spec.kind} file is missing column(s): {'; '.join(missing)}. "
                         f"Columns found: {listing or 'none'}. Rename them with "
                         f"--map CANONICAL=SOURCE or a [columns] settings table", file=file)
    return ResolvedColumns(positions, {c: str(header[i]).strip() for c, i in positions.items()},
                           width=len(header))


def _describe(canonical: str, column_map: Mapping[str, str]) -> str:
    if canonical in column_map:
        return f"{canonical} (mapped to '{column_map[canonical]}')"
    return canonical
