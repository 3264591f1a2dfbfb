"""AWS Account Management: each Region's opt-in status, for the opt-in Region rule (QC107).

ListRegions "Lists all the Regions for a given account and their respective opt-in
statuses" (account service model); without AccountId it answers for the calling account,
which is all qcheck needs: whether a Region is opt-in (any status but ENABLED_BY_DEFAULT)
is the same for every account, since "Regions launched after March 20, 2019 are disabled by
default" (Account Management reference, manage-acct-regions). One paginated listing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context

OPERATIONS = ("account:ListRegions",)


def get_regions(api: Api) -> list[dict[str, Any]]:
    return api.items("ListRegions", "Regions")


def transform_regions(regions: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Region name -> RegionOptStatus, in name order."""
    return {str(r["RegionName"]): str(r["RegionOptStatus"]) for r in regions}


def collect(ctx: Context, region: str, caller_account: str) -> dict[str, str] | None:
    """The caller's Regions and their opt-in status; None (a gap recorded) when the call
    failed or an entry lacks either member (both optional in the model): the missing
    Region could be the one an instance lives in, so no status is kept."""
    api = ctx.api("account", region, caller_account)
    found: list[dict[str, Any]] | None = ctx.guarded(
        lambda: get_regions(api), None, caller_account, region
    )
    if found is None:
        return None
    if not all(
        ctx.complete(api, "ListRegions", None, r, "RegionName", "RegionOptStatus") for r in found
    ):
        return None
    return transform_regions(sorted(found, key=lambda r: str(r["RegionName"])))
