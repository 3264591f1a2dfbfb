"""Diff formats: a `Diff` (qcheck.diff) in, text, Markdown or JSON out. Pure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qcheck.diff import Diff
from qcheck.model import Finding
from qcheck.report import escape


def render_text(diff: Diff) -> str:
    t = escape.terminal_line
    lines = [f"qcheck diff {t(diff.old)} -> {t(diff.new)}"]
    lines += [f"Config: {t(diff.config) if diff.config else 'none'}", ""]
    lines.append(f"Organization changes ({len(diff.changes)})")
    lines += [f"  {t(c.kind)}: {t(c.detail)}" for c in diff.changes] or ["  none"]
    for title, findings in (
        ("Findings appeared", diff.appeared),
        ("Findings resolved", diff.resolved),
    ):
        lines += ["", f"{title} ({len(findings)})"]
        lines += [
            f"  [{f.severity.value.upper()}] {t(f.rule.id)} {t(f.rule.name)}: {t(f.message)}"
            for f in findings
        ] or ["  none"]
    return "\n".join(lines) + "\n"


def render_markdown(diff: Diff) -> str:
    text, code = escape.markdown_text, escape.markdown_code
    lines = [f"## qcheck diff: {code(diff.old)} → {code(diff.new)}", ""]
    lines += [
        f"{len(diff.changes)} organization changes, {len(diff.appeared)} findings appeared, "
        f"{len(diff.resolved)} resolved; config {code(diff.config) if diff.config else 'none'}.",
        "",
    ]
    if diff.changes:
        lines += ["| Change | Detail |", "| --- | --- |"]
        lines += [f"| {text(c.kind)} | {text(c.detail)} |" for c in diff.changes] + [""]
    for title, findings in (
        ("Findings appeared", diff.appeared),
        ("Findings resolved", diff.resolved),
    ):
        if findings:
            lines += [
                f"### {title}",
                "",
                "| Severity | Rule | Resource | Message |",
                "| --- | --- | --- | --- |",
            ]
            lines += [
                f"| {f.severity.value} | {text(f.rule.id)} | {code(f.resource)} "
                f"| {text(f.message)} |"
                for f in findings
            ] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(diff: Diff) -> str:
    def finding(f: Finding) -> dict[str, Any]:
        return {
            "rule_id": f.rule.id,
            "severity": f.severity.value,
            "resource": f.resource,
            "message": f.message,
            "fingerprint": f.fingerprint,
        }

    document = {
        "format": "qcheck.diff",
        "version": 1,
        "old": diff.old,
        "new": diff.new,
        "config": diff.config,
        "changes": [
            {"kind": c.kind, "subject": c.subject, "detail": c.detail} for c in diff.changes
        ],
        "appeared": [finding(f) for f in diff.appeared],
        "resolved": [finding(f) for f in diff.resolved],
    }
    return escape.json_dumps(document) + "\n"


RENDERERS: dict[str, Callable[[Diff], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
