"""Every failure ends in a named gap or a one-line error with exit code 2."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from fixtures.aws_emulator.emulator import Emulator, always, matching, throttle_first
from fixtures.aws_emulator.seed_org import (
    ALPHA,
    BRAVO,
    CHARLIE,
    CHARLIE_INSTANCE,
    CHARLIE_STORE,
    IDENTITY,
    MGMT,
    ROLE,
    add_governance,
    build_seed,
)
from qcheck.collect import identity_center
from tests.collect.helpers import (
    FakeClock,
    by_kind,
    check_findings,
    collect_now,
    gap_ids,
    run_cli,
)
from tests.harness import assert_one_line_error

pytestmark = [pytest.mark.slow, pytest.mark.network]


def test_denied_account_is_a_gap_that_check_reports(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    build_seed(aws_env)
    aws_env.faults.append(
        always("AccessDeniedException", matching("sso", "ListInstances", accounts=[BRAVO]))
    )
    output = tmp_path / "snapshot.json"
    code, _, err = run_cli(capsys, "collect", "--output", str(output), "--member-role-name", ROLE)
    assert code == 0, err
    assert err.rstrip().endswith("; 1 gaps")
    gap = f"gap:sso:ListInstances:{BRAVO}:us-east-1"
    findings = check_findings(capsys, output)
    assert ("QC901", gap) in findings


def test_missing_member_role_is_a_gap(aws_env: Emulator) -> None:
    build_seed(aws_env, role_in=(IDENTITY, ALPHA, BRAVO))  # Charlie has no role
    _, document = collect_now()
    assert gap_ids(document) == {f"gap:sts:AssumeRole:{CHARLIE}:global:{ROLE}"}
    gap = document["gaps"][0]
    assert gap["error_code"] == "AccessDenied" and "sts:AssumeRole" in gap["message"]
    # Charlie's account instance is then unknown, and nothing else is lost.
    assert CHARLIE_INSTANCE not in {n["id"] for n in by_kind(document, "idc_instance")}
    assert len(by_kind(document, "application")) == 6  # the organization instance's


def test_no_member_role_is_a_named_gap(aws_env: Emulator) -> None:
    build_seed(aws_env)
    _, document = collect_now(member_role_name=None)
    assert gap_ids(document) == {"gap:sts:AssumeRole:organization:global"}
    assert document["gaps"][0]["error_code"] == "MemberRoleNotGiven"


def test_throttled_region_is_retried_then_a_gap(aws_env: Emulator) -> None:
    build_seed(aws_env)
    charlie = next(i for i in aws_env.idc.instances if i.arn == CHARLIE_INSTANCE)
    charlie.region = "eu-central-1"
    aws_env.faults.append(always("ThrottlingException", matching(region="eu-central-1")))
    clock = FakeClock()
    result, document = collect_now(max_attempts=2, throttle_deadline=30, clock=clock)
    gaps = {g["id"]: g for g in document["gaps"]}
    listing = f"gap:sso:ListApplications:{CHARLIE}:eu-central-1:{CHARLIE_INSTANCE}"
    assert listing in gaps and gaps[listing]["error_code"] == "ThrottlingException"
    assert f"gap:identitystore:ListUsers:{CHARLIE}:eu-central-1:{CHARLIE_STORE}" in gaps
    # Retried by botocore (two attempts per call) and again by the deadline loop.
    assert result.attempts["sso:ListApplications"] > 2 * result.calls["sso:ListApplications"] - 2
    assert result.retries >= 3
    # botocore's backoff and our deadline loop slept on the clock, not in real time
    assert clock.now >= 30 and clock.slept
    # The rest of the organization is complete.
    assert len(by_kind(document, "application")) == 6


def test_throttling_that_clears_loses_nothing(aws_env: Emulator) -> None:
    build_seed(aws_env)
    _, calm = collect_now()
    # Spread over several clients: adaptive mode slows each throttled client down.
    throttled_services = ("sso", "identitystore")
    aws_env.faults.append(throttle_first(8, lambda r: r.service in throttled_services))
    clock = FakeClock()
    result, throttled = collect_now(max_attempts=3, throttle_deadline=30, clock=clock)
    assert result.retries == 8
    assert clock.slept  # botocore's backoff, on the clock
    assert throttled["gaps"] == []
    assert throttled["nodes"] == calm["nodes"] and throttled["edges"] == calm["edges"]


def test_region_scope_unsupported_falls_back_to_each_region(aws_env: Emulator) -> None:
    build_seed(aws_env)
    aws_env.idc.region_scope_supported = False
    charlie = next(i for i in aws_env.idc.instances if i.arn == CHARLIE_INSTANCE)
    charlie.region = "eu-central-1"
    aws_env.clear_log()
    _, document = collect_now(regions=("us-east-1", "eu-central-1"))
    assert CHARLIE_INSTANCE in {n["id"] for n in by_kind(document, "idc_instance")}
    listing = [r for r in aws_env.requests if r.operation == "ListInstances"]
    # A refused ALL_REGIONS call, then one call per Region, for the caller and 4 members.
    assert len(listing) == 5 * 3
    assert {r.region for r in listing if "RegionScope" not in r.params} == {
        "us-east-1",
        "eu-central-1",
    }


def test_denied_organization_is_a_gap_not_a_crash(aws_env: Emulator) -> None:
    build_seed(aws_env)
    aws_env.faults.append(always("AccessDeniedException", matching("organizations")))
    _, document = collect_now()
    assert f"gap:organizations:DescribeOrganization:{MGMT}:global" in gap_ids(document)
    assert by_kind(document, "organization") == []
    assert by_kind(document, "idc_instance")  # Identity Center is still read


def test_endpoint_down_is_one_line_exit_2(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{closed}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    run = run_cli(capsys, "collect", "--output", "unused.json")
    assert_one_line_error(run, "cannot reach AWS STS", f"127.0.0.1:{closed}")
    assert not Path("unused.json").exists()


def test_endpoint_down_for_organizations_only(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-service override (AWS_ENDPOINT_URL_ORGANIZATIONS) is honoured as well."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    run = run_cli(capsys, "collect", "--output", "unused.json")
    assert_one_line_error(run, "cannot reach AWS Organizations")


def test_identity_center_endpoint_down_is_a_gap(
    aws_env: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only IdC is unreachable: Organizations is still read, IdC becomes named gaps."""
    build_seed(aws_env)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO_ADMIN", "http://127.0.0.1:9")
    _, document = collect_now(max_attempts=1)
    codes = {g["id"]: g["error_code"] for g in document["gaps"]}
    assert codes[f"gap:sso:ListInstances:{MGMT}:us-east-1"] == "EndpointConnectionError"
    assert codes[f"gap:sso:ListInstances:{CHARLIE}:us-east-1"] == "EndpointConnectionError"
    assert len(by_kind(document, "account")) == 5 and by_kind(document, "idc_instance") == []


def test_expired_credentials_are_one_line_exit_2(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    aws_env.faults.append(always("ExpiredToken", matching("sts"), status=403))
    run = run_cli(capsys, "collect", "--output", "unused.json")
    assert_one_line_error(run, "credentials", "ExpiredToken")


def test_missing_credentials_are_one_line_exit_2(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    run = run_cli(capsys, "collect", "--output", "unused.json")
    assert_one_line_error(run, "credentials")
    assert aws_env.requests == []


def test_unknown_profile_is_one_line_exit_2(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "collect", "--output", "x.json", "--profile", "nope")
    assert_one_line_error(run, "nope")


# What each operation's gap names as its resource (docs/collect.md, "Gap ids").
RESOURCES = {
    ("organizations", "DescribeOrganization"): None,
    ("organizations", "ListAWSServiceAccessForOrganization"): None,
    ("organizations", "ListRoots"): None,
    ("organizations", "ListOrganizationalUnitsForParent"): r"(r|ou)-[0-9a-z-]+",
    ("organizations", "ListAccountsForParent"): r"(r|ou)-[0-9a-z-]+",
    ("organizations", "ListTagsForResource"): r"[0-9]{12}",
    ("organizations", "ListDelegatedAdministrators"): None,
    ("organizations", "ListDelegatedServicesForAccount"): IDENTITY,
    # SCPs' gaps name no type; AI services opt-out policies' gaps name theirs first.
    ("organizations", "ListPolicies"): r"(AISERVICES_OPT_OUT_POLICY)?",
    ("organizations", "DescribePolicy"): r"(AISERVICES_OPT_OUT_POLICY/)?p-[0-9a-zA-Z]+",
    ("organizations", "ListTargetsForPolicy"): r"(AISERVICES_OPT_OUT_POLICY/)?p-[0-9a-zA-Z]+",
    ("sso", "ListInstances"): None,
    ("sso", "ListApplicationProviders"): None,
    ("sso", "ListApplications"): r"arn:aws:sso:::instance/ssoins-[0-9a-z]+",
    ("sso", "GetApplicationAssignmentConfiguration"): r"arn:aws:sso::[0-9]{12}:application/.+",
    ("sso", "ListApplicationAssignments"): r"arn:aws:sso::[0-9]{12}:application/.+",
    ("sso", "ListPermissionSets"): r"arn:aws:sso:::instance/ssoins-[0-9a-z]+",
    **{
        ("sso", operation): r"arn:aws:sso:::permissionSet/ssoins-[0-9a-z]+/ps-[0-9a-z]+"
        for operation in identity_center.PERMISSION_SET_OPERATIONS
    },
    ("identitystore", "ListUsers"): r"d-[0-9a-f]+",
    ("identitystore", "ListGroups"): r"d-[0-9a-f]+",
    ("identitystore", "ListGroupMemberships"): r"[0-9a-f-]{36}",
    ("sts", "AssumeRole"): ROLE,
    ("qbusiness", "ListApplications"): None,  # the account and Region say it all
    ("qbusiness", "GetApplication"): r"arn:aws:qbusiness:[a-z0-9-]+:[0-9]{12}:application/.+",
}


@pytest.mark.parametrize(("service", "operation"), sorted(RESOURCES))
def test_every_denied_operation_is_a_gap_naming_its_resource(
    aws_env: Emulator, service: str, operation: str
) -> None:
    """Gaps never become facts: each denied call is a gap whose id names the service,
    operation, account, Region and (where the call was about one thing) the resource."""
    add_governance(aws_env, build_seed(aws_env))  # opt-out policies and permission sets too
    code = "AccessDenied" if service == "sts" else "AccessDeniedException"
    aws_env.faults.append(always(code, matching(service, operation)))
    _, document = collect_now()
    gaps = [g for g in document["gaps"] if g["operation"] == operation]
    assert gaps and all(g["error_code"] == code for g in gaps), document["gaps"]
    for gap in gaps:
        prefix, gap_service, gap_operation, account, region, *rest = gap["id"].split(":", 5)
        assert (prefix, gap_service, gap_operation) == ("gap", service, operation)
        assert account == (gap["account_id"] or "organization")
        assert region == (gap["region"] or "global")
        pattern = RESOURCES[(service, operation)]
        if pattern is None:
            assert rest == [], gap["id"]
        else:
            assert re.fullmatch(pattern, rest[0] if rest else ""), gap["id"]


def test_denied_q_business_reads_are_unknown_facts_not_passes(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Bravo's Q Business listing denied in us-east-1 and Alpha's GetApplication denied:
    QC606 cannot be judged for Bravo, and QC905 says which facts are unknown and why."""
    build_seed(aws_env)
    aws_env.faults += [
        always(
            "AccessDeniedException",
            matching("qbusiness", "ListApplications", "us-east-1", accounts=[BRAVO]),
        ),
        always("AccessDeniedException", matching("qbusiness", "GetApplication", accounts=[ALPHA])),
    ]
    output = tmp_path / "snapshot.json"
    code, _, err = run_cli(capsys, "collect", "--output", str(output), "--member-role-name", ROLE)
    assert code == 0, err
    findings = check_findings(capsys, output)
    assert not [f for f in findings if f[0] in ("QC606", "QC108")]
    unknown = {resource for rule, resource in findings if rule == "QC905"}
    assert any(r.startswith("unknown:account.q_business_applications:") for r in unknown)
    assert any(r.startswith("unknown:q_business_application.details:") for r in unknown)
    assert ("QC901", f"gap:qbusiness:ListApplications:{BRAVO}:us-east-1") in findings


def test_no_member_role_leaves_q_business_unknown(
    aws_env: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    build_seed(aws_env)
    output = tmp_path / "snapshot.json"
    assert run_cli(capsys, "collect", "--output", str(output)).code == 0
    config = tmp_path / "qcheck.yaml"  # no inventory: Charlie's instance was not read
    config.write_text("version: 1\n")
    findings = check_findings(capsys, output, config)
    assert any(
        rule == "QC905" and resource.startswith("unknown:account.q_business_applications:")
        for rule, resource in findings
    )


def test_edges_to_unread_users_are_dropped_and_the_gap_says_why(aws_env: Emulator) -> None:
    """Group memberships name users; when ListUsers is denied those edges have no user to
    join, so they are left out, and the ListUsers gap says why."""
    build_seed(aws_env)
    aws_env.faults.append(always("AccessDeniedException", matching("identitystore", "ListUsers")))
    result, document = collect_now()
    assert by_kind(document, "user") == [] and by_kind(document, "group")
    assert not [e for e in document["edges"] if e["kind"] == "member_of"]
    assert any(g["operation"] == "ListUsers" for g in document["gaps"])
    assert result.summary("out.json").endswith("gaps")
