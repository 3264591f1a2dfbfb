"""What a node is and where it lives: its label, its account and its Region.

The one home of node labels ("group Blue", "Q Developer profile alpha-us"), and of the
account and Region a resource belongs to, read from the facts that derive them (an
application's Region is its profile's, declared or unknown; a user's is its instance's).
Findings, evidence steps and reports all take them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qcheck.facts.derive import Facts, application_kind
from qcheck.facts.model import AppKind
from qcheck.graph.kinds import NodeKind
from qcheck.graph.snapshot import Snapshot

Home = tuple[str | None, str | None]  # (account id, Region), None where it has none

APPLICATION_LABELS = {
    AppKind.Q_DEVELOPER: "Q Developer profile",
    AppKind.Q_BUSINESS: "Amazon Q Business application",
    AppKind.KIRO: "Kiro application",
    AppKind.AWS_MANAGED: "AWS managed application",
    AppKind.CUSTOMER_MANAGED: "customer managed application",
}


def node_label(node: Mapping[str, Any]) -> str:
    """What a snapshot node is, in a few words: "group Blue", "Q Developer profile alpha-us"."""
    match node["kind"]:
        case NodeKind.APPLICATION:
            what = APPLICATION_LABELS[application_kind(node["provider_arn"])]
            return f"{what} {node.get('name') or node['id']}"
        case NodeKind.ORGANIZATION:
            return f"organization {node['org_id']}"
        case NodeKind.ROOT:
            return f"root {node['name']}"
        case NodeKind.OU:
            return f"OU {node['name']}"
        case NodeKind.ACCOUNT:
            return f"account {node['name']} ({node['account_id']})"
        case NodeKind.POLICY:
            return f"SCP {node['name']}"
        case NodeKind.IDC_INSTANCE:
            return (
                f"{node['instance_type']} instance of IAM Identity Center ({node['home_region']})"
            )
        case NodeKind.USER:
            return f"user {node['user_name']}"
        case NodeKind.GROUP:
            return f"group {node['display_name']}"
        case NodeKind.CUSTOMIZATION:
            return f"customization {node.get('name') or node['id']}"
        case NodeKind.Q_BUSINESS_APPLICATION:
            return f"Amazon Q Business application {node.get('name') or node['id']}"
        case NodeKind.AI_OPT_OUT_POLICY:
            return f"AI services opt-out policy {node['name']}"
        case NodeKind.PERMISSION_SET:
            return f"permission set {node.get('name') or node['id']}"
    return str(node["id"])


class Nodes:
    """Labels and homes of one snapshot's nodes, its declared customizations, its
    collection gaps and its unknown facts (an unknown lives where its resource does)."""

    def __init__(self, snapshot: Snapshot, facts: Facts) -> None:
        self.snapshot = snapshot
        facts_in = facts.input
        self.customizations = {c.arn: c for c in facts_in.customizations}
        self.gaps = {g.id: g for g in facts_in.gaps}
        self.unknowns = {u.id: u for u in facts_in.unknowns}
        self.management_id = (
            facts_in.organization.management_account_id if facts_in.organization else None
        )
        homes: dict[str, Home] = {g.id: (g.account_id, g.region) for g in facts_in.gaps}
        homes.update((a.arn, (a.id, None)) for a in facts_in.accounts)
        homes.update((i.arn, (i.owner_account_id, i.home_region)) for i in facts_in.instances)
        homes.update((a.arn, (a.account_id, a.region)) for a in facts_in.applications)
        homes.update((c.arn, (c.account_id, c.region)) for c in facts_in.customizations)
        homes.update((q.arn, (q.account_id, q.region)) for q in facts_in.q_business_applications)
        self.homes = homes
        self.stores: dict[str, Home] = {
            i.identity_store_id: (i.owner_account_id, i.home_region) for i in facts_in.instances
        }

    def resolve(self, node_id: str) -> str:
        """The resource an id stands for: an unknown fact's resource, else the id itself."""
        unknown = self.unknowns.get(node_id)
        return node_id if unknown is None else unknown.resource

    def label(self, node_id: str) -> str:
        """What a node is, in a few words: "group Blue", "Q Developer profile alpha-us"."""
        node: Mapping[str, Any] | None = self.snapshot.nodes.get(node_id)
        if node is not None:
            return node_label(node)
        custom = self.customizations.get(node_id)
        if custom is not None:
            return f"customization {custom.name or node_id} (declared)"
        gap = self.gaps.get(node_id)
        if gap is not None:
            return f"collection gap: {gap.service} {gap.operation}"
        unknown = self.unknowns.get(node_id)
        if unknown is not None:
            return f"unknown {unknown.fact}"
        return node_id

    def home(self, resource: str) -> Home:
        """The account and Region a resource (or an unknown fact about it) belongs to."""
        resource = self.resolve(resource)
        home = self.homes.get(resource)
        if home is not None:
            return home
        node: Mapping[str, Any] | None = self.snapshot.nodes.get(resource)
        if node is None:
            return None, None
        match node["kind"]:
            case NodeKind.USER | NodeKind.GROUP:
                return self.stores.get(node["identity_store_id"], (None, None))
            case NodeKind.ORGANIZATION:
                return node["management_account_id"], None
        return self.management_id, None  # roots, OUs and SCPs live in the management account
