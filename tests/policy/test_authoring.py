"""Writing, testing, documenting and shipping policies: custom policy directories through
the CLI, `qcheck policy test` (pass/fail, summary, exit code, coverage), METADATA errors,
`qcheck policy doc` (the committed docs/rules.md must not drift) and `qcheck policy bundle`
(loaded into real OPA and evaluated)."""

from __future__ import annotations

import json
import tarfile
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from qcheck.engine.embedded import EmbeddedEngine
from qcheck.errors import InputError
from qcheck.policy.bundle import build_bundle, bundle_roots
from qcheck.policy.catalog import load_catalog
from qcheck.report.policy_tests import line_ranges
from qcheck.report.rules import render_rule_reference
from tests.conformance.support import CUSTOM_RULE, write_custom_policies
from tests.harness import AS_OF, REPO, SCENARIOS, SEED, run_cli
from tests.opa_go import OpaGoEngine
from tests.policy.test_catalog import GOOD, write_policy

# -- a user policy directory, end to end ---------------------------------------------


def test_user_policy_directory_tests_and_checks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    code, out, err = run_cli(capsys, "policy", "test", str(directory))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].endswith("unnamed_profile_test.rego:")
    assert "data.acme.unnamed_profile_test.test_short_name_is_reported: PASS" in lines
    assert "data.acme.unnamed_profile_test.test_other_applications_are_ignored: PASS" in lines
    assert lines[-2:] == ["PASS: 2/2", "2 passed, 0 failed"]

    code, out, err = run_cli(
        capsys,
        *("check", str(SEED / "snapshot.json"), "--config", str(SEED / "qcheck.yaml")),
        *("--as-of", AS_OF, "--policies", str(directory), "--format", "json"),
    )
    assert (code, err) == (1, "")
    findings = json.loads(out)["findings"]
    custom = [f for f in findings if f["rule_id"] == "ACME001"]
    assert custom and all("has a short name" in f["message"] for f in custom)
    assert any(f["rule_id"].startswith("QC") for f in findings)  # built-ins still run

    code, out, _ = run_cli(capsys, "policy", "list", "--policies", str(directory))
    assert code == 0 and "ACME001  low" in out and "unnamed_profile.rego" in out


def test_failing_policy_test_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    test = directory / "unnamed_profile_test.rego"
    test.write_text(
        test.read_text().replace(
            "count(unnamed_profile.deny) == 1", "count(unnamed_profile.deny) == 2"
        )
    )
    code, out, _ = run_cli(capsys, "policy", "test", str(directory))
    assert code == 1
    assert "data.acme.unnamed_profile_test.test_short_name_is_reported: FAIL" in out
    assert out.splitlines()[-3:] == ["PASS: 1/2", "FAIL: 1/2", "1 passed, 1 failed"]


def test_erroring_policy_test_is_reported_as_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_policy(tmp_path, GOOD)
    write_policy(
        tmp_path,
        "package acme.every_application_test\n\nimport rego.v1\n\ntest_div if {\n\tx := 1 / 0\n\tx == 1\n}\n",
        "rule_test.rego",
    )
    code, out, _ = run_cli(capsys, "policy", "test", str(tmp_path))
    assert code == 1
    assert "data.acme.every_application_test.test_div: FAIL" in out or ": ERROR" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed"


def test_directory_without_tests_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_policy(tmp_path, GOOD)
    code, out, _ = run_cli(capsys, "policy", "test", str(tmp_path))
    assert code == 1
    assert "no tests found" in out and out.splitlines()[-1] == "0 passed, 0 failed"


def test_coverage_reports_uncovered_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    test = directory / "unnamed_profile_test.rego"
    # keep only the test that never reaches the violation's body
    text = test.read_text()
    test.write_text(
        text[: text.index("test_short_name_is_reported")]
        + text[text.index("test_other_applications_are_ignored") :]
    )
    code, out, _ = run_cli(capsys, "policy", "test", "--coverage", str(directory))
    assert code == 0
    rule_line = next(
        line
        for line in out.splitlines()
        if line.strip().endswith("unnamed_profile.rego")
        or "unnamed_profile.rego  not covered" in line
    )
    lines = CUSTOM_RULE.splitlines()
    violation = 1 + next(i for i, line in enumerate(lines) if "count(app.name) < 40" in line)
    assert "not covered:" in rule_line and str(violation) in rule_line.split("not covered:")[1]
    assert "%" in rule_line and "total (" in out


def test_builtin_policies_are_fully_covered(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "policy", "test", "--coverage")
    assert code == 0
    assert "not covered" not in out, out
    assert out.splitlines()[-1].endswith(" passed, 0 failed")


def test_line_ranges() -> None:
    assert line_ranges([10, 3, 5, 6, 7]) == "3, 5-7, 10"
    assert line_ranges([]) == ""


# -- METADATA: published schema, precise errors --------------------------------------


def test_metadata_schema_is_published_and_valid() -> None:
    text = resources.files("qcheck.schemas").joinpath("policy-metadata-v1.json").read_text()
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["custom"]["properties"]["severity"]["enum"] == [
        "critical",
        "high",
        "medium",
        "low",
    ]
    assert "qcheck/schemas/policy-metadata-v1.json" in (REPO / "README.md").read_text()


@pytest.mark.parametrize(
    ("change", "line", "needle"),
    [
        (("# title: Example custom rule\n", ""), 1, "METADATA: 'title' is a required property"),
        (("#   name: EveryApplication\n", ""), 4, "METADATA custom: 'name' is a required property"),
        (("severity: low", "severity: urgent"), 7, "custom.severity: 'urgent' is not one of"),
        (("id: ACME001", "id: acme-1"), 5, "e.g. QC101; no slash"),
        (("# custom:", "# colour: red\n# custom:"), 4, "('colour' was unexpected)"),
        (
            ("# custom:", "# related_resources:\n#   - ref: ftp://example.com\n# custom:"),
            5,
            "related_resources.0.ref: 'ftp://example.com' does not match",
        ),
        (("id: ACME001", "id: QC101"), 10, "rule id QC101 is already used by"),
        (
            ("package acme.every_application", "package qcheck.residency.profile_outside_zone"),
            10,
            "is also defined in",
        ),
    ],
)
def test_broken_metadata_names_file_and_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: tuple[str, str],
    line: int,
    needle: str,
) -> None:
    assert change[0] in GOOD
    path = write_policy(tmp_path, GOOD.replace(*change))
    with pytest.raises(InputError) as caught:
        load_catalog([tmp_path])
    assert caught.value.line == line, caught.value
    assert needle in str(caught.value)
    code, _, err = run_cli(capsys, "policy", "list", "--policies", str(tmp_path))
    assert code == 2 and err.count("\n") == 1
    assert f"{path.name}:{line}: " in err and needle in err


# -- qcheck policy doc ---------------------------------------------------------------


def test_committed_rule_reference_is_up_to_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run_cli(capsys, "policy", "doc")
    assert code == 0
    committed = (REPO / "docs" / "rules.md").read_text()
    assert out == committed, (
        "docs/rules.md is stale: run `qcheck policy doc --output docs/rules.md`"
    )
    assert run_cli(capsys, "policy", "doc", "--output", str(tmp_path / "rules.md")).code == 0
    assert (tmp_path / "rules.md").read_text() == committed


def test_rule_reference_has_a_section_per_rule() -> None:
    catalog = load_catalog()
    text = render_rule_reference(catalog)
    for rule in catalog.rules:
        section = text.split(f"\n## {rule.id} {rule.name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"**{rule.title}**" in section
        assert f"| severity | {rule.severity.value} |" in section
        assert rule.description in section
        assert all(f"- {action}" in section for action in rule.recommended_actions)
        assert all(f"]({ref.url})" in section for ref in rule.references)
        assert "| policy | `policies/qcheck/" in section


def test_rule_reference_includes_custom_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    code, out, _ = run_cli(capsys, "policy", "doc", "--policies", str(directory))
    assert code == 0 and "## ACME001 UnnamedProfile" in out and "unnamed_profile.rego`" in out


# -- qcheck policy bundle ------------------------------------------------------------


def read_bundle(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {
            member.name: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
        }


def test_bundle_contents(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "out" / "qcheck-bundle.tar.gz"
    code, out, _ = run_cli(capsys, "policy", "bundle", "--output", str(output))
    rules = len([p for p in load_catalog().policies if not p.is_test])
    assert code == 0 and f"{rules} policies" in out
    files = read_bundle(output)
    manifest = json.loads(files[".manifest"])
    assert manifest["roots"] == ["qcheck"]
    assert manifest["revision"] and manifest["revision"] in out
    rego = sorted(name for name in files if name.endswith(".rego"))
    assert len(rego) == rules and not any(name.endswith("_test.rego") for name in rego)
    assert "qcheck/residency/profile_outside_zone/profile_outside_zone.rego" in rego
    catalog = json.loads(files["qcheck/catalog/data.json"])
    assert catalog["rules"]["QC501"]["query"] == (
        "data.qcheck.subscriptions.duplicate_subscription_across_instances.deny"
    )
    assert list(tmp_path.joinpath("out").iterdir()) == [output]  # no temporary file left
    assert build_bundle(load_catalog()).data == output.read_bytes()  # deterministic


def test_bundle_roots_cover_custom_packages(tmp_path: Path) -> None:
    catalog = load_catalog([write_custom_policies(tmp_path / "acme")])
    bundle = build_bundle(catalog)
    assert bundle.roots == ("acme/unnamed_profile", "qcheck")
    assert "acme/unnamed_profile/unnamed_profile.rego" in bundle.policies
    assert bundle_roots(["a.b", "a.b.c", "qcheck.x"]) == ("a/b", "qcheck")


@pytest.mark.slow  # real OPA loads the bundle
def test_bundle_evaluates_on_real_opa(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Load the bundle into real OPA the way a bundle service would hand it over (policies
    plus data at the data.json's directory), check its roots as OPA does, then query each
    rule listed in data.qcheck.catalog with the `--dump-input` document."""
    directory = write_custom_policies(tmp_path / "acme")
    output, dumped = tmp_path / "bundle.tar.gz", tmp_path / "input.json"
    assert (
        run_cli(
            capsys, "policy", "bundle", "--policies", str(directory), "--output", str(output)
        ).code
        == 0
    )
    messy = SCENARIOS / "messy"
    code, _, _ = run_cli(
        capsys,
        *("check", str(messy / "snapshot.json"), "--config", str(messy / "qcheck.yaml")),
        *("--as-of", AS_OF, "--policies", str(directory), "--dump-input", str(dumped)),
    )
    assert code == 1
    document = json.loads(dumped.read_text())

    files = read_bundle(output)
    roots = json.loads(files[".manifest"])["roots"]
    engine = OpaGoEngine()
    try:
        from qcheck.policy.catalog import PolicyFile

        policies = []
        for name, content in sorted(files.items()):
            if name.endswith(".rego"):
                text = content.decode()
                package = text.split("\npackage ", 1)[1].split("\n", 1)[0].strip()
                assert any((package.replace(".", "/") + "/").startswith(r + "/") for r in roots)
                policies.append(PolicyFile(name, text, package))
        data: dict[str, object] = {}
        for name, content in files.items():
            if name.endswith("data.json"):
                *parts, _ = name.split("/")
                assert any("/".join(parts).startswith(r) for r in roots)
                node = data
                for part in parts[:-1]:
                    node = node.setdefault(part, {})  # type: ignore[assignment]
                node[parts[-1]] = json.loads(content)
        engine.load(policies, data)
        listed = engine.evaluate("qcheck.catalog.rules", None, str(output))
        assert set(listed) == load_catalog([directory]).rule_ids
        embedded = EmbeddedEngine()
        catalog = load_catalog([directory])
        embedded.load([p for p in catalog.policies if not p.is_test])
        expected = embedded.deny(catalog.rules, document)
        by_package = {r.package: r for r in catalog.rules}
        for rule_id, entry in listed.items():
            query = entry["query"]
            got = engine.evaluate(query.removeprefix("data."), document, str(output))
            want = expected[query.removeprefix("data.").removesuffix(".deny")]
            assert sorted(map(json.dumps, got)) == sorted(map(json.dumps, want)), rule_id
            assert by_package[entry["package"]].id == rule_id
        assert any(expected.values())
    finally:
        engine.close()


def test_bundle_keeps_same_named_files_apart(tmp_path: Path) -> None:
    for name, package in (("a", "acme.one"), ("b", "acme.two")):
        text = GOOD.replace("package acme.every_application", f"package {package}")
        text = text.replace("id: ACME001", f"id: ACME00{1 if name == 'a' else 2}")
        write_policy(tmp_path / name, text, "rule.rego")
    bundle = build_bundle(load_catalog([tmp_path / "a", tmp_path / "b"]))
    assert {"acme/one/rule.rego", "acme/two/rule.rego"} <= set(bundle.policies)
    assert bundle.roots == ("acme/one", "acme/two", "qcheck")
