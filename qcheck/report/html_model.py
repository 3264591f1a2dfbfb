"""What the HTML report shows, as typed values: the organization to draw, the findings with
their evidence, and the summary. Built by the application layer (qcheck/html_view.py) from
the report, the snapshots and their facts; rendered by qcheck/report/html.py.

Names here are as written in the snapshot or config (attacker-controlled): the renderer
escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrgNode:
    """One box of the drawing. Organizations are roots; the rest hang from `parent`."""

    id: str  # node id (ARN) in its snapshot
    kind: str  # organization | root | ou | account | instance | application | customization
    name: str
    parent: int  # index of the parent in HtmlView.nodes; -1 for an organization
    snapshot: int  # index in HtmlView.snapshots
    detail: str  # account id, instance type, application kind, ...
    regions: tuple[str, ...] = ()  # where it stores data (an instance: home, then replicas)
    zones: tuple[str, ...] = ()  # residency zones: allowed for an account, of the Region else
    line: int | None = None  # line in the snapshot


@dataclass(frozen=True)
class StepView:
    node: str
    label: str
    file: str
    line: int | None


@dataclass(frozen=True)
class RelatedView:
    """A qcheck.yaml entry a fix would change."""

    file: str
    line: int
    message: str


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    family: str
    resource: str
    label: str  # what the resource is, in a few words
    message: str
    account: str | None
    region: str | None
    snapshot: int  # index in HtmlView.snapshots; -1 for findings about the config
    file: str
    line: int | None
    waiver: str | None  # the waiver's reason, owner and expiry when waived
    new: bool | None  # against a baseline; None without one
    paths: tuple[tuple[StepView, ...], ...]
    examples: tuple[StepView, ...]
    related: tuple[RelatedView, ...]
    properties: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RuleView:
    id: str
    name: str
    title: str
    description: str
    severity: str
    family: str
    actions: tuple[str, ...]
    references: tuple[tuple[str, str], ...]  # (url, description)


@dataclass(frozen=True)
class UnknownView:
    """A fact that could not be established, or a read that failed."""

    snapshot: int
    what: str  # the unknown fact, or the failed API call
    resource: str  # label of the resource it concerns
    message: str
    rules: tuple[str, ...]  # rules not judged because of it


@dataclass(frozen=True)
class ResolvedView:
    """A finding of the baseline that this run no longer has."""

    rule: str
    severity: str
    resource: str
    message: str


@dataclass(frozen=True)
class PersonView:
    """A person subscribed to Q Developer, to find by name or email."""

    snapshot: int
    person: str
    matched_by: str
    applications: tuple[str, ...]  # application node ids they are subscribed to


@dataclass(frozen=True)
class SnapshotView:
    path: str
    collected_at: str | None
    organization: str  # organization id, or "" when it could not be read
    declared: int  # facts declared in qcheck.yaml
    observed: int  # facts read from AWS


@dataclass(frozen=True)
class Excerpt:
    """The text of one line of an input file: the snapshot line of a finding's resource,
    or the qcheck.yaml line a fix would change."""

    file: str
    line: int
    text: str


@dataclass(frozen=True)
class HtmlView:
    tool_version: str
    as_of: str
    config: str | None
    baseline: str | None
    snapshots: tuple[SnapshotView, ...]
    zones: tuple[tuple[str, tuple[str, ...]], ...]  # residency zone -> its Regions
    nodes: tuple[OrgNode, ...]  # parents before children
    rules: tuple[RuleView, ...]
    findings: tuple[FindingView, ...]
    unknowns: tuple[UnknownView, ...]
    resolved: tuple[ResolvedView, ...] | None  # None without a baseline
    people: tuple[PersonView, ...]
    excerpts: tuple[Excerpt, ...]
    monthly_price: tuple[float, str]  # Q Developer Pro price per user and month, currency
    filtered: tuple[tuple[str, str, str], ...] = ()  # rules not evaluated: (id, name, reason)
