"""`--redact`: personal data replaced by stable pseudonyms.

User names, display names, emails and SCIM external ids of users, and account emails,
become `redacted:<hash>`. The hash is of the trimmed, lower-cased value, so one person
keeps one pseudonym across identity stores and duplicate subscriptions are still found.
A pseudonym is not anonymous: anyone holding a list of candidate emails can test them
against it, which an optional salt (QCHECK_REDACT_SALT) prevents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from qcheck.graph.kinds import NodeKind

PREFIX = "redacted:"


def pseudonym(value: str, salt: str = "") -> str:
    digest = hashlib.sha256(f"{salt}{value.strip().lower()}".encode()).hexdigest()
    return PREFIX + digest[:24]


def redact_node(node: Mapping[str, Any], salt: str = "") -> dict[str, Any]:
    out = dict(node)
    if node["kind"] == NodeKind.USER:
        for key in ("user_name", "display_name"):
            if key in out:
                out[key] = pseudonym(str(out[key]), salt)
        if "emails" in out:
            out["emails"] = [pseudonym(str(e), salt) for e in out["emails"]]
        if "external_ids" in out:
            out["external_ids"] = [
                {"issuer": e["issuer"], "id": pseudonym(str(e["id"]), salt)}
                for e in out["external_ids"]
            ]
    elif node["kind"] == NodeKind.ACCOUNT and "email" in out:
        out["email"] = pseudonym(str(out["email"]), salt)
    return out


def redact(nodes: Iterable[Mapping[str, Any]], salt: str = "") -> list[dict[str, Any]]:
    return [redact_node(node, salt) for node in nodes]
