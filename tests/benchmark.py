"""Benchmark: synthetic organizations of growing size, timed stage by stage.

    python -m tests.benchmark                      # 1,000 and 10,000 accounts
    python -m tests.benchmark --accounts 100 1000  # chosen sizes

Each size is generated once, then measured in a fresh process so that peak memory
(max RSS) belongs to that size alone. Stages: load (read + validate the snapshot),
facts, evaluation (all built-in policies, embedded engine), report (all four formats),
and the end-to-end `qcheck check` command.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.synthetic import Size, generate


def measure(directory: Path) -> dict[str, float]:
    """Run inside a fresh process: time each stage on the generated files."""
    from qcheck.check import Evaluation, evaluate_snapshot
    from qcheck.config.load import load_config
    from qcheck.engine.embedded import EmbeddedEngine
    from qcheck.facts.derive import derive_facts
    from qcheck.graph.snapshot import read_snapshot
    from qcheck.model import Report
    from qcheck.policy.catalog import load_catalog
    from qcheck.report import render

    gc.disable()  # as `qcheck check` does
    figures: dict[str, float] = {}
    catalog = load_catalog()
    config = load_config(directory / "qcheck.yaml", catalog.rule_ids)
    engine = EmbeddedEngine()
    engine.load([p for p in catalog.policies if not p.is_test])

    start = time.perf_counter()
    snapshot = read_snapshot(directory / "snapshot.json")
    figures["load_s"] = time.perf_counter() - start

    start = time.perf_counter()
    facts = derive_facts(snapshot, config, "2026-11-22")
    figures["facts_s"] = time.perf_counter() - start

    start = time.perf_counter()
    embedded_results = engine.deny(catalog.rules, facts.document)
    figures["evaluate_s"] = time.perf_counter() - start
    figures["opa_go_evaluate_s"] = _opa_go_seconds(catalog, facts.document, embedded_results)

    evaluation: Evaluation = evaluate_snapshot(snapshot, config, catalog, engine, "2026-11-22")
    report = Report(
        "bench",
        catalog.rules,
        evaluation.findings,
        (str(directory / "snapshot.json"),),
        None,
        facts.declared_count,
        facts.observed_count,
    )
    start = time.perf_counter()
    for fmt in ("text", "json", "sarif", "markdown"):
        render(report, fmt)
    figures["report_s"] = time.perf_counter() - start
    figures["findings"] = len(evaluation.findings)
    return figures


def cli_with_rss(argv: list[str]) -> None:
    """Run `qcheck` in this process; print its exit code and peak RSS, the evaluation's
    forked child included (the larger of the two: the child shares the parent's pages)."""
    from qcheck.cli import main as qcheck_main

    code = qcheck_main(argv)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"code": code, "peak_rss_mb": max(own, child)}))


def _opa_go_seconds(catalog: Any, document: dict[str, Any], expected: dict[str, Any]) -> float:
    """The same evaluation on real OPA's Go engine, checked to agree; NaN when not installed."""
    from tests.opa_go import AVAILABLE, OpaGoEngine

    if not AVAILABLE:
        return float("nan")
    opa = OpaGoEngine()
    try:
        opa.load([p for p in catalog.policies if not p.is_test])
        start = time.perf_counter()
        results = opa.deny(catalog.rules, document)
        seconds = time.perf_counter() - start
    finally:
        opa.close()
    canonical = {k: sorted(json.dumps(v, sort_keys=True) for v in vs) for k, vs in results.items()}
    if canonical != {
        k: sorted(json.dumps(v, sort_keys=True) for v in vs) for k, vs in expected.items()
    }:
        raise SystemExit("real OPA and the embedded engine disagree on this input")
    return seconds


def startup_figures() -> dict[str, float]:
    """`qcheck --help` and `qcheck check` on the seed scenario, best of five, as pre-commit
    runs them."""
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "seed"
    commands = {
        "help_s": [sys.executable, "-m", "qcheck", "--help"],
        "seed_check_s": [
            sys.executable,
            "-m",
            "qcheck",
            "check",
            str(seed / "snapshot.json"),
            "--config",
            str(seed / "qcheck.yaml"),
            "--fail-on",
            "none",
        ],
    }
    figures = {}
    for name, command in commands.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        figures[name] = min(times)
    return figures


def run_size(size: Size, workdir: Path) -> dict[str, float]:
    start = time.perf_counter()
    snapshot, config = generate(size)
    (workdir / "snapshot.json").write_text(snapshot)
    (workdir / "qcheck.yaml").write_text(config)
    generated = time.perf_counter() - start

    child = subprocess.run(
        [sys.executable, "-m", "tests.benchmark", "--measure", str(workdir)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(child.stdout)
    start = time.perf_counter()
    end_to_end = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmark",
            "--cli",
            "check",
            str(workdir / "snapshot.json"),
            "--config",
            str(workdir / "qcheck.yaml"),
            "--format",
            "sarif",
            "--output",
            str(workdir / "out.sarif"),
            "--fail-on",
            "none",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    figures["check_end_to_end_s"] = time.perf_counter() - start
    outcome = json.loads(end_to_end.stdout or "{}")
    if end_to_end.returncode != 0 or outcome.get("code") != 0:
        raise SystemExit(f"qcheck check failed: {end_to_end.stderr.strip()}")
    figures["check_peak_rss_mb"] = outcome["peak_rss_mb"]
    figures["generate_s"] = generated
    figures["snapshot_mb"] = (workdir / "snapshot.json").stat().st_size / 1e6
    return figures


COLUMNS = (
    "accounts",
    "users",
    "groups",
    "memberships",
    "profiles",
    "customizations",
    "account_instances",
    "snapshot_mb",
    "load_s",
    "facts_s",
    "evaluate_s",
    "opa_go_evaluate_s",
    "report_s",
    "check_end_to_end_s",
    "check_peak_rss_mb",
    "findings",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cli", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cli:
        cli_with_rss(args.cli)
        return
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    startup = startup_figures()
    print(
        f"qcheck --help: {startup['help_s']:.3f} s; "
        f"qcheck check on the seed scenario: {startup['seed_check_s']:.3f} s (best of 5)"
    )
    print(" | ".join(COLUMNS))
    for accounts in args.accounts:
        size = Size.scaled(accounts)
        with tempfile.TemporaryDirectory() as tmp:
            figures = run_size(size, Path(tmp))
        row = {**dataclasses.asdict(size), **figures}
        print(
            " | ".join(
                f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in COLUMNS
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
