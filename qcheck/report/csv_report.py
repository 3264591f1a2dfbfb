"""CSV: one row per finding, for spreadsheets and ticket imports (see docs/reports.md).

RFC 4180: a header row, CRLF line ends, every cell quoted and inner quotes doubled. Every
cell goes through `escape.csv_cell`, so a hostile name is neither a formula nor a line
break when a spreadsheet opens the file. With a baseline, the baseline's findings that
are gone follow as rows whose state is "resolved", and each rule the filters left out as
a row whose state is "not evaluated" (no resource; the message says why).
"""

from __future__ import annotations

import csv
import io

from qcheck.model import FilteredRule, Finding, Report, ResolvedFinding
from qcheck.report import escape

COLUMNS = (
    "fingerprint",
    "state",  # open | waived | resolved | not evaluated
    "baseline",  # new | unchanged | resolved; empty without a baseline
    "severity",
    "rule_id",
    "rule_name",
    "title",
    "resource",
    "account_id",
    "region",
    "message",
    "snapshot",
    "path",
    "line",
    "waiver_reason",
    "waiver_owner",
    "waiver_expires",
)


def render(report: Report) -> str:
    """Render `report` as CSV text. Pure and deterministic."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    titles = {rule.id: rule.title for rule in report.rules}
    rows = [_finding(f) for f in report.findings]
    rows += [_resolved(r, titles.get(r.rule_id, "")) for r in report.resolved]
    rows += [_filtered(f) for f in report.filtered]
    writer.writerows([escape.csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def _finding(finding: Finding) -> tuple[str, ...]:
    waiver = finding.waiver
    baseline = "" if finding.new is None else ("new" if finding.new else "unchanged")
    return (
        finding.fingerprint,
        "waived" if waiver else "open",
        baseline,
        finding.severity.value,
        finding.rule.id,
        finding.rule.name,
        finding.rule.title,
        finding.resource,
        finding.account_id or "",
        finding.region or "",
        finding.message,
        finding.snapshot,
        finding.path,
        "" if finding.line is None else str(finding.line),
        waiver.reason if waiver else "",
        waiver.owner if waiver else "",
        waiver.expires if waiver else "",
    )


def _resolved(resolved: ResolvedFinding, title: str) -> tuple[str, ...]:
    """A baseline finding no longer found: what the baseline report said of it."""
    return (
        resolved.fingerprint,
        "resolved",
        "resolved",
        resolved.severity,
        resolved.rule_id,
        resolved.rule_name,
        title,
        resolved.resource,
        *("",) * 2,
        resolved.message,
        *("",) * 6,
    )


def _filtered(filtered: FilteredRule) -> tuple[str, ...]:
    """A rule the filters left out: not evaluated, so no finding could say anything."""
    rule = filtered.rule
    message = f"not evaluated: {filtered.reason}"
    cells = ("", "not evaluated", "", rule.severity.value, rule.id, rule.name, rule.title)
    return (*cells, "", "", "", message, *("",) * 6)
