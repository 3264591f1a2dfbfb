"""The `collect` and `iam-policy` subcommands: arguments and handlers.

Importing this module is cheap (argparse only): boto3 loads inside the `collect` handler.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_OK = 0


def add_commands(commands: Any) -> None:
    collect = commands.add_parser(
        "collect",
        help="read an AWS organization (read-only) into a snapshot",
        description=(
            "Collect AWS Organizations and IAM Identity Center state into a snapshot, using "
            "only List, Describe and Get calls (plus sts:AssumeRole into member accounts). "
            "Credentials, Region and endpoints come from the standard AWS chain "
            "(environment, profiles, AWS_ENDPOINT_URL and its per-service variants). "
            "What could not be read is recorded as a gap."
        ),
        epilog="Exit codes: 0 snapshot written, 2 usage, credentials or connection error.",
    )
    collect.add_argument("--output", required=True, metavar="SNAPSHOT", help="file to write")
    collect.add_argument("--profile", metavar="NAME", help="AWS profile (default: the chain's)")
    collect.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="R",
        dest="regions",
        help="Region to read; repeatable. The first also serves the global calls. "
        "Instances are listed in all Regions at once where IAM Identity Center allows it, "
        "otherwise in each given Region (default: the profile's Region, else us-east-1)",
    )
    collect.add_argument(
        "--member-role-name",
        metavar="ROLE",
        help="role to assume in every member account to find account instances there",
    )
    collect.add_argument(
        "--concurrency",
        type=_positive,
        # measured best of 1, 2, 4, 8 and 16 by fixtures/benchmarks/collect.py (README)
        default=4,
        metavar="N",
        help="parallel API calls across accounts and resources (default: 4)",
    )
    collect.add_argument(
        "--redact",
        action="store_true",
        help="replace user names, display names and emails with stable hashes "
        "(salted with QCHECK_REDACT_SALT when set)",
    )
    collect.add_argument(
        "--progress",
        action="store_true",
        help="print progress on stderr even when it is not a terminal",
    )
    collect.add_argument(
        "--throttle-deadline",
        type=_seconds,
        default=300.0,
        metavar="SECONDS",
        help="how long a throttled call keeps being retried before it becomes a gap (default: 300)",
    )
    collect.set_defaults(handler=_collect)

    policy = commands.add_parser(
        "iam-policy",
        help="print the least-privilege IAM policy that qcheck collect needs",
        description="Print the IAM policy for the collecting principal, or with --member "
        "the one for the role assumed in each member account.",
    )
    policy.add_argument(
        "--member", action="store_true", help="print the member-account role's policy"
    )
    policy.add_argument(
        "--member-role-name",
        metavar="ROLE",
        help="role name the collector may assume (default: QcheckReadOnly)",
    )
    policy.set_defaults(handler=_iam_policy)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return value


def _seconds(text: str) -> float:
    from qcheck.cli import seconds_option

    return seconds_option(text)


def _collect(args: argparse.Namespace) -> int:
    from qcheck.atomic import write_text_atomic
    from qcheck.collect.run import CollectOptions, collect

    options = CollectOptions(
        profile=args.profile,
        regions=tuple(args.regions),
        member_role_name=args.member_role_name,
        concurrency=args.concurrency,
        redact=args.redact,
        redact_salt=os.environ.get("QCHECK_REDACT_SALT", ""),
        progress=args.progress,
        throttle_deadline=args.throttle_deadline,
    )
    result = collect(options)
    write_text_atomic(args.output, result.text)
    print(result.summary(args.output), file=sys.stderr)
    return EXIT_OK


def _iam_policy(args: argparse.Namespace) -> int:
    from qcheck.collect.permissions import policy_text

    sys.stdout.write(policy_text(member=args.member, role_name=args.member_role_name))
    return EXIT_OK
