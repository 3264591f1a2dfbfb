"""The GitHub Action: its metadata against SchemaStore's schema for action.yml, and its
own steps run with the runner's environment simulated (tests/github_action/runner.py). Running
the steps starts real qcheck processes (three per check): those tests are slow-marked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from qcheck.github_action import with_collect_extra
from tests.github_action.runner import REPO, metadata, run_action
from tests.harness import AS_OF, scenario_snapshots

SCHEMA = Path(__file__).parent / "github_action" / "github-action.schema.json"
SNAPSHOT = "fixtures/scenarios/seed/snapshot.json"  # relative to the workspace
CONFIG = "fixtures/scenarios/seed/qcheck.yaml"
INSTALLED = {"install": {"python": sys.executable}}  # this Python already has qcheck


def test_metadata_validates_against_schemastore_schema() -> None:
    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(metadata())]
    assert errors == []
    assert metadata()["runs"]["using"] == "composite"


def test_run_scripts_never_interpolate_expressions() -> None:
    """Inputs reach the scripts as environment variables only: `${{ }}` inside a `run`
    would let an input inject shell code."""
    for step in metadata()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step


def _seed(tmp_path: Path, **inputs: str) -> dict[str, str]:
    return {
        "snapshots": SNAPSHOT,
        "config": CONFIG,
        "args": f"--as-of {AS_OF}",
        **inputs,
    }


def _open_findings() -> int:
    """The seed's open findings, from qcheck's own JSON report."""
    args = ["check", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--format", "json"]
    completed = subprocess.run(
        [sys.executable, "-m", "qcheck", *args, "--fail-on", "none"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(completed.stdout)["summary"]
    assert isinstance(summary["open"], int)
    return summary["open"]


@pytest.mark.slow
def test_findings_fail_the_action_after_the_upload(tmp_path: Path) -> None:
    run = run_action(_seed(tmp_path), tmp_path, skip=INSTALLED)
    check = run.step("check")
    assert check.exit_code == 0, run.log  # the check step itself succeeds...
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["findings"] == str(_open_findings())
    assert run.outputs["new-findings"] == ""
    sarif = Path(run.outputs["sarif-file"])
    assert sarif.parent == tmp_path / "qcheck" and run.outputs["report-file"] == str(sarif)
    log = json.loads(sarif.read_text())
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) > 0
    # ...so that the SARIF is uploaded, with the category asked for...
    upload = run.step("github/codeql-action/upload-sarif@v4")
    assert upload.ran and upload.with_ == {"sarif_file": str(sarif), "category": ""}
    # ...and the last step fails the job with qcheck's exit code.
    assert run.steps[-1].ran and run.steps[-1].exit_code == 1 and run.failed
    assert run.summary.startswith("## qcheck report\n")
    assert "### Findings" in run.summary and "`QC301`" in run.summary
    assert not run.step("collect").ran
    assert not run.step("aws-actions/configure-aws-credentials@v5").ran


@pytest.mark.slow
def test_fail_on_none_json_report_and_category(tmp_path: Path) -> None:
    inputs = _seed(tmp_path, **{"fail-on": "none", "format": "json", "sarif-category": "org-a"})
    run = run_action(inputs, tmp_path, skip=INSTALLED)
    assert run.outputs["exit-code"] == "0" and not run.failed, run.log
    report = json.loads(Path(run.outputs["report-file"]).read_text())
    assert report["format"] == "qcheck.report" and report["as_of"] == AS_OF
    upload = run.step("github/codeql-action/upload-sarif@v4")
    assert upload.with_["category"] == "org-a"


@pytest.mark.slow
def test_baseline_counts_new_findings(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = run_action(
        _seed(tmp_path, format="json", **{"fail-on": "none"}), tmp_path, skip=INSTALLED
    )
    baseline.write_text(Path(first.outputs["report-file"]).read_text())
    run = run_action(_seed(tmp_path, baseline=str(baseline)), tmp_path, skip=INSTALLED)
    assert run.outputs["exit-code"] == "0" and not run.failed, run.log
    assert run.outputs["new-findings"] == "0"
    assert "0 new, " in run.summary and "unchanged" in run.summary


@pytest.mark.slow
def test_upload_can_be_turned_off(tmp_path: Path) -> None:
    run = run_action(_seed(tmp_path, **{"upload-sarif": "false"}), tmp_path, skip=INSTALLED)
    assert not run.step("github/codeql-action/upload-sarif@v4").ran
    assert run.steps[-1].exit_code == 1


@pytest.mark.slow
def test_input_error_is_exit_code_2_with_an_annotation(tmp_path: Path) -> None:
    run = run_action(
        _seed(tmp_path, config="fixtures/scenarios/seed/missing.yaml"), tmp_path, skip=INSTALLED
    )
    assert run.outputs["exit-code"] == "2" and run.outputs["sarif-file"] == ""
    assert not run.step("github/codeql-action/upload-sarif@v4").ran
    assert run.steps[-1].exit_code == 2
    check = run.step("check")
    assert (
        "::error title=qcheck::qcheck: error: fixtures/scenarios/seed/missing.yaml" in check.stdout
    )
    assert "qcheck could not check" in run.summary


@pytest.mark.slow
def test_no_snapshot_fails_the_check_step(tmp_path: Path) -> None:
    run = run_action({"snapshots": ""}, tmp_path, skip=INSTALLED)
    check = run.step("check")
    assert check.exit_code == 2 and "no snapshot to check" in check.stdout
    assert not run.steps[-1].ran  # no exit code was reported
    assert run.failed


@pytest.mark.slow
def test_inputs_cannot_inject_shell_code(tmp_path: Path) -> None:
    marker = tmp_path / "injected"
    hostile = f'{SNAPSHOT} $(touch {marker}) `touch {marker}`; touch "{marker}"'
    run = run_action(_seed(tmp_path, snapshots=hostile), tmp_path, skip=INSTALLED)
    assert not marker.exists()
    assert run.outputs["exit-code"] == "2"  # the words are taken as snapshot names
    assert "$(touch" in run.summary


@pytest.mark.slow
def test_globs_select_several_snapshots(tmp_path: Path) -> None:
    run = run_action(
        {
            "snapshots": "fixtures/scenarios/scp-wildcard/snapshot*.json",
            "args": f"--as-of {AS_OF}",
            "config": "fixtures/scenarios/scp-wildcard/qcheck.yaml",
            "fail-on": "none",
            "format": "json",
        },
        tmp_path,
        skip=INSTALLED,
    )
    assert run.outputs["exit-code"] == "0", run.log
    report = json.loads(Path(run.outputs["report-file"]).read_text())
    expected = [str(Path(p).relative_to(REPO)) for p in scenario_snapshots("scp-wildcard")]
    assert len(expected) == 2 and report["inputs"]["snapshots"] == expected


def test_collect_extra_is_added_to_the_requirement() -> None:
    assert with_collect_extra("/path/to/action") == "/path/to/action[collect]"
    assert with_collect_extra("qcheck==0.2.0") == "qcheck[collect]==0.2.0"
    assert with_collect_extra("qcheck") == "qcheck[collect]"
    assert with_collect_extra("qcheck[collect]>=0.2") == "qcheck[collect]>=0.2"


@pytest.mark.slow
def test_install_step_installs_qcheck_from_the_action_checkout(tmp_path: Path) -> None:
    """The whole action, install included: a fresh virtual environment with qcheck built
    from this checkout, as a workflow using the action at a ref gets it."""
    run = run_action(_seed(tmp_path), tmp_path)
    install = run.step("install")
    assert install.exit_code == 0, run.log
    python = Path(install.outputs["python"])
    assert python.is_relative_to(tmp_path) and python.exists()
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["findings"] == str(_open_findings())


def _workflows(markdown: str) -> list[dict[str, object]]:
    """The YAML blocks of a document that use the qcheck action, parsed."""
    blocks = re.findall(r"```yaml\n(.*?)```", markdown, re.S)
    return [yaml.safe_load(b) for b in blocks if "qcheck-dev/qcheck@" in b]


def _action_steps(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        if str(node.get("uses", "")).startswith("qcheck-dev/qcheck@"):
            return [node]
        return [s for value in node.values() for s in _action_steps(value)]
    if isinstance(node, list):
        return [s for item in node for s in _action_steps(item)]
    return []


def test_documented_workflows_use_real_inputs() -> None:
    """The README's workflow is five lines; it and docs/ci.md's pass only inputs that
    action.yml declares."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## GitHub Action\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert len(block.splitlines()) == 5
    documents = _workflows(readme) + _workflows((REPO / "docs" / "ci.md").read_text())
    steps = [step for document in documents for step in _action_steps(document)]
    assert len(steps) >= 3
    inputs = set(metadata()["inputs"])
    for step in steps:
        given = step.get("with", {})
        assert isinstance(given, dict) and set(given) <= inputs, given
