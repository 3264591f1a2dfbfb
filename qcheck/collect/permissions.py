"""The least-privilege IAM policies `qcheck collect` needs, shipped as package files.

iam-policy.json is for the principal that runs the collection (the management account or
a delegated administrator); iam-policy-member.json for the role assumed in each member
account with --member-role-name. sts:GetCallerIdentity needs no permission.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

ROLE_PLACEHOLDER = "${MemberRoleName}"
DEFAULT_ROLE_NAME = "QcheckReadOnly"
NO_PERMISSION_NEEDED = frozenset({"sts:GetCallerIdentity"})


def policy_text(member: bool = False, role_name: str | None = None) -> str:
    name = "iam-policy-member.json" if member else "iam-policy.json"
    text = resources.files("qcheck.collect").joinpath(name).read_text("utf-8")
    return text.replace(ROLE_PLACEHOLDER, role_name or DEFAULT_ROLE_NAME)


def policy_actions(document: dict[str, Any]) -> frozenset[str]:
    actions: set[str] = set()
    for statement in document["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return frozenset(actions)


def collector_actions() -> frozenset[str]:
    return policy_actions(json.loads(policy_text()))


def member_actions() -> frozenset[str]:
    return policy_actions(json.loads(policy_text(member=True)))
