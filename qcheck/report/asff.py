"""AWS Security Finding Format (ASFF) for AWS Security Hub (see docs/reports.md).

The output is a JSON array of batches, each an array of at most 100 `AwsSecurityFinding`
objects: one batch is exactly what `aws securityhub batch-import-findings --findings`
takes (BatchImportFindingsRequest.Findings: "Maximum of 100 findings per request", and
its list shape has min 1, max 100 in botocore's securityhub model, 2018-10-26). Importing
is the user's step (docs/ci.md); qcheck never calls Security Hub.

Field sources (botocore securityhub model, shape AwsSecurityFinding, and the Security Hub
user guide, "Required top-level ASFF attributes"):

- `Id`: the finding's fingerprint (rule id and resource), so a re-import updates the same
  finding and a resolved one can be archived.
- `ProductArn`: the default product ARN of a custom integration,
  arn:<partition>:securityhub:<region>:<account>:product/<account>/default; with it
  BatchImportFindings requires `AwsAccountId` to be the calling account, so both name the
  account that imports (`Target`), while the affected account and resource go in
  `Resources`.
- `CreatedAt`/`UpdatedAt`: midnight UTC of the as-of date the run judged against (the
  output stays deterministic; qcheck does not know when a problem first appeared).
- Severity: critical/high/medium/low map to the labels of the same name.
- `RecordState` ARCHIVED and `Compliance.Status` PASSED for the baseline's findings that
  are gone; ACTIVE and FAILED otherwise. A waived finding is imported with
  `Workflow.Status` SUPPRESSED (BatchImportFindings sets it only when it creates a finding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qcheck.errors import InputError
from qcheck.model import Finding, Report, ResolvedFinding, Rule, Severity
from qcheck.report import escape

SCHEMA_VERSION = "2018-10-08"
BATCH_SIZE = 100
# Namespace/category of the ASFF types taxonomy ("Software and Configuration Checks").
FINDING_TYPE = "Software and Configuration Checks/AWS Security Best Practices"
# Length limits of AwsSecurityFinding fields (botocore's documentation of each member;
# the model itself carries only the minimum, so botocore's validator checks no maximum).
MAX_TITLE, MAX_DESCRIPTION, MAX_RECOMMENDATION, MAX_FIELD = 256, 1024, 512, 2048

_LABEL = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MEDIUM",
    Severity.LOW: "LOW",
}
_ACCOUNT = re.compile(r"^\d{12}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
# The Partition enum of the securityhub model's Resource shape, AWS partitions only.
_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-us-iso", "aws-us-iso-b")


@dataclass(frozen=True)
class Target:
    """The account and Region that will import the findings into Security Hub."""

    account_id: str
    region: str

    def __post_init__(self) -> None:
        if not _ACCOUNT.fullmatch(self.account_id):
            raise InputError(f"--asff-account: not a 12-digit AWS account id: {self.account_id!r}")
        if not _REGION.fullmatch(self.region):
            raise InputError(f"--asff-region: not an AWS Region name: {self.region!r}")

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    @property
    def product_arn(self) -> str:
        account = self.account_id
        return f"arn:{self.partition}:securityhub:{self.region}:{account}:product/{account}/default"


def render(report: Report, target: Target) -> str:
    """Render `report` as a JSON array of ASFF batches. Pure and deterministic."""
    return escape.json_dumps(batches(report, target)) + "\n"


def batches(report: Report, target: Target) -> list[list[dict[str, Any]]]:
    """Every finding, then every resolved one, in batches of at most 100."""
    rules = {rule.id: rule for rule in report.rules}
    timestamp = _timestamp(report.as_of)
    findings = [_finding(f, target, timestamp) for f in report.findings]
    findings += [_resolved(r, rules.get(r.rule_id), target, timestamp) for r in report.resolved]
    return [findings[i : i + BATCH_SIZE] for i in range(0, len(findings), BATCH_SIZE)]


def _timestamp(as_of: str) -> str:
    """Midnight UTC of the as-of date, in the ISO 8601 form Security Hub accepts."""
    return f"{as_of or '1970-01-01'}T00:00:00.000Z"


def _finding(finding: Finding, target: Target, timestamp: str) -> dict[str, Any]:
    rule = finding.rule
    label = _LABEL[finding.severity]
    asff: dict[str, Any] = _common(
        fingerprint=finding.fingerprint,
        rule_id=rule.id,
        title=rule.title.strip() or rule.name.strip() or rule.id,
        description=_description(finding.message, rule),
        label=label,
        original=finding.severity.value,
        target=target,
        timestamp=timestamp,
    )
    asff["Resources"] = _resources(finding.resource, finding.account_id, finding.region)
    asff["Compliance"] = {"Status": "FAILED"}
    recommendation = _recommendation(rule)
    if recommendation:
        asff["Remediation"] = {"Recommendation": recommendation}
    fields = {
        "qcheck/RuleName": rule.name,
        "qcheck/Snapshot": finding.snapshot,
        "qcheck/Location": finding.path + (f":{finding.line}" if finding.line else ""),
    }
    if finding.new is not None:
        fields["qcheck/BaselineState"] = "new" if finding.new else "unchanged"
    if finding.waiver is not None:
        waiver = finding.waiver
        fields["qcheck/Waiver"] = f"{waiver.reason} ({waiver.owner}, until {waiver.expires})"
        asff["Workflow"] = {"Status": "SUPPRESSED"}
    asff["ProductFields"] = _fields(fields)
    asff["RecordState"] = "ACTIVE"
    return asff


def _resolved(
    resolved: ResolvedFinding, rule: Rule | None, target: Target, timestamp: str
) -> dict[str, Any]:
    """A baseline finding that is gone: the same Id, archived and passing."""
    try:
        severity: Severity | None = Severity(resolved.severity)
    except ValueError:
        severity = rule.severity if rule else None
    title = (rule.title if rule else "") or resolved.rule_name or resolved.rule_id
    asff = _common(
        fingerprint=resolved.fingerprint,
        rule_id=resolved.rule_id or "unknown",
        title=title,
        description=_description(resolved.message, rule),
        label=_LABEL[severity] if severity else "INFORMATIONAL",
        original=resolved.severity or "unknown",
        target=target,
        timestamp=timestamp,
    )
    asff["Resources"] = _resources(resolved.resource, None, None)
    asff["Compliance"] = {"Status": "PASSED"}
    asff["ProductFields"] = _fields(
        {"qcheck/RuleName": resolved.rule_name, "qcheck/BaselineState": "resolved"}
    )
    asff["RecordState"] = "ARCHIVED"
    return asff


def _common(
    *,
    fingerprint: str,
    rule_id: str,
    title: str,
    description: str,
    label: str,
    original: str,
    target: Target,
    timestamp: str,
) -> dict[str, Any]:
    severity = {"Label": label, "Original": original}
    return {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": fingerprint,
        "ProductArn": target.product_arn,
        "ProductName": "qcheck",
        "CompanyName": "qcheck",
        "GeneratorId": f"qcheck/{rule_id}",
        "AwsAccountId": target.account_id,
        "Types": [FINDING_TYPE],
        "CreatedAt": timestamp,
        "UpdatedAt": timestamp,
        "Severity": severity,
        "FindingProviderFields": {"Severity": severity, "Types": [FINDING_TYPE]},
        "Title": _fit(title, MAX_TITLE),
        "Description": _fit(description, MAX_DESCRIPTION),
    }


def _description(message: str, rule: Rule | None) -> str:
    text = message.strip() or (rule.description.strip() if rule else "")
    return text or "qcheck finding"


def _resources(resource: str, account_id: str | None, region: str | None) -> list[dict[str, Any]]:
    """The affected resource, then the affected account as an `AwsAccount` resource (the
    form Security Hub's own account-level findings use)."""
    primary: dict[str, Any] = {"Type": "Other", "Id": resource or "unknown"}
    partition = resource.split(":")[1] if resource.startswith("arn:") else ""
    if partition in _PARTITIONS:
        primary["Partition"] = partition
    if region and region.strip() and len(region) <= 16:  # Resource.Region: at most 16
        primary["Region"] = region
    details = {"AccountId": account_id} if account_id else {}
    if details:
        primary["Details"] = {"Other": details}
    resources = [primary]
    if account_id:
        account: dict[str, Any] = {"Type": "AwsAccount", "Id": f"AWS::::Account:{account_id}"}
        if partition in _PARTITIONS:
            account["Partition"] = partition
        resources.append(account)
    return resources


def _recommendation(rule: Rule) -> dict[str, str]:
    recommendation: dict[str, str] = {}
    if rule.recommended_actions:
        recommendation["Text"] = _fit(" ".join(rule.recommended_actions), MAX_RECOMMENDATION)
    urls = [r.url for r in rule.references if r.url.startswith(("https://", "http://"))]
    if urls:
        recommendation["Url"] = urls[0]
    return recommendation


def _fields(fields: dict[str, str]) -> dict[str, str]:
    """ProductFields: a map of non-empty strings, each value at most 2048 characters."""
    return {key: _fit(value, MAX_FIELD) for key, value in sorted(fields.items()) if value.strip()}


def _fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
