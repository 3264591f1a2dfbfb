"""Run the `test_*` rules of `_test.rego` files, like `opa test`, on the embedded engine."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile

_TEST_RULE = re.compile(r"^(test_\w+)\b", re.M)


@dataclass(frozen=True)
class TestResult:
    path: str
    package: str
    name: str
    passed: bool
    error: str = ""


def run_policy_tests(policies: Sequence[PolicyFile]) -> list[TestResult]:
    """Load every policy and test file together, then evaluate each test rule."""
    engine = EmbeddedEngine()
    engine.load(policies)
    regorus_engine = engine.engine()
    results = []
    for policy in policies:
        if not policy.is_test:
            continue
        for name in dict.fromkeys(_TEST_RULE.findall(policy.text)):
            try:
                value = json.loads(
                    regorus_engine.eval_rule_as_json(f"data.{policy.package}.{name}")
                )
                results.append(TestResult(policy.path, policy.package, name, value is True))
            except RuntimeError as error:
                detail = str(error).strip().splitlines()[0] if str(error).strip() else "error"
                results.append(TestResult(policy.path, policy.package, name, False, detail))
    if not results and any(p.is_test for p in policies):
        raise InputError("no test_* rules found in the _test.rego files")
    return results
