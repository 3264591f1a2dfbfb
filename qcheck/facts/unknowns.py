"""Which facts a collection gap leaves unknown.

A gap names the operation that failed, its account and Region, and (last part of its id,
`gap:<service>:<Operation>:<account|organization>:<region|global>[:<resource>]`) the
resource it was about. Each failed operation makes some facts unknown; the table below is
the one docs/collect.md gives. Rules never judge an unknown fact: QC905 reports it with
the rules it kept from being judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# fact name -> operations whose failure makes it unknown
DELEGATED_ADMINS = "identity_center.delegated_admins"
DELEGATED_SERVICES = "account.delegated_admin_services"
SCPS = "account.scps"
TREE = "organization.tree"
INSTANCES = "identity_center.instances"
APPLICATIONS = "instance.applications"
ASSIGNMENTS = "application.assignments"
ASSIGNMENT_REQUIRED = "application.assignment_required"
IDENTITIES = "identity_store.memberships"
PROFILE_REGION = "application.region"
ORGANIZATION = "organization"
INSTANCE_TYPES = "instance.type"
OPT_IN_REGIONS = "instance.home_region_opt_in"
USER_STATUS = "user.status"

OPERATION_FACTS: dict[str, str] = {
    "DescribeOrganization": ORGANIZATION,
    "ListDelegatedAdministrators": DELEGATED_ADMINS,
    "ListDelegatedServicesForAccount": DELEGATED_SERVICES,
    "ListPolicies": SCPS,
    "DescribePolicy": SCPS,
    "ListTargetsForPolicy": SCPS,
    "ListPoliciesForTarget": SCPS,
    "ListRoots": TREE,
    "ListOrganizationalUnitsForParent": TREE,
    "ListAccountsForParent": TREE,
    "ListInstances": INSTANCES,
    "AssumeRole": INSTANCES,
    "MemberRoleNotGiven": INSTANCES,
    "ListApplications": APPLICATIONS,
    "ListApplicationAssignments": ASSIGNMENTS,
    "GetApplicationAssignmentConfiguration": ASSIGNMENT_REQUIRED,
    "ListUsers": IDENTITIES,
    "ListGroups": IDENTITIES,
    "ListGroupMemberships": IDENTITIES,
    "ListRegions": OPT_IN_REGIONS,
}


@dataclass(frozen=True)
class GapIndex:
    """Gaps by the fact they make unknown, then by the resource they were about."""

    by_fact: Mapping[str, Mapping[str, tuple[str, ...]]]  # fact -> resource -> gap ids

    def gaps(self, fact: str, resource: str | None = None) -> tuple[str, ...]:
        """Gap ids that make `fact` unknown, for one resource or (None) for any."""
        found = self.by_fact.get(fact, {})
        if resource is None:
            return tuple(sorted({g for ids in found.values() for g in ids}))
        return found.get(resource, ())

    def known(self, fact: str, resource: str | None = None) -> bool:
        return not self.gaps(fact, resource)


def index_gaps(gaps: Iterable[Mapping[str, Any]]) -> GapIndex:
    by_fact: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for gap in gaps:
        fact = OPERATION_FACTS.get(str(gap["operation"]))
        if fact is None:
            fact = OPERATION_FACTS.get(str(gap["error_code"]))
        if fact is not None:
            by_fact[fact][gap_resource(gap)].append(str(gap["id"]))
    return GapIndex(
        {
            fact: {resource: tuple(sorted(ids)) for resource, ids in resources.items()}
            for fact, resources in by_fact.items()
        }
    )


def gap_resource(gap: Mapping[str, Any]) -> str:
    """The resource a gap was about: the id's sixth part, else its account, else ""."""
    parts = str(gap["id"]).split(":", 5)
    if len(parts) == 6 and parts[0] == "gap":
        return parts[5]
    return str(gap.get("account_id") or "")
