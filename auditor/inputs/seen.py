"""Accession -> the row it was first seen at, with memory that stops growing.

Duplicate accessions must be named ("first seen at row N") however many reports stream through.
The first `memory_limit` accessions live in a dict; past that they go to a temporary SQLite file
with a small page cache, so a run over millions of reports keeps a flat memory footprint.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path


class FirstSeen:
    def __init__(self, memory_limit: int = 50_000):
        self._memory: dict[str, int] = {}
        self._limit = memory_limit
        self._folder: tempfile.TemporaryDirectory | None = None
        self._db: sqlite3.Connection | None = None

    def first_row(self, key: str, row: int) -> int | None:
        """Record `key` at `row`; return the earlier row if `key` was seen before."""
        earlier = self._memory.get(key)
        if earlier is not None:
            return earlier
        if self._db is None:
            if len(self._memory) < self._limit:
                self._memory[key] = row
                return None
            self._open()
        inserted = self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, row))
        if inserted.rowcount:
            return None
        return self._db.execute("SELECT row FROM seen WHERE key = ?", (key,)).fetchone()[0]

    def _open(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="calc-auditor-")
        self._db = sqlite3.connect(Path(self._folder.name) / "seen.sqlite")
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                               "PRAGMA cache_size=-4096; "
                               "CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER) "
                               "WITHOUT ROWID;")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
