"""Synthetic organizations of any size, for the benchmark and for scale tests.

Deterministic for a given size and seed. The shape follows the Q Developer profiles blog:
business-unit OUs with residency zones, a delegated IdC admin in an Infrastructure OU,
Q Developer profiles in two regions assigned to groups, some account instances whose
users are also subscribed through the organization instance, declared customizations.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qcheck.graph.kinds import Q_DEVELOPER_PROVIDER
from qcheck.graph.snapshot import render_snapshot

REGIONS = ("us-east-1", "eu-central-1")


@dataclass(frozen=True)
class Size:
    accounts: int = 1_000
    users: int = 10_000
    groups: int = 500
    memberships: int = 50_000
    profiles: int = 20
    customizations: int = 100
    account_instances: int = 10

    @classmethod
    def scaled(cls, accounts: int) -> Size:
        """The benchmark's standard shape: 10 users and 50 memberships per account."""
        factor = accounts / 1_000
        return cls(
            accounts=accounts,
            users=int(10_000 * factor),
            groups=max(1, int(500 * factor)),
            memberships=int(50_000 * factor),
            profiles=max(2, int(20 * factor)),
            customizations=int(100 * factor),
            account_instances=max(1, int(10 * factor)),
        )


def account_id(index: int) -> str:
    return f"{100_000_000_000 + index:012d}"


def generate(size: Size, seed: int = 7) -> tuple[str, str]:
    """(snapshot text, qcheck.yaml text) for an organization of `size`."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    management = account_id(0)
    org_id = "o-synthetic001"

    def arn(suffix: str) -> str:
        return f"arn:aws:organizations::{management}:{suffix}"

    def node(node_id: str, kind: str, **attrs: Any) -> str:
        nodes.append({"id": node_id, "kind": kind, "origin": "observed", **attrs})
        return node_id

    def edge(source: str, target: str, kind: str) -> None:
        edges.append({"source": source, "target": target, "kind": kind})

    organization = node(
        arn(f"organization/{org_id}"),
        "organization",
        org_id=org_id,
        management_account_id=management,
        feature_set="ALL",
        trusted_services=["sso.amazonaws.com"],
    )
    root = node(arn(f"root/{org_id}/r-synt"), "root", name="Root", scp_enabled=True)
    edge(organization, root, "contains")
    infrastructure = node(arn(f"ou/{org_id}/ou-synt-infra"), "ou", name="Infrastructure")
    edge(root, infrastructure, "contains")

    units = max(2, size.accounts // 100)
    unit_ous = []
    for unit in range(units):
        unit_ou = node(arn(f"ou/{org_id}/ou-synt-u{unit:05d}"), "ou", name=f"Unit{unit:05d}")
        edge(root, unit_ou, "contains")
        for team in range(2):
            team_ou = node(arn(f"ou/{org_id}/ou-synt-u{unit:05d}t{team}"), "ou", name=f"Team{team}")
            edge(unit_ou, team_ou, "contains")
            unit_ous.append(team_ou)

    def account(index: int, parent: str, **attrs: Any) -> str:
        acct = node(
            arn(f"account/{org_id}/{account_id(index)}"),
            "account",
            account_id=account_id(index),
            name=f"account-{index}",
            status="ACTIVE",
            **attrs,
        )
        edge(parent, acct, "contains")
        accounts.append(acct)
        return acct

    accounts: list[str] = []
    account(0, root)
    account(1, infrastructure, delegated_admin_for=["sso.amazonaws.com"])
    for index in range(2, size.accounts):
        account(index, unit_ous[index % len(unit_ous)], tags={"unit": f"u{index % units}"})

    full = node(
        arn(f"policy/{org_id}/service_control_policy/p-FullAWSAccess"),
        "policy",
        name="FullAWSAccess",
        policy_type="SERVICE_CONTROL_POLICY",
        aws_managed=True,
        content={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        },
    )
    # While SCPs are enabled AWS keeps an SCP attached to every root, OU and account.
    for target in [root, infrastructure, *unit_ous, *accounts]:
        edge(full, target, "attached_to")
    deny = node(
        arn(f"policy/{org_id}/service_control_policy/p-denyacctinst"),
        "policy",
        name="DenyAccountInstances",
        policy_type="SERVICE_CONTROL_POLICY",
        aws_managed=False,
        content={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "sso:CreateInstance", "Resource": "*"}],
        },
    )
    for unit_ou in unit_ous[::2]:
        edge(deny, unit_ou, "attached_to")

    store = "d-synthetic00"
    org_instance = node(
        "arn:aws:sso:::instance/ssoins-synthetic0000000",
        "idc_instance",
        instance_type="organization",
        owner_account_id=management,
        identity_store_id=store,
        status="ACTIVE",
        home_region="us-east-1",
        regions=["us-east-1"],
    )

    profiles = []
    for index in range(size.profiles):
        owner = 2 + (index * 7919) % max(1, size.accounts - 2)
        region = REGIONS[index % 2]
        profile = node(
            f"arn:aws:sso::{account_id(owner)}:application/ssoins-synthetic0000000/apl-{index:012d}",
            "application",
            name=f"profile-{index}",
            provider_arn=Q_DEVELOPER_PROVIDER,
            account_id=account_id(owner),
            created_from=region,
            status="ENABLED",
            assignment_required=True,
        )
        edge(profile, org_instance, "managed_by")
        profiles.append((profile, owner, region))

    groups = [
        node(
            f"arn:aws:identitystore:::group/g-{index:08d}",
            "group",
            identity_store_id=store,
            display_name=f"group-{index}",
            external_ids=[{"issuer": "https://idp.example.com", "id": f"grp-{index}"}],
        )
        for index in range(size.groups)
    ]
    users = [
        node(
            f"arn:aws:identitystore:::user/u-{index:08d}",
            "user",
            identity_store_id=store,
            user_name=f"dev{index}@example.com",
            display_name=f"Developer {index}",
            emails=[f"dev{index}@example.com"],
            external_ids=[{"issuer": "https://idp.example.com", "id": f"usr-{index}"}],
        )
        for index in range(size.users)
    ]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(size.memberships, size.users * size.groups):
        pairs.add((rng.randrange(size.users), rng.randrange(size.groups)))
    for user, group in sorted(pairs):
        edge(users[user], groups[group], "member_of")
    for index, group in enumerate(groups):
        edge(group, profiles[index % len(profiles)][0], "assigned_to")

    for index in range(size.account_instances):
        owner = 2 + index * 13 % max(1, size.accounts - 2)
        instance_id = f"ssoins-synthacct{index:09d}"
        acct_store = f"d-synthacct{index:03d}"
        instance = node(
            f"arn:aws:sso:::instance/{instance_id}",
            "idc_instance",
            instance_type="account",
            owner_account_id=account_id(owner),
            identity_store_id=acct_store,
            status="ACTIVE",
            home_region="us-east-1",
            regions=["us-east-1"],
        )
        profile = node(
            f"arn:aws:sso::{account_id(owner)}:application/{instance_id}/apl-acct{index:08d}",
            "application",
            name=f"account-profile-{index}",
            provider_arn=Q_DEVELOPER_PROVIDER,
            account_id=account_id(owner),
            created_from="us-east-1",
            status="ENABLED",
            assignment_required=True,
        )
        edge(profile, instance, "managed_by")
        for offset in range(10):  # people who also have an organization-instance subscription
            person = (index * 10 + offset) % max(1, size.users)
            user = node(
                f"arn:aws:identitystore:::user/a{index:04d}-{offset:04d}",
                "user",
                identity_store_id=acct_store,
                user_name=f"dev{person}@example.com",
                emails=[f"dev{person}@example.com"],
            )
            edge(user, profile, "assigned_to")

    for index in range(size.customizations):
        profile, owner, region = profiles[index % len(profiles)]
        nodes.append(
            {
                "id": f"arn:aws:codewhisperer:{region}:{account_id(owner)}:customization/C{index:010d}",
                "kind": "customization",
                "origin": "declared",
                "name": f"custom-{index}",
                "account_id": account_id(owner),
                "region": region,
                "profile_arn": profile,
                "data_source": {"type": "s3", "region": region, "location": f"s3://code-{index}"},
            }
        )

    header = {
        "collected_at": "2026-11-20T09:00:00Z",
        "generator": "qcheck synthetic",
        "partition": "aws",
    }
    snapshot = render_snapshot(header, nodes, edges, [])
    return snapshot, _config(units, [(profile, region) for profile, _, region in profiles])


def _config(units: int, profiles: list[tuple[str, str]]) -> str:
    lines = [
        "version: 1",
        "residency:",
        "  zones:",
        "    US: [us-east-1]",
        "    EU: [eu-central-1]",
        "  placements:",
        "    - ou: Root/Infrastructure",
        "      zones: [US]",
    ]
    for unit in range(units):
        zones = "[US, EU]" if unit % 3 else "[US]"
        lines += [f"    - ou: Root/Unit{unit:05d}", f"      zones: {zones}"]
    lines += [
        "identity_center:",
        '  delegated_admin_account: "100000000001"',
        "  delegated_admin_ous: [Root/Infrastructure]",
        "inventory:",
        "  profiles:",
    ]
    for profile, region in profiles:
        lines += [f"    - application: {profile}", f"      region: {region}"]
    return "\n".join(lines) + "\n"


def sizes(up_to: int) -> Iterator[Size]:
    accounts = 100
    while accounts <= up_to:
        yield Size.scaled(accounts)
        accounts *= 10
