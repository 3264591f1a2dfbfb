"""Gates: baselines, waivers, diffs, and SARIF that stays stable across collections."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.harness import AS_OF, SCENARIOS, SEED, Run, assert_one_line_error, run_cli

MESSY = SCENARIOS / "messy"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    return run_cli(capsys, *argv, "--as-of", AS_OF)


def seed_check(capsys: pytest.CaptureFixture[str], snapshot: Path, *extra: str) -> Run:
    return run(capsys, "check", str(snapshot), "--config", str(SEED / "qcheck.yaml"), *extra)


def test_baseline_gates_only_on_new_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    code, _, _ = seed_check(
        capsys, SEED / "snapshot.json", "--format", "json", "--output", str(baseline)
    )
    assert code == 1
    # Same organization against its own baseline: nothing new, the gate passes.
    code, out, _ = seed_check(
        capsys, SEED / "snapshot.json", "--baseline", str(baseline), "--format", "sarif"
    )
    assert code == 0
    results = json.loads(out)["runs"][0]["results"]
    assert results and {r["baselineState"] for r in results} == {"unchanged"}

    # A new violation appears: Alpha's US profile is declared in Sydney.
    drifted = tmp_path / "qcheck.yaml"
    text = (SEED / "qcheck.yaml").read_text()
    drifted.write_text(
        text.replace(
            "      name: alpha-us\n      region: us-east-1",
            "      name: alpha-us\n      region: ap-southeast-2",
        )
    )
    assert drifted.read_text() != text
    code, out, _ = run(
        capsys,
        "check",
        str(SEED / "snapshot.json"),
        "--config",
        str(drifted),
        "--baseline",
        str(baseline),
        "--format",
        "sarif",
    )
    assert code == 1
    states = {(r["ruleId"], r["baselineState"]) for r in json.loads(out)["runs"][0]["results"]}
    assert (
        ("QC101", "new") in states
        and ("QC104", "new") in states
        and ("QC301", "unchanged") in states
    )


def test_bad_baseline_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text('{"runs": []}')
    run = seed_check(capsys, SEED / "snapshot.json", "--baseline", str(bad))
    assert_one_line_error(run, "not a qcheck JSON report")


def test_waivers_leave_sarif_and_gate_but_stay_visible(capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = MESSY / "snapshot.json"
    config = MESSY / "qcheck.yaml"
    _, sarif_out, _ = run(
        capsys, "check", str(snapshot), "--config", str(config), "--format", "sarif"
    )
    results = json.loads(sarif_out)["runs"][0]["results"]
    assert "QC402" not in {r["ruleId"] for r in results}  # waived
    assert {"QC801", "QC802"} <= {r["ruleId"] for r in results}
    _, json_out, _ = run(
        capsys, "check", str(snapshot), "--config", str(config), "--format", "json"
    )
    waived = [f for f in json.loads(json_out)["findings"] if f["waived"]]
    assert [f["rule_id"] for f in waived] == ["QC402"]
    assert waived[0]["waiver"]["reason"].startswith("Q Business pilot")
    _, text_out, _ = run(capsys, "check", str(snapshot), "--config", str(config))
    assert "Q Business pilot" in text_out
    # The expired waiver no longer applies: QC101 on the Sydney profile is open again.
    assert any(
        f["rule_id"] == "QC101" and f["resource"].endswith("apl-eusydney00001") and not f["waived"]
        for f in json.loads(json_out)["findings"]
    )


def test_only_waived_findings_pass_the_gate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "qcheck.yaml"
    findings = json.loads(seed_check(capsys, SEED / "snapshot.json", "--format", "json").out)[
        "findings"
    ]
    waivers = "".join(
        f"  - {{rule: {f['rule_id']}, resource: '{f['resource']}', reason: accepted, owner: sec, expires: '2099-01-01'}}\n"
        for f in findings
    )
    config.write_text((SEED / "qcheck.yaml").read_text() + "waivers:\n" + waivers)
    code, out, _ = run(capsys, "check", str(SEED / "snapshot.json"), "--config", str(config))
    assert code == 0
    assert f"{len(findings)} waived" in out


def test_recollecting_an_unchanged_organization_gives_identical_sarif(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A second collection of the same organization: same content, a later timestamp.
    again = tmp_path / "repo" / "fixtures" / "snapshot.json"
    again.parent.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    shutil.copy(SEED / "snapshot.json", again)
    first = seed_check(capsys, again, "--format", "sarif").out
    again.write_text(again.read_text().replace("2026-11-20T09:00:00Z", "2026-11-21T09:00:00Z"))
    second = seed_check(capsys, again, "--format", "sarif").out
    assert first == second
    assert (
        json.loads(first)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"
        ]["uri"]
        == "fixtures/snapshot.json"
    )


def test_unrelated_change_keeps_fingerprints(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def fingerprints(path: Path) -> dict[tuple[str, str], str]:
        results = json.loads(seed_check(capsys, path, "--format", "sarif").out)["runs"][0][
            "results"
        ]
        return {
            (r["ruleId"], r["properties"]["resource"]): r["partialFingerprints"][
                "qcheckFindingId/v1"
            ]
            for r in results
        }

    before = fingerprints(SEED / "snapshot.json")
    # An unrelated account gets a new tag and a new user is added: lines shift below them.
    changed = tmp_path / "snapshot.json"
    text = (SEED / "snapshot.json").read_text()
    text = text.replace(
        '"tags": {"unit": "alpha"}', '"tags": {"cost-center": "1234", "unit": "alpha"}'
    )
    user = '    {"id": "arn:aws:identitystore:::user/90670002-0000-0000-0000-000000000000", "kind": "user", "origin": "observed", "identity_store_id": "d-9067seed01", "user_name": "aaron@example.com"},\n'
    marker = '    {"id": "arn:aws:identitystore:::user/90670002-0000-0000-0000-000000000001"'
    text = text.replace(marker, user + marker)
    changed.write_text(text)
    after = fingerprints(changed)
    assert after == before


def test_diff_reports_organization_and_finding_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "diff",
        str(SCENARIOS / "compliant" / "snapshot.json"),
        str(SEED / "snapshot.json"),
        "--config",
        str(SEED / "qcheck.yaml"),
        "--format",
        "json",
    )
    assert code == 1
    document = json.loads(out)
    kinds = {c["kind"] for c in document["changes"]}
    assert {
        "instance created",
        "application added",
        "assignment added",
        "SCP attachment removed",
    } <= kinds
    assert {f["rule_id"] for f in document["appeared"]} == {"QC301", "QC305", "QC501"}
    # Back again: those findings are resolved; the seed config's declared customizations
    # now name profiles the compliant organization does not have (QC903).
    code, out, _ = run(
        capsys,
        "diff",
        str(SEED / "snapshot.json"),
        str(SCENARIOS / "compliant" / "snapshot.json"),
        "--config",
        str(SEED / "qcheck.yaml"),
        "--format",
        "markdown",
    )
    assert "instance removed" in out and "### Findings resolved" in out
    appeared = out.split("### Findings appeared", 1)[1].split("###", 1)[0]
    assert "QC903" in appeared and "QC301" not in appeared


def test_diff_of_identical_snapshots_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "diff",
        str(SEED / "snapshot.json"),
        str(SEED / "snapshot.json"),
        "--config",
        str(SEED / "qcheck.yaml"),
    )
    assert code == 0
    assert "Organization changes (0)" in out and "Findings appeared (0)" in out


def test_diff_names_opt_out_policy_attachments_apart_from_scps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The assistant-admins organization has no opt-out policy; ai-opt-out attaches two."""
    folder = SCENARIOS / "ai-opt-out"
    code, out, _ = run(
        capsys,
        "diff",
        str(SCENARIOS / "assistant-admins" / "snapshot-approved.json"),
        str(folder / "snapshot.json"),
        "--config",
        str(folder / "qcheck.yaml"),
        "--format",
        "json",
    )
    assert code == 1
    added = [
        c for c in json.loads(out)["changes"] if c["kind"] == "AI opt-out policy attachment added"
    ]
    assert len(added) == 2
    assert all("aiservices_opt_out_policy" in c["detail"] for c in added)
