"""Compliance mapping: METADATA custom.compliance, the generated docs/compliance.md and
`qcheck check --framework NAME` (controls failing, passing or not assessed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcheck.compliance import CONTROL_TITLES, FRAMEWORKS
from qcheck.errors import InputError
from qcheck.policy.catalog import load_catalog
from tests.harness import REPO, assert_one_line_error, run_cli, scenario_check_args
from tests.policy.test_catalog import GOOD, write_policy


def test_every_builtin_rule_maps_to_each_framework() -> None:
    """A new built-in rule needs a mapping to both frameworks (and a title for any new
    control in qcheck.compliance.CONTROL_TITLES) before it is merged."""
    missing = [
        f"{rule.id} ({rule.source_path}): no {framework} mapping"
        for rule in load_catalog().rules
        for framework in FRAMEWORKS
        if not any(m.framework == framework for m in rule.compliance)
    ]
    assert missing == []
    untitled = {
        (m.framework, m.control)
        for rule in load_catalog().rules
        for m in rule.compliance
        if (m.framework, m.control) not in CONTROL_TITLES
    }
    assert untitled == set()


def test_compliance_doc_is_generated_from_metadata(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    committed = (REPO / "docs" / "compliance.md").read_text()
    target = tmp_path / "compliance.md"
    assert run_cli(capsys, "policy", "doc", "--compliance", "--output", str(target)).code == 0
    assert target.read_text() == committed, (
        "docs/compliance.md is stale: run `qcheck policy doc --compliance --output "
        "docs/compliance.md`"
    )
    for rule in load_catalog().rules:
        for mapping in rule.compliance:
            assert f"`{rule.id}` {rule.name} |" in committed
            assert mapping.control in committed


def test_bad_compliance_entry_names_file_and_line(tmp_path: Path) -> None:
    text = GOOD.replace(
        "#   recommended_actions:",
        "#   compliance:\n#     - framework: NIST 800-53\n#       control: AC-2\n"
        "#       why: x\n#   recommended_actions:",
    )
    path = write_policy(tmp_path / "p", text)
    with pytest.raises(InputError, match=r"compliance\.0\.framework") as caught:
        load_catalog([path.parent])
    assert caught.value.path == str(path) and caught.value.line == 9  # the framework line
    no_why = text.replace("#       why: x\n", "")
    write_policy(tmp_path / "p", no_why)
    with pytest.raises(InputError, match="'why' is a required property"):
        load_catalog([path.parent])


def _controls(
    capsys: pytest.CaptureFixture[str], scenario: str, framework: str, *extra: str
) -> tuple[dict[str, dict[str, object]], dict[str, object]]:
    """The --framework JSON's controls by id, and the plain JSON report of the same run."""
    code, out, err = run_cli(
        capsys, *scenario_check_args(scenario, "--format", "json", "--framework", framework, *extra)
    )
    assert code in (0, 1), err
    grouped = json.loads(out)
    assert grouped["format"] == "qcheck.compliance" and grouped["framework"] == framework
    _, plain, _ = run_cli(capsys, *scenario_check_args(scenario, "--format", "json", *extra))
    return {c["control"]: c for c in grouped["controls"]}, json.loads(plain)


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
@pytest.mark.parametrize("scenario", ["messy", "compliant", "gaps-become-facts"])
def test_control_status_follows_findings_and_judgement(
    capsys: pytest.CaptureFixture[str], scenario: str, framework: str
) -> None:
    controls, report = _controls(capsys, scenario, framework)
    findings = report["findings"]
    assert isinstance(findings, list)
    open_rules = {f["rule_id"] for f in findings if not f["waived"]}
    unjudged = {
        rule
        for f in findings
        for rule in f["properties"].get("rules_not_judged", "").split(", ")
        if rule
    }
    mapped = {
        rule.id: {m.control for m in rule.compliance if m.framework == framework}
        for rule in load_catalog().rules
    }
    assert set(controls) == set().union(*mapped.values())
    for control, result in controls.items():
        rules = {r["id"] for r in result["rules"]}  # type: ignore[attr-defined]
        assert rules == {rule for rule, found in mapped.items() if control in found}
        if rules & open_rules:
            expected = "failing"
        elif rules & unjudged:
            expected = "not assessed"
        else:
            expected = "passing"
        assert result["status"] == expected, (scenario, control)


def test_gaps_leave_controls_not_assessed_and_compliant_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    controls, _ = _controls(capsys, "gaps-become-facts", "nist-800-53-r5")
    statuses = {c["status"] for c in controls.values()}
    assert "not assessed" in statuses
    controls, _ = _controls(capsys, "compliant", "iso-27001-2022")
    assert {c["status"] for c in controls.values()} == {"passing"}


def test_filtered_rule_leaves_its_control_not_assessed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    controls, _ = _controls(capsys, "compliant", "nist-800-53-r5", "--skip-rule", "QC105")
    location = controls["SA-9(5)"]
    assert location["status"] == "not assessed"
    qc105 = next(r for r in location["rules"] if r["id"] == "QC105")  # type: ignore[attr-defined]
    assert qc105["not_assessed"] == "not evaluated: skipped (skip rule)"
    assert controls["AC-5"]["status"] == "passing"
    # Without the evidence rules, unknown facts would go unreported: nothing passes.
    controls, _ = _controls(capsys, "compliant", "nist-800-53-r5", "--skip-rule", "QC905")
    assert {c["status"] for c in controls.values()} == {"not assessed"}


def test_text_and_markdown_group_by_control(capsys: pytest.CaptureFixture[str]) -> None:
    args = scenario_check_args("messy", "--framework", "nist-800-53-r5")
    code, text, _ = run_cli(capsys, *args)
    assert code == 1
    mapped = {
        m.control
        for rule in load_catalog().rules
        for m in rule.compliance
        if m.framework == "nist-800-53-r5"
    }
    assert text.startswith(f"NIST SP 800-53 Rev. 5: {len(mapped)} controls: ")
    assert "FAILING  AC-5 Separation of Duties" in text
    _, markdown, _ = run_cli(capsys, *args, "--format", "markdown")
    assert "## qcheck report by control: NIST SP 800-53 Rev. 5" in markdown
    assert "| AC-5 Separation of Duties | failing |" in markdown


def test_framework_errors(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, *scenario_check_args("compliant", "--framework", "pci-dss"))
    assert_one_line_error(run, "'pci-dss'", "iso-27001-2022, nist-800-53-r5")
    run = run_cli(
        capsys,
        *scenario_check_args("compliant", "--framework", "nist-800-53-r5", "--format", "sarif"),
    )
    assert_one_line_error(run, "--framework groups a text, json or markdown report")
