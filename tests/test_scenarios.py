"""Each fixture scenario's findings equal its reviewed expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qcheck.check import gate
from qcheck.model import Report, Severity
from tests.harness import SCENARIOS, run_scenario, scenario_names


def summarize(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "rule": f.rule.id,
            "severity": f.severity.value,
            "resource": f.resource,
            "snapshot": Path(f.snapshot).name,
            "at": f"{Path(f.path).name}:{f.line}",
            "waived": f.waived,
        }
        for f in report.findings
    ]


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_findings(name: str) -> None:
    expected = json.loads((SCENARIOS / name / "expected.json").read_text())
    report, _ = run_scenario(name)
    assert summarize(report) == expected["findings"]
    assert gate(report, Severity.LOW) == expected["fails"]


def test_messy_scenario_trips_every_rule() -> None:
    report, _ = run_scenario("messy")
    assert {f.rule.id for f in report.findings} == {r.id for r in report.rules}


def test_compliant_scenario_has_no_finding() -> None:
    assert run_scenario("compliant")[0].findings == ()


if __name__ == "__main__":  # review, then write: python -m tests.test_scenarios NAME
    import sys

    for scenario in sys.argv[1:]:
        result, _ = run_scenario(scenario)
        document = {"fails": gate(result, Severity.LOW), "findings": summarize(result)}
        (SCENARIOS / scenario / "expected.json").write_text(json.dumps(document, indent=2) + "\n")
