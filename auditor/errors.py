"""Every error a user can see, with where it happened.

Library code raises these; only the click layer turns them into exit codes (1 for bad input or
rules). A message names the file, the row (1-based, as a spreadsheet shows it: the header is row 1)
and the column or key, then what was expected.
"""

from __future__ import annotations


class AuditorError(Exception):
    """Base class: something in the user's input or rules is wrong."""

    code = "E000"
    column_label = "column"  # what `column` names in this kind of file

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"{self.column_label} '{self.column}'")
        prefix = ", ".join(where)
        if not prefix:
            return f"[{self.code}] {self.message}"
        return f"[{self.code}] {prefix}: {self.message}"


class RulesError(AuditorError):
    """A rule file under rules/ is missing, malformed or inconsistent."""

    code = "E100"


class InputError(AuditorError):
    """A report or procedure file cannot be read as the interfaces spec says."""

    code = "E200"


class SettingsError(AuditorError):
    """An option or settings file value is out of range."""

    code = "E300"
    column_label = "key"
