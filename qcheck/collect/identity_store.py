"""Identity Store: users, groups and group memberships of an IAM Identity Center instance.

External ids are kept as they come: they are the evidence that a user or group was
provisioned by SCIM from an external identity provider.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment, Node, observed
from qcheck.graph.kinds import EdgeKind, NodeKind

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
# Required in the identitystore model: User (IdentityStoreId, UserId, UserArn, Revision),
# Group (IdentityStoreId, GroupId, GroupArn, Revision), ExternalId (Issuer, Id),
# GroupMembership (IdentityStoreId, MembershipId, MembershipArn). Everything else,
# UserName, GroupMembership.GroupId and MemberId included, is optional.


def _external_ids(item: Item) -> list[dict[str, str]] | None:
    found = [
        {"issuer": str(e["Issuer"]), "id": str(e["Id"])} for e in item.get("ExternalIds") or []
    ]
    return found or None


def transform_user(item: Item, partition: str) -> Node:
    """`status` is UserStatus (ENABLED | DISABLED) as returned, absent when omitted."""
    emails = [str(e["Value"]) for e in item.get("Emails") or [] if e.get("Value")]
    return observed(
        user_arn(partition, item["UserId"]),
        NodeKind.USER,
        identity_store_id=item["IdentityStoreId"],
        user_name=item["UserName"],
        display_name=item.get("DisplayName"),
        emails=emails or None,
        external_ids=_external_ids(item),
        status=item.get("UserStatus"),
    )


def transform_group(item: Item, partition: str) -> Node:
    """A group without a display name is named by its id (display_name is optional)."""
    return observed(
        group_arn(partition, item["GroupId"]),
        NodeKind.GROUP,
        identity_store_id=item["IdentityStoreId"],
        display_name=item.get("DisplayName") or item["GroupId"],
        external_ids=_external_ids(item),
    )


def transform_memberships(group_id: str, memberships: Iterable[Item], partition: str) -> Fragment:
    """Users of one group; a member that is not a user (MemberId is a union) is skipped."""
    edges = tuple(
        (
            user_arn(partition, m["MemberId"]["UserId"]),
            group_arn(partition, group_id),
            EdgeKind.MEMBER_OF,
        )
        for m in memberships
        if (m.get("MemberId") or {}).get("UserId")
    )
    return Fragment((), edges)


# -- orchestration --------------------------------------------------------------------


def collect(ctx: Context, api: Api, store_id: str) -> Fragment:
    """Users, groups and each group's members; a listing that fails is a gap naming the
    identity store (users, groups) or the group (memberships)."""

    def guarded(fn: Any, resource: str) -> list[dict[str, Any]] | None:
        found: list[dict[str, Any]] | None = ctx.guarded(
            fn, None, api.account_id, api.region, resource
        )
        return found

    users = guarded(lambda: get_users(api, store_id), store_id) or []
    users = [u for u in users if ctx.complete(api, "ListUsers", store_id, u, "UserName")]
    groups = guarded(lambda: get_groups(api, store_id), store_id) or []

    def members(group: Item) -> Fragment:
        group_id = str(group["GroupId"])
        found = guarded(lambda: get_memberships(api, store_id, group_id), group_id) or []
        usable = [
            m for m in found if ctx.complete(api, "ListGroupMemberships", group_id, m, "MemberId")
        ]
        return transform_memberships(group_id, usable, ctx.partition)

    principals = Fragment(
        tuple(transform_user(u, ctx.partition) for u in users)
        + tuple(transform_group(g, ctx.partition) for g in groups)
    )
    return Fragment.concat([principals, *ctx.map(members, groups)])
