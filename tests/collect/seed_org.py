"""The seed scenario's organization, built in the emulator through the public AWS APIs.

The organization of the Q Developer profiles blog (fixtures/scenarios/seed): a management
account, the IdC delegated administrator in the Infrastructure OU, business units Alpha,
Bravo and Charlie; Alpha has profiles in us-east-1 and eu-central-1 on the organization
instance; Charlie runs its own account instance whose Blue group holds the same people as
the organization's Blue group. Setup uses its own clients (writes are its business); the
collector under test only reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import boto3

from tests.collect.emulator import Application, Emulator, Instance

MGMT, IDENTITY, ALPHA, BRAVO, CHARLIE = (
    "111111111111",
    "222222222222",
    "333333333333",
    "444444444444",
    "555555555555",
)
ROLE = "QcheckReadOnly"
ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-72230seed0000001"
CHARLIE_INSTANCE = "arn:aws:sso:::instance/ssoins-72230seed0000002"
ORG_STORE, CHARLIE_STORE = "d-9067a0b1c2", "d-9067d3e4f5"
ALPHA_US = f"arn:aws:sso::{ALPHA}:application/ssoins-72230seed0000001/apl-alphaus000001"
ALPHA_EU = f"arn:aws:sso::{ALPHA}:application/ssoins-72230seed0000001/apl-alphaeu000001"
BRAVO_APP = f"arn:aws:sso::{BRAVO}:application/ssoins-72230seed0000001/apl-bravo00000001"
CHARLIE_APP = f"arn:aws:sso::{CHARLIE}:application/ssoins-72230seed0000002/apl-charlie000001"
PEOPLE = {
    "Orange": ("alice@example.com", "arjun@example.com"),
    "Blue": ("bao@example.com", "bianca@example.com"),
    "Grey": ("grace@example.com", "gus@example.com"),
}


@dataclass
class Built:
    """Ids the emulator generated, for assertions."""

    users: dict[tuple[str, str], str] = field(default_factory=dict)  # (store, email) -> id
    groups: dict[tuple[str, str], str] = field(default_factory=dict)  # (store, name) -> id


def client(emulator: Emulator, service: str, account: str, region: str = "us-east-1") -> Any:
    """A setup client acting as `account` (the emulator reads 12-digit keys as accounts)."""
    return boto3.client(
        service,
        endpoint_url=emulator.url,
        region_name=region,
        aws_access_key_id=account,
        aws_secret_access_key="setup",
    )


@contextmanager
def account_ids(ids: Sequence[str]) -> Iterator[None]:
    """moto numbers new accounts at random; the scenario needs its own numbers."""
    queue = list(ids)
    with mock.patch("moto.organizations.utils.make_random_account_id", lambda: queue.pop(0)):
        yield


def build_tree(
    emulator: Emulator,
    units: Sequence[tuple[str, str, str, dict[str, str]]],
    role_in: Sequence[str] = (),
) -> dict[str, str]:
    """Organization with OUs under the root and one account per (ou, id, name, tags);
    returns OU name -> OU id. The member role exists in the accounts listed in role_in."""
    org = client(emulator, "organizations", MGMT)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ous: dict[str, str] = {}
    for ou_name, *_ in units:
        if ou_name and ou_name not in ous:
            ou = org.create_organizational_unit(ParentId=root, Name=ou_name)
            ous[ou_name] = ou["OrganizationalUnit"]["Id"]
    with account_ids([account for _, account, _, _ in units]):
        for ou_name, account, name, tags in units:
            org.create_account(
                AccountName=name,
                Email=f"aws+{name}@example.com",
                Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
            )
            if ou_name:
                org.move_account(
                    AccountId=account, SourceParentId=root, DestinationParentId=ous[ou_name]
                )
    trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}'
    for account in role_in:
        client(emulator, "iam", account).create_role(RoleName=ROLE, AssumeRolePolicyDocument=trust)
    return ous


def add_store(
    emulator: Emulator, built: Built, account: str, store: str, groups: dict[str, Sequence[str]]
) -> None:
    ids = client(emulator, "identitystore", account)
    for group, emails in groups.items():
        group_id = ids.create_group(IdentityStoreId=store, DisplayName=group)["GroupId"]
        built.groups[(store, group)] = group_id
        for email in emails:
            key = (store, email)
            if key not in built.users:
                name = email.split("@")[0]
                built.users[key] = ids.create_user(
                    IdentityStoreId=store,
                    UserName=email,
                    DisplayName=name.title(),
                    Name={"GivenName": name.title(), "FamilyName": "Example"},
                    Emails=[{"Value": email, "Type": "work", "Primary": True}],
                )["UserId"]
            ids.create_group_membership(
                IdentityStoreId=store, GroupId=group_id, MemberId={"UserId": built.users[key]}
            )


def build_seed(
    emulator: Emulator, role_in: Sequence[str] = (IDENTITY, ALPHA, BRAVO, CHARLIE)
) -> Built:
    build_tree(
        emulator,
        [
            ("Infrastructure", IDENTITY, "identity-admin", {"purpose": "iam-identity-center"}),
            ("Alpha", ALPHA, "alpha-dev", {"unit": "alpha"}),
            ("Bravo", BRAVO, "bravo-dev", {"unit": "bravo"}),
            ("Charlie", CHARLIE, "charlie-dev", {"unit": "charlie"}),
        ],
        role_in,
    )
    org = client(emulator, "organizations", MGMT)
    org.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
    org.register_delegated_administrator(AccountId=IDENTITY, ServicePrincipal="sso.amazonaws.com")

    built = Built()
    add_store(emulator, built, MGMT, ORG_STORE, dict(PEOPLE))
    add_store(emulator, built, CHARLIE, CHARLIE_STORE, {"Blue": PEOPLE["Blue"]})
    group = built.groups.__getitem__
    idc = emulator.idc
    idc.instances += [
        Instance(ORG_INSTANCE, MGMT, ORG_STORE, "us-east-1", visible_to=frozenset({IDENTITY})),
        Instance(CHARLIE_INSTANCE, CHARLIE, CHARLIE_STORE, "us-east-1"),
    ]
    idc.applications += [
        Application(ALPHA_US, ORG_INSTANCE, ALPHA, "alpha-us", "us-east-1"),
        Application(ALPHA_EU, ORG_INSTANCE, ALPHA, "alpha-eu", "eu-central-1"),
        Application(BRAVO_APP, ORG_INSTANCE, BRAVO, "bravo", "us-east-1"),
        Application(CHARLIE_APP, CHARLIE_INSTANCE, CHARLIE, "charlie", "us-east-1"),
    ]
    orange, blue, grey = (group((ORG_STORE, g)) for g in ("Orange", "Blue", "Grey"))
    assign = {
        ALPHA_US: [orange, blue],
        ALPHA_EU: [orange],
        BRAVO_APP: [blue, grey],
        CHARLIE_APP: [group((CHARLIE_STORE, "Blue"))],
    }
    for app in idc.applications:
        app.assignments = [("GROUP", g) for g in assign[app.arn]]
    return built
