"""SIGTERM and Ctrl-C during evaluation stop the forked evaluation child before qcheck
exits: no orphan keeps running, and the exit code says which signal it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.harness import assert_session_gone
from tests.hostile.support import seed_copy

SLOW = """# METADATA
# title: Slow
# description: Loops for minutes.
# custom:
#   id: SLOW001
#   name: Slow
#   severity: low
#   recommended_actions: [none]
package slow

import rego.v1

pytestmark = [pytest.mark.slow]

deny contains v if {
\tsome x in numbers.range(1, 40000)
\tsome y in numbers.range(1, 40000)
\tx == y - 40000
\tv := {"resource": "r", "message": "m", "evidence": []}
}
"""


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.parametrize(
    ("signum", "code", "says"),
    [(signal.SIGTERM, 143, "qcheck: terminated\n"), (signal.SIGINT, 130, "qcheck: interrupted\n")],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_stops_the_evaluation_child(
    signum: int, code: int, says: str, tmp_path: Path
) -> None:
    snapshot, config = seed_copy(tmp_path)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "slow.rego").write_text(SLOW)
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "qcheck", "check", str(snapshot), "--config", str(config)),
            *("--policies", str(tmp_path / "policies"), "--timeout", "120"),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (kids := children(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert kids, "qcheck never forked its evaluation child"
        time.sleep(0.5)  # well inside the evaluation
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == code
    assert err.decode() == says
    for kid in kids:
        assert not Path(f"/proc/{kid}").exists(), f"evaluation child {kid} survived"
    assert_session_gone(process.pid)
