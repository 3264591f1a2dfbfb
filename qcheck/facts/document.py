"""The one function that turns typed facts into the policy input, and the input's schema.

The JSON Schema (`qcheck/schemas/input-v2.json`) is generated from the dataclasses of
qcheck.facts.model, descriptions taken from their field comments, so the published shape
cannot drift from what policies receive; a test regenerates it and compares, and
docs/input.md is generated from the schema (`python -m qcheck.facts.document`).
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import json
import re
import sys
import types
import typing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from qcheck.facts import model
from qcheck.facts.model import INPUT_VERSION, PolicyInput


def to_document(facts: PolicyInput) -> dict[str, Any]:
    """The policy input: dataclasses as objects, enums as their values, tuples as lists."""
    try:
        # orjson writes dataclasses, enums and tuples exactly so, in C; reading its text
        # back is faster than converting in Python (10,000 accounts: 0.55 s against 0.95 s)
        converted: dict[str, Any] = orjson.loads(
            orjson.dumps(facts, option=orjson.OPT_NON_STR_KEYS)
        )
    except TypeError:  # what it cannot write (integers beyond 64 bits): convert here
        converted = _convert(facts)
    return converted


_FIELDS: dict[type, tuple[str, ...]] = {}


_PLAIN = frozenset({str, bool, int, float, type(None)})


def _convert(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _convert(getattr(value, name)) for name in names}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_convert(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _convert(item) for key, item in value.items()}
    return value


# -- schema ------------------------------------------------------------------------------

SCHEMA_NAME = f"input-v{INPUT_VERSION}.json"


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of the policy input."""
    text = resources.files("qcheck.schemas").joinpath(SCHEMA_NAME).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def generate_schema() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    root = _object_schema(PolicyInput, definitions)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://qcheck.dev/schemas/{SCHEMA_NAME}",
        "title": f"qcheck policy input, version {INPUT_VERSION}",
        "description": _doc(PolicyInput),
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


def _doc(cls: type) -> str:
    text = inspect.getdoc(cls) or ""
    if text.startswith(f"{cls.__name__}("):  # the signature dataclasses write, no docstring
        return ""
    return " ".join(text.split("\n\n")[0].split())


_COMMENT = re.compile(r"^\s+(\w+): .*?#\s*(.+)$")


def _field_comments(cls: type) -> dict[str, str]:
    comments: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if dataclasses.is_dataclass(klass):
            for line in inspect.getsource(klass).splitlines():
                match = _COMMENT.match(line)
                if match:
                    comments[match.group(1)] = match.group(2).strip()
    return comments


def _object_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    comments = _field_comments(cls)
    properties = {}
    for field in dataclasses.fields(cls):
        prop = _type_schema(hints[field.name], definitions)
        if field.name in comments:
            prop = {"description": comments[field.name], **prop}
        properties[field.name] = prop
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


def _type_schema(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _type_schema(options[0], definitions)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1], definitions)}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # reserve: no recursion in the model, but keep it safe
            definitions[name] = {"description": _doc(hint), **_object_schema(hint, definitions)}
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    if hint is object:
        return {}
    raise TypeError(f"no JSON Schema for {hint!r}")


# -- docs --------------------------------------------------------------------------------


def render_docs(definition: dict[str, Any]) -> str:
    """docs/input.md: one table per object of the input, from the schema."""
    out = [
        f"# The policy input document (version {INPUT_VERSION})",
        "",
        "<!-- Generated by `python -m qcheck.facts.document` from qcheck/schemas/"
        f"{SCHEMA_NAME}; do not edit. -->",
        "",
        "Every policy receives the same `input`: facts derived in Python from one snapshot and",
        "`qcheck.yaml`. Graph work (OU ancestry, inherited zones and SCPs, effective group",
        "membership, people matched across identity stores) is already done, so policies judge",
        "flat records and stay linear on every Rego engine. `qcheck check SNAPSHOT",
        "--dump-input FILE` writes this exact document for `opa eval -i FILE`.",
        "",
        "All lists are sorted; ids are ARNs; every key is always present and `null` means",
        '"not known" or "not set", as each field says. A fact that depends on a collection',
        "step has a `*_known` flag (or the `unknown` SCP outcome): when the step failed, the",
        "fact is unknown, the built-in rules do not judge it, and `unknowns` lists it with the",
        "gaps that caused it and the rules it kept from being judged (reported by QC905).",
        "Rules declare the facts they depend on in METADATA `custom.depends_on`.",
        "",
        "Objects of `applications`, `q_business_applications` and `customizations` also carry",
        "the fields of `InAccount`.",
        "",
    ]
    sections = [("input", definition), *definition["$defs"].items()]
    for name, section in sections:
        out += [f"## `{name}`", "", section.get("description", ""), ""]
        out += ["| field | type | meaning |", "|---|---|---|"]
        for field, prop in section["properties"].items():
            description = prop.get("description", "").replace("|", "\\|")
            out.append(f"| `{field}` | {_type_text(prop)} | {description} |")
        out.append("")
    out += [
        "## What a policy returns",
        "",
        "One package per rule, one `deny contains violation if { ... }` per package; each",
        "violation is an object with `resource` (the ARN or id the finding is about),",
        "`message` (one sentence) and either `evidence` (ids from the resource along the graph",
        "path that proves it) or `evidence_paths` (several such paths, e.g. one per IAM",
        "Identity Center instance), plus optional `examples` (a plain list of ids that is not",
        "a path) and `properties`; docs/writing-policies.md has the details.",
        "",
        "## Waiver rules",
        "",
        "Rules in packages under `qcheck.waivers.` (QC801, QC802) judge the waivers",
        "themselves. Whether a waiver matched a finding is only known after every snapshot is",
        "evaluated, so they run once at the end on a small document of their own:",
        '`{"qcheck": {"input_version", "as_of", "config"}, "waivers": [{"id",',
        '"rule", "resource", "reason", "owner", "expires", "matched"}]}`.',
        "",
    ]
    return "\n".join(out)


def _type_text(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        return f"{_type_text(prop['anyOf'][0])} or null"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if prop.get("type") == "array":
        return f"list of {_type_text(prop['items'])}"
    if prop.get("type") == "object" and "additionalProperties" in prop:
        return f"object of {_type_text(prop['additionalProperties'])}"
    return str(prop.get("type", "any"))


def main() -> None:
    """Regenerate the schema and docs/input.md from the model."""
    root = Path(__file__).resolve().parents[2]
    definition = generate_schema()
    text = json.dumps(definition, indent=2, ensure_ascii=False) + "\n"
    (root / "qcheck" / "schemas" / SCHEMA_NAME).write_text(text, encoding="utf-8")
    (root / "docs" / "input.md").write_text(render_docs(definition), encoding="utf-8")
    sys.stdout.write(f"wrote qcheck/schemas/{SCHEMA_NAME} and docs/input.md\n")


if __name__ == "__main__":
    main()

__all__ = ["model", "schema", "to_document"]
