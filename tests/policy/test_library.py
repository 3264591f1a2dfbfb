"""Rego library packages (METADATA `custom.library: true`): loaded by every engine and
bundle, never rules; and the test fixtures library builds schema-valid input."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import regorus
from jsonschema import Draft202012Validator

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.bundle import build_bundle
from qcheck.policy.catalog import builtin_policy_dir, load_catalog
from qcheck.policy.testing import run_tests

LIBRARY = """\
# METADATA
# title: Acme words
# description: Words the Acme rules share.
# custom:
#   library: true
package acme.lib.words

import rego.v1

short(name) if count(name) < 3
"""

RULE = """\
# METADATA
# title: Short profile name
# description: Every profile needs a name people recognize.
# custom:
#   id: ACME001
#   name: ShortProfileName
#   severity: low
#   recommended_actions:
#     - Name the profile.
package acme.short_name

import rego.v1

import data.acme.lib.words
import data.qcheck.lib.violation

deny contains violation.new(app.arn, "Profile %q has a short name", [app.name], [app.arn, null]) if {
	some app in input.applications
	words.short(app.name)
}
"""

TEST = """\
package acme.short_name_test

import rego.v1

import data.acme.short_name
import data.qcheck.lib.fixtures

test_short_name if {
	app := fixtures.application({"name": "x"})
	short_name.deny == {{"resource": app.arn, "message": "Profile \\"x\\" has a short name", "evidence": [app.arn]}} with input as fixtures.document({"applications": [app]})
}
"""


def acme(tmp_path: Path, library: str = LIBRARY) -> Path:
    directory = tmp_path / "acme"
    (directory / "lib").mkdir(parents=True)
    (directory / "lib" / "words.rego").write_text(library)
    (directory / "short_name.rego").write_text(RULE)
    (directory / "short_name_test.rego").write_text(TEST)
    return directory


def test_a_library_is_loaded_but_is_not_a_rule(tmp_path: Path) -> None:
    catalog = load_catalog([acme(tmp_path)])
    libraries = {p.package for p in catalog.policies if p.is_library}
    assert {"acme.lib.words", "qcheck.lib.violation", "qcheck.lib.labels"} <= libraries
    assert not any(rule.package.startswith(("acme.lib.", "qcheck.lib.")) for rule in catalog.rules)
    assert "ACME001" in catalog.rule_ids
    engine = EmbeddedEngine()
    engine.load([p for p in catalog.policies if not p.is_test])
    rule = next(r for r in catalog.rules if r.id == "ACME001")
    document = {"applications": [{"arn": "arn:app", "name": "x"}, {"arn": "arn:b", "name": "long"}]}
    assert engine.deny([rule], document) == {
        "acme.short_name": [
            {
                "resource": "arn:app",
                "message": 'Profile "x" has a short name',
                "evidence": ["arn:app"],
            }
        ]
    }


def test_policy_test_runs_with_libraries_and_fixtures_and_covers_libraries(tmp_path: Path) -> None:
    catalog = load_catalog([acme(tmp_path)], include_builtin=False)
    run = run_tests([*load_catalog().policies, *catalog.policies], coverage=True, time_limit=60)
    assert all(result.status == "PASS" for result in run.results)
    assert "data.acme.short_name_test.test_short_name" in {r.query for r in run.results}
    covered = {c.path for c in run.coverage}
    assert any(path.endswith("acme/lib/words.rego") for path in covered)


def test_bundle_ships_libraries_and_not_test_helpers(tmp_path: Path) -> None:
    bundle = build_bundle(load_catalog([acme(tmp_path)]))
    assert "qcheck/lib/violation/violation.rego" in bundle.policies
    assert "acme/lib/words/words.rego" in bundle.policies
    assert not any("fixtures" in path for path in bundle.policies)


def test_a_library_that_defines_deny_is_refused(tmp_path: Path) -> None:
    library = LIBRARY + "\ndeny contains 1 if true\n"
    with pytest.raises(InputError) as error:
        load_catalog([acme(tmp_path, library)])
    assert error.value.line == 12
    assert "must not define deny" in error.value.detail


def test_a_library_with_rule_keys_is_refused(tmp_path: Path) -> None:
    library = LIBRARY.replace("#   library: true", "#   library: true\n#   id: ACME002")
    with pytest.raises(InputError) as error:
        load_catalog([acme(tmp_path, library)])
    assert error.value.line == 6
    assert "'id' was unexpected" in error.value.detail


def test_library_false_is_refused(tmp_path: Path) -> None:
    library = LIBRARY.replace("library: true", "library: false")
    with pytest.raises(InputError) as error:
        load_catalog([acme(tmp_path, library)])
    assert "METADATA custom.library: True was expected" in error.value.detail


def test_a_library_must_pass_the_sandbox(tmp_path: Path) -> None:
    library = LIBRARY + "\nnow := time.now_ns()\n"
    with pytest.raises(InputError) as error:
        load_catalog([acme(tmp_path, library)])
    assert error.value.path is not None and error.value.path.endswith("words.rego")


def test_fixtures_build_schema_valid_input() -> None:
    schema = json.loads(resources.files("qcheck.schemas").joinpath("input-v2.json").read_text())
    engine = regorus.Engine()
    lib = builtin_policy_dir() / "qcheck" / "lib"
    for path in sorted(lib.glob("*.rego")):
        engine.add_policy(str(path), path.read_text())
    query = """data.qcheck.lib.fixtures.document({
        "accounts": [data.qcheck.lib.fixtures.account({})],
        "instances": [data.qcheck.lib.fixtures.instance({})],
        "applications": [data.qcheck.lib.fixtures.application({})],
        "identity_center": data.qcheck.lib.fixtures.identity_center({"delegated_admin_accounts":
            [data.qcheck.lib.fixtures.delegated_admin(data.qcheck.lib.fixtures.account({}))]}),
    })"""
    result = engine.eval_query(query)
    document = result["result"][0]["expressions"][0]["value"]
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert [e.message for e in errors] == []
