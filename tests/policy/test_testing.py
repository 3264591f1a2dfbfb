"""Every built-in policy's colocated _test.rego passes, on the embedded engine and on real
OPA (Go); each engine runs the tests once per session (fixtures in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile, builtin_policy_dir, load_catalog
from qcheck.policy.testing import TestResult, run_policy_tests

# Every colocated test file; lib/fixtures_test.rego holds test input builders, not tests.
TEST_FILES = sorted(
    p for p in builtin_policy_dir().rglob("*_test.rego") if p.name != "fixtures_test.rego"
)


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.stem)
def test_builtin_policy_tests_pass_on_embedded(
    path: Path, embedded_policy_tests: list[TestResult]
) -> None:
    mine = [r for r in embedded_policy_tests if Path(r.path).name == path.name]
    assert mine, f"no test ran from {path.name}"
    assert [r for r in mine if not r.passed and not r.skipped] == []


@pytest.mark.slow
@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.stem)
def test_builtin_policy_tests_pass_on_real_opa(
    path: Path,
    embedded_policy_tests: list[TestResult],
    opa_go_policy_tests: dict[tuple[str, str], TestResult],
) -> None:
    """Same tests, same verdicts: every test regorus runs, real OPA runs and passes."""
    mine = [r for r in embedded_policy_tests if Path(r.path).name == path.name and not r.skipped]
    for result in mine:
        opa = opa_go_policy_tests.get((result.package, result.name))
        assert opa is not None, f"real OPA did not run {result.query}"
        assert opa.passed == result.passed, (opa, result)


def test_every_rule_has_passing_and_failing_cases(embedded_policy_tests: list[TestResult]) -> None:
    results = embedded_policy_tests
    tested = {r.package.removesuffix("_test") for r in results}
    for rule in load_catalog().rules:
        assert rule.package in tested, f"{rule.id} has no tests"
        count = sum(r.package == rule.package + "_test" for r in results)
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
