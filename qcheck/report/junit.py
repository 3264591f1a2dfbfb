"""JUnit XML for CI test reports: GitLab's `artifacts:reports:junit`, Jenkins' JUnit plugin
(see docs/reports.md and docs/ci.md).

One test suite per rule, one test case per rule and resource: a failure for an open
finding, skipped for a waived one, skipped too where a fact the rule needs is unknown
(QC905 names the rule and resource: not judged is not passed), a pass for a baseline
finding that is now resolved, and a single passing case "<rule id>: no findings" for a
rule with none of these; a rule the filters left out is a suite with one skipped case
"<rule id>: not evaluated" giving the reason. The shape
follows the Jenkins xUnit plugin's junit-10.xsd, which the tests validate against.
GitLab keeps only the first of test cases with the same name, so names are made unique
within a suite.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcheck.model import FilteredRule, Finding, Report, Rule
from qcheck.report import escape, report_rules

NO_FINDINGS = "no findings"  # after the rule id: "QC501: no findings"
NOT_EVALUATED = "not evaluated"  # after the rule id, for a rule the filters left out


@dataclass(frozen=True)
class _Case:
    name: str
    outcome: str  # failure | skipped | passed
    element: str  # the case's inner XML, already escaped


def render(report: Report) -> str:
    """Render `report` as a JUnit XML document. Pure and deterministic."""
    suites = [_suite(rule, report) for rule in report_rules(report)]
    suites += [_filtered_suite(f) for f in report.filtered]
    tests = sum(s[1] for s in suites)
    failures = sum(s[2] for s in suites)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="qcheck" tests="{tests}" failures="{failures}" errors="0">',
        *(line for suite in suites for line in suite[0]),
        "</testsuites>",
    ]
    return "\n".join(lines) + "\n"


def _suite(rule: Rule, report: Report) -> tuple[list[str], int, int]:
    cases = [_finding_case(f) for f in report.findings if f.rule.id == rule.id]
    cases += [
        _Case(resource, "skipped", f'<skipped message="{escape.xml_attribute(why)}"/>')
        for resource, why in _not_judged(rule.id, report.findings)
    ]
    cases += [
        _Case(r.resource, "passed", _system_out(f"resolved since the baseline: {r.message}"))
        for r in report.resolved
        if r.rule_id == rule.id
    ]
    if not cases:
        cases = [_Case(f"{rule.id}: {NO_FINDINGS}", "passed", "")]
    return _suite_lines(rule, cases)


def _filtered_suite(filtered: FilteredRule) -> tuple[list[str], int, int]:
    """A rule the filters left out: one skipped case saying so, never a pass."""
    message = escape.xml_attribute(f"not evaluated: {filtered.reason}")
    case = _Case(
        f"{filtered.rule.id}: {NOT_EVALUATED}", "skipped", f'<skipped message="{message}"/>'
    )
    return _suite_lines(filtered.rule, [case])


def _suite_lines(rule: Rule, cases: list[_Case]) -> tuple[list[str], int, int]:
    failures = sum(1 for c in cases if c.outcome == "failure")
    skipped = sum(1 for c in cases if c.outcome == "skipped")
    name = f"{rule.id} {rule.name}".strip()
    classname = escape.xml_attribute(rule.id)
    lines = [
        f'  <testsuite name="{escape.xml_attribute(name)}" tests="{len(cases)}" '
        f'failures="{failures}" errors="0" skipped="{skipped}">'
    ]
    for case_name, case in zip(_unique([c.name for c in cases]), cases, strict=True):
        head = f'    <testcase name="{escape.xml_attribute(case_name)}" classname="{classname}"'
        if case.element:
            lines += [f"{head}>", f"      {case.element}", "    </testcase>"]
        else:
            lines.append(f"{head}/>")
    lines.append("  </testsuite>")
    return lines, len(cases), failures


def _not_judged(rule_id: str, findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    """(resource, why) for each resource a fact-unknown finding (QC905: the property
    `rules_not_judged`, its resource first in the evidence) says `rule_id` did not judge."""
    found = []
    for finding in findings:
        properties = dict(finding.properties)
        rules = properties.get("rules_not_judged", "").split(", ")
        if rule_id in rules and finding.evidence:
            fact = properties.get("fact", "a fact")
            found.append(
                (finding.evidence[0], f"not judged: {fact} is unknown ({finding.rule.id})")
            )
    return found


def _finding_case(finding: Finding) -> _Case:
    waiver = finding.waiver
    if waiver is not None:
        message = f"waived until {waiver.expires} by {waiver.owner}: {waiver.reason}"
        return _Case(
            finding.resource, "skipped", f'<skipped message="{escape.xml_attribute(message)}"/>'
        )
    return _Case(
        finding.resource,
        "failure",
        f'<failure type="{finding.severity.value}" '
        f'message="{escape.xml_attribute(finding.message or finding.rule.title)}">'
        f"{escape.xml_text(_details(finding))}</failure>",
    )


def _details(finding: Finding) -> str:
    """The failure's body: what a reader of the CI report needs to act."""
    state = {None: "", True: " (new)", False: " (unchanged since the baseline)"}[finding.new]
    lines = [
        f"{finding.severity.value}{state}: {finding.rule.title}",
        f"resource: {finding.resource}",
        f"account: {finding.account_id or 'n/a'}, region: {finding.region or 'n/a'}",
        f"location: {finding.path or finding.snapshot}"
        + (f":{finding.line}" if finding.line is not None else ""),
    ]
    for number, path in enumerate(finding.shown_paths, start=1):
        lines.append(f"evidence path {number}: " + " -> ".join(step.label for step in path))
    lines += [f"recommended: {action}" for action in finding.rule.recommended_actions]
    lines += [f"fingerprint: {finding.fingerprint}"]
    return "\n".join(lines)


def _system_out(text: str) -> str:
    return f"<system-out>{escape.xml_text(text)}</system-out>"


def _unique(names: list[str]) -> list[str]:
    """`names` with repeats numbered: "a", "a (2)", "a (3)", skipping numbered names
    already taken."""
    taken: set[str] = set()
    unique = []
    for name in names:
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name} ({number})"
        taken.add(candidate)
        unique.append(candidate)
    return unique
