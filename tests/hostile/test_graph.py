"""Snapshots no AWS organization can produce, and config names that match nothing: one
line naming the node (or config entry) and its line, exit 2, never judged as if real."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.support import assert_refused, digest, qcheck, seed_copy

ORG = "arn:aws:organizations::111111111111:organization/o-q3seedorg01"
ROOT = "arn:aws:organizations::111111111111:root/o-q3seedorg01/r-q0rt"
OU = "arn:aws:organizations::111111111111:ou/o-q3seedorg01/"
INFRA, ALPHA, BRAVO = OU + "ou-q0rt-infra001", OU + "ou-q0rt-alpha001", OU + "ou-q0rt-bravo001"
ACCOUNT = "arn:aws:organizations::111111111111:account/o-q3seedorg01/"
MANAGEMENT, ALPHA_DEV = ACCOUNT + "111111111111", ACCOUNT + "333333333333"

Document = dict[str, Any]


def _write(path: Path, document: Document) -> None:
    """One node, edge or gap per line, as the writer does, so lines can be named."""
    blocks = []
    for key in ("nodes", "edges", "gaps"):
        items = ",\n".join(f"    {json.dumps(item)}" for item in document[key])
        blocks.append(f'  "{key}": [\n{items}\n  ]' if items else f'  "{key}": []')
    header = {k: v for k, v in document.items() if k not in ("nodes", "edges", "gaps")}
    head = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in header.items())
    path.write_text("{\n" + head + ",\n" + ",\n".join(blocks) + "\n}\n")


def _line_of(path: Path, node_id: str) -> int:
    needle = f'"id": {json.dumps(node_id)}'
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def _contains(source: str, target: str) -> dict[str, str]:
    return {"source": source, "target": target, "kind": "contains"}


def second_organization(d: Document) -> str:
    twin = next(n for n in d["nodes"] if n["id"] == ORG) | {
        "id": ORG.replace("o-q3seedorg01", "o-q3seedorg02")
    }
    d["nodes"].append(twin)
    return twin["id"]


def second_root(d: Document) -> str:
    twin = next(n for n in d["nodes"] if n["id"] == ROOT) | {"id": ROOT + "2", "name": "Other"}
    d["nodes"].append(twin)
    d["edges"].append(_contains(ORG, twin["id"]))
    return twin["id"]


def no_organization(d: Document) -> str:
    d["nodes"] = [n for n in d["nodes"] if n["id"] != ORG]
    d["edges"] = [e for e in d["edges"] if ORG not in (e["source"], e["target"])]
    return ROOT  # the first tree node in the file is named


def account_in_two_ous(d: Document) -> str:
    d["edges"].append(_contains(BRAVO, ALPHA_DEV))
    return ALPHA_DEV


def ou_cycle(d: Document) -> str:
    d["edges"] = [e for e in d["edges"] if e != _contains(ROOT, ALPHA)]
    d["edges"].append(_contains(BRAVO, ALPHA))
    d["edges"].append(_contains(ALPHA, BRAVO))
    d["edges"] = [e for e in d["edges"] if e != _contains(ROOT, BRAVO)]
    return ALPHA


def management_account_missing(d: Document) -> str:
    d["nodes"] = [n for n in d["nodes"] if n["id"] != MANAGEMENT]
    d["edges"] = [e for e in d["edges"] if MANAGEMENT not in (e["source"], e["target"])]
    return ORG


def account_without_parent(d: Document) -> str:
    d["edges"] = [e for e in d["edges"] if e != _contains(ALPHA, ALPHA_DEV)]
    return ALPHA_DEV


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (second_organization, "a second organization"),
        (second_root, "a second root"),
        (no_organization, "the snapshot has no organization node"),
        (account_in_two_ous, "has 2 parents"),
        (ou_cycle, "is its own ancestor"),
        (management_account_missing, "the management account 111111111111 is not in the snapshot"),
        (account_without_parent, "the account is in no OU or root of the organization"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_an_impossible_graph_is_refused_naming_the_node_and_line(
    tmp_path: Path, mutate: Callable[[Document], str], says: str
) -> None:
    snapshot, config = seed_copy(tmp_path)
    document = json.loads(snapshot.read_text())
    node = mutate(document)
    _write(snapshot, document)
    before = digest([snapshot, config])
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path)
    assert_refused(run, f"{snapshot}:{_line_of(snapshot, node)}: node {node}: {says}")
    assert digest([snapshot, config]) == before


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("    - ou: Root/Bravo\n", "    - ou: Root/Brav0\n", "residency placement OU Root/Brav0"),
        (
            '  delegated_admin_account: "222222222222"',
            '  delegated_admin_account: "999999999999"',
            "approved delegated administrator account 999999999999",
        ),
        (
            "apl-bravo00000001\n      name: bravo",
            "apl-bravo00000009\n      name: bravo",
            "profile arn:aws:sso::444444444444:application/ssoins-72230seed0000001/apl-bravo00000009",
        ),
    ],
    ids=["placement-ou", "approved-admin", "declared-profile"],
)
def test_a_config_name_that_matches_nothing_is_an_error_with_its_line(
    tmp_path: Path, old: str, new: str, says: str
) -> None:
    snapshot, config = seed_copy(tmp_path)
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new))
    line = next(
        n
        for n, entry in enumerate(config.read_text().splitlines(), 1)
        if new.split("\n")[0] in entry
    )
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path)
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert f"{config}:" in run.err and says in run.err and "is not in the snapshot" in run.err
    assert abs(int(run.err.split(f"{config}:")[1].split(":")[0]) - line) <= 1
