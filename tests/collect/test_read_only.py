"""Read-only by construction: writes are refused before anything is sent; boto3 is
loaded only when collecting."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fixtures.aws_emulator.emulator import Emulator
from qcheck.collect.session import (
    CallStats,
    ClientFactory,
    ReadOnlyViolation,
    is_read_operation,
    open_session,
)
from tests.harness import REPO

pytestmark = [pytest.mark.slow]  # fresh interpreters, to see what they import


@pytest.mark.parametrize(
    ("service", "operation", "params"),
    [
        ("organizations", "create_account", {"AccountName": "x", "Email": "x@example.com"}),
        ("sso-admin", "create_instance", {"Name": "shadow-it"}),
        ("identitystore", "delete_user", {"IdentityStoreId": "d-9067a0b1c2", "UserId": "u"}),
        (
            "sts",
            "assume_role_with_web_identity",
            {
                "RoleArn": "arn:aws:iam::111111111111:role/r",
                "RoleSessionName": "xx",
                "WebIdentityToken": "t" * 8,
            },
        ),
    ],
)
def test_write_calls_are_refused_before_sending(
    aws_env: Emulator, service: str, operation: str, params: dict[str, str]
) -> None:
    stats = CallStats()
    client = ClientFactory(open_session(None, stats), 1, 1).client(service, "us-east-1")
    with pytest.raises(ReadOnlyViolation, match="only reads"):
        getattr(client, operation)(**params)
    assert aws_env.requests == []  # nothing reached the endpoint
    assert stats.total_calls == 0


def test_reads_pass_the_guard(aws_env: Emulator) -> None:
    stats = CallStats()
    client = ClientFactory(open_session(None, stats), 1, 1).client("sts", "us-east-1")
    assert client.get_caller_identity()["Account"] == "111111111111"
    assert stats.calls == {"sts:GetCallerIdentity": 1}
    assert len(aws_env.requests) == 1


def test_only_list_describe_get_and_assume_role_are_reads() -> None:
    assert is_read_operation("organizations", "ListAccounts")
    assert is_read_operation("organizations", "DescribeOrganization")
    assert is_read_operation("sso", "GetApplicationAssignmentConfiguration")
    assert is_read_operation("sts", "AssumeRole")
    assert not is_read_operation("sso", "CreateInstance")
    assert not is_read_operation("sso", "PutApplicationAssignmentConfiguration")
    assert not is_read_operation("organizations", "AssumeRole")
    assert not is_read_operation("organizations", "AcceptHandshake")


def test_help_and_check_do_not_import_boto3() -> None:
    probe = (
        "import sys\n"
        "from qcheck.cli import main\n"
        "for argv in (['--help'], ['collect', '--help'], ['iam-policy']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "main(['check', 'fixtures/scenarios/seed/snapshot.json', '--config',\n"
        "      'fixtures/scenarios/seed/qcheck.yaml', '--as-of', '2026-11-22'])\n"
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
