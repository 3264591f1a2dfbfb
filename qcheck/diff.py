"""What changed between two snapshots of one organization, and which findings came or went.

`organization_changes` is pure: two snapshots and their facts in, typed changes out.
qcheck.report.diff renders a `Diff`; qcheck.app wires them to files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from qcheck.facts.model import PolicyInput
from qcheck.graph.kinds import EdgeKind, NodeKind
from qcheck.graph.snapshot import Snapshot
from qcheck.model import Finding


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "account moved", "application added"
    subject: str  # ARN of what changed
    detail: str  # human-readable specifics


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    changes: tuple[Change, ...]
    appeared: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    config: str | None = None  # the qcheck.yaml both snapshots were judged with, if any


def organization_changes(
    old: Snapshot, new: Snapshot, old_facts: PolicyInput, new_facts: PolicyInput
) -> tuple[Change, ...]:
    changes: list[Change] = []
    changes += _records(
        "account",
        old_facts.accounts,
        new_facts.accounts,
        lambda a: f"{a.name} ({a.id}) in {a.ou_path or 'no OU'}",
        moved=lambda a, b: a.ou_path != b.ou_path,
        moved_detail=lambda a, b: f"{b.name} ({b.id}): {a.ou_path} -> {b.ou_path}",
        moved_kind="account moved",
    )
    changes += _records(
        "delegated administrator",
        [a for a in old_facts.accounts if a.delegated_admin_services],
        [a for a in new_facts.accounts if a.delegated_admin_services],
        lambda a: f"{a.id} for {', '.join(a.delegated_admin_services)}",
        moved=lambda a, b: a.delegated_admin_services != b.delegated_admin_services,
        moved_detail=lambda a, b: (
            f"{b.id}: {', '.join(a.delegated_admin_services)} -> "
            f"{', '.join(b.delegated_admin_services)}"
        ),
        moved_kind="delegated administrator changed",
    )
    changes += _records(
        "instance",
        old_facts.instances,
        new_facts.instances,
        lambda i: f"{i.type} instance owned by {i.owner_account_id} in {i.home_region}",
        created="instance created",
        removed="instance removed",
    )
    changes += _records(
        "application",
        old_facts.applications,
        new_facts.applications,
        lambda a: f"{a.kind} {a.name} in {a.account_id} {a.region} ({a.status})",
        moved=lambda a, b: (
            (a.region, a.status, a.instance_arn) != (b.region, b.status, b.instance_arn)
        ),
        moved_detail=lambda a, b: f"{b.name}: {a.region} {a.status} -> {b.region} {b.status}",
        moved_kind="application changed",
    )
    changes += _records(
        "customization",
        old_facts.customizations,
        new_facts.customizations,
        lambda c: f"{c.name} in {c.account_id} {c.region}",
    )
    changes += _edges("assignment", old, new, EdgeKind.ASSIGNED_TO)
    changes += _edges("SCP attachment", old, new, EdgeKind.ATTACHED_TO, NodeKind.POLICY)
    changes += _edges(
        "AI opt-out policy attachment",
        old,
        new,
        EdgeKind.ATTACHED_TO,
        NodeKind.AI_OPT_OUT_POLICY,
    )
    changes += _edges("membership", old, new, EdgeKind.MEMBER_OF)
    return tuple(changes)


class _Record(Protocol):
    @property
    def arn(self) -> str: ...


R = TypeVar("R", bound=_Record)


def _records(
    noun: str,
    old: Iterable[R],
    new: Iterable[R],
    describe: Callable[[R], str],
    *,
    created: str | None = None,
    removed: str | None = None,
    moved: Callable[[R, R], bool] | None = None,
    moved_detail: Callable[[R, R], str] | None = None,
    moved_kind: str = "",
) -> list[Change]:
    before = {r.arn: r for r in old}
    after = {r.arn: r for r in new}
    changes = [
        Change(created or f"{noun} added", arn, describe(after[arn]))
        for arn in sorted(after.keys() - before.keys())
    ]
    changes += [
        Change(removed or f"{noun} removed", arn, describe(before[arn]))
        for arn in sorted(before.keys() - after.keys())
    ]
    if moved is not None and moved_detail is not None:
        changes += [
            Change(moved_kind, arn, moved_detail(before[arn], after[arn]))
            for arn in sorted(before.keys() & after.keys())
            if moved(before[arn], after[arn])
        ]
    return changes


def _edges(
    noun: str, old: Snapshot, new: Snapshot, kind: EdgeKind, source_kind: NodeKind | None = None
) -> list[Change]:
    """Edges of `kind` added and removed; with `source_kind`, only those from such nodes."""

    def pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
        return {
            (e.source, e.target)
            for e in snapshot.edges
            if e.kind is kind
            and (source_kind is None or snapshot.nodes.get(e.source, {}).get("kind") == source_kind)
        }

    before, after = pairs(old), pairs(new)
    return [
        Change(f"{noun} added", target, f"{source} -> {target}")
        for source, target in sorted(after - before)
    ] + [
        Change(f"{noun} removed", target, f"{source} -> {target}")
        for source, target in sorted(before - after)
    ]


def finding_changes(
    old: Iterable[Finding], new: Iterable[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(appeared, resolved), matched by fingerprint (rule and resource)."""
    before = {f.fingerprint: f for f in old}
    after = {f.fingerprint: f for f in new}
    appeared = tuple(
        sorted((after[k] for k in after.keys() - before.keys()), key=lambda f: f.sort_key)
    )
    resolved = tuple(
        sorted((before[k] for k in before.keys() - after.keys()), key=lambda f: f.sort_key)
    )
    return appeared, resolved
