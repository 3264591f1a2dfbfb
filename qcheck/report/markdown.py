"""GitHub-flavoured Markdown report, sized for a GitHub Actions job summary."""

from __future__ import annotations

from qcheck.model import Finding, Report, Severity
from qcheck.report import escape

MAX_ROWS = 200  # per table; the rest is counted, not listed


def render(report: Report) -> str:
    """Render `report` as Markdown. Pure: the same report gives the same text."""
    open_findings = [f for f in report.findings if not f.waived]
    waived = [f for f in report.findings if f.waived]
    counts = {s: sum(1 for f in open_findings if f.severity is s) for s in Severity}

    lines = ["## qcheck report", "", _verdict(report, open_findings, counts, len(waived)), ""]

    lines += ["| Severity | Open findings |", "| --- | ---: |"]
    lines += [f"| {s.value.capitalize()} | {counts[s]} |" for s in Severity]
    lines += [f"| Waived | {len(waived)} |", ""]

    baseline = report.baseline is not None
    if baseline:
        states = [f.baseline_state for f in report.findings]
        lines += [
            f"Against the baseline {_code(report.baseline or '')}: "
            f"{states.count('new')} new, {states.count('unchanged')} unchanged, "
            f"{len(report.resolved)} resolved.",
            "",
        ]

    if open_findings:
        state_head, state_rule = ("Baseline | ", "--- | ") if baseline else ("", "")
        lines += [
            "### Findings",
            "",
            f"| Severity | {state_head}Rule | Resource | Account | Region | Message |",
            f"| --- | {state_rule}--- | --- | --- | --- | --- |",
        ]
        lines += [_finding_row(f, baseline) for f in open_findings[:MAX_ROWS]]
        lines += _more(len(open_findings))
        lines.append("")

    if waived:
        lines += [
            "### Waived findings",
            "",
            "| Rule | Resource | Reason | Owner | Expires |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [_waived_row(f) for f in waived[:MAX_ROWS]]
        lines += _more(len(waived))
        lines.append("")

    if report.resolved:
        lines += [
            "### Resolved since the baseline",
            "",
            "| Severity | Rule | Resource | Message |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| {_text(r.severity.capitalize())} | {_code(r.rule_id)} {_text(r.rule_name)} "
            f"| {_code(r.resource)} | {_text(r.message)} |"
            for r in report.resolved[:MAX_ROWS]
        ]
        lines += _more(len(report.resolved))
        lines.append("")

    if report.filtered:
        lines += [
            "### Rules not evaluated",
            "",
            "The rule filters left these rules out: their findings, if any, are not above.",
            "",
            "| Rule | Severity | Reason |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {_code(f.rule.id)} {_text(f.rule.name)} | {f.rule.severity.value.capitalize()} "
            f"| {_text(f.reason)} |"
            for f in report.filtered
        ]
        lines.append("")

    lines.append(
        f"{report.declared_facts} facts declared in config, {report.observed_facts} observed; "
        f"config {_code(report.config) if report.config else 'none'}; "
        f"qcheck {_text(report.tool_version)}."
    )
    return "\n".join(lines) + "\n"


def _verdict(
    report: Report, open_findings: list[Finding], counts: dict[Severity, int], waived: int
) -> str:
    snapshots = len(report.snapshots)
    scope = f"{snapshots} snapshot{'' if snapshots == 1 else 's'}"
    tail = f"; {waived} waived" if waived else ""
    if report.filtered:
        tail += f"; {len(report.filtered)} rules not evaluated (filters)"
    if not open_findings:
        return f"**No open findings** in {scope}{tail}."
    parts = ", ".join(f"{counts[s]} {s.value}" for s in Severity if counts[s])
    noun = "finding" if len(open_findings) == 1 else "findings"
    return f"**{len(open_findings)} open {noun}** ({parts}) in {scope}{tail}."


def _finding_row(finding: Finding, baseline: bool = False) -> str:
    state = [finding.baseline_state or "-"] if baseline else []
    cells = [
        finding.severity.value.capitalize(),
        *state,
        f"{_code(finding.rule.id)} {_text(finding.rule.name)}",
        _code(finding.resource),
        _text(finding.account_id) if finding.account_id else "-",
        _text(finding.region) if finding.region else "-",
        _text(finding.message),
    ]
    return "| " + " | ".join(cells) + " |"


def _waived_row(finding: Finding) -> str:
    waiver = finding.waiver
    cells = [_code(finding.rule.id), _code(finding.resource)]
    if waiver is None:  # pragma: no cover - callers pass waived findings only
        cells += ["", "", ""]
    else:
        cells += [_text(waiver.reason), _text(waiver.owner), _text(waiver.expires)]
    return "| " + " | ".join(cells) + " |"


def _more(count: int) -> list[str]:
    if count <= MAX_ROWS:
        return []
    return ["", f"... and {count - MAX_ROWS} more (the JSON and SARIF reports list all)."]


def _text(value: str) -> str:
    """Literal text for a table cell: Markdown and HTML syntax escaped, one line."""
    return escape.markdown_text(value)


def _code(value: str) -> str:
    """A code span for a table cell."""
    return escape.markdown_code(value)
