"""Rule filters: a filtered-out rule is not evaluated, and every report says so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.harness import AS_OF, SEED, assert_one_line_error, run_cli, seed_check_args
from tests.report.format_validators import junit_problems


def _json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    code, out, err = run_cli(capsys, *seed_check_args("--format", "json", *extra))
    assert code in (0, 1), err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def _ids(data: dict[str, object], key: str) -> set[str]:
    items = data[key]
    assert isinstance(items, list)
    return {item["rule_id"] if key == "findings" else item["id"] for item in items}


def test_unfiltered_run_lists_nothing_filtered(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys)
    assert data["filtered_rules"] == []
    assert {"QC301", "QC305", "QC501"} <= _ids(data, "findings")


def test_family_selects_its_rules_and_keeps_evidence_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    everything = _json(capsys)
    data = _json(capsys, "--family", "residency")
    evaluated = _ids(data, "rules")
    assert {r for r in evaluated if not r.startswith("QC9")} == {
        r for r in _ids(everything, "rules") if r.startswith("QC1")
    }
    assert {r for r in _ids(everything, "rules") if r.startswith("QC9")} <= evaluated
    assert _ids(data, "findings") <= evaluated
    # The seed's other findings are gone because their rules were not evaluated, and the
    # report says which rules and why.
    filtered = {f["id"]: f["reason"] for f in data["filtered_rules"]}  # type: ignore[attr-defined]
    assert {"QC301", "QC305", "QC501"} <= set(filtered)
    assert not {"QC301", "QC305", "QC501"} & _ids(data, "findings")
    assert filtered["QC301"] == "not selected (selected: family residency)"
    assert not set(filtered) & evaluated


def test_rule_skip_rule_and_min_severity(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--rule", "QC301", "--rule", "QC402", "--skip-rule", "QC402")
    assert {r for r in _ids(data, "rules") if not r.startswith("QC9")} == {"QC301"}
    reasons = {f["id"]: f["reason"] for f in data["filtered_rules"]}  # type: ignore[attr-defined]
    assert reasons["QC402"] == "skipped (skip rule)"
    data = _json(capsys, "--min-severity", "high")
    severities = {r["severity"] for r in data["rules"] if not r["id"].startswith("QC9")}  # type: ignore[attr-defined]
    assert severities <= {"critical", "high"}
    assert all(
        f["reason"] == "below the minimum severity high"
        for f in data["filtered_rules"]  # type: ignore[attr-defined]
    )


def test_config_filters_and_command_line_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "qcheck.yaml"
    config.write_text(
        (SEED / "qcheck.yaml").read_text() + "filters:\n  families: [account_instances]\n"
    )
    argv = ("check", str(SEED / "snapshot.json"), "--config", str(config), "--as-of", AS_OF)
    _, out, _ = run_cli(capsys, *argv, "--format", "json")
    data = json.loads(out)
    assert {r for r in _ids(data, "rules") if not r.startswith("QC9")} == {
        "QC301",
        "QC302",
        "QC303",
        "QC304",
        "QC305",
    }
    _, out, _ = run_cli(capsys, *argv, "--format", "json", "--family", "subscriptions")
    data = json.loads(out)
    assert {r for r in _ids(data, "rules") if not r.startswith("QC9")} == {"QC501"}


def test_every_format_says_what_was_not_evaluated(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--skip-rule", "QC301")
    _, text, _ = run_cli(capsys, *seed_check_args(*args))
    assert "NOT EVALUATED (1)" in text and "QC301 AccountInstanceWithoutJustification" in text
    _, markdown, _ = run_cli(capsys, *seed_check_args("--format", "markdown", *args))
    assert "### Rules not evaluated" in markdown and "`QC301`" in markdown
    assert "1 rules not evaluated (filters)" in markdown
    _, sarif, _ = run_cli(capsys, *seed_check_args("--format", "sarif", *args))
    run = json.loads(sarif)["runs"][0]
    assert all(r["ruleId"] != "QC301" for r in run["results"])
    rules = run["tool"]["driver"]["rules"]
    notes = run["invocations"][0]["toolConfigurationNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == ["QC301"]
    descriptor = rules[notes[0]["associatedRule"]["index"]]
    assert descriptor["id"] == "QC301" and descriptor["properties"]["evaluated"] is False
    assert notes[0]["descriptor"]["id"] == run["tool"]["driver"]["notifications"][0]["id"]
    _, junit, _ = run_cli(capsys, *seed_check_args("--format", "junit", *args))
    assert junit_problems(junit) == []
    suite = ElementTree.fromstring(junit).find(
        "testsuite[@name='QC301 AccountInstanceWithoutJustification']"
    )
    assert suite is not None and suite.get("skipped") == "1" and suite.get("failures") == "0"
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "QC301: not evaluated"
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith("not evaluated: ")
    _, table, _ = run_cli(capsys, *seed_check_args("--format", "csv", *args))
    rows = list(csv.DictReader(io.StringIO(table, newline=""), strict=True))
    [left_out] = [r for r in rows if r["state"] == "not evaluated"]
    assert left_out["rule_id"] == "QC301" and left_out["resource"] == ""
    assert left_out["message"].startswith("not evaluated: ")
    assert all(r["rule_id"] != "QC301" for r in rows if r["state"] != "not evaluated")


def test_waiver_of_a_filtered_rule_is_not_reported_unmatched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    messy = SEED.parent / "messy"
    argv = ("check", str(messy / "snapshot.json"), "--config", str(messy / "qcheck.yaml"))
    argv += ("--as-of", AS_OF, "--format", "json")

    def unmatched(*extra: str) -> set[str]:
        _, out, _ = run_cli(capsys, *argv, *extra)
        findings = json.loads(out)["findings"]
        return {f["resource"] for f in findings if f["rule_id"] == "QC802"}

    # The QC402 waiver matches a finding; with QC402 not evaluated it is not judged at all,
    # rather than reported as matching nothing.
    assert not any(r.startswith("waiver/QC402/") for r in unmatched())
    assert not any(r.startswith("waiver/QC402/") for r in unmatched("--skip-rule", "QC402"))
    assert unmatched() == unmatched("--skip-rule", "QC402")


def test_unknown_names_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = run_cli(capsys, *seed_check_args("--rule", "QC999"))
    assert_one_line_error(run, "unknown rule 'QC999'")
    run = run_cli(capsys, *seed_check_args("--family", "residence"))
    assert_one_line_error(run, "unknown family 'residence'", "residency")
    config = tmp_path / "qcheck.yaml"
    config.write_text((SEED / "qcheck.yaml").read_text() + "filters:\n  skip_rules: [QC1O1]\n")
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--config", str(config))
    lines = len((SEED / "qcheck.yaml").read_text().splitlines())
    assert_one_line_error(run, f"{config}:{lines + 2}:", "filters.skip_rules.0")
    config.write_text((SEED / "qcheck.yaml").read_text() + "filters:\n  min_severity: urgent\n")
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--config", str(config))
    assert_one_line_error(run, "filters.min_severity")


@pytest.mark.slow
def test_filtered_sarif_with_baseline_is_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Not-evaluated descriptors, their notifications and the resolved list keep the log
    valid for the schema and the multitool's GitHub rules."""
    from tests.sarif_tools import multitool_problems, schema_errors

    baseline = tmp_path / "baseline.json"
    run_cli(capsys, *seed_check_args("--format", "json", "--output", str(baseline)))
    _, out, _ = run_cli(
        capsys,
        *seed_check_args("--format", "sarif", "--family", "residency", "--baseline", str(baseline)),
    )
    document = json.loads(out)
    assert document["runs"][0]["properties"]["baseline"]["resolved"] == []
    assert document["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert schema_errors(document) == []
    assert multitool_problems(out, tmp_path) == []
