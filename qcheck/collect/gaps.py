"""Collection gaps and how botocore failures are classified.

Every failure ends in one of two places: a named `Gap` in the snapshot (the QC9xx rules
report it), or `InputError` (one line, exit 2) when nothing trustworthy can be collected:
missing or expired credentials, or the organization's endpoint unreachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qcheck.errors import InputError

# The error codes botocore's retry handler treats as throttling (botocore.retries.standard).
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
# Codes meaning the caller's own credentials are unusable: nothing can be collected.
CREDENTIAL_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "RequestExpired",
        "AuthFailure",
        "MissingAuthenticationToken",
        "IncompleteSignature",
    }
)
CONNECTION_ERROR = "EndpointConnectionError"
# A response item lacks a field the service model marks optional but qcheck needs.
MISSING_FIELD = "ResponseFieldMissing"


@dataclass(frozen=True)
class Gap:
    """Something that could not be read. `resource` names what the failed call was about
    (a parent, policy, instance, application, identity store or group id): the id
    `gap:<service>:<operation>:<account>:<region>[:<resource>]` carries it, and splitting
    the id on ":" at most five times gives it back whole (ARNs keep their colons)."""

    service: str
    operation: str
    account_id: str | None
    region: str | None
    error_code: str
    message: str
    resource: str | None = None

    @property
    def id(self) -> str:
        parts = [
            "gap",
            self.service,
            self.operation,
            self.account_id or "organization",
            self.region or "global",
        ]
        return ":".join([*parts, self.resource] if self.resource else parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "operation": self.operation,
            "account_id": self.account_id,
            "region": self.region,
            "error_code": self.error_code,
            "message": " ".join(self.message.split()),
        }


class CallFailed(Exception):
    """An API call that failed for good (after retries): becomes a gap where it is caught."""

    def __init__(self, service: str, operation: str, code: str, message: str) -> None:
        super().__init__(f"{service}:{operation}: {code}: {message}")
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message

    def gap(self, account_id: str | None, region: str | None, resource: str | None = None) -> Gap:
        return Gap(
            self.service, self.operation, account_id, region, self.code, self.message, resource
        )

    @property
    def is_connection(self) -> bool:
        return self.code == CONNECTION_ERROR


def credentials_error(detail: str) -> InputError:
    return InputError(f"AWS credentials missing, expired or invalid: {detail}")
