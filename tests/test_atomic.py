"""Every file qcheck writes appears whole or not at all: an interrupted write leaves the
previous file untouched and no temporary file behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from qcheck import atomic
from tests.harness import AS_OF, SEED, assert_one_line_error, run_cli


def interrupt_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)


def test_write_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.txt"
    atomic.write_text_atomic(target, "first\n")
    atomic.write_text_atomic(target, "second\n")
    assert target.read_text() == "second\n"
    assert os.listdir(target.parent) == ["report.txt"]


@pytest.mark.parametrize(
    "argv",
    [
        [
            "check",
            str(SEED / "snapshot.json"),
            "--config",
            str(SEED / "qcheck.yaml"),
            "--format",
            "sarif",
            "--output",
            "{target}",
        ],
        [
            "check",
            str(SEED / "snapshot.json"),
            "--config",
            str(SEED / "qcheck.yaml"),
            "--dump-input",
            "{target}",
        ],
        ["policy", "bundle", "--output", "{target}"],
        ["policy", "doc", "--output", "{target}"],
    ],
    ids=["report", "dump-input", "bundle", "doc"],
)
def test_interrupted_write_keeps_the_previous_file(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "existing"
    target.write_text("previous run\n")
    interrupt_rename(monkeypatch)
    argv = [a.replace("{target}", str(target)) for a in argv]
    run = run_cli(capsys, *argv, *(["--as-of", AS_OF] if argv[0] == "check" else []))
    assert_one_line_error(run, "interrupted", code=130)  # as for Ctrl-C: 128 + SIGINT
    assert target.read_text() == "previous run\n"
    assert sorted(os.listdir(tmp_path)) == ["existing"]
