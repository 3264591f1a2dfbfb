from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from fixtures.aws_emulator.seed_org import ROLE
from qcheck.collect.run import CollectOptions, CollectResult, collect
from tests.harness import AS_OF, SCENARIOS, run_cli

SEED_CONFIG = SCENARIOS / "seed" / "qcheck.yaml"


class FakeClock:
    """A clock whose sleeps advance its own time at once: botocore's backoff and rate
    limiting, and the throttling deadline, run their course in milliseconds. Shared by the
    collector's threads, so it locks."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds


def collect_now(**options: Any) -> tuple[CollectResult, dict[str, Any]]:
    """Collect in-process with fast retries, and the snapshot as a document."""
    settings: dict[str, Any] = {
        "member_role_name": ROLE,
        "max_attempts": 2,
        "throttle_deadline": 0.5,
        **options,
    }
    result = collect(CollectOptions(**settings))
    return result, json.loads(result.text)


def check_findings(
    capsys: pytest.CaptureFixture[str], snapshot: Path, config: Path = SEED_CONFIG
) -> list[tuple[str, str]]:
    """(rule id, resource) of every finding `qcheck check` reports on the snapshot."""
    code, out, err = run_cli(
        capsys,
        "check",
        str(snapshot),
        "--config",
        str(config),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    )
    assert code in (0, 1), err
    return [(f["rule_id"], f["resource"]) for f in json.loads(out)["findings"]]


def by_kind(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [n for n in document["nodes"] if n["kind"] == kind]


def gap_ids(document: dict[str, Any]) -> set[str]:
    return {g["id"] for g in document["gaps"]}
