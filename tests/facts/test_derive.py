from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qcheck.check import evaluate_snapshot
from qcheck.config.load import load_config
from qcheck.config.model import Config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.facts.derive import application_kind, derive_facts
from qcheck.graph.snapshot import read_snapshot
from qcheck.policy.catalog import load_catalog
from tests.harness import AS_OF, SCENARIOS

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
    from qcheck.config.model import OuRef, Placement

    config = Config(
        zones=base.zones,
        placements=(
            Placement(("US",), OuRef(("Root",), None, "Root", 1), None, 1),
            Placement(("EU",), None, "444444444444", 2),
        ),
    )
    accounts = derive_facts(snapshot, config, AS_OF).document["accounts"]
    assert by(accounts, "id", "333333333333")["zones"] == ["US"]  # inherited from Root
    assert by(accounts, "id", "444444444444")["zones"] == ["EU"]  # account beats OU
    assert by(accounts, "id", "444444444444")["residency_source"].endswith("/444444444444")


def test_scps_are_inherited_down_the_tree(seed: dict[str, Any]) -> None:
    full_access = next(s["arn"] for s in seed["scps"] if s["name"] == "FullAWSAccess")
    for account in seed["accounts"]:
        assert full_access in account["scp_arns"]
    assert any(
        t.endswith("root/o-q3seedorg01/r-q0rt") for s in seed["scps"] for t in s["target_arns"]
    )


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


def seed_subscribers(all_subscribers: bool) -> list[dict[str, Any]]:
    snapshot = read_snapshot(SCENARIOS / "seed" / "snapshot.json")
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml")
    facts = derive_facts(snapshot, config, AS_OF, all_subscribers=all_subscribers)
    listed: list[dict[str, Any]] = facts.document["subscribers"]
    return listed


def test_blue_developers_are_subscribed_through_two_instances() -> None:
    subscribers = {s["person"]: s for s in seed_subscribers(all_subscribers=True)}
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


def test_by_default_only_people_subscribed_through_several_instances_are_listed(
    seed: dict[str, Any],
) -> None:
    everyone = seed_subscribers(all_subscribers=True)
    assert seed["subscribers"] == [s for s in everyone if len(s["instances"]) > 1]
    assert [s["person"] for s in seed["subscribers"]] == ["bao@example.com", "bianca@example.com"]


def test_a_policy_asks_for_every_subscriber_in_its_metadata(tmp_path: Path) -> None:
    policy = tmp_path / "every_subscriber.rego"
    policy.write_text(
        """# METADATA
# title: Every subscriber
# description: Lists every subscribed person.
# custom:
#   id: CUSTOM001
#   name: EverySubscriber
#   severity: low
#   all_subscribers: true
#   recommended_actions:
#     - None.
package custom.every_subscriber

import rego.v1

deny contains {"resource": s.subscriptions[0].user_arn, "message": s.person} if {
	some s in input.subscribers
}
"""
    )
    catalog = load_catalog([str(tmp_path)])
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml", catalog.rule_ids)
    engine = EmbeddedEngine()
    engine.load([p for p in catalog.policies if not p.is_test])
    evaluation = evaluate_snapshot(
        read_snapshot(SCENARIOS / "seed" / "snapshot.json"), config, catalog, engine, AS_OF
    )
    people = sorted(f.message for f in evaluation.findings if f.rule.id == "CUSTOM001")
    assert people == sorted(s["person"] for s in seed_subscribers(all_subscribers=True))


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
        ("arn:aws:sso::aws:applicationProvider/kiro", "kiro"),  # an assumption (aws-facts)
        ("arn:aws:sso::aws:applicationProvider/custom-saml", "customer_managed"),
        ("arn:aws:sso::aws:applicationProvider/custom", "customer_managed"),
        ("arn:aws:sso::aws:applicationProvider/quicksight", "aws_managed"),
        ("arn:aws:sso::123456789012:applicationProvider/mine", "customer_managed"),
    ],
)
def test_application_kind(provider: str, kind: str) -> None:
    assert application_kind(provider) == kind


def test_q_business_applications_join_their_identity_center_application() -> None:
    snapshot = read_snapshot(SCENARIOS / "q-business" / "snapshot.json")
    config = load_config(SCENARIOS / "q-business" / "qcheck.yaml")
    apps = derive_facts(snapshot, config, AS_OF).document["q_business_applications"]
    assistant = by(apps, "name", "assistant")
    assert assistant["identity_center_application_arn"] == (
        "arn:aws:sso::470000000003:application/ssoins-4700000000000001/apl-qbizus00000001"
    )
    assert assistant["identity_center_application_found"] is True
    assert assistant["instance_arn"] == "arn:aws:sso:::instance/ssoins-4700000000000001"
    assert assistant["uses_identity_center"] is True and assistant["zones"] == ["US"]
    faq = by(apps, "name", "public-faq")
    assert faq["uses_identity_center"] is False and faq["instance_arn"] is None


def test_sso_and_qbusiness_list_applications_gaps_are_different_facts() -> None:
    from qcheck.facts import unknowns

    def gap(service: str, operation: str, resource: str = "") -> dict[str, Any]:
        suffix = f":{resource}" if resource else ""
        return {
            "id": f"gap:{service}:{operation}:444444444444:us-east-1{suffix}",
            "service": service,
            "operation": operation,
            "account_id": "444444444444",
            "error_code": "AccessDeniedException",
        }

    index = unknowns.index_gaps(
        [
            gap("sso", "ListApplications", ORG_INSTANCE),
            gap("qbusiness", "ListApplications"),
            gap("sts", "AssumeRole", "QcheckReadOnly"),
        ]
    )
    assert set(index.by_fact[unknowns.APPLICATIONS]) == {ORG_INSTANCE}
    assert set(index.by_fact[unknowns.Q_BUSINESS]) == {"444444444444", "QcheckReadOnly"}
    assert set(index.by_fact[unknowns.INSTANCES]) == {"QcheckReadOnly"}


def _user(
    arn: str, store: str, name: str, email: str | None = None, *ext: tuple[str, str]
) -> dict[str, Any]:
    return {
        "id": arn,
        "kind": "user",
        "identity_store_id": store,
        "user_name": name,
        "emails": [email] if email else [],
        "external_ids": [{"issuer": i, "id": x} for i, x in ext],
    }


def test_people_are_joined_by_external_id_before_email() -> None:
    from qcheck.facts.people import match_people

    okta = ("https://okta.example.com", "00u1")
    people = match_people(
        [
            _user("u:a", "d-1", "jdoe", None, okta),
            _user("u:b", "d-2", "john.doe", None, okta),  # same IdP id, other name, no email
            _user("u:c", "d-1", "shared1", "team@example.com"),
            _user("u:d", "d-1", "shared2", "Team@Example.com"),  # one store shares a mailbox
            _user("u:e", "d-2", "shared3", "team@example.com"),
            _user("u:f", "d-1", "ann", "ann@example.com", ("idp", "1")),
            _user("u:g", "d-2", "ann2", "ANN@example.com", ("idp", "2")),  # same issuer, other id
            _user("u:h", "d-1", "bo", "bo@example.com"),
            _user("u:i", "d-2", "bo", "BO@example.com"),
        ]
    )
    assert people["u:a"] == people["u:b"] and people["u:a"].matched_by == "external_id"
    assert people["u:a"].name == "https://okta.example.com:00u1"
    assert len({people["u:c"], people["u:d"], people["u:e"]}) == 3  # shared mailbox: no join
    assert people["u:f"] != people["u:g"]  # conflicting ids from one issuer: two people
    assert people["u:h"] == people["u:i"] and people["u:h"].matched_by == "email"
    assert people["u:h"].name == "bo@example.com"


def test_ou_paths_resolve_by_tree_level_not_joined_strings() -> None:
    from qcheck.config.model import OuRef, split_ou_path
    from qcheck.facts.tree import AmbiguousPath, OrgTree
    from qcheck.graph.snapshot import parse_snapshot

    org = "arn:aws:organizations::111111111111:organization/o-abc1234567"
    root = "arn:aws:organizations::111111111111:root/o-abc1234567/r-ab12"
    ou = "arn:aws:organizations::111111111111:ou/o-abc1234567/ou-ab12-"
    nodes = [
        {
            "id": org,
            "kind": "organization",
            "origin": "observed",
            "org_id": "o-abc1234567",
            "management_account_id": "111111111111",
        },
        {"id": root, "kind": "root", "origin": "observed", "name": "Root"},
        {"id": ou + "00000001", "kind": "ou", "origin": "observed", "name": "EU/Legacy"},
        {"id": ou + "00000002", "kind": "ou", "origin": "observed", "name": "EU"},
        {"id": ou + "00000003", "kind": "ou", "origin": "observed", "name": "Legacy"},
        {
            "id": "arn:aws:organizations::111111111111:account/o-abc1234567/111111111111",
            "kind": "account",
            "origin": "observed",
            "account_id": "111111111111",
            "name": "m",
        },
    ]
    edges = [
        {"source": org, "target": root, "kind": "contains"},
        {"source": root, "target": ou + "00000001", "kind": "contains"},
        {"source": root, "target": ou + "00000002", "kind": "contains"},
        {"source": ou + "00000002", "target": ou + "00000003", "kind": "contains"},
        {"source": root, "target": nodes[-1]["id"], "kind": "contains"},
    ]
    document = {
        "format": "qcheck.snapshot",
        "version": 2,
        "directed": True,
        "multigraph": False,
        "graph": {},
        "nodes": nodes,
        "edges": edges,
        "gaps": [],
    }
    tree = OrgTree(parse_snapshot(document, "", "s.json"))

    def ref(text: str) -> OuRef:
        return OuRef(split_ou_path(text), None, text, 1)

    assert tree.resolve(ref(r"Root/EU\/Legacy")) == ou + "00000001"
    with pytest.raises(AmbiguousPath, match=r"names 2 OUs \(Root/EU\\/Legacy, Root/EU/Legacy\)"):
        tree.resolve(ref("Root/EU/Legacy"))  # unescaped: either OU could be meant
    assert tree.resolve(OuRef(None, "ou-ab12-00000003", "ou-ab12-00000003", 1)) == ou + "00000003"
    assert tree.resolve(ref("Root/Nowhere")) is None
    assert tree.path_text(ou + "00000001") == r"Root/EU\/Legacy"


def test_every_scenario_input_matches_the_published_schema() -> None:
    from jsonschema import Draft202012Validator

    from qcheck.facts.document import generate_schema, schema

    assert schema() == generate_schema(), "run `python -m qcheck.facts.document`"
    validator = Draft202012Validator(schema())
    for directory in sorted(p for p in SCENARIOS.iterdir() if (p / "expected.json").is_file()):
        config = load_config(directory / "qcheck.yaml")
        for path in sorted(directory.glob("snapshot*.json")):
            document = derive_facts(read_snapshot(path), config, AS_OF).document
            errors = [e.message for e in validator.iter_errors(document)]
            assert errors == [], (path, errors[:3])


def test_input_docs_are_generated_from_the_schema() -> None:
    from qcheck.facts.document import render_docs, schema

    docs = (SCENARIOS.parent.parent / "docs" / "input.md").read_text()
    assert docs == render_docs(schema()), "run `python -m qcheck.facts.document`"
