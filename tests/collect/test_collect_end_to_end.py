"""`qcheck collect` against the emulated seed organization, then `qcheck check` on it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from fixtures.aws_emulator.emulator import Emulator
from fixtures.aws_emulator.seed_org import (
    CHARLIE,
    CHARLIE_INSTANCE,
    CHARLIE_STORE,
    DISABLED_EMAIL,
    MGMT,
    OPEN_APP,
    ORG_STORE,
    PEOPLE,
    ROLE,
    build_seed,
)
from qcheck.collect import (
    identity_center,
    identity_store,
    member_accounts,
    organizations,
    region_status,
)
from qcheck.collect.permissions import NO_PERMISSION_NEEDED, collector_actions, member_actions
from qcheck.collect.redact import PREFIX
from qcheck.graph.snapshot import read_snapshot, schema
from tests.collect.conftest import BASE_KEY, BASE_SECRET
from tests.collect.helpers import by_kind, check_findings, collect_now, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.network]


def test_collect_then_check_reports_the_seed_findings(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    built = build_seed(aws_env)
    output = tmp_path / "org" / "snapshot.json"
    code, out, err = run_cli(capsys, "collect", "--output", str(output), "--member-role-name", ROLE)
    assert code == 0, err
    assert out == ""
    assert err.startswith(f"qcheck collect: wrote {output}: 5 accounts, 2 instances")
    assert err.rstrip().endswith("; 0 gaps") and err.count("\n") == 1

    document = json.loads(output.read_text())
    Draft202012Validator(schema()).validate(document)  # the published schema, whole file
    read_snapshot(output)  # and qcheck's own reader, as `check` uses it

    findings = check_findings(capsys, output)
    charlie_users = {
        f"arn:aws:identitystore:::user/{built.users[(CHARLIE_STORE, email)]}"
        for email in PEOPLE["Blue"]
    }
    organization = by_kind(document, "organization")[0]["id"]
    disabled = f"arn:aws:identitystore:::user/{built.users[(ORG_STORE, DISABLED_EMAIL)]}"
    # No QC105 for Alpha's EU profile (issue 9): the Region holding its subscribers'
    # identity data, us-east-1, is inside Alpha's zones. The emulated organization adds an
    # open application (QC601) and a disabled user still assigned (QC602) to the post's;
    # its users carry the IdP's ExternalIds (no QC605) and us-east-1 is a default Region
    # (no QC107).
    assert sorted(findings) == sorted(
        [
            ("QC301", CHARLIE_INSTANCE),
            ("QC305", organization),
            *[("QC501", user) for user in charlie_users],
            ("QC601", OPEN_APP),
            ("QC602", disabled),
        ]
    )


def test_snapshot_records_what_the_apis_show(aws_env: Emulator) -> None:
    build_seed(aws_env)
    alpha_eu = next(a for a in aws_env.idc.applications if a.name == "alpha-eu")
    alpha_eu.created_from = "eu-central-1"  # not the instance's Region: read, not assumed
    _, document = collect_now()
    instances = {n["id"]: n for n in by_kind(document, "idc_instance")}
    assert instances[CHARLIE_INSTANCE]["instance_type"] == "account"
    assert instances[CHARLIE_INSTANCE]["owner_account_id"] == CHARLIE
    assert {n["instance_type"] for n in instances.values()} == {"organization", "account"}
    accounts = {n["account_id"]: n for n in by_kind(document, "account")}
    assert accounts["222222222222"]["delegated_admin_for"] == ["sso.amazonaws.com"]
    assert accounts["333333333333"]["tags"] == {"unit": "alpha"}
    apps = {n["name"]: n for n in by_kind(document, "application")}
    assert apps["alpha-eu"]["created_from"] == "eu-central-1"
    assert all("region" not in a for a in apps.values())
    assert apps["alpha-us"]["provider_name"] == "Amazon Q Developer"
    assert [n for n, a in apps.items() if not a["assignment_required"]] == ["internal-wiki"]
    assert apps["internal-wiki"]["provider_name"] == "Custom SAML 2.0 application"
    users = {n["user_name"]: n for n in by_kind(document, "user")}
    assert {u["status"] for n, u in users.items() if n != DISABLED_EMAIL} == {"ENABLED"}
    assert users[DISABLED_EMAIL]["status"] == "DISABLED"
    assert users[DISABLED_EMAIL]["external_ids"] == [
        {"issuer": "https://idp.example.com", "id": "usr-gil"}
    ]
    org = by_kind(document, "organization")[0]
    assert org["management_account_id"] == MGMT
    assert org["region_opt_status"]["us-east-1"] == "ENABLED_BY_DEFAULT"
    assert org["region_opt_status"]["eu-south-2"] == "DISABLED"
    assert org["trusted_services"] == ["sso.amazonaws.com"]
    policies = by_kind(document, "policy")
    assert [p["name"] for p in policies] == ["FullAWSAccess"]
    assert policies[0]["content"]["Statement"][0]["Effect"] == "Allow"
    kinds = {e["kind"] for e in document["edges"]}
    assert kinds == {"contains", "attached_to", "member_of", "assigned_to", "managed_by"}
    assert document["gaps"] == []


def test_calls_are_the_page_size_minimum(aws_env: Emulator) -> None:
    build_seed(aws_env)
    aws_env.clear_log()
    result, document = collect_now()
    sent = aws_env.operations()
    assert sent == result.attempts  # every request the emulator saw, counted by the hooks
    # One page per listing: nothing here exceeds a page, so each listing is one call.
    parents = 1 + len(by_kind(document, "ou"))
    groups = len(by_kind(document, "group"))
    assert sent["organizations:ListAccountsForParent"] == parents
    assert sent["organizations:ListOrganizationalUnitsForParent"] == parents
    assert sent["organizations:ListTagsForResource"] == len(by_kind(document, "account"))
    assert sent["identitystore:ListGroupMemberships"] == groups
    assert sent["sso:ListInstances"] == 1 + 4  # the caller, and each member account once
    assert sent["sso:ListApplicationAssignments"] == len(by_kind(document, "application"))
    assert sent["account:ListRegions"] == 1  # every Region fits one page of 50
    assert result.retries == 0


def test_many_pages_are_fetched_at_the_largest_size(aws_env: Emulator) -> None:
    build_seed(aws_env)
    from fixtures.aws_emulator.emulator import Application
    from fixtures.aws_emulator.seed_org import ORG_INSTANCE

    extra = 230  # sso-admin's ListApplications pages hold at most 100
    for n in range(extra):
        aws_env.idc.applications.append(
            Application(
                f"arn:aws:sso::444444444444:application/ssoins-72230seed0000001/apl-{n:016d}",
                ORG_INSTANCE,
                "444444444444",
                f"app-{n}",
                "us-east-1",
            )
        )
    aws_env.clear_log()
    _, document = collect_now()
    assert len(by_kind(document, "application")) == 5 + extra
    org_apps = 4 + extra  # the three profiles, internal-wiki and the extra ones
    assert aws_env.operations()["sso:ListApplications"] == math.ceil(org_apps / 100) + 1


def test_operations_match_the_shipped_iam_policies(aws_env: Emulator) -> None:
    """The policies list exactly what the collectors can call: statically declared per
    module, and seen on the wire in an emulated collection that exercises every path."""
    build_seed(aws_env)
    aws_env.clear_log()
    collect_now()
    declared = set(
        organizations.OPERATIONS
        + identity_center.OPERATIONS
        + identity_store.OPERATIONS
        + member_accounts.OPERATIONS
        + region_status.OPERATIONS
    )
    base, member = set(), set()
    for request in aws_env.requests:
        action = f"{request.service}:{request.operation}"
        (base if request.access_key == BASE_KEY else member).add(action)
    assert base - NO_PERMISSION_NEEDED == declared == set(collector_actions())
    assert member == set(member_actions())


def test_snapshot_holds_no_credentials(aws_env: Emulator) -> None:
    build_seed(aws_env)
    result, _ = collect_now()
    assert aws_env.issued_secrets  # member roles were assumed
    for secret in [BASE_KEY, BASE_SECRET, *aws_env.issued_secrets]:
        assert secret not in result.text


def test_redact_leaves_no_personal_data(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    build_seed(aws_env)
    output = tmp_path / "redacted.json"
    code, _, err = run_cli(
        capsys, "collect", "--output", str(output), "--member-role-name", ROLE, "--redact"
    )
    assert code == 0, err
    text = output.read_text().lower()
    people = [email for emails in PEOPLE.values() for email in emails]
    personal = people + [e.split("@")[0] for e in people] + ["aws+alpha-dev@example.com"]
    for value in personal:
        assert value.lower() not in text
    document = json.loads(text)
    users = by_kind(document, "user")
    assert users and all(u["user_name"].startswith(PREFIX) for u in users)
    # One person keeps one pseudonym across identity stores, so QC501 still finds them.
    findings = check_findings(capsys, output)
    assert sum(rule == "QC501" for rule, _ in findings) == 2


def test_iam_policy_command_prints_the_documents(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "iam-policy", "--member-role-name", "Auditor")
    statements = json.loads(out)["Statement"]
    assert code == 0
    assert {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Resource": "arn:aws:iam::*:role/Auditor",
        "Sid": "QcheckAssumeMemberRole",
    } in statements
    code, out, _ = run_cli(capsys, "iam-policy", "--member")
    actions = {a for s in json.loads(out)["Statement"] for a in s["Action"]}
    assert code == 0 and actions == set(member_actions())
    assert not any(
        a.split(":")[1].startswith(("Create", "Delete", "Put", "Update")) for a in actions
    )
