"""Derive the policy input from a snapshot and the config.

Graph work happens here, once, in Python: OU ancestry, inherited residency zones and
SCPs, the SCP decision on sso:CreateInstance per account, people matched across identity
stores, who is subscribed through which IAM Identity Center instance, and which facts
the collection gaps leave unknown. Policies then judge flat records and stay linear on
every Rego engine. The shape is qcheck.facts.model, published as a JSON Schema.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from qcheck.config.model import (
    ACCEPTED_JUSTIFICATION_REASONS,
    DEFAULT_MONTHLY_PRICE,
    Config,
    DeclaredCustomization,
    Justification,
    OuRef,
)
from qcheck.errors import InputError
from qcheck.facts import opt_out
from qcheck.facts import unknowns as U
from qcheck.facts.access import Access, declared_grants
from qcheck.facts.document import to_document
from qcheck.facts.model import (
    INPUT_VERSION,
    AccountFact,
    AccountOptOutFact,
    AiOptOutFact,
    AppKind,
    ApplicationFact,
    CustomizationFact,
    DataSourceFact,
    DelegatedAdminFact,
    GapFact,
    IdentityCenterFact,
    InAccount,
    InstanceFact,
    JustificationFact,
    OptOutOverrideFact,
    OptOutServiceFact,
    OrganizationFact,
    PermissionSetAssignmentFact,
    PermissionSetFact,
    PolicyInput,
    QBusinessApplicationFact,
    ReferenceFact,
    RunFact,
    ScpDecisionFact,
    ScpFact,
    ScpOutcome,
    Source,
    SubscriberFact,
    SubscriptionFact,
    UnknownFact,
)
from qcheck.facts.people import match_people, possibly_joined
from qcheck.facts.permission_sets import admin_grant
from qcheck.facts.tree import AmbiguousPath, OrgTree
from qcheck.graph import scp
from qcheck.graph.kinds import EdgeKind, NodeKind
from qcheck.graph.snapshot import Snapshot

IDC_SERVICE_PRINCIPAL = "sso.amazonaws.com"
CREATE_INSTANCE = "sso:CreateInstance"
Node = Mapping[str, Any]

# Application kinds by provider ARN. AWS managed applications have providers owned by
# "aws" (arn:aws:sso::aws:applicationProvider/<name>); a customer's own SAML 2.0 or OAuth
# application uses the "custom" providers (docs/aws-facts.md gives the sources).
_PROVIDER_KINDS = {
    "codewhisperer": AppKind.Q_DEVELOPER,
    "qdeveloper": AppKind.Q_DEVELOPER,
    "qbusiness": AppKind.Q_BUSINESS,
    "kiro": AppKind.KIRO,
}
_ALLOW_ALL = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
_CUSTOMER_PROVIDERS = frozenset({"custom", "custom-saml", "catalog"})
_AWS_PROVIDER = re.compile(r"^arn:aws[a-z-]*:sso::aws:applicationProvider/(?P<name>[^/]+)$")
_REGION_IN_NAME = re.compile(r"(?<![a-z])([a-z]{2}(?:-gov)?-[a-z]+-[0-9])(?![0-9])")


def application_kind(provider_arn: str) -> AppKind:
    match = _AWS_PROVIDER.match(provider_arn)
    if match is None:
        return AppKind.CUSTOMER_MANAGED
    name = match.group("name").lower()
    if name in _CUSTOMER_PROVIDERS:
        return AppKind.CUSTOMER_MANAGED
    return _PROVIDER_KINDS.get(name, AppKind.AWS_MANAGED)


@dataclass(frozen=True)
class ConfigRef:
    """An account, OU or application qcheck.yaml names, and whether this snapshot has it."""

    line: int
    text: str  # e.g. "OU Root/Alpha", "account 333333333333"
    found: bool
    checkable: bool  # false when the part of the snapshot it would be in is incomplete


@dataclass(frozen=True)
class Facts:
    """The policy input plus where declared resources live in the config file."""

    input: PolicyInput
    document: dict[str, Any]
    declared_lines: Mapping[str, int]  # resource id -> line in the config file
    declared_count: int
    observed_count: int
    # node id -> (config line, what is there): the placement that sets an OU's or account's
    # residency zones, the justification of an account instance, a declared profile Region
    config_lines: Mapping[str, tuple[int, str]]
    config_refs: tuple[ConfigRef, ...]


@dataclass(frozen=True)
class _Placement:
    zones: tuple[str, ...]
    node: str  # id of the OU, root or account whose placement applies
    line: int
    label: str


def derive_facts(
    snapshot: Snapshot,
    config: Config,
    as_of: str,
    dependents: Mapping[str, tuple[str, ...]] | None = None,
    all_subscribers: bool = False,
) -> Facts:
    """`dependents` maps a fact name (qcheck.facts.unknowns) to the ids of the rules that
    depend on it, from their METADATA `custom.depends_on`. `subscribers` lists the people
    subscribed through two or more IdC instances, or everyone subscribed with
    `all_subscribers` (a policy's METADATA `custom.all_subscribers: true`)."""
    derivation = _Derivation(snapshot, config, dependents or {}, all_subscribers)
    facts = derivation.run(as_of)
    declared_in_snapshot = sum(1 for n in snapshot.nodes.values() if n["origin"] == Source.DECLARED)
    return Facts(
        input=facts,
        document=to_document(facts),
        declared_lines=derivation.declared_lines,
        # declared nodes, declared customizations, and profile Regions declared in qcheck.yaml
        declared_count=declared_in_snapshot
        + len(derivation.declared_lines)
        + sum(1 for a in facts.applications if a.region_source is Source.DECLARED),
        observed_count=len(snapshot.nodes) - declared_in_snapshot,
        config_lines=derivation.config_lines,
        config_refs=tuple(derivation.refs),
    )


class _Derivation:
    def __init__(
        self,
        snapshot: Snapshot,
        config: Config,
        dependents: Mapping[str, tuple[str, ...]],
        all_subscribers: bool = False,
    ) -> None:
        self.snapshot = snapshot
        self.config = config
        self.dependents = dependents
        self.all_subscribers = all_subscribers
        self.nodes = snapshot.nodes
        self.by_kind: dict[str, list[Node]] = defaultdict(list)
        for node in sorted(self.nodes.values(), key=lambda n: n["id"]):
            self.by_kind[node["kind"]].append(node)
        self.outgoing: dict[EdgeKind, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.incoming: dict[EdgeKind, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for edge in snapshot.edges:
            self.outgoing[edge.kind][edge.source].append(edge.target)
            self.incoming[edge.kind][edge.target].append(edge.source)
        self.gaps = U.index_gaps(snapshot.gaps)
        self.tree = OrgTree(snapshot)
        self.account_ids = frozenset(str(n["account_id"]) for n in self.by_kind[NodeKind.ACCOUNT])
        organization = next(iter(self.by_kind[NodeKind.ORGANIZATION]), None)
        self.organization = organization
        self.management_id = str(organization["management_account_id"]) if organization else None
        self.config_lines: dict[str, tuple[int, str]] = {}
        self.declared_lines: dict[str, int] = {}
        self.refs: list[ConfigRef] = []
        self.unknowns: list[UnknownFact] = []
        self.access = Access(self.nodes, self.by_kind, self.incoming, self.outgoing)
        self._identities_read: dict[tuple[str, str], bool] = {}
        self.opt_in_regions = _opt_in_regions(organization)

    # -- the document ------------------------------------------------------------------

    def run(self, as_of: str) -> PolicyInput:
        config = self.config
        accounts = self._accounts()
        by_id = {a.id: a for a in accounts}
        instances = [self._instance(node, by_id) for node in self.by_kind[NodeKind.IDC_INSTANCE]]
        applications = [
            self._application(node, {i.arn: i for i in instances}, by_id)
            for node in self.by_kind[NodeKind.APPLICATION]
        ]
        served: dict[str | None, list[str]] = defaultdict(list)
        for app in applications:
            served[app.instance_arn].append(app.arn)
        instances = [replace(i, application_arns=tuple(sorted(served[i.arn]))) for i in instances]
        instances_by_arn = {i.arn: i for i in instances}
        self._opt_in_unknowns(instances, applications)
        self._status_unknowns(instances, applications)
        for declared in self.config.identity_sources:
            self.refs.append(
                ConfigRef(
                    declared.line,
                    f"identity source of instance {declared.instance}",
                    declared.instance in instances_by_arn,
                    # found is certain even when some instances could not be listed
                    declared.instance in instances_by_arn or self.gaps.known(U.INSTANCES),
                )
            )
        admins = sorted((a for a in accounts if a.is_idc_delegated_admin), key=lambda a: a.id)
        apps_by_arn = {a.arn: a for a in applications}
        q_business = self._q_business_applications(apps_by_arn, by_id)
        customizations = self._customizations(apps_by_arn, by_id, instances_by_arn)
        self._check_profile_declarations(apps_by_arn)
        admins_known = self.gaps.known(U.DELEGATED_ADMINS)
        organization = self.organization
        return PolicyInput(
            qcheck=RunFact(INPUT_VERSION, as_of, self.snapshot.path),
            organization=None
            if organization is None
            else OrganizationFact(
                arn=organization["id"],
                id=organization["org_id"],
                management_account_id=organization["management_account_id"],
                feature_set=organization.get("feature_set") or "",
                trusted_services=tuple(sorted(organization.get("trusted_services") or ())),
            ),
            identity_center=IdentityCenterFact(
                delegated_admins_known=admins_known,
                delegated_admin_account_ids=tuple(a.id for a in admins),
                delegated_admin_accounts=tuple(
                    DelegatedAdminFact(a.id, a.arn, a.in_organization, a.ou_path, a.ou_arns)
                    for a in admins
                ),
                approved_delegated_admin_account_id=self._approved_admin(),
                approved_delegated_admin_ou_arns=self._approved_ous(),
                approved_delegated_admin_ou_paths=tuple(
                    ref.text for ref in config.delegated_admin_ous
                ),
                approved_delegated_admin_ous_known=all(
                    self.tree.resolve(ref) is not None for ref in config.delegated_admin_ous
                ),
                organization_instance_arns=tuple(
                    i.arn for i in instances if i.type == "organization"
                ),
                instances_known=self.gaps.known(U.INSTANCES),
            ),
            accounts=tuple(accounts),
            instances=tuple(instances),
            applications=tuple(applications),
            q_business_applications=q_business,
            customizations=tuple(customizations),
            subscribers=self._subscribers(applications, instances_by_arn),
            disabled_users=self.access.disabled_users(applications, instances),
            scps=tuple(
                ScpFact(
                    arn=node["id"],
                    name=node["name"],
                    content=dict(node["content"]),
                    target_arns=tuple(sorted(self.outgoing[EdgeKind.ATTACHED_TO][node["id"]])),
                )
                for node in self.by_kind[NodeKind.POLICY]
            ),
            ai_opt_out=self._ai_opt_out(accounts, applications),
            permission_sets=self._permission_sets(by_id),
            gaps=tuple(
                GapFact(
                    id=g["id"],
                    service=g["service"],
                    operation=g["operation"],
                    account_id=g.get("account_id"),
                    region=g.get("region"),
                    error_code=g["error_code"],
                    message=g["message"],
                )
                for g in sorted(self.snapshot.gaps, key=lambda g: g["id"])
            ),
            unknowns=self._collected_unknowns(admins_known),
            reference=ReferenceFact(
                zones={name: regions for name, regions in config.zones},
                region_zones=_region_zones(config.zones),
                q_developer_regions=tuple(sorted(config.q_developer_regions)),
                opt_in_regions=self.opt_in_regions or (),
                opt_in_regions_known=self.opt_in_regions is not None,
                accepted_justification_reasons=ACCEPTED_JUSTIFICATION_REASONS,
                q_developer_pro_monthly_price=config.monthly_price,
                currency=config.currency,
                price_source="qcheck.yaml pricing.q_developer_pro_monthly"
                if config.line_of("pricing.q_developer_pro_monthly")[1]
                else f"qcheck's default ({DEFAULT_MONTHLY_PRICE:g} USD, not from AWS)",
            ),
        )

    # -- accounts ----------------------------------------------------------------------

    def _placements(self) -> tuple[dict[str, _Placement], dict[str, _Placement]]:
        by_node: dict[str, _Placement] = {}
        by_account: dict[str, _Placement] = {}
        for placement in self.config.placements:
            if placement.ou is not None:
                arn = self._resolve(placement.ou, "residency placement")
                if arn is not None:
                    by_node[arn] = _Placement(
                        placement.zones, arn, placement.line, f"OU {placement.ou.text}"
                    )
            elif placement.account is not None:
                self._account_ref(placement.account, placement.line, "residency placement")
                account = placement.account
                by_account[account] = _Placement(placement.zones, account, placement.line, account)
        return by_node, by_account

    def _accounts(self) -> list[AccountFact]:
        by_node, by_account = self._placements()
        contents = {n["id"]: n["content"] for n in self.by_kind[NodeKind.POLICY]}
        attached = {  # SCPs only: AI services opt-out policies attach to the same targets
            target: [p for p in policies if p in contents]
            for target, policies in self.incoming.get(EdgeKind.ATTACHED_TO, {}).items()
        }
        admins_known = self.gaps.known(U.DELEGATED_ADMINS)
        scps_known = self.gaps.known(U.SCPS)
        org_id = str(self.organization["org_id"]) if self.organization else ""
        zone_regions = dict(self.config.zones)
        facts = []
        for node in sorted(self.by_kind[NodeKind.ACCOUNT], key=lambda n: n["account_id"]):
            arn = node["id"]
            account_id = str(node["account_id"])
            chain = self.tree.chain(arn)
            placement = by_account.get(account_id)
            if placement is not None:
                placement = _Placement(placement.zones, arn, placement.line, account_id)
            else:
                placement = next((by_node[a] for a in reversed(chain) if a in by_node), None)
            if placement is not None:
                self.config_lines[placement.node] = (
                    placement.line,
                    f"residency placement {placement.label}: zones {', '.join(placement.zones)}",
                )
            zones = placement.zones if placement else ()
            services_known = admins_known and self.gaps.known(U.DELEGATED_SERVICES, account_id)
            services = tuple(sorted(node.get("delegated_admin_for") or ()))
            status = str(node.get("status") or "")
            levels = [[(p, contents[p]) for p in sorted(attached.get(a, ()))] for a in chain]
            context = scp.AccountContext(account_id, org_id, (_org_path(org_id, chain[:-1]),))
            facts.append(
                AccountFact(
                    arn=arn,
                    id=account_id,
                    name=str(node["name"]),
                    status=status,
                    active=status in ("", "ACTIVE"),
                    in_organization=bool(chain),
                    ou_path=self.tree.path_text(chain[-2]) if len(chain) > 1 else "",
                    ou_arns=chain[:-1],
                    is_management=account_id == self.management_id,
                    delegated_admin_known=services_known,
                    is_idc_delegated_admin=IDC_SERVICE_PRINCIPAL in services,
                    delegated_admin_services=services,
                    zones=zones,
                    allowed_regions=tuple(
                        sorted({r for z in zones for r in zone_regions.get(z, ())})
                    ),
                    residency_source=placement.node if placement else None,
                    scps_known=scps_known,
                    scp_arns=tuple(sorted({p for a in chain for p in attached.get(a, ())})),
                    create_instance=self._create_instance(chain, levels, context, scps_known),
                    tags=dict(node.get("tags") or {}),
                )
            )
            decision = facts[-1].create_instance
            if decision.outcome is ScpOutcome.UNKNOWN and scps_known:
                self._unknown(
                    U.SCPS,
                    arn,
                    (),
                    f"the SCP decision on {CREATE_INSTANCE} for "
                    f"account {account_id} is unknown: {decision.reason}",
                )
        return facts

    def _create_instance(
        self,
        chain: tuple[str, ...],
        levels: list[list[tuple[str, Any]]],
        context: scp.AccountContext,
        known: bool,
    ) -> ScpDecisionFact:
        """May principals of this account call sso:CreateInstance, as the SCPs say?

        SCPs apply only when the SCP policy type is enabled in the root (ListRoots
        PolicyTypes); AWS then keeps at least one SCP attached to every root, OU and account
        (Organizations user guide, orgs_manage_policies_scps: "you can't detach the last
        SCP"), so a level with none means SCPs are off (no SCP anywhere) or the snapshot is
        incomplete (unknown). An explicit Deny read from a known SCP stands even when other
        SCPs could not be read (a Deny anywhere denies); any other answer needs every SCP."""
        if not levels:
            return ScpDecisionFact(ScpOutcome.UNKNOWN, "the account is not in the tree", ())
        if context.account_id == self.management_id:
            reason = (
                "SCPs do not apply to the management account, and AWS refuses CreateInstance "
                "there (IAM Identity Center API reference, CreateInstance)"
            )
            return ScpDecisionFact(ScpOutcome.DENIED, reason, ())
        enabled = self.tree.node(chain[0]).get("scp_enabled")
        if enabled is False or (enabled is None and not self.by_kind[NodeKind.POLICY]):
            reason = "SCPs are not enabled in the organization, so none restricts it"
            return ScpDecisionFact(ScpOutcome.ALLOWED, reason, ())
        bare = next((arn for arn, level in zip(chain, levels, strict=True) if not level), None)
        if bare is not None:  # only an explicit Deny elsewhere can still decide
            levels = [level or [("", _ALLOW_ALL)] for level in levels]
        try:
            decision = scp.evaluate(CREATE_INSTANCE, levels, context)
        except scp.ScpUnreadable as error:
            return ScpDecisionFact(ScpOutcome.UNKNOWN, str(error), (error.policy_arn,))
        outcome = ScpOutcome(decision.outcome.value)
        if outcome is not ScpOutcome.DENIED and bare is not None:
            return ScpDecisionFact(
                ScpOutcome.UNKNOWN,
                f"no SCP is attached to {bare}, which AWS does not allow while SCPs are "
                "enabled: the snapshot's SCP attachments are incomplete",
                (),
            )
        if not known and outcome is not ScpOutcome.DENIED:
            return ScpDecisionFact(
                ScpOutcome.UNKNOWN,
                "some SCPs, their content or their targets could not be read",
                decision.deciding_policy_arns,
            )
        return ScpDecisionFact(outcome, decision.reason, decision.deciding_policy_arns)

    # -- IAM Identity Center -----------------------------------------------------------

    def _instance(self, node: Node, accounts: Mapping[str, AccountFact]) -> InstanceFact:
        owner = str(node["owner_account_id"])
        justification = _justification_for(node, self.config.justifications)
        if justification is not None:
            self.config_lines[node["id"]] = (justification.line, "justification of this instance")
        account = accounts.get(owner)
        store = str(node["identity_store_id"])
        users_known = self._identities_known(node["id"], store)
        users, external = self.access.user_counts(store) if users_known else (None, None)
        declared = next((d for d in self.config.identity_sources if d.instance == node["id"]), None)
        if declared is not None:
            self.config_lines.setdefault(
                node["id"], (declared.line, f"declared identity source {declared.source}")
            )
        source, basis = self.access.identity_source(declared, users, external)
        home = str(node["home_region"])
        return InstanceFact(
            arn=node["id"],
            name=str(node.get("name") or ""),
            # Whether an instance is the organization instance depends on knowing the
            # management account; without the organization it is unknown.
            type=str(node["instance_type"]) if self.organization else "unknown",
            status=str(node.get("status") or ""),
            owner_account_id=owner,
            owner_account_arn=account.arn if account else None,
            owner_is_management=owner == self.management_id,
            identity_store_id=str(node["identity_store_id"]),
            home_region=str(node["home_region"]),
            regions=tuple(sorted({*(node.get("regions") or ()), node["home_region"]})),
            applications_known=self.gaps.known(U.APPLICATIONS, node["id"]),
            application_arns=(),  # filled in once the applications are derived
            justification=None
            if justification is None
            else JustificationFact(
                justification.reason,
                justification.owner,
                justification.reference,
                justification.expires,
            ),
            users_known=users_known,
            user_count=users,
            users_with_external_ids=external,
            identity_source=source,
            identity_source_basis=basis,
            home_region_opt_in=None if self.opt_in_regions is None else home in self.opt_in_regions,
        )

    def _identities_known(self, instance_arn: str, store: str) -> bool:
        """Users, groups and every group's members of `store` were read: the collector
        names its ListUsers and ListGroups gaps by the store id and its ListGroupMemberships
        gaps by the group id."""
        key = (instance_arn, store)
        known = self._identities_read.get(key)
        if known is None:  # asked once per instance and per application: worked out once
            groups = self.access.groups_by_store.get(store, ())
            known = (
                self.gaps.known(U.IDENTITIES, instance_arn)
                and self.gaps.known(U.IDENTITIES, store)
                and all(
                    self.gaps.known(U.IDENTITIES, str(g["id"]).rsplit("/", 1)[-1]) for g in groups
                )
            )
            self._identities_read[key] = known
        return known

    def _application(
        self,
        node: Node,
        instances: Mapping[str, InstanceFact],
        accounts: Mapping[str, AccountFact],
    ) -> ApplicationFact:
        arn = str(node["id"])
        instance_arn = next(iter(self.outgoing[EdgeKind.MANAGED_BY].get(arn, [])), None)
        instance = instances.get(instance_arn) if instance_arn else None
        kind = application_kind(str(node["provider_arn"]))
        declared = next((p for p in self.config.profiles if p.application == arn), None)
        region: str | None = None
        if declared is not None:
            self.config_lines[arn] = (declared.line, f"declared Region {declared.region}")
            region = declared.region
            region_text = f"{declared.region} (declared)"
        elif kind is AppKind.Q_DEVELOPER:
            region_text = "an undeclared Region"
        elif node.get("created_from"):
            region_text = f"IAM Identity Center Region {node['created_from']}"
        else:
            region_text = "an unreported Region"
        short = arn.rsplit("/", 1)[-1]
        fact = ApplicationFact(
            **_in_account(str(node["account_id"]), accounts, self.management_id),
            arn=arn,
            name=str(node.get("name") or ""),
            origin=str(node["origin"]),
            kind=kind,
            aws_managed=kind is not AppKind.CUSTOMER_MANAGED,
            provider_arn=str(node["provider_arn"]),
            created_from=node.get("created_from"),
            region=region,
            region_source=Source.DECLARED if declared is not None else None,
            region_text=region_text,
            status=str(node.get("status") or ""),
            assignment_required=node.get("assignment_required"),
            assignments_known=self.gaps.known(U.ASSIGNMENTS, arn)
            and self.gaps.known(U.ASSIGNMENTS, short)
            and (
                instance is None or self._identities_known(instance.arn, instance.identity_store_id)
            ),
            instance_arn=instance_arn,
            instance_type=instance.type if instance else None,
            instance_home_region=instance.home_region if instance else None,
            instance_regions=instance.regions if instance else (),
            reachable_user_count=None,
        )
        return replace(fact, reachable_user_count=self.access.reachable_users(fact, instance))

    def _opt_in_unknowns(
        self, instances: Iterable[InstanceFact], applications: Iterable[ApplicationFact]
    ) -> None:
        """Whether an instance serving Q Developer sits in an opt-in Region needs the
        Regions' opt-in status (account ListRegions); without it that stays unknown."""
        if self.opt_in_regions is not None:
            return
        serving = {a.instance_arn for a in applications if a.kind is AppKind.Q_DEVELOPER}
        for instance in instances:
            if instance.arn in serving:
                self._unknown(
                    U.OPT_IN_REGIONS,
                    instance.arn,
                    self.gaps.gaps(U.OPT_IN_REGIONS),
                    f"whether {instance.home_region}, the home Region of this instance, is an "
                    "opt-in Region is not known: the Regions' opt-in status (account "
                    "ListRegions) was not read",
                )

    def _status_unknowns(
        self, instances: Iterable[InstanceFact], applications: Iterable[ApplicationFact]
    ) -> None:
        """Users assigned to Q Developer or Q Business whose UserStatus was not returned."""
        kinds = frozenset({AppKind.Q_DEVELOPER, AppKind.Q_BUSINESS})
        missing = self.access.status_unknown(applications, kinds)
        for instance in instances:
            count = missing.get(instance.identity_store_id)
            if count:
                self._unknown(
                    U.USER_STATUS,
                    instance.arn,
                    (),
                    f"whether {count} user(s) of this instance assigned to Q Developer or Q "
                    "Business are disabled is not known: their UserStatus was not recorded",
                )

    def _check_profile_declarations(self, apps: Mapping[str, ApplicationFact]) -> None:
        """Every profile needs a Region for the residency rules: no API reports it."""
        for profile in self.config.profiles:
            # A declaration belongs to the snapshot that holds the account in its ARN
            # (arn:aws:sso::<account>:application/...), like declared customizations.
            account = profile.application.split(":")[4]
            self._account_ref(account, profile.line, "declared profile")
            holds = account in self.account_ids and self.gaps.known(U.APPLICATIONS)
            found = profile.application in apps
            self.refs.append(
                ConfigRef(profile.line, f"profile {profile.application}", found, holds)
            )
        for app in apps.values():
            if app.kind is not AppKind.Q_DEVELOPER or app.region is not None:
                continue
            hint = _region_hint(app)
            self._unknown(
                U.PROFILE_REGION,
                app.arn,
                (),
                f"the Region of Q Developer profile {app.name or app.arn} is not known: no AWS "
                f"API reports a profile's Region, so declare it under inventory.profiles in "
                f"qcheck.yaml{hint}",
            )

    # -- Amazon Q Business -------------------------------------------------------------

    def _q_business_applications(
        self, apps: Mapping[str, ApplicationFact], accounts: Mapping[str, AccountFact]
    ) -> tuple[QBusinessApplicationFact, ...]:
        """Q Business applications with their account's zones and the IdC application they
        sign in through. IdentityType AWS_IAM_IDC is the one that uses IAM Identity Center
        (qbusiness model, enum IdentityType)."""
        out = []
        for node in self.by_kind[NodeKind.Q_BUSINESS_APPLICATION]:
            identity_type = node.get("identity_type")
            idc_arn = node.get("identity_center_application_arn")
            idc_app = apps.get(str(idc_arn)) if idc_arn else None
            out.append(
                QBusinessApplicationFact(
                    **_in_account(str(node["account_id"]), accounts, self.management_id),
                    arn=str(node["id"]),
                    application_id=str(node["application_id"]),
                    name=str(node.get("name") or ""),
                    origin=str(node["origin"]),
                    region=str(node["region"]),
                    status=str(node.get("status") or ""),
                    identity_type=identity_type,
                    uses_identity_center=None
                    if identity_type is None
                    else identity_type == "AWS_IAM_IDC",
                    details_known=bool(node.get("details_read", True))
                    and self.gaps.known(U.Q_BUSINESS_DETAILS, str(node["id"])),
                    identity_center_application_arn=idc_arn,
                    identity_center_application_found=idc_app is not None,
                    instance_arn=idc_app.instance_arn if idc_app else None,
                    customer_managed_key=node.get("customer_managed_key"),
                )
            )
        return tuple(out)

    # -- customizations ----------------------------------------------------------------

    def _customizations(
        self,
        apps: Mapping[str, ApplicationFact],
        accounts: Mapping[str, AccountFact],
        instances: Mapping[str, InstanceFact],
    ) -> list[CustomizationFact]:
        nodes = list(self.by_kind[NodeKind.CUSTOMIZATION])
        declared_by_arn: dict[str, DeclaredCustomization] = {}
        for item in self.config.customizations:
            # Declared inventory belongs to the snapshot (organization) that holds its account.
            held = not self.account_ids or item.account in self.account_ids
            if item.arn not in self.nodes and held:
                nodes.append(_declared_customization_node(item))
                self.declared_lines[item.arn] = item.line
            if held:
                declared_by_arn[item.arn] = item
            self._account_ref(item.account, item.line, "declared customization")
        units = {u.name: u.allowed_groups for u in self.config.business_units}
        by_store = {i.identity_store_id: i for i in instances.values()}
        out = []
        for node in sorted(nodes, key=lambda n: n["id"]):
            profile = apps.get(node["profile_arn"])
            source = dict(node.get("data_source") or {})
            declared = declared_by_arn.get(node["id"])
            unit = declared.business_unit if declared else None
            profile_instance = instances.get(profile.instance_arn or "") if profile else None
            grants = tuple(
                self.access.grant(written, kind, profile_instance, by_store, units.get(unit or ""))
                for written, kind in (declared_grants(declared) if declared else ())
            )
            for grant in grants:
                checkable = grant.principal_arn is not None or (
                    profile_instance is not None and all(i.users_known for i in instances.values())
                )
                self.refs.append(
                    ConfigRef(
                        declared.line if declared else 1,
                        f"{grant.principal_type} {grant.principal} granted customization "
                        f"{node['id']}",
                        grant.principal_arn is not None,
                        checkable,
                    )
                )
            out.append(
                CustomizationFact(
                    **_in_account(str(node["account_id"]), accounts, self.management_id),
                    arn=node["id"],
                    name=str(node.get("name") or ""),
                    description=declared.description if declared else "",
                    origin=str(node["origin"]),
                    region=str(node["region"]),
                    profile_arn=str(node["profile_arn"]),
                    profile_found=profile is not None,
                    profile_region=profile.region if profile else None,
                    profile_instance_arn=profile_instance.arn if profile_instance else None,
                    data_source=DataSourceFact(
                        type=str(source.get("type", "")),
                        region=source.get("region"),
                        location=str(source.get("location", "")),
                    ),
                    business_unit=unit,
                    allowed_groups=units.get(unit, ()) if unit else (),
                    access_declared=bool(declared and declared.access_declared),
                    grants=grants,
                )
            )
        return out

    # -- subscriptions -----------------------------------------------------------------

    def _subscribers(
        self, applications: Iterable[ApplicationFact], instances: Mapping[str, InstanceFact]
    ) -> tuple[SubscriberFact, ...]:
        """People subscribed to Q Developer, with one proving path per IdC instance.

        A subscription is charged once per person and IdC instance (several profiles under
        one instance cost one subscription), so each person lists the instances they are
        subscribed through, each with its first path: user, optional group, application.
        Identity-store groups do not nest, so effective membership is direct membership: a
        two-hop join (user -> group -> application) over plain indexes.

        Unless every subscriber is asked for, only people subscribed through two or more
        instances are listed (the ones a subscription can be charged twice for), and people
        are matched only among users that share a key with another user or reach two
        instances themselves: at 10,000 accounts, 1% of the 100,000 subscribed users.
        """
        assigned = self.incoming.get(EdgeKind.ASSIGNED_TO, {})
        members = self.incoming.get(EdgeKind.MEMBER_OF, {})
        # principal -> instance -> its smallest application there
        targets: dict[str, dict[str, str]] = defaultdict(dict)
        for app in applications:
            if app.kind is AppKind.Q_DEVELOPER and app.instance_arn in instances:
                for principal in assigned.get(app.arn, ()):
                    best = targets[principal].get(str(app.instance_arn))
                    if best is None or app.arn < best:
                        targets[principal][str(app.instance_arn)] = app.arn

        # Who is subscribed through which instance, as sets (C-speed unions over the
        # memberships); the paths are then worked out for the users that are listed.
        subscribed: dict[str, set[str]] = defaultdict(set)  # instance -> users
        for principal, apps in targets.items():
            if self.nodes[principal]["kind"] == NodeKind.USER:
                for instance in apps:
                    subscribed[instance].add(principal)
            else:
                group_members = members.get(principal, ())
                for instance in apps:
                    subscribed[instance].update(group_members)
        everyone: set[str] = set()
        several: set[str] = set()  # users subscribed through two or more instances
        for users in subscribed.values():
            several |= everyone & users
            everyone |= users
        if self.all_subscribers:
            candidates = sorted(everyone)
        else:  # only people who can be subscribed through two or more instances
            joined = possibly_joined(self.nodes[user] for user in everyone)
            candidates = sorted(joined | several)

        # user -> instance -> (group or "", application): the smallest path wins. Direct
        # assignments ("" as group) come first, then groups in ARN order, so the first
        # path offered for a user and instance is the smallest one.
        groups_of = self.outgoing.get(EdgeKind.MEMBER_OF, {})
        reached: dict[str, dict[str, tuple[str, str]]] = {}
        for user in candidates:
            direct = targets.get(user, {})
            found = {instance: ("", app_arn) for instance, app_arn in direct.items()}
            for group in sorted(g for g in groups_of.get(user, ()) if g in targets):
                for instance, app_arn in targets[group].items():
                    found.setdefault(instance, (group, app_arn))
            reached[user] = found

        people = match_people(self.nodes[user] for user in candidates)
        paths: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
        for user in candidates:
            person_id = people[user].id
            for instance, (group, app_arn) in reached[user].items():
                known_path = paths[person_id].get(instance)
                if known_path is None or (user, group, app_arn) < known_path:
                    paths[person_id][instance] = (user, group, app_arn)
        if not self.all_subscribers:
            paths = defaultdict(dict, {p: by for p, by in paths.items() if len(by) > 1})
        subscribers = []
        for person_id, by_instance in paths.items():
            person = people[person_id]
            subscribers.append(
                SubscriberFact(
                    person=person.name,
                    matched_by=person.matched_by,
                    instances=tuple(sorted(by_instance)),
                    subscriptions=tuple(
                        SubscriptionFact(
                            instance_arn=instance,
                            instance_type=instances[instance].type,
                            user_arn=user,
                            group_arn=group or None,
                            application_arn=app_arn,
                        )
                        for instance, (user, group, app_arn) in sorted(by_instance.items())
                    ),
                )
            )
        return tuple(sorted(subscribers, key=lambda s: (s.person, s.subscriptions[0].user_arn)))

    # -- AI services opt-out -------------------------------------------------------------

    def _ai_opt_out(
        self, accounts: Iterable[AccountFact], applications: Iterable[ApplicationFact]
    ) -> AiOptOutFact:
        """Each account's effective opt-out (qcheck.facts.opt_out) for the configured service
        name keys. The policy type not enabled in the root means no opt-out policy applies,
        so every account is opted in: known. Its status not read, an opt-out policy that
        could not be read, or content that is not JSON leaves the opt-out unknown."""
        config = self.config
        roots = self.by_kind[NodeKind.ROOT]
        enabled = roots[0].get("ai_opt_out_enabled") if roots else None
        policies = {n["id"]: n for n in self.by_kind[NodeKind.AI_OPT_OUT_POLICY]}
        attached: dict[str, list[str]] = defaultdict(list)
        for arn in policies:
            for target in self.outgoing[EdgeKind.ATTACHED_TO].get(arn, ()):
                attached[target].append(arn)
        gap_ids = self.gaps.gaps(U.AI_OPT_OUT)
        assistants: dict[str, list[str]] = defaultdict(list)
        for app in applications:
            if app.kind in (AppKind.Q_DEVELOPER, AppKind.Q_BUSINESS):
                assistants[app.account_id].append(app.arn)
        facts = []
        for account in accounts:
            chain = self.tree.chain(account.arn)
            levels = [[(p, policies[p]["content"]) for p in attached.get(a, ())] for a in chain]
            unparsed = [p for level in levels for p, c in level if "unparsed" in c]
            if enabled is False:  # no opt-out policy applies, whatever could not be read
                levels, known = [], bool(chain)
            else:
                known = enabled is True and not gap_ids and not unparsed and bool(chain)
            settings = [opt_out.service_value(levels, key) for key in config.opt_out_services]
            in_scope = (
                config.opt_out_judged
                and account.active
                and (config.opt_out_scope == "organization" or bool(assistants[account.id]))
            )
            facts.append(
                AccountOptOutFact(
                    account_id=account.id,
                    account_arn=account.arn,
                    account_name=account.name,
                    ou_path=account.ou_path,
                    known=known,
                    opted_out=all(s.value == opt_out.OPT_OUT for s in settings) if known else None,
                    services=tuple(
                        OptOutServiceFact(key, s.value, s.key if s.value else None, s.policy_arn)
                        for key, s in zip(config.opt_out_services, settings, strict=True)
                    ),
                    assistant_application_arns=tuple(sorted(assistants[account.id])),
                    in_scope=in_scope,
                )
            )
            if in_scope and not known:
                why = (
                    f"opt-out policy {unparsed[0]} is not JSON"
                    if unparsed
                    else "whether the AI services opt-out policy type is enabled in the root "
                    "was not read"
                    if enabled is None
                    else "an AI services opt-out policy or its targets could not be read"
                )
                self._unknown(
                    U.AI_OPT_OUT,
                    account.arn,
                    gap_ids,
                    f"whether account {account.id} is opted out of AI services content use "
                    f"is unknown: {why}",
                )
        overridable = []
        for arn, node in policies.items():
            content = node["content"]
            targets = tuple(sorted(self.outgoing[EdgeKind.ATTACHED_TO].get(arn, ())))
            for key in dict.fromkeys((opt_out.DEFAULT, *config.opt_out_services)):
                allowed = opt_out.child_operators(content, key)
                if opt_out.assigned(content, key) == opt_out.OPT_OUT and opt_out.ASSIGN in allowed:
                    overridable.append(
                        OptOutOverrideFact(
                            arn, str(node.get("name") or ""), key, tuple(sorted(allowed)), targets
                        )
                    )
        return AiOptOutFact(
            judged=config.opt_out_judged,
            scope=config.opt_out_scope,
            services=config.opt_out_services,
            policy_type_enabled=enabled,
            accounts=tuple(facts),
            overridable=tuple(overridable),
        )

    # -- permission sets ---------------------------------------------------------------

    def _permission_sets(
        self, accounts: Mapping[str, AccountFact]
    ) -> tuple[PermissionSetFact, ...]:
        """What each permission set lets its holders administer, where it is provisioned
        and who holds it; a grant that cannot be established is an unknown fact."""
        approved = frozenset(self.config.approved_admin_groups)
        facts = []
        for node in self.by_kind[NodeKind.PERMISSION_SET]:
            arn = str(node["id"])
            name = str(node.get("name") or arn.rsplit("/", 1)[-1])
            grant = admin_grant(node)
            known = self.gaps.known(U.PERMISSION_SETS, arn)
            provisioned = sorted(
                str(self.nodes[t]["account_id"])
                for t in self.outgoing[EdgeKind.PROVISIONED_TO].get(arn, ())
            )
            partition = arn.split(":")[1]
            assignments = []
            for item in node.get("assignments") or ():
                kind = str(item["principal_type"])
                path = "group" if kind == "GROUP" else "user"
                principal = f"arn:{partition}:identitystore:::{path}/{item['principal_id']}"
                found = self.nodes.get(principal, {})
                label = str(found.get("display_name") or found.get("user_name") or "")
                account = accounts.get(str(item["account_id"]))
                assignments.append(
                    PermissionSetAssignmentFact(
                        account_id=str(item["account_id"]),
                        account_arn=account.arn if account else None,
                        principal_type=kind,
                        principal_arn=principal,
                        principal_name=label,
                        approved=kind == "GROUP" and label in approved,
                    )
                )
            facts.append(
                PermissionSetFact(
                    arn=arn,
                    name=name,
                    instance_arn=str(node["instance_arn"]),
                    admin_actions=grant.actions,
                    admin_known=grant.known and known,
                    admin_reason=grant.reason,
                    documented_policies=tuple(
                        s.split(" ")[0] for s in grant.sources if "(documented content)" in s
                    ),
                    provisioned_known=known,
                    provisioned_account_ids=tuple(provisioned),
                    provisioned_to_management=self.management_id in provisioned,
                    assignments_known=known and "assignments" in node,
                    assignments=tuple(assignments),
                )
            )
            if not grant.known and known:
                self._unknown(
                    U.PERMISSION_SETS,
                    arn,
                    (),
                    f"whether permission set {name} grants administration of Amazon Q, Kiro "
                    f"or IAM Identity Center is unknown: {grant.reason}",
                )
        return tuple(facts)

    # -- config references and unknowns ------------------------------------------------

    def _resolve(self, ref: OuRef, what: str) -> str | None:
        try:
            arn = self.tree.resolve(ref)
        except AmbiguousPath as error:
            raise InputError(f"{what}: {error}", self.config.path, ref.line) from None
        checkable = self.gaps.known(U.TREE)
        self.refs.append(ConfigRef(ref.line, f"{what} OU {ref.text}", arn is not None, checkable))
        return arn

    def _account_ref(self, account_id: str, line: int, what: str) -> None:
        found = account_id in self.account_ids
        checkable = self.gaps.known(U.TREE)
        self.refs.append(ConfigRef(line, f"{what} account {account_id}", found, checkable))

    def _approved_admin(self) -> str | None:
        approved = self.config.delegated_admin_account
        if approved is not None:
            line, _ = self.config.line_of("identity_center.delegated_admin_account")
            self._account_ref(approved, line, "approved delegated administrator")
        return approved

    def _approved_ous(self) -> tuple[str, ...]:
        found = (
            self._resolve(ref, "approved delegated administrator")
            for ref in self.config.delegated_admin_ous
        )
        return tuple(sorted({arn for arn in found if arn is not None}))

    def _unknown(self, fact: str, resource: str, gap_ids: tuple[str, ...], message: str) -> None:
        self.unknowns.append(
            UnknownFact(
                id=f"unknown:{fact}:{resource}",
                fact=fact,
                resource=resource,
                gap_ids=gap_ids,
                message=message,
                rules=tuple(sorted(self.dependents.get(fact, ()))),
            )
        )

    def _collected_unknowns(self, admins_known: bool) -> tuple[UnknownFact, ...]:
        """Facts the gaps leave unknown, one entry per fact and resource."""
        scope = self.organization["id"] if self.organization else self.snapshot.path
        if self.organization is None and self.by_kind[NodeKind.IDC_INSTANCE]:
            self._unknown(
                U.INSTANCE_TYPES,
                self.snapshot.path,
                self.gaps.gaps(U.ORGANIZATION),
                "the organization could not be read, so which IAM Identity Center instance is "
                "the organization instance and which are account instances is not known",
            )
        index = _resource_index(self.nodes) if self.gaps.by_fact else {}
        for fact, resources in sorted(self.gaps.by_fact.items()):
            for resource, gap_ids in sorted(resources.items()):
                target = index.get(resource) or scope
                self._unknown(fact, target, gap_ids, _UNKNOWN_TEXT[fact])
        merged: dict[str, UnknownFact] = {}
        for unknown in self.unknowns:
            known = merged.get(unknown.id)
            if known is not None:
                ids = tuple(sorted({*known.gap_ids, *unknown.gap_ids}))
                unknown = UnknownFact(
                    known.id, known.fact, known.resource, ids, known.message, known.rules
                )
            merged[unknown.id] = unknown
        return tuple(merged[key] for key in sorted(merged))


_UNKNOWN_TEXT = {
    U.ORGANIZATION: "the organization could not be read: its management account, tree and "
    "settings are not known",
    U.DELEGATED_ADMINS: "who administers IAM Identity Center is not known: the delegated "
    "administrators could not be listed",
    U.DELEGATED_SERVICES: "which services this account administers is not known",
    U.SCPS: "which SCPs apply is not known: an SCP, its content or its targets could not "
    "be read, so no account's SCP decision short of an explicit Deny can be made",
    U.TREE: "part of the organization tree could not be listed: accounts or OUs may be missing",
    U.INSTANCES: "the IAM Identity Center instances of an account or Region could not be "
    "listed: instances may be missing",
    U.APPLICATIONS: "the applications of this IAM Identity Center instance could not be listed",
    U.ASSIGNMENTS: "who is assigned to this application could not be read",
    U.ASSIGNMENT_REQUIRED: "whether this application requires assignment could not be read",
    U.IDENTITIES: "users, groups or memberships of this identity store could not be read",
    U.OPT_IN_REGIONS: "which Regions are opt-in Regions is not known: account ListRegions "
    "could not be read",
    U.Q_BUSINESS: "the Amazon Q Business applications of this account (in a Region, or, "
    "without the member role, in every member account) could not be listed",
    U.Q_BUSINESS_DETAILS: "GetApplication failed for this Amazon Q Business application: "
    "the IAM Identity Center application it signs in through and its encryption are not known",
    U.AI_OPT_OUT: "the AI services opt-out policies or their targets could not be read: "
    "which accounts are opted out is not known",
    U.PERMISSION_SETS: "permission sets, their policies or where they are provisioned could "
    "not be read: who administers the assistants is not known",
}


def _resource_index(nodes: Mapping[str, Node]) -> dict[str, str]:
    """A gap's resource (an ARN, the last part of one, or an account id) -> the node's ARN."""
    index: dict[str, str] = {}
    for arn in sorted(nodes, reverse=True):  # the smallest ARN wins a shared short id
        index[arn.rsplit("/", 1)[-1]] = arn
        if nodes[arn]["kind"] == NodeKind.ACCOUNT:
            index[str(nodes[arn]["account_id"])] = arn
    index.update({arn: arn for arn in nodes})
    return index


def _org_path(org_id: str, ancestors: tuple[str, ...]) -> str:
    """aws:PrincipalOrgPaths value: o-id/r-id/ou-id/.../ (IAM condition keys reference)."""
    return "/".join([org_id, *(arn.rsplit("/", 1)[-1] for arn in ancestors)]) + "/"


def _opt_in_regions(organization: Node | None) -> tuple[str, ...] | None:
    """Regions whose ListRegions status is not ENABLED_BY_DEFAULT: "Regions launched after
    March 20, 2019 are disabled by default" and must be opted into (Account Management
    reference, manage-acct-regions); the status is ENABLED, ENABLING, DISABLING, DISABLED or
    ENABLED_BY_DEFAULT (account service model, RegionOptStatus). None: not read."""
    statuses = organization.get("region_opt_status") if organization else None
    if statuses is None:
        return None
    return tuple(sorted(r for r, status in statuses.items() if status != "ENABLED_BY_DEFAULT"))


def _region_zones(zones: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    region_zones: dict[str, list[str]] = defaultdict(list)
    for name, regions in zones:
        for region in regions:
            region_zones[region].append(name)
    return {region: tuple(sorted(names)) for region, names in sorted(region_zones.items())}


def _region_hint(app: ApplicationFact) -> str:
    """Third-party evidence only: the Q Developer console names a profile's application
    after its Region; any name can be chosen, so this is a hint, never a fact."""
    found = _REGION_IN_NAME.search(app.name.lower())
    if found is None:
        return ""
    return (
        f" (its application name suggests {found.group(1)}, which a name cannot prove; "
        f"IAM Identity Center says the application was created from "
        f"{app.created_from or 'an unreported Region'})"
    )


def _in_account(
    account_id: str, accounts: Mapping[str, AccountFact], management_id: str | None
) -> dict[str, Any]:
    account = accounts.get(account_id)
    view = InAccount(
        account_id=account_id,
        account_arn=account.arn if account else None,
        account_name=account.name if account else None,
        ou_path=account.ou_path if account else None,
        in_management_account=account_id == management_id,
        in_delegated_admin_account=bool(account and account.is_idc_delegated_admin),
        zones=account.zones if account else (),
        allowed_regions=account.allowed_regions if account else (),
        residency_source=account.residency_source if account else None,
    )
    return dict(view.__dict__)


def _justification_for(
    node: Node, justifications: tuple[Justification, ...]
) -> Justification | None:
    """The justification naming this instance, else one naming its owner account."""
    named = next((j for j in justifications if j.instance == node["id"]), None)
    return named or next(
        (j for j in justifications if j.instance is None and j.account == node["owner_account_id"]),
        None,
    )


def _declared_customization_node(declared: DeclaredCustomization) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": declared.arn,
        "kind": NodeKind.CUSTOMIZATION.value,
        "origin": Source.DECLARED.value,
        "name": declared.name,
        "account_id": declared.account,
        "region": declared.region,
        "profile_arn": declared.profile,
    }
    if declared.data_source:
        node["data_source"] = dict(declared.data_source)
    return node
