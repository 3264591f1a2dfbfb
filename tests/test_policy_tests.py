"""Every built-in policy's colocated _test.rego passes on the embedded engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile, load_catalog
from qcheck.policy.testing import run_policy_tests

CATALOG = load_catalog()
RESULTS = run_policy_tests(CATALOG.policies)


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: f"{r.package}.{r.name}")
def test_builtin_policy_test(result: object) -> None:
    assert result.passed, result


def test_every_rule_has_passing_and_failing_cases() -> None:
    tested = {r.package.removesuffix("_test") for r in RESULTS}
    for rule in CATALOG.rules:
        assert rule.package in tested, f"{rule.id} has no tests"
        count = sum(r.package == rule.package + "_test" for r in RESULTS)
        assert count >= 2, f"{rule.id} has {count} test(s); want failing and passing cases"


def test_failing_test_is_reported(tmp_path: Path) -> None:
    policy = PolicyFile(
        str(tmp_path / "x_test.rego"),
        "package x_test\nimport rego.v1\ntest_wrong if { 1 == 2 }\ntest_right if { 1 == 1 }\n",
        "x_test",
    )
    results = {r.name: r.passed for r in run_policy_tests([policy])}
    assert results == {"test_wrong": False, "test_right": True}


def test_rego_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = PolicyFile(
        "custom/broken.rego",
        "package broken\nimport rego.v1\n\ndeny contains v if {\n  v := \n}\n",
        "broken",
    )
    with pytest.raises(InputError) as caught:
        EmbeddedEngine().load([broken])
    assert caught.value.path == "custom/broken.rego"
    assert caught.value.line == 6 or caught.value.line == 5
    assert "Rego error:" in str(caught.value)
    assert "backtrace" not in str(caught.value).lower()
