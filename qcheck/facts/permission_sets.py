"""Which administration actions a permission set grants, from its policies.

A permission set's permissions are the union of its inline policy, AWS managed policies and
customer managed policies, limited by its permissions boundary (IAM Identity Center user
guide, permissionsetsconcept and permissionsetcustom). The inline policy is read whole and
evaluated with the IAM policy evaluator of `qcheck.graph.scp` (wildcards, NotAction, an
explicit Deny wins); a permission set is one level with every policy it holds.

AWS managed policies are referenced by ARN only; their content lives in IAM. The ones in
`AWS_MANAGED_CONTENT` are evaluated from the content the AWS managed policy reference
documents, and labelled so. Any other AWS managed policy, a customer managed policy (its
content is in each account's IAM) or a permissions boundary leaves the grant unknown
unless what was read already grants it and cannot be taken back: AWS managed policies are
assumed to hold no Deny (an assumption, docs/aws-facts.md), while a customer managed policy
or a boundary could.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.graph import scp

# Administration of Q Developer, Q Business, Kiro and IAM Identity Center: one action per
# capability, matched against the policies with IAM's wildcard rules. sso:, identitystore:
# and qbusiness: actions are the API operations of their botocore models (sso-admin,
# identitystore, qbusiness); codewhisperer:, q: and user-subscriptions: actions come from the
# Q Developer user guide's administrator policies (security-iam and q-admin-setup pages).
ADMIN_ACTIONS = (
    "codewhisperer:CreateProfile",
    "codewhisperer:UpdateProfile",
    "codewhisperer:DeleteProfile",
    "codewhisperer:CreateCustomization",
    "q:CreateAssignment",
    "q:DeleteAssignment",
    "user-subscriptions:CreateClaim",
    "qbusiness:CreateApplication",
    "qbusiness:UpdateApplication",
    "qbusiness:DeleteApplication",
    "sso:CreateApplicationAssignment",
    "sso:PutApplicationAssignmentConfiguration",
    "sso:CreatePermissionSet",
    "sso:CreateAccountAssignment",
    "identitystore:CreateUser",
    "identitystore:CreateGroupMembership",
)

# AWS managed policy reference (docs.aws.amazon.com/aws-managed-policy/latest/reference/):
# AdministratorAccess allows every action on every resource; PowerUserAccess allows every
# action except iam:*, organizations:* and account:* (plus a few named IAM, Organizations
# and Account reads, none of which is an administration action above).
AWS_MANAGED_CONTENT: dict[str, dict[str, Any]] = {
    "arn:aws:iam::aws:policy/AdministratorAccess": {
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    },
    "arn:aws:iam::aws:policy/PowerUserAccess": {
        "Statement": [
            {
                "Effect": "Allow",
                "NotAction": ["iam:*", "organizations:*", "account:*"],
                "Resource": "*",
            }
        ]
    },
}


@dataclass(frozen=True)
class Grant:
    actions: tuple[str, ...]  # administration actions granted (allowed or depending on the caller)
    known: bool
    reason: str  # one sentence: what grants them, or why it is unknown
    sources: tuple[str, ...]  # inline / the managed policies evaluated from documented content


def _partition_free(arn: str) -> str:
    """arn:aws-us-gov:iam::aws:policy/X -> arn:aws:iam::aws:policy/X for the table lookup."""
    parts = arn.split(":", 2)
    return ":".join(["arn", "aws", parts[2]]) if len(parts) == 3 else arn


def admin_grant(node: Mapping[str, Any]) -> Grant:
    """The administration actions a permission set (snapshot node) grants."""
    parts = ("inline_policy", "managed_policies", "customer_managed_policies")
    missing = [p for p in (*parts, "permissions_boundary") if p not in node]
    documents: list[tuple[str, Mapping[str, Any]]] = []
    unread: list[str] = []
    inline = node.get("inline_policy") or {}
    if inline:
        documents.append((f"{node['id']} (inline policy)", inline))
    for policy in node.get("managed_policies") or ():
        content = AWS_MANAGED_CONTENT.get(_partition_free(str(policy["arn"])))
        if content is None:
            unread.append(str(policy["arn"]))
        else:
            documents.append((f"{policy['arn']} (documented content)", content))
    customer = [c["name"] for c in node.get("customer_managed_policies") or ()]
    boundary = node.get("permissions_boundary") or {}
    sources = tuple(name for name, _ in documents)
    try:
        actions = _granted(documents)
    except scp.ScpUnreadable as error:
        return Grant((), False, str(error), sources)
    if missing:
        return Grant(actions, False, f"its {', '.join(missing)} could not be read", sources)
    if actions and (customer or boundary):
        what = "a permissions boundary" if boundary else "customer managed policies"
        return Grant(
            actions, False, f"{what} ({_names(customer, boundary)}) may take them back", sources
        )
    if actions:
        return Grant(actions, True, f"granted by {', '.join(sources)}", sources)
    if unread or customer:
        names = ", ".join([*unread, *customer])
        return Grant((), False, f"the content of {names} is not known to qcheck", sources)
    return Grant((), True, "no policy of it grants an administration action", sources)


def _names(customer: Sequence[str], boundary: Mapping[str, Any]) -> str:
    named = list(customer)
    if boundary.get("managed_policy_arn"):
        named.append(str(boundary["managed_policy_arn"]))
    if boundary.get("customer_managed_policy"):
        named.append(str(boundary["customer_managed_policy"]["name"]))
    return ", ".join(named)


def _granted(documents: list[tuple[str, Mapping[str, Any]]]) -> tuple[str, ...]:
    """Actions allowed by the union of the documents, an explicit Deny among them winning;
    raises scp.ScpUnreadable when a document cannot be evaluated."""
    if not documents:
        return ()
    context = scp.AccountContext("", "", ())
    granted = []
    for action in ADMIN_ACTIONS:
        decision = scp.evaluate(action, [documents], context)
        if decision.outcome is not scp.Outcome.DENIED:
            granted.append(action)
    return tuple(granted)
