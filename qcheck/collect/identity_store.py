"""Identity Store: users, groups and group memberships of an IAM Identity Center instance.

External ids are kept as they come: they are the evidence that a user or group was
provisioned by SCIM from an external identity provider.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment, Node, observed

OPERATIONS = (
    "identitystore:ListUsers",
    "identitystore:ListGroups",
    "identitystore:ListGroupMemberships",
)
Item = Mapping[str, Any]


def user_arn(partition: str, user_id: str) -> str:
    return f"arn:{partition}:identitystore:::user/{user_id}"


def group_arn(partition: str, group_id: str) -> str:
    return f"arn:{partition}:identitystore:::group/{group_id}"


# -- get_*: I/O only ------------------------------------------------------------------


def get_users(api: Api, store_id: str) -> list[dict[str, Any]]:
    return api.items("ListUsers", "Users", IdentityStoreId=store_id)


def get_groups(api: Api, store_id: str) -> list[dict[str, Any]]:
    return api.items("ListGroups", "Groups", IdentityStoreId=store_id)


def get_memberships(api: Api, store_id: str, group_id: str) -> list[dict[str, Any]]:
    return api.items(
        "ListGroupMemberships", "GroupMemberships", IdentityStoreId=store_id, GroupId=group_id
    )


# -- transform_*: pure ----------------------------------------------------------------


def _external_ids(item: Item) -> list[dict[str, str]] | None:
    found = [
        {"issuer": str(e.get("Issuer", "")), "id": str(e.get("Id", ""))}
        for e in item.get("ExternalIds") or []
    ]
    return found or None


def transform_user(item: Item, partition: str) -> Node:
    emails = [str(e["Value"]) for e in item.get("Emails") or [] if e.get("Value")]
    return observed(
        user_arn(partition, item["UserId"]),
        "user",
        identity_store_id=item["IdentityStoreId"],
        user_name=item["UserName"],
        display_name=item.get("DisplayName"),
        emails=emails or None,
        external_ids=_external_ids(item),
    )


def transform_group(item: Item, partition: str) -> Node:
    return observed(
        group_arn(partition, item["GroupId"]),
        "group",
        identity_store_id=item["IdentityStoreId"],
        display_name=item.get("DisplayName") or item["GroupId"],
        external_ids=_external_ids(item),
    )


def transform_memberships(memberships: Iterable[Item], partition: str) -> Fragment:
    edges = tuple(
        (
            user_arn(partition, m["MemberId"]["UserId"]),
            group_arn(partition, m["GroupId"]),
            "member_of",
        )
        for m in memberships
        if "UserId" in (m.get("MemberId") or {})
    )
    return Fragment((), edges)


def transform_store(
    users: Sequence[Item], groups: Sequence[Item], memberships: Iterable[Item], partition: str
) -> Fragment:
    nodes = tuple(transform_user(u, partition) for u in users) + tuple(
        transform_group(g, partition) for g in groups
    )
    return Fragment(nodes) + transform_memberships(memberships, partition)


# -- orchestration --------------------------------------------------------------------


def collect(ctx: Context, api: Api, store_id: str) -> Fragment:
    def guarded(fn: Any, resource: str | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = ctx.guarded(fn, [], api.account_id, api.region, resource)
        return found

    users = guarded(lambda: get_users(api, store_id), store_id)
    groups = guarded(lambda: get_groups(api, store_id), store_id)
    per_group = ctx.map(
        lambda group: guarded(
            lambda: get_memberships(api, store_id, group["GroupId"]), group["GroupId"]
        ),
        groups,
    )
    memberships = [m for found in per_group for m in found]
    return transform_store(users, groups, memberships, ctx.partition)
