"""Refuse a snapshot graph that no AWS organization can produce.

A snapshot is evidence and may be edited by hand or by an attacker. Judging impossible
data as if it were real gives findings that depend on node order or hide violations, so
loading stops at the first impossibility with one line naming the node and its line.

What AWS guarantees, and where it says so:
- An organization has exactly one root, and every account and OU has exactly one parent
  (Organizations API reference: ListParents "In the current release, a child can have
  only a single parent"; ListRoots: "an organization has only one root").
- IAM Identity Center has at most one delegated administrator at a time, and the
  management account cannot be registered as one (Organizations
  RegisterDelegatedAdministrator: CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR; IAM
  Identity Center user guide, delegated-admin: "only one member account ... at a time").
Where the collector could not read a part of the tree (a gap on the operation that lists
it), that part may be missing; a gap never licenses contradictory data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from qcheck.errors import InputError
from qcheck.graph.kinds import EdgeKind, NodeKind

IDC_SERVICE_PRINCIPAL = "sso.amazonaws.com"


class _Edge(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def kind(self) -> EdgeKind: ...


def check_graph(
    nodes: Mapping[str, Mapping[str, Any]],
    edges: Sequence[_Edge],
    gaps: Sequence[Mapping[str, Any]],
    lines: Mapping[str, int],
    path: str,
) -> None:
    """Raise InputError at the first structural impossibility."""

    def fail(node_id: str, message: str) -> None:
        raise InputError(f"node {node_id}: {message}", path, lines.get(node_id))

    failed = {str(g["operation"]) for g in gaps}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node_id, node in nodes.items():
        by_kind[node["kind"]].append(node_id)

    organizations = sorted(by_kind[NodeKind.ORGANIZATION], key=lambda n: lines.get(n, 0))
    if len(organizations) > 1:
        fail(organizations[1], f"a second organization (the first is {organizations[0]})")
    tree_nodes = by_kind[NodeKind.ROOT] + by_kind[NodeKind.OU] + by_kind[NodeKind.ACCOUNT]
    if not organizations:
        if tree_nodes and "DescribeOrganization" not in failed:
            first = min(tree_nodes, key=lambda n: (lines.get(n, 0), n))
            fail(first, "the snapshot has no organization node")
        return

    organization = nodes[organizations[0]]
    roots = sorted(by_kind[NodeKind.ROOT], key=lambda n: lines.get(n, 0))
    if len(roots) > 1:
        fail(roots[1], f"a second root (the first is {roots[0]}); an organization has one root")
    below_root = by_kind[NodeKind.OU] or by_kind[NodeKind.ACCOUNT]
    if not roots and below_root and "ListRoots" not in failed:
        fail(organizations[0], "the organization has OUs or accounts but no root")

    parents: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.kind is EdgeKind.CONTAINS:
            parents[edge.target].append(edge.source)
    for node_id in sorted(tree_nodes, key=lambda n: lines.get(n, 0)):
        found = parents.get(node_id, [])
        if len(found) > 1:
            fail(node_id, f"has {len(found)} parents ({', '.join(sorted(found))}); AWS allows one")
        kind = nodes[node_id]["kind"]
        if not found:
            fail(node_id, f"the {kind} is in no OU or root of the organization")
        parent_kind = nodes[found[0]]["kind"]
        if kind == NodeKind.ROOT and parent_kind != NodeKind.ORGANIZATION:
            fail(node_id, f"a root cannot be inside {parent_kind} {found[0]}")
        if kind != NodeKind.ROOT and parent_kind == NodeKind.ORGANIZATION:
            fail(node_id, f"an {kind} must be under a root or OU, not the organization")
    _refuse_cycles(parents, tree_nodes, fail)

    management = str(organization["management_account_id"])
    accounts = {str(nodes[n]["account_id"]): n for n in by_kind[NodeKind.ACCOUNT]}
    listing_failed = failed & {"ListAccountsForParent", "ListOrganizationalUnitsForParent"}
    if management not in accounts and accounts and not listing_failed:
        fail(organizations[0], f"the management account {management} is not in the snapshot")
    admins = sorted(
        (n for n in by_kind[NodeKind.ACCOUNT] if _administers_idc(nodes[n])),
        key=lambda n: lines.get(n, 0),
    )
    for node_id in admins:
        if str(nodes[node_id]["account_id"]) == management:
            fail(
                node_id,
                "the management account is listed as IAM Identity Center delegated administrator, "
                "which AWS refuses (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR)",
            )
    if len(admins) > 1:
        fail(
            admins[1],
            f"a second IAM Identity Center delegated administrator (the first is {admins[0]}); "
            "AWS allows one at a time",
        )


def _administers_idc(node: Mapping[str, Any]) -> bool:
    return IDC_SERVICE_PRINCIPAL in (node.get("delegated_admin_for") or ())


def _refuse_cycles(parents: Mapping[str, list[str]], tree_nodes: list[str], fail: Any) -> None:
    """With one parent each, a cycle is a walk up the parents that meets itself."""
    settled: set[str] = set()
    for start in sorted(tree_nodes):
        seen: list[str] = []
        node = start
        while node not in settled:
            if node in seen:
                fail(
                    node, f"is its own ancestor ({' -> '.join([*seen[seen.index(node) :], node])})"
                )
            seen.append(node)
            up = parents.get(node)
            if not up:
                break
            node = up[0]
        settled.update(seen)
