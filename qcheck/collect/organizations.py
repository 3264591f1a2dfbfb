"""AWS Organizations: the organization, its tree, tags, delegated administrators, trusted
service access and service control policies (SCPs) with their content and targets."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment, Node, merge_tags, observed
from qcheck.collect.gaps import CallFailed
from qcheck.errors import InputError

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
Item = Mapping[str, Any]


# -- get_*: I/O only ------------------------------------------------------------------


def get_organization(api: Api) -> dict[str, Any]:
    organization: dict[str, Any] = api.call("DescribeOrganization")["Organization"]
    return organization


def get_roots(api: Api) -> list[dict[str, Any]]:
    return api.items("ListRoots", "Roots")


def get_children(api: Api, parent_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The OUs and the accounts directly under a root or OU."""
    ous = api.items("ListOrganizationalUnitsForParent", "OrganizationalUnits", ParentId=parent_id)
    accounts = api.items("ListAccountsForParent", "Accounts", ParentId=parent_id)
    return ous, accounts


def get_tags(api: Api, resource_id: str) -> list[dict[str, Any]]:
    return api.items("ListTagsForResource", "Tags", ResourceId=resource_id)


def get_delegated_administrators(api: Api) -> list[dict[str, Any]]:
    return api.items("ListDelegatedAdministrators", "DelegatedAdministrators")


def get_delegated_services(api: Api, account_id: str) -> list[dict[str, Any]]:
    return api.items("ListDelegatedServicesForAccount", "DelegatedServices", AccountId=account_id)


def get_trusted_services(api: Api) -> list[dict[str, Any]]:
    return api.items("ListAWSServiceAccessForOrganization", "EnabledServicePrincipals")


def get_policies(api: Api) -> list[dict[str, Any]]:
    return api.items("ListPolicies", "Policies", Filter=SCP)


def get_policy(api: Api, policy_id: str) -> dict[str, Any]:
    policy: dict[str, Any] = api.call("DescribePolicy", PolicyId=policy_id)["Policy"]
    return policy


def get_policy_targets(api: Api, policy_id: str) -> list[dict[str, Any]]:
    return api.items("ListTargetsForPolicy", "Targets", PolicyId=policy_id)


# -- transform_*: pure ----------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """An OU or account as listed under its parent."""

    parent_arn: str
    item: Item


def transform_organization(organization: Item, trusted: Sequence[Item] | None) -> Node:
    return observed(
        organization["Arn"],
        "organization",
        org_id=organization["Id"],
        management_account_id=organization["MasterAccountId"],
        feature_set=organization.get("FeatureSet"),
        trusted_services=None
        if trusted is None
        else sorted({str(s["ServicePrincipal"]) for s in trusted}),
    )


def transform_tree(
    organization_arn: str | None, roots: Iterable[Item], ous: Iterable[Placed]
) -> Fragment:
    nodes: list[Node] = []
    edges: list[tuple[str, str, str]] = []
    for root in roots:
        nodes.append(observed(root["Arn"], "root", name=root.get("Name") or root["Id"]))
        if organization_arn:
            edges.append((organization_arn, root["Arn"], "contains"))
    for placed in ous:
        ou = placed.item
        nodes.append(observed(ou["Arn"], "ou", name=ou.get("Name") or ou["Id"]))
        edges.append((placed.parent_arn, ou["Arn"], "contains"))
    return Fragment(tuple(nodes), tuple(edges))


def transform_account(
    placed: Placed, tags: Sequence[Item] | None, delegated_services: Sequence[str]
) -> Fragment:
    account = placed.item
    node = observed(
        account["Arn"],
        "account",
        account_id=account["Id"],
        name=account.get("Name", ""),
        email=account.get("Email"),
        status=account.get("State") or account.get("Status"),
        tags=merge_tags(tags) if tags is not None else None,
        delegated_admin_for=sorted(set(delegated_services)) or None,
    )
    return Fragment((node,), ((placed.parent_arn, account["Arn"], "contains"),))


def transform_policy(summary: Item, policy: Item, targets: Sequence[Item]) -> Fragment:
    text = policy.get("Content", "")
    try:
        content = json.loads(text) if text else {}
    except json.JSONDecodeError:
        content = {"unparsed": text}
    if not isinstance(content, dict):
        content = {"unparsed": text}
    node = observed(
        summary["Arn"],
        "policy",
        name=summary.get("Name", ""),
        description=summary.get("Description") or None,
        policy_type=summary.get("Type", SCP),
        aws_managed=bool(summary.get("AwsManaged", False)),
        content=content,
    )
    edges = tuple((summary["Arn"], str(t["Arn"]), "attached_to") for t in targets if t.get("Arn"))
    return Fragment((node,), edges)


# -- orchestration --------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationView:
    """What the rest of the collection needs to know about the organization."""

    fragment: Fragment
    management_account_id: str | None
    accounts: tuple[tuple[str, str], ...]  # (account id, state) of every account in the tree


def collect(ctx: Context, region: str, caller_account: str) -> OrganizationView:
    api = ctx.api("organizations", region, caller_account)
    try:
        organization = get_organization(api)
    except CallFailed as failure:
        if failure.is_connection:
            raise InputError(f"cannot reach AWS Organizations: {failure.message}") from None
        ctx.record(failure.gap(caller_account, None))
        return OrganizationView(Fragment(), None, ())
    org_arn = organization["Arn"]

    def guarded(fn: Any, default: Any, resource: str | None = None) -> Any:
        return ctx.guarded(fn, default, caller_account, None, resource)

    trusted = guarded(lambda: get_trusted_services(api), None)
    fragment = Fragment((transform_organization(organization, trusted),))

    roots = guarded(lambda: get_roots(api), [])
    ous: list[Placed] = []
    accounts: list[Placed] = []
    level = [(str(r["Id"]), str(r["Arn"])) for r in roots]
    while level:  # breadth first, one level of the tree at a time, parents in parallel
        listed = ctx.map(
            lambda parent: (
                parent,
                guarded(lambda: get_children(api, parent[0]), ([], []), parent[0]),
            ),
            level,
        )
        level = []
        for (_, parent_arn), (child_ous, child_accounts) in listed:
            ous += [Placed(parent_arn, ou) for ou in child_ous]
            accounts += [Placed(parent_arn, a) for a in child_accounts]
            level += [(str(ou["Id"]), str(ou["Arn"])) for ou in child_ous]
    fragment += transform_tree(org_arn, roots, ous)

    admins = guarded(lambda: get_delegated_administrators(api), [])
    admin_ids = sorted({str(a["Id"]) for a in admins})
    services = dict(
        ctx.map(
            lambda account_id: (
                account_id,
                [
                    str(s["ServicePrincipal"])
                    for s in guarded(
                        lambda: get_delegated_services(api, account_id), [], account_id
                    )
                ],
            ),
            admin_ids,
        )
    )
    tags = ctx.map(
        lambda placed: guarded(lambda: get_tags(api, placed.item["Id"]), None, placed.item["Id"]),
        accounts,
    )
    for placed, account_tags in zip(accounts, tags, strict=True):
        fragment += transform_account(placed, account_tags, services.get(placed.item["Id"], []))

    summaries = guarded(lambda: get_policies(api), [])

    def policy(summary: Item) -> Fragment:
        policy_id = str(summary["Id"])
        details = guarded(lambda: get_policy(api, policy_id), None, policy_id)
        targets = guarded(lambda: get_policy_targets(api, policy_id), [], policy_id)
        return transform_policy(summary, details, targets) if details else Fragment()

    for part in ctx.map(policy, summaries):
        fragment += part
    listed_accounts = tuple(
        (str(p.item["Id"]), str(p.item.get("State") or p.item.get("Status") or ""))
        for p in accounts
    )
    return OrganizationView(fragment, str(organization["MasterAccountId"]), listed_accounts)
