"""Side-by-side timings of the engines on the fixture scenarios and synthetic organizations.

    python -m tests.conformance.timing                  # scenarios + 1,000 accounts
    python -m tests.conformance.timing --accounts 1000 10000

For each input: the evaluation of every rule's `deny` (the input document is built once
beforehand) on the embedded engine (regorus) and on real OPA's Go engine in process, best
of a few runs; for the scenarios also the whole `qcheck check` pipeline through the OPA
server engine against the test REST server (real OPA behind HTTP, policy upload included).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from qcheck.config.load import load_config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.engine.opa_server import OpaServerEngine
from qcheck.facts.derive import derive_facts
from qcheck.graph.snapshot import read_snapshot
from qcheck.policy.catalog import Catalog, load_catalog
from tests.conformance.support import canonical, scenario_findings, scenario_snapshots, timed
from tests.conftest import AS_OF, SCENARIOS, scenario_names
from tests.opa_go import OpaGoEngine
from tests.opa_rest_server import OpaRestServer
from tests.synthetic import Size, generate


def deny_times(catalog: Catalog, documents: list[dict[str, object]], repeat: int) -> list[float]:
    rules = catalog.policies
    embedded, opa = EmbeddedEngine(), OpaGoEngine()
    embedded.load([p for p in rules if not p.is_test])
    opa.load([p for p in rules if not p.is_test])
    try:
        for document in documents:
            assert canonical(embedded.deny(catalog.rules, document)) == canonical(
                opa.deny(catalog.rules, document)
            )
        return [
            timed(lambda: [embedded.deny(catalog.rules, d) for d in documents], repeat),
            timed(lambda: [opa.deny(catalog.rules, d) for d in documents], repeat),
        ]
    finally:
        opa.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, nargs="*", default=[1_000])
    args = parser.parse_args()
    catalog = load_catalog()
    print("input | embedded deny | real OPA (Go) deny | check via OPA server engine")
    print("---|---|---|---")
    with OpaRestServer() as server:
        for name in scenario_names():
            config = load_config(SCENARIOS / name / "qcheck.yaml", catalog.rule_ids)
            documents = [
                derive_facts(read_snapshot(path), config, AS_OF).document
                for path in scenario_snapshots(name)
            ]
            embedded_s, opa_s = deny_times(catalog, documents, repeat=20)
            start = time.perf_counter()
            scenario_findings(name, OpaServerEngine(server.url), catalog)
            served_s = time.perf_counter() - start
            print(
                f"scenario {name} | {embedded_s * 1000:.1f} ms | {opa_s * 1000:.1f} ms | "
                f"{served_s:.2f} s",
                flush=True,
            )
    for accounts in args.accounts:
        size = Size.scaled(accounts)
        snapshot_text, config_text = generate(size)
        with tempfile.TemporaryDirectory() as tmp:
            snapshot, config_path = Path(tmp) / "snapshot.json", Path(tmp) / "qcheck.yaml"
            snapshot.write_text(snapshot_text)
            config_path.write_text(config_text)
            config = load_config(config_path, catalog.rule_ids)
            document = derive_facts(read_snapshot(snapshot), config, AS_OF).document
        embedded_s, opa_s = deny_times(catalog, [document], repeat=3)
        print(
            f"{accounts:,} accounts, {size.users:,} users | {embedded_s:.2f} s | {opa_s:.2f} s | -",
            flush=True,
        )


if __name__ == "__main__":
    main()
