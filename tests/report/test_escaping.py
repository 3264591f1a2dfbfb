"""Hostile names in a snapshot reach every report as inert text.

Account, OU, user, group and application names carry HTML, Markdown link and table syntax,
terminal escape sequences (ESC and the one-byte C1 CSI), a bidi override and a newline.
`qcheck check` and `qcheck diff` run through the CLI in every format, and no raw control
character, live HTML tag, link or broken table row may come out. Every report also says
which config it used.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.harness import AS_OF, SCENARIOS, run_process
from tests.report.format_validators import (
    asff_problems,
    csv_rows,
    junit_problems,
    ocsf_problems,
)
from tests.sarif_tools import multitool_problems, schema_errors

pytestmark = [pytest.mark.slow]  # every format through real processes

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(1)><details open><summary>s</summary>"
    "\x1b[2J\x9b31m\u202egnp.exe\u202c | `tick` ](javascript:alert(1)) [x](javascript:alert(2))"
    "\nsecond line"
)
ACCOUNT = "arn:aws:organizations::111111111111:account/o-q3seedorg01/333333333333"
OU = "arn:aws:organizations::111111111111:ou/o-q3seedorg01/ou-q0rt-alpha001"
USER = "arn:aws:identitystore:::user/90670002-0000-0000-0000-000000000003"
GROUP = "arn:aws:identitystore:::group/90670001-0000-0000-0000-000000000002"
PROFILE_US = "arn:aws:sso::333333333333:application/ssoins-72230seed0000001/apl-alphaus000001"
PROFILE_EU = "arn:aws:sso::333333333333:application/ssoins-72230seed0000001/apl-alphaeu000001"

# Raw characters no report may contain: C0 controls but newline, DEL, C1 controls, bidi
# formatting characters, line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _rename(document: dict[str, Any]) -> dict[str, Any]:
    names = {
        ACCOUNT: ("name", f"acct {HOSTILE}"),
        OU: ("name", f"ou {HOSTILE.replace('/', '')}"),  # "/" separates OU path segments
        USER: ("user_name", f"user {HOSTILE}"),
        GROUP: ("display_name", f"group {HOSTILE}"),
        PROFILE_US: ("name", f"app {HOSTILE}"),
        PROFILE_EU: ("name", f"app-eu {HOSTILE}"),
    }
    for node in document["nodes"]:
        if node["id"] in names:
            key, value = names[node["id"]]
            node[key] = value
    return document


def _without(document: dict[str, Any], node_id: str) -> dict[str, Any]:
    document["nodes"] = [n for n in document["nodes"] if n["id"] != node_id]
    document["edges"] = [e for e in document["edges"] if node_id not in (e["source"], e["target"])]
    return document


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with a small qcheck.yaml: old.json is the seed without the EU profile,
    new.json the seed with hostile names (so the diff adds a hostile profile and moves an
    account into a hostile OU)."""
    directory = tmp_path_factory.mktemp("hostile")
    # Only Bravo has a zone: profiles in the (renamed) Alpha OU get findings naming them.
    (directory / "qcheck.yaml").write_text(
        "version: 1\nresidency:\n  zones:\n    US: [us-east-1]\n"
        "  placements:\n    - ou: Root/Bravo\n      zones: [US]\n"
    )
    seed = (SCENARIOS / "seed" / "snapshot.json").read_text(encoding="utf-8")
    old = _without(json.loads(seed), PROFILE_EU)
    (directory / "old.json").write_text(json.dumps(old, indent=2), encoding="utf-8")
    new = _rename(json.loads(seed))
    (directory / "new.json").write_text(json.dumps(new, indent=2), encoding="utf-8")
    return directory


def qcheck(cwd: Path, *args: str) -> str:
    options = ["--as-of", AS_OF, "--fail-on", "none"]
    if (cwd / "qcheck.yaml").exists():
        options += ["--config", "qcheck.yaml"]
    run = run_process([*args, *options], cwd, as_of=False)
    assert run.code == 0, run.err
    return run.out


def _assert_no_raw_controls(out: str) -> None:
    found = UNSAFE.search(out)
    assert found is None, (
        f"raw {found.group()!r} at {out[max(found.start() - 40, 0) : found.end() + 10]!r}"
    )


def _assert_inert_markdown(out: str) -> None:
    _assert_no_raw_controls(out)
    assert "\\\\x1b\\[2J" in out  # shown, escaped for Markdown
    prose = re.sub(r"(`+).+?\1", "", out)  # code spans are literal text
    assert "<" not in prose.replace("<br>", ""), "live HTML"
    assert re.search(r"(?<!\\)\]\(", prose) is None, "a link formed"
    header_cells = 0
    for line in out.splitlines():
        if not line.startswith("|"):
            header_cells = 0
            continue
        cells = len(re.split(r"(?<!\\)\|", line))
        header_cells = header_cells or cells
        assert cells == header_cells, f"table row broken: {line}"


def _assert_inert_text(out: str) -> None:
    _assert_no_raw_controls(out)
    assert "\\x1b[2J\\x9b31m\\u202egnp.exe\\u202c" in out
    assert not any(line.startswith("second line") for line in out.splitlines())


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _assert_inert_json(out: str) -> Any:
    _assert_no_raw_controls(out)
    document = json.loads(out)
    # the names are kept whole, only written as escapes
    assert any(HOSTILE.splitlines()[0] in s for s in _strings(document))
    return document


def test_check_text(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "text")
    assert "app \\x3c" not in out  # text is not HTML-escaped, only made printable
    assert "user user <script>" in out
    _assert_inert_text(out)


def test_check_markdown(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "markdown")
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    _assert_inert_markdown(out)


def test_check_json(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "json")
    assert "\\u009b31m\\u202egnp" in out
    _assert_inert_json(out)


def test_check_sarif(scenario: Path, tmp_path: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "sarif")
    document = _assert_inert_json(out)
    assert schema_errors(document) == []
    assert multitool_problems(out, tmp_path) == []


ASFF_TARGET = ("--asff-account", "999988887777", "--asff-region", "eu-central-1")


def test_check_asff(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "asff", *ASFF_TARGET)
    _assert_inert_json(out)
    assert asff_problems(out) == []


def test_check_ocsf(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "ocsf")
    _assert_inert_json(out)
    assert ocsf_problems(out) == []


def test_check_junit(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "junit")
    _assert_no_raw_controls(out)
    assert junit_problems(out) == []
    texts = [
        value
        for element in ET.fromstring(out).iter()
        for value in (element.text or "", *element.attrib.values())
    ]
    # parsed back, the names are text: the markup and escapes are there, inert
    assert any("<script>alert(1)</script>" in t and "\\x1b[2J" in t for t in texts)


def test_check_csv(scenario: Path) -> None:
    out = qcheck(scenario, "check", "new.json", "--format", "csv")
    _assert_no_raw_controls(out.replace("\r\n", "\n"))
    cells = [cell for row in csv_rows(out) for cell in row]
    assert any("\\x1b[2J" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_diff_text(scenario: Path) -> None:
    out = qcheck(scenario, "diff", "old.json", "new.json", "--format", "text")
    assert "application added" in out and "account moved" in out
    assert "Findings appeared (2)" in out
    _assert_inert_text(out)


def test_diff_markdown(scenario: Path) -> None:
    out = qcheck(scenario, "diff", "old.json", "new.json", "--format", "markdown")
    assert "application added" in out and "&lt;details open&gt;" in out
    _assert_inert_markdown(out)


def test_diff_json(scenario: Path) -> None:
    out = qcheck(scenario, "diff", "old.json", "new.json", "--format", "json")
    document = _assert_inert_json(out)
    assert document["config"] == "qcheck.yaml"


# ---------------------------------------------------------------------------------------
# Which config was used, in every report

SEED = str(SCENARIOS / "seed" / "snapshot.json")
SEED_CONFIG = str(SCENARIOS / "seed" / "qcheck.yaml")


def _config_said(fmt: str, out: str) -> str | None:
    if fmt == "text":
        (line,) = [line for line in out.splitlines() if line.startswith("Config: ")]
        return line.removeprefix("Config: ")
    if fmt == "markdown":
        found = re.search(r"; config (`[^`]+`|none)[;.]", out)
        assert found is not None
        return found.group(1).strip("`")
    document = json.loads(out)
    if fmt == "sarif":
        config: str | None = document["runs"][0]["properties"]["config"]
        return config
    if "inputs" in document:
        return document["inputs"]["config"]  # type: ignore[no-any-return]
    return document["config"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "sarif"])
def test_check_says_which_config(fmt: str, tmp_path: Path) -> None:
    used = qcheck(tmp_path, "check", SEED, "--config", SEED_CONFIG, "--format", fmt)
    assert _config_said(fmt, used) in (SEED_CONFIG, "fixtures/scenarios/seed/qcheck.yaml")
    unused = qcheck(tmp_path, "check", SEED, "--format", fmt)
    assert _config_said(fmt, unused) in ("none", None)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_says_which_config(fmt: str, tmp_path: Path) -> None:
    used = qcheck(tmp_path, "diff", SEED, SEED, "--config", SEED_CONFIG, "--format", fmt)
    assert _config_said(fmt, used) == SEED_CONFIG
    unused = qcheck(tmp_path, "diff", SEED, SEED, "--format", fmt)
    assert _config_said(fmt, unused) in ("none", None)
