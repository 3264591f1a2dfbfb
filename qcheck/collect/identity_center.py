"""IAM Identity Center (sso-admin): instances, applications, assignments, providers, and
the permission sets of the organization instance with their policies and account
assignments.

Instances are listed with RegionScope=ALL_REGIONS, one call for every Region; if the
service rejects the parameter, or the installed botocore's model lacks it, one call per
Region given (`--region`). Every response member the sso-admin model does not mark
required is read as optional: an item without a field a node needs is a gap. Q Developer
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
from qcheck.graph.kinds import Q_DEVELOPER_PROVIDER, EdgeKind, NodeKind

# The reads made once per permission set (their gaps name the permission set).
PERMISSION_SET_OPERATIONS = (
    "DescribePermissionSet",
    "GetInlinePolicyForPermissionSet",
    "ListManagedPoliciesInPermissionSet",
    "ListCustomerManagedPolicyReferencesInPermissionSet",
    "GetPermissionsBoundaryForPermissionSet",
    "ListAccountsForProvisionedPermissionSet",
    "ListAccountAssignments",
)
OPERATIONS = (
    "sso:ListInstances",
    "sso:ListApplicationProviders",
    "sso:ListApplications",
    "sso:GetApplicationAssignmentConfiguration",
    "sso:ListApplicationAssignments",
    "sso:ListPermissionSets",
    *(f"sso:{operation}" for operation in PERMISSION_SET_OPERATIONS),
)
# Assumption: GetPermissionsBoundaryForPermissionSet answers ResourceNotFoundException for a
# permission set without a boundary (an error the model lists; the "no boundary" case is
# not documented). It is read as "no boundary" only for a permission set just listed.
_NO_BOUNDARY = "ResourceNotFoundException"
# How a service that predates RegionScope would refuse it (an assumption: the API reference
# lists ValidationException for ListInstances), and how botocore itself refuses a parameter
# its model lacks: a client-side ParamValidationError, before anything is sent.
_SCOPE_REJECTED = frozenset({"ValidationException", "InvalidParameterException"})
_CLIENT_REJECTED = "ParamValidationError"
Item = Mapping[str, Any]


# -- get_*: I/O only ------------------------------------------------------------------


def get_instances(api: Api, all_regions: bool) -> list[dict[str, Any]]:
    scope = {"RegionScope": "ALL_REGIONS"} if all_regions else {}
    return api.items("ListInstances", "Instances", **scope)


def get_application_providers(api: Api) -> list[dict[str, Any]]:
    return api.items("ListApplicationProviders", "ApplicationProviders")


def get_applications(
    api: Api, instance_arn: str, application_account: str | None = None
) -> list[dict[str, Any]]:
    """ListApplications API reference: "When listing applications for an organization
    instance in the management account, member accounts must use the applicationAccount
    parameter to filter the list to only applications created from that account. When
    listing applications for an account instance in the same member account, a filter is
    not required." `application_account` sets that filter."""
    extra: dict[str, Any] = {}
    if application_account is not None:
        extra["Filter"] = {"ApplicationAccount": application_account}
    return api.items("ListApplications", "Applications", InstanceArn=instance_arn, **extra)


def get_assignment_required(api: Api, application_arn: str) -> bool:
    # AssignmentRequired is required in GetApplicationAssignmentConfigurationResponse.
    response = api.call("GetApplicationAssignmentConfiguration", ApplicationArn=application_arn)
    return bool(response["AssignmentRequired"])


def get_assignments(api: Api, application_arn: str) -> list[dict[str, Any]]:
    return api.items(
        "ListApplicationAssignments", "ApplicationAssignments", ApplicationArn=application_arn
    )


def get_permission_sets(api: Api, instance_arn: str) -> list[str]:
    """PermissionSets: a list of permission set ARNs."""
    return [
        str(a) for a in api.items("ListPermissionSets", "PermissionSets", InstanceArn=instance_arn)
    ]


def get_permission_set(api: Api, instance_arn: str, arn: str) -> dict[str, Any]:
    found: dict[str, Any] = (
        api.call("DescribePermissionSet", InstanceArn=instance_arn, PermissionSetArn=arn).get(
            "PermissionSet"
        )
        or {}
    )
    return found


def get_inline_policy(api: Api, instance_arn: str, arn: str) -> str:
    """InlinePolicy is optional in the model, and "it is possible for an empty inline policy
    to be returned": both read as no inline policy."""
    response = api.call(
        "GetInlinePolicyForPermissionSet", InstanceArn=instance_arn, PermissionSetArn=arn
    )
    return str(response.get("InlinePolicy") or "")


def get_managed_policies(api: Api, instance_arn: str, arn: str) -> list[dict[str, Any]]:
    return _of_permission_set(
        api, "ListManagedPoliciesInPermissionSet", "AttachedManagedPolicies", instance_arn, arn
    )


def get_customer_managed_policies(api: Api, instance_arn: str, arn: str) -> list[dict[str, Any]]:
    operation = "ListCustomerManagedPolicyReferencesInPermissionSet"
    return _of_permission_set(api, operation, "CustomerManagedPolicyReferences", instance_arn, arn)


def _of_permission_set(
    api: Api, operation: str, key: str, instance_arn: str, arn: str
) -> list[dict[str, Any]]:
    return api.items(operation, key, InstanceArn=instance_arn, PermissionSetArn=arn)


def get_permissions_boundary(api: Api, instance_arn: str, arn: str) -> dict[str, Any]:
    try:
        response = api.call(
            "GetPermissionsBoundaryForPermissionSet", InstanceArn=instance_arn, PermissionSetArn=arn
        )
    except CallFailed as failure:
        if failure.code == _NO_BOUNDARY:
            return {}
        raise
    boundary: dict[str, Any] = response.get("PermissionsBoundary") or {}
    return boundary


def get_provisioned_accounts(api: Api, instance_arn: str, arn: str) -> list[str]:
    """Every account the permission set is provisioned to (no ProvisioningStatus filter)."""
    found = api.items(
        "ListAccountsForProvisionedPermissionSet",
        "AccountIds",
        InstanceArn=instance_arn,
        PermissionSetArn=arn,
    )
    return [str(a) for a in found]


def get_account_assignments(
    api: Api, instance_arn: str, arn: str, account_id: str
) -> list[dict[str, Any]]:
    return api.items(
        "ListAccountAssignments",
        "AccountAssignments",
        InstanceArn=instance_arn,
        AccountId=account_id,
        PermissionSetArn=arn,
    )


# -- transform_*: pure ----------------------------------------------------------------


def home_region(item: Item, listed_in: str | None) -> str | None:
    """PrimaryRegion ("the primary Region where the IAM Identity Center instance was
    originally enabled"), else the Region a CURRENT_REGION listing found it in; unknown
    for an ALL_REGIONS listing without PrimaryRegion."""
    primary = item.get("PrimaryRegion")
    return str(primary) if primary else listed_in


def transform_instance(item: Item, management_account_id: str | None, home: str) -> Node:
    """An organization instance is the one the management account owns. `Regions` lists
    every Region the instance is enabled in (ACTIVE, ADDING or REMOVING)."""
    regions = {str(r["RegionName"]) for r in item.get("Regions") or [] if r.get("RegionName")}
    owner = str(item["OwnerAccountId"])
    return observed(
        item["InstanceArn"],
        NodeKind.IDC_INSTANCE,
        name=item.get("Name"),
        instance_type="organization" if owner == management_account_id else "account",
        owner_account_id=owner,
        identity_store_id=item["IdentityStoreId"],
        status=item.get("Status"),
        home_region=home,
        regions=sorted(regions | {home}),
    )


def transform_providers(providers: Iterable[Item]) -> dict[str, str]:
    """Provider ARN (required in the model) -> display name (optional)."""
    return {
        str(p["ApplicationProviderArn"]): str((p.get("DisplayData") or {}).get("DisplayName") or "")
        for p in providers
    }


def transform_application(
    item: Item,
    instance_arn: str,
    assignment_required: bool | None,
    providers: Mapping[str, str],
) -> Fragment:
    """`created_from` is ListApplications' CreatedFrom as returned ("The Amazon Web Services
    Region where the application was created in IAM Identity Center"), absent when the
    response omits it. It is not the Region of a Q Developer profile, and nothing stands
    in for it: the ARN of an IdC application carries no Region."""
    provider = str(item["ApplicationProviderArn"])
    node = observed(
        item["ApplicationArn"],
        NodeKind.APPLICATION,
        name=item.get("Name"),
        provider_arn=provider,
        provider_name=providers.get(provider) or None,
        account_id=item["ApplicationAccount"],
        created_from=item.get("CreatedFrom"),
        status=item.get("Status"),
        assignment_required=assignment_required,
    )
    return Fragment((node,), ((item["ApplicationArn"], instance_arn, EdgeKind.MANAGED_BY),))


def transform_assignments(
    application_arn: str, assignments: Iterable[Item], partition: str
) -> Fragment:
    """PrincipalId and PrincipalType are required members of ApplicationAssignment."""
    edges = []
    for assignment in assignments:
        principal = str(assignment["PrincipalId"])
        kind = assignment["PrincipalType"]
        source = group_arn(partition, principal) if kind == "GROUP" else None
        source = user_arn(partition, principal) if kind == "USER" else source
        if source is not None:
            edges.append((source, application_arn, EdgeKind.ASSIGNED_TO))
    return Fragment((), tuple(edges))


def transform_permission_set(
    arn: str,
    instance_arn: str,
    details: Item | None,
    inline: str | None,
    managed: Sequence[Item] | None,
    customer: Sequence[Item] | None,
    boundary: Item | None,
    accounts: Sequence[str] | None,
    assignments: Sequence[Item] | None,
) -> Fragment:
    """A permission set; each part given as None could not be read and is left out of the
    node (the gap recorded for it says so). Assignments keep the account they are in."""
    from qcheck.collect.organizations import parse_content

    details = details or {}
    node = observed(
        arn,
        NodeKind.PERMISSION_SET,
        name=details.get("Name"),
        description=details.get("Description") or None,
        instance_arn=instance_arn,
        inline_policy=None if inline is None else (parse_content(inline) if inline else {}),
        managed_policies=None
        if managed is None
        else sorted(
            (
                {"arn": str(m["Arn"]), **({"name": str(m["Name"])} if m.get("Name") else {})}
                for m in managed
            ),
            key=lambda m: m["arn"],
        ),
        customer_managed_policies=None if customer is None else _references(customer),
        permissions_boundary=None if boundary is None else _boundary(boundary),
        assignments=None
        if assignments is None
        else sorted(
            (
                {
                    "account_id": str(a["AccountId"]),
                    "principal_type": str(a["PrincipalType"]),
                    "principal_id": str(a["PrincipalId"]),
                }
                for a in assignments
            ),
            key=lambda a: (a["account_id"], a["principal_type"], a["principal_id"]),
        ),
    )
    edges = [(arn, instance_arn, EdgeKind.MANAGED_BY)]
    for account in accounts or ():
        edges.append((arn, f"account:{account}", EdgeKind.PROVISIONED_TO))
    return Fragment((node,), tuple(edges))


def _references(items: Iterable[Item]) -> list[dict[str, str]]:
    """CustomerManagedPolicyReference: Name (required) and Path (optional)."""
    return sorted(
        (
            {"name": str(c["Name"]), **({"path": str(c["Path"])} if c.get("Path") else {})}
            for c in items
        ),
        key=lambda c: (c.get("path", ""), c["name"]),
    )


def _boundary(boundary: Item) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if boundary.get("ManagedPolicyArn"):
        found["managed_policy_arn"] = str(boundary["ManagedPolicyArn"])
    reference = boundary.get("CustomerManagedPolicyReference")
    if reference and reference.get("Name"):
        found["customer_managed_policy"] = _references([reference])[0]
    return found


# -- orchestration --------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """An instance as ListInstances returned it, with its home Region."""

    item: Item
    home: str


def _scope_rejected(failure: CallFailed) -> bool:
    if failure.code == _CLIENT_REJECTED:  # a botocore whose model predates RegionScope
        return "RegionScope" in failure.message
    return failure.code in _SCOPE_REJECTED


def _usable(ctx: Context, api: Api, items: Iterable[Item], listed_in: str | None) -> list[Listed]:
    """Instances with the fields a node needs; each one without is a gap of the listing."""
    found = []
    for item in items:
        resource = str(item.get("InstanceArn") or "") or None
        fields = ("InstanceArn", "OwnerAccountId", "IdentityStoreId")
        if not ctx.complete(api, "ListInstances", resource, item, *fields):
            continue
        home = home_region(item, listed_in)
        if home is None:
            ctx.complete(api, "ListInstances", resource, item, "PrimaryRegion")
            continue
        found.append(Listed(item, home))
    return found


def list_instances(ctx: Context, apis: Sequence[Api]) -> list[Listed]:
    """Instances visible to one account: ALL_REGIONS from the first Region's client, or
    one call per Region when RegionScope is refused, by the service or by the installed
    botocore's model (a gap per failed Region)."""
    first = apis[0]
    try:
        return _usable(ctx, first, get_instances(first, all_regions=True), None)
    except CallFailed as failure:
        if not _scope_rejected(failure):
            ctx.record(failure.gap(first.account_id, first.region))
            return []
    ctx.progress.add_regions(len(apis))

    def per_region(api: Api) -> list[Listed]:
        found = ctx.guarded(
            lambda: get_instances(api, all_regions=False), None, api.account_id, api.region
        )
        ctx.progress.region_done()
        return _usable(ctx, api, found or [], api.region)

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
    ctx: Context,
    api: Api,
    instance: Node,
    provider_names: Mapping[str, str],
    application_accounts: Sequence[str] | None = None,
) -> Fragment:
    """Applications, their assignment settings and assignments, in the instance's home
    Region (`api` is bound to it). With `application_accounts`, applications are listed
    once per account with the ApplicationAccount filter (a member account reading an
    organization instance, see `get_applications`)."""
    arn = str(instance["id"])

    def listing(account: str | None) -> list[dict[str, Any]]:
        found = ctx.guarded(
            lambda: get_applications(api, arn, account), None, api.account_id, api.region, arn
        )
        return found or []

    if application_accounts is None:
        apps = listing(None)
    else:
        apps = [app for found in ctx.map(listing, application_accounts) for app in found]
    fields = ("ApplicationArn", "ApplicationProviderArn", "ApplicationAccount")
    apps = [a for a in apps if ctx.complete(api, "ListApplications", arn, a, *fields)]

    def application(item: Item) -> Fragment:
        app_arn = str(item["ApplicationArn"])
        required = ctx.guarded(
            lambda: get_assignment_required(api, app_arn), None, api.account_id, api.region, app_arn
        )
        assignments = ctx.guarded(
            lambda: get_assignments(api, app_arn), None, api.account_id, api.region, app_arn
        )
        return transform_application(item, arn, required, provider_names) + transform_assignments(
            app_arn, assignments or [], ctx.partition
        )

    return Fragment.concat(ctx.map(application, apps))


def collect_permission_sets(ctx: Context, api: Api, instance: Node) -> Fragment:
    """The permission sets of an organization instance, read in its home Region.

    Account instances do not grant access to AWS accounts, so they have no permission
    sets (IAM Identity Center user guide, account-instances-identity-center). Each
    permission set: its description, inline policy, AWS managed policies, customer managed
    policy references and permissions boundary; the accounts it is provisioned to; and, per
    account, who is assigned it. Edges to accounts use `account:<id>` and are resolved
    against the tree by `run.assemble`."""
    if instance.get("instance_type") != "organization":
        return Fragment()
    instance_arn = str(instance["id"])

    def read(fn: Any, resource: str) -> Any:
        return ctx.guarded(fn, None, api.account_id, api.region, resource)

    arns = read(lambda: get_permission_sets(api, instance_arn), instance_arn)

    def policies(arn: str) -> tuple[Any, ...]:
        """Everything read once per permission set."""
        details = read(lambda: get_permission_set(api, instance_arn, arn), arn)
        inline = read(lambda: get_inline_policy(api, instance_arn, arn), arn)
        managed = read(lambda: get_managed_policies(api, instance_arn, arn), arn)
        if managed is not None:
            operation = "ListManagedPoliciesInPermissionSet"
            if not all(ctx.complete(api, operation, arn, m, "Arn") for m in managed):
                managed = None
        customer = read(lambda: get_customer_managed_policies(api, instance_arn, arn), arn)
        boundary = read(lambda: get_permissions_boundary(api, instance_arn, arn), arn)
        accounts = read(lambda: get_provisioned_accounts(api, instance_arn, arn), arn)
        return details, inline, managed, customer, boundary, accounts

    read_sets = ctx.map(policies, arns or [])
    # Then one ListAccountAssignments per (permission set, account), all in one bounded pool.
    pairs = [
        (arn, a) for arn, found in zip(arns or [], read_sets, strict=True) for a in found[5] or ()
    ]
    listed = ctx.map(
        lambda pair: read(
            lambda: get_account_assignments(api, instance_arn, pair[0], pair[1]), pair[0]
        ),
        pairs,
    )
    by_set: dict[str, list[Any]] = {}
    for (arn, _), found in zip(pairs, listed, strict=True):
        by_set.setdefault(arn, []).append(found)
    fields = ("AccountId", "PrincipalType", "PrincipalId")
    parts = []
    for arn, (details, inline, managed, customer, boundary, accounts) in zip(
        arns or [], read_sets, strict=True
    ):
        per_account = by_set.get(arn, [])
        assignments: list[Item] | None = None
        if accounts is not None and all(found is not None for found in per_account):
            assignments = [
                a
                for found in per_account
                for a in found or ()
                if ctx.complete(api, "ListAccountAssignments", arn, a, *fields)
            ]
        parts.append(
            transform_permission_set(
                arn,
                instance_arn,
                details,
                inline,
                managed,
                customer,
                boundary,
                accounts,
                assignments,
            )
        )
    return Fragment.concat(parts)
