"""qcheck.yaml as typed, frozen values. Every entry keeps its line for error messages."""

from __future__ import annotations

from dataclasses import dataclass

from qcheck.model import Waiver

DEFAULT_Q_DEVELOPER_REGIONS = ("us-east-1", "eu-central-1")
DEFAULT_MONTHLY_PRICE = 19.0
ACCEPTED_JUSTIFICATION_REASONS = (
    "proof_of_concept",
    "no_central_identity_provider",
    "organization_managed_by_another_party",
)


@dataclass(frozen=True)
class Placement:
    """Zones allowed for an OU subtree (`ou`, a path such as Root/Alpha) or one account."""

    zones: tuple[str, ...]
    ou: str | None
    account: str | None
    line: int


@dataclass(frozen=True)
class Justification:
    """Why an account instance of IAM Identity Center exists."""

    instance: str | None
    account: str | None
    reason: str
    owner: str
    reference: str
    expires: str
    line: int


@dataclass(frozen=True)
class DeclaredCustomization:
    arn: str
    name: str
    profile: str
    account: str
    region: str
    data_source: tuple[tuple[str, str], ...]
    line: int


@dataclass(frozen=True)
class Config:
    path: str | None = None
    zones: tuple[tuple[str, tuple[str, ...]], ...] = ()
    placements: tuple[Placement, ...] = ()
    delegated_admin_account: str | None = None
    delegated_admin_ous: tuple[str, ...] = ()
    justifications: tuple[Justification, ...] = ()
    customizations: tuple[DeclaredCustomization, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    monthly_price: float = DEFAULT_MONTHLY_PRICE
    currency: str = "USD"
    q_developer_regions: tuple[str, ...] = DEFAULT_Q_DEVELOPER_REGIONS
    key_lines: tuple[tuple[str, int], ...] = ()  # "section.key" -> line, two levels deep

    def line_of(self, key: str) -> tuple[int, bool]:
        """Line of a dotted key, or of its nearest present ancestor (then False)."""
        lines = dict(self.key_lines)
        parts = key.split(".")
        for depth in range(len(parts), 0, -1):
            line = lines.get(".".join(parts[:depth]))
            if line is not None:
                return line, depth == len(parts)
        return 1, False
