"""Reports built by hand for the formatter tests, offered as fixtures."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qcheck.model import Finding, Reference, Report, Rule, Severity, Waiver

SNAPSHOT = "fixtures/scenarios/seed/snapshot.json"
CONFIG = "qcheck.yaml"

ORG = "arn:aws:organizations::111111111111:organization/o-abc"
ACCOUNT = "arn:aws:organizations::111111111111:account/o-abc/222222222222"
OU = "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha"
PROFILE = "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
PROFILE_2 = "arn:aws:sso::111111111111:application/ssoins-1/apl-2"
INSTANCE = "arn:aws:sso:::instance/ssoins-acct"


def rule(
    rule_id: str,
    name: str,
    severity: Severity,
    *,
    family: str = "residency",
    references: tuple[Reference, ...] = (),
    actions: tuple[str, ...] = (),
) -> Rule:
    return Rule(
        id=rule_id,
        name=name,
        title=f"{name} title",
        description=f"Description of {name}.",
        severity=severity,
        family=family,
        package=f"qcheck.{family}.{name.lower()}",
        source_path=f"policies/qcheck/{family}/{name.lower()}.rego",
        recommended_actions=actions,
        references=references,
    )


RESIDENCY = rule(
    "QC101",
    "ProfileOutsideResidencyZone",
    Severity.HIGH,
    references=(
        Reference(
            "https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html",
            "Amazon Q Developer data storage",
        ),
        Reference("https://example.org/second", "Second reference"),
    ),
    actions=("Recreate the profile in an allowed region.", "Or change the allowed zones."),
)
ACCOUNT_INSTANCE = rule("QC201", "AccountInstancePresent", Severity.CRITICAL, family="identity")
DELEGATION = rule("QC301", "DelegatedAdminNotApproved", Severity.MEDIUM, family="identity")
TAGGING = rule("QC401", "MissingOwnerTag", Severity.LOW, family="hygiene")
UNUSED = rule("QC501", "NeverFires", Severity.LOW, family="hygiene")

RULES = (RESIDENCY, ACCOUNT_INSTANCE, DELEGATION, TAGGING, UNUSED)


def finding(
    r: Rule,
    resource: str,
    *,
    message: str = "Something is wrong",
    account_id: str | None = "222222222222",
    region: str | None = "us-east-1",
    evidence: tuple[str, ...] | None = None,
    path: str = SNAPSHOT,
    line: int | None = 10,
    waiver: Waiver | None = None,
    properties: tuple[tuple[str, str], ...] = (),
) -> Finding:
    return Finding(
        rule=r,
        resource=resource,
        message=message,
        account_id=account_id,
        region=region,
        evidence=(resource,) if evidence is None else evidence,
        snapshot=SNAPSHOT,
        path=path,
        line=line,
        waiver=waiver,
        properties=properties,
    )


def sample_findings() -> tuple[Finding, ...]:
    findings = (
        finding(
            ACCOUNT_INSTANCE,
            INSTANCE,
            message="Account instance ssoins-acct exists in account 222222222222",
            region=None,
            evidence=(INSTANCE, ACCOUNT, ORG),
            line=42,
        ),
        finding(
            RESIDENCY,
            PROFILE,
            message='Q Developer profile "alpha-us" is in us-east-1, outside the zones ["EU"]',
            evidence=(PROFILE, ACCOUNT, OU),
            line=57,
            properties=(("zone", "EU"), ("allowed_regions", "eu-central-1")),
        ),
        finding(
            RESIDENCY,
            PROFILE_2,
            message="Profile | with a pipe\nand a second line",
            path="./fixtures/scenarios/seed/snapshot.json",
            line=None,
            evidence=(PROFILE_2, ACCOUNT, OU),
            waiver=Waiver(
                rule_id="QC101",
                resource=PROFILE_2,
                reason="Migration to eu-central-1 planned",
                owner="team-alpha",
                expires="2027-03-31",
                line=12,
            ),
        ),
        finding(
            DELEGATION,
            ACCOUNT,
            message="Account 222222222222 is a delegated administrator not approved in config",
            account_id="222222222222",
            region=None,
            path=CONFIG,
            line=None,
            evidence=(),
        ),
        finding(TAGGING, ORG, account_id=None, region=None, line=3),
    )
    return tuple(sorted(findings, key=lambda f: f.sort_key))


def make_report(findings: tuple[Finding, ...] | None = None) -> Report:
    return Report(
        tool_version="0.1.0",
        rules=RULES,
        findings=sample_findings() if findings is None else findings,
        snapshots=(SNAPSHOT,),
        config=CONFIG,
        declared_facts=7,
        observed_facts=123,
    )


@pytest.fixture
def build() -> Callable[[tuple[Finding, ...]], Report]:
    """A report over the sample rules holding the given findings."""
    return make_report


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def empty_report() -> Report:
    return make_report(())
