"""A report grouped by the controls of one compliance framework (`check --framework`):
text, Markdown or JSON. Pure: an assessment in, a string out."""

from __future__ import annotations

from typing import Any

from qcheck.compliance import Assessment, ControlResult, Status, assess, natural_key
from qcheck.model import Report, Rule
from qcheck.report import escape

FORMAT = "qcheck.compliance"
VERSION = 1
_INDENT = "    "
FORMATS = ("text", "json", "markdown")


def render_compliance(report: Report, framework: str, fmt: str) -> str:
    assessment = assess(report, framework)
    if fmt == "json":
        return escape.json_dumps(document(report, assessment)) + "\n"
    if fmt == "markdown":
        return _markdown(report, assessment)
    return _text(assessment)


def _summary(assessment: Assessment) -> str:
    return ", ".join(f"{assessment.count(s)} {s.value}" for s in Status)


def _text(assessment: Assessment) -> str:
    t = escape.terminal_line
    lines = [f"{t(assessment.title)}: {len(assessment.controls)} controls: {_summary(assessment)}"]
    for control in assessment.controls:
        lines += ["", f"{control.status.value.upper()}  {_heading(control, t)}"]
        for result in control.rules:
            detail = _rule_detail(result.status, len(result.findings), result.waived)
            lines.append(f"{_INDENT}{t(result.rule.id)} {t(result.rule.name)}: {detail}")
            if result.not_assessed:
                lines.append(f"{_INDENT * 2}{t(result.not_assessed)}")
            for finding in result.findings:
                lines.append(
                    f"{_INDENT * 2}[{finding.severity.value.upper()}] {t(finding.resource)}"
                )
                lines.append(f"{_INDENT * 3}{t(finding.message)}")
    return "\n".join(lines) + "\n"


def _heading(control: ControlResult, clean: Any) -> str:
    title = f" {clean(control.title)}" if control.title else ""
    return f"{clean(control.control)}{title}"


def _rule_detail(status: Status, open_count: int, waived: int) -> str:
    parts = [status.value]
    if open_count:
        parts.append(f"{open_count} open finding{'' if open_count == 1 else 's'}")
    if waived:
        parts.append(f"{waived} waived")
    return ", ".join(parts)


def _markdown(report: Report, assessment: Assessment) -> str:
    text, code = escape.markdown_text, escape.markdown_code
    lines = [
        f"## qcheck report by control: {text(assessment.title)}",
        "",
        f"{len(assessment.controls)} controls: **{_summary(assessment)}**.",
        "",
        "| Control | Status | Rules | Open findings |",
        "| --- | --- | --- | ---: |",
    ]
    for control in assessment.controls:
        rules = ", ".join(f"{code(r.rule.id)} ({r.status.value})" for r in control.rules)
        count = sum(len(r.findings) for r in control.rules)
        lines.append(f"| {_heading(control, text)} | {control.status.value} | {rules} | {count} |")
    for control in assessment.controls:
        if control.status is Status.PASSING:
            continue
        lines += ["", f"### {_heading(control, text)}: {control.status.value}", ""]
        for result in control.rules:
            detail = _rule_detail(result.status, len(result.findings), result.waived)
            lines.append(f"- {code(result.rule.id)} {text(result.rule.name)}: {detail}")
            if result.not_assessed:
                lines.append(f"  - {text(result.not_assessed)}")
            for finding in result.findings:
                lines.append(f"  - {code(finding.resource)}: {text(finding.message)}")
    lines += [
        "",
        f"Judged as of {text(report.as_of)}; qcheck {text(report.tool_version)}. "
        "A control passes only when every rule mapped to it was evaluated and judged.",
    ]
    return "\n".join(lines) + "\n"


def document(report: Report, assessment: Assessment) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "framework": assessment.framework,
        "title": assessment.title,
        "tool": {"name": "qcheck", "version": report.tool_version},
        "inputs": {"snapshots": list(report.snapshots), "config": report.config},
        "as_of": report.as_of,
        "summary": {s.name.lower(): assessment.count(s) for s in Status},
        "controls": [
            {
                "control": control.control,
                "title": control.title,
                "status": control.status.value,
                "rules": [
                    {
                        "id": r.rule.id,
                        "name": r.rule.name,
                        "why": r.why,
                        "status": r.status.value,
                        "not_assessed": r.not_assessed,
                        "open": [f.fingerprint for f in r.findings],
                        "waived": r.waived,
                    }
                    for r in control.rules
                ],
            }
            for control in assessment.controls
        ],
    }


MAPPING_HEADER = (
    "<!-- Generated by `qcheck policy doc --compliance` from the policies' METADATA. "
    "Do not edit. -->"
)


def render_mapping(rules: tuple[Rule, ...]) -> str:
    """The compliance mapping for people (docs/compliance.md): per framework, each control
    with the rules that evidence it and the one-line reason, all from METADATA."""
    from qcheck.compliance import CONTROL_TITLES, FRAMEWORKS, frameworks

    text, code = escape.markdown_text, escape.markdown_code
    lines = [
        MAPPING_HEADER,
        "",
        "# Compliance mapping",
        "",
        "Each rule's METADATA lists the controls its findings evidence "
        "(`custom.compliance`: framework, control, why). "
        "`qcheck check --framework NAME` groups a report by those controls:",
        "",
        "- **failing**: a rule mapped to the control has an open (unwaived) finding;",
        "- **not assessed**: no finding, but a rule mapped to it was not evaluated (left out "
        "by `--rule`, `--skip-rule`, `--family`, `--min-severity` or the `filters` section of "
        "qcheck.yaml), was not judged for some resource because a fact it needs is unknown "
        "(QC905 names it), or the evidence rules were skipped;",
        "- **passing**: every rule mapped to the control was evaluated and judged everywhere "
        "and none has an open finding.",
        "",
        "A mapping says which control a finding is evidence about; it does not claim that "
        "passing these rules satisfies the control. Controls no rule maps to are not listed.",
    ]
    for framework in frameworks(rules):
        lines += ["", f"## {text(FRAMEWORKS.get(framework, framework))} (`{framework}`)", ""]
        lines += ["| Control | Rule | Why |", "| --- | --- | --- |"]
        rows = sorted(
            (
                (natural_key(m.control), m.control, rule.id, rule.name, m.why)
                for rule in rules
                for m in rule.compliance
                if m.framework == framework
            ),
        )
        for _, control, rule_id, name, why in rows:
            title = CONTROL_TITLES.get((framework, control), "")
            heading = f"{text(control)} {text(title)}".strip()
            why_cell = escape.markdown_authored(why).replace("|", "\\|")
            lines.append(f"| {heading} | {code(rule_id)} {text(name)} | {why_cell} |")
    return "\n".join(lines) + "\n"
