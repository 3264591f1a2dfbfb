"""An engine panic or a policy that allocates without bound ends in one line naming the
policy, in `check` and in `policy test`."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.model import Rule, Severity
from qcheck.policy.catalog import PolicyFile
from tests.hostile.policy_cli import assert_one_line_error, check_args, qcheck, write_policy

PANIC = 'strings.count("abc", "")'  # regorus panics: "window size must be non-zero"


def test_engine_panic_in_check(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "panics", f"deny contains v if {{\n\tv := {PANIC}\n}}\n")
    run = qcheck(*check_args(policies), cwd=tmp_path, timeout=30)
    assert_one_line_error(
        run, "panics.rego: engine failed evaluating data.custom.panics.deny: window size"
    )


def test_engine_panic_in_policy_test(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "fine", "deny contains v if {\n\tv := 1\n\tfalse\n}\n")
    (policies / "fine_test.rego").write_text(
        f"package custom.fine_test\n\nimport rego.v1\n\ntest_panics if {{ {PANIC} == 1 }}\n"
    )
    run = qcheck("policy", "test", str(policies), cwd=tmp_path, timeout=30)
    assert_one_line_error(
        run, "fine_test.rego: engine failed evaluating data.custom.fine_test.test_panics:"
    )


def test_unbounded_allocation_is_stopped_and_names_the_policy() -> None:
    greedy = PolicyFile(
        "custom/greedy.rego",
        "package greedy\nimport rego.v1\n\ndeny contains x if {\n"
        "\tsome x in numbers.range(1, 1000000000)\n\tx == -1\n}\n",
        "greedy",
    )
    engine = EmbeddedEngine(time_limit=60, memory_limit=256 << 20)
    engine.load([greedy])
    rule = Rule("X001", "Greedy", "t", "d", Severity.LOW, "x", "greedy", greedy.path, ("a",), ())
    with pytest.raises(InputError) as caught:
        engine.deny([rule], {})
    assert caught.value.path == "custom/greedy.rego"
    assert "engine failed evaluating data.greedy.deny: ran out of memory" in str(caught.value)
    assert "256 MiB" in str(caught.value)
