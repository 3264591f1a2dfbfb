"""The boto3 session, its read-only guard, call accounting and the client factory.

This is the only module that imports boto3 (lazily, through `open_session`). Clients read
the standard credential chain, profiles, regions and endpoint overrides (AWS_ENDPOINT_URL
and the per-service AWS_ENDPOINT_URL_<SERVICE> variables) exactly as boto3 does.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from qcheck import __version__
from qcheck.collect.clock import SYSTEM_CLOCK, Clock
from qcheck.errors import InputError

READ_PREFIXES = ("List", "Describe", "Get")
# AssumeRole changes nothing: it only mints short-lived credentials for member accounts.
READ_EXCEPTIONS = frozenset({("sts", "AssumeRole")})
DEFAULT_MAX_ATTEMPTS = 5
# botocore waits 60 s to connect and 60 s for each read by default (botocore/config.py),
# and retries timeouts as transient errors (botocore/retries/standard.py): an endpoint
# that never answers kept `collect` silent for six minutes. Read-only List/Describe/Get
# calls answer in well under a second; these bounds still allow for a slow link.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0


class ReadOnlyViolation(RuntimeError):
    """A non-read operation was about to be sent; raised before anything leaves the process."""


def is_read_operation(signing_name: str, operation: str) -> bool:
    return operation.startswith(READ_PREFIXES) or (signing_name, operation) in READ_EXCEPTIONS


class CallStats:
    """Thread-safe counts of API calls and HTTP attempts per `service:Operation`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.attempts: Counter[str] = Counter()

    def count_call(self, key: str) -> None:
        with self._lock:
            self.calls[key] += 1

    def count_attempt(self, key: str) -> None:
        with self._lock:
            self.attempts[key] += 1

    def count_reissue(self, key: str) -> None:
        """A throttled call we re-issue after botocore gave up is the same logical call:
        its next before-call is not a new call, only more attempts."""
        with self._lock:
            self.calls[key] -= 1

    @property
    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())

    @property
    def retries(self) -> int:
        """HTTP attempts beyond the first of each logical call (botocore's and ours)."""
        with self._lock:
            return sum(self.attempts.values()) - sum(self.calls.values())


def install_hooks(events: Any, stats: CallStats) -> None:
    """Register the read-only guard and the call counters on a botocore event emitter.

    `before-call` fires once per API call after parameter validation and before the
    request is built or signed; raising there means nothing is sent. `request-created`
    fires once per HTTP attempt, retries included.
    """

    def guard(model: Any, **_: Any) -> None:
        signing_name = model.service_model.signing_name
        if not is_read_operation(signing_name, model.name):
            raise ReadOnlyViolation(
                f"refusing {signing_name}:{model.name}: qcheck collect only reads "
                f"(List*, Describe*, Get*)"
            )
        stats.count_call(f"{signing_name}:{model.name}")

    def attempt(request: Any, operation_name: str, event_name: str, **_: Any) -> None:
        del request
        stats.count_attempt(f"{_signing_names.get(event_name.split('.')[1], '?')}:{operation_name}")

    events.register("before-call", guard, unique_id="qcheck-read-only")
    events.register("request-created", attempt, unique_id="qcheck-attempts")


# request-created events carry the service id (e.g. "SSO Admin" -> "sso-admin"); map it to
# the signing name, which is also the IAM action prefix.
_signing_names = {
    "organizations": "organizations",
    "identitystore": "identitystore",
    "account": "account",
    "sso-admin": "sso",
    "sts": "sts",
    "qbusiness": "qbusiness",
}


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    token: str


class ClientFactory:
    """Creates and caches clients; botocore sessions are not thread-safe, so creation locks."""

    def __init__(
        self,
        session: Any,
        concurrency: int,
        max_attempts: int | None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        from botocore.config import Config

        self.session = session
        self.clock = clock
        attempts = max_attempts or session._session.get_config_variable("max_attempts")
        # botocore's adaptive mode, installed by `retries.install` on the clock
        self._config = Config(
            retries={"mode": "standard", "max_attempts": int(attempts or DEFAULT_MAX_ATTEMPTS)},
            max_pool_connections=max(10, concurrency),
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=READ_TIMEOUT,
            user_agent_extra=f"qcheck/{__version__}",
        )
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str, str | None], Any] = {}

    def client(self, service: str, region: str, credentials: Credentials | None = None) -> Any:
        from qcheck.collect import retries

        key = (service, region, credentials.access_key if credentials else None)
        with self._lock:
            cached = self._clients.get(key)
            if cached is None:
                extra: dict[str, str] = {}
                if credentials is not None:
                    extra = {
                        "aws_access_key_id": credentials.access_key,
                        "aws_secret_access_key": credentials.secret_key,
                        "aws_session_token": credentials.token,
                    }
                cached = self.session.client(
                    service, region_name=region, config=self._config, **extra
                )
                retries.install(cached, self.clock)
                self._clients[key] = cached
            return cached

    def forget(self, credentials: Credentials) -> None:
        """Drop the clients of a member account once it is done (bounded memory)."""
        with self._lock:
            for key in [k for k in self._clients if k[2] == credentials.access_key]:
                del self._clients[key]


def open_session(profile: str | None, stats: CallStats) -> Any:
    """A boto3 session from the standard chain (or `profile`), with the hooks installed."""
    try:
        import boto3
        from botocore.exceptions import ProfileNotFound
    except ImportError:
        raise InputError("qcheck collect needs boto3: pip install 'qcheck[collect]'") from None

    try:
        session = boto3.Session(profile_name=profile)
    except ProfileNotFound as error:
        raise InputError(str(error)) from None
    install_hooks(session.events, stats)
    return session
