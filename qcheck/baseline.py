"""Read a previous JSON report as a baseline: the fingerprints of the findings it held."""

from __future__ import annotations

import json
from pathlib import Path

from qcheck.errors import InputError


def load_baseline(path: str | Path) -> frozenset[str]:
    name = str(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("baseline not found", name) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read baseline: {error}", name) from None
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", name, error.lineno) from None
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
