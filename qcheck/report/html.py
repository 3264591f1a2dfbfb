"""The HTML report: one self-contained page from an HtmlView, a pure function.

The page is a template with its stylesheet and script inlined (package data in
qcheck/report/assets/; no library, nothing fetched when it is viewed) and the data as a
JSON island, `<script type="application/json">`, which the script reads and turns into
the drawing, the tables and the charts with `textContent` only. Every string is made
inert twice: unsafe characters become visible escapes (`escape.controls`, as in every
other format) and the island is escaped so that nothing in it can end the script element
(`escape.script_json`). The Content-Security-Policy allows no network at all and only the
inline script and style whose SHA-256 hashes it names, so the bytes are the same for the
same input.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

from qcheck.report import escape
from qcheck.report.html_model import FindingView, HtmlView, OrgNode, StepView

DATA_ID = "qcheck-data"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def _asset(name: str) -> str:
    return resources.files("qcheck.report").joinpath("assets", name).read_text("utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(view: HtmlView) -> str:
    style, script = _asset("report.css"), _asset("report.js")
    policy = (
        "default-src 'none'; "
        f"script-src {_hash(script)}; style-src {_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    title = "qcheck report: " + ", ".join(s.organization or s.path for s in view.snapshots)
    values = {
        "csp": escape.html_text(policy),
        "title": escape.html_text(escape.controls(title)),
        "style": style,
        "data_id": DATA_ID,
        "data": escape.script_json(to_data(view)),
        "script": script,
    }
    # One pass over the template: what is put in is never searched for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("report.html"))


def _t(value: str) -> str:
    return escape.controls(value)


def _opt(value: str | None) -> str | None:
    return None if value is None else escape.controls(value)


def to_data(view: HtmlView) -> dict[str, Any]:
    """The JSON island: compact arrays for what there are thousands of (boxes, findings,
    steps), with every string's unsafe characters shown as escapes. report.js reads it."""
    files: dict[str, int] = {}

    def file(path: str) -> int:
        return files.setdefault(path, len(files))

    def step(s: StepView) -> list[Any]:
        return [_t(s.node), _t(s.label), file(s.file), s.line]

    def node(n: OrgNode) -> list[Any]:
        # [id, kind, name, parent, snapshot, detail, regions, zones, line]
        return [
            _t(n.id),
            n.kind,
            _t(n.name),
            n.parent,
            n.snapshot,
            _t(n.detail),
            [_t(r) for r in n.regions],
            [_t(z) for z in n.zones],
            n.line,
        ]

    def finding(f: FindingView) -> dict[str, Any]:
        return {
            "rule": _t(f.rule),
            "sev": f.severity,
            "family": _t(f.family),
            "resource": _t(f.resource),
            "label": _t(f.label),
            "message": _t(f.message),
            "account": _opt(f.account),
            "region": _opt(f.region),
            "snapshot": f.snapshot,
            "file": file(f.file),
            "line": f.line,
            "waiver": _opt(f.waiver),
            "new": f.new,
            "paths": [[step(s) for s in path] for path in f.paths],
            "examples": [step(s) for s in f.examples],
            "related": [[file(r.file), r.line, _t(r.message)] for r in f.related],
            "properties": [[_t(k), _t(v)] for k, v in f.properties],
        }

    drawn = {(n.snapshot, n.id): i for i, n in enumerate(view.nodes)}
    findings = [finding(f) for f in view.findings]
    excerpts = [[file(e.file), e.line, _t(e.text)] for e in view.excerpts]
    return {
        "tool": _t(view.tool_version),
        "asOf": view.as_of,
        "config": _opt(view.config),
        "baseline": _opt(view.baseline),
        "snapshots": [
            {
                "path": _t(s.path),
                "collectedAt": _opt(s.collected_at),
                "organization": _t(s.organization),
                "declared": s.declared,
                "observed": s.observed,
            }
            for s in view.snapshots
        ],
        "zones": [[_t(z), [_t(r) for r in regions]] for z, regions in view.zones],
        "nodes": [node(n) for n in view.nodes],
        "rules": [
            {
                "id": _t(r.id),
                "name": _t(r.name),
                "title": _t(r.title),
                "description": _t(r.description),
                "sev": r.severity,
                "family": _t(r.family),
                "actions": [_t(a) for a in r.actions],
                "references": [[_t(u), _t(d)] for u, d in r.references],
            }
            for r in view.rules
        ],
        "findings": findings,
        "unknowns": [
            [u.snapshot, _t(u.what), _t(u.resource), _t(u.message), [_t(r) for r in u.rules]]
            for u in view.unknowns
        ],
        "resolved": None
        if view.resolved is None
        else [[_t(r.rule), r.severity, _t(r.resource), _t(r.message)] for r in view.resolved],
        "filtered": [[_t(i), _t(name), _t(reason)] for i, name, reason in view.filtered],
        # [snapshot, person, matched by, indexes in nodes of the applications subscribed to]
        "people": [
            [
                p.snapshot,
                _t(p.person),
                p.matched_by,
                [drawn[p.snapshot, a] for a in p.applications if (p.snapshot, a) in drawn],
            ]
            for p in view.people
        ],
        "excerpts": excerpts,
        "price": [view.monthly_price[0], _t(view.monthly_price[1])],
        "files": [_t(path) for path in files],
    }
