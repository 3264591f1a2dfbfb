"""Every qcheck.yaml key a built-in rule names in its METADATA exists in the config schema.

A recommended action that names a key the schema does not have sends the user to write a
config that `qcheck check` rejects (exit 2). Keys are read from `custom.config_keys` and from
the description and recommended actions: backticked dotted names, words that start with a
config section, and any snake_case word (prose has none; a snake_case word is a key)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from qcheck.config.load import schema
from qcheck.policy.catalog import load_catalog

SECTIONS = tuple(k for k, v in schema()["properties"].items() if "const" not in v)
_KEY = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*"
BACKTICKED = re.compile(rf"`({_KEY})`")
SECTION_WORD = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, SECTIONS))})(?:[._][a-z0-9_]+)*(?:\.[a-z0-9_]+)*\b"
)
SNAKE_WORD = re.compile(r"(?<![\w.`])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\.[a-z0-9_]+)*\b")


def config_keys_named(text: str) -> set[str]:
    """Dotted config keys a piece of METADATA prose mentions."""
    keys = set(BACKTICKED.findall(text))
    keys.update(match.group(0) for match in SECTION_WORD.finditer(text))
    keys.update(match.group(0) for match in SNAKE_WORD.finditer(text))
    return keys


def key_exists(key: str) -> bool:
    """Whether a dotted key resolves through the schema's properties (arrays are transparent)."""
    node: dict[str, Any] = schema()
    for part in key.split("."):
        while "items" in node:
            node = node["items"]
        properties = node.get("properties", {})
        if part not in properties:
            return False
        node = properties[part]
    return True


def _mentions() -> list[tuple[str, str]]:
    mentions: set[tuple[str, str]] = set()
    for rule in load_catalog().rules:
        texts = (rule.description, *rule.recommended_actions)
        mentions.update((rule.id, key) for text in texts for key in config_keys_named(text))
        mentions.update((rule.id, key) for key in rule.config_keys)
    return sorted(mentions)


@pytest.mark.parametrize(("rule_id", "key"), _mentions())
def test_metadata_names_a_real_config_key(rule_id: str, key: str) -> None:
    assert key_exists(key), f"{rule_id} names `{key}`, which is not a key of qcheck.yaml"


def test_every_builtin_rule_is_scanned() -> None:
    assert {rule for rule, _ in _mentions()} >= {"QC104", "QC201", "QC204", "QC205"}


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Record it as approved_delegated_admin_account_id in qcheck.yaml.", True),
        ("Update approved_delegated_admin_ou_paths in qcheck.yaml.", True),
        ("Update the q_developer_regions reference list in qcheck.yaml.", True),
        ("Change `residency.zone` in qcheck.yaml.", True),
        ("Set `identity_center.delegated_admin_account` in qcheck.yaml.", False),
        ("List it in `q_developer.regions`; see residency.placements.ou.", False),
        ("Deny sso:CreateInstance through the SCP's aws:PrincipalAccount condition.", False),
    ],
)
def test_extraction_catches_unknown_keys(text: str, unknown: bool) -> None:
    keys = config_keys_named(text)
    assert keys or not unknown
    assert any(not key_exists(key) for key in keys) is unknown
