"""Baseline state in every report: new, unchanged and resolved findings, as SARIF's
baselineState, in text, JSON and Markdown; the JSON report records its as_of date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.harness import AS_OF, SEED, run_cli

SNAPSHOT = str(SEED / "snapshot.json")


def _drifted(tmp_path: Path) -> Path:
    """The seed config with Alpha's US profile declared in Sydney: QC101 and QC104 appear."""
    text = (SEED / "qcheck.yaml").read_text()
    drifted = tmp_path / "drifted.yaml"
    drifted.write_text(
        text.replace(
            "      name: alpha-us\n      region: us-east-1",
            "      name: alpha-us\n      region: ap-southeast-2",
        )
    )
    assert drifted.read_text() != text
    return drifted


def _check(capsys: pytest.CaptureFixture[str], config: Path, *extra: str) -> str:
    code, out, err = run_cli(
        capsys, "check", SNAPSHOT, "--config", str(config), "--as-of", AS_OF, *extra
    )
    assert code in (0, 1), err
    return out


@pytest.fixture
def reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> tuple[dict[str, str], dict[str, str]]:
    """Each format twice: the drifted organization against the seed's report (new
    findings), then the seed against the drifted one (those resolved)."""
    seed_report = tmp_path / "seed.json"
    drifted_report = tmp_path / "drifted.json"
    drifted = _drifted(tmp_path)
    _check(capsys, SEED / "qcheck.yaml", "--format", "json", "--output", str(seed_report))
    _check(capsys, drifted, "--format", "json", "--output", str(drifted_report))
    formats = ("text", "json", "markdown", "sarif")
    appeared = {
        f: _check(capsys, drifted, "--format", f, "--baseline", str(seed_report)) for f in formats
    }
    resolved = {
        f: _check(capsys, SEED / "qcheck.yaml", "--format", f, "--baseline", str(drifted_report))
        for f in formats
    }
    return appeared, resolved


def test_json_states_agree_with_sarif(reports: tuple[dict[str, str], dict[str, str]]) -> None:
    appeared, resolved = reports
    for outputs in (appeared, resolved):
        data = json.loads(outputs["json"])
        sarif = json.loads(outputs["sarif"])["runs"][0]["results"]
        by_sarif = {
            r["partialFingerprints"]["qcheckFindingId/v1"]: r["baselineState"] for r in sarif
        }
        by_json = {f["fingerprint"]: f["baseline_state"] for f in data["findings"]}
        assert by_sarif.items() <= by_json.items()
        assert data["as_of"] == AS_OF
    data = json.loads(appeared["json"])
    new = sorted(f["rule_id"] for f in data["findings"] if f["baseline_state"] == "new")
    assert new == ["QC101", "QC104", "QC106"]  # the profile, and its customization's Region
    assert data["baseline"]["new"] == 3 and data["baseline"]["resolved"] == []
    assert data["baseline"]["unchanged"] == len(data["findings"]) - 3
    gone = json.loads(resolved["json"])["baseline"]
    assert sorted(r["rule_id"] for r in gone["resolved"]) == new
    assert gone["new"] == 0
    sarif_gone = json.loads(resolved["sarif"])["runs"][0]["properties"]["baseline"]["resolved"]
    assert [r["ruleId"] for r in sarif_gone] == [r["rule_id"] for r in gone["resolved"]]


def test_text_and_markdown_show_each_state(
    reports: tuple[dict[str, str], dict[str, str]],
) -> None:
    appeared, resolved = reports
    assert "QC101 ProfileOutsideResidencyZone (new)" in appeared["text"]
    assert "QC301 AccountInstanceWithoutJustification (unchanged)" in appeared["text"]
    assert ": 3 new, " in appeared["text"] and ", 0 resolved" in appeared["text"]
    assert "RESOLVED SINCE THE BASELINE (3)" in resolved["text"]
    assert "3 resolved" in resolved["text"]
    assert "| Severity | Baseline | Rule |" in appeared["markdown"]
    assert "| High | new | `QC101`" in appeared["markdown"]
    assert "### Resolved since the baseline" in resolved["markdown"]
    assert "`QC104` ProfileRegionNotOffered" in resolved["markdown"]


def test_filtered_rule_is_not_resolved(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    drifted_report = tmp_path / "drifted.json"
    _check(capsys, _drifted(tmp_path), "--format", "json", "--output", str(drifted_report))
    out = _check(
        capsys,
        SEED / "qcheck.yaml",
        "--format",
        "json",
        "--baseline",
        str(drifted_report),
        "--skip-rule",
        "QC101",
    )
    resolved = json.loads(out)["baseline"]["resolved"]
    assert [r["rule_id"] for r in resolved] == ["QC104", "QC106"]


def test_without_baseline_nothing_is_stated(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_check(capsys, SEED / "qcheck.yaml", "--format", "json"))
    assert data["baseline"] is None
    assert {f["baseline_state"] for f in data["findings"]} == {None}
