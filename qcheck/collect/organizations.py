"""AWS Organizations: the organization, its tree, tags, delegated administrators, trusted
service access, and the service control policies (SCPs) and AI services opt-out policies
with their content and targets."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, EdgeTuple, Fragment, Node, merge_tags, observed
from qcheck.collect.gaps import CallFailed
from qcheck.errors import InputError
from qcheck.graph.kinds import EdgeKind, NodeKind

OPERATIONS = (
    "organizations:DescribeOrganization",
    "organizations:ListRoots",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListAccountsForParent",
    "organizations:ListTagsForResource",
    "organizations:ListDelegatedAdministrators",
    "organizations:ListDelegatedServicesForAccount",
    "organizations:ListAWSServiceAccessForOrganization",
    "organizations:ListPolicies",
    "organizations:DescribePolicy",
    "organizations:ListTargetsForPolicy",
)
SCP = "SERVICE_CONTROL_POLICY"
# The organizations model's PolicyType enum; a root's PolicyTypes say whether it is enabled.
AI_OPT_OUT = "AISERVICES_OPT_OUT_POLICY"
Item = Mapping[str, Any]


# -- get_*: I/O only ------------------------------------------------------------------


def get_organization(api: Api) -> dict[str, Any]:
    organization: dict[str, Any] = api.call("DescribeOrganization").get("Organization") or {}
    return organization


def get_roots(api: Api) -> list[dict[str, Any]]:
    return api.items("ListRoots", "Roots")


def get_ous(api: Api, parent_id: str) -> list[dict[str, Any]]:
    """The OUs directly under a root or OU."""
    return api.items("ListOrganizationalUnitsForParent", "OrganizationalUnits", ParentId=parent_id)


def get_accounts(api: Api, parent_id: str) -> list[dict[str, Any]]:
    """The accounts directly under a root or OU."""
    return api.items("ListAccountsForParent", "Accounts", ParentId=parent_id)


def get_tags(api: Api, resource_id: str) -> list[dict[str, Any]]:
    return api.items("ListTagsForResource", "Tags", ResourceId=resource_id)


def get_delegated_administrators(api: Api) -> list[dict[str, Any]]:
    return api.items("ListDelegatedAdministrators", "DelegatedAdministrators")


def get_delegated_services(api: Api, account_id: str) -> list[dict[str, Any]]:
    return api.items("ListDelegatedServicesForAccount", "DelegatedServices", AccountId=account_id)


def get_trusted_services(api: Api) -> list[dict[str, Any]]:
    return api.items("ListAWSServiceAccessForOrganization", "EnabledServicePrincipals")


def get_policies(api: Api, policy_type: str = SCP) -> list[dict[str, Any]]:
    """ListPolicies' Filter (required in the model) is the policy type to list."""
    return api.items("ListPolicies", "Policies", Filter=policy_type)


def get_policy(api: Api, policy_id: str) -> dict[str, Any]:
    """The policy (the model marks `Policy` optional: absent reads as an empty one, whose
    missing Content the caller records)."""
    policy: dict[str, Any] = api.call("DescribePolicy", PolicyId=policy_id).get("Policy") or {}
    return policy


def get_policy_targets(api: Api, policy_id: str) -> list[dict[str, Any]]:
    return api.items("ListTargetsForPolicy", "Targets", PolicyId=policy_id)


# -- transform_*: pure ----------------------------------------------------------------
# Every member of an Organizations output shape is optional in botocore's model; the
# orchestration below checks the ones a node cannot do without (`Context.complete`).


@dataclass(frozen=True)
class Placed:
    """An OU or account as listed under its parent."""

    parent_arn: str
    item: Item


def transform_organization(organization: Item, trusted: Sequence[str] | None) -> Node:
    return observed(
        organization["Arn"],
        NodeKind.ORGANIZATION,
        org_id=organization["Id"],
        management_account_id=organization["MasterAccountId"],
        feature_set=organization.get("FeatureSet"),
        trusted_services=None if trusted is None else sorted(set(trusted)),
    )


def transform_tree(
    organization_arn: str | None, roots: Iterable[Item], ous: Iterable[Placed]
) -> Fragment:
    """A root or OU without a name is named by its id; the gap recorded for it says so."""
    nodes: list[Node] = []
    edges: list[EdgeTuple] = []
    for root in roots:
        nodes.append(
            observed(
                root["Arn"],
                NodeKind.ROOT,
                name=root.get("Name") or root["Id"],
                ai_opt_out_enabled=policy_type_enabled(root, AI_OPT_OUT),
            )
        )
        if organization_arn:
            edges.append((organization_arn, root["Arn"], EdgeKind.CONTAINS))
    for placed in ous:
        ou = placed.item
        nodes.append(observed(ou["Arn"], NodeKind.OU, name=ou.get("Name") or ou["Id"]))
        edges.append((placed.parent_arn, ou["Arn"], EdgeKind.CONTAINS))
    return Fragment(tuple(nodes), tuple(edges))


def transform_account(
    placed: Placed, tags: Sequence[Item] | None, delegated_services: Sequence[str]
) -> Fragment:
    account = placed.item
    node = observed(
        account["Arn"],
        NodeKind.ACCOUNT,
        account_id=account["Id"],
        name=account.get("Name", ""),
        email=account.get("Email"),
        status=account.get("State") or account.get("Status"),
        tags=merge_tags(tags) if tags is not None else None,
        delegated_admin_for=sorted(set(delegated_services)) or None,
    )
    return Fragment((node,), ((placed.parent_arn, account["Arn"], EdgeKind.CONTAINS),))


def policy_type_enabled(root: Item, policy_type: str) -> bool | None:
    """Root.PolicyTypes: "The types of policies that are currently enabled for the root and
    therefore can be attached to the root or to its OUs or accounts" (organizations model),
    each with a Status (ENABLED, PENDING_ENABLE, PENDING_DISABLE). None when the list was
    not returned (optional in the model): unknown, not disabled."""
    types = root.get("PolicyTypes")
    if types is None:
        return None
    return any(t.get("Type") == policy_type and t.get("Status") == "ENABLED" for t in types)


def parse_content(text: str) -> dict[str, Any]:
    """A policy document as JSON; text that is not a JSON object is kept as `unparsed`."""
    try:
        content = json.loads(text)
    except json.JSONDecodeError:
        return {"unparsed": text}
    return content if isinstance(content, dict) else {"unparsed": text}


def transform_policy(summary: Item, content: str, target_arns: Sequence[str]) -> Fragment:
    node = observed(
        summary["Arn"],
        NodeKind.POLICY,
        name=summary.get("Name", ""),
        description=summary.get("Description") or None,
        policy_type=summary.get("Type", SCP),
        aws_managed=summary.get("AwsManaged"),
        content=parse_content(content),
    )
    edges = tuple((summary["Arn"], arn, EdgeKind.ATTACHED_TO) for arn in target_arns)
    return Fragment((node,), edges)


def transform_opt_out_policy(summary: Item, content: str, target_arns: Sequence[str]) -> Fragment:
    """An AI services opt-out policy: its content follows the management policy syntax
    (Organizations user guide, orgs_manage_policies_ai-opt-out_syntax)."""
    node = observed(
        summary["Arn"],
        NodeKind.AI_OPT_OUT_POLICY,
        name=summary.get("Name", ""),
        description=summary.get("Description") or None,
        aws_managed=summary.get("AwsManaged"),
        content=parse_content(content),
    )
    edges = tuple((summary["Arn"], arn, EdgeKind.ATTACHED_TO) for arn in target_arns)
    return Fragment((node,), edges)


# -- orchestration --------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationView:
    """What the rest of the collection needs to know about the organization."""

    fragment: Fragment
    management_account_id: str | None
    accounts: tuple[tuple[str, str], ...]  # (account id, state) of every account in the tree
    complete: bool = False  # every account of the tree was listed (no tree gap)
    placed: tuple[Placed, ...] = ()  # the accounts as listed, for `collect_details`


def collect(ctx: Context, region: str, caller_account: str) -> OrganizationView:
    """The organization and its tree (roots, OUs, which accounts are where); nothing else
    runs meanwhile. Each listing that fails is a gap naming what it was about (see
    docs/collect.md, "What a gap makes unknown"); its result is then absent, never an empty
    list."""
    api = ctx.api("organizations", region, caller_account)
    try:
        organization = get_organization(api)
    except CallFailed as failure:
        if failure.is_connection:
            raise InputError(f"cannot reach AWS Organizations: {failure.message}") from None
        ctx.record(failure.gap(caller_account, None))
        return OrganizationView(Fragment(), None, ())
    if not ctx.complete(
        api, "DescribeOrganization", None, organization, "Arn", "Id", "MasterAccountId"
    ):
        return OrganizationView(Fragment(), None, ())
    org_arn = str(organization["Arn"])

    def guarded(fn: Any, resource: str | None = None) -> Any:
        """The call's result, or None (a gap recorded) when it failed."""
        return ctx.guarded(fn, None, caller_account, None, resource)

    def complete(operation: str, resource: str | None, item: Item, *fields: str) -> bool:
        return ctx.complete(api, operation, resource, item, *fields)

    trusted_items = guarded(lambda: get_trusted_services(api))
    trusted: list[str] | None = None
    if trusted_items is not None:
        usable = [
            s
            for s in trusted_items
            if complete("ListAWSServiceAccessForOrganization", None, s, "ServicePrincipal")
        ]
        trusted = [str(s["ServicePrincipal"]) for s in usable]
        trusted = trusted if len(usable) == len(trusted_items) else None
    fragment = Fragment((transform_organization(organization, trusted),))

    gaps_before = len(ctx.gaps)  # nothing else runs while the tree is read
    roots = [
        r
        for r in guarded(lambda: get_roots(api)) or []
        if complete("ListRoots", None, r, "Id", "Arn")
    ]
    ous: list[Placed] = []
    accounts: list[Placed] = []
    level = [(str(r["Id"]), str(r["Arn"])) for r in roots]
    while level:  # breadth first, one level of the tree at a time, parents in parallel
        listed = ctx.map(
            lambda parent: (
                parent,
                guarded(lambda: get_ous(api, parent[0]), parent[0]),
                guarded(lambda: get_accounts(api, parent[0]), parent[0]),
            ),
            level,
        )
        level = []
        for (parent_id, parent_arn), child_ous, child_accounts in listed:
            for ou in child_ous or []:
                if complete("ListOrganizationalUnitsForParent", parent_id, ou, "Id", "Arn"):
                    complete("ListOrganizationalUnitsForParent", parent_id, ou, "Name")
                    ous.append(Placed(parent_arn, ou))
                    level.append((str(ou["Id"]), str(ou["Arn"])))
            accounts += [
                Placed(parent_arn, a)
                for a in child_accounts or []
                if complete("ListAccountsForParent", parent_id, a, "Id", "Arn")
            ]
    fragment += transform_tree(org_arn, roots, ous)
    tree_complete = len(ctx.gaps) == gaps_before

    listed_accounts = tuple(
        (str(p.item["Id"]), str(p.item.get("State") or p.item.get("Status") or ""))
        for p in accounts
    )
    return OrganizationView(
        fragment,
        str(organization["MasterAccountId"]),
        listed_accounts,
        tree_complete,
        tuple(accounts),
    )


def collect_details(
    ctx: Context, region: str, caller_account: str, view: OrganizationView
) -> Fragment:
    """The accounts of the tree (with their tags and delegated services) and the SCPs with
    their content and targets: Organizations calls only, so they can run while other
    services are read. Nothing when the organization itself could not be read."""
    if view.management_account_id is None:
        return Fragment()
    api = ctx.api("organizations", region, caller_account)
    accounts = view.placed

    def guarded(fn: Any, resource: str | None = None) -> Any:
        return ctx.guarded(fn, None, caller_account, None, resource)

    def complete(operation: str, resource: str | None, item: Item, *fields: str) -> bool:
        return ctx.complete(api, operation, resource, item, *fields)

    admins = guarded(lambda: get_delegated_administrators(api)) or []
    admin_ids = sorted(
        {str(a["Id"]) for a in admins if complete("ListDelegatedAdministrators", None, a, "Id")}
    )

    def delegated(account_id: str) -> tuple[str, list[str]]:
        found = guarded(lambda: get_delegated_services(api, account_id), account_id) or []
        return account_id, [
            str(s["ServicePrincipal"])
            for s in found
            if complete("ListDelegatedServicesForAccount", account_id, s, "ServicePrincipal")
        ]

    services = dict(ctx.map(delegated, admin_ids))
    tags = ctx.map(
        lambda placed: guarded(lambda: get_tags(api, placed.item["Id"]), placed.item["Id"]),
        accounts,
    )
    parts = [
        transform_account(placed, account_tags, services.get(placed.item["Id"], []))
        for placed, account_tags in zip(accounts, tags, strict=True)
    ]

    def policies(
        policy_type: str, transform: Callable[[Item, str, Sequence[str]], Fragment]
    ) -> Fragment:
        """Policies of one type. A policy whose content could not be read is left out (its
        gap names it): an empty document would read as a policy that sets nothing. Gaps
        about opt-out policies name the type before the policy id (`AISERVICES_OPT_OUT_POLICY`,
        `AISERVICES_OPT_OUT_POLICY/p-...`), so they make the opt-out unknown, not the SCPs."""
        prefix = "" if policy_type == SCP else f"{policy_type}/"
        listing = None if policy_type == SCP else policy_type
        summaries = guarded(lambda: get_policies(api, policy_type), listing) or []

        def policy(summary: Item) -> Fragment:
            policy_id = str(summary["Id"])
            about = prefix + policy_id
            details = guarded(lambda: get_policy(api, policy_id), about)
            targets = guarded(lambda: get_policy_targets(api, policy_id), about) or []
            arns = [
                str(t["Arn"]) for t in targets if complete("ListTargetsForPolicy", about, t, "Arn")
            ]
            if details is None or not complete("DescribePolicy", about, details, "Content"):
                return Fragment()
            return transform(summary, str(details["Content"]), arns)

        usable = [s for s in summaries if complete("ListPolicies", listing, s, "Id", "Arn")]
        return Fragment.concat(ctx.map(policy, usable))

    parts.append(policies(SCP, transform_policy))
    parts.append(policies(AI_OPT_OUT, transform_opt_out_policy))
    return Fragment.concat(parts)
