"""A rule may weigh its findings (violation `severity`), never above its METADATA severity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.harness import AS_OF, SCENARIOS, assert_one_line_error, run_cli

ACCESS = SCENARIOS / "assistant-access"
WIKI = "arn:aws:sso::470000000004:application/ssoins-4700000000000001/apl-wikisaml00001"
BUSINESS = "arn:aws:sso::470000000004:application/ssoins-4700000000000001/apl-bravoqbiz0001"


def check_args(*extra: str) -> tuple[str, ...]:
    snapshots = (str(ACCESS / "snapshot.json"), str(ACCESS / "snapshot-opt-in.json"))
    return ("check", *snapshots, "--config", str(ACCESS / "qcheck.yaml"), "--as-of", AS_OF, *extra)


def check(capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    run = run_cli(capsys, *check_args(*extra))
    assert run.code == 1, run.err
    return json.loads(run.out)


def test_open_application_severity_follows_its_kind(capsys: pytest.CaptureFixture[str]) -> None:
    report = check(capsys, "--format", "json")
    qc601 = {f["resource"]: f["severity"] for f in report["findings"] if f["rule_id"] == "QC601"}
    assert qc601 == {BUSINESS: "high", WIKI: "low"}
    sarif = check(capsys, "--format", "sarif")
    results = sarif["runs"][0]["results"]
    levels = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r["level"]
        for r in results
        if r["ruleId"] == "QC601"
    }
    assert levels == {BUSINESS: "error", WIKI: "note"}


def test_low_findings_of_a_high_rule_pass_a_medium_gate(capsys: pytest.CaptureFixture[str]) -> None:
    report = check(capsys, "--format", "json", "--fail-on", "high")
    assert any(f["severity"] == "low" for f in report["findings"])


def test_severity_above_the_metadata_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "loud.rego"
    policy.write_text(
        "# METADATA\n# title: Loud\n# description: Louder than declared.\n# custom:\n"
        "#   id: ACME001\n#   name: Loud\n#   severity: low\n#   recommended_actions:\n"
        "#     - Nothing.\npackage acme.loud\n\nimport rego.v1\n\n"
        'deny contains {"resource": app.arn, "message": "loud", "severity": "critical"} if {\n'
        "\tsome app in input.applications\n}\n"
    )
    run = run_cli(capsys, *check_args("--policies", str(tmp_path)))
    assert_one_line_error(run, "loud.rego", "severity critical, above its METADATA severity low")
