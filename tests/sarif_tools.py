"""Validate SARIF the way GitHub code scanning reads it: Microsoft's multitool with the
GitHub ("Gh") and SARIF rule sets, and the official SARIF 2.1.0 JSON Schema."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

SCHEMA_PATH = Path(__file__).parent / "report" / "sarif-schema-2.1.0.json"
# Multitool warnings we accept, by rule id, each explained in docs/reports.md (none today).
ACCEPTED_WARNINGS: frozenset[str] = frozenset()


@cache
def _schema_validator() -> Draft7Validator:
    return Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in _schema_validator().iter_errors(document)]


def multitool() -> str:
    """The multitool executable; skips the test where it is missing, except in CI."""
    executable = os.environ.get("QCHECK_SARIF_MULTITOOL")
    if not executable:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but QCHECK_SARIF_MULTITOOL is not set")
        pytest.skip("QCHECK_SARIF_MULTITOOL not set")
    return executable


def multitool_problems(sarif_text: str, workdir: Path) -> list[tuple[str, str | None, str]]:
    """Errors and unaccepted warnings the multitool reports: (level, rule, message)."""
    executable = multitool()
    target = workdir / "qcheck.sarif"
    target.write_text(sarif_text, encoding="utf-8")
    output = workdir / "validation.sarif"
    args = [
        "validate",
        "--rule-kind",
        "Gh;Sarif",
        "--level",
        "Error;Warning",
        "--log",
        "ForceOverwrite",
        "--output",
        str(output),
        str(target),
    ]
    # The npm wrapper hands its arguments unquoted to a shell, where ";" would end the
    # command: quote them for that shell. The native binary takes them as they are.
    if os.path.realpath(executable).endswith(".js"):
        args = [shlex.quote(arg) for arg in args]
    completed = subprocess.run(
        [executable, *args], capture_output=True, text=True, timeout=300, check=False
    )
    console = completed.stdout + completed.stderr
    assert output.exists(), console
    validation = json.loads(output.read_text(encoding="utf-8-sig"))
    problems = [
        (r.get("level", "warning"), r.get("ruleId"), r["message"].get("text", str(r["message"])))
        for run in validation["runs"]
        for r in run.get("results", [])
        if r.get("level", "warning") == "error"
        or (r.get("level", "warning") == "warning" and r.get("ruleId") not in ACCEPTED_WARNINGS)
    ]
    problems += [
        ("error", "notification", n["message"].get("text", ""))
        for run in validation["runs"]
        for invocation in run.get("invocations", [])
        for n in invocation.get("toolExecutionNotifications", [])
        if n.get("level", "warning") == "error"
    ]
    if completed.returncode != 0 and not problems:
        problems.append(("error", "exit", console))
    return problems
