"""Node and edge kinds of the snapshot graph, and which nodes an edge may join."""

from __future__ import annotations

import enum


class NodeKind(enum.StrEnum):
    ORGANIZATION = "organization"
    ROOT = "root"
    OU = "ou"
    ACCOUNT = "account"
    POLICY = "policy"
    IDC_INSTANCE = "idc_instance"
    USER = "user"
    GROUP = "group"
    APPLICATION = "application"
    CUSTOMIZATION = "customization"
    Q_BUSINESS_APPLICATION = "q_business_application"
    AI_OPT_OUT_POLICY = "ai_opt_out_policy"  # an AISERVICES_OPT_OUT_POLICY of Organizations
    PERMISSION_SET = "permission_set"  # an IAM Identity Center permission set


class EdgeKind(enum.StrEnum):
    CONTAINS = "contains"  # organization -> root -> ou -> ou/account
    ATTACHED_TO = "attached_to"  # policy -> root/ou/account
    MEMBER_OF = "member_of"  # user -> group
    ASSIGNED_TO = "assigned_to"  # user/group -> application
    MANAGED_BY = "managed_by"  # application/permission_set -> idc_instance
    PROVISIONED_TO = "provisioned_to"  # permission_set -> account
    IN_ACCOUNT = "in_account"  # q_business_application -> account
    SIGNS_IN_THROUGH = "signs_in_through"  # q_business_application -> application (IdC)


N = NodeKind
EDGE_ENDPOINTS: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.CONTAINS: (
        frozenset({N.ORGANIZATION, N.ROOT, N.OU}),
        frozenset({N.ROOT, N.OU, N.ACCOUNT}),
    ),
    EdgeKind.ATTACHED_TO: (
        frozenset({N.POLICY, N.AI_OPT_OUT_POLICY}),
        frozenset({N.ROOT, N.OU, N.ACCOUNT}),
    ),
    EdgeKind.MEMBER_OF: (frozenset({N.USER}), frozenset({N.GROUP})),
    EdgeKind.ASSIGNED_TO: (frozenset({N.USER, N.GROUP}), frozenset({N.APPLICATION})),
    EdgeKind.MANAGED_BY: (
        frozenset({N.APPLICATION, N.PERMISSION_SET}),
        frozenset({N.IDC_INSTANCE}),
    ),
    EdgeKind.PROVISIONED_TO: (frozenset({N.PERMISSION_SET}), frozenset({N.ACCOUNT})),
    EdgeKind.IN_ACCOUNT: (frozenset({N.Q_BUSINESS_APPLICATION}), frozenset({N.ACCOUNT})),
    EdgeKind.SIGNS_IN_THROUGH: (
        frozenset({N.Q_BUSINESS_APPLICATION}),
        frozenset({N.APPLICATION}),
    ),
}

# Order of node blocks in a written snapshot: the organization tree first, identities last.
NODE_ORDER = {kind: index for index, kind in enumerate(NodeKind)}

Q_DEVELOPER_PROVIDER = "arn:aws:sso::aws:applicationProvider/codewhisperer"
