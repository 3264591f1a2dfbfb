"""Pure formatters: a Report in, a string out."""

from __future__ import annotations

import dataclasses
import functools
import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from qcheck.errors import InputError
from qcheck.model import Finding, Related, Report, Rule, Step

if TYPE_CHECKING:
    from qcheck.report.asff import Target

_MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "markdown": "markdown",
    "asff": "asff",
    "ocsf": "ocsf",
    "junit": "junit",
    "csv": "csv_report",
}


def render(report: Report, fmt: str, target: Target | None = None) -> str:
    """Render `report` in one of `_MODULES`. ASFF needs the `target` that will import the
    findings (the account and Region of Security Hub); the other formats take none."""
    module = import_module(f"qcheck.report.{_MODULES[fmt]}")
    if fmt == "asff":
        if target is None:
            raise InputError("--format asff needs --asff-account and --asff-region")
        asff: str = module.render(report, target)
        return asff
    rendered: str = module.render(report)
    return rendered


def report_rules(report: Report) -> list[Rule]:
    """Every rule of the report's catalog, then any rule a finding names that the catalog
    lacks (e.g. a finding built by hand)."""
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    for finding in report.findings:
        if finding.rule.id not in known:
            known.add(finding.rule.id)
            rules.append(finding.rule)
    return rules


def repository_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding .git, else the working directory."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return Path.cwd()


def rebase(report: Report, root: Path) -> Report:
    """The same report with every file path relative to `root` (e.g. the repository root),
    as code scanning resolves SARIF locations against the repository whatever the working
    directory was. Paths outside `root` are left as they are."""

    resolved = root.resolve()

    @functools.cache  # a handful of distinct files behind thousands of locations
    def rel(path: str) -> str:
        if not path:
            return path
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(resolved).as_posix()
        except ValueError:
            return path

    def step(s: Step) -> Step:
        return dataclasses.replace(s, path=rel(s.path))

    def finding(f: Finding) -> Finding:
        return dataclasses.replace(
            f,
            snapshot=rel(f.snapshot),
            path=rel(f.path),
            paths=tuple(tuple(step(s) for s in path) for path in f.paths),
            examples=tuple(step(s) for s in f.examples),
            related=tuple(Related(rel(r.path), r.line, r.message) for r in f.related),
        )

    return dataclasses.replace(
        report,
        findings=tuple(finding(f) for f in report.findings),
        snapshots=tuple(rel(s) for s in report.snapshots),
        config=rel(report.config) if report.config else report.config,
    )
