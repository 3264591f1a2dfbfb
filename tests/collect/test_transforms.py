"""get_* against botocore's Stubber (responses validated against the service models, and
the exact request parameters checked), and the pure transforms and redaction."""

from __future__ import annotations

import io
from typing import Any

import botocore.session
from botocore.stub import Stubber

from qcheck.collect import identity_center, identity_store, organizations, q_business
from qcheck.collect.api import Api
from qcheck.collect.context import Context
from qcheck.collect.progress import Progress
from qcheck.collect.redact import pseudonym, redact_node
from qcheck.collect.session import CallStats
from qcheck.graph.kinds import Q_DEVELOPER_PROVIDER

STORE = "d-9067a0b1c2"
INSTANCE = "arn:aws:sso:::instance/ssoins-7223000000000001"
APP = "arn:aws:sso::333333333333:application/ssoins-7223000000000001/apl-0123456789abcdef"
USER_ID = "90670002-0000-0000-0000-000000000001"
GROUP_ID = "90670001-0000-0000-0000-000000000001"


def stubbed(service: str) -> tuple[Api, Stubber]:
    client = botocore.session.get_session().create_client(
        service,
        region_name="eu-central-1",
        aws_access_key_id="stub",
        aws_secret_access_key="stub",
    )
    signing = client.meta.service_model.signing_name
    return Api(client, signing, "111111111111", "eu-central-1", CallStats(), 0.0), Stubber(client)


def test_users_are_paged_at_100_and_keep_external_ids() -> None:
    api, stub = stubbed("identitystore")
    user = {
        "UserId": USER_ID,
        "UserArn": f"arn:aws:identitystore:::user/{USER_ID}",
        "Revision": "1",
        "IdentityStoreId": STORE,
        "UserName": "Bao@Example.com",
        "DisplayName": "Bao",
        "Emails": [{"Value": "Bao@Example.com", "Primary": True}],
        "ExternalIds": [{"Issuer": "https://idp.example.com", "Id": "usr-bao"}],
        "UserStatus": "DISABLED",
    }
    other_id = "90670002-0000-0000-0000-000000000002"
    other = {
        "UserId": other_id,
        "UserArn": f"arn:aws:identitystore:::user/{other_id}",
        "Revision": "3",
        "IdentityStoreId": STORE,
        "UserName": "gus",
    }
    stub.add_response(
        "list_users",
        {"Users": [user], "NextToken": "page-2"},
        {"IdentityStoreId": STORE, "MaxResults": 100},
    )
    stub.add_response(
        "list_users",
        {"Users": [other]},
        {"IdentityStoreId": STORE, "MaxResults": 100, "NextToken": "page-2"},
    )
    with stub:
        users = identity_store.get_users(api, STORE)
    stub.assert_no_pending_responses()
    nodes = [identity_store.transform_user(u, "aws") for u in users]
    assert nodes[0] == {
        "id": f"arn:aws:identitystore:::user/{USER_ID}",
        "kind": "user",
        "origin": "observed",
        "identity_store_id": STORE,
        "user_name": "Bao@Example.com",
        "display_name": "Bao",
        "emails": ["Bao@Example.com"],
        "external_ids": [{"issuer": "https://idp.example.com", "id": "usr-bao"}],
        "status": "DISABLED",
    }
    assert not {"emails", "external_ids", "status"} & set(nodes[1])


def test_group_memberships_become_member_of_edges() -> None:
    api, stub = stubbed("identitystore")
    stub.add_response(
        "list_group_memberships",
        {
            "GroupMemberships": [
                {
                    "IdentityStoreId": STORE,
                    "MembershipId": "90670009-0000-0000-0000-000000000001",
                    "MembershipArn": "arn:aws:identitystore:::membership/90670009-0000-0000-0000-000000000001",
                    "GroupId": GROUP_ID,
                    "MemberId": {"UserId": USER_ID},
                }
            ]
        },
        {"IdentityStoreId": STORE, "GroupId": GROUP_ID, "MaxResults": 100},
    )
    with stub:
        memberships = identity_store.get_memberships(api, STORE, GROUP_ID)
    fragment = identity_store.transform_memberships(GROUP_ID, memberships, "aws-us-gov")
    assert fragment.edges == (
        (
            f"arn:aws-us-gov:identitystore:::user/{USER_ID}",
            f"arn:aws-us-gov:identitystore:::group/{GROUP_ID}",
            "member_of",
        ),
    )


def test_instances_are_listed_in_all_regions_at_once() -> None:
    api, stub = stubbed("sso-admin")
    stub.add_response(
        "list_instances",
        {
            "Instances": [
                {
                    "InstanceArn": INSTANCE,
                    "IdentityStoreId": STORE,
                    "OwnerAccountId": "555555555555",
                    "Name": "charlie",
                    "Status": "ACTIVE",
                    "PrimaryRegion": "eu-central-1",
                    "Regions": [
                        {"RegionName": "eu-central-1", "Status": "ACTIVE", "IsPrimaryRegion": True},
                        {"RegionName": "eu-west-1", "Status": "ADDING", "IsPrimaryRegion": False},
                    ],
                }
            ]
        },
        {"RegionScope": "ALL_REGIONS", "MaxResults": 100},
    )
    with stub:
        (item,) = identity_center.get_instances(api, all_regions=True)
    home = identity_center.home_region(item, None)
    assert home == "eu-central-1"
    node = identity_center.transform_instance(item, "111111111111", home)
    assert node["instance_type"] == "account"
    assert node["home_region"] == "eu-central-1"
    assert node["regions"] == ["eu-central-1", "eu-west-1"]
    org = identity_center.transform_instance(
        {**item, "OwnerAccountId": "111111111111"}, "111111111111", "x"
    )
    assert org["instance_type"] == "organization"


def test_applications_assignments_and_where_they_were_created() -> None:
    api, stub = stubbed("sso-admin")
    app = {
        "ApplicationArn": APP,
        "ApplicationProviderArn": Q_DEVELOPER_PROVIDER,
        "Name": "alpha-eu",
        "ApplicationAccount": "333333333333",
        "InstanceArn": INSTANCE,
        "Status": "ENABLED",
    }
    stub.add_response(
        "list_applications", {"Applications": [app]}, {"InstanceArn": INSTANCE, "MaxResults": 100}
    )
    stub.add_response(
        "get_application_assignment_configuration",
        {"AssignmentRequired": False},
        {"ApplicationArn": APP},
    )
    stub.add_response(
        "list_application_assignments",
        {
            "ApplicationAssignments": [
                {"ApplicationArn": APP, "PrincipalId": GROUP_ID, "PrincipalType": "GROUP"},
                {"ApplicationArn": APP, "PrincipalId": USER_ID, "PrincipalType": "USER"},
            ]
        },
        {"ApplicationArn": APP, "MaxResults": 100},
    )
    with stub:
        (item,) = identity_center.get_applications(api, INSTANCE)
        required = identity_center.get_assignment_required(api, APP)
        assignments = identity_center.get_assignments(api, APP)
    providers = {Q_DEVELOPER_PROVIDER: "Amazon Q Developer"}
    # No CreatedFrom: it stays absent, nothing stands in for it.
    fragment = identity_center.transform_application(item, INSTANCE, required, providers)
    (node,) = fragment.nodes
    assert "created_from" not in node and "region" not in node
    assert node["assignment_required"] is False
    assert node["provider_name"] == "Amazon Q Developer"
    assert fragment.edges == ((APP, INSTANCE, "managed_by"),)
    created = identity_center.transform_application(
        {**item, "CreatedFrom": "eu-central-1"}, INSTANCE, True, {}
    )
    assert created.nodes[0]["created_from"] == "eu-central-1"
    assert "provider_name" not in created.nodes[0]
    edges = identity_center.transform_assignments(APP, assignments, "aws").edges
    assert edges == (
        (f"arn:aws:identitystore:::group/{GROUP_ID}", APP, "assigned_to"),
        (f"arn:aws:identitystore:::user/{USER_ID}", APP, "assigned_to"),
    )


def test_an_unlisted_q_developer_provider_is_a_gap() -> None:
    api, stub = stubbed("sso-admin")
    stub.add_response(
        "list_application_providers",
        {
            "ApplicationProviders": [
                {"ApplicationProviderArn": "arn:aws:sso::aws:applicationProvider/qbusiness"}
            ]
        },
        {"MaxResults": 100},
    )
    ctx: Any = Context(None, CallStats(), Progress(io.StringIO()), 1, 0.0)  # type: ignore[arg-type]
    with stub:
        found = identity_center.providers(ctx, api)
    assert found == {"arn:aws:sso::aws:applicationProvider/qbusiness": ""}
    assert [g.error_code for g in ctx.gaps] == ["QDeveloperProviderNotListed"]


def test_q_business_applications_are_paged_by_next_token_and_read_one_by_one() -> None:
    api, stub = stubbed("qbusiness")
    app_id = "a1b2c3d4-0000-4000-8000-00000000a001"
    summary = {"applicationId": app_id, "displayName": "assistant", "identityType": "AWS_IAM_IDC"}
    stub.add_response(
        "list_applications", {"applications": [], "nextToken": "t1"}, {"maxResults": 100}
    )
    stub.add_response(
        "list_applications", {"applications": [summary]}, {"maxResults": 100, "nextToken": "t1"}
    )
    stub.add_response(
        "get_application",
        {
            **summary,
            "status": "ACTIVE",
            "identityCenterApplicationArn": APP,
            "encryptionConfiguration": {"kmsKeyId": "secret-key-id"},
        },
        {"applicationId": app_id},
    )
    ctx = Context(None, CallStats(), Progress(io.StringIO()), 1, 0.0)  # type: ignore[arg-type]
    account = "arn:aws:organizations::111111111111:account/o-abc/111111111111"
    with stub:
        fragment = q_business.collect(ctx, [api], "111111111111", account)
    arn = f"arn:aws:qbusiness:eu-central-1:111111111111:application/{app_id}"
    (node,) = fragment.nodes
    assert node["id"] == arn and node["region"] == "eu-central-1"
    assert node["identity_center_application_arn"] == APP and node["customer_managed_key"]
    assert "secret-key-id" not in str(node) and ctx.gaps == []
    assert set(fragment.edges) == {(arn, account, "in_account"), (arn, APP, "signs_in_through")}


def test_q_business_application_without_details_is_kept_with_a_gap() -> None:
    api, stub = stubbed("qbusiness")
    app_id = "a1b2c3d4-0000-4000-8000-00000000a001"
    summary = {"applicationId": app_id, "identityType": "AWS_IAM_IDC"}
    stub.add_response("list_applications", {"applications": [summary]}, {"maxResults": 100})
    stub.add_client_error("get_application", "AccessDeniedException", http_status_code=403)
    ctx = Context(None, CallStats(), Progress(io.StringIO()), 1, 0.0)  # type: ignore[arg-type]
    with stub:
        fragment = q_business.collect(ctx, [api], "111111111111", None)
    (node,) = fragment.nodes
    assert node["details_read"] is False and "customer_managed_key" not in node
    assert [g.operation for g in ctx.gaps] == ["GetApplication"]
    assert ctx.gaps[0].resource == node["id"] and fragment.edges == ()


def test_scp_content_and_targets() -> None:
    summary = {
        "Id": "p-abcd1234",
        "Arn": "arn:aws:organizations::111111111111:policy/o-abcdefghij/service_control_policy/p-abcd1234",
        "Name": "DenyIdcAccountInstances",
        "Type": "SERVICE_CONTROL_POLICY",
        "AwsManaged": False,
    }
    policy = {
        "PolicySummary": summary,
        "Content": '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sso:CreateInstance","Resource":"*"}]}',
    }
    target = {
        "TargetId": "r-abcd",
        "Arn": "arn:aws:organizations::111111111111:root/o-abcdefghij/r-abcd",
        "Name": "Root",
        "Type": "ROOT",
    }
    fragment = organizations.transform_policy(summary, policy["Content"], [target["Arn"]])
    (node,) = fragment.nodes
    assert node["content"]["Statement"][0]["Action"] == "sso:CreateInstance"
    assert node["aws_managed"] is False
    assert fragment.edges == ((summary["Arn"], target["Arn"], "attached_to"),)
    broken = organizations.transform_policy(summary, "{not json", [])
    assert broken.nodes[0]["content"] == {"unparsed": "{not json"}


def test_redaction_is_stable_across_case_and_stores() -> None:
    user = {
        "id": "arn:aws:identitystore:::user/1",
        "kind": "user",
        "origin": "observed",
        "identity_store_id": STORE,
        "user_name": "Bao@Example.com",
        "display_name": "Bao Nguyen",
        "emails": ["bao@example.com"],
        "external_ids": [{"issuer": "https://idp.example.com", "id": "bao@example.com"}],
    }
    redacted = redact_node(user)
    assert redacted["user_name"] == redacted["emails"][0] == pseudonym("bao@example.com")
    assert redacted["external_ids"][0]["issuer"] == "https://idp.example.com"
    assert "bao" not in str(redacted).replace("arn:aws", "").lower().replace("redacted:", "")
    assert redact_node(user, salt="s")["user_name"] != redacted["user_name"]
    group = {"id": "g", "kind": "group", "display_name": "Blue"}
    assert redact_node(group) == group


def test_progress_is_quiet_off_a_terminal_unless_asked() -> None:
    quiet = io.StringIO()
    progress = Progress(quiet)
    progress.add_accounts(3)
    progress.account_done()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    progress = Progress(loud, force=True, counters=lambda: (12, 3))
    progress.add_accounts(3)
    assert (
        loud.getvalue()
        == "qcheck collect: accounts 0/3  regions 0/0  calls 12  retries 3  gaps 0\n"
    )
