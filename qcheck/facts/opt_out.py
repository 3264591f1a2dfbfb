"""An account's effective AI services opt-out, computed the way AWS Organizations merges
management policies. The sources, named where each rule is applied:

  SYNTAX  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html
  OPS     https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
  INHERIT https://docs.aws.amazon.com/organizations/latest/userguide/syntax-inheritance.html

An opt-out policy is `{"services": {<service name key>: {"opt_out_policy": {"@@assign":
"optOut" | "optIn"}}}}`; the key `default` stands for every AI service, including future
ones, and a service's own key overrides it (SYNTAX). Policies are merged from the root
through each OU down to the account (INHERIT). `@@assign` overwrites the inherited value
(OPS); `@@append` and `@@remove` apply only to multi-valued settings, and opt_out_policy is
single-valued, so they set nothing here. `@@operators_allowed_for_child_policies` limits
the value-setting operators every policy below may use, and "if an inherited child control
operator limits the use of an operator, you can't reverse that rule in a child policy"
(OPS).

Assumptions (docs/aws-facts.md): a child control operator written on `services` or on a
service's key limits every setting below it, as the examples of SYNTAX suggest for
`default`; a child policy's `@@assign` that an inherited control forbids is ignored; two
policies at the same level that assign different values to one setting are resolved by
the one whose ARN sorts last (AWS does not document an order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ASSIGN = "@@assign"
CHILD_CONTROL = "@@operators_allowed_for_child_policies"
VALUE_OPERATORS = frozenset({"@@assign", "@@append", "@@remove"})
DEFAULT = "default"
OPT_OUT = "optOut"
OPT_IN = "optIn"


@dataclass(frozen=True)
class Setting:
    """The effective opt_out_policy value of one service key, and where it came from."""

    key: str
    value: str | None  # optOut | optIn | None when no policy sets it
    policy_arn: str | None


@dataclass(frozen=True)
class Lock:
    """What a policy's child control operators leave to policies below it, for one key."""

    allowed: tuple[str, ...]  # value-setting operators still allowed below


def _operators(value: object) -> frozenset[str] | None:
    """The operators a child control operator allows; None when absent (all allowed)."""
    if not isinstance(value, list):
        return None
    names = {str(v) for v in value}
    if "@@all" in names:
        return VALUE_OPERATORS
    return frozenset(names & VALUE_OPERATORS)  # ["@@none"] allows none


def _nodes(content: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The policy's objects on the way to a key's setting: services, the key, opt_out_policy."""
    found: list[Mapping[str, Any]] = []
    node: object = content.get("services")
    for name in (None, key, "opt_out_policy"):
        if name is not None:
            node = node.get(name) if isinstance(node, Mapping) else None
        if not isinstance(node, Mapping):
            break
        found.append(node)
    return found


def child_operators(content: Mapping[str, Any], key: str) -> frozenset[str]:
    """The value-setting operators this policy alone leaves to child policies for `key`."""
    allowed = VALUE_OPERATORS
    for node in _nodes(content, key):
        limit = _operators(node.get(CHILD_CONTROL))
        if limit is not None:
            allowed = allowed & limit
    return allowed


def assigned(content: Mapping[str, Any], key: str) -> str | None:
    """The optOut/optIn the policy assigns to `key` (values are case-sensitive, SYNTAX)."""
    nodes = _nodes(content, key)
    if len(nodes) < 3:
        return None
    value = nodes[2].get(ASSIGN)
    return value if value in (OPT_OUT, OPT_IN) else None


def effective(levels: Sequence[Sequence[tuple[str, Mapping[str, Any]]]], key: str) -> Setting:
    """The effective value of `key` for an account, `levels` running from the root to the
    account itself, each a list of (policy ARN, content)."""
    value: str | None = None
    source: str | None = None
    allowed = VALUE_OPERATORS
    for level in levels:
        below = allowed
        for arn, content in sorted(level, key=lambda item: item[0]):
            found = assigned(content, key)
            if found is not None and ASSIGN in allowed:
                value, source = found, arn
            below = below & child_operators(content, key)
        allowed = below
    return Setting(key, value, source)


def service_value(
    levels: Sequence[Sequence[tuple[str, Mapping[str, Any]]]], service: str
) -> Setting:
    """A service's effective value: its own key when a policy sets it, else `default`
    (SYNTAX: "default" covers every AI service not otherwise set). With neither, AWS may
    use the content: the account is opted in."""
    own = effective(levels, service)
    if own.value is not None:
        return own
    fallback = effective(levels, DEFAULT)
    return Setting(DEFAULT, fallback.value, fallback.policy_arn)
