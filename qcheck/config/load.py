"""Load qcheck.yaml safely, validate it against its JSON Schema, and type it."""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from qcheck.config.model import (
    DEFAULT_MONTHLY_PRICE,
    DEFAULT_OPT_OUT_SERVICES,
    DEFAULT_Q_DEVELOPER_REGIONS,
    BusinessUnit,
    Config,
    DeclaredCustomization,
    DeclaredProfile,
    IdentitySource,
    Justification,
    OuRef,
    Placement,
    split_ou_path,
)
from qcheck.errors import InputError
from qcheck.inputs import decode_utf8, load_yaml_text, read_bytes
from qcheck.model import RuleFilter, Severity, Waiver


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of qcheck.yaml version 1."""
    text = resources.files("qcheck.schemas").joinpath("config-v1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def load_config(path: str | Path, known_rules: Collection[str] = ()) -> Config:
    """Read and validate a config file; raise InputError naming file and line."""
    name = str(path)
    text = decode_utf8(read_bytes(name, "config file", MAX_CONFIG_BYTES), name)
    return parse_config(text, name, known_rules)


MAX_CONFIG_BYTES = 1 << 20


def parse_config(text: str, path: str, known_rules: Collection[str] = ()) -> Config:
    if len(text) > MAX_CONFIG_BYTES:
        raise InputError(f"config larger than {MAX_CONFIG_BYTES >> 10} KiB", path)
    loaded = load_yaml_text(text, path)
    root, data = loaded.root, loaded.data
    if root is None or data is None:
        raise InputError("empty config: expected at least `version: 1`", path, 1)

    validator = Draft202012Validator(schema())
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.path), list(map(str, e.path)))
    )
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.path) or "top level"
        message = first.message
        if first.validator == "type" and isinstance(first.instance, int):
            message += ' (quote account ids, e.g. "111122223333")'
        if first.validator == "const" and list(first.path) == ["version"]:
            found = json.dumps(first.instance)
            message = f"unsupported config version {found}; this qcheck reads version 1"
        raise InputError(f"{where}: {message}", path, _line_of(root, list(first.path)))

    def line(*keys: str | int) -> int:
        return _line_of(root, list(keys)) or 1

    for keys in _date_fields(data):
        value = data
        for key in keys:
            value = value[key]
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            where = ".".join(map(str, keys))
            raise InputError(
                f"{where}: {value!r} is not a calendar date", path, line(*keys)
            ) from None

    residency = data.get("residency", {})
    zones = residency.get("zones", {})
    placements = tuple(
        Placement(
            tuple(p["zones"]),
            _ou_ref(p.get("ou"), p.get("ou_id"), path, line("residency", "placements", i)),
            p.get("account"),
            line("residency", "placements", i),
        )
        for i, p in enumerate(residency.get("placements", []))
    )
    for index, placement in enumerate(placements):
        unknown = [z for z in placement.zones if z not in zones]
        if unknown:
            raise InputError(
                f"residency.placements.{index}: unknown zone {unknown[0]!r} "
                f"(zones: {', '.join(sorted(zones)) or 'none defined'})",
                path,
                placement.line,
            )

    idc = data.get("identity_center", {})
    justifications = tuple(
        Justification(
            instance=j.get("instance"),
            account=j.get("account"),
            reason=j["reason"],
            owner=j["owner"],
            reference=j.get("reference", ""),
            expires=j["expires"],
            line=line("account_instances", "justifications", i),
        )
        for i, j in enumerate(data.get("account_instances", {}).get("justifications", []))
    )
    customizations = tuple(
        DeclaredCustomization(
            arn=c["arn"],
            name=c.get("name", ""),
            profile=c["profile"],
            account=c["account"],
            region=c["region"],
            data_source=tuple(sorted(c.get("data_source", {}).items())),
            line=line("inventory", "customizations", i),
            description=c.get("description", ""),
            business_unit=c.get("business_unit"),
            access_declared="access" in c,
            groups=tuple(c.get("access", {}).get("groups", ())),
            users=tuple(c.get("access", {}).get("users", ())),
        )
        for i, c in enumerate(data.get("inventory", {}).get("customizations", []))
    )
    business_units = tuple(
        BusinessUnit(u["name"], tuple(u.get("allowed_groups", ())), line(*key))
        for i, u in enumerate(data.get("inventory", {}).get("business_units", []))
        for key in [("inventory", "business_units", i)]
    )
    unit_names = [u.name for u in business_units]
    for index, unit in enumerate(business_units):
        if unit.name in unit_names[:index]:
            raise InputError(
                f"inventory.business_units: {unit.name!r} is declared twice", path, unit.line
            )
    for index, item in enumerate(customizations):
        if item.business_unit is not None and item.business_unit not in unit_names:
            raise InputError(
                f"inventory.customizations.{index}.business_unit: unknown business unit "
                f"{item.business_unit!r} (declared: {', '.join(unit_names) or 'none'})",
                path,
                line("inventory", "customizations", index, "business_unit"),
            )
    identity_sources = tuple(
        IdentitySource(s["instance"], s["source"], line(*key))
        for i, s in enumerate(idc.get("identity_sources", []))
        for key in [("identity_center", "identity_sources", i)]
    )
    named = [s.instance for s in identity_sources]
    for index, source in enumerate(identity_sources):
        if source.instance in named[:index]:
            raise InputError(
                f"identity_center.identity_sources: {source.instance} is declared twice",
                path,
                source.line,
            )
    profiles = tuple(
        DeclaredProfile(p["application"], p["region"], p.get("name", ""), line(*key))
        for i, p in enumerate(data.get("inventory", {}).get("profiles", []))
        for key in [("inventory", "profiles", i)]
    )
    declared = [p.application for p in profiles]
    for profile in profiles:
        if declared.count(profile.application) > 1:
            raise InputError(
                f"inventory.profiles: {profile.application} is declared twice", path, profile.line
            )
    waivers = tuple(
        Waiver(w["rule"], w["resource"], w["reason"], w["owner"], w["expires"], line("waivers", i))
        for i, w in enumerate(data.get("waivers", []))
    )
    if known_rules:
        for index, waiver in enumerate(waivers):
            if waiver.rule_id not in known_rules:
                raise InputError(
                    f"waivers.{index}: unknown rule {waiver.rule_id!r} (see `qcheck policy list`)",
                    path,
                    waiver.line,
                )
    pricing = data.get("pricing", {})
    opt_out = data.get("ai_opt_out")
    filters = data.get("filters", {})
    if known_rules:
        for key in ("rules", "skip_rules"):
            for index, rule_id in enumerate(filters.get(key, ())):
                if rule_id not in known_rules:
                    raise InputError(
                        f"filters.{key}.{index}: unknown rule {rule_id!r} "
                        "(see `qcheck policy list`)",
                        path,
                        line("filters", key, index),
                    )
    return Config(
        path=path,
        zones=tuple((name, tuple(regions)) for name, regions in sorted(zones.items())),
        placements=placements,
        delegated_admin_account=idc.get("delegated_admin_account"),
        delegated_admin_ous=tuple(
            _ou_ref(
                ou if isinstance(ou, str) else None,
                None if isinstance(ou, str) else ou["id"],
                path,
                line("identity_center", "delegated_admin_ous", index),
            )
            or OuRef(None, None, "", 0)  # unreachable: one of the two is always given
            for index, ou in enumerate(idc.get("delegated_admin_ous", ()))
        ),
        justifications=justifications,
        customizations=customizations,
        business_units=business_units,
        identity_sources=identity_sources,
        profiles=profiles,
        waivers=waivers,
        monthly_price=float(pricing.get("q_developer_pro_monthly", DEFAULT_MONTHLY_PRICE)),
        currency=pricing.get("currency", "USD"),
        approved_admin_groups=tuple(idc.get("approved_admin_groups", ())),
        opt_out_judged=opt_out is not None,
        opt_out_scope=(opt_out or {}).get("scope", "assistant_accounts"),
        opt_out_services=tuple((opt_out or {}).get("services", DEFAULT_OPT_OUT_SERVICES)),
        key_lines=tuple(sorted(_key_lines(root).items())),
        q_developer_regions=tuple(
            data.get("q_developer", {}).get("regions", DEFAULT_Q_DEVELOPER_REGIONS)
        ),
        rule_filter=RuleFilter(
            rules=tuple(filters.get("rules", ())),
            skip_rules=tuple(filters.get("skip_rules", ())),
            families=tuple(filters.get("families", ())),
            min_severity=Severity(filters["min_severity"]) if "min_severity" in filters else None,
        ),
    )


def _ou_ref(path_text: str | None, ou_id: str | None, path: str, line: int) -> OuRef | None:
    if ou_id is not None:
        return OuRef(None, ou_id, ou_id, line)
    if path_text is None:
        return None
    try:
        return OuRef(split_ou_path(path_text), None, path_text, line)
    except ValueError as error:
        raise InputError(f"OU path {path_text!r}: {error}", path, line) from None


def _date_fields(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Paths of the `expires` dates; the schema has checked their YYYY-MM-DD shape."""
    justifications = data.get("account_instances", {}).get("justifications", [])
    return [
        ("account_instances", "justifications", i, "expires") for i in range(len(justifications))
    ] + [("waivers", i, "expires") for i in range(len(data.get("waivers", [])))]


def _key_lines(root: yaml.Node) -> dict[str, int]:
    """Lines of the top-level keys and of the keys one level below them."""
    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for child, _ in value.value:
                lines[f"{key.value}.{child.value}"] = child.start_mark.line + 1
    return lines


def _line_of(node: yaml.Node | None, keys: list[Any]) -> int | None:
    """1-based line of the YAML node at `keys`, or of the deepest ancestor found."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for key in keys:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line
