"""IAM Identity Center (sso-admin): instances, applications, assignments, providers.

Instances are listed with RegionScope=ALL_REGIONS, one call for every Region; if the
service rejects the parameter, one call per Region given (`--region`). Q Developer
profiles are the applications whose provider is Q_DEVELOPER_PROVIDER, confirmed against
ListApplicationProviders; Q Business, Kiro and every other application are kept too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment, Node, observed
from qcheck.collect.gaps import CallFailed, Gap
from qcheck.collect.identity_store import group_arn, user_arn
from qcheck.graph.kinds import Q_DEVELOPER_PROVIDER

OPERATIONS = (
    "sso:ListInstances",
    "sso:ListApplicationProviders",
    "sso:ListApplications",
    "sso:GetApplicationAssignmentConfiguration",
    "sso:ListApplicationAssignments",
)
# How a service that predates RegionScope would refuse it.
_SCOPE_REJECTED = frozenset({"ValidationException", "InvalidParameterException"})
Item = Mapping[str, Any]


# -- get_*: I/O only ------------------------------------------------------------------


def get_instances(api: Api, all_regions: bool) -> list[dict[str, Any]]:
    scope = {"RegionScope": "ALL_REGIONS"} if all_regions else {}
    return api.items("ListInstances", "Instances", **scope)


def get_application_providers(api: Api) -> list[dict[str, Any]]:
    return api.items("ListApplicationProviders", "ApplicationProviders")


def get_applications(api: Api, instance_arn: str) -> list[dict[str, Any]]:
    return api.items("ListApplications", "Applications", InstanceArn=instance_arn)


def get_assignment_required(api: Api, application_arn: str) -> bool:
    response = api.call("GetApplicationAssignmentConfiguration", ApplicationArn=application_arn)
    return bool(response["AssignmentRequired"])


def get_assignments(api: Api, application_arn: str) -> list[dict[str, Any]]:
    return api.items(
        "ListApplicationAssignments", "ApplicationAssignments", ApplicationArn=application_arn
    )


# -- transform_*: pure ----------------------------------------------------------------


def transform_instance(item: Item, management_account_id: str | None, listed_in: str) -> Node:
    """An organization instance is the one the management account owns."""
    home = str(item.get("PrimaryRegion") or listed_in)
    regions = sorted({str(r["RegionName"]) for r in item.get("Regions") or []} | {home})
    owner = str(item["OwnerAccountId"])
    return observed(
        item["InstanceArn"],
        "idc_instance",
        name=item.get("Name"),
        instance_type="organization" if owner == management_account_id else "account",
        owner_account_id=owner,
        identity_store_id=item["IdentityStoreId"],
        status=item.get("Status"),
        home_region=home,
        regions=regions,
    )


def transform_providers(providers: Iterable[Item]) -> dict[str, str]:
    """Provider ARN -> display name."""
    return {
        str(p["ApplicationProviderArn"]): str((p.get("DisplayData") or {}).get("DisplayName") or "")
        for p in providers
    }


def transform_application(
    item: Item,
    home_region: str,
    assignment_required: bool | None,
    providers: Mapping[str, str],
) -> Fragment:
    """The application's Region is where it was created (CreatedFrom), else its instance's
    home Region: the ARN of an IdC application carries no Region."""
    provider = str(item["ApplicationProviderArn"])
    node = observed(
        item["ApplicationArn"],
        "application",
        name=item.get("Name"),
        provider_arn=provider,
        provider_name=providers.get(provider) or None,
        account_id=item["ApplicationAccount"],
        region=item.get("CreatedFrom") or home_region,
        status=item.get("Status"),
        assignment_required=assignment_required,
    )
    return Fragment((node,), ((item["ApplicationArn"], item["InstanceArn"], "managed_by"),))


def transform_assignments(
    application_arn: str, assignments: Iterable[Item], partition: str
) -> Fragment:
    edges = []
    for assignment in assignments:
        principal = str(assignment["PrincipalId"])
        kind = assignment.get("PrincipalType")
        source = group_arn(partition, principal) if kind == "GROUP" else None
        source = user_arn(partition, principal) if kind == "USER" else source
        if source is not None:
            edges.append((source, application_arn, "assigned_to"))
    return Fragment((), tuple(edges))


# -- orchestration --------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """An instance as ListInstances returned it, and the Region of that call."""

    item: Item
    region: str


def list_instances(ctx: Context, apis: Sequence[Api]) -> list[Listed]:
    """Instances visible to one account: ALL_REGIONS from the first Region's client, or
    one call per Region when the service refuses RegionScope (a gap per failed Region)."""
    first = apis[0]
    try:
        return [Listed(i, str(first.region)) for i in get_instances(first, all_regions=True)]
    except CallFailed as failure:
        if failure.code not in _SCOPE_REJECTED:
            ctx.record(failure.gap(first.account_id, first.region))
            return []
    ctx.progress.add_regions(len(apis))

    def per_region(api: Api) -> list[Listed]:
        none: list[Listed] = []
        found = ctx.guarded(
            lambda: [Listed(i, str(api.region)) for i in get_instances(api, all_regions=False)],
            none,
            api.account_id,
            api.region,
        )
        ctx.progress.region_done()
        return found

    merged: dict[str, Listed] = {}
    for found in ctx.map(per_region, apis):
        for listed in found:
            merged.setdefault(str(listed.item["InstanceArn"]), listed)
    return list(merged.values())


def providers(ctx: Context, api: Api) -> dict[str, str]:
    listed = ctx.guarded(lambda: get_application_providers(api), None, api.account_id, api.region)
    if listed is None:
        return {}
    found = transform_providers(listed)
    if Q_DEVELOPER_PROVIDER not in found:
        ctx.record(
            Gap(
                "sso",
                "ListApplicationProviders",
                api.account_id,
                api.region,
                "QDeveloperProviderNotListed",
                f"{Q_DEVELOPER_PROVIDER} is not among the application providers: "
                "Q Developer profiles cannot be told apart from other applications",
            )
        )
    return found


def collect_instance(
    ctx: Context, api: Api, instance: Node, provider_names: Mapping[str, str]
) -> Fragment:
    """Applications, their assignment settings and assignments, in the instance's home
    Region (`api` is bound to it)."""
    arn = str(instance["id"])
    none: list[dict[str, Any]] = []
    apps = ctx.guarded(lambda: get_applications(api, arn), none, api.account_id, api.region, arn)

    def application(item: Item) -> Fragment:
        app_arn = str(item["ApplicationArn"])
        app_id = app_arn.rsplit("/", 1)[-1]
        required = ctx.guarded(
            lambda: get_assignment_required(api, app_arn), None, api.account_id, api.region, app_id
        )
        assignments = ctx.guarded(
            lambda: get_assignments(api, app_arn), none, api.account_id, api.region, app_id
        )
        return transform_application(
            item, str(instance["home_region"]), required, provider_names
        ) + transform_assignments(app_arn, assignments, ctx.partition)

    fragment = Fragment()
    for part in ctx.map(application, apps):
        fragment += part
    return fragment
