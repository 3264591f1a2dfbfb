"""Numeric options are finite and within range, refused in one line otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.support import assert_refused, qcheck, seed_copy


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e300", "-1", "0", "ten"])
def test_timeout(value: str, tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    run = qcheck(["check", str(snapshot), "--config", str(config), f"--timeout={value}"], tmp_path)
    assert_refused(run, "argument --timeout: not a number of seconds")


@pytest.mark.parametrize("value", ["nan", "inf", "1e300", "-1"])
def test_throttle_deadline(value: str, tmp_path: Path) -> None:
    run = qcheck(
        ["collect", "--output", str(tmp_path / "s.json"), f"--throttle-deadline={value}"], tmp_path
    )
    assert_refused(run, "argument --throttle-deadline: not a number of seconds")
    assert not (tmp_path / "s.json").exists()
