"""AI governance on the emulated seed organization: AI services opt-out policies and IAM
Identity Center permission sets are collected, then judged by QC701-QC703 and QC405."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fixtures.aws_emulator.emulator import Emulator, always, matching
from fixtures.aws_emulator.seed_org import (
    ALPHA,
    APPROVED_ADMIN_GROUP,
    ASSISTANT_ADMINS,
    BRAVO,
    CHARLIE_STORE,
    DEVELOPERS,
    IDC_ADMINS,
    MGMT,
    ORG_INSTANCE,
    PEOPLE,
    ROLE,
    Built,
    add_governance,
    build_seed,
)
from qcheck.collect import identity_center
from tests.collect.helpers import SEED_CONFIG, by_kind, check_findings, collect_now, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.network]


def governance_config(tmp_path: Path) -> Path:
    """The seed's qcheck.yaml, requiring the opt-out of accounts with assistants and
    approving the Grey group as administrators."""
    config = yaml.safe_load(SEED_CONFIG.read_text())
    config.setdefault("identity_center", {})["approved_admin_groups"] = [APPROVED_ADMIN_GROUP]
    config["ai_opt_out"] = {"scope": "assistant_accounts"}
    path = tmp_path / "qcheck.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def account_arn(document: dict[str, object], account_id: str) -> str:
    return next(n["id"] for n in by_kind(document, "account") if n["account_id"] == account_id)


def seed_findings(built: Built, document: dict[str, object]) -> list[tuple[str, str]]:
    """What the seed organization alone is reported for (test_collect_end_to_end)."""
    from fixtures.aws_emulator.seed_org import (
        CHARLIE_INSTANCE,
        DISABLED_EMAIL,
        OPEN_APP,
        ORG_STORE,
        QC606_APP,
    )

    organization = by_kind(document, "organization")[0]["id"]
    disabled = f"arn:aws:identitystore:::user/{built.users[(ORG_STORE, DISABLED_EMAIL)]}"
    return [
        ("QC301", CHARLIE_INSTANCE),
        ("QC305", organization),
        ("QC601", OPEN_APP),
        ("QC602", disabled),
        ("QC606", QC606_APP),  # us-east-1 only is collected: no QC108 (eu-central-1)
        *[
            ("QC501", f"arn:aws:identitystore:::user/{built.users[(CHARLIE_STORE, email)]}")
            for email in PEOPLE["Blue"]
        ],
    ]


def test_collect_then_check_reports_each_governance_finding(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    built = build_seed(aws_env)
    governance = add_governance(aws_env, built)
    output = tmp_path / "snapshot.json"
    code, _, err = run_cli(capsys, "collect", "--output", str(output), "--member-role-name", ROLE)
    assert code == 0, err
    assert err.rstrip().endswith("; 0 gaps")
    document = json.loads(output.read_text())
    findings = check_findings(capsys, output, governance_config(tmp_path))
    assert sorted(findings) == sorted(
        [
            *seed_findings(built, document),
            # Bravo's OU opts back in to q and codewhisperer; Alpha and Charlie inherit optOut.
            ("QC701", account_arn(document, BRAVO)),
            # The root's opt-out does not lock out child policies.
            ("QC702", governance.org_opt_out),
            # Orange holds AssistantAdmins; Grey (approved) holds IdcAdmins.
            ("QC703", ASSISTANT_ADMINS),
            ("QC405", IDC_ADMINS),
            # Developers' customer managed policy and boundary are not readable here.
            ("QC905", f"unknown:instance.permission_sets:{DEVELOPERS}"),
        ]
    )


def test_snapshot_records_the_policies_and_permission_sets(aws_env: Emulator) -> None:
    governance = add_governance(aws_env, build_seed(aws_env))
    _, document = collect_now()
    assert document["gaps"] == []
    assert [r.get("ai_opt_out_enabled") for r in by_kind(document, "root")] == [True]
    policies = {n["name"]: n for n in by_kind(document, "ai_opt_out_policy")}
    assert set(policies) == {"OrgOptOut", "BravoOptIn"}
    assert policies["OrgOptOut"]["id"] == governance.org_opt_out
    assert policies["BravoOptIn"]["content"]["services"]["q"]["opt_out_policy"] == {
        "@@assign": "optIn"
    }
    assert [p["name"] for p in by_kind(document, "policy")] == ["FullAWSAccess"]  # SCPs apart
    sets = {n["name"]: n for n in by_kind(document, "permission_set")}
    assert sets["AssistantAdmins"]["inline_policy"]["Statement"][0]["Action"] == [
        "q:*",
        "codewhisperer:*",
    ]
    assert sets["AssistantAdmins"]["description"] == "Administers Amazon Q Developer"
    assert sets["IdcAdmins"]["managed_policies"] == [
        {"arn": "arn:aws:iam::aws:policy/AdministratorAccess", "name": "AdministratorAccess"}
    ]
    assert (
        sets["IdcAdmins"]["inline_policy"] == {} and sets["IdcAdmins"]["permissions_boundary"] == {}
    )
    assert sets["Developers"]["customer_managed_policies"] == [
        {"name": "DeveloperAccess", "path": "/teams/"}
    ]
    assert sets["Developers"]["permissions_boundary"] == {
        "customer_managed_policy": {"name": "DeveloperBoundary"}
    }
    assert [a["account_id"] for a in sets["IdcAdmins"]["assignments"]] == [MGMT]
    provisioned = {
        (e["source"], e["target"].rsplit("/", 1)[-1])
        for e in document["edges"]
        if e["kind"] == "provisioned_to"
    }
    assert provisioned == {(ASSISTANT_ADMINS, ALPHA), (IDC_ADMINS, MGMT), (DEVELOPERS, BRAVO)}
    managed = {(e["source"], e["target"]) for e in document["edges"] if e["kind"] == "managed_by"}
    assert {(arn, ORG_INSTANCE) for arn in (ASSISTANT_ADMINS, IDC_ADMINS, DEVELOPERS)} <= managed


def test_calls_stay_at_the_page_size_minimum(aws_env: Emulator) -> None:
    add_governance(aws_env, build_seed(aws_env))
    aws_env.clear_log()
    result, document = collect_now()
    sent = aws_env.operations()
    assert sent == result.attempts
    sets = by_kind(document, "permission_set")
    policies = len(by_kind(document, "policy")) + len(by_kind(document, "ai_opt_out_policy"))
    assert sent["organizations:ListPolicies"] == 2  # one per policy type
    assert sent["organizations:DescribePolicy"] == policies
    assert sent["organizations:ListTargetsForPolicy"] == policies
    assert sent["sso:ListPermissionSets"] == 1  # the organization instance only
    provisioned = sum(1 for e in document["edges"] if e["kind"] == "provisioned_to")
    for operation in identity_center.PERMISSION_SET_OPERATIONS:  # one page each
        per = provisioned if operation == "ListAccountAssignments" else len(sets)
        assert sent[f"sso:{operation}"] == per, operation
    assert result.retries == 0


def test_unreadable_permission_sets_and_opt_out_policies_become_unknown_facts(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ListPermissionSets and the opt-out policies' DescribePolicy denied: the permission
    set and opt-out rules judge nothing, QC905 says what is unknown, and the SCPs (read
    with the same operations) are still judged."""
    built = build_seed(aws_env)
    governance = add_governance(aws_env, built)
    opt_out_ids = {
        arn.rsplit("/", 1)[-1] for arn in (governance.org_opt_out, governance.bravo_opt_in)
    }
    aws_env.faults.append(always("AccessDeniedException", matching("sso", "ListPermissionSets")))
    aws_env.faults.append(
        always(
            "AccessDeniedException",
            lambda r: r.operation == "DescribePolicy" and r.params.get("PolicyId") in opt_out_ids,
        )
    )
    output = tmp_path / "snapshot.json"
    code, _, err = run_cli(capsys, "collect", "--output", str(output), "--member-role-name", ROLE)
    assert code == 0, err
    document = json.loads(output.read_text())
    assert (
        by_kind(document, "permission_set") == [] and by_kind(document, "ai_opt_out_policy") == []
    )
    findings = check_findings(capsys, output, governance_config(tmp_path))
    rules = {rule for rule, _ in findings}
    assert not rules & {"QC405", "QC701", "QC702", "QC703"}
    assert ("QC305", by_kind(document, "organization")[0]["id"]) in findings  # SCPs judged
    unknown = {resource for rule, resource in findings if rule == "QC905"}
    assert f"unknown:instance.permission_sets:{ORG_INSTANCE}" in unknown
    for account in (ALPHA, BRAVO):  # accounts with assistants: their opt-out is unknown
        assert f"unknown:account.ai_opt_out:{account_arn(document, account)}" in unknown
