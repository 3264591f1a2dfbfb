"""Who can reach what: users, groups and assignments joined once for the access rules.

- An application that does not require assignment lets every user of its instance in: "If
  false, all users have access to the application" (IAM Identity Center API reference,
  GetApplicationAssignmentConfiguration, AssignmentRequired). Otherwise its users are the
  users assigned to it and the members of the groups assigned to it (identity-store groups
  do not nest).
- A user's `UserStatus` is ENABLED or DISABLED (Identity Store API reference, User); a
  user whose status was not read is neither.
- `ExternalIds` are "the identifiers issued to this resource by an external identity
  provider" (Identity Store API reference, User): a user carrying them is a sign that the
  instance's identity source is an external IdP (or a directory that provisions users).
  No read API returns the identity source itself, so qcheck.yaml may declare it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from qcheck.config.model import DeclaredCustomization, IdentitySource
from qcheck.facts.model import (
    AppKind,
    ApplicationFact,
    AssignmentPathFact,
    DisabledUserFact,
    GrantFact,
    InstanceFact,
)
from qcheck.graph.kinds import EdgeKind, NodeKind

Node = Mapping[str, Any]
DISABLED = "DISABLED"
EXTERNAL_IDP = "external_identity_provider"
IDC_DIRECTORY = "identity_center_directory"
DECLARED = "declared"
INFERRED = "inferred"


@dataclass(frozen=True)
class Principal:
    """A user or group found for a name or id qcheck.yaml wrote."""

    arn: str
    type: str  # user | group
    name: str
    store: str


class Access:
    """Indexes over the identity part of the snapshot, built once."""

    def __init__(
        self,
        nodes: Mapping[str, Node],
        by_kind: Mapping[str, list[Node]],
        incoming: Mapping[EdgeKind, Mapping[str, list[str]]],
        outgoing: Mapping[EdgeKind, Mapping[str, list[str]]],
    ) -> None:
        self.nodes = nodes
        self.users_by_store: dict[str, list[Node]] = defaultdict(list)
        for user in by_kind.get(NodeKind.USER, ()):
            self.users_by_store[str(user["identity_store_id"])].append(user)
        self.groups_by_store: dict[str, list[Node]] = defaultdict(list)
        for group in by_kind.get(NodeKind.GROUP, ()):
            self.groups_by_store[str(group["identity_store_id"])].append(group)
        self.members: Mapping[str, list[str]] = incoming.get(EdgeKind.MEMBER_OF, {})
        self.groups_of: Mapping[str, list[str]] = outgoing.get(EdgeKind.MEMBER_OF, {})
        self.assigned: Mapping[str, list[str]] = incoming.get(EdgeKind.ASSIGNED_TO, {})
        # group -> its members whose status is DISABLED / not recorded: each group's members
        # are read once, however many applications the group is assigned to.
        self._by_status: dict[tuple[str, str | None], list[str]] = {}
        self._status_of: dict[str | None, frozenset[str]] = {
            status: frozenset(
                str(u["id"]) for u in by_kind.get(NodeKind.USER, ()) if u.get("status") == status
            )
            for status in (DISABLED, None)
        }

    def _users_with_status(self, principal: str, status: str | None) -> tuple[list[str], str]:
        """The users behind an assigned principal whose UserStatus is `status` (None: not
        recorded), and the group they came through ("" for a user assigned directly)."""
        with_status = self._status_of[status]
        if self.nodes[principal]["kind"] == NodeKind.USER:
            return ([principal] if principal in with_status else []), ""
        key = (principal, status)
        found = self._by_status.get(key)
        if found is None:
            members = self.members.get(principal, ()) if with_status else ()
            found = [u for u in members if u in with_status]
            self._by_status[key] = found
        return found, principal

    # -- applications ----------------------------------------------------------------------

    def reachable_users(self, app: ApplicationFact, instance: InstanceFact | None) -> int | None:
        """How many users can reach `app`; None when that is not known."""
        if instance is None or not instance.users_known:
            return None
        if app.assignment_required is False:
            return len(self.users_by_store.get(instance.identity_store_id, ()))
        if app.assignment_required is None or not app.assignments_known:
            return None
        users: set[str] = set()
        for principal in self.assigned.get(app.arn, ()):
            if self.nodes[principal]["kind"] == NodeKind.USER:
                users.add(principal)
            else:
                users.update(self.members.get(principal, ()))
        return len(users)

    def disabled_users(
        self, applications: Iterable[ApplicationFact], instances: Iterable[InstanceFact]
    ) -> tuple[DisabledUserFact, ...]:
        """Disabled users with every application still assigned to them (directly or
        through a group), one path per application: direct before any group."""
        instance_of = {i.identity_store_id: i.arn for i in instances}
        kinds = {a.arn: a.kind for a in applications}
        paths: dict[str, dict[str, str]] = defaultdict(dict)  # user -> app -> group or ""
        for app_arn in sorted(kinds):
            for principal in self.assigned.get(app_arn, ()):
                users, group = self._users_with_status(principal, DISABLED)
                for user in users:
                    known = paths[user].get(app_arn)
                    if known is None or group < known:
                        paths[user][app_arn] = group
        out = []
        for user, by_app in sorted(paths.items()):
            node = self.nodes[user]
            store = str(node["identity_store_id"])
            out.append(
                DisabledUserFact(
                    arn=user,
                    user_name=str(node.get("user_name") or ""),
                    identity_store_id=store,
                    instance_arn=instance_of.get(store),
                    assignments=tuple(
                        AssignmentPathFact(app_arn, AppKind(kinds[app_arn]), group or None)
                        for app_arn, group in sorted(by_app.items())
                    ),
                )
            )
        return tuple(out)

    def status_unknown(
        self, applications: Iterable[ApplicationFact], kinds: frozenset[AppKind]
    ) -> dict[str, int]:
        """Identity store -> how many users assigned (directly or through a group) to an
        application of `kinds` carry no UserStatus (an optional member): neither enabled
        nor disabled, so unknown."""
        principals = {
            principal
            for app in applications
            if app.kind in kinds
            for principal in self.assigned.get(app.arn, ())
        }
        users: dict[str, set[str]] = defaultdict(set)
        for principal in principals:
            for user in self._users_with_status(principal, None)[0]:
                users[str(self.nodes[user]["identity_store_id"])].add(user)
        return {store: len(found) for store, found in sorted(users.items())}

    # -- instances -------------------------------------------------------------------------

    def user_counts(self, store: str) -> tuple[int, int]:
        """(users, users carrying ExternalIds) of an identity store."""
        users = self.users_by_store.get(store, ())
        return len(users), sum(1 for u in users if u.get("external_ids"))

    @staticmethod
    def identity_source(
        declared: IdentitySource | None, users: int | None, external: int | None
    ) -> tuple[str | None, str | None]:
        """(source, basis): as declared, else inferred from the users' ExternalIds. With no
        user, or users that could not be read, nothing is inferred (unknown)."""
        if declared is not None:
            return declared.source, DECLARED
        if not users or external is None:
            return None, None
        return (EXTERNAL_IDP if external else IDC_DIRECTORY), INFERRED

    # -- customizations --------------------------------------------------------------------

    def find(self, written: str, kind: str, store: str | None) -> Principal | None:
        """The user or group `written` names: `<identity store id>/<name>` in that store, an
        id in any store, else a name in `store` (the profile's instance)."""
        by_store = self.users_by_store if kind == "user" else self.groups_by_store
        name_key = "user_name" if kind == "user" else "display_name"
        wanted_store = store
        name = written
        head, sep, tail = written.partition("/")
        if sep and head.startswith("d-") and tail:
            wanted_store, name = head, tail
        by_id = self.nodes.get(f"arn:aws:identitystore:::{kind}/{written}")
        if by_id is not None and by_id["kind"] == kind:
            return _principal(by_id, kind, name_key)
        if wanted_store is None:
            return None
        matches = [n for n in by_store.get(wanted_store, ()) if str(n.get(name_key)) == name]
        return _principal(matches[0], kind, name_key) if len(matches) == 1 else None

    def grant(
        self,
        written: str,
        kind: str,
        profile_instance: InstanceFact | None,
        instance_of: Mapping[str, InstanceFact],
        allowed_groups: tuple[str, ...] | None,
    ) -> GrantFact:
        """A declared grant, resolved; `allowed_groups` None: no business unit rule applies."""
        store = profile_instance.identity_store_id if profile_instance else None
        found = self.find(written, kind, store)
        holder = instance_of.get(found.store) if found else None
        same = None if found is None or profile_instance is None else found.store == store
        known = bool(
            found is not None
            and allowed_groups is not None
            and holder is not None
            and holder.users_known
        )
        outside: tuple[str, ...] = ()
        if known and found is not None and allowed_groups is not None:
            users = [found.arn] if kind == "user" else list(self.members.get(found.arn, ()))
            outside = tuple(
                sorted(u for u in set(users) if not self._in_allowed(u, allowed_groups))
            )
        return GrantFact(
            principal=written,
            principal_type=kind,
            principal_arn=found.arn if found else None,
            principal_name=found.name if found else written,
            identity_store_id=found.store if found else None,
            instance_arn=holder.arn if holder else None,
            same_instance=same,
            outside_user_arns=outside,
            people_known=known,
        )

    def _in_allowed(self, user: str, allowed: tuple[str, ...]) -> bool:
        return any(
            str(self.nodes[g].get("display_name")) in allowed for g in self.groups_of.get(user, ())
        )


def _principal(node: Node, kind: str, name_key: str) -> Principal:
    return Principal(
        str(node["id"]), kind, str(node.get(name_key) or ""), str(node["identity_store_id"])
    )


def declared_grants(item: DeclaredCustomization) -> list[tuple[str, str]]:
    """(written, user|group) for each principal a declared customization is granted to."""
    return [(g, "group") for g in item.groups] + [(u, "user") for u in item.users]
