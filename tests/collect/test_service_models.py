"""The collector against what botocore's service models allow, not only what the seed
organization happens to return: responses holding only the members each output shape
marks required, a botocore whose sso-admin model predates RegionScope, and the
ListApplications filter the API reference requires of member accounts."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError

from fixtures.aws_emulator.emulator import Emulator, matching
from fixtures.aws_emulator.seed_org import (
    ALPHA,
    ALPHA_EU,
    ALPHA_US,
    BRAVO,
    BRAVO_APP,
    CHARLIE_INSTANCE,
    IDENTITY,
    MGMT,
    OPEN_APP,
    ORG_INSTANCE,
    build_seed,
    client,
)
from qcheck.collect import identity_center
from qcheck.collect.context import Context
from qcheck.collect.gaps import MISSING_FIELD
from qcheck.collect.progress import Progress
from qcheck.collect.run import CollectOptions, collect
from qcheck.collect.session import CallStats, ClientFactory, Credentials
from qcheck.errors import InputError
from tests.collect.helpers import by_kind, collect_now

pytestmark = [pytest.mark.slow, pytest.mark.network]

# Every operation the collector calls, by signing name (see qcheck iam-policy).
OPERATIONS = [
    ("organizations", "DescribeOrganization"),
    ("organizations", "ListAWSServiceAccessForOrganization"),
    ("organizations", "ListRoots"),
    ("organizations", "ListOrganizationalUnitsForParent"),
    ("organizations", "ListAccountsForParent"),
    ("organizations", "ListTagsForResource"),
    ("organizations", "ListDelegatedAdministrators"),
    ("organizations", "ListDelegatedServicesForAccount"),
    ("organizations", "ListPolicies"),
    ("organizations", "DescribePolicy"),
    ("organizations", "ListTargetsForPolicy"),
    ("account", "ListRegions"),
    ("sso", "ListInstances"),
    ("sso", "ListApplicationProviders"),
    ("sso", "ListApplications"),
    ("sso", "GetApplicationAssignmentConfiguration"),
    ("sso", "ListApplicationAssignments"),
    ("identitystore", "ListUsers"),
    ("identitystore", "ListGroups"),
    ("identitystore", "ListGroupMemberships"),
    ("sts", "AssumeRole"),
]
# Operations whose required members hold all the collector reads: nothing is lost.
LOSSLESS = {
    ("organizations", "ListTagsForResource"),
    ("sso", "GetApplicationAssignmentConfiguration"),
    ("sso", "ListApplicationAssignments"),
    ("sso", "ListApplicationProviders"),  # display names are optional and kept optional
    ("identitystore", "ListGroups"),  # a group without DisplayName is named by its id
}


@pytest.mark.parametrize(("service", "operation"), OPERATIONS)
def test_required_members_only_still_give_a_snapshot(
    aws_env: Emulator, service: str, operation: str
) -> None:
    build_seed(aws_env)
    aws_env.minimal = matching(service, operation)
    _, document = collect_now()  # parsed and validated against the published schema
    lost = [g for g in document["gaps"] if g["operation"] == operation]
    if (service, operation) in LOSSLESS:
        assert lost == [], lost
    else:  # what the response left out is named, never read as "none"
        assert lost and {g["error_code"] for g in lost} == {MISSING_FIELD}, document["gaps"]


def test_required_members_only_everywhere_at_once(aws_env: Emulator) -> None:
    build_seed(aws_env)
    aws_env.minimal = lambda request: request.operation != "GetCallerIdentity"
    _, document = collect_now()
    assert document["gaps"] and by_kind(document, "account") == []
    assert by_kind(document, "idc_instance") == []  # InstanceMetadata has no required member


def test_caller_identity_without_account_is_one_line_error(aws_env: Emulator) -> None:
    build_seed(aws_env)
    aws_env.minimal = matching("sts", "GetCallerIdentity")
    with pytest.raises(InputError, match="GetCallerIdentity"):
        collect(CollectOptions())


def _model_without_region_scope(root: Path) -> None:
    """A copy of the installed sso-admin model whose ListInstancesRequest lacks
    RegionScope, as botocore releases before 1.43.119 ship it."""
    loader = botocore.session.get_session().get_component("data_loader")
    model = loader.load_service_model("sso-admin", "service-2")
    del model["shapes"]["ListInstancesRequest"]["members"]["RegionScope"]
    version = loader.determine_latest_version("sso-admin", "service-2")
    target = root / "sso-admin" / version
    target.mkdir(parents=True)
    (target / "service-2.json.gz").write_bytes(gzip.compress(json.dumps(model).encode()))


def test_a_botocore_without_region_scope_falls_back_per_region(
    aws_env: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    build_seed(aws_env)
    charlie = next(i for i in aws_env.idc.instances if i.arn == CHARLIE_INSTANCE)
    charlie.region = "eu-central-1"
    _model_without_region_scope(tmp_path / "models")
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "models"))
    aws_env.clear_log()
    _, document = collect_now(regions=("us-east-1", "eu-central-1"))
    listing = [r for r in aws_env.requests if r.operation == "ListInstances"]
    # botocore refused RegionScope before sending anything: one call per Region, for the
    # caller and the 4 members, and every instance is found.
    assert all("RegionScope" not in r.params for r in listing) and len(listing) == 5 * 2
    assert {n["id"] for n in by_kind(document, "idc_instance")} == {ORG_INSTANCE, CHARLIE_INSTANCE}
    assert document["gaps"] == []


def test_emulator_refuses_an_unfiltered_listing_by_a_member(aws_env: Emulator) -> None:
    build_seed(aws_env)
    sso = client(aws_env, "sso-admin", IDENTITY)
    with pytest.raises(ClientError, match="ValidationException"):
        sso.list_applications(InstanceArn=ORG_INSTANCE)
    listed = sso.list_applications(InstanceArn=ORG_INSTANCE, Filter={"ApplicationAccount": ALPHA})
    assert {a["ApplicationArn"] for a in listed["Applications"]} == {ALPHA_US, ALPHA_EU}
    owner = client(aws_env, "sso-admin", MGMT).list_applications(InstanceArn=ORG_INSTANCE)
    assert len(owner["Applications"]) == 4  # three profiles and internal-wiki


def test_delegated_administrator_lists_applications_per_account(aws_env: Emulator) -> None:
    """The organization instance read by a member account (here the IdC delegated
    administrator): one filtered listing per account of the organization."""
    build_seed(aws_env)
    ctx = Context(
        ClientFactory(boto3.Session(), 4, 2), CallStats(), Progress(io.StringIO()), 4, 0.5
    )
    credentials = Credentials(IDENTITY, "delegated-admin", "")
    api = ctx.api("sso-admin", "us-east-1", IDENTITY, credentials)
    instance = {"id": ORG_INSTANCE, "home_region": "us-east-1"}
    aws_env.clear_log()
    fragment = identity_center.collect_instance(ctx, api, instance, {}, [MGMT, ALPHA, BRAVO])
    listings = [r for r in aws_env.requests if r.operation == "ListApplications"]
    assert sorted(r.params["Filter"]["ApplicationAccount"] for r in listings) == [
        MGMT,
        ALPHA,
        BRAVO,
    ]
    apps = {n["id"] for n in fragment.nodes}
    assert apps == {ALPHA_US, ALPHA_EU, BRAVO_APP, OPEN_APP} and ctx.gaps == []


def test_delegated_administrator_without_the_account_list_has_a_gap(
    aws_env: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """moto serves the organization's tree to the management account only, so the
    delegated administrator here cannot list the accounts: their applications are
    unknown, and a gap says so."""
    build_seed(aws_env)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", IDENTITY)  # the emulator's key for that account
    aws_env.clear_log()
    _, document = collect_now()
    listings = [r for r in aws_env.requests if r.operation == "ListApplications"]
    org_listings = [r for r in listings if r.params["InstanceArn"] == ORG_INSTANCE]
    assert org_listings and all(r.params.get("Filter") for r in org_listings)
    gaps = {g["id"]: g for g in document["gaps"]}
    gap = gaps[f"gap:sso:ListApplications:{IDENTITY}:us-east-1:{ORG_INSTANCE}"]
    assert gap["error_code"] == "AccountListIncomplete"


def test_boto3_is_at_least_the_floor() -> None:
    """The installed botocore has what the collector reads (see pyproject.toml)."""
    model = boto3.session.Session().client("sso-admin", region_name="us-east-1").meta.service_model
    assert "RegionScope" in model.shape_for("ListInstancesRequest").members
    assert {"PrimaryRegion", "Regions"} <= set(model.shape_for("InstanceMetadata").members)
