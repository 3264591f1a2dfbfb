"""Derive the policy input ("facts") from a snapshot and the config.

Graph work happens here, once, in Python: OU ancestry, inherited residency zones and
SCPs, effective group membership, who is subscribed to which application through which
IAM Identity Center instance. Policies then judge flat records and stay linear on every
Rego engine. The document's shape is documented in docs/input.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from qcheck.config.model import (
    ACCEPTED_JUSTIFICATION_REASONS,
    Config,
    DeclaredCustomization,
    Justification,
)
from qcheck.graph.kinds import EdgeKind, NodeKind
from qcheck.graph.snapshot import Snapshot

INPUT_VERSION = 1
IDC_SERVICE_PRINCIPAL = "sso.amazonaws.com"
_PROVIDER_KINDS = {
    "codewhisperer": "q_developer",
    "qdeveloper": "q_developer",
    "qbusiness": "q_business",
    "kiro": "kiro",
}

Node = Mapping[str, Any]


@dataclass(frozen=True)
class Facts:
    """The policy input plus where declared resources live in the config file."""

    document: dict[str, Any]
    declared_lines: Mapping[str, int]  # resource id -> line in the config file
    declared_count: int
    observed_count: int
    # node id -> (config line, what is there): the placement that sets an OU's or account's
    # residency zones, the justification of an account instance
    config_lines: Mapping[str, tuple[int, str]]


def application_kind(provider_arn: str) -> str:
    """q_developer, q_business, kiro or other, from the application provider ARN."""
    return _PROVIDER_KINDS.get(provider_arn.rsplit("/", 1)[-1].lower(), "other")


@dataclass(frozen=True)
class _Placement:
    zones: tuple[str, ...]
    node: str  # id of the OU, root or account whose placement applies
    line: int  # in the config file
    label: str  # the OU path or account id it names


def derive_facts(snapshot: Snapshot, config: Config, as_of: str) -> Facts:
    nodes = snapshot.nodes
    by_kind: dict[str, list[Node]] = defaultdict(list)
    for node in nodes.values():
        by_kind[node["kind"]].append(node)
    outgoing: dict[EdgeKind, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    incoming: dict[EdgeKind, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for edge in snapshot.edges:
        outgoing[edge.kind][edge.source].append(edge.target)
        incoming[edge.kind][edge.target].append(edge.source)

    organization = next(iter(by_kind[NodeKind.ORGANIZATION]), None)
    management_id = organization["management_account_id"] if organization else None
    zone_regions = dict(config.zones)

    config_lines: dict[str, tuple[int, str]] = {}
    accounts = _account_facts(
        snapshot, by_kind, incoming, config, zone_regions, management_id, config_lines
    )
    accounts_by_id = {a["id"]: a for a in accounts}
    delegated_admins = sorted(a["id"] for a in accounts if a["is_idc_delegated_admin"])

    instances = []
    for node in sorted(by_kind[NodeKind.IDC_INSTANCE], key=lambda n: n["id"]):
        justification = _justification_for(node, config.justifications)
        if justification is not None:
            config_lines[node["id"]] = (justification.line, "justification of this instance")
        instances.append(_instance_fact(node, justification, management_id, accounts_by_id))
    instances_by_arn = {i["arn"]: i for i in instances}

    applications = [
        _application_fact(node, outgoing, instances_by_arn, accounts_by_id, management_id)
        for node in sorted(by_kind[NodeKind.APPLICATION], key=lambda n: n["id"])
    ]
    applications_by_arn = {a["arn"]: a for a in applications}

    declared_lines: dict[str, int] = {}
    customization_nodes = list(by_kind[NodeKind.CUSTOMIZATION])
    account_ids = {n["account_id"] for n in by_kind[NodeKind.ACCOUNT]}
    for item in config.customizations:
        # Declared inventory belongs to the snapshot (organization) that holds its account.
        if item.arn not in nodes and (not account_ids or item.account in account_ids):
            customization_nodes.append(_declared_customization_node(item))
            declared_lines[item.arn] = item.line
    customizations = [
        _customization_fact(node, applications_by_arn, accounts_by_id, management_id)
        for node in sorted(customization_nodes, key=lambda n: n["id"])
    ]

    document: dict[str, Any] = {
        "qcheck": {"input_version": INPUT_VERSION, "as_of": as_of, "snapshot": snapshot.path},
        "organization": _organization_fact(organization),
        "identity_center": {
            "delegated_admin_account_ids": delegated_admins,
            "approved_delegated_admin_account_id": config.delegated_admin_account,
            "approved_delegated_admin_ou_paths": list(config.delegated_admin_ous),
            "organization_instance_arns": sorted(
                i["arn"] for i in instances if i["type"] == "organization"
            ),
        },
        "accounts": accounts,
        "instances": instances,
        "applications": applications,
        "customizations": customizations,
        "subscribers": _subscribers(nodes, applications, incoming, instances_by_arn),
        "scps": [
            {
                "arn": node["id"],
                "name": node["name"],
                "content": node["content"],
                "target_arns": sorted(outgoing[EdgeKind.ATTACHED_TO][node["id"]]),
            }
            for node in sorted(by_kind[NodeKind.POLICY], key=lambda n: n["id"])
        ],
        "gaps": [dict(gap) for gap in sorted(snapshot.gaps, key=lambda g: g["id"])],
        "reference": {
            "zones": {name: list(regions) for name, regions in config.zones},
            "region_zones": _region_zones(config.zones),
            "q_developer_regions": sorted(config.q_developer_regions),
            "accepted_justification_reasons": list(ACCEPTED_JUSTIFICATION_REASONS),
            "q_developer_pro_monthly_price": config.monthly_price,
            "currency": config.currency,
        },
    }
    declared_in_snapshot = sum(1 for n in nodes.values() if n["origin"] == "declared")
    return Facts(
        document,
        declared_lines,
        declared_count=declared_in_snapshot + len(declared_lines),
        observed_count=len(nodes) - declared_in_snapshot,
        config_lines=config_lines,
    )


def _organization_fact(organization: Node | None) -> dict[str, Any] | None:
    if organization is None:
        return None
    return {
        "arn": organization["id"],
        "id": organization["org_id"],
        "management_account_id": organization["management_account_id"],
        "feature_set": organization.get("feature_set", ""),
        "trusted_services": sorted(organization.get("trusted_services", [])),
    }


def _region_zones(zones: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, list[str]]:
    region_zones: dict[str, list[str]] = defaultdict(list)
    for name, regions in zones:
        for region in regions:
            region_zones[region].append(name)
    return {region: sorted(names) for region, names in sorted(region_zones.items())}


def _account_facts(
    snapshot: Snapshot,
    by_kind: Mapping[str, list[Node]],
    incoming: Mapping[EdgeKind, Mapping[str, list[str]]],
    config: Config,
    zone_regions: Mapping[str, tuple[str, ...]],
    management_id: str | None,
    config_lines: dict[str, tuple[int, str]],
) -> list[dict[str, Any]]:
    """Walk the organization tree once, inheriting path, residency placement and SCPs.

    Each placement that applies is recorded in `config_lines` under its OU or account."""
    tree = nx.DiGraph()
    for edge in snapshot.edges:
        if edge.kind is EdgeKind.CONTAINS:
            tree.add_edge(edge.source, edge.target)
    ou_placements = {p.ou: p for p in config.placements if p.ou}
    account_placements = {p.account: p for p in config.placements if p.account}
    attached = incoming.get(EdgeKind.ATTACHED_TO, {})

    # Per tree node: (names from the root, OU/root ids from the root, placement, SCP ids).
    inherited: dict[
        str, tuple[tuple[str, ...], tuple[str, ...], _Placement | None, frozenset[str]]
    ] = {}
    starts = [n["id"] for n in by_kind[NodeKind.ROOT]]
    for start in sorted(starts):
        if start not in tree:
            tree.add_node(start)
    for parent, child in _tree_edges(tree, starts):
        node = snapshot.nodes[child]
        names, ids, placement, scps = inherited.get(parent, ((), (), None, frozenset()))
        scps = scps | frozenset(attached.get(child, ()))
        if node["kind"] in (NodeKind.ROOT, NodeKind.OU):
            names = (*names, node["name"])
            ids = (*ids, child)
            chosen = ou_placements.get("/".join(names))
            if chosen is not None:
                placement = _Placement(chosen.zones, child, chosen.line, chosen.ou or "")
        inherited[child] = (names, ids, placement, scps)

    facts = []
    for node in sorted(by_kind[NodeKind.ACCOUNT], key=lambda n: n["account_id"]):
        account_id = node["account_id"]
        names, ids, placement, scps = inherited.get(
            node["id"], ((), (), None, frozenset(attached.get(node["id"], ())))
        )
        own = account_placements.get(account_id)
        if own is not None:
            placement = _Placement(own.zones, node["id"], own.line, account_id)
        zones = list(placement.zones) if placement else []
        if placement is not None:
            config_lines[placement.node] = (
                placement.line,
                f"residency placement {placement.label}: zones {', '.join(placement.zones)}",
            )
        services = sorted(node.get("delegated_admin_for", []))
        facts.append(
            {
                "arn": node["id"],
                "id": account_id,
                "name": node["name"],
                "status": node.get("status", ""),
                "in_organization": node["id"] in inherited,
                "ou_path": "/".join(names),
                "ou_arns": list(ids),
                "is_management": account_id == management_id,
                "is_idc_delegated_admin": IDC_SERVICE_PRINCIPAL in services,
                "delegated_admin_services": services,
                "zones": zones,
                "allowed_regions": sorted({r for z in zones for r in zone_regions.get(z, ())}),
                "residency_source": placement.node if placement else None,
                "scp_arns": sorted(scps),
                "tags": dict(node.get("tags", {})),
            }
        )
    return facts


def _tree_edges(tree: nx.DiGraph, starts: list[str]) -> Iterable[tuple[str, str]]:
    """Parent-before-child edges from each root, plus the roots themselves."""
    for start in sorted(starts):
        yield ("", start)
        yield from nx.bfs_edges(tree, start, sort_neighbors=sorted)


def _account_view(
    account_id: str, accounts_by_id: Mapping[str, dict[str, Any]], management_id: str | None
) -> dict[str, Any]:
    """The account fields that other records repeat, for accounts seen or not."""
    account = accounts_by_id.get(account_id)
    return {
        "account_id": account_id,
        "account_arn": account["arn"] if account else None,
        "account_name": account["name"] if account else None,
        "ou_path": account["ou_path"] if account else None,
        "in_management_account": account_id == management_id,
        "in_delegated_admin_account": bool(account and account["is_idc_delegated_admin"]),
        "zones": account["zones"] if account else [],
        "allowed_regions": account["allowed_regions"] if account else [],
        "residency_source": account["residency_source"] if account else None,
    }


def _justification_for(
    node: Node, justifications: tuple[Justification, ...]
) -> Justification | None:
    """The justification naming this instance, else one naming its owner account."""
    named = next((j for j in justifications if j.instance == node["id"]), None)
    return named or next(
        (j for j in justifications if j.instance is None and j.account == node["owner_account_id"]),
        None,
    )


def _instance_fact(
    node: Node,
    justification: Justification | None,
    management_id: str | None,
    accounts_by_id: Mapping[str, dict[str, Any]],
) -> dict[str, Any]:
    owner = node["owner_account_id"]
    account = accounts_by_id.get(owner)
    return {
        "arn": node["id"],
        "name": node.get("name", ""),
        "type": node["instance_type"],
        "status": node.get("status", ""),
        "owner_account_id": owner,
        "owner_account_arn": account["arn"] if account else None,
        "owner_is_management": owner == management_id,
        "identity_store_id": node["identity_store_id"],
        "home_region": node["home_region"],
        "regions": sorted(node.get("regions", [node["home_region"]])),
        "justification": None
        if justification is None
        else {
            "reason": justification.reason,
            "owner": justification.owner,
            "reference": justification.reference,
            "expires": justification.expires,
        },
    }


def _application_fact(
    node: Node,
    outgoing: Mapping[EdgeKind, Mapping[str, list[str]]],
    instances_by_arn: Mapping[str, dict[str, Any]],
    accounts_by_id: Mapping[str, dict[str, Any]],
    management_id: str | None,
) -> dict[str, Any]:
    instance_arn = next(iter(outgoing[EdgeKind.MANAGED_BY].get(node["id"], [])), None)
    instance = instances_by_arn.get(instance_arn) if instance_arn else None
    return {
        "arn": node["id"],
        "name": node.get("name", ""),
        "kind": application_kind(node["provider_arn"]),
        "provider_arn": node["provider_arn"],
        "region": node["region"],
        "status": node.get("status", ""),
        "assignment_required": node.get("assignment_required", True),
        "instance_arn": instance_arn,
        "instance_type": instance["type"] if instance else None,
        "instance_home_region": instance["home_region"] if instance else None,
        "origin": node["origin"],
        **_account_view(node["account_id"], accounts_by_id, management_id),
    }


def _declared_customization_node(declared: DeclaredCustomization) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": declared.arn,
        "kind": NodeKind.CUSTOMIZATION.value,
        "origin": "declared",
        "name": declared.name,
        "account_id": declared.account,
        "region": declared.region,
        "profile_arn": declared.profile,
    }
    if declared.data_source:
        node["data_source"] = dict(declared.data_source)
    return node


def _customization_fact(
    node: Node,
    applications_by_arn: Mapping[str, dict[str, Any]],
    accounts_by_id: Mapping[str, dict[str, Any]],
    management_id: str | None,
) -> dict[str, Any]:
    profile = applications_by_arn.get(node["profile_arn"])
    source = dict(node.get("data_source", {}))
    return {
        "arn": node["id"],
        "name": node.get("name", ""),
        "origin": node["origin"],
        "region": node["region"],
        "profile_arn": node["profile_arn"],
        "profile_found": profile is not None,
        "profile_region": profile["region"] if profile else None,
        "data_source": {
            "type": source.get("type", ""),
            "region": source.get("region"),
            "location": source.get("location", ""),
        },
        **_account_view(node["account_id"], accounts_by_id, management_id),
    }


def _person_key(user: Node) -> str:
    """Who a user is across identity stores: first email, else user name, lower-cased."""
    emails = user.get("emails") or []
    return str(emails[0] if emails else user["user_name"]).strip().lower()


def _subscribers(
    nodes: Mapping[str, Node],
    applications: list[dict[str, Any]],
    incoming: Mapping[EdgeKind, Mapping[str, list[str]]],
    instances_by_arn: Mapping[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """People subscribed to Q Developer, with one proving path per IdC instance.

    A subscription is charged once per person and IdC instance (several profiles under one
    instance cost one subscription), so each person lists the instances they are
    subscribed through, each with its first path: user, optional group, application.
    Identity-store groups do not nest, so effective membership is direct membership: a
    two-hop join (user -> group -> application) over plain indexes, linear in memberships.
    """
    assigned = incoming.get(EdgeKind.ASSIGNED_TO, {})
    members = incoming.get(EdgeKind.MEMBER_OF, {})
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)  # principal -> (app, instance)
    for app in applications:
        if app["kind"] == "q_developer" and app["instance_arn"] is not None:
            for principal in assigned.get(app["arn"], ()):
                targets[principal].append((app["arn"], app["instance_arn"]))

    # person -> instance -> (user, group or "", application): the smallest path wins.
    paths: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    person_of: dict[str, str] = {}

    def offer(user: str, group: str, app_arn: str, instance: str) -> None:
        person = person_of.get(user)
        if person is None:
            person = person_of[user] = _person_key(nodes[user])
        known = paths[person].get(instance)
        path = (user, group, app_arn)
        if known is None or path < known:
            paths[person][instance] = path

    for principal, reachable in targets.items():
        if nodes[principal]["kind"] == NodeKind.USER:
            for app_arn, instance in reachable:
                offer(principal, "", app_arn, instance)
        else:
            for user in members.get(principal, ()):
                for app_arn, instance in reachable:
                    offer(user, principal, app_arn, instance)

    subscribers = []
    for person in sorted(paths):
        by_instance = paths[person]
        subscribers.append(
            {
                "person": person,
                "instances": sorted(by_instance),
                "subscriptions": [
                    {
                        "instance_arn": instance,
                        "instance_type": instances_by_arn[instance]["type"],
                        "user_arn": user,
                        "group_arn": group or None,
                        "application_arn": app_arn,
                    }
                    for instance, (user, group, app_arn) in sorted(by_instance.items())
                ],
            }
        )
    return subscribers
