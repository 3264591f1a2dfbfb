"""Service control policies (SCPs) evaluated the way AWS Organizations evaluates them.

One question, per member account: would the SCPs in force let an action through?
The answer has three values: allowed, denied, or "depends on the principal" when the
outcome hinges on something that varies per principal or per request (aws:PrincipalArn,
tags, aws:RequestedRegion...). docs/scp.md states every rule with its AWS source; the
comments below name the page each rule comes from:

  EVAL  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
  SYN   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
  OPS   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  MULTI https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  KEYS  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class Outcome(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"
    DEPENDS_ON_PRINCIPAL = "depends_on_principal"


@dataclass(frozen=True)
class AccountContext:
    """What is known of every principal in one member account (KEYS)."""

    account_id: str  # aws:PrincipalAccount
    org_id: str  # aws:PrincipalOrgID
    org_paths: tuple[str, ...]  # aws:PrincipalOrgPaths, e.g. "o-abc/r-ab12/ou-ab12-11111111/"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str  # one plain sentence
    deciding_policy_arns: tuple[str, ...]


class ScpUnreadable(Exception):
    """A policy in the chain cannot be read, so no answer can be given.

    Raised for content AWS would not have accepted or that did not reach us whole (a
    statement that is not an object, no Effect, {"unparsed": ...}, an unknown condition
    operator). The caller turns it into an unknown fact: it is neither a pass nor a
    violation, and "depends on the principal" would be a false claim.
    """

    def __init__(self, policy_arn: str, why: str) -> None:
        self.policy_arn = policy_arn
        self.why = why
        super().__init__(f"SCP {policy_arn} cannot be evaluated: {why}")


# Three-valued truth: True, False, or None for "depends on the principal or request".
Tri = bool | None


def _and(values: Sequence[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: Sequence[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


# ---------------------------------------------------------------------------- parsing

# The condition keys whose value is the same for every principal in a member account
# (KEYS): the account's id, its organization's id and its path in the organization.
_KNOWN_KEYS = ("aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths")
# aws:PrincipalOrgPaths is documented as multivalued; the other two as single-valued (KEYS).
_MULTIVALUED = frozenset({"aws:principalorgpaths"})

# The string operators evaluated on known keys, as (positive form, how values compare) (OPS).
_STRING_OPERATORS: dict[str, tuple[bool, str]] = {
    "stringequals": (True, "exact"),
    "stringnotequals": (False, "exact"),
    "stringequalsignorecase": (True, "ignorecase"),
    "stringnotequalsignorecase": (False, "ignorecase"),
    "stringlike": (True, "like"),
    "stringnotlike": (False, "like"),
}
# Every other operator AWS documents (OPS). On a key that varies per principal or request
# each only makes the statement depend on it; on the known keys, which are strings and
# not ARNs, numbers, dates, booleans, binaries or addresses, qcheck does not guess.
_OTHER_OPERATORS = frozenset(
    {
        "numericequals",
        "numericnotequals",
        "numericlessthan",
        "numericlessthanequals",
        "numericgreaterthan",
        "numericgreaterthanequals",
        "dateequals",
        "datenotequals",
        "datelessthan",
        "datelessthanequals",
        "dategreaterthan",
        "dategreaterthanequals",
        "bool",
        "binaryequals",
        "ipaddress",
        "notipaddress",
        "arnequals",
        "arnlike",
        "arnnotequals",
        "arnnotlike",
    }
)


@dataclass(frozen=True)
class _Condition:
    operator: str  # as written, for messages
    base: str  # lower case, without qualifier and IfExists
    qualifier: str  # "", "forallvalues" or "foranyvalue"
    if_exists: bool
    key: str  # as written
    values: tuple[str, ...]


@dataclass(frozen=True)
class _Statement:
    policy_arn: str
    label: str  # Sid, or "#n" counting from 1
    deny: bool
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...]
    not_resource: bool
    conditions: tuple[_Condition, ...]


def _strings(policy_arn: str, element: str, value: object) -> tuple[str, ...]:
    """Action, NotAction, Resource and NotResource hold one string or a list of them (SYN)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise ScpUnreadable(policy_arn, f"{element} is not a string or a list of strings")
    return tuple(items)


def _condition_values(policy_arn: str, operator: str, key: str, value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, bool):  # JSON true/false, as in "Null": {"k": true}
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.append(str(item))
        else:
            raise ScpUnreadable(
                policy_arn, f"condition {operator} on {key} has a value that is not a scalar"
            )
    if not out:
        raise ScpUnreadable(policy_arn, f"condition {operator} on {key} has no value")
    return tuple(out)


def _parse_condition_block(policy_arn: str, block: object) -> tuple[_Condition, ...]:
    if not isinstance(block, Mapping):
        raise ScpUnreadable(policy_arn, "Condition is not an object")
    conditions: list[_Condition] = []
    for operator, keys in block.items():
        name = str(operator)
        qualifier, _, rest = name.rpartition(":")
        qualifier = qualifier.lower()
        if qualifier not in ("", "forallvalues", "foranyvalue"):
            raise ScpUnreadable(policy_arn, f"unknown set operator in condition {name}")
        base = rest.lower()
        if_exists = base.endswith("ifexists") and base != "null"
        if if_exists:
            base = base.removesuffix("ifexists")
        if base not in _STRING_OPERATORS and base not in _OTHER_OPERATORS and base != "null":
            raise ScpUnreadable(policy_arn, f"unknown condition operator {name}")
        if not isinstance(keys, Mapping) or not keys:
            raise ScpUnreadable(policy_arn, f"condition {name} does not map keys to values")
        for key, value in keys.items():
            key_text = str(key)
            if key_text.lower() in _KNOWN_KEYS and base not in _STRING_OPERATORS and base != "null":
                raise ScpUnreadable(
                    policy_arn, f"condition {name} on {key_text} is not evaluated by qcheck"
                )
            conditions.append(
                _Condition(
                    operator=name,
                    base=base,
                    qualifier=qualifier,
                    if_exists=if_exists,
                    key=key_text,
                    values=_condition_values(policy_arn, name, key_text, value),
                )
            )
    return tuple(conditions)


def _parse_statement(policy_arn: str, index: int, raw: object) -> _Statement:
    if not isinstance(raw, Mapping):
        raise ScpUnreadable(policy_arn, f"statement #{index} is not an object")
    sid = raw.get("Sid")
    label = sid if isinstance(sid, str) and sid else f"#{index}"
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise ScpUnreadable(policy_arn, f"statement {label} has no Effect of Allow or Deny")
    # SCPs grant or deny to the principals of the accounts they are attached to; they
    # have no Principal element (SYN lists none), so one present means a misread policy.
    if "Principal" in raw or "NotPrincipal" in raw:
        raise ScpUnreadable(policy_arn, f"statement {label} has a Principal element")
    if ("Action" in raw) == ("NotAction" in raw):
        raise ScpUnreadable(policy_arn, f"statement {label} needs exactly one of Action, NotAction")
    if "Resource" in raw and "NotResource" in raw:
        raise ScpUnreadable(policy_arn, f"statement {label} has both Resource and NotResource")
    not_action = "NotAction" in raw
    not_resource = "NotResource" in raw
    actions = _strings(
        policy_arn,
        "NotAction" if not_action else "Action",
        raw.get("NotAction" if not_action else "Action"),
    )
    if not_resource:
        resources = _strings(policy_arn, "NotResource", raw["NotResource"])
    elif "Resource" in raw:
        resources = _strings(policy_arn, "Resource", raw["Resource"])
    else:
        resources = ("*",)  # assumption, see docs/scp.md: no Resource reads as all resources
    conditions = _parse_condition_block(policy_arn, raw["Condition"]) if "Condition" in raw else ()
    return _Statement(
        policy_arn=policy_arn,
        label=label,
        deny=effect == "Deny",
        actions=actions,
        not_action=not_action,
        resources=resources,
        not_resource=not_resource,
        conditions=conditions,
    )


def _parse_policy(policy_arn: str, document: object) -> tuple[_Statement, ...]:
    if not isinstance(document, Mapping):
        raise ScpUnreadable(policy_arn, "the policy document is not an object")
    if "unparsed" in document:
        raise ScpUnreadable(policy_arn, "the policy content could not be parsed as JSON")
    raw = document.get("Statement")
    # Statement holds one statement or a list of them (SYN).
    statements = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(statements, list) or not statements:
        raise ScpUnreadable(policy_arn, "the policy has no Statement")
    return tuple(_parse_statement(policy_arn, i, s) for i, s in enumerate(statements, start=1))


# ---------------------------------------------------------------------------- matching


@functools.lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    """`*` matches any run of characters, `?` any one character; nothing else is special."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def _action_matches(pattern: str, action: str) -> bool:
    # Service prefixes and action names are case-insensitive; `*` and `?` are wildcards (SYN).
    return _glob(pattern, True).fullmatch(action) is not None


def _resource_matches(pattern: str, resource: str) -> Tri:
    if "${" in pattern:
        return None  # a policy variable takes its value from the request
    # ARNs are matched case-sensitively, with the same wildcards (assumption, docs/scp.md).
    return _glob(pattern, False).fullmatch(resource) is not None


def _string_matches(how: str, value: str, pattern: str) -> bool:
    if how == "exact":  # StringEquals: exact, case-sensitive (OPS)
        return value == pattern
    if how == "ignorecase":
        return value.casefold() == pattern.casefold()
    return _glob(pattern, False).fullmatch(value) is not None  # StringLike: case-sensitive (OPS)


def _context_values(key: str, account: AccountContext) -> tuple[str, ...]:
    if key == "aws:principalaccount":
        return (account.account_id,)
    if key == "aws:principalorgid":
        return (account.org_id,)
    return account.org_paths


def _condition_holds(cond: _Condition, account: AccountContext) -> tuple[Tri, str | None]:
    """The condition's truth, and when it is unknown the key that makes it so."""
    key = cond.key.lower()  # condition key names are case-insensitive (KEYS)
    if key not in _KNOWN_KEYS or any("${" in v for v in cond.values):
        return None, cond.key
    present = _context_values(key, account)
    if cond.base == "null":
        # Null: "true" asks that the key be absent, "false" that it be present (OPS).
        absent = not present
        return any((v.lower() == "true") == absent for v in cond.values), None
    positive, how = _STRING_OPERATORS[cond.base]

    def one(value: str) -> bool:
        # Several values for one key are ORed; a negated operator holds when none matches (OPS).
        hit = any(_string_matches(how, value, p) for p in cond.values)
        return hit if positive else not hit

    if not present:
        if cond.if_exists:
            return True, None  # ...IfExists holds when the key is absent (OPS)
        if cond.qualifier == "forallvalues":
            return True, None  # ForAllValues holds when the key is absent or empty (MULTI)
        if cond.qualifier == "foranyvalue":
            return False, None  # ForAnyValue fails when the key is absent or empty (MULTI)
        # An absent key makes a positive operator false and a negated one true (OPS).
        return (not positive), None
    if cond.qualifier == "forallvalues":
        return all(one(v) for v in present), None  # every request value must match (MULTI)
    if cond.qualifier == "foranyvalue":
        return any(one(v) for v in present), None  # at least one request value must match (MULTI)
    if len(present) > 1:
        # MULTI says multivalued keys need a set operator and does not document a plain
        # operator against several values; qcheck does not guess.
        raise ScpUnreadable(
            "", f"condition {cond.operator} on multivalued {cond.key} without a set operator"
        )
    return one(present[0]), None


def _applies(
    stmt: _Statement, action: str, resource: str, account: AccountContext
) -> tuple[Tri, tuple[str, ...]]:
    """Whether the statement applies to this request, and the keys that leave it open."""
    hit = any(_action_matches(p, action) for p in stmt.actions)
    # NotAction matches every action except those listed (SYN, IAM NotAction element).
    if hit == stmt.not_action:
        return False, ()
    res = _or([_resource_matches(p, resource) for p in stmt.resources])
    if stmt.not_resource and res is not None:
        res = not res
    if res is False:
        return False, ()
    truths: list[Tri] = [res]
    open_keys: list[str] = ["a policy variable in Resource"] if res is None else []
    for cond in stmt.conditions:
        try:
            truth, unknown_key = _condition_holds(cond, account)
        except ScpUnreadable as exc:
            raise ScpUnreadable(stmt.policy_arn, exc.why) from None
        truths.append(truth)
        if truth is None and unknown_key is not None and unknown_key not in open_keys:
            open_keys.append(unknown_key)
    # Every condition in a block must hold: operators and keys are ANDed (OPS).
    verdict = _and(truths)
    return verdict, (tuple(open_keys) if verdict is None else ())


# ---------------------------------------------------------------------------- deciding


def _short(policy_arn: str) -> str:
    return policy_arn.rsplit("/", 1)[-1]


def _level_name(index: int, count: int) -> str:
    if index == 0:
        return "the root"
    if index == count - 1:
        return "the account"
    return f"the OU {index} level{'s' if index > 1 else ''} below the root"


def _unique(arns: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(arns))


def evaluate(
    action: str,
    levels: Sequence[Sequence[tuple[str, Mapping[str, Any]]]],
    account: AccountContext,
    resource: str = "*",
) -> Decision:
    """Evaluate `action` on `resource` for the principals of `account`.

    `levels` runs from the root through each OU down to the account itself; each level is
    the list of (policy ARN, parsed document) attached there. Raises ScpUnreadable when a
    policy in the chain cannot be read, ValueError when `levels` is empty.
    """
    if not levels:
        raise ValueError("evaluate needs at least the root level")
    parsed = [[(arn, _parse_policy(arn, doc)) for arn, doc in level] for level in levels]

    # Explicit Deny: a matching Deny in any SCP at any level denies (EVAL, how SCPs deny).
    denying: list[_Statement] = []
    open_denies: list[tuple[_Statement, tuple[str, ...]]] = []
    for level in parsed:
        for _arn, statements in level:
            for stmt in (s for s in statements if s.deny):
                truth, keys = _applies(stmt, action, resource, account)
                if truth is True:
                    denying.append(stmt)
                elif truth is None:
                    open_denies.append((stmt, keys))
    if denying:
        first = denying[0]
        return Decision(
            Outcome.DENIED,
            f"denied by SCP {_short(first.policy_arn)} (statement {first.label})",
            _unique([s.policy_arn for s in denying]),
        )

    # Allow: every level from the root down to the account needs a matching Allow in one
    # of its SCPs; a level without one denies implicitly (EVAL, how SCPs allow).
    open_allows: list[tuple[int, _Statement, tuple[str, ...]]] = []
    for index, level in enumerate(parsed):
        level_open: list[tuple[int, _Statement, tuple[str, ...]]] = []
        allowed = False
        for _arn, statements in level:
            for stmt in (s for s in statements if not s.deny):
                truth, keys = _applies(stmt, action, resource, account)
                if truth is True:
                    allowed = True
                elif truth is None:
                    level_open.append((index, stmt, keys))
        if allowed:
            continue
        if not level_open:
            return Decision(
                Outcome.DENIED,
                f"no explicit Allow at {_level_name(index, len(levels))}",
                _unique([arn for arn, _ in level]),
            )
        open_allows.extend(level_open)

    if open_denies:
        stmt, keys = open_denies[0]
        return Decision(
            Outcome.DEPENDS_ON_PRINCIPAL,
            f"a Deny in SCP {_short(stmt.policy_arn)} (statement {stmt.label}) conditioned on "
            f"{', '.join(keys)} depends on the principal",
            _unique([s.policy_arn for s, _ in open_denies]),
        )
    if open_allows:
        index, stmt, keys = open_allows[0]
        return Decision(
            Outcome.DEPENDS_ON_PRINCIPAL,
            f"the only Allow at {_level_name(index, len(levels))}, in SCP "
            f"{_short(stmt.policy_arn)} (statement {stmt.label}), is conditioned on "
            f"{', '.join(keys)} and depends on the principal",
            _unique([s.policy_arn for _, s, _ in open_allows]),
        )
    return Decision(
        Outcome.ALLOWED,
        "allowed at every level from the root to the account and denied by no SCP",
        (),
    )
