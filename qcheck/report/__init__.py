"""Pure formatters: a Report in, a string out."""

from __future__ import annotations

from importlib import import_module

from qcheck.model import Report

_MODULES = {"text": "text", "json": "json_report", "sarif": "sarif", "markdown": "markdown"}


def render(report: Report, fmt: str) -> str:
    """Render `report` in one of: text, json, sarif, markdown."""
    module = import_module(f"qcheck.report.{_MODULES[fmt]}")
    rendered: str = module.render(report)
    return rendered
