"""The JSON report: a stable, versioned machine format (see docs/reports.md).

Fields are only ever added within a version; renaming or removing one, or changing its
meaning, bumps `version`.
"""

from __future__ import annotations

from typing import Any

from qcheck.model import FilteredRule, Finding, Report, ResolvedFinding, Rule, Severity, Step
from qcheck.report import escape

FORMAT = "qcheck.report"
VERSION = 1
TOOL_NAME = "qcheck"


def render(report: Report) -> str:
    """Render `report` as the version 1 JSON document. Pure and deterministic."""
    return escape.json_dumps(document(report)) + "\n"


def document(report: Report) -> dict[str, Any]:
    """The report as plain JSON values, keys in their documented order."""
    open_findings = [f for f in report.findings if not f.waived]
    return {
        "format": FORMAT,
        "version": VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "inputs": {"snapshots": list(report.snapshots), "config": report.config},
        "as_of": report.as_of,
        "facts": {"observed": report.observed_facts, "declared": report.declared_facts},
        "summary": {
            "total": len(report.findings),
            "open": len(open_findings),
            "by_severity": {
                s.value: sum(1 for f in open_findings if f.severity is s) for s in Severity
            },
            "waived": len(report.findings) - len(open_findings),
        },
        "rules": [_rule(rule) for rule in report.rules],
        "filtered_rules": [_filtered(f) for f in report.filtered],
        "baseline": _baseline(report),
        "findings": [_finding(finding) for finding in report.findings],
    }


def _filtered(filtered: FilteredRule) -> dict[str, Any]:
    rule = filtered.rule
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "family": rule.family,
        "reason": filtered.reason,
    }


def _baseline(report: Report) -> dict[str, Any] | None:
    """The baseline compared with: how many findings are new, unchanged, resolved."""
    if report.baseline is None:
        return None
    states = [f.baseline_state for f in report.findings]
    return {
        "path": report.baseline,
        "new": states.count("new"),
        "unchanged": states.count("unchanged"),
        "resolved": [_resolved(r) for r in report.resolved],
    }


def _resolved(resolved: ResolvedFinding) -> dict[str, Any]:
    return {
        "rule_id": resolved.rule_id,
        "rule_name": resolved.rule_name,
        "severity": resolved.severity,
        "resource": resolved.resource,
        "message": resolved.message,
        "fingerprint": resolved.fingerprint,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "description": rule.description,
        "severity": rule.severity.value,
        "security_severity": rule.severity.security_severity,
        "family": rule.family,
        "package": rule.package,
        "source": rule.source_path,
        "builtin": rule.builtin,
        "recommended_actions": list(rule.recommended_actions),
        "references": [{"url": r.url, "description": r.description} for r in rule.references],
        "compliance": [
            {"framework": c.framework, "control": c.control, "why": c.why} for c in rule.compliance
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    waiver = finding.waiver
    return {
        "rule_id": finding.rule.id,
        "rule_name": finding.rule.name,
        "severity": finding.severity.value,
        "title": finding.rule.title,
        "resource": finding.resource,
        "message": finding.message,
        "account_id": finding.account_id,
        "region": finding.region,
        "snapshot": finding.snapshot,
        "location": {"path": finding.path, "line": finding.line},
        "evidence": list(finding.evidence),
        # The one evidence path; with several, `evidence_paths` holds them all.
        "evidence_path": [_step(s) for s in finding.paths[0]] if len(finding.paths) == 1 else [],
        **_more_evidence(finding),
        "related": [
            {"path": r.path, "line": r.line, "message": r.message} for r in finding.related
        ],
        # Later pairs win over earlier ones with the same key; keys are sorted.
        "properties": dict(sorted(dict(finding.properties).items())),
        "waived": waiver is not None,
        "waiver": None
        if waiver is None
        else {
            "reason": waiver.reason,
            "owner": waiver.owner,
            "expires": waiver.expires,
            "line": waiver.line,
        },
        "fingerprint": finding.fingerprint,
        "baseline_state": finding.baseline_state,
    }


def _step(step: Step) -> dict[str, Any]:
    return {
        "node": step.node,
        "label": step.label,
        "location": {"path": step.path, "line": step.line},
    }


def _more_evidence(finding: Finding) -> dict[str, Any]:
    """`evidence_paths` when a finding has several paths, `examples` when it has any: absent
    otherwise, so a one-path finding reads exactly as in earlier releases of version 1."""
    more: dict[str, Any] = {}
    if len(finding.paths) > 1:
        more["evidence_paths"] = [[_step(s) for s in path] for path in finding.paths]
    if finding.examples:
        more["examples"] = [_step(s) for s in finding.examples]
    return more
