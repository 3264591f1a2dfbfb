from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "fixtures" / "scenarios"
AS_OF = "2026-11-22"


def scenario_names() -> list[str]:
    return sorted(p.name for p in SCENARIOS.iterdir() if (p / "expected.json").is_file())


@pytest.fixture
def seed_snapshot_text() -> str:
    return (SCENARIOS / "seed" / "snapshot.json").read_text()


@pytest.fixture
def seed_document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCENARIOS / "seed" / "snapshot.json").read_text())
    return loaded
