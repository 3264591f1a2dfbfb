"""Read, validate and write snapshots: versioned networkx node-link JSON documents.

The writer is deterministic and puts every node, edge and gap on a line of its own, so a
git diff shows one line per changed resource and a finding can point at its resource's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator

from qcheck.errors import InputError
from qcheck.graph.kinds import EDGE_ENDPOINTS, NODE_ORDER, EdgeKind, NodeKind
from qcheck.graph.sanity import check_graph
from qcheck.inputs import read_json

FORMAT = "qcheck.snapshot"
VERSION = 2  # what the writer writes
READABLE_VERSIONS = (1, 2)  # audits archive snapshots: every released version stays readable
HEADER_KEYS = ("format", "version", "collected_at", "generator", "partition")


class Edge(NamedTuple):
    source: str
    target: str
    kind: EdgeKind


@dataclass(frozen=True)
class Snapshot:
    """A validated snapshot. `lines` maps node and gap ids to their line in the file."""

    path: str
    collected_at: str | None
    nodes: Mapping[str, Mapping[str, Any]]
    edges: tuple[Edge, ...]
    gaps: tuple[Mapping[str, Any], ...]
    lines: Mapping[str, int]

    def of_kind(self, kind: NodeKind) -> list[Mapping[str, Any]]:
        return [node for node in self.nodes.values() if node["kind"] == kind]


@cache
def schema(version: int = VERSION) -> dict[str, Any]:
    """The published JSON Schema of a snapshot version."""
    name = f"snapshot-v{version}.json"
    text = resources.files("qcheck.schemas").joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class _Validator:
    """A compiled yes-or-no check; jsonschema explains an item that fails it.

    jsonschema-rs (Rust) answers ~5 times faster than fastjsonschema's generated Python on
    the hundreds of thousands of small nodes of a large organization. jsonschema stays the
    reference: when the fast check says no (or cannot take the value), jsonschema decides,
    and its message is the explanation.
    """

    # Importing jsonschema-rs costs ~15 ms, as much as jsonschema checking ~40 items: a
    # small snapshot (a pre-commit hook's) is checked by jsonschema alone, and the fast
    # check is used once that many items of a definition have been checked.
    FAST_AFTER = 50

    def __init__(self, definition: dict[str, Any]) -> None:
        self._definition = definition
        self._fast: Any = None
        self._checked = 0
        self._explain = Draft202012Validator(definition)

    @property
    def explainer(self) -> Any:
        return self._explain

    def accepts(self, instance: Any) -> bool:
        """The fast answer: True means valid; False means jsonschema must decide."""
        if self._fast is None:
            self._checked += 1
            if self._checked <= self.FAST_AFTER:
                return bool(self._explain.is_valid(instance))
            import jsonschema_rs  # here, not at the top: see FAST_AFTER

            self._fast = jsonschema_rs.Draft202012Validator(self._definition)
        try:
            return bool(self._fast.is_valid(instance))
        except Exception:  # a value it cannot take: jsonschema decides
            return False

    def check(self, instance: Any, path: str, line: int | None, where: str) -> None:
        if not self.accepts(instance):
            _raise_first(self._explain, instance, path, line, where)


@cache
def _validators(version: int) -> tuple[_Validator, dict[str, _Validator], _Validator]:
    """Top-level, per-node-kind and per-gap validators.

    Items are validated one by one against their own definition, which is both much faster
    than validating the whole document at once and lets errors name the offending line.
    """
    full = schema(version)
    top = {key: value for key, value in full.items() if not key.startswith("$")}
    top["properties"] = {
        **full["properties"],
        **{k: {"type": "array"} for k in ("nodes", "edges", "gaps")},
    }
    by_kind = {  # version 1 predates some kinds (its node enum refuses them)
        kind.value: _Validator(full["$defs"][kind.value])
        for kind in NodeKind
        if kind.value in full["$defs"]
    }
    return _Validator(top), by_kind, _Validator(full["$defs"]["gap"])


_ID_PATTERN = re.compile(r'"id"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"')  # unrolled: fast on 100 MB


def _line_index(text: str) -> dict[str, int]:
    """First line on which each `"id": "..."` value appears."""
    lines: dict[str, int] = {}
    line = 1
    position = 0
    for match in _ID_PATTERN.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        key = match.group(1)
        if "\\" in key:
            key = json.loads(f'"{key}"')
        lines.setdefault(key, line)
    return lines


MAX_SNAPSHOT_BYTES = 2 << 30  # 2 GiB: twenty times a 10,000-account organization


def read_snapshot(path: str | Path) -> Snapshot:
    """Load and validate a snapshot file, or raise InputError naming file and line."""
    name = str(path)
    document, text = read_json(name, "snapshot", MAX_SNAPSHOT_BYTES)
    return parse_snapshot(document, text, name)


def parse_snapshot(document: Any, text: str, path: str) -> Snapshot:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f'not a qcheck snapshot (expected "format": "{FORMAT}")', path, 1)
    version = document.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        readable = ", ".join(str(v) for v in READABLE_VERSIONS)
        raise InputError(
            f"unsupported snapshot version {json.dumps(version)}; "
            f"this qcheck reads versions {readable}",
            path,
            1,
        )
    top, by_kind, gap_validator = _validators(version)
    top.check(document, path, 1, "snapshot")
    lines = _line_index(text)

    nodes: dict[str, Mapping[str, Any]] = {}
    for index, node in enumerate(document["nodes"]):
        kind = node.get("kind") if isinstance(node, dict) else None
        validator = by_kind.get(kind) if isinstance(kind, str) else None
        # The hot path asks only the fast question; _check_node explains any other answer.
        if validator is None or not validator.accepts(node) or node["id"] in nodes:
            _check_node(node, index, by_kind, nodes, lines, path)
        nodes[str(node["id"])] = migrate_node(node) if version == 1 else node

    edges = _parse_edges(document["edges"], nodes, path)

    gaps: list[Mapping[str, Any]] = []
    seen_gaps: set[str] = set()
    for index, gap in enumerate(document["gaps"]):
        gap_id = gap.get("id") if isinstance(gap, dict) else None
        line = lines.get(gap_id) if isinstance(gap_id, str) else None
        where = f"gap {gap_id}" if isinstance(gap_id, str) else f"gaps[{index}]"
        gap_validator.check(gap, path, line, where)
        if gap_id in seen_gaps or gap_id in nodes:
            raise InputError(f"{where}: duplicate id", path, line)
        seen_gaps.add(str(gap_id))
        gaps.append(gap)

    check_graph(nodes, edges, gaps, lines, path)
    return Snapshot(
        path=path,
        collected_at=document.get("collected_at"),
        nodes=nodes,
        edges=edges,
        gaps=tuple(gaps),
        lines=lines,
    )


def _check_node(
    node: Any,
    index: int,
    by_kind: Mapping[str, _Validator],
    nodes: Mapping[str, Any],
    lines: Mapping[str, int],
    path: str,
) -> None:
    """Raise InputError naming the node's problem; return if jsonschema finds none."""
    node_id = node.get("id") if isinstance(node, dict) else None
    where = f"node {node_id}" if isinstance(node_id, str) else f"nodes[{index}]"
    line = lines.get(node_id) if isinstance(node_id, str) else None
    kind = node.get("kind") if isinstance(node, dict) else None
    validator = by_kind.get(kind) if isinstance(kind, str) else None
    if validator is None:
        known = ", ".join(k.value for k in NodeKind)
        raise InputError(f"{where}: unknown kind {json.dumps(kind)} (known: {known})", path, line)
    _raise_first(validator.explainer, node, path, line, where)  # from here on, an id string
    if node_id in nodes:
        raise InputError(f"{where}: duplicate node id", path, line)


def migrate_node(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A version 1 node in version 2 form.

    Version 1 called an application's Region `region` although the collector took it from
    ListApplications' CreatedFrom (else the instance's home Region): the Region where the
    application was created in IAM Identity Center, not a Q Developer profile's Region.
    Version 2 keeps that value under the name of what it is, `created_from`.
    """
    if node["kind"] != NodeKind.APPLICATION or "region" not in node:
        return node
    migrated = {key: value for key, value in node.items() if key != "region"}
    migrated["created_from"] = node["region"]
    return migrated


_EDGE_KINDS = {kind.value: kind for kind in EdgeKind}
_EDGE_KEYS = {"source", "target", "kind"}
# (source kind, target kind, edge kind) of every edge the snapshot format allows, as strings.
_EDGE_SIGNATURES = frozenset(
    (str(source), str(target), str(kind))
    for kind, (sources, targets) in EDGE_ENDPOINTS.items()
    for source in sources
    for target in targets
)
_SOURCE, _TARGET, _KIND = itemgetter("source"), itemgetter("target"), itemgetter("kind")
# One string object per kind name: signatures then compare by identity, not character by
# character (the decoder makes a new string for every occurrence of a value).
_NODE_KIND_NAMES = {kind.value: kind.value for kind in NodeKind}
_EDGE_KIND_NAMES = {kind.value: kind.value for kind in EdgeKind}
_new_edge = partial(tuple.__new__, Edge)  # Edge._make without its Python-level call


def _parse_edges(
    raw_edges: list[Any], nodes: Mapping[str, Mapping[str, Any]], path: str
) -> tuple[Edge, ...]:
    """Edges whose endpoints exist and have the kinds the edge kind joins.

    This is the hot path of loading a large organization (memberships are edges), so the
    edges are checked together with C-level maps and set operations; only when that finds
    something wrong does the per-edge loop run, to name the first edge at fault.
    """
    kinds = {node_id: _NODE_KIND_NAMES[node["kind"]] for node_id, node in nodes.items()}
    try:
        sources = list(map(_SOURCE, raw_edges))
        targets = list(map(_TARGET, raw_edges))
        names = list(map(_EDGE_KIND_NAMES.__getitem__, map(_KIND, raw_edges)))
        signatures = set(
            zip(
                map(kinds.__getitem__, sources), map(kinds.__getitem__, targets), names, strict=True
            )
        )
        if signatures <= _EDGE_SIGNATURES and set(map(len, raw_edges)) <= {3}:
            edge_kinds = map(_EDGE_KINDS.__getitem__, names)
            return tuple(map(_new_edge, zip(sources, targets, edge_kinds, strict=True)))
    except (KeyError, TypeError):
        pass
    for index, raw in enumerate(raw_edges):
        _parse_edge(raw, index, nodes, path)
    raise InputError("edges: do not match the snapshot format", path)  # not reached


def _parse_edge(raw: Any, index: int, nodes: Mapping[str, Mapping[str, Any]], path: str) -> Edge:
    where = f"edges[{index}]"
    if not isinstance(raw, dict) or raw.keys() != _EDGE_KEYS:
        raise InputError(f"{where}: an edge has exactly source, target and kind", path)
    source, target, kind = raw["source"], raw["target"], raw["kind"]
    edge_kind = _EDGE_KINDS.get(kind) if isinstance(kind, str) else None
    if edge_kind is None:
        known = ", ".join(k.value for k in EdgeKind)
        raise InputError(f"{where}: unknown edge kind {json.dumps(kind)} (known: {known})", path)
    sources, targets = EDGE_ENDPOINTS[edge_kind]
    for end, node_id, allowed in (("source", source, sources), ("target", target, targets)):
        node = nodes.get(node_id) if isinstance(node_id, str) else None
        if node is None:
            raise InputError(f"{where}: {end} {json.dumps(node_id)} is not a node", path)
        if node["kind"] not in allowed:
            raise InputError(
                f"{where}: a {kind} edge cannot {'start' if end == 'source' else 'end'} at a node "
                f"of kind {node['kind']}",
                path,
            )
    return Edge(source, target, edge_kind)


def _raise_first(validator: Any, instance: Any, path: str, line: int | None, where: str) -> None:
    error = next(iter(sorted(validator.iter_errors(instance), key=lambda e: list(e.path))), None)
    if error is None:
        return
    location = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
    raise InputError(f"{where}{location}: {error.message}", path, line)


# ---------------------------------------------------------------------------------------
# Writing


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


def _line(item: Mapping[str, Any], first: Iterable[str]) -> str:
    leading = [key for key in first if key in item]
    ordered = {key: _canonical(item[key]) for key in leading}
    ordered.update({key: _canonical(item[key]) for key in sorted(item) if key not in ordered})
    return json.dumps(ordered, ensure_ascii=False, separators=(", ", ": "))


def render_snapshot(
    header: Mapping[str, Any],
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    gaps: Iterable[Mapping[str, Any]],
) -> str:
    """Serialise deterministically: sorted blocks, one node, edge or gap per line."""
    node_list = sorted(nodes, key=lambda n: (NODE_ORDER[NodeKind(n["kind"])], n["id"]))
    edge_list = sorted(
        ({"source": e["source"], "target": e["target"], "kind": str(e["kind"])} for e in edges),
        key=lambda e: (e["kind"], e["source"], e["target"]),
    )
    gap_list = sorted(gaps, key=lambda g: g["id"])
    out = ["{", f'  "format": "{FORMAT}",', f'  "version": {VERSION},']
    for key in HEADER_KEYS[2:]:
        if header.get(key) is not None:
            out.append(f"  {json.dumps(key)}: {json.dumps(header[key])},")
    out += ['  "directed": true,', '  "multigraph": false,', '  "graph": {},']
    blocks = (
        ("nodes", [_line(n, ("id", "kind", "origin")) for n in node_list]),
        ("edges", [_line(e, ("source", "target", "kind")) for e in edge_list]),
        ("gaps", [_line(g, ("id",)) for g in gap_list]),
    )
    for position, (name, items) in enumerate(blocks):
        comma = "," if position < len(blocks) - 1 else ""
        if not items:
            out.append(f'  "{name}": []{comma}')
            continue
        out.append(f'  "{name}": [')
        out += [f"    {item}," for item in items[:-1]] + [f"    {items[-1]}", f"  ]{comma}"]
    out.append("}")
    return "\n".join(out) + "\n"
