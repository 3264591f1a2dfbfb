"""Run qcheck as a user would (a real process) on hostile policies, and check what it leaves:
one line on stderr, no traceback, no process left running."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.harness import AS_OF, SCENARIOS

SEED = SCENARIOS / "seed"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float


def qcheck(*args: str, cwd: Path, timeout: float = 60) -> Run:
    """`python -m qcheck ARGS` in its own session; fails the test if any process of that
    session (the forked evaluation child included) outlives it."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "qcheck", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        raise AssertionError(f"qcheck {' '.join(args)} still running after {timeout} s") from None
    seconds = time.monotonic() - start
    left = _session_members(process.pid)
    assert not left, f"processes left running: {left}"
    return Run(process.returncode, out, err, seconds)


def _session_members(session: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def assert_one_line_error(run: Run, *parts: str) -> None:
    """Exit 2, exactly one line on stderr naming `parts`, no traceback, no internal error."""
    assert run.code == 2, (run.code, run.err)
    assert run.err.count("\n") == 1 and run.err.startswith("qcheck: error: "), run.err
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    for part in parts:
        assert part in run.err, (part, run.err)


METADATA = """# METADATA
# title: Custom rule
# description: A custom rule.
# custom:
#   id: {rule_id}
#   name: {name}
#   severity: low
#   recommended_actions: [none]
"""


def write_policy(directory: Path, name: str, body: str, rule_id: str = "CUSTOM001") -> Path:
    """A custom policy `<name>.rego` in package `custom.<name>` with valid METADATA; `body`
    follows `import rego.v1`."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.rego"
    header = METADATA.format(rule_id=rule_id, name=name.title().replace("_", ""))
    path.write_text(f"{header}package custom.{name}\n\nimport rego.v1\n\n{body}")
    return path


def check_args(policies: Path, *extra: str) -> tuple[str, ...]:
    return (
        "check",
        str(SEED / "snapshot.json"),
        "--config",
        str(SEED / "qcheck.yaml"),
        "--as-of",
        AS_OF,
        "--policies",
        str(policies),
        *extra,
    )
