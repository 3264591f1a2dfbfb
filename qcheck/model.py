"""Typed values that cross module boundaries: severities, rules, findings."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    """Finding severity, ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for critical up to 3 for low: sort key, smaller is worse."""
        return _RANK[self]

    @property
    def security_severity(self) -> str:
        """GitHub code scanning's numeric `security-severity` (CVSS-like bands)."""
        return _SECURITY_SEVERITY[self]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank <= threshold.rank


_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}


@dataclass(frozen=True)
class Reference:
    url: str
    description: str


@dataclass(frozen=True)
class ComplianceMapping:
    """A control of a compliance framework that a rule's findings evidence (METADATA
    custom.compliance)."""

    framework: str  # e.g. "nist-800-53-r5", "iso-27001-2022"
    control: str  # e.g. "SA-9(5)", "A.5.23"
    why: str  # one line: how the rule evidences the control


@dataclass(frozen=True)
class Rule:
    """A policy's identity and documentation, parsed from its METADATA block."""

    id: str
    name: str
    title: str
    description: str
    severity: Severity
    family: str
    package: str  # Rego package path, e.g. "qcheck.residency.profile_outside_zone"
    source_path: str  # file the rule was loaded from, for messages
    recommended_actions: tuple[str, ...]
    references: tuple[Reference, ...]
    builtin: bool = True
    config_keys: tuple[str, ...] = ()  # qcheck.yaml entries a fix may change, e.g. "waivers"
    depends_on: tuple[str, ...] = ()  # input facts that must be known to judge it
    compliance: tuple[ComplianceMapping, ...] = ()
    all_subscribers: bool = False  # needs every subscriber in the input, not only the doubled


@dataclass(frozen=True)
class Waiver:
    rule_id: str
    resource: str
    reason: str
    owner: str
    expires: str  # ISO date
    line: int  # line in the config file


@dataclass(frozen=True)
class Step:
    """One node of a finding's evidence path, where it is written down and what it is."""

    node: str  # node id (ARN) or gap id
    label: str  # e.g. "group Blue", "Q Developer profile alpha-us"
    path: str
    line: int | None


@dataclass(frozen=True)
class Related:
    """Another place that matters for a finding: typically the config entry a fix changes."""

    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Finding:
    """One violation: a rule, the resource it concerns and the graph path proving it."""

    rule: Rule
    resource: str  # ARN or stable snapshot id
    message: str
    account_id: str | None
    region: str | None
    # Every node id the evidence names, without repeats: each path's ids in order, then the
    # examples' (for a one-path finding: that path, from the resource onwards).
    evidence: tuple[str, ...]
    snapshot: str  # the snapshot evaluated: the finding's scope
    path: str  # file holding the resource: the snapshot, or the config for declared facts
    line: int | None  # line of the resource in `path`, when it has one
    waiver: Waiver | None = None
    properties: tuple[tuple[str, str], ...] = ()  # extra key/values a rule reports
    # Evidence paths, located and labelled: each a chain of nodes through the graph that
    # proves the finding (several when it holds independently in several places).
    paths: tuple[tuple[Step, ...], ...] = ()
    examples: tuple[Step, ...] = ()  # nodes that illustrate the finding: a list, not a chain
    related: tuple[Related, ...] = ()
    new: bool | None = None  # against a baseline: True new, False already known; None: no baseline
    own_severity: Severity | None = None  # set when the rule weighs its findings differently

    @property
    def severity(self) -> Severity:
        return self.own_severity or self.rule.severity

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def baseline_state(self) -> str | None:
        """SARIF's baselineState word: "new" or "unchanged"; None without a baseline."""
        if self.new is None:
            return None
        return "new" if self.new else "unchanged"

    @property
    def shown_paths(self) -> tuple[tuple[Step, ...], ...]:
        """The paths to show: `paths`, or for a finding built with bare `evidence` ids only,
        those ids as one path located at the finding."""
        if self.paths or self.examples or not self.evidence:
            return self.paths
        return (tuple(Step(node, node, self.path, self.line) for node in self.evidence),)

    @property
    def fingerprint(self) -> str:
        """Stable identity of a finding across runs: rule id and resource, nothing else.

        The line, message, evidence and waiver may change between runs without turning
        the finding into a new one (baselines and `qcheck diff` match on it).
        """
        key = f"{self.rule.id}|{self.resource}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    @property
    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (self.severity.rank, self.rule.id, self.resource, self.snapshot, self.message)


def not_judged(findings: Iterable[Finding]) -> frozenset[tuple[str, str]]:
    """(rule id, resource) pairs a fact-unknown finding (QC905: property
    `rules_not_judged`, its resource first in the evidence) says were not judged."""
    pairs: set[tuple[str, str]] = set()
    for finding in findings:
        rules = dict(finding.properties).get("rules_not_judged")
        if rules and finding.evidence:
            pairs.update((rule, finding.evidence[0]) for rule in rules.split(", "))
    return frozenset(pairs)


@dataclass(frozen=True)
class RuleFilter:
    """Which rules to evaluate (--rule, --skip-rule, --family, --min-severity, or the
    `filters` section of qcheck.yaml). Empty selections select every rule."""

    rules: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()
    families: tuple[str, ...] = ()
    min_severity: Severity | None = None

    @property
    def active(self) -> bool:
        return bool(self.rules or self.skip_rules or self.families or self.min_severity)

    def over(self, base: RuleFilter) -> RuleFilter:
        """This filter's settings where given, `base`'s (the config's) elsewhere."""
        return RuleFilter(
            self.rules or base.rules,
            self.skip_rules or base.skip_rules,
            self.families or base.families,
            self.min_severity or base.min_severity,
        )


@dataclass(frozen=True)
class FilteredRule:
    """A rule the filters left out: not evaluated, and every report says why."""

    rule: Rule
    reason: str


@dataclass(frozen=True)
class ResolvedFinding:
    """A finding of the baseline report that the current run no longer has."""

    fingerprint: str
    rule_id: str
    rule_name: str
    severity: str
    resource: str
    message: str


@dataclass(frozen=True)
class Baseline:
    """The previous JSON report a run was compared with."""

    path: str
    findings: tuple[ResolvedFinding, ...]  # every finding it held

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(f.fingerprint for f in self.findings)


@dataclass(frozen=True)
class Report:
    """Everything a formatter needs: the catalog, findings in order and the inputs."""

    tool_version: str
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    snapshots: tuple[str, ...]
    config: str | None
    declared_facts: int  # nodes whose origin is "declared"
    observed_facts: int
    as_of: str = ""  # ISO date expiries were judged against
    filtered: tuple[FilteredRule, ...] = ()  # rules not evaluated, with the reason
    baseline: str | None = None  # the baseline report compared with, if any
    resolved: tuple[ResolvedFinding, ...] = ()  # its findings no longer found
