"""What every collector shares: clients, bounded concurrency, gaps, and graph fragments."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from qcheck.collect.api import Api
from qcheck.collect.clock import SYSTEM_CLOCK, Clock
from qcheck.collect.gaps import MISSING_FIELD, CallFailed, Gap
from qcheck.collect.progress import Progress
from qcheck.collect.session import CallStats, ClientFactory, Credentials
from qcheck.graph.kinds import EdgeKind, NodeKind

T = TypeVar("T")
R = TypeVar("R")

Node = dict[str, Any]
EdgeTuple = tuple[str, str, EdgeKind]  # (source, target, kind)


@dataclass(frozen=True)
class Fragment:
    """Nodes and edges produced by a transform; merged into the snapshot by `run`."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[EdgeTuple, ...] = ()

    def __add__(self, other: Fragment) -> Fragment:
        return Fragment(self.nodes + other.nodes, self.edges + other.edges)

    @staticmethod
    def concat(parts: Iterable[Fragment]) -> Fragment:
        """All parts in order, copied once (adding them one by one copies quadratically)."""
        nodes: list[Node] = []
        edges: list[EdgeTuple] = []
        for part in parts:
            nodes.extend(part.nodes)
            edges.extend(part.edges)
        return Fragment(tuple(nodes), tuple(edges))


def observed(node_id: str, kind: NodeKind, **attrs: Any) -> Node:
    """A node as the API showed it; attributes that are None are left out."""
    return {
        "id": node_id,
        "kind": kind,
        "origin": "observed",
        **{k: v for k, v in attrs.items() if v is not None},
    }


@dataclass
class Context:
    factory: ClientFactory
    stats: CallStats
    progress: Progress
    concurrency: int
    deadline: float
    clock: Clock = SYSTEM_CLOCK
    partition: str = "aws"
    gaps: list[Gap] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def api(
        self,
        service: str,
        region: str,
        account_id: str | None,
        credentials: Credentials | None = None,
    ) -> Api:
        client = self.factory.client(service, region, credentials)
        signing_name = client.meta.service_model.signing_name
        return Api(
            client,
            signing_name,
            account_id,
            region,
            self.stats,
            self.deadline,
            own_credentials=credentials is None,
            clock=self.clock,
        )

    def record(self, gap: Gap) -> None:
        with self._lock:
            self.gaps.append(gap)
        self.progress.gap()

    def guarded(
        self,
        fn: Callable[[], T],
        default: T,
        account_id: str | None,
        region: str | None,
        resource: str | None = None,
    ) -> T:
        """Run `fn`; a failed call becomes a gap and `default` stands in for its result."""
        try:
            return fn()
        except CallFailed as failure:
            self.record(failure.gap(account_id, region, resource))
            return default

    def complete(
        self, api: Api, operation: str, resource: str | None, item: Mapping[str, Any], *fields: str
    ) -> bool:
        """True when `item` carries every field in `fields`. The service model marks them
        optional, so an item without one is recorded as a gap (`ResponseFieldMissing`) of
        the listing it came from, never read as a default."""
        absent = [name for name in fields if item.get(name) in (None, "")]
        if absent:
            self.record(
                Gap(
                    api.service,
                    operation,
                    api.account_id,
                    api.region,
                    MISSING_FIELD,
                    f"{operation} returned an item without {', '.join(absent)}",
                    resource,
                )
            )
        return not absent

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`fn` over `items` on at most `concurrency` threads, results in input order."""
        work = list(items)
        if len(work) <= 1 or self.concurrency <= 1:
            return [fn(item) for item in work]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(work))) as pool:
            futures = [pool.submit(fn, item) for item in work]
            try:
                return [future.result() for future in futures]
            except BaseException:  # a fatal error (e.g. credentials): stop what has not begun
                for future in futures:
                    future.cancel()
                raise


def merge_tags(tags: Iterable[Mapping[str, str]]) -> dict[str, str]:
    return {str(t["Key"]): str(t.get("Value", "")) for t in tags}
