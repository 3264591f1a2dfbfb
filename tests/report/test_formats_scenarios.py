"""Every scenario in ASFF, OCSF, JUnit and CSV, as `qcheck check` writes them, passes the
format's reference validator (tests/report/format_validators.py); with a baseline, the
findings that are gone are archived (ASFF), closed (OCSF), passing (JUnit) and listed as
resolved (CSV)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.harness import (
    AS_OF,
    SCENARIOS,
    assert_one_line_error,
    run_cli,
    scenario_check_args,
    scenario_names,
    seed_check_args,
)
from tests.report.format_validators import (
    asff_problems,
    csv_rows,
    junit_problems,
    ocsf_problems,
)

pytestmark = [pytest.mark.slow]  # every scenario in four formats

ASFF = ("--format", "asff", "--asff-account", "999988887777", "--asff-region", "eu-central-1")
FORMATS = {
    "asff": ASFF,
    "ocsf": ("--format", "ocsf"),
    "junit": ("--format", "junit"),
    "csv": ("--format", "csv"),
}


def _check(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> str:
    run = run_cli(capsys, *args, "--fail-on", "none")
    assert run.code == 0, run.err
    return run.out


def _problems(fmt: str, text: str) -> list[str]:
    if fmt == "csv":
        csv_rows(text)
        return []
    return {"asff": asff_problems, "ocsf": ocsf_problems, "junit": junit_problems}[fmt](text)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", scenario_names())
def test_scenario_output_is_valid(name: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = scenario_check_args(name, *FORMATS[fmt])
    text = _check(capsys, args)
    assert _problems(fmt, text) == []
    expected = json.loads(_check(capsys, scenario_check_args(name, "--format", "json")))
    fingerprints = [f["fingerprint"] for f in expected["findings"]]
    if fmt == "asff":
        assert [f["Id"] for batch in json.loads(text) for f in batch] == fingerprints
    elif fmt == "ocsf":
        assert [e["finding_info"]["uid"] for e in json.loads(text)] == fingerprints
    elif fmt == "csv":
        assert [row[0] for row in csv_rows(text)[1:]] == fingerprints
    assert _check(capsys, args) == text  # the same bytes on a second run


USER = "arn:aws:identitystore:::user/90670004-0000-0000-0000-000000000004"


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seed's JSON report as the baseline, and a later seed snapshot without the user
    subscribed twice (QC501): that finding is resolved."""
    from qcheck.cli import main

    directory = tmp_path_factory.mktemp("later")
    baseline = directory / "baseline.json"
    code = main(
        [*seed_check_args("--format", "json", "--fail-on", "none"), "--output", str(baseline)]
    )
    assert code == 0
    document = json.loads((SCENARIOS / "seed" / "snapshot.json").read_text(encoding="utf-8"))
    document["nodes"] = [n for n in document["nodes"] if n["id"] != USER]
    document["edges"] = [e for e in document["edges"] if USER not in (e["source"], e["target"])]
    snapshot = directory / "snapshot.json"
    snapshot.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return baseline, snapshot


def _later(later: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *fmt: str) -> str:
    baseline, snapshot = later
    config = str(SCENARIOS / "seed" / "qcheck.yaml")
    args = ("check", str(snapshot), "--config", config, "--as-of", AS_OF, *fmt)
    return _check(capsys, (*args, "--baseline", str(baseline)))


def test_resolved_findings_in_every_format(
    later: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old = {f["fingerprint"] for f in json.loads(later[0].read_text())["findings"]}
    now = json.loads(_later(later, capsys, "--format", "json"))
    gone = old - {f["fingerprint"] for f in now["findings"]}
    assert len(gone) == 1, "the QC501 finding of the removed user is resolved"

    asff = _later(later, capsys, *ASFF)
    assert asff_problems(asff) == []
    archived = {
        f["Id"] for batch in json.loads(asff) for f in batch if f["RecordState"] == "ARCHIVED"
    }
    assert archived == gone

    ocsf = _later(later, capsys, "--format", "ocsf")
    assert ocsf_problems(ocsf) == []
    closed = {e["finding_info"]["uid"] for e in json.loads(ocsf) if e["activity_id"] == 3}
    assert closed == gone

    junit = _later(later, capsys, "--format", "junit")
    assert junit_problems(junit) == []
    (case,) = [c for c in ET.fromstring(junit).iter("testcase") if c.get("name") == USER]
    assert case.find("failure") is None and case.find("skipped") is None

    rows = csv_rows(_later(later, capsys, "--format", "csv"))
    assert {row[0] for row in rows[1:] if row[1] == "resolved"} == gone


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (("--format", "asff"), "--format asff needs --asff-account"),
        (("--format", "asff", "--asff-account", "999988887777"), "--asff-region"),
        (("--format", "asff", "--asff-account", "1", "--asff-region", "us-east-1"), "12-digit"),
        (("--format", "asff", "--asff-account", "999988887777", "--asff-region", "x"), "Region"),
        (("--format", "json", "--asff-account", "999988887777"), "go with --format asff"),
    ],
)
def test_asff_options_are_checked(
    extra: tuple[str, ...], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line_error(run_cli(capsys, *seed_check_args(*extra)), needle)
