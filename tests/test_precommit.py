"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit tool in a scratch repo.

pre-commit builds the hook environment by installing this repository (not editable) from
a temporary commit of the working tree, so this also proves a plain install ships the
built-in policies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import REPO, SCENARIOS

pytestmark = [pytest.mark.slow]

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), "--verbose"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed")
def test_hooks_let_a_compliant_commit_through_and_block_a_violation(tmp_path: Path) -> None:
    work = tmp_path / "audit-repo"
    work.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    git(work, "init", "-q")
    shutil.copy(SCENARIOS / "compliant" / "snapshot.json", work / "snapshot.json")
    shutil.copy(SCENARIOS / "compliant" / "qcheck.yaml", work / "qcheck.yaml")
    git(work, "add", ".")

    compliant = try_repo(work, env)
    assert compliant.returncode == 0, compliant.stdout + compliant.stderr
    assert "qcheck check" in compliant.stdout and "Passed" in compliant.stdout
    assert "qcheck config validate" in compliant.stdout
    git(work, "commit", "-q", "-m", "compliant organization")

    # The organization drifts: Charlie gets its own account instance of Identity Center (and
    # the inventory follows Charlie's profile onto it).
    shutil.copy(SCENARIOS / "seed" / "snapshot.json", work / "snapshot.json")
    shutil.copy(SCENARIOS / "seed" / "qcheck.yaml", work / "qcheck.yaml")
    git(work, "add", "snapshot.json", "qcheck.yaml")
    violating = try_repo(work, env)
    assert violating.returncode == 1, violating.stdout + violating.stderr
    assert "Failed" in violating.stdout
    assert "QC301 AccountInstanceWithoutJustification" in violating.stdout
    assert "ssoins-72230seed0000002" in violating.stdout

    # A broken qcheck.yaml is refused with one line naming file and line.
    (work / "qcheck.yaml").write_text("version: 1\nresidency:\n  zone: {}\n")
    git(work, "add", "qcheck.yaml")
    broken = try_repo(work, env)
    assert broken.returncode == 1
    assert "qcheck.yaml:3: residency: Additional properties are not allowed" in broken.stdout
