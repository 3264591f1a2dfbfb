"""Every scenario's SARIF, as `qcheck check` writes it, is what GitHub code scanning accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.harness import run_cli, scenario_check_args, scenario_names
from tests.sarif_tools import multitool_problems, schema_errors

pytestmark = [pytest.mark.slow]


def scenario_sarif(name: str, capsys: pytest.CaptureFixture[str]) -> str:
    return run_cli(capsys, *scenario_check_args(name, "--format", "sarif")).out


@pytest.mark.parametrize("name", scenario_names())
def test_scenario_sarif_is_valid_for_code_scanning(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(scenario_sarif(name, capsys))
    assert schema_errors(document) == []
    run = document["runs"][0]
    assert run["automationDetails"]["id"].startswith(f"qcheck/fixtures/scenarios/{name}/")
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith(f"fixtures/scenarios/{name}/")
        assert location["region"]["startLine"] >= 1
        for related in result.get("relatedLocations", []):
            # the config entry a fix changes, or an example resource in a snapshot
            uri = related["physicalLocation"]["artifactLocation"]["uri"]
            assert uri == f"fixtures/scenarios/{name}/qcheck.yaml" or (
                uri.startswith(f"fixtures/scenarios/{name}/snapshot") and uri.endswith(".json")
            )


@pytest.mark.parametrize("name", scenario_names())
def test_multitool_reports_no_error_on_scenario_sarif(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert multitool_problems(scenario_sarif(name, capsys), tmp_path) == []


def test_each_evidence_path_is_a_code_flow_with_a_message_per_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = json.loads(scenario_sarif("seed", capsys))["runs"][0]
    duplicate = next(r for r in run["results"] if r["ruleId"] == "QC501")
    flows = duplicate["codeFlows"]
    assert [flow["message"]["text"] for flow in flows] == [
        "evidence path 1 of 2",
        "evidence path 2 of 2",
    ]
    steps = [s["location"]["message"]["text"] for s in flows[0]["threadFlows"][0]["locations"]]
    assert steps == [
        "step 1: user bao@example.com",
        "step 2: group Blue",
        "step 3: Q Developer profile alpha-us",
        "step 4: organization instance of IAM Identity Center (us-east-1)",
    ]
    for flow in flows:
        (thread,) = flow["threadFlows"]
        lines = [
            s["location"]["physicalLocation"]["region"]["startLine"] for s in thread["locations"]
        ]
        assert len(set(lines)) == len(lines)  # each step points at its own node


def test_residency_finding_points_at_the_placement_to_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = json.loads(scenario_sarif("messy", capsys))["runs"][0]
    profile = next(r for r in run["results"] if r["ruleId"] == "QC101")
    messages = [r["message"]["text"] for r in profile["relatedLocations"]]
    assert "residency placement OU Root/Europe: zones EU" in messages
