"""OPA bundles of qcheck's policies, and the catalog document the bundle carries as data.

A bundle is a gzipped tar that an OPA fleet downloads from a bundle service:

    /.manifest                        {"revision", "roots", "metadata"}
    /qcheck/<family>/<rule>/<rule>.rego   one file per rule, in its package's directory
    /<package dirs>/<file>.rego           user policies, likewise
    /qcheck/catalog/data.json         the rule catalog: data.qcheck.catalog

Tests are left out: a served bundle holds what a fleet evaluates (run tests with
`qcheck policy test`). Each rule is queried as `data.<package>.deny` with the document
`qcheck check --dump-input` writes as input; data.qcheck.catalog maps rule ids to their
package, query, severity and documentation, so a consumer can label results without qcheck.
The archive is deterministic: the same policies give the same bytes and revision.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from qcheck import __version__
from qcheck.facts.model import INPUT_VERSION
from qcheck.model import Rule
from qcheck.policy.catalog import Catalog

CATALOG_DATA_PATH = "qcheck/catalog"


def rule_query(rule: Rule) -> str:
    return f"data.{rule.package}.deny"


def catalog_document(rules: Sequence[Rule]) -> dict[str, Any]:
    """data.qcheck.catalog: what each rule is and how to query it."""
    return {
        "input_version": INPUT_VERSION,
        "rules": {
            rule.id: {
                "id": rule.id,
                "name": rule.name,
                "severity": rule.severity.value,
                "title": rule.title,
                "description": rule.description,
                "family": rule.family,
                "package": rule.package,
                "query": rule_query(rule),
                "recommended_actions": list(rule.recommended_actions),
                "references": [
                    {"url": r.url, "description": r.description} for r in rule.references
                ],
                "builtin": rule.builtin,
            }
            for rule in rules
        },
    }


@dataclass(frozen=True)
class Bundle:
    data: bytes  # the .tar.gz
    revision: str
    roots: tuple[str, ...]
    policies: tuple[str, ...]  # paths of the .rego files inside the bundle
    manifest: dict[str, Any]


def bundle_roots(packages: Sequence[str]) -> tuple[str, ...]:
    """The paths the bundle owns: `qcheck` for qcheck's packages (and the catalog data),
    each other package's own path, minus any path inside another root."""
    candidates = {"qcheck"} | {
        "qcheck" if p.split(".")[0] == "qcheck" else p.replace(".", "/") for p in packages
    }
    roots = [
        root
        for root in candidates
        if not any(root != other and root.startswith(other + "/") for other in candidates)
    ]
    return tuple(sorted(roots))


def build_bundle(catalog: Catalog) -> Bundle:
    files: dict[str, bytes] = {}
    packages = []
    for policy in catalog.policies:
        if policy.is_test:
            continue
        # one rule file per package (the catalog refuses a second), so this never clashes
        name = PurePosixPath(policy.path.replace("\\", "/")).name
        files["/".join([*policy.package.split("."), name])] = policy.text.encode("utf-8")
        packages.append(policy.package)
    data_path = f"{CATALOG_DATA_PATH}/data.json"
    files[data_path] = (
        json.dumps(catalog_document(catalog.rules), indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path] + b"\0")
    revision = digest.hexdigest()[:16]
    roots = bundle_roots(packages)
    manifest: dict[str, Any] = {
        "revision": revision,
        "roots": list(roots),
        "metadata": {
            "name": "qcheck",
            "qcheck_version": __version__,
            "input_version": INPUT_VERSION,
            "query": "data.<package>.deny for each rule; see data.qcheck.catalog.rules[*].query",
        },
    }
    files[".manifest"] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return Bundle(
        _targz(files),
        revision,
        roots,
        tuple(sorted(p for p in files if p.endswith(".rego"))),
        manifest,
    )


def _targz(files: dict[str, bytes]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path in sorted(files, key=lambda p: (p != ".manifest", p)):
            info = tarfile.TarInfo(path)
            info.size = len(files[path])
            info.mode = 0o644
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(files[path]))
    return gzip.compress(raw.getvalue(), compresslevel=9, mtime=0)
