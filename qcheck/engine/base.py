"""What every Rego engine offers qcheck: load policies once, evaluate `deny` per package."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from qcheck.model import Rule
from qcheck.policy.catalog import PolicyFile


class Engine(Protocol):
    name: str

    def load(self, policies: Sequence[PolicyFile]) -> None:
        """Compile the policies; raise InputError naming file and line on a Rego error."""

    def deny(self, rules: Sequence[Rule], document: Mapping[str, Any]) -> dict[str, list[Any]]:
        """The `deny` set of each rule's package for this input, as plain JSON values."""
