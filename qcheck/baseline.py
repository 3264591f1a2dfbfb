"""Read a previous JSON report as a baseline: the findings it held, by fingerprint."""

from __future__ import annotations

from pathlib import Path

from qcheck.errors import InputError
from qcheck.inputs import read_json
from qcheck.model import Baseline, ResolvedFinding

MAX_BASELINE_BYTES = 1 << 30

# A finding of the baseline report, as far as a report of what was resolved needs it.
PreviousFinding = ResolvedFinding


def load_baseline(path: str | Path) -> Baseline:
    name = str(path)
    document, _ = read_json(name, "baseline", MAX_BASELINE_BYTES)
    if not isinstance(document, dict) or document.get("format") != "qcheck.report":
        raise InputError(
            'not a qcheck JSON report (expected "format": "qcheck.report"; '
            "write one with `qcheck check --format json`)",
            name,
        )
    findings = document.get("findings")
    if not isinstance(findings, list) or not all(
        isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in findings
    ):
        raise InputError("baseline findings must each carry a fingerprint", name)
    return Baseline(name, tuple(_entry(f) for f in findings))


def load_previous_findings(path: str | Path) -> tuple[PreviousFinding, ...]:
    return load_baseline(path).findings


def _entry(finding: dict[str, object]) -> ResolvedFinding:
    """What a resolved finding is shown with; reports of any version 1 release have these
    fields, and a missing one is shown empty rather than refused."""

    def text(key: str) -> str:
        value = finding.get(key)
        return value if isinstance(value, str) else ""

    return ResolvedFinding(
        fingerprint=text("fingerprint"),
        rule_id=text("rule_id"),
        rule_name=text("rule_name"),
        severity=text("severity"),
        resource=text("resource"),
        message=text("message"),
    )
