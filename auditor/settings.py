"""The audit's numbers as a small TOML settings file, checked before any work starts.

    [audit]
    diagnostic_window_days = 90        # Mammography diagnostic up to this day
    short_interval_window_days = 270   # Mammography short interval follow-up up to this day
    link_window_days = 365             # a procedure links to an index exam at most this late
    extensive_extent_mm = 50           # a stated extent this large is an extensive distribution
    underuse_window_days = 90          # U1/U2 look this many days after the index exam
    underuse_rules = ["U1", "U2"]      # [] turns the under-use check off

The same keys may also stand at the top of the file. A `[columns]` table belongs to the input
readers and is left to them; any other key is an error naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

from auditor.errors import SettingsError
from auditor.models import UNDERUSE_RULES, AuditSettings

# Tables of the settings file that other stages own.
OTHER_SECTIONS = ("columns",)
_INT_KEYS = ("diagnostic_window_days", "short_interval_window_days", "link_window_days",
             "underuse_window_days")
_KEYS = tuple(f.name for f in fields(AuditSettings))


def load_settings(path: str | Path) -> AuditSettings:
    """Read `path` into AuditSettings (defaults for keys it leaves out)."""
    where = str(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError("settings file not found", file=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"not valid TOML: {exc}", file=where) from None

    values: dict = {}
    for key, value in data.items():
        if key == "audit":
            if not isinstance(value, dict):
                raise SettingsError("'audit' must be a table: [audit]", file=where,
                                    column="audit")
            for sub, subvalue in value.items():
                _take(values, sub, subvalue, where, f"audit.{sub}")
        elif key in OTHER_SECTIONS:
            continue
        else:
            _take(values, key, value, where, key)
    return check_settings(AuditSettings(**values), file=where)


def _take(values: dict, key: str, value, where: str, shown: str) -> None:
    if key not in _KEYS:
        raise SettingsError(f"unknown key '{shown}'; allowed: {list(_KEYS)} (in [audit] or at "
                            f"the top), and the tables {list(OTHER_SECTIONS)}", file=where,
                            column=shown)
    if key in values:
        raise SettingsError(f"key '{key}' is given twice (at the top and in [audit])",
                            file=where, column=shown)
    values[key] = _convert(key, value, where, shown)


def _convert(key: str, value, where: str, shown: str):
    if key in _INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"'{shown}' must be a whole number of days, 0 or more; got "
                                f"{value!r}", file=where, column=shown)
        return value
    if key == "extensive_extent_mm":
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise SettingsError(f"'{shown}' must be a number of millimetres above 0; got "
                                f"{value!r}", file=where, column=shown)
        return float(value)
    if key == "underuse_rules":
        if not isinstance(value, list) or any(v not in UNDERUSE_RULES for v in value):
            raise SettingsError(f"'{shown}' must be a list drawn from {list(UNDERUSE_RULES)} "
                                f"([] turns under-use off); got {value!r}", file=where,
                                column=shown)
        return tuple(dict.fromkeys(value))
    raise AssertionError(key)  # every AuditSettings field is handled above


def check_settings(settings: AuditSettings, file: str | None = None) -> AuditSettings:
    """Cross-field checks, also applied to settings built in code or from the command line."""
    if settings.diagnostic_window_days > settings.short_interval_window_days:
        raise SettingsError(
            f"diagnostic_window_days ({settings.diagnostic_window_days}) must not exceed "
            f"short_interval_window_days ({settings.short_interval_window_days})", file=file,
            column="diagnostic_window_days")
    if settings.short_interval_window_days > settings.link_window_days:
        raise SettingsError(
            f"short_interval_window_days ({settings.short_interval_window_days}) must not "
            f"exceed link_window_days ({settings.link_window_days}): a follow-up that cannot "
            "link cannot be rated", file=file, column="short_interval_window_days")
    for key in _INT_KEYS:
        value = getattr(settings, key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SettingsError(f"'{key}' must be a whole number of days, 0 or more; got "
                                f"{value!r}", file=file, column=key)
    bad = [r for r in settings.underuse_rules if r not in UNDERUSE_RULES]
    if bad:
        raise SettingsError(f"unknown under-use rule(s) {bad}; allowed: {list(UNDERUSE_RULES)}",
                            file=file, column="underuse_rules")
    return settings
