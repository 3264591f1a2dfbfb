"""The HTML report's view model, built from what `qcheck check` judged: the report, each
snapshot with its facts, the baseline's findings and the lines of the input files that the
findings point at. The one I/O here is reading those lines back.

The drawing: each organization, its root, OUs and accounts as the snapshot's `contains`
edges place them (accounts outside the tree hang from the organization), then under each
account its IAM Identity Center instances, applications and customizations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from qcheck.baseline import PreviousFinding
from qcheck.check import Evaluation
from qcheck.facts.model import PolicyInput
from qcheck.facts.nodes import APPLICATION_LABELS, Nodes
from qcheck.graph.kinds import EdgeKind, NodeKind
from qcheck.model import Finding, Report, Rule, Step
from qcheck.report.html_model import (
    Excerpt,
    FindingView,
    HtmlView,
    OrgNode,
    PersonView,
    RelatedView,
    ResolvedView,
    RuleView,
    SnapshotView,
    StepView,
    UnknownView,
)

MAX_EXCERPT = 400  # characters of an input line shown with a finding


def build_view(
    report: Report,
    evaluations: Sequence[Evaluation],
    as_of: str,
    baseline: tuple[str, tuple[PreviousFinding, ...]] | None = None,
) -> HtmlView:
    """Everything the HTML report shows; `baseline` is its path and findings."""
    nodes: list[OrgNode] = []
    labels: list[Nodes] = []
    snapshots: list[SnapshotView] = []
    unknowns: list[UnknownView] = []
    people: list[PersonView] = []
    zones: dict[str, tuple[str, ...]] = {}
    price = (0.0, "")
    for index, evaluation in enumerate(evaluations):
        facts = evaluation.facts.input
        node_labels = Nodes(evaluation.snapshot, evaluation.facts)
        labels.append(node_labels)
        nodes.extend(_organization(evaluation, index, len(nodes)))
        snapshots.append(
            SnapshotView(
                path=evaluation.snapshot.path,
                collected_at=evaluation.snapshot.collected_at,
                organization=facts.organization.id if facts.organization else "",
                declared=evaluation.facts.declared_count,
                observed=evaluation.facts.observed_count,
            )
        )
        unknowns.extend(_unknowns(facts, node_labels, index))
        people.extend(_people(facts, index))
        zones.update(facts.reference.zones)
        price = (facts.reference.q_developer_pro_monthly_price, facts.reference.currency)
    by_path = {s.path: i for i, s in enumerate(snapshots)}
    findings = tuple(_finding(f, by_path, labels) for f in report.findings)
    resolved = None
    if baseline is not None:  # as every report counts them (check.resolved_findings)
        resolved = tuple(
            ResolvedView(p.rule_id, p.severity, p.resource, p.message)
            for p in sorted(report.resolved, key=lambda p: (p.rule_id, p.resource, p.message))
        )
    return HtmlView(
        tool_version=report.tool_version,
        as_of=as_of,
        config=report.config,
        baseline=baseline[0] if baseline else None,
        snapshots=tuple(snapshots),
        zones=tuple(sorted(zones.items())),
        nodes=tuple(nodes),
        rules=tuple(_rule_view(r) for r in report.rules),
        findings=findings,
        unknowns=tuple(unknowns),
        resolved=resolved,
        filtered=tuple((f.rule.id, f.rule.name, f.reason) for f in report.filtered),
        people=tuple(people),
        excerpts=_excerpts(report.findings),
        monthly_price=price,
    )


def _organization(evaluation: Evaluation, snapshot: int, offset: int) -> list[OrgNode]:
    """One organization's boxes, parents first, siblings in a stable order (OUs, then
    accounts, each by name)."""
    graph = evaluation.snapshot
    facts = evaluation.facts.input
    lines = graph.lines
    org = facts.organization
    org_id = org.arn if org else f"organization:{graph.path}"
    out = [
        OrgNode(
            id=org_id,
            kind="organization",
            name=org.id if org else "organization (not read)",
            parent=-1,
            snapshot=snapshot,
            detail=f"management account {org.management_account_id}" if org else "",
            line=lines.get(org_id),
        )
    ]
    index = {org_id: offset}
    children: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.kind is EdgeKind.CONTAINS:
            children[edge.source].append(edge.target)
    accounts = {a.arn: a for a in facts.accounts}

    def order(node_id: str) -> tuple[int, str, str]:
        node = graph.nodes[node_id]
        kind = node["kind"]
        return (0 if kind != NodeKind.ACCOUNT else 1, str(node.get("name") or ""), node_id)

    def add(node: OrgNode) -> None:
        index[node.id] = offset + len(out)
        out.append(node)

    tops = [n["id"] for n in graph.of_kind(NodeKind.ROOT)]
    if org is not None:
        tops = sorted(set(tops) | set(children.get(org.arn, ())))
    queue = [(node_id, org_id) for node_id in sorted(tops)]
    while queue:
        node_id, parent = queue.pop(0)
        if node_id in index or node_id not in graph.nodes:
            continue
        node = graph.nodes[node_id]
        kind = str(node["kind"])
        account = accounts.get(node_id)
        add(
            OrgNode(
                id=node_id,
                kind=kind,
                name=str(node.get("name") or ""),
                parent=index[parent],
                snapshot=snapshot,
                detail=str(node.get("account_id") or ""),
                zones=account.zones if account else (),
                line=lines.get(node_id),
            )
        )
        queue.extend((child, node_id) for child in sorted(children.get(node_id, ()), key=order))
    for account in sorted(facts.accounts, key=lambda a: (a.name, a.arn)):
        if account.arn not in index:  # not placed in the tree
            add(
                OrgNode(
                    account.arn,
                    "account",
                    account.name,
                    offset,
                    snapshot,
                    account.id,
                    zones=account.zones,
                    line=lines.get(account.arn),
                )
            )
    account_index = {a.id: index[a.arn] for a in facts.accounts if a.arn in index}
    region_zones = facts.reference.region_zones

    def home(account_id: str | None) -> int:
        return account_index.get(account_id or "", offset)

    for instance in sorted(facts.instances, key=lambda i: i.arn):
        add(
            OrgNode(
                instance.arn,
                "instance",
                instance.name,
                home(instance.owner_account_id),
                snapshot,
                instance.type,
                regions=instance.regions or (instance.home_region,),
                line=lines.get(instance.arn),
            )
        )
    placed = [
        *(
            (a.arn, "application", a.name, a.account_id, APPLICATION_LABELS[a.kind], a.region)
            for a in sorted(facts.applications, key=lambda a: a.arn)
        ),
        *(
            (q.arn, "application", q.name, q.account_id, "Amazon Q Business application", q.region)
            for q in sorted(facts.q_business_applications, key=lambda q: q.arn)
        ),
        *(
            (c.arn, "customization", c.name, c.account_id, "Q Developer customization", c.region)
            for c in sorted(facts.customizations, key=lambda c: c.arn)
        ),
    ]
    for arn, kind, name, account_id, detail, region in placed:
        add(
            OrgNode(
                arn,
                kind,
                name,
                home(account_id),
                snapshot,
                detail,
                regions=(region,) if region else (),
                zones=region_zones.get(region, ()) if region else (),
                line=lines.get(arn),
            )
        )
    return out


def _unknowns(facts: PolicyInput, labels: Nodes, snapshot: int) -> Iterable[UnknownView]:
    for unknown in facts.unknowns:
        yield UnknownView(
            snapshot,
            unknown.fact,
            labels.label(unknown.resource),
            unknown.message,
            unknown.rules,
        )
    for gap in facts.gaps:
        where = " ".join(filter(None, [gap.account_id, gap.region]))
        yield UnknownView(
            snapshot,
            f"{gap.service} {gap.operation}",
            where or "organization",
            f"{gap.error_code}: {gap.message}",
            (),
        )


def _people(facts: PolicyInput, snapshot: int) -> Iterable[PersonView]:
    for subscriber in facts.subscribers:
        subs = subscriber.subscriptions
        yield PersonView(
            snapshot,
            subscriber.person,
            subscriber.matched_by,
            tuple(sorted({s.application_arn for s in subs})),
        )


def _step(step: Step) -> StepView:
    return StepView(step.node, step.label, step.path, step.line)


def _finding(finding: Finding, by_path: dict[str, int], labels: Sequence[Nodes]) -> FindingView:
    snapshot = by_path.get(finding.snapshot, -1)
    waiver = finding.waiver
    return FindingView(
        rule=finding.rule.id,
        severity=finding.severity.value,
        family=finding.rule.family,
        resource=finding.resource,
        label=labels[snapshot].label(finding.resource) if snapshot >= 0 else finding.resource,
        message=finding.message,
        account=finding.account_id,
        region=finding.region,
        snapshot=snapshot,
        file=finding.path,
        line=finding.line,
        waiver=None
        if waiver is None
        else f"{waiver.reason} (owner {waiver.owner}, expires {waiver.expires})",
        new=finding.new,
        paths=tuple(tuple(_step(s) for s in path) for path in finding.shown_paths),
        examples=tuple(_step(s) for s in finding.examples),
        related=tuple(RelatedView(r.path, r.line, r.message) for r in finding.related),
        properties=finding.properties,
    )


def _rule_view(rule: Rule) -> RuleView:
    return RuleView(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        description=rule.description,
        severity=rule.severity.value,
        family=rule.family,
        actions=rule.recommended_actions,
        references=tuple((r.url, r.description) for r in rule.references),
    )


def _excerpts(findings: Sequence[Finding]) -> tuple[Excerpt, ...]:
    """The input lines the findings point at: each resource's line and each config line a
    fix would change. Each file is read once; a file that cannot be read gives none."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        if finding.line is not None and finding.path:
            wanted[finding.path].add(finding.line)
        for related in finding.related:
            wanted[related.path].add(related.line)
    out = []
    for path in sorted(wanted):
        try:
            with Path(path).open(encoding="utf-8", errors="replace") as handle:
                lines = sorted(wanted[path])
                position = 0
                for number, text in enumerate(handle, start=1):
                    if number == lines[position]:
                        out.append(Excerpt(path, number, _shorten(text.rstrip("\r\n"))))
                        position += 1
                        if position == len(lines):
                            break
        except OSError:
            continue
    return tuple(out)


def _shorten(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_EXCERPT else text[: MAX_EXCERPT - 1] + "…"
