"""Command line: argument parsing, one call into qcheck.app per command, exit codes.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input
error (one line on stderr). Heavy modules are imported inside the commands so that
`qcheck --help` starts fast: pre-commit runs qcheck on every commit.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import math
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from qcheck import __version__
from qcheck.app import DEFAULT_CONFIG

if TYPE_CHECKING:
    from qcheck.app import Outcome
    from qcheck.model import RuleFilter, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "markdown", "html", "asff", "ocsf", "junit", "csv")
SEVERITIES = ("critical", "high", "medium", "low", "none")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qcheck",
        description=(
            "Policy-as-code compliance checks for AWS Organizations, IAM Identity Center, "
            "Amazon Q Developer and Amazon Q Business: data residency, delegated-admin "
            "separation, account-instance justification, management-account avoidance, "
            "duplicate subscriptions, who can reach the assistants, AI opt-out and who "
            "administers them, evidence gaps."
        ),
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"qcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="evaluate snapshots against the policies and report findings",
        description="Evaluate each snapshot (one organization each) and report findings.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    check.add_argument("snapshots", nargs="+", metavar="SNAPSHOT", help="snapshot JSON file(s)")
    check.add_argument(
        "--config",
        metavar="FILE",
        help=f"qcheck.yaml to use (default: ./{DEFAULT_CONFIG} when it exists)",
    )
    _add_policies_option(check)
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    check.add_argument("--output", metavar="FILE", help="write the report here (default: stdout)")
    check.add_argument(
        "--asff-account",
        metavar="ACCOUNT_ID",
        help="--format asff: the AWS account whose Security Hub imports the findings "
        "(no default: see docs/ci.md)",
    )
    check.add_argument(
        "--asff-region",
        metavar="REGION",
        help="--format asff: the Region of that Security Hub (no default)",
    )
    check.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="low",
        help="exit 1 when an unwaived finding is at or above this severity (default: low)",
    )
    _add_engine_options(check)
    check.add_argument(
        "--dump-input",
        metavar="FILE",
        help="write the exact JSON input handed to the policies (one snapshot only)",
    )
    check.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=_date,
        help="date against which expiry dates are judged (default: today, UTC)",
    )
    check.add_argument(
        "--baseline",
        metavar="REPORT",
        help="a previous `--format json` report: only findings not in it fail the gate",
    )
    filters = check.add_argument_group(
        "filters",
        "evaluate only some rules; each option replaces the `filters` setting of the same "
        "name in qcheck.yaml; reports list the rules left out",
    )
    filters.add_argument(
        "--rule", action="append", default=[], metavar="ID", help="evaluate this rule (repeatable)"
    )
    filters.add_argument(
        "--skip-rule",
        action="append",
        default=[],
        metavar="ID",
        help="do not evaluate this rule (repeatable)",
    )
    filters.add_argument(
        "--family",
        action="append",
        default=[],
        metavar="NAME",
        help="evaluate the rules of this family, e.g. residency (repeatable)",
    )
    filters.add_argument(
        "--min-severity",
        choices=SEVERITIES[:-1],
        help="evaluate only rules of this severity or worse",
    )
    check.add_argument(
        "--framework",
        metavar="NAME",
        help="group the report by the controls of this compliance framework "
        "(nist-800-53-r5, iso-27001-2022; text, json or markdown)",
    )
    check.set_defaults(handler=_check)

    report = commands.add_parser(
        "report",
        help="write the audit report: one self-contained HTML page",
        description=(
            "Evaluate each snapshot as `check` does and write one HTML page that opens offline: "
            "the organization drawn, the findings with their evidence, a summary."
        ),
        epilog="Exit codes: 0 report written, 2 usage or input error (findings do not fail it).",
    )
    report.add_argument("snapshots", nargs="+", metavar="SNAPSHOT", help="snapshot JSON file(s)")
    report.add_argument(
        "--config", metavar="FILE", help=f"default: ./{DEFAULT_CONFIG} when it exists"
    )
    _add_policies_option(report)
    report.add_argument(
        "--baseline", metavar="REPORT", help="a previous `--format json` report: new and resolved"
    )
    report.add_argument("--output", metavar="FILE", required=True, help="HTML file to write")
    report.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date, help="default: today, UTC")
    _add_engine_options(report)
    report.set_defaults(handler=_report)

    diff = commands.add_parser(
        "diff",
        help="what changed between two snapshots, and which findings appeared or were resolved",
        description=(
            "Compare two snapshots of one organization: accounts moved, instances created, "
            "applications and assignments added or removed; findings appeared and resolved."
        ),
        epilog="Exit codes: 0 no new finding at or above --fail-on, 1 new findings, 2 error.",
    )
    diff.add_argument("old", metavar="OLD_SNAPSHOT")
    diff.add_argument("new", metavar="NEW_SNAPSHOT")
    diff.add_argument(
        "--config", metavar="FILE", help=f"default: ./{DEFAULT_CONFIG} when it exists"
    )
    _add_policies_option(diff)
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    diff.add_argument("--output", metavar="FILE", help="write here (default: stdout)")
    diff.add_argument("--fail-on", choices=SEVERITIES, default="low", help="for appeared findings")
    diff.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date, help="default: today, UTC")
    diff.set_defaults(handler=_diff)

    inventory = commands.add_parser(
        "inventory",
        help="who can reach which AI application where, per business unit or group",
        description=(
            "List, per business unit (the OU of each application's account), the IAM Identity "
            "Center applications (Q Developer profiles, Q Business, Kiro and other managed "
            "applications), their Regions, instances and how many users can reach each; "
            "with --by group, each group's IAM Identity Center instance kind and the "
            "customizations granted to it (declared in qcheck.yaml)."
        ),
        epilog="Exit codes: 0 written, 2 error.",
    )
    inventory.add_argument("snapshot", metavar="SNAPSHOT")
    inventory.add_argument(
        "--config", metavar="FILE", help=f"default: ./{DEFAULT_CONFIG} when it exists"
    )
    inventory.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text")
    inventory.add_argument(
        "--by", choices=("unit", "group"), default="unit", help="default: business unit"
    )
    inventory.add_argument("--output", metavar="FILE", help="write here (default: stdout)")
    inventory.set_defaults(handler=_inventory)

    config = commands.add_parser("config", help="work with qcheck.yaml")
    config_commands = config.add_subparsers(
        dest="config_command", metavar="COMMAND", parser_class=_Parser
    )
    validate = config_commands.add_parser(
        "validate",
        help="validate qcheck.yaml files against the published schema",
        description="Validate config files: schema, zones, and rule ids named by waivers.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="qcheck.yaml file(s)")
    _add_policies_option(validate)
    validate.set_defaults(handler=_config_validate)
    config.set_defaults(handler=lambda _args: _usage(config))

    policy = commands.add_parser("policy", help="inspect the policy catalog")
    policy_commands = policy.add_subparsers(
        dest="policy_command", metavar="COMMAND", parser_class=_Parser
    )
    listing = policy_commands.add_parser("list", help="print the rule catalog")
    _add_policies_option(listing)
    listing.set_defaults(handler=_policy_list)
    testing = policy_commands.add_parser(
        "test",
        help="run the test_* rules of _test.rego files",
        description="Run policy unit tests like `opa test`. Exits 1 when a test fails.",
    )
    testing.add_argument(
        "dirs", nargs="*", metavar="DIR", help="policy directories (default: the built-in policies)"
    )
    testing.add_argument(
        "-v", "--verbose", action="store_true", help="also print how long each test took"
    )
    testing.add_argument(
        "--coverage", action="store_true", help="report the policy lines no test reached"
    )
    testing.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=seconds_option,
        help="give up on the tests (and on parsing the policies) after this long "
        "(default: 300, as for check)",
    )
    testing.set_defaults(handler=_policy_test)
    doc = policy_commands.add_parser(
        "doc",
        help="generate the rule reference (Markdown) from the policies' METADATA",
        description="Write the rule reference: one section per rule, from its METADATA.",
    )
    _add_policies_option(doc)
    doc.add_argument("--output", metavar="FILE", help="write here (default: stdout)")
    doc.add_argument(
        "--compliance",
        action="store_true",
        help="write the compliance mapping (controls, rules and why) instead",
    )
    doc.set_defaults(handler=_policy_doc)
    bundle = policy_commands.add_parser(
        "bundle",
        help="build an OPA bundle (tar.gz) of the policies for an OPA fleet",
        description=(
            "Build an OPA bundle: .manifest (revision, roots), the policies (not their tests) "
            "and the rule catalog as data at data.qcheck.catalog. See docs/engines.md."
        ),
    )
    _add_policies_option(bundle)
    bundle.add_argument("--output", metavar="FILE", required=True, help="bundle file to write")
    bundle.set_defaults(handler=_policy_bundle)
    policy.set_defaults(handler=lambda _args: _usage(policy))
    from qcheck.collect.commands import add_commands as add_collect_commands

    add_collect_commands(commands)
    parser.set_defaults(handler=lambda _args: _usage(parser))
    return parser


def _add_policies_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policies",
        action="append",
        default=[],
        metavar="DIR",
        help="add a directory of custom policies (repeatable)",
    )


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=("embedded", "opa"),
        default="embedded",
        help="Rego engine: embedded (default, in process) or opa (an OPA server, see --opa-url)",
    )
    parser.add_argument(
        "--opa-url",
        metavar="URL",
        help="OPA server for --engine opa (default: $QCHECK_OPA_URL)",
    )
    parser.add_argument(
        "--opa-token",
        metavar="TOKEN",
        help="bearer token for the OPA server (better: $QCHECK_OPA_TOKEN, not in process lists)",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=seconds_option,
        help="give up on a policy evaluation after this long (default: 300; with --engine opa, "
        "each request to the server, default: 30)",
    )


MAX_SECONDS = 86_400.0  # a day: longer is a mistake, and select() overflows near 1e300


def seconds_option(text: str) -> float:
    """A number of seconds: finite, above 0 and at most a day (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_SECONDS):  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"not a number of seconds between 0 and {MAX_SECONDS:g}: {text!r}"
        )
    return value


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_ERROR


def _config_notice(args: argparse.Namespace, used: str | None) -> None:
    """Without --config, one line on stderr says which config the run used, or none:
    with none, every justification, waiver and residency placement is absent."""
    if args.config:
        return
    if used:
        print(f"qcheck: using config {used} (found in the current directory)", file=sys.stderr)
    else:
        print(
            f"qcheck: no config: ./{DEFAULT_CONFIG} not found, built-in defaults used "
            "(no residency zones, justifications or waivers; see --config)",
            file=sys.stderr,
        )


def _emit(output: str | None, text: str, inputs: Sequence[str]) -> None:
    """Write a report to --output (atomically) or, without one or with `-`, to stdout."""
    if output and output != "-":
        from qcheck.atomic import write_text_atomic

        write_text_atomic(output, text, inputs)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _threshold(fail_on: str) -> Severity | None:
    from qcheck.model import Severity

    return None if fail_on == "none" else Severity(fail_on)


def _exit(outcome: Outcome) -> int:
    return EXIT_FINDINGS if outcome.failed else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from qcheck import app

    outcome = app.run_check(
        app.CheckRequest(
            snapshots=tuple(args.snapshots),
            sources=app.Sources(tuple(args.policies), args.config, args.as_of, args.timeout),
            format=args.format,
            fail_on=_threshold(args.fail_on),
            engine=app.EngineOptions(args.engine, args.opa_url, args.opa_token, args.timeout),
            baseline=args.baseline,
            dump_input=bool(args.dump_input),
            rule_filter=_rule_filter(args),
            framework=args.framework,
            asff_account=args.asff_account,
            asff_region=args.asff_region,
        )
    )
    if outcome.policy_input is not None:
        from qcheck.atomic import write_text_atomic

        write_text_atomic(args.dump_input, outcome.policy_input, outcome.inputs)
    _emit(args.output, outcome.text, outcome.inputs)
    _config_notice(args, outcome.config)
    return _exit(outcome)


def _rule_filter(args: argparse.Namespace) -> RuleFilter:
    from qcheck.model import RuleFilter, Severity

    return RuleFilter(
        rules=tuple(dict.fromkeys(args.rule)),
        skip_rules=tuple(dict.fromkeys(args.skip_rule)),
        families=tuple(dict.fromkeys(args.family)),
        min_severity=Severity(args.min_severity) if args.min_severity else None,
    )


def _report(args: argparse.Namespace) -> int:
    from qcheck import app

    outcome = app.run_check(
        app.CheckRequest(
            snapshots=tuple(args.snapshots),
            sources=app.Sources(tuple(args.policies), args.config, args.as_of, args.timeout),
            format="html",
            fail_on=None,
            engine=app.EngineOptions(args.engine, args.opa_url, args.opa_token, args.timeout),
            baseline=args.baseline,
        )
    )
    _emit(args.output, outcome.text, outcome.inputs)
    _config_notice(args, outcome.config)
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from qcheck import app

    outcome = app.run_diff(
        app.DiffRequest(
            old=args.old,
            new=args.new,
            sources=app.Sources(tuple(args.policies), args.config, args.as_of),
            format=args.format,
            fail_on=_threshold(args.fail_on),
        )
    )
    _emit(args.output, outcome.text, outcome.inputs)
    _config_notice(args, outcome.config)
    return _exit(outcome)


def _inventory(args: argparse.Namespace) -> int:
    from qcheck import app

    outcome = app.run_inventory(
        app.InventoryRequest(args.snapshot, args.config, args.format, args.by)
    )
    _emit(args.output, outcome.text, outcome.inputs)
    _config_notice(args, outcome.config)
    return EXIT_OK


def _config_validate(args: argparse.Namespace) -> int:
    from qcheck.config.load import load_config
    from qcheck.policy.catalog import load_catalog

    known_rules = load_catalog(args.policies).rule_ids
    for path in args.files:
        load_config(path, known_rules)
        print(f"{path}: valid")
    return EXIT_OK


def _policy_list(args: argparse.Namespace) -> int:
    from qcheck.app import policy_list

    _emit(None, policy_list(tuple(args.policies)).text, ())
    return EXIT_OK


def _policy_test(args: argparse.Namespace) -> int:
    from qcheck import app

    outcome = app.run_policy_tests(
        app.PolicyTestRequest(tuple(args.dirs), args.verbose, args.coverage, args.timeout)
    )
    _emit(None, outcome.text, ())
    return _exit(outcome)


def _policy_doc(args: argparse.Namespace) -> int:
    from qcheck.app import policy_doc

    outcome = policy_doc(tuple(args.policies), args.compliance)
    _emit(args.output, outcome.text, outcome.inputs)
    return EXIT_OK


def _policy_bundle(args: argparse.Namespace) -> int:
    from qcheck.atomic import write_bytes_atomic
    from qcheck.policy.bundle import build_bundle
    from qcheck.policy.catalog import load_catalog

    catalog = load_catalog(args.policies)
    bundle = build_bundle(catalog)
    write_bytes_atomic(args.output, bundle.data, [p.path for p in catalog.policies])
    print(
        f"wrote {args.output}: {len(bundle.policies)} policies, roots {', '.join(bundle.roots)}, "
        f"revision {bundle.revision}"
    )
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt so that cleanup (the evaluation child) runs."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


class _ClosedStream:
    """Stands in for a standard output that was closed before qcheck started."""

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed", "<stdout>")

    def flush(self) -> None:
        pass


EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate) if _main_thread() else None
    try:
        code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        print("qcheck: interrupted", file=sys.stderr)
        return EXIT_SIGINT
    except Terminated:
        print("qcheck: terminated", file=sys.stderr)
        return EXIT_SIGTERM
    except RecursionError:
        print("qcheck: error: input nested too deeply", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # what the readers and writers did not name themselves
        if error.filename is None:  # only standard output is written without a name
            _silence_stdout()
        where = "<stdout>" if error.filename is None else error.filename
        print(f"qcheck: error: {where}: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:
        from qcheck.errors import InputError

        if isinstance(error, InputError):
            print(f"qcheck: error: {error.one_line()}", file=sys.stderr)
        elif os.environ.get("QCHECK_DEBUG"):
            raise
        else:
            detail = " ".join(str(error).split())
            print(f"qcheck: internal error: {type(error).__name__}: {detail}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _silence_stdout() -> None:
    """Point a failed standard output at /dev/null, so that the flush at exit is quiet."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
