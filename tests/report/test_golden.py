"""Every report qcheck renders, byte for byte: each scenario in each `check` format, `diff`
of every scenario with two snapshots in each diff format, the rule list and reference, and
the policy-test output. A change to any renderer shows here as a diff of the goldens.

Regenerate after an intended change, then review `git diff tests/golden`:

    python -m tests.report.test_golden
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcheck.cli import main
from tests.harness import AS_OF, REPO, SCENARIOS, scenario_names

pytestmark = [pytest.mark.slow]  # every scenario in every format

GOLDEN = REPO / "tests" / "golden"
CHECK_FORMATS = ("text", "json", "markdown", "sarif", "asff", "ocsf", "junit", "csv")
# The Security Hub that would import the ASFF findings (example account and Region).
ASFF_TARGET = ("--asff-account", "999988887777", "--asff-region", "eu-central-1")
DIFF_FORMATS = ("text", "json", "markdown")


def _snapshots(name: str) -> list[str]:
    directory = SCENARIOS.relative_to(REPO) / name
    return [str(directory / p.name) for p in sorted((SCENARIOS / name).glob("snapshot*.json"))]


def _config(name: str) -> list[str]:
    return ["--config", str(SCENARIOS.relative_to(REPO) / name / "qcheck.yaml")]


def cases() -> Iterator[tuple[str, list[str]]]:
    """(golden file name, qcheck arguments), paths relative to the repository root."""
    for name in scenario_names():
        snapshots = _snapshots(name)
        for fmt in CHECK_FORMATS:
            args = ["check", *snapshots, *_config(name), "--as-of", AS_OF, "--format", fmt]
            yield f"check-{name}.{fmt}", args + list(ASFF_TARGET if fmt == "asff" else ())
        if len(snapshots) >= 2:  # the last two: e.g. messy's snapshot-undelegated and snapshot
            first, second = snapshots[-2:]
            for fmt in DIFF_FORMATS:
                for label, old, new in (("forward", first, second), ("back", second, first)):
                    args = ["diff", old, new, *_config(name), "--as-of", AS_OF, "--format", fmt]
                    yield f"diff-{name}-{label}.{fmt}", args
    yield "policy-list.txt", ["policy", "list"]
    yield "policy-doc.md", ["policy", "doc"]
    yield "policy-test.txt", ["policy", "test", "--coverage"]


def run(args: list[str]) -> str:
    """qcheck's standard output and exit code, run in process from the repository root."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(REPO)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(previous)
    return f"{out.getvalue()}\n--- exit {code}; stderr:\n{err.getvalue()}"


CASES = dict(cases())


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden(name: str) -> None:
    expected = (GOLDEN / name).read_bytes().decode("utf-8")  # CSV keeps its CRLF
    assert run(CASES[name]) == expected, f"regenerate and review: python -m {__name__}"


def test_every_golden_is_a_case() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(CASES)


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.iterdir():
        stale.unlink()
    for file_name, arguments in CASES.items():
        (GOLDEN / file_name).write_text(run(arguments), encoding="utf-8", newline="")
    print(json.dumps({"written": len(CASES), "to": str(GOLDEN.relative_to(REPO))}))
