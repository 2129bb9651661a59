"""ConText cue rules in medspaCy's `context_rules` JSON shape, so users can bring their own.

    {"context_rules": [{"literal": "no", "category": "NEGATED_EXISTENCE", "direction": "FORWARD",
                        "max_scope": 12, "pattern": [{"LOWER": "no"}]}, ...]}

`literal` is matched on lower-case tokens unless a `pattern` (spaCy token-Matcher pattern) is
given. medspaCy's other keys (`allowed_types`, `excluded_types`, `max_targets`, `on_modifies`,
`metadata`) are accepted; `allowed_types`/`excluded_types` are honoured with our target labels
(`CALCIFICATION`, `ASSOCIATED`), the rest are ignored. Categories we act on: NEGATED_EXISTENCE,
HISTORICAL, POSSIBLE_EXISTENCE, HYPOTHETICAL, NEW_OR_CHANGING (cancels HISTORICAL: "increased
in number") and the template check boxes UNSELECTED / SELECTED ("[ ] calcifications": absent);
any other category is kept but changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from auditor.errors import RulesError

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
TARGET_TYPES = ("CALCIFICATION", "ASSOCIATED")
_REQUIRED = ("literal", "category")
_OPTIONAL = ("direction", "pattern", "max_scope", "allowed_types", "excluded_types",
             "max_targets", "on_modifies", "metadata")


@dataclass(frozen=True)
class ContextRule:
    literal: str
    category: str
    direction: str = "BIDIRECTIONAL"
    pattern: tuple[dict, ...] | None = None
    max_scope: int | None = None
    allowed_types: tuple[str, ...] | None = None
    excluded_types: tuple[str, ...] | None = None

    @classmethod
    def from_dict(cls, data: dict, *, file: str | None = None,
                  row: int | None = None) -> ContextRule:
        def fail(message: str, key: str | None = None) -> RulesError:
            return RulesError(message, file=file, row=row, column=key)

        if not isinstance(data, dict):
            raise fail("a context rule must be a JSON object")
        unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            raise fail(f"unknown key(s) {unknown}; allowed: {list(_REQUIRED + _OPTIONAL)}",
                       unknown[0])
        for key in _REQUIRED:
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise fail(f"'{key}' is required and must be a non-empty string", key)
        direction = data.get("direction", "BIDIRECTIONAL")
        if direction not in DIRECTIONS:
            raise fail(f"unknown direction {direction!r}; allowed: {list(DIRECTIONS)}",
                       "direction")
        pattern = data.get("pattern")
        if pattern is not None:
            if (not isinstance(pattern, list) or not pattern
                    or not all(isinstance(t, dict) and t for t in pattern)):
                raise fail("pattern must be a non-empty list of token objects", "pattern")
            pattern = tuple(pattern)
        max_scope = data.get("max_scope")
        if max_scope is not None and (isinstance(max_scope, bool) or not isinstance(max_scope, int)
                                      or max_scope < 1):
            raise fail("max_scope must be a positive integer or null", "max_scope")
        types = {}
        for key in ("allowed_types", "excluded_types"):
            value = data.get(key)
            if value is not None:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise fail(f"{key} must be a list of target labels", key)
                value = tuple(v.upper() for v in value)
            types[key] = value
        return cls(literal=data["literal"].strip(), category=data["category"].strip().upper(),
                   direction=direction, pattern=pattern, max_scope=max_scope, **types)

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.pattern is not None:
            data["pattern"] = list(self.pattern)
        for key in ("allowed_types", "excluded_types"):
            if data[key] is not None:
                data[key] = list(data[key])
        return {k: v for k, v in data.items() if v is not None}

    def applies_to(self, target_type: str) -> bool:
        if self.allowed_types is not None and target_type not in self.allowed_types:
            return False
        return not (self.excluded_types is not None and target_type in self.excluded_types)


def load_context_rules(path: str | Path) -> list[ContextRule]:
    """All rules of a context_rules JSON file; any bad rule raises RulesError naming it.

    The row of an error is the rule's 1-based position in the `context_rules` list.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError("context rules file is missing", file=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"not valid JSON: {exc}", file=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("context_rules"), list):
        raise RulesError('expected an object {"context_rules": [...]}', file=str(path))
    return [ContextRule.from_dict(item, file=str(path), row=number)
            for number, item in enumerate(data["context_rules"], start=1)]
