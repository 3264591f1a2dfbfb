"""Plain-text report for a terminal: findings grouped by severity, waivers, a summary."""

from __future__ import annotations

from qcheck.model import Finding, Report, Severity, Step
from qcheck.report import escape

_INDENT = "    "


def render(report: Report) -> str:
    """Render `report` for a terminal. Pure: the same report gives the same text."""
    open_findings = [f for f in report.findings if not f.waived]
    waived = [f for f in report.findings if f.waived]
    lines: list[str] = []

    if not report.findings:
        lines.append("No findings.")
    elif not open_findings:
        lines.append("No open findings.")

    for severity in Severity:  # declared from critical to low
        group = [f for f in open_findings if f.severity is severity]
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(f"{severity.value.upper()} ({len(group)})")
        for finding in group:
            lines.append("")
            lines.extend(_finding(finding))

    if waived:
        if lines:
            lines.append("")
        lines.append(f"WAIVED ({len(waived)})")
        for finding in waived:
            lines.append("")
            lines.extend(_finding(finding))
            lines.extend(_waiver(finding, report.config))

    if report.resolved:
        if lines:
            lines.append("")
        lines.append(f"RESOLVED SINCE THE BASELINE ({len(report.resolved)})")
        lines.append("")
        for resolved in report.resolved:
            name = f"{_clean(resolved.rule_id)} {_clean(resolved.rule_name)}"
            lines.append(f"[{_clean(resolved.severity).upper()}] {name}")
            lines.append(f"{_INDENT}resource: {_clean(resolved.resource)}")

    if report.filtered:
        if lines:
            lines.append("")
        lines.append(f"NOT EVALUATED ({len(report.filtered)}): left out by the rule filters")
        lines.append("")
        for filtered in report.filtered:
            left_out = filtered.rule
            reason = _clean(filtered.reason)
            lines.append(f"{_clean(left_out.id)} {_clean(left_out.name)}: {reason}")

    lines.append("")
    lines.append(_summary(report, open_findings, len(waived)))
    return "\n".join(lines) + "\n"


def _finding(finding: Finding) -> list[str]:
    rule = finding.rule
    state = f" ({finding.baseline_state})" if finding.baseline_state else ""
    lines = [f"[{finding.severity.value.upper()}] {_clean(rule.id)} {_clean(rule.name)}{state}"]
    lines.extend(_block(finding.message))
    lines.append(f"{_INDENT}resource: {_clean(finding.resource)}")
    account = _clean(finding.account_id) if finding.account_id else "-"
    region = _clean(finding.region) if finding.region else "-"
    lines.append(f"{_INDENT}account: {account}  region: {region}")
    lines.append(f"{_INDENT}at {_location(finding.path, finding.line)}")
    paths = finding.shown_paths
    if len(paths) == 1:
        lines.append(f"{_INDENT}evidence: {_chain(paths[0])}")
    else:
        for number, path in enumerate(paths, start=1):
            lines.append(f"{_INDENT}evidence path {number}: {_chain(path)}")
    if finding.examples:
        examples = ", ".join(_clean(step.label) for step in finding.examples)
        lines.append(f"{_INDENT}examples: {examples}")
    for key, value in finding.properties:
        lines.append(f"{_INDENT}{_clean(key)}: {_clean(value)}")
    return lines


def _chain(path: tuple[Step, ...]) -> str:
    return " -> ".join(_clean(step.label) for step in path)


def _waiver(finding: Finding, config: str | None) -> list[str]:
    waiver = finding.waiver
    if waiver is None:  # pragma: no cover - callers pass waived findings only
        return []
    lines = [f"{_INDENT}waived: {_clean(waiver.reason)}"]
    lines.append(f"{_INDENT}owner: {_clean(waiver.owner)}  expires: {_clean(waiver.expires)}")
    if config:
        lines.append(f"{_INDENT}waiver at {_location(config, waiver.line)}")
    return lines


def _summary(report: Report, open_findings: list[Finding], waived: int) -> str:
    counts = ", ".join(
        f"{sum(1 for f in open_findings if f.severity is s)} {s.value}" for s in Severity
    )
    text = (
        f"Summary: {counts}; {waived} waived; "
        f"{report.declared_facts} facts declared in config, {report.observed_facts} observed\n"
        f"Config: {_clean(report.config) if report.config else 'none'}"
    )
    if report.baseline is not None:
        states = [f.baseline_state for f in report.findings]
        text += (
            f"\nBaseline: {_clean(report.baseline)}: {states.count('new')} new, "
            f"{states.count('unchanged')} unchanged, {len(report.resolved)} resolved"
        )
    if report.filtered:
        text += f"\nFilters: {len(report.filtered)} rules not evaluated"
    return text


def _block(text: str) -> list[str]:
    """An indented, possibly multi-line message."""
    return [f"{_INDENT}{_clean(line)}" for line in (text.splitlines() or [""])]


def _location(path: str, line: int | None) -> str:
    return _clean(path) if line is None else f"{_clean(path)}:{line}"


def _clean(value: str) -> str:
    """One line of printable text: line breaks as spaces, control characters as escapes."""
    return escape.terminal_line(value)
