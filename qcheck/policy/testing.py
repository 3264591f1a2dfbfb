"""Run the test rules of policy files like `opa test`, on the embedded engine.

Discovery follows `opa test`: every rule of every loaded file whose name starts with
`test_` is run, and one starting with `todo_` is reported as skipped; rules are found on
the parsed policy (indented, multi-line, `else` chains and `default` rules alike), never
by matching text. Tests run in a forked child under the same time and memory limits as
`qcheck check` evaluations.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qcheck.engine.embedded import DEFAULT_TIME_LIMIT, EmbeddedEngine
from qcheck.engine.native import Progress
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile
from qcheck.policy.sandbox import parse

TEST_PREFIX, SKIP_PREFIX = "test_", "todo_"


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class

    path: str
    package: str
    name: str
    passed: bool
    error: str = ""
    duration_s: float = 0.0
    skipped: bool = False

    @property
    def query(self) -> str:
        return f"data.{self.package}.{self.name}"

    @property
    def status(self) -> str:
        """As `opa test` prints it."""
        if self.skipped:
            return "SKIPPED"
        return "PASS" if self.passed else "ERROR" if self.error else "FAIL"


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
    def passed(self) -> bool:
        """Every test passed or was skipped, and there was at least one."""
        return bool(self.results) and not self.failed

    @property
    def failed(self) -> int:
        return sum(not r.passed and not r.skipped for r in self.results)

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self.results)


def rule_test_names(policy: PolicyFile, prefix: str = TEST_PREFIX) -> list[str]:
    """The rules of a policy file named `<prefix>*`, in the order they first appear."""
    names = (_rule_name(rule) for rule in parse(policy.path, policy.text).get("rules", []))
    return list(dict.fromkeys(n for n in names if n is not None and n.startswith(prefix)))


def _rule_name(rule: dict[str, Any]) -> str | None:
    """The name of a complete, set or default rule whose head is a plain name (functions
    cannot be run without arguments and are not in their package's document)."""
    if "Default" in rule:
        refr = rule["Default"].get("refr")
    else:
        head: dict[str, Any] = rule.get("Spec", {}).get("head", {})
        kind = next(iter(head), "Func")
        refr = None if kind == "Func" else head[kind].get("refr")
    var = refr.get("Var") if isinstance(refr, dict) else None
    return str(var["value"]) if isinstance(var, dict) else None


def run_policy_tests(
    policies: Sequence[PolicyFile], time_limit: float | None = DEFAULT_TIME_LIMIT
) -> list[TestResult]:
    """Load every policy and test file together, then evaluate each test rule."""
    return list(run_tests(policies, time_limit=time_limit).results)


def run_tests(
    policies: Sequence[PolicyFile],
    coverage: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> TestRun:
    """Evaluate each test rule within `time_limit` seconds in all; with `coverage`, also
    report the lines of the (non-test) policy files that no test reached."""
    tests = [(p, rule_test_names(p), rule_test_names(p, SKIP_PREFIX)) for p in policies]
    if not any(names or skipped for _, names, skipped in tests) and any(
        p.is_test for p in policies
    ):
        raise InputError("no test_* rules found in the _test.rego files")
    engine = EmbeddedEngine(time_limit)
    if coverage:
        engine.engine().set_enable_coverage(True)
    engine.load(policies)

    def compute(progress: Progress) -> dict[str, Any]:
        results = []
        for policy, names, skipped in tests:
            for name in names:
                results.append(_run_one(engine, progress, policy, name))
            results += [[policy.path, policy.package, n, False, "", 0.0, True] for n in skipped]
        report = engine.engine().get_coverage_report_as_json() if coverage else "{}"
        return {"results": results, "coverage": report}

    outcome = engine.bounded(compute, "policy tests")
    results = tuple(TestResult(*row) for row in outcome["results"])
    files: tuple[FileCoverage, ...] = ()
    if coverage:
        report = json.loads(outcome["coverage"])
        tested = {p.path for p in policies if not p.is_test}
        files = tuple(
            FileCoverage(f["path"], tuple(sorted(f["covered"])), tuple(sorted(f["not_covered"])))
            for f in sorted(report.get("files", []), key=lambda f: str(f["path"]))
            if f["path"] in tested
        )
    return TestRun(results, files)


def _run_one(
    engine: EmbeddedEngine, progress: Progress, policy: PolicyFile, name: str
) -> list[Any]:
    """One test as a JSON row: passes when its value is true, like `opa test`."""
    query = f"data.{policy.package}.{name}"
    progress.set(policy.path, query)
    start = time.perf_counter()
    try:
        passed, error = engine.evaluate(policy.path, query) is True, ""
    except RuntimeError as failure:
        text = str(failure).strip()
        passed, error = False, text.splitlines()[0] if text else "error"
    duration = time.perf_counter() - start
    return [policy.path, policy.package, name, passed, error, duration, False]
