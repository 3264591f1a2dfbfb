"""Facts the access rules judge: reach, disabled users, identity source, opt-in Regions
and declared customization grants (qcheck.facts.access), derived from real snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qcheck.config.load import load_config, parse_config
from qcheck.config.model import Config
from qcheck.facts.derive import derive_facts
from qcheck.graph.snapshot import read_snapshot
from tests.harness import AS_OF, SCENARIOS

ACCESS = SCENARIOS / "assistant-access"
ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-4700000000000001"
ACCOUNT_INSTANCE = "arn:aws:sso:::instance/ssoins-4700000000000002"
BEA = "arn:aws:identitystore:::user/47000001-0000-0000-0000-000000000003"
OLD = "arn:aws:identitystore:::user/47000002-0000-0000-0000-000000000009"


def facts(snapshot: Path, config: Config) -> dict[str, Any]:
    return derive_facts(read_snapshot(snapshot), config, AS_OF).document


@pytest.fixture(scope="module")
def access() -> dict[str, Any]:
    return facts(ACCESS / "snapshot.json", load_config(ACCESS / "qcheck.yaml"))


def by(records: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any]:
    return next(r for r in records if r[key] == value)


def test_reach_counts_assignees_or_every_user(access: dict[str, Any]) -> None:
    apps = {a["name"]: a for a in access["applications"]}
    assert apps["alpha"]["reachable_user_count"] == 3  # Alpha-Devs' members
    assert apps["bravo-assistant"]["reachable_user_count"] == 5  # not required: everyone
    assert apps["internal-wiki"]["reachable_user_count"] == 5


def test_disabled_users_keep_their_paths(access: dict[str, Any]) -> None:
    disabled = {u["arn"]: u for u in access["disabled_users"]}
    assert set(disabled) == {BEA, OLD}
    [through_group] = disabled[BEA]["assignments"]
    assert through_group["group_arn"].endswith("47000001-0000-0000-0000-000000000000")
    assert through_group["application_kind"] == "q_developer"
    [direct] = disabled[OLD]["assignments"]
    assert direct["group_arn"] is None and direct["application_kind"] == "q_business"
    assert disabled[OLD]["instance_arn"] == ORG_INSTANCE


def test_a_user_without_status_is_not_disabled(tmp_path: Path) -> None:
    document = json.loads((ACCESS / "snapshot.json").read_text())
    for node in document["nodes"]:
        if node["id"] in (BEA, OLD):
            del node["status"]
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document))
    assert facts(snapshot, load_config(ACCESS / "qcheck.yaml"))["disabled_users"] == []


def test_identity_source_is_inferred_declared_or_unknown(access: dict[str, Any]) -> None:
    org = by(access["instances"], "arn", ORG_INSTANCE)
    assert (org["user_count"], org["users_with_external_ids"]) == (5, 0)
    assert (org["identity_source"], org["identity_source_basis"]) == (
        "identity_center_directory",
        "inferred",
    )
    seed = facts(
        SCENARIOS / "seed" / "snapshot.json", load_config(SCENARIOS / "seed" / "qcheck.yaml")
    )
    seed_org = by(seed["instances"], "arn", "arn:aws:sso:::instance/ssoins-72230seed0000001")
    assert seed_org["identity_source"] == "external_identity_provider"
    text = (
        (ACCESS / "qcheck.yaml")
        .read_text()
        .replace(
            "identity_center:\n",
            f"identity_center:\n  identity_sources:\n    - instance: {ORG_INSTANCE}\n"
            "      source: active_directory\n",
        )
    )
    declared = facts(ACCESS / "snapshot.json", parse_config(text, "qcheck.yaml"))
    org = by(declared["instances"], "arn", ORG_INSTANCE)
    assert (org["identity_source"], org["identity_source_basis"]) == (
        "active_directory",
        "declared",
    )


def test_opt_in_status_comes_from_list_regions(tmp_path: Path) -> None:
    config = load_config(ACCESS / "qcheck.yaml")
    spain = facts(ACCESS / "snapshot-opt-in.json", config)
    assert spain["instances"][0]["home_region_opt_in"] is True
    assert "eu-south-2" in spain["reference"]["opt_in_regions"]
    assert (
        by(facts(ACCESS / "snapshot.json", config)["instances"], "arn", ORG_INSTANCE)[
            "home_region_opt_in"
        ]
        is False
    )
    document = json.loads((ACCESS / "snapshot-opt-in.json").read_text())
    for node in document["nodes"]:
        node.pop("region_opt_status", None)
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document))
    unknown = facts(snapshot, config)
    assert unknown["instances"][0]["home_region_opt_in"] is None
    assert unknown["reference"]["opt_in_regions_known"] is False
    assert [u["fact"] for u in unknown["unknowns"]] == ["instance.home_region_opt_in"]


def test_grants_resolve_by_name_store_and_membership(access: dict[str, Any]) -> None:
    [custom] = access["customizations"]
    assert custom["business_unit"] == "Alpha" and custom["allowed_groups"] == ["Alpha-Devs"]
    grants = {g["principal"]: g for g in custom["grants"]}
    assert grants["Alpha-Devs"]["same_instance"] is True
    assert grants["Alpha-Devs"]["outside_user_arns"] == []
    assert grants["Bravo-Devs"]["outside_user_arns"] == [
        "arn:aws:identitystore:::user/47000002-0000-0000-0000-000000000001"
    ]
    cy = grants["d-4700000002/cy@example.com"]
    assert (cy["same_instance"], cy["instance_arn"]) == (False, ACCOUNT_INSTANCE)
    assert cy["principal_type"] == "user" and cy["principal_name"] == "cy@example.com"


def test_memberships_unread_leave_the_unit_check_unknown(tmp_path: Path) -> None:
    document = json.loads((ACCESS / "snapshot.json").read_text())
    document["gaps"].append(
        {
            "id": "gap:identitystore:ListGroupMemberships:470000000001:us-east-1:"
            "47000002-0000-0000-0000-000000000000",
            "service": "identitystore",
            "operation": "ListGroupMemberships",
            "account_id": "470000000001",
            "region": "us-east-1",
            "error_code": "AccessDeniedException",
            "message": "denied",
        }
    )
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document))
    derived = facts(snapshot, load_config(ACCESS / "qcheck.yaml"))
    [custom] = derived["customizations"]
    in_org = [g for g in custom["grants"] if g["instance_arn"] == ORG_INSTANCE]
    assert len(in_org) == 2
    assert all(not g["people_known"] and g["outside_user_arns"] == [] for g in in_org)
    org = by(derived["instances"], "arn", ORG_INSTANCE)
    assert org["identity_source"] is None and org["user_count"] is None


def test_status_not_recorded_is_an_unknown_fact(tmp_path: Path) -> None:
    document = json.loads((ACCESS / "snapshot.json").read_text())
    for node in document["nodes"]:
        if node["kind"] == "user" and node["identity_store_id"] == "d-4700000001":
            del node["status"]
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document))
    derived = facts(snapshot, load_config(ACCESS / "qcheck.yaml"))
    [unknown] = [u for u in derived["unknowns"] if u["fact"] == "user.status"]
    assert unknown["resource"] == ORG_INSTANCE
    # ann, abe, bea (Alpha-Devs, the profile), ben (Bravo-Devs) and old (Q Business)
    assert "whether 5 user(s)" in unknown["message"]
