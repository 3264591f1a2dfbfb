"""Real OPA (the Go engine) as a qcheck Engine: the reference the conformance suite and the
benchmark compare the embedded engine against.

It lives with the tests, not in qcheck/, on purpose: OPA's Go engine reaches Python through
`opa-golib-python-bindings`, which declares Python >= 3.14 and so installs on the Python
versions qcheck supports only with `pip install --ignore-requires-python`. No extra of
qcheck can depend on it, and an engine users cannot install the ordinary way would be a
trap. Users who run OPA run it as a server: that is `--engine opa` (qcheck.engine.opa_server).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from qcheck.errors import InputError
from qcheck.model import Rule
from qcheck.policy.catalog import PolicyFile
from qcheck.policy.testing import TestResult, rule_test_names

try:
    from opa_bindings.engine import OpaEngine, OpaError, OpaUndefinedError
except ImportError:  # not installed: the tests that need it skip (or fail under CI=true)
    OpaEngine = OpaError = OpaUndefinedError = None

AVAILABLE = OpaEngine is not None
INSTALL_HINT = "pip install --ignore-requires-python opa-golib-python-bindings"

# "1 error occurred: path/to/file.rego:5: rego_parse_error: unexpected } token"
_LOCATED = re.compile(r"(?P<path>[^\s:][^:]*\.rego):(?P<line>\d+): (?P<code>rego_\w+): (?P<msg>.+)")


def require_opa_go() -> None:
    """Skip the calling test without real OPA, except in CI where it must be installed."""
    if AVAILABLE:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"real OPA is required in CI: {INSTALL_HINT}")
    pytest.skip(f"real OPA (Go) is not installed: {INSTALL_HINT}")


def opa_error(error: Exception, fallback_path: str | None = None) -> InputError:
    """One line from an OPA error, naming file and line when OPA gives them."""
    text = getattr(error, "message", str(error))
    located = _LOCATED.search(text)
    if located:
        return InputError(
            f"Rego error: {located.group('code')}: {located.group('msg').strip()}",
            located.group("path"),
            int(located.group("line")),
        )
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return InputError(f"Rego error: {first}", fallback_path)


class OpaGoEngine:
    """qcheck's Engine protocol on OPA's own Go evaluator, in process."""

    name = "opa-go"

    def __init__(self) -> None:
        require_opa_go()
        self._engine: Any = OpaEngine()

    def close(self) -> None:
        self._engine.close()

    def load(self, policies: Sequence[PolicyFile], data: Mapping[str, Any] | None = None) -> None:
        for policy in policies:
            try:
                self._engine.add_policy(policy.path, policy.text)
            except OpaError as error:
                raise opa_error(error, policy.path) from None
        if data:
            self._engine.add_data(dict(data))
        try:  # compile now, so that type errors surface at load time as on the other engines
            self._engine.eval_query("true")
        except OpaError as error:
            raise opa_error(error) from None

    def deny(self, rules: Sequence[Rule], document: Mapping[str, Any]) -> dict[str, list[Any]]:
        """All rules in one query, so that the input crosses into Go once."""
        if not rules:
            return {}
        query = "; ".join(f"r{i} := data.{rule.package}.deny" for i, rule in enumerate(rules))
        try:
            rows = self._engine.eval_query(query, dict(document))
        except OpaError as error:
            raise opa_error(error) from None
        if not rows:  # some package has no deny: find which, for the same message as embedded
            for rule in rules:
                self.evaluate(f"{rule.package}.deny", document, rule.source_path)
            return {}
        return {rule.package: _as_list(rows[0][f"r{i}"]) for i, rule in enumerate(rules)}

    def evaluate(self, path: str, document: Mapping[str, Any] | None, source: str) -> Any:
        try:
            return self._engine.eval_document(path, None if document is None else dict(document))
        except OpaUndefinedError:
            package = path.rpartition(".")[0]
            raise InputError(f"package {package} defines no `deny` rule", source) from None
        except OpaError as error:
            raise opa_error(error, source) from None

    def run_tests(self, policies: Sequence[PolicyFile]) -> list[TestResult]:
        """The test_* rules of the _test.rego files, evaluated the way `opa test` does: a
        test passes when its value is true. One evaluation per test package (preparing a
        query is the costly part); a package with an erroring test is re-run test by test."""
        self.load(policies)
        results = []
        for policy in policies:
            if not policy.is_test:
                continue
            names = rule_test_names(policy)
            start = time.perf_counter()
            try:
                values = self._engine.eval_document(policy.package)
            except (OpaUndefinedError, OpaError):
                values = None
            share = (time.perf_counter() - start) / max(len(names), 1)
            for name in names:
                if isinstance(values, dict):
                    outcome = (values.get(name) is True, "", share)
                else:
                    outcome = self._run_one(policy, name)
                results.append(TestResult(policy.path, policy.package, name, *outcome))
        return results

    def _run_one(self, policy: PolicyFile, name: str) -> tuple[bool, str, float]:
        start = time.perf_counter()
        try:
            value = self._engine.eval_document(f"{policy.package}.{name}")
            passed, error = value is True, ""
        except OpaUndefinedError:
            passed, error = False, ""
        except OpaError as failure:
            passed, error = False, opa_error(failure, policy.path).one_line()
        return passed, error, time.perf_counter() - start


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
