"""ASFF, OCSF, JUnit and CSV, on hand-built reports: each output is valid for the format's
reference validator (format_validators.py), says what the mapping in docs/reports.md says,
and keeps hostile names inert."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from qcheck.model import Finding, Report, ResolvedFinding, Severity
from qcheck.report import render
from qcheck.report.asff import Target
from tests.report.conftest import (
    ACCOUNT_INSTANCE,
    DELEGATION,
    PROFILE,
    RESIDENCY,
    TAGGING,
    finding,
    make_report,
)
from tests.report.format_validators import (
    asff_problems,
    csv_rows,
    junit_problems,
    ocsf_problems,
)

TARGET = Target("999988887777", "eu-central-1")
AS_OF = "2026-11-22"
HOSTILE = (
    '=HYPERLINK("http://x","y") <script>&amp;</script> "quoted", comma\n'
    "\x1b[2J\x9b31m\u202egnp\ufffe\x00 ]]> \x0b"
)


def _report(findings: tuple[Finding, ...] | None = None, **changes: Any) -> Report:
    return dataclasses.replace(make_report(findings), as_of=AS_OF, **changes)


def _resolved(resource: str = PROFILE, severity: str = "high") -> ResolvedFinding:
    return ResolvedFinding(
        fingerprint="0123456789abcdef0123456789abcdef",
        rule_id="QC101",
        rule_name="ProfileOutsideResidencyZone",
        severity=severity,
        resource=resource,
        message="Q Developer profile was outside its zone",
    )


def _hostile_report() -> Report:
    findings = (
        finding(RESIDENCY, f"arn:aws:sso::1:application/{HOSTILE}", message=HOSTILE),
        finding(ACCOUNT_INSTANCE, HOSTILE, message="-1+1", account_id=None, region=HOSTILE),
        finding(TAGGING, "@SUM(A1)", message="+cmd|' /C calc'!A0", region="\tus-east-1"),
    )
    resolved = (_resolved(resource=f"={HOSTILE}", severity=HOSTILE),)
    return _report(findings, resolved=resolved, baseline="old.json")


# ---------------------------------------------------------------------------------------
# ASFF


def _asff(report: Report) -> list[list[dict[str, Any]]]:
    text = render(report, "asff", TARGET)
    assert asff_problems(text) == []
    batches: list[list[dict[str, Any]]] = json.loads(text)
    return batches


def test_asff_fields() -> None:
    report = _report()
    (batch,) = _asff(report)
    assert [f["Id"] for f in batch] == [f.fingerprint for f in report.findings]
    for asff in batch:
        assert asff["AwsAccountId"] == "999988887777"
        assert asff["ProductArn"] == (
            "arn:aws:securityhub:eu-central-1:999988887777:product/999988887777/default"
        )
        assert asff["CreatedAt"] == asff["UpdatedAt"] == "2026-11-22T00:00:00.000Z"
        assert asff["RecordState"] == "ACTIVE"
        assert asff["Compliance"] == {"Status": "FAILED"}
    by_id = {f["Id"]: f for f in batch}
    profile = next(f for f in report.findings if f.resource == PROFILE)
    asff = by_id[profile.fingerprint]
    assert asff["Severity"] == {"Label": "HIGH", "Original": "high"}
    assert asff["FindingProviderFields"]["Severity"] == asff["Severity"]
    assert asff["GeneratorId"] == "qcheck/QC101"
    assert asff["Resources"] == [
        {
            "Type": "Other",
            "Id": PROFILE,
            "Partition": "aws",
            "Region": "us-east-1",
            "Details": {"Other": {"AccountId": "222222222222"}},
        },
        {"Type": "AwsAccount", "Id": "AWS::::Account:222222222222", "Partition": "aws"},
    ]
    assert asff["Remediation"]["Recommendation"]["Url"].startswith("https://docs.aws")
    waived = next(f for f in report.findings if f.waived)
    assert by_id[waived.fingerprint]["Workflow"] == {"Status": "SUPPRESSED"}


@pytest.mark.parametrize(
    ("severity", "label"),
    [
        (Severity.CRITICAL, "CRITICAL"),
        (Severity.HIGH, "HIGH"),
        (Severity.MEDIUM, "MEDIUM"),
        (Severity.LOW, "LOW"),
    ],
)
def test_asff_severity_mapping(severity: Severity, label: str) -> None:
    rule = dataclasses.replace(RESIDENCY, severity=severity)
    (batch,) = _asff(_report((finding(rule, PROFILE),)))
    assert batch[0]["Severity"]["Label"] == label


def test_asff_resolved_findings_are_archived() -> None:
    (batch,) = _asff(_report(resolved=(_resolved(),), baseline="old.json"))
    archived = batch[-1]
    assert archived["Id"] == "0123456789abcdef0123456789abcdef"
    assert archived["RecordState"] == "ARCHIVED"
    assert archived["Compliance"] == {"Status": "PASSED"}
    assert archived["Title"] == RESIDENCY.title
    assert [f["RecordState"] for f in batch[:-1]] == ["ACTIVE"] * (len(batch) - 1)


@pytest.mark.parametrize(
    ("count", "sizes"), [(0, []), (100, [100]), (101, [100, 1]), (250, [100, 100, 50])]
)
def test_asff_batches_of_at_most_100(count: int, sizes: list[int]) -> None:
    findings = tuple(finding(TAGGING, f"arn:aws:s3:::bucket-{n:04}") for n in range(count))
    assert [len(batch) for batch in _asff(_report(findings))] == sizes


def test_asff_long_values_are_cut_to_the_documented_limits() -> None:
    long_rule = dataclasses.replace(RESIDENCY, title="T" * 300, recommended_actions=("a" * 600,))
    (batch,) = _asff(_report((finding(long_rule, PROFILE, message="m" * 2000, region="r" * 20),)))
    assert len(batch[0]["Title"]) == 256 and batch[0]["Title"].endswith("…")
    assert len(batch[0]["Description"]) == 1024
    assert "Region" not in batch[0]["Resources"][0]


def test_asff_hostile_names() -> None:
    text = render(_hostile_report(), "asff", TARGET)
    assert asff_problems(text) == []
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\u001b[2J" in text  # kept, as an escape


@pytest.mark.parametrize(
    ("account", "region"),
    [("12345", "eu-central-1"), ("999988887777", "eu central 1"), ("99998888777a", "us-east-1")],
)
def test_asff_target_is_checked(account: str, region: str) -> None:
    from qcheck.errors import InputError

    with pytest.raises(InputError):
        Target(account, region)


@pytest.mark.parametrize(
    ("region", "partition"),
    [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")],
)
def test_asff_product_arn_partition(region: str, partition: str) -> None:
    assert Target("999988887777", region).product_arn.startswith(f"arn:{partition}:securityhub:")


# ---------------------------------------------------------------------------------------
# OCSF


def _ocsf(report: Report) -> list[dict[str, Any]]:
    text = render(report, "ocsf")
    assert ocsf_problems(text) == []
    events: list[dict[str, Any]] = json.loads(text)
    return events


def test_ocsf_compliance_finding_events() -> None:
    report = _report(resolved=(_resolved(),), baseline="old.json")
    events = _ocsf(report)
    assert len(events) == len(report.findings) + 1
    for event in events:
        assert (event["class_uid"], event["category_uid"]) == (2003, 2)
        assert event["metadata"]["version"] == "1.8.0"
        assert event["type_uid"] == 2003 * 100 + event["activity_id"]
        assert event["time"] == 1795305600000  # 2026-11-22T00:00:00Z
    by_uid = {e["finding_info"]["uid"]: e for e in events}
    profile = next(f for f in report.findings if f.resource == PROFILE)
    event = by_uid[profile.fingerprint]
    assert (event["severity_id"], event["status_id"], event["activity_id"]) == (4, 1, 1)
    assert event["compliance"]["status_id"] == 3
    assert event["cloud"] == {
        "provider": "AWS",
        "account": {"uid": "222222222222", "type_id": 10, "type": "AWS Account"},
        "region": "us-east-1",
    }
    assert event["finding_info"]["analytic"]["uid"] == "QC101"
    waived = next(f for f in report.findings if f.waived)
    assert by_uid[waived.fingerprint]["status_id"] == 3  # Suppressed
    closed = by_uid["0123456789abcdef0123456789abcdef"]
    assert (closed["activity_id"], closed["status_id"]) == (3, 4)
    assert closed["compliance"]["status_id"] == 1


def test_ocsf_hostile_names() -> None:
    text = render(_hostile_report(), "ocsf")
    assert ocsf_problems(text) == []
    assert "\x1b" not in text and "\u202e" not in text


# ---------------------------------------------------------------------------------------
# JUnit


def _junit(report: Report) -> ET.Element:
    text = render(report, "junit")
    assert junit_problems(text) == []
    return ET.fromstring(text)


def test_junit_one_case_per_rule_and_resource() -> None:
    report = _report(resolved=(_resolved(resource="arn:aws:sso::1:application/gone"),))
    root = _junit(report)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == [f"{r.id} {r.name}" for r in report.rules]
    residency = suites["QC101 ProfileOutsideResidencyZone"]
    cases = {c.get("name"): c for c in residency.iter("testcase")}
    assert cases[PROFILE].find("failure") is not None
    waived = next(f for f in report.findings if f.waived)
    skipped = cases[waived.resource].find("skipped")
    assert skipped is not None and "Migration to eu-central-1" in (skipped.get("message") or "")
    gone = cases["arn:aws:sso::1:application/gone"]
    assert gone.find("failure") is None and gone.find("skipped") is None
    assert (residency.get("tests"), residency.get("failures"), residency.get("skipped")) == (
        "3",
        "1",
        "1",
    )
    unused = suites["QC501 NeverFires"]
    assert [c.get("name") for c in unused.iter("testcase")] == ["QC501: no findings"]
    failures = sum(1 for f in report.findings if not f.waived)
    assert root.get("failures") == str(failures)
    delegation = suites[f"{DELEGATION.id} {DELEGATION.name}"]
    failure = delegation.find("testcase/failure")
    assert failure is not None and failure.get("type") == "medium"


def test_junit_rules_not_judged_are_skipped_not_passed() -> None:
    unknown_rule = dataclasses.replace(TAGGING, id="QC905", name="FactUnknown")
    unknown = finding(
        unknown_rule,
        f"unknown:profile.region:{PROFILE}",
        evidence=(PROFILE,),
        properties=(("fact", "profile.region"), ("rules_not_judged", "QC101, QC201")),
    )
    root = _junit(_report((unknown,)))
    for suite_id in ("QC101", "QC201"):
        suite = next(s for s in root.iter("testsuite") if s.get("name", "").startswith(suite_id))
        (case,) = suite.iter("testcase")
        skipped = case.find("skipped")
        assert case.get("name") == PROFILE and skipped is not None
        assert skipped.get("message") == "not judged: profile.region is unknown (QC905)"
        assert suite.get("skipped") == "1"


def test_junit_names_are_unique_within_a_suite() -> None:
    findings = (
        finding(RESIDENCY, PROFILE, message="one"),
        finding(RESIDENCY, PROFILE, message="two"),
        finding(RESIDENCY, f"{PROFILE} (2)"),
    )
    root = _junit(_report(findings))
    for suite in root.iter("testsuite"):
        names = [c.get("name") for c in suite.iter("testcase")]
        assert len(names) == len(set(names)), names
    residency = next(s for s in root.iter("testsuite") if s.get("name", "").startswith("QC101"))
    assert len(list(residency.iter("testcase"))) == 3


def test_junit_hostile_names() -> None:
    text = render(_hostile_report(), "junit")
    assert junit_problems(text) == []
    root = ET.fromstring(text)
    names = [c.get("name") for c in root.iter("testcase")]
    assert any(name and "<script>&amp;</script>" in name for name in names)  # text, not markup
    assert "\x1b" not in text and "\ufffe" not in text and "\x0b" not in text


# ---------------------------------------------------------------------------------------
# CSV


def test_csv_one_row_per_finding() -> None:
    report = _report(resolved=(_resolved(),), baseline="old.json")
    header, *rows = csv_rows(render(report, "csv"))
    assert header[:5] == ["fingerprint", "state", "baseline", "severity", "rule_id"]
    assert [row[0] for row in rows] == [
        *(f.fingerprint for f in report.findings),
        "0123456789abcdef0123456789abcdef",
    ]
    states = [row[1] for row in rows]
    assert states.count("waived") == 1 and states[-1] == "resolved"


def test_csv_formula_injection_is_neutralised() -> None:
    header, *rows = csv_rows(render(_hostile_report(), "csv"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x","y") <script>&amp;</script> "quoted", comma\\x0a' in " ".join(
        cells
    )
    for cell in cells:
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert "\n" not in cell and "\x1b" not in cell and "\x00" not in cell
    columns = dict(zip(header, zip(*rows, strict=True), strict=True))
    assert "'@SUM(A1)" in columns["resource"]
    assert "'-1+1" in columns["message"]
    assert "\\x09us-east-1" in columns["region"]  # the tab shown, not a formula start


def test_csv_quotes_every_cell_and_ends_lines_with_crlf() -> None:
    text = render(_report(), "csv")
    for line in text.split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"')
