"""qcheck.yaml as typed, frozen values. Every entry keeps its line for error messages."""

from __future__ import annotations

from dataclasses import dataclass

from qcheck.model import RuleFilter, Waiver

NO_FILTER = RuleFilter()

DEFAULT_Q_DEVELOPER_REGIONS = ("us-east-1", "eu-central-1")
DEFAULT_MONTHLY_PRICE = 19.0
# Service name keys of the AI services opt-out policy behind Amazon Q Developer: "q" and
# its former name "codewhisperer" (docs/aws-facts.md, "AI services opt-out": an assumption
# until checked against the policy syntax page's list of service names).
DEFAULT_OPT_OUT_SERVICES = ("q", "codewhisperer")
ACCEPTED_JUSTIFICATION_REASONS = (
    "proof_of_concept",
    "no_central_identity_provider",
    "organization_managed_by_another_party",
)


@dataclass(frozen=True)
class OuRef:
    """An OU or root named in qcheck.yaml: by its names from the root, or by its id.

    Names are matched one tree level at a time, never as a joined string, so an OU whose
    name contains "/" cannot be confused with a deeper path."""

    path: tuple[str, ...] | None  # ("Root", "EU/Legacy"): names from the root
    id: str | None  # "ou-ab12-34cd56ef" or "r-ab12"
    text: str  # as written, for messages
    line: int


@dataclass(frozen=True)
class Placement:
    """Zones allowed for an OU subtree or one account; the most specific placement wins."""

    zones: tuple[str, ...]
    ou: OuRef | None
    account: str | None
    line: int


@dataclass(frozen=True)
class DeclaredProfile:
    """A Q Developer profile's Region, declared: no AWS API reports it."""

    application: str  # the profile's IAM Identity Center application ARN
    region: str
    name: str
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
    description: str = ""
    business_unit: str | None = None  # whose code it was trained on
    access_declared: bool = False  # `access` is given (an empty one grants nobody)
    groups: tuple[str, ...] = ()  # granted groups: names in the profile's instance, or ids
    users: tuple[str, ...] = ()  # granted users: user names in the profile's instance, or ids


@dataclass(frozen=True)
class BusinessUnit:
    """A business unit and the groups allowed to use customizations trained on its code."""

    name: str
    allowed_groups: tuple[str, ...]
    line: int


IDENTITY_SOURCES = ("external_identity_provider", "active_directory", "identity_center_directory")


@dataclass(frozen=True)
class IdentitySource:
    """An IAM Identity Center instance's identity source, declared: no read API returns it."""

    instance: str
    source: str  # one of IDENTITY_SOURCES
    line: int


@dataclass(frozen=True)
class Config:
    path: str | None = None
    zones: tuple[tuple[str, tuple[str, ...]], ...] = ()
    placements: tuple[Placement, ...] = ()
    delegated_admin_account: str | None = None
    delegated_admin_ous: tuple[OuRef, ...] = ()
    justifications: tuple[Justification, ...] = ()
    customizations: tuple[DeclaredCustomization, ...] = ()
    business_units: tuple[BusinessUnit, ...] = ()
    identity_sources: tuple[IdentitySource, ...] = ()
    profiles: tuple[DeclaredProfile, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    monthly_price: float = DEFAULT_MONTHLY_PRICE
    currency: str = "USD"
    q_developer_regions: tuple[str, ...] = DEFAULT_Q_DEVELOPER_REGIONS
    approved_admin_groups: tuple[str, ...] = ()
    opt_out_judged: bool = False  # qcheck.yaml has an ai_opt_out section
    opt_out_scope: str = "assistant_accounts"
    opt_out_services: tuple[str, ...] = DEFAULT_OPT_OUT_SERVICES
    key_lines: tuple[tuple[str, int], ...] = ()  # "section.key" -> line, two levels deep
    rule_filter: RuleFilter = NO_FILTER  # the `filters` section

    def line_of(self, key: str) -> tuple[int, bool]:
        """Line of a dotted key, or of its nearest present ancestor (then False)."""
        lines = dict(self.key_lines)
        parts = key.split(".")
        for depth in range(len(parts), 0, -1):
            line = lines.get(".".join(parts[:depth]))
            if line is not None:
                return line, depth == len(parts)
        return 1, False


def split_ou_path(text: str) -> tuple[str, ...]:
    """Names of an OU path: "/" separates names, "\\/" is a slash inside a name, "\\\\" a
    backslash. Raises ValueError for an empty name or another escape."""
    names: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            if escaped not in ("/", "\\"):
                raise ValueError(f"unknown escape \\{escaped} (write \\/ or \\\\)")
            current.append(escaped)
        elif char == "/":
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    if any(not name.strip() for name in names):
        raise ValueError("an OU path has a name between every pair of slashes")
    return tuple(names)


def join_ou_path(names: tuple[str, ...]) -> str:
    """The written form of an OU path, escaping "/" and "\\" inside names."""
    return "/".join(n.replace("\\", "\\\\").replace("/", "\\/") for n in names)
