"""Run the `test_*` rules of `_test.rego` files, like `opa test`, on the embedded engine."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile

_TEST_RULE = re.compile(r"^(test_\w+)\b", re.M)


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class

    path: str
    package: str
    name: str
    passed: bool
    error: str = ""
    duration_s: float = 0.0

    @property
    def query(self) -> str:
        return f"data.{self.package}.{self.name}"


@dataclass(frozen=True)
class FileCoverage:
    """Lines of one policy file that the tests evaluated, and those they never reached."""

    path: str
    covered: tuple[int, ...]
    not_covered: tuple[int, ...]

    @property
    def percent(self) -> float:
        total = len(self.covered) + len(self.not_covered)
        return 100.0 * len(self.covered) / total if total else 100.0


@dataclass(frozen=True)
class TestRun:
    __test__ = False

    results: tuple[TestResult, ...]
    coverage: tuple[FileCoverage, ...] = ()

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)


def rule_test_names(policy: PolicyFile) -> list[str]:
    """The `test_*` rules of a test file, in the order they first appear."""
    return list(dict.fromkeys(_TEST_RULE.findall(policy.text)))


def run_policy_tests(policies: Sequence[PolicyFile]) -> list[TestResult]:
    """Load every policy and test file together, then evaluate each test rule."""
    return list(run_tests(policies).results)


def run_tests(policies: Sequence[PolicyFile], coverage: bool = False) -> TestRun:
    """Evaluate each test rule; with `coverage`, also report the lines of the (non-test)
    policy files that no test reached."""
    engine = EmbeddedEngine()
    regorus_engine = engine.engine()
    if coverage:
        regorus_engine.set_enable_coverage(True)
    engine.load(policies)
    results = []
    for policy in policies:
        if not policy.is_test:
            continue
        for name in rule_test_names(policy):
            start = time.perf_counter()
            try:
                value = json.loads(
                    regorus_engine.eval_rule_as_json(f"data.{policy.package}.{name}")
                )
                passed, error = value is True, ""
            except RuntimeError as failure:
                text = str(failure).strip()
                passed, error = False, text.splitlines()[0] if text else "error"
            duration = time.perf_counter() - start
            results.append(TestResult(policy.path, policy.package, name, passed, error, duration))
    if not results and any(p.is_test for p in policies):
        raise InputError("no test_* rules found in the _test.rego files")
    files: tuple[FileCoverage, ...] = ()
    if coverage:
        report = json.loads(regorus_engine.get_coverage_report_as_json())
        tested = {p.path for p in policies if not p.is_test}
        files = tuple(
            FileCoverage(f["path"], tuple(sorted(f["covered"])), tuple(sorted(f["not_covered"])))
            for f in sorted(report.get("files", []), key=lambda f: str(f["path"]))
            if f["path"] in tested
        )
    return TestRun(tuple(results), files)


def line_ranges(lines: Sequence[int]) -> str:
    """3, 5-7, 10 for [3, 5, 6, 7, 10]."""
    parts: list[str] = []
    start = previous = None
    for line in sorted(lines):
        if previous is not None and line == previous + 1:
            previous = line
            continue
        if start is not None:
            parts.append(f"{start}" if start == previous else f"{start}-{previous}")
        start = previous = line
    if start is not None:
        parts.append(f"{start}" if start == previous else f"{start}-{previous}")
    return ", ".join(parts)
