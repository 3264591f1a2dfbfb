"""Archived version 1 snapshots load, migrated on read, and give the findings of version 2.

fixtures/snapshots-v1/seed.json is the seed scenario's snapshot as version 1 wrote it.
One difference is expected and asserted: that file carries FullAWSAccess on the root only,
while AWS keeps an SCP attached to every root, OU and account while SCPs are enabled (the
version 1 collector read every attachment with ListTargetsForPolicy, so a collected
version 1 file has them). Without those attachments no account's sso:CreateInstance
decision can be made, so QC305 is not judged there and QC905 says so for each account.
Version 1 did not read the Regions' opt-in status (account ListRegions) or users'
UserStatus either, so whether an instance serving Q Developer is homed in an opt-in Region
(QC107) and whether its assigned users are disabled (QC602) stay unknown there: QC905 says
so for each such instance.
"""

from __future__ import annotations

from pathlib import Path

from qcheck.check import run_check
from qcheck.config.load import load_config
from qcheck.engine.embedded import EmbeddedEngine
from qcheck.graph.kinds import NodeKind
from qcheck.graph.snapshot import read_snapshot
from qcheck.model import Report
from qcheck.policy.catalog import load_catalog
from tests.harness import AS_OF, REPO, SCENARIOS

V1_SEED = REPO / "fixtures" / "snapshots-v1" / "seed.json"
V2_SEED = SCENARIOS / "seed" / "snapshot.json"

Finding = tuple[str, str, str, bool]


def findings(snapshot: Path) -> set[Finding]:
    catalog = load_catalog()
    config = load_config(SCENARIOS / "seed" / "qcheck.yaml", catalog.rule_ids)
    report: Report
    report, _ = run_check([str(snapshot)], config, catalog, EmbeddedEngine(), AS_OF)
    return {(f.rule.id, f.severity.value, f.resource, f.waived) for f in report.findings}


def test_v1_seed_is_version_1_and_migrates_application_region() -> None:
    assert '"version": 1,' in V1_SEED.read_text()
    snapshot = read_snapshot(V1_SEED)
    applications = snapshot.of_kind(NodeKind.APPLICATION)
    assert applications
    for app in applications:
        assert "region" not in app
        assert app["created_from"] in ("us-east-1", "eu-central-1")


def test_v1_seed_gives_the_findings_of_the_v2_seed() -> None:
    old, new = findings(V1_SEED), findings(V2_SEED)
    scp_unknowns = {f for f in old if f[0] == "QC905" and f[2].startswith("unknown:account.scps:")}
    opt_in = {f for f in old if f[2].startswith("unknown:instance.home_region_opt_in:")}
    status = {f for f in old if f[2].startswith("unknown:user.status:")}
    qc305 = {f for f in new if f[0] == "QC305"}
    assert old - scp_unknowns - opt_in - status == new - qc305
    assert {f[2].rsplit("/", 1)[-1] for f in status} == {
        "ssoins-72230seed0000001",
        "ssoins-72230seed0000002",
    }
    assert {f[2].rsplit("/", 1)[-1] for f in opt_in} == {
        "ssoins-72230seed0000001",
        "ssoins-72230seed0000002",
    }
    assert len(qc305) == 1
    # The management account is never judged: SCPs do not apply to it.
    accounts = read_snapshot(V1_SEED).of_kind(NodeKind.ACCOUNT)
    assert {f[2].removeprefix("unknown:account.scps:") for f in scp_unknowns} == {
        a["id"] for a in accounts if a["account_id"] != "111111111111"
    }
