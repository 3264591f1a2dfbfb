"""Read a previous JSON report as a baseline: the fingerprints of the findings it held."""

from __future__ import annotations

from pathlib import Path

from qcheck.errors import InputError
from qcheck.inputs import read_json
from qcheck.model import PreviousFinding

__all__ = ["PreviousFinding", "load_baseline", "load_previous_findings"]

MAX_BASELINE_BYTES = 1 << 30


def load_baseline(path: str | Path) -> frozenset[str]:
    return frozenset(f.fingerprint for f in load_previous_findings(path))


def load_previous_findings(path: str | Path) -> tuple[PreviousFinding, ...]:
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
    return tuple(
        PreviousFinding(
            fingerprint=f["fingerprint"],
            rule_id=_text(f.get("rule_id")),
            severity=_text(f.get("severity")),
            resource=_text(f.get("resource")),
            message=_text(f.get("message")),
            rule_name=_text(f.get("rule_name")),
        )
        for f in findings
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
