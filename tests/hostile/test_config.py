"""qcheck.yaml mistakes that used to pass silently: refused with file and line, and the
config in use (or none) said on stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.support import SEED, assert_refused, digest, qcheck, seed_copy


def run_with(tmp_path: Path, extra: str) -> tuple[str, int]:
    """Check the seed with a config of `version: 1` and `extra`: (stderr, lines before it)."""
    snapshot, config = seed_copy(tmp_path)
    text = "version: 1\n"
    config.write_text(text + extra)
    before = digest([snapshot, config])
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path)
    assert digest([snapshot, config]) == before
    assert_refused(run, f"{config}:")
    return run.err, text.count("\n")


def test_a_duplicate_key(tmp_path: Path) -> None:
    err, lines = run_with(tmp_path, "pricing:\n  currency: EUR\n  currency: USD\n")
    assert f":{lines + 3}: duplicate key 'currency'" in err


def test_a_duplicate_top_level_section(tmp_path: Path) -> None:
    err, lines = run_with(tmp_path, "residency: {}\nresidency:\n  zones:\n    EU: [eu-west-1]\n")
    assert f":{lines + 2}: duplicate key 'residency'" in err


@pytest.mark.parametrize("date", ["2027-02-30", "9999-99-99", "2026-13-01"])
def test_an_impossible_waiver_date(date: str, tmp_path: Path) -> None:
    waiver = f"  - rule: QC101\n    resource: x\n    reason: r\n    owner: o\n    expires: {date}\n"
    err, _ = run_with(tmp_path, "waivers:\n" + waiver)
    assert f"expires: '{date}' is not a calendar date" in err


@pytest.mark.parametrize("price", [".nan", ".inf", "-.inf", ".NaN"])
def test_a_price_that_is_not_a_number(price: str, tmp_path: Path) -> None:
    err, lines = run_with(tmp_path, f"pricing:\n  q_developer_pro_monthly: {price}\n")
    assert f":{lines + 2}: {price} is not a finite number" in err


def test_a_negative_price(tmp_path: Path) -> None:
    err, _ = run_with(tmp_path, "pricing:\n  q_developer_pro_monthly: -19\n")
    assert "less than the minimum of 0" in err


def test_an_alias_bomb(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    err, _ = run_with(tmp_path, "\n".join(levels) + "\n")
    assert "expands to more than" in err


def test_the_config_in_use_is_said(tmp_path: Path) -> None:
    snapshot, _ = seed_copy(tmp_path)
    (tmp_path / "qcheck.yaml").unlink()
    run = qcheck(["check", str(snapshot)], tmp_path)
    assert run.code == 1
    assert run.err.startswith("qcheck: no config: ./qcheck.yaml not found")
    assert run.err.count("\n") == 1
    shutil.copyfile(SEED / "qcheck.yaml", tmp_path / "qcheck.yml")
    run = qcheck(["check", str(snapshot)], tmp_path)
    assert run.code == 1
    assert run.err == "qcheck: using config qcheck.yml (found in the current directory)\n"
