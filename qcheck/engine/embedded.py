"""The default engine: regorus, a Rego interpreter in Rust, evaluated in-process."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import regorus

from qcheck.engine.limit import run_with_time_limit
from qcheck.errors import InputError
from qcheck.model import Rule
from qcheck.policy.catalog import PolicyFile

_LOCATION = re.compile(r"-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)")
_ERROR = re.compile(r"^error:\s*(?P<message>.+)$", re.M)


def rego_error(error: Exception, fallback_path: str) -> InputError:
    """One line from a regorus error: its message, file and line, without the backtrace."""
    text = str(error)
    location = _LOCATION.search(text)
    message = _ERROR.search(text)
    detail = message.group("message") if message else text.strip().splitlines()[0]
    if location:
        return InputError(
            f"Rego error: {detail} (column {location.group('col')})",
            location.group("path"),
            int(location.group("line")),
        )
    return InputError(f"Rego error: {detail}", fallback_path)


DEFAULT_TIME_LIMIT = 300.0  # seconds per evaluation; a 10,000-account organization takes ~2


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, time_limit: float | None = DEFAULT_TIME_LIMIT) -> None:
        self._engine = regorus.Engine()
        self._time_limit = time_limit

    def load(self, policies: Sequence[PolicyFile]) -> None:
        for policy in policies:
            try:
                self._engine.add_policy(policy.path, policy.text)
            except RuntimeError as error:
                raise rego_error(error, policy.path) from None

    def deny(self, rules: Sequence[Rule], document: Mapping[str, Any]) -> dict[str, list[Any]]:
        self._engine.set_input_json(json.dumps(document))
        results: dict[str, list[Any]] = run_with_time_limit(
            lambda: self._deny(rules), self._time_limit, "policy evaluation"
        )
        return results

    def _deny(self, rules: Sequence[Rule]) -> dict[str, list[Any]]:
        results: dict[str, list[Any]] = {}
        for rule in rules:
            try:
                value = json.loads(self._engine.eval_rule_as_json(f"data.{rule.package}.deny"))
            except RuntimeError as error:
                if "not a valid rule path" in str(error):
                    raise InputError(
                        f"package {rule.package} defines no `deny` rule", rule.source_path
                    ) from None
                raise rego_error(error, rule.source_path) from None
            results[rule.package] = _as_list(value)
        return results

    def engine(self) -> Any:
        """The underlying regorus engine, for policy tests."""
        return self._engine


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "<undefined>":
        return []
    if isinstance(value, list):
        return value
    return [value]
