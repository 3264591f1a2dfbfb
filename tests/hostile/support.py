"""Run qcheck as a real process on hostile input and check the promise every case shares:
the documented exit code, exactly one line on stderr naming the file, no traceback, no
"internal error", the inputs unchanged, and no process left behind."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.harness import AS_OF, SCENARIOS

SEED = SCENARIOS / "seed"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def seed_copy(directory: Path) -> tuple[Path, Path]:
    """A private copy of the seed snapshot and config: (snapshot, config)."""
    snapshot, config = directory / "snapshot.json", directory / "qcheck.yaml"
    shutil.copyfile(SEED / "snapshot.json", snapshot)
    shutil.copyfile(SEED / "qcheck.yaml", config)
    return snapshot, config


def digest(paths: Sequence[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def qcheck(
    args: Sequence[str],
    cwd: Path,
    *,
    stdout: Any = subprocess.PIPE,
    timeout: float = 60,
    as_of: bool = True,
    umask: int = -1,
    close_stdout: bool = False,
) -> Run:
    """`qcheck ARGS` in its own process group; asserts that no process of it survives."""
    argv = [sys.executable, "-m", "qcheck", *args]
    if as_of and args and args[0] in ("check", "diff"):
        argv += ["--as-of", AS_OF]
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(SCENARIOS.parents[1])},
        umask=umask,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"qcheck still running after {timeout:g} s") from None
    assert_group_gone(process.pid)
    return Run(process.returncode, (out or b"").decode(errors="replace"), err.decode())


def assert_group_gone(group: int) -> None:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return
    os.killpg(group, signal.SIGKILL)
    raise AssertionError(f"a process of group {group} outlived qcheck")


def assert_refused(run: Run, names: str, code: int = 2) -> None:
    """The one-line error the issue promises, naming `names` (a file, or an option)."""
    assert run.code == code, (run.code, run.stderr)
    assert run.stderr.count("\n") == 1 and run.stderr.endswith("\n"), run.stderr
    assert names in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
