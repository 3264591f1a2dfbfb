"""Several evidence paths and plain example lists, from a custom policy's violation through
the real embedded engine and `qcheck check` to every report format."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.harness import AS_OF, SCENARIOS, Run, run_process
from tests.sarif_tools import multitool_problems, schema_errors

SNAPSHOT = str(SCENARIOS / "seed" / "snapshot.json")
CONFIG = str(SCENARIOS / "seed" / "qcheck.yaml")
PROFILE = "arn:aws:sso::333333333333:application/ssoins-72230seed0000001/apl-alphaeu000001"
BRAVO = "arn:aws:sso::444444444444:application/ssoins-72230seed0000001/apl-bravo00000001"
INSTANCE = "arn:aws:sso:::instance/ssoins-72230seed0000001"
ACCOUNT = "arn:aws:organizations::111111111111:account/o-q3seedorg01/333333333333"

HEADER = """# METADATA
# title: {title}
# description: A test rule.
# custom:
#   id: {rule_id}
#   name: {name}
#   severity: medium
#   recommended_actions:
#     - Nothing, it is a test.
package acme.{package}

import rego.v1

pytestmark = [pytest.mark.slow]  # every format through the CLI and the multitool

"""

SEVERAL = HEADER.format(
    title="Several paths", rule_id="ACME501", name="SeveralPaths", package="several"
) + (
    "deny contains v if {\n"
    "\tsome app in input.applications\n"
    '\tapp.name == "alpha-eu"\n'
    "\tv := {\n"
    '\t\t"resource": app.arn,\n'
    '\t\t"message": "reached two ways",\n'
    '\t\t"evidence_paths": [[app.arn, app.instance_arn], [app.account_arn, app.instance_arn]],\n'
    '\t\t"examples": sort([a.arn | some a in input.accounts; not a.is_management]),\n'
    "\t}\n"
    "}\n"
)
SINGLE = HEADER.format(title="One path", rule_id="ACME502", name="OnePath", package="single") + (
    "deny contains v if {\n"
    "\tsome app in input.applications\n"
    '\tapp.name == "bravo"\n'
    '\tv := {"resource": app.arn, "message": "one path", "evidence": [app.arn, app.instance_arn]}\n'
    "}\n"
)


def qcheck(*args: str, cwd: Path | None = None) -> Run:
    return run_process(args, cwd, as_of=False)


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("policies")
    (directory / "several.rego").write_text(SEVERAL)
    (directory / "single.rego").write_text(SINGLE)
    return directory


def check(policies: Path, fmt: str) -> str:
    result = qcheck(
        "check",
        SNAPSHOT,
        "--config",
        CONFIG,
        "--policies",
        str(policies),
        "--format",
        fmt,
        "--as-of",
        AS_OF,
        "--fail-on",
        "none",
    )
    assert result.code == 0, result.err
    return result.out


def _finding(document: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in document["findings"] if f["rule_id"] == rule_id)
    return found


def test_json_lists_each_path_and_the_examples(policies: Path) -> None:
    document = json.loads(check(policies, "json"))
    several = _finding(document, "ACME501")
    assert several["evidence_path"] == []
    assert [[s["node"] for s in path] for path in several["evidence_paths"]] == [
        [PROFILE, INSTANCE],
        [ACCOUNT, INSTANCE],
    ]
    labels = [[s["label"] for s in path] for path in several["evidence_paths"]]
    assert labels[0] == [
        "Q Developer profile alpha-eu",
        "organization instance of IAM Identity Center (us-east-1)",
    ]
    assert labels[1][0] == "account alpha-dev (333333333333)"
    assert all(s["location"]["line"] for path in several["evidence_paths"] for s in path)
    examples = [s["label"] for s in several["examples"]]
    assert examples == [
        "account identity-admin (222222222222)",
        "account alpha-dev (333333333333)",
        "account bravo-dev (444444444444)",
        "account charlie-dev (555555555555)",
    ]
    # every id once, the paths' first, then the examples'
    assert several["evidence"][:3] == [PROFILE, INSTANCE, ACCOUNT]
    assert len(several["evidence"]) == len(set(several["evidence"])) == 6
    # the fingerprint is the rule and the resource, whatever the evidence
    key = f"ACME501|{PROFILE}".encode()
    assert several["fingerprint"] == hashlib.sha256(key).hexdigest()[:32]

    single = _finding(document, "ACME502")
    assert [s["node"] for s in single["evidence_path"]] == [BRAVO, INSTANCE]
    assert "evidence_paths" not in single and "examples" not in single
    assert single["evidence"] == [BRAVO, INSTANCE]


def test_text_shows_numbered_paths_and_an_example_list(policies: Path) -> None:
    out = check(policies, "text")
    block = out[out.index("ACME501") :].split("\n\n")[0]
    assert (
        "    evidence path 1: Q Developer profile alpha-eu -> "
        "organization instance of IAM Identity Center (us-east-1)\n"
    ) in block
    assert (
        "    evidence path 2: account alpha-dev (333333333333) -> "
        "organization instance of IAM Identity Center (us-east-1)\n"
    ) in block
    assert (
        "    examples: account identity-admin (222222222222), account alpha-dev (333333333333), "
        "account bravo-dev (444444444444), account charlie-dev (555555555555)"
    ) in block
    single = out[out.index("ACME502") :].split("\n\n")[0]
    assert (
        "    evidence: Q Developer profile bravo -> "
        "organization instance of IAM Identity Center (us-east-1)"
    ) in single
    assert "evidence path" not in single and "examples" not in single


def test_sarif_gives_one_code_flow_per_path_and_examples_as_related_locations(
    policies: Path, tmp_path: Path
) -> None:
    text = check(policies, "sarif")
    document = json.loads(text)
    assert schema_errors(document) == []
    results = document["runs"][0]["results"]
    several = next(r for r in results if r["ruleId"] == "ACME501")
    flows = several["codeFlows"]
    assert [flow["message"]["text"] for flow in flows] == [
        "evidence path 1 of 2",
        "evidence path 2 of 2",
    ]
    assert all(len(flow["threadFlows"]) == 1 for flow in flows)
    steps = [
        [s["location"]["message"]["text"] for s in flow["threadFlows"][0]["locations"]]
        for flow in flows
    ]
    assert steps == [
        [
            "step 1: Q Developer profile alpha-eu",
            "step 2: organization instance of IAM Identity Center (us-east-1)",
        ],
        [
            "step 1: account alpha-dev (333333333333)",
            "step 2: organization instance of IAM Identity Center (us-east-1)",
        ],
    ]
    related = several["relatedLocations"]
    assert [r["id"] for r in related] == list(range(1, len(related) + 1))
    examples = [r for r in related if r["message"]["text"].startswith("example: ")]
    assert [r["message"]["text"] for r in examples][:2] == [
        "example: account identity-admin (222222222222)",
        "example: account alpha-dev (333333333333)",
    ]
    assert len(examples) == len(several["properties"]["examples"]) == 4

    single = next(r for r in results if r["ruleId"] == "ACME502")
    assert len(single["codeFlows"]) == 1 and "message" not in single["codeFlows"][0]
    assert "examples" not in single["properties"]
    assert multitool_problems(text, tmp_path) == []


def test_markdown_still_renders_both(policies: Path) -> None:
    out = check(policies, "markdown")
    assert "`ACME501` SeveralPaths" in out and "`ACME502` OnePath" in out


@pytest.mark.parametrize(
    ("violation", "complaint"),
    [
        (
            '{"resource": "r", "message": "m", "evidence": ["a"], "evidence_paths": [["b"]]}',
            "either `evidence` (one path) or `evidence_paths` (several), not both",
        ),
        (
            '{"resource": "r", "message": "m", "evidence_paths": ["a", "b"]}',
            "`evidence_paths` must be a list of lists of ids",
        ),
        (
            '{"resource": "r", "message": "m", "examples": "a"}',
            "`examples` must be a list of ids",
        ),
    ],
)
def test_a_malformed_violation_is_one_line_naming_the_policy(
    tmp_path: Path, violation: str, complaint: str
) -> None:
    policy = tmp_path / "bad.rego"
    policy.write_text(
        HEADER.format(title="Bad", rule_id="ACME599", name="Bad", package="bad")
        + f"deny contains v if {{\n\tv := {violation}\n}}\n"
    )
    result = qcheck("check", SNAPSHOT, "--config", CONFIG, "--policies", str(tmp_path))
    assert result.code == 2
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert complaint in line and "bad.rego" in line
    assert "Traceback" not in result.err
