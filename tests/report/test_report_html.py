"""The HTML report as bytes: self-contained, deterministic, its data island inert, its
Content-Security-Policy naming exactly the inline script and style it carries. What the
page shows is tested in a real browser (test_report_html_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qcheck.cli import main
from qcheck.report import escape
from qcheck.report.html import DATA_ID
from tests.harness import AS_OF, SEED, Run, assert_one_line_error, run_cli

SNAPSHOT, CONFIG = str(SEED / "snapshot.json"), str(SEED / "qcheck.yaml")
ISLAND = re.compile(
    rf'<script type="application/json" id="{DATA_ID}">(?P<data>.*?)</script>', re.DOTALL
)


class _Elements(HTMLParser):
    """Every element, its attributes and the text of each script and style element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.texts else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[self._open].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _report(directory: Path, *extra: str) -> str:
    output = directory / "report.html"
    argv = ["report", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--output", str(output)]
    assert main([*argv, *extra]) == 0
    return output.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _report(tmp_path_factory.mktemp("seed"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_same_input_gives_the_same_bytes_and_check_format_html_is_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_page: str
) -> None:
    first = seed_page
    assert _report(tmp_path) == first
    run = run_cli(
        capsys, "check", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--format", "html"
    )
    assert run.code == 1  # check gates as it does in every format; report does not
    assert run.out == first


def test_the_policy_allows_no_network_and_only_the_inline_code_it_hashes(seed_page: str) -> None:
    page = seed_page
    parser = _Elements()
    parser.feed(page)
    metas = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv")]
    policy = dict(
        part.strip().split(" ", 1)
        for part in (metas[0]["content"] or "").split(";")
        if part.strip()
    )
    assert policy["default-src"] == "'none'"
    code = [t for t, a in parser.tags if t == "script" and a.get("type") != "application/json"]
    assert len(code) == 1
    script, style = parser.texts["script"][-1], "".join(parser.texts["style"])
    assert policy["script-src"] == _sha256(script)
    assert policy["style-src"] == _sha256(style)
    # Nothing is fetched: no element names a source, a stylesheet or a frame.
    for tag, attributes in parser.tags:
        assert not {"src", "href", "srcset", "data", "action"} & attributes.keys(), tag
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")


def test_the_data_island_cannot_be_broken_out_of() -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 </SCRIPT> \x1b[2J \u202e"
    text = escape.script_json({"name": hostile, "list": [hostile]})
    for needle in ("<", ">", "\u2028", "\u2029", "\x1b", "\u202e"):
        assert needle not in text
    assert json.loads(text) == {"name": hostile, "list": [hostile]}


def test_the_island_holds_the_seed_organization_and_its_findings(
    capsys: pytest.CaptureFixture[str], seed_page: str
) -> None:
    page = seed_page
    match = ISLAND.search(page)
    assert match is not None
    data = json.loads(match.group("data"))
    run = run_cli(
        capsys, "check", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--format", "json"
    )
    expected = json.loads(run.out)
    assert [f["rule"] for f in data["findings"]] == [f["rule_id"] for f in expected["findings"]]
    snapshot = json.loads(Path(SNAPSHOT).read_text(encoding="utf-8"))
    drawn = {(node[0], node[1]) for node in data["nodes"]}
    for node in snapshot["nodes"]:
        if node["kind"] in ("ou", "account", "root"):
            assert (node["id"], node["kind"]) in drawn
        if node["kind"] == "idc_instance":
            assert (node["id"], "instance") in drawn
        if node["kind"] == "application":
            assert (node["id"], "application") in drawn
    # Each node's parent comes first, so the page can fold counts upwards in one pass.
    assert all(node[3] < index for index, node in enumerate(data["nodes"]))


def test_a_baseline_gives_what_is_new_and_what_was_resolved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = run_cli(
        capsys, "check", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--format", "json"
    )
    previous = json.loads(run.out)
    gone = previous["findings"][0]
    previous["findings"] = [
        *previous["findings"][1:],
        {**gone, "resource": "arn:aws:sso:::instance/ssoins-gone", "fingerprint": "f" * 32},
    ]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(previous), encoding="utf-8")
    match = ISLAND.search(_report(tmp_path, "--baseline", str(baseline)))
    assert match is not None
    data = json.loads(match.group("data"))
    assert [f["new"] for f in data["findings"]].count(True) == 1
    assert [r[2] for r in data["resolved"]] == ["arn:aws:sso:::instance/ssoins-gone"]


def test_rules_left_out_by_filters_are_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ("check", SNAPSHOT, "--config", CONFIG, "--as-of", AS_OF, "--format", "html")
    run = run_cli(capsys, *argv, "--skip-rule", "QC301")
    match = ISLAND.search(run.out)
    assert match is not None
    data = json.loads(match.group("data"))
    assert data["filtered"] == [
        ["QC301", "AccountInstanceWithoutJustification", "skipped (skip rule)"]
    ]
    assert all(f["rule"] != "QC301" for f in data["findings"])
    unfiltered = ISLAND.search(run_cli(capsys, *argv).out)
    assert unfiltered is not None and json.loads(unfiltered.group("data"))["filtered"] == []


def test_report_needs_an_output_and_names_a_missing_snapshot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = run_cli_exit(capsys, "report", SNAPSHOT, "--config", CONFIG)
    assert_one_line_error(run, "--output")
    missing = str(tmp_path / "missing.json")
    run = run_cli_exit(capsys, "report", missing, "--output", str(tmp_path / "r.html"))
    assert_one_line_error(run, missing)
    assert not (tmp_path / "r.html").exists()


def run_cli_exit(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """run_cli, for arguments argparse refuses (it exits rather than returns)."""
    try:
        return run_cli(capsys, *argv)
    except SystemExit as stop:
        captured = capsys.readouterr()
        return Run(int(stop.code or 0), captured.out, captured.err)
