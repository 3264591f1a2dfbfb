"""Disabled built-ins are refused however a policy refers to them, on every engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.policy_cli import assert_one_line_error, check_args, qcheck, write_policy

BODY = """deny contains v if {{
\t{line}
\tv := {{"resource": "r", "message": sprintf("%v", [x]), "evidence": []}}
}}
"""
# (statement on line 14 of the policy, verb and built-in named in the refusal)
REFERENCES = [
    ('x := time["now_ns"]()', "calls time.now_ns"),
    ('x := rand["intn"]("k", 9)', "calls rand.intn"),
    ('x := uuid["rfc4122"]("k")', "calls uuid.rfc4122"),
    ('x := opa["runtime"]()', "calls opa.runtime"),
    ('x := http["send"]({"method": "get", "url": "http://127.0.0.1:9"})', "calls http.send"),
    ('x := net["lookup_ip_addr"]("example.com")', "calls net.lookup_ip_addr"),
    ('x := io.jwt["decode_verify"]("t", {})', "calls io.jwt.decode_verify"),
    ("x := count([1]) with count as http.send", "refers to http.send"),
    ("x := 1 with time.now_ns as 5", "refers to time.now_ns"),
]


@pytest.mark.parametrize(("line", "refusal"), REFERENCES, ids=[r[1] for r in REFERENCES])
def test_disabled_builtin_is_refused_on_every_engine(
    line: str, refusal: str, tmp_path: Path
) -> None:
    policies = tmp_path / "policies"
    write_policy(policies, "evil", BODY.format(line=line))
    embedded = qcheck(*check_args(policies), cwd=tmp_path, timeout=30)
    assert_one_line_error(embedded, "evil.rego:14: ", f"{refusal}, which qcheck disables")
    # nothing listens on port 9: the refusal must come before any engine is reached
    opa = qcheck(
        *check_args(policies, "--engine", "opa", "--opa-url", "http://127.0.0.1:9"),
        cwd=tmp_path,
        timeout=30,
    )
    assert opa.err == embedded.err and opa.code == 2
