"""The inventory (qcheck.inventory) as text, JSON, Markdown or CSV; pure functions.

Every name comes from the snapshot or qcheck.yaml and is escaped for its format
(report/escape.py). CSV follows RFC 4180 (comma separated, CRLF line ends, fields quoted
when they hold a comma, quote or line break, quotes doubled), and a field that a
spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return;
OWASP "CSV Injection") is prefixed with a single quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from qcheck.facts.model import AppKind
from qcheck.facts.nodes import APPLICATION_LABELS
from qcheck.inventory import ApplicationRow, Inventory
from qcheck.report.escape import (
    csv_cell,
    json_dumps,
    markdown_code,
    markdown_text,
    terminal_line,
)

BY = ("unit", "group")
FORMATS = ("text", "json", "markdown", "csv")
# The columns of the seed post's "Access Summary" table, as it writes them.
GROUP_HEADERS = ("Development Group", "AWS IAM Identity Center", "Customizations")
APPLICATION_HEADERS = (
    "Business unit",
    "Application",
    "Kind",
    "Account",
    "Region",
    "IAM Identity Center instance",
    "People",
)


def render(inventory: Inventory, fmt: str, by: str) -> str:
    renderer: Callable[[Inventory], str] = _RENDERERS[(fmt, by)]
    return renderer(inventory)


# -- cells shared by the formats ------------------------------------------------------


def _kind(row: ApplicationRow) -> str:
    return APPLICATION_LABELS[AppKind(row.kind)]


def _region(row: ApplicationRow) -> str:
    if row.region is None:
        return "unknown"
    if row.region_source == "identity_center":
        return f"{row.region} (IAM Identity Center)"
    return row.region


def _instance(row: ApplicationRow) -> str:
    if row.instance_arn is None:
        return "none known"
    return f"{row.instance_type} {row.instance_arn.rsplit('/', 1)[-1]}"


def _people(value: int | None) -> str:
    return "unknown" if value is None else str(value)


def _account(row: ApplicationRow) -> str:
    return f"{row.account_id} ({row.account_name})" if row.account_name else row.account_id


# -- text -------------------------------------------------------------------------------


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def _text_units(inventory: Inventory) -> str:
    t = terminal_line
    lines = [
        f"Inventory of {t(inventory.snapshot)}: {len(inventory.applications)} applications "
        f"in {len(inventory.business_units)} business units"
    ]
    for unit in inventory.business_units:
        rows = [r for r in inventory.applications if r.business_unit == unit]
        lines += ["", t(unit)]
        table = [list(APPLICATION_HEADERS[1:])] + [
            [t(r.name), _kind(r), t(_account(r)), _region(r), t(_instance(r)), _people(r.people)]
            for r in rows
        ]
        lines += ["  " + line for line in _table(table)]
    return "\n".join(lines) + "\n"


def _text_groups(inventory: Inventory) -> str:
    if not inventory.groups:
        return "No customization is declared as granted to a group.\n"
    table = [list(GROUP_HEADERS)] + [
        [terminal_line(g.group), g.instance_kind, ", ".join(map(terminal_line, g.customizations))]
        for g in inventory.groups
    ]
    return "\n".join(_table(table)) + "\n"


# -- Markdown ---------------------------------------------------------------------------


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown_units(inventory: Inventory) -> str:
    m = markdown_text
    lines = [
        _markdown_row(APPLICATION_HEADERS),
        _markdown_row(["---"] * len(APPLICATION_HEADERS)),
    ]
    for r in inventory.applications:
        lines.append(
            _markdown_row(
                [
                    m(r.business_unit),
                    m(r.name),
                    _kind(r),
                    m(_account(r)),
                    _region(r),
                    markdown_code(r.instance_arn) if r.instance_arn else "none known",
                    _people(r.people),
                ]
            )
        )
    return "\n".join(lines) + "\n"


def _markdown_groups(inventory: Inventory) -> str:
    lines = [_markdown_row(GROUP_HEADERS), _markdown_row(["---"] * len(GROUP_HEADERS))]
    for g in inventory.groups:
        cells = [
            markdown_text(g.group),
            g.instance_kind,
            "<br>".join(map(markdown_text, g.customizations)),
        ]
        lines.append(_markdown_row(cells))
    return "\n".join(lines) + "\n"


# -- JSON -------------------------------------------------------------------------------


def _json_units(inventory: Inventory) -> str:
    units = [
        {
            "business_unit": unit,
            "applications": [
                {
                    "arn": r.arn,
                    "name": r.name,
                    "kind": r.kind,
                    "account_id": r.account_id,
                    "account_name": r.account_name,
                    "region": r.region,
                    "region_source": r.region_source,
                    "instance_arn": r.instance_arn,
                    "instance_type": r.instance_type,
                    "assignment_required": r.assignment_required,
                    "people": r.people,
                }
                for r in inventory.applications
                if r.business_unit == unit
            ],
        }
        for unit in inventory.business_units
    ]
    return json_dumps({"snapshot": inventory.snapshot, "business_units": units}) + "\n"


def _json_groups(inventory: Inventory) -> str:
    groups = [
        {
            "group": g.group,
            "group_arn": g.group_arn,
            "instance_arn": g.instance_arn,
            "instance_kind": g.instance_kind,
            "customizations": list(g.customizations),
        }
        for g in inventory.groups
    ]
    return json_dumps({"snapshot": inventory.snapshot, "groups": groups}) + "\n"


# -- CSV --------------------------------------------------------------------------------


def _csv(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return out.getvalue()


def _csv_units(inventory: Inventory) -> str:
    header = [
        "business_unit",
        "kind",
        "name",
        "arn",
        "account_id",
        "account_name",
        "region",
        "region_source",
        "instance_arn",
        "instance_type",
        "people",
    ]
    rows = [
        [
            r.business_unit,
            r.kind,
            r.name,
            r.arn,
            r.account_id,
            r.account_name or "",
            r.region or "",
            r.region_source,
            r.instance_arn or "",
            r.instance_type or "",
            "" if r.people is None else str(r.people),
        ]
        for r in inventory.applications
    ]
    return _csv([header, *rows])


def _csv_groups(inventory: Inventory) -> str:
    rows = [
        [g.group, g.instance_kind, g.instance_arn or "", "; ".join(g.customizations)]
        for g in inventory.groups
    ]
    return _csv([["group", "identity_center", "instance_arn", "customizations"], *rows])


_RENDERERS: dict[tuple[str, str], Callable[[Inventory], str]] = {
    ("text", "unit"): _text_units,
    ("text", "group"): _text_groups,
    ("markdown", "unit"): _markdown_units,
    ("markdown", "group"): _markdown_groups,
    ("json", "unit"): _json_units,
    ("json", "group"): _json_groups,
    ("csv", "unit"): _csv_units,
    ("csv", "group"): _csv_groups,
}
