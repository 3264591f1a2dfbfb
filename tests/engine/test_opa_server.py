"""`qcheck check --engine opa`: over real HTTP (loopback only) against a server that speaks
OPA's REST API and evaluates with real OPA (tests/opa_rest_server.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from qcheck.engine.opa_server import GATHER_ID, OpaServerEngine, policy_id
from qcheck.errors import InputError
from qcheck.policy.catalog import load_catalog
from tests.conformance.support import free_port, write_custom_policies
from tests.harness import Run, assert_one_line_error, run_cli, seed_check_args
from tests.opa_rest_server import OpaRestServer

pytestmark = [pytest.mark.slow, pytest.mark.network]  # a local HTTP server per test

TOKEN = "t0ken-for-tests"


def check(capsys: pytest.CaptureFixture[str], *extra: str) -> Run:
    return run_cli(capsys, *seed_check_args("--format", "json", *extra))


@pytest.fixture
def server() -> Iterator[OpaRestServer]:
    with OpaRestServer(token=TOKEN) as running:
        yield running


@pytest.fixture(autouse=True)
def no_ambient_opa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QCHECK_OPA_URL", raising=False)
    monkeypatch.delenv("QCHECK_OPA_TOKEN", raising=False)


def test_same_report_as_the_embedded_engine(
    capsys: pytest.CaptureFixture[str], server: OpaRestServer
) -> None:
    embedded = check(capsys)
    served = check(capsys, "--engine", "opa", "--opa-url", server.url, "--opa-token", TOKEN)
    assert served == embedded
    assert embedded[0] == 1 and json.loads(embedded[1])["findings"]
    # the input crosses once per check (the seed has no waivers to judge), not once per rule
    assert [path for method, path in server.requests if method == "POST"] == [
        "/v1/data/qcheck/deny_sets/by_package"
    ]


def test_token_from_the_environment(
    capsys: pytest.CaptureFixture[str], server: OpaRestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QCHECK_OPA_TOKEN", TOKEN)
    monkeypatch.setenv("QCHECK_OPA_URL", server.url)
    code, out, err = check(capsys, "--engine", "opa")
    assert (code, err) == (1, "")
    assert json.loads(out)["findings"]


def test_policies_and_catalog_land_under_the_qcheck_namespace(server: OpaRestServer) -> None:
    from qcheck.policy.bundle import CATALOG_DATA_PATH, catalog_document

    catalog = load_catalog()
    engine = OpaServerEngine(
        server.url, TOKEN, data={CATALOG_DATA_PATH: catalog_document(catalog.rules)}
    )
    engine.load([p for p in catalog.policies if not p.is_test])
    # every policy plus the generated module that gathers the deny sets
    assert len(server.policies) == len([p for p in catalog.policies if not p.is_test]) + 1
    assert GATHER_ID in server.policies
    assert all(pid.startswith("qcheck/") for pid in server.policies)
    assert "qcheck/qcheck/residency/profile_outside_zone/profile_outside_zone.rego" in (
        server.policies
    )
    assert server.data["qcheck"]["catalog"]["rules"]["QC101"]["query"] == (
        "data.qcheck.residency.profile_outside_zone.deny"
    )
    engine.close()


def test_a_later_run_removes_policies_it_no_longer_has(
    server: OpaRestServer, tmp_path: Path
) -> None:
    with_custom = load_catalog([write_custom_policies(tmp_path / "acme")])
    custom = next(p for p in with_custom.policies if p.package == "acme.unnamed_profile")
    server.put_policy("other/team/policy.rego", "package other.team\n\nallow := true\n")
    OpaServerEngine(server.url, TOKEN).load([p for p in with_custom.policies if not p.is_test])
    assert policy_id(custom) in server.policies
    OpaServerEngine(server.url, TOKEN).load([p for p in load_catalog().policies if not p.is_test])
    assert policy_id(custom) not in server.policies
    assert "other/team/policy.rego" in server.policies  # outside our namespace: untouched


def test_unreachable_server(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there any more
    run = check(capsys, "--engine", "opa", "--opa-url", url)
    assert_one_line_error(run, "cannot reach the OPA server", url)


def test_rejected_token(capsys: pytest.CaptureFixture[str], server: OpaRestServer) -> None:
    run = check(capsys, "--engine", "opa", "--opa-url", server.url, "--opa-token", "x")
    assert_one_line_error(run, "rejected the token", "401", "QCHECK_OPA_TOKEN")
    run = check(capsys, "--engine", "opa", "--opa-url", server.url)
    assert_one_line_error(run, "rejected the token")


def test_syntax_error_is_refused_before_the_server_names_file_and_line(
    capsys: pytest.CaptureFixture[str], server: OpaRestServer, tmp_path: Path
) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    rule = directory / "unnamed_profile.rego"
    rule.write_text(rule.read_text().replace("count(app.name) < 40", "count(app.name) < 40)"))
    run = check(
        capsys,
        *("--engine", "opa", "--opa-url", server.url, "--opa-token", TOKEN),
        *("--policies", str(directory)),
    )
    # every policy is parsed (for the sandbox) before any engine sees it, so a syntax error
    # gets the same line on every engine; what only OPA refuses is tested below
    assert_one_line_error(run, "Rego error", f"{rule.name}:")
    line = int(run.err.split(f"{rule.name}:")[1].split(":")[0])
    assert line == 17


def test_type_error_the_server_refuses(server: OpaRestServer, tmp_path: Path) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    rule = directory / "unnamed_profile.rego"
    rule.write_text(rule.read_text().replace("count(app.name) < 40", "nosuch(app.name) < 40"))
    catalog = load_catalog([directory])
    with pytest.raises(InputError) as caught:
        OpaServerEngine(server.url, TOKEN).load([p for p in catalog.policies if not p.is_test])
    assert caught.value.path is not None and caught.value.path.endswith("unnamed_profile.rego")
    assert caught.value.line == 17
    assert "rego_type_error" in str(caught.value) and "nosuch" in str(caught.value)


def test_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    with OpaRestServer(eval_delay_s=3) as slow:
        run = check(capsys, "--engine", "opa", "--opa-url", slow.url, "--timeout", "0.5")
    assert_one_line_error(run, "did not answer within 0.5 s (timeout)")


def test_package_without_deny_rule(server: OpaRestServer, tmp_path: Path) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    rule = directory / "unnamed_profile.rego"
    rule.write_text(rule.read_text().replace("deny contains v if", "denied contains v if"))
    catalog = load_catalog([directory])
    engine = OpaServerEngine(server.url, TOKEN)
    engine.load([p for p in catalog.policies if not p.is_test])
    acme = [r for r in catalog.rules if r.id == "ACME001"]
    with pytest.raises(InputError, match=r"package acme\.unnamed_profile defines no `deny` rule"):
        engine.deny(acme, {"applications": []})


def test_url_with_a_path_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    embedded = check(capsys)
    with OpaRestServer(prefix="/policy-engine") as proxied:
        assert proxied.url.endswith("/policy-engine")
        assert check(capsys, "--engine", "opa", "--opa-url", proxied.url) == embedded


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--engine", "opa"], "--engine opa needs --opa-url URL (or QCHECK_OPA_URL)"),
        (["--opa-url", "http://127.0.0.1:1"], "--opa-url and --opa-token need --engine opa"),
        (["--engine", "opa", "--opa-url", "localhost:8181"], "not an http(s) URL"),
        (["--engine", "opa", "--opa-url", "http://127.0.0.1:99999"], "not an http(s) URL"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    run = check(capsys, *argv)
    assert_one_line_error(run, needle)


def test_unchanged_policies_are_not_uploaded_again(server: OpaRestServer) -> None:
    policies = [p for p in load_catalog().policies if not p.is_test]
    OpaServerEngine(server.url, TOKEN).load(policies)
    uploads = sum(method == "PUT" and "/v1/policies/" in path for method, path in server.requests)
    assert uploads == len(policies) + 1  # and the module that gathers the deny sets
    changed = [*policies[:-1], replace(policies[-1], text=policies[-1].text + "\n# changed\n")]
    OpaServerEngine(server.url, TOKEN).load(changed)
    puts = [p for m, p in server.requests if m == "PUT" and "/v1/policies/" in p]
    assert len(puts) == uploads + 1 and puts[-1].endswith(policy_id(policies[-1]))


def test_credentials_in_the_url_are_not_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://qcheck:hunter2@127.0.0.1:{free_port()}"
    run = check(capsys, "--engine", "opa", "--opa-url", url)
    assert_one_line_error(run, "cannot reach the OPA server http://127.0.0.1:")
    assert "hunter2" not in run.err


def test_evaluation_error_names_the_policy_and_query(
    capsys: pytest.CaptureFixture[str], server: OpaRestServer, tmp_path: Path
) -> None:
    directory = write_custom_policies(tmp_path / "acme")
    rule = directory / "unnamed_profile.rego"
    # two values for one complete rule: OPA fails the evaluation (eval_conflict_error)
    rule.write_text(rule.read_text() + "\nclash := 1 if true\n\nclash := 2 if true\n")
    rule.write_text(rule.read_text().replace("count(app.name) < 40", "count(app.name) < clash"))
    run = check(
        capsys,
        *("--engine", "opa", "--opa-url", server.url, "--opa-token", TOKEN),
        *("--policies", str(directory)),
    )
    assert_one_line_error(
        run, "unnamed_profile.rego: engine failed evaluating data.acme.unnamed_profile.deny"
    )
