"""The GitHub Action's collect step against the emulated seed organization: the snapshot
is collected with personal data redacted by default, then checked by the same run."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from fixtures.aws_emulator.emulator import Emulator
from fixtures.aws_emulator.seed_org import PEOPLE, ROLE, build_seed
from tests.github_action.runner import ActionRun, run_action

pytestmark = [pytest.mark.slow, pytest.mark.network]


def _collect(emulator: Emulator, tmp_path: Path, inputs: dict[str, str]) -> ActionRun:
    """The action with collect: true against the seeded emulator, from an empty workspace,
    with the AWS variables the emulator fixture set (qcheck already installed here)."""
    build_seed(emulator)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    aws = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    return run_action(
        {"collect": "true", "fail-on": "none", **inputs},
        tmp_path,
        workspace=workspace,
        skip={"install": {"python": sys.executable}},
        env=aws,
    )


def test_action_collects_redacted_then_checks(aws_env: Emulator, tmp_path: Path) -> None:
    run = _collect(aws_env, tmp_path, {"member-role-name": ROLE, "format": "json"})
    workspace = tmp_path / "workspace"
    collect = run.step("collect")
    assert collect.exit_code == 0, run.log
    snapshot = workspace / "qcheck-snapshot.json"
    assert run.outputs["snapshot"] == "qcheck-snapshot.json" and snapshot.exists()
    text = snapshot.read_text().lower()
    for email in (e for emails in PEOPLE.values() for e in emails):
        assert email.lower() not in text  # --redact is on by default
    # No role-to-assume: the job's own credentials are used, no OIDC step.
    assert not run.step("aws-actions/configure-aws-credentials@v5").ran
    assert run.outputs["exit-code"] == "0", run.log
    report = json.loads(Path(run.outputs["report-file"]).read_text())
    assert report["inputs"]["snapshots"] == ["qcheck-snapshot.json"]
    assert {f["rule_id"] for f in report["findings"]} >= {"QC301", "QC305", "QC501"}
    sarif = json.loads(Path(run.outputs["sarif-file"]).read_text())
    assert all(
        loc["physicalLocation"]["artifactLocation"]["uri"] == "qcheck-snapshot.json"
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    )


def test_oidc_step_runs_only_with_a_role(aws_env: Emulator, tmp_path: Path) -> None:
    run = _collect(
        aws_env,
        tmp_path,
        {
            "role-to-assume": "arn:aws:iam::111111111111:role/qcheck-collector",
            "aws-region": "eu-central-1",
            "regions": "us-east-1 eu-central-1",
            "redact": "false",
        },
    )
    credentials = run.step("aws-actions/configure-aws-credentials@v5")
    assert credentials.ran
    assert credentials.with_["role-to-assume"].endswith(":role/qcheck-collector")
    assert credentials.with_["aws-region"] == "eu-central-1"
    assert run.step("collect").exit_code == 0, run.log
    assert "--region eu-central-1 --region us-east-1" in run.step("collect").stdout
    assert "--redact" not in run.step("collect").stdout
