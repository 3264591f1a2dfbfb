from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable

from qcheck.model import Finding, Report
from qcheck.report import json_report


def _load(report: Report) -> dict[str, object]:
    data = json.loads(json_report.render(report))
    assert isinstance(data, dict)
    return data


def test_top_level_structure(report: Report) -> None:
    data = _load(report)
    assert list(data) == [
        "format",
        "version",
        "tool",
        "inputs",
        "as_of",
        "facts",
        "summary",
        "rules",
        "filtered_rules",
        "baseline",
        "findings",
    ]
    assert data["format"] == "qcheck.report"
    assert data["version"] == 1
    assert data["tool"] == {"name": "qcheck", "version": "0.1.0"}
    assert data["inputs"] == {
        "snapshots": ["fixtures/scenarios/seed/snapshot.json"],
        "config": "qcheck.yaml",
    }
    assert data["facts"] == {"observed": 123, "declared": 7}


def test_summary_counts(report: Report) -> None:
    assert _load(report)["summary"] == {
        "total": 5,
        "open": 4,
        "by_severity": {"critical": 1, "high": 1, "medium": 1, "low": 1},
        "waived": 1,
    }


def test_rules_listed_in_catalog_order(report: Report) -> None:
    rules = _load(report)["rules"]
    assert isinstance(rules, list)
    assert [r["id"] for r in rules] == ["QC101", "QC201", "QC301", "QC401", "QC501"]
    first = rules[0]
    assert first["name"] == "ProfileOutsideResidencyZone"
    assert first["title"] == "ProfileOutsideResidencyZone title"
    assert first["severity"] == "high"
    assert first["security_severity"] == "8.0"
    assert first["recommended_actions"] == [
        "Recreate the profile in an allowed region.",
        "Or change the allowed zones.",
    ]
    assert first["references"][0] == {
        "url": "https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html",
        "description": "Amazon Q Developer data storage",
    }


def test_findings_in_report_order(report: Report) -> None:
    findings = _load(report)["findings"]
    assert isinstance(findings, list)
    assert [(f["rule_id"], f["resource"]) for f in findings] == [
        (f.rule.id, f.resource) for f in report.findings
    ]


def test_finding_fields(report: Report) -> None:
    findings = _load(report)["findings"]
    assert isinstance(findings, list)
    high = next(f for f in findings if f["rule_id"] == "QC101" and not f["waived"])
    assert high == {
        "rule_id": "QC101",
        "rule_name": "ProfileOutsideResidencyZone",
        "severity": "high",
        "title": "ProfileOutsideResidencyZone title",
        "resource": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
        "message": 'Q Developer profile "alpha-us" is in us-east-1, outside the zones ["EU"]',
        "account_id": "222222222222",
        "region": "us-east-1",
        "snapshot": "fixtures/scenarios/seed/snapshot.json",
        "location": {"path": "fixtures/scenarios/seed/snapshot.json", "line": 57},
        "evidence": [
            "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
            "arn:aws:organizations::111111111111:account/o-abc/222222222222",
            "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
        ],
        "properties": {"allowed_regions": "eu-central-1", "zone": "EU"},
        "waived": False,
        "waiver": None,
        "fingerprint": report.findings[1].fingerprint,
        "baseline_state": None,
        "evidence_path": [],
        "related": [],
    }
    assert list(high["properties"]) == ["allowed_regions", "zone"]  # sorted keys


def test_waived_finding_and_nulls(report: Report) -> None:
    findings = _load(report)["findings"]
    assert isinstance(findings, list)
    waived = [f for f in findings if f["waived"]]
    assert len(waived) == 1
    assert waived[0]["waiver"] == {
        "reason": "Migration to eu-central-1 planned",
        "owner": "team-alpha",
        "expires": "2027-03-31",
        "line": 12,
    }
    assert waived[0]["location"] == {
        "path": "./fixtures/scenarios/seed/snapshot.json",
        "line": None,
    }
    low = next(f for f in findings if f["rule_id"] == "QC401")
    assert low["account_id"] is None and low["region"] is None


def test_fingerprint_is_rule_and_resource_only(report: Report) -> None:
    base = report.findings[0]
    expected = hashlib.sha256(f"{base.rule.id}|{base.resource}".encode()).hexdigest()[:32]
    assert base.fingerprint == expected
    assert len(expected) == 32
    moved = dataclasses.replace(base, line=999, message="reworded", evidence=(), path="x.json")
    assert moved.fingerprint == base.fingerprint
    other = dataclasses.replace(base, resource=base.resource + "-other")
    assert other.fingerprint != base.fingerprint
    other_rule = dataclasses.replace(base, rule=report.rules[4])
    assert other_rule.fingerprint != base.fingerprint


def test_empty_report(empty_report: Report) -> None:
    data = _load(empty_report)
    assert data["findings"] == []
    assert data["summary"] == {
        "total": 0,
        "open": 0,
        "by_severity": {"critical": 0, "high": 0, "medium": 0, "low": 0},
        "waived": 0,
    }
    assert len(data["rules"]) == 5  # type: ignore[arg-type]


def test_unicode_kept_and_deterministic(
    report: Report, build: Callable[[tuple[Finding, ...]], Report]
) -> None:
    finding = dataclasses.replace(report.findings[0], message="Zone « EU » — ünïcode")
    out = json_report.render(build((finding,)))
    assert "Zone « EU » — ünïcode" in out
    assert out == json_report.render(build((finding,)))
    assert out.endswith("}\n")
    assert '\n  "format": "qcheck.report",\n' in out  # indent 2
