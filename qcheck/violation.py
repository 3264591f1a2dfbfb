"""The violation contract: what a policy's `deny` returns, checked and read into typed values.

A violation is an object with string `resource` and `message` and, optionally:

- `evidence`: one evidence path, a list of node ids from the resource onwards;
- `evidence_paths`: several evidence paths, a list of such lists (e.g. one per identity
  store a person is subscribed through); give either this or `evidence`, not both;
- `examples`: a list of node ids that illustrate the finding but form no chain (e.g.
  some of the accounts a policy does not cover);
- `properties`: an object of extra values, reported as strings;
- `severity`: critical, high, medium or low, for a rule whose findings differ in weight
  (an open application by its kind); at most the rule's METADATA severity, its default.

Ids that are null are dropped; other values are turned into strings. docs/writing-policies.md
documents the contract for policy authors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class Violation:
    resource: str
    message: str
    paths: tuple[tuple[str, ...], ...]  # non-empty paths only
    examples: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]  # sorted by key
    severity: str | None = None  # this finding's severity when the rule varies it

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every id the evidence names, without repeats: the paths' in order, then examples'."""
        return tuple(dict.fromkeys(node for path in (*self.paths, self.examples) for node in path))


class ViolationError(ValueError):
    """A value returned by `deny` that does not follow the contract."""


def parse_violation(value: Any) -> Violation:
    """`value` read as a violation; ViolationError names what is wrong."""
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("resource"), str)
        or not isinstance(value.get("message"), str)
    ):
        raise ViolationError(
            f"deny returned a violation without string `resource` and `message`: {_short(value)}"
        )
    single = _ids(value, "evidence", value.get("evidence", []))
    raw_paths = value.get("evidence_paths", [])
    if not isinstance(raw_paths, list):
        raise ViolationError(f"`evidence_paths` must be a list of lists of ids: {_short(value)}")
    paths = tuple(_ids(value, "evidence_paths", path) for path in raw_paths)
    if single and any(paths):
        raise ViolationError(
            "a violation gives either `evidence` (one path) or `evidence_paths` "
            f"(several), not both: {_short(value)}"
        )
    properties = value.get("properties") or {}
    severity = value.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ViolationError(f"`severity` must be one of {', '.join(SEVERITIES)}: {_short(value)}")
    return Violation(
        resource=value["resource"],
        message=value["message"],
        paths=tuple(path for path in (single, *paths) if path),
        examples=_ids(value, "examples", value.get("examples", [])),
        properties=tuple(sorted((str(k), str(v)) for k, v in properties.items()))
        if isinstance(properties, dict)
        else (),
        severity=severity,
    )


def _ids(violation: dict[str, Any], key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        shape = "a list of lists of ids" if key == "evidence_paths" else "a list of ids"
        raise ViolationError(f"`{key}` must be {shape}: {_short(violation)}")
    return tuple(str(node) for node in value if node is not None)


def _short(value: Any) -> str:
    return str(value)[:120]
