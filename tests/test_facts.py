from __future__ import annotations

from typing import Any

import pytest

from qcheck.config.load import load_config
from qcheck.config.model import Config
from qcheck.graph.facts import application_kind, derive_facts
from qcheck.graph.snapshot import read_snapshot
from tests.conftest import AS_OF, SCENARIOS

ALPHA_US = "arn:aws:sso::333333333333:application/ssoins-72230seed0000001/apl-alphaus000001"
ORG_INSTANCE = "arn:aws:sso:::instance/ssoins-72230seed0000001"
CHARLIE_INSTANCE = "arn:aws:sso:::instance/ssoins-72230seed0000002"


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    snapshot = read_snapshot(SCENARIOS / "seed" / "snapshot.json")
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml")
    return derive_facts(snapshot, config, AS_OF).document


def by(records: list[dict[str, Any]], key: str, value: Any) -> dict[str, Any]:
    return next(r for r in records if r[key] == value)


def test_accounts_carry_ou_path_and_roles(seed: dict[str, Any]) -> None:
    admin = by(seed["accounts"], "id", "222222222222")
    assert admin["ou_path"] == "Root/Infrastructure"
    assert admin["is_idc_delegated_admin"] and not admin["is_management"]
    management = by(seed["accounts"], "id", "111111111111")
    assert management["is_management"] and management["ou_path"] == "Root"
    assert seed["identity_center"]["delegated_admin_account_ids"] == ["222222222222"]


def test_residency_is_inherited_from_the_ou(seed: dict[str, Any]) -> None:
    alpha = by(seed["accounts"], "id", "333333333333")
    assert alpha["zones"] == ["US", "EU"]
    assert alpha["allowed_regions"] == ["eu-central-1", "us-east-1"]
    assert alpha["residency_source"].endswith("ou-q0rt-alpha001")
    assert by(seed["accounts"], "id", "111111111111")["zones"] == []


def test_most_specific_placement_wins() -> None:
    snapshot = read_snapshot(SCENARIOS / "seed" / "snapshot.json")
    base = load_config(SCENARIOS / "seed" / "qcheck.yaml")
    from qcheck.config.model import Placement

    config = Config(
        zones=base.zones,
        placements=(
            Placement(("US",), "Root", None, 1),
            Placement(("EU",), None, "444444444444", 2),
        ),
    )
    accounts = derive_facts(snapshot, config, AS_OF).document["accounts"]
    assert by(accounts, "id", "333333333333")["zones"] == ["US"]  # inherited from Root
    assert by(accounts, "id", "444444444444")["zones"] == ["EU"]  # account beats OU
    assert by(accounts, "id", "444444444444")["residency_source"].endswith("/444444444444")


def test_scps_are_inherited_down_the_tree(seed: dict[str, Any]) -> None:
    for account in seed["accounts"]:
        assert account["scp_arns"] == [seed["scps"][0]["arn"]]
    assert seed["scps"][0]["target_arns"][0].endswith("root/o-q3seedorg01/r-q0rt")


def test_applications_know_their_instance_and_account(seed: dict[str, Any]) -> None:
    app = by(seed["applications"], "arn", ALPHA_US)
    assert app["kind"] == "q_developer"
    assert app["instance_arn"] == ORG_INSTANCE and app["instance_home_region"] == "us-east-1"
    assert app["ou_path"] == "Root/Alpha" and not app["in_management_account"]


def test_declared_customizations_join_their_profile(seed: dict[str, Any]) -> None:
    custom = by(seed["customizations"], "name", "alpha-java-eu")
    assert custom["origin"] == "declared"
    assert custom["profile_found"] and custom["profile_region"] == "eu-central-1"
    assert custom["data_source"] == {
        "type": "codeconnections",
        "region": "eu-central-1",
        "location": "alpha/java-services",
    }


def test_blue_developers_are_subscribed_through_two_instances(seed: dict[str, Any]) -> None:
    subscribers = {s["person"]: s for s in seed["subscribers"]}
    assert sorted(subscribers) == [
        "alice@example.com",
        "arjun@example.com",
        "bao@example.com",
        "bianca@example.com",
        "grace@example.com",
        "gus@example.com",
    ]
    bao = subscribers["bao@example.com"]
    assert bao["instances"] == [ORG_INSTANCE, CHARLIE_INSTANCE]
    via_org = bao["subscriptions"][0]
    assert (
        via_org["group_arn"] == "arn:aws:identitystore:::group/90670001-0000-0000-0000-000000000002"
    )
    assert via_org["application_arn"] == ALPHA_US  # first of alpha-us and bravo
    # Orange developers use two profiles under one instance: one subscription.
    assert subscribers["alice@example.com"]["instances"] == [ORG_INSTANCE]


def test_account_instance_justification_is_joined() -> None:
    snapshot = read_snapshot(SCENARIOS / "messy" / "snapshot.json")
    config = load_config(SCENARIOS / "messy" / "qcheck.yaml")
    instances = derive_facts(snapshot, config, AS_OF).document["instances"]
    justified = by(instances, "owner_account_id", "100000000004")
    assert justified["justification"] == {
        "reason": "convenience",
        "owner": "  ",
        "reference": "none",
        "expires": "2025-01-31",
    }
    assert by(instances, "owner_account_id", "100000000003")["justification"] is None


def test_declared_inventory_only_joins_the_snapshot_holding_its_account() -> None:
    snapshot = read_snapshot(SCENARIOS / "messy" / "snapshot-undelegated.json")
    config = load_config(SCENARIOS / "messy" / "qcheck.yaml")
    facts = derive_facts(snapshot, config, AS_OF)
    assert facts.document["customizations"] == []
    assert facts.declared_lines == {}


@pytest.mark.parametrize(
    ("provider", "kind"),
    [
        ("arn:aws:sso::aws:applicationProvider/codewhisperer", "q_developer"),
        ("arn:aws:sso::aws:applicationProvider/qbusiness", "q_business"),
        ("arn:aws:sso::aws:applicationProvider/custom-saml", "other"),
    ],
)
def test_application_kind(provider: str, kind: str) -> None:
    assert application_kind(provider) == kind
