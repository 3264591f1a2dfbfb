"""SARIF output: structure, GitHub code scanning's needs, the official schema, the multitool.

sarif-schema-2.1.0.json beside this file is the SARIF 2.1.0 JSON schema exactly as shipped
(as `sarif-2.1.0.json`) in the npm package @microsoft/sarif-multitool-linux 5.7.0
(MIT licence), the platform package of Microsoft's SARIF Multitool, which validates
with the same file. Tests read it from disk: nothing is fetched at test time.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from qcheck.model import Finding, Reference, Report, Severity
from qcheck.report import sarif
from tests.sarif_tools import multitool_problems

SCHEMA_PATH = Path(__file__).with_name("sarif-schema-2.1.0.json")


def _log(report: Report) -> dict[str, Any]:
    data = json.loads(sarif.render(report))
    assert isinstance(data, dict)
    return data


def _run(report: Report) -> dict[str, Any]:
    runs = _log(report)["runs"]
    assert len(runs) == 1
    run = runs[0]
    assert isinstance(run, dict)
    return run


def _validate(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _edge_report(report: Report) -> Report:
    """Awkward but possible input: bare rules, odd paths, unicode, no evidence, no line."""
    bare = tuple(dataclasses.replace(r, title="", description="", name="") for r in report.rules)
    by_id = {r.id: r for r in bare}
    findings = [dataclasses.replace(f, rule=by_id[f.rule.id]) for f in report.findings]
    findings.append(
        dataclasses.replace(
            findings[0],
            resource="arn:aws:sso:::instance/ssoins-ü",
            path="/abs/dir with space/#snap.json",
            line=None,
            message="Zone « EU »\nsecond | line",
            evidence=(),
            account_id=None,
            region=None,
        )
    )
    return dataclasses.replace(
        report, rules=bare, findings=tuple(findings), tool_version="0.1.0.dev3+gabc"
    )


def test_valid_against_official_schema(report: Report) -> None:
    _validate(_log(report))
    _validate(_log(_edge_report(report)))


def test_empty_report_valid_against_official_schema(empty_report: Report) -> None:
    _validate(_log(empty_report))


def test_log_header(report: Report) -> None:
    log = _log(report)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "qcheck"
    assert driver["version"] == "0.1.0"
    assert driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"] == "https://github.com/qcheck-dev/qcheck"
    assert "invocations" not in log["runs"][0]


def test_every_rule_listed_even_without_results(report: Report) -> None:
    run = _run(report)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["QC101", "QC201", "QC301", "QC401", "QC501"]
    assert "QC501" not in {r["ruleId"] for r in run["results"]}


def test_rule_descriptor(report: Report) -> None:
    rules = _run(report)["tool"]["driver"]["rules"]
    qc101 = rules[0]
    assert qc101["name"] == "ProfileOutsideResidencyZone"
    assert qc101["shortDescription"] == {"text": "ProfileOutsideResidencyZone title"}
    assert qc101["fullDescription"] == {"text": "Description of ProfileOutsideResidencyZone."}
    assert qc101["helpUri"] == (
        "https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html"
    )
    assert qc101["defaultConfiguration"] == {"level": "error"}
    assert qc101["properties"] == {
        "security-severity": "8.0",
        "tags": ["security", "residency"],
        "precision": "high",
        "problem.severity": "error",
    }
    markdown = qc101["help"]["markdown"]
    assert markdown.startswith("Description of ProfileOutsideResidencyZone.")
    assert "- Recreate the profile in an allowed region." in markdown
    assert "[Second reference](<https://example.org/second>)" in markdown
    text = qc101["help"]["text"]
    assert "- Or change the allowed zones." in text
    assert "Amazon Q Developer data storage: https://docs.aws.amazon.com/" in text
    # no references: no helpUri, and help is the description alone
    qc201 = rules[1]
    assert "helpUri" not in qc201
    assert qc201["help"] == {
        "text": "Description of AccountInstancePresent.",
        "markdown": "Description of AccountInstancePresent.",
    }


def test_severity_mapping(report: Report) -> None:
    rules = {r["id"]: r for r in _run(report)["tool"]["driver"]["rules"]}
    expected = {
        "QC201": (Severity.CRITICAL, "error", "9.5", "error"),
        "QC101": (Severity.HIGH, "error", "8.0", "error"),
        "QC301": (Severity.MEDIUM, "warning", "5.5", "warning"),
        "QC401": (Severity.LOW, "note", "3.0", "recommendation"),
    }
    for rule_id, (severity, level, score, problem) in expected.items():
        rule = rules[rule_id]
        assert rule["defaultConfiguration"]["level"] == level, severity
        assert rule["properties"]["security-severity"] == score
        assert rule["properties"]["problem.severity"] == problem
        float(rule["properties"]["security-severity"])  # numeric string
    levels = {r["ruleId"]: r["level"] for r in _run(report)["results"]}
    assert levels == {"QC201": "error", "QC101": "error", "QC301": "warning", "QC401": "note"}


def test_waived_findings_omitted(report: Report) -> None:
    results = _run(report)["results"]
    assert len(results) == 4
    assert all("apl-2" not in json.dumps(r) for r in results)
    assert _run(report)["properties"]["waivedFindings"] == 1


def test_results_point_at_their_rule(report: Report) -> None:
    run = _run(report)
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_result_has_relative_uri_and_start_line(report: Report) -> None:
    for result in _run(report)["results"]:
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and not uri.startswith(("/", "./")) and ":" not in uri
        assert "uriBaseId" not in physical["artifactLocation"]
        assert isinstance(physical["region"]["startLine"], int)
        assert physical["region"]["startLine"] >= 1


def test_locations(report: Report) -> None:
    results = {r["ruleId"]: r for r in _run(report)["results"]}
    critical = results["QC201"]["locations"][0]
    assert critical["physicalLocation"] == {
        "artifactLocation": {"uri": "fixtures/scenarios/seed/snapshot.json"},
        "region": {"startLine": 42},
    }
    assert critical["logicalLocations"] == [
        {"fullyQualifiedName": "arn:aws:sso:::instance/ssoins-acct", "kind": "resource"}
    ]
    # no line: line 1 of the file
    medium = results["QC301"]["locations"][0]["physicalLocation"]
    assert medium == {"artifactLocation": {"uri": "qcheck.yaml"}, "region": {"startLine": 1}}


def test_paths_made_relative(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    base = report.findings[0]
    cases = {
        "./fixtures/a.json": "fixtures/a.json",
        "/home/ci/repo/snap.json": "home/ci/repo/snap.json",
        "C:\\work\\snap.json": "work/snap.json",
        "dir\\sub\\snap.json": "dir/sub/snap.json",
        "a/./b//c.json": "a/b/c.json",
        "with space#1.json": "with%20space%231.json",
    }
    for path, uri in cases.items():
        finding = dataclasses.replace(base, path=path, line=None)
        result = _run(build((finding,)))["results"][0]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert sarif.relative_uri_path("./x/../y.json") == "y.json"


def test_message_names_resource_account_and_region(report: Report) -> None:
    results = {r["ruleId"]: r for r in _run(report)["results"]}
    text = results["QC101"]["message"]["text"]
    assert text == (
        'Q Developer profile "alpha-us" is in us-east-1, outside the zones ["EU"]. '
        "Resource: arn:aws:sso::111111111111:application/ssoins-1/apl-1 "
        "(account 222222222222, region us-east-1)."
    )
    low = results["QC401"]["message"]["text"]
    assert "arn:aws:organizations::111111111111:organization/o-abc" in low
    assert "(account n/a, region n/a)." in low


def test_fingerprints(report: Report) -> None:
    for finding, result in zip(
        [f for f in report.findings if not f.waived], _run(report)["results"], strict=True
    ):
        assert result["partialFingerprints"] == {"qcheckFindingId/v1": finding.fingerprint}


def test_result_properties(report: Report) -> None:
    results = {r["ruleId"]: r for r in _run(report)["results"]}
    assert results["QC101"]["properties"] == {
        "allowed_regions": "eu-central-1",
        "zone": "EU",
        "resource": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
        "account_id": "222222222222",
        "region": "us-east-1",
        "snapshot": "fixtures/scenarios/seed/snapshot.json",
        "evidence": [
            "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
            "arn:aws:organizations::111111111111:account/o-abc/222222222222",
            "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
        ],
    }


def test_rule_properties_cannot_replace_reserved_keys(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    finding = dataclasses.replace(report.findings[0], properties=(("resource", "spoofed"),))
    properties = _run(build((finding,)))["results"][0]["properties"]
    assert properties["resource"] == finding.resource


def test_code_flow_follows_evidence(report: Report) -> None:
    result = next(r for r in _run(report)["results"] if r["ruleId"] == "QC101")
    (flow,) = result["codeFlows"]
    (thread,) = flow["threadFlows"]
    steps = thread["locations"]
    assert [s["location"]["message"]["text"] for s in steps] == [
        "step 1: arn:aws:sso::111111111111:application/ssoins-1/apl-1",
        "step 2: arn:aws:organizations::111111111111:account/o-abc/222222222222",
        "step 3: arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
    ]
    physical = result["locations"][0]["physicalLocation"]
    assert all(s["location"]["physicalLocation"] == physical for s in steps)
    assert steps[1]["location"]["logicalLocations"] == [
        {
            "fullyQualifiedName": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
            "kind": "resource",
        }
    ]


def test_no_code_flow_without_evidence(report: Report) -> None:
    result = next(r for r in _run(report)["results"] if r["ruleId"] == "QC301")
    assert "codeFlows" not in result


def test_automation_details(report: Report, empty_report: Report) -> None:
    run = _run(report)
    assert run["automationDetails"] == {"id": "qcheck/fixtures/scenarios/seed/snapshot.json/"}
    assert sarif.automation_id(("./a/s.json", "b/t.json")) == "qcheck/a/s.json,b/t.json/"
    assert sarif.automation_id(()) == "qcheck/"


def test_bare_rules_still_described(report: Report) -> None:
    run = _run(_edge_report(report))
    rule = run["tool"]["driver"]["rules"][0]
    assert "name" not in rule
    assert rule["shortDescription"] == {"text": "QC101"}
    assert rule["fullDescription"] == {"text": "QC101"}
    last = run["results"][-1]
    assert last["message"]["text"].startswith("Zone « EU »\nsecond | line. Resource: ")
    assert last["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "abs/dir%20with%20space/%23snap.json"
    )


def test_semantic_version_only_when_semver(report: Report) -> None:
    driver = _run(_edge_report(report))["tool"]["driver"]
    assert driver["version"] == "0.1.0.dev3+gabc"
    assert "semanticVersion" not in driver
    driver = _run(dataclasses.replace(report, tool_version="1.2.3-rc.1+g1"))["tool"]["driver"]
    assert driver["semanticVersion"] == "1.2.3-rc.1+g1"


def test_rule_missing_from_catalog_is_added(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    stray_rule = dataclasses.replace(report.rules[0], id="QC999", name="Stray")
    finding = dataclasses.replace(report.findings[0], rule=stray_rule)
    run = _run(build((finding,)))
    rules = run["tool"]["driver"]["rules"]
    assert rules[-1]["id"] == "QC999"
    assert run["results"][0]["ruleIndex"] == len(rules) - 1


def test_empty_report(empty_report: Report) -> None:
    run = _run(empty_report)
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == 5


def test_deterministic(report: Report) -> None:
    first = sarif.render(report)
    assert first == sarif.render(report)
    assert first.endswith("}\n")


@pytest.mark.parametrize("edge", [False, True], ids=["sample", "edge"])
def test_multitool_validates(report: Report, tmp_path: Path, edge: bool) -> None:
    rendered = sarif.render(_edge_report(report) if edge else report)
    assert multitool_problems(rendered, tmp_path) == []


def test_help_uri_only_when_absolute(report: Report) -> None:
    relative = dataclasses.replace(
        report.rules[0], references=(Reference("docs/rules/QC101.md", "Local notes"),)
    )
    rules = _run(dataclasses.replace(report, rules=(relative,), findings=()))["tool"]["driver"]
    assert "helpUri" not in rules["rules"][0]
    assert "[Local notes](<docs/rules/QC101.md>)" in rules["rules"][0]["help"]["markdown"]
