"""Read a previous JSON report as a baseline: the fingerprints of the findings it held."""

from __future__ import annotations

from pathlib import Path

from qcheck.errors import InputError
from qcheck.inputs import read_json

MAX_BASELINE_BYTES = 1 << 30


def load_baseline(path: str | Path) -> frozenset[str]:
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
    return frozenset(f["fingerprint"] for f in findings)
