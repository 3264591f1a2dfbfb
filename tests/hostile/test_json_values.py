"""Values Python's json reads but nothing downstream can: refused at load with one line
naming the file and line, before anything reaches the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.support import assert_refused, digest, qcheck, seed_copy

MAX_DEPTH = 64  # the documented bound: qcheck.inputs.MAX_DEPTH, docs/input.md
CONTENT = '"content": {'
# The SCP content of the seed's policy node sits at level 4 (document, nodes, node,
# content), so a value put in it starts at level 5.
CONTENT_LEVEL = 5


def with_value(snapshot: Path, value: str) -> int:
    """Put `"x": value` first in the SCP content; the line it is on."""
    text = snapshot.read_text()
    assert CONTENT in text
    snapshot.write_text(text.replace(CONTENT, CONTENT + f'"x": {value}, ', 1))
    return text[: text.index(CONTENT)].count("\n") + 1


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("NaN", "NaN is not a JSON number"),
        ("Infinity", "Infinity is not a JSON number"),
        ("-Infinity", "-Infinity is not a JSON number"),
        ("1e999", "number 1e999 is out of range"),
        ("9" * 4301, "integer of 4301 digits"),
        ('"\\ud800"', "lone UTF-16 surrogate"),
        ('"\\udc00 tail"', "lone UTF-16 surrogate"),
        ('1, "x": 2', 'duplicate key "x"'),
        ("[" * 130 + "]" * 130, f"nested deeper than {MAX_DEPTH} levels"),
        ("[" * 999 + "]" * 999, f"nested deeper than {MAX_DEPTH} levels"),
        ('{"a": ' * 200 + "1" + "}" * 200, f"nested deeper than {MAX_DEPTH} levels"),
    ],
    ids=[
        "nan",
        "infinity",
        "minus-infinity",
        "overflow",
        "long-integer",
        "high-surrogate",
        "low-surrogate",
        "duplicate-key",
        "nested-130",
        "nested-999",
        "nested-objects",
    ],
)
def test_snapshot_values_are_refused(value: str, says: str, tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    line = with_value(snapshot, value)
    before = digest([snapshot, config])
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path)
    assert_refused(run, f"{snapshot}:{line}: {says}")
    assert digest([snapshot, config]) == before


def test_proper_surrogate_pairs_and_escaped_backslashes_pass(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    with_value(snapshot, '["\\ud83d\\ude00", "\\\\ud800", "]]}}"]')
    run = qcheck(["check", str(snapshot), "--config", str(config), "--fail-on", "none"], tmp_path)
    assert run.code == 0, run.err


def test_the_deepest_accepted_nesting_reaches_the_engine(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    levels = MAX_DEPTH - CONTENT_LEVEL + 1
    with_value(snapshot, "[" * levels + "]" * levels)
    run = qcheck(["check", str(snapshot), "--config", str(config), "--fail-on", "none"], tmp_path)
    assert run.code == 0, run.err
    with_value(snapshot, "[" * (levels + 1) + "]" * (levels + 1))
    assert_refused(qcheck(["check", str(snapshot), "--config", str(config)], tmp_path), "nested")


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    text = snapshot.read_text()
    snapshot.write_text(text.replace('"graph": {}', '"graph": {}, "graph": {"x": 1}', 1))
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path)
    line = text[: text.index('"graph"')].count("\n") + 1
    assert_refused(run, f'{snapshot}:{line}: duplicate key "graph"')


@pytest.mark.parametrize("value", ["NaN", '{"a": 1, "a": 2}', "1e999"])
def test_baseline_values_are_refused(value: str, tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"format": "qcheck.report",\n "findings": [], "x": ' + value + "}\n")
    run = qcheck(
        ["check", str(snapshot), "--config", str(config), "--baseline", str(baseline)], tmp_path
    )
    assert_refused(run, f"{baseline}:2: ")
