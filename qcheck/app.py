"""The application layer: one function per command that judges something, from a typed
request to a typed result (the rendered report, the files it was made from and whether the
gate fails). qcheck.cli parses arguments into requests and maps results to output and exit
codes; everything between reading the inputs and rendering the report happens here.

Errors in what the user gave (InputError) and in reading or writing files (OSError) are
raised to the CLI, which turns each into one line on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qcheck.errors import InputError

if TYPE_CHECKING:
    from qcheck.config.model import Config
    from qcheck.engine.base import Engine
    from qcheck.model import FilteredRule, RuleFilter, Severity
    from qcheck.policy.catalog import Catalog
    from qcheck.report.asff import Target

DEFAULT_CONFIG = "qcheck.yaml"
DISCOVERED_CONFIGS = (DEFAULT_CONFIG, "qcheck.yml")
OPA_REQUEST_TIMEOUT = 30.0  # seconds per request to an OPA server, unless --timeout


@dataclass(frozen=True)
class Sources:
    """What every judging command reads besides its snapshots."""

    policies: tuple[str, ...] = ()  # custom policy directories, after the built-in ones
    config: str | None = None  # qcheck.yaml; None: ./qcheck.yaml (or .yml) when it exists
    as_of: str | None = None  # ISO date expiries are judged against; None: today, UTC
    time_limit: float | None = None  # also bounds parsing the policies


@dataclass(frozen=True)
class EngineOptions:
    engine: str = "embedded"  # embedded | opa
    opa_url: str | None = None  # default: $QCHECK_OPA_URL
    opa_token: str | None = None  # default: $QCHECK_OPA_TOKEN
    timeout: float | None = None  # per evaluation (embedded) or per request (opa)


@dataclass(frozen=True)
class CheckRequest:
    snapshots: tuple[str, ...]
    sources: Sources
    format: str  # text | json | sarif | markdown | html | asff | ocsf | junit | csv
    fail_on: Severity | None  # None: never fail
    engine: EngineOptions
    baseline: str | None = None  # a previous JSON report
    dump_input: bool = False  # also return the policy input (one snapshot only)
    rule_filter: RuleFilter | None = None  # over the config's `filters`, setting by setting
    framework: str | None = None  # group the report by this framework's controls
    asff_account: str | None = None  # --format asff: the account that imports the findings
    asff_region: str | None = None  # … and the Region of its Security Hub


@dataclass(frozen=True)
class DiffRequest:
    old: str
    new: str
    sources: Sources
    format: str  # text | json | markdown
    fail_on: Severity | None


@dataclass(frozen=True)
class InventoryRequest:
    snapshot: str
    config: str | None  # None: ./qcheck.yaml (or .yml) when it exists
    format: str  # text | json | markdown | csv
    by: str  # unit (business unit: the account's OU) | group (the Access Summary)


@dataclass(frozen=True)
class Outcome:
    """A rendered report, the files it was made from (a report written over one of them is
    refused) and whether the gate fails."""

    text: str
    inputs: tuple[str, ...]
    failed: bool
    config: str | None  # the qcheck.yaml used, if any
    policy_input: str | None = None  # the JSON handed to the policies, when asked


@dataclass(frozen=True)
class PolicyTestRequest:
    dirs: tuple[str, ...]  # policy directories; () for the built-in policies
    verbose: bool = False
    coverage: bool = False
    timeout: float | None = None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off for a block, then back as it was.

    Loading a snapshot and deriving its facts builds hundreds of thousands of acyclic JSON
    objects: the collector would rescan them again and again for nothing (a third of the
    load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_engine(options: EngineOptions, catalog: Catalog) -> Engine:
    """The Rego engine asked for: embedded (in process) or an OPA server."""
    if options.engine == "embedded":
        if options.opa_url or options.opa_token:
            raise InputError("--opa-url and --opa-token need --engine opa")
        from qcheck.engine.embedded import DEFAULT_TIME_LIMIT, EmbeddedEngine

        return EmbeddedEngine(options.timeout or DEFAULT_TIME_LIMIT)
    from qcheck.engine.opa_server import TOKEN_ENV, URL_ENV, OpaServerEngine
    from qcheck.policy.bundle import CATALOG_DATA_PATH, catalog_document

    url = options.opa_url or os.environ.get(URL_ENV)
    if not url:
        raise InputError(f"--engine opa needs --opa-url URL (or {URL_ENV})")
    token = options.opa_token or os.environ.get(TOKEN_ENV)
    data = {CATALOG_DATA_PATH: catalog_document(catalog.rules)}
    timeout = OPA_REQUEST_TIMEOUT if options.timeout is None else options.timeout
    return OpaServerEngine(url, token, timeout, data)


def load_sources(sources: Sources) -> tuple[Catalog, Config, str]:
    """The rule catalog, the config (./qcheck.yaml by default) and the as-of date."""
    from qcheck.config.load import load_config
    from qcheck.config.model import Config
    from qcheck.policy.catalog import load_catalog

    catalog = load_catalog(list(sources.policies), time_limit=sources.time_limit)
    config_path = sources.config or discover_config()
    config = load_config(config_path, catalog.rule_ids) if config_path else Config()
    as_of = sources.as_of or datetime.datetime.now(datetime.UTC).date().isoformat()
    return catalog, config, as_of


def discover_config() -> str | None:
    """./qcheck.yaml, else ./qcheck.yml (the other usual spelling), else none."""
    return next((name for name in DISCOVERED_CONFIGS if Path(name).exists()), None)


def run_check(request: CheckRequest) -> Outcome:
    """`qcheck check`: judge each snapshot, render the report, apply the gate."""
    from qcheck.check import gate, judge
    from qcheck.report import rebase, render, repository_root

    if request.dump_input and len(request.snapshots) > 1:
        raise InputError("--dump-input takes a single snapshot")
    if request.framework is not None and request.format not in ("text", "json", "markdown"):
        raise InputError(
            f"--framework groups a text, json or markdown report, not {request.format}"
        )
    target = asff_target(request)
    with gc_paused():
        catalog, config, as_of = load_sources(request.sources)
        inputs = (*request.snapshots, *filter(None, [config.path, request.baseline]))
        catalog, filtered = select_rules(catalog, config, request.rule_filter)
        baseline = None
        if request.baseline:
            from qcheck.baseline import load_baseline

            baseline = load_baseline(request.baseline)
        engine = make_engine(request.engine, catalog)
        report, evaluations = judge(
            request.snapshots,
            config,
            catalog,
            engine,
            as_of,
            baseline,
            filtered,
            all_subscribers=request.format == "html",  # the page searches every person
        )
    dump = None
    if request.dump_input:
        from qcheck.jsontext import indented

        dump = indented(evaluations[0].document, sort_keys=True, ensure_ascii=True) + "\n"
    if request.format == "sarif":  # code scanning resolves locations from the repository root
        report = rebase(report, repository_root(Path(request.snapshots[0]).resolve().parent))
    if request.framework is not None:
        from qcheck.report.compliance import render_compliance

        text = render_compliance(report, request.framework, request.format)
    elif request.format == "html":  # drawn from the snapshots and facts, not the report alone
        from qcheck.html_view import build_view
        from qcheck.report.html import render_html

        with_baseline = None if baseline is None else (baseline.path, baseline.findings)
        text = render_html(build_view(report, evaluations, as_of, with_baseline))
    else:
        text = render(report, request.format, target)
    return Outcome(
        text=text,
        inputs=inputs,
        failed=gate(report, request.fail_on),
        config=config.path,
        policy_input=dump,
    )


def select_rules(
    catalog: Catalog, config: Config, rule_filter: RuleFilter | None
) -> tuple[Catalog, tuple[FilteredRule, ...]]:
    """The catalog reduced to the rules the filters select (the command line's settings
    over the config's), and the rules left out with the reason."""
    from qcheck.filters import apply_filter, check_names

    if config.path and config.rule_filter.active:
        line, _ = config.line_of("filters")
        check_names(catalog.rules, config.rule_filter, config.path, line)
    if rule_filter is None:
        rule_filter = config.rule_filter
    else:
        check_names(catalog.rules, rule_filter)
        rule_filter = rule_filter.over(config.rule_filter)
    if not rule_filter.active:
        return catalog, ()
    return apply_filter(catalog, rule_filter)


def asff_target(request: CheckRequest) -> Target | None:
    """The Security Hub account and Region of --format asff, checked before any work."""
    given = request.asff_account is not None or request.asff_region is not None
    if request.format != "asff":
        if given:
            raise InputError("--asff-account and --asff-region go with --format asff")
        return None
    if request.asff_account is None or request.asff_region is None:
        raise InputError(
            "--format asff needs --asff-account ACCOUNT_ID and --asff-region REGION: the "
            "account and Region whose Security Hub will import the findings"
        )
    from qcheck.report.asff import Target

    return Target(request.asff_account, request.asff_region)


def run_diff(request: DiffRequest) -> Outcome:
    """`qcheck diff`: judge both snapshots with the same policies and config, then say what
    changed in the organization and which findings appeared or were resolved. The gate
    applies to the findings that appeared."""
    from qcheck.check import evaluate_snapshot, fails
    from qcheck.diff import Diff, finding_changes, organization_changes
    from qcheck.engine.embedded import EmbeddedEngine
    from qcheck.graph.snapshot import read_snapshot
    from qcheck.report.diff import RENDERERS

    with gc_paused():
        catalog, config, as_of = load_sources(request.sources)
        engine = EmbeddedEngine()
        engine.load([p for p in catalog.policies if not p.is_test])
        old, new = read_snapshot(request.old), read_snapshot(request.new)
        before = evaluate_snapshot(old, config, catalog, engine, as_of)
        after = evaluate_snapshot(new, config, catalog, engine, as_of)
    appeared, resolved = finding_changes(before.findings, after.findings)
    result = Diff(
        old=request.old,
        new=request.new,
        changes=organization_changes(old, new, before.facts.input, after.facts.input),
        appeared=appeared,
        resolved=resolved,
        config=config.path,
    )
    return Outcome(
        text=RENDERERS[request.format](result),
        inputs=(request.old, request.new, *filter(None, [config.path])),
        failed=fails(appeared, request.fail_on),
        config=config.path,
    )


def run_inventory(request: InventoryRequest) -> Outcome:
    """`qcheck inventory`: who can reach which application where, from one snapshot's facts
    (no rule is evaluated). qcheck.yaml may describe several organizations, so what it names
    and this snapshot lacks is not an error here (`qcheck check` reports it)."""
    from qcheck.facts.derive import derive_facts
    from qcheck.graph.snapshot import read_snapshot
    from qcheck.inventory import build_inventory
    from qcheck.report.inventory import render

    with gc_paused():
        _, config, as_of = load_sources(Sources(config=request.config))
        facts = derive_facts(read_snapshot(request.snapshot), config, as_of)
    inventory = build_inventory(facts.input, config)
    return Outcome(
        text=render(inventory, request.format, request.by),
        inputs=(request.snapshot, *filter(None, [config.path])),
        failed=False,
        config=config.path,
    )


def run_policy_tests(request: PolicyTestRequest) -> Outcome:
    """`qcheck policy test`: run the policies' test rules; fails when one fails or there are
    none."""
    from qcheck.engine.embedded import DEFAULT_TIME_LIMIT
    from qcheck.policy.catalog import load_catalog
    from qcheck.policy.testing import run_tests
    from qcheck.report.policy_tests import render_test_run

    limit = request.timeout or DEFAULT_TIME_LIMIT
    catalog = load_catalog(list(request.dirs), include_builtin=not request.dirs, time_limit=limit)
    run = run_tests(catalog.policies, coverage=request.coverage, time_limit=limit)
    return Outcome(
        text=render_test_run(run, request.verbose, request.coverage),
        inputs=tuple(p.path for p in catalog.policies),
        failed=not run.passed,
        config=None,
    )


def policy_doc(policies: tuple[str, ...], compliance: bool = False) -> Outcome:
    """`qcheck policy doc`: the rule reference in Markdown, or (`--compliance`) the
    compliance mapping."""
    from qcheck.policy.catalog import load_catalog
    from qcheck.report.compliance import render_mapping
    from qcheck.report.rules import render_rule_reference

    catalog = load_catalog(list(policies))
    text = render_mapping(catalog.rules) if compliance else render_rule_reference(catalog)
    return Outcome(text, tuple(p.path for p in catalog.policies), failed=False, config=None)


def policy_list(policies: tuple[str, ...]) -> Outcome:
    """`qcheck policy list`: one line per rule."""
    from qcheck.policy.catalog import load_catalog
    from qcheck.report.rules import render_rule_list

    catalog = load_catalog(list(policies))
    text = render_rule_list(catalog)
    return Outcome(text, tuple(p.path for p in catalog.policies), failed=False, config=None)
