"""The HTML report in a real browser: headless Chromium (Debian's `chromium` and
`chromium-driver`, driven by Selenium; .ci/run installs them). The page must draw the
seed organization, highlight a chosen finding's evidence path, filter, search, log no
script error, and show hostile names as text.

Expectations are read from the inputs (the snapshot) and from `qcheck check --format
json` on the same inputs, never written out by hand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures.browser import browser_paths, chromium
from qcheck.report.escape import controls
from tests.harness import AS_OF, SEED, run_process, scenario_check_args, scenario_names
from tests.report.test_escaping import ACCOUNT, GROUP, HOSTILE, OU, PROFILE_US, USER

pytestmark = [pytest.mark.slow]

SNAPSHOT, CONFIG = SEED / "snapshot.json", SEED / "qcheck.yaml"
HOSTILE_NAMES = {
    ACCOUNT: ("name", f"acct {HOSTILE}"),
    OU: ("name", f"ou {HOSTILE.replace('/', '')}"),
    USER: ("user_name", f"user {HOSTILE}"),
    GROUP: ("display_name", f"group {HOSTILE}"),
    PROFILE_US: ("name", f"app {HOSTILE}"),
}


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if browser_paths() is None:
        message = "Chromium and chromedriver are needed: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with chromium() as session:
        yield session


def _report(directory: Path, snapshot: Path, config: Path, *extra: str) -> Path:
    output = directory / "report.html"
    run = run_process(
        [
            "report",
            str(snapshot),
            "--config",
            str(config),
            "--as-of",
            AS_OF,
            "--output",
            str(output),
            *extra,
        ],
        directory,
    )
    assert run.code == 0, run.err
    return output


def _findings(snapshot: Path, config: Path, directory: Path) -> list[dict[str, Any]]:
    run = run_process(
        ["check", str(snapshot), "--config", str(config), "--format", "json", "--fail-on", "none"],
        directory,
    )
    assert run.code == 0, run.err
    findings: list[dict[str, Any]] = json.loads(run.out)["findings"]
    return findings


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    directory = tmp_path_factory.mktemp("seed-html")
    return _report(directory, SNAPSHOT, CONFIG), _findings(SNAPSHOT, CONFIG, directory)


def _open(driver: Any, page: Path) -> None:
    driver.get_log("browser")  # forget what an earlier page logged
    driver.get(page.resolve().as_uri())
    assert driver.execute_script("return document.documentElement.dataset.renderMs") is not None


def _errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _expand_all(driver: Any) -> None:
    driver.execute_script(
        "for (var b; (b = Array.from(document.querySelectorAll('#tree .toggle'))"
        ".find(function (t) { return t.textContent === '▸'; })); ) b.click();"
    )


def _drawn(driver: Any, selector: str = "#tree .row") -> list[tuple[str, str]]:
    """(node id, name shown) of the drawn rows matching `selector`."""
    rows: list[list[str]] = driver.execute_script(
        "var nodes = JSON.parse(document.getElementById('qcheck-data').textContent).nodes;"
        f"return Array.from(document.querySelectorAll({json.dumps(selector)}))"
        ".map(function (r) { return [nodes[+r.dataset.node][0],"
        " r.querySelector('.name').textContent]; });"
    )
    return [(node, name) for node, name in rows]


def _table_rules(driver: Any) -> list[str]:
    rows: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('#findings-table tbody tr[data-finding]'))"
        ".map(function (r) { return r.cells[1].textContent; });"
    )
    return rows


def test_the_drawing_shows_the_seed_organization(driver: Any, seed: tuple[Path, Any]) -> None:
    _open(driver, seed[0])
    _expand_all(driver)
    drawn = dict(_drawn(driver))
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for node in snapshot["nodes"]:
        if node["kind"] in ("root", "ou", "account"):
            assert drawn.get(node["id"]) == node["name"], node["id"]
        if node["kind"] in ("idc_instance", "application"):
            assert node["id"] in drawn, node["id"]
    assert _errors(driver) == []


def test_choosing_a_finding_highlights_its_evidence_path(
    driver: Any, seed: tuple[Path, list[dict[str, Any]]]
) -> None:
    page, findings = seed
    _open(driver, page)
    drawable = {node for node, _ in _all_nodes(driver)}
    for index, finding in enumerate(findings):
        driver.execute_script(
            f"document.querySelector('#findings-table tr[data-finding=\"{index}\"]').click()"
        )
        on_path = {node for node, _ in _drawn(driver, "#tree .row.on-path")}
        steps = finding.get("evidence_paths") or [finding["evidence_path"]]
        path_nodes = {step["node"] for path in steps for step in path}
        expected = (path_nodes | {finding["resource"]}) & drawable
        assert expected <= on_path, finding["rule_id"]
        assert finding["account_id"] is None or any(
            node.endswith("/" + finding["account_id"]) for node in on_path
        )
        detail = driver.find_element("id", "detail").text
        assert finding["message"] in detail
        assert str(finding["location"]["line"]) in detail
        for related in finding["related"]:
            assert f"{related['path']}:{related['line']}" in detail
        strip = driver.find_element("id", "pathstrip").text
        assert all(step["label"] in strip for step in steps[0])
    assert _errors(driver) == []


def _all_nodes(driver: Any) -> list[tuple[str, str]]:
    nodes: list[list[str]] = driver.execute_script(
        "return JSON.parse(document.getElementById('qcheck-data').textContent).nodes"
        ".map(function (n) { return [n[0], n[1]]; });"
    )
    return [(node, kind) for node, kind in nodes]


def _select(driver: Any, label: str, value: str) -> None:
    driver.execute_script(
        f"var s = document.querySelector('select[aria-label={json.dumps(label)}]');"
        f"s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
    )


def test_filters_keep_only_what_they_name(
    driver: Any, seed: tuple[Path, list[dict[str, Any]]]
) -> None:
    page, findings = seed
    _open(driver, page)
    assert _table_rules(driver) == [f["rule_id"] for f in findings]
    for severity in ("high", "medium"):
        _select(driver, "severity", severity)
        assert _table_rules(driver) == [f["rule_id"] for f in findings if f["severity"] == severity]
    _select(driver, "severity", "")
    rule = findings[-1]["rule_id"]
    _select(driver, "rule", rule)
    assert _table_rules(driver) == [f["rule_id"] for f in findings if f["rule_id"] == rule]
    _select(driver, "rule", "")
    account = findings[0]["account_id"]
    _select(driver, "account", account)
    assert _table_rules(driver) == [f["rule_id"] for f in findings if f["account_id"] == account]
    _select(driver, "account", "")
    _select(driver, "waivers", "waived")
    assert _table_rules(driver) == [f["rule_id"] for f in findings if f["waived"]]
    _select(driver, "waivers", "")

    # The Region filter leaves the boxes in that Region and the tree above them.
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    profiles = {n["id"]: n["name"] for n in snapshot["nodes"] if n["kind"] == "application"}
    _select(driver, "Region", "eu-central-1")
    kinds = dict(_all_nodes(driver))
    shown = [node for node, _ in _drawn(driver)]
    shown_apps = [node for node in shown if kinds[node] == "application"]
    assert shown_apps and all(node in profiles for node in shown_apps)
    regions: list[list[str]] = driver.execute_script(
        "return Array.from(document.querySelectorAll('#tree .row'))"
        ".filter(function (r) { return r.querySelector('.k-application'); })"
        ".map(function (r) { return Array.from(r.querySelectorAll('.region'))"
        ".map(function (x) { return x.textContent; }); });"
    )
    assert regions and all(r == ["eu-central-1"] for r in regions)
    _select(driver, "Region", "")
    assert _errors(driver) == []


def test_search_finds_an_account_by_id_and_a_person(
    driver: Any, seed: tuple[Path, list[dict[str, Any]]]
) -> None:
    page, findings = seed
    _open(driver, page)
    box = driver.find_element("css selector", "#org input[type=search]")
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    account = next(
        n for n in snapshot["nodes"] if n["kind"] == "account" and n["name"] != "management"
    )
    box.send_keys(account["account_id"])
    driver.find_element("css selector", "#search-results button").click()
    assert _drawn(driver, "#tree .row.hit") == [(account["id"], account["name"])]
    person = next(f for f in findings if f["rule_id"] == "QC501")["message"].split(" ")[0]
    box.clear()
    box.send_keys(person)
    results = driver.find_element("id", "search-results").text
    assert f"person {person}" in results
    assert _errors(driver) == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile-html")
    config = directory / "qcheck.yaml"
    config.write_text(
        "version: 1\nresidency:\n  zones:\n    US: [us-east-1]\n"
        "  placements:\n    - ou: Root/Bravo\n      zones: [US]\n",
        encoding="utf-8",
    )
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for node in document["nodes"]:
        if node["id"] in HOSTILE_NAMES:
            key, value = HOSTILE_NAMES[node["id"]]
            node[key] = value
    snapshot = directory / "snapshot.json"
    snapshot.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return _report(directory, snapshot, config)


def test_hostile_names_render_as_text(driver: Any, hostile: Path) -> None:
    _open(driver, hostile)
    _expand_all(driver)
    names = {name for _, name in _drawn(driver)}
    for node_id in (ACCOUNT, OU, PROFILE_US):
        assert controls(HOSTILE_NAMES[node_id][1]) in names
    # Choose every finding: messages and evidence naming the user and group show too.
    count = driver.execute_script(
        "return document.querySelectorAll('#findings-table tr[data-finding]').length"
    )
    shown = []
    for index in range(count):
        driver.execute_script(
            f"document.querySelector('#findings-table tr[data-finding=\"{index}\"]').click()"
        )
        shown.append(driver.find_element("id", "detail").text)
    assert any("<script>alert(1)</script>" in text for text in shown)
    # No name became markup: the page has only its own elements and its two scripts.
    tags: dict[str, int] = driver.execute_script(
        "var c = {}; document.querySelectorAll('*').forEach(function (e) {"
        " c[e.tagName.toLowerCase()] = (c[e.tagName.toLowerCase()] || 0) + 1; }); return c;"
    )
    assert tags["script"] == 2
    assert not {"img", "details", "summary", "iframe"} & tags.keys()
    raw = driver.execute_script("return document.body.innerText")
    assert "\x1b" not in raw and "\u202e" not in raw and "\\x1b[2J" in raw
    assert _errors(driver) == []


@pytest.mark.parametrize("name", scenario_names())
def test_every_scenario_renders_without_a_script_error(
    driver: Any, name: str, tmp_path: Path
) -> None:
    output = tmp_path / "report.html"
    args = scenario_check_args(name, "--format", "html", "--output", str(output))
    run = run_process(args, tmp_path)
    assert run.code in (0, 1), run.err
    _open(driver, output)
    findings = driver.execute_script(
        "return document.querySelectorAll('#findings-table tr[data-finding]').length"
    )
    for index in range(min(findings, 20)):  # choosing each finding must work too
        driver.execute_script(
            f"document.querySelector('#findings-table tr[data-finding=\"{index}\"]').click()"
        )
    assert _errors(driver) == []


def test_what_could_not_be_judged_is_listed_with_why(driver: Any, tmp_path: Path) -> None:
    dump = tmp_path / "input.json"
    output = tmp_path / "report.html"
    args = scenario_check_args("gaps-become-facts", "--format", "html", "--output", str(output))
    run = run_process([*args, "--dump-input", str(dump)], tmp_path)
    assert run.code in (0, 1), run.err
    document = json.loads(dump.read_text(encoding="utf-8"))
    expected = [u["message"] for u in document["unknowns"]] + [
        f"{g['error_code']}: {g['message']}" for g in document["gaps"]
    ]
    assert expected
    _open(driver, output)
    shown: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('#unknowns tbody tr'))"
        ".map(function (r) { return r.cells[2].textContent; });"
    )
    assert sorted(shown) == sorted(controls(m) for m in expected)
    assert _errors(driver) == []


def test_a_baseline_shows_new_known_and_resolved(
    driver: Any, seed: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    _, findings = seed
    run = run_process(
        ["check", str(SNAPSHOT), "--config", str(CONFIG), "--format", "json", "--fail-on", "none"],
        tmp_path,
    )
    previous = json.loads(run.out)
    gone = {
        **findings[0],
        "resource": "arn:aws:sso:::instance/ssoins-resolved",
        "fingerprint": "e" * 32,
    }
    previous["findings"] = [*previous["findings"][1:], gone]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(previous), encoding="utf-8")
    page = _report(tmp_path, SNAPSHOT, CONFIG, "--baseline", str(baseline))
    _open(driver, page)
    _select(driver, "baseline", "new")
    assert _table_rules(driver) == [findings[0]["rule_id"]]
    _select(driver, "baseline", "known")
    assert _table_rules(driver) == [f["rule_id"] for f in findings[1:]]
    summary = driver.find_element("id", "summary-baseline").text
    assert gone["message"] in summary
    assert _errors(driver) == []


def test_rules_left_out_by_filters_are_shown(driver: Any, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    args = ["check", str(SNAPSHOT), "--config", str(CONFIG), "--format", "html"]
    run = run_process(
        [*args, "--output", str(output), "--skip-rule", "QC301", "--fail-on", "none"], tmp_path
    )
    assert run.code == 0, run.err
    _open(driver, output)
    shown = driver.find_element("id", "summary-filtered").text
    assert "Rules not evaluated" in shown
    assert "QC301" in shown and "skipped (skip rule)" in shown
    assert "QC301" not in _table_rules(driver)
    assert _errors(driver) == []
