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


class EdgeKind(enum.StrEnum):
    CONTAINS = "contains"  # organization -> root -> ou -> ou/account
    ATTACHED_TO = "attached_to"  # policy -> root/ou/account
    MEMBER_OF = "member_of"  # user -> group
    ASSIGNED_TO = "assigned_to"  # user/group -> application
    MANAGED_BY = "managed_by"  # application -> idc_instance
    IN_ACCOUNT = "in_account"  # q_business_application -> account
    SIGNS_IN_THROUGH = "signs_in_through"  # q_business_application -> application (IdC)


N = NodeKind
EDGE_ENDPOINTS: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.CONTAINS: (
        frozenset({N.ORGANIZATION, N.ROOT, N.OU}),
        frozenset({N.ROOT, N.OU, N.ACCOUNT}),
    ),
    EdgeKind.ATTACHED_TO: (frozenset({N.POLICY}), frozenset({N.ROOT, N.OU, N.ACCOUNT})),
    EdgeKind.MEMBER_OF: (frozenset({N.USER}), frozenset({N.GROUP})),
    EdgeKind.ASSIGNED_TO: (frozenset({N.USER, N.GROUP}), frozenset({N.APPLICATION})),
    EdgeKind.MANAGED_BY: (frozenset({N.APPLICATION}), frozenset({N.IDC_INSTANCE})),
    EdgeKind.IN_ACCOUNT: (frozenset({N.Q_BUSINESS_APPLICATION}), frozenset({N.ACCOUNT})),
    EdgeKind.SIGNS_IN_THROUGH: (
        frozenset({N.Q_BUSINESS_APPLICATION}),
        frozenset({N.APPLICATION}),
    ),
}

# Order of node blocks in a written snapshot: the organization tree first, identities last.
NODE_ORDER = {kind: index for index, kind in enumerate(NodeKind)}

Q_DEVELOPER_PROVIDER = "arn:aws:sso::aws:applicationProvider/codewhisperer"
