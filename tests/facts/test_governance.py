"""The effective AI services opt-out (management policy inheritance) and the administration
a permission set grants, computed from policy documents as AWS documents them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qcheck.facts import opt_out
from qcheck.facts.permission_sets import ADMIN_ACTIONS, admin_grant
from tests.harness import AS_OF, SCENARIOS, run_cli

ROOT, OU, ACCOUNT = "p-root", "p-ou", "p-account"


def setting(value: str, *lock: str, on: str = "opt_out_policy") -> dict[str, Any]:
    """A service entry assigning `value`, with a child control operator on `on` if `lock`."""
    control = {"@@operators_allowed_for_child_policies": list(lock)} if lock else {}
    entry: dict[str, Any] = {"opt_out_policy": {"@@assign": value}}
    if on == "opt_out_policy":
        entry["opt_out_policy"].update(control)
    elif on == "service":
        entry.update(control)
    return entry


def policy(**services: dict[str, Any]) -> dict[str, Any]:
    return {"services": services}


def test_no_policy_leaves_the_service_opted_in() -> None:
    found = opt_out.service_value([[], [], []], "q")
    assert (found.value, found.policy_arn) == (None, None)


def test_default_applies_to_a_service_without_its_own_key() -> None:
    levels = [[(ROOT, policy(default=setting("optOut")))], []]
    found = opt_out.service_value(levels, "q")
    assert (found.key, found.value, found.policy_arn) == ("default", "optOut", ROOT)


def test_a_service_key_overrides_default_and_a_child_assign_overrides_the_parent() -> None:
    levels = [
        [(ROOT, policy(default=setting("optOut"), q=setting("optOut")))],
        [(OU, policy(q=setting("optIn")))],
        [],
    ]
    assert opt_out.service_value(levels, "q").value == "optIn"
    assert opt_out.service_value(levels, "codewhisperer").value == "optOut"  # default


def test_a_locked_setting_ignores_child_assignments() -> None:
    levels = [
        [(ROOT, policy(q=setting("optOut", "@@none")))],
        [(OU, policy(q=setting("optIn")))],
        [(ACCOUNT, policy(q=setting("optIn")))],
    ]
    found = opt_out.service_value(levels, "q")
    assert (found.value, found.policy_arn) == ("optOut", ROOT)


def test_a_lock_on_the_service_key_covers_its_setting() -> None:
    levels = [
        [(ROOT, policy(q=setting("optOut", "@@none", on="service")))],
        [(OU, policy(q=setting("optIn")))],
    ]
    assert opt_out.service_value(levels, "q").value == "optOut"


def test_a_lock_on_services_covers_every_key() -> None:
    root = {
        "services": {
            "@@operators_allowed_for_child_policies": ["@@none"],
            "default": setting("optOut"),
        }
    }
    levels = [[(ROOT, root)], [(OU, policy(q=setting("optIn")))]]
    assert opt_out.service_value(levels, "q").value == "optOut"


def test_a_child_cannot_reverse_an_inherited_limit() -> None:
    levels = [
        [(ROOT, policy(q=setting("optOut", "@@append")))],  # @@assign no longer allowed
        [(OU, policy(q=setting("optIn", "@@all")))],
        [(ACCOUNT, policy(q=setting("optIn")))],
    ]
    assert opt_out.service_value(levels, "q").value == "optOut"


def test_values_are_case_sensitive() -> None:
    levels = [[(ROOT, policy(q=setting("optout")))]]
    assert opt_out.service_value(levels, "q").value is None


def test_child_operators_of_one_policy() -> None:
    assert opt_out.child_operators(policy(q=setting("optOut")), "q") == opt_out.VALUE_OPERATORS
    assert opt_out.child_operators(policy(q=setting("optOut", "@@none")), "q") == frozenset()
    assert opt_out.child_operators(policy(q=setting("optOut", "@@assign")), "q") == {"@@assign"}


def permission_set(**parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
        "inline_policy": {},
        "managed_policies": [],
        "customer_managed_policies": [],
        "permissions_boundary": {},
    }
    return {**base, **parts}


def allow(*actions: str, effect: str = "Allow", key: str = "Action") -> dict[str, Any]:
    return {"Statement": [{"Effect": effect, key: list(actions), "Resource": "*"}]}


def test_wildcards_grant_the_matching_administration_actions() -> None:
    grant = admin_grant(permission_set(inline_policy=allow("qbusiness:*", "sso:Create*")))
    assert grant.known
    assert set(grant.actions) == {
        "qbusiness:CreateApplication",
        "qbusiness:UpdateApplication",
        "qbusiness:DeleteApplication",
        "sso:CreateApplicationAssignment",
        "sso:CreatePermissionSet",
        "sso:CreateAccountAssignment",
    }


def test_not_action_grants_everything_it_does_not_name() -> None:
    grant = admin_grant(permission_set(inline_policy=allow("iam:*", key="NotAction")))
    assert grant.actions == ADMIN_ACTIONS


def test_an_explicit_deny_takes_the_action_back() -> None:
    document = {
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["sso:*", "identitystore:*"], "Resource": "*"},
        ]
    }
    grant = admin_grant(permission_set(inline_policy=document))
    assert grant.known and not any(a.startswith(("sso:", "identitystore:")) for a in grant.actions)


def test_documented_aws_managed_policies_are_evaluated_and_labelled() -> None:
    admin = {"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    grant = admin_grant(permission_set(managed_policies=[admin]))
    assert grant.known and grant.actions == ADMIN_ACTIONS
    assert grant.sources == ("arn:aws:iam::aws:policy/AdministratorAccess (documented content)",)
    power = admin_grant(
        permission_set(managed_policies=[{"arn": "arn:aws:iam::aws:policy/PowerUserAccess"}])
    )
    assert power.actions == ADMIN_ACTIONS  # iam:*, organizations:*, account:* are not among them


def test_read_only_policies_grant_no_administration() -> None:
    grant = admin_grant(permission_set(inline_policy=allow("sso:List*", "sso:Describe*")))
    assert (grant.actions, grant.known) == ((), True)


def test_unread_content_leaves_the_grant_unknown() -> None:
    other = {"arn": "arn:aws:iam::aws:policy/ViewOnlyAccess"}
    assert not admin_grant(permission_set(managed_policies=[other])).known
    customer = [{"name": "TeamPolicy"}]
    assert not admin_grant(permission_set(customer_managed_policies=customer)).known
    boundary = {"managed_policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}
    bounded = admin_grant(permission_set(inline_policy=allow("q:*"), permissions_boundary=boundary))
    assert bounded.actions and not bounded.known  # the boundary may take it back
    missing = permission_set()
    del missing["inline_policy"]
    assert not admin_grant(missing).known


def findings_with_root(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, enabled: bool | None
) -> list[tuple[str, str]]:
    """The ai-opt-out scenario (Sandbox opted back in) with the root's policy type status
    changed: True as collected, False (not enabled), None (PolicyTypes not returned)."""
    folder = SCENARIOS / "ai-opt-out"
    document = json.loads((folder / "snapshot.json").read_text())
    for node in document["nodes"]:
        if node["kind"] == "root":
            node.pop("ai_opt_out_enabled")
            if enabled is not None:
                node["ai_opt_out_enabled"] = enabled
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document, indent=1))
    run = run_cli(
        capsys, "check", str(snapshot), "--config", str(folder / "qcheck.yaml"),
        "--as-of", AS_OF, "--format", "json",
    )  # fmt: skip
    assert run.code in (0, 1), run.err
    return sorted((f["rule_id"], f["resource"]) for f in json.loads(run.out)["findings"])


ACCOUNT = "arn:aws:organizations::470000000001:account/o-q3aioptout01/4700000000{}"


def test_policy_type_not_enabled_leaves_every_account_opted_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    found = findings_with_root(capsys, tmp_path, enabled=False)
    qc701 = [resource for rule, resource in found if rule == "QC701"]
    assert qc701 == [ACCOUNT.format("03"), ACCOUNT.format("04")]  # the two with assistants


def test_policy_type_status_not_read_is_unknown_not_opted_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    found = findings_with_root(capsys, tmp_path, enabled=None)
    assert not [r for r, _ in found if r == "QC701"]
    unknown = [resource for rule, resource in found if rule == "QC905"]
    assert unknown == [f"unknown:account.ai_opt_out:{ACCOUNT.format(n)}" for n in ("03", "04")]
