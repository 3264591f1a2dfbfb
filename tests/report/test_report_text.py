from __future__ import annotations

import dataclasses
from collections.abc import Callable

from qcheck.model import Finding, Report
from qcheck.report import text


def test_groups_by_severity_critical_first(report: Report) -> None:
    out = text.render(report)
    headers = [line for line in out.splitlines() if line.split(" (")[0].isupper() and "(" in line]
    assert headers == ["CRITICAL (1)", "HIGH (1)", "MEDIUM (1)", "LOW (1)", "WAIVED (1)"]
    assert out.index("[CRITICAL] QC201 AccountInstancePresent") < out.index(
        "[HIGH] QC101 ProfileOutsideResidencyZone"
    )
    assert out.index("[MEDIUM] QC301") < out.index("[LOW] QC401")


def test_finding_block(report: Report) -> None:
    lines = text.render(report).splitlines()
    start = lines.index("[HIGH] QC101 ProfileOutsideResidencyZone")
    block = lines[start : start + 8]
    assert block[1] == (
        '    Q Developer profile "alpha-us" is in us-east-1, outside the zones ["EU"]'
    )
    assert block[2] == "    resource: arn:aws:sso::111111111111:application/ssoins-1/apl-1"
    assert block[3] == "    account: 222222222222  region: us-east-1"
    assert block[4] == "    at fixtures/scenarios/seed/snapshot.json:57"
    assert block[5] == (
        "    evidence: arn:aws:sso::111111111111:application/ssoins-1/apl-1"
        " -> arn:aws:organizations::111111111111:account/o-abc/222222222222"
        " -> arn:aws:organizations::111111111111:ou/o-abc/ou-alpha"
    )
    assert block[6:8] == ["    zone: EU", "    allowed_regions: eu-central-1"]


def test_missing_line_account_and_region(report: Report) -> None:
    out = text.render(report)
    assert "    at qcheck.yaml\n" in out  # no line: path alone
    low = out[out.index("[LOW] QC401") :]
    assert "    account: -  region: -\n" in low


def test_waived_listed_separately_with_waiver(report: Report) -> None:
    out = text.render(report)
    open_part, waived_part = out.split("WAIVED (1)")
    assert "apl-2" not in open_part
    assert "[HIGH] QC101 ProfileOutsideResidencyZone" in waived_part
    assert "    waived: Migration to eu-central-1 planned\n" in waived_part
    assert "    owner: team-alpha  expires: 2027-03-31\n" in waived_part
    assert "    waiver at qcheck.yaml:12\n" in waived_part
    # a multi-line message stays indented
    assert "    Profile | with a pipe\n    and a second line\n" in waived_part


def test_summary_and_config_lines(report: Report) -> None:
    assert text.render(report).splitlines()[-2:] == [
        "Summary: 1 critical, 1 high, 1 medium, 1 low; 1 waived; "
        "7 facts declared in config, 123 observed",
        "Config: qcheck.yaml",
    ]


def test_says_when_no_config_was_used(report: Report) -> None:
    no_config = dataclasses.replace(report, config=None)
    assert text.render(no_config).endswith("\nConfig: none\n")


def test_no_findings(empty_report: Report) -> None:
    assert text.render(empty_report) == (
        "No findings.\n"
        "\n"
        "Summary: 0 critical, 0 high, 0 medium, 0 low; 0 waived; "
        "7 facts declared in config, 123 observed\n"
        "Config: qcheck.yaml\n"
    )


def test_only_waived(report: Report, build: Callable[[tuple[Finding, ...]], Report]) -> None:
    waived = tuple(f for f in report.findings if f.waived)
    out = text.render(build(waived))
    assert out.startswith("No open findings.\n\nWAIVED (1)\n")
    assert "0 critical, 0 high, 0 medium, 0 low; 1 waived" in out


def test_control_characters_escaped(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    hostile = dataclasses.replace(report.findings[0], message="red \x1b[31mtext\x07")
    out = text.render(build((hostile,)))
    assert "\x1b" not in out and "\x07" not in out
    assert "red \\x1b[31mtext\\x07" in out


def test_deterministic(report: Report) -> None:
    assert text.render(report) == text.render(report)
    assert text.render(report).endswith("\n")
