"""qcheck.app: typed requests in, rendered outcomes out, the cycle collector restored."""

from __future__ import annotations

import gc

from qcheck import app
from qcheck.model import Severity
from tests.harness import AS_OF, SCENARIOS


def test_gc_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with app.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with app.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_run_check_leaves_the_collector_enabled_and_gates() -> None:
    seed = SCENARIOS / "seed"
    outcome = app.run_check(
        app.CheckRequest(
            snapshots=(str(seed / "snapshot.json"),),
            sources=app.Sources(config=str(seed / "qcheck.yaml"), as_of=AS_OF),
            format="json",
            fail_on=Severity.LOW,
            engine=app.EngineOptions(),
            dump_input=True,
        )
    )
    assert gc.isenabled()
    assert outcome.failed
    assert outcome.config == str(seed / "qcheck.yaml")
    assert outcome.inputs == (str(seed / "snapshot.json"), str(seed / "qcheck.yaml"))
    assert outcome.policy_input is not None and '"input_version"' in outcome.policy_input
    assert outcome.text.startswith('{\n  "format": "qcheck.report"')


def test_run_diff_gates_only_on_findings_that_appeared() -> None:
    messy = SCENARIOS / "messy"
    request = app.DiffRequest(
        old=str(messy / "snapshot.json"),
        new=str(messy / "snapshot.json"),
        sources=app.Sources(config=str(messy / "qcheck.yaml"), as_of=AS_OF),
        format="text",
        fail_on=Severity.LOW,
    )
    outcome = app.run_diff(request)
    assert not outcome.failed  # the same snapshot twice: nothing appeared
    assert "Findings appeared (0)" in outcome.text
