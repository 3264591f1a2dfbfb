"""Collection benchmark: `python -m tests.collect.benchmark_collect [--accounts 1000]`.

Emulates a large organization (moto plus the sso-admin emulator, in a process of its own
so that the collector does not share its interpreter), injects latency into every request
and throttles each service and account above a request rate, as AWS does, then runs the collector with bounded concurrency and prints
wall time, API calls per operation against the page-size minimum, retries, and whether
anything was lost.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.collect.emulator import Application, Emulator, Instance, rate_limited
from tests.collect.seed_org import MGMT, client

ROLE = "OrganizationAccountAccessRole"  # moto creates it in every account it creates
PER_OU = 100
ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-7223000000000001"
ORG_STORE = "d-9067000001"


@dataclass
class Shape:
    """What was built, and the fewest calls that can read it."""

    accounts: int = 0
    ous: int = 0
    scps: int = 0
    instances: int = 0
    applications: int = 0
    users: int = 0
    groups: int = 0
    memberships: int = 0
    assignments: int = 0
    minimum: Counter[str] = field(default_factory=Counter)


def pages(count: int, size: int) -> int:
    return max(1, math.ceil(count / size))


def build(emu: Emulator, accounts: int, users: int, groups: int) -> Shape:
    shape = Shape()
    minimum = shape.minimum
    org = client(emu, "organizations", MGMT)
    org.create_organization(FeatureSet="ALL")
    org.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
    root = org.list_roots()["Roots"][0]["Id"]
    members: list[str] = []
    units = math.ceil((accounts - 1) / PER_OU)
    for unit in range(units):
        ou = org.create_organizational_unit(ParentId=root, Name=f"Unit-{unit:02d}")
        ou_id = ou["OrganizationalUnit"]["Id"]
        in_unit = min(PER_OU, accounts - 1 - unit * PER_OU)
        for n in range(in_unit):
            status = org.create_account(
                AccountName=f"unit{unit:02d}-dev{n:03d}",
                Email=f"aws+unit{unit:02d}-dev{n:03d}@example.com",
                Tags=[{"Key": "unit", "Value": f"{unit:02d}"}, {"Key": "env", "Value": "dev"}],
            )
            account = status["CreateAccountStatus"]["AccountId"]
            org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou_id)
            members.append(account)
        minimum["organizations:ListAccountsForParent"] += pages(in_unit, 20)
        minimum["organizations:ListOrganizationalUnitsForParent"] += 1
    minimum["organizations:ListAccountsForParent"] += 1  # the root holds the management account
    minimum["organizations:ListOrganizationalUnitsForParent"] += pages(units, 20)
    shape.accounts, shape.ous = accounts, units
    org.register_delegated_administrator(AccountId=members[0], ServicePrincipal="sso.amazonaws.com")
    for n in range(3):
        policy = org.create_policy(
            Name=f"guardrail-{n}",
            Description="benchmark",
            Type="SERVICE_CONTROL_POLICY",
            Content='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sso:CreateInstance","Resource":"*"}]}',
        )
        org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=root)
    shape.scps = 4  # and FullAWSAccess
    for key in (
        "organizations:DescribeOrganization",
        "organizations:ListRoots",
        "organizations:ListAWSServiceAccessForOrganization",
        "organizations:ListDelegatedAdministrators",
        "organizations:ListDelegatedServicesForAccount",
        "organizations:ListPolicies",
        "sso:ListApplicationProviders",
        "sts:GetCallerIdentity",
    ):
        minimum[key] = 1
    minimum["organizations:ListTagsForResource"] = accounts
    minimum["organizations:DescribePolicy"] = shape.scps
    minimum["organizations:ListTargetsForPolicy"] = shape.scps
    minimum["sts:AssumeRole"] = accounts - 1
    minimum["sso:ListInstances"] = accounts  # ALL_REGIONS: one call per account

    # The organization instance: one Q Developer profile per unit and Region, two groups
    # assigned to each, and an identity store with `users` people in `groups` groups.
    ids = client(emu, "identitystore", MGMT)
    group_ids = [
        ids.create_group(IdentityStoreId=ORG_STORE, DisplayName=f"team-{g:03d}")["GroupId"]
        for g in range(groups)
    ]
    members_of: Counter[str] = Counter()
    for u in range(users):
        user = ids.create_user(
            IdentityStoreId=ORG_STORE,
            UserName=f"dev{u:05d}@example.com",
            DisplayName=f"Dev {u}",
            Name={"GivenName": "Dev", "FamilyName": str(u)},
            Emails=[{"Value": f"dev{u:05d}@example.com", "Primary": True}],
        )["UserId"]
        for g in {0, 1 + u % (groups - 1)}:  # everyone is in team-000: a many-page group
            ids.create_group_membership(
                IdentityStoreId=ORG_STORE, GroupId=group_ids[g], MemberId={"UserId": user}
            )
            members_of[group_ids[g]] += 1
    shape.users, shape.groups = users, groups
    shape.memberships = sum(members_of.values())
    emu.idc.instances.append(
        Instance(ORG_INSTANCE, MGMT, ORG_STORE, "us-east-1", visible_to=frozenset({members[0]}))
    )
    org_apps = 0
    for n, account in enumerate(members[::5]):
        region = "us-east-1" if n % 2 == 0 else "eu-central-1"
        app = Application(
            f"arn:aws:sso::{account}:application/ssoins-7223000000000001/apl-{n:016d}",
            ORG_INSTANCE,
            account,
            f"profile-{n}",
            region,
        )
        app.assignments = [("GROUP", group_ids[n % groups]), ("GROUP", group_ids[(n + 1) % groups])]
        emu.idc.applications.append(app)
        org_apps += 1
    minimum["sso:ListApplications"] += pages(org_apps, 100)
    minimum["sso:GetApplicationAssignmentConfiguration"] += org_apps
    minimum["sso:ListApplicationAssignments"] += org_apps
    minimum["identitystore:ListUsers"] += pages(users, 100)
    minimum["identitystore:ListGroups"] += pages(groups, 100)
    minimum["identitystore:ListGroupMemberships"] += sum(
        pages(members_of[g], 100) for g in group_ids
    )

    # An account instance in every 50th member account, each with one profile.
    for n, account in enumerate(members[1::50]):
        arn = f"arn:aws:sso:::instance/ssoins-72239{n:011d}"
        store = f"d-90679{n:05d}"
        region = "eu-central-1" if n % 2 else "us-east-1"
        emu.idc.instances.append(Instance(arn, account, store, region))
        local = client(emu, "identitystore", account, region)
        group = local.create_group(IdentityStoreId=store, DisplayName="local")["GroupId"]
        for u in range(3):
            user = local.create_user(
                IdentityStoreId=store,
                UserName=f"dev{u:05d}@example.com",
                DisplayName=f"Dev {u}",
                Name={"GivenName": "Dev", "FamilyName": str(u)},
            )["UserId"]
            local.create_group_membership(
                IdentityStoreId=store, GroupId=group, MemberId={"UserId": user}
            )
        app = Application(
            f"arn:aws:sso::{account}:application/ssoins-72239{n:011d}/apl-{n:016d}",
            arn,
            account,
            f"local-{n}",
            region,
        )
        app.assignments = [("GROUP", group)]
        emu.idc.applications.append(app)
        shape.users += 3
        shape.groups += 1
        shape.memberships += 3
        for key in ("sso:ListApplications", "identitystore:ListUsers", "identitystore:ListGroups"):
            minimum[key] += 1
        minimum["identitystore:ListGroupMemberships"] += 1
        minimum["sso:GetApplicationAssignmentConfiguration"] += 1
        minimum["sso:ListApplicationAssignments"] += 1
    shape.instances = 1 + len(members[1::50])
    shape.applications = len(emu.idc.applications)
    shape.assignments = sum(len(a.assignments) for a in emu.idc.applications)
    return shape


def serve(conn: Any, accounts: int, users: int, groups: int, latency: float, rate: float) -> None:
    """The emulator's process: build, then serve with latency and throttling until told."""
    with Emulator(MGMT) as emu:
        started = time.monotonic()
        shape = build(emu, accounts, users, groups)
        emu.latency = latency
        emu.faults.append(rate_limited(rate, burst=rate))
        emu.clear_log()
        conn.send((emu.url, shape, time.monotonic() - started))
        conn.recv()
        conn.send(dict(emu.operations()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=40.0,
        help="requests per second each service allows each account before throttling",
    )
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve,
        args=(
            child,
            args.accounts,
            args.users,
            args.groups,
            args.latency_ms / 1000,
            args.rate_limit,
        ),
        daemon=True,
    )
    server.start()
    url, shape, setup_s = parent.recv()
    print(f"emulated organization built in {setup_s:.1f} s at {url}", file=sys.stderr)
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(
        AWS_ENDPOINT_URL=url,
        AWS_ACCESS_KEY_ID="AKIAQCHECKBENCHMARK1",
        AWS_SECRET_ACCESS_KEY="benchmark",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    import json

    from qcheck.collect.run import CollectOptions, collect

    result = collect(
        CollectOptions(member_role_name=ROLE, concurrency=args.concurrency, progress=True)
    )
    parent.send("done")
    sent: dict[str, int] = parent.recv()
    server.join(timeout=10)

    document = json.loads(result.text)
    kinds = Counter(n["kind"] for n in document["nodes"])
    edges = Counter(e["kind"] for e in document["edges"])
    complete = {
        "accounts": (kinds["account"], shape.accounts),
        "ous": (kinds["ou"], shape.ous),
        "scps": (kinds["policy"], shape.scps),
        "instances": (kinds["idc_instance"], shape.instances),
        "applications": (kinds["application"], shape.applications),
        "users": (kinds["user"], shape.users),
        "groups": (kinds["group"], shape.groups),
        "memberships": (edges["member_of"], shape.memberships),
        "assignments": (edges["assigned_to"], shape.assignments),
        "gaps": (len(document["gaps"]), 0),
    }
    print(
        f"\n{args.accounts} accounts, {args.latency_ms:.0f} ms per request, throttled above "
        f"{args.rate_limit:.0f} requests/s per service and account, "
        f"concurrency {args.concurrency}"
    )
    print(f"wall time: {result.seconds:.1f} s")
    print(
        f"API calls: {sum(result.calls.values())}, HTTP requests: {sum(sent.values())}, "
        f"retries: {result.retries}"
    )
    print(f"\n{'operation':<52} {'calls':>6} {'minimum':>8} {'requests':>9}")
    over = []
    for op in sorted(set(result.calls) | set(shape.minimum)):
        calls, least = result.calls.get(op, 0), shape.minimum.get(op, 0)
        print(f"{op:<52} {calls:>6} {least:>8} {sent.get(op, 0):>9}")
        if calls > least:
            over.append(op)
    print("\ncompleteness (collected / built):")
    for name, (got, want) in complete.items():
        print(f"  {name:<12} {got:>6} / {want:<6} {'ok' if got == want else 'LOST'}")
    lost = [name for name, (got, want) in complete.items() if got != want]
    print(f"\nnothing lost: {not lost}; calls within the page-size minimum: {not over}")
    return 0 if not lost and not over else 1


if __name__ == "__main__":
    sys.exit(main())
