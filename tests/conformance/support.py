"""Shared by the conformance tests and the timing script: run a scenario on an engine."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CUSTOM_RULE = """# METADATA
# title: Q Developer profile without a name
# description: Every profile needs a name people recognize.
# custom:
#   id: ACME001
#   name: UnnamedProfile
#   severity: low
#   recommended_actions:
#     - Name the profile.
package acme.unnamed_profile

import rego.v1

deny contains v if {
	some app in input.applications
	app.kind == "q_developer"
	count(app.name) < 40
	v := {
		"resource": app.arn,
		"message": sprintf("profile %q in %s has a short name (%d characters)", [app.name, app.region, count(app.name)]),
		"evidence": [app.arn],
	}
}
"""

CUSTOM_TEST = """package acme.unnamed_profile_test

import rego.v1

import data.acme.unnamed_profile

test_short_name_is_reported if {
	app := {"arn": "arn:p", "kind": "q_developer", "name": "x", "region": "us-east-1"}
	count(unnamed_profile.deny) == 1 with input as {"applications": [app]}
}

test_other_applications_are_ignored if {
	app := {"arn": "arn:p", "kind": "q_business", "name": "x", "region": "us-east-1"}
	count(unnamed_profile.deny) == 0 with input as {"applications": [app]}
}
"""


def write_custom_policies(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "unnamed_profile.rego").write_text(CUSTOM_RULE)
    (directory / "unnamed_profile_test.rego").write_text(CUSTOM_TEST)
    return directory


def canonical(results: dict[str, list[Any]]) -> dict[str, list[str]]:
    """deny sets compared as sets: each violation as sorted-key JSON, sorted."""
    return {
        package: sorted(json.dumps(v, sort_keys=True) for v in violations)
        for package, violations in sorted(results.items())
    }


def timed(function: Callable[[], Any], repeat: int = 5) -> float:
    """Best wall time of `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def real_opa_server() -> Iterator[tuple[str, str | None] | None]:
    """An actual `opa run --server`: QCHECK_OPA_URL (+ QCHECK_OPA_TOKEN) when set, else one
    started from an `opa` binary on PATH on a loopback port, else None."""
    url = os.environ.get("QCHECK_OPA_URL")
    if url:
        yield url, os.environ.get("QCHECK_OPA_TOKEN")
        return
    binary = shutil.which("opa")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level", "error"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", None
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def opa_binary_test_results(directories: Sequence[Path]) -> dict[tuple[str, str], bool] | None:
    """`opa test --format=json` results keyed by (package, test name), or None without opa."""
    binary = shutil.which("opa")
    if binary is None:
        return None
    done = subprocess.run(
        [binary, "test", "--format=json", *map(str, directories)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    results = {}
    for item in json.loads(done.stdout or "[]"):
        package = item["package"].removeprefix("data.")
        results[(package, item["name"])] = not item.get("fail") and not item.get("error")
    return results
