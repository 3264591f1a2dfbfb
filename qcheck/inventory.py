"""Who has which assistant where: the inventory view of one snapshot's facts.

Two views of the same facts:
- by business unit (the OU path of the application's account): every IAM Identity Center
  application, its kind, Region, instance, and how many users can reach it, and every
  Amazon Q Business application that signs users in outside IAM Identity Center;
- by group: the post's "Access Summary" (seed 000): each group, the kind of IAM Identity
  Center instance it lives in, and the customizations granted to it (declared inventory).
  Groups come in the order qcheck.yaml's business units name them (then any other group by
  name), the organization instance's before an account instance's of the same name, and
  customizations in the order they are declared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from qcheck.config.model import Config
from qcheck.facts.model import (
    AppKind,
    ApplicationFact,
    CustomizationFact,
    InAccount,
    InstanceFact,
    PolicyInput,
    QBusinessApplicationFact,
)

INSTANCE_KINDS = {
    "organization": "Organization Instance",
    "account": "Account Instance",
    "unknown": "Unknown Instance",
}
NOT_IN_TREE = "(not in the organization tree)"


@dataclass(frozen=True)
class ApplicationRow:
    business_unit: str  # OU path of the application's account
    account_id: str
    account_name: str | None
    kind: str
    name: str
    arn: str
    region: str | None  # the profile's Region, or where IdC created the application
    # declared | identity_center (CreatedFrom) | q_business (the Region whose qbusiness
    # endpoint listed it) | unknown
    region_source: str
    instance_arn: str | None
    instance_type: str | None  # organization | account | unknown; None: no instance
    people: int | None  # users who can reach it; None: not known
    assignment_required: bool | None


@dataclass(frozen=True)
class GroupRow:
    group: str
    group_arn: str
    instance_arn: str | None
    instance_kind: str  # Organization Instance | Account Instance | Unknown Instance
    customizations: tuple[str, ...]  # each one's description, else its name


@dataclass(frozen=True)
class Inventory:
    snapshot: str
    applications: tuple[ApplicationRow, ...]  # by business unit, kind, name, ARN
    groups: tuple[GroupRow, ...]

    @property
    def business_units(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.business_unit for row in self.applications))


def build_inventory(facts: PolicyInput, config: Config) -> Inventory:
    instances = {i.arn: i for i in facts.instances}
    # A Q Business application signing in through an IdC application of the snapshot is
    # that application's row; one outside IAM Identity Center (anonymous, IAM federation)
    # or whose IdC application is not in the snapshot is a row of its own.
    outside = [q for q in facts.q_business_applications if not q.identity_center_application_found]
    linked = {
        q.identity_center_application_arn: q
        for q in facts.q_business_applications
        if q.identity_center_application_found and q.identity_center_application_arn
    }
    rows = sorted(
        [
            *(_application_row(app, linked.get(app.arn)) for app in facts.applications),
            *(_q_business_row(app) for app in outside),
        ],
        key=lambda r: (r.business_unit, r.kind, r.name, r.arn),
    )
    return Inventory(
        snapshot=facts.qcheck.snapshot,
        applications=tuple(rows),
        groups=_group_rows(facts.customizations, instances, config),
    )


def _application_row(
    app: ApplicationFact, q_business: QBusinessApplicationFact | None
) -> ApplicationRow:
    """`q_business`: the Q Business application signing in through `app`, whose Region is
    where the assistant lives (the IdC application's CreatedFrom is IAM Identity Center's)."""
    if q_business is not None:
        region, source = q_business.region, "q_business"
    elif app.region is not None:
        region, source = app.region, "declared"
    elif app.created_from:
        region, source = app.created_from, "identity_center"
    else:
        region, source = None, "unknown"
    return replace(
        _row(app, app.kind.value, app.name, app.arn, region, source),
        instance_arn=app.instance_arn,
        instance_type=app.instance_type,
        people=app.reachable_user_count,
        assignment_required=app.assignment_required,
    )


def _q_business_row(app: QBusinessApplicationFact) -> ApplicationRow:
    """No instance, and nobody counted: who may sign in is decided outside IdC."""
    return _row(app, AppKind.Q_BUSINESS.value, app.name, app.arn, app.region, "q_business")


def _row(
    app: InAccount, kind: str, name: str, arn: str, region: str | None, source: str
) -> ApplicationRow:
    in_tree = app.ou_path is not None and app.account_arn is not None
    return ApplicationRow(
        business_unit=(app.ou_path or NOT_IN_TREE) if in_tree else NOT_IN_TREE,
        account_id=app.account_id,
        account_name=app.account_name,
        kind=kind,
        name=name,
        arn=arn,
        region=region,
        region_source=source,
        instance_arn=None,
        instance_type=None,
        people=None,
        assignment_required=None,
    )


def _group_rows(
    customizations: Sequence[CustomizationFact],
    instances: dict[str, InstanceFact],
    config: Config,
) -> tuple[GroupRow, ...]:
    declared_order = {c.arn: index for index, c in enumerate(config.customizations)}
    ordered = sorted(
        customizations, key=lambda c: (declared_order.get(c.arn, len(declared_order)), c.arn)
    )
    granted: dict[tuple[str, str], list[str]] = {}
    names: dict[str, str] = {}
    holders: dict[str, str | None] = {}
    for custom in ordered:
        label = custom.description or custom.name or custom.arn
        for grant in custom.grants:
            if grant.principal_type != "group" or grant.principal_arn is None:
                continue
            key = (grant.principal_name, grant.principal_arn)
            names[grant.principal_arn] = grant.principal_name
            holders[grant.principal_arn] = grant.instance_arn
            granted.setdefault(key, [])
            if label not in granted[key]:
                granted[key].append(label)
    rank = _name_rank(g for unit in config.business_units for g in unit.allowed_groups)

    def kind(arn: str) -> str:
        holder = holders[arn]
        instance = instances.get(holder) if holder else None
        return INSTANCE_KINDS[instance.type] if instance else INSTANCE_KINDS["unknown"]

    def order(key: tuple[str, str]) -> tuple[int, str, bool, str]:
        name, arn = key
        return (rank.get(name, len(rank)), name, kind(arn) != INSTANCE_KINDS["organization"], arn)

    return tuple(
        GroupRow(name, arn, holders[arn], kind(arn), tuple(labels))
        for (name, arn), labels in sorted(granted.items(), key=lambda item: order(item[0]))
    )


def _name_rank(names: Iterable[str]) -> dict[str, int]:
    rank: dict[str, int] = {}
    for name in names:
        rank.setdefault(name, len(rank))
    return rank
