from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from qcheck.errors import InputError
from qcheck.graph.snapshot import read_snapshot, render_snapshot, schema
from tests.harness import SCENARIOS


def write(tmp_path: Path, document: Any, name: str = "snapshot.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, indent=2))
    return path


def rerender(document: dict[str, Any]) -> str:
    header = {k: document.get(k) for k in ("collected_at", "generator", "partition")}
    return render_snapshot(header, document["nodes"], document["edges"], document["gaps"])


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.glob("*/snapshot*.json")), ids=lambda p: p.parent.name + "/" + p.name
)
def test_fixture_snapshots_match_the_published_schema_and_the_writer(path: Path) -> None:
    text = path.read_text()
    document = json.loads(text)
    assert list(Draft202012Validator(schema()).iter_errors(document)) == []
    assert rerender(document) == text  # committed files are in canonical form


def test_writer_is_deterministic_whatever_the_input_order(seed_document: dict[str, Any]) -> None:
    shuffled = dict(seed_document)
    shuffled["nodes"] = list(reversed(seed_document["nodes"]))
    shuffled["edges"] = list(reversed(seed_document["edges"]))
    assert rerender(shuffled) == rerender(seed_document)


def test_every_node_has_its_own_line(seed_snapshot_text: str, tmp_path: Path) -> None:
    snapshot = read_snapshot(write(tmp_path, seed_snapshot_text))
    lines = seed_snapshot_text.splitlines()
    for node_id in snapshot.nodes:
        assert f'"id": "{node_id}"' in lines[snapshot.lines[node_id] - 1]
    assert len(set(snapshot.lines[n] for n in snapshot.nodes)) == len(snapshot.nodes)


def test_pretty_printed_snapshots_are_accepted_with_lines(
    seed_document: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, seed_document)
    snapshot = read_snapshot(path)
    assert len(snapshot.nodes) == len(seed_document["nodes"])
    text = path.read_text().splitlines()
    org_id = seed_document["nodes"][0]["id"]
    assert org_id in text[snapshot.lines[org_id] - 1]


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "format": "qcheck.snapshot",\n  "version": 1,,\n}')
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    assert caught.value.line == 3
    assert "not valid JSON" in str(caught.value)
    assert str(path) in str(caught.value)


def test_unknown_version_is_refused(seed_document: dict[str, Any], tmp_path: Path) -> None:
    seed_document["version"] = 3
    with pytest.raises(
        InputError, match="unsupported snapshot version 3; this qcheck reads versions 1, 2"
    ):
        read_snapshot(write(tmp_path, seed_document))


def test_other_json_is_not_a_snapshot(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a qcheck snapshot"):
        read_snapshot(write(tmp_path, {"nodes": []}))


def test_schema_invalid_node_names_node_and_line(seed_snapshot_text: str, tmp_path: Path) -> None:
    broken = seed_snapshot_text.replace(
        '"account_id": "333333333333", ', '"account_id": "3333", ', 1
    )
    path = write(tmp_path, broken)
    with pytest.raises(InputError) as caught:
        read_snapshot(path)
    message = str(caught.value)
    assert "account/o-q3seedorg01/333333333333" in message
    assert ".account_id: '3333' does not match" in message
    assert caught.value.line == next(
        number for number, text in enumerate(broken.splitlines(), 1) if '"3333"' in text
    )


def test_unknown_node_kind(seed_document: dict[str, Any], tmp_path: Path) -> None:
    seed_document["nodes"][1]["kind"] = "bucket"
    with pytest.raises(InputError, match='unknown kind "bucket"'):
        read_snapshot(write(tmp_path, seed_document))


def test_duplicate_node_id(seed_document: dict[str, Any], tmp_path: Path) -> None:
    seed_document["nodes"].append(dict(seed_document["nodes"][1]))
    with pytest.raises(InputError, match="duplicate node id"):
        read_snapshot(write(tmp_path, seed_document))


def test_edge_to_a_missing_node(seed_document: dict[str, Any], tmp_path: Path) -> None:
    seed_document["edges"][0]["target"] = (
        "arn:aws:organizations::111111111111:ou/o-q3seedorg01/ou-gone"
    )
    with pytest.raises(InputError, match=r"edges\[0\]: target .*ou-gone.* is not a node"):
        read_snapshot(write(tmp_path, seed_document))


def test_edge_between_wrong_kinds(seed_document: dict[str, Any], tmp_path: Path) -> None:
    user = next(n["id"] for n in seed_document["nodes"] if n["kind"] == "user")
    account = next(n["id"] for n in seed_document["nodes"] if n["kind"] == "account")
    seed_document["edges"].append({"source": user, "target": account, "kind": "member_of"})
    with pytest.raises(InputError, match="a member_of edge cannot end at a node of kind account"):
        read_snapshot(write(tmp_path, seed_document))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="snapshot not found"):
        read_snapshot(tmp_path / "nope.json")


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.glob("*/snapshot*.json")), ids=lambda p: p.parent.name + "/" + p.name
)
def test_fixture_snapshots_load_as_networkx_node_link_graphs(path: Path) -> None:
    """The snapshot is networkx's node-link form: networkx itself reads every node, every
    edge and its kind, so any node-link tool can consume a snapshot."""
    import networkx as nx

    document = json.loads(path.read_text())
    graph = nx.node_link_graph(document, edges="edges")
    assert graph.is_directed() and not graph.is_multigraph()
    assert sorted(graph.nodes) == sorted(n["id"] for n in document["nodes"])
    assert sorted((s, t, k) for s, t, k in graph.edges(data="kind")) == sorted(
        (e["source"], e["target"], e["kind"]) for e in document["edges"]
    )
