"""Write to a temporary name beside the target, rename at the end: never a half-written file.

A run interrupted by an error, Ctrl-C or a full disk leaves the previous output (or nothing) at
the target path, never a truncated workbook that a dashboard would read as complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class AtomicPath:
    """A temporary path in the target's folder; `commit()` renames it onto the target."""

    def __init__(self, target: str | os.PathLike):
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.",
                                    suffix=".part")
        os.close(fd)
        self.temp = Path(name)
        self.done = False

    def commit(self) -> None:
        # mkstemp makes the file private (0600); give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)
        os.replace(self.temp, self.target)
        self.done = True

    def abort(self) -> None:
        if not self.done:
            with contextlib.suppress(FileNotFoundError):
                self.temp.unlink()
            self.done = True
