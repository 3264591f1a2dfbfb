from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from qcheck.config.load import load_config, parse_config, schema
from qcheck.errors import InputError
from tests.harness import SCENARIOS


@pytest.mark.parametrize("name", ["seed", "compliant", "messy"])
def test_fixture_configs_load(name: str) -> None:
    config = load_config(SCENARIOS / name / "qcheck.yaml")
    assert config.path is not None
    assert dict(config.zones)["US"] == ("us-east-1",)


def test_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_seed_config_is_typed() -> None:
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml")
    assert config.delegated_admin_account == "222222222222"
    alpha = next(p for p in config.placements if p.ou and p.ou.path == ("Root", "Alpha"))
    assert alpha.zones == ("US", "EU")
    assert alpha.line == 12
    assert config.customizations[0].data_source == (
        ("location", "s3://alpha-java-us"),
        ("region", "us-east-1"),
        ("type", "s3"),
    )
    assert config.monthly_price == 19.0


def test_dates_stay_strings_and_keep_their_line() -> None:
    config = parse_config(
        "version: 1\nwaivers:\n  - rule: QC101\n    resource: arn:x\n    reason: r\n    owner: o\n    expires: 2027-01-31\n",
        "q.yaml",
        {"QC101"},
    )
    assert config.waivers[0].expires == "2027-01-31"
    assert config.waivers[0].line == 3


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_config("version: 1\nresidency:\n  zones: [unclosed\n", "q.yaml")
    assert str(caught.value).startswith("q.yaml:4: not valid YAML")


def test_schema_error_names_key_and_line() -> None:
    text = "version: 1\nidentity_center:\n  delegated_admin_acount: '123456789012'\n"
    with pytest.raises(InputError) as caught:
        parse_config(text, "q.yaml")
    assert caught.value.line == 3  # the mistyped key's line
    assert (
        "identity_center: Additional properties are not allowed ('delegated_admin_acount'"
        in str(caught.value)
    )


def test_unquoted_account_id_gets_a_hint() -> None:
    with pytest.raises(
        InputError, match=r"q.yaml:2: identity_center.delegated_admin_account: .*quote account ids"
    ):
        parse_config(
            "version: 1\nidentity_center: {delegated_admin_account: 123456789012}\n", "q.yaml"
        )


def test_unknown_version() -> None:
    with pytest.raises(InputError, match="unsupported config version 2"):
        parse_config("version: 2\n", "q.yaml")


def test_unknown_zone_in_placement() -> None:
    text = "version: 1\nresidency:\n  zones: {EU: [eu-central-1]}\n  placements:\n    - ou: Root/A\n      zones: [US]\n"
    with pytest.raises(InputError) as caught:
        parse_config(text, "q.yaml")
    assert caught.value.line == 5
    assert "unknown zone 'US'" in str(caught.value)


def test_waiver_for_unknown_rule() -> None:
    text = "version: 1\nwaivers:\n  - {rule: QC999, resource: x, reason: r, owner: o, expires: '2030-01-01'}\n"
    with pytest.raises(InputError, match=r"q.yaml:3: waivers.0: unknown rule 'QC999'"):
        parse_config(text, "q.yaml", {"QC101"})


def test_empty_file() -> None:
    with pytest.raises(InputError, match="empty config"):
        parse_config("", "q.yaml")


def test_yaml_tags_cannot_build_objects() -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        parse_config("version: !!python/object/apply:os.system ['true']\n", "q.yaml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="config file not found"):
        load_config(tmp_path / "qcheck.yaml")


CUSTOMIZATION = (
    "version: 1\n"
    "inventory:\n"
    "  business_units:\n"
    "    - {name: Alpha, allowed_groups: [Orange]}\n"
    "  customizations:\n"
    "    - arn: arn:aws:codewhisperer:us-east-1:333333333333:customization/C1\n"
    "      profile: arn:aws:sso::333333333333:application/ssoins-1/apl-1\n"
    "      account: '333333333333'\n"
    "      region: us-east-1\n"
    "      business_unit: UNIT\n"
    "      access: {groups: [Orange], users: [d-1234567890/ann]}\n"
)


def test_customization_access_and_business_units_are_typed() -> None:
    config = parse_config(CUSTOMIZATION.replace("UNIT", "Alpha"), "q.yaml")
    [unit] = config.business_units
    assert (unit.name, unit.allowed_groups, unit.line) == ("Alpha", ("Orange",), 4)
    [custom] = config.customizations
    assert custom.business_unit == "Alpha" and custom.access_declared
    assert (custom.groups, custom.users) == (("Orange",), ("d-1234567890/ann",))


def test_customization_of_an_undeclared_business_unit() -> None:
    with pytest.raises(InputError) as caught:
        parse_config(CUSTOMIZATION.replace("UNIT", "Bravo"), "q.yaml")
    assert caught.value.line == 10
    assert "unknown business unit 'Bravo' (declared: Alpha)" in str(caught.value)


def test_identity_source_is_one_of_three_and_declared_once() -> None:
    instance = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
    entry = "    - {instance: " + instance + ", source: SOURCE}\n"
    head = "version: 1\nidentity_center:\n  identity_sources:\n"
    config = parse_config(head + entry.replace("SOURCE", "external_identity_provider"), "q.yaml")
    assert config.identity_sources[0].source == "external_identity_provider"
    with pytest.raises(
        InputError, match=r"q\.yaml:4: identity_center\.identity_sources\.0\.source"
    ):
        parse_config(head + entry.replace("SOURCE", "okta"), "q.yaml")
    twice = head + entry.replace("SOURCE", "active_directory") * 2
    with pytest.raises(InputError, match=r"q\.yaml:5: .* is declared twice"):
        parse_config(twice, "q.yaml")
