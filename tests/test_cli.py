from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcheck.cli import main
from tests.harness import (
    AS_OF,
    SEED,
    Run,
    assert_one_line_error,
    run_cli,
    run_process,
    scenario_check_args,
    seed_check_args,
)


def check_seed(capsys: pytest.CaptureFixture[str], *extra: str) -> Run:
    return run_cli(capsys, *seed_check_args(*extra))


def test_seed_scenario_fails_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check_seed(capsys)
    assert code == 1 and err == ""
    assert "QC301" in out and "ssoins-72230seed0000002" in out


def test_fail_on_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_seed(capsys, "--fail-on", "critical").code == 0
    assert check_seed(capsys, "--fail-on", "high").code == 1
    assert check_seed(capsys, "--fail-on", "none").code == 0


def test_compliant_scenario_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *scenario_check_args("compliant"))
    assert (code, err) == (0, "")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown"])
def test_output_file_equals_stdout_and_is_deterministic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    _, first, _ = check_seed(capsys, "--format", fmt)
    _, second, _ = check_seed(capsys, "--format", fmt)
    assert first == second
    code, out, _ = check_seed(capsys, "--format", fmt, "--output", str(tmp_path / "report"))
    assert code == 1 and out == ""
    assert (tmp_path / "report").read_text() == first


def test_dump_input_writes_the_policy_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "input.json"
    check_seed(capsys, "--dump-input", str(target))
    document = json.loads(target.read_text())
    assert document["qcheck"] == {
        "input_version": 2,
        "as_of": AS_OF,
        "snapshot": str(SEED / "snapshot.json"),
    }
    assert {a["id"] for a in document["accounts"]} >= {"111111111111", "555555555555"}


def test_policy_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "policy", "list")
    assert code == 0
    assert out.splitlines()[0].startswith("QC101  high")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("qcheck ")


# Bad input: one line on stderr naming the file (and line), exit code 2.


def test_malformed_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "snap.json"
    bad.write_text('{"format": "qcheck.snapshot",\n "version": 1\n "nodes": []}')
    run = run_cli(capsys, "check", str(bad))
    assert_one_line_error(run, f"{bad}:3: not valid JSON")


def test_unknown_snapshot_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "snap.json"
    bad.write_text((SEED / "snapshot.json").read_text().replace('"version": 2', '"version": 7', 1))
    run = run_cli(capsys, "check", str(bad))
    assert_one_line_error(run, "unsupported snapshot version 7")


def test_schema_invalid_node(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "snap.json"
    bad.write_text(
        (SEED / "snapshot.json")
        .read_text()
        .replace('"home_region": "us-east-1"', '"home_region": "mars"', 1)
    )
    run = run_cli(capsys, "check", str(bad))
    assert_one_line_error(
        run, f"{bad}:23: node arn:aws:sso:::instance/ssoins-72230seed0000001.home_region"
    )


def test_yaml_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "qcheck.yaml"
    bad.write_text("version: 1\nresidency:\n  zones: {US: [us-east-1]\n")
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--config", str(bad))
    assert_one_line_error(run, f"{bad}:", "not valid YAML")


def test_config_pointing_at_unknown_rule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "qcheck.yaml"
    bad.write_text(
        "version: 1\nwaivers:\n  - {rule: QC777, resource: x, reason: r, owner: o, expires: '2030-01-01'}\n"
    )
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--config", str(bad))
    assert_one_line_error(run, f"{bad}:3: waivers.0: unknown rule 'QC777'")


def test_rego_syntax_error_in_user_policy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "policies" / "broken.rego"
    policy.parent.mkdir()
    policy.write_text(
        "# METADATA\n# title: Broken\n# description: Broken.\n# custom:\n#   id: ACME001\n#   name: Broken\n"
        "#   severity: low\n#   recommended_actions: [Fix it]\npackage acme.broken\n\nimport rego.v1\n\n"
        "deny contains v if {\n\tv := \n}\n"
    )
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--policies", str(policy.parent))
    assert_one_line_error(run, "broken.rego:", "Rego error")


def test_policy_without_deny_rule(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = tmp_path / "typo.rego"
    policy.write_text(
        "# METADATA\n# title: Typo\n# description: Typo.\n# custom:\n#   id: ACME002\n#   name: Typo\n"
        "#   severity: low\n#   recommended_actions: [Fix it]\npackage acme.typo\n\nimport rego.v1\n\n"
        "denny contains 1 if { true }\n"
    )
    run = run_cli(capsys, "check", str(SEED / "snapshot.json"), "--policies", str(tmp_path))
    assert_one_line_error(run, "typo.rego", "defines no `deny` rule")


def test_missing_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run = run_cli(capsys, "check", str(tmp_path / "nope.json"))
    assert_one_line_error(run, "nope.json: snapshot not found")


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "x.json", "--format", "pdf"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'pdf'" in err


def test_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "snap.json"
    bad.write_text("[1, 2")
    assert_one_line_error(run_process(["check", str(bad)]), f"{bad}:1: not valid JSON")
