"""Snapshot(s) + config + policies -> findings: the `qcheck check` pipeline without I/O
of its own beyond reading the inputs it is given."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qcheck import __version__
from qcheck.config.model import Config
from qcheck.engine.base import Engine
from qcheck.errors import InputError
from qcheck.facts.derive import Facts, derive_facts
from qcheck.facts.model import INPUT_VERSION
from qcheck.facts.nodes import Nodes
from qcheck.graph.snapshot import Snapshot, read_snapshot
from qcheck.model import (
    Baseline,
    FilteredRule,
    Finding,
    Related,
    Report,
    ResolvedFinding,
    Rule,
    Severity,
    Step,
    Waiver,
    not_judged,
)
from qcheck.policy.catalog import Catalog
from qcheck.violation import ViolationError, parse_violation

# Rules about the waivers themselves run once after every snapshot, on a small document of
# their own: whether a waiver matched anything is only known then.
WAIVER_PACKAGES = "qcheck.waivers."


def _is_waiver_rule(rule: Rule) -> bool:
    return rule.package.startswith(WAIVER_PACKAGES)


@dataclass(frozen=True)
class Evaluation:
    """One snapshot's findings and the exact input handed to the policies."""

    findings: tuple[Finding, ...]
    document: dict[str, Any]
    facts: Facts
    snapshot: Snapshot


def evaluate_snapshot(
    snapshot: Snapshot,
    config: Config,
    catalog: Catalog,
    engine: Engine,
    as_of: str,
    all_subscribers: bool = False,
) -> Evaluation:
    """`all_subscribers`: list every subscriber in the facts (the HTML report searches
    people), as a rule asking for them (METADATA custom.all_subscribers) also does."""
    rules = [rule for rule in catalog.rules if not _is_waiver_rule(rule)]
    everyone = all_subscribers or any(rule.all_subscribers for rule in rules)
    facts = derive_facts(snapshot, config, as_of, dependents(rules), everyone)
    results = engine.deny(rules, facts.document)
    locator = _Locator(snapshot, facts, config)
    findings = []
    for rule in rules:
        for violation in results.get(rule.package, []):
            findings.append(_finding(rule, violation, locator, config.waivers, as_of))
    unique = {(f.rule.id, f.resource, f.message): f for f in findings}
    return Evaluation(
        tuple(sorted(unique.values(), key=lambda f: f.sort_key)), facts.document, facts, snapshot
    )


def dependents(rules: Sequence[Rule]) -> dict[str, tuple[str, ...]]:
    """Fact name -> ids of the rules that need it known (METADATA custom.depends_on)."""
    found: dict[str, list[str]] = {}
    for rule in rules:
        for fact in rule.depends_on:
            found.setdefault(fact, []).append(rule.id)
    return {fact: tuple(sorted(ids)) for fact, ids in found.items()}


def check_config_references(config: Config, derived: Sequence[Facts]) -> None:
    """Every account, OU and profile qcheck.yaml names must be in one of the snapshots:
    a name that matches nothing would otherwise be ignored without a word."""
    by_line: dict[tuple[int, str], list[bool]] = {}
    for facts in derived:
        for ref in facts.config_refs:
            if ref.checkable:
                by_line.setdefault((ref.line, ref.text), []).append(ref.found)
    missing = sorted(key for key, found in by_line.items() if not any(found))
    if missing and config.path:
        line, text = missing[0]
        raise InputError(f"{text} is not in the snapshot", config.path, line)


def run_check(
    snapshot_paths: Sequence[str],
    config: Config,
    catalog: Catalog,
    engine: Engine,
    as_of: str,
    baseline: Baseline | None = None,
    filtered: tuple[FilteredRule, ...] = (),
) -> tuple[Report, list[dict[str, Any]]]:
    """Evaluate each snapshot on its own (one snapshot is one organization): the report and
    each snapshot's policy input (see `judge`)."""
    report, evaluations = judge(snapshot_paths, config, catalog, engine, as_of, baseline, filtered)
    return report, [evaluation.document for evaluation in evaluations]


def judge(
    snapshot_paths: Sequence[str],
    config: Config,
    catalog: Catalog,
    engine: Engine,
    as_of: str,
    baseline: Baseline | None = None,
    filtered: tuple[FilteredRule, ...] = (),
    all_subscribers: bool = False,
) -> tuple[Report, list[Evaluation]]:
    """Evaluate each snapshot on its own with the rules of `catalog` (the filters already
    applied; `filtered` are the rules they left out): the report and each snapshot's
    evaluation (its snapshot and facts, which the HTML report draws).

    With a baseline (a previous report's findings) every finding is marked new or
    unchanged, only new ones fail the gate, and the baseline's findings no longer found
    are listed as resolved.
    """
    engine.load([p for p in catalog.policies if not p.is_test])
    findings: list[Finding] = []
    declared = observed = 0
    evaluations = []
    for path in snapshot_paths:
        evaluation = evaluate_snapshot(
            read_snapshot(path), config, catalog, engine, as_of, all_subscribers
        )
        evaluations.append(evaluation)
        findings.extend(evaluation.findings)
        declared += evaluation.facts.declared_count
        observed += evaluation.facts.observed_count
    check_config_references(config, [e.facts for e in evaluations])
    findings.extend(_waiver_findings(catalog, engine, config, as_of, findings))
    resolved: tuple[ResolvedFinding, ...] = ()
    if baseline is not None:
        known = baseline.fingerprints
        findings = [replace(f, new=f.fingerprint not in known) for f in findings]
        resolved = resolved_findings(baseline, findings, catalog.rule_ids)
    report = Report(
        tool_version=__version__,
        rules=catalog.rules,
        findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
        snapshots=tuple(snapshot_paths),
        config=config.path,
        declared_facts=declared,
        observed_facts=observed,
        as_of=as_of,
        filtered=filtered,
        baseline=baseline.path if baseline is not None else None,
        resolved=resolved,
    )
    return report, evaluations


def resolved_findings(
    baseline: Baseline, findings: Sequence[Finding], evaluated: frozenset[str]
) -> tuple[ResolvedFinding, ...]:
    """The baseline's findings this run no longer has. A finding of a rule that was not
    evaluated or not judged for its resource (a fact unknown) is not resolved: nobody
    looked."""
    current = {f.fingerprint for f in findings}
    unjudged = not_judged(findings)
    gone = {
        b.fingerprint: b
        for b in baseline.findings
        if b.fingerprint not in current
        and b.rule_id in evaluated
        and (b.rule_id, b.resource) not in unjudged
    }
    return tuple(sorted(gone.values(), key=lambda b: (b.rule_id, b.resource, b.fingerprint)))


def gate(report: Report, fail_on: Severity | None) -> bool:
    """True when the report's findings fail the gate (see `fails`)."""
    return fails(report.findings, fail_on)


def fails(findings: Iterable[Finding], fail_on: Severity | None) -> bool:
    """True when an unwaived finding not in the baseline is at or above the threshold
    (None: never fail). `qcheck check` gates on every finding, `qcheck diff` on those
    that appeared."""
    if fail_on is None:
        return False
    return any(
        f.severity.at_least(fail_on) for f in findings if not f.waived and f.new is not False
    )


def _waiver_findings(
    catalog: Catalog, engine: Engine, config: Config, as_of: str, findings: Sequence[Finding]
) -> list[Finding]:
    rules = [rule for rule in catalog.rules if _is_waiver_rule(rule)]
    if not rules or not config.waivers or not config.path:
        return []
    used = {(f.waiver.rule_id, f.waiver.resource) for f in findings if f.waiver is not None}
    # A waiver of a rule the filters left out is neither used nor unused: not judged.
    evaluated = catalog.rule_ids
    by_id = {
        f"waiver/{w.rule_id}/{w.resource}": w for w in config.waivers if w.rule_id in evaluated
    }
    document = {
        "qcheck": {"input_version": INPUT_VERSION, "as_of": as_of, "config": config.path},
        "waivers": [
            {
                "id": waiver_id,
                "rule": w.rule_id,
                "resource": w.resource,
                "reason": w.reason,
                "owner": w.owner,
                "expires": w.expires,
                "matched": (w.rule_id, w.resource) in used,
            }
            for waiver_id, w in sorted(by_id.items())
        ],
    }
    results = engine.deny(rules, document)
    out = []
    for rule in rules:
        for violation in results.get(rule.package, []):
            resource = violation.get("resource") if isinstance(violation, dict) else None
            waiver = by_id.get(resource) if isinstance(resource, str) else None
            if waiver is None:
                raise InputError(
                    f"deny returned an unknown waiver id: {violation}", rule.source_path
                )
            step = Step(
                violation["resource"], f"waiver of {waiver.rule_id}", config.path, waiver.line
            )
            out.append(
                Finding(
                    rule=rule,
                    resource=violation["resource"],
                    message=violation["message"],
                    account_id=None,
                    region=None,
                    evidence=(violation["resource"],),
                    snapshot=config.path,
                    path=config.path,
                    line=waiver.line,
                    paths=((step,),),
                )
            )
    return out


class _Locator:
    """Where a resource is written down (file and line) and the config entries a fix of
    its finding would change; what it is and where it lives come from `Nodes`."""

    def __init__(self, snapshot: Snapshot, facts: Facts, config: Config) -> None:
        self.snapshot = snapshot
        self.config = config
        self.nodes = Nodes(snapshot, facts)
        self.config_lines = facts.config_lines
        self.declared_lines = facts.declared_lines
        self.config_path = config.path or ""

    def location(self, resource: str) -> tuple[str, int | None]:
        resource = self.nodes.resolve(resource)
        if resource in self.declared_lines:
            return self.config_path, self.declared_lines[resource]
        return self.snapshot.path, self.snapshot.lines.get(resource)

    def step(self, node_id: str) -> Step:
        path, line = self.location(node_id)
        return Step(node_id, self.nodes.label(node_id), path, line)

    def related(
        self, rule: Rule, nodes: tuple[str, ...], waiver: Waiver | None
    ) -> tuple[Related, ...]:
        """Config entries a fix would change: placements, justifications, rule keys, waiver."""
        if not self.config.path:
            return ()
        found: dict[int, str] = {}
        for node_id in nodes:
            if node_id in self.config_lines:
                line, message = self.config_lines[node_id]
                found.setdefault(line, message)
        for key in rule.config_keys:
            line, present = self.config.line_of(key)
            found.setdefault(line, key if present else f"{key} (not set)")
        if waiver is not None:
            found.setdefault(waiver.line, f"waiver: {waiver.reason}")
        return tuple(
            Related(self.config.path, line, message) for line, message in sorted(found.items())
        )


def _finding(
    rule: Rule,
    violation: Any,
    locator: _Locator,
    waivers: Sequence[Waiver],
    as_of: str,
) -> Finding:
    try:
        parsed = parse_violation(violation)
    except ViolationError as error:
        raise InputError(str(error), rule.source_path) from None
    resource = parsed.resource
    own_severity = None if parsed.severity is None else Severity(parsed.severity)
    if own_severity is not None and own_severity.rank < rule.severity.rank:
        raise InputError(
            f"{rule.id} returned severity {own_severity.value}, above its METADATA severity "
            f"{rule.severity.value}",
            rule.source_path,
        )
    path, line = locator.location(resource)
    account_id, region = locator.nodes.home(resource)
    waiver = next(
        (
            w
            for w in waivers
            if w.rule_id == rule.id and w.resource == resource and w.expires >= as_of
        ),
        None,
    )
    return Finding(
        rule=rule,
        resource=resource,
        message=parsed.message,
        account_id=account_id,
        region=region,
        evidence=parsed.evidence,
        snapshot=locator.snapshot.path,
        path=str(Path(path)) if path else locator.snapshot.path,
        line=line,
        waiver=waiver,
        properties=parsed.properties,
        paths=tuple(tuple(locator.step(node) for node in p) for p in parsed.paths),
        examples=tuple(locator.step(node) for node in parsed.examples),
        related=locator.related(rule, (resource, *parsed.evidence), waiver),
        own_severity=own_severity,
    )
