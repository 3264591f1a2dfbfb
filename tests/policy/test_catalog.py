from __future__ import annotations

import re
from pathlib import Path

import pytest

from qcheck.errors import InputError
from qcheck.model import Severity
from qcheck.policy.catalog import builtin_policy_dir, load_catalog

FAMILIES = {
    "1": "residency",
    "2": "delegated_admin",
    "3": "account_instances",
    "4": "management_account",
    "5": "subscriptions",
    "6": "access",
    "8": "waivers",
    "9": "evidence",
}

GOOD = """# METADATA
# title: Example custom rule
# description: Flags every application.
# custom:
#   id: ACME001
#   name: EveryApplication
#   severity: low
#   recommended_actions:
#     - Nothing, it is an example.
package acme.every_application

import rego.v1

deny contains v if {
	some app in input.applications
	v := {"resource": app.arn, "message": "an application", "evidence": [app.arn]}
}
"""


def write_policy(directory: Path, text: str, name: str = "rule.rego") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text)
    return path


def test_builtin_catalog_is_complete_and_unique() -> None:
    catalog = load_catalog()
    ids = [rule.id for rule in catalog.rules]
    assert len(ids) == len(set(ids))
    for rule in catalog.rules:
        assert re.fullmatch(r"QC[1-689]\d\d", rule.id), rule.id
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]+", rule.name)
        assert rule.title and rule.description and rule.recommended_actions
        assert rule.references, f"{rule.id} cites no source"
        assert all(ref.url.startswith("https://") for ref in rule.references)
        assert rule.family == FAMILIES[rule.id[2]], rule.id
        assert rule.package == f"qcheck.{rule.family}.{Path(rule.source_path).stem}"
        test_file = Path(rule.source_path).with_name(Path(rule.source_path).stem + "_test.rego")
        assert test_file.is_file(), f"{rule.id} has no colocated test"


def test_every_family_has_its_rules() -> None:
    counts: dict[str, int] = {}
    for rule in load_catalog().rules:
        counts[rule.family] = counts.get(rule.family, 0) + 1
    for family in ("residency", "delegated_admin", "account_instances", "management_account"):
        assert counts.get(family, 0) >= 3, family
    assert counts.get("subscriptions", 0) >= 1 and counts.get("evidence", 0) >= 1


def test_builtin_policies_are_found() -> None:
    assert (builtin_policy_dir() / "qcheck").is_dir()


def test_custom_policy_directory_adds_rules(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD)
    catalog = load_catalog([tmp_path])
    rule = next(r for r in catalog.rules if r.id == "ACME001")
    assert rule.severity is Severity.LOW and not rule.builtin and rule.family == "acme"


def test_missing_metadata(tmp_path: Path) -> None:
    path = write_policy(tmp_path, "package acme.x\n")
    with pytest.raises(InputError, match="missing METADATA block") as caught:
        load_catalog([tmp_path])
    assert caught.value.path is not None and caught.value.path.endswith(path.name)
    assert caught.value.line == 1


def test_bad_severity_names_the_line(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD.replace("severity: low", "severity: urgent"))
    with pytest.raises(InputError) as caught:
        load_catalog([tmp_path])
    assert "METADATA custom.severity: 'urgent' is not one of" in str(caught.value)
    assert caught.value.line == 7


def test_missing_required_field(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD.replace("#   name: EveryApplication\n", ""))
    with pytest.raises(InputError, match="METADATA custom: 'name' is a required property"):
        load_catalog([tmp_path])


def test_bad_id_format(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD.replace("id: ACME001", "id: acme/1"))
    with pytest.raises(InputError, match=r"METADATA custom\.id: 'acme/1' does not match"):
        load_catalog([tmp_path])


def test_id_clash_with_builtin(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD.replace("id: ACME001", "id: QC101"))
    with pytest.raises(InputError, match="rule id QC101 is already used by"):
        load_catalog([tmp_path])


def test_metadata_yaml_error(tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD.replace("# title: Example custom rule", "# title: [unclosed"))
    with pytest.raises(InputError, match="METADATA is not valid YAML"):
        load_catalog([tmp_path])


def test_missing_policy_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="policy directory not found"):
        load_catalog([tmp_path / "nope"])
