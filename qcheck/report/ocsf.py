"""OCSF Compliance Finding events, for SIEMs and security data lakes (see docs/reports.md).

The output is a JSON array of events of OCSF schema 1.8.0 (the current release: tag
1.8.0 of github.com/ocsf/ocsf-schema, 2026-03-18), class Compliance Finding: `class_uid`
2003 (category Findings, uid 2, times 1000, plus the class uid 3), with the `cloud`
profile (the affected AWS account and Region). One event per finding, and with a
baseline one Close event per baseline finding that is gone. Enum values and captions are
the schema's own:

- `activity_id` 1 Create, 3 Close (resolved); `type_uid` = 2003 * 100 + activity_id;
- `status_id` 1 New (open), 3 Suppressed (waived), 4 Resolved;
- `compliance.status_id` 3 Fail, 1 Pass (resolved);
- `severity_id` critical 5, high 4, medium 3, low 2;
- `finding_info.uid` is the fingerprint; `finding_info.analytic` is the rule (type 1 Rule);
- `time` is midnight UTC of the as-of date in milliseconds (deterministic output).
"""

from __future__ import annotations

import datetime
from typing import Any

from qcheck.model import Finding, Report, ResolvedFinding, Rule, Severity
from qcheck.report import escape

SCHEMA_VERSION = "1.8.0"
CATEGORY_UID, CATEGORY_NAME = 2, "Findings"
CLASS_UID, CLASS_NAME = 2003, "Compliance Finding"
INFORMATION_URI = "https://github.com/qcheck-dev/qcheck"

_ACTIVITY = {1: "Create", 3: "Close"}
_STATUS = {1: "New", 3: "Suppressed", 4: "Resolved"}
_COMPLIANCE_STATUS = {1: "Pass", 3: "Fail"}
_SEVERITY = {
    Severity.CRITICAL: (5, "Critical"),
    Severity.HIGH: (4, "High"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.LOW: (2, "Low"),
}
_UNKNOWN_SEVERITY = (0, "Unknown")
_AWS_ACCOUNT = (10, "AWS Account")  # account.type_id
_RULE = (1, "Rule")  # analytic.type_id
_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b")


def render(report: Report) -> str:
    """Render `report` as a JSON array of OCSF events. Pure and deterministic."""
    return escape.json_dumps(events(report)) + "\n"


def events(report: Report) -> list[dict[str, Any]]:
    time = _milliseconds(report.as_of)
    rules = {rule.id: rule for rule in report.rules}
    found = [_finding(f, report.tool_version, time) for f in report.findings]
    gone = [_resolved(r, rules.get(r.rule_id), report.tool_version, time) for r in report.resolved]
    return found + gone


def _milliseconds(as_of: str) -> int:
    """Midnight UTC of the as-of date as OCSF's timestamp_t (milliseconds since the epoch)."""
    if not as_of:
        return 0
    day = datetime.date.fromisoformat(as_of)
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return int(moment.timestamp()) * 1000


def _finding(finding: Finding, version: str, time: int) -> dict[str, Any]:
    rule = finding.rule
    status = 3 if finding.waived else 1
    event = _event(
        activity=1,
        status=status,
        severity=_SEVERITY[finding.severity],
        time=time,
        version=version,
        message=finding.message,
        cloud=_cloud(finding.account_id, finding.region),
    )
    event["finding_info"] = _finding_info(finding.fingerprint, rule, rule.id, finding.message)
    event["compliance"] = _compliance(rule, rule.id, 3)
    event["resources"] = [_resource(finding.resource, finding.region)]
    remediation = _remediation(rule)
    if remediation:
        event["remediation"] = remediation
    unmapped: dict[str, Any] = {
        "snapshot": finding.snapshot,
        "location": {"path": finding.path, "line": finding.line},
        "evidence": list(finding.evidence),
    }
    if finding.new is not None:
        unmapped["baseline_state"] = "new" if finding.new else "unchanged"
    if finding.waiver is not None:
        waiver = finding.waiver
        unmapped["waiver"] = {
            "reason": waiver.reason,
            "owner": waiver.owner,
            "expires": waiver.expires,
        }
    event["unmapped"] = unmapped
    return event


def _resolved(
    resolved: ResolvedFinding, rule: Rule | None, version: str, time: int
) -> dict[str, Any]:
    """A baseline finding that is gone: a Close event for the same finding uid."""
    try:
        severity = _SEVERITY[Severity(resolved.severity)]
    except ValueError:
        severity = _SEVERITY[rule.severity] if rule else _UNKNOWN_SEVERITY
    event = _event(
        activity=3,
        status=4,
        severity=severity,
        time=time,
        version=version,
        message=resolved.message,
        cloud={"provider": "AWS"},
    )
    event["finding_info"] = _finding_info(
        resolved.fingerprint, rule, resolved.rule_id, resolved.message, resolved.rule_name
    )
    event["compliance"] = _compliance(rule, resolved.rule_id, 1)
    event["resources"] = [_resource(resolved.resource, None)]
    event["unmapped"] = {"baseline_state": "resolved"}
    return event


def _event(
    *,
    activity: int,
    status: int,
    severity: tuple[int, str],
    time: int,
    version: str,
    message: str,
    cloud: dict[str, Any],
) -> dict[str, Any]:
    return {
        "activity_id": activity,
        "activity_name": _ACTIVITY[activity],
        "category_uid": CATEGORY_UID,
        "category_name": CATEGORY_NAME,
        "class_uid": CLASS_UID,
        "class_name": CLASS_NAME,
        "type_uid": CLASS_UID * 100 + activity,
        "type_name": f"{CLASS_NAME}: {_ACTIVITY[activity]}",
        "severity_id": severity[0],
        "severity": severity[1],
        "status_id": status,
        "status": _STATUS[status],
        "time": time,
        "message": message,
        "metadata": {
            "version": SCHEMA_VERSION,
            "product": {
                "name": "qcheck",
                "vendor_name": "qcheck",
                "version": version,
                "url_string": INFORMATION_URI,
            },
            "profiles": ["cloud"],
        },
        "cloud": cloud,
    }


def _finding_info(
    uid: str, rule: Rule | None, rule_id: str, message: str, rule_name: str = ""
) -> dict[str, Any]:
    analytic: dict[str, Any] = {"uid": rule_id, "type_id": _RULE[0], "type": _RULE[1]}
    name = rule.name if rule else rule_name
    if name:
        analytic["name"] = name
    if rule and rule.family:
        analytic["category"] = rule.family
    info: dict[str, Any] = {"uid": uid, "title": (rule.title if rule else "") or name or rule_id}
    if message:
        info["desc"] = message
    info["analytic"] = analytic
    return info


def _compliance(rule: Rule | None, rule_id: str, status: int) -> dict[str, Any]:
    compliance: dict[str, Any] = {
        "control": rule_id,
        "standards": ["qcheck"],
        "status_id": status,
        "status": _COMPLIANCE_STATUS[status],
    }
    if rule and rule.description.strip():
        compliance["desc"] = rule.description.strip()
    return compliance


def _cloud(account_id: str | None, region: str | None) -> dict[str, Any]:
    cloud: dict[str, Any] = {"provider": "AWS"}
    if account_id:
        cloud["account"] = {"uid": account_id, "type_id": _AWS_ACCOUNT[0], "type": _AWS_ACCOUNT[1]}
    if region:
        cloud["region"] = region
    return cloud


def _resource(uid: str, region: str | None) -> dict[str, Any]:
    resource: dict[str, Any] = {"uid": uid}
    partition = uid.split(":")[1] if uid.startswith("arn:") else ""
    if partition in _PARTITIONS:
        resource["cloud_partition"] = partition
    if region:
        resource["region"] = region
    return resource


def _remediation(rule: Rule) -> dict[str, Any]:
    if not rule.recommended_actions:
        return {}
    remediation: dict[str, Any] = {"desc": " ".join(rule.recommended_actions)}
    urls = [r.url for r in rule.references if r.url]
    if urls:
        remediation["references"] = urls
    return remediation
