"""Amazon Q Business applications of one account, Region by Region (qbusiness).

Q Business is a Regional service with no all-Regions listing: `ListApplications` answers
for the Region its endpoint serves, so an application's Region is the Region that listed
it. qcheck reads each collection Region (`--region`) in which botocore's endpoint data
knows the service (`Session.get_available_regions("qbusiness", partition)`), with the
account's own credentials: the caller's for its account, the member role's elsewhere.

Every field comes from botocore's qbusiness model (2023-11-27), where no response member
is required:
- `ListApplications` (GET /applications): `maxResults` 1..100, `nextToken`; the items
  (`applications`, shape `Application`) carry `applicationId`, `displayName`, `status`
  (`ApplicationStatus`), `identityType` (`IdentityType`).
- `GetApplication` (GET /applications/{applicationId}) adds `applicationArn`,
  `identityCenterApplicationArn` ("The Amazon Resource Name (ARN) of the AWS IAM Identity
  Center instance attached to your Amazon Q Business application": its pattern,
  `IdcApplicationArn`, is an IdC application ARN, `…:application/ssoins-…/apl-…`) and
  `encryptionConfiguration.kmsKeyId` (marked `sensitive` in the model: only whether a key
  is named is kept).
An application whose GetApplication fails keeps its summary, with `details_read: false`
and a gap; an item without `applicationId` is a gap of the listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment, observed
from qcheck.graph.kinds import EdgeKind, NodeKind

SERVICE = "qbusiness"  # the botocore service name, signing name and IAM prefix
OPERATIONS = ("qbusiness:ListApplications", "qbusiness:GetApplication")
Item = Mapping[str, Any]


def service_regions(session: Any, partition: str, regions: Iterable[str]) -> list[str]:
    """The collection Regions in which botocore's endpoint data has a qbusiness endpoint."""
    offered = set(session.get_available_regions(SERVICE, partition_name=partition))
    return [region for region in regions if region in offered]


def application_arn(partition: str, region: str, account_id: str, application_id: str) -> str:
    """The ARN form AWS documents for a Q Business application
    (`arn:aws:qbusiness:{{region}}:{{account_id}}:application/{{application_id}}`, Amazon Q
    Business user guide, anonymous-application-iam-policies), used when GetApplication did
    not return `applicationArn`."""
    return f"arn:{partition}:qbusiness:{region}:{account_id}:application/{application_id}"


# -- get_*: I/O only ------------------------------------------------------------------


def get_applications(api: Api) -> list[dict[str, Any]]:
    # Pagination members as qbusiness' paginators-1.json names them for ListApplications.
    return api.items("ListApplications", "applications", token="nextToken", limit="maxResults")


def get_application(api: Api, application_id: str) -> dict[str, Any]:
    return api.call("GetApplication", applicationId=application_id)


# -- transform_*: pure ----------------------------------------------------------------


def transform_application(
    summary: Item,
    details: Item | None,
    partition: str,
    region: str,
    account_id: str,
    account_arn: str | None,
) -> Fragment:
    """One node from the ListApplications summary and, when it was read, GetApplication's
    response (which wins where both carry a field). Edges: to the account, and to the IAM
    Identity Center application it signs users in through (dropped by `run.assemble` when
    that application is not in the snapshot; the node keeps its ARN)."""
    merged: dict[str, Any] = {**summary, **(details or {})}
    application_id = str(summary["applicationId"])
    arn = str(merged.get("applicationArn") or "") or application_arn(
        partition, region, account_id, application_id
    )
    idc_application = merged.get("identityCenterApplicationArn") or None
    encryption = merged.get("encryptionConfiguration")
    node = observed(
        arn,
        NodeKind.Q_BUSINESS_APPLICATION,
        application_id=application_id,
        name=merged.get("displayName"),
        account_id=account_id,
        region=region,
        status=merged.get("status"),
        identity_type=merged.get("identityType"),
        identity_center_application_arn=idc_application,
        customer_managed_key=None
        if details is None
        else bool(isinstance(encryption, Mapping) and encryption.get("kmsKeyId")),
        details_read=details is not None,
    )
    edges: list[tuple[str, str, EdgeKind]] = []
    if account_arn is not None:
        edges.append((arn, account_arn, EdgeKind.IN_ACCOUNT))
    if idc_application:
        edges.append((arn, str(idc_application), EdgeKind.SIGNS_IN_THROUGH))
    return Fragment((node,), tuple(edges))


# -- orchestration --------------------------------------------------------------------


def _check_complete(ctx: Context, api: Api, arn: str, summary: Item, details: Item | None) -> None:
    """A gap for what the rules need and no response carried: the identity type, and the
    IdC application of an application whose identity type is AWS_IAM_IDC (GetApplication
    documents identityCenterApplicationArn as the Identity Center attached to it)."""
    merged = {**summary, **(details or {})}
    operation = "GetApplication" if details is not None else "ListApplications"
    if not ctx.complete(api, operation, arn, merged, "identityType"):
        return
    if details is not None and merged["identityType"] == "AWS_IAM_IDC":
        ctx.complete(api, operation, arn, merged, "identityCenterApplicationArn")


def collect(
    ctx: Context, apis: Sequence[Api], account_id: str, account_arn: str | None
) -> Fragment:
    """Applications of one account in each Region of `apis` (one client per Region, bound
    to the account). A failed listing is a gap of that account and Region."""

    def application(api: Api, summary: Item) -> Fragment:
        app_id = str(summary["applicationId"])
        arn = application_arn(ctx.partition, str(api.region), account_id, app_id)
        details = ctx.guarded(
            lambda: get_application(api, app_id), None, account_id, api.region, arn
        )
        # A gap about the application names it as its node does (applicationArn if read).
        _check_complete(
            ctx, api, str((details or {}).get("applicationArn") or arn), summary, details
        )
        return transform_application(
            summary, details, ctx.partition, str(api.region), account_id, account_arn
        )

    def region(api: Api) -> Fragment:
        listed = ctx.guarded(lambda: get_applications(api), None, account_id, api.region)
        return Fragment.concat(
            application(api, summary)
            for summary in listed or []
            if ctx.complete(api, "ListApplications", None, summary, "applicationId")
        )

    return Fragment.concat(ctx.map(region, apis))
