"""Inputs that are not regular files are refused at once: nothing waits for a writer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.hostile.support import assert_refused, qcheck, seed_copy


def test_a_fifo_as_snapshot(tmp_path: Path) -> None:
    _, config = seed_copy(tmp_path)
    os.mkfifo(tmp_path / "fifo.json")
    run = qcheck(["check", "fifo.json", "--config", str(config)], tmp_path, timeout=20)
    assert_refused(run, "fifo.json: snapshot is a FIFO, not a regular file")


def test_a_fifo_as_config(tmp_path: Path) -> None:
    snapshot, _ = seed_copy(tmp_path)
    os.mkfifo(tmp_path / "fifo.yaml")
    run = qcheck(["check", str(snapshot), "--config", "fifo.yaml"], tmp_path, timeout=20)
    assert_refused(run, "fifo.yaml: config file is a FIFO, not a regular file")


def test_a_fifo_as_baseline(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    os.mkfifo(tmp_path / "fifo.json")
    run = qcheck(
        ["check", str(snapshot), "--config", str(config), "--baseline", "fifo.json"],
        tmp_path,
        timeout=20,
    )
    assert_refused(run, "fifo.json: baseline is a FIFO, not a regular file")


def test_a_device_as_snapshot(tmp_path: Path) -> None:
    _, config = seed_copy(tmp_path)
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    run = qcheck(["check", str(device), "--config", str(config)], tmp_path, timeout=20)
    assert_refused(run, f"{device}: snapshot is a device, not a regular file")


def test_a_directory_as_snapshot(tmp_path: Path) -> None:
    _, config = seed_copy(tmp_path)
    run = qcheck(["check", str(tmp_path), "--config", str(config)], tmp_path)
    assert_refused(run, f"{tmp_path}: snapshot is a directory, not a regular file")
