"""A report seen through a compliance framework: each control the rules map to (METADATA
custom.compliance), failing, passing or not assessed.

A control passes only when every rule mapped to it was evaluated and judged for every
resource. A rule the filters left out, or one that a fact-unknown finding (QC905) says was
not judged for some resource, leaves the control "not assessed" unless a finding already
makes it fail: unknown is never a pass.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from qcheck.errors import InputError
from qcheck.filters import EVIDENCE_FAMILY
from qcheck.model import Finding, Report, Rule, not_judged

FRAMEWORKS = {
    "nist-800-53-r5": "NIST SP 800-53 Rev. 5",
    "iso-27001-2022": "ISO/IEC 27001:2022 Annex A",
}
# Titles of the controls the built-in rules map to, as the frameworks name them
# (NIST SP 800-53 Rev. 5; ISO/IEC 27001:2022 Annex A). A custom mapping to another
# control is shown without a title.
CONTROL_TITLES = {
    ("nist-800-53-r5", "AC-2"): "Account Management",
    ("nist-800-53-r5", "AC-5"): "Separation of Duties",
    ("nist-800-53-r5", "AC-6"): "Least Privilege",
    ("nist-800-53-r5", "AC-6(5)"): "Least Privilege | Privileged Accounts",
    ("nist-800-53-r5", "CA-5"): "Plan of Action and Milestones",
    ("nist-800-53-r5", "CA-7"): "Continuous Monitoring",
    ("nist-800-53-r5", "CM-6"): "Configuration Settings",
    ("nist-800-53-r5", "CM-7"): "Least Functionality",
    ("nist-800-53-r5", "CM-8"): "System Component Inventory",
    ("nist-800-53-r5", "IA-2"): "Identification and Authentication (Organizational Users)",
    ("nist-800-53-r5", "SA-9"): "External System Services",
    (
        "nist-800-53-r5",
        "SA-9(5)",
    ): "External System Services | Processing, Storage, and Service Location",
    ("iso-27001-2022", "A.5.3"): "Segregation of duties",
    ("iso-27001-2022", "A.5.9"): "Inventory of information and other associated assets",
    ("iso-27001-2022", "A.5.15"): "Access control",
    ("iso-27001-2022", "A.5.16"): "Identity management",
    ("iso-27001-2022", "A.5.18"): "Access rights",
    ("iso-27001-2022", "A.5.23"): "Information security for use of cloud services",
    ("iso-27001-2022", "A.5.34"): "Privacy and protection of PII",
    (
        "iso-27001-2022",
        "A.5.36",
    ): "Compliance with policies, rules and standards for information security",
    ("iso-27001-2022", "A.8.2"): "Privileged access rights",
}


class Status(enum.StrEnum):
    FAILING = "failing"
    NOT_ASSESSED = "not assessed"
    PASSING = "passing"


@dataclass(frozen=True)
class RuleResult:
    """One rule mapped to a control: its open and waived findings, and why it was not
    assessed (filtered out, or not judged for some resources), if so."""

    rule: Rule
    why: str  # the mapping's rationale
    findings: tuple[Finding, ...]  # open (unwaived) findings
    waived: int
    not_assessed: str | None

    @property
    def status(self) -> Status:
        if self.findings:
            return Status.FAILING
        return Status.PASSING if self.not_assessed is None else Status.NOT_ASSESSED


@dataclass(frozen=True)
class ControlResult:
    control: str
    title: str
    rules: tuple[RuleResult, ...]

    @property
    def status(self) -> Status:
        statuses = {r.status for r in self.rules}
        for status in (Status.FAILING, Status.NOT_ASSESSED):
            if status in statuses:
                return status
        return Status.PASSING


@dataclass(frozen=True)
class Assessment:
    framework: str
    title: str
    controls: tuple[ControlResult, ...]

    def count(self, status: Status) -> int:
        return sum(1 for c in self.controls if c.status is status)


def frameworks(rules: tuple[Rule, ...]) -> list[str]:
    return sorted({m.framework for rule in rules for m in rule.compliance})


def assess(report: Report, framework: str) -> Assessment:
    """Each control of `framework` that a rule of the report maps to, with its status."""
    filtered = {f.rule.id: f.reason for f in report.filtered}
    rules = (*report.rules, *(f.rule for f in report.filtered))
    known = frameworks(rules)
    if framework not in known:
        raise InputError(
            f"--framework {framework!r}: no rule maps to it (frameworks: {', '.join(known)})"
        )
    # Without the evidence rules, unknown facts go unreported: nothing can pass.
    blind = sorted(f.rule.id for f in report.filtered if f.rule.family == EVIDENCE_FAMILY)
    unjudged: dict[str, int] = {}
    for rule_id, _resource in not_judged(report.findings):
        unjudged[rule_id] = unjudged.get(rule_id, 0) + 1
    by_control: dict[str, list[RuleResult]] = {}
    for rule in rules:
        for mapping in rule.compliance:
            if mapping.framework != framework:
                continue
            findings = [f for f in report.findings if f.rule.id == rule.id]
            reason = None
            if rule.id in filtered:
                reason = f"not evaluated: {filtered[rule.id]}"
            elif rule.id in unjudged:
                count = unjudged[rule.id]
                reason = f"not judged for {count} resource{'' if count == 1 else 's'} (QC905)"
            elif blind:
                reason = f"evidence rules not evaluated ({', '.join(blind)})"
            by_control.setdefault(mapping.control, []).append(
                RuleResult(
                    rule=rule,
                    why=mapping.why,
                    findings=tuple(f for f in findings if not f.waived),
                    waived=sum(1 for f in findings if f.waived),
                    not_assessed=reason,
                )
            )
    controls = tuple(
        ControlResult(
            control,
            CONTROL_TITLES.get((framework, control), ""),
            tuple(sorted(results, key=lambda r: r.rule.id)),
        )
        for control, results in sorted(by_control.items(), key=lambda item: natural_key(item[0]))
    )
    return Assessment(framework, FRAMEWORKS.get(framework, framework), controls)


def natural_key(control: str) -> tuple[tuple[int, str], ...]:
    """AC-2 before AC-10, A.5.9 before A.5.15."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", control)
    )
