"""One client bound to an account and Region: calls with a throttling deadline, full pages.

botocore's adaptive retry mode retries throttled calls and slows the client's send rate;
when it gives up, `Api.call` keeps re-issuing a throttled call, with capped exponential
backoff, until its deadline passes: only then does throttling become a gap. Pages are
requested at the maximum size the operation's service model allows, so a listing costs
the fewest calls possible.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from qcheck.collect.clock import SYSTEM_CLOCK, Clock
from qcheck.collect.gaps import (
    CONNECTION_ERROR,
    CREDENTIAL_CODES,
    THROTTLING_CODES,
    CallFailed,
    credentials_error,
)
from qcheck.collect.session import CallStats

_MAX_BACKOFF = 20.0


@dataclass(frozen=True)
class Api:
    """A client plus where its calls go. `own_credentials` is False for assumed roles:
    their credential failures are gaps of that account, not the end of the run."""

    client: Any
    service: str  # signing name and IAM prefix: organizations, sso, identitystore, sts
    account_id: str | None
    region: str | None
    stats: CallStats
    deadline: float  # seconds a throttled call keeps being retried
    own_credentials: bool = True
    clock: Clock = SYSTEM_CLOCK  # what the deadline and backoff read and sleep on

    def call(self, operation: str, **params: Any) -> dict[str, Any]:
        from botocore import xform_name
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            ConnectionClosedError,
            ConnectTimeoutError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
            ReadTimeoutError,
        )

        method = getattr(self.client, xform_name(operation))
        give_up_at = self.clock.monotonic() + self.deadline
        tries = 0
        while True:
            try:
                response: dict[str, Any] = method(**params)
                return response
            except ClientError as error:
                code = str(error.response.get("Error", {}).get("Code", "Unknown"))
                message = str(error.response.get("Error", {}).get("Message", "")) or str(error)
                if code in THROTTLING_CODES and self.clock.monotonic() < give_up_at:
                    tries += 1
                    self.stats.count_reissue(f"{self.service}:{operation}")
                    pause = min(_MAX_BACKOFF, 0.25 * 2**tries) * (0.5 + random.random() / 2)
                    self.clock.sleep(max(0.0, min(pause, give_up_at - self.clock.monotonic())))
                    continue
                if code in CREDENTIAL_CODES and self.own_credentials:
                    raise credentials_error(f"{code}: {message}") from None
                raise CallFailed(self.service, operation, code, message) from None
            except (NoCredentialsError, PartialCredentialsError) as error:
                raise credentials_error(str(error)) from None
            except (
                EndpointConnectionError,
                ConnectTimeoutError,
                ReadTimeoutError,
                ConnectionClosedError,
            ) as error:
                raise CallFailed(self.service, operation, CONNECTION_ERROR, str(error)) from None
            except BotoCoreError as error:
                if "credential" in type(error).__name__.lower() and self.own_credentials:
                    raise credentials_error(str(error)) from None
                raise CallFailed(
                    self.service, operation, type(error).__name__, str(error)
                ) from None

    def page_size(self, operation: str, limit: str = "MaxResults") -> int | None:
        """The maximum of the operation's page-size member (`limit`) in botocore's model, or
        None if it has none."""
        shape = self.client.meta.service_model.operation_model(operation).input_shape
        member = shape.members.get(limit) if shape is not None else None
        return int(member.metadata["max"]) if member is not None else None

    def items(
        self,
        operation: str,
        key: str,
        token: str = "NextToken",
        limit: str = "MaxResults",
        **params: Any,
    ) -> list[dict[str, Any]]:
        """Every item of a token-paginated listing, fetched at maximum page size. `token`
        and `limit` name the pagination members (rest-json services such as qbusiness
        spell them nextToken and maxResults: their paginators-1.json)."""
        size = self.page_size(operation, limit)
        if size is not None:
            params[limit] = size
        found: list[dict[str, Any]] = []
        while True:
            page = self.call(operation, **params)
            found.extend(page.get(key, []))
            next_token = page.get(token)
            if not next_token:
                return found
            params[token] = next_token
