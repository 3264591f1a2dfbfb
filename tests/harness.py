"""The test suite's one harness: where the fixtures live, running the CLI (in this process
or as a real one), running a fixture scenario, and the one-line error every refusal
promises. Test modules import from here rather than keeping their own copies."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from qcheck.check import run_check
from qcheck.cli import main
from qcheck.config.load import load_config
from qcheck.engine.base import Engine
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.model import Report
from qcheck.policy.catalog import Catalog, load_catalog

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "fixtures" / "scenarios"
SEED = SCENARIOS / "seed"
AS_OF = "2026-11-22"  # the date every fixture's expiries are judged against


class Run(NamedTuple):
    """What one `qcheck` invocation did."""

    code: int
    out: str
    err: str


# -- the CLI ----------------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """`qcheck ARGV` in this process (fast); stdout and stderr as pytest captured them."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def seed_check_args(*extra: str) -> tuple[str, ...]:
    """`check` on the seed scenario with its config, judged as of AS_OF."""
    snapshot, config = SEED / "snapshot.json", SEED / "qcheck.yaml"
    return ("check", str(snapshot), "--config", str(config), "--as-of", AS_OF, *extra)


def run_process(
    args: Sequence[str],
    cwd: Path | None = None,
    *,
    stdout: Any = subprocess.PIPE,
    timeout: float = 60,
    as_of: bool = True,
    umask: int = -1,
    close_stdout: bool = False,
) -> Run:
    """`python -m qcheck ARGS` as a real process in its own session, as a user runs it.

    `check` and `diff` are judged as of AS_OF unless `as_of` is False or ARGS name a date.
    Fails the test if the process outlives `timeout` or leaves any process of its session
    (the forked evaluation child included) running.
    """
    argv = [sys.executable, "-m", "qcheck", *args]
    if as_of and args and args[0] in ("check", "diff") and "--as-of" not in args:
        argv += ["--as-of", AS_OF]
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        umask=umask,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"qcheck {' '.join(args)} still running after {timeout:g} s") from None
    assert_session_gone(process.pid)
    text = (out or b"").decode("utf-8", errors="replace")
    return Run(process.returncode, text, err.decode("utf-8", errors="replace"))


def assert_session_gone(session: int) -> None:
    """No process of `session` (a process started with start_new_session) is left."""
    left = _session_members(session)
    if left:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"processes of session {session} outlived qcheck: {left}")


def _session_members(session: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold ")"
        if int(fields[3]) == session and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def assert_one_line_error(run: Run, *needles: str, code: int = 2) -> None:
    """The refusal every bad input gets: exit `code`, exactly one line on stderr naming
    each of `needles`, never a traceback or an internal error."""
    assert run.code == code, (run.code, run.err)
    assert run.err.count("\n") == 1 and run.err.endswith("\n"), run.err
    assert run.err.startswith("qcheck"), run.err
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    for needle in needles:
        assert needle in run.err, (needle, run.err)


# -- fixture scenarios ------------------------------------------------------------------


def scenario_names() -> list[str]:
    """The fixture scenarios that have reviewed findings (expected.json)."""
    return sorted(p.name for p in SCENARIOS.iterdir() if (p / "expected.json").is_file())


def scenario_snapshots(name: str) -> list[str]:
    return [str(p) for p in sorted((SCENARIOS / name).glob("snapshot*.json"))]


def scenario_check_args(name: str, *extra: str) -> tuple[str, ...]:
    """`check` on every snapshot of scenario `name` with its config, as of AS_OF."""
    config = str(SCENARIOS / name / "qcheck.yaml")
    return ("check", *scenario_snapshots(name), "--config", config, "--as-of", AS_OF, *extra)


def run_scenario(
    name: str, engine: Engine | None = None, catalog: Catalog | None = None
) -> tuple[Report, list[dict[str, Any]]]:
    """The report of scenario `name` on `engine` (embedded by default) and the policy
    inputs it evaluated, in this process."""
    catalog = catalog or load_catalog()
    config = load_config(SCENARIOS / name / "qcheck.yaml", catalog.rule_ids)
    engine = engine or EmbeddedEngine()
    return run_check(scenario_snapshots(name), config, catalog, engine, AS_OF)
