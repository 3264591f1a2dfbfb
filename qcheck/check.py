"""Snapshot(s) + config + policies -> findings: the `qcheck check` pipeline without I/O
of its own beyond reading the inputs it is given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qcheck import __version__
from qcheck.config.model import Config
from qcheck.engine.base import Engine
from qcheck.errors import InputError
from qcheck.graph.facts import Facts, derive_facts
from qcheck.graph.snapshot import Snapshot, read_snapshot
from qcheck.model import Finding, Report, Rule, Severity, Waiver
from qcheck.policy.catalog import Catalog


@dataclass(frozen=True)
class Evaluation:
    """One snapshot's findings and the exact input handed to the policies."""

    findings: tuple[Finding, ...]
    document: dict[str, Any]
    facts: Facts


def evaluate_snapshot(
    snapshot: Snapshot, config: Config, catalog: Catalog, engine: Engine, as_of: str
) -> Evaluation:
    facts = derive_facts(snapshot, config, as_of)
    results = engine.deny(catalog.rules, facts.document)
    locator = _Locator(snapshot, facts, config)
    findings = []
    for rule in catalog.rules:
        for violation in results.get(rule.package, []):
            findings.append(_finding(rule, violation, locator, config.waivers, as_of))
    unique = {(f.rule.id, f.resource, f.message): f for f in findings}
    return Evaluation(
        tuple(sorted(unique.values(), key=lambda f: f.sort_key)), facts.document, facts
    )


def run_check(
    snapshot_paths: Sequence[str],
    config: Config,
    catalog: Catalog,
    engine: Engine,
    as_of: str,
) -> tuple[Report, list[dict[str, Any]]]:
    """Evaluate each snapshot on its own (one snapshot is one organization)."""
    engine.load([p for p in catalog.policies if not p.is_test])
    findings: list[Finding] = []
    documents: list[dict[str, Any]] = []
    declared = observed = 0
    for path in snapshot_paths:
        evaluation = evaluate_snapshot(read_snapshot(path), config, catalog, engine, as_of)
        findings.extend(evaluation.findings)
        documents.append(evaluation.document)
        declared += evaluation.facts.declared_count
        observed += evaluation.facts.observed_count
    report = Report(
        tool_version=__version__,
        rules=catalog.rules,
        findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
        snapshots=tuple(snapshot_paths),
        config=config.path,
        declared_facts=declared,
        observed_facts=observed,
    )
    return report, documents


def gate(report: Report, fail_on: Severity | None) -> bool:
    """True when an unwaived finding is at or above the threshold (None: never fail)."""
    if fail_on is None:
        return False
    return any(f.severity.at_least(fail_on) for f in report.findings if not f.waived)


class _Locator:
    """Where a resource lives (file and line) and which account and region it belongs to."""

    def __init__(self, snapshot: Snapshot, facts: Facts, config: Config) -> None:
        self.snapshot = snapshot
        self.declared_lines = facts.declared_lines
        self.config_path = config.path or ""
        organization = facts.document["organization"]
        self.management_id: str | None = (
            organization["management_account_id"] if organization else None
        )
        self.customizations = {c["arn"]: c for c in facts.document["customizations"]}
        self.store_owner = {
            i["identity_store_id"]: (i["owner_account_id"], i["home_region"])
            for i in facts.document["instances"]
        }
        self.gaps = {g["id"]: g for g in facts.document["gaps"]}

    def location(self, resource: str) -> tuple[str, int | None]:
        if resource in self.declared_lines:
            return self.config_path, self.declared_lines[resource]
        return self.snapshot.path, self.snapshot.lines.get(resource)

    def account_region(self, resource: str) -> tuple[str | None, str | None]:
        node: Mapping[str, Any] | None = self.snapshot.nodes.get(resource)
        if node is None:
            node = self.customizations.get(resource) or self.gaps.get(resource)
            if node is None:
                return None, None
            return node.get("account_id"), node.get("region")
        kind = node["kind"]
        if kind in ("account", "application", "customization"):
            return node["account_id"], node.get("region")
        if kind == "idc_instance":
            return node["owner_account_id"], node["home_region"]
        if kind in ("user", "group"):
            return self.store_owner.get(node["identity_store_id"], (None, None))
        if kind == "organization":
            return node["management_account_id"], None
        return self.management_id, None  # roots, OUs and SCPs live in the management account


def _finding(
    rule: Rule,
    violation: Any,
    locator: _Locator,
    waivers: Sequence[Waiver],
    as_of: str,
) -> Finding:
    if (
        not isinstance(violation, dict)
        or not isinstance(violation.get("resource"), str)
        or not isinstance(violation.get("message"), str)
        or not isinstance(violation.get("evidence", []), list)
    ):
        raise InputError(
            "deny returned a violation without string `resource` and `message` "
            f"(and list `evidence`): {str(violation)[:120]}",
            rule.source_path,
        )
    resource = violation["resource"]
    path, line = locator.location(resource)
    account_id, region = locator.account_region(resource)
    properties = violation.get("properties") or {}
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
        message=violation["message"],
        account_id=account_id,
        region=region,
        evidence=tuple(str(e) for e in violation.get("evidence", []) if e is not None),
        snapshot=locator.snapshot.path,
        path=str(Path(path)) if path else locator.snapshot.path,
        line=line,
        waiver=waiver,
        properties=tuple(sorted((str(k), str(v)) for k, v in properties.items()))
        if isinstance(properties, dict)
        else (),
    )
