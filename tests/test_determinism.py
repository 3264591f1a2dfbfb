"""The same input gives byte-identical reports in every format across runs and engines."""

from __future__ import annotations

import pytest

from qcheck.check import run_check
from qcheck.config.load import load_config
from qcheck.engine.base import Engine
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.policy.catalog import load_catalog
from qcheck.report import render
from qcheck.report.asff import Target
from tests.harness import AS_OF, SCENARIOS, scenario_names
from tests.opa_go import OpaGoEngine, require_opa_go

pytestmark = [pytest.mark.slow]  # every scenario, twice, on every engine

FORMATS = ("json", "sarif", "markdown", "text", "asff", "ocsf", "junit", "csv")
TARGET = Target("999988887777", "eu-central-1")


def rendered(name: str, engine: Engine) -> dict[str, str]:
    catalog = load_catalog()
    config = load_config(SCENARIOS / name / "qcheck.yaml", catalog.rule_ids)
    snapshots = [str(p) for p in sorted((SCENARIOS / name).glob("snapshot*.json"))]
    report, _ = run_check(snapshots, config, catalog, engine, AS_OF)
    return {fmt: render(report, fmt, TARGET) for fmt in FORMATS}


@pytest.mark.parametrize("name", scenario_names())
def test_byte_identical_across_runs_and_engines(name: str) -> None:
    first = rendered(name, EmbeddedEngine())
    assert rendered(name, EmbeddedEngine()) == first
    require_opa_go()
    opa = OpaGoEngine()
    try:
        assert rendered(name, opa) == first
    finally:
        opa.close()
