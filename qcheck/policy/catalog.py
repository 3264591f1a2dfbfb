"""Find policy files, parse their METADATA and build the rule catalog.

The METADATA comment block on a policy's package is the single home of a rule's id,
title, description, severity, recommended actions and references. Embedded engines do
not expose `rego.metadata`, so qcheck reads the block itself and joins results to it by
package path.

A policy whose METADATA says `custom.library: true` is a library: helpers that rules
import (`data.qcheck.lib.violation`), loaded into every engine and bundle like a rule but
evaluated only through the rules that use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from qcheck.errors import InputError
from qcheck.inputs import load_yaml_text
from qcheck.model import ComplianceMapping, Reference, Rule, Severity
from qcheck.policy.sandbox import admit_policies

MAX_POLICY_BYTES = 1 << 20
# `package a.b`, optionally followed by a comment, as OPA accepts it
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)\s*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class PolicyFile:
    path: str
    text: str
    package: str
    is_library: bool = False  # METADATA custom.library: true

    @property
    def is_test(self) -> bool:
        return self.path.endswith("_test.rego")


@dataclass(frozen=True)
class Catalog:
    """Rules in id order, with the policy files (rules, libraries and tests) they came from."""

    rules: tuple[Rule, ...]
    policies: tuple[PolicyFile, ...]

    @property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(rule.id for rule in self.rules)

    def by_package(self) -> dict[str, Rule]:
        return {rule.package: rule for rule in self.rules}


def builtin_policy_dir() -> Path:
    """Built-in policies: inside the installed package, else the source checkout's policies/."""
    packaged = Path(str(resources.files("qcheck"))) / "builtin_policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "policies"


@cache
def metadata_schema() -> dict[str, Any]:
    text = resources.files("qcheck.schemas").joinpath("policy-metadata-v1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_catalog(
    extra_dirs: Sequence[str | Path] = (),
    include_builtin: bool = True,
    time_limit: float | None = None,
) -> Catalog:
    """Read built-in and user policy directories; refuse broken METADATA or clashing ids,
    and policies the sandbox refuses (parsed within `time_limit` seconds, default: the
    evaluation default)."""
    from qcheck.engine.embedded import DEFAULT_TIME_LIMIT

    dirs: list[tuple[Path, bool]] = [(builtin_policy_dir(), True)] if include_builtin else []
    dirs += [(Path(d), False) for d in extra_dirs]
    policies: list[PolicyFile] = []
    rules: dict[str, Rule] = {}
    packages: dict[str, str] = {}
    for directory, builtin in dirs:
        if not directory.is_dir():
            raise InputError("policy directory not found", str(directory))
        for policy in _read_policies(directory, time_limit or DEFAULT_TIME_LIMIT):
            if policy.is_test:
                policies.append(policy)
                continue
            metadata = read_metadata(policy)
            if policy.package in packages:
                raise InputError(
                    f"package {policy.package} is also defined in {packages[policy.package]}",
                    policy.path,
                    _package_line(policy.text),
                )
            packages[policy.package] = policy.path
            if metadata["custom"].get("library"):
                _refuse_deny(policy)
                policies.append(replace(policy, is_library=True))
                continue
            policies.append(policy)
            rule = rule_from_metadata(metadata, policy, builtin)
            if rule.id in rules:
                raise InputError(
                    f"rule id {rule.id} is already used by {rules[rule.id].source_path}",
                    policy.path,
                    _package_line(policy.text),
                )
            rules[rule.id] = rule
    return Catalog(tuple(sorted(rules.values(), key=lambda r: r.id)), tuple(policies))


def _read_policies(directory: Path, time_limit: float) -> Iterable[PolicyFile]:
    policies = []
    for path in sorted(directory.rglob("*.rego")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read policy: {error}", str(path)) from None
        if len(text) > MAX_POLICY_BYTES:
            raise InputError(f"policy file larger than {MAX_POLICY_BYTES // 1024} KiB", str(path))
        match = _PACKAGE.search(text)
        if match is None:
            raise InputError("no package declaration", str(path), 1)
        policies.append(PolicyFile(_display(path), text, match.group(1)))
    admit_policies([(p.path, p.text) for p in policies], time_limit)
    return policies


def _display(path: Path) -> str:
    """A path relative to the working directory when it lies below it, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _package_line(text: str) -> int:
    match = _PACKAGE.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


# a rule named `deny` at the start of a line, as the engines would evaluate it
_DENY = re.compile(r"^deny(?:\s|\[|:=|=|\(|$)", re.M)


def _refuse_deny(policy: PolicyFile) -> None:
    """A library's `deny` would never be evaluated: say so rather than drop findings."""
    match = _DENY.search(policy.text)
    if match is not None:
        raise InputError(
            "a library (METADATA custom.library: true) must not define deny; "
            "give it a rule's METADATA instead",
            policy.path,
            policy.text.count("\n", 0, match.start()) + 1,
        )


def parse_rule(policy: PolicyFile, builtin: bool) -> Rule:
    """The Rule described by the METADATA block directly above the package line."""
    return rule_from_metadata(read_metadata(policy), policy, builtin)


def read_metadata(policy: PolicyFile) -> dict[str, Any]:
    """The METADATA block directly above the package line, checked against the schema."""
    lines = policy.text.splitlines()
    package_line = _package_line(policy.text)
    block: list[str] = []
    index = package_line - 2
    while index >= 0 and lines[index].startswith("#"):
        block.insert(0, lines[index])
        index -= 1
    start = index + 2  # 1-based line of the block's first comment
    if not block or block[0].strip() != "# METADATA":
        raise InputError(
            "missing METADATA block above the package line (see docs/writing-policies.md)",
            policy.path,
            package_line,
        )
    body = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in block[1:])
    metadata = load_metadata_yaml(body, policy.path, start + 1)
    errors = sorted(
        Draft202012Validator(metadata_schema()).iter_errors(metadata),
        key=lambda e: (len(e.path), list(map(str, e.path))),
    )
    if errors:
        first = errors[0]
        keys = [str(p) for p in first.path if not isinstance(p, int)]
        if first.validator == "additionalProperties" and isinstance(first.instance, dict):
            allowed = first.schema.get("properties", {})
            keys += sorted(k for k in first.instance if k not in allowed)[:1]
        where = " " + ".".join(str(p) for p in first.path) if first.path else ""
        hint = first.schema.get("description") if first.validator == "pattern" else None
        message = f"{first.message} ({hint})" if hint else first.message
        line = _metadata_line(block, keys, start)
        raise InputError(f"METADATA{where}: {message}", policy.path, line)
    checked: dict[str, Any] = metadata
    return checked


def rule_from_metadata(metadata: dict[str, Any], policy: PolicyFile, builtin: bool) -> Rule:
    custom = metadata["custom"]
    package_parts = policy.package.split(".")
    return Rule(
        id=custom["id"],
        name=custom["name"],
        title=metadata["title"].strip(),
        description=" ".join(metadata["description"].split()),
        severity=Severity(custom["severity"]),
        family=custom.get("family") or (package_parts[-2] if len(package_parts) > 1 else "custom"),
        package=policy.package,
        source_path=policy.path,
        recommended_actions=tuple(" ".join(a.split()) for a in custom["recommended_actions"]),
        references=tuple(
            Reference(r["ref"], r.get("description", r["ref"]))
            for r in metadata.get("related_resources", [])
        ),
        builtin=builtin,
        config_keys=tuple(custom.get("config_keys", ())),
        depends_on=tuple(custom.get("depends_on", ())),
        compliance=tuple(
            ComplianceMapping(c["framework"], c["control"], " ".join(c["why"].split()))
            for c in custom.get("compliance", ())
        ),
        all_subscribers=custom.get("all_subscribers", False),
    )


def load_metadata_yaml(body: str, path: str, first_line: int) -> Any:
    """The METADATA block's YAML (its text starting at `first_line` of `path`), read like
    every YAML qcheck reads: alias bombs, deep nesting and duplicate keys refused with the
    policy's line."""
    try:
        return load_yaml_text(body, path, first_line).data
    except InputError as error:
        detail = error.detail.replace("not valid YAML", "is not valid YAML")
        raise InputError(f"METADATA {detail}", error.path, error.line) from None


def _metadata_line(block: list[str], keys: list[str], start: int) -> int:
    """Best line for an error at `keys`: the last key of the path found in the block."""
    line = start
    for key in keys:
        for offset, text in enumerate(block[line - start :], start=line):
            if re.match(rf"#\s*(?:-\s+)?{re.escape(key)}\s*:", text):
                line = offset
                break
    return line
