"""Account instances in member accounts, read through a role assumed in each account.

Only ListInstances (and, for an account instance found there, its applications and
identity store) and what `also` reads there (the account's Q Business applications) run
with the member account's credentials. A role that is missing or
denies the caller is a gap of that account, never the end of the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.collect.api import Api
from qcheck.collect.context import Context, Fragment
from qcheck.collect.gaps import MISSING_FIELD, CallFailed, Gap
from qcheck.collect.identity_center import Listed, list_instances
from qcheck.collect.session import Credentials

OPERATIONS = ("sts:AssumeRole",)
SESSION_NAME = "qcheck-collect"


def role_arn(partition: str, account_id: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{role_name}"


# -- get_*: I/O only ------------------------------------------------------------------


def get_credentials(sts: Api, arn: str) -> Credentials | None:
    """None when the response carries no Credentials (optional in AssumeRoleResponse)."""
    response = sts.call("AssumeRole", RoleArn=arn, RoleSessionName=SESSION_NAME)
    return transform_credentials(response) if response.get("Credentials") else None


# -- transform_*: pure ----------------------------------------------------------------


def transform_credentials(response: dict[str, Any]) -> Credentials:
    issued = response["Credentials"]  # its four members are required in the sts model
    return Credentials(issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"])


# -- orchestration --------------------------------------------------------------------


@dataclass(frozen=True)
class MemberAccount:
    """A member account that was read, with the instances it owns."""

    account_id: str
    credentials: Credentials
    owned: tuple[Listed, ...]
    fragment: Fragment  # what `also` read in the account


def collect(
    ctx: Context,
    sts: Api,
    account_ids: Sequence[str],
    role_name: str,
    apis_for: Callable[[str, Credentials], list[Api]],
    also: Callable[[str, Credentials], Fragment] | None = None,
) -> list[MemberAccount]:
    """Assume the role in each account (bounded concurrency), list the instances it owns
    and run `also` with the account's credentials."""

    def one(account_id: str) -> MemberAccount | None:
        try:
            try:
                credentials = get_credentials(sts, role_arn(ctx.partition, account_id, role_name))
            except CallFailed as failure:
                # The gap belongs to the member account whose role could not be assumed.
                ctx.record(failure.gap(account_id, None, role_name))
                return None
            if credentials is None:
                ctx.record(
                    Gap(
                        "sts",
                        "AssumeRole",
                        account_id,
                        None,
                        MISSING_FIELD,
                        "AssumeRole returned no Credentials",
                        role_name,
                    )
                )
                return None
            listed = list_instances(ctx, apis_for(account_id, credentials))
            owned = tuple(i for i in listed if str(i.item["OwnerAccountId"]) == account_id)
            fragment = also(account_id, credentials) if also is not None else Fragment()
            if not owned:
                ctx.factory.forget(credentials)
            return MemberAccount(account_id, credentials, owned, fragment)
        finally:
            ctx.progress.account_done()

    return [m for m in ctx.map(one, account_ids) if m is not None]
