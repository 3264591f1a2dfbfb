"""Who is the same person across identity stores.

Each IAM Identity Center instance has its own identity store, so one person has one user
per instance. Users are joined, in this order:
1. by the identifier their identity provider issued: the same `ExternalIds` entry (issuer
   and id) means the same person at the IdP (Identity Store API reference, ExternalId);
2. by email, case-insensitively, between users of different identity stores that carry no
   conflicting external id from the same issuer. Two users of one identity store that share
   an email are different users (a shared mailbox), so that email joins neither of them.
An Identity Store user carries at most one email (Identity Store API reference, User:
"Emails ... the number of emails is limited to one"), so the first email is the email.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EXTERNAL_ID = "external_id"
EMAIL = "email"
USER = "user"


@dataclass(frozen=True)
class Person:
    id: str  # the smallest user ARN among the person's users: unique, stable
    name: str  # for people: their email, else issuer:id, else the user name, lower-cased
    matched_by: str  # external_id | email | user (one user, nothing joined)


def match_people(records: Iterable[Mapping[str, Any]]) -> dict[str, Person]:
    """Person of each user (by user ARN)."""
    users = sorted(records, key=lambda u: u["id"])
    parent = {u["id"]: u["id"] for u in users}
    how: dict[str, str] = {}  # component root -> strongest key kind that joined it

    def find(user: str) -> str:
        while parent[user] != user:
            parent[user] = parent[parent[user]]
            user = parent[user]
        return user

    def join(a: str, b: str, kind: str) -> None:
        ra, rb = find(a), find(b)
        kinds = {how.get(ra), how.get(rb), kind}
        if ra != rb:
            ra, rb = min(ra, rb), max(ra, rb)
            parent[rb] = ra
        how[ra] = EXTERNAL_ID if EXTERNAL_ID in kinds else EMAIL

    by_external: dict[tuple[str, str], list[str]] = defaultdict(list)
    issued: dict[str, dict[str, set[str]]] = {}
    for user in users:
        for external in user.get("external_ids") or ():
            by_external[(external["issuer"], external["id"])].append(user["id"])
            issued.setdefault(user["id"], {}).setdefault(external["issuer"], set()).add(
                external["id"]
            )
    for same_id in by_external.values():
        for other in same_id[1:]:
            join(same_id[0], other, EXTERNAL_ID)

    by_email: dict[str, list[tuple[str, str]]] = defaultdict(list)  # -> (store, user)
    for user in users:
        email = _email(user)
        if email:
            by_email[email].append((user["identity_store_id"], user["id"]))
    for found in by_email.values():
        if len(found) < 2:
            continue  # the common case: nobody to join
        stores = [store for store, _ in found]
        unique = sorted(user for store, user in found if stores.count(store) == 1)
        for other in unique[1:]:
            if not _conflicting(issued.get(unique[0], {}), issued.get(other, {})):
                join(unique[0], other, EMAIL)

    members_of: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in users:
        members_of[find(record["id"])].append(record)
    people: dict[str, Person] = {}
    for root, members in members_of.items():
        person = Person(root, _name(members), how.get(root, USER))
        for member in members:
            people[member["id"]] = person
    return people


def possibly_joined(records: Iterable[Mapping[str, Any]]) -> set[str]:
    """Ids of the users that share an external id or an email with another user: the
    only ones match_people can join to someone. Every user sharing a key with one of them
    is in the set too, so match_people over the set finds the same people as over all."""
    seen: dict[Any, str] = {}
    joined: set[str] = set()
    for user in records:
        user_id = user["id"]
        emails = user.get("emails")
        keys: list[Any] = [str(emails[0]).strip().lower()] if emails else []
        externals = user.get("external_ids")
        if externals:
            keys += [(x["issuer"], x["id"]) for x in externals]
        for key in keys:
            other = seen.setdefault(key, user_id)
            if other != user_id:
                joined.update((other, user_id))
    return joined


def _email(user: Mapping[str, Any]) -> str:
    emails = user.get("emails") or []
    return str(emails[0]).strip().lower() if emails else ""


def _conflicting(a: Mapping[str, set[str]], b: Mapping[str, set[str]]) -> bool:
    """Both users carry ids from one issuer and none of them agree: two people."""
    return any(issuer in b and not (ids & b[issuer]) for issuer, ids in a.items())


def _name(members: list[Mapping[str, Any]]) -> str:
    emails = sorted({e for e in map(_email, members) if e})
    if emails:
        return emails[0]
    issued = sorted(
        f"{x['issuer']}:{x['id']}" for m in members for x in m.get("external_ids") or ()
    )
    if issued:
        return issued[0].lower()
    return min(str(m["user_name"]) for m in members).strip().lower()
