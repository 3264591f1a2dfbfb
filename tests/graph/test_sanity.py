"""Snapshots no AWS organization can produce are refused: exit 2, one line naming the
node and its line (fixtures/scenarios/impossible-data, built by build.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import SCENARIOS, assert_one_line_error, run_process

pytestmark = [pytest.mark.slow]  # real processes

IMPOSSIBLE = SCENARIOS / "impossible-data"
CASES = {
    "snapshot-management-admin.json": (
        "account/o-q3impossib01/450000000001",
        "the management account is listed as IAM Identity Center delegated administrator",
    ),
    "snapshot-two-admins.json": (
        "account/o-q3impossib02/460000000003",
        "a second IAM Identity Center delegated administrator",
    ),
}


def line_of(path_name: str, node_suffix: str) -> int:
    """The line of the node whose id ends with `node_suffix` (one node per line)."""
    lines = (IMPOSSIBLE / path_name).read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if f'{node_suffix}", "kind"' in text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_refuses_impossible_snapshot(name: str) -> None:
    node, reason = CASES[name]
    run = run_process(["check", "--config", "qcheck.yaml", name], IMPOSSIBLE)
    assert_one_line_error(run, f"qcheck: error: {name}:{line_of(name, node)}: node ")
    assert run.out == ""
    lines = run.err.splitlines()
    assert lines[0].startswith(f"qcheck: error: {name}:{line_of(name, node)}: node ")
    assert node in lines[0] and reason in lines[0]


def test_an_unescaped_path_that_names_two_ous_is_refused_with_its_line(tmp_path: Path) -> None:
    """Root/EU/Legacy reads as Root > EU > Legacy and as the root-level OU "EU/Legacy"."""
    scenario = SCENARIOS / "ou-slash-names"
    config = tmp_path / "qcheck.yaml"
    text = (scenario / "qcheck.yaml").read_text()
    config.write_text(text.replace("    - ou_id: ou-q0rt-legacy01\n", "    - ou: Root/EU/Legacy\n"))
    run = run_process(["check", str(scenario / "snapshot.json"), "--config", str(config)])
    assert_one_line_error(run, f"{config}:", "names 2 OUs")
