"""The policy input as typed, frozen values.

`qcheck.facts.document.to_document` turns a `PolicyInput` into the JSON document every
policy receives; `qcheck/schemas/input-v2.json` publishes its shape and docs/input.md is
generated from that schema. Field comments here are the schema's descriptions.

Every fact that depends on a collection step says whether it is known: a failed step makes
its dependants unknown, and `unknowns` says which, for which resource and because of
which gap. Rules never read an unknown fact as "none".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

INPUT_VERSION = 2


class AppKind(enum.StrEnum):
    """What an IAM Identity Center application is, from its provider ARN."""

    Q_DEVELOPER = "q_developer"
    Q_BUSINESS = "q_business"
    KIRO = "kiro"
    AWS_MANAGED = "aws_managed"  # another AWS managed application
    CUSTOMER_MANAGED = "customer_managed"  # a customer's own SAML or OAuth application


class Source(enum.StrEnum):
    """Where a fact came from."""

    OBSERVED = "observed"  # read from an AWS API
    DECLARED = "declared"  # stated in qcheck.yaml because no API exposes it


class ScpOutcome(enum.StrEnum):
    """Whether the organization's SCPs let an account call an action."""

    ALLOWED = "allowed"
    DENIED = "denied"
    DEPENDS_ON_PRINCIPAL = "depends_on_principal"  # a condition on the caller decides
    UNKNOWN = "unknown"  # an SCP could not be read


@dataclass(frozen=True)
class RunFact:
    """What was judged, and as of when."""

    input_version: int
    as_of: str  # ISO date the rules judge against
    snapshot: str  # path of the snapshot judged


@dataclass(frozen=True)
class OrganizationFact:
    """The organization (DescribeOrganization, ListAWSServiceAccessForOrganization)."""

    arn: str
    id: str
    management_account_id: str
    feature_set: str
    trusted_services: tuple[str, ...]


@dataclass(frozen=True)
class DelegatedAdminFact:
    """An account registered as IAM Identity Center delegated administrator: the fields of
    its entry in `accounts` that the delegated administrator rules judge."""

    id: str
    arn: str
    in_organization: bool  # placed in the organization tree
    ou_path: str  # names from the root joined by "/", "" when not in the tree
    ou_arns: tuple[str, ...]  # root and OUs from the root down to the parent


@dataclass(frozen=True)
class IdentityCenterFact:
    """Who administers IAM Identity Center, and what qcheck.yaml approves."""

    delegated_admins_known: bool  # false when ListDelegatedAdministrators failed
    delegated_admin_account_ids: tuple[str, ...]  # registered for sso.amazonaws.com
    delegated_admin_accounts: tuple[DelegatedAdminFact, ...]  # the same accounts, in id order
    approved_delegated_admin_account_id: str | None  # identity_center.delegated_admin_account
    approved_delegated_admin_ou_arns: tuple[str, ...]  # identity_center.delegated_admin_ous
    approved_delegated_admin_ou_paths: tuple[str, ...]  # the same OUs, as written
    approved_delegated_admin_ous_known: bool  # every approved OU found in the tree
    organization_instance_arns: tuple[str, ...]
    instances_known: bool  # false when an account's or Region's ListInstances failed


@dataclass(frozen=True)
class ScpDecisionFact:
    """The SCPs' answer for one action in one account (docs/scp.md)."""

    outcome: ScpOutcome
    reason: str  # one sentence: the deciding statement, level or condition
    policy_arns: tuple[str, ...]  # the SCPs that decided it


@dataclass(frozen=True)
class AccountFact:
    """A member or management account, with what it inherits from the tree."""

    arn: str
    id: str
    name: str
    status: str  # ACTIVE, SUSPENDED, CLOSED... as listed; "" when not returned
    active: bool  # ACTIVE, or no status returned
    in_organization: bool  # placed in the organization tree
    ou_path: str  # names from the root joined by "/" ("/" in a name written \/), for people
    ou_arns: tuple[str, ...]  # root and OUs from the root down to the parent: the identity
    is_management: bool
    delegated_admin_known: bool  # false when the delegated administrator lists failed
    is_idc_delegated_admin: bool
    delegated_admin_services: tuple[str, ...]  # every service principal it administers
    zones: tuple[str, ...]  # residency zones that apply, () when none
    allowed_regions: tuple[str, ...]  # union of those zones' Regions
    residency_source: str | None  # ARN of the OU, root or account whose placement applies
    scps_known: bool  # false when an SCP, its content or its targets could not be read
    scp_arns: tuple[str, ...]  # SCPs attached to it or any ancestor
    create_instance: ScpDecisionFact  # may this account call sso:CreateInstance?
    tags: dict[str, str]


@dataclass(frozen=True)
class JustificationFact:
    """Why an account instance exists (qcheck.yaml account_instances.justifications)."""

    reason: str
    owner: str
    reference: str
    expires: str


@dataclass(frozen=True)
class InstanceFact:
    """An IAM Identity Center instance."""

    arn: str
    name: str
    type: str  # organization | account | unknown (the organization could not be read)
    status: str
    owner_account_id: str
    owner_account_arn: str | None  # null when the owner is not in the snapshot
    owner_is_management: bool
    identity_store_id: str
    home_region: str
    regions: tuple[str, ...]  # home and replica Regions: each holds the identity data
    applications_known: bool  # false when ListApplications failed for this instance
    application_arns: tuple[str, ...]  # applications it serves (their instance_arn), sorted
    justification: JustificationFact | None
    users_known: bool  # its identity store's users, groups and memberships were read
    user_count: int | None  # users in its identity store; null when they could not be read
    users_with_external_ids: int | None  # of them, those carrying ExternalIds from an IdP
    # external_identity_provider | active_directory | identity_center_directory; null when
    # neither qcheck.yaml nor the users show it
    identity_source: str | None
    identity_source_basis: str | None  # declared (qcheck.yaml) | inferred (ExternalIds); null
    home_region_opt_in: bool | None  # its home Region is an opt-in Region; null when unknown


@dataclass(frozen=True)
class InAccount:
    """The account fields that applications and customizations carry (flat in the input)."""

    account_id: str
    account_arn: str | None
    account_name: str | None
    ou_path: str | None
    in_management_account: bool
    in_delegated_admin_account: bool
    zones: tuple[str, ...]
    allowed_regions: tuple[str, ...]
    residency_source: str | None


@dataclass(frozen=True)
class ApplicationFact(InAccount):
    """An IAM Identity Center application: a Q Developer profile or another application."""

    arn: str
    name: str
    origin: str
    kind: AppKind
    aws_managed: bool  # provided by AWS (not a customer's SAML or OAuth application)
    provider_arn: str
    created_from: str | None  # Region where the IdC application was created (not the profile's)
    region: str | None  # the profile's Region; null when unknown
    region_source: Source | None  # declared in qcheck.yaml or observed; null when unknown
    region_text: str  # the Region with its source, or why it is unknown, for messages
    status: str
    assignment_required: bool | None  # null when it could not be read
    assignments_known: bool  # false when its assignments could not be read
    instance_arn: str | None
    instance_type: str | None
    instance_home_region: str | None
    instance_regions: tuple[str, ...]  # every Region holding the instance's identity data
    # users who can reach it: its assigned users and assigned groups' members, or every user
    # of its instance when it does not require assignment; null when that is not known
    reachable_user_count: int | None


@dataclass(frozen=True)
class QBusinessApplicationFact(InAccount):
    """An Amazon Q Business application (qbusiness ListApplications / GetApplication)."""

    arn: str
    application_id: str
    name: str
    origin: str
    region: str  # the Region whose endpoint listed it: where the application lives
    status: str  # ApplicationStatus; "" when not returned
    identity_type: str | None  # IdentityType (AWS_IAM_IDC, AWS_IAM_IDP_SAML, ...); null: unknown
    uses_identity_center: bool | None  # identity_type is AWS_IAM_IDC; null when unknown
    details_known: bool  # false when GetApplication failed (IdC link and encryption unknown)
    identity_center_application_arn: str | None  # the IdC application it signs in through
    identity_center_application_found: bool  # that IdC application is in the snapshot
    instance_arn: str | None  # the IdC instance managing that application
    customer_managed_key: bool | None  # a KMS key is configured; null when not read


@dataclass(frozen=True)
class DataSourceFact:
    """Where a customization reads its code from (declared)."""

    type: str
    region: str | None
    location: str


@dataclass(frozen=True)
class GrantFact:
    """A user or group a customization is granted to (declared in qcheck.yaml)."""

    principal: str  # as written in qcheck.yaml
    principal_type: str  # user | group
    principal_arn: str | None  # null when no identity store of the snapshot holds it
    principal_name: str  # the group's display name or the user's user name
    identity_store_id: str | None
    instance_arn: str | None  # the instance whose identity store holds the principal
    same_instance: bool | None  # held by the profile's instance; null when either is unknown
    # users this grant reaches who are in none of the groups the business unit allows
    outside_user_arns: tuple[str, ...]
    people_known: bool  # a business unit with allowed groups is declared and memberships read


@dataclass(frozen=True)
class CustomizationFact(InAccount):
    """A Q Developer customization (declared: no public API lists them)."""

    arn: str
    name: str
    description: str  # declared, for people: "Alpha Customization in US East (N. Virginia)"
    origin: str
    region: str
    profile_arn: str
    profile_found: bool
    profile_region: str | None  # null when the profile or its Region is unknown
    profile_instance_arn: str | None  # the profile's IdC instance; null when unknown
    data_source: DataSourceFact
    business_unit: str | None  # whose code it was trained on (declared); null when not said
    allowed_groups: tuple[str, ...]  # group names that business unit allows, as declared
    access_declared: bool  # its grants are declared (an empty list grants nobody)
    grants: tuple[GrantFact, ...]


@dataclass(frozen=True)
class SubscriptionFact:
    """One proving path of a subscription: user, optional group, application, instance."""

    instance_arn: str
    instance_type: str
    user_arn: str
    group_arn: str | None  # set when assigned through a group
    application_arn: str


@dataclass(frozen=True)
class SubscriberFact:
    """One person subscribed to Q Developer, with one proving path per IdC instance.
    `subscribers` lists the people subscribed through two or more IdC instances (those a
    subscription can be charged twice for); when a loaded policy's METADATA sets
    `custom.all_subscribers: true`, it lists every subscribed person instead, one instance
    or more (matching every user of a large organization costs seconds, so it is done only
    when a policy asks for it)."""

    person: str  # the matched email, external id or user name, lower-cased
    matched_by: str  # external_id | email | user: the key that joined their users
    instances: tuple[str, ...]  # distinct IdC instances they are subscribed through
    subscriptions: tuple[SubscriptionFact, ...]


@dataclass(frozen=True)
class AssignmentPathFact:
    """How a user is assigned to an application: directly, or through one group."""

    application_arn: str
    application_kind: AppKind
    group_arn: str | None  # set when assigned through a group


@dataclass(frozen=True)
class DisabledUserFact:
    """An identity-store user whose UserStatus is DISABLED, and the applications still
    assigned to them. Users whose status was not read are not listed (unknown, not enabled)."""

    arn: str
    user_name: str
    identity_store_id: str
    instance_arn: str | None  # the instance whose identity store holds the user
    assignments: tuple[AssignmentPathFact, ...]  # one path per application, sorted


@dataclass(frozen=True)
class ScpFact:
    """A service control policy and where it is attached."""

    arn: str
    name: str
    content: dict[str, object]
    target_arns: tuple[str, ...]


@dataclass(frozen=True)
class OptOutServiceFact:
    """An account's effective AI services opt-out for one service name key."""

    service: str  # the opt-out policy's service name key (e.g. q)
    value: str | None  # optOut | optIn; null when no policy sets it (AWS may use content)
    set_by: str | None  # the key whose value applies: the service's own or default
    policy_arn: str | None  # the opt-out policy that assigned it


@dataclass(frozen=True)
class AccountOptOutFact:
    """Whether an account is opted out of content use by the assistants' services."""

    account_id: str
    account_arn: str
    account_name: str
    ou_path: str
    known: bool  # false when the policy type's status or an opt-out policy could not be read
    opted_out: bool | None  # opted out of every service in ai_opt_out.services; null if unknown
    services: tuple[OptOutServiceFact, ...]
    assistant_application_arns: tuple[str, ...]  # Q Developer and Q Business applications in it
    in_scope: bool  # judged under qcheck.yaml ai_opt_out.scope


@dataclass(frozen=True)
class OptOutOverrideFact:
    """An opt-out policy that opts out of a service but lets child policies assign another
    value (no @@operators_allowed_for_child_policies excluding @@assign)."""

    policy_arn: str
    policy_name: str
    service: str  # the service name key (or default) it opts out of
    child_operators: tuple[str, ...]  # value-setting operators child policies may still use
    target_arns: tuple[str, ...]


@dataclass(frozen=True)
class AiOptOutFact:
    """AI services opt-out policies (Organizations policy type AISERVICES_OPT_OUT_POLICY)."""

    judged: bool  # qcheck.yaml has an ai_opt_out section
    scope: str  # assistant_accounts | organization
    services: tuple[str, ...]  # service name keys that must be opted out
    policy_type_enabled: bool | None  # enabled in the root; null when not read
    accounts: tuple[AccountOptOutFact, ...]
    overridable: tuple[OptOutOverrideFact, ...]


@dataclass(frozen=True)
class PermissionSetAssignmentFact:
    """Who is assigned a permission set in one account (ListAccountAssignments)."""

    account_id: str
    account_arn: str | None
    principal_type: str  # USER | GROUP
    principal_arn: str
    principal_name: str  # group display name or user name; "" when not in the snapshot
    approved: bool  # an approved administrator group (identity_center.approved_admin_groups)


@dataclass(frozen=True)
class PermissionSetFact:
    """An IAM Identity Center permission set and what it lets its holders administer."""

    arn: str
    name: str
    instance_arn: str
    admin_actions: tuple[str, ...]  # administration actions of Q / Kiro / IdC it grants
    admin_known: bool  # false when a policy, boundary or the content of one is not known
    admin_reason: str  # what grants them, or why it is unknown
    documented_policies: tuple[str, ...]  # AWS managed policies judged from documented content
    provisioned_known: bool
    provisioned_account_ids: tuple[str, ...]
    provisioned_to_management: bool
    assignments_known: bool
    assignments: tuple[PermissionSetAssignmentFact, ...]


@dataclass(frozen=True)
class GapFact:
    """Something the collector could not read."""

    id: str
    service: str
    operation: str
    account_id: str | None
    region: str | None
    error_code: str
    message: str


@dataclass(frozen=True)
class UnknownFact:
    """A fact that could not be established, and the rules it keeps from being judged."""

    id: str  # "unknown:<fact>:<resource>"
    fact: str  # e.g. identity_center.delegated_admins, application.assignments
    resource: str  # the ARN (or gap id) whose fact is unknown
    gap_ids: tuple[str, ...]  # the collection gaps that caused it
    message: str  # what is unknown and why
    rules: tuple[str, ...]  # ids of the rules that depend on it and were not judged


@dataclass(frozen=True)
class ReferenceFact:
    """Reference data from qcheck.yaml and qcheck's defaults."""

    zones: dict[str, tuple[str, ...]]
    region_zones: dict[str, tuple[str, ...]]
    q_developer_regions: tuple[str, ...]
    opt_in_regions: tuple[str, ...]  # Regions ListRegions reports as opt-in (not default)
    opt_in_regions_known: bool  # false when the Regions' opt-in status was not read
    accepted_justification_reasons: tuple[str, ...]
    q_developer_pro_monthly_price: float
    currency: str
    price_source: str  # where the price comes from: qcheck.yaml or qcheck's default


@dataclass(frozen=True)
class PolicyInput:
    """The document every policy receives as `input`."""

    qcheck: RunFact
    organization: OrganizationFact | None  # null when the organization could not be read
    identity_center: IdentityCenterFact
    accounts: tuple[AccountFact, ...]
    instances: tuple[InstanceFact, ...]
    applications: tuple[ApplicationFact, ...]
    q_business_applications: tuple[QBusinessApplicationFact, ...]
    customizations: tuple[CustomizationFact, ...]
    subscribers: tuple[SubscriberFact, ...]  # through 2+ instances (all: see SubscriberFact)
    disabled_users: tuple[DisabledUserFact, ...]  # disabled users still assigned somewhere
    scps: tuple[ScpFact, ...]
    ai_opt_out: AiOptOutFact
    permission_sets: tuple[PermissionSetFact, ...]
    gaps: tuple[GapFact, ...]
    unknowns: tuple[UnknownFact, ...]
    reference: ReferenceFact
