"""Parsing a policy is bounded in nesting, time and METADATA size; a policy that does not
parse is refused by every command, `policy bundle` included; `package x # note` is fine."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

from tests.hostile.policy_cli import (
    assert_one_line_error,
    check_args,
    qcheck,
    write_policy,
)

DEEP = "[" * 25 + "1" + "]" * 25


def test_deeply_nested_literal_is_refused_quickly(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "deep", f"deny contains v if {{\n\tv := {DEEP}\n\tfalse\n}}\n")
    for args in (check_args(policies), ("policy", "test", str(policies))):
        run = qcheck(*args, cwd=tmp_path, timeout=30)
        assert_one_line_error(run, "deep.rego:14: ", "nested more than 12 levels")


def test_slow_parse_stops_at_the_timeout(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    literal = "[" * 12 + "1" + "]" * 12  # allowed, but ~0.2 s each to parse
    body = "".join(f"a{i} := {literal}\n" for i in range(400))
    write_policy(policies, "slow", body + "deny contains v if {\n\tv := a1\n\tfalse\n}\n")
    for args in (
        check_args(policies, "--timeout", "2"),
        ("policy", "test", str(policies), "--timeout", "2"),
    ):
        run = qcheck(*args, cwd=tmp_path, timeout=40)
        assert_one_line_error(run, "slow.rego: ", "took longer than the 2 s limit")


def test_metadata_alias_bomb_is_refused(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    path = write_policy(policies, "bomb", "deny contains v if {\n\tv := 1\n\tfalse\n}\n")
    levels = ['# l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"# l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = path.read_text().replace("# METADATA\n", "# METADATA\n" + "\n".join(levels) + "\n")
    path.write_text(text)
    run = qcheck(*check_args(policies), cwd=tmp_path, timeout=30)
    assert_one_line_error(run, "bomb.rego:", "METADATA YAML expands to more than")


def test_bundle_refuses_a_policy_that_does_not_parse(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "broken", "deny contains v if {\n\tv := \n}\n")
    output = tmp_path / "bundle.tar.gz"
    run = qcheck(
        "policy", "bundle", "--policies", str(policies), "--output", str(output), cwd=tmp_path
    )
    assert_one_line_error(run, "broken.rego:14: ", "Rego error")
    assert not output.exists()


def test_comment_on_the_package_line(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    path = write_policy(
        policies,
        "noted",
        'deny contains v if {\n\tv := {"resource": "r", "message": "m", "evidence": []}\n}\n',
    )
    path.write_text(
        path.read_text().replace("package custom.noted", "package custom.noted # a note")
    )
    (policies / "noted_test.rego").write_text(
        "package custom.noted_test # tests\n\nimport rego.v1\n\n"
        "test_denies if { count(data.custom.noted.deny) == 1 }\n"
    )
    run = qcheck(*check_args(policies), "--format", "json", cwd=tmp_path)
    assert run.code == 1 and run.err == "", run.err
    assert any(f["rule_id"] == "CUSTOM001" for f in json.loads(run.out)["findings"])
    listed = qcheck("policy", "list", "--policies", str(policies), cwd=tmp_path)
    assert listed.code == 0 and "CUSTOM001" in listed.out, listed.err
    tested = qcheck("policy", "test", str(policies), cwd=tmp_path)
    assert tested.code == 0 and "1 passed, 0 failed" in tested.out, tested.out + tested.err
    output = tmp_path / "bundle.tar.gz"
    bundled = qcheck(
        "policy", "bundle", "--policies", str(policies), "--output", str(output), cwd=tmp_path
    )
    assert bundled.code == 0, bundled.err
    with tarfile.open(output) as archive:
        assert "custom/noted/noted.rego" in archive.getnames()
