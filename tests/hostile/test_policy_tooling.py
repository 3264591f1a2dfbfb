"""`policy test` finds the test rules `opa test` runs, skips `todo_` rules like it, and runs
under the time limit of `check`."""

from __future__ import annotations

from pathlib import Path

from qcheck.policy.catalog import PolicyFile
from qcheck.policy.testing import rule_test_names
from tests.hostile.policy_cli import assert_one_line_error, qcheck, write_policy
from tests.opa_go import OpaEngine, require_opa_go

# Test files whose every test rule is true, so that real OPA's document of the package
# lists each of them: the names `opa test` would run.
CORPUS = {
    "layout": """package corpus.layout_test

import rego.v1

  test_indented if {
    true
  }

test_multi_line
  if { true }

test_else if { false } else := true

default test_default := true

test_value := true

\ttest_tab_indented := true

todo_later if { true }

helper(x) := x
""",
    "repeated": """package corpus.repeated_test

import rego.v1

test_twice if { true }
test_twice if { 1 == 1 }
test_set_like := {1} == {1}
not_a_test := true
test_function(x) := x
""",
}


def test_discovery_matches_real_opa() -> None:
    require_opa_go()
    for name, text in CORPUS.items():
        package = text.split()[1]
        policy = PolicyFile(f"{name}_test.rego", text, package)
        engine = OpaEngine()
        try:
            engine.add_policy(policy.path, policy.text)
            document = engine.eval_document(package)
        finally:
            engine.close()
        assert set(rule_test_names(policy)) == {k for k in document if k.startswith("test_")}
        assert set(rule_test_names(policy, "todo_")) == {
            k for k in document if k.startswith("todo_")
        }


def test_indented_failing_test_is_run_not_passed(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "rule", "deny contains v if {\n\tv := 1\n\tfalse\n}\n")
    (policies / "rule_test.rego").write_text(
        "package custom.rule_test\n\nimport rego.v1\n\n"
        "test_passes if { true }\n"
        "  test_indented_fails if {\n    1 == 2\n  }\n"
        "default test_default_fails := false\n"
        "todo_not_yet if { 1 == 2 }\n"
    )
    run = qcheck("policy", "test", str(policies), cwd=tmp_path)
    assert run.code == 1, run.out + run.err
    assert "data.custom.rule_test.test_indented_fails: FAIL" in run.out
    assert "data.custom.rule_test.test_default_fails: FAIL" in run.out
    assert "data.custom.rule_test.todo_not_yet: SKIPPED" in run.out
    assert "1 passed, 2 failed, 1 skipped" in run.out


def test_looping_test_stops_at_the_timeout(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "rule", "deny contains v if {\n\tv := 1\n\tfalse\n}\n")
    (policies / "rule_test.rego").write_text(
        "package custom.rule_test\n\nimport rego.v1\n\ntest_loops if {\n"
        "\tsome i in numbers.range(1, 30000)\n\tsome j in numbers.range(1, 30000)\n"
        "\ti * j == -1\n}\n"
    )
    run = qcheck("policy", "test", str(policies), "--timeout", "1", cwd=tmp_path, timeout=30)
    assert_one_line_error(
        run, "rule_test.rego: data.custom.rule_test.test_loops: policy tests took longer"
    )
