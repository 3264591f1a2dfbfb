"""SCP evaluation, case by case from the AWS documentation examples.

Each case names the page its policy or rule comes from (full URLs in docs/scp.md):
  EVAL      Organizations user guide, orgs_manage_policies_scps_evaluation
  STRATEGY  same page, "Strategies for using SCPs" (deny list / allow list)
  SYN       Organizations user guide, orgs_manage_policies_scps_syntax
  EXAMPLES  Organizations user guide, orgs_manage_policies_scps_examples_general
  IDC       IAM Identity Center user guide, control-account-instance
  OPS       IAM user guide, reference_policies_elements_condition_operators
  MULTI     IAM user guide, reference_policies_condition-single-vs-multi-valued-context-keys
  KEYS      IAM user guide, reference_policies_condition-keys
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcheck.graph.scp import AccountContext, Decision, Outcome, ScpUnreadable, evaluate

ORG = "o-a1b2c3d4e5"
SANDBOX_PATH = f"{ORG}/r-ab12/ou-ab12-11111111/"
PROD_PATH = f"{ORG}/r-ab12/ou-ab12-22222222/"
MEMBER = AccountContext("111111111111", ORG, (SANDBOX_PATH,))
EXEMPT = AccountContext("222222222222", ORG, (PROD_PATH,))
NO_PATH = AccountContext("333333333333", ORG, ())
TWO_PATHS = AccountContext("444444444444", ORG, (SANDBOX_PATH, PROD_PATH))

FULL_ARN = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
FULL: tuple[str, dict[str, Any]] = (
    FULL_ARN,
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
)
CREATE = "sso:CreateInstance"


def scp(name: str, *statements: Any) -> tuple[str, dict[str, Any]]:
    arn = f"arn:aws:organizations::999999999999:policy/{ORG}/service_control_policy/{name}"
    return arn, {"Version": "2012-10-17", "Statement": list(statements)}


def deny(sid: str | None = None, action: Any = CREATE, **extra: Any) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": "Deny", "Action": action, "Resource": "*", **extra}
    if sid:
        stmt["Sid"] = sid
    return stmt


def allow(action: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": "*", **extra}


def chain(root: list[Any], ou: list[Any], account: list[Any]) -> list[list[Any]]:
    return [root, ou, account]


def ou_deny(condition: dict[str, Any]) -> list[list[Any]]:
    """FullAWSAccess everywhere and, at the OU, one Deny of sso:CreateInstance under `condition`."""
    return chain([FULL], [FULL, scp("p", deny("D", Condition=condition))], [FULL])


# AWS's own SCP from IDC, "Limit account instances", with the placeholder filled in.
IDC_LIMIT = scp(
    "p-limitidc",
    {
        "Sid": "DenyMemberAccountInstances",
        "Effect": "Deny",
        "Action": "sso:CreateInstance",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ["222222222222"]}},
    },
)

# EXAMPLES, "Deny access to AWS based on the requested AWS Region" (NotAction list shortened),
# with its exemption for administrator roles by aws:PrincipalARN.
REGION_DENY = scp(
    "p-region",
    {
        "Sid": "DenyAllOutsideEU",
        "Effect": "Deny",
        "NotAction": [
            "cloudfront:*",
            "iam:*",
            "organizations:*",
            "route53:*",
            "sts:*",
            "support:*",
        ],
        "Resource": "*",
        "Condition": {
            "StringNotEquals": {"aws:RequestedRegion": ["eu-central-1", "eu-west-1"]},
            "ArnNotLike": {
                "aws:PrincipalARN": [
                    "arn:aws:iam::*:role/Role1AllowedToBypassThisSCP",
                    "arn:aws:iam::*:role/Role2AllowedToBypassThisSCP",
                ]
            },
        },
    },
)

# EXAMPLES, "Prevent IAM users and roles from making certain changes, with an exception
# for a specified admin role": a Deny that exempts principals by ARN.
ADMIN_EXEMPT = scp(
    "p-adminexempt",
    {
        "Sid": "DenyAccessWithException",
        "Effect": "Deny",
        "Action": ["sso:*", "iam:AttachRolePolicy"],
        "Resource": "*",
        "Condition": {"StringNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/role-to-allow"}},
    },
)


@dataclass(frozen=True)
class Case:
    id: str
    source: str  # the AWS page the policy or rule comes from
    levels: list[list[Any]]
    expected: Outcome
    reason: str = ""  # a substring the reason must contain
    action: str = CREATE
    account: AccountContext = MEMBER
    resource: str = "*"
    deciding: tuple[str, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    # --- inheritance and the allow/deny model ---------------------------------------
    Case(
        "full-access-everywhere",
        "EVAL: FullAWSAccess attached at every level",
        chain([FULL], [FULL], [FULL]),
        Outcome.ALLOWED,
    ),
    Case(
        "full-access-missing-at-ou",
        "EVAL: figure 2, no Allow at an OU denies its accounts",
        chain([FULL], [], [FULL]),
        Outcome.DENIED,
        "no explicit Allow at the OU 1 level below the root",
        deciding=(),
    ),
    Case(
        "full-access-missing-at-account",
        "EVAL: an Allow is needed at the account itself",
        chain([FULL], [FULL], []),
        Outcome.DENIED,
        "no explicit Allow at the account",
    ),
    Case(
        "full-access-missing-at-root",
        "EVAL: an Allow is needed at the root",
        chain([], [FULL], [FULL]),
        Outcome.DENIED,
        "no explicit Allow at the root",
    ),
    Case(
        "deep-ou-chain",
        "EVAL: every OU on the direct path needs an Allow",
        [[FULL], [FULL], [scp("p-ec2", allow("ec2:*"))], [FULL]],
        Outcome.DENIED,
        "the OU 2 levels below the root",
    ),
    Case(
        "allow-list-denies-unlisted",
        "STRATEGY: allow list, only listed services pass",
        chain([FULL], [scp("p-allowlist", allow(["ec2:*", "s3:*"]))], [FULL]),
        Outcome.DENIED,
        "no explicit Allow at the OU 1 level below the root",
        deciding=(scp("p-allowlist")[0],),
    ),
    Case(
        "allow-list-allows-listed",
        "STRATEGY: allow list, a listed service passes",
        chain([FULL], [scp("p-allowlist", allow(["ec2:*", "s3:*"]))], [FULL]),
        Outcome.ALLOWED,
        action="ec2:RunInstances",
    ),
    Case(
        "allow-list-lists-sso",
        "STRATEGY: allow list that names the action",
        chain([FULL], [scp("p-allowlist", allow(["sso:CreateInstance"]))], [FULL]),
        Outcome.ALLOWED,
    ),
    Case(
        "allow-split-over-two-policies",
        "EVAL: any SCP at the level may carry the Allow",
        chain([FULL], [scp("p-a", allow("ec2:*")), scp("p-b", allow("sso:*"))], [FULL]),
        Outcome.ALLOWED,
    ),
    Case(
        "deny-list-at-ou",
        "STRATEGY: deny list with FullAWSAccess",
        chain([FULL], [FULL, scp("deny-idc", deny("DenyCreate"))], [FULL]),
        Outcome.DENIED,
        "denied by SCP deny-idc (statement DenyCreate)",
        deciding=(scp("deny-idc")[0],),
    ),
    Case(
        "deny-at-root",
        "EVAL: a Deny at any level denies every account below",
        chain([FULL, scp("p-root", deny("D"))], [FULL], [FULL]),
        Outcome.DENIED,
        "statement D",
    ),
    Case(
        "deny-at-account",
        "EVAL: a Deny attached to the account denies",
        chain([FULL], [FULL], [FULL, scp("p-acct", deny("D"))]),
        Outcome.DENIED,
    ),
    Case(
        "deny-overrides-allow-same-policy",
        "EVAL: an explicit Deny overrides an Allow",
        chain([FULL], [scp("p-both", allow(), deny("D"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-other-action-only",
        "STRATEGY: deny list, an action not denied passes",
        chain([FULL], [FULL, scp("p-deny", deny("D", "sso:DeleteInstance"))], [FULL]),
        Outcome.ALLOWED,
    ),
    Case(
        "deny-without-sid",
        "SYN: Sid is optional",
        chain([FULL], [FULL, scp("p-nosid", deny())], [FULL]),
        Outcome.DENIED,
        "(statement #1)",
    ),
    Case(
        "two-denies-both-reported",
        "EVAL: Deny at several levels",
        chain([FULL, scp("p-r", deny("R"))], [FULL, scp("p-o", deny("O"))], [FULL]),
        Outcome.DENIED,
        "p-r (statement R)",
        deciding=(scp("p-r")[0], scp("p-o")[0]),
    ),
    Case(
        "single-statement-object",
        "SYN: Statement may be one object",
        [[FULL], [(scp("p-one")[0], {"Statement": deny("One")})], [FULL]],
        Outcome.DENIED,
        "statement One",
    ),
    # --- Action, NotAction and wildcards -----------------------------------------------
    Case(
        "deny-service-wildcard",
        "SYN: '*' in an action name, e.g. sso:Create*",
        chain([FULL], [FULL, scp("p", deny("D", "sso:Create*"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-service-wildcard-misses",
        "SYN: sso:Create* does not match sso:DescribeInstance",
        chain([FULL], [FULL, scp("p", deny("D", "sso:Create*"))], [FULL]),
        Outcome.ALLOWED,
        action="sso:DescribeInstance",
    ),
    Case(
        "deny-case-insensitive",
        "SYN: action names and prefixes are case-insensitive",
        chain([FULL], [FULL, scp("p", deny("D", "SSO:createinstance"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-question-mark",
        "SYN: '?' matches one character",
        chain([FULL], [FULL, scp("p", deny("D", "sso:CreateInstanc?"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-question-mark-one-char-only",
        "SYN: '?' matches exactly one character",
        chain([FULL], [FULL, scp("p", deny("D", "sso:CreateInstance?"))], [FULL]),
        Outcome.ALLOWED,
    ),
    Case(
        "deny-wildcard-mid-string",
        "SYN: wildcards anywhere in the action string",
        chain([FULL], [FULL, scp("p", deny("D", "sso:*Instance"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-star-everything",
        "SYN: '*' alone is every action",
        chain([FULL], [FULL, scp("p", deny("D", "*"))], [FULL]),
        Outcome.DENIED,
    ),
    Case(
        "deny-all-except-listed",
        "STRATEGY / IAM NotAction: Deny with NotAction denies the unlisted",
        chain(
            [FULL],
            [
                FULL,
                scp(
                    "p-except",
                    {
                        "Sid": "DenyAllExcept",
                        "Effect": "Deny",
                        "NotAction": ["ec2:*", "s3:*"],
                        "Resource": "*",
                    },
                ),
            ],
            [FULL],
        ),
        Outcome.DENIED,
        "DenyAllExcept",
    ),
    Case(
        "deny-all-except-listed-passes",
        "STRATEGY / IAM NotAction: the listed actions pass",
        chain(
            [FULL],
            [
                FULL,
                scp(
                    "p-except", {"Effect": "Deny", "NotAction": ["ec2:*", "s3:*"], "Resource": "*"}
                ),
            ],
            [FULL],
        ),
        Outcome.ALLOWED,
        action="s3:GetObject",
    ),
    Case(
        "allow-not-action",
        "SYN: NotAction with Allow allows all but the listed",
        chain(
            [FULL], [scp("p", {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})], [FULL]
        ),
        Outcome.ALLOWED,
    ),
    Case(
        "allow-not-action-excludes",
        "SYN: NotAction with Allow leaves the listed without Allow",
        chain(
            [FULL], [scp("p", {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})], [FULL]
        ),
        Outcome.DENIED,
        "no explicit Allow",
        action="iam:CreateUser",
    ),
    # --- Resource and NotResource ---------------------------------------------------
    Case(
        "deny-specific-resource-other",
        "SYN: Resource scopes a Deny",
        chain(
            [FULL], [FULL, scp("p", deny("D", "s3:*", Resource="arn:aws:s3:::secret/*"))], [FULL]
        ),
        Outcome.ALLOWED,
        action="s3:GetObject",
        resource="arn:aws:s3:::public/a",
    ),
    Case(
        "deny-specific-resource-hit",
        "SYN: Resource wildcard matches the request ARN",
        chain(
            [FULL], [FULL, scp("p", deny("D", "s3:*", Resource="arn:aws:s3:::secret/*"))], [FULL]
        ),
        Outcome.DENIED,
        action="s3:GetObject",
        resource="arn:aws:s3:::secret/a",
    ),
    Case(
        "deny-not-resource",
        "SYN: NotResource denies every other resource",
        chain(
            [FULL],
            [
                FULL,
                scp(
                    "p", {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::safe/*"}
                ),
            ],
            [FULL],
        ),
        Outcome.DENIED,
        action="s3:GetObject",
        resource="arn:aws:s3:::other/a",
    ),
    Case(
        "deny-not-resource-exempt",
        "SYN: NotResource exempts the listed resources",
        chain(
            [FULL],
            [
                FULL,
                scp(
                    "p", {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::safe/*"}
                ),
            ],
            [FULL],
        ),
        Outcome.ALLOWED,
        action="s3:GetObject",
        resource="arn:aws:s3:::safe/a",
    ),
    Case(
        "allow-specific-resource-only",
        "SYN: Resource in an Allow limits what it allows",
        chain([FULL], [scp("p", allow("s3:*", Resource="arn:aws:s3:::b/*"))], [FULL]),
        Outcome.DENIED,
        "no explicit Allow",
        action="s3:ListAllMyBuckets",
    ),
    # --- conditions on keys known per account -----------------------------------------
    Case(
        "idc-limit-other-account-denied",
        "IDC: Limit account instances, a member account is denied",
        chain([FULL, IDC_LIMIT], [FULL], [FULL]),
        Outcome.DENIED,
        "denied by SCP p-limitidc (statement DenyMemberAccountInstances)",
    ),
    Case(
        "idc-limit-exempt-account-allowed",
        "IDC: Limit account instances, the listed account may create",
        chain([FULL, IDC_LIMIT], [FULL], [FULL]),
        Outcome.ALLOWED,
        account=EXEMPT,
    ),
    Case(
        "idc-limit-several-accounts",
        "IDC: several account IDs may be listed",
        chain(
            [
                FULL,
                scp(
                    "p",
                    deny(
                        "D",
                        Condition={
                            "StringNotEquals": {
                                "aws:PrincipalAccount": ["222222222222", "111111111111"]
                            }
                        },
                    ),
                ),
            ],
            [FULL],
            [FULL],
        ),
        Outcome.ALLOWED,
    ),
    Case(
        "string-equals-account",
        "OPS: StringEquals on aws:PrincipalAccount",
        ou_deny({"StringEquals": {"aws:PrincipalAccount": "111111111111"}}),
        Outcome.DENIED,
    ),
    Case(
        "key-name-case-insensitive",
        "KEYS: condition key names are case-insensitive",
        ou_deny({"StringEquals": {"AWS:PRINCIPALACCOUNT": "111111111111"}}),
        Outcome.DENIED,
    ),
    Case(
        "string-equals-case-sensitive",
        "OPS: StringEquals is case-sensitive",
        ou_deny({"StringEquals": {"aws:PrincipalOrgID": ORG.upper()}}),
        Outcome.ALLOWED,
    ),
    Case(
        "string-equals-ignore-case",
        "OPS: StringEqualsIgnoreCase",
        ou_deny({"StringEqualsIgnoreCase": {"aws:PrincipalOrgID": ORG.upper()}}),
        Outcome.DENIED,
    ),
    Case(
        "string-not-equals-ignore-case",
        "OPS: StringNotEqualsIgnoreCase",
        ou_deny({"StringNotEqualsIgnoreCase": {"aws:PrincipalOrgID": ORG.upper()}}),
        Outcome.ALLOWED,
    ),
    Case(
        "org-paths-for-any-value-like",
        "KEYS: aws:PrincipalOrgPaths with ForAnyValue:StringLike",
        ou_deny(
            {
                "ForAnyValue:StringLike": {
                    "aws:PrincipalOrgPaths": [f"{ORG}/r-ab12/ou-ab12-11111111/*"]
                }
            }
        ),
        Outcome.DENIED,
    ),
    Case(
        "org-paths-other-ou",
        "KEYS: an account outside the OU path is not matched",
        ou_deny(
            {
                "ForAnyValue:StringLike": {
                    "aws:PrincipalOrgPaths": [f"{ORG}/r-ab12/ou-ab12-11111111/*"]
                }
            }
        ),
        Outcome.ALLOWED,
        account=EXEMPT,
    ),
    Case(
        "org-paths-for-any-value-not-like",
        "MULTI: ForAnyValue with a negated operator",
        ou_deny(
            {
                "ForAnyValue:StringNotLike": {
                    "aws:PrincipalOrgPaths": [f"{ORG}/r-ab12/ou-ab12-22222222/*"]
                }
            }
        ),
        Outcome.DENIED,
    ),
    Case(
        "org-paths-for-all-values-empty",
        "MULTI: ForAllValues is true when the key has no value",
        ou_deny({"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": ["nothing/*"]}}),
        Outcome.DENIED,
        account=NO_PATH,
    ),
    Case(
        "org-paths-for-any-value-empty",
        "MULTI: ForAnyValue is false when the key has no value",
        ou_deny({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["*"]}}),
        Outcome.ALLOWED,
        account=NO_PATH,
    ),
    Case(
        "org-paths-for-all-values-partial",
        "MULTI: ForAllValues needs every request value to match",
        ou_deny(
            {
                "ForAllValues:StringLike": {
                    "aws:PrincipalOrgPaths": [f"{ORG}/r-ab12/ou-ab12-11111111/*"]
                }
            }
        ),
        Outcome.ALLOWED,
        account=TWO_PATHS,
    ),
    Case(
        "org-paths-for-any-value-partial",
        "MULTI: ForAnyValue needs one request value to match",
        ou_deny(
            {
                "ForAnyValue:StringLike": {
                    "aws:PrincipalOrgPaths": [f"{ORG}/r-ab12/ou-ab12-11111111/*"]
                }
            }
        ),
        Outcome.DENIED,
        account=TWO_PATHS,
    ),
    Case(
        "org-paths-plain-single-value",
        "OPS: StringLike on the account's one org path",
        ou_deny({"StringLike": {"aws:PrincipalOrgPaths": f"{ORG}/*"}}),
        Outcome.DENIED,
    ),
    Case(
        "set-operator-on-single-valued-key",
        "MULTI: a set operator on a single-valued key compares a set of one",
        ou_deny({"ForAnyValue:StringEquals": {"aws:PrincipalAccount": "111111111111"}}),
        Outcome.DENIED,
    ),
    Case(
        "if-exists-present-key",
        "OPS: ...IfExists evaluates normally when the key is present",
        ou_deny({"StringNotEqualsIfExists": {"aws:PrincipalAccount": "222222222222"}}),
        Outcome.DENIED,
    ),
    Case(
        "if-exists-absent-key",
        "OPS: ...IfExists is true when the key is absent",
        ou_deny({"StringLikeIfExists": {"aws:PrincipalOrgPaths": "nothing/*"}}),
        Outcome.DENIED,
        account=NO_PATH,
    ),
    Case(
        "absent-key-negated-operator",
        "OPS: an absent key makes a negated operator true",
        ou_deny({"StringNotLike": {"aws:PrincipalOrgPaths": "x"}}),
        Outcome.DENIED,
        account=NO_PATH,
    ),
    Case(
        "absent-key-positive-operator",
        "OPS: an absent key makes a positive operator false",
        ou_deny({"StringLike": {"aws:PrincipalOrgPaths": "*"}}),
        Outcome.ALLOWED,
        account=NO_PATH,
    ),
    Case(
        "null-present-key",
        "OPS: Null true asks for an absent key",
        ou_deny({"Null": {"aws:PrincipalOrgID": "true"}}),
        Outcome.ALLOWED,
    ),
    Case(
        "null-false-present-key",
        "OPS: Null false asks for a present key (JSON boolean)",
        ou_deny({"Null": {"aws:PrincipalOrgID": False}}),
        Outcome.DENIED,
    ),
    Case(
        "null-absent-org-paths",
        "OPS: Null true on a key with no value",
        ou_deny({"Null": {"aws:PrincipalOrgPaths": "true"}}),
        Outcome.DENIED,
        account=NO_PATH,
    ),
    Case(
        "keys-and-operators-anded",
        "OPS: every key and operator in a block must hold",
        ou_deny(
            {
                "StringNotEquals": {"aws:PrincipalAccount": "222222222222"},
                "StringEquals": {"aws:PrincipalOrgID": "o-other"},
            }
        ),
        Outcome.ALLOWED,
    ),
    Case(
        "allow-conditioned-on-account",
        "SYN: Condition in an Allow statement",
        chain(
            [FULL],
            [FULL],
            [scp("p", allow(Condition={"StringEquals": {"aws:PrincipalAccount": "222222222222"}}))],
        ),
        Outcome.DENIED,
        "no explicit Allow at the account",
    ),
    Case(
        "allow-conditioned-on-account-hit",
        "SYN: Condition in an Allow statement, matched",
        chain(
            [FULL],
            [FULL],
            [scp("p", allow(Condition={"StringEquals": {"aws:PrincipalAccount": "222222222222"}}))],
        ),
        Outcome.ALLOWED,
        account=EXEMPT,
    ),
    # --- conditions that depend on the principal or request --------------------------
    Case(
        "admin-role-exception",
        "EXAMPLES: exception for a specified admin role (aws:PrincipalARN)",
        chain([FULL, ADMIN_EXEMPT], [FULL], [FULL]),
        Outcome.DEPENDS_ON_PRINCIPAL,
        "a Deny in SCP p-adminexempt (statement DenyAccessWithException) conditioned on aws:PrincipalARN depends on the principal",
    ),
    Case(
        "region-deny-regional-action",
        "EXAMPLES: requested Region SCP, a regional action depends",
        chain([FULL, REGION_DENY], [FULL], [FULL]),
        Outcome.DEPENDS_ON_PRINCIPAL,
        "aws:RequestedRegion, aws:PrincipalARN",
    ),
    Case(
        "region-deny-global-exempt",
        "EXAMPLES: requested Region SCP, NotAction exempts global services",
        chain([FULL, REGION_DENY], [FULL], [FULL]),
        Outcome.ALLOWED,
        action="iam:CreateUser",
    ),
    Case(
        "unknown-and-known-false",
        "OPS: AND with a false known condition is false",
        ou_deny(
            {
                "StringEquals": {
                    "aws:PrincipalAccount": "222222222222",
                    "aws:PrincipalTag/team": "x",
                }
            }
        ),
        Outcome.ALLOWED,
    ),
    Case(
        "unknown-and-known-true",
        "OPS: AND with a true known condition still depends",
        ou_deny(
            {
                "StringEquals": {
                    "aws:PrincipalAccount": "111111111111",
                    "aws:PrincipalTag/team": "x",
                }
            }
        ),
        Outcome.DEPENDS_ON_PRINCIPAL,
        "aws:PrincipalTag/team",
    ),
    Case(
        "unconditional-deny-wins",
        "EVAL: an unconditional Deny decides whatever the principal",
        chain([FULL, ADMIN_EXEMPT], [FULL, scp("p-hard", deny("Hard"))], [FULL]),
        Outcome.DENIED,
        "p-hard (statement Hard)",
    ),
    Case(
        "implicit-deny-wins-over-depends",
        "EVAL: a level without Allow denies whatever the principal",
        chain([FULL, ADMIN_EXEMPT], [], [FULL]),
        Outcome.DENIED,
        "no explicit Allow",
    ),
    Case(
        "allow-depends-on-tag",
        "SYN: an Allow conditioned on aws:PrincipalTag",
        chain(
            [FULL],
            [
                scp(
                    "p-tag",
                    allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "platform"}}),
                )
            ],
            [FULL],
        ),
        Outcome.DEPENDS_ON_PRINCIPAL,
        "the only Allow at the OU 1 level below the root, in SCP p-tag (statement #1), is conditioned on aws:PrincipalTag/team",
    ),
    Case(
        "allow-depends-but-other-allow",
        "EVAL: any unconditional Allow at the level suffices",
        chain(
            [FULL],
            [
                scp(
                    "p-tag",
                    allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "platform"}}),
                ),
                FULL,
            ],
            [FULL],
        ),
        Outcome.ALLOWED,
    ),
    Case(
        "arn-operator-on-principal-arn",
        "OPS: ArnLike on aws:PrincipalArn depends",
        ou_deny({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}),
        Outcome.DEPENDS_ON_PRINCIPAL,
    ),
    Case(
        "policy-variable-in-value",
        "OPS: a policy variable takes its value from the request",
        ou_deny({"StringNotEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}),
        Outcome.DEPENDS_ON_PRINCIPAL,
    ),
    Case(
        "null-on-unknown-key",
        "OPS: Null on a key that varies per request",
        ou_deny({"Null": {"aws:MultiFactorAuthAge": "true"}}),
        Outcome.DEPENDS_ON_PRINCIPAL,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_documented_case(case: Case) -> None:
    decision = evaluate(case.action, case.levels, case.account, case.resource)
    assert decision.outcome is case.expected, decision.reason
    assert case.reason in decision.reason
    if case.deciding is not None:
        assert decision.deciding_policy_arns == case.deciding
    assert "\n" not in decision.reason


def test_allowed_reason_and_arns() -> None:
    decision = evaluate(CREATE, chain([FULL], [FULL], [FULL]), MEMBER)
    assert decision == Decision(
        Outcome.ALLOWED,
        "allowed at every level from the root to the account and denied by no SCP",
        (),
    )


def test_depends_names_every_open_deny() -> None:
    other = scp("p-other", deny("Other", Condition={"StringLike": {"aws:PrincipalTag/x": "y"}}))
    decision = evaluate(CREATE, chain([FULL, ADMIN_EXEMPT], [FULL, other], [FULL]), MEMBER)
    assert decision.deciding_policy_arns == (ADMIN_EXEMPT[0], other[0])


UNREADABLE = [
    ("statement-not-object", {"Statement": ["not a statement"]}, "statement #1 is not an object"),
    ("missing-effect", {"Statement": [{"Action": "*", "Resource": "*"}]}, "no Effect"),
    ("effect-lowercase", {"Statement": [{"Effect": "deny", "Action": "*"}]}, "no Effect"),
    ("unparsed-content", {"unparsed": "{not json"}, "could not be parsed"),
    ("document-not-object", ["Statement"], "not an object"),
    ("no-statement", {"Version": "2012-10-17"}, "no Statement"),
    (
        "action-and-not-action",
        {"Statement": [{"Effect": "Deny", "Action": "*", "NotAction": "s3:*"}]},
        "exactly one of Action, NotAction",
    ),
    (
        "no-action",
        {"Statement": [{"Effect": "Deny", "Resource": "*"}]},
        "exactly one of Action, NotAction",
    ),
    (
        "action-not-string",
        {"Statement": [{"Effect": "Deny", "Action": 7}]},
        "Action is not a string",
    ),
    (
        "resource-and-not-resource",
        {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "NotResource": "*"}]},
        "both Resource and NotResource",
    ),
    (
        "principal-element",
        {"Statement": [{"Effect": "Deny", "Action": "*", "Principal": "*"}]},
        "Principal",
    ),
    (
        "unknown-operator",
        {"Statement": [deny(Condition={"StringEqualz": {"aws:PrincipalAccount": "1"}})]},
        "unknown condition operator StringEqualz",
    ),
    (
        "unknown-set-operator",
        {
            "Statement": [
                deny(Condition={"ForSomeValues:StringEquals": {"aws:PrincipalAccount": "1"}})
            ]
        },
        "unknown set operator",
    ),
    (
        "numeric-on-known-key",
        {"Statement": [deny(Condition={"NumericLessThan": {"aws:PrincipalAccount": "1"}})]},
        "not evaluated",
    ),
    (
        "arn-on-known-key",
        {"Statement": [deny(Condition={"ArnEquals": {"aws:PrincipalAccount": "1"}})]},
        "not evaluated",
    ),
    (
        "condition-not-object",
        {"Statement": [deny(Condition=["StringEquals"])]},
        "Condition is not an object",
    ),
    (
        "condition-value-object",
        {"Statement": [deny(Condition={"StringEquals": {"aws:PrincipalAccount": {"a": 1}}})]},
        "not a scalar",
    ),
]


@pytest.mark.parametrize(
    ("document", "why"), [(d, w) for _, d, w in UNREADABLE], ids=[i for i, _, _ in UNREADABLE]
)
def test_unreadable_policy_raises(document: Any, why: str) -> None:
    """Malformed content is unknown, never a decision."""
    arn = "arn:aws:organizations::999999999999:policy/o-x/service_control_policy/p-bad"
    with pytest.raises(ScpUnreadable) as raised:
        evaluate(CREATE, chain([FULL], [FULL, (arn, document)], [FULL]), MEMBER)
    assert raised.value.policy_arn == arn
    assert why in raised.value.why


def test_unreadable_even_when_an_other_policy_denies() -> None:
    """A policy that cannot be read makes the whole chain unknown: it might have said more."""
    with pytest.raises(ScpUnreadable):
        evaluate(
            CREATE,
            chain([FULL, scp("p", deny())], [FULL, ("p-bad", {"unparsed": ""})], [FULL]),
            MEMBER,
        )


def test_plain_operator_on_several_org_paths_is_unreadable() -> None:
    """MULTI documents multivalued keys only with set operators; several values are not guessed."""
    policy = scp("p-plain", deny(Condition={"StringLike": {"aws:PrincipalOrgPaths": f"{ORG}/*"}}))
    with pytest.raises(ScpUnreadable) as raised:
        evaluate(CREATE, chain([FULL], [FULL, policy], [FULL]), TWO_PATHS)
    assert raised.value.policy_arn == policy[0]


def test_empty_chain_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        evaluate(CREATE, [], MEMBER)


# ---------------------------------------------------------------------------- properties

_ACTIONS = ["sso:CreateInstance", "sso:DescribeInstance", "s3:GetObject", "iam:CreateUser"]
_PATTERNS = ["*", "sso:*", "sso:Create*", "SSO:createinstance", "s3:*", "iam:?reateUser", "ec2:*"]
_CONDITIONS = [
    None,
    {"StringNotEquals": {"aws:PrincipalAccount": "222222222222"}},
    {"StringEquals": {"aws:PrincipalAccount": "111111111111"}},
    {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": f"{ORG}/r-ab12/ou-ab12-11111111/*"}},
    {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}},
    {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
]


@st.composite
def statements(draw: st.DrawFn, effect: str | None = None) -> dict[str, Any]:
    stmt: dict[str, Any] = {
        "Effect": effect or draw(st.sampled_from(["Allow", "Deny"])),
        draw(st.sampled_from(["Action", "NotAction"])): draw(
            st.lists(st.sampled_from(_PATTERNS), min_size=1, max_size=3)
        ),
        "Resource": "*",
    }
    condition = draw(st.sampled_from(_CONDITIONS))
    if condition is not None:
        stmt["Condition"] = condition
    return stmt


@st.composite
def chains(draw: st.DrawFn) -> list[list[Any]]:
    depth = draw(st.integers(min_value=2, max_value=4))
    return [
        [
            scp(f"p-{i}-{j}", *draw(st.lists(statements(), min_size=1, max_size=3)))
            for j in range(draw(st.integers(0, 2)))
        ]
        + ([FULL] if draw(st.booleans()) else [])
        for i in range(depth)
    ]


_RANK = {Outcome.DENIED: 0, Outcome.DEPENDS_ON_PRINCIPAL: 1, Outcome.ALLOWED: 2}


@pytest.mark.parametrize("effect", ["Deny", "Allow"])
@pytest.mark.slow  # a property over hundreds of generated SCP chains
@settings(max_examples=300, deadline=None)
@given(chains(), st.sampled_from(_ACTIONS), st.sampled_from([MEMBER, EXEMPT]), st.data())
def test_one_more_statement_moves_the_outcome_one_way(
    effect: str,
    levels: list[list[Any]],
    action: str,
    account: AccountContext,
    data: st.DataObject,
) -> None:
    """Adding a Deny never allows more; adding an Allow never denies more."""
    before = evaluate(action, levels, account)
    where = data.draw(st.integers(0, len(levels) - 1))
    widened = [list(level) for level in levels]
    widened[where].append(scp("p-extra", data.draw(statements(effect=effect))))
    after = evaluate(action, widened, account)
    if effect == "Deny":
        assert _RANK[after.outcome] <= _RANK[before.outcome]
    else:
        assert _RANK[after.outcome] >= _RANK[before.outcome]


@pytest.mark.slow  # a property over hundreds of generated SCP chains
@settings(max_examples=200, deadline=None)
@given(chains(), st.sampled_from(_ACTIONS), st.sampled_from([MEMBER, EXEMPT]))
def test_action_case_does_not_matter(
    levels: list[list[Any]], action: str, account: AccountContext
) -> None:
    assert (
        evaluate(action, levels, account).outcome
        is evaluate(action.swapcase(), levels, account).outcome
    )
