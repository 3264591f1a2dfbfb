"""`qcheck inventory`: who can reach which application where, from a snapshot's facts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from qcheck.report.inventory import csv_cell
from tests.harness import SCENARIOS, assert_one_line_error, run_cli

SEED = SCENARIOS / "seed"
# The "Access Summary" of the post the seed scenario reproduces ("Managing Amazon Q
# Developer profiles and customizations in large organizations", AWS DevOps blog), as
# published, padding included.
ACCESS_SUMMARY = """\
| Development Group | AWS IAM Identity Center | Customizations                                                                           |
| ----------------- | ----------------------- | --------------------------------------------------------------------------------------- |
| Orange            | Organization Instance   | Alpha Customization in US East (N. Virginia)<br>Alpha Customization in EU Central (Frankfurt) |
| Blue              | Organization Instance   | Alpha Customization in US East (N. Virginia)<br>Bravo Customization                     |
| Blue              | Account Instance        | Charlie Customization                                                                   |
| Grey              | Organization Instance   | Bravo Customization                                                                     |
"""


def cells(table: str) -> list[list[str]]:
    """A Markdown table's rows as lists of cells, separator row left out."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()]
    return [r for r in rows if not all(set(c) <= {"-", ":"} for c in r)]


def inventory(capsys: pytest.CaptureFixture[str], scenario: Path, *extra: str) -> str:
    run = run_cli(
        capsys,
        "inventory",
        str(scenario / "snapshot.json"),
        "--config",
        str(scenario / "qcheck.yaml"),
        *extra,
    )
    assert run.code == 0, run.err
    assert run.err == ""
    return run.out


def test_by_group_is_the_seed_posts_access_summary(capsys: pytest.CaptureFixture[str]) -> None:
    out = inventory(capsys, SEED, "--by", "group", "--format", "markdown")
    assert cells(out) == cells(ACCESS_SUMMARY)


def test_by_unit_lists_each_application_with_its_reach(capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(inventory(capsys, SEED, "--format", "json"))
    units = {u["business_unit"]: u["applications"] for u in document["business_units"]}
    assert list(units) == ["Root/Alpha", "Root/Bravo", "Root/Charlie"]
    reach = {
        a["name"]: (a["region"], a["instance_type"], a["people"]) for u in units.values() for a in u
    }
    # Orange (2) reaches both Alpha profiles, Blue (2) alpha-us and bravo, Grey (2) bravo;
    # Charlie's account instance has Blue's two people.
    assert reach == {
        "alpha-us": ("us-east-1", "organization", 4),
        "alpha-eu": ("eu-central-1", "organization", 2),
        "bravo": ("us-east-1", "organization", 4),
        "charlie": ("us-east-1", "account", 2),
    }


def test_open_application_reaches_every_user_of_its_instance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = json.loads(inventory(capsys, SCENARIOS / "assistant-access", "--format", "json"))
    apps = {a["name"]: a for u in document["business_units"] for a in u["applications"]}
    assert apps["bravo-assistant"]["assignment_required"] is False
    assert apps["bravo-assistant"]["people"] == 5  # every user of the organization instance
    assert apps["alpha"]["people"] == 3  # Alpha-Devs, the disabled member included


def test_csv_is_rfc_4180(capsys: pytest.CaptureFixture[str]) -> None:
    out = inventory(capsys, SEED, "--format", "csv")
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(out, newline=""), strict=True))
    assert rows[0][:3] == ["business_unit", "kind", "name"]
    assert len(rows) == 5 and {len(r) for r in rows} == {11}
    groups = list(
        csv.reader(io.StringIO(inventory(capsys, SEED, "--by", "group", "--format", "csv")))
    )
    assert groups[1] == [
        "Orange",
        "Organization Instance",
        "arn:aws:sso:::instance/ssoins-72230seed0000001",
        "Alpha Customization in US East (N. Virginia); Alpha Customization in EU Central (Frankfurt)",
    ]


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)"])
def test_csv_neutralises_formulas(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "shown"), [("\tx", "\\x09x"), ("\rx", "\\x0dx")])
def test_csv_shows_leading_controls(value: str, shown: str) -> None:
    assert csv_cell(value) == shown


def test_hostile_names_are_escaped_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = json.loads((SEED / "snapshot.json").read_text())
    hostile = '=cmd|"/C calc"!A0 <img src=x onerror=alert(1)> \x1b[2J | `x`'
    for node in document["nodes"]:
        if node["kind"] == "application" and node["name"] == "bravo":
            node["name"] = hostile
        if node["kind"] == "group" and node["display_name"] == "Grey":
            node["display_name"] = "Grey\n| forged | row |"
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(document))
    config = (
        (SEED / "qcheck.yaml")
        .read_text()
        .replace("[Blue, Grey]", '[Blue, "Grey\\n| forged | row |"]')
    )
    (tmp_path / "qcheck.yaml").write_text(config)
    outputs = {
        (fmt, by): inventory(capsys, tmp_path, "--format", fmt, "--by", by)
        for fmt in ("text", "markdown", "csv", "json")
        for by in ("unit", "group")
    }
    for (fmt, _), out in outputs.items():
        assert "\x1b" not in out, fmt
    for by in ("unit", "group"):
        assert "<img" not in outputs[("markdown", by)]
        assert "| forged |" not in outputs[("markdown", by)]
        assert "\n| forged" not in outputs[("text", by)]
    units = list(csv.reader(io.StringIO(outputs[("csv", "unit")], newline="")))
    assert any(row[2].startswith("'=cmd") for row in units)
    parsed = json.loads(outputs[("json", "unit")])
    names = [a["name"] for u in parsed["business_units"] for a in u["applications"]]
    assert hostile in names  # JSON keeps the value, escaped only as JSON


def test_same_input_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    first = inventory(capsys, SEED, "--by", "group", "--format", "csv")
    assert inventory(capsys, SEED, "--by", "group", "--format", "csv") == first


def test_missing_snapshot_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run = run_cli(
        capsys, "inventory", str(tmp_path / "none.json"), "--config", str(SEED / "qcheck.yaml")
    )
    assert_one_line_error(run, "none.json")


def test_q_business_applications_are_listed_where_they_live(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An IdC-backed Q Business application is its IdC application's row, in the Region
    whose qbusiness endpoint listed it; an anonymous one is a row of its own, with no
    instance and nobody counted (who may sign in is decided outside IAM Identity Center)."""
    document = json.loads(inventory(capsys, SCENARIOS / "q-business", "--format", "json"))
    [unit] = document["business_units"]
    rows = {a["name"]: a for a in unit["applications"]}
    assert {n: (a["kind"], a["region"], a["region_source"]) for n, a in rows.items()} == {
        "assistant": ("q_business", "us-east-1", "q_business"),
        "eu-assistant": ("q_business", "eu-central-1", "q_business"),
        "public-faq": ("q_business", "us-east-1", "q_business"),
    }
    anonymous = rows["public-faq"]
    assert anonymous["instance_arn"] is None and anonymous["people"] is None
    assert anonymous["arn"].startswith("arn:aws:qbusiness:us-east-1:470000000003:application/")
