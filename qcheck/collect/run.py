"""Orchestration: credentials check, Organizations, Identity Center with the caller's
credentials, member accounts through their role, then one deterministic snapshot."""

from __future__ import annotations

import datetime
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TextIO

from qcheck import __version__
from qcheck.collect import (
    identity_center,
    identity_store,
    member_accounts,
    organizations,
    q_business,
    region_status,
)
from qcheck.collect.api import Api
from qcheck.collect.clock import SYSTEM_CLOCK, Clock
from qcheck.collect.context import Context, EdgeTuple, Fragment, Node
from qcheck.collect.gaps import CallFailed, Gap
from qcheck.collect.progress import Progress
from qcheck.collect.redact import redact
from qcheck.collect.session import CallStats, ClientFactory, Credentials, open_session
from qcheck.errors import InputError
from qcheck.graph.kinds import NodeKind
from qcheck.graph.snapshot import parse_snapshot, render_snapshot

DEFAULT_REGION = "us-east-1"
# Accounts that cannot be entered, so are not asked for their account instances.
_INACTIVE = frozenset({"SUSPENDED", "CLOSED", "PENDING_CLOSURE"})


@dataclass(frozen=True)
class CollectOptions:
    profile: str | None = None
    regions: tuple[str, ...] = ()
    member_role_name: str | None = None
    concurrency: int = 4  # the measured best (README, "Collecting")
    redact: bool = False
    redact_salt: str = ""
    progress: bool = False
    throttle_deadline: float = 300.0  # seconds a throttled call keeps being retried
    max_attempts: int | None = None  # botocore attempts per call (default: config, else 5)
    clock: Clock = SYSTEM_CLOCK  # of retries, backoff, rate limiting (tests: a fake)


@dataclass(frozen=True)
class CollectResult:
    text: str  # the snapshot
    counts: Mapping[str, int]  # nodes per kind, plus edges and gaps
    calls: Mapping[str, int]  # API calls per service:Operation
    attempts: Mapping[str, int]  # HTTP attempts per service:Operation (retries included)
    retries: int
    seconds: float

    def summary(self, output: str) -> str:
        c = self.counts
        return (
            f"qcheck collect: wrote {output}: {c.get(NodeKind.ACCOUNT, 0)} accounts, "
            f"{c.get(NodeKind.IDC_INSTANCE, 0)} instances, "
            f"{c.get(NodeKind.APPLICATION, 0)} applications, "
            f"{c.get(NodeKind.USER, 0)} users, {c.get(NodeKind.GROUP, 0)} groups; "
            f"{sum(self.calls.values())} calls, {self.retries} retries, "
            f"{self.seconds:.1f} s; {c.get('gaps', 0)} gaps"
        )


def collect(options: CollectOptions, stderr: TextIO | None = None) -> CollectResult:
    started = time.monotonic()
    stats = CallStats()
    progress = Progress(
        stderr if stderr is not None else sys.stderr,
        force=options.progress,
        counters=lambda: (stats.total_calls, stats.retries),
    )
    session = open_session(options.profile, stats)
    home = options.regions[0] if options.regions else (session.region_name or DEFAULT_REGION)
    regions = tuple(dict.fromkeys(options.regions or (home,)))
    ctx = Context(
        ClientFactory(session, options.concurrency, options.max_attempts, options.clock),
        stats,
        progress,
        max(1, options.concurrency),
        options.throttle_deadline,
        options.clock,
    )

    sts = ctx.api("sts", home, None)
    try:
        identity = sts.call("GetCallerIdentity")
    except CallFailed as failure:
        raise InputError(f"cannot reach AWS STS in {home}: {failure.message}") from None
    if not identity.get("Account") or not identity.get("Arn"):  # both optional in the model
        raise InputError("AWS STS GetCallerIdentity did not say which account is calling")
    caller = str(identity["Account"])
    ctx.partition = str(identity["Arn"]).split(":")[1]
    sts = ctx.api("sts", home, caller)

    org = organizations.collect(ctx, home, caller)
    organization = with_region_status(org.fragment, region_status.collect(ctx, home, caller))
    account_arns = {str(p.item["Id"]): str(p.item["Arn"]) for p in org.placed}
    qbiz_regions = q_business.service_regions(session, ctx.partition, regions)

    def read_q_business(account: str, credentials: Credentials | None) -> Fragment:
        """The account's Q Business applications in each collection Region that has them."""
        apis = [ctx.api("qbusiness", r, account, credentials) for r in qbiz_regions]
        return q_business.collect(ctx, apis, account, account_arns.get(account))

    # The rest of Organizations (tags, delegated services, SCPs, opt-out policies) has rate
    # limits of its own: it runs beside the IAM Identity Center, Identity Store, STS and
    # Q Business calls below.
    with ThreadPoolExecutor(max_workers=1) as beside:
        details = beside.submit(organizations.collect_details, ctx, home, caller, org)
        parts = [
            organization,
            *identity_center_parts(ctx, options, org, sts, caller, regions, read_q_business),
        ]
        parts.insert(1, details.result())
    fragment = Fragment.concat(parts)

    progress.clear()
    nodes, edges = assemble(fragment.nodes, fragment.edges)
    if options.redact:
        nodes = redact(nodes, options.redact_salt)
    header = {
        "collected_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": f"qcheck collect {__version__}",
        "partition": ctx.partition,
    }
    gaps = unique_gaps(ctx.gaps)
    text = render_snapshot(header, nodes, edges, gaps)
    # Never hand over a snapshot that `qcheck check` would refuse.
    parse_snapshot(json.loads(text), text, "<collected snapshot>")

    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["kind"]] = counts.get(node["kind"], 0) + 1
    counts["edges"], counts["gaps"] = len(edges), len(gaps)
    return CollectResult(
        text=text,
        counts=counts,
        calls=dict(stats.calls),
        attempts=dict(stats.attempts),
        retries=stats.retries,
        seconds=time.monotonic() - started,
    )


def with_region_status(fragment: Fragment, statuses: Mapping[str, str] | None) -> Fragment:
    """The organization node carries the Regions' opt-in status (absent when not read)."""
    if statuses is None:
        return fragment
    nodes = tuple(
        {**node, "region_opt_status": dict(statuses)}
        if node["kind"] == NodeKind.ORGANIZATION
        else node
        for node in fragment.nodes
    )
    return Fragment(nodes, fragment.edges)


def identity_center_parts(
    ctx: Context,
    options: CollectOptions,
    org: organizations.OrganizationView,
    sts: Api,
    caller: str,
    regions: tuple[str, ...],
    read_q_business: Callable[[str, Credentials | None], Fragment],
) -> list[Fragment]:
    """IAM Identity Center instances with their applications, assignments, permission sets
    and identity stores, and each account's Amazon Q Business applications. Instances the
    caller owns are read at once; the others once the member accounts have said which of
    them they own (an account instance is read as its owner)."""
    base_apis = [ctx.api("sso-admin", region, caller) for region in regions]
    listed = identity_center.list_instances(ctx, base_apis)
    provider_names = identity_center.providers(ctx, base_apis[0])
    readers: dict[str, tuple[Node, str, Credentials | None]] = {}
    for item in listed:
        node = identity_center.transform_instance(item.item, org.management_account_id, item.home)
        readers[str(node["id"])] = (node, caller, None)

    def read(node: Node, account: str, credentials: Credentials | None) -> list[Fragment]:
        region = str(node["home_region"])
        sso = ctx.api("sso-admin", region, account, credentials)
        store = ctx.api("identitystore", region, account, credentials)
        with ThreadPoolExecutor(max_workers=1) as beside:  # two services: two rate limits
            store_id = str(node["identity_store_id"])
            users = beside.submit(identity_store.collect, ctx, store, store_id)
            apps = identity_center.collect_instance(
                ctx, sso, node, provider_names, application_accounts(ctx, org, node, account, sso)
            )
            permission_sets = identity_center.collect_permission_sets(ctx, sso, node)
            parts = [Fragment((node,)), apps, permission_sets, users.result()]
        ctx.progress.region_done()
        return parts

    found_elsewhere = [read_q_business(caller, None)]
    with ThreadPoolExecutor(max_workers=max(1, ctx.concurrency)) as pool:
        reading: dict[str, Future[list[Fragment]]] = {}

        def start(instance_id: str) -> None:
            ctx.progress.add_regions(1)
            reading[instance_id] = pool.submit(read, *readers[instance_id])

        for instance_id, (node, _, _) in readers.items():
            if node.get("owner_account_id") == caller:
                start(instance_id)
        members = [a for a, state in org.accounts if a != caller and state not in _INACTIVE]
        if options.member_role_name and members:
            ctx.progress.add_accounts(len(members))
            found = member_accounts.collect(
                ctx,
                sts,
                members,
                options.member_role_name,
                lambda account, creds: [ctx.api("sso-admin", r, account, creds) for r in regions],
                read_q_business,
            )
            for member in found:
                found_elsewhere.append(member.fragment)
                for item in member.owned:  # read an account instance as its owner
                    node = identity_center.transform_instance(
                        item.item, org.management_account_id, item.home
                    )
                    readers[str(node["id"])] = (node, member.account_id, member.credentials)
        elif members:
            ctx.record(
                Gap(
                    "sts",
                    "AssumeRole",
                    None,
                    None,
                    "MemberRoleNotGiven",
                    f"account instances of IAM Identity Center in {len(members)} member "
                    "accounts were not read: run qcheck collect with --member-role-name",
                )
            )
        for instance_id in readers:
            if instance_id not in reading:
                start(instance_id)
        instances = [part for instance_id in readers for part in reading[instance_id].result()]
        return found_elsewhere + instances


def application_accounts(
    ctx: Context, org: organizations.OrganizationView, instance: Node, reader: str, api: Any
) -> list[str] | None:
    """The accounts to filter ListApplications by, or None for one unfiltered listing.

    ListApplications API reference: "When listing applications for an organization instance
    in the management account, member accounts must use the applicationAccount parameter
    to filter the list to only applications created from that account." A member account
    (the IdC delegated administrator) reading the organization instance therefore lists
    each account of the organization with that filter. When the tree could not be read
    in full, applications of the accounts it missed are unknown: a gap says so."""
    if instance["instance_type"] != "organization" or reader == instance["owner_account_id"]:
        return None
    if not org.complete:
        ctx.record(
            Gap(
                "sso",
                "ListApplications",
                reader,
                api.region,
                "AccountListIncomplete",
                "a member account lists the applications of an organization instance one "
                "account at a time (ApplicationAccount filter); the organization's accounts "
                "were not all listed, so the applications of the missing ones are unknown",
                str(instance["id"]),
            )
        )
    return sorted({account for account, _ in org.accounts} | {str(instance["owner_account_id"])})


def assemble(
    nodes: Iterable[Node], edges: Iterable[EdgeTuple]
) -> tuple[list[Node], list[dict[str, str]]]:
    """One node per id (the last seen wins) and the unique edges whose ends are both known:
    an edge to a principal that could not be read is dropped (the gap says why). A target
    written `account:<id>` is the account with that id in the tree."""
    by_id: dict[str, Node] = {}
    for node in nodes:
        by_id[str(node["id"])] = node
    accounts = {
        f"account:{n['account_id']}": arn
        for arn, n in by_id.items()
        if n["kind"] == NodeKind.ACCOUNT
    }
    unique = sorted({(s, accounts.get(t, t), k) for s, t, k in edges})
    kept = [
        {"source": s, "target": t, "kind": k} for s, t, k in unique if s in by_id and t in by_id
    ]
    return list(by_id.values()), kept


def unique_gaps(gaps: Iterable[Gap]) -> list[dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for gap in gaps:
        by_id.setdefault(gap.id, gap.to_dict())
    return list(by_id.values())
