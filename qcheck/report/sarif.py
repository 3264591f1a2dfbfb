"""SARIF 2.1.0 for GitHub code scanning (see docs/reports.md for the mapping)."""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import quote, urlsplit

from qcheck.model import Finding, Report, Rule, Severity, Step
from qcheck.report import escape, report_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/qcheck-dev/qcheck"
FINGERPRINT_KEY = "qcheckFindingId/v1"
FILTERED_NOTIFICATION = "QCN001"  # the notification saying a rule was filtered out

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
_PROBLEM_SEVERITY = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "recommendation",
}
# Result properties qcheck sets itself; a rule's own properties never replace them.
_RESERVED = frozenset({"resource", "account_id", "region", "snapshot", "evidence"})
_DRIVE = re.compile(r"^[A-Za-z]:")
# SemVer 2.0.0 (semver.org's suggested expression); SARIF requires it for semanticVersion.
_IDENT = r"(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
_SEMVER = re.compile(
    r"^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)"
    rf"(?:-{_IDENT}(?:\.{_IDENT})*)?"
    r"(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$"
)


def render(report: Report) -> str:
    """Render `report` as a SARIF 2.1.0 log with one run. Pure and deterministic."""
    return escape.json_dumps(log(report)) + "\n"


def log(report: Report) -> dict[str, Any]:
    """The SARIF log as plain JSON values."""
    rules = report_rules(report)
    index: dict[str, int] = {}
    for position, rule in enumerate(rules):
        index.setdefault(rule.id, position)
    results = [_result(f, index[f.rule.id]) for f in report.findings if not f.waived]
    driver: dict[str, Any] = {"name": "qcheck", "version": report.tool_version}
    if _SEMVER.fullmatch(report.tool_version):
        driver["semanticVersion"] = report.tool_version
    driver["informationUri"] = INFORMATION_URI
    driver["rules"] = [_descriptor(rule) for rule in rules] + [
        _descriptor(f.rule, f.reason) for f in report.filtered
    ]
    if report.filtered:
        driver["notifications"] = [
            {
                "id": FILTERED_NOTIFICATION,
                "shortDescription": {"text": "A rule filter left this rule out: not evaluated."},
                "fullDescription": {
                    "text": "The rule was not evaluated because --rule, --skip-rule, --family "
                    "or --min-severity (or the filters section of qcheck.yaml) left it out: "
                    "its findings, if any, are not in this log."
                },
                "help": {
                    "text": "Run qcheck check without the filter (or with --rule naming the "
                    "rule) to evaluate it."
                },
            }
        ]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": automation_id(report.snapshots)},
        "results": results,
        "properties": {
            "snapshots": [relative_uri_path(s) for s in report.snapshots],
            "declaredFacts": report.declared_facts,
            "observedFacts": report.observed_facts,
            "waivedFindings": sum(1 for f in report.findings if f.waived),
            "config": relative_uri_path(report.config) if report.config else None,
        },
    }
    if report.filtered:
        run["invocations"] = [_invocation(report, len(rules))]
    if report.baseline is not None:
        run["properties"]["baseline"] = {
            "path": relative_uri_path(report.baseline),
            # Absent results would be opened as alerts by code scanning, which does not
            # read baselineState: resolved findings are listed here instead.
            "resolved": [
                {"ruleId": r.rule_id, "resource": r.resource, FINGERPRINT_KEY: r.fingerprint}
                for r in report.resolved
            ],
        }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def automation_id(snapshots: tuple[str, ...]) -> str:
    """`qcheck/<scope>/`: a category that is the same for every run over the same inputs."""
    scope = ",".join(relative_uri_path(s) for s in snapshots)
    return f"qcheck/{scope}/" if scope else "qcheck/"


def relative_uri_path(path: str) -> str:
    """A path as a relative POSIX path: separators normalised, no leading "./" or root.

    The CLI is expected to pass paths relative to the repository root; an absolute path
    loses its root (and drive) rather than producing an absolute URI, which code scanning
    rejects.
    """
    path = path.replace("\\", "/")
    path = _DRIVE.sub("", path)
    path = posixpath.normpath(path) if path else path
    path = path.lstrip("/")
    return "" if path == "." else path


def _invocation(report: Report, first: int) -> dict[str, Any]:
    """One note per rule the filters left out, pointing at its descriptor (listed after the
    evaluated rules, from index `first`)."""
    return {
        "executionSuccessful": True,
        "toolConfigurationNotifications": [
            {
                "descriptor": {"id": FILTERED_NOTIFICATION, "index": 0},
                "associatedRule": {"id": f.rule.id, "index": first + position},
                "level": "note",
                "message": {"text": f"{f.rule.id} was not evaluated: {f.reason}."},
            }
            for position, f in enumerate(report.filtered)
        ],
    }


def _descriptor(rule: Rule, not_evaluated: str | None = None) -> dict[str, Any]:
    tags = ["security"]
    if rule.family and rule.family not in tags:
        tags.append(rule.family)
    descriptor: dict[str, Any] = {"id": rule.id}
    if rule.name:
        descriptor["name"] = rule.name
    descriptor |= {
        "shortDescription": {"text": _title(rule)},
        "fullDescription": {"text": _description(rule)},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
    }
    if rule.references and _absolute(rule.references[0].url):
        descriptor["helpUri"] = rule.references[0].url
    descriptor["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
    descriptor["properties"] = {
        "security-severity": rule.severity.security_severity,
        "tags": tags,
        "precision": "high",
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    if rule.compliance:
        descriptor["properties"]["compliance"] = [
            f"{c.framework}/{c.control}" for c in rule.compliance
        ]
    if not_evaluated is not None:
        descriptor["properties"]["evaluated"] = False
        descriptor["properties"]["notEvaluatedReason"] = not_evaluated
    return descriptor


def _absolute(url: str) -> bool:
    """SARIF requires helpUri to be an absolute URI."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _title(rule: Rule) -> str:
    """Code scanning rejects a rule without a short description: fall back to the name."""
    return rule.title.strip() or rule.name.strip() or rule.id


def _description(rule: Rule) -> str:
    return rule.description.strip() or _title(rule)


def _help_text(rule: Rule) -> str:
    parts = [_description(rule)]
    if rule.recommended_actions:
        actions = "\n".join(f"- {action}" for action in rule.recommended_actions)
        parts.append(f"Recommended actions:\n{actions}")
    if rule.references:
        refs = "\n".join(f"- {r.description}: {r.url}" for r in rule.references)
        parts.append(f"References:\n{refs}")
    return "\n\n".join(parts)


def _help_markdown(rule: Rule) -> str:
    parts = [_description(rule)]
    if rule.recommended_actions:
        actions = "\n".join(f"- {action}" for action in rule.recommended_actions)
        parts.append(f"**Recommended actions**\n\n{actions}")
    if rule.references:
        refs = "\n".join(
            f"- [{_link_text(r.description or r.url)}](<{r.url}>)" for r in rule.references
        )
        parts.append(f"**References**\n\n{refs}")
    return "\n\n".join(parts)


def _link_text(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    physical = _physical_location(finding)
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [{"fullyQualifiedName": finding.resource, "kind": "resource"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
    }
    related = [
        {
            "physicalLocation": _location(related.path, related.line),
            "message": {"text": related.message},
        }
        for related in finding.related
    ] + [
        {
            "physicalLocation": _location(step.path or finding.path, step.line),
            "logicalLocations": [{"fullyQualifiedName": step.node, "kind": "resource"}],
            "message": {"text": f"example: {step.label}"},
        }
        for step in finding.examples
    ]
    if related:
        result["relatedLocations"] = [
            {"id": number, **location} for number, location in enumerate(related, start=1)
        ]
    paths = finding.shown_paths
    if paths:
        result["codeFlows"] = [
            _code_flow(finding, path, n, len(paths)) for n, path in enumerate(paths, 1)
        ]
    if finding.new is not None:
        result["baselineState"] = "new" if finding.new else "unchanged"
    properties: dict[str, Any] = {
        key: value
        for key, value in sorted(dict(finding.properties).items())
        if key not in _RESERVED
    }
    properties.update(
        {
            "resource": finding.resource,
            "account_id": finding.account_id,
            "region": finding.region,
            "snapshot": finding.snapshot,
            "evidence": list(finding.evidence),
        }
    )
    if finding.examples:
        properties["examples"] = [step.node for step in finding.examples]
    result["properties"] = properties
    return result


def _code_flow(finding: Finding, path: tuple[Step, ...], number: int, count: int) -> dict[str, Any]:
    """One evidence path as a code flow with a single thread flow. Several paths are
    several code flows: SARIF's threadFlows of one codeFlow are parts of one execution that
    together lead to the result, while each path here proves the finding on its own."""
    steps = [
        {
            "location": {
                "physicalLocation": _location(step.path or finding.path, step.line),
                "logicalLocations": [{"fullyQualifiedName": step.node, "kind": "resource"}],
                "message": {"text": f"step {index}: {step.label}"},
            }
        }
        for index, step in enumerate(path, start=1)
    ]
    flow: dict[str, Any] = {"threadFlows": [{"locations": steps}]}
    if count > 1:
        flow = {"message": {"text": f"evidence path {number} of {count}"}, **flow}
    return flow


def _physical_location(finding: Finding) -> dict[str, Any]:
    return _location(finding.path or finding.snapshot, finding.line)


def _location(file: str, line: int | None) -> dict[str, Any]:
    path = relative_uri_path(file)
    line = line if line is not None and line >= 1 else 1
    return {
        "artifactLocation": {"uri": quote(path, safe="/") if path else "."},
        "region": {"startLine": line},
    }


def _message(finding: Finding) -> str:
    text = finding.message.strip() or finding.rule.title
    if not text.endswith((".", "!", "?")):
        text += "."
    account = finding.account_id or "n/a"
    region = finding.region or "n/a"
    return f"{text} Resource: {finding.resource} (account {account}, region {region})."
