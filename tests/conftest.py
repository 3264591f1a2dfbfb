from __future__ import annotations

import json
from typing import Any

import pytest

from qcheck.policy.catalog import load_catalog
from qcheck.policy.testing import TestResult, run_policy_tests
from tests.harness import SEED
from tests.opa_go import OpaGoEngine, require_opa_go


@pytest.fixture
def seed_snapshot_text() -> str:
    return (SEED / "snapshot.json").read_text()


@pytest.fixture
def seed_document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SEED / "snapshot.json").read_text())
    return loaded


@pytest.fixture(scope="session")
def embedded_policy_tests() -> list[TestResult]:
    """Every built-in policy test, run once per session on the embedded engine."""
    return run_policy_tests(load_catalog().policies)


@pytest.fixture(scope="session")
def opa_go_policy_tests() -> dict[tuple[str, str], TestResult]:
    """Every built-in policy test, run once per session on real OPA (Go), by (package, name)."""
    require_opa_go()
    engine = OpaGoEngine()
    try:
        return {(r.package, r.name): r for r in engine.run_tests(load_catalog().policies)}
    finally:
        engine.close()
