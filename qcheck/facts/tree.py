"""The organization tree: parents, ancestry and OUs named in qcheck.yaml, by identity.

OU names may contain "/" (botocore's organizations model: OrganizationalUnitName is any
1 to 128 characters, pattern [\\s\\S]*), so a path is a tuple of names matched one level at a
time and an OU is known by its ARN, never by a joined string. A name is unique under its
parent (CreateOrganizationalUnit fails with DuplicateOrganizationalUnitException), so one
level has at most one child of a given name.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from qcheck.config.model import OuRef, join_ou_path
from qcheck.graph.kinds import EdgeKind, NodeKind
from qcheck.graph.snapshot import Snapshot


class AmbiguousPath(Exception):
    def __init__(self, ref: OuRef, matches: tuple[str, ...]) -> None:
        self.ref = ref
        self.matches = matches
        super().__init__(
            f"OU path {ref.text!r} names {len(matches)} OUs ({', '.join(matches)}); escape a "
            "slash inside a name as \\/ or name the OU by ou_id"
        )


def _readings(path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every way of reading the slashes between names as separators or as part of a name
    (the root's name stays first)."""
    readings: list[tuple[str, ...]] = [(path[0],)]
    for index, name in enumerate(path[1:], start=1):
        grown = []
        for reading in readings:
            grown.append((*reading, name))
            if index > 1:  # join with the previous OU name, never with the root's
                grown.append((*reading[:-1], f"{reading[-1]}/{name}"))
        readings = grown
    return readings


@dataclass(frozen=True)
class Placed:
    """Where a root, OU or account sits: the roots and OUs above it, from the root down."""

    ancestors: tuple[str, ...]  # ARNs from the root down to the parent
    names: tuple[str, ...]  # their names, same order


def _breadth_first(children: Mapping[str, set[str]], root: str) -> Iterator[tuple[str, str]]:
    """(parent, child) edges reached from `root`, breadth first, children in ARN order;
    a node reached twice (a cycle in a hostile snapshot) is followed once."""
    seen = {root}
    queue = deque([root])
    while queue:
        parent = queue.popleft()
        for child in sorted(children.get(parent, ())):
            if child not in seen:
                seen.add(child)
                queue.append(child)
                yield parent, child


class OrgTree:
    def __init__(self, snapshot: Snapshot) -> None:
        nodes = snapshot.nodes
        children: dict[str, set[str]] = defaultdict(set)
        for edge in snapshot.edges:
            if (
                edge.kind is EdgeKind.CONTAINS
                and nodes[edge.source]["kind"] != NodeKind.ORGANIZATION
            ):
                children[edge.source].add(edge.target)
        roots = sorted(n["id"] for n in snapshot.of_kind(NodeKind.ROOT))
        self._nodes = nodes
        self.placed: dict[str, Placed] = {root: Placed((), ()) for root in roots}
        # Children by name, for resolving paths one level at a time.
        self._child: dict[tuple[str, str], str] = {}
        for root in roots:
            for parent, child in _breadth_first(children, root):
                above = self.placed[parent]
                self.placed[child] = Placed(
                    (*above.ancestors, parent), (*above.names, str(nodes[parent]["name"]))
                )
                if nodes[child]["kind"] == NodeKind.OU:
                    self._child[(parent, str(nodes[child]["name"]))] = child
        self._roots_by_name = {str(nodes[r]["name"]): r for r in roots}
        self._by_short_id = {
            arn.rsplit("/", 1)[-1]: arn
            for arn, node in nodes.items()
            if node["kind"] in (NodeKind.ROOT, NodeKind.OU)
        }

    def resolve(self, ref: OuRef) -> str | None:
        """The ARN of the root or OU a config entry names, or None when none matches.

        Raises AmbiguousPath when a path written without escapes also names another OU
        once some of its slashes are read as part of a name ("Root/EU/Legacy" and an OU
        named "EU/Legacy" under the root)."""
        if ref.id is not None:
            return self._by_short_id.get(ref.id)
        assert ref.path is not None
        if "\\" in ref.text:
            return self._walk(ref.path)
        found = sorted({arn for names in _readings(ref.path) if (arn := self._walk(names))})
        if len(found) > 1:
            raise AmbiguousPath(ref, tuple(self.path_text(arn) for arn in found))
        return found[0] if found else None

    def _walk(self, path: tuple[str, ...]) -> str | None:
        node = self._roots_by_name.get(path[0])
        for name in path[1:]:
            if node is None:
                return None
            node = self._child.get((node, name))
        return node

    def path_text(self, arn: str) -> str:
        """Names from the root to this OU or root (inclusive), as qcheck.yaml writes them."""
        placed = self.placed.get(arn)
        if placed is None:
            return ""
        return join_ou_path((*placed.names, str(self._nodes[arn]["name"])))

    def chain(self, arn: str) -> tuple[str, ...]:
        """ARNs from the root down to this node, inclusive; () when it is not in the tree."""
        placed = self.placed.get(arn)
        return () if placed is None else (*placed.ancestors, arn)

    def node(self, arn: str) -> Mapping[str, Any]:
        return self._nodes[arn]
