"""Where qcheck writes: only regular files, through symbolic links, never over an input,
with the modes the umask gives, and every operating-system error as one line."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.hostile.support import Run, assert_refused, digest, qcheck, seed_copy


def report_to(tmp_path: Path, output: str, **options: object) -> tuple[Run, Path, Path]:
    snapshot, config = seed_copy(tmp_path)
    run = qcheck(
        ["check", str(snapshot), "--config", str(config), "--output", output],
        tmp_path,
        **options,  # type: ignore[arg-type]
    )
    return run, snapshot, config


def test_a_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    device = tmp_path / "null"  # a private null device: nothing outside the test can change
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = os.stat(device)
    run, _, _ = report_to(tmp_path, str(device))
    assert_refused(run, f"{device}: output is a device")
    after = os.stat(device)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )


def test_a_fifo_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    run, _, _ = report_to(tmp_path, str(fifo))
    assert_refused(run, f"{fifo}: output is a FIFO")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    run, _, _ = report_to(tmp_path, str(tmp_path / "reports"))
    assert_refused(run, "reports: output is a directory")
    assert (tmp_path / "reports").is_dir()


@pytest.mark.parametrize("output", ["/proc/self/report.txt", "/dev/stdout", "/dev/null"])
def test_system_paths_are_refused(output: str, tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    run, _, _ = report_to(tmp_path, output)
    assert_refused(run, f"{output}: output is")
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )


def test_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    run, _, _ = report_to(tmp_path, str(tmp_path / ("r" * 300)))
    assert_refused(run, "cannot write: File name too long")


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("target.txt")
    run, _, _ = report_to(tmp_path, str(tmp_path / "link"))
    assert run.code == 1 and run.err == "", run.err
    assert (tmp_path / "link").is_symlink()
    assert "QC" in (tmp_path / "target.txt").read_text()


@pytest.mark.parametrize("which", ["snapshot", "config", "symlink to the snapshot"])
def test_an_input_is_never_overwritten(which: str, tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    (tmp_path / "link.json").symlink_to(snapshot)
    output = {"snapshot": snapshot, "config": config}.get(which, tmp_path / "link.json")
    before = digest([snapshot, config])
    run = qcheck(
        ["check", str(snapshot), "--config", str(config), "--output", str(output)], tmp_path
    )
    assert_refused(run, f"{output}: output is the input")
    assert digest([snapshot, config]) == before


def test_the_baseline_is_never_overwritten(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    baseline = tmp_path / "baseline.json"
    argv = ["check", str(snapshot), "--config", str(config), "--format", "json"]
    assert qcheck([*argv, "--output", str(baseline)], tmp_path).code == 1
    before = digest([baseline])
    run = qcheck([*argv, "--baseline", str(baseline), "--output", str(baseline)], tmp_path)
    assert_refused(run, f"{baseline}: output is the input")
    assert digest([baseline]) == before


def test_diff_never_overwrites_the_old_snapshot(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    new = tmp_path / "new.json"
    new.write_bytes(snapshot.read_bytes())
    before = digest([snapshot, new])
    run = qcheck(
        ["diff", str(snapshot), str(new), "--config", str(config), "--output", str(snapshot)],
        tmp_path,
    )
    assert_refused(run, f"{snapshot}: output is the input")
    assert digest([snapshot, new]) == before


def test_dump_input_never_overwrites_the_snapshot(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    before = digest([snapshot])
    run = qcheck(
        ["check", str(snapshot), "--config", str(config), "--dump-input", str(snapshot)], tmp_path
    )
    assert_refused(run, f"{snapshot}: output is the input")
    assert digest([snapshot]) == before


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_the_umask_mode(umask: int, mode: int, tmp_path: Path) -> None:
    run, _, _ = report_to(tmp_path, str(tmp_path / "report.txt"), umask=umask)
    assert run.code == 1, run.err
    assert stat.S_IMODE(os.stat(tmp_path / "report.txt").st_mode) == mode


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("previous\n")
    report.chmod(0o640)
    run, _, _ = report_to(tmp_path, str(report), umask=0o022)
    assert run.code == 1, run.err
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o640
    assert report.read_text() != "previous\n"


def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    with open("/dev/full", "wb") as full:
        run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path, stdout=full)
    assert_refused(run, "<stdout>: cannot write: No space left on device")


def test_a_closed_stdout_is_one_line(tmp_path: Path) -> None:
    snapshot, config = seed_copy(tmp_path)
    run = qcheck(["check", str(snapshot), "--config", str(config)], tmp_path, close_stdout=True)
    assert_refused(run, "<stdout>: cannot write")


def test_a_broken_pipe_is_one_line(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = qcheck(["policy", "list"], tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    assert_refused(run, "<stdout>: cannot write: Broken pipe")


def test_an_immutable_directory_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable attribute")
    try:
        run, _, _ = report_to(tmp_path, str(locked / "report.txt"))
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert_refused(run, "report.txt: cannot write: Operation not permitted")
