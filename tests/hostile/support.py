"""Run qcheck as a real process on hostile input and check the promise every case shares:
the documented exit code, exactly one line on stderr naming the file, no traceback, no
"internal error", the inputs unchanged, and no process left behind (tests/harness.py runs
the process and checks what it leaves)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

from tests.harness import SEED, Run, assert_one_line_error
from tests.harness import run_process as qcheck

__all__ = ["Run", "assert_refused", "digest", "qcheck", "seed_copy"]


def seed_copy(directory: Path) -> tuple[Path, Path]:
    """A private copy of the seed snapshot and config: (snapshot, config)."""
    snapshot, config = directory / "snapshot.json", directory / "qcheck.yaml"
    shutil.copyfile(SEED / "snapshot.json", snapshot)
    shutil.copyfile(SEED / "qcheck.yaml", config)
    return snapshot, config


def digest(paths: Sequence[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def assert_refused(run: Run, names: str, code: int = 2) -> None:
    """The one-line error the issue promises, naming `names` (a file, or an option)."""
    assert_one_line_error(run, names, code=code)
