"""`iam-policy --member-role-name` takes IAM role names only and always prints JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.policy_cli import assert_one_line_error, qcheck


@pytest.mark.parametrize(
    "name", ["*", "Qcheck*", 'a"b', "a\nb", "a b", "", "x" * 65, "team/*/Auditor", "Ünï"]
)
def test_role_name_outside_iam_rules_is_refused(name: str, tmp_path: Path) -> None:
    run = qcheck("iam-policy", "--member-role-name", name, cwd=tmp_path)
    assert_one_line_error(run, "--member-role-name", "IAM role name" if "/" not in name else "path")
    assert run.out == ""


@pytest.mark.parametrize("name", ["Auditor", "a+b=c,d.e@f_g-h", "x" * 64, "team/sub/Auditor"])
def test_valid_role_name_gives_valid_json(name: str, tmp_path: Path) -> None:
    run = qcheck("iam-policy", "--member-role-name", name, cwd=tmp_path)
    assert run.code == 0, run.err
    statements = json.loads(run.out)["Statement"]
    assert {
        "Sid": "QcheckAssumeMemberRole",
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Resource": f"arn:aws:iam::*:role/{name}",
    } in statements
