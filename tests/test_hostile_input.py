"""Hostile input: arbitrary and mutated snapshots, configs and policies end in a result or
in one line on stderr with exit code 2 — never a traceback, never a hang."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcheck.config.load import parse_config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.catalog import PolicyFile
from tests.harness import AS_OF, SEED, Run, assert_one_line_error, run_cli

pytestmark = [pytest.mark.slow]  # hypothesis explores hundreds of inputs

SEED_DOCUMENT = json.loads((SEED / "snapshot.json").read_text())
# QCHECK_HYPOTHESIS_EXAMPLES=2000 for a long search; CI runs the default.
SETTINGS = settings(
    max_examples=int(os.environ.get("QCHECK_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def check(capsys: pytest.CaptureFixture[str], snapshot: Path, *extra: str) -> Run:
    return run_cli(capsys, "check", str(snapshot), "--as-of", AS_OF, "--format", "json", *extra)


def assert_result_or_one_line(run: Run) -> None:
    """A report (exit 0 or 1, nothing on stderr) or the one-line refusal."""
    if run.code == 2:
        assert_one_line_error(run)
    else:
        assert run.code in (0, 1) and run.err == "", run


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_text_as_snapshot(
    text: str, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path_factory.mktemp("snap") / "snapshot.json"
    path.write_text(text)
    assert_result_or_one_line(check(capsys, path))


@SETTINGS
@given(value=json_values)
def test_arbitrary_json_as_snapshot(
    value: Any, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path_factory.mktemp("snap") / "snapshot.json"
    path.write_text(json.dumps(value))
    assert_one_line_error(check(capsys, path))


@st.composite
def mutated_snapshots(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(SEED_DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        section = draw(st.sampled_from(["nodes", "edges", "gaps", "top"]))
        if section == "top":
            key = draw(
                st.sampled_from(
                    ["format", "version", "nodes", "edges", "gaps", "directed", "extra"]
                )
            )
            document[key] = draw(json_values)
            continue
        items = document.get(section)
        if not isinstance(items, list):
            continue
        if not items:
            items.append(draw(json_values))
            continue
        index = draw(st.integers(0, len(items) - 1))
        item = items[index]
        action = draw(st.sampled_from(["set", "delete", "replace", "duplicate"]))
        if action == "replace" or not isinstance(item, dict) or not item:
            items[index] = draw(json_values)
        elif action == "duplicate":
            items.append(copy.deepcopy(item))
        else:
            key = draw(st.sampled_from(sorted(item)))
            if action == "delete":
                del item[key]
            else:
                item[key] = draw(
                    json_values
                    | st.sampled_from(
                        ["", "us-east-1", "x" * 300, "arn:aws:sso:::instance/ssoins-x"]
                    )
                )
    return document


@SETTINGS
@given(document=mutated_snapshots())
def test_mutated_snapshots(
    document: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path_factory.mktemp("snap") / "snapshot.json"
    path.write_text(json.dumps(document))
    assert_result_or_one_line(check(capsys, path, "--config", str(SEED / "qcheck.yaml")))


yaml_scalars = st.sampled_from(
    [
        "1",
        "x",
        "''",
        "[]",
        "{}",
        "null",
        "2027-01-01",
        "123456789012",
        '"123456789012"',
        "&a x",
        "*a",
        "!!python/object:os.system x",
        "- a",
        ": :",
    ]
)


@st.composite
def mutated_configs(draw: st.DrawFn) -> str:
    lines = (SEED / "qcheck.yaml").read_text().splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "delete", "indent", "garbage"]))
        line = lines[index]
        if action == "value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": " + draw(yaml_scalars)
        elif action == "delete":
            del lines[index]
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 7)) + line.lstrip()
        else:
            lines[index] = draw(st.text(max_size=40))
        if not lines:
            break
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=mutated_configs())
def test_mutated_configs(
    text: str, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "qcheck.yaml"
    path.write_text(text)
    assert_result_or_one_line(check(capsys, SEED / "snapshot.json", "--config", str(path)))


@SETTINGS
@given(text=st.text(max_size=200))
def test_arbitrary_text_as_config(text: str) -> None:
    try:
        parse_config(text, "q.yaml", {"QC101"})
    except InputError as error:
        assert "\n" not in error.one_line()


def test_yaml_alias_bomb_is_bounded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb = tmp_path / "qcheck.yaml"
    bomb.write_text("version: 1\n" + "\n".join(levels) + "\n")
    run = check(capsys, SEED / "snapshot.json", "--config", str(bomb))
    assert_one_line_error(run, "expands to more than")


def test_deeply_nested_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert_one_line_error(check(capsys, path))


def test_oversized_config(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="config larger than"):
        parse_config("version: 1\n" + "#" * (2 << 20), "q.yaml")


def test_a_looping_policy_hits_the_time_limit() -> None:
    slow = PolicyFile(
        "slow.rego",
        "package slow\nimport rego.v1\n\ndeny contains x if {\n"
        "\tsome x in numbers.range(1, 100000000)\n\tx == -1\n}\n",
        "slow",
    )
    engine = EmbeddedEngine(time_limit=0.5, memory_limit=None)  # the range would hit it first
    engine.load([slow])
    from qcheck.model import Rule, Severity

    rule = Rule("X001", "Slow", "t", "d", Severity.LOW, "x", "slow", "slow.rego", ("a",), ())
    with pytest.raises(InputError, match=r"took longer than the 0\.5 s limit"):
        engine.deny([rule], {})


@pytest.mark.parametrize(
    "call",
    [
        'http.send({"method": "get", "url": "http://127.0.0.1:9"})',
        'net.lookup_ip_addr("example.com")',
        "opa.runtime()",
        "time.now_ns()",
        'rand.intn("k", 9)',
        'uuid.rfc4122("k")',
    ],
)
def test_policies_cannot_reach_outside_the_input(
    call: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "p.rego").write_text(
        "# METADATA\n# title: T\n# description: D.\n# custom:\n#   id: EVIL001\n#   name: Evil\n"
        "#   severity: low\n#   recommended_actions: [none]\npackage evil\n\nimport rego.v1\n\n"
        f'deny contains v if {{\n\tx := {call}\n\tv := {{"resource": "r", "message": sprintf("%v", [x]), "evidence": []}}\n}}\n'
    )
    run = check(capsys, SEED / "snapshot.json", "--policies", str(tmp_path))
    assert_one_line_error(run, f"p.rego:14: calls {call.split('(')[0]}, which qcheck disables")
