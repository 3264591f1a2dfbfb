r"""The least-privilege IAM policies `qcheck collect` needs, shipped as package files.

iam-policy.json is for the principal that runs the collection (the management account or
a delegated administrator); iam-policy-member.json for the role assumed in each member
account with --member-role-name. sts:GetCallerIdentity needs no permission.

The role name is checked against IAM's rules for role names before it goes into an ARN
(IAM API reference, CreateRole, RoleName: pattern `[\w+=,.@-]+`, length 1 to 64, where
\w is ASCII letters, digits and underscore). A path may precede it (`team/Auditor`, as in
the role's ARN `role/team/Auditor`); IAM allows any printable ASCII in a path (PathPrefix,
up to 512 characters) but qcheck takes the name's characters only, so that no `*` or `?`
turns a least-privilege grant into a wildcard. The printed policy is built as data and
serialised with json.dumps, so it is valid JSON whatever it holds.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from qcheck.errors import InputError

ROLE_PLACEHOLDER = "${MemberRoleName}"
DEFAULT_ROLE_NAME = "QcheckReadOnly"
NO_PERMISSION_NEEDED = frozenset({"sts:GetCallerIdentity"})
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
_PATH_SEGMENT = re.compile(r"[\w+=,.@-]+", re.ASCII)
MAX_PATH_LENGTH = 512


def validate_role_name(value: str) -> str:
    """`value` when it is an IAM role name, optionally after a path; InputError if not."""
    *segments, name = value.split("/")
    path = "/" + "".join(f"{s}/" for s in segments)
    if not _ROLE_NAME.fullmatch(name):
        raise InputError(
            f"--member-role-name {json.dumps(value)} is not an IAM role name: 1 to 64 of the "
            "letters, digits and _+=,.@- (no wildcards, quotes, spaces or line breaks)"
        )
    if len(path) > MAX_PATH_LENGTH or not all(_PATH_SEGMENT.fullmatch(s) for s in segments):
        raise InputError(
            f"--member-role-name {json.dumps(value)}: the path before the role name must be "
            f"segments of letters, digits and _+=,.@- separated by /, at most "
            f"{MAX_PATH_LENGTH} characters"
        )
    return value


def policy_document(member: bool = False, role_name: str | None = None) -> dict[str, Any]:
    name = "iam-policy-member.json" if member else "iam-policy.json"
    document: dict[str, Any] = json.loads(
        resources.files("qcheck.collect").joinpath(name).read_text("utf-8")
    )
    role = validate_role_name(DEFAULT_ROLE_NAME if role_name is None else role_name)
    for statement in document["Statement"]:
        resource = statement.get("Resource")
        if isinstance(resource, str):
            statement["Resource"] = resource.replace(ROLE_PLACEHOLDER, role)
    return document


def policy_text(member: bool = False, role_name: str | None = None) -> str:
    return json.dumps(policy_document(member, role_name), indent=2) + "\n"


def policy_actions(document: dict[str, Any]) -> frozenset[str]:
    actions: set[str] = set()
    for statement in document["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return frozenset(actions)


def collector_actions() -> frozenset[str]:
    return policy_actions(policy_document())


def member_actions() -> frozenset[str]:
    return policy_actions(policy_document(member=True))
