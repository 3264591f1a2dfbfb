from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("moto", reason="the collector tests need the test extra (moto)")

from fixtures.aws_emulator.emulator import Emulator, reset_moto
from fixtures.aws_emulator.seed_org import MGMT

BASE_KEY, BASE_SECRET = "AKIAQCHECKTESTBASE01", "qcheck-test-base-secret-do-not-leak"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(MGMT) as emu:
        reset_moto(emu.url)
        yield emu
        reset_moto(emu.url)


@pytest.fixture
def aws_env(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Emulator:
    """Standard AWS environment pointing every service at the emulator; nothing else
    (no profile files, no instance metadata) can be reached."""
    for name in list(__import__("os").environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", BASE_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", BASE_SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    return emulator
