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
Q_BUSINESS = "account.q_business_applications"
Q_BUSINESS_DETAILS = "q_business_application.details"
AI_OPT_OUT = "account.ai_opt_out"
PERMISSION_SETS = "instance.permission_sets"
# Organizations gaps about AI services opt-out policies name the policy type first (see
# qcheck.collect.organizations); the same operations about SCPs make the SCPs unknown.
AI_OPT_OUT_RESOURCE = "AISERVICES_OPT_OUT_POLICY"

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
    # Operations another service also has are keyed "<service>:<Operation>" (looked up first).
    "qbusiness:ListApplications": Q_BUSINESS,
    "qbusiness:GetApplication": Q_BUSINESS_DETAILS,
    "ListPermissionSets": PERMISSION_SETS,
    "DescribePermissionSet": PERMISSION_SETS,
    "GetInlinePolicyForPermissionSet": PERMISSION_SETS,
    "ListManagedPoliciesInPermissionSet": PERMISSION_SETS,
    "ListCustomerManagedPolicyReferencesInPermissionSet": PERMISSION_SETS,
    "GetPermissionsBoundaryForPermissionSet": PERMISSION_SETS,
    "ListAccountsForProvisionedPermissionSet": PERMISSION_SETS,
    "ListAccountAssignments": PERMISSION_SETS,
}
# Operations whose failure makes further facts unknown: without the member role (not
# assumable, or not given: MemberRoleNotGiven is an AssumeRole gap), neither a member
# account's instances nor its Q Business applications were read.
ALSO_UNKNOWN: dict[str, tuple[str, ...]] = {"AssumeRole": (Q_BUSINESS,)}


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
        operation = str(gap["operation"])
        fact = OPERATION_FACTS.get(f"{gap.get('service')}:{operation}")
        if fact is None:
            fact = OPERATION_FACTS.get(operation)
        if fact == SCPS and gap_resource(gap).startswith(AI_OPT_OUT_RESOURCE):
            fact = AI_OPT_OUT
        if fact is None:
            fact = OPERATION_FACTS.get(str(gap["error_code"]))
        facts = [fact] if fact is not None else []
        for found in facts + [f for f in ALSO_UNKNOWN.get(operation, ()) if f != fact]:
            by_fact[found][gap_resource(gap)].append(str(gap["id"]))
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
