"""A reused embedded engine holds each policy once, however many checks it runs."""

from __future__ import annotations

import json
import time

from qcheck.check import run_check
from qcheck.config.load import load_config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.policy.catalog import PolicyFile, load_catalog
from qcheck.report import render
from tests.harness import AS_OF, SCENARIOS


def loaded_paths(engine: EmbeddedEngine) -> list[str]:
    # regorus returns the list as JSON text, itself encoded as a JSON string
    return sorted(p["path"] for p in json.loads(json.loads(engine.engine().get_policies())))


def test_checks_on_one_engine_do_not_load_the_policies_again() -> None:
    catalog = load_catalog()
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml", catalog.rule_ids)
    snapshots = [str(SCENARIOS / "seed" / "snapshot.json")]
    engine = EmbeddedEngine()
    wanted = sorted(p.path for p in catalog.policies if not p.is_test)
    reports, seconds = [], []
    for _ in range(4):
        start = time.perf_counter()
        report, _ = run_check(snapshots, config, catalog, engine, AS_OF)
        seconds.append(time.perf_counter() - start)
        reports.append(render(report, "json"))
        assert loaded_paths(engine) == wanted  # once each, not once per check
    assert len(set(reports)) == 1
    assert seconds[-1] < 3 * seconds[0]  # evaluation does not slow down with reuse


def test_a_changed_policy_replaces_its_old_text() -> None:
    engine = EmbeddedEngine()
    first = "package reuse\n\ndeny contains 1 if true\n"
    second = "package reuse\n\ndeny contains 2 if true\n"
    engine.load([_policy("reuse.rego", first)])
    engine.load([_policy("reuse.rego", second)])
    assert loaded_paths(engine) == ["reuse.rego"]
    assert engine.evaluate("reuse.rego", "data.reuse.deny") == [2]


def _policy(path: str, text: str) -> PolicyFile:
    return PolicyFile(path=path, text=text, package="reuse")
